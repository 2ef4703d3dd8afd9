"""``storylens.dask.compare_stories`` gives, for each story, the local comparison of that
story, and skips and reports the stories too large to compare."""

from __future__ import annotations

import warnings
from typing import Any

import dask
import dask.dataframe as dd
import pandas as pd
import pytest
import storylens.dask
from distributed import Client
from storylens import ArticleSet
from storylens.dask import LargeStoryWarning
from storylens.datasets.generated import generated_archive
from storylens.exceptions import DocumentTypeError, InvalidParameterError

ARCHIVE = generated_archive(40, n_stories=5, sentences=5, briefs=0.1, seed=11).set_index("id")


def local_results(frame: pd.DataFrame, names: tuple[str, ...]) -> dict[int, dict[str, Any]]:
    """Each story's local results, by ``ArticleSet.stories().sets()``."""
    articles = ArticleSet.from_frame(frame.drop(columns="story"))
    results = {}
    for story, part in enumerate(articles.stories().sets()):
        if len(part) < 2:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            comparison = part.compare()
        results[story] = {name: getattr(comparison, name)() for name in names}
    return results


def by_story(frame: pd.DataFrame, story: int) -> pd.DataFrame:
    rows = frame[frame["story"] == story].drop(columns="story")
    return rows.reset_index(drop=True)


def assert_per_story_equal(results: dict[str, pd.DataFrame], expected: dict[int, Any]) -> None:
    for name in ("reuse_summary", "sources"):
        assert set(results[name]["story"]) <= set(expected)
        for story, local in expected.items():
            got = by_story(results[name], story)
            pd.testing.assert_frame_equal(
                got, local[name].reset_index(drop=True), check_dtype=False
            )


def test_each_story_equals_its_local_comparison(thread_client: Client) -> None:
    expected = local_results(ARCHIVE, ("reuse_summary", "sources"))
    assert len(expected) >= 3
    frame = dd.from_pandas(ARCHIVE.drop(columns="story"), npartitions=3, sort=False)
    with thread_client.as_current():
        labels = storylens.dask.stories(frame["text"])
        results = storylens.dask.compare_stories(frame, labels)
        computed = dict(zip(results, dask.compute(*results.values()), strict=True))
    assert_per_story_equal(computed, expected)
    assert computed["reuse_summary"].columns[0] == "story"
    status = computed["status"].sort_values("story")
    sizes = labels.compute().value_counts().sort_index()
    assert status["articles"].tolist() == sizes.tolist()
    assert set(status["status"]) <= {"compared", "single"}


def test_a_series_of_texts_with_given_labels(synchronous: None) -> None:
    texts = ARCHIVE["text"]
    labels = pd.Series(ARCHIVE["story"].to_numpy() + 1, index=ARCHIVE.index)
    results = storylens.dask.compare_stories(
        dd.from_pandas(texts, npartitions=4, sort=False), labels, what="sources"
    )
    assert set(results) == {"sources", "status"}
    sources = results["sources"].compute()
    for story in (1, 2):
        rows = ARCHIVE[labels == story]
        local = ArticleSet.from_texts(
            rows["text"].tolist(), ids=rows.index.tolist(), language="english"
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = local.compare().sources()
        pd.testing.assert_frame_equal(by_story(sources, story), expected, check_dtype=False)


def test_stories_too_large_are_skipped_and_reported(synchronous: None) -> None:
    labels = ARCHIVE["story"]
    sizes = labels.value_counts()
    limit = int(sizes.sort_values().iloc[-3])  # the two largest stories are above it
    too_large = sorted(int(story) for story in sizes[sizes > limit].index)
    assert len(too_large) >= 1
    frame = dd.from_pandas(ARCHIVE, npartitions=3, sort=False)
    with pytest.warns(LargeStoryWarning) as caught:
        results = storylens.dask.compare_stories(frame, labels, max_story_size=limit)
    message = str(caught[0].message)
    for story in too_large:
        assert f"story {story} ({sizes[story]} articles)" in message
    summary, status = dask.compute(results["reuse_summary"], results["status"])
    assert not set(summary["story"]) & set(too_large)
    assert len(set(summary["story"])) >= 1
    skipped = status[status["status"] == "too_large"]
    assert sorted(skipped["story"]) == too_large


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"what": "digest"}, "what must name"),
        ({"what": []}, "what must name"),
        ({"max_story_size": 1}, "at least 2"),
        ({"max_story_size": 2.5}, "must be an int"),
    ],
)
def test_bad_options(options: dict[str, Any], error: str) -> None:
    frame = dd.from_pandas(ARCHIVE, npartitions=2, sort=False)
    with pytest.raises(InvalidParameterError, match=error):
        storylens.dask.compare_stories(frame, ARCHIVE["story"], **options)


def test_bad_articles_and_labels(synchronous: None) -> None:
    frame = dd.from_pandas(ARCHIVE, npartitions=2, sort=False)
    with pytest.raises(DocumentTypeError):
        storylens.dask.compare_stories(ARCHIVE, ARCHIVE["story"])
    with pytest.raises(InvalidParameterError, match="no text column"):
        storylens.dask.compare_stories(frame[["outlet"]], ARCHIVE["story"])
    with pytest.raises(InvalidParameterError, match="partitions"):
        storylens.dask.compare_stories(
            frame, dd.from_pandas(ARCHIVE["story"], npartitions=3, sort=False)
        )
    with pytest.raises(InvalidParameterError, match="indexed by id"):
        storylens.dask.compare_stories(frame, ARCHIVE["story"].tolist())
    with pytest.raises(InvalidParameterError, match="'a0000000' has no story label"):
        storylens.dask.compare_stories(frame, ARCHIVE["story"].iloc[1:])
