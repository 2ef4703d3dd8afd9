use std::borrow::Cow;

use super::assemble::single_spaced;
use super::*;

fn clean(texts: &[&str]) -> Vec<CleanedArticle> {
    let cleaner = Cleaner::new("english", CleanerOptions::default()).unwrap();
    let articles: Vec<ArticleText<'_>> = texts
        .iter()
        .map(|text| ArticleText {
            text,
            known_title: None,
            outlet: None,
        })
        .collect();
    cleaner.clean_set(&articles)
}

const PAGE: &str = "Home » News » Port strike\n\
    Share\n\
    Dockers walk out at Kestra port over pay\n\
    By Anna Lind | Reporter\n\
    Published: 14 March 2026, 09:12\n\
    \n\
    Hundreds of dock workers walked off the job at the port of Kestra on Friday, \
    halting the loading of ships for the first time in a decade.\n\
    \n\
    Advertisement\n\
    \n\
    The union said the strike would last until the operator returned to the table.\n\
    “We are not leaving,” she said.\n\
    Dockers walk out at Kestra port over pay\n\
    Shares in the operator fell 4 percent on the news, while the city council called \
    an emergency meeting for Monday morning.\n\
    Workers gather at the gate on Friday\n\
    The council will meet again on Tuesday to discuss the situation with the union.\n\
    \n\
    Leave a comment\n\
    © 2026 Harbour Times. All rights reserved.\n\
    {\"id\":\"1688\",\"title\":\"Other story\",\"pic\":\"/a/b.jpg\"}\n";

#[test]
fn a_scraped_page_is_reduced_to_its_body_with_metadata() {
    let cleaned = &clean(&[PAGE])[0];
    assert_eq!(
        cleaned.title.as_deref(),
        Some("Dockers walk out at Kestra port over pay")
    );
    assert_eq!(cleaned.byline.as_deref(), Some("Anna Lind"));
    assert_eq!(
        cleaned.date.map(|d| d.to_string()).as_deref(),
        Some("2026-03-14")
    );
    let paragraphs: Vec<&str> = cleaned.body.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 5, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("Hundreds of dock workers"));
    assert!(paragraphs.contains(&"“We are not leaving,” she said."));
    assert!(paragraphs
        .iter()
        .any(|p| p.starts_with("Shares in the operator")));
    let kinds: Vec<&str> = cleaned.removed.iter().map(|r| r.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "navigation",
            "furniture",
            "title",
            "byline",
            "date",
            "furniture",
            "repeated-title",
            "caption",
            "furniture",
            "copyright",
            "data"
        ]
    );
    // Offsets point into the original text.
    let first = &cleaned.removed[0];
    assert_eq!(&PAGE[first.start..first.end], "Home » News » Port strike");
    for &(start, end) in &cleaned.kept {
        assert!(cleaned.body.contains(&PAGE[start..end]));
    }
    assert_eq!(
        cleaned.words_kept + cleaned.words_removed,
        words_of(PAGE)
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
    );
}

#[test]
fn syndicated_prose_is_kept_but_shared_furniture_goes() {
    let wire = "Dockers walk out at Kestra port\n\nHundreds of dock workers walked off the job at the port of Kestra on Friday, halting ships.\nMore dock workers are expected to join the strike on Monday, the union said in a statement.\nTop picks from our newsroom";
    let copy = "Dockers walk out at Kestra port\n\nHundreds of dock workers walked off the job at the port of Kestra on Friday, halting ships.\nMore dock workers are expected to join the strike on Monday, the union said in a statement.\nTop picks from our newsroom";
    let cleaned = clean(&[wire, copy]);
    for article in &cleaned {
        assert_eq!(article.body.split("\n\n").count(), 2);
        assert_eq!(
            article.removed.last().unwrap().kind,
            RemovalKind::Boilerplate
        );
    }
}

