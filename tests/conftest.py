# ruff: noqa: RUF001
"""Shared strategies and comparison helpers for the storylens test suite.

The reference for every result is scikit-learn 1.9's ``sklearn.feature_extraction.text``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

#: The module paths of earlier releases that stay one release as deprecated aliases, and the
#: modules whose objects they re-export.
DEPRECATED_ALIASES = {
    "storylens.vectorizers": "storylens.feature_extraction",
    "storylens.tokenizer": "storylens.text",
    "storylens.topics": "storylens.compare.topics",
    "storylens.reuse": "storylens.compare.reuse",
    "storylens.digest": "storylens.compare.digest",
    "storylens.plots": "storylens.views.plots",
    "storylens._persistence": "storylens.feature_extraction._persistence",
    "storylens._errors": "storylens.exceptions",
    "storylens._loading": "storylens.articles",
}

#: The test data beside the tests: article sets, saved web pages and legacy pickles.
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# -- the storylens under test ---------------------------------------------------------------

#: True in the run of this suite that CI's wheel step (.ci/wheel_check.py) makes against the
#: installed wheel, in a fresh virtual environment without Rust on PATH. The few tests that need
#: the repository itself (not the package) skip there; that script lists them.
WHEEL_UNDER_TEST = os.environ.get("STORYLENS_WHEEL_UNDER_TEST") == "1"


def pytest_report_header(config: pytest.Config) -> str:
    import storylens

    return f"storylens {storylens.__version__} imported from {storylens.__file__}"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Against the wheel, the storylens under test must be the one installed in this virtual
    environment (not a source tree's), and no Rust toolchain may be on PATH."""
    if not WHEEL_UNDER_TEST:
        return
    import storylens
    from storylens import _core

    environment = Path(sys.prefix).resolve()
    problems = [
        f"{tool} is on PATH: {shutil.which(tool)}"
        for tool in ("cargo", "rustc")
        if shutil.which(tool) is not None
    ]
    if sys.prefix == sys.base_prefix:
        problems.append(f"{sys.executable} is not a virtual environment's Python")
    for module in (storylens, _core):
        origin = Path(module.__file__ or "").resolve()
        if not origin.is_relative_to(environment):
            problems.append(f"{module.__name__} comes from {origin}, not from {environment}")
    if problems:
        raise pytest.UsageError("STORYLENS_WHEEL_UNDER_TEST is set, but: " + "; ".join(problems))


# -- hypothesis profiles -------------------------------------------------------------------

# Hypothesis keeps examples and patches in a directory of its own; keep it out of the tree.
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="storylens-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)

settings.register_profile(
    "storylens",
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
    derandomize=False,
    print_blob=True,
    database=None,  # keep the working tree clean (no .hypothesis/ directory)
)
settings.load_profile("storylens")


def examples(n: int) -> int:
    """``n`` hypothesis examples, scaled by $STORYLENS_EXAMPLES_SCALE (e.g. 10 for a long
    fuzzing run; the default keeps the suite within a few minutes)."""
    return max(1, int(n * float(os.environ.get("STORYLENS_EXAMPLES_SCALE", "1"))))


@pytest.fixture(autouse=True)
def _default_sklearn_config():
    """Every test starts (and ends) with scikit-learn's default configuration."""
    with sklearn.config_context():
        yield


@pytest.fixture(autouse=True)
def _default_memory_limit():
    """A test that sets a process-wide ``memory_limit`` leaves none behind for the next."""
    from storylens import set_config

    yield
    set_config(memory_limit=None)


# -- text strategies ------------------------------------------------------------------------

#: A small pool of words, so that documents share terms (document frequencies > 1, many ties).
WORD_POOL = [
    "the",
    "The",
    "THE",
    "cat",
    "news",
    "story",
    "wire",
    "and",
    "a",
    "of",
    "to",
    "in",
    "report",
    "Report",
    "REPORT",
    "café",
    "cafe",
    "cafe\u0301",
    "naïve",
    "Über",
    "über",
    "x",
    "y",
    "z",
    "ab",
    "abc",
    "abcd",
    "abcde",
    "abcdef",
    "abcdefg",
    "#tag",
    "#news",
    "123",
    "4567",
    "3.5",
    "240,000",
    "U.S.",
    "Mr.",
    "build-up",
    "e-mail",
    "don't",
    "Russia’s",
    "officials'",
    "is",
    "was",
    "running",
    "ran",
]

WHITESPACE = [
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\x0b",
    "\x0c",
    "\xa0",
    "\u2003",
    "\u3000",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u1680",
]

