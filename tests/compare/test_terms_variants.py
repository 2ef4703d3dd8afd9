"""Terms: differences of substance, not of house style. US and U.S. are one token; British and
American spellings, accents and transliterated names are one term inside a comparison."""

from __future__ import annotations

import numpy as np
import pytest
from storylens import Article, ArticleSet, Tokenizer
from storylens.compare.variants import name_variant, spelling_twins, strip_accents

# -- the news tokenizer: initialisms in capitals ---------------------------------------------


def test_us_in_capitals_is_the_country_and_us_in_lowercase_the_pronoun() -> None:
    news = Tokenizer(tokenizer="news", stop_words="english")
    dotted, plain, pronoun = news.tokenize(
        ["The U.S. ministry", "The US ministry", "He told us about it"]
    )
    assert dotted == plain == ["u.s.", "ministry"]
    assert "us" not in pronoun and "u.s." not in pronoun


@pytest.mark.parametrize(
    ("capitals", "dotted"),
    [("UK", "U.K."), ("EU", "E.U."), ("UN", "U.N."), ("FBI", "F.B.I.")],
)
def test_every_initialism_in_capitals_meets_its_dotted_spelling(capitals: str, dotted: str) -> None:
    news = Tokenizer(tokenizer="news")
    assert news.tokenize([f"the {capitals} said"]) == news.tokenize([f"the {dotted} said"])


def test_lines_in_capitals_and_glued_capitals_are_not_initialisms() -> None:
    news = Tokenizer(tokenizer="news")
    assert news.tokenize(["THE US AND IT", "AT&T and USB3 and NATO"]) == [
        ["the", "us", "and", "it"],
        ["at", "and", "usb3", "and", "nato"],
    ]


def test_the_default_scikit_learn_pattern_is_unchanged() -> None:
    assert Tokenizer().tokenize(["The US and the U.S."]) == [["the", "us", "and", "the"]]


def test_offsets_of_an_initialism_point_at_its_letters() -> None:
    text = "Café in the US now"
    tokens = Tokenizer(tokenizer="news").tokenize_with_offsets([text])[0]
    us = next(token for token in tokens if token.text == "u.s.")
    assert text[us.start : us.end] == "US"


# -- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("defence", "defense"),
        ("organise", "organize"),
        ("organisation", "organization"),
        ("analysed", "analyzed"),
        ("colour", "color"),
        ("favourite", "favorite"),
        ("centre", "center"),
        ("centred", "centered"),
        ("theatres", "theaters"),
        ("licence", "license"),
        ("travelled", "traveled"),
        ("cancelling", "canceling"),
        ("paediatric", "pediatric"),
        ("catalogue", "catalog"),
        ("programme", "program"),
        ("judgement", "judgment"),
    ],
)
def test_spelling_rules_find_the_american_twin(british: str, american: str) -> None:
    assert american in spelling_twins(british)


@pytest.mark.parametrize("word", ["fence", "filled", "four", "raise", "hence", "does", "acre"])
def test_short_and_ordinary_words_have_no_twin_that_is_a_word(word: str) -> None:
    real_words = {"fense", "filed", "for", "raize", "hense", "des", "acer"}
    assert not set(spelling_twins(word)) & real_words


def test_names_close_in_spelling_but_different_stay_apart() -> None:
    assert name_variant("shoigu", "shoygu")
    assert name_variant("gaddafi", "qaddafi")
    assert name_variant("zelensky", "zelenskyy")
    for a, b in [("daniel", "daniela"), ("clinton", "clintons"), ("maria", "mario")]:
        assert not name_variant(a, b)
    assert not name_variant("austria", "australia")
    assert strip_accents("Zürich") == "Zurich"


# -- inside a comparison ------------------------------------------------------------------------

PAIR = [
    "The U.S. defence ministry said the talks with Shoigu would organise a new channel.",
    "The US defense ministry said the talks with Shoygu would organize a new channel.",
]


def test_house_style_is_not_a_difference_in_compare_pair() -> None:
    comparison = ArticleSet.from_texts(PAIR).compare()
    for first, second in [(0, 1), (1, 0)]:
        assert comparison.compare_pair(first, second).empty
        # Every term is used as often on both sides: no z-score is above 0.
        pair = comparison.compare_pair(first, second, min_z=0.0).set_index("term")
        assert {"u.s.", "defence", "shoigu"} <= set(pair.index)
        assert pair["z"].abs().max() < 1e-9
    assert comparison.similarity.iloc[0, 1] == pytest.approx(1.0)