#[test]
fn the_sites_rights_notice_ends_the_article_and_pitches_go() {
    let page = "Flood barriers fail in Corlen\n\nTemporary flood barriers along the River Avel failed early on Sunday, sending water into about 300 homes in the town of Corlen, emergency services said.\n\nSign up for our daily newsletter\nGet the latest headlines delivered to your inbox every morning.\n\nResidents were moved to a sports hall and two schools, and officials warned that the river would not peak until Monday evening.\n\n© 2026 World Desk Media. All rights reserved.\nWe use cookies to give you the best experience. By continuing you agree to our use of cookies.";
    let cleaned = &clean(&[page])[0];
    assert_eq!(cleaned.body.split("\n\n").count(), 2, "{}", cleaned.body);
    let kinds: Vec<(RemovalKind, &str)> = cleaned
        .removed
        .iter()
        .map(|r| (r.kind, &page[r.start..r.end]))
        .collect();
    assert!(kinds.contains(&(
        RemovalKind::Furniture,
        "Get the latest headlines delivered to your inbox every morning."
    )));
    assert!(kinds
        .iter()
        .any(|(kind, text)| *kind == RemovalKind::Cookie && text.starts_with("We use cookies")));
}

#[test]
fn items_of_a_labelled_list_are_not_the_headline_and_closed_comments_end_the_body() {
    let page = "Home › World\n\nFerry strike halts crossings to the islands\n\nKey points:\nCrossings to all five islands cancelled\nUnion demands a 9% pay rise\n\nFerry crews walked out for a second day on Tuesday, leaving thousands of passengers stranded on the mainland.\n\nThe union said its members would stay out until Friday unless the operator improved its offer of a pay rise.\n\nComments are closed for this article.";
    let cleaned = &clean(&[page])[0];
    assert_eq!(
        cleaned.title.as_deref(),
        Some("Ferry strike halts crossings to the islands")
    );
    assert!(cleaned.body.starts_with("Ferry crews walked out"));
    assert!(
        cleaned.body.ends_with("improved its offer of a pay rise."),
        "{}",
        cleaned.body
    );
}

#[test]
fn body_paragraphs_have_one_space_between_words() {
    let page = "Dockers walk out at Kestra port\n\nHundreds of dock workers  walked off\tthe job at the port of Kestra on\u{a0}Friday, halting ships.\n\nMore dock workers are expected to join the strike on Monday, the union said.";
    let cleaned = &clean(&[page])[0];
    assert!(cleaned.body.starts_with(
        "Hundreds of dock workers walked off the job at the port of Kestra on Friday, halting ships."
    ), "{}", cleaned.body);
    assert_eq!(single_spaced("  a \u{a0} b\t"), "a b");
    assert!(matches!(single_spaced("a b"), Cow::Borrowed("a b")));
}

#[test]
fn an_article_without_prose_has_an_empty_body() {
    let cleaned = &clean(&["Page not found\nHome | News | Sport\nSearch"])[0];
    assert!(cleaned.body.is_empty());
    assert!(cleaned
        .removed
        .iter()
        .all(|removal| removal.kind != RemovalKind::Title || removal.reason.contains("headline")));
    assert_eq!(cleaned.words_kept, 0);
}

#[test]
fn a_bare_by_line_takes_the_name_from_the_next_line() {
    let text = "Military talks begin\n  • By\n  • AFP/AP\nThe two ministers spoke for fifty minutes on Friday and agreed to meet again in the spring.";
    let cleaned = &clean(&[text])[0];
    assert_eq!(cleaned.byline.as_deref(), Some("AFP/AP"));
    assert_eq!(cleaned.title.as_deref(), Some("Military talks begin"));
}

#[test]
fn output_is_nfc() {
    let text =
        "The cafe\u{301} on the corner of the square was closed by the police on Friday night.";
    let cleaned = &clean(&[text])[0];
    assert!(cleaned.body.contains("café"));
}

#[test]
fn unknown_language_is_a_parameter_error() {
    let error = Cleaner::new("klingon", CleanerOptions::default()).unwrap_err();
    assert!(matches!(error, Error::InvalidParameter { ref name, .. } if name == "language"));
}

