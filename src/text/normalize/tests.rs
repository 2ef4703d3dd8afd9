use super::*;
use crate::text::char_tables::current;

fn run(text: &str, steps: Normalization) -> String {
    normalize(text, steps, &current())
}

const LOWER: Normalization = Normalization {
    fold_typography: false,
    lowercase: true,
    strip_accents: None,
};

#[test]
fn lowercases_like_python() {
    assert_eq!(run("Hello WORLD", LOWER), "hello world");
    assert_eq!(run("ÉCOLE Straße", LOWER), "école straße");
    assert_eq!(run("İstanbul", LOWER), "i\u{307}stanbul");
    assert_eq!(run("ΟΔΟΣ ΣΑ", LOWER), "οδος σα");
}

#[test]
fn strips_accents_like_scikit_learn() {
    let unicode = Normalization {
        strip_accents: Some(StripAccents::Unicode),
        ..Default::default()
    };
    let ascii = Normalization {
        strip_accents: Some(StripAccents::Ascii),
        ..Default::default()
    };
    assert_eq!(run("café ﬁne", unicode), "cafe fine");
    assert_eq!(run("naïve 中文", ascii), "naive ");
    // Combining marks go even when the text is already decomposed.
    assert_eq!(run("cafe\u{301}", unicode), "cafe");
    assert_eq!(run("a\u{301}\u{316}", unicode), "a");
}

#[test]
fn streaming_and_general_paths_agree() {
    let tables = current();
    let texts = [
        "Plain ASCII Text",
        "Russia’s “Défense” — Ünïcode ﬁne Ａ İstanbul ΟΔΟΣ σ",
        "mixed ⅫK\u{212a} cafe\u{301} 中文 ẞ",
        "",
    ];
    for text in texts {
        for lowercase in [false, true] {
            for fold_typography in [false, true] {
                for strip_accents in [None, Some(StripAccents::Ascii), Some(StripAccents::Unicode)]
                {
                    let steps = Normalization {
                        fold_typography,
                        lowercase,
                        strip_accents,
                    };
                    let mut general = NormalizedText::default();
                    normalize_into(text, steps, &tables, true, &mut general);
                    let mut streamed = String::new();
                    if normalize_streaming(text, steps, &tables, &mut streamed) {
                        assert_eq!(streamed, general.text, "{text:?} {steps:?}");
                    } else {
                        assert!(lowercase && text.contains('Σ'));
                    }
                    assert_eq!(normalize(text, steps, &tables), general.text);
                }
            }
        }
    }
}

#[test]
fn ascii_prefix_stops_at_the_first_non_ascii_byte() {
    for length in 0..40 {
        for at in 0..=length {
            let mut bytes = vec![b'a'; length];
            if at < length {
                bytes[at] = 0xC3;
            }
            assert_eq!(ascii_prefix_len(&bytes), at, "{length} {at}");
        }
    }
}

#[test]
fn sources_point_back_to_input_chars() {
    let mut out = NormalizedText::default();
    let steps = Normalization {
        fold_typography: true,
        lowercase: true,
        strip_accents: Some(StripAccents::Unicode),
    };
    normalize_into("Ａé’s", steps, &current(), true, &mut out);
    assert_eq!(out.text.len() + 1, out.byte_sources.len());
    assert_eq!(*out.byte_sources.last().unwrap(), 4);
    assert_eq!(out.byte_sources[0], 0);
}
