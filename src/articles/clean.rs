//! Boilerplate removal for scraped news articles: every paragraph unit is kept as body or
//! removed with a kind and a reason, and the headline, byline and publication date found in
//! the page furniture become metadata.
//!
//! The decision uses general signals, in three passes:
//! 1. **Shape** ([`features`](crate::articles::features)): units with no words, HTML, links,
//!    serialised data, copyright notices, date lines, bylines, menus and breadcrumbs (items
//!    between separators), and short lines that are mostly page-furniture phrases
//!    ([`furniture`](crate::articles::furniture)) are removed outright.
//! 2. **Prose quality** (after jusText): a unit is *good* when it is long, dense in stop words
//!    and ends like a sentence; *near-good* when it is a shorter sentence.
//! 3. **Position**: the body runs from the first to the last good unit, widened over adjacent
//!    near-good units. Inside it, sentences stay and non-sentences (captions, labels) go;
//!    before and after it (header and footer blocks) everything but the headline goes.
//!
//! Repetition adds evidence: a unit repeated within an article (a repeated headline, a
//! repeated standfirst) is kept once; a non-sentence shared by several articles of the set is
//! site furniture. Prose shared by several articles is *not* removed: a syndicated copy
//! shares every paragraph with its source.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::UnicodeNormalization;

use crate::articles::byline::{parse_byline, parse_name_line, BylineLine};
use crate::articles::dateline::find_dateline;
use crate::articles::dates::{parse_date_line, Date, DateLine, DateRole};
use crate::articles::features::{measure, words_of, Features};
use crate::articles::furniture::{furniture_phrase, heads_a_list, reader_pitch};
use crate::articles::units::{split_units, Unit};
use crate::error::{Error, Result};
use crate::text::stopwords::stop_words;

/// Why a unit left the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemovalKind {
    /// The headline, now the article's title.
    Title,
    /// A repeat of the headline (or a breadcrumb ending in it).
    RepeatedTitle,
    /// The byline, now metadata.
    Byline,
    /// A date line, now metadata when it is the publication date.
    Date,
    /// A repeat of an earlier unit of the same article.
    Duplicate,
    /// A short line made of page-furniture phrases (share, advert, comments, ...).
    Furniture,
    /// A menu or breadcrumb: short items between separators.
    Navigation,
    /// HTML markup.
    Markup,
    /// A link rather than prose.
    Link,
    /// Serialised data (JSON, PHP dumps).
    Data,
    /// A copyright notice.
    Copyright,
    /// A non-sentence shared by several articles of the set.
    Boilerplate,
    /// A non-sentence inside the body: a caption, label or subheading.
    Caption,
    /// An author's biography at the end of the article, starting with the byline's name.
    Bio,
    /// A non-prose unit before the body.
    Header,
    /// A non-prose unit after the body.
    Footer,
    /// A unit without words.
    Symbols,
    /// The article has no prose paragraph at all.
    NoBody,
}

impl RemovalKind {
    /// The kind's stable name, as reports and Python see it.
    pub fn name(self) -> &'static str {
        match self {
            RemovalKind::Title => "title",
            RemovalKind::RepeatedTitle => "repeated-title",
            RemovalKind::Byline => "byline",
            RemovalKind::Date => "date",
            RemovalKind::Duplicate => "duplicate",
            RemovalKind::Furniture => "furniture",
            RemovalKind::Navigation => "navigation",
            RemovalKind::Markup => "markup",
            RemovalKind::Link => "link",
            RemovalKind::Data => "data",
            RemovalKind::Copyright => "copyright",
            RemovalKind::Boilerplate => "boilerplate",
            RemovalKind::Caption => "caption",
            RemovalKind::Bio => "bio",
            RemovalKind::Header => "header",
            RemovalKind::Footer => "footer",
            RemovalKind::Symbols => "symbols",
            RemovalKind::NoBody => "no-body",
        }
    }
}

/// One removed unit: its byte span in the original text, kind and a readable reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub start: usize,
    pub end: usize,
    pub kind: RemovalKind,
    pub reason: String,
}

