//! Bindings of the text-comparison kernels (`crate::compare`): distinctive terms, the reuse
//! map and the digest. Inputs are converted once (CSR matrices with indices of any integer
//! width, anything numpy can read as a 1-D array), the work runs with the GIL released in a
//! pool of `n_jobs` threads, and outputs are numpy arrays that own the Rust buffers, or the
//! reuse map as a `ReuseRows` object that the functions needing it take back as it is.

use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::compare::digest;
use crate::compare::reuse::{self, ReuseOptions, ReuseRows};
use crate::compare::terms;
use crate::error::Error;
use crate::parallel::{resolve_threads, run_with_threads};
use crate::python::analyzer::PyAnalyzer;
use crate::python::arrays::{float_vec, int_vec, vec_to_numpy, CsrInput};
use crate::python::detached::{run_attached, run_watched, try_run_attached, try_run_detached};
use crate::python::documents::borrow_documents;

type Array1<'py, T> = Bound<'py, PyArray1<T>>;
type Array2<'py, T> = Bound<'py, PyArray2<T>>;

fn n_or_max(n: Option<usize>, labels: &[i64]) -> usize {
    n.unwrap_or_else(|| {
        labels
            .iter()
            .max()
            .map_or(0, |&m| if m < 0 { 0 } else { m as usize + 1 })
    })
}

// -- distinctive terms ------------------------------------------------------------------------

/// For each term, whether it is a date or a bare number (`crate::compare::terms::is_date_term`).
#[pyfunction]
pub fn date_terms(terms: Vec<String>) -> PyResult<Vec<bool>> {
    run_attached(|| terms.iter().map(|term| terms::is_date_term(term)).collect())
}

/// Fightin' Words log-odds of every term between two count vectors with the Dirichlet prior
/// `prior` (pseudo-counts, all positive): `(delta, z)`, float64 arrays of length V.
#[pyfunction]
pub fn log_odds_z<'py>(
    py: Python<'py>,
    counts_i: &Bound<'py, PyAny>,
    counts_j: &Bound<'py, PyAny>,
    prior: &Bound<'py, PyAny>,
) -> PyResult<(Array1<'py, f64>, Array1<'py, f64>)> {
    let (yi, yj, alpha) = (
        float_vec(counts_i, "counts_i")?,
        float_vec(counts_j, "counts_j")?,
        float_vec(prior, "prior")?,
    );
    let (delta, z) = try_run_detached(py, || terms::log_odds_z(&yi, &yj, &alpha))?;
    Ok((delta.into_pyarray(py), z.into_pyarray(py)))
}

/// The informative Dirichlet prior of the log-odds ratio from a documents x terms count
/// matrix and, optionally, a background's term counts: float64 of length V.
#[pyfunction]
#[pyo3(signature = (counts, background=None))]
pub fn log_odds_prior<'py>(
    py: Python<'py>,
    counts: CsrInput,
    background: Option<&Bound<'py, PyAny>>,
) -> PyResult<Array1<'py, f64>> {
    let CsrInput(counts) = counts;
    let background = background.map(|b| float_vec(b, "background")).transpose()?;
    let prior = try_run_detached(py, || {
        terms::informative_prior(&counts, background.as_deref())
    })?;
    Ok(prior.into_pyarray(py))
}

/// Each group of documents against all the others: `(delta, z)`, float64 `(n_groups, V)`.
#[pyfunction]
#[pyo3(signature = (counts, groups, n_groups, prior, n_jobs=None))]
pub fn group_log_odds<'py>(
    py: Python<'py>,
    counts: CsrInput,
    groups: &Bound<'py, PyAny>,
    n_groups: usize,
    prior: &Bound<'py, PyAny>,
    n_jobs: Option<i64>,
) -> PyResult<(Array2<'py, f64>, Array2<'py, f64>)> {
    let CsrInput(counts) = counts;
    let groups = int_vec(groups, "groups")?;
    let prior = float_vec(prior, "prior")?;
    let threads = resolve_threads(n_jobs)?;
    let (delta, z) = try_run_detached(py, || {
        run_with_threads(threads, || {
            terms::group_log_odds(&counts, &groups, n_groups, &prior)
        })
    })?;
    Ok((delta.into_pyarray(py), z.into_pyarray(py)))
}

