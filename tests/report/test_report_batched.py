"""The report's one-pass answers equal the per-article ones they replace: every article's
distinctive terms and unique facts, the most similar pairs, the strongest reuse links and
the rounded shares (the report on 1,000 articles depends on them being fast, and its output
on them being the same)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from story_sets import story_frame
from storylens import ArticleSet, Comparison
from storylens.compare import digest
from storylens.exceptions import SeveralStoriesWarning
from storylens.report.build import _rounded
from storylens.report.reuse_graph import strongest_links
from storylens.report.text import top_pairs


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    articles = ArticleSet.from_frame(story_frame(stories=3, outlets=8)).clean()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeveralStoriesWarning)
        return articles.compare()


def test_every_article_s_distinctive_terms_in_one_pass(comparison: Comparison) -> None:
    each = comparison._distinctive_terms_of_each(6)
    assert len(each) == len(comparison.ids)
    for position, (term, z, count) in enumerate(each):
        frame = comparison.distinctive_terms(position, top=6)
        assert term.tolist() == frame["term"].tolist()
        assert z.tolist() == frame["z"].tolist()
        assert count.tolist() == frame["count"].tolist()
    assert any(len(term) for term, _, _ in each)


@pytest.mark.parametrize("top", [None, 0, 1, 3, -1])
def test_every_article_s_unique_facts_from_one_table(comparison: Comparison, top: int) -> None:
    sentences, unique = comparison.sentences, comparison._unique_sentences
    each = comparison._unique_facts_of_each(top)
    for position, article in enumerate(comparison.ids):
        scanned = digest.unique_facts(sentences, unique, position, top)
        pd.testing.assert_frame_equal(comparison.unique_facts(article, top), scanned)
        assert each[position] == scanned["text"].tolist()
    assert sum(len(texts) for texts in comparison._unique_facts_of_each(None)) == len(unique)


def test_a_unique_facts_frame_is_the_caller_s_own(comparison: Comparison) -> None:
    first = comparison.unique_facts(0)
    first.loc[:, "text"] = "changed"
    assert "changed" not in comparison.unique_facts(0)["text"].tolist()


def sorted_pairs(ids: list[str], values: list[list[float]], count: int) -> list[tuple]:
    """The pairs as the report ranked them before: every tuple, a stable sort in Python."""
    pairs = [
        (ids[i], ids[j], float(values[i][j]))
        for i in range(len(ids))
        for j in range(i + 1, len(ids))
    ]
    pairs.sort(key=lambda pair: -pair[2])
    return pairs[:count]


# Scores from a few values, so that ties are common.
scores = st.sampled_from([0.0, 0.25, 0.5, 0.5, 0.75, 1.0])


@given(
    st.integers(0, 9).flatmap(
        lambda n: st.lists(st.lists(scores, min_size=n, max_size=n), min_size=n, max_size=n)
    ),
    st.integers(-3, 60),
)
def test_top_pairs_rank_as_a_stable_sort_of_every_pair(
    values: list[list[float]], count: int
) -> None:
    ids = [f"a{i}" for i in range(len(values))]
    assert top_pairs(ids, values, count) == sorted_pairs(ids, values, count)


@given(st.lists(st.tuples(scores, scores), max_size=30), st.integers(-3, 40))
def test_strongest_links_rank_as_a_stable_sort(shares: list[tuple], count: int) -> None:
    links = [{"share_of_copy": a, "share_of_source": b} for a, b in shares]
    order = sorted(
        range(len(links)),
        key=lambda i: (-max(links[i]["share_of_copy"], links[i]["share_of_source"]), i),
    )
    assert strongest_links(links, count) == [links[i] for i in order[:count]]


@given(st.lists(st.floats(0, 1) | st.fractions(0, 1, max_denominator=400).map(float)))
def test_shares_round_as_python_rounds_each(values: list[float]) -> None:
    rounded = _rounded(pd.Series(values, dtype=np.float64))
    assert rounded == [round(float(value), 3) for value in values]
