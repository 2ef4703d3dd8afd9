# ruff: noqa: RUF001, RUF002
"""The Tokenizer: scikit-learn's analysis by default, offsets into the original text, the
news-aware rules, stemming, other languages' stop words, and sentence splitting."""

from __future__ import annotations

import pickle
import re
import warnings

import pytest
import storylens as sl
from conftest import (
    FAST_PATTERNS,
    PYTHON_PATTERNS,
    REGEX_PATTERNS,
    document,
    examples,
    run,
)
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.feature_extraction import text as sk
from storylens import _core

# -- scikit-learn's analysis ------------------------------------------------------------------


@settings(max_examples=examples(300))
@given(docs=st.lists(document, min_size=1, max_size=6))
def test_default_tokenizer_equals_sklearn_analyzer(docs):
    analyze = sk.CountVectorizer().build_analyzer()
    assert sl.Tokenizer().tokenize(docs) == [analyze(d) for d in docs]


@settings(max_examples=examples(250))
@given(
    docs=st.lists(document, min_size=1, max_size=4),
    lowercase=st.booleans(),
    strip_accents=st.sampled_from([None, "ascii", "unicode"]),
    stop_words=st.sampled_from([None, "english", ["the", "é", "σ"]]),
    ngram_range=st.sampled_from([(1, 1), (1, 2), (2, 3)]),
    token_pattern=st.sampled_from(FAST_PATTERNS + REGEX_PATTERNS + [r"(?i)[a-z]+"]),
    analyzer=st.sampled_from(["word", "word", "char", "char_wb"]),
)
def test_tokenizer_equals_sklearn_analyzer_with_options(
    docs, lowercase, strip_accents, stop_words, ngram_range, token_pattern, analyzer
):
    params = {
        "lowercase": lowercase,
        "strip_accents": strip_accents,
        "ngram_range": ngram_range,
        "analyzer": analyzer,
    }
    if analyzer == "word":
        params.update(stop_words=stop_words, token_pattern=token_pattern)
    theirs = run(lambda: [sk.CountVectorizer(**params).build_analyzer()(d) for d in docs])
    ours = run(lambda: sl.Tokenizer(**params).tokenize(docs))
    assert (ours[1] is None) == (theirs[1] is None), (ours, theirs)
    assert ours[0] == theirs[0]


def test_tokenizer_is_an_estimator():
    tokenizer = sl.Tokenizer(stem="english", ngram_range=(1, 2))
    assert clone(tokenizer).get_params() == tokenizer.get_params()
    restored = pickle.loads(pickle.dumps(tokenizer))
    docs = ["Talks were running late", "Officials said"]
    assert restored.tokenize(docs) == tokenizer.tokenize(docs)


def test_tokenize_returns_one_list_per_text():
    texts = ["", "a", "  ", "two words", "\n"]
    tokens = sl.Tokenizer().tokenize(texts)
    assert tokens == [[], [], [], ["two", "words"], []]


# -- offsets ------------------------------------------------------------------------------------


def _fold_sigma(text):
    return text.replace("ς", "σ")


#: Pieces of random token patterns: atoms, then repetition, sequence and alternation over
#: them, in non-capturing groups (scikit-learn allows at most one capturing group).
_pattern_atoms = st.sampled_from(
    ["a", "b", "'", r"\w", r"\d", r"\s", ".", "[ab]", "[^a]", r"\W", "a?", "'?", r"\w*"]
)
_random_patterns = st.recursive(
    _pattern_atoms,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{1,2}", "{2}", "+?", "*?", "??"])).map(
            lambda parts: f"(?:{parts[0]}){parts[1]}"
        ),
        st.lists(inner, min_size=2, max_size=3).map("".join),
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: "(?:" + "|".join(parts) + ")"),
    ),
    max_leaves=6,
).flatmap(
    # A leading char that must match keeps most patterns off the empty-match fallback, so
    # they reach the Rust tier and its translation is what gets tested.
    lambda body: st.sampled_from(["a", r"\w", "[^ ]", "'"]).map(lambda first: first + body)
)


