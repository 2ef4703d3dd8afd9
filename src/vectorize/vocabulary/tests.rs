use super::*;

#[test]
fn columns_follow_term_order() {
    let v = Vocabulary::from_terms(["b", "a"]).unwrap();
    assert_eq!(v.column("b"), Some(0));
    assert_eq!(v.column("a"), Some(1));
    assert_eq!(v.column("c"), None);
    assert_eq!(v.len(), 2);
    assert_eq!(v.terms().collect::<Vec<_>>(), ["b", "a"]);
    assert_eq!(v.term(1), "a");
}

#[test]
fn duplicates_are_refused() {
    let error = Vocabulary::from_terms(["a", "a"]).err().unwrap();
    assert!(error.to_string().contains("Duplicate term"));
}

#[test]
fn built_vocabularies_look_up_lazily_and_select() {
    let mut builder = VocabularyBuilder::default();
    builder.push("");
    builder.push("alpha");
    let mut tail = VocabularyBuilder::default();
    tail.push("beta");
    tail.push("gamma");
    builder.append(tail);
    let v = builder.finish();
    assert_eq!(
        v.terms().collect::<Vec<_>>(),
        ["", "alpha", "beta", "gamma"]
    );
    assert_eq!(v.column("gamma"), Some(3));
    assert_eq!(v.column(""), Some(0));
    let kept = v.select(&[false, true, false, true]);
    assert_eq!(kept.terms().collect::<Vec<_>>(), ["alpha", "gamma"]);
    assert_eq!(kept.column("gamma"), Some(1));
    assert_eq!(kept.column("beta"), None);
}

mod merge {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;
    use crate::parallel::run_with_threads;

    /// Terms that stress the merge's ordering, and any text.
    fn term() -> impl Strategy<Value = String> {
        prop_oneof![3 => crate::test_support::awkward_term(), 1 => "\\PC{0,20}"]
    }

    fn tables_of(terms: &[Vec<String>]) -> Vec<Interner> {
        terms
            .iter()
            .map(|table_terms| {
                let mut table = Interner::new();
                for term in table_terms {
                    table.intern(term);
                }
                table
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn merged_vocabulary_is_the_sorted_union_for_any_thread_count(
            terms in prop::collection::vec(prop::collection::vec(term(), 0..120), 1..5),
            threads in 1usize..5,
        ) {
            let tables = tables_of(&terms);
            let refs: Vec<&Interner> = tables.iter().collect();
            let merged = run_with_threads(threads, || MergedVocabulary::merge(&refs, threads, &JobControl::new()).unwrap());
            let expected: BTreeSet<&str> = terms.iter().flatten().map(String::as_str).collect();
            prop_assert!(merged.terms.terms().eq(expected.iter().copied()));
            for (index, table) in tables.iter().enumerate() {
                let columns = merged.columns_of(index);
                prop_assert_eq!(columns.len(), table.len());
                for (id, term) in table.strings().enumerate() {
                    prop_assert_eq!(merged.terms.term(columns[id]), term);
                }
            }
        }

        #[test]
        fn stemmed_merge_gives_each_term_the_column_of_its_stem(
            terms in prop::collection::vec(prop::collection::vec("[a-z]{1,12}", 0..80), 1..4),
        ) {
            let stemmer = Stemmer::new("english").unwrap();
            let tables = tables_of(&terms);
            let refs: Vec<&Interner> = tables.iter().collect();
            let stemmed = run_with_threads(2, || MergedVocabulary::merge(&refs, 2, &JobControl::new())
                    .unwrap()
                    .into_stems(&stemmer));
            let expected: BTreeSet<String> = terms
                .iter()
                .flatten()
                .map(|term| stemmer.stem(term).into_owned())
                .collect();
            prop_assert!(stemmed.terms.terms().eq(expected.iter().map(String::as_str)));
            for (index, table) in tables.iter().enumerate() {
                for (id, term) in table.strings().enumerate() {
                    let column = stemmed.columns_of(index)[id];
                    prop_assert_eq!(stemmed.terms.term(column), stemmer.stem(term));
                }
            }
        }
    }
}
