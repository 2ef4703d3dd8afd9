"""How good is the digest? ROUGE against hand-written references, beside three baselines.

Every set of ``tests/fixtures/digest/references.json`` (invented same-story sets, each with
two reference summaries written before the digest was tuned on it) is summarised at the
length of its references (word budget = their mean length, whole sentences only, never over
the budget) by:

- ``digest``: ``Comparison.digest``, at most ``budget`` words (see below);
- ``lead``: the first sentences of the first article in the set's order (skipping articles
  that ``Comparison.outliers`` flags, so that a navigation page cannot sink it);
- ``centroid``: the sentences closest to the TF-IDF centroid of all sentences (cosine), a
  sentence closer than 0.5 to an already chosen one skipped, so that wire copies do not
  fill it;
- ``lexrank``: sumy's LexRank over all the set's sentences, with a sumy tokenizer built on
  storylens (``split_sentences`` for sentences, ``Tokenizer`` for words), since sumy's own
  needs an NLTK download.

Every baseline fills the budget greedily: a sentence that does not fit is skipped and the
next one tried. Every system's budget is in words split on white space, the digest's
included (its own count, a tokenizer's, skips numbers and splits hyphenated words, so it is
asked for fewer words until its text fits), and LexRank gives each sentence once even when
wire copies repeat it. Scores are rouge-score's ROUGE-1/2/L F, averaged over the two
references. English sets use rouge-score's tokenizer with its Porter stemmer; other
languages use words from storylens's ``Tokenizer`` (lower-cased, accents kept), unstemmed,
since rouge-score's tokenizer drops every letter outside a-z and its stemmer is English
only. The paired bootstrap (10,000 resamples of the sets, seed 0) gives the 95% interval of
the mean ROUGE-2 difference between the digest and each baseline, for each group of sets
apart:

- ``dev`` (10 sets: 9 stories of ``tests/fixtures/cleaning/dev`` and the bundled sample), the
  sets the digest's settings were chosen on;
- ``heldout`` (7 stories of ``tests/fixtures/cleaning/heldout``);
- ``heldout2`` (15 stories of ``tests/fixtures/digest/sets``, written with their references
  as a second held-out group, before any further change to the digest);
- ``dev2`` and ``heldout3`` (12 stories each of ``tests/fixtures/digest/sets``, split
  alternately in name order before any digest ran on them): written by one author, each
  reference by one of two others, neither seeing the other's; ``dev2`` may be tuned on,
  ``heldout3`` never;
- ``heldout4`` (48 stories of ``tests/fixtures/digest/sets``): six authors, eight stories
  each, each reference by one of two further writers, neither seeing the other's; written
  while the digest was frozen, and scored once;
- ``dev pooled`` (22 sets) and ``heldout pooled`` (all four held-out groups, 82 sets).

The fourth round (2026-12-06) fitted a supervised sentence score on ``dev pooled`` alone
(``benches/digest_fit.py``) and chose one setting before any held-out set was scored with
it: oracle labels, features scaled within each set, every feature but position, ridge alpha
0.1, the prediction added to the digest's score at 1 x its best first step. The rule,
written down with it: adopt it only if its mean ROUGE-2 on ``heldout pooled`` (34 sets)
minus the digest's is above 0, and report its margin over the centroid baseline (95%
interval) whatever it shows. It passed that (+0.002, centroid margin +0.016 [-0.002,
+0.034]) but not the stricter rule the round was set with (the centroid margin's interval
above 0), and lowered ROUGE-1: it was not adopted (``benches/digest_learned.py``), so
``digest`` here is the shipped digest.

``--time N`` also times ``compare()`` and ``digest()`` on N synthetic articles (25 sentences
each, drawn from the bundled sample) and reports the best of three digest calls.

Run from the repository root::

    python benches/digest_quality.py                 # the table, every group
    python benches/digest_quality.py --splits dev    # dev only (what tuning may look at)
    python benches/digest_quality.py --json          # the figures as JSON
    python benches/digest_quality.py --time 1000     # plus the digest's time on 1,000 articles
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import storylens
from storylens.datasets import load_sample
from storylens.text import Tokenizer, split_sentences

ROOT = Path(__file__).resolve().parent.parent
REFERENCES = ROOT / "tests" / "fixtures" / "digest" / "references.json"
SYSTEMS = ("digest", "lead", "centroid", "lexrank")
BASELINES = ("lead", "centroid", "lexrank")
METRICS = ("rouge1", "rouge2", "rougeL")
RESAMPLES = 10_000
# Each reported group and the splits of references.json it pools.
GROUPS = {
    "dev": ("dev",),
    "dev2": ("dev2",),
    "dev pooled": ("dev", "dev2"),
    "heldout": ("heldout",),
    "heldout2": ("heldout2",),
    "heldout3": ("heldout3",),
    "heldout4": ("heldout4",),
    "heldout pooled": ("heldout", "heldout2", "heldout3", "heldout4"),
}


def load_sets(splits: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The reference sets (of ``splits``, every one with None), each with its cleaned
    ``articles``.

    >>> sets = load_sets(["dev"])
    >>> len(sets) >= 10, all(len(s["references"]) == 2 for s in sets)
    (True, True)
    """
    with REFERENCES.open(encoding="utf-8") as source:
        sets: list[dict[str, Any]] = json.load(source)["sets"]
    if splits is not None:
        unknown = set(splits) - {entry["split"] for entry in sets}
        if unknown:
            raise ValueError(f"no reference sets in split(s) {sorted(unknown)}")
        sets = [entry for entry in sets if entry["split"] in splits]
    for entry in sets:
        if entry["source"] == "storylens.datasets.load_sample":
            entry["articles"] = load_sample().clean()
        else:
            entry["articles"] = storylens.ArticleSet.from_folder(
                ROOT / entry["source"], "*.txt", metadata=False, language=entry["language"]
            ).clean()
    return sets


