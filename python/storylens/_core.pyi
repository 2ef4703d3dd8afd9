"""Type stubs for the Rust extension ``storylens._core`` (checked by ``mypy.stubtest``)."""

from collections.abc import Callable, Sequence
from typing import Any, Protocol, final

import numpy as np
import numpy.typing as npt

__version__: str
__all__ = [
    "MODEL_FILE_FORMAT",
    "MODEL_FILE_VERSION",
    "Analyzer",
    "CleanedArticle",
    "CorpusStats",
    "CountedCorpus",
    "FittedState",
    "LearnedAbbreviations",
    "Vocabulary",
    "__version__",
    "_inject_panic_for_tests",
    "_panic_for_tests",
    "_raise_core_error_for_tests",
    "_set_int32_nnz_limit_for_tests",
    "_set_progress_callback_for_tests",
    "assigned_code_points",
    "char_tables_source",
    "class_ranges",
    "clean_articles",
    "count_fit",
    "count_transform",
    "count_words",
    "detect_language",
    "hash_documents",
    "idf_from_document_frequencies",
    "install_char_tables",
    "nmf",
    "normalize_data_in_place",
    "normalize_with_sources",
    "pairwise_cosine",
    "read_model_file",
    "resolve_language",
    "resolve_threads",
    "set_process_threads",
    "set_thread_threads",
    "sigma_probe_members",
    "split_sentences",
    "stem_languages",
    "stop_words",
    "tfidf_weight_in_place",
    "top_k_cosine",
    "top_k_cosine_between",
    "write_model_file",
]

_CsrParts = tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any], tuple[int, int]]

@final
class Analyzer:
    def __new__(
        cls,
        kind: str = "word",
        tokenizer: str = "runs",
        min_len: int = 2,
        max_len: int | None = None,
        pattern: str | None = None,
        lowercase: bool = True,
        strip_accents: str | None = None,
        fold_typography: bool = False,
        stop_words: list[str] | None = None,
        stem: str | None = None,
        ngram_range: tuple[int, int] = ...,
    ) -> Analyzer: ...
    def analyze_many(
        self,
        documents: list[Any],
        n_jobs: int | None = None,
        encoding: str = "utf-8",
        decode_error: str = "strict",
    ) -> list[list[str]]: ...
    def analyze_many_with_offsets(
        self,
        documents: list[Any],
        n_jobs: int | None = None,
        encoding: str = "utf-8",
        decode_error: str = "strict",
    ) -> list[list[tuple[str, int, int]]]: ...
    def analyze_located_tokens_many(
        self,
        documents: list[list[tuple[str, int, int]]],
        n_jobs: int | None = None,
    ) -> list[list[tuple[str, int, int]]]: ...

def normalize_with_sources(
    text: str, lowercase: bool = True, strip_accents: str | None = None
) -> tuple[str, list[int], list[int]]: ...

@final
class Vocabulary:
    def __new__(cls, terms: list[str]) -> Vocabulary: ...
    def __len__(self) -> int: ...
    def terms(self) -> list[str]: ...
    def column(self, term: str) -> int | None: ...
    def __getnewargs__(self) -> tuple[list[str]]: ...

MODEL_FILE_FORMAT: str
MODEL_FILE_VERSION: int

@final
class FittedState:
    def __new__(
        cls,
        *,
        vocabulary: Vocabulary | None = None,
        fixed_vocabulary: bool = False,
        n_documents: int | None = None,
        document_frequencies: npt.NDArray[np.int64] | None = None,
        term_totals: npt.NDArray[np.int64] | None = None,
        n_features: int | None = None,
        idf_dtype: str | None = None,
        idf: npt.NDArray[np.float64] | None = None,
    ) -> FittedState: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> FittedState: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def vocabulary(self) -> Vocabulary | None: ...
    @property
    def fixed_vocabulary(self) -> bool: ...
    @property
    def n_documents(self) -> int | None: ...
    def document_frequencies(self) -> npt.NDArray[np.uint64] | None: ...
    def term_totals(self) -> npt.NDArray[np.uint64] | None: ...
    @property
    def n_features(self) -> int | None: ...
    @property
    def idf_dtype(self) -> str | None: ...
    def idf(self) -> npt.NDArray[np.float64] | None: ...