@settings(max_examples=examples(400))
@given(
    docs=st.lists(st.text(alphabet="ab'1 \n.é", max_size=20), min_size=1, max_size=3),
    pattern=_random_patterns,
)
@example(docs=["don't stop", "a'b"], pattern=r"\w(?:'?|\w)+")
@example(docs=["aab ab"], pattern=r"(a*)+b")
@example(docs=["bab cb"], pattern=r"[^a](?:(?:a)?|[^a])+")
def test_random_token_patterns_tokenize_as_python_re(docs, pattern):
    """Whichever tier a pattern lands in, its tokens are Python's ``re.findall`` tokens."""
    import re

    ours, our_error = run(
        lambda: sl.Tokenizer(lowercase=False, token_pattern=pattern).tokenize(docs)
    )
    if our_error is not None:
        # Only patterns Python itself would reject (none here) may fail.
        raise our_error
    assert ours == [re.findall(pattern, doc) for doc in docs], pattern


@settings(max_examples=examples(300))
@given(doc=document, pattern=st.sampled_from(FAST_PATTERNS + REGEX_PATTERNS))
def test_offsets_slice_is_token_without_lowercase(doc, pattern):
    """Without lowercasing, ``text[start:end]`` IS the token."""
    tokenizer = sl.Tokenizer(lowercase=False, token_pattern=pattern)
    located = tokenizer.tokenize_with_offsets([doc])[0]
    assert [t.text for t in located] == tokenizer.tokenize([doc])[0]
    for token in located:
        assert 0 <= token.start <= token.end <= len(doc)
        assert doc[token.start : token.end] == token.text, (doc, token)


@settings(max_examples=examples(300))
@given(doc=document, stop_words=st.sampled_from([None, "english"]))
def test_offsets_slice_lowercased_is_token(doc, stop_words):
    """With lowercasing, ``text[start:end].lower()`` is the token whenever lowercasing keeps
    every char a single char (capital sigma may lowercase to σ or ς depending on context)."""
    assume(all(len(c.lower()) == 1 for c in doc))
    tokenizer = sl.Tokenizer(stop_words=stop_words)
    located = tokenizer.tokenize_with_offsets([doc])[0]
    assert [t.text for t in located] == tokenizer.tokenize([doc])[0]
    previous_end = 0
    for token in located:
        assert 0 <= token.start < token.end <= len(doc), (doc, token)
        assert token.start >= previous_end  # tokens come in order and never overlap
        previous_end = token.end
        assert _fold_sigma(doc[token.start : token.end].lower()) == _fold_sigma(token.text)


@settings(max_examples=examples(300))
@given(
    doc=document,
    strip_accents=st.sampled_from([None, "ascii", "unicode"]),
    tokenizer=st.sampled_from([None, "news"]),
    stem=st.sampled_from([None, "english", "greek", "turkish"]),
    stop_words=st.sampled_from([None, "english"]),
)
def test_offsets_always_within_bounds(doc, strip_accents, tokenizer, stem, stop_words):
    analyzer = sl.Tokenizer(
        strip_accents=strip_accents, tokenizer=tokenizer, stem=stem, stop_words=stop_words
    )
    located = analyzer.tokenize_with_offsets([doc])[0]
    assert [t.text for t in located] == analyzer.tokenize([doc])[0]
    for token in located:
        assert isinstance(token, sl.Token)
        assert token.text != ""
        assert 0 <= token.start < token.end <= len(doc), (doc, token)


@settings(max_examples=examples(200))
@given(doc=document)
def test_ngram_offsets_span_their_tokens(doc):
    unigrams = sl.Tokenizer().tokenize_with_offsets([doc])[0]
    located = sl.Tokenizer(ngram_range=(1, 3)).tokenize_with_offsets([doc])[0]
    assert [t.text for t in located] == sl.Tokenizer(ngram_range=(1, 3)).tokenize([doc])[0]
    n = len(unigrams)
    expected = list(unigrams)
    for size in (2, 3):
        for i in range(n - size + 1):
            first, last = unigrams[i], unigrams[i + size - 1]
            expected.append(
                sl.Token(" ".join(u.text for u in unigrams[i : i + size]), first.start, last.end)
            )
    assert located == expected


# -- offsets where Python runs first, and for char n-grams ----------------------------------


