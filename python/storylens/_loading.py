"""Deprecated alias of :mod:`storylens.articles._loading`, kept for one release so that pickles
of article sets with skipped items (``storylens._loading.Skipped``) keep loading."""

from storylens._deprecation import warn_moved
from storylens.articles.article import Skipped

__all__ = ["Skipped"]

warn_moved(__name__, "storylens.articles")
