"""How well ``Comparison.reuse()`` tells verbatim copies, near-verbatim edits, paraphrases and
unique sentences apart, measured per kind against planted ground truth through the public API.

Two splits:

- ``dev``: the bundled sample (``storylens.datasets``), whose ``truth.json`` plants copies,
  edits and paraphrases of the wire story and lists each article's unique sentences. The
  rules were tuned on it.
- ``heldout``: ``tests/fixtures/reuse_heldout/planted.json``, two invented stories with
  planted rewrites, written before the paraphrase signal was tuned and never used to tune it.

For each kind the script prints:

- **recall**: of the planted (sentence, source) pairs of that kind, the share whose best
  match in the source's article is the planted source sentence with a reused kind (any of
  verbatim, near-verbatim, paraphrase); ``kind agrees`` is the share found with that very kind;
- **precision**: of the (sentence, other article) rows the map gives that kind, the share that
  link two related sentences (planted as a pair, or both rewritten from one source sentence);
- for **unique**: a sentence is called unique when no other article reuses it. Recall is the
  share of the planted unique sentences called unique; precision is the share of the called
  unique sentences that are planted unique, among those the truth labels (unique or reused).

    python benches/reuse_quality.py                  # both splits
    python benches/reuse_quality.py --split heldout  # one split
    python benches/reuse_quality.py --json           # machine-readable figures
    python benches/reuse_quality.py --show-errors    # also list the misses
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

SPLITS = ("dev", "heldout")
REUSED = ("verbatim", "near-verbatim", "paraphrase")
KINDS = (*REUSED, "unique")
HELDOUT = (
    Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reuse_heldout" / "planted.json"
)


def plain(text: str) -> str:
    """Text with typographic quotes and dashes made plain and spaces collapsed, so that a
    truth sentence can be found in the cleaned article's sentences.

    >>> plain("\u201cIt\u2019s\u201d  \u2013 so")
    '"It\\'s" - so'
    """
    text = unicodedata.normalize("NFC", text)
    for fancy, simple in (
        ("\u2019", "'"),
        ("\u2018", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u2013", "-"),
    ):
        text = text.replace(fancy, simple)
    return " ".join(text.split())


@dataclass
class Truth:
    """Planted reuse: (article, sentence) -> its source (article, sentence) and kind; the
    unique sentences; every labelled sentence (for the unique precision)."""

    pairs: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    unique: dict[str, list[str]] = field(default_factory=dict)
    #: Pairs that count as related for precision but not for recall (lifted quotes).
    extra: list[tuple[str, str, str, str]] = field(default_factory=list)


def sample_truth() -> tuple[Any, Truth]:
    """The bundled sample (cleaned) and its truth."""
    from storylens.datasets import load_sample, load_sample_truth

    raw = load_sample_truth()
    truth = Truth(unique={k: list(v) for k, v in raw["unique"].items()})
    for entry in raw["reuse"]:
        item = (entry["article"], entry["sentence"], entry["source"], entry["source_sentence"])
        if entry["kind"] == "quote":
            truth.extra.append(item)
        else:
            truth.pairs.append((*item, entry["kind"]))
    return load_sample().clean(), truth


def heldout_truth(path: Path = HELDOUT) -> tuple[Any, Truth]:
    """The held-out stories as one article set (each article's sentences joined), and their
    truth."""
    from storylens import ArticleSet

    data = json.loads(path.read_text(encoding="utf-8"))
    truth = Truth()
    texts, ids = [], []
    for story in data["stories"]:
        source = story["articles"][0]
        for article in story["articles"]:
            ids.append(article["id"])
            texts.append(" ".join(s["text"] for s in article["sentences"]))
            if article is source:
                continue
            for sentence in article["sentences"]:
                origin = sentence.get("from")
                if origin is None:
                    truth.unique.setdefault(article["id"], []).append(sentence["text"])
                else:
                    index, kind = origin
                    truth.pairs.append(
                        (
                            article["id"],
                            sentence["text"],
                            source["id"],
                            source["sentences"][index]["text"],
                            kind,
                        )
                    )
    return ArticleSet.from_texts(texts, ids=ids).clean(), truth


def _same(a: str, b: str) -> bool:
    a, b = plain(a), plain(b)
    return a in b or b in a


class Relations:
    """Which sentences derive from a common source sentence (or are a planted pair)."""

    def __init__(self, truth: Truth) -> None:
        self.links = [(a, s, b, t) for a, s, b, t, _ in truth.pairs] + truth.extra

    def origins(self, article: str, text: str) -> set[tuple[str, str]]:
        found = {(article, plain(text))}
        for a, s, b, t in self.links:
            if a == article and _same(s, text):
                found.add((b, plain(t)))
        return found

    def related(self, article: str, text: str, other: str, other_text: str) -> bool:
        mine, theirs = self.origins(article, text), self.origins(other, other_text)
        if mine & theirs:
            return True
        # A planted source sentence may be cut differently by the splitter: compare by
        # containment within one article.
        return any(a == b and _same(s, t) for a, s in mine for b, t in theirs)

    def labelled(self, article: str, text: str) -> bool:
        return any(
            (a == article and _same(s, text)) or (b == article and _same(t, text))
            for a, s, b, t in self.links
        )


@dataclass
class KindScore:
    kind: str
    planted: int
    found: int
    kind_agrees: int
    claimed: int
    correct: int

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else float("nan")

    @property
    def precision(self) -> float:
        return self.correct / self.claimed if self.claimed else float("nan")


def score(comparison: Any, truth: Truth, errors: list[str] | None = None) -> list[KindScore]:
    """Per-kind precision and recall of ``comparison.reuse()`` against ``truth``."""
    reuse = pd.DataFrame(comparison.reuse(include_unique=True))
    relations = Relations(truth)
    reused = reuse[reuse["kind"] != "unique"]
    scores = []
    for kind in REUSED:
        planted = [p for p in truth.pairs if p[4] == kind]
        found = agrees = 0
        for article, text, source, source_text, _ in planted:
            rows = reuse[(reuse["article"] == article) & (reuse["other"] == source)]
            hit = [
                row_kind
                for row_text, other_text, row_kind in zip(
                    rows["text"], rows["other_text"], rows["kind"], strict=True
                )
                if _same(row_text, text) and _same(other_text, source_text)
            ]
            if any(k != "unique" for k in hit):
                found += 1
                agrees += kind in hit
            elif errors is not None:
                errors.append(f"missed {kind}: {article}: {text!r} <- {source}: {source_text!r}")
        claimed = reused[reused["kind"] == kind]
        correct = 0
        for row in claimed.itertuples(index=False):
            ok = relations.related(
                str(row.article), str(row.text), str(row.other), str(row.other_text)
            )
            correct += ok
            if not ok and errors is not None:
                errors.append(
                    f"wrong {kind}: {row.article}: {row.text!r} ~ {row.other}: {row.other_text!r}"
                )
        scores.append(KindScore(kind, len(planted), found, agrees, len(claimed), correct))
    # Unique: a sentence no other article reuses.
    sentences = comparison.sentences
    reused_keys = set(zip(reused["article"], reused["sentence"], strict=True))
    planted_unique = [(a, t) for a, texts in truth.unique.items() for t in texts]
    called = [
        (a, t)
        for a, n, t in zip(sentences["article"], sentences["sentence"], sentences["text"], strict=True)
        if (a, n) not in reused_keys
    ]
    called_texts: dict[str, list[str]] = {}
    for a, t in called:
        called_texts.setdefault(a, []).append(t)
    found = sum(any(_same(t, c) for c in called_texts.get(a, [])) for a, t in planted_unique)
    if errors is not None:
        for a, t in planted_unique:
            if not any(_same(t, c) for c in called_texts.get(a, [])):
                errors.append(f"missed unique: {a}: {t!r}")
    judged = correct = 0
    for a, t in called:
        is_unique = any(_same(t, u) for u in truth.unique.get(a, []))
        if is_unique or relations.labelled(a, t):
            judged += 1
            correct += is_unique
            if not is_unique and errors is not None:
                errors.append(f"wrong unique: {a}: {t!r}")
    scores.append(KindScore("unique", len(planted_unique), found, found, judged, correct))
    return scores


def _table(split: str, scores: Iterable[KindScore]) -> str:
    lines = [
        f"### {split}",
        "",
        "| kind | planted | recall | kind agrees | claimed | precision |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        lines.append(
            f"| {s.kind} | {s.planted} | {s.recall:.2f} ({s.found}/{s.planted}) "
            f"| {s.kind_agrees}/{s.planted} | {s.claimed} "
            f"| {s.precision:.2f} ({s.correct}/{s.claimed}) |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=SPLITS, action="append")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-errors", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    loaders = {"dev": sample_truth, "heldout": heldout_truth}
    results: dict[str, list[dict[str, Any]]] = {}
    for split in args.split or SPLITS:
        articles, truth = loaders[split]()
        errors: list[str] | None = [] if args.show_errors else None
        scores = score(articles.compare(), truth, errors)
        results[split] = [
            {**asdict(s), "recall": s.recall, "precision": s.precision} for s in scores
        ]
        if not args.json:
            print(_table(split, scores))
            print()
            for line in errors or []:
                print("  " + line)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