def _assert_located(tokenizer, doc, *, slice_is_token=False):
    """The located features are the tokenize() features, in bounds; optionally the slice of
    the original is the token itself."""
    located = tokenizer.tokenize_with_offsets([doc])[0]
    assert [t.text for t in located] == tokenizer.tokenize([doc])[0]
    for token in located:
        assert 0 <= token.start <= token.end <= len(doc), (doc, token)
        if slice_is_token:
            assert doc[token.start : token.end] == token.text, (doc, token)
    return located


@settings(max_examples=examples(200))
@given(doc=document, pattern=st.sampled_from([*PYTHON_PATTERNS, r"(\w)\w", r"(x)?\w+"]))
def test_offsets_for_patterns_only_python_runs(doc, pattern):
    _assert_located(sl.Tokenizer(lowercase=False, token_pattern=pattern), doc, slice_is_token=True)
    lowered = _assert_located(sl.Tokenizer(token_pattern=pattern, ngram_range=(1, 2)), doc)
    for token in lowered:
        assert token.start <= token.end


@settings(max_examples=examples(200))
@given(
    docs=st.lists(st.text(alphabet="ab'1 \n.é", max_size=20), min_size=1, max_size=3),
    pattern=_random_patterns,
)
def test_offsets_for_random_patterns_slice_to_their_tokens(docs, pattern):
    tokenizer = sl.Tokenizer(lowercase=False, token_pattern=pattern)
    for doc in docs:
        _assert_located(tokenizer, doc, slice_is_token=True)


def _split_compounds(text):
    """A tokenizer that emits a hyphenated word, then its parts (tokens that overlap)."""
    tokens = []
    for word in text.split():
        tokens.append(word)
        if "-" in word:
            tokens.extend(part for part in word.split("-") if part)
    return tokens


@settings(max_examples=examples(200))
@given(
    doc=document,
    tokenizer=st.sampled_from([str.split, re.compile(r"\w+|[^\w\s]").findall]),
    stop_words=st.sampled_from([None, ["the", "a"]]),
)
def test_offsets_for_callable_tokenizers(doc, tokenizer, stop_words):
    _assert_located(
        sl.Tokenizer(lowercase=False, tokenizer=tokenizer, stop_words=stop_words),
        doc,
        slice_is_token=True,
    )
    _assert_located(sl.Tokenizer(tokenizer=tokenizer, stem="english"), doc)


