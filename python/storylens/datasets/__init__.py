"""Small data sets that ship with storylens (written for the package, not scraped)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def load_demo_texts() -> list[dict[str, Any]]:
    """Five short fictional reports of one story (a bridge closure), one dict per article with
    ``id``, ``outlet`` and ``text``.

    >>> [article["id"] for article in load_demo_texts()][:2]
    ['harbour-wire', 'norvik-daily']
    """
    source = resources.files(__package__).joinpath("demo_texts.jsonl")
    with source.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
