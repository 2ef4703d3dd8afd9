"""Generated news article sets: many articles about a few dozen invented stories.

Each story has its own invented place, people, organisation and numbers, and about thirty
facts, each a sentence in a wire version. An article of a story tells its lead fact first,
then a dozen or more of the others, each copied from the wire, lightly edited (a word
swapped, the attribution moved) or paraphrased, with a few sentences only it reports, the
odd photo caption, quote and sentence that opens on a pronoun. Every word is invented or
drawn from small hand-written word lists, with a fixed seed: the same arguments give the
same texts on every machine.

This is what the pipeline benchmark (``pipeline_scale.py``) and the small tests of its
limits feed to ``ArticleSet.from_texts``: the shape that matters for cost (articles per
story, sentences per article, how much of each sentence other articles reuse) is that of a
news set gathered around a few dozen events; the words are not.

    >>> texts, stories = story_set(6, n_stories=2, seed=1)
    >>> len(texts), sorted(set(stories))
    (6, [0, 1])
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_SYLLABLES = "ka lo mi ver sa no ta ri den ul bar es vin pol gra ne tor ma lis fen dra co".split()
_PLACE_ENDINGS = ["ville", "a", "ford", "ton", "heim", "ora", "ia", "burg"]
_FIRST = (
    "Ana Boris Clara Dario Elin Farid Greta Hugo Ines Jonas Kira Luca Mara Nils Olga Pavel "
    "Rosa Stefan Tara Umar Vera Wim Yara Zeno Alma Bruno Cora Emil Frida Goran"
).split()
_ROLES = [
    "mayor",
    "police chief",
    "minister",
    "spokeswoman",
    "engineer",
    "union leader",
    "director",
    "prosecutor",
    "fire chief",
    "professor",
]
_EVENTS = [
    "flood",
    "strike",
    "fire",
    "spill",
    "election",
    "trial",
    "merger",
    "outage",
    "storm",
    "protest",
    "recall",
    "drought",
]
_ORG_KINDS = [
    "Water Board",
    "Transit Authority",
    "Council",
    "Energy Group",
    "Hospital Trust",
    "Port Authority",
    "Rail Company",
    "Health Agency",
]
_VERBS = [
    "closed",
    "opened",
    "reported",
    "blocked",
    "inspected",
    "suspended",
    "announced",
    "repaired",
    "evacuated",
    "delayed",
    "approved",
    "rejected",
    "funded",
    "expanded",
]
_OBJECTS = [
    "the main road",
    "two schools",
    "the northern bridge",
    "the old station",
    "the harbour",
    "three clinics",
    "the central market",
    "the pumping station",
    "the night trains",
    "the river dam",
    "the airport",
    "the water supply",
]
_REASONS = [
    "after heavy rain",
    "because of safety concerns",
    "while inspectors checked the site",
    "until further notice",
    "following a court order",
    "after a long dispute",
    "as a precaution",
    "despite protests from residents",
]
_SAY = ["said", "told reporters", "said on Friday", "confirmed", "said in a statement"]
_SWAPS = {
    "closed": "shut",
    "opened": "reopened",
    "reported": "recorded",
    "blocked": "sealed off",
    "main": "principal",
    "heavy": "torrential",
    "residents": "locals",
    "said": "stated",
    "schools": "primary schools",
    "repaired": "fixed",
    "delayed": "postponed",
    "approved": "backed",
    "rejected": "turned down",
    "funded": "paid for",
}
_FILLER = [
    "Local shops stayed open through the afternoon and the weather stayed mild",
    "A small crowd gathered near the town hall to watch the trucks arrive",
    "The regional newspaper first reported the plans in its weekend edition",
    "Volunteers handed out blankets and hot soup outside the sports centre",
    "Traffic on the coastal road was slower than usual for most of the day",
    "Several families said they had waited for news since early morning",
    "The last comparable event in the region happened more than twenty years ago",
    "Officials promised to publish a full report before the end of the month",
]


def _invented(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


@dataclass(frozen=True)
class _Story:
    place: str
    people: list[tuple[str, str, str]]  # (first name, surname, role)
    organisation: str
    event: str
    facts: list[str]


def _story(rng: random.Random) -> _Story:
    place = (_invented(rng, 2) + rng.choice(_PLACE_ENDINGS)).capitalize()
    people = [
        (rng.choice(_FIRST), _invented(rng, 3).capitalize(), rng.choice(_ROLES)) for _ in range(4)
    ]
    organisation = f"{place} {rng.choice(_ORG_KINDS)}"
    event = rng.choice(_EVENTS)
    facts = [
        f"A {event} hit {place} on {rng.choice(['Monday', 'Tuesday', 'Friday'])}, and "
        f"the {organisation} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
        f"{rng.choice(_REASONS)}."
    ]
    for _ in range(30):
        first, surname, role = rng.choice(people)
        number = rng.randint(2, 9000)
        kind = rng.random()
        if kind < 0.3:
            fact = (
                f"{role.capitalize()} {first} {surname} {rng.choice(_SAY)} that the "
                f"{organisation} had {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                f"{rng.choice(_REASONS)}."
            )
        elif kind < 0.55:
            fact = (
                f"About {number:,} people in {place} were affected by the {event}, and "
                f"crews {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                f"{rng.choice(_REASONS)}."
            )
        elif kind < 0.75:
            fact = (
                f"\u201cWe {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                f"{rng.choice(_REASONS)},\u201d {surname} {rng.choice(_SAY)}."
            )
        elif kind < 0.9:
            fact = (
                f"The {organisation} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} and "
                f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_REASONS)}."
            )
        else:
            fact = (
                f"{surname} {rng.choice(_SAY)} the cost of the {event} could reach "
                f"{number} million {rng.choice(['euros', 'dollars', 'crowns'])}."
            )
        facts.append(fact)
    return _Story(place, people, organisation, event, facts)


def _edited(rng: random.Random, sentence: str) -> str:
    """A light edit: one or two words swapped for a synonym."""
    words = sentence.split(" ")
    spots = [i for i, word in enumerate(words) if word.strip(".,") in _SWAPS]
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
        bare = words[i].strip(".,")
        words[i] = words[i].replace(bare, _SWAPS[bare])
    return " ".join(words)


def _paraphrased(rng: random.Random, story: _Story, sentence: str) -> str:
    """A rewrite that keeps the content words of the fact in a different frame."""
    body = _edited(rng, sentence).rstrip(".")
    first, surname, role = rng.choice(story.people)
    frames = [
        f"According to {first} {surname}, {body[0].lower() + body[1:]}.",
        f"{body}, officials in {story.place} said.",
        f"In {story.place}, {body[0].lower() + body[1:]}, the {role} added.",
    ]
    return rng.choice(frames)


def _article(rng: random.Random, story: _Story, outlet: int) -> str:
    first, surname, _ = story.people[0]
    count = rng.randint(14, 26)
    picked = [0, *sorted(rng.sample(range(1, len(story.facts)), count))]
    sentences = []
    for index in picked:
        fact = story.facts[index]
        draw = rng.random()
        if draw < 0.45:
            sentences.append(fact)
        elif draw < 0.75:
            sentences.append(_edited(rng, fact))
        else:
            sentences.append(_paraphrased(rng, story, fact))
        if rng.random() < 0.12:
            sentences.append(f"She said the {story.event} had surprised everyone in the area.")
    for _ in range(rng.randint(2, 5)):
        spot = rng.randint(1, len(sentences))
        unique = f"{rng.choice(_FILLER)} in {story.place}, outlet {outlet} learned."
        sentences.insert(spot, unique)
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    if rng.random() < 0.3:
        paragraphs.insert(1, f"Photo: {first} {surname} / {story.place} Press")
    headline = f"{story.event.capitalize()} in {story.place}: {story.organisation} acts"
    return "\n\n".join([headline, *paragraphs])


def story_set(n_articles: int, n_stories: int = 40, seed: int = 19) -> tuple[list[str], list[int]]:
    """``n_articles`` generated article texts spread evenly over ``n_stories`` stories,
    with the story of each.

    >>> texts, stories = story_set(4, n_stories=2)
    >>> stories, texts == story_set(4, n_stories=2)[0]
    ([0, 1, 0, 1], True)
    """
    rng = random.Random(seed)
    stories = [_story(rng) for _ in range(n_stories)]
    labels = [i % n_stories for i in range(n_articles)]
    texts = [_article(rng, stories[label], i) for i, label in enumerate(labels)]
    return texts, labels
