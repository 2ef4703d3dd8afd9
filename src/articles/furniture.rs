//! Page furniture: the words news sites put around an article (share bars, adverts, comment
//! prompts, related-story boxes, newsletter and cookie notices, footers), in several languages.
//!
//! These are the generic labels of the web page genre, written for this crate, not phrases of
//! any one site. A phrase alone never condemns a line: the cleaner only calls a line furniture
//! when the phrase is most of a short line (see [`furniture_phrase`]), so "Shares in the
//! operator fell" or "declined to comment on the report" stay body text.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Phrases, lowercase, words separated by single spaces. Grouped by language for review only;
/// all languages apply to every article, because international sites mix them. The headers
/// of story lists ([`LIST_HEADERS`]) are furniture phrases too and are not repeated here.
const PHRASES: &[&str] = &[
    // English
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "share on whatsapp",
    "share via email",
    "tweet",
    "email",
    "print",
    "print this article",
    "copy link",
    "link copied",
    // Video-player controls, as scraped with the player.
    "close",
    "replay",
    "play video",
    "watch video",
    "more videos",
    "must watch",
    "just watched",
    "up next",
    "now playing",
    "autoplay",
    "skip ad",
    "ad feedback",
    "story continues below advertisement",
    "article continues below",
    "continue reading",
    "continue reading below",
    "breaking news",
    "next story",
    "previous story",
    "next article",
    "previous article",
    "next post",
    "previous post",
    "older posts",
    "newer posts",
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "comments",
    "comment",
    "show comments",
    "view comments",
    "cancel reply",
    "reply",
    "your email address will not be published",
    "required fields are marked",
    "subscribe",
    "subscribe now",
    "subscribe to our newsletter",
    "sign up",
    "sign up for our newsletter",
    "newsletter",
    "log in",
    "login",
    "sign in",
    "register",
    "follow us",
    "follow us on",
    "like us on facebook",
    // The like button of blog platforms, as scraped with its loading label.
    "like loading",
    "me gusta cargando",
    "j'aime chargement",
    "gefällt mir wird geladen",
    "we use cookies",
    "cookies",
    "cookie policy",
    "cookie settings",
    "accept cookies",
    "accept all",
    "privacy policy",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "contact us",
    "about us",
    "all rights reserved",
    "copyright",
    "powered by",
    "home",
    "menu",
    "search",
    "skip to content",
    "skip to main content",
    "back to top",
    "tags",
    "topics",
    "filed under",
    "posted in",
    "categories",
    "category",
    "archives",
    "recent comments",
    "loading",
    "like this",
    "like loading",
    "click here",
    "watch",
    "watch video",
    "video",
    "photo",
    "photos",
    "gallery",
    "image",
    "listen",
    "listen to this article",
    "min read",
    "minute read",
    "page",
    "next",
    "previous",
    "top",
    "weather",
    "advertise with us",
    "download our app",
    "get the app",
    // German
    "teilen",
    "artikel teilen",
    "weiterlesen",
    "mehr lesen",
    "kommentare",
    "kommentar",
    "kommentar schreiben",
    "zum newsletter anmelden",
    "newsletter abonnieren",
    "impressum",
    "datenschutz",
    "startseite",
    "alle rechte vorbehalten",
    "lesezeit",
    "folgen sie uns",
    "cookies akzeptieren",
    "anmelden",
    "abonnieren",
    "schlagworte",
    "themen",
    "zurück",
    "weiter",
    "drucken",
    // French
    "partager",
    "lire la suite",
    "commentaires",
    "laisser un commentaire",
    "réagir",
    "s'abonner",
    "abonnez vous",
    "accueil",
    "tous droits réservés",
    "mentions légales",
    "suivez nous",
    "à la une",
    // Spanish
    "compartir",
    "leer más",
    "comentarios",
    "deja un comentario",
    "suscríbete",
    "inicio",
    "todos los derechos reservados",
    "síguenos",
    "más información",
    // Italian
    "condividi",
    "leggi di più",
    "commenti",
    "lascia un commento",
    "iscriviti",
    "tutti i diritti riservati",
    "seguici",
    // Portuguese
    "compartilhar",
    "partilhar",
    "leia mais",
    "comentários",
    "deixe um comentário",
    "inscreva se",
    "todos os direitos reservados",
    "siga nos",
    // Dutch
    "delen",
    "lees meer",
    "reacties",
    "plaats een reactie",
    "alle rechten voorbehouden",
    "volg ons",
    // Swedish, Danish, Norwegian
    "dela",
    "läs mer",
    "læs mere",
    "les mer",
    "kommentarer",
    // Russian
    "поделиться",
    "комментарии",
    "подписаться",
    "все права защищены",
    "главная",
];

