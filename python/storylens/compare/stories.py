"""Stories: which articles of a set tell the same story.

A folder scraped for one story often holds several. :func:`find_stories` groups the articles
by a rule that is simple enough to be reproduced exactly at any size, on one machine or
spread over many:

1. **Vectors.** Each article's plain TF-IDF row, with the comparison's default settings (the
   news tokeniser, the full stop list of the set's language, stemming in that language,
   sublinear tf, smoothed IDF of the set itself, L2 norm) and nothing merged (no spelling
   variants): see :func:`plain_tfidf`.
2. **Neighbours.** Each article's ``k`` most similar other articles by cosine similarity
   (ties go to the lower article index; only articles that share a term are candidates), as
   :meth:`Comparison.nearest <storylens.Comparison.nearest>` computes them.
3. **Threshold from the data.** ``threshold = max(min_similarity, ratio * m)``, where ``m``
   is the median, over the articles that have a neighbour, of each one's best similarity
   (for an even count, the mean of the two middle values). Same-story articles are far
   more alike than articles of different stories, so the typical best match says what
   "alike" means in this set.
4. **Graph.** An undirected edge joins article ``i`` and ``j`` when ``j`` is among ``i``'s
   ``k`` neighbours (or ``i`` among ``j``'s) with a similarity of at least ``threshold``.
5. **Stories.** The connected components of that graph; an article without an edge is a
   story of its own. Stories are numbered by size, largest first (0 is the largest); stories
   of equal size are numbered by their first article's position in the set.

Every step is a function of the rows and their pairwise scores alone, so a version that
splits the set across machines gives the same labels, whatever the partitioning, provided
it computes the same IDF (over the whole set) and the same neighbour lists.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from storylens import _core
from storylens.articles import ArticleSet
from storylens.compare._vectorize import as_csr, display_names, language_stop_words
from storylens.compare.terms import left_out_terms
from storylens.exceptions import EmptyVocabularyError, InvalidParameterError
from storylens.feature_extraction import CountVectorizer, TfidfTransformer

__all__ = [
    "MIN_SIMILARITY",
    "NEIGHBOURS",
    "RATIO",
    "SEVERAL_STORIES_MIN_ARTICLES",
    "Stories",
    "find_stories",
    "plain_tfidf",
    "story_labels",
    "story_terms",
]

#: How many nearest neighbours each article links to.
NEIGHBOURS = 5
#: The threshold is this share of the set's median best similarity.
RATIO = 0.5
#: The threshold never falls below this similarity.
MIN_SIMILARITY = 0.05
#: ``compare()`` warns when at least two stories have at least this many articles.
SEVERAL_STORIES_MIN_ARTICLES = 3


class Stories:
    """The stories of an article set, as :meth:`ArticleSet.stories
    <storylens.ArticleSet.stories>` finds them.

    - ``labels``: a Series indexed by article id (named ``story``): 0 is the largest story,
      and stories of equal size are numbered by their first article's position.
    - ``terms``: each story's top terms by class-based TF-IDF, a DataFrame with columns
      ``story, rank, term, weight``.
    - ``threshold``: the similarity an edge needed, computed from the data; ``k``: the
      neighbours each article linked to.
    - :meth:`sets`: one ArticleSet per story, in label order; :meth:`sizes`: articles per
      story.

    >>> from storylens.datasets import load_sample
    >>> stories = load_sample().clean().stories()
    >>> len(stories), stories.labels.unique().tolist()
    (1, [0])
    """

    def __init__(
        self,
        articles: ArticleSet,
        labels: np.ndarray[Any, Any],
        terms: pd.DataFrame,
        threshold: float,
        k: int,
    ) -> None:
        self.articles = articles
        self.labels = pd.Series(
            np.asarray(labels, dtype=np.int64),
            index=pd.Index(articles.ids, name="article"),
            name="story",
        )
        self.terms = terms
        self.threshold = threshold
        self.k = k

    def __len__(self) -> int:
        return int(self.labels.max()) + 1 if len(self.labels) else 0

    def sizes(self) -> pd.Series:
        """The number of articles in each story, by label.

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().stories().sizes().tolist()
        [7]
        """
        counts = np.bincount(self.labels.to_numpy(), minlength=len(self))
        return pd.Series(counts, index=pd.RangeIndex(len(self), name="story"), name="articles")

    def several(self, min_articles: int = SEVERAL_STORIES_MIN_ARTICLES) -> bool:
        """Whether at least two stories have ``min_articles`` articles or more: then the set
        is a mix, and comparing it as one story misleads.

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().stories().several()
        False
        """
        return int((self.sizes() >= min_articles).sum()) >= 2

    def sets(self) -> list[ArticleSet]:
        """One ArticleSet per story, in label order (the largest first), each keeping its
        articles in the set's order.

        >>> from storylens.datasets import load_sample
        >>> [len(part) for part in load_sample().clean().stories().sets()]
        [7]
        """
        labels = self.labels.to_numpy()
        return [
            ArticleSet(
                [self.articles[int(i)] for i in np.flatnonzero(labels == story)],
                language=self.articles.language,
            )
            for story in range(len(self))
        ]

    def warning(self) -> str:
        """What ``compare()`` says when the set holds several stories (see :meth:`several`).

        >>> from storylens import ArticleSet
        >>> texts = ["Dockers strike at Corvale port.", "Corvale port dockers strike.",
        ...          "Dockers at Corvale port strike on.", "Measles in Brennock schools.",
        ...          "Brennock schools report measles.", "Measles spreads in Brennock schools."]
        >>> print(ArticleSet.from_texts(texts).stories().warning())
        this set holds 2 stories (3, 3 articles): results that treat it as one story
        mislead; compare each story on its own: for part in articles.stories().sets():
        part.compare()
        """
        sizes = ", ".join(str(size) for size in self.sizes().tolist())
        return (
            f"this set holds {len(self)} stor{'y' if len(self) == 1 else 'ies'} ({sizes} "
            "articles): results that treat it as one story mislead; compare each story on "
            "its own: for part in articles.stories().sets(): part.compare()"
        )

    def __repr__(self) -> str:
        sizes = ", ".join(str(size) for size in self.sizes().tolist())
        return f"Stories({len(self)} stories of {sizes} articles, threshold {self.threshold:.3f})"


def plain_tfidf(
    articles: ArticleSet, n_jobs: int | None = None
) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The set's plain TF-IDF, with the comparison's default settings and nothing merged:
    ``(counts, tfidf, features, display names)``.

    >>> from storylens import ArticleSet
    >>> counts, tfidf, features, names = plain_tfidf(
    ...     ArticleSet.from_texts(["Dockers strike.", "Dockers return."])
    ... )
    >>> tfidf.shape, list(names)
    ((2, 3), ['dockers', 'return', 'strike'])
    """
    language = articles.language
    stop_words = language_stop_words(language, "news")
    counter = CountVectorizer(tokenizer="news", stop_words=stop_words, stem=language, n_jobs=n_jobs)
    texts = [article.text for article in articles]
    try:
        counts = sp.csr_matrix(counter.fit_transform(texts), dtype=np.float64)
    except EmptyVocabularyError:
        # No article has a word beyond stop words (a comparison with a background can still
        # be made of such a set): no article shares anything, each is a story of its own.
        empty = sp.csr_matrix((len(texts), 0), dtype=np.float64)
        return empty, empty, np.empty(0, dtype=object), np.empty(0, dtype=object)
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    features = np.asarray(counter.get_feature_names_out(), dtype=object)
    names = display_names(texts, features, language, stop_words)
    return counts, sp.csr_matrix(tfidf, dtype=np.float64), features, names


