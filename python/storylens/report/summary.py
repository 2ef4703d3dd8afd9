"""What the reports' summaries say about the set as a whole: which articles the shared terms
count, how many outlets are known, and whether a digest of the whole set is worth printing."""

from __future__ import annotations

from typing import Any

__all__ = ["digest_note", "outlets_phrase", "shared_terms_articles"]


def shared_terms_articles(report: dict[str, Any]) -> int:
    """How many articles the report's shared terms count: all but those ``outliers`` flags
    as off-story, empty or not an article (duplicates tell the story and stay), as
    ``Comparison.shared_terms`` counts them; every article when that would leave none.

    >>> shared_terms_articles({"articles": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
    ...                        "outliers": [{"article": "c", "kind": "off-story"}]})
    2
    """
    ids = [row["id"] for row in report["articles"]]
    left_out = {row["article"] for row in report["outliers"] if row["kind"] != "duplicate"}
    return sum(article not in left_out for article in ids) or len(ids)


def outlets_phrase(rows: list[dict[str, Any]]) -> str:
    """`` from N outlets``, saying for how many articles the outlet is unknown (a count of
    the known outlets alone reads as if the set came from that few); empty when no outlet
    is known.

    >>> outlets_phrase([{"outlet": "Echo"}, {"outlet": None}, {"outlet": None}])
    ' from 1 outlet (outlet unknown for 2 articles)'
    >>> outlets_phrase([{"outlet": None}])
    ''
    """
    outlets = {row["outlet"] for row in rows if row["outlet"]}
    if not outlets:
        return ""
    phrase = f" from {len(outlets):,} outlet{'' if len(outlets) == 1 else 's'}"
    unknown = sum(not row["outlet"] for row in rows)
    if unknown:
        phrase += f" (outlet unknown for {unknown:,} article{'' if unknown == 1 else 's'})"
    return phrase


def digest_note(report: dict[str, Any]) -> str | None:
    """Why the report prints no digest of the whole set, or None when it does: a set of
    several stories would get a digest that mixes them, just after the warning that results
    treating the set as one story mislead.

    >>> print(digest_note({"stories": {"several": True, "groups": [{}, {}]}}))
    left out: the set holds 2 stories, which one digest would mix (see each story's own)
    >>> digest_note({"stories": {"several": False, "groups": [{}]}}) is None
    True
    """
    stories = report.get("stories") or {}
    if not stories.get("several"):
        return None
    return (
        f"left out: the set holds {len(stories['groups'])} stories, which one digest would "
        "mix (see each story's own)"
    )
