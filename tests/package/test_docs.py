"""Documentation: every example in the installed package's docstrings runs, every public
name has one, and the extension's type stub matches the extension."""

from __future__ import annotations

import doctest
import importlib
import inspect
import os
import pkgutil
import subprocess
import sys

import pytest
import storylens
from conftest import DEPRECATED_ALIASES

# ``python -m storylens`` runs the command-line demo when its module is imported.
NOT_IMPORTABLE = {"storylens.__main__"}


def package_modules():
    """Every module of the package but the entry point and the deprecated aliases (which hold
    no code of their own; tests/package/test_public_api.py checks them)."""
    names = ["storylens"]
    for info in pkgutil.walk_packages(storylens.__path__, prefix="storylens."):
        if info.name not in NOT_IMPORTABLE and info.name not in DEPRECATED_ALIASES:
            names.append(info.name)
    return sorted(names)


MODULES = package_modules()


def test_package_modules_are_found():
    for expected in (
        "storylens.text.tokenizer",
        "storylens.text.sentences",
        "storylens.text._analysis",
        "storylens.text._patterns",
        "storylens.text._inputs",
        "storylens.feature_extraction.count",
        "storylens.feature_extraction.tfidf",
        "storylens.feature_extraction.hashing",
        "storylens.feature_extraction._persistence",
        "storylens.articles.article",
        "storylens.compare.similarity",
        "storylens.views.html",
        "storylens.report.build",
        "storylens._core",
    ):
        assert expected in MODULES


@pytest.mark.parametrize("module_name", MODULES)
def test_doctests(module_name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    module = importlib.import_module(module_name)
    result = doctest.testmod(
        module,
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
        verbose=False,
        report=True,
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed"


def test_doctests_exist():
    attempted = 0
    for module_name in MODULES:
        finder = doctest.DocTestFinder()
        module = importlib.import_module(module_name)
        attempted += sum(len(t.examples) for t in finder.find(module))
    assert attempted >= 30, attempted


PUBLIC = [
    name
    for name in storylens.__all__
    if inspect.isclass(getattr(storylens, name)) or callable(getattr(storylens, name))
]


def test_public_names_listed():
    assert set(PUBLIC) >= {
        "CountVectorizer",
        "TfidfVectorizer",
        "HashingVectorizer",
        "TfidfTransformer",
        "Tokenizer",
        "split_sentences",
        "Token",
        "Sentence",
    }
    for name in storylens.__all__:
        assert hasattr(storylens, name), name


@pytest.mark.parametrize("name", PUBLIC)
def test_public_name_has_docstring_with_example(name):
    obj = getattr(storylens, name)
    doc = inspect.getdoc(obj) or ""
    assert ">>>" in doc, f"storylens.{name} has no example in its docstring"


@pytest.mark.parametrize("name", [n for n in PUBLIC if inspect.isclass(getattr(storylens, n))])
def test_public_methods_have_docstrings(name):
    cls = getattr(storylens, name)
    missing = []
    for attr, value in vars(cls).items():
        if attr.startswith("_") or not callable(value):
            continue
        if not (inspect.getdoc(value) or "").strip():
            missing.append(attr)
    assert not missing, f"{name} methods without a docstring: {missing}"


@pytest.mark.parametrize("name", [n for n in PUBLIC if inspect.isclass(getattr(storylens, n))])
def test_public_methods_written_here_have_examples(name):
    """Every public method storylens defines, inherited ones (save, load) included, shows a
    runnable example; methods scikit-learn provides (get_params, ...) document themselves."""
    cls = getattr(storylens, name)
    missing = []
    for attr in dir(cls):
        if attr.startswith("_"):
            continue
        static = inspect.getattr_static(cls, attr)
        function = (
            static.fget if isinstance(static, property) else getattr(static, "__func__", static)
        )
        if not callable(function) or not (getattr(function, "__module__", "") or "").startswith(
            "storylens"
        ):
            continue
        if ">>>" not in (inspect.getdoc(function) or ""):
            missing.append(attr)
    assert not missing, f"{name} methods without an example: {missing}"


def test_stubtest_core(tmp_path):
    env = dict(os.environ, MYPY_CACHE_DIR=str(tmp_path / "mypy_cache"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "storylens._core"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["Article", "ArticleSet", "Comparison"])
def test_article_and_comparison_methods_have_examples(name):
    cls = getattr(storylens, name)
    missing = []
    for attr, value in vars(cls).items():
        if attr.startswith("_"):
            continue
        target = value.fget if isinstance(value, property) else getattr(cls, attr)
        if (
            isinstance(value, (property, classmethod, staticmethod))
            or callable(value)
            or (hasattr(value, "__get__") and hasattr(value, "func"))
        ):
            doc = inspect.getdoc(getattr(value, "func", target)) or ""
            if ">>>" not in doc:
                missing.append(attr)
    assert not missing, f"{name} members without an example: {missing}"


def _documented_modules():
    """The public modules (no private component in the name) and the names they export."""
    for module_name in MODULES:
        if any(part.startswith("_") for part in module_name.split(".")):
            continue
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                yield module_name, name, obj


@pytest.mark.parametrize(
    ("module_name", "name", "obj"),
    list(_documented_modules()),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_exported_name_of_a_public_module_has_an_example(module_name, name, obj):
    """The submodules' exports are public too: each class and function shows an example,
    and so does each public method or property a class defines."""
    assert ">>>" in (inspect.getdoc(obj) or ""), f"{module_name}.{name} has no example"
    if not inspect.isclass(obj) or not obj.__module__.startswith("storylens"):
        return
    missing = []
    for attr, value in vars(obj).items():
        if attr.startswith("_"):
            continue
        target = value.fget if isinstance(value, property) else getattr(value, "func", value)
        target = getattr(target, "__func__", target)
        if callable(target) and ">>>" not in (inspect.getdoc(target) or ""):
            missing.append(attr)
    assert not missing, f"{module_name}.{name} members without an example: {missing}"


def public_docstrings():
    """The docstrings a user reads with ``help()`` on a public name: the class or function
    and each public method, property and classmethod it defines."""
    for name in PUBLIC:
        obj = getattr(storylens, name)
        yield f"storylens.{name}", obj
        if inspect.isclass(obj):
            for attr, value in vars(obj).items():
                if attr.startswith("_"):
                    continue
                function = value.fget if isinstance(value, property) else value
                function = getattr(function, "__func__", function)
                if callable(function):
                    yield f"storylens.{name}.{attr}", function


PUBLIC_DOCSTRINGS = list(public_docstrings())


@pytest.mark.parametrize(
    ("name", "obj"), PUBLIC_DOCSTRINGS, ids=[name for name, _ in PUBLIC_DOCSTRINGS]
)
def test_public_examples_run_when_pasted_after_a_star_import(name, obj, tmp_path, monkeypatch):
    """An example pasted from ``help()`` has only the names it imports (and those of
    ``from storylens import *``): one that uses ``pd`` or ``np`` must import it."""
    monkeypatch.chdir(tmp_path)
    names = {public: getattr(storylens, public) for public in storylens.__all__}
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    for test in doctest.DocTestFinder(recurse=False).find(obj, name, globs=dict(names)):
        runner.run(test)
    assert runner.failures == 0, f"{name}: {runner.failures} examples failed when pasted"