def story_labels(
    tfidf: Any,
    *,
    k: int = NEIGHBOURS,
    ratio: float = RATIO,
    min_similarity: float = MIN_SIMILARITY,
    n_jobs: int | None = None,
) -> tuple[np.ndarray[Any, Any], float]:
    """The story of each row of ``tfidf`` by the rule in this module's docstring, and the
    threshold it used: ``(labels, threshold)``.

    >>> import scipy.sparse as sp
    >>> rows = sp.csr_matrix([[1.0, 1.0, 0, 0], [1.0, 0.9, 0, 0], [0, 0, 1.0, 1.0]])
    >>> labels, threshold = story_labels(rows)
    >>> labels.tolist()
    [0, 0, 1]
    """
    _check_options(k, ratio, min_similarity)
    n = tfidf.shape[0]
    if n <= 1:
        return np.zeros(n, dtype=np.int64), float(min_similarity)
    k = min(int(k), n - 1)
    neighbours, scores = _core.top_k_cosine(as_csr(tfidf), k, True, n_jobs)
    valid = neighbours >= 0
    best = scores[valid[:, 0], 0]
    typical = float(np.median(best)) if len(best) else 0.0
    threshold = max(float(min_similarity), float(ratio) * typical)
    linked = valid & (np.nan_to_num(scores, nan=-1.0) >= threshold)
    rows, ranks = np.nonzero(linked)
    graph = sp.csr_matrix(
        (np.ones(len(rows)), (rows, neighbours[rows, ranks])), shape=(n, n), dtype=np.float64
    )
    _, components = connected_components(graph, directed=True, connection="weak")
    return _numbered_by_size(components), threshold


