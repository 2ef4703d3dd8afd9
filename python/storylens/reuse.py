"""Deprecated alias of :mod:`storylens.compare.reuse`, kept for one release so that old
imports and pickles keep working."""

from storylens._deprecation import warn_moved
from storylens.compare.reuse import KINDS, ReuseMap, reuse_frame

__all__ = ["KINDS", "ReuseMap", "reuse_frame"]

warn_moved(__name__, "storylens.compare.reuse")
