"""The article sets that ship with storylens (written for the package, not scraped).

**The sample** (:func:`load_sample`): seven outlets' versions of one fictional story (an
acid spill at a chemical works that cuts a city's tap water), as scraped pages with their
page furniture left in: an agency's wire copy, a verbatim syndication, three rewrites, a
piece of independent reporting that lifts quotes, and a later analysis. ``truth.json``
beside the articles records, line by line, what is junk, and sentence by sentence what was
taken or rewritten from where.

**The bridge set** (:func:`load_bridge`): six pages written for the tour notebook
(``examples/tour.ipynb``). Five cover one fictional story (a city shuts its suspension
bridge after inspectors find broken cable wires): an agency's wire copy, a verbatim
syndication of it, a local paper's rewrite with reporting of its own, a transport site's
follow-up that lifts a quote, and a later analysis. The sixth, a football report from
another town, is off the story.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from storylens.articles import ArticleSet

__all__ = ["bridge_path", "load_bridge", "load_sample", "load_sample_truth", "sample_path"]


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


def bridge_path() -> Path:
    """The folder of the bridge set: ``articles/*.txt`` and ``metadata.csv``.

    >>> sorted(p.name for p in bridge_path().iterdir())
    ['articles', 'metadata.csv']
    """
    return Path(str(resources.files(__package__).joinpath("bridge")))


def load_bridge() -> ArticleSet:
    """The bridge set as scraped (not yet cleaned), with outlet, date and url metadata: five
    versions of one story (wire copy, syndication, rewrite, follow-up, analysis) and one
    article off the story (``linfield-sport``).

    >>> articles = load_bridge()
    >>> len(articles), articles["northgate-wire"].outlet
    (6, 'Northgate Wire')
    >>> comparison = articles.clean().compare()
    >>> comparison.outliers[["article", "kind"]].to_numpy().tolist()
    [['tave-valley-news', 'duplicate'], ['linfield-sport', 'off-story']]
    """
    folder = bridge_path()
    return ArticleSet.from_folder(folder / "articles", metadata=folder / "metadata.csv")
