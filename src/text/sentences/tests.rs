use proptest::prelude::*;
use rustc_hash::FxHashSet;

use super::*;

#[test]
fn information_separators_are_trimmed_like_python_whitespace() {
    let splitter = SentenceSplitter::new("english").unwrap();
    assert_eq!(splitter.split("the\u{1f}"), vec![(0, 3)]);
    assert_eq!(splitter.split("\u{1c}Hi there."), vec![(1, 10)]);
}

/// The sentences of `text` under `language`, checking the span invariants on the way.
fn split_in(language: &str, text: &str) -> Vec<String> {
    split_with(&SentenceSplitter::new(language).unwrap(), text)
}

fn split_generic(text: &str) -> Vec<String> {
    split_with(&SentenceSplitter::generic(), text)
}

fn split_with(splitter: &SentenceSplitter, text: &str) -> Vec<String> {
    let spans = splitter.split(text);
    let mut previous_end = 0;
    for &(start, end) in &spans {
        assert!(
            previous_end <= start && start < end && end <= text.len(),
            "{spans:?}"
        );
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        let sentence = &text[start..end];
        assert_eq!(sentence.trim(), sentence, "untrimmed sentence in {spans:?}");
        assert!(
            text[previous_end..start].trim().is_empty(),
            "text lost before {start}"
        );
        previous_end = end;
    }
    assert!(
        text[previous_end..].trim().is_empty(),
        "text lost at the end"
    );
    spans
        .iter()
        .map(|&(start, end)| text[start..end].to_string())
        .collect()
}

fn split(text: &str) -> Vec<String> {
    split_in("english", text)
}

#[test]
fn splitter_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SentenceSplitter>();
}

#[test]
fn plain_sentences() {
    assert_eq!(
        split("The vote passed. Protests followed! Will it hold? Nobody knows."),
        [
            "The vote passed.",
            "Protests followed!",
            "Will it hold?",
            "Nobody knows."
        ]
    );
    assert_eq!(split("No punctuation at all"), ["No punctuation at all"]);
    assert_eq!(split("  Padded.  Again.  "), ["Padded.", "Again."]);
}

#[test]
fn empty_and_blank_text() {
    assert!(split("").is_empty());
    assert!(split("   \n\n\t ").is_empty());
    assert_eq!(split("."), ["."]);
}

#[test]
fn closing_quotes_and_brackets_stay_with_their_sentence() {
    assert_eq!(
        split("\"He left.\" She said so."),
        ["\"He left.\"", "She said so."]
    );
    assert_eq!(
        split("“We will win,” he said. “They won’t.” Then silence."),
        ["“We will win,” he said.", "“They won’t.”", "Then silence."]
    );
    assert_eq!(
        split("(It was late.) Everyone left."),
        ["(It was late.)", "Everyone left."]
    );
    assert_eq!(
        split("He said: 'It is over.' Then he left."),
        ["He said: 'It is over.'", "Then he left."]
    );
}

#[test]
fn lowercase_after_punctuation_continues_the_sentence() {
    assert_eq!(split("\"Why?\" he asked."), ["\"Why?\" he asked."]);
    assert_eq!(
        split("\"Stop!\" shouted the officer."),
        ["\"Stop!\" shouted the officer."]
    );
    assert_eq!(
        split("It was... odd. Then it ended."),
        ["It was... odd.", "Then it ended."]
    );
    assert_eq!(split("Wait… what happened?"), ["Wait… what happened?"]);
}

#[test]
fn opening_quotes_and_digits_start_sentences() {
    assert_eq!(
        split("He spoke. \"We are ready,\" he said."),
        ["He spoke.", "\"We are ready,\" he said."]
    );
    assert_eq!(
        split("It ended in 2015. 2016 was worse."),
        ["It ended in 2015.", "2016 was worse."]
    );
    assert_eq!(
        split("He left. (Nobody saw.)"),
        ["He left.", "(Nobody saw.)"]
    );
}

