"""Stories: grouping a set into stories (labels, terms, sets), the rule that makes it
reproducible, the warning compare() gives for a mix, and what the report and CLI say."""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import FIXTURES
from storylens import Article, ArticleSet
from storylens.cli import main
from storylens.compare import stories as stories_module
from storylens.compare.similarity import nearest
from storylens.compare.stories import Stories, find_stories, plain_tfidf, story_labels
from storylens.datasets import load_sample
from storylens.exceptions import InvalidParameterError, SeveralStoriesWarning
from storylens.report import build_report, report_html, report_text

STORIES = FIXTURES / "stories"


def story(split: str, name: str) -> list[Article]:
    """The articles of one story folder, ids made ``story/file``."""
    folder = STORIES / split / name
    return [
        replace(article, id=f"{name}/{article.id}")
        for article in ArticleSet.from_folder(folder, metadata=False)
    ]


def mix(split: str, *names: str) -> ArticleSet:
    return ArticleSet([article for name in names for article in story(split, name)])


def truth_of(articles: ArticleSet) -> list[str]:
    return [article.id.split("/")[0] for article in articles]


def same_partition(a: list[object], b: list[object]) -> bool:
    """Whether two labellings group the items alike, whatever the label names."""
    pairs = set(zip(a, b, strict=True))
    return len(pairs) == len(set(a)) == len(set(b))


# -- grouping ---------------------------------------------------------------------------------


def test_a_mix_of_two_stories_is_split_into_them() -> None:
    articles = mix("heldout", "corvale-port-strike", "brennock-measles", "keeper-transfer")
    found = articles.stories()
    assert isinstance(found, Stories)
    assert list(found.labels.index) == articles.ids
    assert found.labels.name == "story" and found.labels.index.name == "article"
    assert same_partition(found.labels.tolist(), truth_of(articles))
    assert found.sizes().tolist() == [4, 4, 1]
    assert len(found) == 3 and found.several()


def test_labels_number_stories_by_size_then_first_article() -> None:
    # Four measles articles after two port articles: the larger story is 0 all the same.
    port = story("heldout", "corvale-port-strike")[:3]
    measles = story("heldout", "brennock-measles")
    found = ArticleSet([*port, *measles]).stories()
    assert found.labels.tolist() == [1, 1, 1, 0, 0, 0, 0]
    # Equal sizes: the story whose first article comes first is 0.
    tied = ArticleSet([*measles[:3], *port]).stories()
    assert tied.labels.tolist() == [0, 0, 0, 1, 1, 1]
    swapped = ArticleSet([*port, *measles[:3]]).stories()
    assert swapped.labels.tolist() == [0, 0, 0, 1, 1, 1]


def test_one_story_stays_one_and_the_sample_does_not_warn() -> None:
    found = load_sample().clean().stories()
    assert found.labels.tolist() == [0] * 7
    assert not found.several()
    with warnings.catch_warnings():
        warnings.simplefilter("error", SeveralStoriesWarning)
        load_sample().clean().compare()


def test_terms_name_each_story() -> None:
    articles = mix("heldout", "corvale-port-strike", "brennock-measles")
    found = articles.stories(top=5)
    assert list(found.terms.columns) == ["story", "rank", "term", "weight"]
    assert found.terms.groupby("story")["rank"].apply(list).tolist() == [[1, 2, 3, 4, 5]] * 2
    assert (found.terms["weight"].diff().fillna(0)[found.terms["rank"] > 1] <= 0).all()
    port_story = int(found.labels["corvale-port-strike/harbour-times"])
    port_terms = set(found.terms.loc[found.terms["story"] == port_story, "term"])
    assert {"corvale", "port"} <= port_terms
    assert "measles" not in port_terms


def test_sets_are_one_article_set_per_story_in_label_order() -> None:
    articles = mix("dev", "landgericht-molbach", "fluechtlinge-grevenau")
    found = articles.stories()
    parts = found.sets()
    assert [len(part) for part in parts] == found.sizes().tolist()
    for label, part in enumerate(parts):
        assert isinstance(part, ArticleSet) and part.language == articles.language == "german"
        expected = [i for i in articles.ids if found.labels[i] == label]
        assert part.ids == expected


def test_the_threshold_is_computed_from_the_data_as_documented() -> None:
    articles = mix("heldout", "corvale-port-strike", "brennock-measles", "keeper-transfer")
    _, tfidf, _, _ = plain_tfidf(articles)
    best = nearest(tfidf, 1, ids=articles.ids)["score"].to_numpy()
    _, threshold = story_labels(tfidf)
    assert threshold == max(0.05, 0.5 * float(np.median(best)))
    # A higher ratio cuts more edges; a threshold above every score leaves singletons.
    _, higher = story_labels(tfidf, ratio=0.9)
    assert higher > threshold
    alone, _ = story_labels(tfidf, min_similarity=1.0)
    assert sorted(alone.tolist()) == list(range(len(articles)))
    assert articles.stories().threshold == threshold


def test_the_result_never_depends_on_n_jobs_or_on_order() -> None:
    articles = mix("dev", "kasovar-coalition", "harwick-fraud-trial", "militant-commander-killed")
    one = articles.stories(n_jobs=1)
    for n_jobs in (2, None):
        other = articles.stories(n_jobs=n_jobs)
        assert other.labels.equals(one.labels)
        assert other.terms.equals(one.terms)
        assert other.threshold == one.threshold
    reordered = ArticleSet(list(reversed(list(articles))))
    again = reordered.stories().labels[articles.ids]
    assert same_partition(again.tolist(), one.labels.tolist())