/// BERTopic's class-based TF-IDF of each group: float64 `(n_groups, V)`.
#[pyfunction]
#[pyo3(signature = (counts, groups, n_groups, n_jobs=None))]
pub fn class_tfidf<'py>(
    py: Python<'py>,
    counts: CsrInput,
    groups: &Bound<'py, PyAny>,
    n_groups: usize,
    n_jobs: Option<i64>,
) -> PyResult<Array2<'py, f64>> {
    let CsrInput(counts) = counts;
    let groups = int_vec(groups, "groups")?;
    let threads = resolve_threads(n_jobs)?;
    let values = try_run_detached(py, || {
        run_with_threads(threads, || terms::class_tfidf(&counts, &groups, n_groups))
    })?;
    Ok(values.into_pyarray(py))
}

// -- the reuse map ----------------------------------------------------------------------------

/// The reuse map (see `align_sentences`): one row per (sentence, other article), held in the
/// core. Python reads its columns as numpy arrays (each a fresh copy) to build tables, and
/// hands the object itself back to the functions that take the map, so the rows are never
/// converted twice. It pickles as its columns.
#[pyclass(name = "ReuseRows", module = "storylens._core", frozen)]
pub struct PyReuseRows {
    rows: ReuseRows,
}

#[pymethods]
impl PyReuseRows {
    /// The map from its columns (as `__getnewargs__` gives them), checked to have one length
    /// and known kinds.
    #[new]
    #[pyo3(signature = (sentence, other_article, other_sentence, score, containment, kind))]
    fn new(
        sentence: &Bound<'_, PyAny>,
        other_article: &Bound<'_, PyAny>,
        other_sentence: &Bound<'_, PyAny>,
        score: &Bound<'_, PyAny>,
        containment: &Bound<'_, PyAny>,
        kind: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let rows = ReuseRows {
            sentence: int_vec(sentence, "sentence")?,
            other_article: int_vec(other_article, "other_article")?,
            other_sentence: int_vec(other_sentence, "other_sentence")?,
            score: float_vec(score, "score")?,
            containment: float_vec(containment, "containment")?,
            kind: int_vec(kind, "kind")?,
        };
        try_run_attached(|| rows.check_columns())?;
        Ok(PyReuseRows { rows })
    }

    /// The sentence of each row (int64, an index into the sentence table).
    #[getter]
    fn sentence<'py>(&self, py: Python<'py>) -> Array1<'py, i64> {
        PyArray1::from_slice(py, &self.rows.sentence)
    }

    /// The other article of each row (int64).
    #[getter]
    fn other_article<'py>(&self, py: Python<'py>) -> Array1<'py, i64> {
        PyArray1::from_slice(py, &self.rows.other_article)
    }

    /// The best-matching sentence there (int64; -1 when that article has no sentence).
    #[getter]
    fn other_sentence<'py>(&self, py: Python<'py>) -> Array1<'py, i64> {
        PyArray1::from_slice(py, &self.rows.other_sentence)
    }

    /// The TF-IDF cosine with that sentence (float64).
    #[getter]
    fn score<'py>(&self, py: Python<'py>) -> Array1<'py, f64> {
        PyArray1::from_slice(py, &self.rows.score)
    }

    /// The shingle containment with that sentence (float64).
    #[getter]
    fn containment<'py>(&self, py: Python<'py>) -> Array1<'py, f64> {
        PyArray1::from_slice(py, &self.rows.containment)
    }

    /// The kind of match (int64: 0 verbatim, 1 near-verbatim, 2 paraphrase, 3 unique).
    #[getter]
    fn kind<'py>(&self, py: Python<'py>) -> Array1<'py, i64> {
        PyArray1::from_slice(py, &self.rows.kind)
    }

    fn __len__(&self) -> PyResult<usize> {
        run_attached(|| self.rows.len())
    }

    fn __repr__(&self) -> PyResult<String> {
        run_attached(|| format!("ReuseRows({} rows)", self.rows.len()))
    }

    #[allow(clippy::type_complexity)]
    fn __getnewargs__<'py>(
        &self,
        py: Python<'py>,
    ) -> (
        Array1<'py, i64>,
        Array1<'py, i64>,
        Array1<'py, i64>,
        Array1<'py, f64>,
        Array1<'py, f64>,
        Array1<'py, i64>,
    ) {
        (
            self.sentence(py),
            self.other_article(py),
            self.other_sentence(py),
            self.score(py),
            self.containment(py),
            self.kind(py),
        )
    }
}