#[test]
fn ellipsis_before_a_capital_ends_the_sentence() {
    assert_eq!(split("And then... The end."), ["And then...", "The end."]);
    assert_eq!(split("And then… The end."), ["And then…", "The end."]);
}

#[test]
fn titles_never_end_sentences() {
    assert_eq!(
        split("Mr. Smith met Dr. Jones and Gen. Mark Milley. Sen. Warren agreed."),
        [
            "Mr. Smith met Dr. Jones and Gen. Mark Milley.",
            "Sen. Warren agreed."
        ]
    );
    assert_eq!(
        split("Talks resume on Jan. 5 in Geneva. Mrs. May attends."),
        ["Talks resume on Jan. 5 in Geneva.", "Mrs. May attends."]
    );
    assert_eq!(
        split("It was Roe v. Wade. Then came more."),
        ["It was Roe v. Wade.", "Then came more."]
    );
    assert_eq!(
        split("Fruit, e.g. Apples, i.e. Red ones. Fine."),
        ["Fruit, e.g. Apples, i.e. Red ones.", "Fine."]
    );
    assert_eq!(
        split("Brazil vs. Argentina ended 2-1."),
        ["Brazil vs. Argentina ended 2-1."]
    );
    assert_eq!(
        split("MR. SMITH SPEAKS. THE END."),
        ["MR. SMITH SPEAKS.", "THE END."]
    );
}

#[test]
fn capitalised_abbreviations_do_not_swallow_ordinary_words() {
    // "no" and "gen" in lowercase are words, not "No." and "Gen.".
    assert_eq!(
        split("He said no. The talks failed."),
        ["He said no.", "The talks failed."]
    );
    assert_eq!(
        split("It is the next gen. Buyers agree."),
        ["It is the next gen.", "Buyers agree."]
    );
}

#[test]
fn numbered_things() {
    assert_eq!(
        split("He was ranked No. 5 in the world. Fig. 3 shows it. See p. 12 for more."),
        [
            "He was ranked No. 5 in the world.",
            "Fig. 3 shows it.",
            "See p. 12 for more."
        ]
    );
    assert_eq!(
        split("The answer was No. Then silence."),
        ["The answer was No.", "Then silence."]
    );
}

#[test]
fn decimals_and_numbers() {
    assert_eq!(
        split("Growth was 3.5 percent. Prices rose 0.2 points."),
        ["Growth was 3.5 percent.", "Prices rose 0.2 points."]
    );
    assert_eq!(split("It cost $4.99. Cheap."), ["It cost $4.99.", "Cheap."]);
    assert_eq!(split("Version 2.0.1 shipped."), ["Version 2.0.1 shipped."]);
}

#[test]
fn months_before_a_day_and_names() {
    assert_eq!(split("On Jan. 5 we met."), ["On Jan. 5 we met."]);
    assert_eq!(split("I met Jan. She left."), ["I met Jan.", "She left."]);
}

#[test]
fn citations_and_enumerations() {
    assert_eq!(
        split("Smith et al. (2020) found it. Then more."),
        ["Smith et al. (2020) found it.", "Then more."]
    );
    assert_eq!(
        split("1. First point. 2. Second point."),
        ["1. First point.", "2. Second point."]
    );
    assert_eq!(
        split("Hello!!! World?! Yes."),
        ["Hello!!!", "World?!", "Yes."]
    );
}

#[test]
fn initials() {
    assert_eq!(
        split("John F. Kennedy was shot in 1963. J. R. R. Tolkien wrote books."),
        [
            "John F. Kennedy was shot in 1963.",
            "J. R. R. Tolkien wrote books."
        ]
    );
    assert_eq!(split("George W. Bush spoke."), ["George W. Bush spoke."]);
    assert_eq!(
        split("They chose plan B. The others left."),
        ["They chose plan B.", "The others left."]
    );
}

