"""Comparing the articles of a set: similarity, shared and distinctive terms.

:class:`Comparison` vectorises a (cleaned) :class:`~storylens.ArticleSet` once, with the news
tokeniser, the set's stop words and stemmer and sublinear tf by default, and answers every
question about how the articles relate from those matrices.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from storylens import _core
from storylens.tokenizer import Tokenizer
from storylens.vectorizers import CountVectorizer, TfidfTransformer, TfidfVectorizer

if TYPE_CHECKING:
    from storylens.articles import ArticleSet

__all__ = ["Comparison"]

#: Strength of the informative Dirichlet prior of the log-odds (its total pseudo-count as a
#: multiple of the compared groups' mean size): Monroe et al. scale the background counts.
_PRIOR_SCALE = 1.0


def _background_texts(background: Any) -> list[str] | None:
    from storylens.articles import ArticleSet

    if background is None or isinstance(background, TfidfVectorizer):
        return None
    if isinstance(background, ArticleSet):
        return [article.text for article in background]
    if isinstance(background, (str, bytes)):
        raise TypeError("background must be an ArticleSet, a list of texts or a TfidfVectorizer")
    texts = list(background)
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"background[{position}] must be a str, got {type(text).__name__}")
    if not texts:
        raise ValueError("background holds no texts")
    return texts


def _log_odds_z(
    counts_a: np.ndarray[Any, Any], counts_b: np.ndarray[Any, Any], prior: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Monroe et al.'s log-odds ratio with an informative Dirichlet prior, and its z-score."""
    alpha_0 = prior.sum()
    n_a, n_b = counts_a.sum(), counts_b.sum()
    odds_a = (counts_a + prior) / (n_a + alpha_0 - counts_a - prior)
    odds_b = (counts_b + prior) / (n_b + alpha_0 - counts_b - prior)
    delta = np.log(odds_a) - np.log(odds_b)
    variance = 1.0 / (counts_a + prior) + 1.0 / (counts_b + prior)
    return delta, delta / np.sqrt(variance)


def _shade(value: float) -> str:
    """A white-to-blue background for a similarity in [0, 1]."""
    level = min(max(value, 0.0), 1.0)
    red, green = int(255 - 190 * level), int(255 - 120 * level)
    colour = "#fff" if level > 0.6 else "#000"
    return f"background:rgb({red},{green},255);color:{colour}"


