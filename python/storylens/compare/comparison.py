"""``Comparison``: how the articles of a set relate.

A comparison vectorises a (cleaned) :class:`~storylens.ArticleSet` once, with the news
tokeniser, the set's stop words and stemmer and sublinear tf by default, holds the matrices
and the answers worth keeping, and hands each question to the module that answers it:
:mod:`~storylens.compare.similarity` (similarity, neighbours, outliers),
:mod:`~storylens.compare.terms` (shared, distinctive and group terms),
:mod:`~storylens.compare.topics`, :mod:`~storylens.compare.reuse` (reuse and sources) and
:mod:`~storylens.compare.digest` (the digest and unique facts).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from storylens import _core
from storylens.articles import ArticleSet
from storylens.compare import digest, reuse, similarity, terms, topics
from storylens.compare._lookup import index_of, members
from storylens.compare._sentences import sentence_table
from storylens.compare._vectorize import background_texts, display_names, language_stop_words
from storylens.compare.digest import Digest
from storylens.compare.reuse import ReuseMap
from storylens.compare.topics import Topics
from storylens.exceptions import InvalidDocumentError, InvalidParameterError, NotFittedError
from storylens.feature_extraction import CountVectorizer, TfidfTransformer, TfidfVectorizer
from storylens.views import plots
from storylens.views.html import comparison_html

__all__ = ["Comparison"]


class Comparison:
    """How the articles of a set relate: similarity, shared and distinctive terms.

    Build it with :meth:`ArticleSet.compare`. The defaults suit news: the news tokeniser, the
    set language's stop words and stemmer, sublinear tf, and the IDF of the set itself, or of
    ``background`` (an ArticleSet, a list of texts or a fitted TfidfVectorizer), which gives
    a small set a real sense of which words are common.

    - ``tokenizer``: ``"news"`` (the news-aware tokeniser, the default), None for
      scikit-learn's pattern, or a callable.
    - ``stop_words``: ``"language"`` (the full stop list of the set's language, which drops
      reporting verbs such as "said"), a language name, a list, or None.
    - ``stem``: True stems in the set's language, False or None does not, or a language.
    - ``sublinear_tf``: weigh term counts as 1 + log(count).
    - ``ngram_range``, ``min_df``, ``max_df``: as in :class:`~storylens.CountVectorizer`.
    - ``background``: texts that give the IDF a sense of which words are common (an
      ArticleSet, a list of texts or a fitted TfidfVectorizer), or None for the set itself.
    - ``n_jobs``: threads (None: all cores); results never depend on it.

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
        if not isinstance(articles, ArticleSet):
            raise InvalidParameterError(
                f"articles must be an ArticleSet, got {type(articles).__name__}"
            )
        if len(articles) == 0:
            raise InvalidDocumentError("cannot compare an empty article set")
        self.articles = articles
        self.ids = articles.ids
        language = articles.language
        # The comparison's default stop list is the full stopwords-iso list of the language
        # (it drops reporting verbs such as "said"), not scikit-learn's shorter one.
        self.stop_words = (
            language_stop_words(language, tokenizer) if stop_words == "language" else stop_words
        )
        self.stem = language if stem is True else (None if stem is False else stem)
        self.n_jobs = n_jobs
        texts = [article.text for article in articles]
        #: The fitted background vectorizer, when ``background`` was one.
        self.vectorizer: TfidfVectorizer | None
        self._transformer: TfidfTransformer | None
        if isinstance(background, TfidfVectorizer):
            if not hasattr(background, "vocabulary_"):
                raise NotFittedError("background TfidfVectorizer is not fitted")
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
            extra = background_texts(background)
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

    # -- what the questions share ---------------------------------------------------------

    @cached_property
    def _display(self) -> np.ndarray[Any, Any]:
        """Each feature's most frequent surface word in the set (stems are not words)."""
        return display_names(
            [article.text for article in self.articles], self.terms, self.stem, self.stop_words
        )

    def _prior(self) -> np.ndarray[Any, Any]:
        prior: np.ndarray[Any, Any] = terms.log_odds_prior(self.counts, self._background_counts)
        return prior

    def _weigh(self, texts: list[str]) -> sp.csr_matrix:
        """TF-IDF rows of further texts (sentences) in the comparison's term space."""
        if self.vectorizer is not None:
            return sp.csr_matrix(self.vectorizer.transform(texts), dtype=np.float64)
        assert self._transformer is not None
        counts = self.counter.transform(texts)
        return sp.csr_matrix(self._transformer.transform(counts), dtype=np.float64)

    def _dates(self) -> list[Any]:
        return [article.date for article in self.articles]

    # -- similarity and neighbours --------------------------------------------------------

    @cached_property
    def similarity(self) -> pd.DataFrame:
        """Pairwise cosine similarity of the articles' TF-IDF vectors, labelled by id.

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare().similarity.shape
        (7, 7)
        """
        return similarity.cosine_similarity(self.tfidf, self.ids)

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
        return similarity.nearest(self.tfidf, self.ids, k, self.n_jobs)

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
        return similarity.outliers(list(self.articles), self.tfidf, self.n_jobs)

    # -- terms ----------------------------------------------------------------------------

    def shared_terms(self, top: int = 20, min_share: float = 1.0) -> pd.DataFrame:
        """The story's common core: terms found in at least ``min_share`` of the articles
        (all of them by default; if no term is, the threshold drops until some are),
        ranked by how many articles use them and how often.

        >>> from storylens.datasets import load_sample
        >>> "velmora" in set(load_sample().clean().compare().shared_terms()["term"])
        True
        """
        return terms.shared_terms(
            self.counts, self.tfidf, self.terms, self._display, top, min_share
        )

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
        group = members(self.ids, article_or_group)
        rest = [i for i in range(len(self.ids)) if i not in group]
        if not rest:
            raise InvalidParameterError(
                "distinctive terms need at least one article outside the group"
            )
        return self._log_odds(group, rest, top)

    def compare_pair(self, a: str | int, b: str | int, top: int = 15) -> pd.DataFrame:
        """Terms that distinguish article ``a`` from article ``b`` (positive z: more typical
        of ``a``), with the same log-odds as :meth:`distinctive_terms`.

        >>> from storylens.datasets import load_sample
        >>> comparison = load_sample().clean().compare()
        >>> len(comparison.compare_pair("wire", "rk-news", top=5))
        5
        """
        first, second = index_of(self.ids, a), index_of(self.ids, b)
        if first == second:
            raise InvalidParameterError("compare_pair needs two different articles")
        return self._log_odds([first], [second], top)

    def _log_odds(self, group: list[int], other: list[int], top: int) -> pd.DataFrame:
        return terms.log_odds_terms(
            terms.group_counts(self.counts, group),
            terms.group_counts(self.counts, other),
            self._prior(),
            self.terms,
            self._display,
            top,
        )

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
        labels = terms.group_labels(list(self.articles), by)
        return terms.group_terms(self.counts, self.terms, self._display, labels, top, self.n_jobs)

    # -- topics ---------------------------------------------------------------------------

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
        return topics.fit_topics(
            self.tfidf,
            self.ids,
            self.terms,
            self._display,
            k,
            top=top,
            init=init,
            max_iter=max_iter,
            tol=tol,
            random_state=random_state,
            n_jobs=self.n_jobs,
        )

    # -- sentences: reuse, sources, digest, unique facts ---------------------------------

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
        return sentence_table(list(self.articles))

    @cached_property
    def _sentence_tfidf(self) -> sp.csr_matrix:
        return self._weigh(self.sentences["text"].tolist())

    @cached_property
    def _reuse_rows(self) -> _core.ReuseRows:
        return reuse.align_sentences(
            self.sentences, self._sentence_tfidf, len(self.ids), self.n_jobs, self.terms
        )

    @cached_property
    def _reuse_shares(self) -> np.ndarray[Any, Any]:
        """``shares[a, b]``: the share of article a's sentences whose best match in b is
        reused."""
        return reuse.reuse_shares(self._reuse_rows, self.sentences, len(self.ids))

    def reuse(
        self, kinds: Iterable[str] | None = None, *, include_unique: bool = False
    ) -> ReuseMap:
        """The reuse map, matches first: each sentence's best match in each other article
        that reuses it, with a ``kind`` (verbatim, near-verbatim or paraphrase) and a TF-IDF
        cosine ``score``, best first (by kind, then score). Shared word 3-grams find copied
        wording; TF-IDF cosine and the alignment of content words (shared terms, then
        spelling variants such as "telephone" and "phone") find paraphrase.
        ``include_unique=True`` adds, after the matches, one row per sentence and other
        article that does not reuse it (``kind`` unique: a large set has millions); ``kinds``
        keeps only the rows of those kinds. For what only one article reports, see
        :meth:`unique_facts`.

        >>> from storylens.datasets import load_sample
        >>> reuse = load_sample().clean().compare().reuse()
        >>> reuse["kind"].iloc[0], "unique" in set(reuse["kind"])
        ('verbatim', False)
        >>> copied = reuse[(reuse["article"] == "valley-courier") & (reuse["other"] == "wire")]
        >>> bool((copied["kind"] == "verbatim").mean() > 0.8)
        True
        >>> sorted(set(load_sample().clean().compare().reuse(kinds=["verbatim"])["kind"]))
        ['verbatim']
        """
        return reuse.reuse_frame(
            self.sentences, self._reuse_rows, self.ids, kinds, include_unique=include_unique
        )

    def reuse_summary(self, min_share: float = 0.2) -> pd.DataFrame:
        """Article-level reuse, one row per unordered pair of articles that share any reused
        sentence (verbatim, near-verbatim or paraphrase), in one direction: ``source``,
        ``copy``, ``share_of_copy`` (the share of the copy's sentences found in the source),
        ``share_of_source`` (the share of the source's sentences found in the copy), the
        copy's sentences by kind of match (``verbatim``, ``near_verbatim``, ``paraphrase``)
        and the ``evidence`` for the direction, when either share reaches ``min_share``:
        ``"date"`` (the source is the earlier-dated article); with equal or missing dates,
        ``"containment"`` (a copy is covered by its source more than the source by the
        copy); failing that, ``"reach"`` (the source is the one the rest of the set draws on
        far more: a wire story is reused by most of the set, a rewrite of it by few). When no
        rule decides, ``evidence`` is ``"undecided"`` and ``source`` and ``copy`` are merely
        in id order. Largest ``share_of_copy`` first.

        >>> from storylens.datasets import load_sample
        >>> summary = load_sample().clean().compare().reuse_summary()
        >>> row = summary[summary["copy"] == "valley-courier"].iloc[0]
        >>> row["source"], row["evidence"]
        ('wire', 'containment')
        """
        return reuse.reuse_summary(
            self._reuse_rows,
            self.sentences,
            self._reuse_shares,
            self.ids,
            self._dates(),
            min_share,
        )

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
        return reuse.sources(self._reuse_shares, self.ids, self._dates(), min_share)

    def digest(self, max_words: int = 150) -> Digest:
        """An extractive summary of the story within ``max_words`` words: the sentences
        closest to the set's centroid and most central in the sentence graph (LexRank),
        picked by MMR so that no two say the same, in reading order.

        >>> from storylens.datasets import load_sample
        >>> digest = load_sample().clean().compare().digest(max_words=60)
        >>> 0 < digest.words <= 60
        True
        """
        return digest.select_digest(self.sentences, self._sentence_tfidf, max_words, self.n_jobs)

    def unique_facts(self, article: str | int, top: int | None = None) -> pd.DataFrame:
        """The sentences only ``article`` reports (no verbatim, near-verbatim or paraphrase
        match in any other article, so that every row of theirs in the reuse map is
        unique), most relevant to the story first.

        >>> from storylens.datasets import load_sample
        >>> facts = load_sample().clean().compare().unique_facts("rk-news")
        >>> list(facts.columns)
        ['article', 'sentence', 'text']
        """
        position = index_of(self.ids, article)
        return digest.unique_facts(self.sentences, self._unique_sentences, position, top)

    @cached_property
    def _unique_sentences(self) -> np.ndarray[Any, Any]:
        """Every article's unique sentences, by article, most relevant first: computed once
        for the set, since a report asks for every article in turn."""
        return digest.unique_sentences(
            self._reuse_rows, self.sentences, self._sentence_tfidf, len(self.ids), self.n_jobs
        )

    # -- plots and the report -------------------------------------------------------------

    def plot_similarity(self, ax: Any = None) -> Any:
        """The similarity table as a heat map (needs matplotlib); returns the Axes.

        >>> import matplotlib; matplotlib.use("Agg")
        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare().plot_similarity().get_title()
        'Similarity'
        """
        return plots.plot_similarity(self.similarity, ax=ax)

    def plot_terms(self, article: str | int | None = None, top: int = 15, ax: Any = None) -> Any:
        """A bar chart of an article's distinctive terms (z-scores), or of the shared terms
        (their counts) when ``article`` is None (needs matplotlib); returns the Axes.

        >>> import matplotlib; matplotlib.use("Agg")
        >>> from storylens.datasets import load_sample
        >>> len(load_sample().clean().compare().plot_terms("wire", top=5).patches)
        5
        """
        if article is None:
            return plots.plot_terms(self.shared_terms(top=top), "count", "Shared terms", ax=ax)
        frame = self.distinctive_terms(article, top=top)
        return plots.plot_terms(frame, "z", f"Distinctive terms of {article}", ax=ax)

    def to_html(self, path: Any = None, *, max_words: int = 150) -> str:
        """One self-contained HTML report (articles, similarity, shared and distinctive
        terms, the reuse summary and the digest); written to ``path`` when given, and
        returned.

        >>> from storylens.datasets import load_sample
        >>> "<h2>Digest</h2>" in load_sample().clean().compare().to_html()
        True
        """
        # The report layer sits above compare; this method reaches up by design (a
        # comparison writes its own report), so the import is made here, when it is called.
        from storylens.report import build_report, report_html

        page = report_html(build_report(self.articles, self, digest_words=max_words))
        if path is not None:
            Path(path).write_text(page, encoding="utf-8")
        return page

    # -- display --------------------------------------------------------------------------

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Comparisons pickled before the reuse map became a core object hold it as a dict of
        # its columns.
        rows = state.get("_reuse_rows")
        if isinstance(rows, dict):
            state = {**state, "_reuse_rows": _core.ReuseRows(**rows)}
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"Comparison({len(self.ids)} articles, {len(self.terms)} terms)"

    def _repr_html_(self) -> str:
        return comparison_html(repr(self), self.similarity)
