"""``storylens.dask.stories`` equals the local ``ArticleSet.stories()`` labels on any
partitioning, and raises the local loader's errors, naming the same item."""

from __future__ import annotations

import itertools
from typing import Any

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
import storylens.dask
from distributed import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from storylens import ArticleSet
from storylens.dask import _stories
from storylens.datasets.generated import generated_archive
from storylens.exceptions import DocumentTypeError, InvalidDocumentError, InvalidParameterError

#: A small archive: a few stories of several sizes, briefs on no story, and two articles
#: whose only words are stop words (no vector at all).
ARCHIVE = generated_archive(48, n_stories=6, sentences=4, briefs=0.1, seed=7)
TEXTS = pd.Series(
    [*ARCHIVE["text"], "It is what it is.", "And so it was."],
    index=[*ARCHIVE["id"], "stop-1", "stop-2"],
)


def local_labels(texts: pd.Series, **options: Any) -> pd.Series:
    language = options.pop("language", "auto")
    articles = ArticleSet.from_texts(texts.tolist(), ids=texts.index.tolist(), language=language)
    return articles.stories(**options).labels


def cut(texts: pd.Series, bounds: list[int]) -> Any:
    """``texts`` as a dask Series cut at ``bounds`` (0 and n included), empty parts allowed."""
    parts = [dask.delayed(pd.Series.copy)(texts.iloc[a:b]) for a, b in itertools.pairwise(bounds)]
    return dd.from_delayed(parts, meta=texts.iloc[:0], verify_meta=False)


def assert_same_labels(got: pd.Series, expected: pd.Series) -> None:
    assert got.index.tolist() == expected.index.tolist()
    assert got.to_numpy().tolist() == expected.to_numpy().tolist()
    assert got.name == "story" and got.index.name == "article"
    assert got.dtype == np.int64


def test_equals_the_local_labels_on_worker_processes(process_client: Client) -> None:
    expected = local_labels(TEXTS)
    assert expected.nunique() > 3  # several stories, and stories of one
    with process_client.as_current():
        for npartitions in (1, 2, 7):
            texts = dd.from_pandas(TEXTS, npartitions=npartitions, sort=False)
            assert_same_labels(storylens.dask.stories(texts).compute(), expected)


@settings(max_examples=8, deadline=None)
@given(
    cuts=st.lists(st.integers(0, len(TEXTS)), max_size=6),
    k=st.integers(1, 6),
    ratio=st.sampled_from([0.3, 0.5, 0.9]),
    min_similarity=st.sampled_from([0.05, 0.4]),
)
def test_equals_the_local_labels_on_random_partitions(
    cuts: list[int], k: int, ratio: float, min_similarity: float
) -> None:
    options = {"k": k, "ratio": ratio, "min_similarity": min_similarity}
    bounds = [0, *sorted(cuts), len(TEXTS)]  # a repeated cut is an empty partition
    with dask.config.set(scheduler="synchronous"):
        got = storylens.dask.stories(cut(TEXTS, bounds), **options).compute()
    assert_same_labels(got, local_labels(TEXTS, **options))


def test_the_radix_median_gives_the_same_threshold(
    synchronous: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the client's share of scores set tiny, the median comes from the selection."""
    monkeypatch.setattr(_stories, "CLIENT_VALUES", 3)
    got = storylens.dask.stories(dd.from_pandas(TEXTS, npartitions=5, sort=False)).compute()
    assert_same_labels(got, local_labels(TEXTS))


@settings(max_examples=25, deadline=None)
@given(
    values=st.lists(
        st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0, -0.5, 1e-300, 0.3333333333333333])
        | st.floats(-1.0, 1.0),
        min_size=1,
        max_size=40,
    ),
    npartitions=st.integers(1, 5),
    client_values=st.integers(1, 4),
)
def test_median_is_numpys_whatever_the_path(
    values: list[float], npartitions: int, client_values: int
) -> None:
    series = dd.from_pandas(pd.Series(values, dtype=np.float64), npartitions=npartitions)
    with dask.config.set(scheduler="synchronous"):
        assert _stories.median(series, client_values=client_values) == np.median(values)
        assert _stories.median(series) == np.median(values)