/// The reuse map: for every sentence and every other article, the best-matching sentence
/// there when it reuses the sentence (with `include_unique`, also the closest one when it
/// does not). Each sentence's words, as `analyzer` finds them, are shingled `shingle_words`
/// at a time inside the core; `tfidf` holds the sentences' TF-IDF rows and `terms`, when
/// given, names its columns (so that the alignment pairs spelling variants);
/// `sentence_vectors`, when given, holds a sentence encoder's vector of each sentence
/// (float32, one row per sentence), whose cosine adds a paraphrase signal. The slower
/// signals look at each sentence's `top_k` closest candidates. `max_rows`, when given, is
/// the most rows the map may hold: past it, the work stops early with a ResourceLimitError.
/// Returns a `ReuseRows`.
#[pyfunction]
#[pyo3(signature = (
    article_of, sentences, analyzer, tfidf, shingle_words=3,
    verbatim=(0.9, 0.95), near=(0.5, 0.8), paraphrase=0.45, containment_weight=0.5,
    min_shared_shingles=2, min_shared_terms=2, min_term_weight=0.2, terms=None,
    paraphrase_alignment=0.5, term_similarity=0.5, min_aligned_terms=4, alignment_floor=0.15,
    top_k=10, max_term_candidates=100, sentence_vectors=None, paraphrase_encoder=0.65, include_unique=false,
    n_articles=None, n_jobs=None, max_rows=None,
))]
#[allow(clippy::too_many_arguments)]
pub fn align_sentences<'py>(
    py: Python<'py>,
    article_of: &Bound<'py, PyAny>,
    sentences: &Bound<'py, PyList>,
    analyzer: &Bound<'py, PyAnalyzer>,
    tfidf: CsrInput,
    shingle_words: usize,
    verbatim: (f64, f64),
    near: (f64, f64),
    paraphrase: f64,
    containment_weight: f64,
    min_shared_shingles: usize,
    min_shared_terms: usize,
    min_term_weight: f64,
    terms: Option<&Bound<'py, PyList>>,
    paraphrase_alignment: f64,
    term_similarity: f64,
    min_aligned_terms: usize,
    alignment_floor: f64,
    top_k: usize,
    max_term_candidates: usize,
    sentence_vectors: Option<PyReadonlyArray2<'py, f32>>,
    paraphrase_encoder: f64,
    include_unique: bool,
    n_articles: Option<usize>,
    n_jobs: Option<i64>,
    max_rows: Option<usize>,
) -> PyResult<PyReuseRows> {
    // Copied while the GIL is held: the work below runs without it.
    let vectors = sentence_vectors.map(|v| v.as_array().to_owned());
    let article_of = int_vec(article_of, "article_of")?;
    let sentences = borrow_documents(sentences, "utf-8", "strict")?;
    let terms = terms
        .map(|names| borrow_documents(names, "utf-8", "strict"))
        .transpose()?;
    let analyzer = &analyzer.get().inner;
    let CsrInput(tfidf) = tfidf;
    let n_articles = n_or_max(n_articles, &article_of);
    let options = ReuseOptions {
        verbatim_containment: verbatim.0,
        verbatim_cosine: verbatim.1,
        near_containment: near.0,
        near_cosine: near.1,
        paraphrase_cosine: paraphrase,
        paraphrase_alignment,
        term_similarity,
        min_aligned_terms,
        alignment_floor,
        top_k,
        max_term_candidates,
        paraphrase_encoder,
        include_unique,
        containment_weight,
        min_shared_shingles,
        min_shared_terms,
        min_term_weight,
        max_rows,
    };
    let threads = resolve_threads(n_jobs)?;
    // Watched: on a large set the alignment takes seconds, and Ctrl-C should stop it.
    let rows = run_watched(py, |control| {
        let sentences: Vec<&str> = sentences.iter().map(|s| &**s).collect();
        let terms: Option<Vec<&str>> = terms
            .as_ref()
            .map(|names| names.iter().map(|t| &**t).collect());
        run_with_threads(threads, || {
            reuse::align_sentence_texts_watched(
                &article_of,
                n_articles,
                &sentences,
                analyzer,
                shingle_words,
                &tfidf,
                terms.as_deref(),
                vectors.as_ref().map(|v| v.view()),
                &options,
                control,
            )
        })
    })?;
    Ok(PyReuseRows { rows })
}

