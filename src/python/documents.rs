//! Documents borrowed from Python without copying their text: [`BorrowedText`], the one type of
//! a borrowed document, and the batched reading of a long list of documents by the workers.
//!
//! A document is a str, or bytes decoded with Python's codecs (as scikit-learn decodes them).
//! Anything else is a core error naming its position: NaN is an InvalidDocument (scikit-learn
//! raises ValueError for it), any other type a DocumentType error (a TypeError).

use std::ops::{Deref, Range};

use pyo3::exceptions::PyUnicodeDecodeError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyList, PyString};

use crate::error::Error;
use crate::job::JobControl;
use crate::parallel::{cut_by_weight, run_batches, Batched};
use crate::python::detached::{reattach, run_job, JobLength};
use crate::text::analyzer::Analyzer;
use crate::vectorize::documents::Documents;

/// One document's UTF-8 text, owned by a Python object that lives as long as this value.
///
/// An ASCII str is read in place: CPython's UTF-8 view of it is its own buffer. Any other str
/// is encoded to a temporary bytes object instead, because reading it in place would make
/// CPython cache a UTF-8 copy inside the caller's str for the str's whole life; the temporary
/// is freed with this value.
pub enum BorrowedText {
    InPlace(PyBackedStr),
    Encoded(PyBackedBytes),
}

impl BorrowedText {
    /// Borrows `text`, document `index` of the input.
    fn of_str(text: &Bound<'_, PyString>, index: usize) -> PyResult<Self> {
        if text.call_method0("isascii")?.extract::<bool>()? {
            return Ok(BorrowedText::InPlace(text.extract::<PyBackedStr>()?));
        }
        let encoded = text.encode_utf8().map_err(|_| not_unicode_text(index))?;
        Ok(BorrowedText::Encoded(PyBackedBytes::from(encoded)))
    }

    /// Borrows `item` (str, or bytes to decode), document `index` of the input.
    pub fn borrow(
        item: &Bound<'_, PyAny>,
        index: usize,
        encoding: &str,
        decode_error: &str,
    ) -> PyResult<Self> {
        Self::of_str(&as_str(item, index, encoding, decode_error)?, index)
    }
}

impl Deref for BorrowedText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            BorrowedText::InPlace(text) => text,
            // SAFETY: the bytes come from `str.encode("utf-8")` with the strict error handler
            // (`PyString::encode_utf8`), whose output is valid UTF-8 by construction (a lone
            // surrogate, the only str content without a UTF-8 form, raises instead), and a
            // bytes object is immutable.
            BorrowedText::Encoded(bytes) => unsafe { std::str::from_utf8_unchecked(bytes) },
        }
    }
}

/// The error for a str holding a lone surrogate, which has no UTF-8 form.
fn not_unicode_text(index: usize) -> Error {
    Error::InvalidDocument {
        index,
        reason: "not valid Unicode text (it contains a lone surrogate)".to_string(),
    }
}

/// `item` as a str: itself, or bytes decoded with Python's codecs. A decoding error keeps
/// its type (UnicodeDecodeError, as in scikit-learn) and says which document failed.
fn as_str<'py>(
    item: &Bound<'py, PyAny>,
    index: usize,
    encoding: &str,
    decode_error: &str,
) -> PyResult<Bound<'py, PyString>> {
    if let Ok(text) = item.cast::<PyString>() {
        return Ok(text.clone());
    }
    if !item.is_instance_of::<PyBytes>() {
        return Err(not_a_document(item, index).into());
    }
    let decoded = item
        .call_method1("decode", (encoding, decode_error))
        .inspect_err(|error| {
            let py = item.py();
            if error.is_instance_of::<PyUnicodeDecodeError>(py) {
                // `str()` of a UnicodeDecodeError is built from its attributes when shown.
                let value = error.value(py);
                if let Ok(reason) = value.getattr("reason").and_then(|r| r.extract::<String>()) {
                    let _ = value.setattr("reason", format!("{reason} (in document {index})"));
                }
            }
        })?;
    // A codec may return something other than str (`bytes.decode` of a custom codec).
    decoded
        .cast_into::<PyString>()
        .map_err(|_| not_a_document(item, index).into())
}

