"""The text-comparison kernels: distinctive terms against their published formulas, the reuse
map on hand-made and bundled article sets, and the digest's guarantees."""

from __future__ import annotations

import json
import pickle
import unicodedata
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import scipy.sparse as sp
import storylens
from storylens import TfidfVectorizer, Tokenizer, _core
from storylens.articles import ArticleSet

SAMPLE = Path(storylens.__file__).parent / "datasets" / "sample"
Floats = npt.NDArray[np.float64]


def raw_csr(data: Any, indices: Any, indptr: Any, n_cols: int) -> SimpleNamespace:
    """A CSR matrix made of buffers taken as they are (scipy would check or convert them)."""
    return SimpleNamespace(
        data=data, indices=indices, indptr=indptr, shape=(max(len(indptr) - 1, 0), n_cols)
    )


def random_counts(seed: int, n_docs: int = 40, n_terms: int = 30) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = rng.poisson(0.6, size=(n_docs, n_terms)).astype(np.float64)
    dense[:, -1] = 0.0  # a term that never occurs
    return sp.csr_matrix(dense)


# -- distinctive terms -----------------------------------------------------------------------


def fightin_words(yi: Floats, yj: Floats, alpha: Floats) -> tuple[Floats, Floats]:
    """Monroe, Colaresi & Quinn (2008), eq. 16-22, written directly in numpy."""
    ni, nj, a0 = yi.sum(), yj.sum(), alpha.sum()
    delta = np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log(
        (yj + alpha) / (nj + a0 - yj - alpha)
    )
    sigma = np.sqrt(1.0 / (yi + alpha) + 1.0 / (yj + alpha))
    return delta, delta / sigma


