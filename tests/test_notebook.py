"""The tour notebook (examples/tour.ipynb): committed without outputs, and executed headless
with nbclient, failing on any error and on any warning that a cell lets through to the
reader (storylens' own warnings among them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
TOUR = ROOT / "examples" / "tour.ipynb"

#: Marks the lines that the watch cell prints for each warning shown in the kernel.
MARKER = "tour-notebook-warning:"

#: Run first, before the notebook's own cells (and never saved in it): every warning that the
#: filters let through, which the reader would see, is printed with the marker. The filters
#: stay as in any notebook, so a warning that a library raises and silences is not counted.
WATCH_WARNINGS = f"""
import sys as _sys
import warnings as _warnings

def _tour_show_warning(message, category, filename, lineno, file=None, line=None):
    print("{MARKER}", f"{{category.__name__}}: {{message}} ({{filename}}:{{lineno}})",
          file=_sys.stderr)

_warnings.showwarning = _tour_show_warning
"""


def execute(notebook: nbformat.NotebookNode, folder: Path) -> list[str]:
    """Runs ``notebook`` in a fresh python3 kernel (ipykernel, started with this
    interpreter) in ``folder``, and returns the warnings its cells showed. A cell that
    raises makes nbclient raise CellExecutionError, naming the cell."""
    watched = nbformat.from_dict(notebook)
    watched.cells.insert(0, nbformat.v4.new_code_cell(WATCH_WARNINGS, id="watch-warnings"))
    client = NotebookClient(
        watched,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    shown = []
    for cell in watched.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                shown += [line for line in output["text"].splitlines() if MARKER in line]
    return shown


def _outputs_kept(notebook: nbformat.NotebookNode) -> list[Any]:
    return [
        cell.get("id")
        for cell in notebook.cells
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]


def test_the_committed_tour_has_no_outputs() -> None:
    notebook = nbformat.read(TOUR, as_version=4)
    nbformat.validate(notebook)
    assert _outputs_kept(notebook) == [], "strip the outputs before committing"
    assert notebook.metadata["kernelspec"]["name"] == "python3"


def test_the_tour_runs_without_errors_or_warnings(tmp_path: Path) -> None:
    notebook = nbformat.read(TOUR, as_version=4)
    assert execute(notebook, tmp_path) == []


def _tiny_notebook(*sources: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return notebook


def test_the_check_catches_a_storylens_warning_and_an_error(tmp_path: Path) -> None:
    # An article set that skips an empty text warns that it did: the check must see it.
    warned = _tiny_notebook(
        "from storylens import ArticleSet",
        'ArticleSet.from_texts(["The port closed on Friday.", "  "], on_error="skip")',
    )
    shown = execute(warned, tmp_path)
    assert len(shown) == 1 and "UserWarning" in shown[0] and "skipped" in shown[0], shown
    with pytest.raises(CellExecutionError, match="KeyError"):
        execute(
            _tiny_notebook("from storylens.datasets import load_sample", 'load_sample()["x"]'),
            tmp_path,
        )
