//! Boilerplate removal for scraped news articles: every paragraph unit is kept as body or
//! removed with a kind and a reason, and the headline, byline and publication date found in
//! the page furniture become metadata.
//!
//! The decision uses general signals, in three passes, one module each:
//! 1. **Shape** (`shape`, over the measurements of [`features`](crate::articles::features)):
//!    units with no words, HTML, links, serialised data, copyright notices, date lines,
//!    bylines, menus and breadcrumbs (items between separators), and short lines that are
//!    mostly page-furniture phrases ([`furniture`](crate::articles::furniture)) are removed
//!    outright.
//! 2. **Prose quality** (`prose`, after jusText): a unit is *good* when it is long, dense in
//!    stop words and ends like a sentence; *near-good* when it is a shorter sentence.
//! 3. **Position** (`position`): the body runs from the first to the last good unit, widened
//!    over adjacent near-good units. Inside it, sentences stay and non-sentences (captions,
//!    labels) go; before and after it (header and footer blocks) everything but the headline
//!    (`headline`) goes.
//!
//! Repetition adds evidence: a unit repeated within an article (a repeated headline, a
//! repeated standfirst) is kept once; a non-sentence shared by several articles of the set is
//! site furniture. Prose shared by several articles is *not* removed: a syndicated copy
//! shares every paragraph with its source. `assemble` turns the decisions into the
//! [`CleanedArticle`].

mod assemble;
mod headline;
mod lede;
mod meta;
mod page;
mod position;
mod prose;
mod shape;
mod structure;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::articles::cues::{CueClass, Cues};
use crate::articles::dates::Date;
use crate::articles::features::{measure, words_of, Features};
use crate::articles::units::{split_units, Unit};
use crate::error::{Error, Result};
use crate::job::JobControl;
use crate::text::stopwords::stop_words;

use self::assemble::{assemble, Metadata};
use self::headline::{find_title, title_key};
use self::meta::{is_contact_heading, is_credit_only, is_gallery_counter, judge_meta, Place};
use self::page::is_not_article;
use self::position::{
    drop_out_of_place_copies, drop_pull_quotes, settle_by_position, Body, Evidence,
};
use self::prose::{prose_quality, Quality};
use self::shape::judge_shapes;
use self::structure::find_structure;

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
    /// A correction note, now the article's corrections.
    Correction,
    /// A robot check.
    Captcha,
    /// A form's label or validation message.
    Form,
    /// Video-player text.
    Video,
    /// A cookie or consent notice.
    Cookie,
    /// A promotion of the site's app.
    AppPromo,
    /// A paywall or subscription notice.
    Paywall,
    /// A note on who contributed to the report ("Jane Roe contributed reporting.").
    Contributor,
    /// How to reach the author or the newsroom.
    Contact,
    /// A call to action: subscribe, sign up, follow, donate, report an error.
    CallToAction,
    /// Scrape debris glued to the start of the lede ("SiteHandle - ").
    Debris,
    /// The page is not an article (an error, redirect, archive or consent page).
    NotArticle,
    /// A wire service's header for its clients ("(For use by ... clients)").
    WireHeader,
    /// The dateline that opened the body ("VELMORA, March 13 (Meridian Press) - "), now
    /// metadata.
    Dateline,
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
            RemovalKind::Correction => "correction",
            RemovalKind::Captcha => "captcha",
            RemovalKind::Form => "form",
            RemovalKind::Video => "video",
            RemovalKind::Cookie => "cookie",
            RemovalKind::AppPromo => "app-promo",
            RemovalKind::Paywall => "paywall",
            RemovalKind::Contributor => "contributor",
            RemovalKind::Contact => "contact",
            RemovalKind::CallToAction => "call-to-action",
            RemovalKind::Debris => "debris",
            RemovalKind::NotArticle => "not-article",
            RemovalKind::WireHeader => "wire-header",
            RemovalKind::Dateline => "dateline",
        }
    }

    /// How sure a removal of this kind is when no detector scored it: 1 for what the page's
    /// shape proves (markup, data, the headline), lower for what position alone suggests.
    pub fn default_score(self) -> f32 {
        match self {
            RemovalKind::Title
            | RemovalKind::Byline
            | RemovalKind::Date
            | RemovalKind::Dateline
            | RemovalKind::Markup
            | RemovalKind::Data
            | RemovalKind::Symbols
            | RemovalKind::NotArticle => 1.0,
            RemovalKind::RepeatedTitle
            | RemovalKind::Navigation
            | RemovalKind::Link
            | RemovalKind::Copyright => 0.95,
            RemovalKind::Duplicate | RemovalKind::Furniture | RemovalKind::NoBody => 0.9,
            RemovalKind::Correction | RemovalKind::Captcha | RemovalKind::WireHeader => 0.9,
            RemovalKind::Form
            | RemovalKind::Video
            | RemovalKind::Cookie
            | RemovalKind::AppPromo
            | RemovalKind::Contributor
            | RemovalKind::Contact
            | RemovalKind::Debris => 0.85,
            RemovalKind::Paywall
            | RemovalKind::CallToAction
            | RemovalKind::Boilerplate
            | RemovalKind::Bio => 0.8,
            RemovalKind::Footer => 0.75,
            RemovalKind::Header => 0.7,
            RemovalKind::Caption => 0.6,
        }
    }

    /// Whether the removal turns the unit into metadata (the headline, byline, date, dateline
    /// or a correction): those leave the body at any strictness.
    pub fn is_metadata(self) -> bool {
        matches!(
            self,
            RemovalKind::Title
                | RemovalKind::RepeatedTitle
                | RemovalKind::Byline
                | RemovalKind::Date
                | RemovalKind::Dateline
                | RemovalKind::Correction
                | RemovalKind::NotArticle
        )
    }
}

