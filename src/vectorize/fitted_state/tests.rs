use super::*;

fn learned_state() -> FittedState {
    FittedState {
        vocabulary: Some(VocabularyState {
            terms: vec!["port".into(), "strike".into(), "Zürich".into()],
            fixed: false,
            corpus: Some(CorpusStats {
                n_documents: 4,
                document_frequencies: vec![4, 1, 2],
                term_totals: vec![9, 1, 2],
            }),
        }),
        weighting: Some(WeightingState {
            n_features: 3,
            idf_dtype: IdfDtype::Float64,
            // Values whose shortest decimal form is long: they must come back bit for bit.
            idf: Some(vec![1.0, 1.916_290_731_874_155, 0.1 + 0.2]),
        }),
    }
}

#[test]
fn a_state_round_trips_through_json_bit_for_bit() {
    let state = learned_state();
    let back = FittedState::from_json(&state.to_json()).unwrap();
    assert_eq!(back, state);
    let idf = back.weighting.unwrap().idf.unwrap();
    assert_eq!(idf[2].to_bits(), (0.1f64 + 0.2).to_bits());
}

#[test]
fn a_model_file_round_trips_with_its_parameters_untouched() {
    let params = r#"{"lowercase":true,"ngram_range":{"tuple":[1,2]}}"#;
    let file = ModelFile::new("TfidfVectorizer", params, Some(learned_state())).unwrap();
    let text = file.to_json();
    let back = ModelFile::from_json(&text).unwrap();
    assert_eq!(back.class, "TfidfVectorizer");
    assert_eq!(back.params.get(), params);
    assert!(back.fitted);
    assert_eq!(back.state, Some(learned_state()));
}

#[test]
fn an_unfitted_model_file_has_no_state() {
    let file = ModelFile::new("CountVectorizer", "{}", None).unwrap();
    let back = ModelFile::from_json(&file.to_json()).unwrap();
    assert!(!back.fitted);
    assert_eq!(back.state, None);
}

#[test]
fn version_1_states_of_every_estimator_are_read() {
    let tfidf_vectorizer = r#"{"format": "storylens-estimator", "format_version": 1,
        "class": "TfidfVectorizer", "params": {"norm": "l2"}, "fitted": true,
        "state": {"terms": ["a", "b"], "fixed_vocabulary_": false,
                  "tfidf": {"n_features_in_": 2, "idf_dtype": "float64", "idf": [1.0, 1.5]}}}"#;
    let state = ModelFile::from_json(tfidf_vectorizer)
        .unwrap()
        .state
        .unwrap();
    assert_eq!(state.vocabulary.unwrap().terms, vec!["a", "b"]);
    assert_eq!(state.weighting.unwrap().idf, Some(vec![1.0, 1.5]));

    let transformer_without_idf = r#"{"format": "storylens-estimator", "format_version": 1,
        "class": "TfidfTransformer", "params": {}, "fitted": true,
        "state": {"n_features_in_": 3, "idf_dtype": "float32"}}"#;
    let state = ModelFile::from_json(transformer_without_idf)
        .unwrap()
        .state
        .unwrap();
    assert_eq!(state.vocabulary, None);
    let weighting = state.weighting.unwrap();
    assert_eq!(
        (weighting.n_features, weighting.idf_dtype),
        (3, IdfDtype::Float32)
    );
    assert_eq!(weighting.idf, None);

    let hashing = r#"{"format": "storylens-estimator", "format_version": 1,
        "class": "HashingVectorizer", "params": {}, "fitted": true, "state": {}}"#;
    assert_eq!(
        ModelFile::from_json(hashing).unwrap().state,
        Some(FittedState::default())
    );
}

fn persistence_message(text: &str) -> String {
    match ModelFile::from_json(text) {
        Err(Error::Persistence(message)) => message,
        other => panic!("expected a persistence error, got {other:?}"),
    }
}

#[test]
fn broken_files_are_refused_with_a_reason() {
    let envelope = |version: &str, state: &str| {
        format!(
            r#"{{"format": "storylens-estimator", "format_version": {version},
                "class": "CountVectorizer", "params": {{}}, "fitted": true, "state": {state}}}"#
        )
    };
    assert!(persistence_message("[1, 2]").contains("not a storylens model file"));
    assert!(persistence_message(r#"{"format": "other"}"#).contains("not a storylens model file"));
    assert!(persistence_message(&envelope("99", "{}")).contains("newer storylens"));
    assert!(persistence_message(&envelope("0", "{}")).contains("bad format_version"));
    assert!(persistence_message(&envelope("\"2\"", "{}")).contains("bad format_version"));
    assert!(persistence_message(&envelope("2", "null")).contains("no state"));
    let duplicate = r#"{"vocabulary": {"terms": ["a", "a"], "fixed": false}}"#;
    assert!(persistence_message(&envelope("2", duplicate)).contains("duplicate term"));
    let short_idf = r#"{"weighting": {"n_features": 2, "idf_dtype": "float64", "idf": [1.0]}}"#;
    assert!(persistence_message(&envelope("2", short_idf)).contains("must hold 2"));
    let mismatch = r#"{"vocabulary": {"terms": ["a"], "fixed": true},
        "weighting": {"n_features": 2, "idf_dtype": "float64"}}"#;
    assert!(persistence_message(&envelope("2", mismatch)).contains("2 features"));
    let impossible = r#"{"vocabulary": {"terms": ["a"], "fixed": false,
        "corpus": {"n_documents": 1, "document_frequencies": [2], "term_totals": [2]}}}"#;
    assert!(persistence_message(&envelope("2", impossible)).contains("column 0"));
    let unknown_field = r#"{"vocabulary": {"terms": [], "fixed": false, "extra": 1}}"#;
    assert!(persistence_message(&envelope("2", unknown_field)).contains("unknown field"));
    let v1_partial = r#"{"n_features_in_": 2}"#;
    assert!(persistence_message(&envelope("1", v1_partial)).contains("incomplete"));
    let v1_dtype = r#"{"n_features_in_": 1, "idf_dtype": "int8", "idf": [1.0]}"#;
    assert!(persistence_message(&envelope("1", v1_dtype)).contains("int8"));
}

#[test]
fn an_infinite_idf_round_trips_as_inf_and_other_strings_are_refused() {
    // smooth_idf=False gives +inf to a term that no document has, as scikit-learn does.
    let mut state = learned_state();
    state.weighting.as_mut().unwrap().idf = Some(vec![1.0, f64::INFINITY, 2.5]);
    let text = state.to_json();
    assert!(text.contains(r#""idf":[1.0,"inf",2.5]"#), "{text}");
    assert_eq!(FittedState::from_json(&text).unwrap(), state);

    for bad in [r#""-inf""#, r#""nan""#, r#""1.0""#, "null", "true"] {
        let broken = text.replace(r#""inf""#, bad);
        let error = FittedState::from_json(&broken).unwrap_err();
        assert!(matches!(error, Error::Persistence(_)), "{bad}: {error:?}");
    }
    let mut negative = learned_state();
    negative.weighting.as_mut().unwrap().idf = Some(vec![1.0, f64::NEG_INFINITY, 2.5]);
    assert!(negative.validate().is_err());
}
