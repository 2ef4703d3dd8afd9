//! String interning for the counting hot loop: one hash and (almost always) one short compare
//! per token, with every distinct string stored once in a single arena.

use std::hash::Hasher;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

#[inline]
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
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

/// Assigns consecutive ids (0, 1, 2, ...) to distinct strings in order of first appearance.
#[derive(Default)]
pub struct Interner {
    table: HashTable<u32>,
    /// (start, end) of each id's bytes in `arena`.
    spans: Vec<(usize, usize)>,
    hashes: Vec<u64>,
    arena: String,
}

impl Interner {
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `text`, adding it if it is new.
    #[inline]
    pub fn intern(&mut self, text: &str) -> u32 {
        let hash = hash_bytes(text.as_bytes());
        let Interner {
            table,
            spans,
            hashes,
            arena,
        } = self;
        let arena_bytes = arena.as_bytes();
        if let Some(&id) = table.find(hash, |&id| {
            let (start, end) = spans[id as usize];
            same_bytes(&arena_bytes[start..end], text.as_bytes())
        }) {
            return id;
        }
        let id = spans.len() as u32;
        let start = arena.len();
        arena.push_str(text);
        spans.push((start, arena.len()));
        hashes.push(hash);
        table.insert_unique(hash, id, |&id| hashes[id as usize]);
        id
    }

    /// The id of `text` if it was interned.
    #[inline]
    pub fn get(&self, text: &str) -> Option<u32> {
        let hash = hash_bytes(text.as_bytes());
        let arena_bytes = self.arena.as_bytes();
        self.table
            .find(hash, |&id| {
                let (start, end) = self.spans[id as usize];
                same_bytes(&arena_bytes[start..end], text.as_bytes())
            })
            .copied()
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
        assert!(same_bytes(b"", b""));
    }
}