PUNCTUATION = [
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "(",
    ")",
    '"',
    "«",
    "»",
    "…",
    "/",
    "&",
    "@",
    "#",
    "$",
    "%",
    "*",
    "+",
    "=",
    "[",
    "]",
    "{",
    "}",
    "|",
    "\\",
    "<",
    ">",
    "~",
    "^",
    "`",
]

SPECIAL = [
    # accented letters, precomposed and decomposed; combining marks alone
    "é",
    "É",
    "ñ",
    "Ñ",
    "ü",
    "Å",
    "ø",
    "ç",
    "ő",
    "ǖ",
    "e\u0301",
    "E\u0301",
    "a\u0308",
    "n\u0303",
    "o\u0302\u0323",
    "o\u0323\u0302",
    "\u0301",
    "\u0308",
    "\u0327",
    "\u20dd",
    "\u0345",
    "\u0323\u0302",
    "\u0302\u0323",
    "\u093f",
    "\u0e31",
    # CJK, Hangul, half-width katakana
    "中文",
    "日本語",
    "漢字",
    "한국어",
    "ｶﾀｶﾅ",
    "ﾞ",
    "々",
    # Greek, capital sigma in final and non-final positions
    "Σ",
    "ΟΔΟΣ",
    "ΣΑ",
    "ΑΣ",
    "ΑΣ.",
    "Σ1",
    "ΑΣ\u0301",
    "ὈΔΥΣΣΕΎΣ",
    "σς",
    "ΌΣΟΣ",
    "ᾼ",
    "ͅ",
    "ΑΣ'Β",
    # Turkish dotted/dotless i
    "İ",
    "İstanbul",
    "ı",
    "I",
    "İ\u0307",
    # digits of other scripts
    "٣",
    "५",
    "๓",
    "١٢٣",
    "１",
    "𝟘",
    # superscripts, fractions, compatibility forms
    "²",
    "½",
    "³",
    "¼",
    "ⅷ",
    "Ⅻ",
    "①",
    "⑴",
    "㎏",
    "℡",
    "™",
    "ǅ",
    "ǆ",
    "ª",
    "º",
    "ᵃ",
    "¨",
    "´",
    # ligatures and special casings
    "ﬁ",
    "ﬂ",
    "ﬀ",
    "ß",
    "ẞ",
    "Æ",
    "œ",
    "ŉ",
    "ǰ",
    "K",
    "Ω",
    "Å",
    "ﷺ",
    # full-width letters
    "Ａ",
    "ｂ",
    "ＡＢＣ",
    "ｘｙｚ",
    # underscores
    "_",
    "__",
    "a_b",
    "snake_case",
    # apostrophes
    "’",
    "'",
    "‘",
    "ʼ",
    # hyphens and dashes
    "-",
    "‐",
    "–",
    "—",
    "‑",
    # emoji (with modifiers, flags, ZWJ sequences, variation selectors)
    "😀",
    "👍🏽",
    "🇫🇷",
    "👨\u200d👩\u200d👧",
    "\ufe0f",
    "❤️",
    # invisible or format characters, controls, private use, noncharacters
    "\u00ad",
    "\u200b",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\x00",
    "\x7f",
    "\ue000",
    "\uffff",
    "\U0010ffff",
    "\U000e0001",
]

word = st.one_of(
    st.sampled_from(WORD_POOL),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFG", min_size=1, max_size=7),
)
separator = st.one_of(
    st.just(" "),
    st.sampled_from(WHITESPACE),
    st.sampled_from(PUNCTUATION),
    st.just(""),
)
piece = st.one_of(
    word,
    word,
    st.sampled_from(SPECIAL),
    st.text(max_size=4),  # arbitrary code points (no surrogates)
)

structured_doc = st.lists(st.tuples(piece, separator), max_size=25).map(
    lambda pairs: "".join(a + b for a, b in pairs)
)

#: One document: mostly structured text, sometimes completely arbitrary text.
document = st.one_of(
    structured_doc,
    structured_doc,
    structured_doc,
    st.text(max_size=40),
    st.sampled_from(["", " ", "\n\t ", "\xa0"]),
)

#: A corpus of 1-12 documents.
corpus = st.lists(document, min_size=1, max_size=12)

#: A corpus of short documents over a handful of words: many equal counts (ties).
tie_corpus = st.lists(
    st.lists(
        st.sampled_from(["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh", "ii", "jj"]),
        min_size=0,
        max_size=8,
    ).map(" ".join),
    min_size=1,
    max_size=12,
)


# -- token patterns -------------------------------------------------------------------------

