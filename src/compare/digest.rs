//! Sentence relevance (centroid closeness and LexRank centrality) and the sentences only one
//! article has. The story digest itself is chosen in Python (`storylens.compare._coverage`);
//! its readability rules, which dominated its cost at 1,000 articles, run here
//! ([`readable`]).

pub mod readable;

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

/// For every row, the other rows with cosine at least `threshold` (itself included when its
/// row is not empty), found through an inverted index over terms. `rows` must have unit rows.
fn similarity_graph(rows: &CsrMatrix<f64>, threshold: f64) -> Vec<Vec<u32>> {
    let n = rows.n_rows;
    let mut by_term: Vec<Vec<(u32, f64)>> = vec![Vec::new(); rows.n_cols];
    for s in 0..n {
        let (columns, values) = rows.row(s);
        for (&column, &value) in columns.iter().zip(values) {
            by_term[column as usize].push((s as u32, value));
        }
    }
    (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0.0f64; n], Vec::<u32>::new()),
            |(dots, touched), s| {
                let (columns, values) = rows.row(s);
                for (&column, &value) in columns.iter().zip(values) {
                    for &(t, weight) in &by_term[column as usize] {
                        if dots[t as usize] == 0.0 {
                            touched.push(t);
                        }
                        dots[t as usize] += value * weight;
                    }
                }
                touched.sort_unstable();
                let neighbours: Vec<u32> = touched
                    .iter()
                    .copied()
                    .filter(|&t| dots[t as usize] >= threshold)
                    .collect();
                for &t in touched.iter() {
                    dots[t as usize] = 0.0;
                }
                touched.clear();
                neighbours
            },
        )
        .collect()
}

/// LexRank centrality: the stationary distribution of a random walk on the thresholded
/// cosine graph, by power iteration with damping. Sentences without edges spread their
/// weight evenly, so the scores always sum to 1.
fn lexrank(graph: &[Vec<u32>]) -> Vec<f64> {
    let n = graph.len();
    if n == 0 {
        return Vec::new();
    }
    let uniform = 1.0 / n as f64;
    let mut scores = vec![uniform; n];
    for _ in 0..MAX_ITERATIONS {
        let dangling: f64 = graph
            .iter()
            .zip(&scores)
            .filter(|(edges, _)| edges.is_empty())
            .map(|(_, p)| p)
            .sum();
        let base = (1.0 - DAMPING) * uniform + DAMPING * dangling * uniform;
        let mut next = vec![base; n];
        for (edges, &p) in graph.iter().zip(&scores) {
            if !edges.is_empty() {
                let share = DAMPING * p / edges.len() as f64;
                for &t in edges {
                    next[t as usize] += share;
                }
            }
        }
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
