"""The abi3 wheel installs and works where no Rust toolchain exists (a notebook user's machine).

Builds the wheel with ``maturin build --release``, installs it into a fresh virtual environment,
and runs a scikit-learn comparison there with ``cargo`` and ``rustc`` absent from PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import shutil, sys
assert shutil.which("cargo") is None and shutil.which("rustc") is None, "Rust is on PATH"
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer as Reference
from storylens import TfidfVectorizer
docs = ["Défense chiefs talk", "the talks went on", "naïve café ΟΔΟΣ"]
ours, theirs = TfidfVectorizer().fit(docs), Reference().fit(docs)
assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
ours_matrix, theirs_matrix = ours.transform(docs).toarray(), theirs.transform(docs).toarray()
np.testing.assert_allclose(ours_matrix, theirs_matrix, rtol=1e-12)
import storylens
print("wheel ok", storylens.__file__)
"""


def _path_without_rust() -> str:
    kept = []
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if folder and not any(Path(folder, tool).exists() for tool in ("cargo", "rustc")):
            kept.append(folder)
    return os.pathsep.join(kept)


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
    env = {**os.environ, "PATH": _path_without_rust()}
    env.pop("VIRTUAL_ENV", None)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, env=env
    )
    result = subprocess.run(
        [str(python), "-c", CHECK],
        check=True,
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert "wheel ok" in result.stdout
    assert str(environment) in result.stdout, "the wheel's storylens was not the one imported"
    assert sys.executable != str(python)