const LEDE: &str = "Engineers closed the viaduct to all traffic on Monday after inspectors found cracks in two of its concrete piers, diverting lorries onto village roads.";
const SECOND: &str = "The roads agency said the crossing would stay shut for at least a month while divers examined the foundations of the piers.";
const THIRD: &str = "Hauliers warned that the detour would add an hour to every journey, and asked the government to pay for a shuttle service.";

fn clean_with(text: &str, strictness: f64) -> CleanedArticle {
    let options = CleanerOptions {
        strictness,
        ..CleanerOptions::default()
    };
    let cleaner = Cleaner::new("english", options).unwrap();
    let article = ArticleText {
        text,
        known_title: None,
        outlet: None,
    };
    cleaner.clean_set(&[article]).remove(0)
}

#[test]
fn subheadings_are_kept_and_marked_with_offsets_into_the_body() {
    let page = format!("{LEDE}\n\nA month of detours\n\n{SECOND}\n\n{THIRD}");
    let cleaned = clean_with(&page, 0.5);
    assert_eq!(cleaned.headings.len(), 1);
    let (start, end) = cleaned.headings[0];
    let chars: Vec<char> = cleaned.body.chars().collect();
    let heading: String = chars[start..end].iter().collect();
    assert_eq!(heading, "A month of detours");
}

#[test]
fn corrections_become_metadata() {
    let note = "Correction: An earlier version of this story gave the wrong date for the closure.";
    let page = format!("{LEDE}\n\n{SECOND}\n\n{note}\n\n{THIRD}");
    let cleaned = clean_with(&page, 0.5);
    assert_eq!(cleaned.corrections, [note]);
    assert!(!cleaned.body.contains("Correction"));
    assert!(cleaned
        .removed
        .iter()
        .any(|r| r.kind == RemovalKind::Correction));
}

#[test]
fn error_pages_are_not_articles() {
    let page = "Page not found\nSorry, the page you requested could not be found.\nError 404";
    let cleaned = clean_with(page, 0.5);
    assert!(!cleaned.is_article);
    assert!(cleaned.body.is_empty() && cleaned.title.is_none());
    assert!(cleaned.removed.iter().all(|r| r.score > 0.0));
    let empty = clean_with("", 0.5);
    assert!(empty.is_article && empty.body.is_empty());
}

#[test]
fn strictness_sets_the_score_a_removal_needs() {
    let caption = "Workers gather at the depot on Monday holding banners and flags";
    let page =
        format!("Viaduct shut after cracks found\n\n{LEDE}\n\n{caption}\n\n{SECOND}\n\n{THIRD}");
    let lenient = clean_with(&page, 0.0);
    let strict = clean_with(&page, 1.0);
    assert!(lenient.body.contains(caption));
    assert!(!strict.body.contains(caption));
    // The headline is metadata: it leaves at any strictness.
    assert_eq!(
        lenient.title.as_deref(),
        Some("Viaduct shut after cracks found")
    );
    for cleaned in [&lenient, &strict] {
        assert!(cleaned
            .removed
            .iter()
            .all(|r| (0.0..=1.0).contains(&r.score)));
    }
    let refused = Cleaner::new(
        "english",
        CleanerOptions {
            strictness: 1.5,
            ..CleanerOptions::default()
        },
    );
    assert!(refused.is_err());
}

#[test]
fn a_teaser_copy_goes_and_the_body_keeps_its_order() {
    let page =
        format!("Menu\n{SECOND}\nViaduct shut after cracks found\n\n{LEDE}\n{SECOND}\n{THIRD}");
    let cleaned = clean_with(&page, 0.5);
    assert_eq!(cleaned.body, format!("{LEDE}\n\n{SECOND}\n\n{THIRD}"));
    let copy = cleaned
        .removed
        .iter()
        .find(|r| r.kind == RemovalKind::Duplicate)
        .unwrap();
    assert_eq!(copy.start, page.find(SECOND).unwrap());
}

