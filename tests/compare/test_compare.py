"""Comparison: result shapes, quality on the sample's ground truth, options and bad input."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics.pairwise import cosine_similarity
from storylens import ArticleSet, Comparison, TfidfVectorizer
from storylens.compare.digest import starts_mid_word
from storylens.datasets import load_sample, load_sample_truth
from storylens.exceptions import ColumnNotFoundError

OFF_STORY = (
    "The city orchestra announced its spring season on Monday, with three symphonies by "
    "composers from the northern provinces and a new violin concerto. Tickets go on sale "
    "next week, and the conductor said the programme celebrates music written for open-air "
    "festivals in the nineteenth century."
)


@pytest.fixture(scope="module")
def articles() -> ArticleSet:
    return load_sample().clean()


@pytest.fixture(scope="module")
def comparison(articles: ArticleSet) -> Comparison:
    return articles.compare()


# -- similarity, neighbours, outliers -------------------------------------------------------


def test_similarity_is_a_labelled_square_cosine_table(comparison: Comparison) -> None:
    similarity = comparison.similarity
    ids = comparison.articles.ids
    assert list(similarity.index) == ids and list(similarity.columns) == ids
    expected = cosine_similarity(comparison.tfidf)
    np.testing.assert_allclose(similarity.to_numpy(), expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(similarity.to_numpy(), similarity.to_numpy().T)
    assert similarity.loc["wire", "valley-courier"] > 0.8


def test_nearest_matches_the_dense_table(comparison: Comparison) -> None:
    nearest = comparison.nearest(3)
    assert list(nearest.columns) == ["article", "rank", "neighbour", "score"]
    similarity = comparison.similarity
    for article_id, group in nearest.groupby("article", sort=False):
        row = similarity.loc[article_id].drop(article_id).sort_values(ascending=False)
        assert list(group["rank"]) == [1, 2, 3]
        np.testing.assert_allclose(group["score"], row.to_numpy()[:3], rtol=1e-12)
    assert nearest.loc[nearest["article"] == "valley-courier", "neighbour"].iloc[0] == "wire"
    with pytest.raises(ValueError, match="k must be a positive int"):
        comparison.nearest(0)


def test_outliers_flag_duplicates_off_story_and_empty_articles() -> None:
    sample = load_sample()
    extra = ArticleSet.from_texts([OFF_STORY, "Share\nAdvertisement"], ids=["concert", "empty"])
    combined = ArticleSet([*sample, *extra])
    outliers = combined.clean().compare().outliers
    found = {(row.article, row.kind) for row in outliers.itertuples()}
    assert ("valley-courier", "duplicate") in found
    assert ("concert", "off-story") in found
    # A page of furniture alone is not an article.
    assert ("empty", "not-article") in found
    assert not any(kind == "off-story" for article, kind in found if article != "concert")
    duplicate = outliers[outliers["kind"] == "duplicate"]
    assert duplicate["other"].tolist() == ["wire"]


# -- options ----------------------------------------------------------------------------------


def test_defaults_are_the_news_tokenizer_stop_words_stemmer_and_sublinear_tf(
    comparison: Comparison,
) -> None:
    params = comparison.counter.get_params()
    assert params["tokenizer"] == "news"
    assert params["stem"] == "english"
    assert "said" in params["stop_words"]
    assert comparison._transformer is not None
    assert comparison._transformer.get_params()["sublinear_tf"] is True


def test_every_choice_can_be_overridden(articles: ArticleSet) -> None:
    plain = articles.compare(tokenizer=None, stop_words=None, stem=False, sublinear_tf=False)
    params = plain.counter.get_params()
    assert params["tokenizer"] is None and params["stem"] is None and params["stop_words"] is None
    assert "said" in set(plain.terms)
    bigrams = articles.compare(ngram_range=(1, 2), min_df=2)
    assert any(" " in term for term in bigrams.terms)
    # scikit-learn's pattern with the language's stop list: only the words it yields whole.
    default_pattern = articles.compare(tokenizer=None)
    stop_words = default_pattern.counter.get_params()["stop_words"]
    assert "said" in stop_words and "said" not in set(default_pattern.terms)
    assert all("'" not in word for word in stop_words)


def test_background_idf(articles: ArticleSet) -> None:
    background = [OFF_STORY, "Markets rose on Monday as water shares recovered.", "Rain fell."]
    with_background = articles.compare(background=background)
    plain = articles.compare()
    assert with_background.tfidf.shape[0] == len(articles)
    assert not np.allclose(with_background.similarity.to_numpy(), plain.similarity.to_numpy())
    as_set = articles.compare(background=ArticleSet.from_texts(background))
    np.testing.assert_allclose(as_set.tfidf.toarray(), with_background.tfidf.toarray())
    fitted = TfidfVectorizer(stop_words="english").fit(background + [a.text for a in articles])
    from_vectorizer = articles.compare(background=fitted)
    assert from_vectorizer.tfidf.shape[1] == len(fitted.vocabulary_)
    with pytest.raises(ValueError, match="not fitted"):
        articles.compare(background=TfidfVectorizer())
    with pytest.raises(TypeError, match=r"background\[1\]"):
        articles.compare(background=["ok", 3])


def test_comparison_bad_input() -> None:
    with pytest.raises(TypeError, match="ArticleSet"):
        Comparison(["text"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        Comparison(ArticleSet([]))


# -- terms ------------------------------------------------------------------------------------


def test_shared_terms_hold_the_story_key_names(comparison: Comparison) -> None:
    shared = comparison.shared_terms(top=25)
    assert list(shared.columns) == ["term", "feature", "articles", "share", "count", "weight"]
    terms = set(shared["term"])
    for key in ("velmora", "corvane", "lysa", "brenholt", "hesk"):
        assert key in terms, key
    assert (shared["articles"] == len(comparison.articles)).all()
    assert "said" not in terms


def test_shared_terms_relax_the_threshold_when_nothing_is_in_every_article() -> None:
    texts = ["river acid spill", "river acid leak", "concert tickets sale"]
    shared = ArticleSet.from_texts(texts).compare().shared_terms()
    assert set(shared["term"]) >= {"river", "acid"}
    assert (shared["articles"] == 2).all()


def test_distinctive_terms_are_log_odds_z_scores(comparison: Comparison) -> None:
    frame = comparison.distinctive_terms("rk-news", top=10)
    assert list(frame.columns) == ["term", "feature", "z", "log_odds", "count", "count_other"]
    assert frame["z"].is_monotonic_decreasing
    assert (frame["count"] > 0).all()
    group = comparison.distinctive_terms(["wire", "valley-courier"], top=5, min_z=0.0)
    assert len(group) == 5
    with pytest.raises(KeyError, match="'nope'"):
        comparison.distinctive_terms("nope")
    with pytest.raises(ValueError, match="outside the group"):
        comparison.distinctive_terms(comparison.articles.ids)


def test_distinctive_terms_match_the_formula(comparison: Comparison) -> None:
    counts = comparison.counts.toarray()
    index = comparison.articles.ids.index("rk-news")
    mine, rest = counts[index], np.delete(counts, index, axis=0).sum(axis=0)
    prior = comparison._prior()
    a0 = prior.sum()
    delta = np.log((mine + prior) / (mine.sum() + a0 - mine - prior)) - np.log(
        (rest + prior) / (rest.sum() + a0 - rest - prior)
    )
    z = delta / np.sqrt(1 / (mine + prior) + 1 / (rest + prior))
    frame = comparison.distinctive_terms("rk-news", top=5)
    for feature, value in zip(frame["feature"], frame["z"], strict=True):
        column = list(comparison.terms).index(feature)
        assert value == pytest.approx(z[column], rel=1e-9)


def test_compare_pair_and_group_terms(comparison: Comparison) -> None:
    pair = comparison.compare_pair("wire", "rk-news", top=5, min_z=0.0)
    assert len(pair) == 5
    with pytest.raises(ValueError, match="two different"):
        comparison.compare_pair("wire", "wire")
    by_outlet = comparison.group_terms(top=3)
    assert list(by_outlet.columns) == ["group", "rank", "term", "weight", "articles"]
    assert set(by_outlet["group"]) == {a.outlet for a in comparison.articles}
    sides = {"wire": "agency", "valley-courier": "agency"}
    labels = [sides.get(article_id, "press") for article_id in comparison.articles.ids]
    grouped = comparison.group_terms(labels)
    assert set(grouped["articles"]) == {2, 5}
    with pytest.raises(ValueError, match="group labels"):
        comparison.group_terms(["a"])
    with pytest.raises(ColumnNotFoundError, match="no article has a 'byline'"):
        ArticleSet.from_texts(["river acid", "port strike"]).compare().group_terms("byline")


# -- topics -----------------------------------------------------------------------------------


def test_topics_shapes_and_determinism(comparison: Comparison) -> None:
    topics = comparison.topics(3, top=5)
    assert list(topics.terms.columns) == ["topic", "rank", "term", "weight"]
    assert sorted(topics.terms["topic"].unique()) == [0, 1, 2]
    assert topics.mixture.shape == (7, 3)
    assert list(topics.mixture.index) == comparison.articles.ids
    np.testing.assert_allclose(topics.mixture.sum(axis=1), 1.0)
    assert topics.similarity().shape == (7, 7)
    again = comparison.topics(3, top=5)
    pd.testing.assert_frame_equal(topics.mixture, again.mixture)
    assert "<table" in topics._repr_html_()
    with pytest.raises(ValueError):
        comparison.topics(0)


# -- reuse --------------------------------------------------------------------------------------


def origins(truth: dict[str, Any]) -> dict[tuple[str, str], set[str]]:
    """Each (article, sentence) of the truth mapped to the wire sentences it derives from."""
    links: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for entry in truth["reuse"]:
        if entry["kind"] == "quote":
            continue
        key = (entry["article"], entry["sentence"])
        links.setdefault(key, set()).add((entry["source"], entry["source_sentence"]))

    def resolve(key: tuple[str, str], seen: frozenset[tuple[str, str]]) -> set[str]:
        if key[0] == "wire":
            return {key[1]}
        found: set[str] = set()
        for parent in links.get(key, ()):
            if parent not in seen:
                found |= resolve(parent, seen | {parent})
        return found

    return {key: resolve(key, frozenset({key})) for key in links}


def origin_of(text: str, article: str, table: dict[tuple[str, str], set[str]]) -> set[str]:
    if article == "wire":
        return {text}
    found: set[str] = set()
    for (owner, sentence), wire in table.items():
        if owner == article and (sentence in text or text in sentence):
            found |= wire
    return found


def test_reuse_map_shape(comparison: Comparison) -> None:
    reuse = comparison.reuse(include_unique=True)
    assert list(reuse.columns) == [
        "article",
        "sentence",
        "text",
        "other",
        "other_sentence",
        "other_text",
        "score",
        "kind",
    ]
    sentences = comparison.sentences
    assert len(reuse) == len(sentences) * (len(comparison.articles) - 1)
    assert set(reuse["kind"]) <= {"verbatim", "near-verbatim", "paraphrase", "unique"}
    pairs = reuse.groupby(["article", "sentence"])["other"].apply(list)
    assert all(len(others) == len(set(others)) == 6 for others in pairs)
    assert "<table" in reuse._repr_html_()


def test_reuse_map_finds_the_planted_rewrites(comparison: Comparison) -> None:
    truth = load_sample_truth()
    table = origins(truth)
    reuse = comparison.reuse(all_pairs=True)
    reused = reuse[reuse["kind"] != "unique"]
    # Precision: a reported match links two sentences that derive from a common wire sentence.
    correct = 0
    for row in reused.itertuples(index=False):
        mine = origin_of(str(row.text), str(row.article), table)
        theirs = origin_of(str(row.other_text), str(row.other), table)
        correct += bool(mine & theirs)
    precision = correct / len(reused)
    # Recall: every planted (sentence, source) pair is found with the right source sentence.
    found = total = 0
    for entry in truth["reuse"]:
        if entry["kind"] == "quote":
            continue
        total += 1
        rows = reuse[
            (reuse["article"] == entry["article"])
            & (reuse["other"] == entry["source"])
            & (reuse["kind"] != "unique")
        ]
        found += any(
            entry["sentence"] in text or text in entry["sentence"]
            for text, other in zip(rows["text"], rows["other_text"], strict=True)
            if entry["source_sentence"] in other or other in entry["source_sentence"]
        )
    recall = found / total
    assert precision >= 0.85, precision
    assert recall >= 0.75, recall


def test_reuse_summary_names_likely_sources(comparison: Comparison) -> None:
    summary = comparison.reuse_summary()

    def source(copy: str) -> Any:
        row = summary[(summary["copy"] == copy) & (summary["source"] == "wire")]
        return row["source"].item(), row["evidence"].item()

    assert source("valley-courier") == ("wire", "dateline")
    assert source("newsbeat24") == ("wire", "date")
    assert len(summary) <= 7 * 6 // 2


def test_reuse_can_keep_only_some_kinds(comparison: Comparison) -> None:
    everything = comparison.reuse(include_unique=True)
    reused = comparison.reuse(kinds=("verbatim", "near-verbatim", "paraphrase"), all_pairs=True)
    expected = everything[everything["kind"] != "unique"].reset_index(drop=True)
    pd.testing.assert_frame_equal(pd.DataFrame(reused), pd.DataFrame(expected))
    pd.testing.assert_frame_equal(
        pd.DataFrame(reused), pd.DataFrame(comparison.reuse(all_pairs=True))
    )
    paraphrases = comparison.reuse(kinds="paraphrase", all_pairs=True)
    assert len(paraphrases) == (everything["kind"] == "paraphrase").sum()
    # The compact map keeps the sentences whose best match is of those kinds.
    compact = comparison.reuse()
    pd.testing.assert_frame_equal(
        pd.DataFrame(comparison.reuse(kinds="paraphrase")),
        pd.DataFrame(compact[compact["kind"] == "paraphrase"].reset_index(drop=True)),
    )
    assert comparison.reuse(kinds=[]).empty
    with pytest.raises(ValueError, match=r"unknown reuse kind\(s\) \['copied'\]"):
        comparison.reuse(kinds=["copied"])


def test_sources_name_the_wire_behind_each_rewrite(comparison: Comparison) -> None:
    sources = comparison.sources().set_index("article")
    assert list(sources.columns) == ["source", "share", "evidence"]
    assert list(sources.index) == list(comparison.ids)
    truth = load_sample_truth()["reuse"]
    for article_id in comparison.ids:
        planted = sum(entry["article"] == article_id for entry in truth)
        found = sources.loc[article_id, "source"]
        if planted >= 10:  # rewrites: most of their sentences come from the wire
            assert found == "wire", (article_id, found)
        elif article_id == "wire":
            assert pd.isna(found)
        else:  # independent reports that lift a few quotes, or nothing
            assert pd.isna(found) or found == "wire", (article_id, found)


def test_reach_settles_an_undated_pair_that_containment_cannot() -> None:
    # An undated wire story; three outlets each copy its first six sentences, and one
    # rewrite copies its last five. The wire and the rewrite cover each other equally
    # (5 of 10 sentences each way), but the rest of the set draws on the wire.
    syllables = ["ka", "lo", "mi", "ret", "sun", "dra", "vel", "tor", "bin", "has", "quo", "ep"]
    words = [a + b + c for a in syllables for b in syllables for c in syllables[:4]]
    random = np.random.default_rng(7)

    def sentence() -> str:
        chosen = random.choice(len(words), size=10, replace=False)
        return " ".join(words[i] for i in chosen).capitalize() + "."

    wire = [sentence() for _ in range(10)]
    own = [sentence() for _ in range(20)]
    copies = {f"copy{i}": wire[:6] + own[5 * i : 5 * i + 3] for i in range(3)}
    rewrite = wire[5:] + own[15:20]
    texts = {"wire": wire, **copies, "rewrite": rewrite}
    articles = ArticleSet.from_texts(
        [" ".join(sentences) for sentences in texts.values()], ids=list(texts)
    )
    comparison = articles.compare()
    summary = comparison.reuse_summary()
    pair = summary[(summary["copy"] == "rewrite") & (summary["source"] == "wire")]
    assert pair["evidence"].item() == "reach"
    sources = comparison.sources().set_index("article")
    assert sources.loc["rewrite", "source"] == "wire"
    # A copy and the wire cover each other alike (6 of 9 and 6 of 10 sentences), and copies
    # of the same six sentences supply the set almost as much as the wire: no rule may call
    # a copy the wire's source, and none is sure enough to name the wire either.
    for i in range(3):
        found = sources.loc[f"copy{i}", "source"]
        assert pd.isna(found) or found == "wire", found
    assert pd.isna(sources.loc["wire", "source"])


# -- digest and unique facts ----------------------------------------------------------------------


@pytest.mark.parametrize("budget", [40, 120, 300])
def test_digest_stays_in_budget_without_near_duplicates(
    comparison: Comparison, budget: int
) -> None:
    digest = comparison.digest(max_words=budget)
    assert 0 < digest.words <= budget
    assert str(digest) == " ".join(digest.sentences["text"])
    vectors = comparison._weigh(list(digest.sentences["text"]))
    similarity = cosine_similarity(vectors)
    for i, j in itertools.combinations(range(len(digest.sentences)), 2):
        assert similarity[i, j] < 0.5, (digest.sentences["text"][i], digest.sentences["text"][j])
    assert "<ol>" in digest._repr_html_()
    with pytest.raises(ValueError):
        comparison.digest(max_words=0)


def test_digest_leaves_out_sentences_cut_at_the_front(comparison: Comparison) -> None:
    # newsbeat24 lost its drop cap ("he tank at ..."): the sentence is in the set, and the
    # digest takes another outlet's whole version of it instead.
    texts = comparison.sentences["text"]
    assert texts.map(starts_mid_word).any()
    for budget in (60, 150, 400):
        chosen = comparison.digest(max_words=budget).sentences["text"]
        assert not chosen.map(starts_mid_word).any(), list(chosen)


def test_unique_facts_come_from_the_article_and_find_its_own_reporting(
    comparison: Comparison,
) -> None:
    truth = load_sample_truth()["unique"]
    hits = total = 0
    for article_id, expected in truth.items():
        facts = comparison.unique_facts(article_id)
        assert (facts["article"] == article_id).all()
        for sentence in expected:
            total += 1
            hits += any(sentence in text or text in sentence for text in facts["text"])
    assert hits / total >= 0.8


def test_results_do_not_depend_on_threads(articles: ArticleSet) -> None:
    one, two = articles.compare(n_jobs=1), articles.compare(n_jobs=2)
    pd.testing.assert_frame_equal(one.reuse(), two.reuse())
    assert str(one.digest()) == str(two.digest())
    pd.testing.assert_frame_equal(one.topics(3).mixture, two.topics(3).mixture)
    pd.testing.assert_frame_equal(one.nearest(2), two.nearest(2))


def test_article_set_compare_lists_the_comparisons_parameters() -> None:
    """ArticleSet.compare shows Comparison's keyword parameters (no **options), so help()
    and IDEs list them; the two stay the same."""
    import inspect

    given = inspect.signature(ArticleSet.compare).parameters
    taken = inspect.signature(Comparison.__init__).parameters
    assert all(p.kind is not inspect.Parameter.VAR_KEYWORD for p in given.values())
    assert [(n, p.kind, p.default) for n, p in given.items()][1:] == [
        (n, p.kind, p.default) for n, p in taken.items()
    ][2:]
    for name in list(given)[1:]:
        assert f"``{name}``" in (ArticleSet.compare.__doc__ or ""), name
