//! String interning for the counting hot loop: one hash and (almost always) one compare per
//! token. Every distinct string is stored once in a single arena; the hash table's slots hold
//! strings of up to 8 bytes inline (most tokens), so looking one up touches no other memory.

use hashbrown::HashTable;

const SEED0: u64 = 0x243f_6a88_85a3_08d3;
const SEED1: u64 = 0x1319_8a2e_0370_7344;
const SEED2: u64 = 0xa409_3822_299f_31d0;

/// The high and low halves of a full 64x64 product xored: one `mul` that mixes every input
/// bit into every output bit (the core of wyhash/foldhash).
#[inline(always)]
fn folded_multiply(x: u64, y: u64) -> u64 {
    let full = (x as u128).wrapping_mul(y as u128);
    (full as u64) ^ ((full >> 64) as u64)
}

#[inline(always)]
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]))
}

/// The bytes of a string of at most 8 bytes as one little-endian word, zero-padded, read with
/// at most two (overlapping) loads instead of a byte loop.
#[inline(always)]
fn pack_short(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    debug_assert!(len <= 8);
    if len >= 4 {
        let low = u32::from_le_bytes(bytes[..4].try_into().unwrap_or([0; 4])) as u64;
        let high = u32::from_le_bytes(bytes[len - 4..].try_into().unwrap_or([0; 4])) as u64;
        low | (high << ((len - 4) * 8))
    } else if len >= 2 {
        let low = u16::from_le_bytes([bytes[0], bytes[1]]) as u64;
        let high = u16::from_le_bytes([bytes[len - 2], bytes[len - 1]]) as u64;
        low | (high << ((len - 2) * 8))
    } else if len == 1 {
        bytes[0] as u64
    } else {
        0
    }
}

#[inline(always)]
fn hash_short(word: u64, len: usize) -> u64 {
    folded_multiply(word ^ SEED0, len as u64 ^ SEED1)
}

/// The interner's hash of `bytes`: deterministic (no random seed), so tables built by
/// different threads agree.
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    if len <= 8 {
        return hash_short(pack_short(bytes), len);
    }
    let mut hash = len as u64 ^ SEED2;
    let mut at = 0;
    while at + 8 < len {
        hash = folded_multiply(hash ^ read_u64(bytes, at), SEED1);
        at += 8;
    }
    folded_multiply(hash ^ read_u64(bytes, len - 8), SEED0)
}

/// Equality for the short byte strings tokens are: word-sized compares instead of a `memcmp`
/// call, which dominates for keys of a few bytes.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut a_words = a.chunks_exact(8);
    let mut b_words = b.chunks_exact(8);
    for (x, y) in (&mut a_words).zip(&mut b_words) {
        if x != y {
            return false;
        }
    }
    a_words
        .remainder()
        .iter()
        .zip(b_words.remainder())
        .all(|(x, y)| x == y)
}

/// A table entry: the string itself when it fits in 8 bytes, else where it starts in the arena.
#[derive(Clone, Copy)]
struct Slot {
    key: u64,
    len: u32,
    id: u32,
}

impl Slot {
    #[inline]
    fn hash(&self, arena: &[u8]) -> u64 {
        let len = self.len as usize;
        if len <= 8 {
            hash_short(self.key, len)
        } else {
            let start = self.key as usize;
            hash_bytes(&arena[start..start + len])
        }
    }
}

/// Assigns consecutive ids (0, 1, 2, ...) to distinct strings in order of first appearance.
#[derive(Default)]
pub struct Interner {
    table: HashTable<Slot>,
    /// (start, end) of each id's bytes in `arena`.
    spans: Vec<(usize, usize)>,
    arena: String,
}

impl Interner {
    pub fn new() -> Self {
        Self::default()
    }

    /// An interner with room for `strings` distinct strings before its table grows.
    pub fn with_capacity(strings: usize) -> Self {
        Interner {
            table: HashTable::with_capacity(strings),
            spans: Vec::with_capacity(strings),
            arena: String::with_capacity(strings * 8),
        }
    }

