"""Each kind of page text that cleaning recognises from general signals, in the languages it
supports, and the content that looks like furniture but must stay: subheadings, lists,
reported speech. The pages are written for these tests; none comes from a real site."""

from __future__ import annotations

import pytest
from storylens import Article, ArticleSet, Heading
from storylens.exceptions import InvalidParameterError

LEDE = (
    "Engineers closed the Harrowgate viaduct to all traffic on Monday after inspectors found "
    "cracks in two of its concrete piers, diverting thousands of lorries onto village roads."
)
SECOND = (
    "The regional roads agency said the crossing would stay shut for at least a month while "
    "divers examined the foundations, and that a temporary bridge was being considered."
)
THIRD = (
    "Hauliers warned that the detour would add an hour to every journey, and the chamber of "
    "commerce asked the government to pay for a shuttle service for commuters in the valley."
)


def clean_one(page: str, **options: float) -> Article:
    return ArticleSet.from_texts([page]).clean(**options)[0]


def kinds_of(article: Article) -> dict[str, str]:
    """Each removed text, by the kind of its removal."""
    return {removal.text: removal.kind for removal in article.removed}


@pytest.mark.parametrize(
    ("furniture", "kind"),
    [
        (
            "Image source, Northgate Agency Image caption, The viaduct seen from the river",
            "caption",
        ),
        ("FILE - In this May 4, 2019 file photo, lorries cross the viaduct at dusk.", "caption"),
        ("Lorries queue at the diversion on Monday morning. (Photo: Ola Brenner, NPA)", "caption"),
        ("Ola Brenner/Northgate Agency", "caption"),
        ("4/12 Inspectors lower a camera beside the second pier", "caption"),
        ("Video playback is not supported on this device.", "video"),
        ("CLOSE", "furniture"),
        ("Ola Brenner and Timo Haas contributed reporting.", "contributor"),
        ("Write to Ola Brenner at obrenner@courier.example or on X @olabrenner.", "contact"),
        ("Support our newsroom: become a member today for just $3 a month.", "call-to-action"),
        ("Spotted a mistake in this story? Report an error here.", "call-to-action"),
        ("Please enter a valid email address.", "form"),
        ("Confirm you are human: we are checking that you are not a robot.", "captcha"),
        ("(For use by Northgate Wire clients only)", "wire-header"),
    ],
)
def test_english_furniture_is_recognised(furniture: str, kind: str) -> None:
    page = f"Viaduct shut after cracks found\n\n{LEDE}\n\n{SECOND}\n\n{furniture}\n\n{THIRD}\n"
    if kind in {"contributor", "contact"}:
        # These stand at the end of the article.
        page = f"Viaduct shut after cracks found\n\n{LEDE}\n\n{SECOND}\n\n{THIRD}\n\n{furniture}\n"
    article = clean_one(page)
    assert kinds_of(article).get(furniture) == kind, article.removed
    assert furniture not in article.text
    for paragraph in (LEDE, SECOND, THIRD):
        assert paragraph in article.text


@pytest.mark.parametrize(
    ("paragraphs", "furniture"),
    [
        (
            [
                "Die Stadt Hollmar sperrt die Talbrücke ab Montag für den gesamten Verkehr, "
                "nachdem Prüfer Risse an zwei Pfeilern gefunden haben.",
                "Nach Angaben der Autobahngesellschaft bleibt die Brücke mindestens einen Monat "
                "gesperrt, während Taucher die Fundamente untersuchen.",
            ],
            [
                "Jetzt unsere App herunterladen und keine Meldung aus Hollmar verpassen.",
                "Wir verwenden Cookies, um Ihnen ein besseres Angebot zu machen.",
                "Korrektur: In einer früheren Fassung hieß es, die Brücke sei 1968 gebaut worden.",
            ],
        ),
        (
            [
                "La municipalité de Vernac a fermé le viaduc lundi après la découverte de "
                "fissures dans deux de ses piles, selon les services de l'État.",
                "Les poids lourds sont déviés par les routes des villages voisins pendant au "
                "moins un mois, le temps que des plongeurs examinent les fondations.",
            ],
            [
                "Abonnez-vous à notre lettre d'information gratuite pour ne rien manquer.",
                "Veuillez saisir une adresse e-mail valide.",
                "Rectificatif : une version précédente de cet article situait le viaduc à Vernon.",
            ],
        ),
        (
            [
                "El ayuntamiento de Valdecruz cerró el viaducto el lunes después de que los "
                "inspectores hallaran grietas en dos de sus pilares de hormigón.",
                "Los camiones se desvían por las carreteras de los pueblos cercanos durante al "
                "menos un mes, mientras los buzos examinan los cimientos.",
            ],
            [
                "Suscríbete a nuestro boletín y recibe las noticias gratis en tu correo.",
                "Demuestra que no eres un robot para continuar.",
                "Fe de errores: una versión anterior de esta noticia atribuía el cierre a Correos.",
            ],
        ),
    ],
    ids=["german", "french", "spanish"],
)
def test_furniture_is_recognised_in_other_languages(
    paragraphs: list[str], furniture: list[str]
) -> None:
    page = "\n\n".join([paragraphs[0], *furniture[:2], paragraphs[1], furniture[2]]) + "\n"
    language = {"Die": "german", "La": "french", "El": "spanish"}[paragraphs[0].split()[0]]
    article = ArticleSet.from_texts([page], language=language).clean()[0]
    for paragraph in paragraphs:
        assert paragraph in article.text
    for line in furniture:
        assert line not in article.text, line
    assert article.corrections == (furniture[2],)


