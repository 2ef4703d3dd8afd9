use proptest::prelude::*;

use super::*;
use crate::text::char_tables::current;

fn fold(text: &str) -> String {
    text.chars().map(fold_typography).collect()
}

/// Tokens of `text` after folding, checking the span invariants on the way.
fn tokens(text: &str) -> Vec<String> {
    let folded = fold(text);
    let tables = current();
    let mut spans = Vec::new();
    news_token_spans(&folded, &tables, &mut spans);
    let mut previous_end = 0;
    for &(start, end) in &spans {
        assert!(start < end && end <= folded.len(), "{spans:?}");
        assert!(start >= previous_end, "spans out of order: {spans:?}");
        assert!(folded.is_char_boundary(start) && folded.is_char_boundary(end));
        let token = &folded[start..end];
        let first = token.chars().next().unwrap();
        let last = token.chars().next_back().unwrap();
        assert!(tables.is_word(first), "{token:?} starts with punctuation");
        assert!(
            tables.is_word(last) || is_combining_mark(last) || last == '.',
            "{token:?} ends with punctuation"
        );
        previous_end = end;
    }
    spans
        .iter()
        .map(|&(start, end)| folded[start..end].to_string())
        .collect()
}

#[test]
fn folding_maps_one_char_to_one_char() {
    for c in ['’', '‘', '‛', 'ʼ', '′', '＇'] {
        assert_eq!(fold_typography(c), '\'', "{c}");
    }
    for c in ['“', '”', '„', '‟', '″', '«', '»'] {
        assert_eq!(fold_typography(c), '"', "{c}");
    }
    for c in ['\u{2010}', '\u{2011}', '－'] {
        assert_eq!(fold_typography(c), '-', "{c}");
    }
    for c in ['a', '\'', '"', '–', '—', 'é', '中'] {
        assert_eq!(fold_typography(c), c, "{c}");
    }
    let text = "“It’s ‘fine’,” she said — «oui»";
    assert_eq!(fold(text).chars().count(), text.chars().count());
}

#[test]
fn plain_words() {
    assert_eq!(
        tokens("Russia launched strikes on Kyiv"),
        ["Russia", "launched", "strikes", "on", "Kyiv"]
    );
    assert!(tokens("").is_empty());
    assert!(tokens("  ... !!! -- ''").is_empty());
}

#[test]
fn hyphenated_compounds_stay_whole() {
    assert_eq!(
        tokens("a military build-up, a 50-minute call and military-to-military talks"),
        [
            "military",
            "build-up",
            "50-minute",
            "call",
            "and",
            "military-to-military",
            "talks"
        ]
    );
    assert_eq!(tokens("covid-19 vaccines"), ["covid-19", "vaccines"]);
    assert_eq!(tokens("a well\u{2011}known man"), ["well-known", "man"]);
}

#[test]
fn hyphens_without_words_on_both_sides_do_not_join() {
    assert_eq!(tokens("-5 degrees"), ["5", "degrees"]);
    assert_eq!(tokens("pre- and post-war"), ["pre", "and", "post-war"]);
    assert_eq!(tokens("word--word"), ["word", "word"]);
    assert_eq!(tokens("well - known"), ["well", "known"]);
    assert_eq!(tokens("ends-"), ["ends"]);
}

#[test]
fn apostrophes_join_contractions_and_names() {
    assert_eq!(tokens("don't"), ["don't"]);
    assert_eq!(tokens("O’Brien won’t go"), ["O'Brien", "won't", "go"]);
    assert_eq!(tokens("rock'n'roll"), ["rock'n'roll"]);
    assert_eq!(tokens("they're we've"), ["they're", "we've"]);
}

#[test]
fn possessives_are_dropped() {
    assert_eq!(tokens("russia's economy"), ["russia", "economy"]);
    assert_eq!(tokens("Russia’s economy"), ["Russia", "economy"]);
    assert_eq!(
        tokens("the officials' statement"),
        ["the", "officials", "statement"]
    );
    assert_eq!(tokens("it's over"), ["it", "over"]);
    assert_eq!(tokens("O'Brien's book"), ["O'Brien", "book"]);
    assert_eq!(
        tokens("the secretary-general's visit"),
        ["the", "secretary-general", "visit"]
    );
    assert_eq!(tokens("RUSSIA'S"), ["RUSSIA"]);
    assert_eq!(tokens("russia's"), ["russia"]);
    // "'s" that starts a longer word is an ordinary apostrophe join.
    assert_eq!(tokens("o'sullivan"), ["o'sullivan"]);
}

#[test]
fn leading_and_trailing_apostrophes_are_not_part_of_tokens() {
    assert_eq!(tokens("the '90s"), ["the", "90s"]);
    assert_eq!(tokens("'quoted'"), ["quoted"]);
    assert_eq!(tokens("James' car"), ["James", "car"]);
}

