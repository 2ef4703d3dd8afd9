"""The README's test command and .ci/run must not drift apart."""

from pathlib import Path

import pytest
from conftest import WHEEL_UNDER_TEST

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    WHEEL_UNDER_TEST,
    reason="checks the repository's README.md and .ci/run, which are not part of the wheel",
)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = next(line for line in ci_lines if "python -m pytest" in line)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```bash\n{command}\n```" in readme


def test_readme_install_command_runs_the_main_job() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```bash\npip install . && storylens\n```" in readme
