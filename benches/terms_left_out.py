"""How many dates, clock times, bare numbers and reporting verbs reach the term lists that
are not distinctive terms: the top 12 shared terms, each article's top 10 group terms
(``group_terms`` by article) and each story's top 10 terms, on the digest's reference sets
(``tests/fixtures/digest/references.json``: dev and dev2 are "dev", the other groups
"held-out"; nothing here is tuned, the split only shows the figures hold on unseen sets).

A term counts as noise by this script's own test, independent of the library's: digits
with at most ``.,:/-`` and an ordinal or am/pm ending, "a.m."/"p.m.", an English, German,
French or Spanish weekday or month name, or an English reporting verb. The script also lists
every date or time the library's filter left out (``keep_dates``) that this test does not
call noise: a content word dropped.

    python benches/terms_left_out.py
"""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import storylens
from storylens.datasets import load_sample

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = ROOT / "tests" / "fixtures" / "digest" / "references.json"
DEV_GROUPS = {"dev", "dev2"}

NUMBER = re.compile(r"^\d[\d.,:/\-]*(st|nd|rd|th|am|pm|a\.m\.?|p\.m\.?)?$")
CALENDAR = set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december montag dienstag mittwoch "
    "donnerstag freitag samstag sonntag januar februar märz juni juli oktober dezember "
    "lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin "
    "juillet août septembre octobre novembre décembre lunes martes miércoles jueves viernes "
    "sábado domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre "
    "noviembre diciembre".split()
)
REPORTING = {"told", "tells", "said", "says", "say", "saying"}


def is_noise(term: str) -> bool:
    """Whether ``term`` is a date, time, bare number or reporting verb (this script's test).

    >>> [is_noise(t) for t in ["p.m.", "2.15", "thursday", "told", "harbour", "g7"]]
    [True, True, True, True, False, False]
    """
    return bool(NUMBER.match(term)) or term in {"a.m.", "p.m."} | CALENDAR | REPORTING


def term_lists(articles: Any, dropped: set[str]) -> list[str]:
    """The shared, per-article group and per-story terms of one set, in one list; adds to
    ``dropped`` the words that the library leaves out of its vocabulary's term lists (when
    it has ``keep_dates``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comparison = articles.compare()
        found = list(comparison.shared_terms(top=12)["term"])
        found += list(comparison.group_terms(by=list(articles.ids), top=10)["term"])
        found += list(articles.stories().terms["term"])
        try:
            every = comparison.shared_terms(top=10**6, min_share=1e-9, keep_dates=True)
        except TypeError:  # a version without keep_dates leaves nothing out
            return [str(term) for term in found]
        kept = comparison.shared_terms(top=10**6, min_share=1e-9)
        dropped.update(str(t) for t in set(every["term"]) - set(kept["term"]))
    return [str(term) for term in found]


def main() -> None:
    sets = json.loads(REFERENCES.read_text(encoding="utf-8"))["sets"]
    listed: dict[str, Counter[str]] = {"dev": Counter(), "held-out": Counter()}
    counts = {"dev": 0, "held-out": 0}
    dropped: set[str] = set()
    for entry in sets:
        split = "dev" if entry["split"] in DEV_GROUPS else "held-out"
        if entry["source"] == "storylens.datasets.load_sample":
            articles = load_sample().clean()
        else:
            articles = storylens.ArticleSet.from_folder(
                ROOT / entry["source"], "*.txt", metadata=False, language=entry["language"]
            ).clean()
        listed[split].update(term_lists(articles, dropped))
        counts[split] += 1
    print("| split | sets | terms listed | dates, times, numbers, reporting verbs |")
    print("| --- | ---: | ---: | ---: |")
    for split, terms in listed.items():
        total = sum(terms.values())
        noise = sum(count for term, count in terms.items() if is_noise(term))
        print(f"| {split} | {counts[split]} | {total} | {noise} ({noise / max(total, 1):.1%}) |")
    print(f"dates and times left out: {len(dropped)} distinct words")
    print("left out but not noise by this test:", sorted(t for t in dropped if not is_noise(t)))


if __name__ == "__main__":
    main()
