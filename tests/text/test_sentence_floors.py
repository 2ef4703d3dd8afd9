"""Floors on the held-out sentence corpus (``tests/fixtures/sentences/heldout.jsonl``), which
the rules were never tuned on: a change that makes the splitter worse there fails here. The
figures measured when the floors were set are in ``benches/README.md``; each floor is that
figure minus a small margin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from storylens.text import Abbreviations, split_sentences

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "sentences"

#: Measured on the held-out split with learned abbreviations when the floors were set: boundary
#: F1 1.000 and exact passages 1.000 (64 of 64). The margins allow one or two misjudged
#: boundaries, not a lost rule.
FLOOR_F1 = 0.97
FLOOR_EXACT = 0.95


def load(split: str) -> list[dict[str, Any]]:
    with (CORPUS / f"{split}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def boundaries(text: str, sentences: list[str]) -> set[int]:
    """Where the sentences end in ``text``, except the passage's end."""
    ends, position = set(), 0
    for sentence in sentences:
        start = text.index(sentence, position)
        position = start + len(sentence)
        ends.add(position)
    ends.discard(len(text))
    return ends


def measure(records: list[dict[str, Any]]) -> tuple[float, float]:
    """Boundary F1 and the share of passages split exactly right, with abbreviations learned
    from the split's passages (one model per language), as ArticleSet.clean() learns them."""
    models = {
        language: Abbreviations.learn(
            [r["text"] for r in records if r["language"] == language], language=language
        )
        for language in {r["language"] for r in records}
    }
    found = gold_count = predicted_count = exact = 0
    for record in records:
        text = record["text"]
        predicted = [
            s.text
            for s in split_sentences(
                text, record["language"], abbreviations=models[record["language"]]
            )
        ]
        gold, got = boundaries(text, record["sentences"]), boundaries(text, predicted)
        found += len(gold & got)
        gold_count += len(gold)
        predicted_count += len(got)
        exact += gold == got
    precision, recall = found / predicted_count, found / gold_count
    return 2 * precision * recall / (precision + recall), exact / len(records)


@pytest.fixture(scope="module")
def heldout() -> list[dict[str, Any]]:
    records = load("heldout")
    assert len(records) >= 60
    assert {r["language"] for r in records} >= {"english", "german", "french", "spanish"}
    return records


def test_heldout_boundary_f1_stays_above_its_floor(heldout: list[dict[str, Any]]) -> None:
    f1, _ = measure(heldout)
    assert f1 >= FLOOR_F1, f"held-out boundary F1 {f1:.3f} fell below {FLOOR_F1}"


def test_heldout_exact_passages_stay_above_their_floor(heldout: list[dict[str, Any]]) -> None:
    _, exact = measure(heldout)
    assert exact >= FLOOR_EXACT, f"held-out exact passages {exact:.3f} fell below {FLOOR_EXACT}"


def test_the_gold_sentences_are_in_their_texts() -> None:
    for split in ("dev", "heldout"):
        for record in load(split):
            boundaries(record["text"], record["sentences"])  # raises if one is missing
