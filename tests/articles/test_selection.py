"""Choosing articles of a set: by ids, by a boolean mask, drop() and filter(); and the natural
order of a folder's files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from storylens import ArticleSet
from storylens.exceptions import ShapeMismatchError

TEXTS = ["The port closed on Friday.", "Ferries stopped at noon.", "The union met the mayor."]


@pytest.fixture
def articles() -> ArticleSet:
    return ArticleSet.from_texts(TEXTS, ids=["a", "b", "c"])


def test_a_list_of_ids_selects_in_the_order_asked(articles: ArticleSet) -> None:
    chosen = articles[["c", "a"]]
    assert isinstance(chosen, ArticleSet)
    assert chosen.ids == ["c", "a"]
    assert chosen["c"] is articles["c"]
    assert articles[[]].ids == []


@pytest.mark.parametrize(
    "mask",
    [[True, False, True], np.array([True, False, True]), pd.Series([True, False, True])],
    ids=["list", "numpy", "pandas"],
)
def test_a_boolean_mask_selects_the_marked_articles(articles: ArticleSet, mask: object) -> None:
    assert articles[mask].ids == ["a", "c"]  # type: ignore[index]


def test_bad_selections_say_what_is_wrong(articles: ArticleSet) -> None:
    with pytest.raises(KeyError, match="'z'"):
        articles[["a", "z"]]
    with pytest.raises(ShapeMismatchError, match="one value per article: got 2 for 3"):
        articles[[True, False]]
    with pytest.raises(TypeError, match="item 1 is int"):
        articles[["a", 3]]  # type: ignore[list-item]
    with pytest.raises(TypeError):
        articles[True]  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="dict"):
        articles[{"a": 1}]  # type: ignore[call-overload]


def test_drop_and_filter_make_new_sets(articles: ArticleSet) -> None:
    assert articles.drop("b").ids == ["a", "c"]
    assert articles.drop(["a", "c"]).ids == ["b"]
    assert articles.filter(lambda article: "The" in article.text).ids == ["a", "c"]
    assert articles.ids == ["a", "b", "c"]  # the set itself is unchanged
    with pytest.raises(KeyError, match="'z'"):
        articles.drop(["a", "z"])
    with pytest.raises(TypeError, match=r"ids\[0\] must be a str"):
        articles.drop([1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="function"):
        articles.filter("The")  # type: ignore[arg-type]


def test_a_folder_is_read_in_natural_order(tmp_path: Path) -> None:
    for name in ["article_10", "article_2", "Article_1", "article_2b"]:
        (tmp_path / f"{name}.txt").write_text(f"{name} reports the port closed.", "utf-8")
    articles = ArticleSet.from_folder(tmp_path, metadata=False)
    assert articles.ids == ["Article_1", "article_2", "article_2b", "article_10"]
