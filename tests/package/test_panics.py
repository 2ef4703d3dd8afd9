"""No panic crosses into Python: every entry point of ``storylens._core`` runs its core work
through a helper of ``src/python/detached.rs``, which turns a panic into ``InternalError``.

pyo3 itself would raise ``PanicException``, a ``BaseException`` that ``except Exception``
does not catch. The binding has two kinds of helpers: ``run_detached`` and its relatives
release the GIL; ``run_attached`` and ``try_run_attached`` keep it (for quick work, or work
that reads Python objects). This test reads the binding's source and checks that every
``#[pyfunction]`` and every method of a ``#[pymethods]`` block goes through one of them,
except the few listed below, which only read a field or convert a value.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import WHEEL_UNDER_TEST
from storylens import _core
from storylens.exceptions import InternalError

#: The source checks read the repository's binding, which the wheel does not carry; the
#: behaviour check at the end runs everywhere.
reads_the_source = pytest.mark.skipif(
    WHEEL_UNDER_TEST, reason="reads src/python/*.rs, which is not part of the wheel"
)

BINDING = Path(__file__).resolve().parents[2] / "src" / "python"

HELPERS = (
    "run_detached",
    "try_run_detached",
    "run_watched",
    "run_job",
    "run_attached",
    "try_run_attached",
    # Reads Python objects batch by batch, and counts each batch under run_detached.
    "process_text_batches",
)

# Entry points that call no core code that could panic: each only reads a field of its
# object, builds a value from its arguments, or calls another entry point that is checked.
PURE = {
    "PyCountedCorpus.n_documents": "reads a field",
    "PyCountedCorpus.n_terms": "reads a field",
    "PyCorpusStats.analysis": "reads a field",
    "PyCorpusStats.n_documents": "reads a field",
    "PyCorpusStats.n_terms": "reads a field",
    "PyCorpusStats.__reduce__": "calls to_json, itself checked",
    "PyCorpusStats.__eq__": "compares two values with derived PartialEq",
    "PyFittedState.__reduce__": "calls to_json, itself checked",
    "PyFittedState.__eq__": "compares two values with derived PartialEq",
    "PyFittedState.fixed_vocabulary": "reads a field",
    "PyFittedState.n_documents": "reads a field",
    "PyFittedState.n_features": "reads a field",
    "PyFittedState.idf_dtype": "reads a field",
    "PyFittedState.document_frequencies": "copies a field into numpy",
    "PyFittedState.term_totals": "copies a field into numpy",
    "PyFittedState.idf": "copies a field into numpy",
    "PyReuseRows.sentence": "copies a column into numpy",
    "PyReuseRows.other_article": "copies a column into numpy",
    "PyReuseRows.other_sentence": "copies a column into numpy",
    "PyReuseRows.score": "copies a column into numpy",
    "PyReuseRows.containment": "copies a column into numpy",
    "PyReuseRows.kind": "copies a column into numpy",
    "PyReuseRows.__getnewargs__": "calls the column getters above",
    "PyLearnedAbbreviations.__reduce__": "looks up from_json, calls to_json",
    "_inject_panic_for_tests": "a test hook that arms a flag",
    "_set_progress_callback_for_tests": "a test hook that stores a callable",
    "_raise_core_error_for_tests": "a test hook that raises a fixed error",
    "_set_int32_nnz_limit_for_tests": "a test hook that stores a number",
}


def _strip_comments_and_strings(source: str) -> str:
    """The source with comments, string and char literals blanked, so braces count true."""
    pattern = re.compile(
        r'//[^\n]*|/\*.*?\*/|r#*"(?:.|\n)*?"#*|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'',
        re.DOTALL,
    )
    return pattern.sub(lambda m: " " * len(m.group(0)) if "\n" not in m.group(0) else "\n", source)


def _block_end(source: str, open_brace: int) -> int:
    """The index just past the brace that closes the one at ``open_brace``."""
    depth = 0
    for index in range(open_brace, len(source)):
        if source[index] == "{":
            depth += 1
        elif source[index] == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    raise AssertionError("unbalanced braces")


_FN = re.compile(r"\bfn\s+(\w+)")


def _function_bodies(source: str, start: int, end: int) -> list[tuple[str, str]]:
    """The ``(name, body)`` of each ``fn`` defined at the top of ``source[start:end]``."""
    bodies = []
    position = start
    while (match := _FN.search(source, position, end)) is not None:
        open_brace = source.index("{", match.end())
        close = _block_end(source, open_brace)
        bodies.append((match.group(1), source[open_brace:close]))
        position = close
    return bodies


def entry_points() -> dict[str, str]:
    """Every Python entry point of the binding, ``name`` or ``Class.name``, with its body."""
    found: dict[str, str] = {}
    for path in sorted(BINDING.glob("*.rs")):
        source = _strip_comments_and_strings(path.read_text(encoding="utf-8"))
        for match in re.finditer(r"#\[pyfunction\]", source):
            fn = _FN.search(source, match.end())
            assert fn is not None
            open_brace = source.index("{", fn.end())
            found[fn.group(1)] = source[open_brace : _block_end(source, open_brace)]
        for match in re.finditer(r"#\[pymethods\]\s*impl\s+(\w+)\s*\{", source):
            close = _block_end(source, match.end() - 1)
            for name, body in _function_bodies(source, match.end(), close - 1):
                found[f"{match.group(1)}.{name}"] = body
    return found


@reads_the_source
def test_the_source_reader_finds_the_entry_points() -> None:
    found = entry_points()
    # Every function the module exports is among them, so none escapes the check below.
    exported = {
        name
        for name in dir(_core)
        if callable(getattr(_core, name)) and not isinstance(getattr(_core, name), type)
    }
    assert exported <= set(found), sorted(exported - set(found))
    assert "PyAnalyzer.new" in found and "PyReuseRows.__len__" in found


@reads_the_source
def test_every_entry_point_catches_panics() -> None:
    unguarded = sorted(
        name
        for name, body in entry_points().items()
        if name not in PURE and not any(re.search(rf"\b{h}\b", body) for h in HELPERS)
    )
    assert unguarded == [], (
        "these entry points run core code without a helper of src/python/detached.rs, so a "
        f"panic would reach Python as PanicException: {unguarded}"
    )


@reads_the_source
def test_the_pure_list_names_only_entry_points_that_exist() -> None:
    assert set(PURE) <= set(entry_points()), sorted(set(PURE) - set(entry_points()))


@pytest.mark.parametrize("on_worker", [False, True])
def test_a_panic_under_the_gil_arrives_as_internal_error(on_worker: bool) -> None:
    with pytest.raises(InternalError, match="a panic in the Rust core: held"):
        _core._panic_for_tests("held", on_worker, detach=False)
