//! Converting Python inputs to borrowed Rust data, and Rust buffers to numpy without copying.

use numpy::{IntoPyArray, PyArray1};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyFloat, PyList, PyString};

use crate::python::errors::{panic_to_py_err, run_detached};
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
        let decoded = item.call_method1("decode", (encoding, decode_error))?;
        return borrow_document(&decoded, index, encoding, decode_error);
    }
    Err(not_a_document(item, index))
}

/// The error for an item that is neither str nor bytes.
fn not_a_document(item: &Bound<'_, PyAny>, index: usize) -> PyErr {
    if let Ok(number) = item.cast::<PyFloat>() {
        if number.value().is_nan() {
            return PyValueError::new_err(format!(
                "np.nan is an invalid document, expected byte or unicode string (document {index} is NaN)"
            ));
        }
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
    if indptr.last().copied().unwrap_or(0) <= i32::MAX as i64 {
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

/// A document as found in the input list: an ASCII str read in place, or text still to be
/// encoded to UTF-8.
enum Source<'py> {
    Ascii(PyBackedStr),
    Text(Bound<'py, PyString>),
}

impl Source<'_> {
    /// Rough size in bytes, to cut the work into balanced chunks.
    fn weight(&self) -> usize {
        match self {
            Source::Ascii(text) => text.len() + 16,
            Source::Text(text) => text.len().unwrap_or(0) + 16,
        }
    }
}

fn classify<'py>(
    item: &Bound<'py, PyAny>,
    index: usize,
    encoding: &str,
    decode_error: &str,
) -> PyResult<Source<'py>> {
    if let Ok(text) = item.cast::<PyString>() {
        if text.call_method0("isascii")?.extract::<bool>()? {
            return Ok(Source::Ascii(text.extract::<PyBackedStr>()?));
        }
        return Ok(Source::Text(text.clone()));
    }
    if item.is_instance_of::<PyBytes>() {
        let decoded = item.call_method1("decode", (encoding, decode_error))?;
        return classify(&decoded, index, encoding, decode_error);
    }
    Err(not_a_document(item, index))
}

/// The texts of one chunk of documents: ASCII ones borrowed from Python, the others encoded
/// into the chunk's own buffer (freed as soon as the chunk is done).
struct TextChunk<'a> {
    index: usize,
    encoded: Vec<u8>,
    pieces: Vec<Piece<'a>>,
}

enum Piece<'a> {
    Borrowed(&'a str),
    Encoded(std::ops::Range<usize>),
}

impl TextChunk<'_> {
    fn run<R>(&self, work: &impl Fn(Documents<'_>) -> R) -> R {
        let texts: Vec<&str> = self
            .pieces
            .iter()
            .map(|piece| match piece {
                Piece::Borrowed(text) => *text,
                // Produced by str.encode("utf-8"), so always valid; the fallback is
                // unreachable. Checked here, on the worker threads, not under the GIL.
                Piece::Encoded(range) => {
                    std::str::from_utf8(&self.encoded[range.clone()]).unwrap_or_default()
                }
            })
            .collect();
        work(Documents::Texts(&texts))
    }
}

fn encode_chunk<'a>(
    index: usize,
    range: std::ops::Range<usize>,
    sources: &'a [Source<'_>],
) -> PyResult<TextChunk<'a>> {
    let mut chunk = TextChunk {
        index,
        encoded: Vec::new(),
        pieces: Vec::with_capacity(range.len()),
    };
    for position in range {
        match &sources[position] {
            Source::Ascii(text) => chunk.pieces.push(Piece::Borrowed(text)),
            Source::Text(text) => {
                // A temporary encoding, copied and freed at once: the Python heap never holds
                // more than one document's, and the copy goes when the chunk is done.
                let encoded = text.encode_utf8().map_err(|_| {
                    PyValueError::new_err(format!(
                        "document {position} is not valid Unicode text (it contains a lone surrogate)"
                    ))
                })?;
                let start = chunk.encoded.len();
                chunk.encoded.extend_from_slice(encoded.as_bytes());
                chunk
                    .pieces
                    .push(Piece::Encoded(start..chunk.encoded.len()));
            }
        }
    }
    Ok(chunk)
}

