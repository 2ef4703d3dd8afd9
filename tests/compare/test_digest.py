"""The digest's readability rules, each on a small invented set built so that the rule
decides: without it, the sentence it keeps out would be chosen."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import storylens.compare._coverage as coverage
import storylens.compare.digest as digest_module
from sklearn.metrics.pairwise import cosine_similarity
from storylens import ArticleSet, Comparison
from storylens.compare._readable import (
    Readability,
    attributes_to_pronoun,
    is_caption,
    is_question,
    opens_on_pronoun,
    readability,
    unbalanced_quotes,
)
from storylens.compare.digest import Digest
from storylens.datasets import load_sample

LEAD = (
    "A chemical tank split at the Brenholt works on Thursday night and sent sulphuric acid "
    "into the Lysa river."
)
WATER = "The city of Velmora shut off tap water to 140,000 residents after the acid spill."


def without_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch the readability rules off, to show that a test's set needs them."""

    def permissive(
        texts: list[str], index_in_article: object, language: object, shapes: object = None
    ) -> Readability:
        n = len(texts)
        empty: list[frozenset[str]] = [frozenset()] * n
        return Readability(np.ones(n, dtype=bool), np.zeros(n, dtype=bool), empty, empty)

    everything = digest_module.select_digest

    def select_from_every_article(*args: Any, **kwargs: Any) -> Digest:
        return everything(*args, **{**kwargs, "excluded": ()})

    monkeypatch.setattr(digest_module, "readability", permissive)
    monkeypatch.setattr(digest_module, "select_digest", select_from_every_article)
    monkeypatch.setattr(coverage, "REDUNDANCY", 1.01)
    monkeypatch.setattr(coverage, "CONTAINMENT", 1.01)


def digest_texts(texts: list[str], max_words: int, **kwargs: object) -> list[str]:
    digest = ArticleSet.from_texts(texts, **kwargs).compare().digest(max_words=max_words)
    return list(digest.sentences["text"])


def test_a_pronoun_needs_the_sentence_it_points_back_to() -> None:
    pronoun = (
        "She was hoping the acid spill in the Lysa river would not reach the tap water of "
        "Velmora residents."
    )
    before = "Mayor Dalia Morosan spoke to farmers at the market about the harvest and prices."
    texts = [
        f"{LEAD} {WATER} {before} {pronoun}",
        f"{LEAD} {WATER} The acid spill reached the Lysa river and the tap water intakes.",
        f"{WATER} {LEAD} The acid spill in the Lysa river killed fish near Velmora residents.",
    ]
    for budget in (40, 60, 80):
        chosen = digest_texts(texts, budget)
        if pronoun in chosen:
            assert chosen.index(before) == chosen.index(pronoun) - 1, chosen
    # With room for both, the pronoun's sentence comes in with its antecedent, never alone.
    assert opens_on_pronoun(pronoun, "english")


def test_a_quote_attributed_to_a_pronoun_needs_the_sentence_that_names_the_speaker() -> None:
    attributed = (
        "\u201cThe acid spill in the Lysa river has cut the tap water of Velmora residents,"
        "\u201d she said."
    )
    scorched = "Fish in the Lysa river died after the acid spill near Velmora, he said."
    before = "Mayor Dalia Morosan met farmers at the market on a quiet Sunday morning."
    texts = [
        f"{LEAD} {WATER} {before} {attributed} {scorched}",
        f"{LEAD} {WATER} The acid spill reached the Lysa river and the tap water intakes.",
        f"{WATER} {LEAD} The acid spill in the Lysa river killed fish near Velmora residents.",
    ]
    rules = readability([before, attributed, scorched], np.array([2, 3, 4]), "english")
    assert rules.needs_previous.tolist() == [False, True, True]
    for budget in (30, 60, 90, 200):
        chosen = digest_texts(texts, budget)
        for sentence, previous in ((attributed, before), (scorched, attributed)):
            if sentence in chosen:
                assert chosen.index(previous) == chosen.index(sentence) - 1, chosen


def test_part_of_a_quote_that_runs_over_sentences_stays_out() -> None:
    opening = "\u201cThe acid spill in the Lysa river has cut the tap water of Velmora."
    closing = "Residents will queue for days,\u201d the mayor of Velmora said on Friday."
    texts = [f"{LEAD} {opening} {closing}", f"{LEAD} {WATER}", f"{WATER} {LEAD}"]
    assert unbalanced_quotes(opening) and unbalanced_quotes(closing)
    for budget in (30, 60, 200):
        chosen = digest_texts(texts, budget)
        assert opening not in chosen and closing not in chosen, chosen