/// One removed unit: its byte span in the original text, kind, score and a readable reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    /// Where the unit starts in the original text (bytes).
    pub start: usize,
    /// Where the unit ends in the original text (bytes).
    pub end: usize,
    /// Why the unit left the body.
    pub kind: RemovalKind,
    /// The reason in words, for reports.
    pub reason: String,
    /// How sure the cleaner is that the unit is not body text, in [0, 1]. A unit is removed
    /// when its score reaches the threshold that the strictness sets.
    pub score: f32,
}

/// The result of cleaning one article.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanedArticle {
    /// The kept units, NFC-normalised, one paragraph each, separated by blank lines.
    pub body: String,
    /// Byte spans of the kept units in the original text, in order.
    pub kept: Vec<(usize, usize)>,
    /// Removed units in text order.
    pub removed: Vec<Removal>,
    /// The headline found in the page (NFC), if any.
    pub title: Option<String>,
    /// The author(s) found in the byline (NFC), if any.
    pub byline: Option<String>,
    /// The dateline that opens the body ("VELMORA, March 13 (Meridian Press)"), if any.
    pub dateline: Option<String>,
    /// The publication date found in the page furniture.
    pub date: Option<Date>,
    /// Words (with a letter) in the kept units.
    pub words_kept: usize,
    /// Words (with a letter) in the removed units.
    pub words_removed: usize,
    /// In-body subheadings: code-point spans in `body`.
    pub headings: Vec<(usize, usize)>,
    /// Correction notes found in the page (NFC), in text order.
    pub corrections: Vec<String>,
    /// False when the page is not an article (an error, redirect, archive or consent page):
    /// its body is then empty.
    pub is_article: bool,
}

/// One article to clean, with the title its metadata already gives, if any.
#[derive(Debug, Clone, Copy)]
pub struct ArticleText<'a> {
    /// The scraped page text.
    pub text: &'a str,
    /// The headline, when the metadata gives it: that unit is the title.
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
    /// How strict cleaning is, in [0, 1]: a unit is removed when its score reaches
    /// `1 - strictness`. 0 removes only what the page's shape proves; 1 removes every unit
    /// any detector doubts.
    pub strictness: f64,
}

impl Default for CleanerOptions {
    fn default() -> Self {
        CleanerOptions {
            min_stop_density: 0.25,
            min_good_words: 10,
            min_shared_articles: 2,
            strictness: DEFAULT_STRICTNESS,
        }
    }
}

/// The default strictness: the one measured best on the labelled development pages.
pub const DEFAULT_STRICTNESS: f64 = 0.5;

impl CleanerOptions {
    /// The score a removal needs.
    fn threshold(&self) -> f32 {
        (1.0 - self.strictness) as f32
    }
}

/// Cleans articles of one language.
#[derive(Debug, Clone)]
pub struct Cleaner {
    stop_words: FxHashSet<String>,
    options: CleanerOptions,
}

/// The decision about one unit while an article is cleaned.
#[derive(Debug, Clone)]
enum Verdict {
    Undecided(Quality),
    Removed(RemovalKind, String),
    /// An in-body subheading: kept, and marked.
    Heading,
}

impl Verdict {
    /// The unit's prose quality while it is undecided.
    fn quality(&self) -> Option<Quality> {
        match self {
            Verdict::Undecided(quality) => Some(*quality),
            Verdict::Removed(..) | Verdict::Heading => None,
        }
    }
}

/// A removal decided by a pass: its kind and the reason shown to the user.
type Removed = (RemovalKind, String);

