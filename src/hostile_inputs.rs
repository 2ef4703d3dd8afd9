//! Hostile input for every text entry point of the core: arbitrary bytes (read lossily, as
//! text reaches the core), combining-mark storms, right-to-left text and direction marks,
//! zero-width characters, NUL bytes and a long line. Each property runs the same checks as the
//! fuzz target of that area (`crate::fuzz_targets`): no panic, spans inside the input on
//! character boundaries. The saved fuzz corpus is replayed here too, without the fuzzer.

use proptest::prelude::*;

use crate::fuzz_targets::{self, TARGETS};

/// Pieces of hostile text: storms of combining marks on one base, right-to-left scripts with
/// their direction marks and overrides, zero-width characters, NUL, and ordinary prose and
/// punctuation for the rules to work on.
fn hostile_piece() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "The minister said on Monday.",
        "Dr. Roe met the U.S. envoy",
        "\u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{5e2}\u{5d5}\u{5dc}\u{5dd}",
        "\u{627}\u{644}\u{633}\u{644}\u{627}\u{645} \u{639}\u{644}\u{64a}\u{643}\u{645}",
        "\u{202e}reversed\u{202c}",
        "\u{200f}\u{200e}\u{2067}\u{2069}",
        "\u{200b}",
        "\u{200c}\u{200d}",
        "\u{feff}",
        "\u{2060}",
        "\0",
        "\0\0\0",
        "\u{fffd}",
        "\u{1f1fa}\u{1f1f8}\u{1f468}\u{200d}\u{1f469}",
        ". ",
        "?!",
        "\u{201c}Quoted,\u{201d} she said.",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\u{a0}",
        "\u{130}\u{3a3}\u{df}",
    ];
    prop_oneof![
        3 => prop::sample::select(PIECES).prop_map(str::to_string),
        // A combining-mark storm: a base letter (or none) under up to 300 marks.
        1 => (
            prop::sample::select(vec!["", "e", "A", "\u{5d0}", " "]),
            prop::sample::select(vec!['\u{301}', '\u{308}', '\u{5b4}', '\u{20d7}', '\u{36f}']),
            0usize..300,
        )
            .prop_map(|(base, mark, n)| {
                let mut storm = base.to_string();
                storm.extend(std::iter::repeat_n(mark, n));
                storm
            }),
        2 => "\\PC{0,20}",
        1 => any::<String>(),
    ]
}

/// Hostile text of up to 40 pieces.
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

/// An input for a fuzz target: a configuration byte, then hostile text or arbitrary bytes.
fn target_input() -> impl Strategy<Value = Vec<u8>> {
    let text = (any::<u8>(), hostile_text()).prop_map(|(choice, text)| {
        let mut input = vec![choice];
        input.extend_from_slice(text.as_bytes());
        input
    });
    prop_oneof![
        3 => text,
        1 => prop::collection::vec(any::<u8>(), 0..400),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Every analyzer (word runs, news tokens, char and char_wb n-grams, stems and stop words,
    /// stripped accents) and the count and hashing vectorizers.
    #[test]
    fn analyzers_and_vectorizers_take_hostile_text(input in target_input()) {
        fuzz_targets::analyzer(&input);
    }

    #[test]
    fn sentence_splitter_takes_hostile_text(input in target_input()) {
        fuzz_targets::sentences(&input);
    }

    #[test]
    fn cleaner_takes_hostile_text(input in target_input()) {
        fuzz_targets::cleaner(&input);
    }

    #[test]
    fn reuse_shingler_takes_hostile_text(input in target_input()) {
        fuzz_targets::reuse_shingles(&input);
    }

    /// Arbitrary text as a model file or fitted state: read or refused, never a panic.
    #[test]
    fn model_loading_takes_arbitrary_text(input in target_input()) {
        fuzz_targets::model_file(&input);
    }

    /// A real model file with bytes changed, cut short, or a number made huge: read (and
    /// then it round-trips) or refused with an error.
    #[test]
    fn model_loading_takes_damaged_files(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
        huge in prop::sample::select(vec!["", "18446744073709551616", "1e308", "-1", "4294967296"]),
    ) {
        let mut file = saved_model().replace("\"n_documents\":3", &format!("\"n_documents\":{huge}3"))
            .into_bytes();
        for (at, byte) in edits {
            let at = at.index(file.len());
            file[at] = byte;
        }
        if truncate {
            file.truncate(cut.index(file.len()));
        }
        fuzz_targets::model_file(&file);
    }
}

/// The JSON of a fitted TF-IDF vectorizer's model file.
fn saved_model() -> String {
    use crate::vectorize::fitted_state::{
        CorpusStats, FittedState, IdfDtype, ModelFile, VocabularyState, WeightingState,
    };
    let state = FittedState {
        vocabulary: Some(VocabularyState {
            terms: vec!["port".into(), "strike".into(), "union".into()],
            fixed: false,
            corpus: Some(CorpusStats {
                n_documents: 3,
                document_frequencies: vec![2, 1, 3],
                term_totals: vec![2, 4, 3],
            }),
        }),
        weighting: Some(WeightingState {
            n_features: 3,
            idf_dtype: IdfDtype::Float64,
            idf: Some(vec![1.2876820724517808, 1.6931471805599454, f64::INFINITY]),
        }),
    };
    ModelFile::new("TfidfVectorizer", r#"{"lowercase":true}"#, Some(state))
        .unwrap()
        .to_json()
}

#[test]
fn the_saved_model_of_the_damage_test_reads() {
    let file = saved_model();
    assert!(file.contains("\"n_documents\":3"));
    fuzz_targets::model_file(file.as_bytes());
    assert!(crate::vectorize::fitted_state::ModelFile::from_json(&file).is_ok());
}

/// A line of 1 MB (no newline, one "sentence" of words with marks, zero-width and RTL
/// characters between them) through every target. The 10 MB line of the issue is measured in
/// benches/hostile_inputs.py, in a release build.
#[test]
fn a_one_megabyte_line_goes_through_every_target() {
    let unit = "word\u{301}\u{200b} \u{5e9}\u{5dc}\u{5d5}\u{5dd}, \0 claim. ";
    let line = unit.repeat((1 << 20) / unit.len());
    for (name, target) in TARGETS {
        let input: Vec<u8> = std::iter::once(0).chain(line.bytes()).collect();
        // The model-file target reads the whole input as JSON; it refuses it at once.
        let started = std::time::Instant::now();
        target(&input);
        eprintln!("{name}: {:?}", started.elapsed());
    }
}

/// The saved fuzz corpus (fuzz/corpus/<target>/), replayed through the targets' code.
#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let folder = root.join(name);
        let entries = std::fs::read_dir(&folder)
            .unwrap_or_else(|error| panic!("{}: {error}", folder.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            let input = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&input));
            assert!(outcome.is_ok(), "{} panics", path.display());
            replayed += 1;
        }
    }
    assert!(replayed >= TARGETS.len(), "the corpus is missing");
}
