"""Finding articles of a comparison by id or position."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from storylens.exceptions import InvalidParameterError


def index_of(ids: Sequence[str], article: str | int) -> int:
    """The position of ``article``, given by id or by position (negative counts from the end).

    >>> index_of(["wire", "copy"], "copy"), index_of(["wire", "copy"], -2)
    (1, 0)
    """
    if isinstance(article, str):
        try:
            return list(ids).index(article)
        except ValueError:
            raise KeyError(f"no article with id {article!r}") from None
    if isinstance(article, (int, np.integer)) and not isinstance(article, bool):
        if not -len(ids) <= article < len(ids):
            raise IndexError(f"article position {article} out of range")
        return int(article) % len(ids)
    raise InvalidParameterError(f"an article is an id or a position, not {article!r}")


def members(ids: Sequence[str], article_or_group: str | int | Iterable[str | int]) -> list[int]:
    """The sorted positions of one article or of a group of them.

    >>> members(["wire", "copy", "blog"], ["blog", 0])
    [0, 2]
    """
    if isinstance(article_or_group, (str, int, np.integer)):
        return [index_of(ids, article_or_group)]
    found = sorted({index_of(ids, item) for item in article_or_group})
    if not found:
        raise InvalidParameterError("the group is empty")
    return found
