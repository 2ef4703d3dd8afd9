use super::*;

#[test]
fn eighteen_languages() {
    let languages = stop_word_languages();
    assert_eq!(languages.len(), 18);
    for expected in [
        "arabic",
        "danish",
        "dutch",
        "english",
        "finnish",
        "french",
        "german",
        "greek",
        "hungarian",
        "italian",
        "norwegian",
        "portuguese",
        "romanian",
        "russian",
        "spanish",
        "swedish",
        "tamil",
        "turkish",
    ] {
        assert!(languages.contains(&expected), "{expected}");
    }
}

#[test]
fn english_list_has_the_usual_words() {
    let words = stop_words("english").unwrap();
    for word in ["the", "and", "of", "is", "a", "they"] {
        assert!(words.binary_search(&word).is_ok(), "{word}");
    }
    assert!(words.binary_search(&"president").is_err());
}

#[test]
fn every_language_has_a_clean_list() {
    for &language in stop_word_languages() {
        let words = stop_words(language).unwrap();
        assert!(words.len() > 50, "{language}: {}", words.len());
        assert!(words.windows(2).all(|pair| pair[0] < pair[1]), "{language}");
        for word in &words {
            assert_eq!(word.to_lowercase(), *word, "{language}");
            assert_eq!(word.trim(), *word, "{language}");
            assert!(!word.is_empty());
        }
    }
}

#[test]
fn tamil_comes_from_snowball_and_the_rest_from_stopwords_iso() {
    let tamil = stop_words("tamil").unwrap();
    assert!(tamil.contains(&"இந்த"), "{tamil:?}");
    assert_eq!(stop_words("ta").unwrap(), tamil);
    // The ISO English list is the long one (Snowball's has no "said").
    assert!(stop_words("english").unwrap().contains(&"said"));
    for &language in stop_word_languages() {
        let expected = if language == "tamil" {
            Source::Snowball
        } else {
            Source::Iso
        };
        assert_eq!(source_of(language), expected, "{language}");
    }
}

#[test]
fn romanian_has_both_cedilla_and_comma_spellings() {
    let words = stop_words("romanian").unwrap();
    let with_cedilla: Vec<&&str> = words.iter().filter(|w| w.contains(['ş', 'ţ'])).collect();
    assert!(!with_cedilla.is_empty());
    for word in with_cedilla {
        let twin = word.replace('ş', "ș").replace('ţ', "ț");
        assert!(words.binary_search(&twin.as_str()).is_ok(), "{twin}");
    }
    for word in ["şi", "și", "aţi", "ați"] {
        assert!(words.contains(&word), "{word}");
    }
}

#[test]
fn comma_spellings_are_added_both_ways_once() {
    let mut words = vec!["aţi", "și", "un"];
    add_comma_spellings(&mut words);
    assert_eq!(words, vec!["aţi", "ați", "un", "şi", "și"]);
}

#[test]
fn names_and_codes_in_any_case() {
    let english = stop_words("english").unwrap();
    assert_eq!(stop_words("EN").unwrap(), english);
    assert_eq!(stop_words("English").unwrap(), english);
    assert_eq!(stop_words("fr").unwrap(), stop_words("french").unwrap());
    assert!(stop_words("german").unwrap().contains(&"und"));
    assert!(stop_words("ru").unwrap().contains(&"и"));
}

#[test]
fn unknown_language_is_a_stop_words_parameter_error() {
    for bad in ["xx", "", "klingon"] {
        match stop_words(bad).unwrap_err() {
            Error::InvalidParameter { name, reason } => {
                assert_eq!(name, "stop_words");
                assert!(reason.contains(&format!("'{bad}'")), "{reason}");
                assert!(reason.contains("english, finnish"), "{reason}");
            }
            other => panic!("unexpected error {other:?}"),
        }
    }
}

#[test]
fn cleaning_lowercases_trims_and_deduplicates() {
    static RAW: [&str; 6] = ["The", "the", " a ", "", "Zebra", "and"];
    assert_eq!(clean(&RAW), vec!["a", "and", "the", "zebra"]);
}

#[test]
fn cleaning_drops_entries_that_cannot_be_tokens_and_repairs_greek_delta() {
    static RAW: [&str; 10] = [
        "ide-оda",
        "herse”",
        "может быть",
        "γα^",
        "،",
        "η∆η",
        "x∆y",
        "i.e.",
        "don't",
        "أَنَّ",
    ];
    assert_eq!(clean(&RAW), vec!["don't", "i.e.", "ηδη", "أَنَّ"]);
}

#[test]
fn every_list_holds_only_single_words() {
    for &language in stop_word_languages() {
        for word in stop_words(language).unwrap() {
            assert!(
                word.chars()
                    .all(|c| c.is_alphanumeric() || is_combining_mark(c) || "'’-.".contains(c)),
                "{language}: {word:?}"
            );
        }
    }
    assert!(stop_words("greek").unwrap().contains(&"ηδη"));
}