def similarity_html(frame: pd.DataFrame) -> str:
    """A colour-scaled HTML table of a similarity DataFrame (no extra dependency)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for label, values in frame.iterrows():
        cells = "".join(
            f'<td style="{_shade(float(v))}">{float(v):.2f}</td>' for v in values.to_numpy()
        )
        rows.append(f"<tr><th>{html.escape(str(label))}</th>{cells}</tr>")
    return (
        '<table class="storylens-similarity"><thead><tr><th></th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


class Comparison:
    """How the articles of a set relate: similarity, shared and distinctive terms.

    Build it with :meth:`ArticleSet.compare`. The defaults suit news: the news tokeniser, the
    set language's stop words and stemmer, sublinear tf, and the IDF of the set itself, or of
    ``background`` (an ArticleSet, a list of texts or a fitted TfidfVectorizer), which gives
    a small set a real sense of which words are common.

    >>> from storylens.datasets import load_sample
    >>> comparison = load_sample().clean().compare()
    >>> bool(comparison.similarity.loc["wire", "valley-courier"] > 0.8)
    True
    """

    def __init__(
        self,
        articles: ArticleSet,
        *,
        tokenizer: Any = "news",
        stop_words: Any = "language",
        stem: str | bool | None = True,
        sublinear_tf: bool = True,
        ngram_range: tuple[int, int] = (1, 1),
        min_df: float | int = 1,
        max_df: float | int = 1.0,
        background: Any = None,
        n_jobs: int | None = None,
    ) -> None:
        from storylens.articles import ArticleSet

        if not isinstance(articles, ArticleSet):
            raise TypeError(f"articles must be an ArticleSet, got {type(articles).__name__}")
        if len(articles) == 0:
            raise ValueError("cannot compare an empty article set")
        self.articles = articles
        self.ids = articles.ids
        language = articles.language
        # The comparison's default stop list is the full stopwords-iso list of the language
        # (it drops reporting verbs such as "said"), not scikit-learn's shorter one.
        self.stop_words = (
            list(_core.stop_words(language)) if stop_words == "language" else stop_words
        )
        self.stem = language if stem is True else (None if stem is False else stem)
        self.n_jobs = n_jobs
        texts = [article.text for article in articles]
        #: The fitted background vectorizer, when ``background`` was one.
        self.vectorizer: TfidfVectorizer | None
        if isinstance(background, TfidfVectorizer):
            if not hasattr(background, "vocabulary_"):
                raise ValueError("background TfidfVectorizer is not fitted")
            self.vectorizer = background
            self.counter = CountVectorizer(
                **{
                    name: value
                    for name, value in background.get_params().items()
                    if name in CountVectorizer().get_params()
                }
            )
            self.counter.set_params(vocabulary=background.vocabulary_)
            self.counts = self.counter.fit_transform(texts)
            self.tfidf = background.transform(texts)
        else:
            self.counter = CountVectorizer(
                tokenizer=tokenizer,
                stop_words=self.stop_words,
                stem=self.stem,
                ngram_range=ngram_range,
                min_df=min_df,
                max_df=max_df,
                n_jobs=n_jobs,
            )
            extra = _background_texts(background)
            if extra is None:
                self.counts = self.counter.fit_transform(texts)
                reference = self.counts
            else:
                everything = self.counter.fit_transform(extra + texts)
                self.counts = everything[len(extra) :]
                reference = everything
            transformer = TfidfTransformer(sublinear_tf=sublinear_tf).fit(reference)
            self.tfidf = transformer.transform(self.counts)
            self.vectorizer = None
        self.counts = sp.csr_matrix(self.counts, dtype=np.float64)
        self.tfidf = sp.csr_matrix(self.tfidf, dtype=np.float64)
        self.terms = np.asarray(self.counter.get_feature_names_out(), dtype=object)
        self._background_counts = None
        if background is not None and not isinstance(background, TfidfVectorizer):
            self._background_counts = np.asarray(reference.sum(axis=0)).ravel()

    # -- display names of (stemmed) terms -----------------------------------------------

    @cached_property
    def _display(self) -> np.ndarray[Any, Any]:
        """Each feature's most frequent surface word in the set (stems are not words)."""
        if self.stem is None:
            return self.terms
        surface = Tokenizer(tokenizer="news", stop_words=self.stop_words, lowercase=True)
        stemmer = Tokenizer(tokenizer="news", stop_words=self.stop_words, stem=self.stem)
        texts = [article.text for article in self.articles]
        forms: dict[str, Counter[str]] = {}
        for words, stems in zip(surface.tokenize(texts), stemmer.tokenize(texts), strict=True):
            if len(words) != len(stems):
                continue
            for word, stem in zip(words, stems, strict=True):
                forms.setdefault(stem, Counter())[word] += 1
        display = np.empty(len(self.terms), dtype=object)
        for position, term in enumerate(self.terms):
            parts = str(term).split(" ")
            display[position] = " ".join(
                min(forms[part].items(), key=lambda item: (-item[1], item[0]))[0]
                if part in forms
                else part
                for part in parts
            )
        return display

    def _index_of(self, article: str | int) -> int:
        if isinstance(article, str):
            try:
                return self.ids.index(article)
            except ValueError:
                raise KeyError(f"no article with id {article!r}") from None
        if isinstance(article, (int, np.integer)) and not isinstance(article, bool):
            if not -len(self.ids) <= article < len(self.ids):
                raise IndexError(f"article position {article} out of range")
            return int(article) % len(self.ids)
        raise TypeError(f"an article is an id or a position, not {article!r}")

    # -- similarity ---------------------------------------------------------------------

    @cached_property
    def similarity(self) -> pd.DataFrame:
        """Pairwise cosine similarity of the articles' TF-IDF vectors, labelled by id.

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare().similarity.shape
        (7, 7)
        """
        rows = self.tfidf
        norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        unit = sp.diags(scale) @ rows
        matrix = (unit @ unit.T).toarray()
        np.fill_diagonal(matrix, np.where(norms > 0, 1.0, 0.0))
        return pd.DataFrame(matrix, index=pd.Index(self.ids, name="article"), columns=self.ids)

    # -- terms ----------------------------------------------------------------------------

    def shared_terms(self, top: int = 20, min_share: float = 1.0) -> pd.DataFrame:
        """The story's common core: terms found in at least ``min_share`` of the articles
        (all of them by default; if no term is, the threshold drops until some are),
        ranked by how many articles use them and how often.

        >>> from storylens.datasets import load_sample
        >>> "velmora" in set(load_sample().clean().compare().shared_terms()["term"])
        True
        """
        if not 0 < min_share <= 1:
            raise ValueError(f"min_share must be in (0, 1], got {min_share!r}")
        n = len(self.ids)
        presence = (self.counts > 0).astype(np.int64)
        document_frequency = np.asarray(presence.sum(axis=0)).ravel()
        totals = np.asarray(self.counts.sum(axis=0)).ravel()
        weights = np.asarray(self.tfidf.sum(axis=0)).ravel() / n
        needed = max(1, int(np.ceil(min_share * n - 1e-9)))
        while needed > 1 and not (document_frequency >= needed).any():
            needed -= 1
        chosen = np.flatnonzero(document_frequency >= needed)
        order = np.lexsort(
            (self.terms[chosen].astype(str), -totals[chosen], -document_frequency[chosen])
        )
        chosen = chosen[order][:top]
        return pd.DataFrame(
            {
                "term": self._display[chosen],
                "feature": self.terms[chosen],
                "articles": document_frequency[chosen],
                "share": document_frequency[chosen] / n,
                "count": totals[chosen].astype(np.int64),
                "weight": weights[chosen],
            }
        )

    def _group_counts(self, members: Sequence[int]) -> np.ndarray[Any, Any]:
        return np.asarray(self.counts[list(members)].sum(axis=0)).ravel()

    def _prior(self) -> np.ndarray[Any, Any]:
        base = (
            self._background_counts
            if self._background_counts is not None
            else np.asarray(self.counts.sum(axis=0)).ravel()
        )
        base = base + 0.01
        scale = float(self.counts.sum()) / max(len(self.ids), 1) * _PRIOR_SCALE
        prior: np.ndarray[Any, Any] = base / base.sum() * scale
        return prior

    def _log_odds_frame(
        self, counts_a: np.ndarray[Any, Any], counts_b: np.ndarray[Any, Any], top: int
    ) -> pd.DataFrame:
        delta, z = _log_odds_z(counts_a, counts_b, self._prior())
        present = np.flatnonzero(counts_a > 0)
        order = present[np.lexsort((self.terms[present].astype(str), -z[present]))][:top]
        return pd.DataFrame(
            {
                "term": self._display[order],
                "feature": self.terms[order],
                "z": z[order],
                "log_odds": delta[order],
                "count": counts_a[order].astype(np.int64),
                "count_other": counts_b[order].astype(np.int64),
            }
        )

    def _members(self, article_or_group: str | int | Iterable[str | int]) -> list[int]:
        if isinstance(article_or_group, (str, int, np.integer)):
            return [self._index_of(article_or_group)]
        members = sorted({self._index_of(item) for item in article_or_group})
        if not members:
            raise ValueError("the group is empty")
        return members

    def distinctive_terms(
        self, article_or_group: str | int | Iterable[str | int], top: int = 15
    ) -> pd.DataFrame:
        """The terms that set an article (or a group of articles) apart from the rest of the
        set: the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
        2008), ranked by z-score. ``z`` above about 1.96 is a notable difference.

        >>> from storylens.datasets import load_sample
        >>> comparison = load_sample().clean().compare()
        >>> list(comparison.distinctive_terms("rk-news").columns)
        ['term', 'feature', 'z', 'log_odds', 'count', 'count_other']
        """
        members = self._members(article_or_group)
        rest = [i for i in range(len(self.ids)) if i not in members]
        if not rest:
            raise ValueError("distinctive terms need at least one article outside the group")
        return self._log_odds_frame(self._group_counts(members), self._group_counts(rest), top)

    def compare_pair(self, a: str | int, b: str | int, top: int = 15) -> pd.DataFrame:
        """Terms that distinguish article ``a`` from article ``b`` (positive z: more typical
        of ``a``), with the same log-odds as :meth:`distinctive_terms`.

        >>> from storylens.datasets import load_sample
        >>> comparison = load_sample().clean().compare()
        >>> len(comparison.compare_pair("wire", "rk-news", top=5))
        5
        """
        first, second = self._index_of(a), self._index_of(b)
        if first == second:
            raise ValueError("compare_pair needs two different articles")
        return self._log_odds_frame(self._group_counts([first]), self._group_counts([second]), top)

    # -- display --------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"Comparison({len(self.ids)} articles, {len(self.terms)} terms)"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>" + similarity_html(self.similarity)
