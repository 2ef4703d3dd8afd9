use super::*;

fn matrix(rows: &[&[(u32, f64)]], n_cols: usize) -> CsrMatrix<f64> {
    let mut m = CsrMatrix::with_columns(n_cols);
    for row in rows {
        m.push_row(row.iter().copied());
    }
    m
}

#[test]
fn lexrank_favours_the_hub() {
    // Sentence 0 shares a term with everyone; the others only with it.
    let m = matrix(
        &[
            &[(0, 1.0), (1, 1.0), (2, 1.0)],
            &[(0, 1.0), (3, 1.0)],
            &[(1, 1.0), (4, 1.0)],
            &[(2, 1.0), (5, 1.0)],
        ],
        6,
    );
    let rows = unit_rows(&m, "tfidf").unwrap();
    let scores = lexrank(&similarity_graph(&rows, 0.1));
    assert!((scores.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert!(scores[0] > scores[1] && (scores[1] - scores[3]).abs() < 1e-12);
    let r = relevance(&m).unwrap();
    assert_eq!(r.iter().copied().fold(0.0, f64::max), r[0]);
}

#[test]
fn a_graph_above_its_edge_budget_keeps_each_sentence_s_closest() {
    // Sentence 0 is closest to 1, then 2, then 3; all four share term 0.
    let m = matrix(
        &[
            &[(0, 1.0), (1, 1.0)],
            &[(0, 1.0), (1, 0.9)],
            &[(0, 1.0), (1, 0.5)],
            &[(0, 1.0)],
        ],
        2,
    );
    let rows = unit_rows(&m, "tfidf").unwrap();
    let all = neighbour_lists(&rows, 0.1, None, usize::MAX).unwrap();
    assert_eq!(all[0], vec![0, 1, 2, 3]);
    // Over the budget: refused before every list is kept.
    assert!(neighbour_lists(&rows, 0.1, None, 15).is_none());
    let capped = neighbour_lists(&rows, 0.1, Some(2), usize::MAX).unwrap();
    assert_eq!(capped[0], vec![0, 1]);
    assert_eq!(capped[3], vec![2, 3]);
    assert!(graph_neighbours(10) == EXACT_GRAPH_EDGES / 10 && graph_neighbours(1 << 30) == 10);
}

#[test]
fn the_gathered_power_iteration_equals_the_spread_one() {
    // The earlier LexRank spread each sentence's share to its neighbours; gathering the
    // shares in ascending order makes the same additions, so the bits agree.
    let m = matrix(
        &[
            &[(0, 0.3), (1, 1.0)],
            &[(0, 1.0), (2, 0.2)],
            &[(1, 0.5), (2, 1.0), (3, 0.1)],
            &[(3, 1.0)],
            &[],
        ],
        4,
    );
    let rows = unit_rows(&m, "tfidf").unwrap();
    let graph = similarity_graph(&rows, 0.1);
    let from = neighbour_lists(&rows, 0.1, None, usize::MAX).unwrap();
    let n = from.len();
    let uniform = 1.0 / n as f64;
    let mut spread = vec![uniform; n];
    for _ in 0..MAX_ITERATIONS {
        let dangling: f64 = (0..n)
            .filter(|&s| from[s].is_empty())
            .map(|s| spread[s])
            .sum();
        let base = (1.0 - DAMPING) * uniform + DAMPING * dangling * uniform;
        let mut next = vec![base; n];
        for s in 0..n {
            let edges = &from[s];
            for &t in edges {
                next[t as usize] += DAMPING * spread[s] / edges.len() as f64;
            }
        }
        let change = next
            .iter()
            .zip(&spread)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        spread = next;
        if change <= TOLERANCE {
            break;
        }
    }
    assert_eq!(lexrank(&graph), spread);
}

#[test]
fn unique_sentences_have_no_match_anywhere() {
    let rows = ReuseRows {
        sentence: vec![0, 0, 1, 1, 2, 2],
        other_article: vec![1, 2, 1, 2, 0, 2],
        other_sentence: vec![2, -1, 2, -1, 0, -1],
        score: vec![0.9, 0.0, 0.1, 0.0, 0.9, 0.0],
        containment: vec![0.9, 0.0, 0.0, 0.0, 0.9, 0.0],
        kind: vec![1, 3, 3, 3, 1, 3],
    };
    let article_of = [0, 0, 1];
    assert_eq!(
        unique_sentences(&rows, &article_of, 3, Some(0), &[0.5, 0.4, 0.1]).unwrap(),
        vec![1]
    );
    assert!(
        unique_sentences(&rows, &article_of, 3, Some(1), &[0.5, 0.4, 0.1])
            .unwrap()
            .is_empty()
    );
    assert!(unique_sentences(&rows, &article_of, 3, Some(3), &[0.5, 0.4, 0.1]).is_err());
    // Every article at once: article 0's unique sentence, then article 1's none.
    assert_eq!(
        unique_sentences(&rows, &article_of, 3, None, &[0.5, 0.4, 0.1]).unwrap(),
        vec![1]
    );
}

#[test]
fn a_row_whose_running_dot_returns_to_zero_is_listed_once() {
    // Row 1's dot with row 0 runs 1, 0, 1 over the three shared terms: with negative
    // weights a sum can come back to exactly 0 before the last term adds to it again.
    let m = matrix(
        &[
            &[(0, 1.0), (1, 1.0), (2, 1.0)],
            &[(0, 1.0), (1, -1.0), (2, 1.0)],
        ],
        3,
    );
    let rows = unit_rows(&m, "tfidf").unwrap();
    let lists = neighbour_lists(&rows, 0.1, None, EXACT_GRAPH_EDGES).unwrap();
    assert_eq!(lists, vec![vec![0, 1], vec![0, 1]]);
}
