"""Comparing the articles of a set: similarity, shared and distinctive terms, topics, reuse
and sources, and the digest.

:class:`Comparison` (in :mod:`storylens.compare.comparison`) vectorises a cleaned
:class:`~storylens.ArticleSet` once and hands each question to its own module:
:mod:`~storylens.compare.similarity`, :mod:`~storylens.compare.terms`,
:mod:`~storylens.compare.topics`, :mod:`~storylens.compare.reuse` and
:mod:`~storylens.compare.digest`, whose result classes (``Topics``, ``ReuseMap``, ``Digest``)
live beside the code that makes them.

>>> from storylens.datasets import load_sample
>>> load_sample().clean().compare().similarity.shape
(7, 7)
"""

from storylens.compare.comparison import Comparison
from storylens.compare.digest import Digest
from storylens.compare.reuse import KINDS, ReuseMap
from storylens.compare.similarity import nearest
from storylens.compare.topics import Topics

# isort: off
# Names the single-module storylens.compare of earlier releases had; still importable here.
from storylens.compare.digest import starts_mid_word as starts_mid_word
from storylens.compare.reuse import CONTAINMENT_MARGIN as CONTAINMENT_MARGIN
from storylens.compare.reuse import REACH_MARGIN as REACH_MARGIN
from storylens.compare.reuse import REACH_MINIMUM as REACH_MINIMUM
from storylens.views.html import similarity_html as similarity_html
# isort: on

__all__ = ["KINDS", "Comparison", "Digest", "ReuseMap", "Topics", "nearest"]
