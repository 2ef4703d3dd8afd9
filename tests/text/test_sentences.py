"""The sentence cases of the issue on cleaning and sentences, through the public API."""

from __future__ import annotations

import pytest
from storylens.text import Abbreviations, split_sentences


def sentences(text: str, language: str = "english", **kwargs: object) -> list[str]:
    return [s.text for s in split_sentences(text, language, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        'Protesters chanted "Whose street? Our street" at police and shouted at them.',
        'The crowd shouted "Shame! Shame!" until the speaker left the stage.',
        "They sang ``Why? Why not'' all night long.",
        "Die Menge rief „Warum jetzt? Warum wir“ und pfiff den Minister aus.",
        'Los vecinos gritaban "¡Agua! ¡Agua!" ante el ayuntamiento.',
    ],
)
def test_a_quoted_question_or_exclamation_the_sentence_continues_past_does_not_split(
    text: str,
) -> None:
    language = {"D": "german", "L": "spanish"}.get(text[0], "english")
    assert sentences(text, language) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"Is this the end?" she asked. Nobody answered.',
            ['"Is this the end?" she asked.', "Nobody answered."],
        ),
        (
            'He asked, "Who will pay?" Nobody answered.',
            ['He asked, "Who will pay?"', "Nobody answered."],
        ),
        ('She said: "Never." Then she left.', ['She said: "Never."', "Then she left."]),
        ('He asked "Why? Who knows" Then he left.', ['He asked "Why?', 'Who knows" Then he left.']),
    ],
)
def test_a_quotation_that_ends_the_sentence_still_splits(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_a_name_that_looks_like_an_abbreviation_does_not_merge_two_sentences() -> None:
    text = (
        "Hun Sen has ruled Cambodia since 1985. "
        "Sam Rainsy faced threats from strongman Hun Sen. Sam Rainsy then left the country."
    )
    assert sentences(text)[-2:] == [
        "Sam Rainsy faced threats from strongman Hun Sen.",
        "Sam Rainsy then left the country.",
    ]


def test_the_name_evidence_can_come_from_the_rest_of_the_set() -> None:
    text = "Sam Rainsy faced threats from strongman Hun Sen. Sam Rainsy then left the country."
    # On its own, "Sen." reads as the title ("Sen. Sam Rainsy"): there is no evidence.
    assert len(sentences(text)) == 1
    learned = Abbreviations.learn(
        ["Hun Sen said the vote was fair.", "Critics of Hun Sen, the premier, fled.", text]
    )
    assert sentences(text, abbreviations=learned) == [
        "Sam Rainsy faced threats from strongman Hun Sen.",
        "Sam Rainsy then left the country.",
    ]


def test_a_title_stays_a_title() -> None:
    text = "Democratic Sen. Paul Hendry backed the deal. Sen. Maria Ortiz did not."
    assert sentences(text) == [
        "Democratic Sen. Paul Hendry backed the deal.",
        "Sen. Maria Ortiz did not.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met at 3 p.m. Everyone agreed.", ["They met at 3 p.m.", "Everyone agreed."]),
        (
            "The council votes at 3 p.m. Friday on the budget.",
            ["The council votes at 3 p.m. Friday on the budget."],
        ),
        (
            "The ship docked at 11 a.m. The crew went ashore.",
            ["The ship docked at 11 a.m.", "The crew went ashore."],
        ),
        ("She moved to the U.S. Nobody followed.", ["She moved to the U.S.", "Nobody followed."]),
        ("The U.S. Senate passed it.", ["The U.S. Senate passed it."]),
        (
            "The firm is Harlow Ltd. It was founded in 1888.",
            ["The firm is Harlow Ltd.", "It was founded in 1888."],
        ),
    ],
)
def test_after_an_abbreviation_a_sentence_ends_when_the_next_word_starts_one(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


def test_a_capitalised_word_seen_as_a_name_does_not_start_a_sentence() -> None:
    # "Everyone" is a common word, but this text capitalises it mid-sentence, as a name.
    text = "The band Everyone played twice. They met at 3 p.m. Everyone was there."
    assert sentences(text)[-1] == "They met at 3 p.m. Everyone was there."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Carter met Gen. Joseph Dunford on Sept. 12. They spoke.",
            ["Mr. Carter met Gen. Joseph Dunford on Sept. 12.", "They spoke."],
        ),
        (
            "Acme Inc. said profit fell. Shares of Delmont Corp. rose.",
            ["Acme Inc. said profit fell.", "Shares of Delmont Corp. rose."],
        ),
        (
            "The strike began on Jan. 4 and lasted weeks.",
            ["The strike began on Jan. 4 and lasted weeks."],
        ),
        (
            "Former President George W. Bush attended. He did not speak.",
            ["Former President George W. Bush attended.", "He did not speak."],
        ),
        (
            "Shares rose 3.5 percent to $1.2 billion. Analysts cheered.",
            ["Shares rose 3.5 percent to $1.2 billion.", "Analysts cheered."],
        ),
        (
            "The minister paused... then changed the subject.",
            ["The minister paused... then changed the subject."],
        ),
        (
            "Rescuers searched all night... By dawn, all were safe.",
            ["Rescuers searched all night...", "By dawn, all were safe."],
        ),
        (
            "WASHINGTON (AP) — The Senate passed the bill. The House follows.",
            ["WASHINGTON (AP) — The Senate passed the bill.", "The House follows."],
        ),
        (
            "It has three parts:\n1. Poor maintenance.\n2. Staff shortages.",
            ["It has three parts:", "1. Poor maintenance.", "2. Staff shortages."],
        ),
    ],
)
def test_abbreviations_initials_decimals_ellipses_datelines_and_lists(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("ascii_quotes", "typographic", "count"),
    [
        (
            "``We will not back down,'' the mayor said. ``This city deserves better.''",
            "“We will not back down,” the mayor said. “This city deserves better.”",
            2,
        ),
        (
            "``Why now?'' asked a resident. Officials had no answer.",
            "“Why now?” asked a resident. Officials had no answer.",
            2,
        ),
        ("He said: ``It is over.'' Then he left.", "He said: “It is over.” Then he left.", 2),
        ("They sang ``Why? Why not'' all night.", "They sang “Why? Why not” all night.", 1),
    ],
)
def test_ascii_newswire_quotes_behave_like_typographic_ones(
    ascii_quotes: str, typographic: str, count: int
) -> None:
    ascii_split = sentences(ascii_quotes)
    typographic_split = sentences(typographic)
    assert len(ascii_split) == len(typographic_split) == count
    # Each sentence is the same, quote marks aside.
    assert [s.replace("``", "“").replace("''", "”") for s in ascii_split] == typographic_split