#[test]
fn letter_period_abbreviations() {
    assert_eq!(
        split("U.S. President Joe Biden met U.K. and E.U. leaders at the U.N. Security Council."),
        ["U.S. President Joe Biden met U.K. and E.U. leaders at the U.N. Security Council."]
    );
    assert_eq!(
        split("Troops returned to the U.S. The war was over."),
        ["Troops returned to the U.S.", "The war was over."]
    );
    assert_eq!(
        split("It starts at 9 a.m. Eastern time. It ends at 5 p.m. The crowd leaves."),
        [
            "It starts at 9 a.m. Eastern time.",
            "It ends at 5 p.m.",
            "The crowd leaves."
        ]
    );
    // A one-letter opener is too easily an initial.
    assert_eq!(
        split("Made in the U.S. A plant closed."),
        ["Made in the U.S. A plant closed."]
    );
}

#[test]
fn ambiguous_abbreviations_end_only_before_openers() {
    assert_eq!(
        split("Shares of Apple Inc. The company rose. Apple Inc. Chief Tim Cook spoke."),
        [
            "Shares of Apple Inc.",
            "The company rose.",
            "Apple Inc. Chief Tim Cook spoke."
        ]
    );
    assert_eq!(
        split("Bring food, water, etc. We leave soon. Martin Luther King Jr. Day is near."),
        [
            "Bring food, water, etc.",
            "We leave soon.",
            "Martin Luther King Jr. Day is near."
        ]
    );
    assert_eq!(
        split("He lives near St. Louis."),
        ["He lives near St. Louis."]
    );
    assert_eq!(
        split("He worked at Acme Corp. \"It was hard,\" he said."),
        ["He worked at Acme Corp.", "\"It was hard,\" he said."]
    );
}

#[test]
fn blank_lines_always_split() {
    assert_eq!(
        split("Mr.\n\nSmith arrived in the U.S.\n\nthe end"),
        ["Mr.", "Smith arrived in the U.S.", "the end"]
    );
    assert_eq!(split("One\r\n\r\nTwo"), ["One", "Two"]);
    assert_eq!(split("One\n   \n\tTwo"), ["One", "Two"]);
    assert_eq!(split("One\u{2029}two"), ["One", "two"]);
}

#[test]
fn headlines_and_paragraph_lines() {
    assert_eq!(
        split("Russia Launches New Strikes\nKyiv was hit overnight. Officials said 5 died.\nThe mayor spoke."),
        [
            "Russia Launches New Strikes",
            "Kyiv was hit overnight.",
            "Officials said 5 died.",
            "The mayor spoke."
        ]
    );
    assert_eq!(
        split("Key points:\n• Prices rose\n• Wages fell\n- Rents flat"),
        [
            "Key points:",
            "• Prices rose",
            "• Wages fell",
            "- Rents flat"
        ]
    );
    // Lines are paragraphs here, so a final period ends a sentence whatever follows.
    assert_eq!(
        split("First paragraph.\nsecond one starts lowercase"),
        ["First paragraph.", "second one starts lowercase"]
    );
    // Continuation punctuation and titles join lines.
    assert_eq!(
        split("Officials in London,\nParis and Berlin agreed.\nThey met Dr.\nSmith."),
        [
            "Officials in London,\nParis and Berlin agreed.",
            "They met Dr.\nSmith."
        ]
    );
}

#[test]
fn hard_wrapped_text_joins_lines() {
    let text = "The president said on Tuesday that the\nadministration would act. Congress was\nNot consulted, aides said.\nLater he left.";
    assert_eq!(
        split(text),
        [
            "The president said on Tuesday that the\nadministration would act.",
            "Congress was\nNot consulted, aides said.",
            "Later he left."
        ]
    );
    // In wrapped text a line ending in a title continues, as inside a line.
    let text = "He was greeted by the\nnew envoy and Mr.\nJones. Then it rained.";
    assert_eq!(
        split(text),
        [
            "He was greeted by the\nnew envoy and Mr.\nJones.",
            "Then it rained."
        ]
    );
}

