"""Deprecated alias of :mod:`storylens.feature_extraction._persistence`, kept for one release."""

from storylens._deprecation import warn_moved
from storylens.feature_extraction._persistence import (
    FILE_FORMAT,
    FORMAT_VERSION,
    PersistableMixin,
)

__all__ = ["FILE_FORMAT", "FORMAT_VERSION", "PersistableMixin"]

warn_moved(__name__, "storylens.feature_extraction._persistence")