def test_log_odds_matches_the_formula() -> None:
    rng = np.random.default_rng(1)
    yi, yj = rng.poisson(3.0, 50).astype(float), rng.poisson(3.0, 50).astype(float)
    background = (yi + yj + 1.0) / (yi + yj + 1.0).sum()
    alpha = 10.0 * background
    delta, z = _core.log_odds_z(yi, yj, alpha)
    expected_delta, expected_z = fightin_words(yi, yj, alpha)
    np.testing.assert_allclose(delta, expected_delta, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(z, expected_z, rtol=1e-12, atol=1e-12)
    assert delta.dtype == np.float64 and z.shape == (50,)


def numpy_prior(counts: sp.csr_matrix, background: Floats | None) -> Floats:
    """The informative Dirichlet prior as numpy computes it: the background's counts (or the
    set's own) plus 0.01, scaled to a total of the mean row's count."""
    base = background if background is not None else np.asarray(counts.sum(axis=0)).ravel()
    base = base + 0.01
    prior: Floats = base / base.sum() * (float(counts.sum()) / max(counts.shape[0], 1))
    return prior


@pytest.mark.parametrize(("n_docs", "n_terms"), [(3, 5), (40, 30), (400, 3000)])
def test_log_odds_prior_has_the_bits_of_the_numpy_formula(n_docs: int, n_terms: int) -> None:
    counts = random_counts(5, n_docs=n_docs, n_terms=n_terms)
    background = np.random.default_rng(6).poisson(4.0, n_terms).astype(np.float64)
    for given in (None, background):
        np.testing.assert_array_equal(
            _core.log_odds_prior(counts, given), numpy_prior(counts, given)
        )


@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
def test_group_log_odds_compares_each_group_with_the_rest(index_dtype: Any) -> None:
    counts = random_counts(2)
    groups = np.arange(counts.shape[0], dtype=np.int64) % 3
    prior = np.full(counts.shape[1], 0.05)
    n_cols = counts.shape[1]
    matrix = raw_csr(
        counts.data, counts.indices.astype(index_dtype), counts.indptr.astype(index_dtype), n_cols
    )
    delta, z = _core.group_log_odds(matrix, groups, 3, prior)
    assert delta.shape == z.shape == (3, n_cols)
    dense = counts.toarray()
    for g in range(3):
        yi, yj = dense[groups == g].sum(0), dense[groups != g].sum(0)
        expected_delta, expected_z = fightin_words(yi, yj, prior)
        np.testing.assert_allclose(delta[g], expected_delta, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(z[g], expected_z, rtol=1e-10, atol=1e-12)


def bertopic_ctfidf(counts: sp.csr_matrix, groups: npt.NDArray[np.int64], k: int) -> Floats:
    """BERTopic's ClassTfidfTransformer (defaults) on per-class summed counts."""
    membership = sp.csr_matrix(
        (np.ones(len(groups)), (groups, np.arange(len(groups)))), shape=(k, len(groups))
    )
    x = (membership @ counts).toarray()
    df = x.sum(axis=0)
    avg_nr_samples = int(x.sum(axis=1).mean())
    sizes = x.sum(axis=1, keepdims=True)
    tf = np.divide(x, sizes, out=np.zeros_like(x), where=sizes > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        idf = np.log(avg_nr_samples / df + 1)
        out: Floats = np.where(df > 0, tf * idf, 0.0)
    return out


def test_class_tfidf_matches_bertopic() -> None:
    counts = random_counts(3, n_docs=60)
    groups = (np.arange(60, dtype=np.int64) * 7) % 4
    n_cols = counts.shape[1]
    out = _core.class_tfidf(counts, groups, 4)
    assert out.shape == (4, n_cols) and out.dtype == np.float64
    np.testing.assert_allclose(out, bertopic_ctfidf(counts, groups, 4), rtol=1e-12, atol=1e-15)


def test_term_kernels_reject_bad_inputs() -> None:
    counts = random_counts(4, n_docs=5)
    data, indices, indptr, n_cols = counts.data, counts.indices, counts.indptr, counts.shape[1]
    groups = np.zeros(5, dtype=np.int64)
    prior = np.ones(n_cols)
    bad_calls: list[tuple[str, Any]] = [
        ("same length", lambda: _core.log_odds_z([1.0, 2.0], [1.0], [1.0, 1.0])),
        ("non-negative", lambda: _core.log_odds_z([1.0, -2.0], [1.0, 0.0], [1.0, 1.0])),
        ("positive", lambda: _core.log_odds_z([1.0, 2.0], [1.0, 0.0], [1.0, 0.0])),
        ("groups", lambda: _core.class_tfidf(counts, groups[:4], 1)),
        ("group", lambda: _core.class_tfidf(counts, groups + 1, 1)),
        ("prior", lambda: _core.group_log_odds(counts, groups, 1, prior[1:])),
        (
            "out of range",
            lambda: _core.class_tfidf(raw_csr(data, indices, indptr, 1), groups, 1),
        ),
        (
            "integers",
            lambda: _core.class_tfidf(raw_csr(data, indices * 1.0, indptr, n_cols), groups, 1),
        ),
        ("1-D", lambda: _core.log_odds_z([[1.0, 2.0]], [1.0, 0.0], [1.0, 1.0])),
        ("negative", lambda: _core.class_tfidf(counts * -1.0, groups, 1)),
        ("background", lambda: _core.log_odds_prior(counts, np.ones(n_cols + 1))),
        ("non-negative", lambda: _core.log_odds_prior(counts, -np.ones(n_cols))),
    ]
    for message, call in bad_calls:
        with pytest.raises(ValueError, match=message):
            call()


# -- the reuse map ---------------------------------------------------------------------------


WORDS = Tokenizer()._core_analyzer()  # scikit-learn's default words, lowercased


def align(
    articles: list[list[str]], **options: Any
) -> tuple[_core.ReuseRows, npt.NDArray[np.int64], sp.csr_matrix]:
    sentences = [s for article in articles for s in article]
    article_of = np.array([a for a, art in enumerate(articles) for _ in art], dtype=np.int64)
    x = TfidfVectorizer(stop_words="english").fit_transform(sentences).tocsr()
    # The full map (a row for every sentence and other article), which these tests read.
    options = {"include_unique": True, **options}
    rows = _core.align_sentences(
        article_of, sentences, WORDS, x, n_articles=len(articles), **options
    )
    return rows, article_of, x


COLUMNS = ("sentence", "other_article", "other_sentence", "score", "containment", "kind")


HAND_MADE = [
    [
        "Dock workers at the port of Kestra walked out on Friday over a pay offer.",
        "The union said the strike would last at least a week.",
        "Shipping companies diverted six container vessels to the northern terminal.",
        "Gulls circled above the empty quay all afternoon.",
    ],
    [
        "Dock workers at the port of Kestra walked out on Friday over a pay offer.",
        "The union said on Friday that the strike would last at least one week.",
        "Six container vessels were sent on to the northern terminal by shipping firms.",
        "Ministers met late into the night in the capital to discuss the budget.",
    ],
]


def test_each_kind_of_reuse_is_recognised() -> None:
    rows, _, _ = align(HAND_MADE)
    assert len(rows) == 8 and all(len(getattr(rows, name)) == 8 for name in COLUMNS)
    assert rows.kind.dtype == np.int64 and rows.score.dtype == np.float64
    by_sentence = {
        int(s): (int(o), int(k))
        for s, o, k in zip(rows.sentence, rows.other_sentence, rows.kind, strict=True)
    }
    assert by_sentence[0] == (4, 0)  # verbatim copy
    assert by_sentence[1] == (5, 1)  # light edit
    assert by_sentence[2] == (6, 2)  # paraphrase
    assert by_sentence[3][1] == 3  # unique, but a best candidate is still named
    assert by_sentence[3][0] in range(4, 8)
    assert by_sentence[7][1] == 3


def test_articles_without_sentences_and_shares() -> None:
    rows, article_of, _ = align([*HAND_MADE, []])
    empty = rows.other_article == 2
    assert np.all(rows.other_sentence[empty] == -1) and np.all(rows.kind[empty] == 3)
    shares = _core.reuse_shares(rows, article_of, 3)
    assert shares.shape == (3, 3)
    np.testing.assert_allclose(shares[0], [0.0, 0.75, 0.0])
    np.testing.assert_allclose(np.diag(shares), 0.0)


def test_alignment_is_the_same_for_any_thread_count() -> None:
    articles = [
        [
            f"Sentence {i} of article {a} mentions port {i % 3} and strike {a % 2}."
            for i in range(30)
        ]
        for a in range(6)
    ]
    one, _, _ = align(articles, n_jobs=1)
    two, _, _ = align(articles, n_jobs=2)
    for name in COLUMNS:
        np.testing.assert_array_equal(getattr(one, name), getattr(two, name))


def test_reuse_rows_pickle_and_rebuild_from_their_columns() -> None:
    rows, article_of, _ = align(HAND_MADE)
    again = pickle.loads(pickle.dumps(rows))
    assert isinstance(again, _core.ReuseRows) and repr(again) == "ReuseRows(8 rows)"
    for name in COLUMNS:
        np.testing.assert_array_equal(getattr(again, name), getattr(rows, name))
    np.testing.assert_array_equal(
        _core.reuse_shares(again, article_of), _core.reuse_shares(rows, article_of)
    )
    # The columns are copies: changing one leaves the map as it was.
    rows.kind[:] = 0
    assert rows.kind.tolist() == again.kind.tolist()


def test_alignment_rejects_bad_inputs() -> None:
    sentences = ["the port closed today", "the port closed again today"]
    x = TfidfVectorizer().fit_transform(sentences).tocsr()
    good = np.array([0, 1], dtype=np.int64)
    rows = _core.align_sentences(good, sentences, WORDS, x)
    columns = {name: getattr(rows, name) for name in COLUMNS}
    bad_calls: list[tuple[str, Any]] = [
        ("2 rows for 1", lambda: _core.align_sentences(good[:1], sentences[:1], WORDS, x)),
        ("contiguous", lambda: _core.align_sentences(good[::-1], sentences, WORDS, x)),
        ("article", lambda: _core.align_sentences(good - 1, sentences, WORDS, x)),
        ("1 sentences", lambda: _core.align_sentences(good, sentences[:1], WORDS, x)),
        ("paraphrase", lambda: _core.align_sentences(good, sentences, WORDS, x, paraphrase=1.5)),
        (
            "indptr",
            lambda: _core.align_sentences(
                good, sentences, WORDS, raw_csr(x.data, x.indices, x.indptr[::-1], x.shape[1])
            ),
        ),
        ("finite", lambda: _core.align_sentences(good, sentences, WORDS, x * np.nan)),
        ("n_jobs", lambda: _core.align_sentences(good, sentences, WORDS, x, n_jobs=0)),
        ("shingles", lambda: _core.align_sentences(good, sentences, WORDS, x, shingle_words=0)),
        (
            "read text",
            lambda: _core.align_sentences(good, sentences, _core.Analyzer(kind="tokens"), x),
        ),
        ("kind", lambda: _core.ReuseRows(**{**columns, "kind": np.array([7, 7])})),
        ("'kind' has 1", lambda: _core.ReuseRows(**{**columns, "kind": np.array([0])})),
        ("other_article", lambda: _core.reuse_shares(rows, good, 1)),
    ]
    for message, call in bad_calls:
        with pytest.raises(ValueError, match=message):
            call()


# -- the sample set --------------------------------------------------------------------------


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    for fancy, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-")):  # noqa: RUF001
        text = text.replace(fancy, plain)
    return " ".join(text.split())


@cache
def sample() -> tuple[list[str], npt.NDArray[np.int64], list[tuple[int, int, str]], Any]:
    """The cleaned sample set's sentences, their articles, the planted reuse as (sentence,
    source sentence, kind) and a TF-IDF matrix."""
    articles = ArticleSet.from_folder(SAMPLE / "articles").clean()
    texts: list[str] = []
    article_of: list[int] = []
    ends: list[list[int]] = []
    for a, article in enumerate(articles):
        article_ends = []
        for sentence in article.sentences:
            texts.append(sentence.text)
            article_of.append(a)
            article_ends.append(len(_plain(article.text[: sentence.end])))
        ends.append(article_ends)
    first = {a: article_of.index(a) for a in set(article_of)}

    def locate(article_id: str, sentence: str) -> int:
        a = articles.ids.index(article_id)
        start = _plain(articles[a].text).find(_plain(sentence))
        assert start >= 0, sentence
        return first[a] + next(i for i, end in enumerate(ends[a]) if end > start)

    truth = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))
    pairs = [
        (locate(r["article"], r["sentence"]), locate(r["source"], r["source_sentence"]), r["kind"])
        for r in truth["reuse"]
    ]
    x = TfidfVectorizer(stop_words="english").fit_transform(texts).tocsr()
    return texts, np.array(article_of, dtype=np.int64), pairs, x


def measure_reuse(**options: Any) -> tuple[float, float, str]:
    """Recall of the planted non-quote reuse (the sentence maps to its source sentence with a
    kind other than unique) and precision of the claimed reuse (planted as a pair, or both
    sides derived from one source sentence) on the sample set.

    From the repository root: ``python -c "import sys; sys.path[:0] = ['tests'];
    import test_compare_text as t; print(t.measure_reuse())"``
    """
    texts, article_of, pairs, x = sample()
    rows = _core.align_sentences(article_of, texts, WORDS, x, include_unique=True)
    best = {
        (int(s), int(b)): (int(o), int(k))
        for s, b, o, k in zip(
            rows.sentence,
            rows.other_article,
            rows.other_sentence,
            rows.kind,
            strict=True,
        )
    }
    sources: dict[int, set[int]] = {}
    for s, t, _ in pairs:
        sources.setdefault(s, set()).add(t)

    def related(s: int, t: int) -> bool:
        """Planted as a pair, or both derived from one source sentence."""
        return bool((sources.get(s, set()) | {s}) & (sources.get(t, set()) | {t}))

    checked = [(s, t) for s, t, kind in pairs if kind != "quote"]
    found = sum(
        best[s, int(article_of[t])][0] == t and best[s, int(article_of[t])][1] != 3
        for s, t in checked
    )
    claimed = [
        (int(s), int(o))
        for s, o, k in zip(rows.sentence, rows.other_sentence, rows.kind, strict=True)
        if k != 3
    ]
    correct = sum(related(s, o) for s, o in claimed)
    recall, precision = found / len(checked), correct / len(claimed)
    return recall, precision, f"found {found}/{len(checked)}, correct {correct}/{len(claimed)}"


def test_planted_reuse_is_found_on_the_sample_set() -> None:
    recall, precision, counts = measure_reuse()
    # Measured: recall 0.857 (54/63), precision 0.963 (234/243).
    assert recall >= 0.82, counts
    assert precision >= 0.93, counts


def test_unique_sentences_have_no_match_elsewhere() -> None:
    texts, article_of, _, x = sample()
    rows = _core.align_sentences(article_of, texts, WORDS, x)
    truth = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))
    herald = ArticleSet.from_folder(SAMPLE / "articles").ids.index("velmora-herald")
    unique = _core.unique_sentences(rows, article_of, herald, x)
    assert unique.dtype == np.int64 and len(unique) > 0
    assert np.all(article_of[unique] == herald)
    for s in unique:
        assert np.all(rows.kind[rows.sentence == s] == 3)
    planted = {_plain(t) for t in truth["unique"]["velmora-herald"]}
    found = {_plain(texts[s]) for s in unique}
    assert len(planted & found) >= len(planted) - 1