@settings(max_examples=examples(200))
@given(doc=document)
def test_callable_tokenizer_offsets_land_on_the_right_occurrence(doc):
    """For a tokenizer of non-overlapping tokens, each token is where it really is."""
    located = sl.Tokenizer(lowercase=False, tokenizer=str.split).tokenize_with_offsets([doc])
    assert [(t.text, t.start, t.end) for t in located[0]] == [
        (m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", doc)
    ]


def test_callable_tokenizer_offsets_of_repeated_words():
    for doc, expected in [
        ("re-run run", [("re-run", 0, 6), ("run", 7, 10)]),
        ("U.S. U boats", [("U.S.", 0, 4), ("U", 5, 6), ("boats", 7, 12)]),
        ("a a a", [("a", 0, 1), ("a", 2, 3), ("a", 4, 5)]),
    ]:
        located = sl.Tokenizer(lowercase=False, tokenizer=str.split).tokenize_with_offsets([doc])
        assert [(t.text, t.start, t.end) for t in located[0]] == expected


def test_callable_tokenizer_offsets_examples():
    # A compound, then its parts: the parts are placed inside the compound.
    doc = "The cease-fire held. The cease-fire"
    located = sl.Tokenizer(tokenizer=_split_compounds).tokenize_with_offsets([doc])[0]
    assert [(t.text, doc[t.start : t.end]) for t in located] == [
        ("the", "The"),
        ("cease-fire", "cease-fire"),
        ("cease", "cease"),
        ("fire", "fire"),
        ("held.", "held."),
        ("the", "The"),
        ("cease-fire", "cease-fire"),
        ("cease", "cease"),
        ("fire", "fire"),
    ]
    assert [t.start for t in located] == [0, 4, 4, 10, 15, 21, 25, 25, 31]


@settings(max_examples=examples(200))
@given(
    doc=document,
    preprocessor=st.sampled_from([str.lower, str.upper, str.casefold, str.swapcase]),
    tokenizer=st.sampled_from([None, "news"]),
)
def test_offsets_through_per_char_preprocessors(doc, preprocessor, tokenizer):
    located = _assert_located(sl.Tokenizer(preprocessor=preprocessor, tokenizer=tokenizer), doc)
    if tokenizer is None:
        for token in located:
            original = doc[token.start : token.end]
            # A char the preprocessor expands ("ǰ" upper-cases to "J" and a combining caron)
            # is the source of every part of its expansion, so the token may be part of it.
            assert token.text.casefold() in preprocessor(original).casefold(), (doc, token)


def test_offsets_name_the_document_of_any_error():
    def undecodable(text):
        return b"\xff".decode("utf-8")  # UnicodeDecodeError takes five arguments

    with pytest.raises(UnicodeDecodeError) as info:
        sl.Tokenizer(tokenizer=undecodable).tokenize_with_offsets(["a"])
    assert "in document 0" in info.value.__notes__


def test_offsets_refuse_what_cannot_be_traced():
    reverse = sl.Tokenizer(preprocessor=lambda s: s[::-1])
    with pytest.raises(ValueError, match=r"document 1: .*char by char"):
        reverse.tokenize_with_offsets(["aa", "ab cd"])
    unescape = sl.Tokenizer(preprocessor=lambda s: s.replace("&amp;", "&"))
    assert unescape.tokenize_with_offsets(["no entity"])[0][0] == sl.Token("no", 0, 2)
    with pytest.raises(ValueError, match="char by char"):
        unescape.tokenize_with_offsets(["fish &amp; chips"])
    rewrite = sl.Tokenizer(tokenizer=lambda s: [w.upper() for w in s.split()])
    with pytest.raises(ValueError, match=r"document 0: .*token 0 \('HELLO'\)"):
        rewrite.tokenize_with_offsets(["hello world"])
    with pytest.raises(TypeError, match="token 1 is a int"):
        sl.Tokenizer(tokenizer=lambda s: ["ok", 5]).tokenize_with_offsets(["ok"])
    with pytest.raises(ValueError, match="callable analyzer"):
        sl.Tokenizer(analyzer=str.split).tokenize_with_offsets(["a b"])


@settings(max_examples=examples(200))
@given(
    doc=document,
    analyzer=st.sampled_from(["char", "char_wb"]),
    ngram_range=st.sampled_from([(1, 1), (1, 3), (2, 4), (3, 3)]),
    strip_accents=st.sampled_from([None, "unicode", "ascii"]),
)
def test_char_ngram_offsets(doc, analyzer, ngram_range, strip_accents):
    tokenizer = sl.Tokenizer(
        analyzer=analyzer, ngram_range=ngram_range, strip_accents=strip_accents
    )
    _assert_located(tokenizer, doc)
    plain = sl.Tokenizer(analyzer=analyzer, ngram_range=ngram_range, lowercase=False)
    for gram in _assert_located(plain, doc):
        original = re.sub(r"\s\s+", " ", doc[gram.start : gram.end])
        if analyzer == "char":
            assert original == gram.text, (doc, gram)
        else:  # the spaces that pad a word are empty spans at its edges
            assert original == gram.text.strip(" "), (doc, gram)


def test_char_ngram_offsets_examples():
    doc = "Ox  bee"
    grams = sl.Tokenizer(analyzer="char", ngram_range=(2, 2)).tokenize_with_offsets([doc])[0]
    assert [(g.text, doc[g.start : g.end]) for g in grams] == [
        ("ox", "Ox"),
        ("x ", "x  "),
        (" b", "  b"),
        ("be", "be"),
        ("ee", "ee"),
    ]
    wb = sl.Tokenizer(analyzer="char_wb", ngram_range=(3, 3)).tokenize_with_offsets([doc])[0]
    assert [(g.text, g.start, g.end) for g in wb] == [
        (" ox", 0, 2),
        ("ox ", 0, 2),
        (" be", 4, 6),
        ("bee", 4, 7),
        ("ee ", 5, 7),
    ]


def test_offsets_examples():
    text = "İstanbul’s CAFÉ\u0301 ΟΔΟΣ e\u0301t\u00e9 ﬁne"
    located = sl.Tokenizer().tokenize_with_offsets([text])[0]
    assert [t.text for t in located] == sk.CountVectorizer().build_analyzer()(text)
    for token in located:
        assert 0 <= token.start < token.end <= len(text)
    ofof = [t for t in located if t.text == "οδος"]
    assert ofof and text[ofof[0].start : ofof[0].end] == "ΟΔΟΣ"
    news = sl.Tokenizer(tokenizer="news").tokenize_with_offsets(["Russia’s U.S. build-up"])[0]
    assert [(t.text, t.start, t.end) for t in news] == [
        ("russia", 0, 6),
        ("u.s.", 9, 13),
        ("build-up", 14, 22),
    ]


def test_offsets_on_every_python_path():
    doc = "Some Text, here"
    for params in (
        {"tokenizer": str.split},
        {"token_pattern": r"(?i)[a-z]+"},
        {"preprocessor": str.lower},
        {"strip_accents": lambda s: s},
        {"analyzer": "char_wb"},
    ):
        located = sl.Tokenizer(**params).tokenize_with_offsets([doc])[0]
        assert located and all(0 <= t.start <= t.end <= len(doc) for t in located), params


# -- the news tokenizer -------------------------------------------------------------------------

NEWS_CASES = [
    ("Russia’s economy", ["russia", "economy"]),
    ("Russia's economy", ["russia", "economy"]),
    ("the officials' statement", ["the", "officials", "statement"]),
    ("a military build-up", ["military", "build-up"]),
    ("the U.S. said", ["the", "u.s.", "said"]),
    ("U.K. and U.S.A.", ["u.k.", "and", "u.s.a."]),
    ("240,000 people and 3.5 percent", ["240,000", "people", "and", "3.5", "percent"]),
    ("a b c I x", []),
    ("1 2 3 a", ["1", "2", "3"]),
    ("state-of-the-art e-mail", ["state-of-the-art", "e-mail"]),
]


@pytest.mark.parametrize(("text", "expected"), NEWS_CASES)
def test_news_tokenizer_rules(text, expected):
    assert sl.Tokenizer(tokenizer="news").tokenize([text]) == [expected]


def test_news_tokenizer_in_vectorizers():
    docs = [
        "Russia’s build-up near the U.S. border: 240,000 troops, 3.5 km",
        "U.S. officials' view",
    ]
    vectorizer = sl.CountVectorizer(tokenizer="news")
    vectorizer.fit(docs)
    names = set(vectorizer.get_feature_names_out())
    assert {"russia", "build-up", "u.s.", "240,000", "3.5", "officials"} <= names
    assert "russia’s" not in names and "s" not in names
    assert sl.Tokenizer(tokenizer="news").tokenize(docs[:1])[0] == vectorizer.build_analyzer()(
        docs[0]
    )


def test_news_tokenizer_with_stop_words_and_stem():
    tokens = sl.Tokenizer(tokenizer="news", stop_words="english", stem="english").tokenize(
        ["The officials were running the U.S. build-ups"]
    )[0]
    assert "the" not in tokens and "were" not in tokens
    assert "run" in tokens and "offici" in tokens


# -- stemming -------------------------------------------------------------------------------------

# Expected stems from the reference Snowball algorithms (classic Dutch).
STEMS = {
    "arabic": [("الكتاب", "كتاب"), ("المكتبات", "مكتب"), ("يكتبون", "يكتب")],
    "danish": [("løbende", "løb"), ("huset", "hus"), ("spiser", "spis")],
    "dutch": [("lopende", "lopend"), ("boeken", "boek"), ("gelukkig", "gelukk")],
    "english": [
        ("running", "run"),
        ("generously", "generous"),
        ("cats", "cat"),
        ("happiness", "happi"),
    ],
    "finnish": [("taloissa", "talo"), ("kirjoja", "kirj"), ("kaupungeissa", "kaupung")],
    "french": [("continuellement", "continuel"), ("maisons", "maison"), ("chantaient", "chant")],
    "german": [("aufeinanderfolgenden", "aufeinanderfolg"), ("häuser", "haus"), ("kinder", "kind")],
    "greek": [("ανθρωποι", "ανθρωπ"), ("εφημεριδεσ", "εφημεριδ"), ("σπιτια", "σπιτ")],
    "hungarian": [("házakban", "ház"), ("könyveket", "könyv"), ("emberek", "ember")],
    "italian": [("abbandonata", "abbandon"), ("correndo", "corr"), ("nazionale", "nazional")],
    "norwegian": [("husene", "hus"), ("bøkene", "bøk"), ("løpende", "løp")],
    "portuguese": [("correndo", "corr"), ("nacionalmente", "nacional"), ("livros", "livr")],
    "romanian": [("oamenilor", "oamen"), ("casele", "cas"), ("frumoasele", "frumoas")],
    "russian": [("бегущий", "бегущ"), ("книгами", "книг"), ("городов", "город")],
    "spanish": [("corriendo", "corr"), ("nacionalidad", "nacional"), ("libros", "libr")],
    "swedish": [("springande", "spring"), ("husen", "hus"), ("flickorna", "flick")],
    "tamil": [("வீடுகள்", "வீடு"), ("புத்தகங்கள்", "புத்தகம்"), ("படித்தான்", "படி")],
    "turkish": [("kitaplar", "kitap"), ("evlerden", "ev"), ("çocuklarımız", "çocuk")],
}


def test_all_stem_languages_are_covered():
    assert sorted(_core.stem_languages()) == sorted(STEMS)
    assert len(_core.stem_languages()) == 18


@pytest.mark.parametrize("language", sorted(STEMS))
def test_stemming(language):
    words, stems = zip(*STEMS[language], strict=True)
    tokenizer = sl.Tokenizer(stem=language, token_pattern=r"\S+")
    assert tokenizer.tokenize([" ".join(words)]) == [list(stems)]
    # the language name is case-insensitive, as the validation promises
    assert sl.Tokenizer(stem=language.upper(), token_pattern=r"\S+").tokenize(
        [" ".join(words)]
    ) == [list(stems)]
    vectorizer = sl.CountVectorizer(stem=language, token_pattern=r"\S+").fit([" ".join(words)])
    assert sorted(vectorizer.get_feature_names_out()) == sorted(set(stems))


def test_stemming_runs_after_stop_words():
    # "was" is an English stop word; its stem "wa" would not be.
    tokens = sl.Tokenizer(stem="english", stop_words="english").tokenize(["it was running"])
    assert tokens == [["run"]]
    tokens = sl.Tokenizer(stem="english", stop_words=["running"]).tokenize(["running runs"])
    assert tokens == [["run"]]


def test_stemming_with_ngrams():
    tokens = sl.Tokenizer(stem="english", ngram_range=(1, 2)).tokenize(["cats running fast"])
    assert tokens == [["cat", "run", "fast", "cat run", "run fast"]]


# -- stop words in other languages ----------------------------------------------------------


def test_french_and_german_stop_words():
    assert sl.Tokenizer(stop_words="french").tokenize(["le chat et la souris"]) == [
        ["chat", "souris"]
    ]
    assert sl.Tokenizer(stop_words="german").tokenize(["der Hund und die Katze"]) == [
        ["hund", "katze"]
    ]
    # stopwords-iso's French list has "quelqu'un", which scikit-learn's pattern splits; a
    # stray entry of a built-in list is not warned of (it is ours, not the user's).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        french = sl.CountVectorizer(stop_words="french").fit(["le chat", "le chien"])
    assert "le" not in french.vocabulary_
    german = sl.TfidfVectorizer(stop_words="german").fit(["der Hund", "der Baum"])
    assert "der" not in german.vocabulary_


@pytest.mark.parametrize("language", sorted(sl._core.stem_languages()))
def test_every_stemming_language_has_stop_words(language):
    """The issue's promise: stop words for every language the stemmer covers."""
    words = sl._core.stop_words(language)
    assert len(words) > 50
    if language == "english":
        words = sorted(sk.ENGLISH_STOP_WORDS)  # the name means scikit-learn's list
    text = " ".join(words[:40]) + " zzzkeep"
    tokens = sl.Tokenizer(stop_words=language, token_pattern=r"\S+").tokenize([text])
    assert tokens == [["zzzkeep"]]


def test_tamil_stop_words_with_the_news_tokenizer():
    # The news tokenizer keeps Tamil words whole (vowel signs are not Python \w), so the list
    # applies to whole words.
    vectorizer = sl.CountVectorizer(tokenizer="news", stop_words="tamil")
    vectorizer.fit(["இந்த வீடு அந்த புத்தகம்"])
    assert list(vectorizer.get_feature_names_out()) == ["புத்தகம்", "வீடு"]


def test_romanian_stop_words_in_both_spellings():
    # Romanian is written with comma-below ș/ț (the standard) and cedilla ş/ţ (older fonts).
    tokens = sl.Tokenizer(stop_words="romanian").tokenize(["casa și masa şi ați aţi"])
    assert tokens == [["casa", "masa"]]


@pytest.mark.parametrize("name", ["English", "ENGLISH", "en", "EN"])
def test_english_in_any_spelling_is_sklearns_list(name):
    text = " ".join(sorted(sk.ENGLISH_STOP_WORDS)) + " newsroom"
    plain = sl.Tokenizer(stop_words="english", token_pattern=r"\S+").tokenize([text])
    assert sl.Tokenizer(stop_words=name, token_pattern=r"\S+").tokenize([text]) == plain


def test_english_stop_words_are_sklearns():
    text = " ".join(sorted(sk.ENGLISH_STOP_WORDS)) + " newsroom"
    assert sl.Tokenizer(stop_words="english", token_pattern=r"\S+").tokenize([text]) == [
        ["newsroom"]
    ]


# -- sentences --------------------------------------------------------------------------------

SENTENCE_CASES = [
    (
        "Mr. Carter met Gen. Dunford in Sept. 2015. They talked.",
        ["Mr. Carter met Gen. Dunford in Sept. 2015.", "They talked."],
    ),
    (
        "John F. Kennedy was president. He was shot.",
        ["John F. Kennedy was president.", "He was shot."],
    ),
    (
        "The U.S. economy grew 3.5 percent. Stocks rose.",
        ["The U.S. economy grew 3.5 percent.", "Stocks rose."],
    ),
    (
        '"It went well," he said. "Really?" she asked. Yes! No.',
        ['"It went well," he said.', '"Really?" she asked.', "Yes!", "No."],
    ),
    ("He left at 5 p.m. Then he slept.", ["He left at 5 p.m.", "Then he slept."]),
    ("Dr. Smith arrived. St. Louis is big.", ["Dr. Smith arrived.", "St. Louis is big."]),
    ("“Quoted.” Next one.", ["“Quoted.”", "Next one."]),
    ("No terminal punctuation", ["No terminal punctuation"]),
    ("", []),
    ("   ", []),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_split_sentences(text, expected):
    sentences = sl.split_sentences(text)
    assert [s.text for s in sentences] == expected
    for sentence in sentences:
        assert isinstance(sentence, sl.Sentence)
        assert text[sentence.start : sentence.end] == sentence.text
    assert sl.Tokenizer().split_sentences(text) == sentences


def test_split_sentences_rejects_non_str():
    with pytest.raises(TypeError):
        sl.split_sentences(b"bytes. More.")
    with pytest.raises(TypeError):
        sl.split_sentences(None)


@example(text="the\x1f")
@example(text="\x1cFirst one. Second one.\x1e")
@example(text="Mr. Smith\u2028left. She\x85stayed.")
@settings(max_examples=examples(300))
@given(
    text=st.one_of(
        document,
        st.text(max_size=120),
        st.lists(
            st.sampled_from(
                [
                    "Mr.",
                    "U.S.",
                    "Sept.",
                    "Gen.",
                    "John",
                    "F.",
                    "Kennedy",
                    "3.5",
                    "said.",
                    "“Yes.”",
                    '"No?"',
                    "ok!",
                    "…",
                    "\n\n",
                    "é.",
                    "ΟΔΟΣ.",
                    "中文。",
                    "a",
                    "b.",
                    "240,000.",
                    "Σ.",
                    "\x1c",
                    "\x1f",
                    "\u2028",
                ]
            ),
            max_size=30,
        ).map(" ".join),
    )
)
def test_split_sentences_properties(text):
    """Offsets are in bounds and ordered, sentences are trimmed and non-empty, and every
    non-space character of the text belongs to exactly one sentence."""
    sentences = sl.split_sentences(text)
    covered = [0] * len(text)
    previous_end = 0
    for sentence in sentences:
        assert 0 <= sentence.start < sentence.end <= len(text), (text, sentence)
        assert sentence.start >= previous_end
        previous_end = sentence.end
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text
        for i in range(sentence.start, sentence.end):
            covered[i] += 1
    for i, c in enumerate(text):
        if not c.isspace():
            assert covered[i] == 1, (text, i, c, sentences)
