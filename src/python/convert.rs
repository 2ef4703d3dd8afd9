//! Converting Python inputs to borrowed Rust data, and Rust buffers to numpy without copying.

use std::cell::Cell;

use numpy::{IntoPyArray, PyArray1};
use pyo3::exceptions::{PyTypeError, PyUnicodeDecodeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyList, PyString};

use crate::parallel::{run_batches, Batched};
use crate::python::errors::panic_to_py_err;
use crate::text::analyzer::Analyzer;
use crate::vectorize::count::{cut_by_weight, Documents};
use crate::vectorize::csr::CsrMatrix;

/// Borrows every document of `documents` (a list) as UTF-8 without copying the text. Bytes are
/// decoded with Python's own codec machinery; anything else is an error naming the position.
pub fn borrow_documents(
    documents: &Bound<'_, PyList>,
    encoding: &str,
    decode_error: &str,
) -> PyResult<Vec<DocumentText>> {
    let mut out = Vec::with_capacity(documents.len());
    for (index, item) in documents.iter().enumerate() {
        out.push(borrow_document(&item, index, encoding, decode_error)?);
    }
    Ok(out)
}

/// One document's UTF-8 text, owned by a Python object that lives as long as this value.
pub enum DocumentText {
    /// An ASCII str, read in place.
    Ascii(PyBackedStr),
    /// A temporary UTF-8 encoding of a non-ASCII str.
    Encoded(PyBackedBytes),
}

impl std::ops::Deref for DocumentText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            DocumentText::Ascii(text) => text,
            // Produced by str.encode("utf-8"), so always valid; the fallback is unreachable.
            DocumentText::Encoded(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
        }
    }
}

fn borrow_document(
    item: &Bound<'_, PyAny>,
    index: usize,
    encoding: &str,
    decode_error: &str,
) -> PyResult<DocumentText> {
    if let Ok(text) = item.cast::<PyString>() {
        // Reading a non-ASCII str as UTF-8 in place would make CPython cache a UTF-8 copy
        // inside the caller's object for its whole life; a temporary encoding is freed when
        // the call ends.
        if text.call_method0("isascii")?.extract::<bool>()? {
            return Ok(DocumentText::Ascii(text.extract::<PyBackedStr>()?));
        }
        let encoded = text.encode_utf8().map_err(|_| {
            PyValueError::new_err(format!(
                "document {index} is not valid Unicode text (it contains a lone surrogate)"
            ))
        })?;
        return Ok(DocumentText::Encoded(PyBackedBytes::from(encoded)));
    }
    if item.is_instance_of::<PyBytes>() {
        let decoded = decode_bytes(item, index, encoding, decode_error)?;
        return borrow_document(&decoded, index, encoding, decode_error);
    }
    Err(not_a_document(item, index))
}

/// Bytes decoded with Python's codecs (as scikit-learn decodes them); a decoding error keeps
/// its type and says which document failed.
fn decode_bytes<'py>(
    item: &Bound<'py, PyAny>,
    index: usize,
    encoding: &str,
    decode_error: &str,
) -> PyResult<Bound<'py, PyAny>> {
    item.call_method1("decode", (encoding, decode_error))
        .inspect_err(|error| {
            let py = item.py();
            if error.is_instance_of::<PyUnicodeDecodeError>(py) {
                // `str()` of a UnicodeDecodeError is built from its attributes when shown.
                let value = error.value(py);
                if let Ok(reason) = value.getattr("reason").and_then(|r| r.extract::<String>()) {
                    let _ = value.setattr("reason", format!("{reason} (in document {index})"));
                }
            }
        })
}

/// The error for an item that is neither str nor bytes.
fn not_a_document(item: &Bound<'_, PyAny>, index: usize) -> PyErr {
    // Any NaN, not only Python's float (numpy's float32 and float16 are not float subclasses):
    // NaN is the one value unequal to itself. Objects whose comparison fails are not NaN.
    if item.ne(item).unwrap_or(false) {
        return PyValueError::new_err(format!(
            "np.nan is an invalid document, expected byte or unicode string (document {index} is NaN)"
        ));
    }
    let type_name = item
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string());
    PyTypeError::new_err(format!(
        "document {index} is a {type_name}, expected str or bytes"
    ))
}

