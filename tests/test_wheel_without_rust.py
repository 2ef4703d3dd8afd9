"""The abi3 wheel installs and passes the test suite where no Rust toolchain exists.

Notebook users often have no Rust, so the promise is: ``maturin build --release`` makes one abi3
manylinux wheel that installs, and passes the tests, in a fresh environment with no Rust
toolchain on PATH. This test proves exactly that, end to end:

1. it builds the wheel with ``maturin build --release`` and checks that it is one abi3
   manylinux wheel;
2. it creates a fresh virtual environment and installs ``<wheel>[test]`` there, with every
   folder holding ``cargo`` or ``rustc`` removed from PATH (so nothing can be compiled, and the
   test dependencies come from the wheel's own metadata);
3. it copies ``tests/`` and ``pyproject.toml`` (for the same pytest settings: testpaths,
   ``-ra``, markers) into a temporary folder that holds no source, and runs the project's
   whole pytest suite there with the fresh environment's Python. The hypothesis profile is
   the one ``tests/conftest.py`` loads, as in the normal run, and $STORYLENS_EXAMPLES_SCALE
   passes through;
4. it requires that run to pass: exit status 0, no failure or error, and only the tests listed
   below skipped, so the bulk of the suite (everything else) ran and passed against the wheel.

Why the copy: the repository's ``python/storylens`` may hold a built ``_core.abi3.so`` (a
developer checkout), and a run from the repository could import that instead of the wheel.
Run from the copy, nothing but the fresh environment's site-packages provides ``storylens``;
to be sure, the outer test sets STORYLENS_WHEEL_UNDER_TEST=1, and with it ``tests/conftest.py``
refuses to start unless ``storylens`` and its ``_core`` extension come from that environment
and neither ``cargo`` nor ``rustc`` is on PATH; its report header names the ``storylens``
imported, which this test checks too.

The only tests skipped in the nested run, each for a stated reason, by STORYLENS_WHEEL_UNDER_TEST:

- ``test_readme_commands.py`` (both tests): they check the repository's README.md against
  ``.ci/run``, files of the repository that are not part of the wheel;
- ``test_wheel_without_rust.py`` (this test): it would recurse, and building a wheel needs the
  Rust toolchain that the nested run proves is not needed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import WHEEL_UNDER_TEST

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    WHEEL_UNDER_TEST,
    reason="the nested run of the suite against the wheel: it would recurse, and building "
    "a wheel needs Rust",
)

#: The tests that the nested run skips (JUnit ``classname::name``); every other test must pass.
SKIPPED_IN_NESTED_RUN = {
    "tests.test_readme_commands::test_ci_runs_exactly_the_readme_test_command",
    "tests.test_readme_commands::test_readme_install_command_runs_the_main_job",
    "tests.test_wheel_without_rust::test_abi3_wheel_installs_and_runs_without_rust",
}

#: Limits, in seconds, for the install and for the nested suite (which take about 40 s and 140 s).
INSTALL_TIMEOUT = 1200
SUITE_TIMEOUT = 2400


def _path_without_rust() -> str:
    kept = []
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if folder and not any(Path(folder, tool).exists() for tool in ("cargo", "rustc")):
            kept.append(folder)
    return os.pathsep.join(kept)


def _fresh_environment_variables(environment: Path) -> dict[str, str]:
    """The outer environment as an activated fresh venv would see it, without Rust on PATH and
    without anything that could make the nested Python or pytest look elsewhere."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")
        and not name.startswith("PYTEST_")  # e.g. PYTEST_ADDOPTS: the nested run is the suite
    }
    env["PATH"] = os.pathsep.join([str(environment / "bin"), _path_without_rust()])
    env["VIRTUAL_ENV"] = str(environment)
    env["STORYLENS_WHEEL_UNDER_TEST"] = "1"
    return env


def _tail(output: str, lines: int = 80) -> str:
    return "\n".join(output.splitlines()[-lines:])


@pytest.mark.slow
def test_abi3_wheel_installs_and_runs_without_rust(tmp_path: Path) -> None:
    if shutil.which("maturin") is None:
        pytest.fail("maturin is a test dependency; install with pip install '.[test]'")
    wheels = tmp_path / "wheels"
    subprocess.run(
        ["maturin", "build", "--release", "--quiet", "--out", str(wheels)],
        cwd=ROOT,
        check=True,
    )
    (wheel,) = wheels.glob("storylens-*.whl")
    assert "abi3" in wheel.name, wheel.name
    assert "manylinux" in wheel.name, wheel.name

    environment = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    assert sys.executable != str(python)
    env = _fresh_environment_variables(environment)
    assert shutil.which("cargo", path=env["PATH"]) is None
    assert shutil.which("rustc", path=env["PATH"]) is None
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, f"{wheel}[test]"],
        check=True,
        env=env,
        cwd=tmp_path,
        timeout=INSTALL_TIMEOUT,
    )

    # The suite, away from the source tree: the tests and the pytest settings, nothing else.
    suite = tmp_path / "suite"
    shutil.copytree(
        ROOT / "tests", suite / "tests", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    shutil.copy2(ROOT / "pyproject.toml", suite / "pyproject.toml")
    report = tmp_path / "nested-junit.xml"
    nested = [str(python), "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={report}"]
    result = subprocess.run(
        # Its own base temporary folder, so that it never prunes the outer run's.
        [*nested, f"--basetemp={tmp_path / 'nested-tmp'}"],
        env=env,
        cwd=suite,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=SUITE_TIMEOUT,
    )
    output, returncode = result.stdout, result.returncode
    summary = next((line.strip("= ") for line in reversed(output.splitlines()) if line.strip()), "")
    print(f"nested run against the wheel: {summary}")
    assert returncode == 0, (
        f"the suite failed against the installed wheel ({summary}):\n{_tail(output)}"
    )

    # storylens came from the fresh environment (conftest.py refuses to start otherwise).
    imported = re.search(r"^storylens \S+ imported from (.+)$", output, re.MULTILINE)
    assert imported is not None, _tail(output)
    assert Path(imported[1]).is_relative_to(environment), imported[1]

    # The bulk of the suite ran and passed: everything but the explicitly skipped tests.
    outcomes: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        outcomes[f"{case.get('classname')}::{case.get('name')}"] = kinds[0] if kinds else "passed"
    skipped = {name for name, outcome in outcomes.items() if outcome == "skipped"}
    broken = {
        name: outcome for name, outcome in outcomes.items() if outcome in ("failure", "error")
    }
    assert not broken, f"{broken} ({summary})"
    assert skipped == SKIPPED_IN_NESTED_RUN, (skipped, summary)
    # Every test function of the copy was collected (parametrized ones count once or more).
    functions = sum(
        len(re.findall(r"^(?:async )?def test_", path.read_text(encoding="utf-8"), re.MULTILINE))
        for path in (suite / "tests").glob("test_*.py")
    )
    passed = len(outcomes) - len(skipped)
    assert passed >= functions - len(SKIPPED_IN_NESTED_RUN), (passed, functions, summary)
