"""``storylens.dask.HashingVectorizer``: the local one mapped over the partitions (it learns
nothing, so each partition is hashed on its own)."""

from __future__ import annotations

from typing import Any

from storylens._config import Config
from storylens.dask._blocks import csr_blocks, partition_errors, text_partitions
from storylens.dask._tasks import client_settings, task_settings
from storylens.feature_extraction import HashingVectorizer as LocalHashingVectorizer

__all__ = ["HashingVectorizer"]


class HashingVectorizer(LocalHashingVectorizer):
    """:class:`storylens.HashingVectorizer` on a dask Series, DataFrame column or Bag of texts:
    the same parameters, and a dask array of CSR blocks (one per partition, known chunk
    sizes) equal, block by block, to the local transform of each partition.

    >>> import dask.bag as db
    >>> texts = db.from_sequence(["wire story", "story", "wire"], npartitions=2)
    >>> X = HashingVectorizer(n_features=16).transform(texts)
    >>> X.chunks, X.compute().shape
    (((2, 1), (16,)), (3, 16))
    """

    def to_local(self) -> LocalHashingVectorizer:
        """The single-machine estimator with the same parameters.

        >>> HashingVectorizer(n_features=8).to_local().n_features
        8
        """
        return LocalHashingVectorizer(**self.get_params())

    def fit(self, X: Any, y: Any = None) -> HashingVectorizer:
        """Only validates the parameters (the vectorizer is stateless).

        >>> HashingVectorizer().fit(None).n_features
        1048576
        """
        self.to_local().fit([])
        return self

    def transform(self, X: Any) -> Any:
        """The hashed feature matrix of the texts ``X``, lazily: a dask array of CSR blocks.

        >>> import dask.bag as db
        >>> HashingVectorizer(n_features=4).transform(db.from_sequence(["a b"])).shape
        (1, 4)
        """
        import dask

        local = self.to_local()
        empty = local.transform([])  # checks the parameters; the blocks' type and dtype
        parts, lengths = text_partitions(X)
        settings = client_settings()
        firsts = [sum(lengths[:i]) for i in range(len(lengths))]
        blocks = [
            dask.delayed(_hash_partition)(local, part, index, first, settings)
            for index, (part, first) in enumerate(zip(parts, firsts, strict=True))
        ]
        return csr_blocks(blocks, lengths, int(self.n_features), empty.dtype)

    def fit_transform(self, X: Any, y: Any = None) -> Any:
        """Same as ``transform`` (nothing is learned).

        >>> import dask.bag as db
        >>> HashingVectorizer(n_features=4).fit_transform(db.from_sequence(["a"])).shape
        (1, 4)
        """
        return self.fit(X).transform(X)


def _hash_partition(
    vectorizer: LocalHashingVectorizer, texts: Any, index: int, first: int, settings: Config
) -> Any:
    with task_settings(settings), partition_errors(index, first):
        return vectorizer.transform(list(texts))
