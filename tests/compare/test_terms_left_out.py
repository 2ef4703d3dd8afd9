"""Every term list leaves out what distinctive terms leave out: dates, clock times, bare
numbers and the reporting verbs the stop list lacks; real content words stay."""

from __future__ import annotations

import pandas as pd
import pytest
from storylens import ArticleSet
from storylens.compare.terms import left_out_terms

# Three invented reports of one warehouse fire: each dates, times and counts it, and each says
# who told whom; the story's words are the depot, the blaze and the evacuation.
FIRE = [
    (
        "Norland Post",
        "A blaze at the Kestrel depot forced the evacuation of 300 homes on Thursday. "
        "The fire began at 2.15 p.m., a fire officer told the Norland Post. "
        "Crews kept the blaze from the depot's chemical store until 7 p.m.",
    ),
    (
        "Vale Courier",
        "About 300 households left their homes on Thursday as a blaze spread through the "
        "Kestrel depot. The first call came at 2.15 p.m., the depot manager told reporters. "
        "The evacuation order was lifted at 7 p.m. once the blaze was out.",
    ),
    (
        "Vale Courier",
        "The Kestrel depot blaze on Thursday began at 2.15 p.m. and emptied 300 homes. "
        "Residents told the Vale Courier the evacuation was calm. "
        "By 7 p.m. the blaze was out and the depot's roof had fallen in.",
    ),
]
NOISE = {"p.m.", "thursday", "2.15", "300", "7", "told"}
STORY = {"blaze", "depot", "evacuation", "kestrel"}


@pytest.fixture(scope="module")
def fire() -> ArticleSet:
    frame = pd.DataFrame(
        {"id": ["0", "1", "2"], "outlet": [o for o, _ in FIRE], "text": [t for _, t in FIRE]}
    )
    return ArticleSet.from_frame(frame, language="english")


def test_shared_terms_leave_out_times_numbers_and_reporting_verbs(fire: ArticleSet) -> None:
    shared = set(fire.compare().shared_terms(top=50)["term"])
    assert STORY <= shared
    assert not NOISE & shared


def test_shared_terms_keep_dates_brings_the_dates_back_but_not_told(fire: ArticleSet) -> None:
    shared = set(fire.compare().shared_terms(top=50, keep_dates=True)["term"])
    assert {"p.m.", "thursday", "2.15", "300", "7"} <= shared
    assert "told" not in shared


def test_group_terms_leave_them_out_too(fire: ArticleSet) -> None:
    comparison = fire.compare()
    frame = comparison.group_terms(top=50)
    assert STORY & set(frame["term"])
    assert not NOISE & set(frame["term"])
    # Leaving terms out does not reweigh the others.
    kept = comparison.group_terms(top=50, keep_dates=True)
    blaze = kept[kept["term"] == "blaze"].set_index("group")["weight"]
    assert blaze.equals(frame[frame["term"] == "blaze"].set_index("group")["weight"])


def test_story_terms_leave_them_out(fire: ArticleSet) -> None:
    terms = set(fire.stories(top=50).terms["term"])
    assert STORY <= terms
    assert not NOISE & terms


def test_told_stays_when_the_caller_chose_the_stop_words(fire: ArticleSet) -> None:
    shared = set(fire.compare(stop_words=["the", "a"]).shared_terms(top=100)["term"])
    assert "told" in shared
    assert "p.m." not in shared


def test_a_time_written_as_one_word_is_a_date_but_pm_alone_is_not() -> None:
    flags = left_out_terms(["7pm", "9.30am", "a.m.", "pm", "g7", "4.5bn", "tells"], "english")
    assert flags.tolist() == [True, True, True, False, False, False, True]
    assert left_out_terms(["told"], "german").tolist() == [False]
