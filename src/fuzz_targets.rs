//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`), here in the library so that
//! `cargo test` replays the saved corpus (`fuzz/corpus/<target>/`) through the very same code
//! without building the fuzzer. Each takes arbitrary bytes, reads them as text (lossily: the
//! core's inputs are `&str`, as Python hands them over) and checks what must hold for any
//! input: no panic, and every span or offset it reports lies inside the input on character
//! boundaries.
//!
//! The first byte of an input picks a configuration (analyzer kind, language, n), so one
//! target covers several; the rest is the text.

use std::sync::OnceLock;

use crate::articles::clean::{ArticleText, Cleaner, CleanerOptions};
use crate::compare::reuse::shingle_sentences;
use crate::text::analyzer::{Analyzer, AnalyzerConfig, AnalyzerKind, Scratch, Tokenization};
use crate::text::char_tables::current;
use crate::text::normalize::StripAccents;
use crate::text::sentences::SentenceSplitter;
use crate::vectorize::count::count_learning_vocabulary;
use crate::vectorize::documents::Documents;
use crate::vectorize::fitted_state::{FittedState, ModelFile};
use crate::vectorize::hashing::count_hashed;

/// A fuzz target: checks its properties on one input, panicking when one fails.
pub type Target = fn(&[u8]);

/// The fuzz targets, by the name of their `fuzz/fuzz_targets/<name>.rs` and corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("analyzer", analyzer),
    ("sentences", sentences),
    ("cleaner", cleaner),
    ("model_file", model_file),
    ("reuse_shingles", reuse_shingles),
];

/// The configuration byte and the text of an input.
fn split_input(data: &[u8]) -> (u8, String) {
    match data.split_first() {
        Some((&choice, rest)) => (choice, String::from_utf8_lossy(rest).into_owned()),
        None => (0, String::new()),
    }
}

/// How many analyzer configurations [`analyzer_for`] picks from.
const N_ANALYZERS: usize = 8;

/// One of the analyzers the vectorizers build, picked by `choice`; built once, since building
/// one (stop words, stemmer) costs more than analysing a small input.
fn analyzer_for(choice: u8) -> &'static Analyzer {
    static ANALYZERS: OnceLock<Vec<Analyzer>> = OnceLock::new();
    let analyzers = ANALYZERS.get_or_init(|| (0..N_ANALYZERS).map(build_analyzer).collect());
    &analyzers[usize::from(choice) % N_ANALYZERS]
}

fn build_analyzer(choice: usize) -> Analyzer {
    let default = AnalyzerConfig::default();
    let config = match choice {
        0 => default,
        1 => AnalyzerConfig {
            kind: AnalyzerKind::Word(Tokenization::News),
            ..default
        },
        2 => AnalyzerConfig {
            kind: AnalyzerKind::CharWb,
            ngram_range: (2, 4),
            ..default
        },
        3 => AnalyzerConfig {
            kind: AnalyzerKind::Char,
            ngram_range: (1, 3),
            ..default
        },
        4 => AnalyzerConfig {
            stem: Some("english".to_string()),
            stop_words: Some(vec!["the".to_string(), "and".to_string()]),
            ..default
        },
        5 => AnalyzerConfig {
            ngram_range: (1, 3),
            ..default
        },
        6 => {
            let mut config = default;
            config.normalization.strip_accents = Some(StripAccents::Unicode);
            config.normalization.fold_typography = true;
            config
        }
        _ => {
            let mut config = default;
            config.normalization.strip_accents = Some(StripAccents::Ascii);
            config.normalization.lowercase = false;
            config
        }
    };
    Analyzer::new(config, current()).expect("the fuzzed analyzer configurations are valid")
}

