"""How well ``Comparison.sources()`` names each article's source in the set (who copied
whom), measured against known sources through the public API.

Three groups:

- ``dev``: the bundled sample (``storylens.datasets``): every article with planted reuse
  draws on ``wire``;
- ``heldout``: ``tests/fixtures/reuse_heldout/planted.json``, two invented stories whose
  first article is the source of the rest (no dates, outlets or datelines: the shares
  alone decide), never used to tune the rules;
- ``walk``: ``tests/fixtures/sources/``, two invented same-day sets with a wire story, a
  word-for-word reprint that adds lines of its own, rewrites and unrelated pieces: the sets
  on which same-day copies were first found undecided.

For each group the script prints the articles whose source is known and how many
``sources()`` names rightly, names wrongly, or leaves missing, and how many originals it
rightly leaves without a source.

    python benches/sources_quality.py           # every group
    python benches/sources_quality.py --json    # machine-readable
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures"


def _dev() -> list[tuple[Any, dict[str, str | None]]]:
    from storylens.datasets import load_sample, load_sample_truth

    truth = load_sample_truth()
    articles = load_sample().clean()
    copies = {entry["article"]: entry["source"] for entry in truth["reuse"]}
    return [(articles, {i: copies.get(i) for i in articles.ids})]


def _heldout() -> list[tuple[Any, dict[str, str | None]]]:
    from storylens import ArticleSet

    data = json.loads((FIXTURES / "reuse_heldout" / "planted.json").read_text("utf-8"))
    sets = []
    for story in data["stories"]:
        source = story["articles"][0]["id"]
        texts, ids, known = [], [], {}
        for article in story["articles"]:
            ids.append(article["id"])
            texts.append(" ".join(s["text"] for s in article["sentences"]))
            draws = any(s.get("from") for s in article["sentences"])
            known[article["id"]] = source if draws and article["id"] != source else None
        sets.append((ArticleSet.from_texts(texts, ids=ids).clean(), known))
    return sets


def _walk() -> list[tuple[Any, dict[str, str | None]]]:
    from storylens import ArticleSet

    folder = FIXTURES / "sources"
    truth = json.loads((folder / "truth.json").read_text("utf-8"))["sets"]
    return [(ArticleSet.from_folder(folder / name).clean(), known) for name, known in truth.items()]


GROUPS = {"dev": _dev, "heldout": _heldout, "walk": _walk}


def score(sets: list[tuple[Any, dict[str, str | None]]]) -> dict[str, int]:
    """Counts over the group's articles: ``copies`` (known source), ``right``, ``wrong``,
    ``missing``; ``originals`` (no source) and ``originals_right`` (left without one)."""
    counts = dict.fromkeys(
        ["copies", "right", "wrong", "missing", "originals", "originals_right"], 0
    )
    for articles, known in sets:
        found = articles.compare().sources().set_index("article")["source"]
        for article_id, source in known.items():
            named = found.loc[article_id]
            named = None if named is None or named != named else str(named)
            if source is None:
                counts["originals"] += 1
                counts["originals_right"] += named is None
            else:
                counts["copies"] += 1
                key = "missing" if named is None else "right" if named == source else "wrong"
                counts[key] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    results = {name: score(load()) for name, load in GROUPS.items()}
    if options.json:
        print(json.dumps(results, indent=2))
        return 0
    print("| group | copies | named right | wrong | missing | originals left alone |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, c in results.items():
        print(
            f"| {name} | {c['copies']} | {c['right']} | {c['wrong']} | {c['missing']} "
            f"| {c['originals_right']}/{c['originals']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