#[test]
fn non_ascii_offsets() {
    assert_eq!(
        split_in(
            "english",
            "Café owners in Zürich protested. Señora Núñez spoke."
        ),
        ["Café owners in Zürich protested.", "Señora Núñez spoke."]
    );
    assert_eq!(
        split_in(
            "russian",
            "Путин прибыл в Москву. Он выступил с речью. В. В. Путин ушёл."
        ),
        [
            "Путин прибыл в Москву.",
            "Он выступил с речью.",
            "В. В. Путин ушёл."
        ]
    );
    assert_eq!(
        split_in(
            "arabic",
            "وصل الرئيس إلى القاهرة. وقال إن المحادثات مثمرة؟ نعم."
        ),
        [
            "وصل الرئيس إلى القاهرة.",
            "وقال إن المحادثات مثمرة؟",
            "نعم."
        ]
    );
    assert_eq!(
        split_in("tamil", "அவர் சென்னை வந்தார். மக்கள் வரவேற்றனர்."),
        ["அவர் சென்னை வந்தார்.", "மக்கள் வரவேற்றனர்."]
    );
    assert_eq!(
        split("你好。我很好！你呢？"),
        ["你好。", "我很好！", "你呢？"]
    );
    assert_eq!(
        split("「はい。」と彼は言った。次へ。"),
        ["「はい。」と彼は言った。", "次へ。"]
    );
    assert_eq!(
        split("Emoji 🙂. Next 🙂 one."),
        ["Emoji 🙂.", "Next 🙂 one."]
    );
}

#[test]
fn german_rules() {
    assert_eq!(
        split_in(
            "de",
            "Es gibt z. B. Äpfel. Dr. Müller kam am 3. Oktober. Das war gut."
        ),
        [
            "Es gibt z. B. Äpfel.",
            "Dr. Müller kam am 3. Oktober.",
            "Das war gut."
        ]
    );
    assert_eq!(
        split_in(
            "german",
            "Siehe Nr. 5 und z.B. Birnen. Im Jahr 2015. Die Lage war ernst."
        ),
        [
            "Siehe Nr. 5 und z.B. Birnen.",
            "Im Jahr 2015.",
            "Die Lage war ernst."
        ]
    );
    assert_eq!(
        split_in("german", "„Wir gehen.“ Er ging. »Gut.« Sie blieb."),
        ["„Wir gehen.“", "Er ging.", "»Gut.«", "Sie blieb."]
    );
}

#[test]
fn french_rules() {
    assert_eq!(
        split_in("fr", "M. Dupont et Mme Durand sont arrivés. Ils ont parlé."),
        ["M. Dupont et Mme Durand sont arrivés.", "Ils ont parlé."]
    );
    assert_eq!(
        split_in(
            "french",
            "« Il est parti. » Elle pleurait. « Pourquoi ? » Personne."
        ),
        [
            "« Il est parti. »",
            "Elle pleurait.",
            "« Pourquoi ? »",
            "Personne."
        ]
    );
}

#[test]
fn other_languages() {
    assert_eq!(
        split_in("es", "El Sr. García llegó a EE.UU. El viaje fue largo."),
        ["El Sr. García llegó a EE.UU.", "El viaje fue largo."]
    );
    assert_eq!(
        split_in("greek", "Πού είναι ο κ. Παπαδόπουλος; Δεν ξέρω."),
        ["Πού είναι ο κ. Παπαδόπουλος;", "Δεν ξέρω."]
    );
    assert_eq!(
        split_in("swedish", "Det finns t.ex. Äpplen. Sedan gick han."),
        ["Det finns t.ex. Äpplen.", "Sedan gick han."]
    );
}

