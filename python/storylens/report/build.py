"""The story report's content: one summary of a cleaned article set and its comparison, as
plain data (JSON-ready), which :mod:`storylens.report.text` and :mod:`storylens.report.html`
render."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np
import pandas as pd

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
    if len(articles) > 1:
        for article in articles:
            steps.update()
            frame = comparison.distinctive_terms(article.id, top=distinctive)
            distinctive_terms[article.id] = [
                {"term": str(term), "z": round(float(z), 3), "count": int(count)}
                for term, z, count in zip(frame["term"], frame["z"], frame["count"], strict=True)
            ]
    reuse: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    unique_facts: dict[str, list[str]] = {}
    if len(articles) > 1:
        steps.set_description_str("report: reuse")
        derived: list[dict[Any, Any]] = comparison.sources().to_dict(orient="records")
        sources = [
            {
                "article": record["article"],
                "source": _optional(record["source"]),
                "share": (
                    None if _optional(record["share"]) is None else round(float(record["share"]), 3)
                ),
                "evidence": _optional(record["evidence"]),
            }
            for record in derived
        ]
        summary = comparison.reuse_summary()
        summary = summary[np.maximum(summary["share_of_copy"], summary["share_of_source"]) >= 0.2]
        records: list[dict[Any, Any]] = summary.to_dict(orient="records")
        reuse = [
            {
                "source": record["source"],
                "copy": record["copy"],
                "share_of_copy": round(float(record["share_of_copy"]), 3),
                "share_of_source": round(float(record["share_of_source"]), 3),
                "verbatim": int(record["verbatim"]),
                "near_verbatim": int(record["near_verbatim"]),
                "paraphrase": int(record["paraphrase"]),
                "evidence": str(record["evidence"]),
            }
            for record in records
        ]
        steps.update()
        steps.set_description_str("report: unique facts")
        for article in articles:
            steps.update()
            facts = comparison.unique_facts(article.id, top=unique)
            unique_facts[article.id] = [str(text) for text in facts["text"]]
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


def _optional(value: Any) -> Any:
    """None for pandas' missing values (None, NaN), so JSON gets null."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value
