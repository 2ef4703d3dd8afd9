"""The sample article set that ships with storylens (written for the package, not scraped).

Seven outlets' versions of one fictional story (an acid spill at a chemical works that cuts
a city's tap water), as scraped pages with their page furniture left in: an agency's wire
copy, a verbatim syndication, three rewrites, a piece of independent reporting that lifts
quotes, and a later analysis. ``truth.json`` beside the articles records, line by line, what
is junk, and sentence by sentence what was taken or rewritten from where.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from storylens.articles import ArticleSet

__all__ = ["load_sample", "load_sample_truth", "sample_path"]


def sample_path() -> Path:
    """The folder of the sample set: ``articles/*.txt``, ``metadata.csv`` and ``truth.json``.

    >>> sorted(p.name for p in sample_path().iterdir())
    ['articles', 'metadata.csv', 'truth.json']
    """
    return Path(str(resources.files(__package__).joinpath("sample")))


def load_sample() -> ArticleSet:
    """The sample set as scraped (not yet cleaned), with outlet, date and url metadata.

    >>> articles = load_sample()
    >>> len(articles), articles["wire"].outlet
    (7, 'Meridian Press')
    >>> articles.clean()["wire"].title
    'Acid spill at chemical plant cuts water to 140,000 in Velmora'
    """
    folder = sample_path()
    return ArticleSet.from_folder(folder / "articles", metadata=folder / "metadata.csv")


def load_sample_truth() -> dict[str, Any]:
    """The sample set's ground truth: per article the title, byline, date and the labels of
    its non-body lines (1-based line numbers); the planted reuse (sentence → source
    sentence, with its kind); each article's unique sentences; and the story's key terms.

    >>> truth = load_sample_truth()
    >>> sorted(truth)
    ['articles', 'key_terms', 'reuse', 'story', 'unique']
    """
    with (sample_path() / "truth.json").open(encoding="utf-8") as source:
        data: dict[str, Any] = json.load(source)
    return data
