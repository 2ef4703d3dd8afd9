"""Deprecated alias of :mod:`storylens.compare.topics`, kept for one release so that old
imports and pickles keep working."""

from storylens._deprecation import warn_moved
from storylens.compare.topics import Topics

__all__ = ["Topics"]

warn_moved(__name__, "storylens.compare.topics")
