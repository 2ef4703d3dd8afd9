"""The public surface: the curated names, the exception hierarchy, and the old module paths
that stay one release as deprecated aliases."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings

import pytest
import storylens
from conftest import DEPRECATED_ALIASES
from storylens import exceptions

CURATED = {
    "Abbreviations",
    "Article",
    "ArticleSet",
    "Comparison",
    "CorpusStats",
    "CountVectorizer",
    "HashingVectorizer",
    "Heading",
    "Removal",
    "Sentence",
    "Skipped",
    "TfidfTransformer",
    "TfidfVectorizer",
    "Token",
    "Tokenizer",
    "__version__",
    "config_context",
    "exceptions",
    "get_config",
    "set_config",
    "split_sentences",
}


def test_all_is_exactly_the_curated_names() -> None:
    assert sorted(storylens.__all__) == sorted(CURATED)
    assert len(storylens.__all__) == len(set(storylens.__all__))


def test_star_import_gives_the_curated_names() -> None:
    namespace: dict[str, object] = {}
    exec("from storylens import *", namespace)
    assert set(namespace) - {"__builtins__"} == CURATED
    assert namespace["exceptions"] is exceptions


def test_public_names_are_the_layers_objects() -> None:
    from storylens.articles import Article, ArticleSet, Removal, Skipped
    from storylens.compare import Comparison
    from storylens.feature_extraction import (
        CorpusStats,
        CountVectorizer,
        HashingVectorizer,
        TfidfTransformer,
        TfidfVectorizer,
    )
    from storylens.text import Abbreviations, Sentence, Token, Tokenizer, split_sentences

    homes = {
        "Abbreviations": Abbreviations,
        "Article": Article,
        "ArticleSet": ArticleSet,
        "Removal": Removal,
        "Skipped": Skipped,
        "Comparison": Comparison,
        "CorpusStats": CorpusStats,
        "CountVectorizer": CountVectorizer,
        "HashingVectorizer": HashingVectorizer,
        "TfidfTransformer": TfidfTransformer,
        "TfidfVectorizer": TfidfVectorizer,
        "Sentence": Sentence,
        "Token": Token,
        "Tokenizer": Tokenizer,
        "split_sentences": split_sentences,
    }
    for name, obj in homes.items():
        assert getattr(storylens, name) is obj, name
    assert set(dir(storylens)) >= CURATED


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'CountVectoriser'"):
        _ = storylens.CountVectoriser  # type: ignore[attr-defined]


def test_importing_storylens_imports_no_layer() -> None:
    """Every layer imports the package for its compiled core, so the package itself must not
    import the layers (they are bound on first use)."""
    code = (
        "import sys, storylens; print(sorted(m for m in sys.modules if m.startswith('storylens')))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "['storylens', 'storylens._core', 'storylens.exceptions']"


# -- exceptions ----------------------------------------------------------------------------

#: Each exception class and the built-in(s) a scikit-learn user catches it as.
BUILTINS = {
    "InvalidParameterError": (ValueError, TypeError),
    "InvalidDocumentError": (ValueError,),
    "ColumnNotFoundError": (KeyError,),
    "DocumentTypeError": (TypeError,),
    "EmptyVocabularyError": (ValueError,),
    "ShapeMismatchError": (ValueError,),
    "ModelFileError": (ValueError,),
    "NotFittedError": (ValueError, AttributeError),
    "InternalError": (RuntimeError,),
    "ResourceLimitError": (MemoryError,),
}


@pytest.mark.parametrize("name", sorted(BUILTINS))
def test_each_exception_derives_from_storylens_error_and_its_builtin(name: str) -> None:
    cls = getattr(exceptions, name)
    assert issubclass(cls, exceptions.StorylensError)
    for builtin in BUILTINS[name]:
        assert issubclass(cls, builtin), (name, builtin)


def test_exceptions_module_lists_every_class() -> None:
    warnings = {"SeveralStoriesWarning", "LargeReuseWarning"}
    assert set(exceptions.__all__) == {*BUILTINS, "StorylensError", *warnings}
    assert issubclass(exceptions.StorylensError, Exception)


def test_not_fitted_error_is_scikit_learns() -> None:
    from sklearn.exceptions import NotFittedError

    assert issubclass(exceptions.NotFittedError, NotFittedError)
    with pytest.raises(exceptions.NotFittedError):
        storylens.CountVectorizer().transform(["text"])


def test_python_side_errors_use_the_specific_classes(tmp_path) -> None:
    with pytest.raises(exceptions.InvalidParameterError, match="n_jobs"):
        storylens.CountVectorizer(n_jobs=0).fit(["a text"])
    with pytest.raises(exceptions.EmptyVocabularyError, match="no terms remain"):
        storylens.CountVectorizer(min_df=2).fit(["aa bb", "cc dd"])
    with pytest.raises(exceptions.DocumentTypeError, match="texts\\[1\\]"):
        storylens.ArticleSet.from_texts(["A text.", 5])  # type: ignore[list-item]
    with pytest.raises(exceptions.InvalidDocumentError, match="empty"):
        storylens.ArticleSet.from_texts(["A text.", "  "])
    with pytest.raises(exceptions.InvalidDocumentError, match="NaN"):
        storylens.CountVectorizer(preprocessor=str.lower).fit(["a text", float("nan")])
    with pytest.raises(exceptions.DocumentTypeError, match="document 1"):
        storylens.CountVectorizer(preprocessor=str.lower).fit(["a text", 5])
    broken = tmp_path / "model.json"
    broken.write_text("{}", encoding="utf-8")
    with pytest.raises(exceptions.ModelFileError, match="not a storylens model file"):
        storylens.CountVectorizer.load(broken)
    with pytest.raises(exceptions.ShapeMismatchError, match="features"):
        storylens.TfidfTransformer().fit([[1, 2]]).transform([[1, 2, 3]])


# -- deprecated aliases ----------------------------------------------------------------------


def _import_fresh(name: str) -> tuple[object, list[warnings.WarningMessage]]:
    """Imports module ``name`` as a first import would (its warning is given once)."""
    sys.modules.pop(name, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(name)
    return module, caught


@pytest.mark.parametrize("old", sorted(DEPRECATED_ALIASES))
def test_old_module_path_warns_and_gives_the_same_objects(old: str) -> None:
    new = importlib.import_module(DEPRECATED_ALIASES[old])
    module, caught = _import_fresh(old)
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1, [str(w.message) for w in caught]
    message = str(deprecations[0].message)
    assert old in message and DEPRECATED_ALIASES[old] in message
    exported = module.__all__  # type: ignore[attr-defined]
    assert exported
    for name in exported:
        assert getattr(module, name) is getattr(new, name), (old, name)


def test_the_deprecation_warning_names_the_importing_line() -> None:
    sys.modules.pop("storylens.tokenizer", None)
    with pytest.warns(DeprecationWarning, match="storylens.text") as caught:
        import storylens.tokenizer  # noqa: F401
    assert caught[0].filename == __file__


def test_old_vectorizers_path_keeps_the_four_estimators() -> None:
    module, _ = _import_fresh("storylens.vectorizers")
    assert sorted(module.__all__) == [  # type: ignore[attr-defined]
        "CountVectorizer",
        "HashingVectorizer",
        "TfidfTransformer",
        "TfidfVectorizer",
    ]


def test_old_errors_class_is_the_new_one() -> None:
    module, _ = _import_fresh("storylens._errors")
    assert module.InvalidParameterError is exceptions.InvalidParameterError  # type: ignore[attr-defined]
    with pytest.raises(module.InvalidParameterError):  # type: ignore[attr-defined]
        storylens.CountVectorizer(stop_words=5).fit(["a text"])


def test_old_names_of_the_same_named_packages_still_import() -> None:
    """articles, compare and report became packages; what their modules held imports still."""
    from storylens.articles import Article, ArticleSet, Removal, Skipped  # noqa: F401
    from storylens.compare import (  # noqa: F401
        CONTAINMENT_MARGIN,
        REACH_MARGIN,
        REACH_MINIMUM,
        Comparison,
        similarity_html,
        starts_mid_word,
    )
    from storylens.report import build_report, report_html, report_text  # noqa: F401


def test_every_old_module_is_an_alias_or_a_package() -> None:
    """The modules of the flat package before the layers, and where each went."""
    old_public = ["articles", "cli", "compare", "datasets", "digest", "exceptions", "plots"]
    old_public += ["report", "reuse", "tokenizer", "topics", "vectorizers"]
    for name in old_public:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            importlib.import_module(f"storylens.{name}")


def test_missing_column_error_reads_as_a_sentence() -> None:
    import pandas as pd

    with pytest.raises(exceptions.ColumnNotFoundError) as info:
        storylens.ArticleSet.from_frame(pd.DataFrame({"body": ["A story."]}), text="text")
    assert str(info.value).startswith("column 'text' (for text) is not in the data")


# -- the imports that reach up a layer ----------------------------------------------------

#: (module file, method, imported module): the only imports the import contract ignores. They
#: reach up by design, so they must stay inside the method that needs them: an import at the
#: top of the module would make the whole module depend on the layer above, and the contract,
#: which ignores the pair of modules, would not notice.
REACHING_UP = [
    ("articles/article_set.py", "compare", "storylens.compare.comparison"),
    ("articles/article_set.py", "stories", "storylens.compare.stories"),
    ("compare/comparison.py", "to_html", "storylens.report"),
]


@pytest.mark.parametrize(("path", "method", "target"), REACHING_UP)
def test_imports_that_reach_up_stay_inside_their_method(
    path: str, method: str, target: str
) -> None:
    import ast
    from pathlib import Path

    source = Path(storylens.__file__).parent / path
    tree = ast.parse(source.read_text(encoding="utf-8"))

    def imports_target(node: ast.AST) -> bool:
        return isinstance(node, ast.ImportFrom) and (node.module or "").startswith(target)

    inside = {
        function.name
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        for node in ast.walk(function)
        if imports_target(node)
    }
    assert inside == {method}, inside
    top_level = [node for node in tree.body if imports_target(node)]
    assert top_level == []


def test_dir_lists_the_public_names_not_the_modules_helpers() -> None:
    listed = set(dir(storylens))
    assert not listed & {"Any", "TYPE_CHECKING", "annotations", "importlib", "_HOMES"}
    public = {name for name in listed if not name.startswith("__")}
    assert public | {"__version__"} == set(storylens.__all__) | {
        name for name in public if isinstance(getattr(storylens, name), type(storylens))
    }
