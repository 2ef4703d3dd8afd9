//! Sentence relevance (centroid closeness and LexRank centrality) and the sentences only one
//! article has. The story digest itself is chosen in Python (`storylens.compare._coverage`);
//! its readability rules, which dominated its cost at 1,000 articles, run here
//! ([`readable`]).

mod pruned_neighbours;
pub mod readable;

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::compare::reuse::{unit_rows, Kind, ReuseRows};
use crate::error::{Error, Result};
use crate::vectorize::csr::CsrMatrix;

/// Edges of the LexRank graph join sentences with at least this cosine (Erkan & Radev's 0.1).
pub const LEXRANK_THRESHOLD: f64 = 0.1;
/// Probability of following an edge rather than jumping anywhere (PageRank's 0.85).
pub const DAMPING: f64 = 0.85;
/// Power iteration stops after this many steps or when no score moves by more than
/// [`TOLERANCE`]; both are fixed so that scores are reproducible.
pub const MAX_ITERATIONS: usize = 200;
pub const TOLERANCE: f64 = 1e-12;

/// Up to this many edges, the LexRank graph links every pair of sentences whose cosine
/// reaches the threshold (Erkan & Radev's graph). Sentences of one story are nearly all
/// linked, so that graph grows with the square of a story's sentences (18 million edges and
/// 13 s at 1,000 articles of 40 stories); above this size each sentence keeps only its
/// [`graph_neighbours`] most similar ones, which bounds time and memory.
pub const EXACT_GRAPH_EDGES: usize = 500_000;
/// The fewest neighbours a sentence keeps in a capped graph.
pub const MIN_GRAPH_NEIGHBOURS: usize = 10;

/// How many neighbours each of `n` sentences keeps once the graph is capped.
pub fn graph_neighbours(n: usize) -> usize {
    (EXACT_GRAPH_EDGES / n.max(1)).max(MIN_GRAPH_NEIGHBOURS)
}

/// The thresholded cosine graph: `into[t]` lists, ascending, the sentences with an edge to
/// `t` (itself included when its row is not empty); `degree[s]` counts the edges from `s`.
struct Graph {
    into: Vec<Vec<u32>>,
    degree: Vec<usize>,
}

/// For every row, the rows with cosine at least `threshold` (all of them, or the `keep` most
/// similar, ties to the lower index), ascending, found through an inverted index over terms.
/// `rows` must have unit rows. None once the lists hold more than `max_edges` edges: the
/// rows still to come are then skipped, so memory stays bounded.
fn neighbour_lists(
    rows: &CsrMatrix<f64>,
    threshold: f64,
    keep: Option<usize>,
    max_edges: usize,
) -> Option<Vec<Vec<u32>>> {
    let n = rows.n_rows;
    let mut by_term: Vec<Vec<(u32, f64)>> = vec![Vec::new(); rows.n_cols];
    for s in 0..n {
        let (columns, values) = rows.row(s);
        for (&column, &value) in columns.iter().zip(values) {
            by_term[column as usize].push((s as u32, value));
        }
    }
    let edges = AtomicUsize::new(0);
    let lists: Vec<Option<Vec<u32>>> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0.0f64; n], vec![false; n], Vec::<u32>::new()),
            |(dots, seen, touched), s| {
                if edges.load(Ordering::Relaxed) > max_edges {
                    return None;
                }
                let (columns, values) = rows.row(s);
                for (&column, &value) in columns.iter().zip(values) {
                    for &(t, weight) in &by_term[column as usize] {
                        // A mark, not `dots == 0`: with negative weights a running sum can
                        // come back to exactly 0, and the row would be listed twice.
                        if !seen[t as usize] {
                            seen[t as usize] = true;
                            touched.push(t);
                        }
                        dots[t as usize] += value * weight;
                    }
                }
                let mut neighbours: Vec<u32> = touched
                    .iter()
                    .copied()
                    .filter(|&t| dots[t as usize] >= threshold)
                    .collect();
                if let Some(k) = keep.filter(|&k| k > 0 && neighbours.len() > k) {
                    let closer = |a: &u32, b: &u32| {
                        dots[*b as usize]
                            .total_cmp(&dots[*a as usize])
                            .then(a.cmp(b))
                    };
                    neighbours.select_nth_unstable_by(k - 1, closer);
                    neighbours.truncate(k);
                }
                neighbours.sort_unstable();
                for &t in touched.iter() {
                    dots[t as usize] = 0.0;
                    seen[t as usize] = false;
                }
                touched.clear();
                edges.fetch_add(neighbours.len(), Ordering::Relaxed);
                Some(neighbours)
            },
        )
        .collect();
    if edges.into_inner() > max_edges {
        return None;
    }
    lists.into_iter().collect()
}

/// The LexRank graph of `rows` (unit rows): exact up to [`EXACT_GRAPH_EDGES`] edges, else
/// capped at [`graph_neighbours`] per sentence.
fn similarity_graph(rows: &CsrMatrix<f64>, threshold: f64) -> Graph {
    let n = rows.n_rows;
    let from = neighbour_lists(rows, threshold, None, EXACT_GRAPH_EDGES).unwrap_or_else(|| {
        pruned_neighbours::closest_neighbours(rows, threshold, graph_neighbours(n))
    });
    let degree: Vec<usize> = from.iter().map(Vec::len).collect();
    // Transposed by walking the sources in ascending order, so every list is ascending.
    let mut into: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (s, targets) in from.iter().enumerate() {
        for &t in targets {
            into[t as usize].push(s as u32);
        }
    }
    Graph { into, degree }
}

