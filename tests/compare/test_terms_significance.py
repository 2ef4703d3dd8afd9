"""Terms: distinctive terms are significant or absent, dates are left out, groups are picked by
label, and every z-score shows the counts it rests on."""

from __future__ import annotations

import pandas as pd
import pytest
from storylens import ArticleSet, Tokenizer
from storylens.compare import Comparison
from storylens.datasets import load_sample
from storylens.exceptions import ColumnNotFoundError, InvalidParameterError


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return load_sample().clean().compare()


# The groups by leaning share no words, so the set is two stories, and compare() rightly
# warns; these tests are about the groups' terms, not the warning.
by_leaning_warning = pytest.mark.filterwarnings(
    "ignore::storylens.exceptions.SeveralStoriesWarning"
)


def _by_leaning() -> ArticleSet:
    texts = [
        "Tax cuts for workers lift wages, unions say; wages and unions gain.",
        "Unions welcome the wages deal as workers rally for wages.",
        "Wages rise as unions and workers back the plan for wages.",
        "Business leaders praise deregulation; deregulation frees markets and business.",
        "Markets cheer deregulation as business investment grows with deregulation.",
        "Deregulation helps business, markets and investors, business groups say.",
    ]
    frame = pd.DataFrame(
        {
            "text": texts,
            "leaning": ["left"] * 3 + ["right"] * 3,
            "outlet": ["Red", "Red", "Rose", "Blue", "Blue", "Navy"],
        }
    )
    return ArticleSet.from_frame(frame, text="text")


# -- significant or absent ----------------------------------------------------------------------


def test_only_terms_reaching_min_z_are_listed(comparison: Comparison) -> None:
    frame = comparison.distinctive_terms("rk-news")
    assert (frame["z"] >= 1.96).all()
    everything = comparison.distinctive_terms("rk-news", min_z=0.0, top=1000)
    assert len(everything) > len(frame)
    assert (everything["z"] >= 0.0).all()


def test_short_articles_get_no_list_of_ties_but_a_note() -> None:
    texts = ["The port closed after a spill.", "The port reopened after a strike."]
    comparison = ArticleSet.from_texts(texts).compare()
    frame = comparison.distinctive_terms("0")
    assert frame.empty
    assert list(frame.columns) == ["term", "feature", "z", "log_odds", "count", "count_other"]
    assert frame.attrs["note"].startswith("no significantly distinctive term")
    # Without the threshold the same article gives the old tie at count 1.
    loose = comparison.distinctive_terms("0", min_z=0.0)
    assert set(loose["count"]) == {1}


@pytest.mark.parametrize("bad", [-1.0, float("nan"), "high", True])
def test_min_z_must_be_a_number_of_at_least_zero(comparison: Comparison, bad: object) -> None:
    with pytest.raises(InvalidParameterError, match="min_z"):
        comparison.distinctive_terms("rk-news", min_z=bad)  # type: ignore[arg-type]


def test_counts_stand_beside_every_z_score(comparison: Comparison) -> None:
    frame = comparison.distinctive_terms("rk-news", min_z=0.0)
    counts = comparison._merged_counts.toarray()
    index = comparison.ids.index("rk-news")
    terms = list(comparison._variant_merge.terms)
    for feature, count, other in zip(
        frame["feature"], frame["count"], frame["count_other"], strict=True
    ):
        column = terms.index(feature)
        assert count == counts[index, column]
        assert other == counts[:, column].sum() - counts[index, column]


def test_a_list_resting_on_few_words_says_so(comparison: Comparison) -> None:
    texts = [
        "Flooding flooding flooding flooding flooding flooding flooding flooding flooding "
        "flooding flooding closed the harbour road.",
        "Concert tickets sold out in the city.",
        "The museum opened a new wing in the city.",
    ]
    frame = ArticleSet.from_texts(texts).compare().distinctive_terms("0")
    assert list(frame["term"][:1]) == ["flooding"]
    assert frame.attrs["words"] < 100
    assert "read the counts" in frame.attrs["note"]
    long = comparison.distinctive_terms("continental-review")
    assert long.attrs["words"] >= 100 and "note" not in long.attrs


# -- dates and numbers ---------------------------------------------------------------------------


