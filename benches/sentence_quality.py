"""How well ``split_sentences`` finds sentence ends, measured on the hand-labelled sentence
corpus through the public API.

The corpus lives in ``tests/fixtures/sentences/<split>.jsonl``: one passage per line, with its
``id``, ``language``, ``text`` and the gold ``sentences`` (in order, each a substring of the
text). A *boundary* is the code-point offset where a sentence ends, other than the end of the
passage (which every splitter finds). Per split the script prints boundary precision, recall
and F1 over all passages, and the share of passages split exactly right.

By default the abbreviations are learned from the split's own passages, one model per
language (as ``ArticleSet.clean()`` learns them from a set); ``--no-learn`` uses the
language's list alone.

    python benches/sentence_quality.py                  # both splits
    python benches/sentence_quality.py --split dev      # one split
    python benches/sentence_quality.py --show-errors    # also list each misjudged passage
    python benches/sentence_quality.py --json           # machine-readable figures
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SPLITS = ("dev", "heldout")
DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sentences"

#: A splitter under test: ``(text, language) -> sentences``.
Splitter = Callable[[str, str], Sequence[str]]


def load_split(split: str, root: Path = DEFAULT_ROOT) -> list[dict[str, Any]]:
    """The passages of one split, as dicts with ``id``, ``language``, ``text``, ``sentences``.

    >>> load_split("dev")[0]["language"]
    'english'
    """
    path = root / f"{split}.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def boundaries(text: str, sentences: Iterable[str]) -> set[int]:
    """The code-point offsets where ``sentences`` end in ``text``, except the passage's end.

    Each sentence is looked up after the previous one, so a repeated sentence is found in
    its place; one that is not in the text raises ValueError naming it.

    >>> sorted(boundaries("One. Two. Three.", ["One.", "Two.", "Three."]))
    [4, 9]
    """
    ends = set()
    position = 0
    for sentence in sentences:
        start = text.find(sentence, position)
        if start < 0:
            raise ValueError(f"sentence not found in its text: {sentence!r}")
        position = start + len(sentence)
        ends.add(position)
    ends.discard(len(text.rstrip()))
    return ends


@dataclass
class Score:
    """Boundary counts and exact passages of one splitter on one split."""

    passages: int = 0
    exact: int = 0
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def exact_share(self) -> float:
        return self.exact / self.passages if self.passages else 1.0

    def figures(self) -> dict[str, float | int]:
        """The counts and the rates, rounded for a table.

        >>> Score(passages=2, exact=1, true_positives=3, predicted=4, gold=3).figures()["f1"]
        0.857
        """
        rates = {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "exact_passages": self.exact_share,
        }
        return {**asdict(self), **{key: round(value, 3) for key, value in rates.items()}}


def score(
    records: Sequence[dict[str, Any]], predict: Splitter, errors: list[str] | None = None
) -> Score:
    """Scores ``predict`` on ``records``; misjudged passages are described in ``errors``.

    >>> records = [{"id": "a", "language": "english", "text": "A b. C d.",
    ...             "sentences": ["A b.", "C d."]}]
    >>> score(records, lambda text, language: [text]).recall
    0.0
    """
    result = Score()
    for record in records:
        text = record["text"]
        gold = boundaries(text, record["sentences"])
        predicted_sentences = list(predict(text, record["language"]))
        predicted = boundaries(text, predicted_sentences)
        result.passages += 1
        result.gold += len(gold)
        result.predicted += len(predicted)
        result.true_positives += len(gold & predicted)
        if gold == predicted:
            result.exact += 1
        elif errors is not None:
            errors.append(f"{record['id']}: {predicted_sentences!r}")
    return result


def storylens_splitter(records: Sequence[dict[str, Any]], *, learn: bool = True) -> Splitter:
    """``split_sentences`` with, when ``learn``, abbreviations learned from ``records`` (one
    model per language)."""
    from storylens.text import split_sentences

    if not learn:
        return lambda text, language: [s.text for s in split_sentences(text, language)]
    from storylens.text import Abbreviations  # type: ignore[attr-defined,unused-ignore]

    languages = sorted({record["language"] for record in records})
    models = {
        language: Abbreviations.learn(
            [r["text"] for r in records if r["language"] == language], language=language
        )
        for language in languages
    }
    return lambda text, language: [
        s.text for s in split_sentences(text, language, abbreviations=models[language])
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=SPLITS, action="append")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--no-learn", action="store_true", help="use the language list alone")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = {}
    for split in args.split or SPLITS:
        records = load_split(split, args.root)
        errors: list[str] = []
        result = score(records, storylens_splitter(records, learn=not args.no_learn), errors)
        figures[split] = result.figures()
        if args.json:
            continue
        f = figures[split]
        print(
            f"{split:8} passages {f['passages']:3}  boundaries {f['gold']:3}  "
            f"precision {f['precision']:.3f}  recall {f['recall']:.3f}  F1 {f['f1']:.3f}  "
            f"exact passages {f['exact_passages']:.3f}"
        )
        if args.show_errors:
            for error in errors:
                print("   ", error)
    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
