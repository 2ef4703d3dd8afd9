"""storylens's sentence splitter next to pysbd and NLTK's Punkt, on the labelled sentence
corpus (``tests/fixtures/sentences``; see ``benches/sentence_quality.py``).

Each tool splits every passage of a split:

* storylens: ``split_sentences(text, language, abbreviations=...)`` with abbreviations learned
  from the split's passages, one model per language (as ``ArticleSet.clean()`` learns them);
* pysbd: ``pysbd.Segmenter(language=<ISO code>, clean=False)``;
* Punkt: NLTK's ``PunktTrainer`` trained on the split's own passages, one model per language
  (collocations included), then ``PunktSentenceTokenizer`` with those parameters. No
  pre-trained model is downloaded: Punkt learns from the same set storylens learns from.

Per split the script prints each tool's boundary precision, recall and F1 and exact passages,
then, for each peer, how many boundaries storylens and the peer disagree on (storylens
splits where the peer does not, and the other way round), how many of each the gold labels
side with, and a few examples of each kind, with ``|`` at the boundary in question.

    pip install -e ".[bench]"
    python benches/sentence_peers.py                 # both splits
    python benches/sentence_peers.py --examples 5    # more examples of each kind
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from sentence_quality import SPLITS, Splitter, boundaries, load_split, score, storylens_splitter

ISO_CODES = {"english": "en", "german": "de", "french": "fr", "spanish": "es"}


def pysbd_splitter() -> Splitter:
    """pysbd, one segmenter per language."""
    import pysbd

    segmenters = {
        language: pysbd.Segmenter(language=code, clean=False)
        for language, code in ISO_CODES.items()
    }
    return lambda text, language: [
        s.strip() for s in segmenters[language].segment(text) if s.strip()
    ]


def punkt_splitter(records: Sequence[dict[str, Any]]) -> Splitter:
    """NLTK's Punkt trained on ``records`` themselves, one model per language."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

    tokenizers = {}
    for language in sorted({record["language"] for record in records}):
        trainer = PunktTrainer()
        trainer.INCLUDE_ALL_COLLOCS = True
        for record in records:
            if record["language"] == language:
                trainer.train(record["text"], finalize=False)
        trainer.finalize_training()
        tokenizers[language] = PunktSentenceTokenizer(trainer.get_params())
    return lambda text, language: tokenizers[language].tokenize(text)


def context(text: str, boundary: int, width: int = 45) -> str:
    """The text around ``boundary`` on one line, with ``|`` at the boundary.

    >>> context("One. Two.", 4)
    'One.| Two.'
    """
    snippet = text[max(0, boundary - width) : boundary] + "|" + text[boundary : boundary + width]
    return snippet.replace("\n", "⏎")


def disagreements(
    records: Sequence[dict[str, Any]], ours: Splitter, theirs: Splitter
) -> dict[str, list[tuple[str, bool]]]:
    """The boundaries only storylens finds and those only the peer finds, each as
    ``(context, gold agrees)``."""
    kinds: dict[str, list[tuple[str, bool]]] = {"storylens only": [], "peer only": []}
    for record in records:
        text, language = record["text"], record["language"]
        gold = boundaries(text, record["sentences"])
        mine = boundaries(text, ours(text, language))
        other = boundaries(text, theirs(text, language))
        for kind, only in (("storylens only", mine - other), ("peer only", other - mine)):
            kinds[kind].extend((context(text, b), b in gold) for b in sorted(only))
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=SPLITS, action="append")
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args(argv)
    for split in args.split or SPLITS:
        records = load_split(split)
        tools = {
            "storylens": storylens_splitter(records),
            "pysbd": pysbd_splitter(),
            "punkt (trained on the split)": punkt_splitter(records),
        }
        print(f"## {split}: {len(records)} passages")
        print(f"{'tool':30} {'precision':>9} {'recall':>7} {'F1':>6} {'exact':>6}")
        for name, tool in tools.items():
            f = score(records, tool).figures()
            print(
                f"{name:30} {f['precision']:9.3f} {f['recall']:7.3f} {f['f1']:6.3f} "
                f"{f['exact_passages']:6.3f}"
            )
        for name, tool in list(tools.items())[1:]:
            kinds = disagreements(records, tools["storylens"], tool)
            print(f"\nstorylens vs {name}:")
            for kind, found in kinds.items():
                right = sum(agrees for _, agrees in found)
                print(f"  {kind:15} {len(found):3} boundaries, {right} of them in the gold labels")
                for snippet, agrees in found[: args.examples]:
                    print(f"      [{'gold' if agrees else 'wrong'}] {snippet}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
