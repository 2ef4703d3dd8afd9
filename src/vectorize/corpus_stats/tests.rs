use proptest::prelude::*;

use super::*;
use crate::text::analyzer::AnalyzerConfig;
use crate::text::char_tables::current;

fn analyzer() -> Analyzer {
    Analyzer::new(AnalyzerConfig::default(), current()).unwrap()
}

fn stats_of(docs: &[&str], threads: usize) -> CorpusStats {
    CorpusStats::from_documents(Documents::Texts(docs), &analyzer(), threads, "words").unwrap()
}

#[test]
fn counts_documents_frequencies_and_totals() {
    let stats = stats_of(&["the cat sat", "The dog; the CAT", ""], 2);
    assert_eq!(stats.n_documents(), 3);
    assert_eq!(stats.terms(), ["cat", "dog", "sat", "the"]);
    assert_eq!(stats.document_frequencies(), [2, 1, 1, 2]);
    assert_eq!(stats.term_totals(), [2, 1, 1, 3]);
}

#[test]
fn a_part_without_terms_has_empty_statistics() {
    let none = stats_of(&[], 1);
    assert_eq!((none.n_documents(), none.n_terms()), (0, 0));
    let stop_words_only = stats_of(&["a !", "b"], 2);
    assert_eq!(
        (stop_words_only.n_documents(), stop_words_only.n_terms()),
        (2, 0)
    );
    let some = stats_of(&["cat dog"], 1);
    let merged = stop_words_only.merge(&some).unwrap();
    assert_eq!(merged.n_documents(), 3);
    assert_eq!(merged.terms(), some.terms());
}

#[test]
fn statistics_of_other_analyses_do_not_merge() {
    let words = stats_of(&["cat"], 1);
    let other = CorpusStats::empty("char n-grams");
    let error = words.merge(&other).unwrap_err();
    assert!(error.to_string().contains("different analyzer settings"));
}

#[test]
fn select_and_counts_of_a_given_vocabulary() {
    let stats = stats_of(&["cat dog dog", "dog eel"], 1);
    let kept = stats.select(&[false, true, true]).unwrap();
    assert_eq!(kept.terms().collect::<Vec<_>>(), ["dog", "eel"]);
    assert!(stats.select(&[true]).is_err());
    let given = Vocabulary::from_terms(["eel", "fox", "cat"]).unwrap();
    assert_eq!(stats.counts_of(&given), (vec![1, 0, 1], vec![1, 0, 1]));
}

#[test]
fn json_round_trip_and_validation() {
    let stats = stats_of(&["cat dog dog", "dog eel"], 1);
    let text = stats.to_json();
    assert!(text.contains("\"format\":\"storylens-corpus-stats\""));
    assert_eq!(CorpusStats::from_json(&text).unwrap(), stats);
    let broken = [
        text.replace("\"format_version\":1", "\"format_version\":2"),
        text.replace("storylens-corpus-stats", "something-else"),
        text.replace("[\"cat\",\"dog\",\"eel\"]", "[\"dog\",\"cat\",\"eel\"]"),
        text.replace("\"n_documents\":2", "\"n_documents\":1"),
        text.replace("\"term_totals\":[1,3,1]", "\"term_totals\":[1,3]"),
        text.replace("\"term_totals\":[1,3,1]", "\"term_totals\":[1,1,1]"),
        text.replace("\"n_documents\":2", "\"n_documents\":2,\"extra\":1"),
        "[]".to_string(),
    ];
    for text in broken {
        let error = CorpusStats::from_json(&text).unwrap_err();
        assert!(matches!(error, Error::Persistence(_)), "{text}: {error}");
    }
    assert!(CorpusStats::from_parts("w", 1, &["a"], &[0], &[0]).is_err());
    assert!(CorpusStats::from_parts("w", 1, &["a", "a"], &[1, 1], &[1, 1]).is_err());
}

#[test]
fn merged_counts_that_overflow_are_an_error() {
    let max = i64::MAX as u64;
    let big = CorpusStats::from_parts("w", max, &["a"], &[1], &[max]).unwrap();
    assert!(big.merge(&big).is_err());
    assert!(CorpusStats::from_parts("w", max + 1, &["a"], &[1], &[1]).is_err());
}

/// Short documents over a small alphabet, so that parts share many terms.
fn corpus() -> impl Strategy<Value = Vec<String>> {
    let word = prop::sample::select(vec!["ab", "cd", "ef", "gh", "ij", "kl", "mn", "é", "a"]);
    let document = prop::collection::vec(word, 0..6).prop_map(|words| words.join(" "));
    prop::collection::vec(document, 0..24)
}

fn refs(docs: &[String]) -> Vec<&str> {
    docs.iter().map(String::as_str).collect()
}

proptest! {
    /// However the corpus is cut, and in whatever order and tree the parts are merged, the
    /// statistics are those of the whole corpus.
    #[test]
    fn merged_parts_equal_the_whole(docs in corpus(), cuts in prop::collection::vec(0usize..25, 0..5), threads in 1usize..4) {
        let docs = refs(&docs);
        let whole = stats_of(&docs, threads);
        let mut bounds: Vec<usize> = cuts.into_iter().map(|c| c.min(docs.len())).collect();
        bounds.extend([0, docs.len()]);
        bounds.sort_unstable();
        let parts: Vec<CorpusStats> = bounds
            .windows(2)
            .map(|pair| stats_of(&docs[pair[0]..pair[1]], 1))
            .collect();
        let left_to_right = parts
            .iter()
            .try_fold(CorpusStats::empty("words"), |total, part| total.merge(part))
            .unwrap();
        prop_assert_eq!(&left_to_right, &whole);
        let right_to_left = parts
            .iter()
            .rev()
            .try_fold(CorpusStats::empty("words"), |total, part| part.merge(&total))
            .unwrap();
        prop_assert_eq!(&right_to_left, &whole);
    }

    /// Merging is commutative and associative, and the empty statistics are its identity.
    #[test]
    fn merge_laws(a in corpus(), b in corpus(), c in corpus()) {
        let (a, b, c) = (stats_of(&refs(&a), 1), stats_of(&refs(&b), 1), stats_of(&refs(&c), 1));
        prop_assert_eq!(a.merge(&b).unwrap(), b.merge(&a).unwrap());
        prop_assert_eq!(
            a.merge(&b).unwrap().merge(&c).unwrap(),
            a.merge(&b.merge(&c).unwrap()).unwrap()
        );
        prop_assert_eq!(a.merge(&CorpusStats::empty("words")).unwrap(), a.clone());
        let round_trip = CorpusStats::from_json(&a.to_json()).unwrap();
        prop_assert_eq!(round_trip, a);
    }
}
