"""``storylens.set_config(memory_limit=...)`` bounds the large allocations storylens can plan:
each step refuses with ``ResourceLimitError`` before it allocates, naming the step, the
estimate, the limit and the setting; a generous limit changes nothing; with no limit the
built-in caps stay, and a limit that is set replaces them."""

from __future__ import annotations

import threading
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
import storylens
from storylens._budget import budget_bytes, check_budget, dense_bytes, format_bytes
from storylens.compare import similarity as similarity_module
from storylens.compare import topics as topics_module
from storylens.datasets import load_sample
from storylens.exceptions import ResourceLimitError

SETTING = "storylens.set_config(memory_limit=...)"


@pytest.fixture(scope="module")
def sample() -> Any:
    return load_sample().clean()


def refusal(action: Callable[[], Any]) -> str:
    """The message of the ``ResourceLimitError`` that ``action`` raises."""
    with pytest.raises(ResourceLimitError) as refused:
        action()
    assert isinstance(refused.value, MemoryError)
    return str(refused.value)


def peak_while(action: Callable[[], Any]) -> int:
    """The peak of memory traced by Python (numpy included) while ``action`` runs and
    raises ``ResourceLimitError``."""
    tracemalloc.start()
    try:
        with pytest.raises(ResourceLimitError):
            action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# -- the check itself ----------------------------------------------------------------------


def test_the_message_names_the_step_the_estimate_the_limit_and_the_setting() -> None:
    with storylens.config_context(memory_limit="2MB"):
        message = refusal(lambda: check_budget("the big table", 3_000_001, hint="ask for less"))
    assert message == (
        "the big table needs about 3.00 MB, above the memory limit of 2.00 MB set by "
        f"{SETTING}; ask for less"
    )


def test_an_estimate_equal_to_the_limit_fits() -> None:
    with storylens.config_context(memory_limit=1000):
        check_budget("a table", 1000, hint="")
        refusal(lambda: check_budget("a table", 1001, hint=""))


def test_a_limit_that_is_set_replaces_the_built_in_cap_both_ways() -> None:
    def capped(needed: int) -> None:
        check_budget("a table", needed, hint="less", default_limit=100, default_name="CAP")

    capped(100)
    message = refusal(lambda: capped(101))
    assert "built-in limit of 100 bytes (CAP)" in message and SETTING in message
    with storylens.config_context(memory_limit=1000):
        capped(1000)  # higher than the cap
    with storylens.config_context(memory_limit=50):
        refusal(lambda: capped(60))  # lower than the cap
    assert budget_bytes(100) == 100 and budget_bytes() is None


def test_without_a_limit_or_a_cap_nothing_is_checked() -> None:
    check_budget("a huge table", 10**18, hint="")


def test_sizes_read_in_the_units_memory_limit_takes() -> None:
    assert format_bytes(2 * 10**9) == "2.00 GB"
    assert format_bytes(123_456_789) == "123 MB"
    assert format_bytes(999) == "999 bytes"
    assert dense_bytes(3, 4) == 96 and dense_bytes(3, 4, itemsize=1) == 12


# -- the similarity table -----------------------------------------------------------------


def test_the_similarity_table_refuses_under_a_small_limit(sample: Any) -> None:
    comparison = sample.compare()
    with storylens.config_context(memory_limit=300):
        message = refusal(lambda: comparison.similarity)
        # What the message offers works under the same limit.
        assert len(comparison.nearest(2)) == 14
    assert "the similarity table of 7 articles needs about 392 bytes" in message
    assert "memory limit of 300 bytes" in message and SETTING in message
    assert "nearest(k)" in message and "stories()" in message


def test_the_similarity_table_is_unchanged_under_a_large_limit(sample: Any) -> None:
    expected = sample.compare().similarity
    with storylens.config_context(memory_limit="1GB"):
        within = sample.compare().similarity
    assert within.equals(expected)


