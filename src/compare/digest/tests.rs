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