/// Borrows a list of token lists (documents tokenised on the Python side).
pub fn borrow_token_lists(documents: &Bound<'_, PyList>) -> PyResult<Vec<Vec<PyBackedStr>>> {
    let mut out = Vec::with_capacity(documents.len());
    for (index, item) in documents.iter().enumerate() {
        let tokens = item.cast::<PyList>().map_err(|_| {
            PyTypeError::new_err(format!("the tokens of document {index} are not a list"))
        })?;
        let mut row = Vec::with_capacity(tokens.len());
        for (position, token) in tokens.iter().enumerate() {
            let borrowed = token.extract::<PyBackedStr>().map_err(|_| {
                if token.is_instance_of::<PyString>() {
                    PyValueError::new_err(format!(
                        "token {position} of document {index} is not valid Unicode text (it contains a lone surrogate)"
                    ))
                } else {
                    PyTypeError::new_err(format!(
                        "token {position} of document {index} is not a str (a tokenizer or analyzer must return strings)"
                    ))
                }
            })?;
            row.push(borrowed);
        }
        out.push(row);
    }
    Ok(out)
}

thread_local! {
    /// The most stored values a matrix may hold and still get int32 `indptr` and `indices`:
    /// `i32::MAX`, except while a test lowers it ([`_set_int32_nnz_limit_for_tests`]) to reach
    /// the int64 path without building a matrix of more than 2**31 values. Per thread (the
    /// matrices are handed over on the calling thread), so a test never affects another's.
    static INT32_NNZ_LIMIT: Cell<i64> = const { Cell::new(i32::MAX as i64) };
}

/// Lowers the int32 limit for the calling thread, for the tests (`None` restores `i32::MAX`).
#[pyfunction]
#[pyo3(signature = (limit=None))]
pub fn _set_int32_nnz_limit_for_tests(limit: Option<i64>) -> PyResult<()> {
    let limit = limit.unwrap_or(i32::MAX as i64);
    if !(0..=i32::MAX as i64).contains(&limit) {
        return Err(PyValueError::new_err("the limit must be in 0..=2**31-1"));
    }
    INT32_NNZ_LIMIT.with(|cell| cell.set(limit));
    Ok(())
}

/// The CSR buffers as numpy arrays `(data, indices, indptr)`, handed over without copying.
/// `indptr` and `indices` are int32 when the matrix allows it (what scipy would choose) and
/// int64 otherwise, so scipy never needs to convert them.
pub fn csr_to_numpy<'py, T: numpy::Element>(
    py: Python<'py>,
    matrix: CsrMatrix<T>,
) -> (Bound<'py, PyAny>, Bound<'py, PyAny>, Bound<'py, PyAny>) {
    let CsrMatrix {
        indptr,
        indices,
        data,
        ..
    } = matrix;
    let data = data.into_pyarray(py).into_any();
    if indptr.last().copied().unwrap_or(0) <= INT32_NNZ_LIMIT.with(Cell::get) {
        let indptr: Vec<i32> = indptr.into_iter().map(|p| p as i32).collect();
        (
            data,
            indices.into_pyarray(py).into_any(),
            indptr.into_pyarray(py).into_any(),
        )
    } else {
        let indices: Vec<i64> = indices.into_iter().map(i64::from).collect();
        (
            data,
            indices.into_pyarray(py).into_any(),
            indptr.into_pyarray(py).into_any(),
        )
    }
}