/// Tokenizer and analyzer: the features, the located features (code-point offsets inside the
/// text), and the count and hashing vectorizers over the input's lines.
pub fn analyzer(data: &[u8]) {
    let (choice, text) = split_input(data);
    let analyzer = analyzer_for(choice);
    let mut scratch = Scratch::default();
    let mut n_features = 0usize;
    analyzer.analyze(&text, &mut scratch, &mut |_| n_features += 1);
    if matches!(analyzer.config().kind, AnalyzerKind::Word(_)) {
        let n_chars = text.chars().count();
        let located = analyzer
            .analyze_with_offsets(&text, &mut scratch)
            .expect("a word analyzer locates its features");
        for feature in &located {
            assert!(
                feature.start <= feature.end && feature.end <= n_chars,
                "feature {feature:?} outside a text of {n_chars} characters"
            );
        }
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let documents = Documents::Texts(&lines);
    // The pool the caller is in: asking for another thread count would build a pool per input.
    let threads = rayon::current_num_threads();
    let hashed = count_hashed(documents, analyzer, 1 << 10, true, threads);
    assert_eq!(hashed.indptr.len(), lines.len() + 1);
    // An input without features is the empty-vocabulary error, as in scikit-learn.
    if let Ok(corpus) = count_learning_vocabulary(documents, analyzer, threads) {
        assert_eq!(corpus.n_rows(), lines.len());
        let (vocabulary, counts) = corpus.into_matrix(threads, i64::from);
        assert_eq!(counts.indptr.len(), lines.len() + 1);
        assert!(counts
            .indices
            .iter()
            .all(|&c| (c as usize) < vocabulary.len()));
    }
}

/// The languages the sentence splitter is fuzzed in; `None` is the generic rules.
const SPLITTER_LANGUAGES: &[Option<&str>] = &[
    None,
    Some("english"),
    Some("german"),
    Some("french"),
    Some("spanish"),
];

/// Sentence splitting: sentences are ordered, do not overlap, and lie on character boundaries.
pub fn sentences(data: &[u8]) {
    let (choice, text) = split_input(data);
    let splitter = match SPLITTER_LANGUAGES[usize::from(choice) % SPLITTER_LANGUAGES.len()] {
        None => SentenceSplitter::generic(),
        Some(language) => SentenceSplitter::new(language).expect("a known language"),
    };
    let mut previous_end = 0;
    for (start, end) in splitter.split(&text) {
        assert!(previous_end <= start && start < end && end <= text.len());
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        previous_end = end;
    }
}

/// How many strictness levels [`cleaner_for`] picks from.
const N_CLEANERS: usize = 5;

/// An English cleaner of one of [`N_CLEANERS`] strictness levels from 0 to 1, built once.
fn cleaner_for(choice: u8) -> &'static Cleaner {
    static CLEANERS: OnceLock<Vec<Cleaner>> = OnceLock::new();
    let cleaners = CLEANERS.get_or_init(|| {
        (0..N_CLEANERS)
            .map(|level| {
                let options = CleanerOptions {
                    strictness: level as f64 / (N_CLEANERS - 1) as f64,
                    ..CleanerOptions::default()
                };
                Cleaner::new("english", options).expect("valid cleaner options")
            })
            .collect()
    });
    &cleaners[usize::from(choice) % N_CLEANERS]
}

/// Article cleaning: every kept and removed span lies inside the page on character boundaries,
/// headings inside the body, and every word is kept or removed.
pub fn cleaner(data: &[u8]) {
    let (choice, text) = split_input(data);
    let cleaner = cleaner_for(choice);
    let article = ArticleText {
        text: &text,
        known_title: (choice & 1 == 1).then_some("A title"),
        outlet: None,
    };
    let cleaned = cleaner.clean_set(&[article]);
    let [cleaned] = cleaned.as_slice() else {
        panic!("one article in, {} out", cleaned.len());
    };
    let removed = cleaned.removed.iter().map(|r| (r.start, r.end));
    for (start, end) in cleaned.kept.iter().copied().chain(removed) {
        assert!(start <= end && end <= text.len());
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    }
    let body_chars = cleaned.body.chars().count();
    for &(start, end) in &cleaned.headings {
        assert!(start < end && end <= body_chars);
    }
    assert_eq!(
        cleaned.words_kept + cleaned.words_removed,
        crate::articles::features::count_words(&text)
    );
}

/// Model files and fitted states: any text is read or refused with an error, and whatever is
/// read writes back to text that reads as the same.
pub fn model_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(file) = ModelFile::from_json(&text) {
        let again = ModelFile::from_json(&file.to_json()).expect("a written model file reads");
        assert_eq!(again.state, file.state);
        assert_eq!(again.class, file.class);
    }
    if let Ok(state) = FittedState::from_json(&text) {
        let again = FittedState::from_json(&state.to_json()).expect("a written state reads");
        assert_eq!(again, state);
    }
}

/// Reuse shingling: each line is a sentence; every sentence has a sorted set of shingles
/// without repeats, and an empty set only when the analyzer finds no word in it.
pub fn reuse_shingles(data: &[u8]) {
    let (choice, text) = split_input(data);
    let analyzer = analyzer_for(if choice & 0x80 == 0 { 0 } else { 4 });
    let n = usize::from(choice % 6) + 1;
    let sentences: Vec<&str> = text.split('\n').collect();
    let shingles = shingle_sentences(&sentences, analyzer, n).expect("n is at least 1");
    assert_eq!(shingles.len(), sentences.len());
    let mut scratch = Scratch::default();
    for (sentence, set) in sentences.iter().zip(&shingles) {
        assert!(set.windows(2).all(|pair| pair[0] < pair[1]));
        let mut has_words = false;
        analyzer.analyze(sentence, &mut scratch, &mut |_| has_words = true);
        assert_eq!(set.is_empty(), !has_words);
    }
}