#[test]
fn letter_period_abbreviations_keep_their_period() {
    assert_eq!(
        tokens("the u.s. and u.k. said"),
        ["the", "u.s.", "and", "u.k.", "said"]
    );
    assert_eq!(tokens("U.S.A."), ["U.S.A."]);
    assert_eq!(tokens("fruit, e.g. apples"), ["fruit", "e.g.", "apples"]);
    assert_eq!(
        tokens("at 5 p.m., police said"),
        ["at", "5", "p.m.", "police", "said"]
    );
    assert_eq!(tokens("(U.N.)"), ["U.N."]);
    assert_eq!(tokens("U.S.-led"), ["U.S.", "led"]);
    assert_eq!(tokens("e.g.the"), ["e.g.", "the"]);
    // A last letter without its period stays with the abbreviation.
    assert_eq!(
        tokens("the U.S.A and A.B.C."),
        ["the", "U.S.A", "and", "A.B.C."]
    );
    assert_eq!(tokens("U.S.A, then"), ["U.S.A", "then"]);
}

#[test]
fn sentence_periods_are_not_kept() {
    assert_eq!(tokens("He said. Then"), ["He", "said", "Then"]);
    assert_eq!(tokens("in 2015."), ["in", "2015"]);
    assert_eq!(tokens("Plan A. Plan B."), ["Plan", "Plan"]);
    assert_eq!(
        tokens("visit cnn.com today"),
        ["visit", "cnn", "com", "today"]
    );
    assert_eq!(tokens("Mr. Smith"), ["Mr", "Smith"]);
}

#[test]
fn numbers_keep_groups_and_decimals() {
    assert_eq!(tokens("240,000 people"), ["240,000", "people"]);
    assert_eq!(tokens("rose 3.5%"), ["rose", "3.5"]);
    assert_eq!(tokens("in 2015, 5 died"), ["in", "2015", "5", "died"]);
    assert_eq!(tokens("$4.5bn deal"), ["4.5bn", "deal"]);
    assert_eq!(tokens("1.000.000 euros"), ["1.000.000", "euros"]);
    assert_eq!(tokens("1, 2, 3"), ["1", "2", "3"]);
    assert_eq!(tokens("version 2.0."), ["version", "2.0"]);
    assert_eq!(tokens("at 10:30"), ["at", "10", "30"]);
    assert_eq!(tokens("abc,123"), ["abc", "123"]);
}

#[test]
fn single_characters_are_dropped_unless_digits() {
    assert_eq!(tokens("I saw a cat"), ["saw", "cat"]);
    assert_eq!(tokens("5 killed, 7 hurt"), ["5", "killed", "7", "hurt"]);
    assert_eq!(tokens("x y z 0"), ["0"]);
    assert_eq!(tokens("中 文"), Vec::<String>::new());
    assert_eq!(
        tokens("e\u{301} e\u{301}t\u{301}e\u{301}"),
        ["e\u{301}t\u{301}e\u{301}"]
    );
}

#[test]
fn non_ascii_text() {
    assert_eq!(
        tokens("Le président a déclaré aujourd’hui"),
        ["Le", "président", "déclaré", "aujourd'hui"]
    );
    assert_eq!(tokens("Straße über München"), ["Straße", "über", "München"]);
    assert_eq!(
        tokens("Путин заявил, что 240,5 тыс."),
        ["Путин", "заявил", "что", "240,5", "тыс"]
    );
    assert_eq!(tokens("中国外交部 发言人"), ["中国外交部", "发言人"]);
    assert_eq!(tokens("Σ.Υ.Ρ.Ι.Ζ.Α."), ["Σ.Υ.Ρ.Ι.Ζ.Α."]);
    assert_eq!(tokens("رئيس الوزراء"), ["رئيس", "الوزراء"]);
    // Tamil vowel signs are combining marks, not `\w`: they continue the word.
    assert_eq!(tokens("மரங்கள் வளரும்"), ["மரங்கள்", "வளரும்"]);
    // Decomposed accents stay with their letters.
    assert_eq!(tokens("cafe\u{301} noir"), ["cafe\u{301}", "noir"]);
}

#[test]
fn unfolded_typography_still_joins() {
    let tables = current();
    let mut spans = Vec::new();
    let text = "don’t Russia’s";
    news_token_spans(text, &tables, &mut spans);
    let found: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
    assert_eq!(found, ["don’t", "Russia"]);
}

