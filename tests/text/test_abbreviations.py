"""Abbreviations learned from texts (Punkt-style evidence), given ones, and bad input."""

from __future__ import annotations

import pickle

import pytest
import storylens
from storylens.exceptions import DocumentTypeError, InvalidParameterError
from storylens.text import Abbreviations, split_sentences

SET = [
    "Hun Sen has ruled Cambodia since 1985. Critics of Hun Sen, the premier, fled abroad.",
    "Sam Rainsy faced threats from strongman Hun Sen. Sam Rainsy then left the country.",
    "The plant needs approx. four hundred workers, or approx. five hundred in summer.",
    "Output rose at Orlan Mfg. and at Kestra Mfg. after the strike.",
]


def test_a_word_mostly_written_with_a_continuing_period_is_learned() -> None:
    learned = Abbreviations.learn(SET)
    assert "approx" in learned and "Approx." in learned and "mfg" in learned
    # A sentence's last word is written with a period, but nothing continues after it.
    assert "country" not in learned and "abroad" not in learned


def test_a_name_mostly_written_without_a_period_is_not_an_abbreviation() -> None:
    learned = Abbreviations.learn(["Hun Sen said so. Aides of Hun Sen, and Hun Sen. Sam left."])
    assert "Sen" in learned.not_abbreviations
    assert "sen" not in learned


def test_the_name_pair_overrides_the_language_list() -> None:
    learned = Abbreviations.learn(SET)
    assert learned.is_name("Hun", "Sen")
    assert [s.text for s in split_sentences(SET[1], abbreviations=learned)] == [
        "Sam Rainsy faced threats from strongman Hun Sen.",
        "Sam Rainsy then left the country.",
    ]


def test_a_title_without_its_period_before_a_name_is_no_evidence_against_it() -> None:
    learned = Abbreviations.learn(["Mr Smith met Mr. Jones and Mr Brown."])
    assert "Mr" not in learned.not_abbreviations


def test_a_lowercase_use_says_nothing_against_a_capitalised_title() -> None:
    text = "A sales rep said a rep left. Rep. Tom Vance spoke."
    learned = Abbreviations.learn([text])
    assert "Rep" not in learned.not_abbreviations
    assert [s.text for s in split_sentences(text, abbreviations=learned)] == [
        "A sales rep said a rep left.",
        "Rep. Tom Vance spoke.",
    ]


def test_orthographic_context_is_collected() -> None:
    learned = Abbreviations.learn(
        ["They met in Paris. Everyone came!\nNobody left, and everyone cheered."]
    )
    assert learned.seen_capitalised_mid_sentence("Paris")
    assert not learned.seen_lowercase("Paris")
    assert learned.seen_lowercase("Everyone") and not learned.seen_capitalised_mid_sentence(
        "everyone"
    )


def test_learned_evidence_decides_the_word_after_an_abbreviation() -> None:
    text = "Output fell at Orlan Mfg. Workers were sent home."
    # "Workers" is seen in lowercase elsewhere in the set, and never as a name.
    learned = Abbreviations.learn([*SET, text, "The workers went home."])
    assert [s.text for s in split_sentences(text, abbreviations=learned)] == [
        "Output fell at Orlan Mfg.",
        "Workers were sent home.",
    ]
    named = Abbreviations.learn([*SET, text, "They hired the firm Workers United."])
    assert len(split_sentences(text, abbreviations=named)) == 1


def test_learning_is_deterministic() -> None:
    first = Abbreviations.learn(SET)
    assert first == Abbreviations.learn(list(SET))
    assert list(first) == sorted(first)
    assert pickle.dumps(first) == pickle.dumps(Abbreviations.learn(SET))


def test_learned_abbreviations_pickle_with_their_evidence() -> None:
    learned = Abbreviations.learn(SET)
    restored = pickle.loads(pickle.dumps(learned))
    assert restored == learned and set(restored) == set(learned)
    assert restored.is_name("Hun", "Sen")
    assert split_sentences(SET[1], abbreviations=restored) == split_sentences(
        SET[1], abbreviations=learned
    )


def test_given_abbreviations_as_any_iterable_of_str() -> None:
    text = "Shares of Orlan Mfg. Corp. rose. It grew."
    assert len(split_sentences(text)) == 3
    for given in (["mfg"], ("Mfg.",), {"mfg"}, Abbreviations(["mfg"])):
        assert [s.text for s in split_sentences(text, abbreviations=given)] == [
            "Shares of Orlan Mfg. Corp. rose.",
            "It grew.",
        ]


def test_set_protocol_and_repr() -> None:
    given = Abbreviations(["dept", "Approx."])
    assert set(given) == {"approx", "dept"} and len(given) == 2
    assert given == {"approx", "dept"} and given == Abbreviations(["approx", "dept"])
    assert repr(given) == "Abbreviations(['approx', 'dept'])"
    many = Abbreviations([f"w{i:02d}" for i in range(12)])
    assert repr(many).startswith("<Abbreviations of 12 words: 'w00'")
    assert hash(given) == hash(Abbreviations(["approx", "dept"]))


def test_abbreviations_is_exported_from_the_root() -> None:
    assert storylens.Abbreviations is Abbreviations


def test_bad_texts_name_the_item() -> None:
    with pytest.raises(DocumentTypeError, match=r"texts\[1\] must be a str, got int"):
        Abbreviations.learn(["One.", 2])  # type: ignore[list-item]
    with pytest.raises(DocumentTypeError, match="not a single str"):
        Abbreviations.learn("One. Two.")
    with pytest.raises(InvalidParameterError, match="unknown language 'klingon'"):
        Abbreviations.learn(["One."], language="klingon")


def test_bad_given_abbreviations_name_the_item() -> None:
    with pytest.raises(
        InvalidParameterError, match=r"abbreviations\[1\] must be a str, got NoneType"
    ):
        Abbreviations(["approx", None])  # type: ignore[list-item]
    with pytest.raises(InvalidParameterError, match="an iterable of str or None, got str"):
        split_sentences("One. Two.", abbreviations="approx")
    with pytest.raises(InvalidParameterError, match="got int"):
        split_sentences("One. Two.", abbreviations=3)  # type: ignore[arg-type]


def test_a_broken_pickle_state_is_a_clear_error() -> None:
    from storylens.text.abbreviations import _from_json

    with pytest.raises(InvalidParameterError, match="not a learned abbreviations model"):
        _from_json("[1, 2]")


def test_cleaning_learns_the_sets_abbreviations_for_article_sentences() -> None:
    pages = [
        "Hun Sen has ruled Cambodia since 1985. Critics of Hun Sen, the premier, fled abroad.",
        "Sam Rainsy faced threats from strongman Hun Sen. Sam Rainsy then left the country.",
    ]
    cleaned = storylens.ArticleSet.from_texts(pages).clean()
    article = cleaned[1]
    assert isinstance(article.abbreviations, Abbreviations)
    assert article.abbreviations.is_name("Hun", "Sen")
    assert [s.text for s in article.sentences] == [
        "Sam Rainsy faced threats from strongman Hun Sen.",
        "Sam Rainsy then left the country.",
    ]
    # Without the set's evidence the title reading wins.
    assert len(storylens.ArticleSet.from_texts(pages[1:])[0].sentences) == 1