/// Share of each article's sentences reused (verbatim, near-verbatim or paraphrase) in each
/// other article: float64 `(n_articles, n_articles)`, row a for the sentences of article a.
#[pyfunction]
#[pyo3(signature = (rows, article_of, n_articles=None))]
pub fn reuse_shares<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyReuseRows>,
    article_of: &Bound<'py, PyAny>,
    n_articles: Option<usize>,
) -> PyResult<Array2<'py, f64>> {
    let rows = &rows.get().rows;
    let article_of = int_vec(article_of, "article_of")?;
    let n_articles = n_or_max(n_articles, &article_of);
    let shares = try_run_detached(py, || reuse::reuse_shares(rows, &article_of, n_articles))?;
    Ok(shares.into_pyarray(py))
}

/// The compact reuse map: for every sentence with a verbatim, near-verbatim or paraphrase
/// row in `rows`, its best row (closest kind, highest cosine, then the other article first
/// in `article_rank`, one entry per article, lower first), as a `ReuseRows` in sentence
/// order, and the number of rows that reuse each of those sentences (int64).
#[pyfunction]
#[pyo3(signature = (rows, n_sentences, article_rank))]
pub fn reuse_best_matches<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyReuseRows>,
    n_sentences: usize,
    article_rank: &Bound<'py, PyAny>,
) -> PyResult<(PyReuseRows, Array1<'py, i64>)> {
    let rows = &rows.get().rows;
    let article_rank = int_vec(article_rank, "article_rank")?;
    let found = try_run_detached(py, || {
        reuse::compact::best_per_sentence(rows, n_sentences, &article_rank)
    })?;
    Ok((
        PyReuseRows { rows: found.rows },
        found.reused_in.into_pyarray(py),
    ))
}

/// The rows of `rows` by kind of reuse between each ordered pair of articles sharing any:
/// the article of the sentences, the other article (int64 arrays, pairs in that order) and
/// an int64 `(pairs, 3)` array of verbatim, near-verbatim and paraphrase counts.
#[pyfunction]
#[pyo3(signature = (rows, article_of, n_articles=None))]
pub fn reuse_pair_counts<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyReuseRows>,
    article_of: &Bound<'py, PyAny>,
    n_articles: Option<usize>,
) -> PyResult<(Array1<'py, i64>, Array1<'py, i64>, Array2<'py, i64>)> {
    let rows = &rows.get().rows;
    let article_of = int_vec(article_of, "article_of")?;
    let n_articles = n_or_max(n_articles, &article_of);
    let found = try_run_detached(py, || {
        reuse::compact::pair_counts(rows, &article_of, n_articles)
    })?;
    Ok((
        found.article.into_pyarray(py),
        found.other.into_pyarray(py),
        found.counts.into_pyarray(py),
    ))
}