/// Phrases that head a list of links to other stories ("Related stories", "Mehr zum Thema"):
/// the headline-shaped lines that follow them are list items, not body.
const LIST_HEADERS: &[&str] = &[
    "related",
    "related stories",
    "related articles",
    "related news",
    "related content",
    "related topics",
    "read more",
    "read also",
    "also read",
    "read next",
    "see also",
    "more on this story",
    "more from",
    "more stories",
    "more news",
    "most read",
    "most popular",
    "most viewed",
    "trending",
    "trending now",
    "top stories",
    "latest news",
    "latest",
    "editor's picks",
    "editors picks",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "recent posts",
    "mehr zum thema",
    "lesen sie auch",
    "auch interessant",
    "das könnte sie auch interessieren",
    "meistgelesen",
    "meistgelesene artikel",
    "empfehlungen",
    "lire aussi",
    "à lire aussi",
    "voir aussi",
    "les plus lus",
    "sur le même sujet",
    "lee también",
    "te puede interesar",
    "lo más leído",
    "noticias relacionadas",
    "ver también",
    "leggi anche",
    "i più letti",
    "articoli correlati",
    "leia também",
    "mais lidas",
    "notícias relacionadas",
    "lees ook",
    "meest gelezen",
    "читайте также",
];

/// Names of the sections of a news site, as its menu shows them, in several languages.
const SECTION_NAMES: &[&str] = &[
    "news",
    "sport",
    "sports",
    "business",
    "money",
    "politics",
    "world",
    "uk",
    "us",
    "local",
    "national",
    "opinion",
    "comment",
    "culture",
    "arts",
    "entertainment",
    "lifestyle",
    "life",
    "style",
    "travel",
    "food",
    "health",
    "science",
    "tech",
    "technology",
    "weather",
    "jobs",
    "property",
    "motoring",
    "cars",
    "obituaries",
    "video",
    "videos",
    "podcasts",
    "contact",
    "home",
    "education",
    "environment",
    "climate",
    "media",
    "games",
    "puzzles",
    "crosswords",
    "what's",
    "on",
    "events",
    "listings",
    "nachrichten",
    "politik",
    "wirtschaft",
    "kultur",
    "panorama",
    "meinung",
    "wetter",
    "reise",
    "gesundheit",
    "wissen",
    "digital",
    "lokales",
    "regional",
    "actualités",
    "politique",
    "économie",
    "société",
    "international",
    "météo",
    "noticias",
    "política",
    "economía",
    "deportes",
    "cultura",
    "sociedad",
    "opinión",
    "tiempo",
];

/// Whether a line (`text`, and its lowercased `words`) is a site's menu run together
/// without separators: "News Sport Business What's On Jobs Contact". Four or more words,
/// each capitalised as menu items are, at least four in five of them section names.
pub fn is_section_menu(text: &str, words: &[String]) -> bool {
    let sections = words
        .iter()
        .filter(|word| SECTION_NAMES.contains(&word.as_str()))
        .count();
    let capitalised = text
        .split_whitespace()
        .all(|token| token.chars().next().is_none_or(|c| !c.is_lowercase()));
    words.len() >= 4 && capitalised && sections * 5 >= words.len() * 4
}

