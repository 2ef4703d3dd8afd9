"""The README's commands work: the test command is the one .ci/run runs, and the install
command's main job runs."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REMOVAL_KINDS, WHEEL_UNDER_TEST

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    WHEEL_UNDER_TEST,
    reason="checks the repository's README.md and .ci/run, which are not part of the wheel",
)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    # The command runs inside a function of .ci/run, so it is indented there.
    command = next(line.strip() for line in ci_lines if "python -m pytest" in line)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```bash\n{command}\n```" in readme


def test_readme_install_command_runs_the_main_job() -> None:
    """The README's ``pip install . && storylens``: the install gives this environment its
    ``storylens`` console script, which reports on the bundled sample."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```bash\npip install . && storylens\n```" in readme
    script = Path(sys.executable).with_name("storylens")
    assert script.is_file(), f"no storylens console script beside {sys.executable}"
    result = subprocess.run([str(script)], capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "7 articles"
    for heading in (
        "Similarity (cosine of TF-IDF vectors)",
        "Shared terms (in how many articles)",
        "Who rewrote whom (each article's likely source in the set)",
    ):
        assert heading in lines, heading
    assert any(line.startswith("Digest (") for line in lines)


def test_every_removal_kind_is_in_the_cleaning_design_notes() -> None:
    design = (ROOT / "docs" / "design" / "cleaning.md").read_text(encoding="utf-8")
    assert [kind for kind in sorted(REMOVAL_KINDS) if f"`{kind}`" not in design] == []


def test_every_extra_is_installed_from_the_source_folder_and_quoted() -> None:
    """``pip install storylens[dask]`` names a PyPI package (storylens installs from its
    folder), and unquoted brackets fail in zsh: the README and the tour say ``".[extra]"``."""
    import json
    import re

    notebook = json.loads((ROOT / "examples" / "tour.ipynb").read_text(encoding="utf-8"))
    texts = {
        "README.md": (ROOT / "README.md").read_text(encoding="utf-8"),
        "examples/tour.ipynb": "\n".join(
            "".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"
        ),
    }
    for name, text in texts.items():
        extras = re.findall(r"pip install ([^\s`]*\[[^\]]*\][^\s`]*)", text)
        assert extras, name
        wrong = [extra for extra in extras if not re.fullmatch(r'"\.\[[a-z,]+\]"', extra)]
        assert not wrong, f"{name}: {wrong}"


def test_the_readme_introduces_dask_once() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count('pip install ".[dask]"') == 1
    assert "\n\n## On a cluster\n\n" in readme