/// A paragraph unit with its joined text, measurements and key (its words, lowercased).
struct Measured {
    unit: Unit,
    text: String,
    features: Features,
    cues: Cues,
    key: String,
}

impl Cleaner {
    /// A cleaner for `language` (a name or ISO code that rust-stemmers covers). A language
    /// without a stop-word list gives up the density signal rather than failing.
    ///
    /// ```
    /// use storylens::articles::clean::{ArticleText, Cleaner, CleanerOptions};
    /// let cleaner = Cleaner::new("english", CleanerOptions::default()).unwrap();
    /// let text = "Share\n\nHundreds of dock workers walked off the job at the port on Friday, \
    ///             halting the loading of ships for the first time in a decade.";
    /// let article = ArticleText { text, known_title: None, outlet: None };
    /// let cleaned = &cleaner.clean_set(&[article])[0];
    /// assert!(cleaned.body.starts_with("Hundreds of dock workers"));
    /// assert_eq!(cleaned.removed[0].kind.name(), "furniture");
    /// ```
    pub fn new(language: &str, options: CleanerOptions) -> Result<Self> {
        if !(0.0..=1.0).contains(&options.strictness) {
            return Err(Error::parameter(
                "strictness",
                format!(
                    "strictness must be between 0 and 1, got {}",
                    options.strictness
                ),
            ));
        }
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
        match self.clean_set_watched(articles, &JobControl::new()) {
            Ok(cleaned) => cleaned,
            // A job nobody can cancel always runs to its end.
            Err(_) => unreachable!("an uncancelled cleaning job stopped"),
        }
    }

