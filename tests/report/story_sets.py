"""Invented article sets of any size for the report's browser test, its screenshots and its
benchmark: ``stories`` invented stories, each told by ``outlets`` outlets.

Nothing here is real text. Each story draws an event kind (a flood, a strike, ...) and
invented names and numbers, and fills that kind's fact templates with them. The first outlet
of a story files the wire copy (every fact, in order); the next two syndicate it word for
word; the others rewrite a part of it (synonyms, a new order) and add a local angle of their
own. So a set has what the report shows: stories, copies, rewrites and facts one article has.
It is generated from a seed in pure Python, in well under a second for 1,000 articles.

>>> frame = story_frame(stories=2, outlets=3)
>>> len(frame), list(frame.columns)
(6, ['id', 'outlet', 'title', 'date', 'url', 'text'])
"""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

_ONSETS = "b br c d dr f g gr h k l m n p r s st t tr v z".split()
_VOWELS = "a e i o u ai ea".split()
_CODAS = ["", "n", "r", "l", "s", "nd", "rt"]

#: Per event kind: the headline and the facts, filled from a story's names and numbers.
EVENTS: dict[str, dict[str, list[str]]] = {
    "flood": {
        "title": ["River {river} floods {town} as rain keeps falling"],
        "facts": [
            "The {river} burst its banks at {town} early on {day}, flooding {n1} homes.",
            "Rescue crews moved {n2} residents to the sports hall on {street}.",
            "Rainfall reached {n3} millimetres in two days, the weather office said.",
            '"We have never seen water this high," said mayor {person}.',
            "The rail line to {city} was closed and trains were replaced by buses.",
            "Insurers expect claims to pass {money} million.",
            "Schools in the {district} district stay shut until the water drops.",
            "Engineers are checking the {bridge} bridge for damage to its piers.",
            "Volunteers filled sandbags at the {company} depot through the night.",
            "The water is expected to peak on {day2} evening.",
        ],
    },
    "strike": {
        "title": ["Port workers at {town} strike over pay, ships wait offshore"],
        "facts": [
            "Dockers at the port of {town} walked out on {day} after pay talks failed.",
            "The union, led by {person}, is asking for a rise of {n1} per cent.",
            "{n2} ships were waiting offshore by the evening, the harbour master said.",
            "The operator {company} called the strike unlawful and went to court.",
            "Exporters warned that perishable cargo worth {money} million could spoil.",
            "Talks are due to resume on {day2} at the labour ministry in {city}.",
            '"We will stay out until the offer is fair," said {person}.',
            "Trucks queued for {n3} kilometres on the road to the container terminal.",
            "The last strike at the port, in the {district} yards, lasted nine days.",
            "Ferry services to {river} island were not affected.",
        ],
    },
    "fire": {
        "title": ["Forest fire near {town} forces {n2} people to leave their homes"],
        "facts": [
            "A forest fire broke out in the hills above {town} on {day} afternoon.",
            "Strong winds pushed the flames towards the {district} suburb.",
            "Authorities ordered {n2} people to leave their homes before dark.",
            "{n1} firefighters and four water bombers were fighting the blaze.",
            "The fire has burned about {n3} hectares of pine forest so far.",
            '"The next twelve hours are decisive," said fire chief {person}.',
            "The motorway to {city} was closed between two junctions.",
            "Police are investigating whether the fire was started deliberately.",
            "The timber firm {company} lost a sawmill worth {money} million.",
            "Rain is forecast for {day2}, which may help crews contain the fire.",
        ],
    },
    "merger": {
        "title": ["{company} agrees to buy rival in {money} million deal"],
        "facts": [
            "{company} agreed on {day} to buy its rival for {money} million.",
            "The combined group will employ {n1} people across {n2} countries.",
            "Shares of the target jumped {n3} per cent in early trading.",
            '"Together we can compete with the largest players," said chief executive {person}.',
            "The deal still needs approval from competition regulators in {city}.",
            "Unions fear job cuts at the plant in {town}.",
            "The headquarters will stay in the {district} business park.",
            "Analysts said the price was high but the logic was sound.",
            "Both boards expect the deal to close before the end of the year.",
            "The companies first discussed a tie-up at a fair by the {river} last spring.",
        ],
    },
    "outbreak": {
        "title": ["Health officials in {town} trace food poisoning to a market stall"],
        "facts": [
            "Health officials in {town} said {n1} people fell ill after eating at a market.",
            "{n2} patients were treated in the hospital on {street}, and most went home.",
            "Tests pointed to salmonella in chicken sold at one stall, officials said.",
            '"The stall has been closed while we investigate," said inspector {person}.',
            "The market in the {district} district reopened on {day} without that stall.",
            "The supplier, {company}, said it was recalling one batch as a precaution.",
            "Cases were also reported in {city}, among visitors to the market.",
            "Officials urged anyone with symptoms to call the health line.",
            "The outbreak is the largest in the region for {n3} years.",
            "A full report is due on {day2}.",
        ],
    },
    "bridge": {
        "title": ["Bridge over the {river} closed at {town} after cracks found"],
        "facts": [
            "The {bridge} bridge over the {river} at {town} was closed on {day}.",
            "Inspectors found cracks in two of its steel supports, the council said.",
            "About {n1} vehicles cross the bridge every day.",
            "Drivers face a detour of {n3} kilometres through the {district} district.",
            '"Safety comes first, whatever the cost," said council leader {person}.',
            "The bridge was built in the 1960s and last repaired {n2} years ago.",
            "The engineering firm {company} will carry out a full survey.",
            "Repairs could cost {money} million and take months.",
            "Buses to {city} will run on a temporary timetable.",
            "A ferry may be put on for pedestrians from {day2}.",
        ],
    },
    "election": {
        "title": ["{town} orders a recount after mayoral vote ends in near tie"],
        "facts": [
            "Officials in {town} ordered a recount on {day} after the mayoral vote.",
            "Only {n1} votes separated {person} from the sitting mayor.",
            "Turnout was {n3} per cent, the highest in two decades.",
            "The recount will take place in the {district} town hall.",
            '"Every vote must be counted again, in public," said {person}.',
            "Observers from {city} will watch the count.",
            "The electoral commission received {n2} complaints about polling stations.",
            "Ballot papers are being kept in a sealed room guarded by police.",
            "The result is expected on {day2}.",
            "The campaign cost the two candidates {money} million together.",
        ],
    },
    "storm": {
        "title": ["Storm knocks out power to {n1} homes around {town}"],
        "facts": [
            "A storm brought down power lines around {town} on {day} night.",
            "{n1} homes were without electricity on the morning after.",
            "Gusts reached {n3} kilometres an hour on the coast.",
            "The grid operator {company} said most homes would be reconnected within a day.",
            "A falling tree blocked {street} and damaged two cars.",
            '"Crews have been working since midnight," said a spokesman, {person}.',
            "Flights from {city} were delayed by up to {n2} hours.",
            "Schools in the {district} district opened late.",
            "Forecasters expect calmer weather from {day2}.",
            "Repairs to the sea wall on the {river} estuary will cost {money} million.",
        ],
    },
    "quake": {
        "title": ["Earthquake of magnitude {n2} shakes {town}, old quarter damaged"],
        "facts": [
            "An earthquake shook {town} at dawn on {day}, the seismic institute said.",
            "Its epicentre lay {n3} kilometres under the {river} valley.",
            "Facades collapsed in the old quarter around {street}.",
            "{n1} residents spent the night in tents set up by the army.",
            '"The old houses were not built for this," said engineer {person}.',
            "Aftershocks continued through the morning, the strongest felt in {city}.",
            "The cathedral in the {district} quarter lost part of its bell tower.",
            "The builder {company} has offered cranes to clear the rubble.",
            "Damage is estimated at {money} million so far.",
            "Experts will inspect every school before classes resume on {day2}.",
        ],
    },
    "ruling": {
        "title": ["Court in {city} halts {company} quarry near {town}"],
        "facts": [
            "A court in {city} on {day} halted work at the {company} quarry near {town}.",
            "Judges found that the permit ignored the noise limits for the {district} valley.",
            "Residents had complained of blasting up to {n2} times a week.",
            '"This is a victory for every family here," said campaigner {person}.',
            "The company said it would appeal and warned that {n1} jobs were at risk.",
            "The quarry supplies gravel for the new {bridge} bypass.",
            "Its owners invested {money} million in new crushers last year.",
            "Dust from the site has been measured at {n3} times the legal level.",
            "The ruling takes effect at once, the court said.",
            "An appeal hearing could take place on {day2} at the earliest.",
        ],
    },
}

