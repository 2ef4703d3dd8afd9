"""The digest's learned sentence score (storylens.compare._learned): its weights act in
the direction they were fitted, the scaling within a set ignores rounding noise, and the
score changes what the digest chooses."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
import storylens.compare._coverage as coverage
from storylens import ArticleSet
from storylens.compare._learned import (
    FEATURES,
    FLOOR,
    SPACE_CODES,
    WEIGHTS,
    learned_score,
    scaled_within,
    sentence_features,
    text_marks,
)
from storylens.compare._readable import QUOTE_MARKS
from storylens.compare._vectorize import as_csr
from storylens.compare.digest import unit_rows
from storylens.datasets import load_sample


@pytest.mark.parametrize("feature", FEATURES)
def test_each_weight_moves_the_score_its_way(feature: str) -> None:
    """Two sentences that differ in one feature: the one with more of it scores higher
    exactly when its weight is positive (a third, average sentence keeps both above the
    floor)."""
    features = np.zeros((3, len(FEATURES)))
    column = FEATURES.index(feature)
    features[:, column] = [-1.0, 0.0, 1.0]
    score = learned_score(features, np.ones(3, dtype=bool))
    assert score.min() > FLOOR
    assert (score[2] > score[0]) == (WEIGHTS[feature] > 0), score


def test_a_column_that_differs_by_rounding_only_is_constant() -> None:
    """In a set of two articles both share one cosine, computed twice; the last-bit
    difference must not be scaled up into a feature."""
    rounding = np.array([[0.1 + 0.2, 1.0], [0.3, 2.0], [0.3, 3.0]])
    assert rounding[0, 0] != rounding[1, 0]
    scaled = scaled_within(rounding, np.ones(3, dtype=bool))
    assert scaled[:, 0].tolist() == [0.0, 0.0, 0.0]
    assert scaled[:, 1] == pytest.approx([-1.224744871, 0.0, 1.224744871])


def test_two_articles_have_no_article_centrality_noise() -> None:
    texts = [
        "Acid from the Brenholt works reached the Lysa river on Friday. Fish died.",
        "The Lysa river carried acid from the Brenholt works on Friday. Schools closed.",
    ]
    comparison = ArticleSet.from_texts(texts).compare()
    table = comparison.sentences
    stems = [text.lower().split() for text in table["text"]]
    article_of = table["article_index"].to_numpy(dtype=np.int64)
    counted = np.ones(len(stems), dtype=bool)
    incidence, weights, _ = coverage.concept_matrix(stems, article_of, counted)
    unit = unit_rows(as_csr(comparison._sentence_tfidf))
    features = sentence_features(
        table["text"].tolist(),
        table["words"].to_numpy(),
        article_of,
        counted,
        unit,
        incidence,
        weights,
        np.zeros(len(stems), dtype=bool),
    )
    scaled = scaled_within(features, counted)
    assert scaled[:, FEATURES.index("article_centrality")].tolist() == [0.0] * len(stems)


def test_features_of_an_empty_set() -> None:
    empty = sp.csr_matrix((0, 3))
    features = sentence_features(
        [],
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=bool),
        empty,
        sp.csr_matrix((0, 2)),
        np.ones(2),
        np.zeros(0, dtype=bool),
    )
    assert features.shape == (0, len(FEATURES))


def test_the_learned_score_keeps_colour_out_of_the_sample_digest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On the bundled sample at 120 words, the concept coverage alone takes a line of
    colour ("The smell reached Hesk before the news did."); with the learned score (short,
    no figure, far from the story's centroid) the digest reports facts instead."""
    colour = "The smell reached Hesk before the news did."
    with_score = list(load_sample().clean().compare().digest(max_words=120).sentences["text"])

    def nothing(texts: list[str], *args: Any) -> np.ndarray[Any, Any]:
        return np.zeros(len(texts))

    monkeypatch.setattr(coverage, "learned_bonus", nothing)
    without = list(load_sample().clean().compare().digest(max_words=120).sentences["text"])
    assert colour in without
    assert colour not in with_score


def test_text_marks_agree_with_the_string_methods() -> None:
    """The marks are computed on code points at once; they must say what ``str.isdigit``,
    ``str.isupper`` and ``str.split`` say, whatever the white space and the script."""
    generator = random.Random(0)
    # Latin, Cyrillic, superscript and circled digits, a titlecase letter, Unicode spaces,
    # a lone surrogate and a character outside the basic plane.
    alphabet = "aA1 \t\u2003\u00a0\u2028\x1c\u00c9\u00e9\u0411\u0431\u00b2\u2460\u01c5"
    alphabet += '.\u2019\u201c"\udcff\U0001d7ce'
    texts = ["Mayor Ann Lind met the press.", "", "   ", " \u00c9lan  met \u00c8ve."]
    texts += [
        "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 12)))
        for _ in range(3000)
    ]
    marks = text_marks(texts)

    def capitalised(text: str) -> float:
        words = text.split()
        return sum(word[0].isupper() for word in words[1:]) / max(len(words) - 1, 1)

    assert marks["capitalised"].tolist() == [capitalised(text) for text in texts]
    assert marks["digits"].tolist() == [any(c.isdigit() for c in text) for text in texts]
    assert marks["quoted"].tolist() == [any(m in text for m in QUOTE_MARKS) for text in texts]


def test_every_white_space_character_is_known() -> None:
    spaces = set(SPACE_CODES.tolist())
    assert all(chr(c).isspace() == (c in spaces) for c in range(0x110000))