// -- the digest -------------------------------------------------------------------------------

/// The sentences of `article` (of every article with None, grouped by article) with no
/// verbatim, near-verbatim or paraphrase match in any other article, most relevant first
/// (relevance as in the digest): int64 sentence indices.
#[pyfunction]
#[pyo3(signature = (rows, article_of, article, tfidf, n_articles=None, n_jobs=None))]
pub fn unique_sentences<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyReuseRows>,
    article_of: &Bound<'py, PyAny>,
    article: Option<usize>,
    tfidf: CsrInput,
    n_articles: Option<usize>,
    n_jobs: Option<i64>,
) -> PyResult<Array1<'py, i64>> {
    let rows = &rows.get().rows;
    let article_of = int_vec(article_of, "article_of")?;
    let CsrInput(tfidf) = tfidf;
    let n_articles = n_or_max(n_articles, &article_of);
    if tfidf.n_rows != article_of.len() {
        return Err(Error::ShapeMismatch(format!(
            "the TF-IDF matrix has {} rows for {} sentences",
            tfidf.n_rows,
            article_of.len()
        ))
        .into());
    }
    let threads = resolve_threads(n_jobs)?;
    let unique = try_run_detached(py, || {
        run_with_threads(threads, || {
            let relevance = digest::relevance(&tfidf)?;
            digest::unique_sentences(rows, &article_of, n_articles, article, &relevance)
        })
    })?;
    Ok(vec_to_numpy(
        py,
        unique.into_iter().map(|s| s as i64).collect(),
    ))
}

/// Per-sentence flags, introduced surnames and single capitalised words.
type SentenceShapes<'py> = (Array1<'py, u16>, Vec<Vec<String>>, Vec<Vec<String>>);

/// What the digest's readability rules see in each sentence: a uint16 array of flags (bit
/// 0: handled here, then caption, question, bare quote, first person, opening pronoun,
/// starts mid-word, attributed to a pronoun, unbalanced quotes) and, per sentence, the
/// surnames it introduces (last words of capitalised runs of two or more) and its single
/// capitalised words. A sentence not handled (a character where Python's and Rust's Unicode
/// rules differ) has every other flag clear: the caller checks it.
#[pyfunction]
pub fn sentence_shapes<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    pronouns: Vec<String>,
    first_person: Vec<String>,
    stop_words: Vec<String>,
    subject_pronouns: Vec<String>,
) -> PyResult<SentenceShapes<'py>> {
    let words = digest::readable::RuleWords {
        pronouns: pronouns.into_iter().collect(),
        first_person: first_person.into_iter().collect(),
        stop_words: stop_words.into_iter().collect(),
        subject_pronouns: subject_pronouns.into_iter().collect(),
    };
    let shapes = try_run_detached(py, || {
        Ok::<_, Error>(digest::readable::sentence_shapes(&texts, &words))
    })?;
    let mut flags = Vec::with_capacity(shapes.len());
    let mut introduces = Vec::with_capacity(shapes.len());
    let mut singles = Vec::with_capacity(shapes.len());
    for shape in shapes {
        let bits = [
            shape.handled,
            shape.caption,
            shape.question,
            shape.bare_quote,
            shape.first_person,
            shape.opens_on_pronoun,
            shape.starts_mid_word,
            shape.attributes_to_pronoun,
            shape.unbalanced_quotes,
        ];
        flags.push(
            bits.iter()
                .enumerate()
                .fold(0u16, |acc, (i, &bit)| acc | (u16::from(bit) << i)),
        );
        introduces.push(shape.introduces);
        singles.push(shape.singles);
    }
    Ok((flags.into_pyarray(py), introduces, singles))
}
