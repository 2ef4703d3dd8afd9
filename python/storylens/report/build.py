"""The story report's content: one summary of a cleaned article set and its comparison, as
plain data (JSON-ready), which :mod:`storylens.report.text` and :mod:`storylens.report.html`
render."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np
import pandas as pd

from storylens._budget import check_budget, dense_bytes
from storylens._progress import ARTICLES_THRESHOLD, Bar, bar, following, wanted
from storylens.articles import ArticleSet
from storylens.compare import Comparison

__all__ = ["build_report"]


def build_report(
    articles: ArticleSet,
    comparison: Comparison,
    *,
    terms: int = 12,
    distinctive: int = 8,
    digest_words: int = 150,
    unique: int = 2,
    progress: bool | None = None,
) -> dict[str, Any]:
    """Everything the report shows, as plain data (JSON-ready).

    ``progress``: show a progress bar on stderr, a step per article and section (True, False,
    or None: the config's ``progress``, automatic from 50 articles).

    >>> from storylens.datasets import load_sample
    >>> articles = load_sample().clean()
    >>> report = build_report(articles, articles.compare())
    >>> sorted(report)  # doctest: +NORMALIZE_WHITESPACE
    ['articles', 'digest', 'distinctive_terms', 'outliers', 'reuse', 'shared_terms',
     'short_articles', 'similarity', 'sources', 'stories', 'unique_facts']
    """
    shown = wanted(progress, size=len(articles), threshold=ARTICLES_THRESHOLD)
    # A step for each article's distinctive terms and unique facts, and one for each of the
    # similarity, reuse and digest sections.
    with (
        following(progress),
        bar(2 * len(articles) + 3, "report", enabled=shown, unit="step") as steps,
    ):
        return _build(articles, comparison, steps, terms, distinctive, digest_words, unique)


def _build(
    articles: ArticleSet,
    comparison: Comparison,
    steps: Bar,
    terms: int,
    distinctive: int,
    digest_words: int,
    unique: int,
) -> dict[str, Any]:
    """:func:`build_report`'s work, reporting each step to ``steps``."""
    check_report_size(len(comparison.ids))
    rows = []
    for article in articles:
        rows.append(
            {
                "id": article.id,
                "outlet": article.outlet,
                "title": article.title,
                "date": article.date.isoformat() if isinstance(article.date, _dt.date) else None,
                "byline": article.byline,
                "url": article.url,
                "words_kept": article.words_kept,
                "words_removed": article.words_removed,
            }
        )
    steps.set_description_str("report: similarity")
    similarity = comparison.similarity
    shared = comparison.shared_terms(top=terms)
    steps.update()
    steps.set_description_str("report: distinctive terms")
    distinctive_terms = {}
    ids = [article.id for article in articles]
    if len(articles) > 1:
        # Every article's list in one pass (what distinctive_terms(id) gives for each).
        each = comparison._distinctive_terms_of_each(distinctive)
        for article_id, position in zip(ids, _positions(comparison.ids, ids), strict=True):
            term, z, count = each[position]
            distinctive_terms[article_id] = [
                {"term": str(t), "z": round(v, 3), "count": c}
                for t, v, c in zip(term.tolist(), z.tolist(), count.tolist(), strict=True)
            ]
        steps.update(len(ids))
    reuse: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    unique_facts: dict[str, list[str]] = {}
    if len(articles) > 1:
        steps.set_description_str("report: reuse")
        derived = comparison.sources()
        sources = [
            {
                "article": article,
                "source": _optional(source),
                "share": None if _optional(share) is None else round(float(share), 3),
                "evidence": _optional(evidence),
            }
            for article, source, share, evidence in zip(
                *_columns(derived, ["article", "source", "share", "evidence"]), strict=True
            )
        ]
        summary = comparison.reuse_summary()
        summary = summary[np.maximum(summary["share_of_copy"], summary["share_of_source"]) >= 0.2]
        # Column by column: a 1,000-article set has some 200,000 pairs, and a DataFrame's
        # records cost a second there.
        reuse = [
            {
                "source": source,
                "copy": copy,
                "share_of_copy": of_copy,
                "share_of_source": of_source,
                "verbatim": int(verbatim),
                "near_verbatim": int(near_verbatim),
                "paraphrase": int(paraphrase),
                "evidence": str(evidence),
            }
            for source, copy, of_copy, of_source, verbatim, near_verbatim, paraphrase, evidence in (
                zip(
                    summary["source"].tolist(),
                    summary["copy"].tolist(),
                    _rounded(summary["share_of_copy"]),
                    _rounded(summary["share_of_source"]),
                    *_columns(summary, ["verbatim", "near_verbatim", "paraphrase", "evidence"]),
                    strict=True,
                )
            )
        ]
        steps.update()
        steps.set_description_str("report: unique facts")
        # Every article's facts in one pass (what unique_facts(id) gives for each).
        facts_of = comparison._unique_facts_of_each(unique)
        for article_id, position in zip(ids, _positions(comparison.ids, ids), strict=True):
            unique_facts[article_id] = [str(text) for text in facts_of[position]]
        steps.update(len(ids))
    steps.set_description_str("report: digest")
    digest = comparison.digest(max_words=digest_words)
    steps.update()
    outliers: list[dict[Any, Any]] = comparison.outliers.to_dict(orient="records")
    chosen: list[dict[Any, Any]] = digest.sentences.to_dict(orient="records")
    return {
        "articles": rows,
        "outliers": [
            {
                "article": r["article"],
                "kind": r["kind"],
                "other": _optional(r["other"]),
                "score": round(float(r["score"]), 3),
            }
            for r in outliers
        ],
        "reuse": reuse,
        "sources": sources,
        "unique_facts": unique_facts,
        "digest": {
            "text": str(digest),
            "words": digest.words,
            "sentences": [
                {"article": r["article"], "sentence": int(r["sentence"]), "text": r["text"]}
                for r in chosen
            ],
        },
        "similarity": {
            "ids": list(similarity.index),
            # numpy rounds the whole matrix at once: a million round() calls took 1.5 s.
            "values": np.round(similarity.to_numpy(dtype=np.float64), 4).tolist(),
        },
        "shared_terms": [
            {"term": str(term), "articles": int(count)}
            for term, count in zip(shared["term"], shared["articles"], strict=True)
        ],
        "distinctive_terms": distinctive_terms,
        "stories": _stories(comparison),
        "short_articles": [
            {"article": str(record["article"]), "words": int(record["words"])}
            for record in comparison.short_articles.to_dict(orient="records")
        ],
    }


#: Bytes a pair of articles takes while a report is built: the similarity table (8), its
#: rounded copy (8) and that copy as a list of Python floats (32).
REPORT_BYTES_PER_PAIR = 48


def check_report_size(n_articles: int) -> None:
    """Raises :class:`~storylens.exceptions.ResourceLimitError` (a MemoryError) before any
    work when a report of ``n_articles`` would pass ``memory_limit``
    (:func:`storylens.set_config`), when one is set (without one, the similarity table's own
    cap applies). A report holds every pair of articles' similarity, so its size grows with
    the square of the articles.

    >>> import storylens
    >>> check_report_size(1_000)
    >>> with storylens.config_context(memory_limit="100MB"):
    ...     check_report_size(2_000)
    Traceback (most recent call last):
    ...
    storylens.exceptions.ResourceLimitError: a report of 2,000 articles needs about 192 MB, ...
    """
    check_budget(
        f"a report of {n_articles:,} articles",
        dense_bytes(n_articles, n_articles, itemsize=REPORT_BYTES_PER_PAIR),
        hint=(
            "make a report for each story: "
            "for part in articles.stories().sets(): build_report(part, part.compare())"
        ),
    )


def _stories(comparison: Comparison, terms: int = 6) -> dict[str, Any]:
    """The stories the set holds (see ``ArticleSet.stories``): ``several`` is True when at
    least two have three articles or more, and the report then offers the grouping."""
    found = comparison.stories()
    labels = found.labels
    return {
        "several": bool(found.several()),
        "groups": [
            {
                "story": story,
                "articles": [str(a) for a in labels.index[labels.to_numpy() == story]],
                "terms": [
                    str(term) for term in found.terms.loc[found.terms["story"] == story, "term"]
                ][:terms],
            }
            for story in range(len(found))
        ],
    }


def _columns(frame: pd.DataFrame, names: list[str]) -> list[list[Any]]:
    """The columns ``names`` of ``frame`` as lists of Python values (what its records hold)."""
    return [frame[name].tolist() for name in names]


def _rounded(values: pd.Series) -> list[float]:
    """``round(float(value), 3)`` of every value: Python's correctly rounded decimal rounding
    (numpy's differs in the last digit now and then), done once per distinct value, since
    shares of sentences repeat (200,000 pairs hold a few thousand)."""
    distinct, inverse = np.unique(values.to_numpy(dtype=np.float64), return_inverse=True)
    rounded = np.array([round(value, 3) for value in distinct.tolist()], dtype=np.float64)
    result: list[float] = rounded[inverse.reshape(-1)].tolist()
    return result


def _positions(compared: list[str], ids: list[str]) -> list[int]:
    """The position in the comparison (whose ids are ``compared``) of each of ``ids``: the
    first article with that id, as a lookup by id finds it."""
    first: dict[str, int] = {}
    for position, article_id in enumerate(compared):
        first.setdefault(article_id, position)
    missing = next((article_id for article_id in ids if article_id not in first), None)
    if missing is not None:
        raise KeyError(f"no article with id {missing!r}")
    return [first[article_id] for article_id in ids]


def _optional(value: Any) -> Any:
    """None for pandas' missing values (None, NaN), so JSON gets null."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value