def budget_of(references: Sequence[str]) -> int:
    """The word budget: the references' mean length in words, rounded.

    >>> budget_of(["one two three", "one two three four five"])
    4
    """
    return round(float(np.mean([len(text.split()) for text in references])))


def fill(ranked: Sequence[str], budget: int) -> list[str]:
    """Whole sentences in ``ranked`` order while they fit ``budget`` words (a sentence that
    does not fit is skipped, the next one tried).

    >>> fill(["a b c", "d e f g", "h"], 4)
    ['a b c', 'h']
    """
    chosen, used = [], 0
    for sentence in ranked:
        words = len(sentence.split())
        if used + words <= budget:
            chosen.append(sentence)
            used += words
    return chosen


def lead(comparison: storylens.Comparison, budget: int) -> str:
    """The first sentences of the first article that ``outliers`` does not flag."""
    flagged = set(comparison.outliers["article"])
    first = next(article for article in comparison.articles if article.id not in flagged)
    return " ".join(fill([s.text for s in first.sentences], budget))


def _unit_rows(matrix: Any) -> Any:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    from scipy import sparse

    return sparse.diags(1.0 / norms) @ matrix


def centroid(comparison: storylens.Comparison, budget: int) -> str:
    """The sentences closest to the TF-IDF centroid of all sentences, without near repeats
    (cosine 0.5 or more to a chosen one), in reading order."""
    texts = comparison.sentences["text"].tolist()
    rows = _unit_rows(storylens.TfidfVectorizer().fit_transform(texts)).tocsr()
    center = np.asarray(rows.mean(axis=0)).ravel()
    closeness = rows @ center / (np.linalg.norm(center) or 1.0)
    chosen: list[int] = []
    used = 0
    for index in np.argsort(-closeness, kind="stable"):
        words = len(texts[index].split())
        if used + words > budget:
            continue
        if chosen and (rows[chosen] @ rows[index].T).max() >= 0.5:
            continue
        chosen.append(int(index))
        used += words
    return " ".join(texts[i] for i in sorted(chosen))


