"""Deprecated alias of :mod:`storylens.compare.digest`, kept for one release so that old
imports and pickles keep working."""

from storylens._deprecation import warn_moved
from storylens.compare.digest import Digest

__all__ = ["Digest"]

warn_moved(__name__, "storylens.compare.digest")
