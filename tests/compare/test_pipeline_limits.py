"""The pipeline's speed-ups change no answer, and its quadratic steps refuse clearly.

The large sets are measured in benches/pipeline_scale.py; here, small versions: every
reference set of the digest bench and one mixed set of all their English articles, whose
digests, terms, spelling variants, unique facts and similarity tables are pinned to what
they were before the digest's rules moved to the core and the terms stopped summing the whole
set per article (tests/fixtures/pipeline/golden_outputs.json, written by ``golden_entry`` with
the earlier code; its unique facts were written again by that code once the reuse map began
looking among each sentence's ten closest candidates, which finds more rewrites and so
leaves fewer unique facts; its digests were written again once the readability rules kept
out quotes attributed to a pronoun and quotes that run over several sentences, and read a
middle initial as part of a name, and the entries of the sets holding the two articles
whose cleaned text gained a one-word sentence ("Minutes.", "Rien.") once cleaning began
keeping those; and the whole file was written again by ``golden_entry`` when the dateline
left the text and dates, times and numbers left the shared terms: the sets with a dateline
changed their digests, unique facts and similarities, the others only their shared terms).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
import storylens.compare._coverage as coverage
import storylens.compare.similarity as similarity_module
from storylens import ArticleSet, Comparison
from storylens.compare._readable import (
    _stop_words,
    attributes_to_pronoun,
    is_bare_quote,
    is_caption,
    is_question,
    name_runs,
    opens_on_pronoun,
    sentence_shapes,
    speaks_in_first_person,
    starts_mid_word,
    unbalanced_quotes,
)
from storylens.datasets import load_sample
from storylens.exceptions import ResourceLimitError, SeveralStoriesWarning
from storylens.text import Tokenizer
from test_digest import fixture_comparisons

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "pipeline" / "golden_outputs.json"
BUDGETS = (40, 80, 150, 400)
#: The reference sets' splits when the outputs were recorded (later sets have none).
RECORDED_SPLITS = ("dev", "heldout", "heldout2")
LANGUAGES = ("english", "german", "french", "spanish", None)
# Characters where Python's and Rust's Unicode rules part: such sentences go to the Python
# rules, and the answers must still be the same.
AWKWARD = [
    "\u01c4emal Rask said the dam held.",
    "The 2\u00b2 rule held, the mayor said.",
    "\u0131stanbul photo: Kai Umber",
    "PHOTO\u017f: nothing",
    "She left\x1cand came back.",
    "\u201cWe left,\u201d I said.",
    "\u0414\u0443\u043c\u0430 met Anna Lind. Lind spoke.",
    "\u00c9lan Morel said \u00d1o\u00f1o, Morel and the Lysa.",
    "",
    "   ",
    "i",
    "\u201cWe stay,\u201d she said of the \u0130nn.",
    "\u00ab Nous restons \u00bb, a-t-elle ajout\u00e9 \u00b2.",
    "\u201cThe \u0131nn stays open.",
    "Chief Dana K. \u01c4emal spoke, sagte er.",
    "Ann K. Lind and R.J. Vask said A. Moe, the U.S. State Department and Dr. Bell agreed.",
]


def mixed_comparison() -> Comparison:
    """All the English articles of the reference sets as one set of many stories."""
    texts = [
        article.text
        for comparison in fixture_comparisons(RECORDED_SPLITS)
        if comparison.articles.language == "english"
        for article in comparison.articles
        if article.text.strip()
    ]
    # Many stories on purpose: compare() says so.
    with pytest.warns(SeveralStoriesWarning):
        return ArticleSet.from_texts(texts, language="english").clean().compare()


def golden_entry(comparison: Comparison) -> dict[str, Any]:
    """What the pinned outputs hold for one comparison."""
    entry: dict[str, Any] = {}
    for budget in BUDGETS:
        chosen = comparison.digest(max_words=budget).sentences
        entry[f"digest {budget}"] = [
            f"{a}:{s}" for a, s in zip(chosen["article"], chosen["sentence"], strict=True)
        ]
    entry["shared"] = comparison.shared_terms(top=12)["term"].tolist()
    entry["distinctive"] = {}
    if len(comparison.ids) > 1:
        for article in comparison.ids:
            frame = comparison.distinctive_terms(article, top=8)
            entry["distinctive"][article] = [
                f"{t}:{z:.9f}:{n}:{m}"
                for t, z, n, m in zip(
                    frame["term"], frame["z"], frame["count"], frame["count_other"], strict=True
                )
            ]
        entry["unique facts"] = {}
        for article in comparison.ids:
            facts = comparison.unique_facts(article)
            entry["unique facts"][article] = [
                f"{a}:{s}" for a, s in zip(facts["article"], facts["sentence"], strict=True)
            ]
    entry["variants"] = [f"{t}={'|'.join(v)}" for t, v in comparison.variants.values.tolist()]
    entry["similarity"] = [
        [round(float(v), 12) for v in row] for row in comparison.similarity.to_numpy()
    ]
    entry["sentences"] = {
        column: str(comparison.sentences[column].dtype) for column in comparison.sentences.columns
    }
    return entry


def golden_key(comparison: Comparison) -> str:
    return f"{comparison.ids[0]}/{len(comparison.ids)}"


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    with GOLDEN.open(encoding="utf-8") as source:
        pinned: dict[str, Any] = json.load(source)
    return pinned


@pytest.fixture(scope="module")
def comparisons() -> list[Comparison]:
    return [*fixture_comparisons(RECORDED_SPLITS), mixed_comparison()]


def test_outputs_equal_those_before_the_speed_up(
    comparisons: list[Comparison], golden: dict[str, Any]
) -> None:
    assert len(golden) == len(comparisons)
    for comparison in comparisons:
        expected = golden[golden_key(comparison)]
        found = golden_entry(comparison)
        assert np.allclose(found.pop("similarity"), expected.pop("similarity"), atol=1e-12)
        assert found == expected, golden_key(comparison)


def fixture_sentences(comparisons: list[Comparison]) -> list[str]:
    return [text for c in comparisons for text in c.sentences["text"]] + AWKWARD


@pytest.mark.parametrize("language", LANGUAGES)
def test_sentence_shapes_equal_the_python_rules(
    comparisons: list[Comparison], language: str | None
) -> None:
    texts = fixture_sentences(comparisons)
    shapes = sentence_shapes(texts, language)
    stop_words = frozenset(_stop_words(language))
    checks = {
        "caption": is_caption,
        "question": is_question,
        "bare_quote": is_bare_quote,
        "first_person": lambda t: speaks_in_first_person(t, language),
        "opens_on_pronoun": lambda t: opens_on_pronoun(t, language),
        "starts_mid_word": starts_mid_word,
        "attributes_to_pronoun": lambda t: attributes_to_pronoun(t, language),
        "unbalanced_quotes": unbalanced_quotes,
    }
    for name, check in checks.items():
        expected = [check(text) for text in texts]
        assert getattr(shapes, name).tolist() == expected, name
    runs = [name_runs(text, stop_words) for text in texts]
    assert shapes.introduces == [[r[-1] for r in found if len(r) >= 2] for found in runs]
    assert shapes.singles == [[r[0] for r in found if len(r) == 1] for found in runs]


def dict_concepts(stems: list[list[str]]) -> tuple[list[set[str]], list[set[str]]]:
    """Each sentence's concepts (content words and their bigrams) and content words, as
    strings: the digest's concepts before they were counted with arrays."""
    concepts = [{f"{a} {b}" for a, b in itertools.pairwise(s)} | set(s) for s in stems]
    return concepts, [set(s) for s in stems]