/// Labels that stand over an advert: furniture phrases of their own (matched with
/// [`PHRASES`]), listed once here.
const ADVERT_LABELS: &[&str] = &[
    "advertisement",
    "advertising",
    "advert",
    "sponsored",
    "sponsored content",
    "promoted",
    "promoted content",
    "paid content",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "pubblicità",
    "publicidade",
    "advertentie",
    "annons",
    "реклама",
];

/// Whether `phrase` (a furniture phrase) labels an advert.
pub fn labels_an_advert(phrase: &str) -> bool {
    ADVERT_LABELS.contains(&phrase)
}

/// Whether `phrase` (a furniture phrase) heads a list of other stories.
pub fn heads_a_list(phrase: &str) -> bool {
    LIST_HEADERS.contains(&phrase)
}

/// A furniture phrase found in a line and how much of the line it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FurnitureMatch {
    /// The furniture phrase found.
    pub phrase: &'static str,
    /// Words of the line covered by furniture phrases (non-overlapping, longest first).
    pub covered_words: usize,
    /// Whether a phrase starts the line.
    pub at_start: bool,
}

/// A phrase and its words.
type Phrase = (&'static str, Vec<&'static str>);

/// Phrases indexed by their first word, longest first, so "share this article" wins over
/// "share".
fn index() -> &'static FxHashMap<&'static str, Vec<Phrase>> {
    static INDEX: OnceLock<FxHashMap<&'static str, Vec<Phrase>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: FxHashMap<&'static str, Vec<Phrase>> = FxHashMap::default();
        for &phrase in PHRASES.iter().chain(LIST_HEADERS).chain(ADVERT_LABELS) {
            let words: Vec<&'static str> = phrase.split(' ').collect();
            index.entry(words[0]).or_default().push((phrase, words));
        }
        for phrases in index.values_mut() {
            phrases.sort_by_key(|(_, words)| std::cmp::Reverse(words.len()));
        }
        index
    })
}

/// Pitches to the reader (newsletters, subscriptions, paywalls, ad blockers) that no news
/// report contains in its own voice: one of them marks a short line as furniture even when
/// the rest of the line reads as prose ("Get the latest headlines delivered to your inbox
/// every morning."). Words as in [`furniture_phrase`].
const READER_PITCHES: &[&str] = &[
    // English
    "to your inbox",
    "in your inbox",
    "straight to your inbox",
    "sign up now",
    "sign up today",
    "subscribe now",
    "subscribe today",
    "start your free trial",
    "already a subscriber",
    "become a subscriber",
    "to continue reading",
    "create a free account",
    "your ad blocker",
    "disable your ad blocker",
    "support our journalism",
    // German
    "in ihr postfach",
    "in dein postfach",
    "jetzt abonnieren",
    "jetzt registrieren",
    "bereits abonnent",
    "ihren werbeblocker",
    // French
    "dans votre boîte mail",
    "dans votre boîte de réception",
    "abonnez vous",
    "déjà abonné",
    "votre bloqueur de publicité",
    // Spanish, Portuguese, Italian
    "en tu bandeja de entrada",
    "suscríbete",
    "ya eres suscriptor",
    "assine já",
    "abbonati ora",
];

/// The reader pitch in a short line (at most 25 words), if any.
pub fn reader_pitch(words: &[String]) -> Option<&'static str> {
    if words.len() > 25 {
        return None;
    }
    READER_PITCHES.iter().copied().find(|pitch| {
        let pitch: Vec<&str> = pitch.split(' ').collect();
        words.windows(pitch.len()).any(|window| {
            window
                .iter()
                .zip(&pitch)
                .all(|(word, expected)| word == expected)
        })
    })
}

