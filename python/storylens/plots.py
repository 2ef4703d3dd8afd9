"""Deprecated alias of :mod:`storylens.views.plots`, kept for one release so that old imports
keep working."""

from storylens._deprecation import warn_moved
from storylens.views.plots import plot_similarity, plot_terms

__all__ = ["plot_similarity", "plot_terms"]

warn_moved(__name__, "storylens.views.plots")