def test_ids_from_a_sequence_or_a_dask_series(synchronous: None) -> None:
    texts = pd.Series(TEXTS.to_numpy())
    ids = [f"id-{i}" for i in range(len(texts))]
    expected = local_labels(pd.Series(texts.to_numpy(), index=ids))
    as_dask = dd.from_pandas(texts, npartitions=3)
    assert_same_labels(storylens.dask.stories(as_dask, ids=ids).compute(), expected)
    id_series = dd.from_pandas(pd.Series(ids), npartitions=3)
    assert_same_labels(storylens.dask.stories(as_dask, ids=id_series).compute(), expected)


def test_an_integer_index_gives_the_local_default_ids(synchronous: None) -> None:
    texts = pd.Series(TEXTS.to_numpy()[:20])
    got = storylens.dask.stories(dd.from_pandas(texts, npartitions=3)).compute()
    assert_same_labels(got, ArticleSet.from_texts(texts.tolist()).stories().labels)


def test_language_is_detected_from_the_whole_corpus_as_locally(synchronous: None) -> None:
    german = pd.Series(
        [
            "Der Rat sagte, dass die Brücke über den Fluss gesperrt bleibt.",
            "Die Brücke über den Fluss bleibt gesperrt, sagte der Rat am Dienstag.",
            "Das Krankenhaus in der Stadt meldet mehr Fälle von Masern.",
            "Mehr Fälle von Masern im Krankenhaus der Stadt, meldet die Klinik.",
            "Die Schule bleibt wegen der Masern bis zum Montag geschlossen.",
        ],
        index=list("abcde"),
    )
    texts = dd.from_pandas(german, npartitions=2, sort=False)
    assert _stories.corpus_language(texts) == "german"
    for language in ("auto", "de", "english"):
        got = storylens.dask.stories(texts, language=language).compute()
        assert_same_labels(got, local_labels(german, language=language))


def test_small_and_wordless_corpora(synchronous: None) -> None:
    one = pd.Series(["A single article about the port."], index=["only"])
    assert_same_labels(
        storylens.dask.stories(dd.from_pandas(one, npartitions=1)).compute(), local_labels(one)
    )
    stop = pd.Series(["It is what it is.", "And so it was.", "It was."], index=list("xyz"))
    got = storylens.dask.stories(dd.from_pandas(stop, npartitions=2, sort=False)).compute()
    assert_same_labels(got, local_labels(stop))
    assert got.tolist() == [0, 1, 2]


def local_error(texts: list[Any], ids: list[Any] | None = None) -> tuple[type, str]:
    with pytest.raises((TypeError, ValueError)) as caught:
        ArticleSet.from_texts(texts, ids=ids).stories()
    return type(caught.value), str(caught.value)


@pytest.mark.parametrize(
    ("texts", "ids"),
    [
        (["A text.", None, "Another.", pd.NA], None),
        (["A text.", "Two.", "Three.", 4], None),
        (["A text.", "Two.", "Three.", "  "], None),
        (["A text.", "Two.", "Three.", "Four."], ["a", "b", "a", "b"]),
        (["A text.", "Two.", "Three.", "Four."], ["a", "b", None, "d"]),
        (["A text.", None, "Three.", "Four."], ["a", "b", "c", 2.5]),
        (["A text.", "Two.", "Three.", "Four."], ["a", "b", "c"]),
        (["A text.", "Two.", "Three.", "Four."], ["a", "b", "c", "d", "e"]),
    ],
    ids=[
        "missing",
        "not-a-str",
        "blank",
        "duplicate-ids",
        "missing-id",
        "bad-id-before-bad-text",
        "too-few-ids",
        "too-many-ids",
    ],
)
def test_bad_input_raises_the_local_error(
    synchronous: None, texts: list[Any], ids: list[Any] | None
) -> None:
    kind, message = local_error(texts, ids)
    # Kept as objects: dask would otherwise make the column strings (4 as "4", None as NA).
    with dask.config.set({"dataframe.convert-string": False}):
        series = dd.from_pandas(pd.Series(texts, dtype=object), npartitions=3)
        with pytest.raises(kind) as caught:
            storylens.dask.stories(series, ids=ids)
    assert str(caught.value) == message


