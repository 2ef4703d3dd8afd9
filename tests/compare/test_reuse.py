"""Reuse: rewrites found as paraphrases, matches first, one direction per pair of articles,
and the command's ``copy <- source (evidence)`` lines."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import itertools
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from storylens import ArticleSet, Comparison
from storylens.cli import main
from storylens.compare import reuse as reuse_module
from storylens.compare.reuse import KINDS, REUSED, SUMMARY_COLUMNS, likely_sources
from storylens.datasets import load_sample
from storylens.exceptions import InvalidParameterError, LargeReuseWarning

# A set about one phone call: the ministers' names are in almost every sentence, so they
# weigh little, and the words a rewriter swaps decide the TF-IDF cosine.
CALL = "The telephone conversation between Carter and Shoigu is just the first step."
REWRITE = "The phone call between Carter and Shoigu is only the first step."
CALL_SET = {
    "agency": [
        "Carter and Shoigu spoke for an hour on Tuesday, the Pentagon said.",
        CALL,
        "Carter told Shoigu that the talks on air safety over the region should continue.",
        "Shoigu said his ministry was ready to set up a working group with Carter's staff.",
    ],
    "daily": [
        "Carter and Shoigu spoke for an hour on Tuesday, the Pentagon said.",
        REWRITE,
        "Carter and Shoigu last met in person four years ago.",
        "Analysts in the capital doubted that the working group would ever meet.",
    ],
    "weekly": [
        "Shoigu and Carter discussed the risk of incidents between their aircraft.",
        "Carter has asked Shoigu for a direct line between the two general staffs, a step "
        "both sides have resisted since the first incident.",
        "Harbour cranes were idle for a week after the storm.",
    ],
    "review": [
        "For Carter, the first step is a channel to Shoigu that works in a crisis.",
        "Shoigu has not said whether he will travel to the talks.",
    ],
}


@pytest.fixture(scope="module")
def calls() -> Comparison:
    texts = [" ".join(sentences) for sentences in CALL_SET.values()]
    return ArticleSet.from_texts(texts, ids=list(CALL_SET)).clean().compare()


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return load_sample().clean().compare()


def test_a_rewrite_with_synonyms_and_a_shorter_word_is_a_paraphrase(calls: Comparison) -> None:
    reuse = calls.reuse()
    row = reuse[(reuse["text"] == REWRITE) & (reuse["other"] == "agency")]
    assert row[["other_text", "kind"]].values.tolist() == [[CALL, "paraphrase"]]
    # The cosine alone would not have called it reuse.
    assert row["score"].item() < 0.45
    # ... so neither article lists the other's rewrite as a fact of its own.
    assert REWRITE not in set(calls.unique_facts("daily")["text"])
    assert CALL not in set(calls.unique_facts("agency")["text"])
    # An unrelated sentence stays unique, and a copy stays verbatim.
    assert "Harbour cranes were idle for a week after the storm." in set(
        calls.unique_facts("weekly")["text"]
    )
    copied = reuse[(reuse["article"] == "daily") & (reuse["other"] == "agency")]
    assert "verbatim" in set(copied["kind"])


def test_verbatim_and_near_verbatim_stay_exact(comparison: Comparison) -> None:
    reuse = comparison.reuse(all_pairs=True)
    copied = reuse[(reuse["article"] == "valley-courier") & (reuse["other"] == "wire")]
    assert (copied["kind"] == "verbatim").mean() > 0.8
    assert (copied["text"] == copied["other_text"]).sum() >= (copied["kind"] == "verbatim").sum()
    # The alignment only ever adds paraphrases: without it, the same rows are verbatim and
    # near-verbatim.
    from storylens import _core
    from storylens.compare.reuse import SHINGLE_WORDS
    from storylens.text import Tokenizer

    sentences = comparison.sentences
    exact = _core.align_sentences(
        sentences["article_index"].to_numpy(dtype=np.int64),
        sentences["text"].tolist(),
        Tokenizer(tokenizer="news")._core_analyzer(),
        comparison._sentence_tfidf,
        shingle_words=SHINGLE_WORDS,
        min_aligned_terms=10**6,
    )
    rows = comparison._reuse_rows
    assert strong_matches(rows) and strong_matches(rows) == strong_matches(exact)
    assert (rows.kind == KINDS.index("paraphrase")).sum() > (
        exact.kind == KINDS.index("paraphrase")
    ).sum()


def strong_matches(rows: Any) -> dict[tuple[int, int], tuple[int, int]]:
    """(sentence, other article) -> (other sentence, kind) of the verbatim and near-verbatim
    rows."""
    return {
        (int(s), int(a)): (int(o), int(k))
        for s, a, o, k in zip(
            rows.sentence, rows.other_article, rows.other_sentence, rows.kind, strict=True
        )
        if k <= KINDS.index("near-verbatim")
    }


@pytest.mark.parametrize("all_pairs", [False, True])
def test_reuse_returns_the_matches_best_first(comparison: Comparison, all_pairs: bool) -> None:
    reuse = comparison.reuse(all_pairs=all_pairs)
    assert set(reuse["kind"]) <= set(REUSED) and len(reuse) > 0
    rank = reuse["kind"].map(KINDS.index).to_numpy()
    assert (np.diff(rank) >= 0).all()
    for _, group in reuse.groupby("kind", sort=False):
        assert (np.diff(group["score"].to_numpy()) <= 0).all()
    assert list(reuse.index) == list(range(len(reuse)))


def test_unique_rows_come_on_request_after_the_matches(comparison: Comparison) -> None:
    everything = comparison.reuse(include_unique=True)
    assert len(everything) == len(comparison.sentences) * (len(comparison.ids) - 1)
    matches = comparison.reuse(all_pairs=True)
    pd.testing.assert_frame_equal(
        pd.DataFrame(everything.head(len(matches))), pd.DataFrame(matches)
    )
    assert set(everything["kind"].iloc[len(matches) :]) == {"unique"}
    unique = comparison.reuse(kinds=["unique"])
    assert len(unique) == len(everything) - len(matches)
    # Each unique_facts sentence has no match in any other article.
    reused = set(zip(matches["article"], matches["sentence"], strict=True))
    for article_id in comparison.ids:
        for sentence in comparison.unique_facts(article_id)["sentence"]:
            assert (article_id, sentence) not in reused


def test_the_notebook_view_shows_matches_first(comparison: Comparison) -> None:
    page = comparison.reuse(include_unique=True)._repr_html_()
    first_row = page.split("<tbody>")[1].split("</tr>")[0]
    assert "#ffffff" not in first_row
    shuffled = comparison.reuse(include_unique=True).sample(frac=1.0, random_state=0)
    from storylens.views.html import reuse_html

    rows = reuse_html(shuffled).split("<tbody>")[1].split("</tr>")
    colours = [row.split("background:")[1][:7] for row in rows if "background:" in row]
    assert colours.index("#ffffff") > colours.index("#f4a6a6")


def test_summary_has_one_row_per_pair_in_one_direction(comparison: Comparison) -> None:
    summary = comparison.reuse_summary()
    assert list(summary.columns) == SUMMARY_COLUMNS
    pairs = [frozenset(pair) for pair in zip(summary["source"], summary["copy"], strict=True)]
    assert len(pairs) == len(set(pairs))
    reuse = comparison.reuse(all_pairs=True)
    sharing = {frozenset(pair) for pair in zip(reuse["article"], reuse["other"], strict=True)}
    assert set(pairs) == sharing
    assert set(summary["evidence"]) <= {"date", "dateline", "containment", "reach", "undecided"}
    undecided = summary[summary["evidence"] == "undecided"]
    assert (undecided["source"] < undecided["copy"]).all()
    assert (np.diff(summary["share_of_copy"].to_numpy()) <= 0).all()

    def row(copy: str) -> pd.Series:
        return summary[(summary["copy"] == copy) & (summary["source"] == "wire")].iloc[0]

    courier = row("valley-courier")
    # Its dateline credits the wire's outlet ("VELMORA, March 13 (Meridian Press)").
    assert courier["evidence"] == "dateline" and courier["share_of_copy"] > 0.8
    assert courier["verbatim"] >= 20
    # The counts by kind are the copy's rows in the source, as the full map lists them.
    for record in summary.itertuples(index=False):
        rows = reuse[(reuse["article"] == record.copy) & (reuse["other"] == record.source)]
        counted = [record.verbatim, record.near_verbatim, record.paraphrase]
        assert counted == [int((rows["kind"] == kind).sum()) for kind in REUSED]
    assert row("newsbeat24")["evidence"] == "date"
    # The shares agree with the reuse map's counts.
    shares = comparison._reuse_shares
    ids = comparison.ids
    for record in summary.itertuples(index=False):
        copy, source = ids.index(str(record.copy)), ids.index(str(record.source))
        assert record.share_of_copy == shares[copy, source]
        assert record.share_of_source == shares[source, copy]


def test_likely_sources_say_the_same_from_either_side() -> None:
    random = np.random.default_rng(3)
    for _ in range(20):
        shares = random.uniform(0, 0.6, size=(5, 5))
        np.fill_diagonal(shares, 0.0)
        dates = [None, None, *random.choice([None, "d1", "d2"], size=3)]
        days = [None if d is None else pd.Timestamp(f"2026-01-0{d[1]}").date() for d in dates]
        source, evidence = likely_sources(shares, days, 0.2)
        for a, b in itertools.permutations(range(5), 2):
            assert source[a, b] == source[b, a]
            assert evidence[a, b] == evidence[b, a]


def test_the_command_prints_copy_from_source_with_the_evidence() -> None:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert main([]) == 0
    lines = output.getvalue().splitlines()
    start = lines.index("Reuse map (share of an article's sentences found in another)")
    section = list(itertools.takewhile(bool, lines[start + 1 :]))
    assert any(line.strip().startswith("valley-courier <- wire (dateline)") for line in section)
    for line in section:
        assert " <- " in line or " <-> " in line, line
        assert line.rstrip().endswith("paraphrase)"), line
        if " <-> " in line:
            assert "(undecided)" in line


def test_undecided_pairs_print_both_ways() -> None:
    from storylens.report.text import _reuse_line

    pair = {
        "source": "000",
        "copy": "001",
        "share_of_copy": 0.3,
        "share_of_source": 0.3,
        "verbatim": 2,
        "near_verbatim": 1,
        "paraphrase": 0,
        "evidence": "undecided",
    }
    assert _reuse_line(pair, 7).strip().startswith("000 <-> 001 (undecided)")
    decided = _reuse_line({**pair, "evidence": "date"}, 7)
    assert decided.strip().startswith("001 <- 000 (date)")


# -- candidates: matches only, the top k per sentence ------------------------------------------


def test_the_map_keeps_the_matches_only_and_lists_the_rest_on_request(
    comparison: Comparison,
) -> None:
    rows = comparison._reuse_rows
    assert len(rows) > 0 and KINDS.index("unique") not in set(rows.kind)
    full = comparison.reuse(include_unique=True)
    n_sentences, n_others = len(comparison.sentences), len(comparison.ids) - 1
    assert len(full) == n_sentences * n_others
    # The matches are the same whether or not the unique rows are listed after them.
    matches = comparison.reuse(all_pairs=True)
    pd.testing.assert_frame_equal(
        pd.DataFrame(full.iloc[: len(matches)]), pd.DataFrame(matches), check_like=False
    )
    assert set(full["kind"].iloc[len(matches) :]) == {"unique"}
    assert set(comparison.reuse(kinds="unique")["kind"]) == {"unique"}


def test_the_compact_map_lists_each_reused_sentence_once_with_its_best_source(
    comparison: Comparison,
) -> None:
    compact = comparison.reuse()
    pairs = comparison.reuse(all_pairs=True)
    keys = ["article", "sentence"]
    assert not compact.duplicated(keys).any()
    # Every sentence with a match is there once, with the number of articles reusing it.
    per_sentence = pairs.groupby(keys).size()
    listed = compact.set_index(keys)["reused_in"]
    pd.testing.assert_series_equal(
        listed.sort_index(), per_sentence.sort_index(), check_names=False
    )
    # Its row is its best match: no closer kind, no higher score of that kind elsewhere.
    rank = pairs.assign(rank=pairs["kind"].map(KINDS.index))
    best = rank.sort_values(["rank", "score"], ascending=[True, False]).drop_duplicates(keys)
    chosen = compact.assign(rank=compact["kind"].map(KINDS.index)).set_index(keys)
    expected = best.set_index(keys).loc[chosen.index]
    assert (chosen["rank"] == expected["rank"]).all()
    assert np.allclose(chosen["score"], expected["score"])


def test_equal_matches_point_to_the_earliest_dated_source() -> None:
    wire = "The port of Kestra closed on Friday after the dockers walked out over pay."
    texts = [f"{wire} Gulls circled the quay.", f"{wire} Ministers met late.", wire]
    articles = ArticleSet.from_texts(texts, ids=["late", "early", "copy"]).clean()
    dated = [
        dataclasses.replace(article, date=dt.date(2026, 3, day))
        for article, day in zip(articles, [5, 1, 9], strict=True)
    ]
    compact = ArticleSet(dated).compare().reuse()
    sources = dict(zip(compact["article"], compact["other"], strict=True))
    assert sources == {"late": "early", "early": "late", "copy": "early"}
    assert set(compact["reused_in"]) == {2}
    # Undated, the first listed wins.
    undated = articles.compare().reuse()
    assert dict(zip(undated["article"], undated["other"], strict=True))["copy"] == "late"


# The closest sentence of "b" to A_CALL by cosine shares the names and the night; the rewrite
# shares less wording, but its words pair up ("telephone" and "phone").
A_CALL = (
    "Carter and Shoigu held a telephone conversation on Monday night, the first step towards talks."
)
B_DINNER = "Carter and Shoigu met on Monday night for dinner, aides to Carter and Shoigu said."
B_CALL = "The phone call between Carter and Shoigu was only a first step, aides said."


def test_a_rewrite_that_is_not_the_closest_sentence_is_still_found() -> None:
    texts = [f"{A_CALL} Gulls circled the quay.", f"{B_DINNER} {B_CALL} Ministers met late."]
    c = ArticleSet.from_texts(texts, ids=["a", "b"]).clean().compare()
    text = c.sentences["text"].tolist()
    closest_only = reuse_module.align_sentences(
        c.sentences, c._sentence_tfidf, 2, None, c.terms, top_k=1
    )
    assert [text[s] for s in closest_only.sentence] == [B_CALL]
    reuse = c.reuse()
    row = reuse[reuse["text"] == A_CALL]
    assert row[["other_text", "kind"]].values.tolist() == [[B_CALL, "paraphrase"]]
    # The closer sentence by cosine is the one unique row of A_CALL's.
    listed = c.reuse(include_unique=True)
    assert B_DINNER not in set(listed[listed["kind"] != "unique"]["other_text"])


def test_a_large_set_warns_and_names_the_limit(
    comparison: Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reuse_module, "LARGE_SET_ARTICLES", 5)
    fresh = load_sample().clean().compare()
    with pytest.warns(LargeReuseWarning, match=r"above 5 articles|above 5\b.*stories\(\)"):
        fresh.reuse()
    monkeypatch.setattr(reuse_module, "LARGE_SET_ARTICLES", 100)
    monkeypatch.setattr(reuse_module, "LARGE_MAP_ROWS", 100)
    with pytest.warns(LargeReuseWarning, match="unique rows"):
        fresh.reuse(include_unique=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LargeReuseWarning)
        load_sample().clean().compare().reuse()


# -- a caller's sentence encoder ----------------------------------------------------------------

# A deterministic stand-in for a sentence-transformers model: one dimension per concept, so
# that synonyms land on one axis.
CONCEPTS = {
    "carter": 0,
    "shoigu": 1,
    "telephone": 2,
    "phone": 2,
    "conversation": 3,
    "call": 3,
    "beginning": 4,
    "start": 4,
    "tuesday": 5,
    "night": 6,
}


def concept_encoder(texts: list[str]) -> np.ndarray[Any, Any]:
    vectors = np.zeros((len(texts), len(set(CONCEPTS.values())) + 1))
    for row, text in enumerate(texts):
        for word in text.lower().replace(".", " ").replace(",", " ").split():
            vectors[row, CONCEPTS.get(word, len(set(CONCEPTS.values())))] += 1.0
    return vectors


ENCODED_SET = {
    "agency": [
        "The conversation was a beginning, Carter told Shoigu on Tuesday night.",
        "Gulls circled the quay.",
    ],
    "daily": ["Shoigu and Carter: a call, a start.", "Ministers met late."],
}


def test_an_encoder_adds_paraphrases_and_never_changes_copies(comparison: Comparison) -> None:
    texts = [" ".join(sentences) for sentences in ENCODED_SET.values()]
    articles = ArticleSet.from_texts(texts, ids=list(ENCODED_SET)).clean()
    assert len(articles.compare().reuse()) == 0
    found = articles.compare(sentence_encoder=concept_encoder).reuse()
    assert found[["article", "kind"]].values.tolist() == [
        ["agency", "paraphrase"],
        ["daily", "paraphrase"],
    ]
    # Per call, too, and the comparison's own map stays as it was.
    plain = articles.compare()
    assert len(plain.reuse(sentence_encoder=concept_encoder)) == 2 and len(plain.reuse()) == 0
    # An encoder that calls everything alike adds paraphrases only: the verbatim and
    # near-verbatim rows are those of the wording alone.
    alike = comparison.reuse(
        sentence_encoder=lambda texts: np.ones((len(texts), 3)), all_pairs=True
    )
    assert (alike["kind"] == "paraphrase").sum() > (
        comparison.reuse(all_pairs=True)["kind"] == "paraphrase"
    ).sum()
    strong = alike[alike["kind"] != "paraphrase"]
    before = comparison.reuse(all_pairs=True)
    pd.testing.assert_frame_equal(
        strong.reset_index(drop=True),
        before[before["kind"] != "paraphrase"].reset_index(drop=True),
    )


@pytest.mark.parametrize(
    ("encoder", "message"),
    [
        ("not a function", "callable"),
        (lambda texts: np.ones(len(texts)), "shape"),
        (lambda texts: np.ones((len(texts) - 1, 4)), "shape"),
        (lambda texts: np.full((len(texts), 4), np.nan), "not finite for sentence 0"),
        (lambda texts: [["a", "b"]] * len(texts), "2-D array of numbers"),
    ],
)
def test_a_bad_encoder_is_named(comparison: Comparison, encoder: Any, message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        comparison.reuse(sentence_encoder=encoder)


def test_a_comparison_rejects_an_encoder_that_is_not_callable() -> None:
    with pytest.raises(InvalidParameterError, match="sentence_encoder"):
        load_sample().clean().compare(sentence_encoder=42)


def test_copied_wording_of_common_words_scores_its_shared_wording_not_zero() -> None:
    # The short quote is all common words: its TF-IDF row is empty, so its cosine with the
    # long quote it is cut from is 0, though it copies two thirds of its word 3-grams.
    long_quote = (
        '"We could not do anything else, because the wall was moving," Mayor Ines Varga told '
        "reporters at the harbour."
    )
    texts = [
        f"The mayor closed the harbour road on Tuesday. {long_quote} The road will stay shut.",
        'Harbour road shut after the sea wall moved. "We could not do anything else," she '
        "said. Drivers were sent inland.",
    ]
    comparison = ArticleSet.from_texts(texts, ids=["town", "blog"]).clean().compare()
    rows = comparison._reuse_rows
    near = rows.kind == KINDS.index("near-verbatim")
    assert near.any() and (rows.score[near] == 0.0).all()
    for frame in (comparison.reuse(), comparison.reuse(all_pairs=True)):
        quote = frame[frame["kind"] == "near-verbatim"]
        assert len(quote) >= 1
        assert np.allclose(quote["score"], 2 / 3), quote["score"].tolist()