    /// [`Cleaner::clean_set`] as a watched job: it reports one step per article in each of
    /// its two passes (measuring the units, then deciding them), and stops with
    /// [`Error::Cancelled`] soon after `control` is cancelled, between articles.
    pub fn clean_set_watched(
        &self,
        articles: &[ArticleText<'_>],
        control: &JobControl,
    ) -> Result<Vec<CleanedArticle>> {
        crate::faults::check(crate::faults::Stage::ArticleCleaning);
        control.add_total(2 * articles.len());
        let measured: Vec<Vec<Measured>> = articles
            .par_iter()
            .map(|article| {
                if control.is_cancelled() {
                    return Vec::new();
                }
                let units = self.measure_units(article.text);
                control.advance(1);
                units
            })
            .collect();
        control.checkpoint()?;
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
        let cleaned: Vec<Option<CleanedArticle>> = measured
            .par_iter()
            .zip(articles.par_iter())
            .map(|(units, article)| {
                if control.is_cancelled() {
                    return None;
                }
                let cleaned = self.clean_one(article, units, &shared);
                control.advance(1);
                Some(cleaned)
            })
            .collect();
        // The cancel flag never goes back: an article left out means the job was cancelled,
        // and the checkpoint says so; otherwise every article is there.
        control.checkpoint()?;
        Ok(cleaned.into_iter().flatten().collect())
    }

    fn measure_units(&self, text: &str) -> Vec<Measured> {
        split_units(text)
            .into_iter()
            .map(|unit| {
                let joined = unit.joined_text(text);
                let features = measure(&joined, &self.stop_words);
                let key = features.key();
                let cues = Cues::of(&joined, &features.words);
                Measured {
                    unit,
                    text: joined,
                    features,
                    cues,
                    key,
                }
            })
            .collect()
    }

    /// Decides every unit of one article, pass by pass (see the module notes).
    fn clean_one(
        &self,
        article: &ArticleText<'_>,
        units: &[Measured],
        shared: &FxHashMap<&str, usize>,
    ) -> CleanedArticle {
        let outlet_key = article
            .outlet
            .map(|outlet| words_of(outlet).join(" "))
            .filter(|key| !key.is_empty());
        // Pass 1: what each unit's shape alone decides, and the byline and dates met on the way.
        let shapes = judge_shapes(units, outlet_key.as_deref());
        // Pass 2: the prose quality of every unit the shape left undecided.
        let has_density = !self.stop_words.is_empty();
        let mut verdicts: Vec<Verdict> = shapes
            .removals
            .into_iter()
            .zip(units)
            .map(|(removal, unit)| match removal {
                Some((kind, reason)) => Verdict::Removed(kind, reason),
                None => {
                    Verdict::Undecided(prose_quality(&unit.features, &self.options, has_density))
                }
            })
            .collect();
        // Pass 2b: text about the page rather than the story, scored by the meta detectors.
        // Twice: what the first round removes (a trailing correction or print note that
        // looked like prose) moves the body's end, which places contributor lines.
        let threshold = self.options.threshold();
        let mut scores: Vec<Option<f32>> = vec![None; units.len()];
        for _ in 0..2 {
            flag_meta(units, &mut verdicts, &mut scores, threshold);
        }
        flag_captions_by_credit(units, &mut verdicts, &mut scores, threshold);
        // Reading order: a paragraph repeated out of place (a teaser copy) goes, its copy in
        // the body stays.
        drop_out_of_place_copies(units, &mut verdicts);
        drop_pull_quotes(units, &mut verdicts);
        // Pass 3: position. The body, then the headline in the header before it, then every
        // unit still undecided.
        let body = Body::find(units, &verdicts);
        let title_index = find_title(article.known_title, units, &verdicts, body.header_end);
        let title_key = title_key(title_index, article.known_title, units);
        if let Some(index) = title_index {
            verdicts[index] = Verdict::Removed(
                RemovalKind::Title,
                "the headline (now the article's title)".to_string(),
            );
        }
        let evidence = Evidence {
            title_key: title_key.as_deref(),
            title_index,
            byline: shapes.byline.as_deref(),
            outlet_key: outlet_key.as_deref(),
            shared,
            min_shared_articles: self.options.min_shared_articles,
        };
        let roles = find_structure(units, &verdicts, body.range, body.article_end);
        settle_by_position(units, &mut verdicts, &body, &evidence, &roles);
        let is_article = !is_not_article(units, &verdicts);
        let metadata = Metadata {
            title_index,
            byline: shapes.byline,
            dates: &shapes.dates,
            scores,
            threshold,
            is_article,
        };
        assemble(article, units, verdicts, metadata)
    }
}

/// Runs the meta detectors over the units still undecided, placing each against the body
/// that the current verdicts give, and removes those whose score reaches the threshold.
fn flag_meta(
    units: &[Measured],
    verdicts: &mut [Verdict],
    scores: &mut [Option<f32>],
    threshold: f32,
) {
    let preliminary = Body::find(units, verdicts);
    let mut in_contact_section = false;
    for (i, unit) in units.iter().enumerate() {
        if !matches!(verdicts[i], Verdict::Undecided(_)) {
            continue;
        }
        let place = Place {
            before_body: preliminary.range.is_none_or(|(start, _)| i < start),
            after_body: preliminary.last_anchor.is_none_or(|last| i > last),
            at_end: preliminary
                .last_anchor
                .is_some_and(|last| i + 2 >= last && i <= last + 2),
        };
        let flag = judge_meta(unit, place, in_contact_section);
        in_contact_section = is_contact_heading(unit)
            || in_contact_section && flag.is_some() && unit.features.letter_words <= 15;
        // A flag below the threshold leaves the unit to the other passes.
        if let Some((kind, score, reason)) = flag.filter(|flag| flag.1 >= threshold) {
            scores[i] = Some(score);
            verdicts[i] = Verdict::Removed(kind, reason);
        }
    }
}

/// A caption without caption words: the line that a gallery counter ("Picture 1 of 8")
/// introduces, or that a credit line follows ("© Agency / Jane Roe").
fn flag_captions_by_credit(
    units: &[Measured],
    verdicts: &mut [Verdict],
    scores: &mut [Option<f32>],
    threshold: f32,
) {
    const SCORE: f32 = 0.75;
    if SCORE < threshold {
        return;
    }
    let is_credit = |verdict: &Verdict, unit: &Measured| match verdict {
        Verdict::Removed(RemovalKind::Caption, _) => is_credit_only(&unit.text, unit),
        // "© Agency / Jane Roe" credits a picture; "© 2026 The Times" is the site's footer.
        Verdict::Removed(RemovalKind::Copyright, _) => {
            unit.features.letter_words <= 8 && unit.text.contains('/')
        }
        _ => false,
    };
    for i in 0..units.len() {
        // A caption is short (a line, not a paragraph) and describes a picture: it does not
        // report what someone said.
        if !matches!(verdicts[i], Verdict::Undecided(_))
            || units[i].features.letter_words > 30
            || units[i].cues.has(CueClass::Attribution)
        {
            continue;
        }
        // A counter alone on its line ("Picture 1 of 8") introduces the caption below it.
        let gallery_before = i > 0
            && units[i - 1].features.letter_words <= 4
            && matches!(verdicts[i - 1], Verdict::Removed(RemovalKind::Caption, _))
            && is_gallery_counter(&units[i - 1].text);
        let credit_after = i + 1 < units.len() && is_credit(&verdicts[i + 1], &units[i + 1]);
        if gallery_before || credit_after {
            scores[i] = Some(SCORE);
            verdicts[i] = Verdict::Removed(
                RemovalKind::Caption,
                "a photo caption (a credit or gallery counter stands beside it)".into(),
            );
        }
    }
}

#[cfg(test)]
mod tests;