#[test]
fn generic_rules_have_no_abbreviation_list() {
    let splitter = SentenceSplitter::generic();
    assert_eq!(splitter.language(), None);
    // Without an English abbreviation list, "Mr." is an ordinary word.
    assert_eq!(
        split_in("", "Mr. Smith left. He came back."),
        ["Mr. Smith left.", "He came back."]
    );
    assert_eq!(
        split_generic("Mr. Smith left. He came back."),
        ["Mr.", "Smith left.", "He came back."]
    );
    // Initials and letter-period abbreviations still hold.
    assert_eq!(
        split_generic("J. R. R. Tolkien met U.S. Officials."),
        ["J. R. R. Tolkien met U.S. Officials."]
    );
}

#[test]
fn unknown_languages_are_a_language_parameter_error() {
    for bad in ["klingon", "xx", "englsh"] {
        match SentenceSplitter::new(bad).err().unwrap() {
            Error::InvalidParameter { name, reason } => {
                assert_eq!(name, "language");
                assert!(reason.contains(&format!("'{bad}'")), "{reason}");
            }
            other => panic!("unexpected error {other:?}"),
        }
    }
}

#[test]
fn language_names_and_codes() {
    assert_eq!(
        SentenceSplitter::new("EN").unwrap().language(),
        Some("english")
    );
    assert_eq!(
        SentenceSplitter::new("German").unwrap().language(),
        Some("german")
    );
    assert_eq!(
        SentenceSplitter::new("").unwrap().language(),
        Some("english")
    );
    assert_eq!(SentenceSplitter::default().language(), Some("english"));
}

#[test]
fn the_language_table_is_well_formed() {
    let table = rules::language_table();
    assert!(table.problems.is_empty(), "{:?}", table.problems);
    let mut covered = FxHashSet::default();
    for section in &table.sections {
        assert!(!section.languages.is_empty());
        for &language in &section.languages {
            assert_eq!(resolve_language(language), Some(language), "[{language}]");
            assert!(covered.insert(language), "{language} has two sections");
        }
        let mut seen = FxHashSet::default();
        let lists = [&section.never, &section.before_number, &section.ambiguous];
        for entry in lists.into_iter().flatten() {
            assert!(
                seen.insert(entry.to_lowercase()),
                "{:?}: {entry} listed twice",
                section.languages
            );
            assert!(!entry.ends_with('.'), "{:?}: {entry}", section.languages);
        }
        for opener in &section.openers {
            assert!(
                opener.chars().next().is_some_and(char::is_uppercase),
                "{opener}"
            );
        }
    }
    // Every key of the format is used somewhere, so none is silently misspelt everywhere.
    assert!(table.sections.iter().any(|s| !s.before_number.is_empty()));
    for flag in rules::FLAGS {
        assert!(table.sections.iter().any(|s| s.flags.contains(&flag)));
    }
}

#[test]
fn malformed_table_lines_are_reported_not_fatal() {
    let table = rules::parse_table(
        "stray before any section\n[english]\nnever Mr\n  Dr\nnevr Xx\nflags loud\n",
    );
    assert_eq!(table.sections.len(), 1);
    assert_eq!(table.sections[0].never, ["Mr", "Dr"]);
    assert_eq!(table.problems.len(), 3, "{:?}", table.problems);
}

