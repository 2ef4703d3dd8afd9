"""Deprecated alias of :mod:`storylens.exceptions`, kept for one release (the class is the
same object, so ``except storylens._errors.InvalidParameterError`` still catches)."""

from storylens._deprecation import warn_moved
from storylens.exceptions import InvalidParameterError

__all__ = ["InvalidParameterError"]

warn_moved(__name__, "storylens.exceptions")
