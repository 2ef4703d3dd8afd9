"""The reuse map's memory budget: the number of matches cannot be known in advance, so the
core counts the rows while it finds them and refuses soon after they pass the budget
(``storylens.set_config(memory_limit=...)``, else ``MAX_REUSE_BYTES``), with a message that
names the step, the limit, the setting and what scales; the quadratic steps built from the
map refuse before they allocate. A budget that fits changes nothing."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import storylens
from storylens.compare import reuse
from storylens.datasets import load_sample
from storylens.exceptions import ResourceLimitError

SETTING = "storylens.set_config(memory_limit=...)"
PER_STORY = "for story in articles.stories().sets(): story.compare().reuse()"


@pytest.fixture(scope="module")
def sample() -> Any:
    return load_sample().clean()


@pytest.fixture(scope="module")
def matches(sample: Any) -> int:
    """The number of rows of the sample's map (matches only)."""
    return len(sample.compare()._reuse_rows)


def refusal(action: Callable[[], Any]) -> str:
    """The message of the ``ResourceLimitError`` that ``action`` raises."""
    with pytest.raises(ResourceLimitError) as refused:
        action()
    return str(refused.value)


def test_the_map_refuses_under_a_small_limit_naming_the_step_limit_setting_and_advice(
    sample: Any,
) -> None:
    with storylens.config_context(memory_limit="1kB"):
        message = refusal(lambda: sample.compare().reuse())
    assert message.startswith("the reuse map of 7 articles has more than 11 matches")
    assert "memory limit of 1.00 kB" in message and SETTING in message
    assert PER_STORY in message
    assert isinstance(ResourceLimitError(message), MemoryError)


def test_the_built_in_limit_applies_while_no_memory_limit_is_set(
    sample: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reuse, "MAX_REUSE_BYTES", 1_000)
    message = refusal(lambda: sample.compare().reuse())
    assert "built-in limit of 1.00 kB (storylens.compare.reuse.MAX_REUSE_BYTES)" in message
    assert f"while {SETTING} is not set" in message
    assert message.endswith("or set a memory_limit that fits")
    # A memory_limit that is set replaces the built-in limit, higher as well as lower.
    with storylens.config_context(memory_limit="1GB"):
        assert len(sample.compare().reuse()) > 0


def test_a_limit_that_fits_changes_nothing(sample: Any) -> None:
    free = sample.compare()
    with storylens.config_context(memory_limit="1GB"):
        capped = sample.compare()
        assert capped.reuse().equals(free.reuse())
        assert capped.reuse(all_pairs=True).equals(free.reuse(all_pairs=True))
        assert capped.reuse(include_unique=True).equals(free.reuse(include_unique=True))
        assert capped.reuse_summary().equals(free.reuse_summary())
        assert capped.sources().equals(free.sources())


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_the_decision_is_the_same_at_the_budget_for_any_thread_count(
    sample: Any, matches: int, n_jobs: int
) -> None:
    """A budget of exactly the map's rows passes and one row less refuses, whatever the
    number of threads that count them."""
    exact = matches * reuse.MAP_ROW_BYTES
    with storylens.config_context(memory_limit=exact):
        assert len(sample.compare(n_jobs=n_jobs)._reuse_rows) == matches
    with storylens.config_context(memory_limit=exact - 1):
        message = refusal(lambda: sample.compare(n_jobs=n_jobs)._reuse_rows)
    assert f"more than {matches - 1:,} matches" in message


def one_story(n_articles: int, n_sentences: int) -> list[str]:
    """``n_articles`` outlets reprinting one wire story of ``n_sentences`` sentences, each
    with a line of its own: every sentence matches in every other article."""
    wire = [
        f"The harbour board of Kestra said on Friday that pier {i} would stay shut "
        f"until the cranes on berth {i} are repaired."
        for i in range(n_sentences)
    ]
    return [
        " ".join([*wire, f"Outlet number {a} adds its own remark about the weather."])
        for a in range(n_articles)
    ]


def peak_added(action: Callable[[], Any]) -> int:
    """The bytes the process's peak RSS rose above its RSS while ``action`` ran."""

    def field(name: str) -> int:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith(name + ":"))
        return int(line.split()[1]) * 1024

    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # resets the peak mark to the current RSS
    before = field("VmRSS")
    action()
    return field("VmHWM") - before


def test_the_map_stops_early_before_its_rows_grow() -> None:
    """On a set whose full map holds 3.4 million rows (160 MB in the core's columns alone;
    the whole map adds about 260 MB), a tiny budget refuses after a thousand: the rows found
    never pile up first (it adds about 2 MB)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comparison = storylens.ArticleSet.from_texts(one_story(400, 20)).compare()
    comparison.sentences, comparison._sentence_tfidf  # noqa: B018 (built before measuring)
    full_rows = 400 * 21 * 399  # the outlets' own lines match each other too
    with storylens.config_context(memory_limit=1_000 * reuse.MAP_ROW_BYTES):
        added = peak_added(lambda: refusal(lambda: comparison._reuse_rows))
    assert added < full_rows * 48 // 4, f"{added:,} bytes"


def test_the_steps_built_from_the_map_refuse_before_they_allocate(sample: Any) -> None:
    n = 2_000
    dates = [None] * n
    shares = np.zeros((2, 2))
    with storylens.config_context(memory_limit="10MB"):
        message = refusal(lambda: reuse.likely_sources(np.zeros((n, n)), dates, 0.2))
        assert message.startswith("the likely sources of 2,000 articles needs about 288 MB")
        assert ".sources()" in message
        rows = sample.compare()._reuse_rows
        message = refusal(lambda: reuse.reuse_shares(rows, sample.compare().sentences, n))
        assert message.startswith("the reuse shares of 2,000 articles needs about 32.0 MB")
        message = refusal(
            lambda: reuse.reuse_summary(
                rows, sample.compare().sentences, shares, ["a"] * n, dates, 0.2
            )
        )
        assert message.startswith("the reuse summary of 2,000 articles needs about 416 MB")
        assert ".reuse_summary()" in message
    # Without a memory_limit these steps have no built-in cap.
    assert reuse.likely_sources(np.zeros((n, n)), dates, 0.2)[0].shape == (n, n)


def test_listings_refuse_by_their_rows(sample: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    comparison = sample.compare()
    n_sentences = len(comparison.sentences)
    # The listing with unique rows: one row per sentence and other article, known ahead.
    listing = n_sentences * 6 * (reuse.MAP_ROW_BYTES + reuse.LISTING_ROW_BYTES)
    with storylens.config_context(memory_limit=listing):
        assert len(comparison.reuse(include_unique=True)) == n_sentences * 6
    with storylens.config_context(memory_limit=listing - 1):
        message = refusal(lambda: sample.compare().reuse(include_unique=True))
    assert message.startswith("the reuse listing with unique rows of 7 articles")
    assert "include_unique=False" in message
    # The listing of every pair's matches, from the map once it is built.
    comparison._reuse_rows  # noqa: B018 (the map is built before the limit drops)
    monkeypatch.setattr(reuse, "MAX_REUSE_BYTES", reuse.LISTING_ROW_BYTES * 10)
    message = refusal(lambda: comparison.reuse(all_pairs=True))
    assert message.startswith(f"the reuse listing of {len(comparison._reuse_rows):,} rows")
    assert "storylens.compare.reuse.MAX_REUSE_BYTES" in message
    assert "compact map (reuse())" in message
