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
from storylens._progress import ARTICLES_THRESHOLD, core_job_bar, following, wanted
from storylens.articles import ArticleSet
from storylens.compare import digest, reuse, similarity, terms, topics
from storylens.compare._lookup import index_of, members
from storylens.compare._sentences import sentence_table
from storylens.compare._vectorize import background_texts, display_names, language_stop_words
from storylens.compare.digest import Digest
from storylens.compare.reuse import ReuseMap
from storylens.compare.stories import Stories, find_stories
from storylens.compare.terms import columns_holding as columns_holding_label
from storylens.compare.topics import Topics
from storylens.compare.variants import VariantMerge, find_variants, merged_tfidf
from storylens.exceptions import (
    EmptyVocabularyError,
    InvalidDocumentError,
    InvalidParameterError,
    NotFittedError,
)
from storylens.feature_extraction import CountVectorizer, TfidfTransformer, TfidfVectorizer
from storylens.views import plots
from storylens.views.html import MAX_TABLE_ARTICLES, closest_pairs_html, comparison_html

__all__ = ["Comparison"]

#: Under this many counted words (after stop words), a distinctive-term list says that its
#: z-scores rest on few uses.
SMALL_SAMPLE_WORDS = 100


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
    - ``sentence_encoder``: optional, a callable that turns a list of sentences into a 2-D
      array of vectors (a sentence-transformers model's ``encode``, for one); their cosine
      adds a paraphrase signal to :meth:`reuse`. storylens ships no model and downloads none.
    - ``progress``: show a progress bar on stderr while the terms are counted (True, False,
      or None: ``storylens.get_config()["progress"]``, automatic from 50 articles).

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
        sentence_encoder: Any = None,
        progress: bool | None = None,
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
        self._language_stop_words = isinstance(stop_words, str) and stop_words == "language"
        self.stop_words = (
            language_stop_words(language, tokenizer) if self._language_stop_words else stop_words
        )
        self.stem = language if stem is True else (None if stem is False else stem)
        self.n_jobs = n_jobs
        if sentence_encoder is not None and not callable(sentence_encoder):
            raise InvalidParameterError(
                "sentence_encoder must be a callable taking a list of sentences, "
                f"got {type(sentence_encoder).__name__}"
            )
        #: The caller's sentence encoder (see :meth:`reuse`), or None.
        self.sentence_encoder = sentence_encoder
        texts = [article.text for article in articles]
        shown = wanted(progress, size=len(articles), threshold=ARTICLES_THRESHOLD)
        with following(progress), core_job_bar("comparing", enabled=shown, total=len(texts)):
            self._vectorize(texts, tokenizer, sublinear_tf, ngram_range, min_df, max_df, background)

    def _vectorize(
        self,
        texts: list[str],
        tokenizer: Any,
        sublinear_tf: bool,
        ngram_range: tuple[int, int],
        min_df: float | int,
        max_df: float | int,
        background: Any,
    ) -> None:
        """Counts and weighs the articles' terms (the long core job of a comparison)."""
        n_jobs = self.n_jobs
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
            if self.counts.nnz == 0 and any(text.strip() for text in texts):
                # Every article would be empty, and every answer zero.
                raise EmptyVocabularyError(
                    "the background TfidfVectorizer's vocabulary holds none of the articles' "
                    "terms; fit it on texts of the same language and kind, or pass the texts "
                    "themselves as background"
                )
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
        """The log-odds prior over the merged terms (:attr:`variants`)."""
        return self._cached_prior

    @cached_property
    def _cached_prior(self) -> np.ndarray[Any, Any]:
        # Computed once: a report asks for every article's distinctive terms in turn.
        background = self._background_counts
        merge = self._variant_merge
        if background is not None and merge.merges:
            background = np.bincount(
                merge.column_of, weights=background, minlength=len(merge.terms)
            )
        prior: np.ndarray[Any, Any] = terms.log_odds_prior(self._merged_counts, background)
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
        """Pairwise cosine similarity of the articles' TF-IDF vectors, labelled by id;
        spelling variants (:attr:`variants`) count as one term.

        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare().similarity.shape
        (7, 7)
        """
        return similarity.cosine_similarity(self._merged_tfidf, self.ids)

    def nearest(self, k: int = 5, *, min_score: float | None = None) -> pd.DataFrame:
        """Each article's ``k`` most similar articles: one row per (article, rank) with
        ``neighbour`` and ``score``, computed as a sparse top-k in the core (no N-by-N matrix,
        so it scales to 100,000 articles). Articles sharing no term with any other have
        fewer rows; ``min_score`` keeps only the neighbours at least that similar.

        >>> from storylens.datasets import load_sample
        >>> nearest = load_sample().clean().compare().nearest(2)
        >>> list(nearest.columns), len(nearest)
        (['article', 'rank', 'neighbour', 'score'], 14)
        """
        return similarity.nearest(
            self.tfidf, k, ids=self.ids, min_score=min_score, n_jobs=self.n_jobs
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
        return similarity.outliers(list(self.articles), self.tfidf, self.n_jobs)

    # -- stories and short articles -------------------------------------------------------

    def stories(self, **options: Any) -> Stories:
        """The stories in the set, as :meth:`ArticleSet.stories
        <storylens.ArticleSet.stories>` finds them (on plain TF-IDF with the default
        settings, whatever this comparison's; ``options`` as there). Computed once.

        >>> from storylens.datasets import load_sample
        >>> len(load_sample().clean().compare().stories())
        1
        """
        if options:
            return find_stories(self.articles, **{"n_jobs": self.n_jobs, **options})
        return self._stories

    @cached_property
    def _stories(self) -> Stories:
        return find_stories(self.articles, n_jobs=self.n_jobs)

    @cached_property
    def short_articles(self) -> pd.DataFrame:
        """The articles with text but fewer than 100 words (``article``, ``words``): their
        terms and scores rest on little text.

        >>> from storylens.datasets import load_sample
        >>> len(load_sample().clean().compare().short_articles)
        0
        """
        return similarity.short_articles(list(self.articles))

    # -- terms ----------------------------------------------------------------------------

    @cached_property
    def _variant_merge(self) -> VariantMerge:
        totals = np.asarray(self.counts.sum(axis=0)).ravel()
        return find_variants(
            [article.text for article in self.articles],
            self.terms,
            totals,
            self.counter.build_analyzer(),
            self.articles.language,
        )

    @property
    def variants(self) -> pd.DataFrame:
        """The spellings merged into one term (see :mod:`~storylens.compare.variants`): one
        row per merged term, ``term`` (how it is shown) and ``variants`` (the spellings the
        set uses, most frequent first). Shared and distinctive terms, group terms and the
        similarity table count each such group as one term; :meth:`nearest` uses the plain
        TF-IDF.

        >>> from storylens import ArticleSet
        >>> texts = ["The U.S. defence ministry met Shoigu.", "The US defense ministry met Shoygu."]
        >>> ArticleSet.from_texts(texts).compare().variants.values.tolist()
        [['defence', ['defence', 'defense']], ['shoigu', ['shoigu', 'shoygu']]]
        """
        table = self._variant_merge.table
        frame = pd.DataFrame(
            {
                "term": [str(self._display[head]) for head in table["head"]],
                "variants": list(table["variants"]),
            },
            columns=["term", "variants"],
        )
        return frame.sort_values("term", kind="stable").reset_index(drop=True)

    @cached_property
    def _merged_display(self) -> np.ndarray[Any, Any]:
        """Each merged term's surface name: that of the feature it is named after."""
        return np.asarray(self._display[self._variant_merge.heads], dtype=object)

    @cached_property
    def _merged_counts(self) -> sp.csr_matrix:
        merge = self._variant_merge
        return merge.merge_columns(self.counts) if merge.merges else self.counts

    @cached_property
    def _merged_totals(self) -> np.ndarray[Any, Any]:
        """Each merged term's count over the whole set."""
        return terms.group_counts(self._merged_counts, range(len(self.ids)))

    @cached_property
    def _merged_tfidf(self) -> sp.csr_matrix:
        """The TF-IDF with each group of variants as one term (a merged term's IDF is that of
        its most common spelling); the plain TF-IDF when nothing merged."""
        merge = self._variant_merge
        if not merge.merges:
            plain: sp.csr_matrix = self.tfidf
            return plain
        weigher: Any = self.vectorizer if self.vectorizer is not None else self._transformer
        plain_idf = getattr(weigher, "idf_", None) if weigher.use_idf else None
        idf = np.ones(len(self.terms)) if plain_idf is None else np.asarray(plain_idf)
        merged_idf = np.full(len(merge.terms), np.inf)
        np.minimum.at(merged_idf, merge.column_of, idf)
        return merged_tfidf(
            self._merged_counts, merged_idf, bool(weigher.sublinear_tf), weigher.norm
        )

    @cached_property
    def _date_terms(self) -> np.ndarray[Any, Any]:
        """For each merged term: a weekday or month name, a bare number, a date or a time."""
        return terms.left_out_terms(self._merged_display, None)

    @cached_property
    def _reporting_verbs(self) -> np.ndarray[Any, Any]:
        """For each merged term: a reporting verb that the default stop list lacks ("told");
        none when the caller chose the stop words."""
        language = self.articles.language if self._language_stop_words else None
        return terms.left_out_terms(self._merged_display, language, keep_dates=True)

    def _left_out(self, keep_dates: bool) -> np.ndarray[Any, Any]:
        """The terms that every term list leaves out: reporting verbs, and dates unless
        ``keep_dates``."""
        if keep_dates:
            return self._reporting_verbs
        left_out: np.ndarray[Any, Any] = self._reporting_verbs | self._date_terms
        return left_out

    def shared_terms(
        self, top: int = 20, min_share: float = 1.0, *, keep_dates: bool = False
    ) -> pd.DataFrame:
        """The story's common core: terms found in at least ``min_share`` of the articles
        (all of them by default; if no term is, the threshold drops until some are),
        ranked by how many articles use them and how often. Spelling variants count as one
        term (:attr:`variants`). The articles that :attr:`outliers` flags as off-story,
        empty or not an article are left out (``articles`` and ``share`` count the others;
        see :meth:`shared_terms_articles`): a word an off-story piece happens to share with
        the story is not its core. Weekday and month names, times, bare numbers and dates
        are left out unless ``keep_dates``, as are reporting verbs ("told").

        >>> from storylens.datasets import load_sample
        >>> "velmora" in set(load_sample().clean().compare().shared_terms()["term"])
        True
        """
        merge = self._variant_merge
        rows = self._on_story_rows()
        every = len(rows) == len(self.ids)
        return terms.shared_terms(
            self._merged_counts if every else self._merged_counts[rows],
            self._merged_tfidf if every else self._merged_tfidf[rows],
            merge.terms,
            self._merged_display,
            top,
            min_share,
            exclude=self._left_out(keep_dates),
        )

    def _on_story_rows(self) -> list[int]:
        """The positions :meth:`shared_terms` counts: every article but those
        :attr:`outliers` flags as off-story, empty or not an article (duplicates tell the
        story and stay); every article when that would leave none."""
        outliers = self.outliers
        left_out = set(outliers.loc[outliers["kind"] != "duplicate", "article"].tolist())
        kept = [i for i, article in enumerate(self.ids) if article not in left_out]
        return kept or list(range(len(self.ids)))

    def distinctive_terms(
        self,
        article_or_group: str | int | Iterable[str | int] | None = None,
        *,
        group: Any = None,
        by: Any = None,
        top: int = 15,
        min_z: float = 1.96,
        keep_dates: bool = False,
    ) -> pd.DataFrame:
        """The terms that set an article (or a group of articles) apart from the rest of the
        set: the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
        2008), ranked by z-score, with ``count`` (in the article or group) and
        ``count_other`` (in the rest) beside it: a z-score resting on a count of 2 is weak.

        Only terms with ``z >= min_z`` (1.96 by default, a 5% two-sided test) are listed, so
        a short article often has none: then the frame is empty and its ``attrs["note"]``
        says so. A list is never filled with ties. ``attrs["words"]`` is the number of
        counted words the scores rest on; under 100, ``attrs["note"]`` says to read the
        counts. Weekday and month names, bare numbers and dates are left out unless
        ``keep_dates``. Spelling variants count as one term.

        The articles are one id or position, a list of them, or a group: ``group="left",
        by="leaning"`` picks the articles whose ``leaning`` (metadata, or an attribute such as
        ``outlet``) is ``left``; ``by`` may also give the labels themselves, as a dict of id
        to label or one label per article. A label given alone (``distinctive_terms("left")``)
        is looked up in the columns when it is no article's id.

        >>> from storylens.datasets import load_sample
        >>> comparison = load_sample().clean().compare()
        >>> list(comparison.distinctive_terms("rk-news").columns)
        ['term', 'feature', 'z', 'log_odds', 'count', 'count_other']
        >>> bool((comparison.distinctive_terms("rk-news")["z"] >= 1.96).all())
        True
        """
        chosen, label = self._chosen_articles(article_or_group, group, by)
        rest = [i for i in range(len(self.ids)) if i not in chosen]
        if not rest:
            raise InvalidParameterError(
                "distinctive terms need at least one article outside the group"
            )
        return self._log_odds(chosen, rest, top, min_z, keep_dates, label)

    def _distinctive_terms_of_each(
        self, top: int, min_z: float = 1.96
    ) -> list[tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]]:
        """Every article's :meth:`distinctive_terms` against the rest of the set at once (the
        report's section): per position, the ``term``, ``z`` and ``count`` columns that
        ``distinctive_terms(position, top=top, min_z=min_z)`` returns, with the same values.
        One pass over the count rows instead of a sliced matrix and a DataFrame per article
        (1.7 s of a 1,000-article report).

        >>> from storylens.datasets import load_sample
        >>> comparison = load_sample().clean().compare()
        >>> term, z, count = comparison._distinctive_terms_of_each(5)[0]
        >>> term.tolist() == comparison.distinctive_terms(0, top=5)["term"].tolist()
        True
        """
        threshold = terms.check_min_z(min_z)
        merge = self._variant_merge
        counts = self._merged_counts
        totals = self._merged_totals
        prior = self._prior()
        display = self._merged_display
        names = merge.terms
        dates = self._left_out(keep_dates=False)
        indptr, indices, data = counts.indptr, counts.indices, counts.data
        found = []
        for row in range(len(self.ids)):
            start, end = indptr[row], indptr[row + 1]
            # Whole-number counts: the sum is exact in any order, as group_counts's is.
            own = np.bincount(indices[start:end], weights=data[start:end], minlength=len(names))
            _, z = _core.log_odds_z(own, totals - own, prior)
            present = np.flatnonzero((own > 0) & (z >= threshold) & ~dates)
            order = present[np.lexsort((names[present].astype(str), -z[present]))][:top]
            found.append((display[order], z[order], own[order].astype(np.int64)))
        return found

    def _chosen_articles(self, article_or_group: Any, group: Any, by: Any) -> tuple[list[int], str]:
        """The positions of the articles ``distinctive_terms`` was asked about, and how to
        name them in a note."""
        articles = list(self.articles)
        if group is not None:
            if article_or_group is not None:
                raise InvalidParameterError("give either articles or group= (with by=), not both")
            return self._group_members(articles, group, by), f"group {group}"
        if article_or_group is None:
            raise InvalidParameterError(
                "name an article (id or position), a list of articles, or group= with by="
            )
        if by is not None:
            return self._group_members(articles, article_or_group, by), (
                f"group {article_or_group}"
            )
        try:
            chosen = members(self.ids, article_or_group)
            return chosen, ", ".join(self.ids[i] for i in chosen)
        except KeyError:
            columns = columns_holding_label(articles, article_or_group)
            if len(columns) == 1:
                return self._group_members(articles, article_or_group, columns[0]), (
                    f"group {article_or_group}"
                )
            if len(columns) > 1:
                raise InvalidParameterError(
                    f"{article_or_group!r} is no article id but a value of several columns "
                    f"({', '.join(columns)}); pass group={article_or_group!r}, by=<column>"
                ) from None
            raise

    def _group_members(self, articles: list[Any], label: Any, by: Any) -> list[int]:
        column = "outlet" if by is None else by
        if isinstance(column, str):
            values = terms.column_values(articles, column)
        else:
            # Labels given as a dict or one per article, as group_terms takes them.
            values = terms.group_labels(articles, column)
            column = "the labels given"
        chosen = [i for i, value in enumerate(values) if value == label]
        if not chosen:
            found = sorted({str(value) for value in values if value is not None})
            raise KeyError(
                f"no article has {column} = {label!r}; the values there are: {', '.join(found)}"
            )
        return chosen

    def compare_pair(
        self,
        a: str | int,
        b: str | int,
        top: int = 15,
        *,
        min_z: float = 1.96,
        keep_dates: bool = False,
    ) -> pd.DataFrame:
        """Terms that distinguish article ``a`` from article ``b`` (more typical of ``a``;
        call ``compare_pair(b, a)`` for the other side), with the same log-odds, threshold
        and counts as :meth:`distinctive_terms`. Spellings of one term ("defence",
        "defense") and one country ("U.S.", "US") are not differences.

        >>> from storylens import ArticleSet
        >>> pair = ArticleSet.from_texts(["The U.S. defence ministry.", "The US defense ministry."])
        >>> print(pair.compare().compare_pair(0, 1).attrs["note"])
        no significantly distinctive term (z >= 1.96) for 0 against 1
        """
        first, second = index_of(self.ids, a), index_of(self.ids, b)
        if first == second:
            raise InvalidParameterError("compare_pair needs two different articles")
        return self._log_odds([first], [second], top, min_z, keep_dates, f"{a} against {b}")

    def _log_odds(
        self,
        group: list[int],
        other: list[int],
        top: int,
        min_z: float,
        keep_dates: bool,
        label: str,
    ) -> pd.DataFrame:
        threshold = terms.check_min_z(min_z)
        merge = self._variant_merge
        counts = terms.group_counts(self._merged_counts, group)
        frame = terms.log_odds_terms(
            counts,
            terms.rest_counts(self._merged_counts, group, other, counts, self._merged_totals),
            self._prior(),
            merge.terms,
            self._merged_display,
            top,
            min_z=threshold,
            exclude=self._left_out(keep_dates),
        )
        words = int(self._merged_counts[group].sum())
        frame.attrs["words"] = words
        if frame.empty:
            frame.attrs["note"] = (
                f"no significantly distinctive term (z >= {threshold:g}) for {label}"
            )
        elif words < SMALL_SAMPLE_WORDS:
            frame.attrs["note"] = (
                f"{label} has {words} counted words (under {SMALL_SAMPLE_WORDS}): each z-score "
                "rests on a few uses, read the counts beside it"
            )
        return frame

    def compare_groups(
        self, by: Any = "outlet", *, top: int = 10, min_z: float = 1.96, keep_dates: bool = False
    ) -> pd.DataFrame:
        """Each group's distinctive terms against all the other articles, as in
        :meth:`distinctive_terms`: one row per (group, rank) with ``group``, ``rank``,
        ``term``, ``z``, ``count`` and ``count_other``. ``by`` is a column ("outlet", a
        metadata key such as "leaning"), a dict from id to label, or one label per article.
        A group with no term reaching ``min_z`` has no row; ``attrs["note"]`` names it.

        >>> from storylens.datasets import load_sample
        >>> comparison = load_sample().clean().compare()
        >>> frame = comparison.compare_groups(["a", "a", "b", "b", "b", "c", "c"])
        >>> list(frame.columns)
        ['group', 'rank', 'term', 'z', 'count', 'count_other']
        """
        labels = terms.group_labels(list(self.articles), by)
        merge = self._variant_merge
        return terms.group_log_odds_terms(
            self._merged_counts,
            self._prior(),
            self._merged_display,
            merge.terms,
            labels,
            top,
            terms.check_min_z(min_z),
            self._left_out(keep_dates),
            self.n_jobs,
        )

    def group_terms(
        self, by: Any = "outlet", top: int = 10, *, keep_dates: bool = False
    ) -> pd.DataFrame:
        """Each group's top terms by class-based TF-IDF (as BERTopic): the articles of a
        group count as one document. ``by`` is an article attribute or metadata key
        (``"outlet"``), a dict from id to label, or one label per article; a column no
        article has raises ColumnNotFoundError naming it. One row per (group, rank):
        ``group``, ``rank``, ``term``, ``weight``, ``articles``. Dates, times, bare numbers
        and reporting verbs are left out as in :meth:`shared_terms`.

        >>> from storylens.datasets import load_sample
        >>> frame = load_sample().clean().compare().group_terms(["a", "a", "b", "b", "b", "c", "c"])
        >>> sorted(frame["group"].unique())
        ['a', 'b', 'c']
        """
        labels = terms.group_labels(list(self.articles), by)
        merge = self._variant_merge
        return terms.group_terms(
            self._merged_counts,
            merge.terms,
            self._merged_display,
            labels,
            top,
            self.n_jobs,
            exclude=self._left_out(keep_dates),
        )

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
        """The reused matches only: the map every summary is built from."""
        return self._align_sentences(self.sentence_encoder)

    @cached_property
    def _reuse_rows_with_unique(self) -> _core.ReuseRows:
        """The map with a row for every (sentence, other article), asked for by a listing of
        unique rows only."""
        return self._align_sentences(self.sentence_encoder, include_unique=True)

    def _align_sentences(self, encoder: Any, *, include_unique: bool = False) -> _core.ReuseRows:
        reuse.warn_if_large(len(self.ids), len(self.sentences), include_unique)
        vectors = None
        if encoder is not None:
            vectors = reuse.encode_sentences(encoder, self.sentences["text"].tolist())
        return reuse.align_sentences(
            self.sentences,
            self._sentence_tfidf,
            len(self.ids),
            self.n_jobs,
            self.terms,
            include_unique=include_unique,
            sentence_vectors=vectors,
        )

    @cached_property
    def _reuse_shares(self) -> np.ndarray[Any, Any]:
        """``shares[a, b]``: the share of article a's sentences whose best match in b is
        reused."""
        return reuse.reuse_shares(self._reuse_rows, self.sentences, len(self.ids))

    def reuse(
        self,
        kinds: Iterable[str] | None = None,
        *,
        all_pairs: bool = False,
        include_unique: bool = False,
        sentence_encoder: Any = None,
    ) -> ReuseMap:
        """The reuse map, matches first: each reused sentence once, with its best match over
        all the other articles (a ``kind``, verbatim, near-verbatim or paraphrase, and a
        TF-IDF cosine ``score``, or for copied wording without a shared content word, the share
        of word 3-grams shared; among equal matches, the earliest-dated article, on one day
        a wire story before the rest and a reprint or a flagged duplicate after them, then
        the first listed) and ``reused_in``, the number of other articles that reuse it. Best
        first (by kind, then score). Shared word 3-grams find copied wording; TF-IDF cosine
        and the alignment of content words (shared terms, then spelling variants such as
        "telephone" and "phone") find paraphrase, among each sentence's closest candidates
        in all the other articles.

        ``all_pairs=True`` lists instead every (sentence, other article) that reuses the
        sentence, its best match there: a wire sentence that 24 outlets reprint is 24 rows
        per copy, and a set of a thousand such articles has millions.
        ``include_unique=True`` lists every pair too, and adds, after the matches, one row
        per sentence and other article that does not reuse it (``kind`` unique; so does a
        ``kinds`` that names unique). ``kinds`` keeps only the rows of those kinds (in the
        compact map, the sentences whose best match is of those kinds). For what only one
        article reports, see :meth:`unique_facts`; for who copied whom, see
        :meth:`reuse_summary` and :meth:`sources`.

        ``sentence_encoder`` (default: the comparison's, see :class:`Comparison`) is an
        optional callable that turns a list of sentences into a 2-D array of vectors, such
        as a sentence-transformers model's ``encode``: two candidate sentences whose vectors'
        cosine reaches 0.65 are a paraphrase too. It never makes a verbatim or near-verbatim
        match, which rest on the wording alone.

        >>> from storylens.datasets import load_sample
        >>> comparison = load_sample().clean().compare()
        >>> reuse = comparison.reuse()
        >>> reuse["kind"].iloc[0], "unique" in set(reuse["kind"])
        ('verbatim', False)
        >>> row = reuse[reuse["article"] == "valley-courier"].iloc[0]
        >>> row["other"], row["kind"], int(row["reused_in"]) >= 1
        ('wire', 'verbatim', True)
        >>> pairs = comparison.reuse(all_pairs=True)
        >>> copied = pairs[(pairs["article"] == "valley-courier") & (pairs["other"] == "wire")]
        >>> bool((copied["kind"] == "verbatim").mean() > 0.8)
        True
        >>> sorted(set(comparison.reuse(kinds=["verbatim"])["kind"]))
        ['verbatim']
        """
        # Read once: kinds may be an iterator.
        kinds = [kinds] if isinstance(kinds, str) else (None if kinds is None else list(kinds))
        unique = include_unique if kinds is None else "unique" in kinds
        if sentence_encoder is not None and sentence_encoder is not self.sentence_encoder:
            rows = self._align_sentences(sentence_encoder, include_unique=unique)
        elif unique:
            rows = self._reuse_rows_with_unique
        else:
            rows = self._reuse_rows
        if all_pairs or unique:
            return reuse.reuse_frame(
                self.sentences, rows, self.ids, kinds, include_unique=include_unique
            )
        return reuse.best_match_frame(
            self.sentences, rows, self.ids, self._dates(), kinds, rank=self._source_rank
        )

    def reuse_summary(self, min_share: float = 0.2) -> pd.DataFrame:
        """Article-level reuse, one row per unordered pair of articles that share any reused
        sentence (verbatim, near-verbatim or paraphrase), in one direction: ``source``,
        ``copy``, ``share_of_copy`` (the share of the copy's sentences found in the source),
        ``share_of_source`` (the share of the source's sentences found in the copy), the
        copy's sentences by kind of match (``verbatim``, ``near_verbatim``, ``paraphrase``)
        and the ``evidence`` for the direction, when either share reaches ``min_share``:
        ``"date"`` (the source is the earlier-dated article); with equal or missing dates,
        ``"dateline"`` (the source is the wire story: the other's dateline credits its outlet,
        as in "VELMORA, March 13 (Meridian Press)", or its own dateline does and the
        other's does not); then ``"containment"`` (a copy is covered by its source more
        than the source by the copy); failing that, ``"reach"`` (the source is the one the
        rest of the set draws on far more: a wire story is reused by most of the set, a
        rewrite of it by few). When no rule decides, ``evidence`` is ``"undecided"``: the
        direction is unknown, and ``source`` and ``copy`` merely hold the pair in id order.
        Largest ``share_of_copy`` first.

        >>> from storylens.datasets import load_sample
        >>> summary = load_sample().clean().compare().reuse_summary()
        >>> row = summary[summary["copy"] == "valley-courier"].iloc[0]
        >>> row["source"], row["evidence"]
        ('wire', 'dateline')
        """
        return reuse.reuse_summary(
            self._reuse_rows,
            self.sentences,
            self._reuse_shares,
            self.ids,
            self._dates(),
            min_share,
            agencies=self._wire_credits[0],
            outlets=self._wire_credits[1],
        )

    def sources(self, min_share: float = 0.2) -> pd.DataFrame:
        """Who rewrote whom: for each article, the article it most likely draws on (the
        likely source, in :meth:`reuse_summary`, that covers the largest share of its
        sentences), with that ``share`` and the ``evidence``; ``source`` is missing for an
        article that draws on no other (an original, or one whose source is not in the set).
        Among sources that cover it equally, one that copies another of them gives way to
        it (a sentence found in the wire and in a reprint of it comes from the wire).

        >>> import pandas as pd
        >>> from storylens.datasets import load_sample
        >>> sources = load_sample().clean().compare().sources().set_index("article")
        >>> sources.loc["newsbeat24", "source"], bool(pd.isna(sources.loc["wire", "source"]))
        ('wire', True)
        """
        return reuse.sources(
            self._reuse_shares,
            self.ids,
            self._dates(),
            min_share,
            agencies=self._wire_credits[0],
            outlets=self._wire_credits[1],
            rank=self._source_rank,
        )

    @cached_property
    def _wire_credits(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """The agencies the articles' datelines credit and their outlets, as codes."""
        return reuse.wire_credits(
            [article.dateline for article in self.articles],
            [article.outlet for article in self.articles],
        )

    @cached_property
    def _source_rank(self) -> np.ndarray[Any, Any]:
        """Each article's rank as a source among equal matches: by date, wire stories
        first and known copies (reprints, flagged duplicates) last, then in list order."""
        wires, reprints = reuse.wire_marks(*self._wire_credits)
        flagged = self.outliers.loc[self.outliers["kind"] == "duplicate", "article"]
        duplicates = np.isin(np.asarray(self.ids, dtype=object), flagged.to_numpy(dtype=object))
        return reuse.source_rank(self._dates(), wires=wires, copies=reprints | duplicates)

    def digest(self, max_words: int = 150) -> Digest:
        """An extractive summary of the story within ``max_words`` words: the sentences
        that cover most of the facts several articles report (content-word pairs), leads
        favoured, none repeating another, in reading order. Captions, sentences that point
        to someone not yet named and articles that :attr:`outliers` flags are left out.
        Sentences are never cut: when none fits in ``max_words``, the digest is empty and a
        warning gives the budget the shortest one needs.

        >>> from storylens.datasets import load_sample
        >>> digest = load_sample().clean().compare().digest(max_words=60)
        >>> 0 < digest.words <= 60
        True
        """
        # Computed once per budget (a report asks again for the digest a notebook showed);
        # each call gets its own frame, so that changing one changes no other.
        cache: dict[int, Digest] = self.__dict__.setdefault("_digests", {})
        valid = isinstance(max_words, (int, np.integer)) and not isinstance(max_words, bool)
        found = cache.get(int(max_words)) if valid else None
        if found is None:
            found = digest.select_digest(
                self.sentences,
                self._sentence_tfidf,
                max_words,
                self.n_jobs,
                language=self.articles.language,
                stop_words=self.stop_words,
                stem=self.stem,
                excluded=[index_of(self.ids, article) for article in self.outliers["article"]],
            )
            cache[int(max_words)] = found
        return Digest(sentences=found.sentences.copy(), max_words=found.max_words)

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
        table, bounds = self._unique_facts_table
        facts = table.iloc[bounds[position] : bounds[position + 1]][:top]
        # A frame of its own, so that changing it changes no other answer.
        return facts.reset_index(drop=True).copy()

    def _unique_facts_of_each(self, top: int | None) -> list[list[str]]:
        """Every article's :meth:`unique_facts` texts at once (the report's section): per
        position, the ``text`` column of ``unique_facts(position, top)``, grouped in one
        stable sort instead of a scan of the whole table per article.

        >>> from storylens.datasets import load_sample
        >>> comparison = load_sample().clean().compare()
        >>> comparison._unique_facts_of_each(2)[3] == comparison.unique_facts(3, 2)["text"].tolist()
        True
        """
        table, bounds = self._unique_facts_table
        texts = table["text"].to_numpy(dtype=object)
        return [
            texts[start:end][:top].tolist()
            for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)
        ]

    @cached_property
    def _unique_facts_table(self) -> tuple[pd.DataFrame, np.ndarray[Any, Any]]:
        """The rows :meth:`unique_facts` lists for every article, grouped by article (each
        group in its own order) with the group bounds: a report asks for every article in
        turn, and scanning the whole sentence table per article took a second at 1,000."""
        unique = self._unique_sentences
        owner = self.sentences["article_index"].to_numpy(dtype=np.int64)[unique]
        order = np.argsort(owner, kind="stable")
        picked = self.sentences.iloc[unique[order]]
        table = picked[["article", "sentence", "text"]].reset_index(drop=True)
        return table, np.searchsorted(owner[order], np.arange(len(self.ids) + 1))

    @cached_property
    def _unique_sentences(self) -> np.ndarray[Any, Any]:
        """Every article's unique sentences, by article, most relevant first: computed once
        for the set, since a report asks for every article in turn."""
        return digest.unique_sentences(
            self._reuse_rows, self.sentences, self._sentence_tfidf, len(self.ids), self.n_jobs
        )

    # -- plots and the report -------------------------------------------------------------

    def plot_similarity(self, ax: Any = None) -> Any:
        """The similarity table as a heat map (needs matplotlib); returns the Figure, or
        draws into ``ax`` and returns its Figure.

        >>> import matplotlib; matplotlib.use("Agg")
        >>> from storylens.datasets import load_sample
        >>> load_sample().clean().compare().plot_similarity().axes[0].get_title()
        'Similarity'
        """
        return plots.plot_similarity(self.similarity, ax=ax)

    def plot_terms(
        self,
        article: str | int | None = None,
        top: int = 15,
        ax: Any = None,
        *,
        min_z: float = 1.96,
    ) -> Any:
        """A bar chart of an article's distinctive terms (z-scores, only those reaching
        ``min_z``; the title says when there is none), or of the shared terms (their counts)
        when ``article`` is None (needs matplotlib); returns the Figure, or draws into ``ax``
        and returns its Figure.

        >>> import matplotlib; matplotlib.use("Agg")
        >>> from storylens.datasets import load_sample
        >>> figure = load_sample().clean().compare().plot_terms("continental-review", top=5)
        >>> len(figure.axes[0].patches)
        5
        """
        if article is None:
            return plots.plot_terms(self.shared_terms(top=top), "count", "Shared terms", ax=ax)
        frame = self.distinctive_terms(article, top=top, min_z=min_z)
        title = f"Distinctive terms of {article}"
        if frame.empty:
            title = f"No significantly distinctive term of {article}"
        return plots.plot_terms(frame, "z", title, ax=ax)

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
        # Comparisons pickled before the sentence encoder existed have none; those pickled
        # before the reporting-verb filter used the language's stop list unless told.
        state = {"sentence_encoder": None, "_language_stop_words": True, **state}
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"Comparison({len(self.ids)} articles, {len(self.terms)} terms)"

    def _repr_html_(self) -> str:
        # A notebook display must stay small and never refuse: above a few dozen articles it
        # shows the closest pairs (a sparse top-k) instead of the N-by-N table.
        if len(self.ids) <= MAX_TABLE_ARTICLES:
            return comparison_html(repr(self), self.similarity)
        return closest_pairs_html(repr(self), self.nearest(1), len(self.ids))