class StorylensSumyTokenizer:
    """A sumy tokenizer on storylens's sentences and words (sumy's own needs NLTK data)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._words = Tokenizer(lowercase=False, token_pattern=r"(?u)\b\w+\b")

    def to_sentences(self, paragraph: str) -> list[str]:
        return [s.text for s in split_sentences(paragraph, self.language)]

    def to_words(self, sentence: str) -> list[str]:
        words: list[str] = self._words.tokenize([sentence])[0]
        return words


SUMY_LANGUAGES = {"en": "english", "de": "german", "fr": "french", "es": "spanish"}


def lexrank(comparison: storylens.Comparison, budget: int, language: str) -> str:
    """sumy's LexRank over every sentence of the set (one paragraph per article), its
    best-rated sentences filling the budget, in reading order."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = StorylensSumyTokenizer(language)
    text = "\n\n".join(" ".join(s.text for s in a.sentences) for a in comparison.articles)
    document = PlaintextParser.from_string(text, tokenizer).document
    summarizer = LexRankSummarizer(Stemmer(SUMY_LANGUAGES[language]))
    summarizer.stop_words = get_stop_words(SUMY_LANGUAGES[language])
    sentences = list(document.sentences)
    # LexRankSummarizer.__call__'s own steps, kept to read the ratings of every sentence
    # rather than the top few in document order.
    words = [summarizer._to_words_set(s) for s in sentences]
    matrix = summarizer._create_matrix(
        words, summarizer.threshold, summarizer._compute_tf(words), summarizer._compute_idf(words)
    )
    ratings = summarizer.power_method(matrix, summarizer.epsilon)
    order = sorted(range(len(sentences)), key=lambda i: (-ratings[i], i))
    ranked = [str(sentences[i]) for i in order]
    chosen = set(fill(ranked, budget))
    # Each chosen sentence once, where it first appears (a wire copy repeats sentences).
    return " ".join(dict.fromkeys(str(s) for s in sentences if str(s) in chosen))


def digest_within(comparison: storylens.Comparison, budget: int) -> str:
    """The digest with at most ``budget`` words as the baselines count them (split on
    white space): the digest counts its tokenizer's words, without numbers ("£612,000",
    "27") and with hyphenated words as two, so its budget shrinks until the text fits."""
    limit = budget
    while True:
        text = str(comparison.digest(max_words=limit))
        over = len(text.split()) - budget
        if over <= 0 or limit <= 1:
            return text
        limit = max(limit - over, 1)


class StorylensRougeTokenizer:
    """rouge-score tokenizer for languages other than English: storylens's lower-cased
    words, accents kept, no stemming."""

    def __init__(self) -> None:
        self._words = Tokenizer()

    def tokenize(self, text: str) -> list[str]:
        words: list[str] = self._words.tokenize([text])[0]
        return words


def scorer_for(language: str) -> Any:
    from rouge_score import rouge_scorer

    if language == "en":
        return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    return rouge_scorer.RougeScorer(list(METRICS), tokenizer=StorylensRougeTokenizer())


def summaries(entry: dict[str, Any]) -> dict[str, str]:
    """Every system's summary of one set, at the references' length."""
    budget = budget_of(entry["references"])
    comparison = entry["articles"].compare()
    systems: dict[str, Callable[[], str]] = {
        "digest": lambda: digest_within(comparison, budget),
        "lead": lambda: lead(comparison, budget),
        "centroid": lambda: centroid(comparison, budget),
        "lexrank": lambda: lexrank(comparison, budget, entry["language"]),
    }
    return {name: make() for name, make in systems.items()}


