use super::*;
use crate::text::analyzer::AnalyzerConfig;
use crate::text::char_tables::current;

fn terms_of(corpus: &CountedCorpus) -> Vec<&str> {
    corpus.terms.terms().collect()
}

fn analyzer() -> Analyzer {
    Analyzer::new(AnalyzerConfig::default(), current()).unwrap()
}

#[test]
fn counts_and_sorted_vocabulary() {
    let docs = ["the cat sat", "The dog; the CAT", ""];
    let corpus = count_learning_vocabulary(Documents::Texts(&docs), &analyzer(), 2).unwrap();
    assert_eq!(terms_of(&corpus), ["cat", "dog", "sat", "the"]);
    assert_eq!(corpus.counts().indptr, [0, 3, 6, 6]);
    // Each row in the order its terms first occur in the document.
    assert_eq!(corpus.counts().indices, [3, 0, 2, 3, 1, 0]);
    assert_eq!(corpus.counts().data, [1, 1, 1, 2, 1, 1]);
    assert_eq!(corpus.document_frequencies(), [2, 1, 1, 2]);
    assert_eq!(corpus.document_frequencies_on(3), [2, 1, 1, 2]);
    // Counted during the sort, and counted afresh from the rows: the same.
    assert_eq!(corpus.column_sums(2, |_| 1), [2, 1, 1, 2]);
    assert_eq!(corpus.term_totals(), [2, 1, 1, 3]);
    let kept = corpus.select_columns(&[true, false, false, true]).unwrap();
    assert_eq!(kept.document_frequencies(), [2, 2]);
    assert_eq!(kept.column_sums(1, |_| 1), [2, 2]);
}

#[test]
fn result_does_not_depend_on_threads() {
    let docs: Vec<String> = (0..500)
        .map(|i| format!("word{} shared common{} tail{}", i % 37, i % 11, i))
        .collect();
    let refs: Vec<&str> = docs.iter().map(|s| s.as_str()).collect();
    let one = count_learning_vocabulary(Documents::Texts(&refs), &analyzer(), 1).unwrap();
    let many = count_learning_vocabulary(Documents::Texts(&refs), &analyzer(), 3).unwrap();
    assert_eq!(terms_of(&one), terms_of(&many));
    assert_eq!(one.counts(), many.counts());
}

#[test]
fn empty_vocabulary_is_an_error() {
    let docs = ["a b", "!"];
    let error = count_learning_vocabulary(Documents::Texts(&docs), &analyzer(), 1).unwrap_err();
    assert!(error.to_string().contains("empty vocabulary"));
}

#[test]
fn fixed_vocabulary_ignores_unknown_terms() {
    let vocabulary = Vocabulary::from_terms(["dog", "cat"]).unwrap();
    let docs = ["cat cat bird", "dog"];
    let m = count_with_vocabulary(Documents::Texts(&docs), &analyzer(), &vocabulary, 2);
    assert_eq!(m.indptr, [0, 1, 2]);
    assert_eq!(m.indices, [1, 0]);
    assert_eq!(m.data, [2, 1]);
}

#[test]
fn deferred_stemming_counts_like_stemming_each_token() {
    let config = AnalyzerConfig {
        stem: Some("english".into()),
        ..Default::default()
    };
    let stemming = Analyzer::new(config, current()).unwrap();
    assert!(stemming.deferrable_stemmer().is_some());
    let docs = [
        "Running runs ran; the runner runs",
        "connection connected connects",
    ];
    let corpus = count_learning_vocabulary(Documents::Texts(&docs), &stemming, 1).unwrap();
    // Reference: the analyzer's own per-token stemming, counted by hand.
    let mut expected: Vec<std::collections::BTreeMap<String, i64>> = Vec::new();
    for doc in docs {
        let mut row = std::collections::BTreeMap::new();
        stemming.analyze(doc, &mut Scratch::default(), &mut |f: &str| {
            *row.entry(f.to_string()).or_insert(0) += 1;
        });
        expected.push(row);
    }
    for (index, row) in expected.iter().enumerate() {
        let counts = corpus.counts();
        let (columns, values) = counts.row(index);
        let got: std::collections::BTreeMap<String, i64> = columns
            .iter()
            .zip(values)
            .map(|(&c, &v)| (corpus.terms.term(c as u32).to_string(), v))
            .collect();
        assert_eq!(&got, row);
    }
    assert!(terms_of(&corpus).contains(&"run"));
    assert_eq!(corpus.counts().row(0).1.iter().max(), Some(&3));
}

