"""``compare_stories``: the local comparison of each story, stories in parallel.

The articles are labelled with their story partition by partition, the stories too large to
compare are filtered out before anything moves (so none reaches a worker), and the rest are
shuffled on the story label, so that each story's articles meet in one partition, where the
local :meth:`ArticleSet.compare <storylens.ArticleSet.compare>` runs on each, its articles in
the corpus's order, in the corpus's language.
"""

from __future__ import annotations

import operator
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from storylens._config import Config
from storylens.articles import ArticleSet
from storylens.articles._loading import _id_str
from storylens.articles.article_set import _usual_column
from storylens.dask._stories import corpus_language
from storylens.dask._tasks import client_settings, task_settings
from storylens.exceptions import DocumentTypeError, InvalidParameterError, SeveralStoriesWarning

__all__ = ["MAX_STORY_SIZE", "RESULTS", "LargeStoryWarning", "compare_stories"]

#: Stories of more articles than this are skipped by default: a comparison's memory grows
#: with the square of its articles' sentences.
MAX_STORY_SIZE = 1000
#: The per-story results ``compare_stories`` can give: each a method of
#: :class:`storylens.Comparison` that takes ``min_share``.
RESULTS = ("reuse_summary", "sources")

# The internal columns of the rows on their way to the comparisons.
_STORY = "__story"
_POSITION = "__position"
_ID = "__id"


class LargeStoryWarning(UserWarning):
    """``compare_stories`` skipped stories above ``max_story_size`` (named in the message,
    and with the status ``"too_large"`` in the ``status`` frame). A ``UserWarning``; silence
    it with ``warnings.filterwarnings``.

    >>> from storylens.dask import LargeStoryWarning
    >>> issubclass(LargeStoryWarning, UserWarning)
    True
    """


