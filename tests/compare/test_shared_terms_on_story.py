"""The story's shared terms leave out the articles that ``outliers`` flags: an off-story
article (or an empty page) would otherwise cut the core down to the few words it happens to
share with the story."""

from __future__ import annotations

from storylens import ArticleSet
from storylens.report import build_report, report_html, report_text

#: Four invented reports of one tram derailment, each in its own words.
TRAM = [
    "A tram derailed on the Quillan Street viaduct on Tuesday morning, injuring nine "
    "passengers, the transit authority said. The tram's rear carriage left the rails on a "
    "curve near Pellow Square. Engineers blamed a cracked rail on the viaduct. The line "
    "will stay closed while inspectors check every rail on the route.",
    "Nine passengers were hurt when a tram came off the rails on the Quillan Street viaduct, "
    "the transit authority said. Inspectors suspect a cracked rail caused the derailment "
    "near Pellow Square, and the viaduct line is closed. Passengers described a loud bang "
    "before the carriage tilted.",
    "The transit authority closed the Quillan Street viaduct line after a tram derailment "
    "that left nine passengers injured. A cracked rail near Pellow Square is the likely "
    "cause, engineers said, and inspectors will examine the rest of the route before trams "
    "run again.",
    "Inspectors are checking every rail of the Quillan Street viaduct after Tuesday's tram "
    "derailment near Pellow Square. Nine passengers were injured. The transit authority said "
    "a cracked rail was found where the carriage left the track, and the line stays closed.",
]
#: An invented article on something else that happens to use one of the story's words.
CHOIR = (
    "The Pellow Square choir sang carols at the old library on Saturday to raise money for "
    "new music stands. Parents baked scones and the youngest singers sold programmes at the "
    "door. The choir's director thanked the volunteers and the library staff."
)


def articles() -> ArticleSet:
    return ArticleSet.from_texts(
        [*TRAM, CHOIR], ids=["wire", "post", "herald", "gazette", "choir"]
    ).clean()


def test_the_off_story_article_is_flagged() -> None:
    outliers = articles().compare().outliers
    assert outliers.loc[outliers["kind"] == "off-story", "article"].tolist() == ["choir"]


def test_shared_terms_leave_out_the_off_story_article() -> None:
    shared = articles().compare().shared_terms(top=50)
    terms = set(shared["term"])
    assert {"tram", "viaduct", "rail", "passengers", "inspectors"} <= terms
    # Counted over the four on-story articles: every term is in all of them.
    assert shared["articles"].max() == 4
    assert (shared["share"] == 1.0).all()


def test_shared_terms_of_a_set_without_outliers_are_unchanged() -> None:
    tram = ArticleSet.from_texts(TRAM).clean().compare()
    assert tram.outliers.empty
    shared = tram.shared_terms(top=50)
    assert shared["articles"].max() == 4 and (shared["share"] == 1.0).all()


def test_the_reports_say_the_core_terms_leave_out_the_outliers() -> None:
    chosen = articles()
    report = build_report(chosen, chosen.compare())
    assert {"tram", "viaduct"} <= {term["term"] for term in report["shared_terms"]}
    text = report_text(report)
    assert "Shared terms (in how many of the 4 articles that outliers does not flag)" in text
    html = report_html(report)
    assert "Core terms (in every article but the outliers)" in html
    assert "tram <small>(4)</small>" in html
