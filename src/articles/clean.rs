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
mod position;
mod prose;
mod shape;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::articles::dates::Date;
use crate::articles::features::{measure, words_of, Features};
use crate::articles::units::{split_units, Unit};
use crate::error::{Error, Result};
use crate::text::stopwords::stop_words;

use self::assemble::{assemble, Metadata};
use self::headline::{find_title, title_key};
use self::position::{settle_by_position, Body, Evidence};
use self::prose::{prose_quality, Quality};
use self::shape::judge_shapes;

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
    /// Where the unit starts in the original text (bytes).
    pub start: usize,
    /// Where the unit ends in the original text (bytes).
    pub end: usize,
    /// Why the unit left the body.
    pub kind: RemovalKind,
    /// The reason in words, for reports.
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

/// The decision about one unit while an article is cleaned.
#[derive(Debug, Clone)]
enum Verdict {
    Undecided(Quality),
    Removed(RemovalKind, String),
}

impl Verdict {
    /// The unit's prose quality while it is undecided.
    fn quality(&self) -> Option<Quality> {
        match self {
            Verdict::Undecided(quality) => Some(*quality),
            Verdict::Removed(..) => None,
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
            byline: shapes.byline.as_deref(),
            outlet_key: outlet_key.as_deref(),
            shared,
            min_shared_articles: self.options.min_shared_articles,
        };
        settle_by_position(units, &mut verdicts, &body, &evidence);
        let metadata = Metadata {
            title_index,
            byline: shapes.byline,
            dates: &shapes.dates,
        };
        assemble(article, units, verdicts, metadata)
    }
}

#[cfg(test)]
mod tests;
