"""Deprecated alias of :mod:`storylens.text`, kept for one release so that old imports and
pickles keep working."""

from storylens._deprecation import warn_moved
from storylens.text import Sentence, Token, Tokenizer, split_sentences

__all__ = ["Sentence", "Token", "Tokenizer", "split_sentences"]

warn_moved(__name__, "storylens.text")