/// The error for an item that is neither str nor bytes.
fn not_a_document(item: &Bound<'_, PyAny>, index: usize) -> Error {
    // Any NaN, not only Python's float (numpy's float32 and float16 are not float subclasses):
    // NaN is the one value unequal to itself. Objects whose comparison fails are not NaN.
    if item.ne(item).unwrap_or(false) {
        return Error::InvalidDocument {
            index,
            reason: "np.nan is an invalid document, expected byte or unicode string".to_string(),
        };
    }
    Error::DocumentType {
        index,
        reason: format!("expected str or bytes, got {}", type_name(item)),
    }
}

fn type_name(item: &Bound<'_, PyAny>) -> String {
    item.get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "?".to_string())
}

/// Borrows every document of `documents`.
pub fn borrow_documents(
    documents: &Bound<'_, PyList>,
    encoding: &str,
    decode_error: &str,
) -> PyResult<Vec<BorrowedText>> {
    documents
        .iter()
        .enumerate()
        .map(|(index, item)| BorrowedText::borrow(&item, index, encoding, decode_error))
        .collect()
}

/// Borrows a list of token lists (documents tokenised on the Python side). Tokens are short,
/// so they are read in place whatever their content.
pub fn borrow_token_lists(documents: &Bound<'_, PyList>) -> PyResult<Vec<Vec<PyBackedStr>>> {
    let mut out = Vec::with_capacity(documents.len());
    for (index, item) in documents.iter().enumerate() {
        let tokens = item.cast::<PyList>().map_err(|_| Error::DocumentType {
            index,
            reason: format!("expected a list of tokens, got {}", type_name(&item)),
        })?;
        let mut row = Vec::with_capacity(tokens.len());
        for (position, token) in tokens.iter().enumerate() {
            let borrowed = token.extract::<PyBackedStr>().map_err(|_| {
                if token.is_instance_of::<PyString>() {
                    Error::InvalidDocument {
                        index,
                        reason: format!(
                            "token {position} is not valid Unicode text (it contains a lone \
                             surrogate)"
                        ),
                    }
                } else {
                    Error::DocumentType {
                        index,
                        reason: format!(
                            "token {position} is a {}, expected str (a tokenizer or analyzer \
                             must return strings)",
                            type_name(&token)
                        ),
                    }
                }
            })?;
            row.push(borrowed);
        }
        out.push(row);
    }
    Ok(out)
}

/// Documents borrowed from Python: texts, or token lists for analyzers that take tokens.
pub enum BorrowedDocuments {
    Texts(Vec<BorrowedText>),
    Tokens(Vec<Vec<PyBackedStr>>),
}

impl BorrowedDocuments {
    pub fn take(
        analyzer: &Analyzer,
        documents: &Bound<'_, PyList>,
        encoding: &str,
        decode_error: &str,
    ) -> PyResult<Self> {
        if analyzer.takes_tokens() {
            Ok(BorrowedDocuments::Tokens(borrow_token_lists(documents)?))
        } else {
            Ok(BorrowedDocuments::Texts(borrow_documents(
                documents,
                encoding,
                decode_error,
            )?))
        }
    }