def test_weekdays_months_numbers_and_dates_are_left_out_by_default() -> None:
    texts = [
        "On Tuesday 14 March 2023 the refinery fire killed 240,000 fish on 2023-03-14, "
        "the 14th; Tuesday fire crews fought the refinery fire.",
        "A concert in the park drew crowds to the park and the concert sold out.",
        "The concert crowds left the park after the concert.",
    ]
    comparison = ArticleSet.from_texts(texts).compare()
    dated = {"tuesday", "march", "2023", "240,000", "14", "2023-03-14", "14th"}
    kept = comparison.distinctive_terms("0", min_z=0.0, keep_dates=True, top=100)
    assert dated <= set(kept["term"])
    default = comparison.distinctive_terms("0", min_z=0.0, top=100)
    assert not dated & set(default["term"])
    assert {"refinery", "fish"} <= set(default["term"])


# -- groups by label -----------------------------------------------------------------------------


@by_leaning_warning
def test_group_and_by_pick_articles_by_a_metadata_column() -> None:
    comparison = _by_leaning().compare()
    left = comparison.distinctive_terms(group="left", by="leaning", min_z=1.0)
    assert "wages" in set(left["term"])
    assert "deregulation" not in set(left["term"])
    assert left.equals(comparison.distinctive_terms(["0", "1", "2"], min_z=1.0))
    by_outlet = comparison.distinctive_terms(group="Blue", min_z=0.0)
    assert by_outlet.equals(comparison.distinctive_terms(["3", "4"], min_z=0.0))


@by_leaning_warning
def test_a_label_alone_is_looked_up_in_the_columns() -> None:
    comparison = _by_leaning().compare()
    assert comparison.distinctive_terms("left", min_z=1.0).equals(
        comparison.distinctive_terms(group="left", by="leaning", min_z=1.0)
    )
    with pytest.raises(KeyError, match="'centre'"):
        comparison.distinctive_terms("centre")


@by_leaning_warning
def test_bad_groups_say_what_is_wrong() -> None:
    comparison = _by_leaning().compare()
    with pytest.raises(KeyError, match=r"leaning = 'centre'.*left, right"):
        comparison.distinctive_terms(group="centre", by="leaning")
    with pytest.raises(ColumnNotFoundError, match=r"'stance'.*'leaning', 'outlet'"):
        comparison.distinctive_terms(group="left", by="stance")
    with pytest.raises(InvalidParameterError, match="not both"):
        comparison.distinctive_terms("0", group="left", by="leaning")
    with pytest.raises(InvalidParameterError, match="name an article"):
        comparison.distinctive_terms()


@by_leaning_warning
def test_compare_groups_lists_each_group_against_the_others() -> None:
    comparison = _by_leaning().compare()
    frame = comparison.compare_groups(by="leaning", min_z=1.0)
    assert list(frame.columns) == ["group", "rank", "term", "z", "count", "count_other"]
    assert set(frame["group"]) == {"left", "right"}
    assert (frame["z"] >= 1.0).all()
    left = frame[frame["group"] == "left"].set_index("term")
    assert left.loc["wages", "count"] == 6
    assert left.loc["wages", "count_other"] == 0
    assert (
        frame.groupby("group")["rank"].apply(lambda r: list(r) == list(range(1, len(r) + 1)))
    ).all()


def test_compare_groups_notes_a_group_without_significant_terms() -> None:
    texts = ["Port strike ends.", "Port strike ends today.", "Port strike continues."]
    comparison = ArticleSet.from_texts(texts).compare()
    frame = comparison.compare_groups(by=["a", "a", "b"])
    assert frame.empty
    assert "a, b" in frame.attrs["note"]
    with pytest.raises(InvalidParameterError, match="two groups"):
        comparison.compare_groups(by=["a", "a", "a"])


def test_group_terms_without_an_outlet_column_names_it() -> None:
    comparison = ArticleSet.from_texts(["river acid", "port strike"]).compare()
    with pytest.raises(ColumnNotFoundError, match="'outlet'"):
        comparison.group_terms()
    with pytest.raises(ColumnNotFoundError, match="'outlet'"):
        comparison.compare_groups()


def test_the_pinned_signature() -> None:
    import inspect

    parameters = inspect.signature(Comparison.distinctive_terms).parameters
    assert list(parameters)[1:] == [
        "article_or_group",
        "group",
        "by",
        "top",
        "min_z",
        "keep_dates",
    ]
    defaults = {name: parameters[name].default for name in list(parameters)[1:]}
    assert defaults == {
        "article_or_group": None,
        "group": None,
        "by": None,
        "top": 15,
        "min_z": 1.96,
        "keep_dates": False,
    }
    assert all(
        parameters[name].kind is inspect.Parameter.KEYWORD_ONLY for name in list(parameters)[2:]
    )
    assert Tokenizer is not None