#[test]
fn vocabulary_is_sorted_by_bytes_across_chunks() {
    let config = AnalyzerConfig {
        kind: crate::text::analyzer::AnalyzerKind::PreAnalyzed,
        ..Default::default()
    };
    let analyzer = Analyzer::new(config, current()).unwrap();
    let words = [
        "ab",
        "ab\0",
        "a",
        "",
        "abcdefgh",
        "abcdefghi",
        "abcdefgh\0",
        "abcdefgg\u{ff}",
        "\u{e9}t\u{e9}",
        "zz",
        "abcdefghij",
        "b",
        "\u{1F600}",
        "ab\u{1}",
    ];
    let docs: Vec<Vec<&str>> = (0..300)
        .map(|i| (0..5).map(|j| words[(i * 5 + j) % words.len()]).collect())
        .collect();
    let mut expected: Vec<&str> = docs.iter().flatten().copied().collect();
    expected.sort();
    expected.dedup();
    assert_eq!(expected.len(), words.len());
    for threads in [1, 2, 5] {
        let corpus =
            count_learning_vocabulary(Documents::Tokens(&docs), &analyzer, threads).unwrap();
        assert_eq!(terms_of(&corpus), expected);
        for (row, doc) in docs.iter().enumerate() {
            let counts = corpus.counts();
            let (columns, values) = counts.row(row);
            let mut got: Vec<(&str, i64)> = columns
                .iter()
                .zip(values)
                .map(|(&c, &v)| (corpus.terms.term(c as u32), v))
                .collect();
            let mut want: std::collections::BTreeMap<&str, i64> = Default::default();
            doc.iter().for_each(|w| *want.entry(w).or_insert(0) += 1);
            got.sort();
            assert_eq!(got, want.into_iter().collect::<Vec<_>>());
        }
    }
}

#[test]
fn tfidf_in_one_pass_equals_weighting_the_count_matrix() {
    use crate::vectorize::weighting::{apply_tfidf, inverse_document_frequency, Norm};
    let docs = [
        "the cat sat on the mat the end",
        "a dog and a cat",
        "",
        "mat mat mat",
    ];
    fn check<F: Float + Default + std::fmt::Debug>(docs: &[&str]) {
        let analyzer = analyzer();
        for binary in [false, true] {
            for sublinear_tf in [false, true] {
                for smooth_idf in [None, Some(false), Some(true)] {
                    for norm in [None, Some(Norm::L1), Some(Norm::L2)] {
                        let corpus =
                            count_learning_vocabulary(Documents::Texts(docs), &analyzer, 2)
                                .unwrap();
                        let idf: Option<Vec<F>> = smooth_idf.map(|smooth| {
                            inverse_document_frequency(
                                &corpus.document_frequencies(),
                                corpus.n_rows(),
                                smooth,
                            )
                        });
                        let counts = corpus.counts();
                        let mut expected: Vec<F> = counts
                            .data
                            .iter()
                            .map(|&c| if binary { F::one() } else { F::from_i64(c) })
                            .collect();
                        apply_tfidf(
                            &counts.indptr,
                            &counts.indices.iter().map(|&c| c as i64).collect::<Vec<_>>(),
                            &mut expected,
                            idf.as_deref(),
                            sublinear_tf,
                            norm,
                            1,
                        )
                        .unwrap();
                        let weighting = TfidfWeighting {
                            idf: idf.as_deref(),
                            sublinear_tf,
                            norm,
                        };
                        let (_, matrix) = corpus.into_tfidf(binary, &weighting, 3).unwrap();
                        assert_eq!(matrix.indptr, counts.indptr);
                        assert_eq!(matrix.indices, counts.indices);
                        // Bit for bit: the same operations in the same order.
                        assert_eq!(matrix.data, expected);
                    }
                }
            }
        }
    }
    check::<f64>(&docs);
    check::<f32>(&docs);
    let corpus = count_learning_vocabulary(Documents::Texts(&docs), &analyzer(), 1).unwrap();
    let short = [1.0f64];
    let weighting = TfidfWeighting {
        idf: Some(&short[..]),
        sublinear_tf: false,
        norm: None,
    };
    assert!(corpus.into_tfidf(false, &weighting, 1).is_err());
}

