"""examples/stories_at_scale.py runs from a clone, on its own local cluster, at a small size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "stories_at_scale.py"


def test_the_example_runs_and_finds_who_rewrote_whom() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), "--articles", "150", "--partitions", "3"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("150 articles, ")
    assert any(line.startswith("compared ") for line in lines)
    assert any("draw on another article of their story" in line for line in lines)
    assert "Wire Service" in done.stdout
