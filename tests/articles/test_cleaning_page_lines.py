"""The lines around an article that cleaning must read right: the headline among menus and
bylines, the byline in its usual wire and blog forms, the advert and newsletter text inside
the body, update notes, and the short sentences that must stay. The pages are written for
these tests; none comes from a real site."""

from __future__ import annotations

import pandas as pd
import pytest
from storylens import Article, ArticleSet

LEDE = (
    "A landslide closed the coast road between Tarrow and Mellick on Tuesday night, cutting "
    "off about 900 residents of the headland villages, the county roads office said."
)
SECOND = (
    "Crews worked through the night to clear the mud, but the office said the slope above the "
    "road was still moving and that the route would stay shut until engineers had checked it."
)
THIRD = (
    "A shuttle boat will run from Mellick harbour every two hours from Wednesday, and the "
    "school in Tarrow has moved its lessons online for the rest of the week."
)
HEADLINE = "Landslide cuts off headland villages"


def clean_one(page: str, outlet: str | None = None) -> Article:
    frame = pd.DataFrame({"text": [page], "outlet": [outlet]})
    return ArticleSet.from_frame(frame).clean()[0]


def kinds_of(article: Article) -> dict[str, str]:
    """Each removed text, by the kind of its removal."""
    return {removal.text: removal.kind for removal in article.removed}


def test_a_menu_line_above_the_headline_is_not_the_title() -> None:
    page = (
        f"Mellick Herald\nMenu\nNews Sport Business What's On Jobs Contact\n{HEADLINE}\n"
        f"By Herald reporter\n9 June 2026\n{LEDE}\n{SECOND}\n{THIRD}\n"
    )
    for outlet in (None, "Mellick Herald"):
        article = clean_one(page, outlet)
        assert article.title == HEADLINE, (outlet, article.removed)
        assert LEDE in article.text


@pytest.mark.parametrize("outlet", [None, "Coastline Daily"])
def test_a_byline_with_outlet_and_date_is_the_byline_not_the_title(outlet: str | None) -> None:
    page = (
        f"{HEADLINE}\n\nBy Tove Aranda, Coastline Daily, 10 June 2026\n\n"
        f"{LEDE}\n\n{SECOND}\n\n{THIRD}\n"
    )
    article = clean_one(page, outlet)
    # Whether the outlet is known changes neither the headline nor the byline.
    assert article.title == HEADLINE
    assert article.byline == "Tove Aranda"
    assert str(article.date) == "2026-06-10"
    assert kinds_of(article)["By Tove Aranda, Coastline Daily, 10 June 2026"] == "byline"


@pytest.mark.parametrize("outlet", [None, "Southgate Wire"])
def test_a_wire_byline_naming_the_agency_gives_the_author(outlet: str | None) -> None:
    page = f"{HEADLINE}\n\nBy Omar Lindqvist, Southgate Wire\n\n{LEDE}\n\n{SECOND}\n\n{THIRD}\n"
    article = clean_one(page, outlet)
    assert article.byline == "Omar Lindqvist"
    assert kinds_of(article)["By Omar Lindqvist, Southgate Wire"] == "byline"


def test_several_authors_with_an_agency_keep_every_name() -> None:
    line = "By Tove Aranda, Omar Lindqvist and Ines Pajari, Southgate Wire"
    article = clean_one(f"{HEADLINE}\n\n{line}\n\n{LEDE}\n\n{SECOND}\n\n{THIRD}\n")
    assert article.byline == "Tove Aranda, Omar Lindqvist and Ines Pajari"


def test_a_blog_posted_by_line_is_the_byline_not_the_title() -> None:
    page = (
        f"Posted by gullwatcher on 17/05/2026 | 4 comments\n\n{LEDE}\n\n{SECOND}\n\n{THIRD}\n\n"
        "Comments (4)\n"
    )
    article = clean_one(page)
    assert article.title is None
    assert article.byline == "gullwatcher"
    assert str(article.date) == "2026-05-17"
    assert kinds_of(article)["Posted by gullwatcher on 17/05/2026 | 4 comments"] == "byline"


def test_an_advert_under_its_label_goes_but_prose_under_a_label_stays() -> None:
    advert = "Save 30% on your car insurance this week!"
    page = (
        f"{HEADLINE}\n\n{LEDE}\n\nADVERTISEMENT\n{advert}\n\n{SECOND}\n\nAdvertisement\n{THIRD}\n"
    )
    article = clean_one(page)
    assert advert not in article.text
    assert kinds_of(article)[advert] == "furniture"
    # An advert's label above a paragraph of the story does not take the paragraph with it,
    # even a short one with one sign of selling.
    for paragraph in (LEDE, SECOND, THIRD):
        assert paragraph in article.text
    service = "Residents can collect free sandbags at the Tarrow fire station."
    article = clean_one(f"{HEADLINE}\n\n{LEDE}\n\nAdvertisement\n{service}\n\n{SECOND}\n")
    assert service in article.text


def test_an_advert_in_a_saved_page_goes() -> None:
    page = (
        f"<html><body><h1>{HEADLINE}</h1><p>{LEDE}</p><p>{SECOND}</p>"
        '<div class="ad">ADVERTISEMENT<br>Get 40% off garden furniture today!</div>'
        f"<p>{THIRD}</p></body></html>"
    )
    article = ArticleSet.from_html([page]).clean()[0]
    assert "garden furniture" not in article.text
    assert THIRD in article.text


def test_a_newsletter_pitch_at_the_end_goes() -> None:
    pitch = "This article is part of our free weekly roundup. Sign up here."
    article = clean_one(f"{HEADLINE}\n\n{LEDE}\n\n{SECOND}\n\n{THIRD}\n\n{pitch}\n")
    assert pitch not in article.text
    assert kinds_of(article)[pitch] == "call-to-action"


@pytest.mark.parametrize(
    "note",
    [
        "This story has been updated to include comment from the county roads office.",
        "This article was updated on 11 June 2026 with a statement from the school.",
    ],
)
def test_an_update_note_becomes_a_correction(note: str) -> None:
    article = clean_one(f"{HEADLINE}\n\n{LEDE}\n\n{SECOND}\n\n{THIRD}\n\n{note}\n")
    assert note not in article.text
    assert article.corrections == (note,)


def test_a_one_word_answer_stays_in_the_body() -> None:
    answer = "Yes."
    follow = (
        "That was what the residents of Tarrow told the county when it asked whether they "
        "wanted the shuttle boat to keep running after the road reopens, by 212 votes to 9."
    )
    page = f"{HEADLINE}\n\n{LEDE}\n\n{SECOND}\n\n{answer}\n\n{follow}\n\n{THIRD}\n"
    article = clean_one(page)
    assert f"{answer}\n\n{follow}" in article.text
    assert answer not in kinds_of(article)