def test_duplicate_ids_in_the_index_across_partitions(synchronous: None) -> None:
    texts = pd.Series(["One.", "Two.", "Three.", "Four.", "Five."], index=list("abcab"))
    kind, message = local_error(texts.tolist(), texts.index.tolist())
    with pytest.raises(kind, match="duplicate article id 'a'") as caught:
        storylens.dask.stories(dd.from_pandas(texts, npartitions=3, sort=False))
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "options",
    [{"k": 0}, {"k": True}, {"ratio": 1.5}, {"min_similarity": "x"}, {"split_every": 1}],
)
def test_bad_options_raise_before_any_work(options: dict[str, Any]) -> None:
    texts = dd.from_pandas(pd.Series(["One.", "Two."]), npartitions=1)
    with pytest.raises(InvalidParameterError):
        storylens.dask.stories(texts, **options)


def test_bad_collections(synchronous: None) -> None:
    frame = dd.from_pandas(pd.DataFrame({"text": ["One."]}), npartitions=1)
    with pytest.raises(DocumentTypeError, match="frame\\['text'\\]"):
        storylens.dask.stories(frame)
    with pytest.raises(DocumentTypeError, match=r"ArticleSet\.from_texts"):
        storylens.dask.stories(["One.", "Two."])
    with pytest.raises(InvalidParameterError, match="language"):
        storylens.dask.stories(frame["text"], language="klingon")
    ids = dd.from_pandas(pd.Series(["a", "b"]), npartitions=2)
    with pytest.raises(InvalidParameterError, match="partitions"):
        storylens.dask.stories(dd.from_pandas(pd.Series(["A.", "B."]), npartitions=1), ids=ids)
    texts = cut(pd.Series(["A.", "B.", "C."]), [0, 1, 3])
    ids = cut(pd.Series(["a", "b", "c"]), [0, 2, 3])
    with pytest.raises(InvalidParameterError, match="partition 0 has 2 ids for 1 texts"):
        storylens.dask.stories(texts, ids=ids)
    with pytest.raises(InvalidDocumentError, match="missing"):
        storylens.dask.stories(dd.from_pandas(pd.Series(["A.", None]), npartitions=2))


def test_the_vectors_are_bit_equal_to_the_local_ones(synchronous: None) -> None:
    """The rows store their terms in the local fit's order (first occurrence), so that the
    row norms, summed in stored order, and hence every weight, are bit-equal."""
    from storylens.compare.stories import plain_tfidf

    counts, tfidf, _, _ = plain_tfidf(
        ArticleSet.from_texts(TEXTS.tolist(), ids=TEXTS.index.tolist())
    )
    corpus = _stories.checked_corpus(cut(TEXTS, [0, 3, 3, 20, len(TEXTS)]), None)
    blocks = _stories.plain_counts(corpus, "english", 2)
    weighted = storylens.dask.TfidfTransformer(sublinear_tf=True).fit_transform(blocks)
    # Unoptimised: dask's linear fusion fails on the graph of a from_delayed collection.
    got_counts, got_tfidf = dask.compute(blocks, weighted, optimize_graph=False)
    for got, expected in ((got_counts, counts), (got_tfidf, tfidf)):
        assert np.array_equal(got.indptr, expected.indptr)
        assert np.array_equal(got.indices, expected.indices)
        assert np.array_equal(got.data, expected.data)
