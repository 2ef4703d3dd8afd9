use proptest::prelude::*;

use super::*;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn stemmer_is_shareable_across_threads() {
    assert_send_sync::<Stemmer>();
    assert_send_sync::<StemCache>();
}

#[test]
fn english_stems_follow_snowball() {
    let stemmer = Stemmer::new("english").unwrap();
    assert_eq!(stemmer.stem("running"), "run");
    assert_eq!(stemmer.stem("connections"), "connect");
    assert_eq!(stemmer.stem("generously"), "generous");
    assert_eq!(stemmer.stem("elections"), "elect");
    assert_eq!(stemmer.stem("run"), "run");
}

#[test]
fn other_languages_stem() {
    assert_eq!(Stemmer::new("german").unwrap().stem("häuser"), "haus");
    assert_eq!(
        Stemmer::new("french").unwrap().stem("continuellement"),
        "continuel"
    );
    assert_eq!(Stemmer::new("spanish").unwrap().stem("corriendo"), "corr");
    assert_eq!(Stemmer::new("russian").unwrap().stem("книги"), "книг");
}

#[test]
fn unchanged_words_are_borrowed() {
    let stemmer = Stemmer::new("english").unwrap();
    assert!(matches!(stemmer.stem("run"), Cow::Borrowed("run")));
}

#[test]
fn every_language_constructs_by_name_and_code() {
    assert_eq!(stem_languages().len(), 18);
    for &language in stem_languages() {
        let stemmer = Stemmer::new(language).unwrap();
        assert_eq!(stemmer.language(), language);
        let code = language_code(language).unwrap();
        assert_eq!(Stemmer::new(code).unwrap().language(), language);
        let shouted = language.to_uppercase();
        assert_eq!(Stemmer::new(&shouted).unwrap().language(), language);
    }
}

#[test]
fn languages_are_sorted_lowercase_names() {
    let languages = stem_languages();
    assert!(languages.windows(2).all(|pair| pair[0] < pair[1]));
    assert!(languages
        .iter()
        .all(|name| name.chars().all(|c| c.is_ascii_lowercase())));
    assert!(languages.contains(&"tamil") && languages.contains(&"arabic"));
}

#[test]
fn names_resolve_case_insensitively() {
    assert_eq!(resolve_language("English"), Some("english"));
    assert_eq!(resolve_language(" FR "), Some("french"));
    assert_eq!(resolve_language("nb"), Some("norwegian"));
    assert_eq!(language_code("German"), Some("de"));
    assert_eq!(resolve_language("klingon"), None);
    assert_eq!(resolve_language(""), None);
}

#[test]
fn unknown_language_is_a_stem_parameter_error() {
    let error = Stemmer::new("xx").unwrap_err();
    match error {
        Error::InvalidParameter { name, reason } => {
            assert_eq!(name, "stem");
            assert!(reason.contains("'xx'") && reason.contains("english"));
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert!(Stemmer::new("").is_err());
}

#[test]
fn cache_matches_direct_stemming_and_stores_each_word_once() {
    let stemmer = Stemmer::new("english").unwrap();
    let mut cache = StemCache::new();
    assert!(cache.is_empty());
    let words = [
        "running",
        "connections",
        "running",
        "ran",
        "connections",
        "elections",
    ];
    for word in words {
        let direct = stemmer.stem(word).into_owned();
        assert_eq!(cache.stem(&stemmer, word), direct);
    }
    assert_eq!(cache.len(), 4);
    cache.clear();
    assert!(cache.is_empty());
}

#[test]
fn cache_is_emptied_when_the_language_changes() {
    let english = Stemmer::new("english").unwrap();
    let german = Stemmer::new("german").unwrap();
    let mut cache = StemCache::new();
    assert_eq!(cache.stem(&english, "häuser"), "häuser");
    assert_eq!(cache.stem(&german, "häuser"), "haus");
    assert_eq!(cache.len(), 1);
}

/// Words no stemmer was written for: empty, apostrophes alone, combining marks, other
/// scripts, control characters, dotless and dotted i, long runs, and a Turkish stem that
/// ends in "d".
const ODD_WORDS: [&str; 16] = [
    "",
    "a",
    "'",
    "ß",
    "e\u{301}",
    "中文",
    "x\u{0}y",
    "🙂🙂",
    "AbC",
    "மரங்கள்",
    "كتابات",
    "ελληνικά",
    "ıiİ",
    "sss'sss",
    "аааааааааааааааааааааааааааа",
    "gurbetd",
];

/// What holds for any word in any language: the cache serves exactly the stemmer's stem (also
/// after switching language), and the stem is at most one character longer than the word
/// (Snowball rules strip or replace suffixes; the one rule that adds a letter is Turkish's
/// restoring of a final vowel after "d" or "g").
fn check_any_word(cache: &mut StemCache, stemmer: &Stemmer, word: &str) {
    let stem = stemmer.stem(word);
    assert_eq!(
        cache.stem(stemmer, word),
        stem,
        "{} {word:?}",
        stemmer.language()
    );
    assert!(
        stem.chars().count() <= word.chars().count() + 1,
        "{} {word:?} -> {stem:?}",
        stemmer.language()
    );
}

#[test]
fn odd_words_stem_consistently_and_stay_short() {
    let mut cache = StemCache::new();
    for &language in stem_languages() {
        let stemmer = Stemmer::new(language).unwrap();
        assert_eq!(stemmer.stem(""), "", "{language}");
        for word in ODD_WORDS {
            check_any_word(&mut cache, &stemmer, word);
        }
    }
    // The bound is reached: Turkish gives a stem ending in "d" its vowel back.
    let turkish = Stemmer::new("turkish").unwrap();
    assert_eq!(turkish.stem("gurbetd"), "gurbetdi");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_word_stems_consistently_and_stays_short(
        words in prop::collection::vec("\\PC{0,16}", 1..8),
    ) {
        let mut cache = StemCache::new();
        for &language in stem_languages() {
            let stemmer = Stemmer::new(language).unwrap();
            for word in &words {
                check_any_word(&mut cache, &stemmer, word);
            }
        }
    }
}