/// LexRank centrality: the stationary distribution of a random walk on the thresholded
/// cosine graph, by power iteration with damping. Sentences without edges spread their
/// weight evenly, so the scores always sum to 1. Each step gathers, for every sentence, the
/// shares of the sentences linked to it in ascending order: the same additions in the same
/// order as spreading each sentence's share to its neighbours, so the scores do not depend
/// on the threads.
fn lexrank(graph: &Graph) -> Vec<f64> {
    let n = graph.degree.len();
    if n == 0 {
        return Vec::new();
    }
    let uniform = 1.0 / n as f64;
    let mut scores = vec![uniform; n];
    let mut shares = vec![0.0; n];
    for _ in 0..MAX_ITERATIONS {
        let dangling: f64 = (0..n)
            .filter(|&s| graph.degree[s] == 0)
            .map(|s| scores[s])
            .sum();
        let base = (1.0 - DAMPING) * uniform + DAMPING * dangling * uniform;
        for (s, share) in shares.iter_mut().enumerate() {
            let degree = graph.degree[s];
            *share = if degree == 0 {
                0.0
            } else {
                DAMPING * scores[s] / degree as f64
            };
        }
        let next: Vec<f64> = (0..n)
            .into_par_iter()
            .map(|t| {
                graph.into[t]
                    .iter()
                    .fold(base, |total, &s| total + shares[s as usize])
            })
            .collect();
        let change = next
            .iter()
            .zip(&scores)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        scores = next;
        if change <= TOLERANCE {
            break;
        }
    }
    scores
}

fn scale_to_max(values: &mut [f64]) {
    let max = values.iter().copied().fold(0.0, f64::max);
    if max > 0.0 {
        values.iter_mut().for_each(|v| *v /= max);
    }
}

/// How central each sentence is to the set: half its cosine with the centroid of all
/// sentences, half its LexRank centrality, each scaled so that its largest value is 1 (raw LexRank
/// scores sum to 1 and would vanish next to cosines).
fn relevance_of_unit_rows(rows: &CsrMatrix<f64>) -> Vec<f64> {
    let n = rows.n_rows;
    let mut centroid = vec![0.0; rows.n_cols];
    for (&column, &value) in rows.indices.iter().zip(&rows.data) {
        centroid[column as usize] += value;
    }
    let norm = centroid.iter().map(|v| v * v).sum::<f64>().sqrt();
    let mut to_centroid: Vec<f64> = (0..n)
        .map(|s| {
            let (columns, values) = rows.row(s);
            let dot: f64 = columns
                .iter()
                .zip(values)
                .map(|(&c, &v)| v * centroid[c as usize])
                .sum();
            if norm > 0.0 {
                dot / norm
            } else {
                0.0
            }
        })
        .collect();
    let mut central = lexrank(&similarity_graph(rows, LEXRANK_THRESHOLD));
    scale_to_max(&mut to_centroid);
    scale_to_max(&mut central);
    to_centroid
        .iter()
        .zip(&central)
        .map(|(a, b)| 0.5 * a + 0.5 * b)
        .collect()
}

/// The relevance of every sentence of `tfidf` (rows are normalised here): half its cosine
/// with the centroid of all sentences, half its LexRank centrality, each scaled to a maximum
/// of 1.
pub fn relevance(tfidf: &CsrMatrix<f64>) -> Result<Vec<f64>> {
    Ok(relevance_of_unit_rows(&unit_rows(tfidf, "tfidf")?))
}

fn check_length(name: &str, len: usize, n: usize) -> Result<()> {
    if len != n {
        return Err(Error::ShapeMismatch(format!(
            "{name} has {len} entries for {n} sentences"
        )));
    }
    Ok(())
}

/// The sentences of `article` (of every article with `None`) whose best match in every other
/// article is unique, by article, then most relevant first (ties to the lower index).
/// `relevance` has one value per sentence (from [`relevance`]); a sentence without rows (a
/// set of one article) counts as unique.
pub fn unique_sentences(
    rows: &ReuseRows,
    article_of: &[i64],
    n_articles: usize,
    article: Option<usize>,
    relevance: &[f64],
) -> Result<Vec<usize>> {
    let n = article_of.len();
    check_length("relevance", relevance.len(), n)?;
    rows.validate(n, n_articles)?;
    if let Some(article) = article.filter(|&a| a >= n_articles) {
        return Err(Error::parameter(
            "article",
            format!("{article} is not below n_articles = {n_articles}"),
        ));
    }
    if article_of
        .iter()
        .any(|&a| a < 0 || a as u64 >= n_articles as u64)
    {
        return Err(Error::parameter(
            "article_of",
            format!("every article must lie in 0..{n_articles}"),
        ));
    }
    let mut reused = vec![false; n];
    for (&s, &kind) in rows.sentence.iter().zip(&rows.kind) {
        if kind != Kind::Unique as i64 {
            reused[s as usize] = true;
        }
    }
    let mut out: Vec<usize> = (0..n)
        .filter(|&s| article.is_none_or(|a| article_of[s] as usize == a) && !reused[s])
        .collect();
    out.sort_by(|&a, &b| {
        article_of[a]
            .cmp(&article_of[b])
            .then(relevance[b].total_cmp(&relevance[a]))
            .then(a.cmp(&b))
    });
    Ok(out)
}

#[cfg(test)]
mod tests;