/// The result of cleaning one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanedArticle {
    /// The kept units, NFC-normalised, one paragraph each, separated by blank lines.
    pub body: String,
    /// Byte spans of the kept units in the original text, in order.
    pub kept: Vec<(usize, usize)>,
    /// Removed units in text order.
    pub removed: Vec<Removal>,
    /// The headline found in the page (NFC), if any.
    pub title: Option<String>,
    pub byline: Option<String>,
    /// The dateline that opens the body ("VELMORA, March 13 (Meridian Press)"), if any.
    pub dateline: Option<String>,
    /// The publication date found in the page furniture.
    pub date: Option<Date>,
    pub words_kept: usize,
    pub words_removed: usize,
}

/// One article to clean, with the title its metadata already gives, if any.
#[derive(Debug, Clone, Copy)]
pub struct ArticleText<'a> {
    pub text: &'a str,
    pub known_title: Option<&'a str>,
    /// The outlet's name, when known: a header line that is the outlet's name is a masthead.
    pub outlet: Option<&'a str>,
}

/// Thresholds of the prose test, tuned on the shape of news prose rather than on any site.
#[derive(Debug, Clone)]
pub struct CleanerOptions {
    /// Minimum stop-word density of a good unit.
    pub min_stop_density: f64,
    /// Minimum words of a good unit.
    pub min_good_words: usize,
    /// A non-sentence shared by at least this many articles is boilerplate.
    pub min_shared_articles: usize,
}

impl Default for CleanerOptions {
    fn default() -> Self {
        CleanerOptions {
            min_stop_density: 0.25,
            min_good_words: 10,
            min_shared_articles: 2,
        }
    }
}

/// Cleans articles of one language.
#[derive(Debug, Clone)]
pub struct Cleaner {
    stop_words: FxHashSet<String>,
    options: CleanerOptions,
}

/// Prose class of a unit that survived the shape tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quality {
    Good,
    NearGood,
    Other,
}

/// The decision about one unit while an article is cleaned.
#[derive(Debug, Clone)]
enum Verdict {
    Undecided(Quality),
    Removed(RemovalKind, String),
}

struct Measured {
    unit: Unit,
    text: String,
    features: Features,
    key: String,
}

impl Cleaner {
    /// A cleaner for `language` (a name or ISO code that rust-stemmers covers). A language
    /// without a stop-word list gives up the density signal rather than failing.
    pub fn new(language: &str, options: CleanerOptions) -> Result<Self> {
        if crate::text::stem::resolve_language(language).is_none() {
            return Err(Error::parameter(
                "language",
                format!(
                    "unknown language '{language}'; choose one of {}",
                    crate::text::stem::stem_languages().join(", ")
                ),
            ));
        }
        let stop_words = stop_words(language)
            .map(|words| words.into_iter().map(str::to_string).collect())
            .unwrap_or_default();
        Ok(Cleaner {
            stop_words,
            options,
        })
    }

