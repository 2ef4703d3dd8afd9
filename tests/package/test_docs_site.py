"""The documentation site (mkdocs.yml): it builds with ``--strict``, so that a broken link,
a nav entry without its page or a cross-reference to a name the package lacks fails the
tests; a page left out of the nav does not (other changes add pages before the nav names
them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import WHEEL_UNDER_TEST

pytestmark = pytest.mark.skipif(
    WHEEL_UNDER_TEST,
    reason="builds the repository's documentation (mkdocs.yml, docs/, the package source), "
    "which is not part of the wheel",
)

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"


def build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )


def test_the_site_builds_strictly_with_the_api_reference(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build(CONFIG, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    # The reference is generated from the docstrings, examples included.
    compare = (site / "reference" / "compare" / "index.html").read_text(encoding="utf-8")
    for name in ("reuse_summary", "distinctive_terms", "Stories", "load_sample"):
        assert name in compare
    # Doctest examples are highlighted code (the prompt is its own token), not paragraphs.
    assert '<span class="gp">&gt;&gt;&gt; </span>' in compare
    for page in ("guide/loading", "guide/cli", "design/cleaning", "reference/text"):
        assert (site / page / "index.html").is_file(), page


def _small_site(folder: Path, reference: str) -> Path:
    """A one-page site with the project's settings, hooks and extensions, whose page holds
    ``reference``, and a second page that the nav leaves out."""
    settings: dict[str, Any] = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(
        f"# A page\n\nSee {reference}.\n\n::: storylens.datasets.load_bridge\n", encoding="utf-8"
    )
    (docs / "not-in-nav.md").write_text("# Added before the nav names it\n", encoding="utf-8")
    settings["docs_dir"] = str(docs)
    settings["nav"] = ["index.md"]
    settings["hooks"] = [str(ROOT / hook) for hook in settings["hooks"]]
    handler = settings["plugins"][1]["mkdocstrings"]["handlers"]["python"]
    handler["paths"] = [str(ROOT / path) for path in handler["paths"]]
    handler["options"]["extensions"] = [
        str(ROOT / extension) for extension in handler["options"]["extensions"]
    ]
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return config


def test_a_broken_reference_fails_the_build_and_a_page_outside_the_nav_does_not(
    tmp_path: Path,
) -> None:
    broken = _small_site(tmp_path / "broken", "[the set][storylens.datasets.load_no_such_set]")
    result = build(broken, tmp_path / "broken-site")
    assert result.returncode != 0
    assert "load_no_such_set" in result.stderr
    fixed = _small_site(tmp_path / "fixed", "[the set][storylens.datasets.load_bridge]")
    result = build(fixed, tmp_path / "fixed-site")
    assert result.returncode == 0, result.stderr
    assert "not-in-nav.md" in result.stderr  # reported, at the INFO level