/// Runs `work` on the documents of `documents` (str or bytes) chunk by chunk, on `threads`
/// threads, and returns the chunks' results in document order.
///
/// Non-ASCII str must be encoded to UTF-8, which needs the GIL: this thread encodes the chunks
/// one after the other while rayon's threads process the ones already encoded, so the
/// encoding overlaps the work instead of preceding it, and only a few chunks' copies exist at
/// any time. `chunk_bytes` sets the chunk size (at least 4 chunks per thread). With one thread
/// the chunks are encoded and processed in turn on this thread.
pub fn process_text_chunks<R: Send>(
    py: Python<'_>,
    documents: &Bound<'_, PyList>,
    encoding: &str,
    decode_error: &str,
    threads: usize,
    chunk_bytes: usize,
    work: impl Fn(Documents<'_>) -> R + Sync,
) -> PyResult<Vec<R>> {
    let mut sources = Vec::with_capacity(documents.len());
    for (index, item) in documents.iter().enumerate() {
        sources.push(classify(&item, index, encoding, decode_error)?);
    }
    let weights: Vec<usize> = sources.iter().map(Source::weight).collect();
    let total: usize = weights.iter().sum();
    let threads = threads.max(1);
    let pieces = (threads * 4).max(total / chunk_bytes.max(1));
    let ranges = cut_by_weight(&weights, pieces);
    let sources = &sources[..];
    let work = &work;

    if threads == 1 {
        let mut results = Vec::with_capacity(ranges.len());
        for (index, range) in ranges.into_iter().enumerate() {
            let chunk = encode_chunk(index, range, sources)?;
            results.push(run_detached(py, || Ok(chunk.run(work)))?);
        }
        return Ok(results);
    }

    // The scope's body runs on this thread (it needs the GIL to encode); the chunks run on the
    // pool's threads, which persist between calls, so the memory their allocator arenas keep
    // is reused by the next call instead of piling up in the arenas of new threads.
    let pool = if threads == rayon::current_num_threads() {
        None
    } else {
        // A pool that cannot be built (resource limits) still gives a correct result.
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .ok()
    };
    match pool {
        Some(pool) => {
            pool.in_place_scope(|scope| feed_pool(py, scope, ranges, sources, work, threads))
        }
        None => rayon::in_place_scope(|scope| feed_pool(py, scope, ranges, sources, work, threads)),
    }
}

/// The body of [`process_text_chunks`] with several threads: encodes chunk after chunk and
/// spawns each on `scope`, keeping at most two per thread waiting, then collects the results.
fn feed_pool<'scope, R: Send + 'scope>(
    py: Python<'_>,
    scope: &rayon::Scope<'scope>,
    ranges: Vec<std::ops::Range<usize>>,
    sources: &'scope [Source<'_>],
    work: &'scope (impl Fn(Documents<'_>) -> R + Sync),
    threads: usize,
) -> PyResult<Vec<R>> {
    type Outcome<R> = std::thread::Result<R>;
    let n_chunks = ranges.len();
    let (result_sender, result_receiver) = std::sync::mpsc::channel::<(usize, Outcome<R>)>();
    // Only this thread receives; the lock lets the waiting happen with the GIL released.
    let result_receiver = std::sync::Mutex::new(result_receiver);
    let next_result = || -> Option<(usize, Outcome<R>)> {
        py.detach(|| result_receiver.lock().ok()?.recv().ok())
    };
    // Chunks encoded but not yet processed: enough to keep every worker busy, few enough
    // that the copies stay small.
    let limit = threads + 1;
    let mut results: Vec<Option<R>> = (0..n_chunks).map(|_| None).collect();
    let mut panicked = None;
    let mut store = |(index, outcome): (usize, Outcome<R>)| match outcome {
        Ok(result) => results[index] = Some(result),
        Err(panic) => {
            panicked.get_or_insert(panic);
        }
    };
    let mut outstanding = 0usize;
    let mut failure = None;
    for (index, range) in ranges.into_iter().enumerate() {
        if outstanding >= limit {
            if let Some(done) = next_result() {
                store(done);
                outstanding -= 1;
            }
        }
        let chunk = match encode_chunk(index, range, sources) {
            Ok(chunk) => chunk,
            Err(error) => {
                failure = Some(error);
                break;
            }
        };
        let sender = result_sender.clone();
        scope.spawn(move |_| {
            // A panic is caught and reported like a result, so the count of outstanding
            // chunks always comes down.
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| chunk.run(work)));
            // The receiver outlives the scope, so sending cannot fail.
            let _ = sender.send((chunk.index, outcome));
        });
        outstanding += 1;
    }
    // Even after an error, wait (without the GIL) for the chunks already handed out.
    while outstanding > 0 {
        match next_result() {
            Some(done) => {
                store(done);
                outstanding -= 1;
            }
            None => break,
        }
    }
    if let Some(error) = failure {
        return Err(error);
    }
    if let Some(panic) = panicked {
        return Err(panic_to_py_err(panic));
    }
    results
        .into_iter()
        .map(|result| {
            result.ok_or_else(|| {
                pyo3::exceptions::PyRuntimeError::new_err(
                    "internal error in storylens (please report it): a chunk was lost",
                )
            })
        })
        .collect()
}