def test_subheadings_stay_marked_and_are_not_sentences() -> None:
    page = (
        f"Viaduct shut after cracks found\n\n{LEDE}\n\nA month of detours\n\n{SECOND}\n\n{THIRD}\n"
    )
    article = clean_one(page)
    assert article.headings == (
        Heading(
            "A month of detours", article.text.index("A month"), article.text.index("A month") + 18
        ),
    )
    heading = article.headings[0]
    assert article.text[heading.start : heading.end] == heading.text
    assert all("A month of detours" not in sentence.text for sentence in article.sentences)
    assert [s.text for s in article.sentences][:1] == [LEDE]


def test_list_shaped_articles_keep_their_items() -> None:
    items = [
        "Marta Olsen, Harrowgate",
        "Piet de Vries, Lower Brinton",
        "Aisha Kamara, Fellside",
        "Tomasz Nowak, Harrowgate",
    ]
    page = (
        "Twelve volunteers honoured for flood rescues\n\n"
        "The county council on Friday named twelve volunteers who rescued neighbours during "
        "the February floods, and said each would receive its medal for civic courage.\n\n"
        "The first four recipients are:\n\n" + "\n".join(items) + "\n\n"
        "The council will present the medals at a ceremony in the town hall next month, "
        "where the families of the volunteers have also been invited.\n"
    )
    article = clean_one(page)
    for item in items:
        assert item in article.text


def test_a_repeated_paragraph_keeps_its_place_in_the_body() -> None:
    page = (
        f"Menu\n{SECOND}\nViaduct shut after cracks found\nBy Ola Brenner\n\n"
        f"{LEDE}\n{SECOND}\n{THIRD}\n"
    )
    article = clean_one(page)
    assert article.title == "Viaduct shut after cracks found"
    assert article.text.split("\n\n") == [LEDE, SECOND, THIRD]
    teaser = article.removed[1]
    assert (teaser.kind, teaser.start) == ("duplicate", page.index(SECOND))


def test_debris_glued_to_the_lede_goes_and_a_dateline_becomes_metadata() -> None:
    page = f"Harrowgate Courier\nSource: Harrowgate Courier\n\nCourier Live - {LEDE}\n\n{SECOND}\n"
    article = clean_one(page)
    assert article.text.startswith("Engineers closed")
    debris = [r for r in article.removed if r.kind == "debris"]
    assert [r.text for r in debris] == ["Courier Live - "]
    dated = clean_one(f"HARROWGATE (Northgate Wire) - {LEDE}\n\n{SECOND}\n")
    assert dated.text.startswith("Engineers closed")
    assert dated.dateline == "HARROWGATE (Northgate Wire)"
    assert kinds_of(dated) == {"HARROWGATE (Northgate Wire) - ": "dateline"}


def test_reported_speech_that_sounds_like_a_pitch_stays() -> None:
    quoted = (
        "Subscribe to the council's text alerts before you set off, the agency advised drivers "
        "on Monday, because the diversion signs will change every few days."
    )
    article = clean_one(f"{LEDE}\n\n{quoted}\n\n{SECOND}\n")
    assert quoted in article.text