/// Finds furniture phrases in `words` (the line's lowercase words, apostrophes kept, hyphens
/// split). Returns the longest phrase found, with the total number of covered words.
pub fn furniture_phrase(words: &[String]) -> Option<FurnitureMatch> {
    let index = index();
    let mut position = 0;
    let mut best: Option<&Phrase> = None;
    let mut covered = 0;
    let mut at_start = false;
    while position < words.len() {
        let rest = &words[position..];
        let found = index.get(rest[0].as_str()).and_then(|candidates| {
            candidates.iter().find(|(_, phrase)| {
                phrase.len() <= rest.len()
                    && phrase
                        .iter()
                        .zip(rest)
                        .all(|(expected, word)| expected == word)
            })
        });
        match found {
            Some(phrase) => {
                at_start |= position == 0;
                covered += phrase.1.len();
                if best.is_none_or(|current| phrase.1.len() > current.1.len()) {
                    best = Some(phrase);
                }
                position += phrase.1.len();
            }
            None => position += 1,
        }
    }
    best.map(|(phrase, _)| FurnitureMatch {
        phrase,
        covered_words: covered,
        at_start,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_pitches_mark_short_lines_only() {
        let line = |text: &str| -> Vec<String> { text.split(' ').map(str::to_string).collect() };
        assert_eq!(
            reader_pitch(&line(
                "get the latest headlines delivered to your inbox every morning"
            )),
            Some("to your inbox")
        );
        assert_eq!(
            reader_pitch(&line("jetzt abonnieren und weiterlesen")),
            Some("jetzt abonnieren")
        );
        assert_eq!(
            reader_pitch(&line("the council said the inbox of the mayor was full")),
            None
        );
        let long = "word ".repeat(30) + "to your inbox";
        assert_eq!(reader_pitch(&line(long.trim())), None);
    }

    fn words(line: &str) -> Vec<String> {
        line.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn finds_the_longest_phrase_and_coverage() {
        let found = furniture_phrase(&words("share this article")).unwrap();
        assert_eq!(found.phrase, "share this article");
        assert_eq!(found.covered_words, 3);
        assert!(found.at_start);
        let found = furniture_phrase(&words("please leave a comment below")).unwrap();
        assert_eq!(found.phrase, "leave a comment");
        assert!(!found.at_start);
    }

    #[test]
    fn inflected_words_are_not_phrases() {
        assert!(furniture_phrase(&words("shares in the operator fell")).is_none());
    }

    #[test]
    fn several_languages() {
        assert!(furniture_phrase(&words("zum newsletter anmelden")).is_some());
        assert!(furniture_phrase(&words("lire aussi")).is_some());
        assert!(furniture_phrase(&words("compartir")).is_some());
    }

    #[test]
    fn list_headers_are_phrases() {
        for header in LIST_HEADERS {
            let words: Vec<String> = header.split(' ').map(str::to_string).collect();
            assert_eq!(furniture_phrase(&words).unwrap().phrase, *header);
            assert!(!PHRASES.contains(header), "{header} is listed twice");
        }
        assert!(heads_a_list("mehr zum thema"));
        assert!(!heads_a_list("share"));
    }

    #[test]
    fn menus_run_together_are_section_names_in_capitals() {
        use crate::articles::features::words_of as words;
        let menu = "News Sport Business What's On Jobs Contact";
        assert!(is_section_menu(menu, &words(menu)));
        let headline = "World news on politics and business";
        assert!(!is_section_menu(headline, &words(headline)));
        let short = "News Sport";
        assert!(!is_section_menu(short, &words(short)));
    }

    #[test]
    fn advert_labels_are_furniture_phrases() {
        for label in ADVERT_LABELS {
            let words: Vec<String> = label.split(' ').map(str::to_string).collect();
            assert_eq!(furniture_phrase(&words).unwrap().phrase, *label);
            assert!(!PHRASES.contains(label), "{label} is listed twice");
        }
        assert!(!labels_an_advert("share"));
    }

    #[test]
    fn phrases_are_normalised() {
        for phrase in PHRASES.iter().chain(LIST_HEADERS).chain(ADVERT_LABELS) {
            assert_eq!(phrase.trim(), *phrase);
            assert!(!phrase.contains("  "));
            assert_eq!(phrase.to_lowercase(), *phrase);
            assert!(
                !phrase.contains('-'),
                "hyphens are split into words: {phrase}"
            );
        }
    }
}
