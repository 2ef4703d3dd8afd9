//! Twins: sentences that every signal of the reuse map sees as the same sentence.
//!
//! In a set gathered around a few stories, most sentences are copies: each outlet reprints
//! the wire, so one sentence may stand in dozens of articles. Two sentences with the same
//! shingle set, the same (unit) TF-IDF row and the same encoder vector score exactly alike
//! against any third sentence, and meet the same candidates. The map therefore finds the
//! candidates of each group of twins once and scores each pair of groups once, instead of
//! each pair of sentences; only what depends on a sentence's own article (which candidates
//! it may not match) is left to each sentence.

use rustc_hash::FxHashMap;

use crate::vectorize::csr::CsrMatrix;

/// The groups of twins of a set of sentences: `group_of[s]` is the group of sentence s, and
/// `members[g]` the sentences of group g in sentence order. Groups are numbered in the order
/// of their first sentence, so the grouping never depends on the thread count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Twins {
    pub group_of: Vec<u32>,
    pub members: Vec<Vec<u32>>,
}

/// What makes two sentences twins: everything the signals read of them. The TF-IDF values
/// and the vectors are compared by their bits, so that twins give bit-identical scores.
struct Signature<'a> {
    shingles: &'a [u64],
    columns: &'a [i32],
    values: &'a [f64],
    vector: &'a [f32],
}

impl Signature<'_> {
    fn same_as(&self, other: &Signature<'_>) -> bool {
        self.shingles == other.shingles
            && self.columns == other.columns
            && self.values.len() == other.values.len()
            && self
                .values
                .iter()
                .zip(other.values)
                .all(|(a, b)| a.to_bits() == b.to_bits())
            && self.vector.len() == other.vector.len()
            && self
                .vector
                .iter()
                .zip(other.vector)
                .all(|(a, b)| a.to_bits() == b.to_bits())
    }

    fn hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = rustc_hash::FxHasher::default();
        self.shingles.hash(&mut hasher);
        self.columns.hash(&mut hasher);
        for v in self.values {
            v.to_bits().hash(&mut hasher);
        }
        for v in self.vector {
            v.to_bits().hash(&mut hasher);
        }
        hasher.finish()
    }
}

impl Twins {
    /// Groups sentences by their shingle set (`sets[s]`), their row of `rows` and, when
    /// given, their vector (`vectors(s)`, an empty slice without an encoder). A sentence
    /// without shingles and terms is a twin of nothing: it matches nothing anyway, and
    /// grouping the empty sentences would only make one large group for no gain.
    pub fn new<'a>(
        sets: &'a [Vec<u64>],
        rows: &'a CsrMatrix<f64>,
        vectors: impl Fn(usize) -> &'a [f32],
    ) -> Self {
        let signature = |s: usize| {
            let (columns, values) = rows.row(s);
            Signature {
                shingles: &sets[s],
                columns,
                values,
                vector: vectors(s),
            }
        };
        // Hash -> the groups with that hash (almost always one).
        let mut by_hash: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let mut group_of = Vec::with_capacity(sets.len());
        let mut members: Vec<Vec<u32>> = Vec::new();
        for s in 0..sets.len() {
            let own = signature(s);
            let empty = own.shingles.is_empty() && own.columns.is_empty();
            let found = if empty {
                None
            } else {
                by_hash.get(&own.hash()).and_then(|groups| {
                    groups
                        .iter()
                        .copied()
                        .find(|&g| signature(members[g as usize][0] as usize).same_as(&own))
                })
            };
            let group = match found {
                Some(g) => g,
                None => {
                    let g = members.len() as u32;
                    members.push(Vec::new());
                    if !empty {
                        by_hash.entry(own.hash()).or_default().push(g);
                    }
                    g
                }
            };
            members[group as usize].push(s as u32);
            group_of.push(group);
        }
        Twins { group_of, members }
    }

    /// The number of groups.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no sentences.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[&[(u32, f64)]]) -> CsrMatrix<f64> {
        let mut m = CsrMatrix::with_columns(4);
        for row in rows {
            m.push_row(
                row.iter()
                    .copied()
                    .collect::<std::collections::BTreeMap<_, _>>(),
            );
        }
        m
    }

    #[test]
    fn twins_need_the_same_shingles_terms_and_vector() {
        let sets = vec![
            vec![1, 2],
            vec![1, 2],
            vec![1, 2],
            vec![1, 3],
            vec![],
            vec![],
        ];
        let rows = matrix(&[
            &[(0, 0.6), (1, 0.8)],
            &[(0, 0.6), (1, 0.8)],
            &[(0, 0.8), (1, 0.6)],
            &[(0, 0.6), (1, 0.8)],
            &[],
            &[],
        ]);
        let none: &[f32] = &[];
        let twins = Twins::new(&sets, &rows, |_| none);
        assert_eq!(twins.group_of, [0, 0, 1, 2, 3, 4]);
        assert_eq!(twins.members[0], [0, 1]);
        assert_eq!(twins.len(), 5);
        // A different vector parts the first two.
        let vectors = [[1.0f32], [2.0], [1.0], [1.0], [1.0], [1.0]];
        let parted = Twins::new(&sets, &rows, |s| &vectors[s][..]);
        assert_eq!(parted.group_of, [0, 1, 2, 3, 4, 5]);
    }
}