def test_a_middle_initial_is_part_of_the_full_name() -> None:
    named = (
        "Chief Fire Officer Dana K. Whitlock said the acid spill in the Lysa river reached "
        "the tap water of Velmora."
    )
    bare = "Whitlock said crews would stay at the Brenholt works overnight."
    rules = readability([named, bare], np.array([1, 2]), "english")
    assert rules.introduces[0] >= {"Whitlock"} and rules.needs_names[0] == frozenset()
    assert rules.needs_names[1] == {"Whitlock"}
    texts = [f"{LEAD} {named} {bare}", f"{LEAD} {WATER} {named}", f"{WATER} {LEAD}"]
    # Carried by two articles, the named sentence is part of the story's core.
    assert named in digest_texts(texts, 60)


def test_a_bare_surname_comes_after_the_full_name() -> None:
    bare = (
        "Cook says the acid spill in the Lysa river will keep tap water off for Velmora "
        "residents for days."
    )
    named = "Chief engineer Tim Cook of the water utility inspected the pumps on a quiet Sunday."
    texts = [
        f"{bare} {LEAD} {WATER}",
        f"{LEAD} {WATER} The acid spill reached the Lysa river and the tap water of residents.",
        f"{WATER} {LEAD} {named}",
    ]
    rules = readability([bare, named], np.array([0, 2]), "english")
    assert rules.needs_names[0] == {"Cook"} and rules.introduces[1] == {"Cook"}
    for budget in (30, 60, 90):
        chosen = digest_texts(texts, budget)
        if bare in chosen:
            assert named in chosen and chosen.index(named) < chosen.index(bare), chosen
    # The bare sentence is the most central one: without the rule it would lead at 30 words.
    assert bare not in digest_texts(texts, 30)


@pytest.mark.parametrize(
    "caption",
    [
        "Photo: Kai Umber / Meridian Press",
        "Residents queue for bottled water from the acid spill in Velmora on the Lysa river",
        "Acid spill on the Lysa river near Velmora © Meridian Press 2026.",
        "- Fill bottles with tap water before the acid spill reaches Velmora residents.",
    ],
)
def test_no_caption_or_list_item_stands_in_the_digest(caption: str) -> None:
    assert is_caption(caption)
    texts = [f"{LEAD} {caption}\n\n{WATER}", f"{LEAD} {WATER}", f"{WATER} {LEAD}"]
    for budget in (40, 80, 200):
        assert caption not in digest_texts(texts, budget)


def test_no_fact_is_stated_twice() -> None:
    paraphrase = (
        "Tap water was shut off for the 140,000 residents of the city of Velmora after the "
        "spill of acid."
    )
    texts = [f"{LEAD} {WATER}", f"{LEAD} {paraphrase}", f"{WATER} {paraphrase} {LEAD}"]
    for budget in (60, 120, 300):
        chosen = digest_texts(texts, budget)
        assert not (WATER in chosen and paraphrase in chosen), chosen


def test_nothing_comes_from_an_article_outliers_flags() -> None:
    articles = load_sample().clean()
    comparison = articles.compare()
    flagged = set(comparison.outliers["article"])
    assert flagged  # valley-courier copies the wire
    for budget in (40, 150, 600):
        chosen = comparison.digest(max_words=budget).sentences
        assert not set(chosen["article"]) & flagged, chosen


def test_an_off_story_article_stays_out() -> None:
    off_story = (
        "The Harlow Gap bakery won the county prize for its rye loaf. Judges praised its "
        "crust and the long proving of the dough. The bakery will sell the prize loaf on "
        "Saturday mornings at the market."
    )
    texts = [
        f"{LEAD} {WATER} Fish died along thirty kilometres of the Lysa river by dawn.",
        f"{WATER} {LEAD} Schools in Velmora closed on Friday after the acid spill.",
        f"{LEAD} Fish died in the Lysa river and Velmora residents queued for water.",
        off_story,
    ]
    comparison = ArticleSet.from_texts(texts).compare()
    assert comparison.outliers["article"].tolist() == ["3"]
    chosen = comparison.digest(max_words=300).sentences
    assert set(chosen["article"]) <= {"0", "1", "2"}, chosen