def write_model_file(class_name: str, params_json: str, state: FittedState | None) -> str: ...
def read_model_file(text: str) -> tuple[str, str, FittedState | None]: ...

@final
class CountedCorpus:
    @property
    def n_documents(self) -> int: ...
    @property
    def n_terms(self) -> int: ...
    def document_frequencies(self) -> npt.NDArray[np.int64]: ...
    def term_totals(self) -> npt.NDArray[np.int64]: ...
    def corpus_stats(self, analysis: str) -> CorpusStats: ...
    def select_columns(self, keep: npt.NDArray[np.bool_]) -> None: ...
    def finish(
        self, as_float: bool = False
    ) -> tuple[
        Vocabulary, npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any], tuple[int, int]
    ]: ...
    def finish_tfidf(
        self,
        idf: npt.NDArray[np.floating[Any]] | None,
        binary: bool,
        sublinear_tf: bool,
        norm: str | None,
        float64: bool = True,
    ) -> tuple[
        Vocabulary, npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any], tuple[int, int]
    ]: ...

@final
class CorpusStats:
    @staticmethod
    def empty(analysis: str) -> CorpusStats: ...
    @property
    def analysis(self) -> str: ...
    @property
    def n_documents(self) -> int: ...
    @property
    def n_terms(self) -> int: ...
    def merge(self, other: CorpusStats) -> CorpusStats: ...
    def document_frequencies(self) -> npt.NDArray[np.int64]: ...
    def term_totals(self) -> npt.NDArray[np.int64]: ...
    def select(self, keep: npt.NDArray[np.bool_]) -> Vocabulary: ...
    def counts_of(
        self, vocabulary: Vocabulary
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> CorpusStats: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...
    def __eq__(self, value: object, /) -> bool: ...

def install_char_tables(
    source: str,
    all_chars: str,
    word_chars: str,
    space_chars: str,
    digit_chars: str,
    combining_chars: str,
    lowered: str,
    decomposed: str,
    sigma_cased_chars: str,
    case_ignorable_chars: str,
) -> None: ...
def sigma_probe_members(all_chars: str, lowered_probes: str, layout: int) -> str: ...
def assigned_code_points(unicode_version: str) -> str | None: ...
def _panic_for_tests(message: str, on_worker: bool, detach: bool = True) -> None: ...
def _inject_panic_for_tests(stage: str | None = None) -> None: ...
def _raise_core_error_for_tests(kind: str) -> None: ...
def _set_int32_nnz_limit_for_tests(limit: int | None = None) -> None: ...
def _set_progress_callback_for_tests(
    callback: Callable[[int, int], object] | None = None,
) -> None: ...
def char_tables_source() -> str: ...
def class_ranges(name: str) -> list[tuple[int, int]]: ...
def count_fit(
    analyzer: Analyzer,
    documents: list[Any],
    n_jobs: int | None = None,
    encoding: str = "utf-8",
    decode_error: str = "strict",
    allow_empty: bool = False,
) -> CountedCorpus: ...
def count_transform(
    analyzer: Analyzer,
    vocabulary: Vocabulary,
    documents: list[Any],
    n_jobs: int | None = None,
    encoding: str = "utf-8",
    decode_error: str = "strict",
    as_float: bool = False,
) -> _CsrParts: ...
def hash_documents(
    analyzer: Analyzer,
    documents: list[Any],
    n_features: int,
    alternate_sign: bool,
    n_jobs: int | None = None,
    encoding: str = "utf-8",
    decode_error: str = "strict",
    binary: bool = False,
    norm: str | None = None,
    float32: bool = False,
) -> _CsrParts: ...
def idf_from_document_frequencies(
    document_frequencies: npt.NDArray[np.int64],
    n_samples: int,
    smooth_idf: bool,
    double_precision: bool,
) -> npt.NDArray[np.floating[Any]]: ...
def tfidf_weight_in_place(
    data: npt.NDArray[np.floating[Any]],
    indices: npt.NDArray[Any],
    indptr: npt.NDArray[Any],
    n_cols: int,
    idf: npt.NDArray[np.floating[Any]] | None,
    sublinear_tf: bool,
    norm: str | None,
    n_jobs: int | None = None,
) -> None: ...
def normalize_data_in_place(
    data: npt.NDArray[np.floating[Any]],
    indptr: npt.NDArray[Any],
    norm: str,
    n_jobs: int | None = None,
) -> None: ...
def split_sentences(
    text: str,
    language: str | None = "english",
    abbreviations: LearnedAbbreviations | None = None,
) -> list[tuple[int, int]]: ...

@final
class LearnedAbbreviations:
    @staticmethod
    def learn(texts: list[str]) -> LearnedAbbreviations: ...
    @staticmethod
    def from_words(words: list[str]) -> LearnedAbbreviations: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> LearnedAbbreviations: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def abbreviations(self) -> list[str]: ...
    def not_abbreviations(self) -> list[str]: ...
    def is_name(self, previous: str, word: str) -> bool: ...
    def orthography(self, word: str) -> int: ...
    def __len__(self) -> int: ...
    def __contains__(self, word: str, /) -> bool: ...

def stop_words(language: str) -> list[str]: ...
def stem_languages() -> list[str]: ...

@final
class CleanedArticle:
    @property
    def body(self) -> str: ...
    @property
    def kept(self) -> list[tuple[int, int]]: ...
    @property
    def removed(self) -> list[tuple[int, int, str, str, float]]: ...
    @property
    def title(self) -> str | None: ...
    @property
    def byline(self) -> str | None: ...
    @property
    def dateline(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def words_kept(self) -> int: ...
    @property
    def words_removed(self) -> int: ...
    @property
    def headings(self) -> list[tuple[int, int]]: ...
    @property
    def corrections(self) -> list[str]: ...
    @property
    def is_article(self) -> bool: ...

def clean_articles(
    texts: Sequence[str],
    titles: Sequence[str | None],
    outlets: Sequence[str | None],
    language: str = "english",
    n_jobs: int | None = None,
    strictness: float = 0.5,
) -> list[CleanedArticle]: ...
def count_words(texts: Sequence[str]) -> list[int]: ...
def resolve_language(language: str) -> str | None: ...
def detect_language(texts: list[str]) -> str | None: ...

# -- text comparison (src/python/compare_text.rs) ----------------------------------------------

__all__ += [
    "ReuseRows",
    "align_sentences",
    "class_tfidf",
    "date_terms",
    "group_log_odds",
    "log_odds_prior",
    "log_odds_z",
    "reuse_best_matches",
    "reuse_pair_counts",
    "reuse_shares",
    "unique_sentences",
]
__all__ += ["sentence_shapes"]

class _CsrMatrix(Protocol):
    """A scipy.sparse CSR matrix or array (anything with these four attributes)."""

    @property
    def data(self) -> npt.ArrayLike: ...
    @property
    def indices(self) -> npt.ArrayLike: ...
    @property
    def indptr(self) -> npt.ArrayLike: ...
    @property
    def shape(self) -> tuple[int, ...]: ...

@final
class ReuseRows:
    def __new__(
        cls,
        sentence: npt.ArrayLike,
        other_article: npt.ArrayLike,
        other_sentence: npt.ArrayLike,
        score: npt.ArrayLike,
        containment: npt.ArrayLike,
        kind: npt.ArrayLike,
    ) -> ReuseRows: ...
    @property
    def sentence(self) -> npt.NDArray[np.int64]: ...
    @property
    def other_article(self) -> npt.NDArray[np.int64]: ...
    @property
    def other_sentence(self) -> npt.NDArray[np.int64]: ...
    @property
    def score(self) -> npt.NDArray[np.float64]: ...
    @property
    def containment(self) -> npt.NDArray[np.float64]: ...
    @property
    def kind(self) -> npt.NDArray[np.int64]: ...
    def __len__(self) -> int: ...
    def __getnewargs__(
        self,
    ) -> tuple[
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
        npt.NDArray[np.float64],
        npt.NDArray[np.float64],
        npt.NDArray[np.int64],
    ]: ...

def date_terms(terms: list[str]) -> list[bool]: ...
def log_odds_prior(
    counts: _CsrMatrix, background: npt.ArrayLike | None = None
) -> npt.NDArray[np.float64]: ...
def log_odds_z(
    counts_i: npt.ArrayLike, counts_j: npt.ArrayLike, prior: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def group_log_odds(
    counts: _CsrMatrix,
    groups: npt.ArrayLike,
    n_groups: int,
    prior: npt.ArrayLike,
    n_jobs: int | None = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def class_tfidf(
    counts: _CsrMatrix,
    groups: npt.ArrayLike,
    n_groups: int,
    n_jobs: int | None = None,
) -> npt.NDArray[np.float64]: ...
def align_sentences(
    article_of: npt.ArrayLike,
    sentences: list[str],
    analyzer: Analyzer,
    tfidf: _CsrMatrix,
    shingle_words: int = 3,
    verbatim: tuple[float, float] = ...,  # (0.9, 0.95): (containment, cosine)
    near: tuple[float, float] = ...,  # (0.5, 0.8): (containment, cosine)
    paraphrase: float = 0.45,
    containment_weight: float = 0.5,
    min_shared_shingles: int = 2,
    min_shared_terms: int = 2,
    min_term_weight: float = 0.2,
    terms: list[str] | None = None,
    paraphrase_alignment: float = 0.5,
    term_similarity: float = 0.5,
    min_aligned_terms: int = 4,
    alignment_floor: float = 0.15,
    top_k: int = 10,
    max_term_candidates: int = 100,
    sentence_vectors: npt.NDArray[np.float32] | None = None,
    paraphrase_encoder: float = 0.65,
    include_unique: bool = False,
    n_articles: int | None = None,
    n_jobs: int | None = None,
    max_rows: int | None = None,
) -> ReuseRows: ...
def reuse_shares(
    rows: ReuseRows, article_of: npt.ArrayLike, n_articles: int | None = None
) -> npt.NDArray[np.float64]: ...
def reuse_best_matches(
    rows: ReuseRows, n_sentences: int, article_rank: npt.ArrayLike
) -> tuple[ReuseRows, npt.NDArray[np.int64]]: ...
def reuse_pair_counts(
    rows: ReuseRows, article_of: npt.ArrayLike, n_articles: int | None = None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
def unique_sentences(
    rows: ReuseRows,
    article_of: npt.ArrayLike,
    article: int | None,
    tfidf: _CsrMatrix,
    n_articles: int | None = None,
    n_jobs: int | None = None,
) -> npt.NDArray[np.int64]: ...
def sentence_shapes(
    texts: list[str],
    pronouns: list[str],
    first_person: list[str],
    stop_words: list[str],
    subject_pronouns: list[str],
) -> tuple[npt.NDArray[np.uint16], list[list[str]], list[list[str]]]: ...
def top_k_cosine(
    matrix: _CsrMatrix,
    k: int,
    exclude_self: bool = True,
    n_jobs: int | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]: ...
def top_k_cosine_between(
    queries: _CsrMatrix,
    candidates: _CsrMatrix,
    k: int,
    query_offset: int = 0,
    candidate_offset: int = 0,
    exclude_self: bool = True,
    n_jobs: int | None = None,
    floors: npt.NDArray[np.float64] | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]: ...
def set_process_threads(threads: int | None) -> None: ...
def set_thread_threads(threads: int | None) -> int | None: ...
def resolve_threads(n_jobs: int | None = None) -> int: ...
def pairwise_cosine(
    matrix: _CsrMatrix,
    n_jobs: int | None = None,
) -> npt.NDArray[np.float64]: ...
def nmf(
    matrix: _CsrMatrix,
    n_components: int,
    init: str = "nndsvd",
    max_iter: int = 200,
    tol: float = 1e-4,
    random_state: int = 0,
    n_jobs: int | None = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], int, float]: ...