def test_defaults_of_the_method_are_the_module_constants() -> None:
    import inspect

    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(ArticleSet.stories).parameters.items()
    }
    assert defaults["k"] == stories_module.NEIGHBOURS
    assert defaults["ratio"] == stories_module.RATIO
    assert defaults["min_similarity"] == stories_module.MIN_SIMILARITY


def test_comparison_stories_equal_the_sets() -> None:
    articles = mix("heldout", "zugunglueck-lindach", "buergermeisterwahl-ostheim")
    with pytest.warns(SeveralStoriesWarning):
        comparison = articles.compare()
    assert comparison.stories().labels.equals(articles.stories().labels)
    assert comparison.stories() is comparison.stories()
    assert comparison.stories(k=2).k == 2
    # Stories use plain TF-IDF with the default settings, whatever the comparison's.
    with pytest.warns(SeveralStoriesWarning):
        unstemmed = articles.compare(stem=False, stop_words=None)
    assert unstemmed.stories().labels.equals(articles.stories().labels)


def test_tiny_and_empty_sets() -> None:
    one = ArticleSet.from_texts(["The port closed on Friday."]).stories()
    assert one.labels.tolist() == [0] and len(one) == 1 and not one.several()
    # An article with no words left after stop words shares nothing: a story of its own.
    found = ArticleSet.from_texts(
        ["Dockers strike at Corvale port.", "Corvale port dockers strike.", "It is."]
    ).stories()
    assert found.labels.tolist() == [0, 0, 1]
    # Nothing but stop words: no vocabulary, so every article is a story of its own.
    nothing = ArticleSet.from_texts(["It is.", "Is it?"], language="english").stories()
    assert nothing.labels.tolist() == [0, 1] and nothing.terms.empty
    # A background gives such a set a comparison all the same, and compare() still works.
    background = ArticleSet.from_texts(["It is.", "Is it?"], language="english").compare(
        background=["The port closed on Friday."]
    )
    assert len(background.stories()) == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"k": 0}, "k must be a positive int"),
        ({"k": True}, "k must be a positive int"),
        ({"ratio": 1.5}, "ratio must be between 0 and 1"),
        ({"ratio": "high"}, "ratio must be a number"),
        ({"min_similarity": -0.1}, "min_similarity must be between 0 and 1"),
        ({"top": 0}, "top must be a positive int"),
    ],
)
def test_bad_options_name_the_option(options: dict[str, object], message: str) -> None:
    articles = ArticleSet.from_texts(["Dockers strike.", "Dockers return."])
    with pytest.raises(InvalidParameterError, match=message):
        articles.stories(**options)  # type: ignore[arg-type]


# -- the warning, the report and the command ------------------------------------------------


def test_compare_warns_when_two_stories_have_three_articles_or_more() -> None:
    articles = mix("heldout", "corvale-port-strike", "brennock-measles")
    with pytest.warns(SeveralStoriesWarning, match=r"2 stories \(4, 4 articles\)") as caught:
        articles.compare()
    assert issubclass(caught[0].category, UserWarning)
    assert caught[0].filename == __file__
    assert "stories().sets()" in str(caught[0].message)


def test_compare_does_not_warn_for_one_story_and_a_stray() -> None:
    articles = mix("heldout", "corvale-port-strike", "keeper-transfer")
    with warnings.catch_warnings():
        warnings.simplefilter("error", SeveralStoriesWarning)
        comparison = articles.compare()
    assert len(comparison.stories()) == 2 and not comparison.stories().several()


def test_the_report_offers_the_grouping() -> None:
    articles = mix("heldout", "corvale-port-strike", "brennock-measles")
    with pytest.warns(SeveralStoriesWarning):
        comparison = articles.compare()
    report = build_report(articles, comparison)
    assert report["stories"]["several"] is True
    groups = report["stories"]["groups"]
    assert [len(group["articles"]) for group in groups] == [4, 4]
    assert "corvale" in groups[0]["terms"] and "measles" in groups[1]["terms"]
    text = report_text(report)
    assert "This set holds 2 stories" in text and "--story N" in text
    assert "Several stories" in report_html(report)
    single = build_report(load_sample().clean(), load_sample().clean().compare())
    assert single["stories"]["several"] is False
    assert "This set holds" not in report_text(single)
    assert "Several stories" not in report_html(single)


def test_the_cli_reports_one_story_on_request(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("corvale-port-strike", "brennock-measles"):
        for path in (STORIES / "heldout" / name).iterdir():
            (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert main([str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "This set holds 2 stories" in captured.out
    assert "SeveralStoriesWarning" not in captured.err
    assert main([str(tmp_path), "--story", "1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "4 articles" and "This set holds" not in out
    assert "harbour-times" in out and "brennock-observer" not in out
    assert main([str(tmp_path), "--story", "2"]) == 1
    assert "--story 2: the set holds 2 stories (0 to 1)" in capsys.readouterr().err


def test_find_stories_is_what_the_method_returns() -> None:
    articles = mix("heldout", "corvale-port-strike", "brennock-measles")
    assert find_stories(articles).labels.equals(articles.stories().labels)
    assert "Stories(2 stories of 4, 4 articles" in repr(articles.stories())
