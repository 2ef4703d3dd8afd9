"""The story digest: an extractive summary of an article set."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

__all__ = ["Digest"]


@dataclass(frozen=True, eq=False)
class Digest:
    """The sentences that carry a story's common core, without repeats, in reading order
    (see :meth:`Comparison.digest`). ``str(digest)`` is the summary text; ``sentences`` a
    DataFrame of the chosen sentences: ``article``, ``sentence`` (index in the article),
    ``position`` (relative position in the article, 0 to 1), ``words`` and ``text``.

    >>> from storylens.datasets import load_sample
    >>> digest = load_sample().clean().compare().digest(max_words=80)
    >>> digest.words <= 80, list(digest.sentences.columns)
    (True, ['article', 'sentence', 'position', 'words', 'text'])
    """

    sentences: pd.DataFrame
    max_words: int

    @property
    def words(self) -> int:
        """Words in the digest (never more than ``max_words``)."""
        return int(self.sentences["words"].sum())

    def __str__(self) -> str:
        return " ".join(self.sentences["text"])

    def __repr__(self) -> str:
        return f"Digest({len(self.sentences)} sentences, {self.words}/{self.max_words} words)"

    def _repr_html_(self) -> str:
        items = "".join(
            f"<li>{html.escape(str(text))} <small>({html.escape(str(article))})</small></li>"
            for text, article in zip(self.sentences["text"], self.sentences["article"], strict=True)
        )
        return f"<p>{html.escape(repr(self))}</p><ol>{items}</ol>"