    /// Cleans every article; units shared across the set inform each article's decisions.
    /// Runs in parallel; the result does not depend on the thread count.
    pub fn clean_set(&self, articles: &[ArticleText<'_>]) -> Vec<CleanedArticle> {
        crate::faults::check(crate::faults::Stage::ArticleCleaning);
        let measured: Vec<Vec<Measured>> = articles
            .par_iter()
            .map(|article| self.measure_units(article.text))
            .collect();
        // How many articles hold each unit (counted once per article).
        let mut shared: FxHashMap<&str, usize> = FxHashMap::default();
        for units in &measured {
            let keys: FxHashSet<&str> = units
                .iter()
                .map(|unit| unit.key.as_str())
                .filter(|key| !key.is_empty())
                .collect();
            for key in keys {
                *shared.entry(key).or_default() += 1;
            }
        }
        measured
            .par_iter()
            .zip(articles.par_iter())
            .map(|(units, article)| self.clean_one(article, units, &shared))
            .collect()
    }

    fn measure_units(&self, text: &str) -> Vec<Measured> {
        split_units(text)
            .into_iter()
            .map(|unit| {
                let joined = unit.joined_text(text);
                let features = measure(&joined, &self.stop_words);
                let key = features.key();
                Measured {
                    unit,
                    text: joined,
                    features,
                    key,
                }
            })
            .collect()
    }

    fn has_density(&self) -> bool {
        !self.stop_words.is_empty()
    }

    fn quality(&self, features: &Features) -> Quality {
        let dense = !self.has_density() || features.stop_density() >= self.options.min_stop_density;
        let words = features.letter_words;
        if dense && words >= self.options.min_good_words && (features.sentence_end || words >= 30) {
            Quality::Good
        } else if features.sentence_end && words >= 3 && (dense || features.full_stop) {
            Quality::NearGood
        } else if dense && words >= 15 {
            // A standfirst or a sentence whose final stop the scraper lost.
            Quality::NearGood
        } else {
            Quality::Other
        }
    }

    fn clean_one(
        &self,
        article: &ArticleText<'_>,
        units: &[Measured],
        shared: &FxHashMap<&str, usize>,
    ) -> CleanedArticle {
        let mut verdicts: Vec<Verdict> = Vec::with_capacity(units.len());
        let mut byline: Option<String> = None;
        let mut dates: Vec<DateLine> = Vec::new();
        let mut name_expected = false;
        let outlet_key = article
            .outlet
            .map(|outlet| words_of(outlet).join(" "))
            .filter(|key| !key.is_empty());
        // The header of a list of other stories ("Related stories") whose items may follow.
        let mut open_list: Option<(&'static str, usize)> = None;
        for unit in units {
            let follows_list = open_list.take().filter(|&(_, next_line)| {
                unit.unit.first_line == next_line && is_list_item(&unit.features)
            });
            let verdict = if let Some((header, _)) = follows_list {
                Verdict::Removed(
                    RemovalKind::Furniture,
                    format!("an item of the '{header}' list"),
                )
            } else if name_expected {
                name_expected = false;
                match parse_name_line(&unit.text) {
                    Some(name) => {
                        byline.get_or_insert(name.clone());
                        Verdict::Removed(RemovalKind::Byline, format!("byline: {name}"))
                    }
                    None => self.shape_verdict(unit, &mut byline, &mut dates, &mut name_expected),
                }
            } else if outlet_key
                .as_deref()
                .is_some_and(|key| is_masthead(unit, key))
            {
                Verdict::Removed(RemovalKind::Furniture, "masthead: the outlet's name".into())
            } else {
                self.shape_verdict(unit, &mut byline, &mut dates, &mut name_expected)
            };
            let next_line = unit.unit.first_line + unit.unit.line_count;
            open_list = match (&verdict, follows_list) {
                (_, Some((header, _))) => Some((header, next_line)),
                (Verdict::Removed(RemovalKind::Furniture, _), None) => {
                    furniture_phrase(&unit.features.words)
                        .filter(|found| heads_a_list(found.phrase))
                        .map(|found| (found.phrase, next_line))
                }
                _ => None,
            };
            verdicts.push(verdict);
        }

        // The body: first to last good unit, widened over adjacent near-good ones; without
        // any good unit, the near-good ones carry the body.
        let quality_at = |verdicts: &[Verdict], i: usize| match verdicts[i] {
            Verdict::Undecided(quality) => Some(quality),
            Verdict::Removed(..) => None,
        };
        let anchor = if (0..units.len()).any(|i| quality_at(&verdicts, i) == Some(Quality::Good)) {
            Quality::Good
        } else {
            Quality::NearGood
        };
        // A comments section ends the article: reader comments can be fine prose. So does
        // the site's "All rights reserved" notice: what follows it is page footer, however
        // prose-like (cookie notices, legal text).
        let good_words: usize = (0..units.len())
            .filter(|&i| quality_at(&verdicts, i) == Some(anchor))
            .map(|i| units[i].features.letter_words)
            .sum();
        let mut words_before = 0;
        let mut article_end = units.len();
        let mut end_reason = "after the comments section opens";
        for (i, unit) in units.iter().enumerate() {
            if quality_at(&verdicts, i) == Some(anchor) {
                words_before += unit.features.letter_words;
            }
            if words_before * 2 > good_words {
                if opens_comments(unit) {
                    article_end = i;
                    break;
                }
                if reserves_rights(&unit.features.words) {
                    article_end = i;
                    end_reason = "after the site's copyright notice";
                    break;
                }
            }
        }
        let anchors: Vec<usize> = (0..article_end)
            .filter(|&i| quality_at(&verdicts, i) == Some(anchor))
            .collect();
        let body_range = anchors.first().zip(anchors.last()).map(|(&first, &last)| {
            let mut start = first;
            let mut i = first;
            while i > 0 {
                i -= 1;
                match quality_at(&verdicts, i) {
                    Some(Quality::NearGood | Quality::Good) => start = i,
                    None => continue,
                    Some(Quality::Other) => break,
                }
            }
            let mut end = last;
            for (j, _) in verdicts.iter().enumerate().take(article_end).skip(last + 1) {
                match quality_at(&verdicts, j) {
                    Some(Quality::NearGood | Quality::Good) => end = j,
                    None => continue,
                    Some(Quality::Other) => break,
                }
            }
            (start, end)
        });

        // The headline: the known title, or a headline-shaped unit before the body.
        let header_end = body_range.map_or(units.len(), |(start, _)| start);
        let title_index = self.find_title(article.known_title, units, &verdicts, header_end);
        let title_key = match (title_index, article.known_title) {
            (Some(index), _) => Some(units[index].key.clone()),
            (None, Some(known)) => Some(words_of(known).join(" ")),
            (None, None) => None,
        };
        if let Some(index) = title_index {
            verdicts[index] = Verdict::Removed(
                RemovalKind::Title,
                "the headline (now the article's title)".to_string(),
            );
        }

        // Repeats, and the position rules for everything still undecided.
        let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, unit) in units.iter().enumerate() {
            let key = unit.key.as_str();
            let first_seen = *seen.entry(key).or_insert(i);
            let Verdict::Undecided(quality) = verdicts[i] else {
                continue;
            };
            if let Some(title_key) = title_key.as_deref().filter(|key| !key.is_empty()) {
                if repeats_title(key, title_key) {
                    verdicts[i] = Verdict::Removed(
                        RemovalKind::RepeatedTitle,
                        "repeats the headline".to_string(),
                    );
                    continue;
                }
            }
            if first_seen != i && !key.is_empty() {
                verdicts[i] = Verdict::Removed(
                    RemovalKind::Duplicate,
                    format!("repeats line {}", units[first_seen].unit.first_line + 1),
                );
                continue;
            }
            let sentence = quality != Quality::Other;
            let near_end = body_range.is_some_and(|(_, end)| i + 2 >= end && i <= end + 2);
            if near_end
                && byline
                    .as_deref()
                    .is_some_and(|name| is_bio(&unit.text, name))
            {
                verdicts[i] = Verdict::Removed(
                    RemovalKind::Bio,
                    "the author's biography (it opens with the byline's name)".to_string(),
                );
                continue;
            }
            let in_body = body_range.is_some_and(|(start, end)| (start..=end).contains(&i));
            let after_good = anchors.last().is_some_and(|&last| i > last);
            let names_outlet = outlet_key
                .as_deref()
                .is_some_and(|outlet| format!(" {key} ").contains(&format!(" {outlet} ")));
            if in_body && sentence && !(after_good && names_outlet) {
                continue;
            }
            let shared_by = shared.get(key).copied().unwrap_or(0);
            verdicts[i] = if i >= article_end {
                Verdict::Removed(
                    RemovalKind::Footer,
                    format!(
                        "{end_reason} (line {})",
                        units[article_end].unit.first_line + 1
                    ),
                )
            } else if shared_by >= self.options.min_shared_articles && !sentence {
                Verdict::Removed(
                    RemovalKind::Boilerplate,
                    format!("not a sentence, and found in {shared_by} articles of the set"),
                )
            } else if in_body {
                Verdict::Removed(
                    RemovalKind::Caption,
                    "inside the body but not a sentence: a caption, label or subheading"
                        .to_string(),
                )
            } else if body_range.is_none() {
                Verdict::Removed(
                    RemovalKind::NoBody,
                    "the article has no prose paragraph".into(),
                )
            } else if i < header_end {
                Verdict::Removed(
                    RemovalKind::Header,
                    "in the header block before the article body".to_string(),
                )
            } else {
                Verdict::Removed(
                    RemovalKind::Footer,
                    "in the footer block after the article body".to_string(),
                )
            };
        }

        self.assemble(article, units, verdicts, title_index, byline, &dates)
    }

    /// The shape tests: removal kinds decided by a unit alone.
    fn shape_verdict(
        &self,
        unit: &Measured,
        byline: &mut Option<String>,
        dates: &mut Vec<DateLine>,
        name_expected: &mut bool,
    ) -> Verdict {
        let features = &unit.features;
        let text = unit.text.as_str();
        let removed = |kind, reason: String| Verdict::Removed(kind, reason);
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
            dates.push(found);
            let label = match found.role {
                DateRole::Published => "publication date",
                DateRole::Updated => "update date",
                DateRole::Plain => "date",
            };
            return removed(RemovalKind::Date, format!("{label} {}", found.date));
        }
        if let Some(found) = parse_byline(text) {
            return match found {
                BylineLine::Named { name, date } => {
                    if let Some(date) = date {
                        dates.push(date);
                    }
                    byline.get_or_insert(name.clone());
                    removed(RemovalKind::Byline, format!("byline: {name}"))
                }
                BylineLine::PrefixOnly => {
                    *name_expected = true;
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
        if is_credit_line(text) {
            return removed(RemovalKind::Byline, "credit line".into());
        }
        if has_photo_credit(text) {
            return removed(
                RemovalKind::Caption,
                "a photo caption (it carries a photo credit)".into(),
            );
        }
        if let Some(pitch) = reader_pitch(&features.words) {
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
        Verdict::Undecided(self.quality(features))
    }

    /// The index of the headline among the units before `header_end`.
    fn find_title(
        &self,
        known_title: Option<&str>,
        units: &[Measured],
        verdicts: &[Verdict],
        header_end: usize,
    ) -> Option<usize> {
        if let Some(known) = known_title {
            let key = words_of(known).join(" ");
            return units
                .iter()
                .position(|unit| unit.key == key && !key.is_empty());
        }
        let listed = list_items(units);
        let mut candidates: Vec<usize> = (0..header_end)
            .filter(|&i| matches!(verdicts[i], Verdict::Undecided(_)))
            .filter(|&i| is_headline_shaped(&units[i]) && !listed[i])
            .collect();
        // Of a headline shown twice, the first showing is the headline.
        let mut seen_keys = FxHashSet::default();
        candidates.retain(|&i| seen_keys.insert(units[i].key.as_str()));
        let nearest = candidates.last().copied();
        // Score each candidate; ties go to the earliest.
        let score = |i: usize| -> i32 {
            let unit = &units[i];
            let features = &unit.features;
            let mut score = 0;
            // A headline that the page repeats (or ends a breadcrumb with) is the surest sign.
            if units
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && repeats_title(&other.key, &unit.key))
            {
                score += 3;
            }
            // Headlines sit right above the article; mastheads and menus further up.
            if Some(i) == nearest {
                score += 1;
            }
            if features.separators > 0 || unit.text.contains(['▶', '►']) {
                score -= 2;
            }
            if furniture_phrase(&features.words).is_some() {
                score -= 2;
            }
            let letters = unit.text.chars().filter(|c| c.is_alphabetic()).count();
            let upper = unit.text.chars().filter(|c| c.is_uppercase()).count();
            if letters > 0 && upper * 10 >= letters * 6 {
                score -= 1;
            }
            if features.letter_words < 4 {
                score -= 1;
            }
            score
        };
        let mut best: Option<(usize, i32)> = None;
        for &i in &candidates {
            let candidate_score = score(i);
            if best.is_none_or(|(_, best_score)| candidate_score > best_score) {
                best = Some((i, candidate_score));
            }
        }
        best.map(|(i, _)| i)
    }

    fn assemble(
        &self,
        article: &ArticleText<'_>,
        units: &[Measured],
        verdicts: Vec<Verdict>,
        title_index: Option<usize>,
        byline: Option<String>,
        dates: &[DateLine],
    ) -> CleanedArticle {
        let mut kept = Vec::new();
        let mut removed = Vec::new();
        let mut paragraphs: Vec<Cow<'_, str>> = Vec::new();
        let mut words_kept = 0;
        let mut words_removed = 0;
        for (unit, verdict) in units.iter().zip(verdicts) {
            match verdict {
                Verdict::Undecided(_) => {
                    kept.push((unit.unit.start, unit.unit.end));
                    paragraphs.push(single_spaced(&unit.text));
                    words_kept += unit.features.letter_words;
                }
                Verdict::Removed(kind, reason) => {
                    words_removed += unit.features.letter_words;
                    removed.push(Removal {
                        start: unit.unit.start,
                        end: unit.unit.end,
                        kind,
                        reason,
                    });
                }
            }
        }
        let title = match (article.known_title, title_index) {
            (Some(known), _) => Some(known.trim().nfc().collect()),
            (None, Some(index)) => Some(units[index].text.nfc().collect()),
            (None, None) => None,
        };
        // Publication date: a labelled one, else the first plain one, else an update.
        let date = [DateRole::Published, DateRole::Plain, DateRole::Updated]
            .iter()
            .find_map(|role| dates.iter().find(|found| found.role == *role))
            .map(|found| found.date);
        let dateline = paragraphs
            .first()
            .and_then(|first| find_dateline(first))
            .map(|dateline| dateline.nfc().collect());
        CleanedArticle {
            dateline,
            body: paragraphs.join("\n\n").nfc().collect(),
            kept,
            removed,
            title,
            byline: byline.map(|name| name.nfc().collect()),
            date,
            words_kept,
            words_removed,
        }
    }
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

/// The opening of a comments section: "Leave a Reply", "Comments (41)", "2 thoughts on ...".
fn opens_comments(unit: &Measured) -> bool {
    let words = &unit.features.words;
    if words.len() > 12 {
        return false;
    }
    let key = unit.key.as_str();
    let markers = [
        "leave a reply",
        "leave a comment",
        "post a comment",
        "add a comment",
        "comments",
        "show comments",
        "view comments",
        "join the conversation",
        "kommentare",
        "commentaires",
        "comentarios",
        "commenti",
        "reacties",
        "kommentarer",
        "комментарии",
    ];
    // The marker alone, or followed by a count or a prompt ("Comments (41)", "Leave a Reply
    // Cancel reply"), never a sentence that happens to start with the word.
    let opens = |marker: &str| {
        key == marker
            || key.strip_prefix(marker).is_some_and(|rest| {
                rest.starts_with(' ')
                    && (rest.trim().chars().all(|c| c.is_ascii_digit())
                        || (marker.contains(' ') && !unit.features.full_stop))
            })
    };
    // "Comments are closed for this article", "Commenting has been disabled": the end of
    // the comments area even with nothing after it.
    let closed = [
        "comments are closed",
        "comments have been closed",
        "commenting is closed",
    ]
    .iter()
    .any(|marker| key.starts_with(marker));
    closed
        || markers.iter().any(|marker| opens(marker))
        || words.len() >= 3
            && words[0].chars().all(|c| c.is_ascii_digit())
            && matches!(
                words[1].as_str(),
                "comments" | "thoughts" | "responses" | "replies"
            )
}

/// A link in a list of other stories: a short line that is not a full sentence (a headline,
/// possibly a question).
fn is_list_item(features: &Features) -> bool {
    (features.question || !features.full_stop) && (1..=16).contains(&features.letter_words)
}

/// A short line that holds the outlet's name: the masthead.
fn is_masthead(unit: &Measured, outlet_key: &str) -> bool {
    let outlet_words = outlet_key.split(' ').count();
    !unit.features.full_stop
        && unit.features.letter_words <= outlet_words + 4
        && format!(" {} ", unit.key).contains(&format!(" {outlet_key} "))
}

/// An author's biography: "Anna Lind is the Herald's ...", "Anna Lind reports on ...".
fn is_bio(text: &str, byline: &str) -> bool {
    let Some(rest) = text.strip_prefix(byline) else {
        return false;
    };
    let next = rest.split_whitespace().next().unwrap_or("");
    rest.starts_with(' ') && next.chars().next().is_some_and(|c| c.is_lowercase())
}

/// A headline: 3 to 30 words, not ending in a full stop (question and exclamation marks are
/// fine), with capitalised words.
fn is_headline_shaped(unit: &Measured) -> bool {
    let features = &unit.features;
    let trimmed = unit.text.trim_end_matches(['"', '\'', '”', '’', ' ']);
    let ends_with_stop = trimmed.ends_with('.') && !trimmed.ends_with("..");
    (3..=30).contains(&features.letter_words)
        && features.chars <= 250
        && !ends_with_stop
        && !trimmed.ends_with([',', ';'])
        && unit.text.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// Whether a unit with `key` repeats the headline `title_key`: the same words, or a short
/// line (a breadcrumb) that ends with them.
fn repeats_title(key: &str, title_key: &str) -> bool {
    if key == title_key {
        return true;
    }
    let extra_words = key
        .split(' ')
        .count()
        .saturating_sub(title_key.split(' ').count());
    key.ends_with(title_key)
        && extra_words <= 6
        && key.as_bytes()[key.len() - title_key.len() - 1] == b' '
}

/// Which units are items of a list introduced by a label ending in a colon ("Key points:",
/// "In brief:"): the lines that follow the label without a blank line between. Such items
/// are headline-shaped but are never the headline.
fn list_items(units: &[Measured]) -> Vec<bool> {
    let mut listed = vec![false; units.len()];
    let mut in_list = false;
    for i in 0..units.len() {
        let follows = i > 0
            && units[i - 1].unit.first_line + units[i - 1].unit.line_count
                == units[i].unit.first_line;
        in_list = follows && (in_list || units[i - 1].text.trim_end().ends_with(':'));
        listed[i] = in_list;
    }
    listed
}

fn is_copyright_phrase(words: &[String]) -> bool {
    words.len() <= 25
        && (words.first().is_some_and(|w| w.starts_with("copyright")) || reserves_rights(words))
}

/// A short "All rights reserved" notice (in one of several languages): the site's footer,
/// never a photo credit or a quotation.
fn reserves_rights(words: &[String]) -> bool {
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

/// A body paragraph with every run of spaces, tabs and no-break spaces (left by HTML
/// indentation and `&nbsp;`) turned into one space: clean text has one space between words.
fn single_spaced(text: &str) -> Cow<'_, str> {
    let messy = text
        .as_bytes()
        .windows(2)
        .any(|pair| pair[0] == b' ' && pair[1] == b' ')
        || text.chars().any(|c| c != ' ' && c.is_whitespace());
    if !messy {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    Cow::Owned(out.trim().to_string())
}

#[cfg(test)]
mod tests {
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
        assert!(
            kinds
                .iter()
                .any(|(kind, text)| *kind == RemovalKind::Footer
                    && text.starts_with("We use cookies"))
        );
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
        assert!(cleaned.removed.iter().all(
            |removal| removal.kind != RemovalKind::Title || removal.reason.contains("headline")
        ));
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
}