def test_a_limit_raises_the_built_in_cap(sample: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(similarity_module, "MAX_SIMILARITY_BYTES", 100)
    message = refusal(lambda: sample.compare().similarity)
    assert "storylens.compare.similarity.MAX_SIMILARITY_BYTES" in message and SETTING in message
    storylens.set_config(memory_limit="1MB")
    assert sample.compare().similarity.shape == (7, 7)


def test_the_built_in_cap_applies_without_a_limit() -> None:
    similarity_module.check_dense_size(5_000)
    message = refusal(lambda: similarity_module.check_dense_size(20_000))
    assert "built-in limit of 1.07 GB" in message and "MAX_SIMILARITY_BYTES" in message
    with storylens.config_context(memory_limit="4GB"):
        similarity_module.check_dense_size(20_000)


def test_the_similarity_table_refuses_before_it_allocates() -> None:
    n = 20_000  # a 3.2 GB table
    rows = sp.identity(n, format="csr")
    ids = [str(i) for i in range(n)]
    with storylens.config_context(memory_limit="100MB"):
        peak = peak_while(lambda: similarity_module.cosine_similarity(rows, ids))
    assert peak < 10 * 10**6


def test_the_similarity_estimate_covers_what_the_table_uses() -> None:
    n = 1_200  # more than one block of rows
    rows = sp.random(n, 60, density=0.2, format="csr", random_state=np.random.default_rng(0))
    ids = [str(i) for i in range(n)]
    tracemalloc.start()
    try:
        similarity_module.cosine_similarity(rows, ids)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Beside the planned table and block: copies of the sparse input and the labels.
    assert peak <= similarity_module.similarity_table_bytes(n) + 64 * rows.nnz + 10**6


# -- topics -------------------------------------------------------------------------------


def test_topics_refuse_under_a_small_limit_and_work_under_a_large_one(sample: Any) -> None:
    comparison = sample.compare()
    with storylens.config_context(memory_limit="10kB"):
        message = refusal(lambda: comparison.topics(3))
    assert "a 3-topic model of 7 articles and" in message
    assert "memory limit of 10.0 kB" in message and SETTING in message
    assert "fewer topics" in message
    expected = comparison.topics(3)
    with storylens.config_context(memory_limit="1GB"):
        within = comparison.topics(3)
    assert np.array_equal(within.w, expected.w) and np.array_equal(within.h, expected.h)


def test_the_topic_model_refuses_before_the_core_fits(
    sample: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: Any) -> Any:
        raise AssertionError("the core was called")

    comparison = sample.compare()
    monkeypatch.setattr(topics_module._core, "nmf", never)
    with storylens.config_context(memory_limit="10kB"):
        refusal(lambda: comparison.topics(3))


def test_the_topic_similarity_table_refuses_before_it_allocates(sample: Any) -> None:
    found = sample.compare().topics(2)
    with storylens.config_context(memory_limit=300):
        message = refusal(found.similarity)
    assert "the topic similarity table of 7 articles needs about 392 bytes" in message
    assert "memory limit of 300 bytes" in message and SETTING in message
    n = 20_000
    mixture = found.mixture.iloc[np.zeros(n, dtype=int)].set_axis([str(i) for i in range(n)])
    large = topics_module.Topics(
        terms=found.terms, mixture=mixture, w=found.w, h=found.h, reconstruction_err=0.0, n_iter=1
    )
    assert peak_while(large.similarity) < 10 * 10**6  # the cap, with no limit set
    with storylens.config_context(memory_limit="100MB"):
        assert peak_while(large.similarity) < 10 * 10**6
    assert found.similarity().shape == (7, 7)


# -- the settings -------------------------------------------------------------------------


def test_config_context_restores_the_limit(sample: Any) -> None:
    comparison = sample.compare()
    storylens.set_config(memory_limit="1GB")
    with storylens.config_context(memory_limit=100):
        refusal(lambda: comparison.similarity)
        with storylens.config_context(memory_limit="1MB"):
            assert comparison.similarity.shape == (7, 7)
        assert storylens.get_config()["memory_limit"] == 100
    assert storylens.get_config()["memory_limit"] == 10**9
    assert sample.compare().similarity.shape == (7, 7)


def test_a_process_wide_limit_applies_in_other_threads(sample: Any) -> None:
    comparison = sample.compare()
    storylens.set_config(memory_limit=100)
    raised: list[BaseException] = []

    def work() -> None:
        try:
            _ = comparison.similarity
        except ResourceLimitError as error:
            raised.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert len(raised) == 1 and SETTING in str(raised[0])


# -- storylens.dask -----------------------------------------------------------------------


def dask_blocks() -> Any:
    """TF-IDF blocks of 60 short texts in 3 partitions, as storylens.dask returns them."""
    import dask.dataframe as dd
    import pandas as pd
    import storylens.dask

    texts = dd.from_pandas(pd.Series(["the port reopened", "storm closed it"] * 30), npartitions=3)
    return storylens.dask.TfidfVectorizer().fit_transform(texts)


def test_a_block_by_block_top_k_refuses_on_the_client_before_any_task() -> None:
    from storylens.dask._blocks import check_block_pairs, check_blocks, top_k_task_bytes

    _, rows = check_blocks(dask_blocks())
    needed = top_k_task_bytes(max(rows), max(rows), 5, split_every=8, labelled=True)
    assert needed == 8 * max(rows) * 5 * 84  # the merge task is the larger here

    def check() -> None:
        check_block_pairs("storylens.dask.nearest", rows, 5, split_every=8, labelled=True)

    check()  # no limit set: the workers' own memory_limit protects them
    with storylens.config_context(memory_limit=needed):
        check()
    with storylens.config_context(memory_limit=needed - 1):
        message = refusal(check)
    assert f"storylens.dask.nearest: one task of a block of {max(rows)} rows" in message
    assert SETTING in message and "repartition" in message


def test_dask_nearest_refuses_on_the_client_under_a_small_limit() -> None:
    import storylens.dask

    blocks = dask_blocks()
    with storylens.config_context(memory_limit=1_000):
        message = refusal(lambda: storylens.dask.nearest(blocks, 5))
    assert "storylens.dask.nearest: one task of a block of 20 rows" in message
    local = storylens.compare.nearest(blocks.compute(scheduler="sync"), 5)
    found = storylens.dask.nearest(blocks, 5).compute(scheduler="sync")
    assert found.reset_index(drop=True).equals(local.reset_index(drop=True))


def test_the_clients_limit_travels_with_a_task() -> None:
    import dask
    from storylens.dask._tasks import check_task_budget, client_settings, task_settings

    def task(settings: Any) -> str:
        with task_settings(settings):
            check_task_budget("a block's table", 8_000, hint="use smaller partitions")
        return "ran"

    with storylens.config_context(memory_limit=1_000):
        refused = dask.delayed(task)(client_settings())
    with storylens.config_context(memory_limit=10_000):
        allowed = dask.delayed(task)(client_settings())
    # Computed outside the contexts: the limit is the one the graph was built under.
    message = refusal(lambda: refused.compute(scheduler="sync"))
    assert "a block's table needs about 8.00 kB" in message and SETTING in message
    assert allowed.compute(scheduler="sync") == "ran"


def test_in_a_worker_a_task_without_a_limit_gets_its_share_of_the_workers(
    thread_client: Any,
) -> None:
    from storylens.dask._tasks import check_task_budget, worker_task_memory

    (worker,) = thread_client.scheduler_info()["workers"].values()
    share = worker["memory_limit"] // worker["nthreads"]
    assert thread_client.submit(worker_task_memory, pure=False).result() == share
    assert worker_task_memory() is None  # not in a worker
    fits = thread_client.submit(check_task_budget, "a block", share, hint="h", pure=False)
    assert fits.result() is None
    too_large = thread_client.submit(check_task_budget, "a block", share + 1, hint="h", pure=False)
    message = refusal(too_large.result)
    assert "the worker's memory_limit divided by its threads" in message


@pytest.mark.parametrize("labelled", [False, True])
def test_the_merge_estimate_covers_what_a_merge_uses(labelled: bool) -> None:
    from storylens.dask._blocks import top_k_task_bytes
    from storylens.dask._nearest import _Merge

    rows, k, split_every = 5_000, 5, 8
    rng = np.random.default_rng(0)
    labels = np.full((rows, k), "id", dtype=object) if labelled else None
    parts = [
        (rng.integers(0, 10**6, (rows, k)), rng.random((rows, k)), labels)
        for _ in range(split_every)
    ]
    held = sum(
        part[0].nbytes + part[1].nbytes + (8 * rows * k if labelled else 0) for part in parts
    )
    tracemalloc.start()
    try:
        _Merge(k)(*parts)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    estimate = top_k_task_bytes(rows, rows, k, split_every=split_every, labelled=labelled)
    assert held + peak <= estimate


def test_report_refuses_before_building_above_the_memory_limit() -> None:
    from storylens.report import build_report

    articles = storylens.ArticleSet.from_texts(
        [f"Storm {i} hit the harbour of Corvale on day {i}." for i in range(40)]
    )
    comparison = articles.compare()
    with storylens.config_context(memory_limit=10_000):
        with pytest.raises(ResourceLimitError, match=r"a report of 40 articles needs about"):
            build_report(articles, comparison)
    assert build_report(articles, comparison)["similarity"]["ids"] == comparison.ids