#[test]
fn debris_is_cut_from_the_lede_and_its_words_are_counted() {
    let page = format!("Source: Harbour Ledger\n\nLedger Live - {LEDE}\n\n{SECOND}");
    let cleaned = clean_with(&page, 0.5);
    assert!(cleaned.body.starts_with("Engineers closed"));
    let debris = cleaned
        .removed
        .iter()
        .find(|r| r.kind == RemovalKind::Debris)
        .unwrap();
    assert_eq!(&page[debris.start..debris.end], "Ledger Live - ");
    assert_eq!(
        cleaned.words_kept + cleaned.words_removed,
        crate::articles::features::count_words(&page)
    );
}

/// Pieces of scraped pages, cue words, and awkward characters (combining marks, right-to-left
/// text, zero-width characters, NUL), for the property tests.
fn page_piece() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    const PIECES: &[&str] = &[
        LEDE,
        SECOND,
        "Share",
        "Correction: An earlier version of this story was wrong.",
        "Jane Roe contributed reporting.",
        "Reach Jane Roe at 555-0100 or jane@site.example.",
        "FILE - In this May 4, 2019 file photo, a crane.",
        "3/18 The minister arrives",
        "Page not found",
        "A month of detours",
        "Site4u - Officials met on Monday to discuss the plan for the bridge and the road.",
        "“Whose street?” they chanted, “Our street!”",
        "Sign up for our newsletter: enter your email *",
        "e\u{301}\u{301}\u{301}\u{301}",
        "\u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{200f}",
        "\u{200b}\u{200d}\u{feff}",
        "\0",
        "  ",
        "(For use by wire clients)",
        "By JANE ROE c.2024 The Globe",
        "12:34",
        "#tag #other",
    ];
    prop_oneof![
        prop::sample::select(PIECES).prop_map(str::to_string),
        "\\PC{0,40}",
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Any page cleans without a panic, and every span the cleaner reports points into its
    /// text on character boundaries.
    #[test]
    fn any_page_cleans_and_every_span_is_valid(
        pieces in proptest::collection::vec(page_piece(), 0..25),
        separators in proptest::collection::vec(proptest::sample::select(vec!["\n", "\n\n", " ", "\r\n"]), 25),
        strictness in 0.0f64..=1.0,
    ) {
        let text: String = pieces
            .iter()
            .zip(&separators)
            .flat_map(|(piece, separator)| [piece.as_str(), *separator])
            .collect();
        let cleaned = clean_with(&text, strictness);
        let mut spans: Vec<(usize, usize)> = cleaned.kept.clone();
        spans.extend(cleaned.removed.iter().map(|r| (r.start, r.end)));
        for (start, end) in spans {
            proptest::prop_assert!(start <= end && end <= text.len());
            proptest::prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        }
        let body_chars = cleaned.body.chars().count();
        for &(start, end) in &cleaned.headings {
            proptest::prop_assert!(start < end && end <= body_chars);
        }
        for removal in &cleaned.removed {
            proptest::prop_assert!((0.0..=1.0).contains(&removal.score));
        }
        proptest::prop_assert!(cleaned.is_article || cleaned.body.is_empty());
        // Every word of the page is either kept or removed.
        proptest::prop_assert_eq!(
            cleaned.words_kept + cleaned.words_removed,
            crate::articles::features::count_words(&text)
        );
    }
}

#[test]
fn an_advert_under_its_label_goes_and_a_one_word_answer_stays() {
    let page = "Quay wall to be rebuilt\n\n\
        The harbour board agreed on Monday to rebuild the north quay wall, which has been \
        closed since storms cracked it in January, at a cost of about four million.\n\n\
        Advertisement\nSave 20% on your home insurance today!\n\n\
        Will the fishing fleet be back at the quay by the summer?\n\n\
        No.\n\n\
        That was the answer the board's engineer gave when the skippers asked, because the \
        work will take at least eight months to finish.\n";
    let cleaned = &clean(&[page])[0];
    assert!(!cleaned.body.contains("Save 20%"), "{}", cleaned.body);
    assert!(
        cleaned.body.contains("No.\n\nThat was the answer"),
        "{}",
        cleaned.body
    );
}