def test_the_sample_digest_opens_on_the_story() -> None:
    digest = load_sample().clean().compare().digest(max_words=80)
    text = str(digest)
    for fact in ("acid", "Velmora", "140,000"):
        assert fact in text, text


def test_a_thousand_articles_get_a_digest_within_budget() -> None:
    """The greedy solver runs at 1,000 articles (its time is measured in
    benches/digest_quality.py, not here)."""
    import random

    from storylens import split_sentences

    sentences = [s.text for article in load_sample().clean() for s in split_sentences(article.text)]
    generator = random.Random(0)
    texts = [" ".join(generator.sample(sentences, 25)) for _ in range(1000)]
    digest = ArticleSet.from_texts(texts).compare().digest(max_words=150)
    assert 0 < digest.words <= 150
    assert len(set(digest.sentences["text"])) == len(digest.sentences)


def fixture_comparisons(splits: tuple[str, ...] | None = None) -> list[Comparison]:
    """The reference sets of the digest bench (tests/fixtures/digest), compared: those of
    ``splits``, or every one."""
    root = Path(__file__).resolve().parents[1] / "fixtures"
    with (root / "digest" / "references.json").open(encoding="utf-8") as source:
        sets = json.load(source)["sets"]
    comparisons = []
    for entry in sets:
        if splits is not None and entry["split"] not in splits:
            continue
        if entry["source"].startswith("storylens."):
            articles = load_sample().clean()
        else:
            folder = root.parent.parent / entry["source"]
            articles = ArticleSet.from_folder(
                folder, "*.txt", metadata=False, language=entry["language"]
            ).clean()
        comparisons.append(articles.compare())
    return comparisons


def broken_rules(comparison: Comparison, max_words: int) -> Counter[str]:
    """How often a digest breaks each readability rule."""
    table = comparison.sentences
    rules = readability(
        table["text"].tolist(), table["sentence"].to_numpy(), comparison.articles.language
    )
    row_of = {
        (a, s): i for i, (a, s) in enumerate(zip(table["article"], table["sentence"], strict=True))
    }
    chosen = comparison.digest(max_words=max_words).sentences
    rows = [row_of[(a, s)] for a, s in zip(chosen["article"], chosen["sentence"], strict=True)]
    broken: Counter[str] = Counter()
    named: set[str] = set()
    flagged = set(comparison.outliers["article"])
    for place, row in enumerate(rows):
        text = table["text"][row]
        broken["caption"] += is_caption(text) or is_question(text)
        broken["pronoun"] += bool(rules.needs_previous[row]) and (
            place == 0 or rows[place - 1] != row - 1
        )
        points_back = opens_on_pronoun(text, comparison.articles.language) or (
            attributes_to_pronoun(text, comparison.articles.language)
        )
        broken["pronoun"] += points_back and table["sentence"][row] == 0
        broken["quote fragment"] += unbalanced_quotes(text)
        broken["surname"] += not rules.needs_names[row] <= named | rules.introduces[row]
        broken["off-story"] += table["article"][row] in flagged
        named |= rules.introduces[row]
    vectors = comparison._weigh(list(chosen["text"]))
    similarity = cosine_similarity(vectors)
    broken["repeat"] += int((np.triu(similarity, k=1) >= 0.5).sum())
    return broken


@pytest.fixture(scope="module")
def comparisons() -> list[Comparison]:
    return fixture_comparisons()


BUDGETS = (40, 80, 150)


def test_fixture_digests_keep_every_rule(comparisons: list[Comparison]) -> None:
    total: Counter[str] = Counter()
    for comparison in comparisons:
        for budget in BUDGETS:
            total += broken_rules(comparison, budget)
    assert sum(total.values()) == 0, total


def test_without_the_rules_fixture_digests_break_them(
    comparisons: list[Comparison], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules decide: switched off, the same sets' digests break them."""
    without_rules(monkeypatch)
    total: Counter[str] = Counter()
    for comparison in comparisons:
        # A comparison keeps each budget's digest: forget those chosen with the rules.
        comparison.__dict__.pop("_digests", None)
        for budget in BUDGETS:
            total += broken_rules(comparison, budget)
        comparison.__dict__.pop("_digests", None)
    assert {"caption", "pronoun", "surname", "off-story", "repeat", "quote fragment"} <= set(
        total
    ), total
