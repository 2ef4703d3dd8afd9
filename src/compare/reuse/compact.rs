//! The compact reuse map: each reused sentence once, with its closest match over all the
//! other articles and the number of articles that reuse it.
//!
//! In a set where every outlet reprints the wire, each sentence has a match in most of the
//! other articles of its story: the full map has millions of rows at a thousand articles,
//! nearly all repeating that a sentence was copied. A reader wants each sentence's source
//! and how far it spread, which is one row per sentence.

use ndarray::Array2;

use crate::error::Result;

use super::{check_article_of, Kind, ReuseRows};

/// The compact map: `rows` holds the best row of each reused sentence (in sentence order),
/// and `reused_in[i]` the number of rows of the sentence of `rows` row i that reuse it (one
/// per other article in a map the core built).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BestMatches {
    pub rows: ReuseRows,
    pub reused_in: Vec<i64>,
}

/// For every sentence with a verbatim, near-verbatim or paraphrase row in `rows` (a map of
/// `n_sentences` sentences), its best row: the closest kind, then the highest cosine, then
/// the highest containment, then the other article ranked first by `article_rank` (one
/// entry per article, lower first: the caller's order, such as the earliest-dated), then the
/// lower article index. One pass over the rows, in any order.
pub fn best_per_sentence(
    rows: &ReuseRows,
    n_sentences: usize,
    article_rank: &[i64],
) -> Result<BestMatches> {
    rows.validate(n_sentences, article_rank.len())?;
    let mut best: Vec<Option<usize>> = vec![None; n_sentences];
    let mut count = vec![0i64; n_sentences];
    let better = |r: usize, q: usize| {
        let key = |r: usize| {
            let other = rows.other_article[r] as usize;
            (rows.kind[r], article_rank[other], other)
        };
        let (kind_r, rank_r, other_r) = key(r);
        let (kind_q, rank_q, other_q) = key(q);
        kind_r
            .cmp(&kind_q)
            .then(rows.score[q].total_cmp(&rows.score[r]))
            .then(rows.containment[q].total_cmp(&rows.containment[r]))
            .then(rank_r.cmp(&rank_q))
            .then(other_r.cmp(&other_q))
            .then(r.cmp(&q))
            .is_lt()
    };
    for r in 0..rows.len() {
        if rows.kind[r] >= Kind::Unique as i64 {
            continue;
        }
        let s = rows.sentence[r] as usize;
        count[s] += 1;
        if best[s].is_none_or(|q| better(r, q)) {
            best[s] = Some(r);
        }
    }
    let mut out = BestMatches::default();
    for (s, found) in best.into_iter().enumerate() {
        if let Some(r) = found {
            let kept = &mut out.rows;
            kept.sentence.push(rows.sentence[r]);
            kept.other_article.push(rows.other_article[r]);
            kept.other_sentence.push(rows.other_sentence[r]);
            kept.score.push(rows.score[r]);
            kept.containment.push(rows.containment[r]);
            kept.kind.push(rows.kind[r]);
            out.reused_in.push(count[s]);
        }
    }
    Ok(out)
}

/// The number of rows of each kind of reuse between each ordered pair of articles that
/// share any: `article[i]` (the article of the sentences) and `other[i]`, with
/// row i of `counts` = [verbatim, near-verbatim, paraphrase]; pairs in (article, other)
/// order.
/// What an article-level summary needs, without a table of every pair of articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairCounts {
    pub article: Vec<i64>,
    pub other: Vec<i64>,
    pub counts: Array2<i64>,
}