def find_stories(
    articles: ArticleSet,
    *,
    k: int = NEIGHBOURS,
    ratio: float = RATIO,
    min_similarity: float = MIN_SIMILARITY,
    top: int = 10,
    n_jobs: int | None = None,
) -> Stories:
    """Group ``articles`` into stories (the rule is in this module's docstring). ``k``:
    neighbours per article; ``ratio`` and ``min_similarity``: the threshold; ``top``: terms
    per story; ``n_jobs``: threads (the result never depends on it).

    >>> from storylens import ArticleSet
    >>> texts = [
    ...     "Dock workers at the port of Corvale walked out over automated cranes.",
    ...     "The Corvale port strike over automated cranes stopped the dock workers.",
    ...     "Measles cases rise in Brennock as parents queue for vaccines.",
    ...     "Brennock measles outbreak: vaccine clinic opens for parents.",
    ... ]
    >>> find_stories(ArticleSet.from_texts(texts)).labels.tolist()
    [0, 0, 1, 1]
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InvalidParameterError(f"top must be a positive int, got {top!r}")
    counts, tfidf, features, names = plain_tfidf(articles, n_jobs)
    labels, threshold = story_labels(
        tfidf, k=k, ratio=ratio, min_similarity=min_similarity, n_jobs=n_jobs
    )
    # Times, dates, bare numbers and reporting verbs are no story's subject (as in every
    # term list of a comparison).
    left_out = left_out_terms(names, articles.language)
    terms = story_terms(counts, features, names, labels, top, n_jobs, exclude=left_out)
    return Stories(articles, labels, terms, threshold, min(int(k), max(len(articles) - 1, 1)))


def story_terms(
    counts: Any,
    features: np.ndarray[Any, Any],
    names: np.ndarray[Any, Any],
    labels: np.ndarray[Any, Any],
    top: int,
    n_jobs: int | None,
    exclude: np.ndarray[Any, Any] | None = None,
) -> pd.DataFrame:
    """Each story's ``top`` terms by class-based TF-IDF (a story's articles count as one
    document; ties go to the term that sorts first): ``story, rank, term, weight``;
    ``exclude`` marks the terms left out.

    >>> import numpy as np, scipy.sparse as sp
    >>> counts = sp.csr_matrix([[2.0, 0.0], [0.0, 3.0]])
    >>> names = np.array(["crane", "measles"], dtype=object)
    >>> story_terms(counts, names, names, np.array([0, 1]), 1, None)["term"].tolist()
    ['crane', 'measles']
    """
    n_stories = int(labels.max()) + 1 if len(labels) else 0
    columns = ["story", "rank", "term", "weight"]
    if n_stories == 0 or counts.shape[1] == 0:
        return pd.DataFrame(columns=columns)
    weights = _core.class_tfidf(
        as_csr(counts), np.asarray(labels, dtype=np.int64), n_stories, n_jobs
    )
    rows = []
    for story in range(n_stories):
        row = weights[story]
        keep = row > 0
        if exclude is not None:
            keep &= ~exclude
        present = np.flatnonzero(keep)
        order = present[np.lexsort((features[present].astype(str), -row[present]))][:top]
        rows += [
            {"story": story, "rank": rank, "term": names[term], "weight": float(row[term])}
            for rank, term in enumerate(order, start=1)
        ]
    return pd.DataFrame(rows, columns=columns)


def _numbered_by_size(components: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Component ids renumbered: the largest is 0, equal sizes by their first member."""
    ids, first, sizes = np.unique(components, return_index=True, return_counts=True)
    order = np.lexsort((first, -sizes))
    renumber = np.empty(len(ids), dtype=np.int64)
    renumber[order] = np.arange(len(ids), dtype=np.int64)
    return renumber[np.searchsorted(ids, components)]


def _check_options(k: Any, ratio: Any, min_similarity: Any) -> None:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameterError(f"k must be a positive int, got {k!r}")
    for name, value in (("ratio", ratio), ("min_similarity", min_similarity)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidParameterError(f"{name} must be a number, got {value!r}")
        if not 0.0 <= float(value) <= 1.0:
            raise InvalidParameterError(f"{name} must be between 0 and 1, got {value!r}")
