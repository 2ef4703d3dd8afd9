"""The abi3 wheel installs and passes the test suite where no Rust toolchain exists.

Notebook users often have no Rust, so the promise is: ``maturin build --release`` makes one
abi3 manylinux wheel that installs, and passes the tests, in a fresh environment with no Rust
toolchain on PATH. This CI step proves it end to end:

1. it builds the wheel once and checks that it is one abi3 manylinux wheel;
2. it creates a fresh virtual environment and installs ``<wheel>[test]`` there, with every
   folder holding ``cargo`` or ``rustc`` removed from PATH (nothing can be compiled, and the
   test dependencies come from the wheel's own metadata);
3. it copies ``tests/`` and ``pyproject.toml`` into a folder that holds no source and runs the
   whole pytest suite there with the fresh environment's Python. With
   ``STORYLENS_WHEEL_UNDER_TEST=1``, ``tests/conftest.py`` refuses to start unless
   ``storylens`` and its ``_core`` come from that environment and no Rust is on PATH;
4. it requires that run to pass, with only the tests that check repository files (README.md,
   ``.ci/run``, the documentation site's sources) skipped, so everything else ran against the
   wheel.

Run it from the repository root with the development environment active:
``python .ci/wheel_check.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import venv
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Test files that check the repository rather than the package; the nested run skips them.
REPOSITORY_TEST_FILES = ("test_readme_commands.py", "test_docs_site.py", "test_panics.py")


def path_without_rust() -> str:
    """PATH without any folder that holds cargo or rustc."""
    kept = [
        folder
        for folder in os.environ.get("PATH", "").split(os.pathsep)
        if folder and not any(Path(folder, tool).exists() for tool in ("cargo", "rustc"))
    ]
    return os.pathsep.join(kept)


def fresh_environment_variables(environment: Path) -> dict[str, str]:
    """The environment an activated fresh venv would see, without Rust on PATH and without
    anything that could make the nested Python or pytest look elsewhere."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")
        and not name.startswith("PYTEST_")
    }
    env["PATH"] = os.pathsep.join([str(environment / "bin"), path_without_rust()])
    env["VIRTUAL_ENV"] = str(environment)
    env["STORYLENS_WHEEL_UNDER_TEST"] = "1"
    return env


def build_wheel(out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "maturin", "build", "--release", "--quiet", "--out", str(out)],
        cwd=ROOT,
        check=True,
    )
    (wheel,) = out.glob("storylens-*.whl")
    if "abi3" not in wheel.name or "manylinux" not in wheel.name:
        raise SystemExit(f"expected one abi3 manylinux wheel, got {wheel.name}")
    return wheel


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="storylens-wheel-"))
    try:
        wheel = build_wheel(work / "wheels")
        print(f"built {wheel.name}")

        environment = work / "env"
        venv.EnvBuilder(with_pip=True).create(environment)
        python = environment / "bin" / "python"
        env = fresh_environment_variables(environment)
        for tool in ("cargo", "rustc"):
            if shutil.which(tool, path=env["PATH"]) is not None:
                raise SystemExit(f"{tool} is still on PATH")
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", f"{wheel}[test]"],
            check=True,
            env=env,
            cwd=work,
        )

        # The suite away from the source tree: the tests, the benchmark scripts whose scoring
        # the quality floors reuse, the tour notebook that a test runs, and the pytest
        # settings; nothing else.
        suite = work / "suite"
        for folder in ("tests", "benches", "examples"):
            shutil.copytree(
                ROOT / folder,
                suite / folder,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
        shutil.copy2(ROOT / "pyproject.toml", suite / "pyproject.toml")
        report = work / "junit.xml"
        result = subprocess.run(
            [
                str(python),
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                f"--junitxml={report}",
                f"--basetemp={work / 'tmp'}",
            ],
            env=env,
            cwd=suite,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output = result.stdout
        print("\n".join(output.splitlines()[-15:]))
        if result.returncode != 0:
            print(output)
            return result.returncode

        imported = re.search(r"^storylens \S+ imported from (.+)$", output, re.MULTILINE)
        if imported is None or not Path(imported[1]).is_relative_to(environment):
            raise SystemExit("the nested run did not import storylens from the fresh environment")

        skipped_files = set()
        passed = 0
        for case in ET.parse(report).getroot().iter("testcase"):
            kinds = {child.tag for child in case}
            if kinds & {"failure", "error"}:
                raise SystemExit(f"{case.get('classname')}::{case.get('name')} failed")
            if "skipped" in kinds:
                skipped_files.add(str(case.get("classname")).rsplit(".", 1)[-1] + ".py")
            else:
                passed += 1
        unexpected = skipped_files - set(REPOSITORY_TEST_FILES)
        if unexpected:
            raise SystemExit(f"tests skipped against the wheel: {sorted(unexpected)}")
        print(f"wheel check: {passed} passed against {wheel.name} without Rust")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
