use super::*;
use crate::text::char_tables::current;
use crate::text::normalize::StripAccents;

#[test]
fn batches_of_spans_are_the_features_in_order() {
    let doc = "The U.S. officials' café talks: the talks, the officials and THE café.";
    let stop = Some(vec!["the".to_string(), "and".to_string()]);
    let configs = [
        AnalyzerConfig::default(),
        AnalyzerConfig {
            stop_words: stop.clone(),
            ..AnalyzerConfig::default()
        },
        AnalyzerConfig {
            stem: Some("english".to_string()),
            stop_words: stop.clone(),
            ..AnalyzerConfig::default()
        },
        AnalyzerConfig {
            ngram_range: (1, 3),
            stop_words: stop,
            ..AnalyzerConfig::default()
        },
        AnalyzerConfig {
            kind: AnalyzerKind::Word(Tokenization::News),
            ..AnalyzerConfig::default()
        },
        AnalyzerConfig {
            kind: AnalyzerKind::CharWb,
            ngram_range: (2, 4),
            ..AnalyzerConfig::default()
        },
    ];
    for config in configs {
        let analyzer = Analyzer::new(config.clone(), current()).unwrap();
        let mut scratch = Scratch::default();
        for apply_stem in [true, false] {
            let mut expected = Vec::new();
            analyzer.analyze_with(
                doc,
                &mut scratch,
                &mut |f: &str| expected.push(f.to_string()),
                apply_stem,
            );
            let mut batched = Vec::new();
            analyzer.analyze_spans(doc, &mut scratch, apply_stem, &mut |text, spans| {
                batched.extend(spans.iter().map(|&(s, e)| text[s..e].to_string()))
            });
            assert_eq!(batched, expected, "{config:?}, apply_stem {apply_stem}");

            let tokens = ["Officials", "the", "talks", "café"];
            let mut expected = Vec::new();
            analyzer.analyze_tokens_with(
                &tokens,
                &mut scratch,
                &mut |f: &str| expected.push(f.to_string()),
                apply_stem,
            );
            let mut batched = Vec::new();
            analyzer.analyze_token_spans(&tokens, &mut scratch, apply_stem, &mut |text, spans| {
                batched.extend(spans.iter().map(|&(s, e)| text[s..e].to_string()))
            });
            assert_eq!(batched, expected, "{config:?}, apply_stem {apply_stem}");
        }
    }
}

fn features(config: AnalyzerConfig, doc: &str) -> Vec<String> {
    let analyzer = Analyzer::new(config, current()).unwrap();
    let mut out = Vec::new();
    analyzer.analyze(doc, &mut Scratch::default(), &mut |f: &str| {
        out.push(f.to_string())
    });
    out
}

#[test]
fn default_matches_scikit_learn() {
    assert_eq!(
        features(AnalyzerConfig::default(), "The Cat sat; the cat ran."),
        ["the", "cat", "sat", "the", "cat", "ran"]
    );
}

#[test]
fn stop_words_go_before_ngrams() {
    let config = AnalyzerConfig {
        stop_words: Some(vec!["the".into()]),
        ngram_range: (1, 2),
        ..Default::default()
    };
    assert_eq!(
        features(config, "the cat the dog"),
        ["cat", "dog", "cat dog"]
    );
}

#[test]
fn char_analyzers_collapse_whitespace() {
    let config = AnalyzerConfig {
        kind: AnalyzerKind::Char,
        ngram_range: (2, 2),
        ..Default::default()
    };
    assert_eq!(features(config, "Ab  c"), ["ab", "b ", " c"]);
}

#[test]
fn offsets_point_into_the_original() {
    let analyzer = Analyzer::new(
        AnalyzerConfig {
            ngram_range: (1, 2),
            ..Default::default()
        },
        current(),
    )
    .unwrap();
    let doc = "Ünïcode Straße ok";
    let located = analyzer
        .analyze_with_offsets(doc, &mut Scratch::default())
        .unwrap();
    let chars: Vec<char> = doc.chars().collect();
    for feature in &located {
        let original: String = chars[feature.start..feature.end].iter().collect();
        assert_eq!(original.to_lowercase(), feature.text);
    }
    assert_eq!(located.len(), 5);
}

#[test]
fn char_offsets_give_the_same_features_and_point_into_the_original() {
    let docs = [
        "Ab  c",
        "  Défense\t\tchiefs  talk ",
        "ﬁne Ｃafé\u{2003}\u{2003}x",
        "a",
        "",
        "   ",
        "e\u{301}t\u{e9} ΟΔΟΣ",
    ];
    for kind in [AnalyzerKind::Char, AnalyzerKind::CharWb] {
        for ngram_range in [(1, 1), (1, 3), (2, 5), (4, 4)] {
            for strip_accents in [None, Some(StripAccents::Unicode), Some(StripAccents::Ascii)] {
                let config = AnalyzerConfig {
                    kind: kind.clone(),
                    ngram_range,
                    normalization: Normalization {
                        strip_accents,
                        ..AnalyzerConfig::default().normalization
                    },
                    ..Default::default()
                };
                let analyzer = Analyzer::new(config.clone(), current()).unwrap();
                for doc in docs {
                    let located = analyzer
                        .analyze_with_offsets(doc, &mut Scratch::default())
                        .unwrap();
                    let texts: Vec<String> = located.iter().map(|f| f.text.clone()).collect();
                    assert_eq!(texts, features(config.clone(), doc), "{config:?} {doc:?}");
                    let length = doc.chars().count();
                    for feature in &located {
                        assert!(feature.start <= feature.end && feature.end <= length);
                    }
                }
            }
        }
    }
}