#[test]
fn a_news_paragraph() {
    let text = "WASHINGTON (Reuters) — The U.S. military’s build-up near Venezuela, \
                involving 4,500 troops and 3.5 billion dollars, isn’t a prelude to war, \
                officials’ statements said on Tuesday. “We’re ready,” Gen. O’Neil said.";
    assert_eq!(
        tokens(text),
        [
            "WASHINGTON",
            "Reuters",
            "The",
            "U.S.",
            "military",
            "build-up",
            "near",
            "Venezuela",
            "involving",
            "4,500",
            "troops",
            "and",
            "3.5",
            "billion",
            "dollars",
            "isn't",
            "prelude",
            "to",
            "war",
            "officials",
            "statements",
            "said",
            "on",
            "Tuesday",
            "We're",
            "ready",
            "Gen",
            "O'Neil",
            "said",
        ]
    );
}

#[test]
fn spans_are_appended_after_existing_ones() {
    let tables = current();
    let mut spans = vec![(0, 0)];
    news_token_spans("hello world", &tables, &mut spans);
    assert_eq!(spans, [(0, 0), (0, 5), (6, 11)]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics_and_spans_are_clean(
        pieces in prop::collection::vec(
            prop::sample::select(
                &[
                    "a", "é", "e\u{301}", "\u{301}", "'", "’", "-", "\u{2011}", ".", ",", "s", "S",
                    "5", "٣", "中", "🙂", " ", "\n", "_", "ß", "İ", "\u{0}", "'s", "u.", "ா", "\"",
                ][..],
            ),
            0..16,
        ),
    ) {
        // tokens() checks that spans are ordered, on char boundaries, and start and end with
        // word characters.
        let _ = tokens(&pieces.concat());
    }
}

// -- rule 9: initialisms written in capitals ---------------------------------------------------

fn news_features(text: &str) -> Vec<String> {
    use crate::text::analyzer::{Analyzer, AnalyzerConfig, AnalyzerKind, Scratch, Tokenization};
    use crate::text::normalize::Normalization;
    let config = AnalyzerConfig {
        kind: AnalyzerKind::Word(Tokenization::News),
        normalization: Normalization {
            fold_typography: true,
            lowercase: true,
            strip_accents: None,
        },
        stop_words: Some(vec!["us".to_string(), "the".to_string(), "it".to_string()]),
        ..AnalyzerConfig::default()
    };
    let analyzer = Analyzer::new(config, current()).unwrap();
    let mut features = Vec::new();
    analyzer.analyze(text, &mut Scratch::default(), &mut |f| {
        features.push(f.to_string())
    });
    features
}

#[test]
fn an_initialism_in_capitals_is_its_dotted_spelling() {
    assert_eq!(
        news_features("The U.S. defence ministry told us"),
        news_features("The US defence ministry told us")
    );
    assert_eq!(
        news_features("The US told us the UK and E.U. agree"),
        ["u.s.", "told", "u.k.", "and", "e.u.", "agree"]
    );
    assert_eq!(
        news_features("US-led, the US's envoy, in the US."),
        ["u.s.", "led", "u.s.", "envoy", "in", "u.s."]
    );
}

#[test]
fn words_in_capitals_that_are_not_initialisms_stay_words() {
    // Shouting, a longer word, glued signs and digits are not initialisms.
    assert_eq!(news_features("THE US AND IT"), ["and"]);
    assert_eq!(
        news_features("NATO and AT&T use USB3"),
        ["nato", "and", "at", "use", "usb3"]
    );
    assert_eq!(news_features("It is up to us"), ["is", "up", "to"]);
}

#[test]
fn offsets_of_a_dotted_initialism_point_at_its_letters() {
    use crate::text::analyzer::{Analyzer, AnalyzerConfig, AnalyzerKind, Scratch, Tokenization};
    let config = AnalyzerConfig {
        kind: AnalyzerKind::Word(Tokenization::News),
        ..AnalyzerConfig::default()
    };
    let analyzer = Analyzer::new(config, current()).unwrap();
    let located = analyzer
        .analyze_with_offsets("Café in the US now", &mut Scratch::default())
        .unwrap();
    let us = located.iter().find(|f| f.text == "u.s.").unwrap();
    assert_eq!((us.start, us.end), (12, 14));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_streaming_and_tracked_paths_dot_initialisms_alike(
        pieces in prop::collection::vec(
            prop::sample::select(
                &["US", "us", "U.S.", "EU", "FBI", "NATO", " ", ".", "-", "'s", "é", "Σ", "ΑΣ",
                  "the", "AT&T", "\n", "İ"][..],
            ),
            0..12,
        ),
    ) {
        use crate::text::normalize::{normalize_news_into, Normalization, NormalizedText};
        let text = pieces.concat();
        let steps = Normalization { fold_typography: true, lowercase: true, strip_accents: None };
        let (mut fast, mut tracked) = (NormalizedText::default(), NormalizedText::default());
        normalize_news_into(&text, steps, &current(), false, &mut fast);
        normalize_news_into(&text, steps, &current(), true, &mut tracked);
        prop_assert_eq!(&fast.text, &tracked.text);
        prop_assert_eq!(tracked.byte_sources.len(), tracked.text.len() + 1);
    }
}