def test_variants_lists_each_merge() -> None:
    comparison = ArticleSet.from_texts(PAIR).compare()
    variants = comparison.variants
    assert list(variants.columns) == ["term", "variants"]
    merged = {tuple(sorted(row)) for row in variants["variants"]}
    assert merged == {("defence", "defense"), ("organise", "organize"), ("shoigu", "shoygu")}
    assert comparison.variants is not comparison.variants  # a copy, safe to change


def test_merges_need_both_spellings_in_the_set() -> None:
    comparison = ArticleSet.from_texts(["The defence ministry.", "The ministry met."]).compare()
    assert comparison.variants.empty
    assert "defence" in set(comparison.shared_terms(min_share=0.5)["term"])


def test_accent_variants_merge() -> None:
    texts = ["The café near the port closed.", "The cafe near the port closed."]
    comparison = ArticleSet.from_texts(texts).compare()
    assert [sorted(v) for v in comparison.variants["variants"]] == [["cafe", "café"]]
    assert comparison.similarity.iloc[0, 1] == pytest.approx(1.0)


def test_names_in_one_article_are_two_people() -> None:
    texts = [
        "Minister Hassani met Minister Hassana in the capital today.",
        "Minister Hassani spoke in the capital today.",
    ]
    assert ArticleSet.from_texts(texts).compare().variants.empty


def test_a_lowercase_word_is_no_name() -> None:
    # "Pallets" is capitalised once but also written in lowercase: not a proper name.
    texts = ["Pallets moved along the belt.", "The pallets and Pallet moved."]
    merged = ArticleSet.from_texts(texts).compare().variants
    assert all("pallets" not in row for row in merged["variants"])


def test_nearest_keeps_the_plain_tfidf() -> None:
    comparison = ArticleSet.from_texts([*PAIR, "A concert sold out in the city tonight."]).compare()
    nearest = comparison.nearest(1)
    plain = comparison.tfidf.toarray()
    score = float(plain[0] @ plain[1])
    row = nearest[nearest["article"] == comparison.ids[0]]
    assert row["score"].item() == pytest.approx(score)
    assert score < 0.99 < comparison.similarity.iloc[0, 1]


def test_merging_sums_the_counts_of_the_variants() -> None:
    texts = [*PAIR, "The defence ministry and the defence minister met."]
    comparison = ArticleSet.from_texts(texts).compare()
    shared = comparison.shared_terms(min_share=0.5).set_index("term")
    assert shared.loc["defence", "count"] == 4
    assert shared.loc["defence", "articles"] == 3


def test_variants_with_a_background_and_a_fitted_vectorizer() -> None:
    from storylens import TfidfVectorizer

    background = ["Weather was mild.", "Markets rose on trade news today."]
    with_texts = ArticleSet.from_texts(PAIR).compare(background=background)
    assert with_texts.similarity.iloc[0, 1] == pytest.approx(1.0)
    fitted = TfidfVectorizer(tokenizer="news").fit(background + PAIR)
    with_vectorizer = ArticleSet.from_texts(PAIR).compare(background=fitted)
    assert with_vectorizer.similarity.iloc[0, 1] == pytest.approx(1.0)
    assert np.isfinite(with_vectorizer._prior()).all()


def test_articles_with_metadata_still_compare() -> None:
    articles = ArticleSet(
        [
            Article(id=str(i), text=text, original=text, metadata={"side": "x"})
            for i, text in enumerate(PAIR)
        ]
    )
    assert len(articles.compare().variants) == 3


def test_english_spelling_rules_stay_out_of_other_languages() -> None:
    texts = ["Sie organise das Treffen im Zentrum.", "Sie organize das Treffen im Zentrum."]
    german = ArticleSet.from_texts(texts, language="german").compare(stem=False)
    assert german.variants.empty
    english = ArticleSet.from_texts(texts, language="english").compare(stem=False)
    assert english.variants["variants"].tolist() == [["organise", "organize"]]


def test_a_comparison_with_merges_survives_pickling() -> None:
    import pickle

    comparison = ArticleSet.from_texts(PAIR).compare()
    before = comparison.similarity, comparison.variants
    restored = pickle.loads(pickle.dumps(comparison))
    assert restored.similarity.equals(before[0])
    assert restored.variants.equals(before[1])
    assert restored.compare_pair(0, 1).empty
