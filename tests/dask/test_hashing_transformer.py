"""``storylens.dask.HashingVectorizer`` and ``TfidfTransformer`` give the local (and
scikit-learn's) results on any partitioning; tasks on a worker use one thread each."""

from __future__ import annotations

import itertools
from typing import Any

import dask
import dask.bag as db
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import sklearn.feature_extraction.text as sk
import storylens
import storylens.dask
from distributed import Client
from storylens import _core
from storylens.dask._blocks import csr_blocks
from storylens.dask._tasks import task_settings
from storylens.exceptions import DocumentTypeError, NotFittedError

TEXTS = [
    "The port reopened on Monday after the storm.",
    "Storm damage closed the port; ferries stopped.",
    "",
    "Ferries resume service, the port authority said.",
    "the the the",
    "Officials said the storm was the worst in a decade.",
    "Port workers cleared debris overnight.",
    "A decade of storms: the port's history.",
]


def partitioned(texts: list[Any], n_partitions: int) -> Any:
    return dd.from_pandas(pd.Series(texts, dtype=object), npartitions=n_partitions, sort=False)


def assert_csr_equal(left: Any, right: Any) -> None:
    left, right = sp.csr_matrix(left), sp.csr_matrix(right)
    assert left.shape == right.shape and left.dtype == right.dtype
    np.testing.assert_array_equal(left.indptr, right.indptr)
    np.testing.assert_array_equal(left.indices, right.indices)
    assert left.data.tobytes() == right.data.tobytes()


@pytest.mark.parametrize("n_partitions", [1, 2, 7, len(TEXTS)])
def test_hashing_equals_local_on_every_partitioning(synchronous: None, n_partitions: int) -> None:
    hasher = storylens.dask.HashingVectorizer(n_features=64, ngram_range=(1, 2))
    X = hasher.transform(partitioned(TEXTS, n_partitions))
    assert len(X.chunks[0]) == n_partitions and not np.isnan(X.shape[0])
    assert_csr_equal(X.compute(), hasher.to_local().transform(TEXTS))
    assert_csr_equal(
        X.compute(), sk.HashingVectorizer(n_features=64, ngram_range=(1, 2)).transform(TEXTS)
    )


def test_hashing_takes_bags_and_columns_and_empty_partitions(synchronous: None) -> None:
    hasher = storylens.dask.HashingVectorizer(n_features=32, norm=None, alternate_sign=False)
    expected = hasher.to_local().transform(TEXTS)
    bag = db.from_sequence(TEXTS, npartitions=3)
    assert_csr_equal(hasher.fit_transform(bag).compute(), expected)
    frame = dd.from_pandas(pd.DataFrame({"text": TEXTS}), npartitions=2)
    assert_csr_equal(hasher.transform(frame["text"]).compute(), expected)
    pieces = [TEXTS[:3], [], TEXTS[3:]]
    with_empty = dd.from_delayed(
        [dask.delayed(pd.Series)(piece, dtype=object) for piece in pieces],
        meta=pd.Series([], dtype=object),
    )
    X = hasher.transform(with_empty)
    assert X.chunks[0] == (3, 0, 5)
    assert_csr_equal(X.compute(), expected)


def test_hashing_refuses_what_is_not_a_dask_collection_of_texts(synchronous: None) -> None:
    hasher = storylens.dask.HashingVectorizer()
    frame = dd.from_pandas(pd.DataFrame({"text": TEXTS}), npartitions=2)
    with pytest.raises(DocumentTypeError, match="pass one column"):
        hasher.transform(frame)
    with pytest.raises(DocumentTypeError, match="to_local"):
        hasher.transform(TEXTS)


def test_a_missing_document_raises_the_local_error(synchronous: None) -> None:
    texts = partitioned([*TEXTS[:3], None, *TEXTS[3:]], 3)
    with pytest.raises(DocumentTypeError, match="document 3: expected str or bytes"):
        storylens.HashingVectorizer().transform([*TEXTS[:3], None])
    with pytest.raises(DocumentTypeError, match="whose first document is document 3 of the"):
        storylens.dask.HashingVectorizer().transform(texts).compute()


COUNTS = sk.CountVectorizer().fit_transform(TEXTS)


def count_blocks(counts: Any, bounds: list[int]) -> Any:
    pieces = [dask.delayed(counts[a:b]) for a, b in itertools.pairwise(bounds)]
    return csr_blocks(pieces, np.diff(bounds).tolist(), counts.shape[1], counts.dtype)


@pytest.mark.parametrize("bounds", [[0, 8], [0, 4, 8], [0, 1, 2, 3, 3, 5, 7, 8]])
@pytest.mark.parametrize(
    "params",
    [{}, {"smooth_idf": False}, {"sublinear_tf": True, "norm": "l1"}, {"use_idf": False}],
)
def test_tfidf_transformer_equals_scikit_learn(
    synchronous: None, bounds: list[int], params: dict[str, Any]
) -> None:
    transformer = storylens.dask.TfidfTransformer(**params)
    X = transformer.fit_transform(count_blocks(COUNTS, bounds))
    reference = sk.TfidfTransformer(**params).fit(COUNTS)
    if params.get("use_idf", True):
        assert transformer.idf_.tobytes() == reference.idf_.tobytes()
    else:
        assert not hasattr(transformer, "idf_")
    assert X.chunks[0] == tuple(np.diff(bounds))
    assert_csr_equal(X.compute(), reference.transform(COUNTS))
    local = transformer.to_local()
    assert type(local) is storylens.TfidfTransformer
    assert_csr_equal(local.transform(COUNTS), reference.transform(COUNTS))


def test_tfidf_transformer_keeps_float32_and_needs_a_fit(synchronous: None) -> None:
    counts = COUNTS.astype(np.float32)
    transformer = storylens.dask.TfidfTransformer()
    with pytest.raises(NotFittedError):
        transformer.transform(count_blocks(counts, [0, 8]))
    X = transformer.fit(count_blocks(counts, [0, 3, 8])).transform(count_blocks(counts, [0, 8]))
    reference = sk.TfidfTransformer().fit(counts)
    assert transformer.idf_.dtype == reference.idf_.dtype == np.float32
    assert_csr_equal(X.compute(), reference.transform(counts))


def test_hashing_then_tfidf_on_worker_processes(process_client: Client) -> None:
    hasher = storylens.dask.HashingVectorizer(n_features=256, norm=None, alternate_sign=False)
    with process_client.as_current():
        counts = hasher.transform(partitioned(TEXTS, 3))
        X = storylens.dask.TfidfTransformer().fit_transform(counts).compute()
    local_counts = hasher.to_local().transform(TEXTS)
    assert_csr_equal(X, sk.TfidfTransformer().fit_transform(local_counts))


def test_hashing_on_a_threaded_worker(thread_client: Client) -> None:
    hasher = storylens.dask.HashingVectorizer(n_features=128)
    with thread_client.as_current():
        X = hasher.transform(partitioned(TEXTS * 20, 4)).compute()
    assert_csr_equal(X, hasher.to_local().transform(TEXTS * 20))


def threads_in_task(settings: Any) -> int:
    with task_settings(settings):
        return _core.resolve_threads(None)


def test_a_task_on_a_worker_uses_its_slots_thread_unless_told(process_client: Client) -> None:
    unset = storylens.get_config()
    assert process_client.submit(threads_in_task, unset, pure=False).result() == 1
    with storylens.config_context(n_threads=2):
        told = storylens.get_config()
    assert process_client.submit(threads_in_task, told, pure=False).result() == 2
    # Outside a worker, nothing changes.
    assert threads_in_task(unset) == _core.resolve_threads(None)