/// [`PairCounts`] of `rows`, whose sentences belong to the articles `article_of` (of
/// `n_articles`).
pub fn pair_counts(rows: &ReuseRows, article_of: &[i64], n_articles: usize) -> Result<PairCounts> {
    rows.validate(article_of.len(), n_articles)?;
    check_article_of(article_of, n_articles)?;
    // The rows of each article's sentences (a counting sort: the rows may come in any
    // order), then each article's counts in a dense row over the other articles.
    let mut starts = vec![0usize; n_articles + 1];
    for r in 0..rows.len() {
        starts[article_of[rows.sentence[r] as usize] as usize + 1] += 1;
    }
    for a in 0..n_articles {
        starts[a + 1] += starts[a];
    }
    let mut order = vec![0usize; rows.len()];
    let mut next = starts.clone();
    for r in 0..rows.len() {
        let a = article_of[rows.sentence[r] as usize] as usize;
        order[next[a]] = r;
        next[a] += 1;
    }
    let mut dense = vec![[0i64; 3]; n_articles];
    let mut touched: Vec<usize> = Vec::new();
    let mut found: Vec<(i64, i64, [i64; 3])> = Vec::new();
    for a in 0..n_articles {
        for &r in &order[starts[a]..starts[a + 1]] {
            let kind = rows.kind[r];
            if kind >= Kind::Unique as i64 {
                continue;
            }
            let b = rows.other_article[r] as usize;
            if dense[b] == [0; 3] {
                touched.push(b);
            }
            dense[b][kind as usize] += 1;
        }
        touched.sort_unstable();
        for &b in &touched {
            found.push((a as i64, b as i64, dense[b]));
            dense[b] = [0; 3];
        }
        touched.clear();
    }
    let mut out = PairCounts {
        article: Vec::with_capacity(found.len()),
        other: Vec::with_capacity(found.len()),
        counts: Array2::zeros((found.len(), 3)),
    };
    for (at, (article, other, counts)) in found.into_iter().enumerate() {
        out.article.push(article);
        out.other.push(other);
        out.counts.row_mut(at).assign(&ndarray::aview1(&counts));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> ReuseRows {
        // Sentence 0 (article 0): verbatim in 1 and 2 (equal scores), a paraphrase in 3.
        // Sentence 1 (article 0): unique only. Sentence 2 (article 1): near-verbatim in 0.
        ReuseRows {
            sentence: vec![0, 0, 0, 1, 2],
            other_article: vec![1, 2, 3, 1, 0],
            other_sentence: vec![3, 4, 5, 3, 0],
            score: vec![1.0, 1.0, 0.6, 0.1, 0.8],
            containment: vec![1.0, 1.0, 0.2, 0.0, 0.5],
            kind: vec![0, 0, 2, 3, 1],
        }
    }

    #[test]
    fn each_reused_sentence_gets_its_best_row_and_its_count() {
        let found = best_per_sentence(&rows(), 6, &[0, 1, 2, 3]).unwrap();
        assert_eq!(found.rows.sentence, [0, 2]);
        assert_eq!(found.rows.other_article, [1, 0]);
        assert_eq!(found.rows.kind, [0, 1]);
        assert_eq!(found.rows.score, [1.0, 0.8]);
        assert_eq!(found.reused_in, [3, 1]);
        // Equal matches go to the article ranked first (an earlier date, say).
        let found = best_per_sentence(&rows(), 6, &[0, 5, 1, 3]).unwrap();
        assert_eq!(found.rows.other_sentence, [4, 0]);
        assert!(best_per_sentence(&rows(), 2, &[0, 1, 2, 3]).is_err());
        assert!(best_per_sentence(&rows(), 6, &[0, 1]).is_err());
    }

    #[test]
    fn pairs_count_their_rows_by_kind() {
        let article_of = [0, 0, 1, 1, 2, 3];
        let found = pair_counts(&rows(), &article_of, 4).unwrap();
        assert_eq!(found.article, [0, 0, 0, 1]);
        assert_eq!(found.other, [1, 2, 3, 0]);
        assert_eq!(
            found.counts,
            ndarray::array![[1, 0, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]]
        );
        // Rows in any order (a map rebuilt from its columns) count the same.
        let reversed = |v: &Vec<i64>| v.iter().rev().copied().collect::<Vec<_>>();
        let mut shuffled = rows();
        shuffled.sentence = reversed(&shuffled.sentence);
        shuffled.other_article = reversed(&shuffled.other_article);
        shuffled.other_sentence = reversed(&shuffled.other_sentence);
        shuffled.kind = reversed(&shuffled.kind);
        shuffled.score.reverse();
        shuffled.containment.reverse();
        assert_eq!(pair_counts(&shuffled, &article_of, 4).unwrap(), found);
        assert_eq!(
            best_per_sentence(&shuffled, 6, &[0, 1, 2, 3])
                .unwrap()
                .reused_in,
            [3, 1]
        );
        assert!(pair_counts(&rows(), &article_of[..2], 4).is_err());
        assert!(pair_counts(&rows(), &[0, 0, 1, 1, 2, 9], 4).is_err());
    }
}