/// `(feature, start, end)` of every located feature of `doc`.
fn located_spans(config: AnalyzerConfig, doc: &str) -> Vec<(String, usize, usize)> {
    Analyzer::new(config, current())
        .unwrap()
        .analyze_with_offsets(doc, &mut Scratch::default())
        .unwrap()
        .into_iter()
        .map(|f| (f.text, f.start, f.end))
        .collect()
}

#[test]
fn char_offsets_span_collapsed_runs_and_padding() {
    let char_config = AnalyzerConfig {
        kind: AnalyzerKind::Char,
        ngram_range: (2, 2),
        ..Default::default()
    };
    // The two spaces collapse into one, which spans both.
    assert_eq!(
        located_spans(char_config, "Ab  c"),
        [
            ("ab".into(), 0, 2),
            ("b ".into(), 1, 4),
            (" c".into(), 2, 5)
        ]
    );

    let wb_config = AnalyzerConfig {
        kind: AnalyzerKind::CharWb,
        ngram_range: (2, 3),
        ..Default::default()
    };
    let spans = located_spans(wb_config, "ox  Bee");
    let spans: Vec<(&str, usize, usize)> =
        spans.iter().map(|(t, s, e)| (t.as_str(), *s, *e)).collect();
    assert_eq!(
        spans,
        [
            (" o", 0, 1),
            ("ox", 0, 2),
            ("x ", 1, 2),
            (" ox", 0, 2),
            ("ox ", 0, 2),
            (" b", 4, 5),
            ("be", 4, 6),
            ("ee", 5, 7),
            ("e ", 6, 7),
            (" be", 4, 6),
            ("bee", 4, 7),
            ("ee ", 5, 7),
        ]
    );
}

#[test]
fn located_tokens_keep_their_positions_through_stop_words_and_ngrams() {
    let config = AnalyzerConfig {
        kind: AnalyzerKind::PreTokenized,
        stop_words: Some(vec!["the".into()]),
        stem: Some("english".into()),
        ngram_range: (1, 2),
        ..Default::default()
    };
    let analyzer = Analyzer::new(config, current()).unwrap();
    let tokens = [("talks", 0, 5), ("the", 6, 9), ("running", 10, 17)];
    let located = analyzer
        .analyze_located_tokens(&tokens, &mut Scratch::default())
        .unwrap();
    let spans: Vec<(&str, usize, usize)> = located
        .iter()
        .map(|f| (f.text.as_str(), f.start, f.end))
        .collect();
    assert_eq!(
        spans,
        [("talk", 0, 5), ("run", 10, 17), ("talk run", 0, 17)]
    );
    let word = Analyzer::new(AnalyzerConfig::default(), current()).unwrap();
    assert!(word
        .analyze_located_tokens(&tokens, &mut Scratch::default())
        .is_err());
    assert!(analyzer
        .analyze_with_offsets("text", &mut Scratch::default())
        .is_err());
}

#[test]
fn a_stripped_accent_belongs_to_its_letter() {
    let doc = "cafe\u{301} bar e\u{301}";
    for kind in [
        AnalyzerKind::Word(Tokenization::WordRuns(WordRuns::SCIKIT_LEARN_DEFAULT)),
        AnalyzerKind::Char,
    ] {
        let config = AnalyzerConfig {
            kind: kind.clone(),
            ngram_range: if kind == AnalyzerKind::Char {
                (4, 4)
            } else {
                (1, 1)
            },
            normalization: Normalization {
                strip_accents: Some(StripAccents::Unicode),
                ..AnalyzerConfig::default().normalization
            },
            ..Default::default()
        };
        let located = Analyzer::new(config, current())
            .unwrap()
            .analyze_with_offsets(doc, &mut Scratch::default())
            .unwrap();
        let first = &located[0];
        assert_eq!(
            (first.text.as_str(), first.start, first.end),
            ("cafe", 0, 5)
        );
    }
    // Without stripping, the mark is kept in the text and the pattern leaves it out.
    let located = Analyzer::new(AnalyzerConfig::default(), current())
        .unwrap()
        .analyze_with_offsets(doc, &mut Scratch::default())
        .unwrap();
    assert_eq!((located[0].start, located[0].end), (0, 4));
}

#[test]
fn invalid_ngram_range_is_refused() {
    let config = AnalyzerConfig {
        ngram_range: (2, 1),
        ..Default::default()
    };
    assert!(Analyzer::new(config, current()).is_err());
}
