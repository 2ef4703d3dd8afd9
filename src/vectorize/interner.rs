//! String interning for the counting hot loop: one hash and (almost always) one compare per
//! token. Every distinct string is stored once in a single arena; the hash table's slots hold
//! strings of up to 8 bytes inline (most tokens), so looking one up touches no other memory.

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

/// [`pack_short`] of `bytes[start..start + len]` (`len` at most 8), read as one unaligned load
/// and a mask when 8 bytes are readable from `start`: no branch on the length, which varies
/// from token to token and defeats branch prediction.
#[inline(always)]
pub(crate) fn pack_short_at(bytes: &[u8], start: usize, len: usize) -> u64 {
    debug_assert!(len <= 8);
    match bytes.get(start..start + 8) {
        Some(eight) => {
            let word = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
            word & ((1u128 << (8 * len)) - 1) as u64
        }
        None => pack_short(&bytes[start..start + len]),
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

/// A table entry: the string itself when it fits in 8 bytes, else where it starts in the
/// arena. A vacant slot has the id [`VACANT`].
#[derive(Clone, Copy)]
struct Slot {
    key: u64,
    len: u32,
    id: u32,
}

const VACANT: u32 = u32::MAX;
const VACANT_SLOT: Slot = Slot {
    key: 0,
    len: 0,
    id: VACANT,
};

/// Tokens hashed ahead of the one being looked up, whose slots are prefetched meanwhile:
/// far enough for a slot to arrive from memory, near enough to stay in the L1 cache.
const PREFETCH_DISTANCE: usize = 16;

/// Asks the CPU to start loading the cache line at `pointer`; a hint with no effect on the
/// result (and none at all off x86-64).
#[inline(always)]
pub(crate) fn prefetch<T>(pointer: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults or reads memory into the program, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(pointer.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = pointer;
}

/// Reusable buffers for [`Interner::intern_spans`] and [`Interner::get_spans`].
#[derive(Default)]
pub struct SpanHashes {
    hashes: Vec<u64>,
    words: Vec<u64>,
}

/// Assigns consecutive ids (0, 1, 2, ...) to distinct strings in order of first appearance.
///
/// The table is open addressing with linear probing over 16-byte slots, at most half full:
/// a lookup reads one cache line, whose address is known from the hash alone, so the batch
/// lookups ([`Interner::intern_spans`]) can prefetch the slots of the next tokens while the
/// current one is resolved. Most lookups of mid- and low-frequency words miss the cache, and
/// overlapping those misses is what makes counting fast.
#[derive(Default)]
pub struct Interner {
    /// Power-of-two length (or empty before the first insert).
    slots: Vec<Slot>,
    /// (start, end) of each id's bytes in `arena`.
    spans: Vec<(usize, usize)>,
    arena: String,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// An interner with room for `strings` distinct strings before its table grows.
    pub fn with_capacity(strings: usize) -> Self {
        Interner {
            slots: vec![VACANT_SLOT; table_size_for(strings)],
            spans: Vec::with_capacity(strings),
            arena: String::with_capacity(strings * 8),
        }
    }

    /// Where the probe for `hash` starts.
    #[inline(always)]
    fn home(&self, hash: u64) -> usize {
        // The table is never empty when probed (see `intern_hashed` and `find`).
        (hash as usize) & (self.slots.len().wrapping_sub(1))
    }

    #[inline(always)]
    fn prefetch_home(&self, hash: u64) {
        if !self.slots.is_empty() {
            prefetch(&self.slots[self.home(hash)]);
        }
    }

    /// The id of `bytes`, or the index of the vacant slot where it would go.
    #[inline(always)]
    fn probe(&self, bytes: &[u8], hash: u64) -> Result<u32, usize> {
        if bytes.len() <= 8 {
            self.probe_short(pack_short(bytes), bytes.len(), hash)
        } else {
            self.probe_long(bytes, hash)
        }
    }

    /// [`Interner::probe`] for a string of at most 8 bytes, packed into `word`.
    #[inline(always)]
    fn probe_short(&self, word: u64, len: usize, hash: u64) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut at = (hash as usize) & mask;
        loop {
            let slot = self.slots[at];
            if slot.id == VACANT {
                return Err(at);
            }
            if slot.key == word && slot.len as usize == len {
                return Ok(slot.id);
            }
            at = (at + 1) & mask;
        }
    }

    /// [`Interner::probe`] for a string of more than 8 bytes.
    #[inline(always)]
    fn probe_long(&self, bytes: &[u8], hash: u64) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let len = bytes.len();
        let arena = self.arena.as_bytes();
        let mut at = (hash as usize) & mask;
        loop {
            let slot = self.slots[at];
            if slot.id == VACANT {
                return Err(at);
            }
            if slot.len as usize == len {
                let start = slot.key as usize;
                if same_bytes(&arena[start..start + len], bytes) {
                    return Ok(slot.id);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Hashes the tokens `text[start..end]` into `hashes`, and packs the short ones into
    /// `words` (0 for long ones), for the batch lookups.
    fn hash_spans(
        text: &str,
        spans: &[(usize, usize)],
        hashes: &mut Vec<u64>,
        words: &mut Vec<u64>,
    ) {
        let bytes = text.as_bytes();
        hashes.clear();
        words.clear();
        for &(start, end) in spans {
            let len = end - start;
            if len <= 8 {
                let word = pack_short_at(bytes, start, len);
                words.push(word);
                hashes.push(hash_short(word, len));
            } else {
                words.push(0);
                hashes.push(hash_bytes(&bytes[start..end]));
            }
        }
    }

    /// The id of `text`, adding it if it is new.
    #[inline]
    pub fn intern(&mut self, text: &str) -> u32 {
        self.intern_hashed(text, hash_bytes(text.as_bytes()))
    }

    #[inline(always)]
    fn intern_hashed(&mut self, text: &str, hash: u64) -> u32 {
        if self.slots.is_empty() {
            return self.insert_new(text, hash);
        }
        match self.probe(text.as_bytes(), hash) {
            Ok(id) => id,
            Err(_) => self.insert_new(text, hash),
        }
    }

    /// The ids of the tokens `text[start..end]` for each span, in order, appended to `ids`;
    /// new tokens are added.
    pub fn intern_spans(
        &mut self,
        text: &str,
        spans: &[(usize, usize)],
        scratch: &mut SpanHashes,
        ids: &mut Vec<u32>,
    ) {
        let SpanHashes { hashes, words } = scratch;
        Self::hash_spans(text, spans, hashes, words);
        ids.reserve(spans.len());
        for (i, &(start, end)) in spans.iter().enumerate() {
            if let Some(&ahead) = hashes.get(i + PREFETCH_DISTANCE) {
                self.prefetch_home(ahead);
            }
            let (hash, len) = (hashes[i], end - start);
            let found = if self.slots.is_empty() {
                Err(0)
            } else if len <= 8 {
                self.probe_short(words[i], len, hash)
            } else {
                self.probe_long(&text.as_bytes()[start..end], hash)
            };
            ids.push(match found {
                Ok(id) => id,
                Err(_) => self.insert_new(&text[start..end], hash),
            });
        }
    }

    /// The ids of the tokens `text[start..end]` that were interned, in order, appended to
    /// `ids` (tokens never interned are skipped).
    pub fn get_spans(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        scratch: &mut SpanHashes,
        ids: &mut Vec<u32>,
    ) {
        if self.slots.is_empty() {
            return;
        }
        let SpanHashes { hashes, words } = scratch;
        Self::hash_spans(text, spans, hashes, words);
        for (i, &(start, end)) in spans.iter().enumerate() {
            if let Some(&ahead) = hashes.get(i + PREFETCH_DISTANCE) {
                self.prefetch_home(ahead);
            }
            let (hash, len) = (hashes[i], end - start);
            let found = if len <= 8 {
                self.probe_short(words[i], len, hash)
            } else {
                self.probe_long(&text.as_bytes()[start..end], hash)
            };
            if let Ok(id) = found {
                ids.push(id);
            }
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
        if self.spans.len() * 2 > self.slots.len() {
            self.grow();
        }
        let at = self.vacant_slot(hash);
        self.slots[at] = slot;
        id
    }

    /// The first vacant slot on the probe path of `hash` (the table is never full).
    #[inline]
    fn vacant_slot(&self, hash: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = (hash as usize) & mask;
        while self.slots[at].id != VACANT {
            at = (at + 1) & mask;
        }
        at
    }

    /// Doubles the table (at least 16 slots) and reinserts every string.
    #[cold]
    fn grow(&mut self) {
        let size = table_size_for(self.spans.len());
        let old = std::mem::replace(&mut self.slots, vec![VACANT_SLOT; size]);
        let arena = self.arena.as_bytes();
        let mask = size - 1;
        for slot in old.into_iter().filter(|slot| slot.id != VACANT) {
            let len = slot.len as usize;
            let hash = if len <= 8 {
                hash_short(slot.key, len)
            } else {
                let start = slot.key as usize;
                hash_bytes(&arena[start..start + len])
            };
            let mut at = (hash as usize) & mask;
            while self.slots[at].id != VACANT {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }

    /// The id of `text` if it was interned.
    #[inline]
    pub fn get(&self, text: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(text.as_bytes(), hash_bytes(text.as_bytes()))
            .ok()
    }

    /// The number of distinct strings.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when no string was interned.
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

/// Table size for `strings` strings: a power of two at least twice as large (so probes stay
/// short), and at least 16.
fn table_size_for(strings: usize) -> usize {
    (strings.saturating_mul(2) + 1).next_power_of_two().max(16)
}

#[cfg(test)]
mod tests;