@pytest.mark.parametrize(
    "page",
    [
        "Page not found\nSorry, the page you asked for could not be found. It may have moved.\n"
        "Error 404\nReturn to the homepage",
        "Redirecting...\nThis page has been moved. You are being redirected to the new address.",
        "Archived snapshot\nThis snapshot was captured by our crawler.\nNo other snapshots exist.",
        "Home | News | Sport\nSign in\nShare\nhttps://example.test/a\nhttps://example.test/b",
    ],
    ids=["not-found", "redirect", "archive", "links-only"],
)
def test_pages_that_are_not_articles_come_back_empty_and_flagged(page: str) -> None:
    articles = ArticleSet.from_texts([page, f"{LEDE}\n\n{SECOND}", f"{LEDE}\n\n{THIRD}"])
    cleaned = articles.clean()
    article = cleaned[0]
    assert article.is_article is False
    assert article.text == "" and article.title is None
    assert sum(len(r.text) for r in article.removed) == len(page.replace("\n", ""))
    assert cleaned[1].is_article and cleaned[2].is_article
    outliers = cleaned.compare().outliers
    assert outliers[outliers["article"] == "0"]["kind"].tolist() == ["not-article"]


def test_strictness_chooses_how_much_goes() -> None:
    doubtful = "Workers gather at the depot of the viaduct on Monday holding banners and flags"
    page = (
        f"Viaduct shut after cracks found\n\n{LEDE}\n\n{doubtful}\n\n{SECOND}\n\nShare\n\n{THIRD}\n"
    )
    lenient, default, strict = (clean_one(page, strictness=s) for s in (0.0, 0.5, 1.0))
    assert doubtful in lenient.text and doubtful not in strict.text
    assert len(lenient.removed) <= len(default.removed) <= len(strict.removed)
    for article in (lenient, default, strict):
        assert all(0.0 <= r.score <= 1.0 for r in article.removed)
    # Metadata leaves at any strictness; a removal's score meets the threshold.
    assert lenient.title == "Viaduct shut after cracks found"
    assert all(r.score >= 0.5 for r in default.removed)
    frame = ArticleSet.from_texts([page]).clean().removals()
    assert list(frame.columns)[-1] == "score" and frame["score"].dtype == "float64"


@pytest.mark.parametrize("strictness", [-0.1, 1.5, float("nan"), "high", True, None])
def test_strictness_outside_zero_to_one_is_refused(strictness: object) -> None:
    with pytest.raises(InvalidParameterError, match="strictness"):
        ArticleSet.from_texts([LEDE]).clean(strictness=strictness)  # type: ignore[arg-type]


def test_huge_single_line_and_link_pages_are_cleaned_without_error() -> None:
    single_line = ("word " * 2_000_000).strip()  # 10 MB, no line break, no sentence end
    links = "\n".join(f"https://site.example/story/{i}" for i in range(20_000))
    cleaned = ArticleSet.from_texts([single_line, links]).clean()
    assert len(cleaned) == 2
    assert cleaned[0].words_kept + cleaned[0].words_removed == 2_000_000
    assert cleaned[1].is_article is False and cleaned[1].text == ""


def test_a_standfirst_between_headline_and_byline_stays() -> None:
    standfirst = "Two piers are cracked, and lorries face a month of detours through the villages."
    page = (
        f"Viaduct shut after cracks found\n{standfirst}\nBy Ola Brenner\n12 May 2026\n\n"
        f"{LEDE}\n\n{SECOND}\n"
    )
    article = clean_one(page)
    assert article.text.split("\n\n") == [standfirst, LEDE, SECOND]
    assert article.byline == "Ola Brenner"


def test_a_pull_quote_repeating_the_body_goes() -> None:
    quote = "“We cannot let lorries cross a bridge that might not hold,” the engineer said."
    page = f"{LEDE}\n\n{SECOND} {quote}\n\n{quote}\n\n{THIRD}\n"
    article = clean_one(page)
    assert article.text.count(quote) == 1
    assert [r.kind for r in article.removed] == ["duplicate"]


@pytest.mark.parametrize(
    "service",
    [
        "Drivers with questions can call the agency's helpline on 0800 555 0199.",
        "Residents can sign up for closure alerts on the county website.",
    ],
)
def test_service_information_for_readers_of_the_story_stays(service: str) -> None:
    article = clean_one(f"{LEDE}\n\n{SECOND}\n\n{THIRD}\n\n{service}\n")
    assert service in article.text