#[test]
fn columns_are_selected_in_order() {
    let docs = ["a1 b1 c1", "c1 c1"];
    let corpus = count_learning_vocabulary(Documents::Texts(&docs), &analyzer(), 1).unwrap();
    let kept = corpus.select_columns(&[true, false, true]).unwrap();
    assert_eq!(terms_of(&kept), ["a1", "c1"]);
    assert_eq!(kept.counts().indices, [0, 1, 1]);
    assert_eq!(kept.counts().data, [1, 1, 2]);
}

mod properties {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;

    use super::*;

    use crate::test_support::awkward_term as term;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn counts_and_vocabulary_do_not_depend_on_the_thread_count(
            docs in prop::collection::vec(prop::collection::vec(term(), 0..20), 0..80),
            threads in 2usize..8,
        ) {
            let config = AnalyzerConfig {
                kind: crate::text::analyzer::AnalyzerKind::PreAnalyzed,
                ..Default::default()
            };
            let analyzer = Analyzer::new(config, current()).unwrap();
            let refs: Vec<Vec<&str>> = docs
                .iter()
                .map(|doc| doc.iter().map(String::as_str).collect())
                .collect();
            let expected: BTreeSet<&str> = refs.iter().flatten().copied().collect();
            let one = count_learning_vocabulary(Documents::Tokens(&refs), &analyzer, 1);
            let many = count_learning_vocabulary(Documents::Tokens(&refs), &analyzer, threads);
            let (one, many) = match (one, many) {
                (Ok(one), Ok(many)) => (one, many),
                (Err(Error::EmptyVocabulary(_)), Err(Error::EmptyVocabulary(_))) => {
                    prop_assert!(expected.is_empty());
                    return Ok(());
                }
                (one, many) => {
                    return Err(TestCaseError::fail(format!("{one:?} / {many:?}")));
                }
            };
            prop_assert_eq!(terms_of(&one), Vec::from_iter(expected.iter().copied()));
            prop_assert_eq!(terms_of(&many), terms_of(&one));
            let counts = one.counts();
            prop_assert_eq!(&many.counts(), &counts);
            for (row, doc) in refs.iter().enumerate() {
                let (columns, values) = counts.row(row);
                let got: BTreeMap<&str, i64> = columns
                    .iter()
                    .zip(values)
                    .map(|(&column, &count)| (one.terms.term(column as u32), count))
                    .collect();
                let mut want: BTreeMap<&str, i64> = BTreeMap::new();
                doc.iter().for_each(|term| *want.entry(term).or_insert(0) += 1);
                prop_assert_eq!(got, want);
            }
        }
    }
}

#[test]
fn a_cancelled_job_stops_learning_the_vocabulary() {
    let docs = ["the port closed", "the strike ended"];
    let chunks = count_chunks(Documents::Texts(&docs), &analyzer(), 1);
    let control = JobControl::new();
    control.cancel();
    let error = learn_vocabulary(chunks, &analyzer(), 1, &control).unwrap_err();
    assert_eq!(error, Error::Cancelled);

    let chunks = count_chunks(Documents::Texts(&docs), &analyzer(), 1);
    assert_eq!(chunks.local_terms(), 5);
    let corpus = learn_vocabulary(chunks, &analyzer(), 1, &JobControl::new()).unwrap();
    assert_eq!(corpus.terms.len(), 5);
}