FAST_PATTERNS = [
    r"(?u)\b\w\w+\b",
    r"\b\w+\b",
    r"\b\w{3,5}\b",
    r"\w+",
    r"\w{2,}",
    r"\b\w\w\w+\b",
]
REGEX_PATTERNS = [
    r"[a-zA-Z]+",
    r"\d+",
    r"[^\W\d_]{2,}",
    r"#(\w+)",
    r"(?s).{3}",
    r".{2}",
    r"\S+",
    r"[\w']+",
    r"\w+(?:-\w+)*",
    r"\w(\d)?",
    r"(?a)\w+",
    r"[^\s\d]+",
    r"\s\w",
    r"\w{2}",
    r"(?a)\b\w+\b",
]
PYTHON_PATTERNS = [
    r"(?<=\s)\w+",
    r"(?i)[a-z]+",
    r"\b[a-z]+\b",
    r"\w+$",
    r"(?m)^\w+",
    r"\w+(?=\s)",
    r"\w*",
    r"(?:\w+)?",
    # Repeated parts that can match the empty string: the engines repeat them differently.
    r"\w(?:'?|\w)+",
    r"(a*)+b",
    r"(\w*)+x",
    r"[^a](?:(?:a)?|[^a])+",
]
ALL_PATTERNS = FAST_PATTERNS + REGEX_PATTERNS + PYTHON_PATTERNS


# -- running both libraries -----------------------------------------------------------------


def run(func: Any) -> tuple[Any, BaseException | None]:
    """(result, None) or (None, exception), with warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return func(), None
        except Exception as error:
            return None, error


def builtin_base(error: BaseException) -> type[BaseException]:
    """The first built-in exception class of ``error``'s type (InvalidParameterError ->
    ValueError)."""
    for cls in type(error).__mro__:
        if cls.__module__ == "builtins":
            return cls
    return type(error)


#: Phrases of scikit-learn messages that storylens must repeat.
_KEY_PHRASES = [
    "empty vocabulary",
    "max_df corresponds to < documents than min_df",
    "no terms remain",
    "More than 1 capturing group",
    "string object received",
]


def _check_same_error(our_error: BaseException, their_error: BaseException) -> None:
    """storylens raised the built-in kind scikit-learn raised, keeping its key phrases."""
    assert isinstance(our_error, builtin_base(their_error)), (
        f"scikit-learn raised {type(their_error).__name__}({their_error}); storylens raised "
        f"{type(our_error).__name__}({our_error})"
    )
    for phrase in _KEY_PHRASES:
        if phrase in str(their_error):
            assert phrase in str(our_error), (str(their_error), str(our_error))


def _describe(outcome: tuple[Any, BaseException | None]) -> str:
    error = outcome[1]
    return "a result" if error is None else f"{type(error).__name__}: {error}"


def assert_same_result(
    ours: tuple[Any, BaseException | None], theirs: tuple[Any, BaseException | None]
) -> tuple[Any, Any]:
    """Both libraries returned a result, as the test expects; returns (ours, theirs). Any
    error, on either side, fails the test."""
    if ours[1] is not None or theirs[1] is not None:
        raise AssertionError(
            f"expected both to succeed; storylens gave {_describe(ours)}, scikit-learn gave "
            f"{_describe(theirs)}"
        ) from ours[1] or theirs[1]
    return ours[0], theirs[0]


def assert_same_error(
    ours: tuple[Any, BaseException | None],
    theirs: tuple[Any, BaseException | None],
    expected: type[BaseException] | tuple[type[BaseException], ...],
    match: str | None = None,
) -> BaseException:
    """Both libraries raised, as the test expects: scikit-learn an ``expected`` error (whose
    message contains ``match``), storylens the same built-in kind with scikit-learn's key
    phrases (and ``match``). Returns storylens's error."""
    our_error, their_error = ours[1], theirs[1]
    if our_error is None or their_error is None:
        raise AssertionError(
            f"expected both to raise {expected}; storylens gave {_describe(ours)}, "
            f"scikit-learn gave {_describe(theirs)}"
        )
    assert isinstance(their_error, expected), (expected, their_error)
    _check_same_error(our_error, their_error)
    if match is not None:
        assert match in str(their_error), (match, str(their_error))
        assert match in str(our_error), (match, str(our_error))
    return our_error


def assert_same_result_or_error(
    ours: tuple[Any, BaseException | None],
    theirs: tuple[Any, BaseException | None],
    errors: tuple[str, ...],
) -> bool:
    """For generated inputs that can legitimately fail: both returned a result (True), or
    both raised an error whose scikit-learn message names one of the ``errors`` this input
    may cause (False), with the same built-in kind and key phrases. Any other error fails."""
    their_error = theirs[1]
    if their_error is None:
        assert_same_result(ours, theirs)
        return True
    assert any(error in str(their_error) for error in errors), (
        f"scikit-learn raised {type(their_error).__name__}: {their_error}, which this test "
        f"does not expect (it expects one of {errors})"
    )
    if ours[1] is None:
        raise AssertionError(
            f"scikit-learn raised {type(their_error).__name__}: {their_error} but storylens "
            "returned a result"
        )
    _check_same_error(ours[1], their_error)
    return False