#: Rewrites a rewriting outlet applies, word for word (the wire's word, then the rewrite's).
SYNONYMS = [
    ("said", "told reporters"),
    ("people", "residents"),
    ("closed", "shut"),
    ("expected", "forecast"),
    ("about", "around"),
    ("officials", "authorities"),
    ("homes", "houses"),
    ("early", "in the early hours of"),
    ("damage", "harm"),
]

#: The local angle a rewriting outlet adds (facts no other article has).
ANGLES = [
    "Readers in {place} told {outlet} they had seen nothing like it.",
    "In {place}, shopkeepers said business had fallen by half this week.",
    "A school in {place} offered its gym as shelter, its head teacher said.",
    "The local council in {place} will discuss the matter on Monday.",
    "Families in {place} were advised to check on elderly neighbours.",
]

OUTLET_KINDS = ["Courier", "Herald", "Gazette", "Post", "Chronicle", "Times", "Star", "Echo"]


def _name(rng: random.Random, syllables: int = 2) -> str:
    """An invented proper name of ``syllables`` syllables."""
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    ).capitalize()


def _outlets(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct outlet names; the first is a news agency."""
    names = [f"{_name(rng)} Press Agency"]
    while len(names) < count:
        name = f"The {_name(rng)} {rng.choice(OUTLET_KINDS)}"
        if name not in names:
            names.append(name)
    return names


def _slug(text: str) -> str:
    return "-".join("".join(c for c in word if c.isalnum()) for word in text.lower().split())


def _rewrite(sentence: str, rng: random.Random) -> str:
    """The sentence with some of its words swapped for synonyms."""
    for word, other in SYNONYMS:
        if f" {word} " in sentence and rng.random() < 0.7:
            sentence = sentence.replace(f" {word} ", f" {other} ", 1)
    return sentence


def story_frame(stories: int = 10, outlets: int = 20, seed: int = 18) -> pd.DataFrame:
    """``stories`` x ``outlets`` invented articles (see the module docstring), one row each,
    with the columns ``ArticleSet.from_frame`` reads.

    >>> frame = story_frame(stories=3, outlets=4)
    >>> len(frame), frame["id"].is_unique
    (12, True)
    """
    rng = random.Random(seed)
    outlet_names = _outlets(outlets, rng)
    kinds = sorted(EVENTS)
    rows = []
    start = dt.date(2026, 3, 2)
    for story in range(stories):
        kind = kinds[story % len(kinds)]
        names = {
            "town": _name(rng),
            "city": _name(rng, 3),
            "river": _name(rng),
            "district": _name(rng),
            "bridge": _name(rng),
            "street": f"{_name(rng)} Street",
            "company": f"{_name(rng)} {rng.choice(['Group', 'Holdings', 'Works'])}",
            "person": f"{_name(rng)} {_name(rng, 3)}",
            "day": rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday"]),
            "day2": rng.choice(["Friday", "Saturday", "Sunday"]),
            "n1": f"{rng.randrange(120, 9000):,}",
            "n2": str(rng.randrange(3, 60)),
            "n3": str(rng.randrange(12, 95)),
            "money": str(rng.randrange(2, 400)),
        }
        facts = [fact.format(**names) for fact in EVENTS[kind]["facts"]]
        title = EVENTS[kind]["title"][0].format(**names)
        date = start + dt.timedelta(days=3 * story)
        wire = facts
        for position, outlet in enumerate(outlet_names):
            if position == 0:
                body = wire
            elif position < 3:
                body = wire[: len(wire) - position]
            else:
                chosen = sorted(rng.sample(range(len(facts)), rng.randrange(7, 10)))
                body = [_rewrite(facts[i], rng) for i in chosen]
                rng.shuffle(body)
                place = _name(rng)
                for angle in rng.sample(ANGLES, 2):
                    where = rng.randrange(1, len(body))
                    body.insert(where, angle.format(place=place, outlet=outlet))
            paragraphs = [" ".join(body[i : i + 2]) for i in range(0, len(body), 2)]
            outlet_slug = _slug(outlet.removeprefix("The "))
            rows.append(
                {
                    "id": f"s{story + 1:02d}-{outlet_slug}",
                    "outlet": outlet,
                    "title": title if position < 3 else f"{title} ({outlet})",
                    "date": (date + dt.timedelta(days=min(position // 7, 2))).isoformat(),
                    "url": f"https://{outlet_slug}.example/{_slug(title)}",
                    "text": "\n\n".join(paragraphs),
                }
            )
    return pd.DataFrame(rows)