#[test]
fn every_language_splits_with_its_rules() {
    for &language in crate::text::stem::stem_languages() {
        let text = "Dr. A. B. Smith met U.S. Officials. It rained… Then 3.5 percent.\n\nEnd";
        let sentences = split_in(language, text);
        assert_eq!(
            sentences.last().map(String::as_str),
            Some("End"),
            "{language}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics_and_covers_everything(
        language in prop::sample::select(&["english", "german", "french", "greek", "tamil"][..]),
        pieces in prop::collection::vec(
            prop::sample::select(
                &[
                    "a", "A", "é", "\u{301}", ".", "!", "?", "…", "。", "」", "\"", "“", "»", "«",
                    " ", "\n", "\r\n", "\n\n", "Mr", "U.S", "z. B", "3", "中", "🙂", "\u{a0}",
                    ";", "(", ")", "\u{2029}", "The",
                ][..],
            ),
            0..24,
        ),
    ) {
        // split_in checks that the spans are ordered, trimmed and cover every non-space.
        let _ = split_in(language, &pieces.concat());
    }
}

#[test]
fn a_news_article() {
    let text = "WASHINGTON (Reuters) - The U.S. Senate on Tuesday passed a $1.2 trillion \
                spending bill. Sen. Chuck Schumer said it was \"a good day.\" The vote was \
                68-32.\n\nPresident Joe Biden, who met U.K. Prime Minister Rishi Sunak on \
                Jan. 5, is expected to sign it... Officials declined to comment.";
    assert_eq!(
        split(text),
        [
            "WASHINGTON (Reuters) - The U.S. Senate on Tuesday passed a $1.2 trillion spending bill.",
            "Sen. Chuck Schumer said it was \"a good day.\"",
            "The vote was 68-32.",
            "President Joe Biden, who met U.K. Prime Minister Rishi Sunak on Jan. 5, is expected to sign it...",
            "Officials declined to comment.",
        ]
    );
}

#[test]
fn a_quoted_question_the_sentence_continues_past_does_not_split() {
    let text = "Protesters chanted \"Whose street? Our street\" at police and shouted at them.";
    assert_eq!(split(text), [text]);
    let text = "The crowd shouted \"Shame! Shame!\" until the speaker left.";
    assert_eq!(split(text), [text]);
    assert_eq!(
        split("\"Is this the end?\" she asked. Nobody answered."),
        ["\"Is this the end?\" she asked.", "Nobody answered."]
    );
}

#[test]
fn ascii_newswire_quotes_behave_like_typographic_ones() {
    assert_eq!(
        split("``We will not back down,'' he said. ``This city deserves better.''"),
        [
            "``We will not back down,'' he said.",
            "``This city deserves better.''"
        ]
    );
    let text = "They sang ``Why? Why not'' all night.";
    assert_eq!(split(text), [text]);
}

#[test]
fn after_an_abbreviation_a_common_word_starts_a_sentence() {
    assert_eq!(
        split("They met at 3 p.m. Everyone agreed."),
        ["They met at 3 p.m.", "Everyone agreed."]
    );
    let text = "The council votes at 3 p.m. Friday on the budget.";
    assert_eq!(split(text), [text]);
    // A common word starting a capitalised name.
    let text = "He flew to the U.S. State Department on Monday.";
    assert_eq!(split(text), [text]);
    // Capitalised mid-sentence in this text: a name, not a sentence start.
    let text = "The band Everyone played. They met at 3 p.m. Everyone came.";
    assert_eq!(
        split(text).last().unwrap(),
        "They met at 3 p.m. Everyone came."
    );
}

#[test]
fn a_name_seen_without_its_period_is_not_a_title() {
    let text = "Hun Sen has ruled since 1985. Critics fear Hun Sen. Sam Rainsy left.";
    assert_eq!(
        split(text),
        [
            "Hun Sen has ruled since 1985.",
            "Critics fear Hun Sen.",
            "Sam Rainsy left."
        ]
    );
    let alone = "Critics fear Hun Sen. Sam Rainsy left.";
    assert_eq!(split(alone).len(), 1);
    let learned = LearnedAbbreviations::learn(["Hun Sen said so.", alone]);
    let splitter = SentenceSplitter::new("english").unwrap();
    assert_eq!(splitter.split_with(alone, Some(&learned)).len(), 2);
    assert_eq!(
        split("Democratic Sen. Paul Hendry backed it."),
        ["Democratic Sen. Paul Hendry backed it."]
    );
}

#[test]
fn given_abbreviations_are_ambiguous_ones() {
    let splitter = SentenceSplitter::new("english").unwrap();
    let text = "Shares of Orlan Mfg. Corp. rose. It grew.";
    assert_eq!(splitter.split(text).len(), 3);
    let given = LearnedAbbreviations::from_words(["Mfg."]);
    assert_eq!(splitter.split_with(text, Some(&given)).len(), 2);
}