    /// Runs `work` on plain `&str` views of the documents.
    pub fn with_documents<T>(&self, work: impl FnOnce(Documents<'_>) -> T) -> T {
        match self {
            BorrowedDocuments::Texts(texts) => {
                let refs: Vec<&str> = texts.iter().map(|t| &**t).collect();
                work(Documents::Texts(&refs))
            }
            BorrowedDocuments::Tokens(lists) => {
                let refs: Vec<Vec<&str>> = lists
                    .iter()
                    .map(|tokens| tokens.iter().map(|t| &**t).collect())
                    .collect();
                work(Documents::Tokens(&refs))
            }
        }
    }
}

/// Checks every item (str, or bytes to decode) and returns the strs, held as `Py` so that the
/// workers can borrow them under their own GIL, with their lengths. The first item that is
/// neither is an error naming its position. Only cheap checks run here, on the calling
/// thread: borrowing the text (which may mean encoding it) is the workers' job.
fn collect_strs(
    documents: &Bound<'_, PyList>,
    encoding: &str,
    decode_error: &str,
) -> PyResult<(Vec<Py<PyString>>, Vec<usize>)> {
    let mut strs = Vec::with_capacity(documents.len());
    let mut weights = Vec::with_capacity(documents.len());
    for (index, item) in documents.iter().enumerate() {
        let text = as_str(&item, index, encoding, decode_error)?;
        // Code points, not bytes: a rough size, to cut the work into balanced batches.
        weights.push(text.len()? + 16);
        strs.push(text.unbind());
    }
    Ok((strs, weights))
}

/// Borrows the documents `range` of `strs`.
fn borrow_batch(
    py: Python<'_>,
    range: Range<usize>,
    strs: &[Py<PyString>],
) -> PyResult<Vec<BorrowedText>> {
    range
        .map(|index| BorrowedText::of_str(strs[index].bind(py), index))
        .collect()
}

/// The text (in code points) from which a batched job is long enough to watch: below it, the
/// job takes milliseconds, less than a Ctrl-C takes to notice.
pub const WATCHED_TEXT: usize = 1 << 20;

/// Runs `work` on the documents of `documents` (str or bytes), batch by batch, on `threads`
/// workers that each keep a state made by `new_state` (see [`run_batches`]), and returns the
/// states and the batches' results in document order.
///
/// Non-ASCII str must be encoded to UTF-8, which needs the GIL: each worker takes the GIL
/// just long enough to borrow the batch it takes, then works on it without the GIL. The
/// encoding thus overlaps the other workers' work without an extra thread competing for the
/// cores, only one copy per worker exists at a time, and no worker idles while another
/// finishes a large piece. `batch_bytes` sets the batch size (at least 4 batches per thread).
///
/// A job of at least [`WATCHED_TEXT`] is watched (`detached::run_watched`): Ctrl-C stops it
/// before its next batch, and the progress callback hears how many documents are done.
// The input (list, encoding, decode_error), the pool size and batch size, and the work.
#[allow(clippy::too_many_arguments)]
pub fn process_text_batches<S: Send, R: Send>(
    py: Python<'_>,
    documents: &Bound<'_, PyList>,
    encoding: &str,
    decode_error: &str,
    threads: usize,
    batch_bytes: usize,
    new_state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, Documents<'_>) -> R + Sync,
) -> PyResult<Batched<S, R>> {
    let (strs, weights) = collect_strs(documents, encoding, decode_error)?;
    let total: usize = weights.iter().sum();
    let threads = threads.max(1);
    let pieces = (threads * 4).max(total / batch_bytes.max(1));
    let ranges = cut_by_weight(&weights, pieces);
    let strs = &strs[..];
    let length = if total >= WATCHED_TEXT {
        JobLength::Long
    } else {
        JobLength::Short
    };
    let Batched { states, results } = run_job(py, length, |control: &JobControl| {
        control.add_total(strs.len());
        Ok::<_, PyErr>(run_batches(
            threads,
            ranges.len(),
            &new_state,
            |state, index| {
                control.checkpoint()?;
                let range = ranges[index].clone();
                let batch = reattach(|py| borrow_batch(py, range.clone(), strs))?;
                let texts: Vec<&str> = batch.iter().map(|text| &**text).collect();
                let result = work(state, Documents::Texts(&texts));
                control.advance(range.len());
                Ok::<_, PyErr>(result)
            },
        ))
    })?;
    // The first error in document order, as a serial run would have met it.
    let results = results
        .into_iter()
        .map(|(worker, result)| result.map(|result| (worker, result)))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Batched { states, results })
}