def compare_stories(
    articles: Any,
    labels: Any,
    *,
    what: Sequence[str] = RESULTS,
    language: str = "auto",
    max_story_size: int = MAX_STORY_SIZE,
    min_share: float = 0.2,
    compare_options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Compare each story on its own, stories in parallel: for each name in ``what``, a dask
    DataFrame of that :class:`~storylens.Comparison` result of every story (a ``story``
    column, then the local columns), and ``"status"``: one row per story (``story,
    articles, status``), the status ``"compared"``, ``"single"`` (one article: nothing to
    compare) or ``"too_large"`` (more than ``max_story_size`` articles: skipped, and named
    in a :class:`LargeStoryWarning`).

    - ``articles``: a dask Series of texts indexed by id, or a dask DataFrame whose rows
      :meth:`ArticleSet.from_frame <storylens.ArticleSet.from_frame>` reads (text, date,
      outlet, title and url under their usual names; ids from an ``id`` column or the index).
      Dates let ``sources`` decide who came first.
    - ``labels``: each article's story, indexed by id: :func:`stories`' result (partitioned
      like ``articles``), or a pandas Series.
    - ``language``: the language of every story, ``"auto"`` detected from the whole corpus
      (as ``ArticleSet.stories().sets()`` keep the set's language).
    - ``min_share`` goes to each result; ``compare_options`` to ``ArticleSet.compare``.

    Each story's rows equal ``ArticleSet.from_frame(story_rows, language=...).compare()
    .reuse_summary()`` (or ``sources()``) of its articles in corpus order. The comparisons
    run once when the frames are computed together: ``dask.compute(*results.values())``.
    Row order across stories is not kept; sort by ``story`` when it matters.

    >>> import dask, dask.dataframe as dd, pandas as pd
    >>> wire = "The port of Corvale closed on Monday after dock workers walked out over pay."
    >>> frame = pd.DataFrame({
    ...     "text": [wire + " The union said talks would resume.", wire,
    ...              "Measles spreads in Brennock."],
    ...     "date": ["2024-05-07", "2024-05-06", "2024-05-06"],
    ... }, index=["courier", "wire", "health"])
    >>> labels = pd.Series([0, 0, 1], index=["courier", "wire", "health"])
    >>> results = compare_stories(dd.from_pandas(frame, npartitions=2), labels)
    >>> summary, status = dask.compute(results["reuse_summary"], results["status"])
    >>> summary[["story", "source", "copy", "evidence"]].values.tolist()
    [[0, 'wire', 'courier', 'date']]
    >>> status.sort_values("story").values.tolist()
    [[0, 2, 'compared'], [1, 1, 'single']]
    """
    import dask
    import dask.dataframe as dd

    names = _checked_results(what)
    if isinstance(max_story_size, bool) or not isinstance(max_story_size, (int, np.integer)):
        raise InvalidParameterError(f"max_story_size must be an int, got {max_story_size!r}")
    if max_story_size < 2:
        raise InvalidParameterError(f"max_story_size must be at least 2, got {max_story_size!r}")
    options = dict(compare_options or {})
    rows, text_column = _rows(articles)
    language = corpus_language(rows[text_column], language)
    rows = _labelled(rows, labels)

    sizes = rows[_STORY].value_counts()
    too_large = sizes[sizes > max_story_size].compute().sort_index()
    if len(too_large):
        listed = ", ".join(f"story {story} ({size} articles)" for story, size in too_large.items())
        warnings.warn(
            f"compare_stories skipped {len(too_large)} stor"
            f"{'y' if len(too_large) == 1 else 'ies'} above max_story_size={max_story_size}: "
            f"{listed}",
            LargeStoryWarning,
            stacklevel=2,
        )
    kept = rows[~rows[_STORY].isin(too_large.index.tolist())] if len(too_large) else rows
    grouped = kept.shuffle(on=_STORY, npartitions=kept.npartitions)
    settings = client_settings()
    compared = [
        dask.delayed(_compare_partition)(part, names, language, min_share, options, settings)
        for part in grouped.to_delayed()
    ]
    metas = _metas(names)
    results = {
        name: dd.from_delayed(
            [dask.delayed(operator.getitem)(part, name) for part in compared],
            meta=metas[name],
            verify_meta=False,
        )
        for name in names
    }
    results["status"] = (
        sizes.to_frame("articles")
        .reset_index()
        .map_partitions(
            _status,
            max_story_size,
            meta=pd.DataFrame(
                {
                    "story": pd.Series([], dtype=np.int64),
                    "articles": pd.Series([], dtype=np.int64),
                    "status": pd.Series([], dtype=object),
                }
            ),
        )
    )
    return results


def _checked_results(what: Any) -> list[str]:
    if isinstance(what, str):
        what = [what]
    names = list(what)
    unknown = [name for name in names if name not in RESULTS]
    if not names or unknown:
        raise InvalidParameterError(
            f"what must name one or more of {list(RESULTS)}, got {unknown or names!r}"
        )
    return list(dict.fromkeys(names))


def _rows(articles: Any) -> tuple[Any, str]:
    """The articles as a dask DataFrame of the fields ``from_frame`` reads, with the id and
    the corpus position, and the name of the text column."""
    import dask.dataframe as dd

    if isinstance(articles, dd.Series):
        frame = articles.to_frame("text")
    elif isinstance(articles, dd.DataFrame):
        frame = articles
    else:
        raise DocumentTypeError(
            f"articles must be a dask Series of texts or a dask DataFrame, got "
            f"{type(articles).__name__}"
        )
    columns = [str(column) for column in frame.columns]
    text = _usual_column(columns, "text")
    if text is None:
        raise InvalidParameterError(
            f"articles has no text column (text, body or content); its columns: {columns}"
        )
    id_column = _usual_column(columns, "id")
    lengths = frame.map_partitions(len).compute().tolist()
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64).tolist()
    meta = frame._meta.assign(**{_ID: pd.Series([], dtype=object), _POSITION: np.int64(0)})
    parts = [
        _with_position(part, offset, id_column)
        for part, offset in zip(frame.to_delayed(), offsets[:-1], strict=True)
    ]
    return dd.from_delayed(parts, meta=meta.iloc[:0], verify_meta=False), text


def _with_position(part: Any, offset: int, id_column: str | None) -> Any:
    import dask

    return dask.delayed(_identified)(part, offset, id_column)


def _identified(part: pd.DataFrame, offset: int, id_column: str | None) -> pd.DataFrame:
    """One partition's rows with their id (as ``from_frame`` reads it) and position."""
    raw = part[id_column].tolist() if id_column is not None else part.index.tolist()
    names = [
        _id_str(value, f"row {position} (index {index!r}): id")
        for position, (index, value) in enumerate(zip(part.index, raw, strict=True), offset)
    ]
    identified = part.copy()
    identified[_ID] = pd.Series(names, index=part.index, dtype=object)
    identified[_POSITION] = np.arange(offset, offset + len(part), dtype=np.int64)
    return identified


def _labelled(rows: Any, labels: Any) -> Any:
    """``rows`` with each one's story, from ``labels`` by id."""
    import dask
    import dask.dataframe as dd

    meta = rows._meta.assign(**{_STORY: np.int64(0)}).iloc[:0]
    if isinstance(labels, pd.Series):
        shared = dask.delayed(labels, pure=True)
        parts = [dask.delayed(_look_up)(part, shared) for part in rows.to_delayed()]
    elif isinstance(labels, dd.Series):
        if labels.npartitions != rows.npartitions:
            raise InvalidParameterError(
                f"labels has {labels.npartitions} partitions, but articles has "
                f"{rows.npartitions}; pass the labels storylens.dask.stories returned for "
                "these articles, or labels.compute()"
            )
        parts = [
            dask.delayed(_look_up)(part, label_part)
            for part, label_part in zip(rows.to_delayed(), labels.to_delayed(), strict=True)
        ]
    else:
        raise InvalidParameterError(
            f"labels must be a dask or pandas Series indexed by id, got {type(labels).__name__}"
        )
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def _look_up(part: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    by_id = pd.Series(labels.to_numpy(), index=[str(name) for name in labels.index])
    missing = ~part[_ID].isin(by_id.index)
    if missing.any():
        name = part[_ID][missing].iloc[0]
        raise InvalidParameterError(f"article {name!r} has no story label")
    stories = by_id.loc[part[_ID].tolist()].to_numpy()
    return part.assign(**{_STORY: stories.astype(np.int64)})


def _compare_partition(
    part: pd.DataFrame,
    names: list[str],
    language: str,
    min_share: float,
    options: Mapping[str, Any],
    settings: Config,
) -> dict[str, pd.DataFrame]:
    """The results of each story of one shuffled partition (whole stories, by the shuffle)."""
    found: dict[str, list[pd.DataFrame]] = {name: [] for name in names}
    with task_settings(settings):
        for story, rows in part.groupby(_STORY, sort=True):
            if len(rows) < 2:
                continue
            for name, frame in compare_story(rows, language, names, min_share, options).items():
                found[name].append(frame.assign(story=np.full(len(frame), story, dtype=np.int64)))
    metas = _metas(names)
    return {
        name: _story_first(pd.concat(frames, ignore_index=True) if frames else metas[name])
        for name, frames in found.items()
    }


def compare_story(
    rows: pd.DataFrame,
    language: str,
    names: Sequence[str],
    min_share: float,
    options: Mapping[str, Any],
) -> dict[str, pd.DataFrame]:
    """The local results of one story's rows, in corpus order."""
    ordered = rows.sort_values(_POSITION, kind="stable")
    frame = ordered.drop(columns=[_STORY, _POSITION]).reset_index(drop=True)
    articles = ArticleSet.from_frame(frame, id=_ID, language=language)
    with warnings.catch_warnings():
        # Each story is compared alone on purpose; its own sub-stories are the user's call.
        warnings.simplefilter("ignore", SeveralStoriesWarning)
        comparison = articles.compare(**options)
    return {name: getattr(comparison, name)(min_share=min_share) for name in names}


def _story_first(frame: pd.DataFrame) -> pd.DataFrame:
    columns = ["story", *[column for column in frame.columns if column != "story"]]
    return frame.assign(story=frame["story"].astype(np.int64))[columns]


def _metas(names: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The empty frame of each result, from a comparison of two tiny articles."""
    rows = pd.DataFrame(
        {
            "text": ["The port closed after the strike.", "The port closed after a strike."],
            _ID: ["a", "b"],
            _POSITION: [0, 1],
            _STORY: [0, 0],
        }
    )
    frames = compare_story(rows, "english", names, 0.2, {})
    return {
        name: _story_first(frame.assign(story=np.int64(0))).iloc[:0]
        for name, frame in frames.items()
    }


def _status(sizes: pd.DataFrame, max_story_size: int) -> pd.DataFrame:
    articles = sizes["articles"].to_numpy(dtype=np.int64)
    status = np.where(
        articles > max_story_size, "too_large", np.where(articles < 2, "single", "compared")
    )
    return pd.DataFrame(
        {
            "story": sizes[_STORY].to_numpy(dtype=np.int64),
            "articles": articles,
            "status": pd.Series(status, dtype=object),
        }
    )