def score_sets(sets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per set and system, ROUGE-1/2/L F averaged over the two references."""
    rows = []
    for entry in sets:
        scorer = scorer_for(entry["language"])
        for system, text in summaries(entry).items():
            scores = [scorer.score(reference, text) for reference in entry["references"]]
            row = {"set": entry["name"], "split": entry["split"], "system": system}
            row["words"] = len(text.split())
            for metric in METRICS:
                row[metric] = float(np.mean([s[metric].fmeasure for s in scores]))
            rows.append(row)
    return rows


def paired_bootstrap(differences: Sequence[float], seed: int = 0) -> tuple[float, float, float]:
    """Mean of the per-set differences and its 95% bootstrap interval.

    >>> mean, low, high = paired_bootstrap([0.1, 0.2, 0.3])
    >>> round(mean, 2), low <= mean <= high
    (0.2, True)
    """
    values = np.asarray(differences, dtype=float)
    generator = np.random.default_rng(seed)
    picks = generator.integers(0, len(values), size=(RESAMPLES, len(values)))
    means = values[picks].mean(axis=1)
    return float(values.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def report(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean scores per split and system, and the digest's paired-bootstrap ROUGE-2 margin
    over each baseline."""
    out: dict[str, Any] = {}
    for group, splits in GROUPS.items():
        mine = [r for r in rows if r["split"] in splits]
        sets = sorted({r["set"] for r in mine})
        if not sets:
            continue
        table = {
            system: {
                m: float(np.mean([r[m] for r in mine if r["system"] == system])) for m in METRICS
            }
            for system in SYSTEMS
        }
        by = {(r["set"], r["system"]): r["rouge2"] for r in mine}
        margins = {
            base: paired_bootstrap([by[(s, "digest")] - by[(s, base)] for s in sets])
            for base in BASELINES
        }
        out[group] = {"sets": len(sets), "mean": table, "rouge2_margin": margins}
    return out


def time_digest(n_articles: int, max_words: int = 150) -> dict[str, float]:
    """Seconds for ``compare()`` and for ``digest(max_words)`` (best of three) on
    ``n_articles`` synthetic articles of 25 sentences drawn from the bundled sample."""
    sentences = [s.text for a in load_sample().clean() for s in split_sentences(a.text)]
    generator = random.Random(0)
    texts = [" ".join(generator.sample(sentences, 25)) for _ in range(n_articles)]
    articles = storylens.ArticleSet.from_texts(texts)
    start = time.perf_counter()
    comparison = articles.compare()
    compared = time.perf_counter() - start
    runs = []
    for _ in range(3):
        # The comparison keeps each budget's digest: forget it, or the next call is free.
        comparison.__dict__.pop("_digests", None)
        start = time.perf_counter()
        comparison.digest(max_words=max_words)
        runs.append(time.perf_counter() - start)
    return {
        "articles": float(n_articles),
        "sentences": float(len(comparison.sentences)),
        "compare_s": compared,
        "digest_s": min(runs),
    }


def print_report(figures: dict[str, Any]) -> None:
    for group, result in figures.items():
        if group == "timing":
            print(
                f"\n{result['articles']:.0f} articles, {result['sentences']:.0f} sentences:"
                f" compare() {result['compare_s']:.2f} s, digest() {result['digest_s']:.2f} s"
            )
            continue
        print(f"\n{group} ({result['sets']} sets)")
        print(f"{'system':<10} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}")
        for system, values in result["mean"].items():
            print(f"{system:<10}" + "".join(f" {values[m]:8.3f}" for m in METRICS))
        for base, (mean, low, high) in result["rouge2_margin"].items():
            verdict = "beats" if low > 0 else "does not beat"
            print(
                f"digest - {base:<9} ROUGE-2 {mean:+.3f}  95% [{low:+.3f}, {high:+.3f}]  {verdict}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--per-set", action="store_true", help="print every set's ROUGE-2")
    parser.add_argument(
        "--splits", nargs="+", help="score only these splits of references.json (dev, ...)"
    )
    parser.add_argument(
        "--time", type=int, metavar="N", help="also time the digest on N synthetic articles"
    )
    args = parser.parse_args(argv)
    rows = score_sets(load_sets(args.splits))
    figures = report(rows)
    if args.time:
        figures["timing"] = time_digest(args.time)
    if args.per_set:
        for r in rows:
            print(
                f"{r['split']:<8} {r['set']:<32} {r['system']:<9} {r['words']:4d} {r['rouge2']:.3f}"
            )
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print_report(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
