"""``storylens.dask.CountVectorizer`` and ``TfidfVectorizer``: the local estimators fitted on a
dask collection of texts, with exactly the single-machine result.

``fit`` counts each partition into :class:`~storylens.CorpusStats` on the workers, adds them
up in a tree (fan-in ``split_every``), and fits from the sum on the client: ``min_df``,
``max_df`` and ``max_features`` are applied to the counts of the whole corpus, never of one
partition, and the idf comes from the global document frequencies. ``transform`` sends the
fitted local estimator (its vocabulary and idf, nothing else) to the workers, and each
partition becomes one CSR block of a dask array.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from storylens._config import Config
from storylens.dask._blocks import csr_blocks, delayed_partitions, tree_reduce
from storylens.dask._tasks import client_settings, task_settings
from storylens.exceptions import DocumentTypeError, InvalidDocumentError
from storylens.feature_extraction import CorpusStats
from storylens.feature_extraction import CountVectorizer as LocalCountVectorizer
from storylens.feature_extraction import TfidfVectorizer as LocalTfidfVectorizer
from storylens.feature_extraction.corpus_stats import count_stats

__all__ = ["CountVectorizer", "TfidfVectorizer"]

#: How many statistics each step of the reduction tree merges.
SPLIT_EVERY = 8


class _DaskFitting:
    """What the dask vectorizers add to the local ones: fit and transform on collections."""

    # The local estimator this class runs on the workers (set by each class below).
    _local_class: type[LocalCountVectorizer]

    def to_local(self) -> Any:
        """The single-machine estimator with the same parameters and fitted state.

        >>> import dask.bag as db
        >>> from storylens.dask import CountVectorizer
        >>> texts = db.from_sequence(["wire story", "story"], npartitions=2)
        >>> local = CountVectorizer().fit(texts).to_local()
        >>> type(local).__module__, local.transform(["story"]).toarray().tolist()
        ('storylens.feature_extraction.count', [[1, 0]])
        """
        local = self._local_class(**self.get_params())  # type: ignore[attr-defined]
        for name in self._local_class._FITTED_ATTRIBUTES:
            if name in self.__dict__:
                setattr(local, name, self.__dict__[name])
        return local

    def _adopt(self, local: LocalCountVectorizer) -> None:
        """Takes the fitted state of ``local`` (fitted with this estimator's parameters)."""
        for name in self._local_class._FITTED_ATTRIBUTES:
            self.__dict__.pop(name, None)
            if name in local.__dict__:
                self.__dict__[name] = local.__dict__[name]

    def _collection_stats(
        self, raw_documents: Any, split_every: int
    ) -> tuple[CorpusStats, list[int]]:
        """The statistics of every document of the collection (counted per partition on the
        workers, merged in a tree), and the number of documents of each partition."""
        import dask

        local = self._local_class(**self.get_params())  # type: ignore[attr-defined]
        # Parameter errors surface here, before any task runs.
        local._check_count_params()
        local._plan()
        parts = delayed_partitions(raw_documents)
        settings = client_settings()
        leaves = [
            dask.delayed(_partition_stats)(local, part, index, settings)
            for index, part in enumerate(parts)
        ]
        total = tree_reduce(leaves, _merge_stats, split_every)
        counts = [dask.delayed(_n_documents)(leaf) for leaf in leaves]
        stats, *lengths = dask.compute(total, *counts)
        return stats, [int(n) for n in lengths]

    def fit(self, raw_documents: Any, y: Any = None, *, split_every: int = SPLIT_EVERY) -> Any:
        """Learn the vocabulary (and idf) from a dask Series, DataFrame column or Bag of
        texts: the partitions' statistics are counted on the workers and merged in a tree
        of fan-in ``split_every``; the fit applies to the whole corpus's counts.

        >>> import dask.bag as db
        >>> from storylens.dask import CountVectorizer
        >>> texts = db.from_sequence(["zz aa", "yy bb"], npartitions=2)
        >>> CountVectorizer(max_features=2).fit(texts).get_feature_names_out().tolist()
        ['aa', 'bb']
        """
        self._fit_collection(raw_documents, split_every)
        return self

    def _fit_collection(self, raw_documents: Any, split_every: int) -> list[int]:
        stats, lengths = self._collection_stats(raw_documents, split_every)
        local = self._local_class(**self.get_params())  # type: ignore[attr-defined]
        local.fit_from_stats(stats)
        self._adopt(local)
        return lengths

    def partial_fit(
        self, raw_documents: Any, y: Any = None, *, split_every: int = SPLIT_EVERY
    ) -> Any:
        """Add the statistics of a dask collection of texts to ``corpus_stats_``; call
        ``finalize()`` to fit from all the texts added so far.

        >>> import dask.bag as db
        >>> from storylens.dask import CountVectorizer
        >>> v = CountVectorizer(min_df=2).partial_fit(db.from_sequence(["aa bb", "bb"]))
        >>> v.partial_fit(db.from_sequence(["aa"])).finalize().get_feature_names_out().tolist()
        ['aa', 'bb']
        """
        self._check_can_add_stats()  # type: ignore[attr-defined]
        stats, _ = self._collection_stats(raw_documents, split_every)
        self._add_stats(stats)  # type: ignore[attr-defined]
        return self

    def transform(self, raw_documents: Any) -> Any:
        """The matrix of a dask collection of texts: a dask array of CSR blocks, one per
        partition, with known chunk sizes, equal block by block to the local ``transform``.

        >>> import dask.bag as db
        >>> from storylens.dask import CountVectorizer
        >>> texts = db.from_sequence(["red sky", "red sea", "sea"], npartitions=2)
        >>> X = CountVectorizer().fit(texts).transform(texts)
        >>> X.chunks, X.compute().toarray().tolist()
        (((2, 1), (3,)), [[1, 0, 1], [1, 1, 0], [0, 1, 0]])
        """
        import dask

        local = self.to_local()
        local._check_fitted()
        if isinstance(local, LocalTfidfVectorizer) and not hasattr(local, "_tfidf"):
            local.transform([])  # the local estimator's NotFittedError
        parts = delayed_partitions(raw_documents)
        lengths = dask.compute(*[dask.delayed(_n_rows)(part) for part in parts])
        return self._blocks(local, parts, [int(n) for n in lengths])

    def fit_transform(
        self, raw_documents: Any, y: Any = None, *, split_every: int = SPLIT_EVERY
    ) -> Any:
        """``fit`` then ``transform`` of the same collection (the partitions' sizes come
        from the fit, so the texts are read twice, not three times).

        >>> import dask.bag as db
        >>> from storylens.dask import TfidfVectorizer
        >>> texts = db.from_sequence(["aa bb", "bb"], npartitions=2)
        >>> TfidfVectorizer(norm=None).fit_transform(texts).compute().toarray().round(3).tolist()
        [[1.405, 1.0], [0.0, 1.0]]
        """
        lengths = self._fit_collection(raw_documents, split_every)
        return self._blocks(self.to_local(), delayed_partitions(raw_documents), lengths)

    def _blocks(self, local: LocalCountVectorizer, parts: list[Any], lengths: list[int]) -> Any:
        import dask

        n_features = len(local._vocabulary)
        dtype = _output_dtype(local)
        # One copy of the fitted estimator in the graph, shared by every block's task.
        shared = dask.delayed(local, pure=True)
        settings = client_settings()
        blocks = [
            dask.delayed(_transform_partition)(shared, part, index, n_features, dtype, settings)
            for index, part in enumerate(parts)
        ]
        return csr_blocks(blocks, lengths, n_features, dtype)


class CountVectorizer(_DaskFitting, LocalCountVectorizer):
    """:class:`storylens.CountVectorizer` on a dask Series, DataFrame column or Bag of texts:
    the same parameters, and the same fitted ``vocabulary_`` as the local estimator fitted
    on all the texts (``min_df``, ``max_df`` and ``max_features`` judged on the whole
    corpus). ``transform`` returns a dask array of CSR blocks, one per partition.

    >>> import dask.dataframe as dd, pandas as pd
    >>> frame = dd.from_pandas(pd.DataFrame({"text": ["aa bb", "bb cc", "cc"]}), npartitions=3)
    >>> v = CountVectorizer(min_df=2)
    >>> X = v.fit_transform(frame["text"])
    >>> v.vocabulary_, X.chunks
    ({'bb': 0, 'cc': 1}, ((1, 1, 1), (2,)))
    """

    _local_class = LocalCountVectorizer


class TfidfVectorizer(_DaskFitting, LocalTfidfVectorizer):
    """:class:`storylens.TfidfVectorizer` on a dask Series, DataFrame column or Bag of texts:
    the same parameters, and the same ``vocabulary_`` and ``idf_`` (to the last bit) as the
    local estimator fitted on all the texts. ``transform`` returns a dask array of CSR
    blocks, one per partition, which feeds scikit-learn's ``partial_fit`` estimators block
    by block:

    >>> import dask.bag as db
    >>> import numpy as np
    >>> from sklearn.linear_model import SGDClassifier
    >>> texts = db.from_sequence(["rain again", "sun out", "rain, more rain", "sun"], 2)
    >>> labels = np.array([0, 1, 0, 1])
    >>> X = TfidfVectorizer().fit_transform(texts)
    >>> model, start = SGDClassifier(random_state=0), 0
    >>> for block in X.to_delayed()[:, 0]:
    ...     rows = block.compute()
    ...     _ = model.partial_fit(rows, labels[start : start + rows.shape[0]], classes=[0, 1])
    ...     start += rows.shape[0]
    >>> model.predict(TfidfVectorizer().fit(texts).transform(texts).compute()).tolist()
    [0, 1, 0, 1]
    """

    _local_class = LocalTfidfVectorizer


# -- the tasks ---------------------------------------------------------------------------


def _documents(partition: Any) -> Any:
    """A partition's texts as the local estimators take them (a pandas Series as it is)."""
    return partition if hasattr(partition, "index") else list(partition)


def _partition_errors(index: int, error: Exception) -> Exception:
    """A document error of one partition, saying which partition (same class)."""
    return type(error)(f"{error} (in partition {index})")


def _partition_stats(
    vectorizer: LocalCountVectorizer, partition: Any, index: int, settings: Config
) -> CorpusStats:
    try:
        with task_settings(settings):
            return CorpusStats(count_stats(vectorizer, _documents(partition)))
    except (InvalidDocumentError, DocumentTypeError) as error:
        raise _partition_errors(index, error) from error


def _n_documents(stats: CorpusStats) -> int:
    return stats.n_documents


def _n_rows(partition: Any) -> int:
    return len(_documents(partition))


def _merge_stats(*parts: CorpusStats) -> CorpusStats:
    total = parts[0]
    for part in parts[1:]:
        total = total.merge(part)
    return total


def _transform_partition(
    vectorizer: LocalCountVectorizer,
    partition: Any,
    index: int,
    n_features: int,
    dtype: Any,
    settings: Config,
) -> Any:
    documents = _documents(partition)
    if len(documents) == 0:
        # TfidfVectorizer.transform refuses no documents; an empty partition is fine here.
        return sp.csr_matrix((0, n_features), dtype=dtype)
    try:
        with task_settings(settings):
            return vectorizer.transform(documents)
    except (InvalidDocumentError, DocumentTypeError) as error:
        raise _partition_errors(index, error) from error


def _output_dtype(local: LocalCountVectorizer) -> np.dtype[Any]:
    if isinstance(local, LocalTfidfVectorizer):
        return local._float_dtype()
    dtype: np.dtype[Any] = np.dtype(local.dtype)
    return dtype
