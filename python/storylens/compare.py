"""Comparing the articles of a set: similarity, shared and distinctive terms.

:class:`Comparison` vectorises a (cleaned) :class:`~storylens.ArticleSet` once, with the news
tokeniser, the set's stop words and stemmer and sublinear tf by default, and answers every
question about how the articles relate from those matrices.
"""

from __future__ import annotations

import datetime as _dt
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from storylens import _core
from storylens.digest import Digest
from storylens.reuse import KINDS, ReuseMap, reuse_frame
from storylens.tokenizer import Tokenizer
from storylens.topics import Topics
from storylens.vectorizers import CountVectorizer, TfidfTransformer, TfidfVectorizer

if TYPE_CHECKING:
    from storylens.articles import ArticleSet

__all__ = ["Comparison"]

#: Strength of the informative Dirichlet prior of the log-odds (its total pseudo-count as a
#: multiple of the compared groups' mean size): Monroe et al. scale the background counts.
_PRIOR_SCALE = 1.0
# Likely sources (see Comparison.reuse_summary): with equal or missing dates, a copy is
# covered by its source at least this much more than the source by the copy ...
CONTAINMENT_MARGIN = 0.15
# ... or, failing that, the source supplies the rest of the set at least 1.5 times as much
# (summed shares) and by at least 0.3 of an article more.
REACH_MARGIN = 1.5
REACH_MINIMUM = 0.3
# Sorts undated articles after dated ones.
_NO_DATE = _dt.date.max


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


