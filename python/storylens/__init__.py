"""storylens: fast analysis of a set of news articles on one story.

Clean text, tokens, TF-IDF matrices and comparisons, computed by a Rust core. The vectorizers
are drop-in, result-identical replacements for scikit-learn's.

The names below are the public API; the subpackages hold the rest, one per layer:
:mod:`storylens.text`, :mod:`storylens.feature_extraction`, :mod:`storylens.articles`,
:mod:`storylens.compare`, :mod:`storylens.report`, with :mod:`storylens.views` (HTML and
plots), :mod:`storylens.datasets` and :mod:`storylens.exceptions` beside them.

>>> from storylens import TfidfVectorizer
>>> TfidfVectorizer().fit_transform(["one story", "two story"]).shape
(2, 3)
"""

from storylens import exceptions
from storylens._core import __version__
from storylens.articles import Article, ArticleSet, Removal, Skipped
from storylens.compare import Comparison
from storylens.feature_extraction import (
    CountVectorizer,
    HashingVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)
from storylens.text import Sentence, Token, Tokenizer, split_sentences

__all__ = [
    "Article",
    "ArticleSet",
    "Comparison",
    "CountVectorizer",
    "HashingVectorizer",
    "Removal",
    "Sentence",
    "Skipped",
    "TfidfTransformer",
    "TfidfVectorizer",
    "Token",
    "Tokenizer",
    "__version__",
    "exceptions",
    "split_sentences",
]
