//! Pass 1 of the cleaner: what a unit's shape alone decides. Units with no words, HTML, links,
//! serialised data, copyright notices, date lines, bylines, menus and breadcrumbs, credits,
//! pitches to the reader and short page-furniture lines are removed; the byline and the dates
//! found on the way become metadata.

use crate::articles::byline::{parse_byline, parse_name_line, BylineLine};
use crate::articles::cues::CueClass;
use crate::articles::dates::{parse_date_line, DateLine, DateRole};
use crate::articles::features::Features;
use crate::articles::furniture::{
    furniture_phrase, heads_a_list, is_section_menu, labels_an_advert, reader_pitch,
};

use super::{Measured, RemovalKind, Removed};

/// What the shape pass found in one article.
pub(super) struct Shapes {
    /// Per unit, its removal, or None when its shape decides nothing.
    pub removals: Vec<Option<Removed>>,
    /// The first byline's name.
    pub byline: Option<String>,
    /// Every date line, in text order.
    pub dates: Vec<DateLine>,
}

/// Runs the shape tests over the units of one article, in order. `outlet_key` is the
/// outlet's name as a unit key, when known.
pub(super) fn judge_shapes(units: &[Measured], outlet_key: Option<&str>) -> Shapes {
    let mut reader = ShapeReader::default();
    let mut removals = Vec::with_capacity(units.len());
    // The header of a list of other stories ("Related stories") whose items may follow.
    let mut open_list: Option<(&'static str, usize)> = None;
    // The line after an advert's label ("ADVERTISEMENT"), when nothing else stood between.
    let mut follows_advert: Option<usize> = None;
    for unit in units {
        let follows_list = open_list.take().filter(|&(_, next_line)| {
            unit.unit.first_line == next_line && is_list_item(&unit.features)
        });
        let removal = if let Some((header, _)) = follows_list {
            Some((
                RemovalKind::Furniture,
                format!("an item of the '{header}' list"),
            ))
        } else if reader.name_expected {
            reader.name_expected = false;
            match parse_name_line(&unit.text) {
                Some(name) => {
                    reader.byline.get_or_insert(name.clone());
                    Some((RemovalKind::Byline, format!("byline: {name}")))
                }
                None => reader.judge(unit),
            }
        } else if follows_advert
            .is_some_and(|next_line| unit.unit.first_line == next_line && is_advert_text(unit))
        {
            Some((
                RemovalKind::Furniture,
                "the advertisement's text, under its label".into(),
            ))
        } else if outlet_key.is_some_and(|key| is_masthead(unit, key))
            // "By Lena Okafor, Northway Press" names the outlet but is the byline.
            && parse_byline(&unit.text).is_none()
        {
            Some((RemovalKind::Furniture, "masthead: the outlet's name".into()))
        } else {
            reader.judge(unit)
        };
        let next_line = unit.unit.first_line + unit.unit.line_count;
        follows_advert = matches!(&removal, Some((RemovalKind::Furniture, _)))
            .then(|| furniture_phrase(&unit.features.words))
            .flatten()
            .filter(|found| {
                labels_an_advert(found.phrase) && found.covered_words == unit.features.words.len()
            })
            .map(|_| next_line);
        open_list = match (&removal, follows_list) {
            (_, Some((header, _))) => Some((header, next_line)),
            (Some((RemovalKind::Furniture, _)), None) => furniture_phrase(&unit.features.words)
                .filter(|found| heads_a_list(found.phrase))
                .map(|found| (found.phrase, next_line)),
            _ => None,
        };
        removals.push(removal);
    }
    Shapes {
        removals,
        byline: reader.byline,
        dates: reader.dates,
    }
}

/// The metadata the shape tests collect as they go, and whether a bare "By" line asked for
/// the name on the next line.
#[derive(Default)]
struct ShapeReader {
    byline: Option<String>,
    dates: Vec<DateLine>,
    name_expected: bool,
}

impl ShapeReader {
    /// The shape tests: removal kinds decided by a unit alone.
    fn judge(&mut self, unit: &Measured) -> Option<Removed> {
        let features = &unit.features;
        let text = unit.text.as_str();
        let removed = |kind, reason: String| Some((kind, reason));
        if features.letter_words == 0 && parse_date_line(text).is_none() {
            return removed(RemovalKind::Symbols, "no words".into());
        }
        if features.markup {
            return removed(RemovalKind::Markup, "HTML markup".into());
        }
        let data_share = features.data_symbols as f64 / features.chars.max(1) as f64;
        if features.data_symbols >= 8 && data_share >= 0.08 && features.stop_density() < 0.3
            || text.starts_with("string(")
            || (text.starts_with(['{', '[']) && features.data_symbols >= 4)
        {
            return removed(
                RemovalKind::Data,
                format!(
                    "serialised data: {:.0}% brackets, quotes and colons",
                    data_share * 100.0
                ),
            );
        }
        if features.url_chars * 2 >= features.chars {
            return removed(RemovalKind::Link, "a link, not prose".into());
        }
        if features.copyright_sign && features.letter_words <= 25
            || is_copyright_phrase(&features.words)
        {
            return removed(RemovalKind::Copyright, "copyright notice".into());
        }
        if let Some(found) = parse_date_line(text) {
            self.dates.push(found);
            let label = match found.role {
                DateRole::Published => "publication date",
                DateRole::Updated => "update date",
                DateRole::Plain => "date",
            };
            return removed(RemovalKind::Date, format!("{label} {}", found.date));
        }
        // A wire byline carries the copyright year and paper after the name: "By JANE ROE
        // c.2024 The Example Globe".
        let byline_text = wire_byline_head(text).unwrap_or(text);
        if let Some(found) = parse_byline(byline_text) {
            return match found {
                BylineLine::Named { name, date } => {
                    if let Some(date) = date {
                        self.dates.push(date);
                    }
                    self.byline.get_or_insert(name.clone());
                    removed(RemovalKind::Byline, format!("byline: {name}"))
                }
                BylineLine::PrefixOnly => {
                    self.name_expected = true;
                    removed(RemovalKind::Byline, "byline prefix".into())
                }
            };
        }
        if features.separators >= 2 && !features.full_stop {
            let items = features.separators + 1;
            if features.letter_words <= items * 6 {
                let separator = features.separator.unwrap_or('|');
                return removed(
                    RemovalKind::Navigation,
                    format!("menu or breadcrumb: {items} items separated by '{separator}'"),
                );
            }
        }
        if is_section_menu(text, &features.words) && !features.full_stop {
            return removed(
                RemovalKind::Navigation,
                "menu: the names of the site's sections".into(),
            );
        }
        if is_spaced_menu(text, features) {
            return removed(
                RemovalKind::Navigation,
                "menu: items separated by runs of spaces".into(),
            );
        }
        if is_credit_line(text) {
            return removed(RemovalKind::Byline, "credit line".into());
        }
        if has_photo_credit(text) {
            return removed(
                RemovalKind::Caption,
                "a photo caption (it carries a photo credit)".into(),
            );
        }
        let reported = unit.cues.has(CueClass::Attribution);
        if let Some(pitch) = reader_pitch(&features.words).filter(|_| !reported) {
            return removed(
                RemovalKind::Furniture,
                format!("a pitch to the reader: '{pitch}'"),
            );
        }
        if let Some(found) = furniture_phrase(&features.words) {
            let words = features.words.len();
            let mostly = found.covered_words * 2 >= words;
            // "Read more: ...", "Photo: ...": a furniture label introducing the line.
            let label = found.at_start
                && text
                    .get(..text.len().min(found.phrase.len() + 2))
                    .is_some_and(|head| head.contains(':'));
            let short = words <= 12;
            if short && (mostly || label || (found.at_start && words <= 4))
                || label && (!features.full_stop || words <= 20)
            {
                return removed(
                    RemovalKind::Furniture,
                    format!("page furniture: '{}'", found.phrase),
                );
            }
        }
        None
    }
}

/// The part of a wire byline before its copyright mark: "By JANE ROE" of "By JANE ROE
/// c.2024 The Example Globe".
fn wire_byline_head(text: &str) -> Option<&str> {
    let at = text.find(" c.")?;
    let year = text.get(at + 3..at + 7)?;
    (year.chars().all(|c| c.is_ascii_digit()) && text.chars().count() <= 120).then(|| &text[..at])
}

/// A menu whose items the scraper separated with runs of spaces: "News  Sports  Opinion".
fn is_spaced_menu(text: &str, features: &Features) -> bool {
    let gaps = text.trim().matches("  ").count();
    gaps >= 2 && !features.full_stop && features.letter_words <= (gaps + 1) * 3
}

/// Reporting and editing credits: "(Reporting by Anna Lind; Editing by Tom Berg)".
fn is_credit_line(text: &str) -> bool {
    let lower = text.trim_start_matches(['(', '[', ' ']).to_lowercase();
    [
        "reporting by",
        "additional reporting by",
        "editing by",
        "writing by",
        "compiled by",
        "with reporting by",
        "mit material von",
        "avec ",
    ]
    .iter()
    .any(|prefix| lower.starts_with(prefix) && (*prefix != "avec " || lower.len() < 40))
        && text.chars().count() <= 300
}

/// A caption's credit: "... Photo: Anna Lind/Reuters", "(Foto: dpa)".
fn has_photo_credit(text: &str) -> bool {
    if !text.contains(':') && !text.to_ascii_lowercase().contains("photo credit") {
        return false;
    }
    let lower = text.to_lowercase();
    [
        "photo:",
        "foto:",
        "photograph:",
        "picture:",
        "image:",
        "bild:",
        "credit:",
        "photo credit",
    ]
    .iter()
    .filter_map(|marker| lower.rfind(marker))
    .any(|position| position * 10 >= lower.len() * 4 && lower.len() - position <= 80)
}

/// A link in a list of other stories: a short line that is not a full sentence (a headline,
/// possibly a question).
fn is_list_item(features: &Features) -> bool {
    (features.question || !features.full_stop) && (1..=16).contains(&features.letter_words)
}

/// The text of an advert, on the line under its label: a short pitch with at least two
/// signs of selling (an offer, a price or a percentage, the reader addressed, a call to act,
/// an exclamation). "Residents can get free sandbags at the town hall." has one, and stays.
fn is_advert_text(unit: &Measured) -> bool {
    let cues = &unit.cues;
    let text = unit.text.trim_end();
    let signs = [
        cues.has(CueClass::Offer),
        cues.prices > 0 || text.contains('%'),
        cues.has(CueClass::Reader),
        cues.has(CueClass::Action),
        text.ends_with('!'),
    ];
    unit.features.letter_words <= 25
        && !cues.has(CueClass::Attribution)
        && signs.iter().filter(|sign| **sign).count() >= 2
}

/// A short line that holds the outlet's name: the masthead.
fn is_masthead(unit: &Measured, outlet_key: &str) -> bool {
    let outlet_words = outlet_key.split(' ').count();
    !unit.features.full_stop
        && unit.features.letter_words <= outlet_words + 4
        && format!(" {} ", unit.key).contains(&format!(" {outlet_key} "))
}

fn is_copyright_phrase(words: &[String]) -> bool {
    words.len() <= 25
        && (words.first().is_some_and(|w| w.starts_with("copyright")) || reserves_rights(words))
}

/// A short "All rights reserved" notice (in one of several languages): the site's footer,
/// never a photo credit or a quotation.
pub(super) fn reserves_rights(words: &[String]) -> bool {
    if words.len() > 25 {
        return false;
    }
    let joined = words.join(" ");
    [
        "all rights reserved",
        "alle rechte vorbehalten",
        "tous droits réservés",
        "todos los derechos reservados",
        "tutti i diritti riservati",
        "alle rechten voorbehouden",
        "todos os direitos reservados",
        "wszelkie prawa zastrzeżone",
        "все права защищены",
    ]
    .iter()
    .any(|phrase| joined.contains(phrase))
}
