"""A generated news archive: many stories over many days, for trying storylens at scale.

Each story has an invented place, organisation and event, and a handful of facts. Its first
article is the wire copy (all the facts, in order); each later article, a day or more after,
is an outlet's rewrite: some facts copied, some with a word swapped, one sentence of its own.
Story sizes are skewed, as in a real archive (a few big stories, many small ones), and some
articles are briefs on no story at all. Every word is invented or drawn from small lists,
with a fixed seed: the same arguments give the same archive on every machine.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pandas as pd

__all__ = ["generated_archive"]

_SYLLABLES = "ka lo mi ver sa no ta ri den ul bar es vin pol gra ne tor ma lis fen dra".split()
_EVENTS = ["flood", "strike", "fire", "spill", "trial", "merger", "outage", "storm", "recall"]
_BODIES = ["Water Board", "Transit Authority", "Council", "Port Authority", "Health Agency"]
_VERBS = ["closed", "opened", "blocked", "inspected", "suspended", "repaired", "approved"]
_OBJECTS = ["the main road", "two schools", "the harbour", "the old station", "three clinics"]
_REASONS = ["after heavy rain", "as a precaution", "following a court order", "until Monday"]
_SWAPS = {"closed": "shut", "opened": "reopened", "blocked": "sealed off", "main": "principal"}
_OUTLETS = ["Wire Service", "Daily Courier", "Evening Post", "Metro News", "Valley Herald"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _facts(rng: random.Random, sentences: int) -> list[str]:
    place = _word(rng, 2) + rng.choice(["ville", "ford", "heim", "ora"])
    body = f"{place} {rng.choice(_BODIES)}"
    event = rng.choice(_EVENTS)
    chief = f"{_word(rng, 2)} {_word(rng, 3)}"
    facts = [f"A {event} hit {place}, and the {body} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}."]
    while len(facts) < sentences:
        facts.append(
            rng.choice(
                [
                    f"{chief} said the {body} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                    f"{rng.choice(_REASONS)}.",
                    f"About {rng.randint(2, 9000)} people in {place} were hit by the {event}.",
                    f"Crews {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} in {place} "
                    f"{rng.choice(_REASONS)}.",
                ]
            )
        )
    return facts


def _rewrite(rng: random.Random, facts: list[str], outlet: str) -> str:
    kept = [facts[0], *[fact for fact in facts[1:] if rng.random() < 0.7]]
    sentences = []
    for fact in kept:
        if rng.random() < 0.3:
            fact = " ".join(_SWAPS.get(word, word) for word in fact.split(" "))
        sentences.append(fact)
    sentences.insert(rng.randint(1, len(sentences)), f"{outlet} asked {_word(rng, 3)} for comment.")
    return " ".join(sentences)


def generated_archive(
    n_articles: int,
    *,
    n_stories: int | None = None,
    days: int = 30,
    sentences: int = 6,
    briefs: float = 0.05,
    seed: int = 0,
) -> pd.DataFrame:
    """``n_articles`` generated articles over ``days`` days: one row each with ``id``,
    ``date`` (ISO), ``outlet``, ``text`` and ``story`` (the story it was written for, -1 for a
    brief on no story). ``n_stories`` (default: one per 20 articles) stories of skewed size,
    each fact list ``sentences`` long; ``briefs`` is the share of articles on no story.

    >>> archive = generated_archive(40, seed=1)
    >>> list(archive.columns), len(archive), archive["date"].min() >= "2024-03-01"
    (['id', 'date', 'outlet', 'text', 'story'], 40, True)
    >>> archive.equals(generated_archive(40, seed=1))
    True
    """
    if isinstance(n_articles, bool) or not isinstance(n_articles, int) or n_articles < 0:
        raise ValueError(f"n_articles must be a non-negative int, got {n_articles!r}")
    rng = random.Random(seed)
    n_stories = max(1, n_articles // 20) if n_stories is None else n_stories
    stories = [_facts(rng, sentences) for _ in range(n_stories)]
    starts = [rng.randrange(days) for _ in range(n_stories)]
    # Zipf-like weights: story s is about 1/(s+1) as likely as the first.
    cumulative = list(itertools.accumulate(1.0 / (story + 1) for story in range(n_stories)))
    choices = range(n_stories)
    written = [0] * n_stories
    first_day = date(2024, 3, 1)
    rows = []
    for position in range(n_articles):
        outlet = rng.choice(_OUTLETS)
        if rng.random() < briefs:
            story, day = -1, rng.randrange(days)
            text = " ".join(_facts(rng, 2))
        else:
            story = rng.choices(choices, cum_weights=cumulative)[0]
            facts = stories[story]
            text = " ".join(facts) if written[story] == 0 else _rewrite(rng, facts, outlet)
            day = min(days - 1, starts[story] + (written[story] > 0) * rng.randint(1, 3))
            outlet = "Wire Service" if written[story] == 0 else outlet
            written[story] += 1
        rows.append(
            {
                "id": f"a{position:07d}",
                "date": (first_day + timedelta(days=day)).isoformat(),
                "outlet": outlet,
                "text": text,
                "story": story,
            }
        )
    frame = pd.DataFrame(rows, columns=["id", "date", "outlet", "text", "story"])
    return frame.astype({"id": object, "date": object, "outlet": object, "text": object})
