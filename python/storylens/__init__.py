"""storylens: fast analysis of a set of news articles on one story.

Clean text, tokens, TF-IDF matrices and comparisons, computed by a Rust core. The vectorizers
are drop-in, result-identical replacements for scikit-learn's.

The names in ``__all__`` are the public API; the subpackages hold the rest, one per layer:
:mod:`storylens.text`, :mod:`storylens.feature_extraction`, :mod:`storylens.articles`,
:mod:`storylens.compare`, :mod:`storylens.report`, with :mod:`storylens.views` (HTML and
plots), :mod:`storylens.datasets` and :mod:`storylens.exceptions` beside them.

>>> from storylens import TfidfVectorizer
>>> TfidfVectorizer().fit_transform(["one story", "two story"]).shape
(2, 3)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from storylens import exceptions
from storylens._core import __version__

if TYPE_CHECKING:
    from storylens._config import config_context, get_config, set_config
    from storylens.articles import Article, ArticleSet, Heading, Removal, Skipped
    from storylens.compare import Comparison
    from storylens.feature_extraction import (
        CorpusStats,
        CountVectorizer,
        HashingVectorizer,
        TfidfTransformer,
        TfidfVectorizer,
    )
    from storylens.text import Abbreviations, Sentence, Token, Tokenizer, split_sentences

__all__ = [
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
]

# Every layer imports this package (the compiled core is storylens._core), so importing it
# must not import the layers: each public name is bound from its layer on first use.
_HOMES = {
    "Article": "storylens.articles",
    "ArticleSet": "storylens.articles",
    "Heading": "storylens.articles",
    "Removal": "storylens.articles",
    "Skipped": "storylens.articles",
    "Comparison": "storylens.compare",
    "CorpusStats": "storylens.feature_extraction",
    "CountVectorizer": "storylens.feature_extraction",
    "HashingVectorizer": "storylens.feature_extraction",
    "TfidfTransformer": "storylens.feature_extraction",
    "TfidfVectorizer": "storylens.feature_extraction",
    "Abbreviations": "storylens.text",
    "Sentence": "storylens.text",
    "Token": "storylens.text",
    "Tokenizer": "storylens.text",
    "split_sentences": "storylens.text",
    "config_context": "storylens._config",
    "get_config": "storylens._config",
    "set_config": "storylens._config",
}

#: Submodules reachable as attributes after a bare ``import storylens``, as when the package
#: imported them all (the deprecated aliases among them, which warn).
_SUBMODULES = frozenset(
    {
        "articles",
        "cli",
        "compare",
        "dask",
        "datasets",
        "feature_extraction",
        "report",
        "text",
        "views",
        "digest",
        "plots",
        "reuse",
        "tokenizer",
        "topics",
        "vectorizers",
    }
)


if not TYPE_CHECKING:  # type checkers see the names imported above; a typo stays an error

    def __getattr__(name: str) -> Any:
        home = _HOMES.get(name)
        if home is not None:
            value = getattr(importlib.import_module(home), name)
            globals()[name] = value
            return value
        if name in _SUBMODULES:
            return importlib.import_module(f"{__name__}.{name}")
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        # The public names and subpackages, not the helpers this module imports (Any,
        # importlib...) that tab completion would otherwise offer.
        dunders = {name for name in globals() if name.startswith("__") and name.endswith("__")}
        return sorted({*dunders, *__all__, *_SUBMODULES})
