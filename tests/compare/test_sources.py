"""Who copied whom among articles of the same day: a wire story's dateline credit decides
against a word-for-word copy, an article that two such copies cover equally is given the
original, and a flagged duplicate is never named ahead of its original."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from storylens import ArticleSet, Comparison
from storylens.compare.reuse import likely_sources, source_rank, wire_credits
from storylens.datasets import load_sample

# An invented wire story. The copy reprints its first five sentences and its last word for
# word, without the dateline, and adds three of its own; the wire has two the copy lacks, so
# the copy's sentences are not "nearly all" in the wire and the shares alone cannot decide.
DATELINE = "HARLOW, May 4 (Kestrel Wire) - "
WIRE = [
    "The Tanner Street bridge in Harlow was closed to all traffic on Monday after inspectors "
    "found cracks in two of its steel girders, the county roads department said.",
    "About 18,000 vehicles cross the bridge each day, according to the department's counts.",
    "Chief engineer Rosa Imbert said the cracks had spread since a routine check in January.",
    '"We cannot take any risk with a structure this old," Imbert told reporters at the site.',
    "Buses will be diverted over the Mill Road crossing, adding about twenty minutes to most "
    "journeys.",
    "The bridge was built in 1958 and last repaired in 2011 at a cost of $4.2 million.",
    "Councillor Ben Oduya called for an independent review of the inspection schedule.",
    "A decision on repairs is expected by the end of the month.",
]
COPY_OWN = [
    "Shopkeepers on Tanner Street said trade had dropped by half within hours of the closure.",
    "Baker Lydia Moss, whose shop faces the bridge, said she had sent her staff home early.",
    "Parking in the town centre will be free until the bridge reopens, the council said.",
]
# A third outlet's piece that takes three sentences both the wire and the copy carry.
REWRITE = [
    "Drivers in Harlow faced long queues on Monday evening.",
    WIRE[2],
    WIRE[3],
    WIRE[4],
    "Taxi firms said fares would rise while the diversion lasts.",
    "Commuters from the northern estates were told to leave earlier.",
    "The county said it would publish the inspection report.",
]


def _ferry_like(copy_keeps_dateline: bool, wire_has_dateline: bool) -> Comparison:
    wire = " ".join([(DATELINE if wire_has_dateline else "") + WIRE[0], *WIRE[1:]])
    copy = " ".join(
        [(DATELINE if copy_keeps_dateline else "") + WIRE[0], *WIRE[1:5], *COPY_OWN, WIRE[7]]
    )
    frame = pd.DataFrame(
        {
            # The copy's id sorts first, so that id order would name it the source.
            "id": ["bay-times", "coast-post", "wire-desk"],
            "outlet": ["Bay Times", "Coast Post", "Kestrel Wire"],
            "date": ["2026-05-04"] * 3,
            "text": [copy, " ".join(REWRITE), wire],
        }
    )
    return ArticleSet.from_frame(frame).clean().compare()


@pytest.mark.parametrize(
    ("copy_keeps_dateline", "wire_has_dateline"),
    [(False, True), (True, False), (True, True)],
    ids=["wire-dateline", "copy-credits-the-wire", "both-datelines"],
)
def test_a_same_day_wire_copy_is_found_as_copying_the_wire(
    copy_keeps_dateline: bool, wire_has_dateline: bool
) -> None:
    comparison = _ferry_like(copy_keeps_dateline, wire_has_dateline)
    summary = comparison.reuse_summary()
    pair = summary[summary[["source", "copy"]].isin(["bay-times", "wire-desk"]).all(axis=1)]
    assert pair[["source", "copy", "evidence"]].values.tolist() == [
        ["wire-desk", "bay-times", "dateline"]
    ]
    found = comparison.sources().set_index("article")
    assert found.loc["bay-times", "source"] == "wire-desk"
    assert found.loc["bay-times", "evidence"] == "dateline"
    # The rewrite takes the same three sentences from both: the original is its source.
    assert found.loc["coast-post", "source"] == "wire-desk"
    assert pd.isna(found.loc["wire-desk", "source"])
    # And each of its reused sentences is listed as taken from the original.
    compact = comparison.reuse()
    assert set(compact.loc[compact["article"] == "coast-post", "other"]) == {"wire-desk"}


def test_without_a_dateline_the_same_day_pair_stays_undecided() -> None:
    comparison = _ferry_like(copy_keeps_dateline=False, wire_has_dateline=False)
    summary = comparison.reuse_summary()
    pair = summary[summary[["source", "copy"]].isin(["bay-times", "wire-desk"]).all(axis=1)]
    assert pair["evidence"].tolist() == ["undecided"]
    assert pd.isna(comparison.sources().set_index("article").loc["bay-times", "source"])


def test_a_dateline_credit_names_the_outlet_and_the_wire_itself() -> None:
    agencies, outlets = wire_credits(
        ["PORT ALDER, March 3 (Northway Press)", None, "KESTRA (The Northway Press.)", "OSLO"],
        ["Northway Press", "Daily Harbour", "Daily Harbour", None],
    )
    # One naming for both: the third credits the first's outlet (punctuation, case and
    # "The" aside), and the first credits its own.
    assert agencies.tolist() == [0, -1, 0, -1]
    assert outlets.tolist() == [0, 1, 1, -1]


def test_the_date_still_comes_first_and_either_side_says_the_same() -> None:
    import datetime as dt

    shares = np.array([[0.0, 0.7], [0.6, 0.0]])
    # Article 0 is the wire (its dateline credits its own outlet); 1 copies it.
    marks = {"agencies": np.array([0, -1]), "outlets": np.array([0, 1])}
    day = [dt.date(2026, 5, 5), dt.date(2026, 5, 4)]
    source, evidence = likely_sources(shares, day, 0.2, **marks)
    assert source.tolist() == [[-1, 1], [1, -1]] and evidence[0, 1] == "date"
    source, evidence = likely_sources(shares, [None, None], 0.2, **marks)
    assert source.tolist() == [[-1, 0], [0, -1]]
    assert evidence[0, 1] == evidence[1, 0] == "dateline"


def test_a_flagged_duplicate_is_never_named_ahead_of_its_original() -> None:
    comparison = load_sample().clean().compare()
    duplicates = comparison.outliers[comparison.outliers["kind"] == "duplicate"]
    assert duplicates[["article", "other"]].values.tolist() == [["valley-courier", "wire"]]
    compact = comparison.reuse()
    others = compact[compact["article"] != "wire"]
    assert "valley-courier" not in set(others["other"])
    ids = comparison.ids
    copies = np.array([article_id == "valley-courier" for article_id in ids])
    rank = source_rank([article.date for article in comparison.articles], copies=copies)
    assert rank[ids.index("wire")] < rank[ids.index("valley-courier")]


def test_the_html_reuse_table_names_no_copy_for_an_undecided_pair() -> None:
    from storylens.report import build_report, report_html

    comparison = _ferry_like(copy_keeps_dateline=False, wire_has_dateline=False)
    page = report_html(build_report(comparison.articles, comparison))
    table = page[page.index("<th>copy</th>") :]
    table = table[: table.index("</table>")]
    assert "<td colspan='2'>bay-times &harr; wire-desk" in table
    assert "<td>wire-desk</td><td>bay-times</td>" not in table
    assert "<td>bay-times</td><td>wire-desk</td>" not in table
    assert "75% of wire-desk" in table and "67% of bay-times" in table