def test_the_concept_table_equals_the_one_of_strings() -> None:
    comparison = load_sample().clean().compare()
    table = comparison.sentences
    stems = Tokenizer(tokenizer="news", stop_words=comparison.stop_words, stem="english").tokenize(
        table["text"].tolist()
    )
    article_of = table["article_index"].to_numpy()
    counted = np.ones(len(stems), dtype=bool)
    incidence, weights, words_incidence = coverage.concept_matrix(stems, article_of, counted)
    concepts, words = dict_concepts(stems)
    # Same sentences share the same concepts and words, whatever the column order ...
    shared = np.array([[len(a & b) for b in concepts] for a in concepts], dtype=float)
    assert (sp.csr_matrix(incidence @ incidence.T).toarray() == shared).all()
    shared_words = np.array([[len(a & b) for b in words] for a in words], dtype=float)
    assert (sp.csr_matrix(words_incidence @ words_incidence.T).toarray() == shared_words).all()
    # ... and each concept weighs the number of articles that carry it (bigrams in one
    # article only are no concepts).
    reach: dict[str, set[int]] = {}
    for found, article in zip(concepts, article_of, strict=True):
        for concept in found:
            reach.setdefault(concept, set()).add(int(article))
    expected = {
        concept: (len(a) if len(a) >= 2 else 0.0) if " " in concept else 0.5 * len(a)
        for concept, a in reach.items()
    }
    gains = incidence @ weights
    assert gains.tolist() == [sum(expected[c] for c in found) for found in concepts]


def test_the_similarity_table_is_the_same_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    comparison = mixed_comparison()
    whole = comparison.similarity.to_numpy()
    monkeypatch.setattr(similarity_module, "SIMILARITY_BLOCK_ROWS", 3)
    blocked = similarity_module.cosine_similarity(comparison._merged_tfidf, comparison.ids)
    assert (blocked.to_numpy() == whole).all()


def test_the_similarity_table_refuses_above_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    comparison = load_sample().clean().compare()
    monkeypatch.setattr(similarity_module, "MAX_SIMILARITY_BYTES", 8 * 7 * 7 - 1)
    with pytest.raises(ResourceLimitError) as refused:
        _ = comparison.similarity
    message = str(refused.value)
    assert "7 articles" in message and "MAX_SIMILARITY_BYTES" in message
    assert "nearest(k)" in message and isinstance(refused.value, MemoryError)
    # What the message offers still works.
    assert len(comparison.nearest(2)) == 14


def test_a_set_of_5000_articles_is_within_the_similarity_limit() -> None:
    similarity_module.check_dense_size(5_000)
    with pytest.raises(ResourceLimitError, match=r"20,000 articles needs about 3\.40 GB"):
        similarity_module.check_dense_size(20_000)


def test_a_digest_asked_again_is_the_same_and_its_own() -> None:
    comparison = load_sample().clean().compare()
    first = comparison.digest(max_words=60)
    first.sentences.loc[0, "text"] = "changed"
    again = comparison.digest(max_words=np.int64(60))
    assert again.sentences["text"].iloc[0] != "changed"
    assert str(again) == str(load_sample().clean().compare().digest(max_words=60))
    with pytest.raises(ValueError, match="max_words"):
        comparison.digest(max_words=True)
