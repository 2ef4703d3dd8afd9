//! Article cleaning for Python: texts in, bodies, removals (with code-point offsets into the
//! original texts) and metadata out.

use pyo3::prelude::*;

use crate::articles::clean::{ArticleText, CleanedArticle, Cleaner, CleanerOptions};
use crate::error::Error;
use crate::parallel::{resolve_threads, run_with_threads};
use crate::python::detached::{run_detached, run_watched};
use crate::python::offsets::CharOffsets;

/// One removed unit: `(start, end, kind, reason, score)`, offsets in code points of the
/// original.
type PyRemoval = (usize, usize, &'static str, String, f32);

/// One cleaned article: read-only attributes that the Python layer copies into its
/// `Article`.
#[pyclass(name = "CleanedArticle", module = "storylens._core", frozen, get_all)]
pub struct PyCleanedArticle {
    body: String,
    /// `(start, end)` code-point spans of the kept units in the original text.
    kept: Vec<(usize, usize)>,
    removed: Vec<PyRemoval>,
    title: Option<String>,
    byline: Option<String>,
    dateline: Option<String>,
    /// ISO `YYYY-MM-DD`.
    date: Option<String>,
    words_kept: usize,
    words_removed: usize,
    /// `(start, end)` code-point spans of the in-body subheadings in `body`.
    headings: Vec<(usize, usize)>,
    corrections: Vec<String>,
    is_article: bool,
}

fn to_python(text: &str, cleaned: CleanedArticle) -> PyCleanedArticle {
    let offsets = CharOffsets::new(text);
    PyCleanedArticle {
        body: cleaned.body,
        kept: cleaned
            .kept
            .iter()
            .map(|&(start, end)| (offsets.of(start), offsets.of(end)))
            .collect(),
        removed: cleaned
            .removed
            .into_iter()
            .map(|removal| {
                (
                    offsets.of(removal.start),
                    offsets.of(removal.end),
                    removal.kind.name(),
                    removal.reason,
                    removal.score,
                )
            })
            .collect(),
        title: cleaned.title,
        byline: cleaned.byline,
        dateline: cleaned.dateline,
        date: cleaned.date.map(|date| date.to_string()),
        words_kept: cleaned.words_kept,
        words_removed: cleaned.words_removed,
        headings: cleaned.headings,
        corrections: cleaned.corrections,
        is_article: cleaned.is_article,
    }
}

/// Cleans a set of articles of one language. `titles[i]` is a title the metadata already
/// gives for article `i` (or None).
#[pyfunction]
#[pyo3(signature = (texts, titles, outlets, language="english", n_jobs=None, strictness=0.5))]
pub fn clean_articles(
    py: Python<'_>,
    texts: Vec<String>,
    titles: Vec<Option<String>>,
    outlets: Vec<Option<String>>,
    language: &str,
    n_jobs: Option<i64>,
    strictness: f64,
) -> PyResult<Vec<PyCleanedArticle>> {
    // Watched: cleaning a large set takes seconds, and Ctrl-C or a progress bar should see it.
    run_watched(py, move |control| {
        if titles.len() != texts.len() || outlets.len() != texts.len() {
            return Err(Error::ShapeMismatch(format!(
                "{} titles and {} outlets for {} texts",
                titles.len(),
                outlets.len(),
                texts.len()
            )));
        }
        let threads = resolve_threads(n_jobs)?;
        let options = CleanerOptions {
            strictness,
            ..CleanerOptions::default()
        };
        let cleaner = Cleaner::new(language, options)?;
        let articles: Vec<ArticleText<'_>> = texts
            .iter()
            .zip(titles.iter().zip(&outlets))
            .map(|(text, (title, outlet))| ArticleText {
                text,
                known_title: title.as_deref(),
                outlet: outlet.as_deref(),
            })
            .collect();
        let cleaned = run_with_threads(threads, || cleaner.clean_set_watched(&articles, control))?;
        Ok(texts
            .iter()
            .zip(cleaned)
            .map(|(text, cleaned)| to_python(text, cleaned))
            .collect())
    })
}

/// The number of words (runs of letters and digits holding a letter) of each text, counted as
/// the cleaner counts kept and removed words.
#[pyfunction]
pub fn count_words(py: Python<'_>, texts: Vec<String>) -> PyResult<Vec<usize>> {
    run_detached(py, || {
        texts
            .iter()
            .map(|text| crate::articles::features::count_words(text))
            .collect()
    })
}