/// A Vec as a 1-D numpy array, without copying.
pub fn vec_to_numpy<T: numpy::Element>(py: Python<'_>, values: Vec<T>) -> Bound<'_, PyArray1<T>> {
    values.into_pyarray(py)
}

/// Documents borrowed from Python: texts, or token lists for analyzers that take tokens.
pub enum BorrowedDocuments {
    Texts(Vec<DocumentText>),
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

/// A document of the input list as a str (bytes are decoded first), held as `Py` so that
/// the workers can read or encode it under their own GIL.
struct Source(Py<PyString>);

/// Checks every item (str, or bytes to decode) and returns the strs with their lengths; the
/// first item that is neither is an error naming its position. Only cheap checks run here,
/// on the calling thread: reading or encoding the text is the workers' job.
fn collect_sources(
    documents: &Bound<'_, PyList>,
    encoding: &str,
    decode_error: &str,
) -> PyResult<(Vec<Source>, Vec<usize>)> {
    let mut sources = Vec::with_capacity(documents.len());
    let mut weights = Vec::with_capacity(documents.len());
    for (index, item) in documents.iter().enumerate() {
        let text = if let Ok(text) = item.cast::<PyString>() {
            text.clone()
        } else if item.is_instance_of::<PyBytes>() {
            let decoded = decode_bytes(&item, index, encoding, decode_error)?;
            decoded
                .cast_into::<PyString>()
                .map_err(|_| not_a_document(&item, index))?
        } else {
            return Err(not_a_document(&item, index));
        };
        // Code points, not bytes: a rough size, to cut the work into balanced batches.
        weights.push(text.len()? + 16);
        sources.push(Source(text.unbind()));
    }
    Ok((sources, weights))
}

/// The texts of one batch of documents: ASCII ones read in place, the others as temporary
/// UTF-8 encodings (freed as soon as the batch is done). Both hold a reference to a Python
/// object, released without the GIL (see [`Piece::Encoded`]).
struct TextBatch {
    pieces: Vec<Piece>,
}

enum Piece {
    /// An ASCII str, read in place.
    Ascii(PyBackedStr),
    /// A `bytes` object made by `str.encode("utf-8")`, read in place. It is released without
    /// the GIL (pyo3 defers the decref to the next time a thread takes the GIL, which the
    /// worker does for its next batch).
    Encoded(PyBackedBytes),
}

impl TextBatch {
    fn run<R>(&self, work: impl FnOnce(Documents<'_>) -> R) -> R {
        let texts: Vec<&str> = self
            .pieces
            .iter()
            .map(|piece| match piece {
                Piece::Ascii(text) => text,
                // SAFETY: the bytes come from `str.encode("utf-8")` with the strict error
                // handler, whose output is valid UTF-8 by construction (a lone surrogate,
                // the only str content without a UTF-8 form, raises instead), and a bytes
                // object is immutable.
                Piece::Encoded(bytes) => unsafe { std::str::from_utf8_unchecked(bytes) },
            })
            .collect();
        work(Documents::Texts(&texts))
    }
}

fn encode_batch(
    py: Python<'_>,
    range: std::ops::Range<usize>,
    sources: &[Source],
) -> PyResult<TextBatch> {
    let mut batch = TextBatch {
        pieces: Vec::with_capacity(range.len()),
    };
    for position in range {
        let text = sources[position].0.bind(py);
        if text.call_method0("isascii")?.extract::<bool>()? {
            // Read in place: for an ASCII str, CPython's UTF-8 view is its own buffer.
            batch
                .pieces
                .push(Piece::Ascii(text.extract::<PyBackedStr>()?));
            continue;
        }
        // A temporary encoding, never cached in the caller's str: the Python heap holds it
        // only until the batch is done.
        let encoded = text.encode_utf8().map_err(|_| {
            PyValueError::new_err(format!(
                "document {position} is not valid Unicode text (it contains a lone surrogate)"
            ))
        })?;
        batch
            .pieces
            .push(Piece::Encoded(PyBackedBytes::from(encoded)));
    }
    Ok(batch)
}

/// Runs `work` on the documents of `documents` (str or bytes), batch by batch, on `threads`
/// workers that each keep a state made by `new_state` (see [`run_batches`]), and returns the
/// states and the batches' results in document order.
///
/// Non-ASCII str must be encoded to UTF-8, which needs the GIL: each worker takes the GIL
/// just long enough to encode the batch it takes, then works on it without the GIL. The
/// encoding thus overlaps the other workers' work without an extra thread competing for the
/// cores, only one copy per worker exists at a time, and no worker idles while another
/// finishes a large piece. `batch_bytes` sets the batch size (at least 4 batches per thread).
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
    let (sources, weights) = collect_sources(documents, encoding, decode_error)?;
    let total: usize = weights.iter().sum();
    let threads = threads.max(1);
    let pieces = (threads * 4).max(total / batch_bytes.max(1));
    let ranges = cut_by_weight(&weights, pieces);
    let sources = &sources[..];
    let outcome = py.detach(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_batches(threads, ranges.len(), &new_state, |state, index| {
                let batch = Python::attach(|py| encode_batch(py, ranges[index].clone(), sources))?;
                Ok(batch.run(|docs| work(state, docs)))
            })
        }))
    });
    let Batched { states, results } = outcome.map_err(panic_to_py_err)?;
    // The first error in document order, as a serial run would have met it.
    let results = results
        .into_iter()
        .map(|(worker, result)| result.map(|result| (worker, result)))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Batched { states, results })
}