def _language_stop_words(language: str, tokenizer: Any) -> list[str] | None:
    """The full stopwords-iso list of ``language`` (None for a language without one), less
    the words ``tokenizer`` never yields whole ("quelqu'un" under scikit-learn's pattern):
    those can never match a token, and scikit-learn's consistency check would warn of them.
    """
    try:
        words = list(_core.stop_words(language))
    except ValueError:
        return None
    tokenized = Tokenizer(tokenizer=tokenizer).tokenize(words)
    return [word for word, tokens in zip(words, tokenized, strict=True) if tokens == [word]]


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
            _language_stop_words(language, tokenizer) if stop_words == "language" else stop_words
        )
        self.stem = language if stem is True else (None if stem is False else stem)
        self.n_jobs = n_jobs
        texts = [article.text for article in articles]
        #: The fitted background vectorizer, when ``background`` was one.
        self.vectorizer: TfidfVectorizer | None
        self._transformer: TfidfTransformer | None
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
            self._transformer = None
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
            self._transformer = TfidfTransformer(sublinear_tf=sublinear_tf).fit(reference)
            self.tfidf = self._transformer.transform(self.counts)
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
        delta, z = _core.log_odds_z(counts_a, counts_b, self._prior())
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

    def _weigh(self, texts: list[str]) -> sp.csr_matrix:
        """TF-IDF rows of further texts (sentences) in the comparison's term space."""
        if self.vectorizer is not None:
            return sp.csr_matrix(self.vectorizer.transform(texts), dtype=np.float64)
        assert self._transformer is not None
        counts = self.counter.transform(texts)
        return sp.csr_matrix(self._transformer.transform(counts), dtype=np.float64)

    @staticmethod
    def _csr_parts(matrix: sp.csr_matrix) -> tuple[Any, Any, Any, int]:
        matrix = sp.csr_matrix(matrix, dtype=np.float64)
        matrix.sort_indices()
        return matrix.data, matrix.indices, matrix.indptr, matrix.shape[1]

    # -- neighbours and outliers ----------------------------------------------------------

    def nearest(self, k: int = 5) -> pd.DataFrame:
        """Each article's ``k`` most similar articles: one row per (article, rank) with
        ``neighbour`` and ``score``, computed as a sparse top-k in the core (no N-by-N matrix,
        so it scales to 100,000 articles). Articles sharing no term with any other have
        fewer rows.

        >>> from storylens.datasets import load_sample
        >>> nearest = load_sample().clean().compare().nearest(2)
        >>> list(nearest.columns), len(nearest)
        (['article', 'rank', 'neighbour', 'score'], 14)
        """
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"k must be a positive int, got {k!r}")
        k = min(int(k), max(len(self.ids) - 1, 1))
        neighbours, scores = _core.top_k_cosine(*self._csr_parts(self.tfidf), k, True, self.n_jobs)
        valid = neighbours >= 0
        rows, ranks = np.nonzero(valid)
        ids = np.asarray(self.ids, dtype=object)
        return pd.DataFrame(
            {
                "article": ids[rows],
                "rank": ranks + 1,
                "neighbour": ids[neighbours[valid]],
                "score": scores[valid],
            }
        )

    @cached_property
    def outliers(self) -> pd.DataFrame:
        """Articles that are empty after cleaning, that duplicate another article (cosine
        similarity at least 0.85; the later-dated, else the shorter one is flagged), or that are off
        the story (their best similarity to any other article is under a third of the set's
        typical best, and under 0.15). One row per finding: ``article``, ``kind``, ``other``
        (the duplicated article) and ``score``.

        >>> from storylens.datasets import load_sample
        >>> outliers = load_sample().clean().compare().outliers
        >>> outliers[["article", "kind", "other"]].values.tolist()
        [['valley-courier', 'duplicate', 'wire']]
        """
        rows: list[dict[str, Any]] = []
        articles = list(self.articles)
        empty = {i for i, article in enumerate(articles) if not article.text.strip()}
        for i in sorted(empty):
            rows.append({"article": self.ids[i], "kind": "empty", "other": None, "score": 0.0})
        nearest = self.nearest(min(5, max(len(self.ids) - 1, 1))) if len(self.ids) > 1 else None
        best: dict[str, float] = {article_id: 0.0 for article_id in self.ids}
        if nearest is not None:
            first = nearest[nearest["rank"] == 1]
            best.update(zip(first["article"], first["score"].astype(float), strict=True))
            flagged: set[str] = set()
            for article_id, neighbour, score in zip(
                nearest["article"].tolist(),
                nearest["neighbour"].tolist(),
                nearest["score"].tolist(),
                strict=True,
            ):
                if score < 0.85 or article_id in flagged:
                    continue
                a, b = self.ids.index(article_id), self.ids.index(neighbour)
                if not self._is_later(a, b):
                    continue
                flagged.add(article_id)
                rows.append(
                    {"article": article_id, "kind": "duplicate", "other": neighbour, "score": score}
                )
        candidates = [i for i in range(len(self.ids)) if i not in empty]
        if len(candidates) >= 3:
            typical = float(np.median([best[self.ids[i]] for i in candidates]))
            for i in candidates:
                score = best[self.ids[i]]
                if score < typical / 3 and score < 0.15:
                    rows.append(
                        {"article": self.ids[i], "kind": "off-story", "other": None, "score": score}
                    )
        return pd.DataFrame(rows, columns=["article", "kind", "other", "score"])

    def _is_later(self, a: int, b: int) -> bool:
        """Whether article ``a`` is the copy of the two: the later-dated one; with equal or
        missing dates the shorter one (copies are trimmed more often than extended); else
        the later-listed one."""
        date_a, date_b = self.articles[a].date, self.articles[b].date
        if date_a is not None and date_b is not None and date_a != date_b:
            return bool(date_a > date_b)
        words_a, words_b = self.articles[a].words_kept, self.articles[b].words_kept
        if words_a != words_b:
            return words_a < words_b
        return a > b

    # -- groups and topics ----------------------------------------------------------------

    def _group_labels(self, by: Any) -> list[Any]:
        if isinstance(by, str):
            labels = []
            for article in self.articles:
                value = getattr(article, by, None) if by != "metadata" else None
                if value is None:
                    value = article.metadata.get(by)
                if value is None:
                    raise ValueError(f"article {article.id!r} has no {by!r} to group by")
                labels.append(value)
            return labels
        if isinstance(by, dict):
            missing = [i for i in self.ids if i not in by]
            if missing:
                raise ValueError(f"no group for article(s) {missing[:5]}")
            return [by[i] for i in self.ids]
        labels = list(by)
        if len(labels) != len(self.ids):
            raise ValueError(f"{len(labels)} group labels for {len(self.ids)} articles")
        return labels

    def group_terms(self, by: Any = "outlet", top: int = 10) -> pd.DataFrame:
        """Each group's top terms by class-based TF-IDF (as BERTopic): the articles of a
        group count as one document. ``by`` is an article attribute or metadata key
        (``"outlet"``), a dict from id to label, or one label per article. One row per
        (group, rank): ``group``, ``rank``, ``term``, ``weight``, ``articles``.

        >>> from storylens.datasets import load_sample
        >>> frame = load_sample().clean().compare().group_terms(["a", "a", "b", "b", "b", "c", "c"])
        >>> sorted(frame["group"].unique())
        ['a', 'b', 'c']
        """
        labels = self._group_labels(by)
        groups = list(dict.fromkeys(labels))
        codes = np.asarray([groups.index(label) for label in labels], dtype=np.int64)
        weights = _core.class_tfidf(*self._csr_parts(self.counts), codes, len(groups), self.n_jobs)
        rows = []
        sizes = np.bincount(codes, minlength=len(groups))
        for code, group in enumerate(groups):
            row = weights[code]
            present = np.flatnonzero(row > 0)
            order = present[np.lexsort((self.terms[present].astype(str), -row[present]))][:top]
            for rank, term in enumerate(order, start=1):
                rows.append(
                    {
                        "group": group,
                        "rank": rank,
                        "term": self._display[term],
                        "weight": float(row[term]),
                        "articles": int(sizes[code]),
                    }
                )
        return pd.DataFrame(rows, columns=["group", "rank", "term", "weight", "articles"])

    def topics(
        self,
        k: int,
        *,
        top: int = 10,
        init: str = "nndsvd",
        max_iter: int = 200,
        tol: float = 1e-4,
        random_state: int = 0,
    ) -> Topics:
        """A ``k``-topic NMF of the articles' TF-IDF matrix, fitted in the core (scikit-
        learn's coordinate-descent solver, NNDSVD initialisation; seeded, deterministic).

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare().topics(2, top=3).terms["topic"].tolist()
        [0, 0, 0, 1, 1, 1]
        """
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"k must be a positive int, got {k!r}")
        w, h, n_iter, error = _core.nmf(
            *self._csr_parts(self.tfidf),
            int(k),
            init,
            max_iter,
            tol,
            random_state,
            self.n_jobs,
        )
        rows = []
        for topic in range(h.shape[0]):
            weights = h[topic]
            present = np.flatnonzero(weights > 0)
            order = present[np.lexsort((self.terms[present].astype(str), -weights[present]))]
            for rank, term in enumerate(order[:top], start=1):
                rows.append(
                    {
                        "topic": topic,
                        "rank": rank,
                        "term": self._display[term],
                        "weight": float(weights[term]),
                    }
                )
        totals = w.sum(axis=1, keepdims=True)
        shares = np.divide(w, totals, out=np.zeros_like(w), where=totals > 0)
        mixture = pd.DataFrame(
            shares,
            index=pd.Index(self.ids, name="article"),
            columns=[f"topic_{t}" for t in range(w.shape[1])],
        )
        return Topics(
            terms=pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"]),
            mixture=mixture,
            w=w,
            h=h,
            reconstruction_err=float(error),
            n_iter=int(n_iter),
        )

    # -- sentences: reuse, digest, unique facts -------------------------------------------

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """Every sentence of every article: ``article``, ``article_index``, ``sentence``
        (index in the article), ``position`` (0 to 1 through the article), ``words`` and
        ``text``.

        >>> from storylens.datasets import load_sample
        >>> frame = load_sample().clean().compare().sentences
        >>> frame.groupby("article", sort=False).size().index[0]
        'continental-review'
        """
        rows = []
        for index, article in enumerate(self.articles):
            found = article.sentences
            for number, sentence in enumerate(found):
                rows.append(
                    {
                        "article": article.id,
                        "article_index": index,
                        "sentence": number,
                        "position": number / max(len(found) - 1, 1),
                        "text": sentence.text,
                    }
                )
        frame = pd.DataFrame(
            rows, columns=["article", "article_index", "sentence", "position", "text"]
        )
        frame.insert(4, "words", _core.count_words(frame["text"].tolist()))
        return frame

    @cached_property
    def _sentence_tfidf(self) -> sp.csr_matrix:
        return self._weigh(self.sentences["text"].tolist())

    @cached_property
    def _reuse_rows(self) -> dict[str, Any]:
        sentences = self.sentences
        article_of = sentences["article_index"].to_numpy(dtype=np.int64)
        surface = Tokenizer(tokenizer="news").tokenize(sentences["text"].tolist())
        offsets, hashes = _core.sentence_shingles(surface, 3)
        rows: dict[str, Any] = _core.align_sentences(
            article_of,
            offsets,
            hashes,
            *self._csr_parts(self._sentence_tfidf),
            n_articles=len(self.ids),
            n_jobs=self.n_jobs,
        )
        return rows

    def reuse(self, kinds: Iterable[str] | None = None) -> ReuseMap:
        """The reuse map: every sentence's best match in each other article, with a TF-IDF
        cosine ``score`` and a ``kind`` (verbatim, near-verbatim, paraphrase or unique).
        Shingled hashing finds copied wording fast; TF-IDF cosine catches paraphrase.
        ``kinds`` keeps only the rows of those kinds, e.g. ``("verbatim", "near-verbatim",
        "paraphrase")`` for what was reused (a large set has one row per sentence and other
        article, mostly unique).

        >>> from storylens.datasets import load_sample
        >>> reuse = load_sample().clean().compare().reuse()
        >>> copied = reuse[(reuse["article"] == "valley-courier") & (reuse["other"] == "wire")]
        >>> bool((copied["kind"] == "verbatim").mean() > 0.8)
        True
        >>> sorted(set(load_sample().clean().compare().reuse(kinds=["verbatim"])["kind"]))
        ['verbatim']
        """
        return reuse_frame(self.sentences, self._reuse_rows, self.ids, kinds)

    def reuse_summary(self, min_share: float = 0.2) -> pd.DataFrame:
        """Article-level reuse: for each ordered pair (article, other), the share of the
        article's sentences whose best match in ``other`` is reused (verbatim, near-verbatim
        or paraphrase), the counts by kind, and, where the articles carry dates and the
        share reaches ``min_share``, the ``likely_source`` (``evidence`` says which rule
        decided): the earlier-dated article (``"date"``); with equal or missing dates, the
        one the other copies more fully (``"containment"``: a copy is covered by its source
        more than the source by the copy); failing that, the one the rest of the set draws
        on far more (``"reach"``: a wire story is reused by most of the set, a rewrite of it
        by few). Pairs that no rule settles have no likely source.

        >>> from storylens.datasets import load_sample
        >>> summary = load_sample().clean().compare().reuse_summary()
        >>> row = summary[(summary["article"] == "valley-courier") & (summary["other"] == "wire")]
        >>> row["likely_source"].item()
        'wire'
        """
        n = len(self.ids)
        rows = self._reuse_rows
        article_of = self.sentences["article_index"].to_numpy(dtype=np.int64)
        pair = article_of[rows["sentence"]] * n + np.asarray(rows["other_article"], dtype=np.int64)
        counts = np.bincount(
            pair * len(KINDS) + np.asarray(rows["kind"], dtype=np.int64),
            minlength=n * n * len(KINDS),
        ).reshape(n, n, len(KINDS))
        source, evidence = self._likely_sources(min_share)
        # Every ordered pair of distinct articles, article-major as in self.ids.
        a, b = np.nonzero(~np.eye(n, dtype=bool))
        ids = np.asarray(self.ids, dtype=object)
        return pd.DataFrame(
            {
                "article": ids[a],
                "other": ids[b],
                "share": self._reuse_shares[a, b],
                "verbatim": counts[a, b, KINDS.index("verbatim")],
                "near_verbatim": counts[a, b, KINDS.index("near-verbatim")],
                "paraphrase": counts[a, b, KINDS.index("paraphrase")],
                "likely_source": np.where(source[a, b] >= 0, ids[source[a, b]], None),
                "evidence": evidence[a, b],
            }
        )

    @cached_property
    def _reuse_shares(self) -> np.ndarray[Any, Any]:
        """``shares[a, b]``: the share of article a's sentences whose best match in b is
        reused."""
        article_of = self.sentences["article_index"].to_numpy(dtype=np.int64)
        shares: np.ndarray[Any, Any] = _core.reuse_shares(
            self._reuse_rows, article_of, len(self.ids)
        )
        return shares

    def _likely_sources(
        self, min_share: float
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """For every ordered pair (a, b), the index of the likely source (-1 for none) and
        the rule that decided it (see :meth:`reuse_summary` for the rules)."""
        n = len(self.ids)
        share = self._reuse_shares
        back = share.T
        dates = [article.date for article in self.articles]
        day = np.array([d.toordinal() if d is not None else -1 for d in dates], dtype=np.int64)
        a_index = np.repeat(np.arange(n), n).reshape(n, n)
        b_index = a_index.T
        # Reach: how much of the rest of the set each one supplies, counted over the
        # articles that draw on it at all (min_share), leaving the pair itself out.
        supplies = np.where(share >= min_share, share, 0.0)
        np.fill_diagonal(supplies, 0.0)
        reach = supplies.sum(axis=0)
        reach_a = reach[a_index] - supplies[b_index, a_index]
        reach_b = reach[b_index] - supplies[a_index, b_index]
        rules = [
            ("date", (day[a_index] >= 0) & (day[b_index] >= 0) & (day[a_index] != day[b_index])),
            ("containment", np.abs(share - back) >= CONTAINMENT_MARGIN),
            (
                "reach",
                (reach_b >= REACH_MARGIN * reach_a + REACH_MINIMUM)
                | (reach_a >= REACH_MARGIN * reach_b + REACH_MINIMUM),
            ),
        ]
        b_wins = {
            "date": day[b_index] < day[a_index],
            "containment": share > back,
            "reach": reach_b > reach_a,
        }
        source = np.full((n, n), -1, dtype=np.int64)
        evidence = np.full((n, n), None, dtype=object)
        undecided = (share >= min_share) & (a_index != b_index)
        for name, applies in rules:
            decided = undecided & applies
            source[decided] = np.where(b_wins[name], b_index, a_index)[decided]
            evidence[decided] = name
            undecided &= ~applies
        return source, evidence

    def sources(self, min_share: float = 0.2) -> pd.DataFrame:
        """Who rewrote whom: for each article, the article it most likely draws on (the
        likely source, in :meth:`reuse_summary`, that covers the largest share of its
        sentences), with that ``share`` and the ``evidence``; ``source`` is missing for an
        article that draws on no other (an original, or one whose source is not in the set).

        >>> from storylens.datasets import load_sample
        >>> sources = load_sample().clean().compare().sources().set_index("article")
        >>> sources.loc["newsbeat24", "source"], bool(pd.isna(sources.loc["wire", "source"]))
        ('wire', True)
        """
        n = len(self.ids)
        source, evidence = self._likely_sources(min_share)
        share = self._reuse_shares
        # Candidates for a: the b that are a's likely source. The largest share wins; ties go
        # to the earlier-dated, then the earlier listed.
        day = np.array(
            [(article.date or _NO_DATE).toordinal() for article in self.articles], dtype=np.int64
        )
        rows = []
        for a, article_id in enumerate(self.ids):
            candidates = np.flatnonzero(source[a] == np.arange(n))
            if len(candidates) == 0:
                rows.append(
                    {"article": article_id, "source": None, "share": np.nan, "evidence": None}
                )
                continue
            best = candidates[np.lexsort((candidates, day[candidates], -share[a, candidates]))[0]]
            rows.append(
                {
                    "article": article_id,
                    "source": self.ids[best],
                    "share": float(share[a, best]),
                    "evidence": evidence[a, best],
                }
            )
        return pd.DataFrame(rows, columns=["article", "source", "share", "evidence"])

    def digest(self, max_words: int = 150) -> Digest:
        """An extractive summary of the story within ``max_words`` words: the sentences
        closest to the set's centroid and most central in the sentence graph (LexRank),
        picked by MMR so that no two say the same, in reading order.

        >>> from storylens.datasets import load_sample
        >>> digest = load_sample().clean().compare().digest(max_words=60)
        >>> 0 < digest.words <= 60
        True
        """
        if isinstance(max_words, bool) or not isinstance(max_words, (int, np.integer)):
            raise TypeError(f"max_words must be an int, got {max_words!r}")
        if max_words < 1:
            raise ValueError(f"max_words must be positive, got {max_words}")
        sentences = self.sentences
        # A sentence that starts in the middle of a word ("he tank at the plant split ...",
        # a drop cap lost in scraping) reads as a mistake in a summary: it is left out while
        # whole sentences remain.
        whole = ~sentences["text"].map(starts_mid_word).to_numpy(dtype=bool)
        if not whole.any():
            whole[:] = True
        candidates = np.flatnonzero(whole)
        chosen = _core.select_digest(
            *self._csr_parts(sp.csr_matrix(self._sentence_tfidf[candidates])),
            sentences["words"].to_numpy(dtype=np.int64)[candidates],
            sentences["article_index"].to_numpy(dtype=np.int64)[candidates],
            sentences["sentence"].to_numpy(dtype=np.int64)[candidates],
            int(max_words),
            n_jobs=self.n_jobs,
        )
        picked = sentences.iloc[candidates[chosen]]
        frame = picked[["article", "sentence", "position", "words", "text"]].reset_index(drop=True)
        return Digest(sentences=frame, max_words=int(max_words))

    def unique_facts(self, article: str | int, top: int | None = None) -> pd.DataFrame:
        """The sentences only ``article`` reports (no verbatim, near-verbatim or paraphrase
        match in any other article), most relevant to the story first.

        >>> from storylens.datasets import load_sample
        >>> facts = load_sample().clean().compare().unique_facts("rk-news")
        >>> list(facts.columns)
        ['article', 'sentence', 'text']
        """
        index = self._index_of(article)
        sentences = self.sentences
        unique = self._unique_sentences
        chosen = unique[sentences["article_index"].to_numpy(dtype=np.int64)[unique] == index]
        picked: pd.DataFrame = sentences.iloc[chosen[:top] if top is not None else chosen]
        return picked[["article", "sentence", "text"]].reset_index(drop=True)

    @cached_property
    def _unique_sentences(self) -> np.ndarray[Any, Any]:
        """Every article's unique sentences, by article, most relevant first: computed once
        for the set, since a report asks for every article in turn."""
        unique: np.ndarray[Any, Any] = _core.unique_sentences(
            self._reuse_rows,
            self.sentences["article_index"].to_numpy(dtype=np.int64),
            None,
            *self._csr_parts(self._sentence_tfidf),
            n_articles=len(self.ids),
            n_jobs=self.n_jobs,
        )
        return unique

    # -- plots and reports ----------------------------------------------------------------

    def plot_similarity(self, ax: Any = None) -> Any:
        """The similarity table as a heat map (needs matplotlib); returns the Axes.

        >>> import matplotlib; matplotlib.use("Agg")
        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare().plot_similarity().get_title()
        'Similarity'
        """
        from storylens.plots import plot_similarity

        return plot_similarity(self.similarity, ax=ax)

    def plot_terms(self, article: str | int | None = None, top: int = 15, ax: Any = None) -> Any:
        """A bar chart of an article's distinctive terms (z-scores), or of the shared terms
        (their counts) when ``article`` is None (needs matplotlib); returns the Axes.

        >>> import matplotlib; matplotlib.use("Agg")
        >>> from storylens.datasets import load_sample
        >>> len(load_sample().clean().compare().plot_terms("wire", top=5).patches)
        5
        """
        from storylens.plots import plot_terms

        if article is None:
            return plot_terms(self.shared_terms(top=top), "count", "Shared terms", ax=ax)
        frame = self.distinctive_terms(article, top=top)
        return plot_terms(frame, "z", f"Distinctive terms of {article}", ax=ax)

    def to_html(self, path: Any = None, *, max_words: int = 150) -> str:
        """One self-contained HTML report (articles, similarity, shared and distinctive
        terms, the reuse summary and the digest); written to ``path`` when given, and
        returned.

        >>> from storylens.datasets import load_sample
        >>> "<h2>Digest</h2>" in load_sample().clean().compare().to_html()
        True
        """
        from pathlib import Path

        from storylens.report import build_report, report_html

        page = report_html(build_report(self.articles, self, digest_words=max_words))
        if path is not None:
            Path(path).write_text(page, encoding="utf-8")
        return page

    # -- display --------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"Comparison({len(self.ids)} articles, {len(self.terms)} terms)"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>" + similarity_html(self.similarity)


def starts_mid_word(text: str) -> bool:
    """Whether a sentence starts with a word cut at its front: its first word, after any
    quotes or brackets, is all lower-case letters (``"he tank split"``), where a sentence
    normally opens with a capital, a digit or a mixed-case name such as ``iPhone``.

    >>> starts_mid_word("he tank at the plant split."), starts_mid_word("The tank split.")
    (True, False)
    >>> starts_mid_word("iPhone sales fell."), starts_mid_word("“Well,” she said.")
    (False, False)
    """
    word = text.lstrip(" \t\"'“‘«„([").split(" ", 1)[0]
    letters = "".join(c for c in word if c.isalpha())
    return bool(letters) and word[0].isalpha() and letters.islower()
