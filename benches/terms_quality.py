"""How often house style leaks into the distinctive terms of an article pair, before and after
the variant merges of issue 14.

Each case is one invented story told by two outlets with different house styles: British
and American spellings, "U.S." against "US", a name transliterated two ways, an accent kept
or dropped. The shared sentences are written once with style slots; each outlet renders them
in its style and adds sentences of its own with planted terms of substance. For both
directions of every pair, the bench lists the top 10 distinctive terms:

- **before**: the plain counts as earlier releases ranked them (texts lowercased first, so
  "US" becomes the stop word "us" as it did; no merges; no significance threshold);
- **merged**: the merges alone (US/U.S. as one token, spelling, accent and name variants
  as one term), every term used more on this side (z > 0), no threshold;
- **after**: ``Comparison.compare_pair`` as it is now (the merges and z >= 1.96).

It reports the share of directions whose top 10 holds a house-style term (a leak), the share
of listed terms that are house style, and the recall of the planted terms of substance. The
cases are split into a dev set (looked at while writing the rules) and a held-out set (never
tuned on).

Run: ``python benches/terms_quality.py``
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storylens import ArticleSet
from storylens.compare import terms as term_functions

TOP = 10


@dataclass(frozen=True)
class Case:
    """One story told twice. ``slots`` maps a slot to its (style A, style B) spellings; the
    ``own`` sentences carry the planted terms of substance ``substance``."""

    name: str
    shared: tuple[str, ...]
    slots: dict[str, tuple[str, str]]
    own_a: tuple[str, ...]
    own_b: tuple[str, ...]
    substance_a: frozenset[str]
    substance_b: frozenset[str]

    def texts(self) -> tuple[str, str]:
        def render(side: int, own: tuple[str, ...]) -> str:
            body = " ".join((*self.shared, *own))
            return re.sub(r"\{(\w+)\}", lambda m: self.slots[m.group(1)][side], body)

        return render(0, self.own_a), render(1, self.own_b)

    def house_style(self) -> set[str]:
        """The lowercase forms of every styled word (both sides), and "us" for "US"."""
        words = set()
        for pair in self.slots.values():
            for spelling in pair:
                for word in spelling.split():
                    words.add(word.lower())
        if any("US" in pair for pair in self.slots.values()):
            words.add("us")
        return words


DEV: tuple[Case, ...] = (
    Case(
        name="ministry talks",
        shared=(
            "The {US} {defence} ministry confirmed that talks with {Shoigu} would resume.",
            "Officials said the {defence} ministry wanted to {organise} a regular channel.",
            "{Shoigu} told reporters the {centre} of the dispute was the border {programme}.",
            "The {US} envoy said the {defence} plan would be {analysed} by experts.",
            "Both sides said the {programme} would {organise} monthly meetings.",
        ),
        slots={
            "US": ("U.S.", "US"),
            "defence": ("defence", "defense"),
            "Shoigu": ("Shoigu", "Shoygu"),
            "organise": ("organise", "organize"),
            "centre": ("centre", "center"),
            "programme": ("programme", "program"),
            "analysed": ("analysed", "analyzed"),
        },
        own_a=(
            "Critics warned about submarines and submarines patrolling the strait.",
            "Analysts said the submarines posed the largest risk.",
        ),
        own_b=(
            "Lawmakers demanded hearings, and hearings were scheduled for the autumn.",
            "Several hearings would examine the budget.",
        ),
        substance_a=frozenset({"submarines"}),
        substance_b=frozenset({"hearings"}),
    ),
    Case(
        name="harbour festival",
        shared=(
            "The harbour {theatre} opened its summer {programme} with a {colour} parade.",
            "Organisers said the {theatre} had {travelled} to three towns before.",
            "Visitors filled the {centre} as the {colour} lanterns were lit.",
            "The mayor said the {programme} would {favour} local bands.",
            "The {cafe} by the {centre} stayed open late.",
        ),
        slots={
            "theatre": ("theatre", "theater"),
            "programme": ("programme", "program"),
            "colour": ("colour", "color"),
            "travelled": ("travelled", "traveled"),
            "centre": ("centre", "center"),
            "favour": ("favour", "favor"),
            "cafe": ("café", "cafe"),
        },
        own_a=(
            "Fireworks closed the night, and fireworks lit the water.",
            "The fireworks cost the council a large sum.",
        ),
        own_b=(
            "Ticket prices rose, and ticket prices angered families.",
            "Some families said ticket prices were too high.",
        ),
        substance_a=frozenset({"fireworks"}),
        substance_b=frozenset({"ticket", "prices"}),
    ),
    Case(
        name="court ruling",
        shared=(
            "The court ruled that the {licence} had been granted without proper {judgement}.",
            "Lawyers for {Gaddafi} said the {defence} would appeal the {licence} decision.",
            "The judge said the {organisation} had {cancelled} the contract unlawfully.",
            "{Gaddafi} family members attended the hearing in the city {centre}.",
            "The {organisation} declined to comment on the {judgement}.",
        ),
        slots={
            "licence": ("licence", "license"),
            "judgement": ("judgement", "judgment"),
            "Gaddafi": ("Gaddafi", "Qaddafi"),
            "defence": ("defence", "defense"),
            "organisation": ("organisation", "organization"),
            "cancelled": ("cancelled", "canceled"),
            "centre": ("centre", "center"),
        },
        own_a=(
            "Protesters gathered outside, and protesters chanted for hours.",
            "Police watched the protesters from a distance.",
        ),
        own_b=(
            "The ruling may cost millions in compensation, and compensation claims are expected.",
            "Compensation lawyers welcomed the news.",
        ),
        substance_a=frozenset({"protesters"}),
        substance_b=frozenset({"compensation"}),
    ),
    Case(
        name="vaccine rollout",
        shared=(
            "The {paediatric} vaccine {programme} will reach schools across the {EU}.",
            "Health officials said the {programme} was {prioritised} for young children.",
            "The {EU} agency {analysed} data from several {paediatric} wards.",
            "Doctors said the {behaviour} of the virus had changed over the winter.",
            "The agency will {publicise} the results in the spring.",
        ),
        slots={
            "paediatric": ("paediatric", "pediatric"),
            "programme": ("programme", "program"),
            "EU": ("E.U.", "EU"),
            "prioritised": ("prioritised", "prioritized"),
            "analysed": ("analysed", "analyzed"),
            "behaviour": ("behaviour", "behavior"),
            "publicise": ("publicise", "publicize"),
        },
        own_a=(
            "Nurses reported shortages, and nurses asked for more staff.",
            "Several nurses described long shifts.",
        ),
        own_b=(
            "Parents raised side effects, and side effects will be tracked.",
            "Most parents backed the plan despite side effects.",
        ),
        substance_a=frozenset({"nurses"}),
        substance_b=frozenset({"effects", "side"}),
    ),
)

HELD_OUT: tuple[Case, ...] = (
    Case(
        name="trade summit",
        shared=(
            "Leaders from the {UK} and the {US} met at the trade {centre} on Monday.",
            "They agreed to {harmonise} rules on steel and {catalogue} the tariffs.",
            "{Erdogan} joined the talks by video from the capital.",
            "The {UK} minister said the {dialogue} had been {labour} intensive.",
            "A joint {defence} clause was left for later rounds.",
        ),
        slots={
            "UK": ("U.K.", "UK"),
            "US": ("U.S.", "US"),
            "centre": ("centre", "center"),
            "harmonise": ("harmonise", "harmonize"),
            "catalogue": ("catalogue", "catalog"),
            "Erdogan": ("Erdoğan", "Erdogan"),
            "dialogue": ("dialogue", "dialog"),
            "labour": ("labour", "labor"),
            "defence": ("defence", "defense"),
        },
        own_a=(
            "Farmers protested the quotas, and farmers blocked a motorway.",
            "The farmers want compensation for lost exports.",
        ),
        own_b=(
            "Automakers lobbied for exemptions, and automakers threatened layoffs.",
            "Two automakers said plants could close.",
        ),
        substance_a=frozenset({"farmers"}),
        substance_b=frozenset({"automakers"}),
    ),
    Case(
        name="flood response",
        shared=(
            "Rescue crews {mobilised} as floods hit the town {centre} overnight.",
            "The army said its {defence} units had {travelled} from the north.",
            "Residents were told to leave the {neighbourhood} before dawn.",
            "The council will {prioritise} repairs to the {metre} wide levee.",
            "Officials said the {programme} of repairs would take months.",
        ),
        slots={
            "mobilised": ("mobilised", "mobilized"),
            "centre": ("centre", "center"),
            "defence": ("defence", "defense"),
            "travelled": ("travelled", "traveled"),
            "neighbourhood": ("neighbourhood", "neighborhood"),
            "prioritise": ("prioritise", "prioritize"),
            "metre": ("metre", "meter"),
            "programme": ("programme", "program"),
        },
        own_a=(
            "Insurers faced claims, and insurers warned premiums would rise.",
            "Some insurers refused to pay.",
        ),
        own_b=(
            "Volunteers filled sandbags, and volunteers cooked for evacuees.",
            "Hundreds of volunteers came from nearby towns.",
        ),
        substance_a=frozenset({"insurers"}),
        substance_b=frozenset({"volunteers"}),
    ),
    Case(
        name="election count",
        shared=(
            "Observers said {Tymoshenko} led the count in the eastern regions.",
            "The electoral {organisation} {criticised} delays at several polling stations.",
            "{Tymoshenko} thanked voters at a rally in the city {centre}.",
            "The {UN} mission said the vote was {organised} well overall.",
            "Final results are expected after the {UN} review.",
        ),
        slots={
            "Tymoshenko": ("Tymoshenko", "Timoshenko"),
            "organisation": ("organisation", "organization"),
            "criticised": ("criticised", "criticized"),
            "centre": ("centre", "center"),
            "UN": ("U.N.", "UN"),
            "organised": ("organised", "organized"),
        },
        own_a=(
            "Turnout fell sharply, and turnout among the young was lowest.",
            "Analysts blamed turnout on the weather.",
        ),
        own_b=(
            "Fraud claims spread online, and fraud monitors checked ballots.",
            "No fraud was confirmed by the evening.",
        ),
        substance_a=frozenset({"turnout"}),
        substance_b=frozenset({"fraud"}),
    ),
    Case(
        name="museum theft",
        shared=(
            "Thieves took a {jewellery} collection from the museum {centre} at night.",
            "Police said the thieves {recognised} the alarm {programme} and disabled it.",
            "The museum {catalogue} lists the pieces as priceless.",
            "Detectives {analysed} footage from the {theatre} next door.",
            "The {defence} lawyer for one suspect denied the charges.",
        ),
        slots={
            "jewellery": ("jewellery", "jewelry"),
            "centre": ("centre", "center"),
            "recognised": ("recognised", "recognized"),
            "programme": ("programme", "program"),
            "catalogue": ("catalogue", "catalog"),
            "analysed": ("analysed", "analyzed"),
            "theatre": ("theatre", "theater"),
            "defence": ("defence", "defense"),
        },
        own_a=(
            "Insurance experts valued the loss, and insurance cover was limited.",
            "The insurance policy excluded night theft.",
        ),
        own_b=(
            "Interpol was alerted, and Interpol circulated photographs.",
            "Interpol said the pieces could be sold abroad.",
        ),
        substance_a=frozenset({"insurance"}),
        substance_b=frozenset({"interpol"}),
    ),
)


def _before(case: Case, first: int) -> list[str]:
    """The top terms as earlier releases ranked them: lowercased texts (so "US" is the stop
    word "us"), plain counts, no threshold."""
    texts = [text.lower() for text in case.texts()]
    comparison = ArticleSet.from_texts(texts).compare()
    counts = comparison.counts.toarray()
    prior = term_functions.log_odds_prior(comparison.counts, None)
    frame = term_functions.log_odds_terms(
        counts[first], counts[1 - first], prior, comparison.terms, comparison._display, TOP
    )
    return [str(term) for term in frame["term"]]


def _after(case: Case, first: int, min_z: float = 1.96) -> list[str]:
    comparison = ArticleSet.from_texts(list(case.texts())).compare()
    frame = comparison.compare_pair(first, 1 - first, top=TOP, min_z=min_z)
    return [str(term) for term in frame["term"]]


def _after_ranking_only(case: Case, first: int) -> list[str]:
    """The merges without the threshold: every term used more on this side (z > 0)."""
    return _after(case, first, min_z=1e-9)


def score(cases: tuple[Case, ...], rank: object) -> tuple[float, float, float]:
    """(share of directions with a leak, share of listed terms that are house style, recall
    of the planted terms of substance)."""
    leaks = listed = style = found = planted = 0
    for case in cases:
        style_words = case.house_style()
        for first, substance in ((0, case.substance_a), (1, case.substance_b)):
            top = rank(case, first)  # type: ignore[operator]
            leaked = [term for term in top if term in style_words]
            leaks += bool(leaked)
            listed += len(top)
            style += len(leaked)
            found += len(substance & set(top))
            planted += len(substance)
    directions = 2 * len(cases)
    return leaks / directions, style / max(listed, 1), found / planted


def main() -> None:
    print(f"Top {TOP} distinctive terms of each article against the other, both directions.")
    print(f"{'split':<9} {'pairs':>5}  {'':<7} {'leaks':>6} {'style share':>12} {'recall':>7}")
    for split, cases in (("dev", DEV), ("held-out", HELD_OUT)):
        rankings = (("before", _before), ("merged", _after_ranking_only), ("after", _after))
        for label, rank in rankings:
            leak, share, recall = score(cases, rank)
            print(
                f"{split:<9} {len(cases):>5}  {label:<7} {leak:>6.0%} {share:>12.0%} {recall:>7.0%}"
            )


if __name__ == "__main__":
    main()
