"""Floors on the labelled cleaning corpus (``tests/fixtures/cleaning``), scored by the same
code as ``benches/cleaning_quality.py``. The held-out split was written by a second author and
is never tuned on, so its floors are the honest ones; the dev split's are there to catch a
regression in what the rules were built on."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "cleaning"

#: Floors a little under the figures measured when they were set (benches/README.md).
FLOORS = {
    "dev": {"precision": 0.98, "recall": 0.96, "f1": 0.97, "content_removed": 0.01},
    "heldout": {"precision": 0.97, "recall": 0.91, "f1": 0.94, "content_removed": 0.03},
}


def _bench() -> ModuleType:
    path = ROOT / "benches" / "cleaning_quality.py"
    spec = importlib.util.spec_from_file_location("cleaning_quality", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("cleaning_quality", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, Any]]:
    bench = _bench()
    results = {}
    for split in FLOORS:
        line_rows: list[dict[str, Any]] = []
        page_rows: list[dict[str, Any]] = []
        for folder in sorted(p.parent for p in (CORPUS / split).glob("*/labels.json")):
            lines, pages = bench.score_story(folder)
            line_rows += lines
            page_rows += pages
        results[split] = bench.split_figures(pd.DataFrame(line_rows), pd.DataFrame(page_rows))
    return results


@pytest.mark.parametrize("split", list(FLOORS))
def test_junk_lines_are_found_and_content_stays(
    figures: dict[str, dict[str, Any]], split: str
) -> None:
    found, floor = figures[split], FLOORS[split]
    assert found["precision"] >= floor["precision"], found
    assert found["recall"] >= floor["recall"], found
    assert found["f1"] >= floor["f1"], found
    assert found["content_removed"] <= floor["content_removed"], found


@pytest.mark.parametrize("split", list(FLOORS))
def test_debris_goes_and_pages_that_are_not_articles_are_flagged(
    figures: dict[str, dict[str, Any]], split: str
) -> None:
    found = figures[split]
    assert found["debris_total"] >= 2
    assert found["debris_removed"] == found["debris_total"]
    assert found["not_articles"], "each split has pages that are not articles"
    for page in found["not_articles"]:
        assert page["flagged_not_article"] is True, page
        assert page["words_kept"] == 0, page
        assert page["lines_removed"] == page["lines"], page


def test_the_corpus_has_every_source_kind_and_language() -> None:
    import json

    for split in FLOORS:
        kinds, languages = set(), set()
        for labels in (CORPUS / split).glob("*/labels.json"):
            story = json.loads(labels.read_text("utf-8"))
            languages.add(story["language"])
            kinds |= {page["source_kind"] for page in story["pages"].values()}
        assert languages == {"en", "de", "fr", "es"}
        assert len(kinds) >= 12, kinds
