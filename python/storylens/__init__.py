"""storylens: fast analysis of a set of news articles on one story.

Clean text, tokens, TF-IDF matrices and comparisons, computed by a Rust core. The vectorizers
are drop-in, result-identical replacements for scikit-learn's.

>>> from storylens import TfidfVectorizer
>>> TfidfVectorizer().fit_transform(["one story", "two story"]).shape
(2, 3)
"""

from storylens._core import __version__
from storylens.articles import Article, ArticleSet, Removal, Skipped
from storylens.compare import Comparison
from storylens.tokenizer import Sentence, Token, Tokenizer, split_sentences
from storylens.vectorizers import (
    CountVectorizer,
    HashingVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)

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
    "split_sentences",
]