    /// The table slot holding `bytes`, if any.
    #[inline(always)]
    fn find(&self, bytes: &[u8], hash: u64) -> Option<&Slot> {
        let len = bytes.len();
        if len <= 8 {
            let word = pack_short(bytes);
            self.table
                .find(hash, |slot| slot.key == word && slot.len as usize == len)
        } else {
            let arena = self.arena.as_bytes();
            self.table.find(hash, |slot| {
                let start = slot.key as usize;
                slot.len as usize == len && same_bytes(&arena[start..start + len], bytes)
            })
        }
    }

    /// The id of `text`, adding it if it is new.
    #[inline]
    pub fn intern(&mut self, text: &str) -> u32 {
        let hash = hash_bytes(text.as_bytes());
        match self.find(text.as_bytes(), hash) {
            Some(slot) => slot.id,
            None => self.insert_new(text, hash),
        }
    }

    #[inline(never)]
    fn insert_new(&mut self, text: &str, hash: u64) -> u32 {
        let id = self.spans.len() as u32;
        let start = self.arena.len();
        self.arena.push_str(text);
        self.spans.push((start, self.arena.len()));
        let bytes = text.as_bytes();
        let key = if bytes.len() <= 8 {
            pack_short(bytes)
        } else {
            start as u64
        };
        let slot = Slot {
            key,
            len: bytes.len() as u32,
            id,
        };
        let arena = self.arena.as_bytes();
        self.table
            .insert_unique(hash, slot, |slot| slot.hash(arena));
        id
    }

    /// The id of `text` if it was interned.
    #[inline]
    pub fn get(&self, text: &str) -> Option<u32> {
        let hash = hash_bytes(text.as_bytes());
        self.find(text.as_bytes(), hash).map(|slot| slot.id)
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The string with id `id`.
    #[inline]
    pub fn resolve(&self, id: u32) -> &str {
        let (start, end) = self.spans[id as usize];
        &self.arena[start..end]
    }

    /// All strings in id order.
    pub fn strings(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans
            .iter()
            .map(|&(start, end)| &self.arena[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_first_appearance() {
        let mut interner = Interner::new();
        assert_eq!(interner.intern("beta"), 0);
        assert_eq!(interner.intern("alpha"), 1);
        assert_eq!(interner.intern("beta"), 0);
        assert_eq!(interner.get("alpha"), Some(1));
        assert_eq!(interner.get("gamma"), None);
        assert_eq!(interner.resolve(1), "alpha");
        assert_eq!(interner.strings().collect::<Vec<_>>(), ["beta", "alpha"]);
        assert_eq!(interner.len(), 2);
    }

    #[test]
    fn short_strings_pack_every_byte() {
        for len in 0..=8 {
            let bytes: Vec<u8> = (1..=len as u8).collect();
            let mut expected = [0u8; 8];
            expected[..len].copy_from_slice(&bytes);
            assert_eq!(pack_short(&bytes), u64::from_le_bytes(expected));
        }
    }

    #[test]
    fn many_strings_of_all_lengths_survive_growth() {
        let mut interner = Interner::new();
        let words: Vec<String> = (0..20_000)
            .map(|i| "x".repeat(i % 40) + &i.to_string())
            .collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(interner.intern(w) as usize, i);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(interner.get(w), Some(i as u32));
        }
        assert!(!same_bytes(b"abcdefghij", b"abcdefghik"));
        // Short strings that differ only in length or trailing zero bytes stay distinct.
        let mut short = Interner::new();
        let keys = [
            "",
            "\0",
            "\0\0",
            "a",
            "a\0",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefgh",
            "abcdefghi",
        ];
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(short.intern(key) as usize, i);
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(short.get(key), Some(i as u32));
        }
        assert!(same_bytes(b"", b""));
    }
}
