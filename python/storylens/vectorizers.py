"""Deprecated alias of :mod:`storylens.feature_extraction`, kept for one release so that old
imports and pickles keep working."""

from storylens._deprecation import warn_moved
from storylens.feature_extraction import (
    CountVectorizer,
    HashingVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)

__all__ = ["CountVectorizer", "HashingVectorizer", "TfidfTransformer", "TfidfVectorizer"]

warn_moved(__name__, "storylens.feature_extraction")