#: What generated corpora can legitimately make a vectorizer refuse to learn a vocabulary.
VOCABULARY_ERRORS = (
    "empty vocabulary",
    "no terms remain",
    "max_df corresponds to < documents than min_df",
)


def assert_same_matrix(ours: Any, theirs: Any, *, maxulp: int = 4) -> None:
    """Same sparse type, shape, dtype and values (rtol 1e-12 for float64, ``maxulp`` ulp for
    float32, exact for integers). Values are compared as ``toarray()`` would compare them, but
    without densifying (HashingVectorizer matrices can have 2**31 - 2 columns)."""
    assert type(ours) is type(theirs), (type(ours), type(theirs))
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    if not sp.issparse(theirs):
        assert_same_values(np.asarray(ours), np.asarray(theirs), maxulp=maxulp)
        return
    a, b = _canonical(ours), _canonical(theirs)
    np.testing.assert_array_equal(a.indptr, b.indptr, err_msg="non-zero pattern differs")
    np.testing.assert_array_equal(a.indices, b.indices, err_msg="non-zero pattern differs")
    assert_same_values(a.data, b.data, maxulp=maxulp)


def _canonical(matrix: Any) -> Any:
    """A CSR copy with sorted indices, duplicates summed and stored zeros dropped: two
    matrices with equal ``toarray()`` have equal canonical forms."""
    csr = sp.csr_matrix(matrix, copy=True)
    csr.sum_duplicates()
    csr.eliminate_zeros()
    csr.sort_indices()
    return csr


def assert_same_values(a: np.ndarray, b: np.ndarray, *, maxulp: int = 4) -> None:
    assert a.dtype == b.dtype, (a.dtype, b.dtype)
    assert a.shape == b.shape, (a.shape, b.shape)
    if a.dtype == np.float64:
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)
    elif a.dtype == np.float32:
        finite = np.isfinite(b)
        np.testing.assert_array_equal(np.isfinite(a), finite)
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
        np.testing.assert_array_max_ulp(a[finite], b[finite], maxulp=maxulp)
        np.testing.assert_array_equal(a[~finite & ~np.isnan(b)], b[~finite & ~np.isnan(b)])
    else:
        np.testing.assert_array_equal(a, b)


def assert_same_vocabulary(ours: Any, theirs: Any) -> None:
    """Same feature names (order and object dtype) and the same ``vocabulary_`` mapping."""
    our_names = ours.get_feature_names_out()
    their_names = theirs.get_feature_names_out()
    assert isinstance(our_names, np.ndarray)
    assert our_names.dtype == their_names.dtype == object
    assert our_names.tolist() == their_names.tolist()
    our_vocab = {k: int(v) for k, v in ours.vocabulary_.items()}
    their_vocab = {k: int(v) for k, v in theirs.vocabulary_.items()}
    assert our_vocab == their_vocab


#: Every kind a removal can have; docs/design/cleaning.md documents each.
REMOVAL_KINDS = frozenset(
    {
        "title",
        "repeated-title",
        "byline",
        "date",
        "duplicate",
        "furniture",
        "navigation",
        "markup",
        "link",
        "data",
        "copyright",
        "boilerplate",
        "caption",
        "bio",
        "header",
        "footer",
        "symbols",
        "no-body",
        "correction",
        "wire-header",
        "video",
        "form",
        "captcha",
        "cookie",
        "paywall",
        "app-promo",
        "call-to-action",
        "contributor",
        "contact",
        "debris",
        "not-article",
        "dateline",
    }
)


# -- Dask clusters (tests/dask) ---------------------------------------------------------------
# Here rather than in tests/dask/conftest.py: a second conftest.py would take the module name
# "conftest" that the tests import these helpers by. Each cluster starts at most once per
# session, and only when a test asks for it. The clients are not made the default: a test runs
# its work on one inside ``client.as_current()``.


@pytest.fixture(scope="session")
def process_client() -> Any:
    """Two worker processes of one thread each, started by spawn (so every task and its
    arguments are pickled)."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            memory_limit="1GiB",
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client


@pytest.fixture(scope="session")
def thread_client() -> Any:
    """One in-process worker of two threads (the core releases the GIL, so both run)."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client


@pytest.fixture
def synchronous() -> Any:
    """Dask's synchronous scheduler, for fast property tests."""
    import dask

    with dask.config.set(scheduler="synchronous"):
        yield
