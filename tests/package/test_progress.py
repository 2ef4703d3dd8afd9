"""Progress bars: on stderr when asked for or (automatically) for large work someone watches,
never a character when off, and no new parameter on the scikit-learn estimators."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import storylens
from sklearn.base import clone
from storylens import _progress
from storylens.datasets import load_sample
from storylens.report import build_report

ESTIMATORS = [
    storylens.CountVectorizer,
    storylens.TfidfVectorizer,
    storylens.HashingVectorizer,
    storylens.TfidfTransformer,
]


@pytest.fixture(autouse=True)
def automatic_progress() -> Iterator[None]:
    """Each test starts from the default setting (automatic) and leaves it so."""
    storylens.set_config(progress=None)
    yield
    storylens.set_config(progress=None)


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if stderr were a terminal: the automatic setting then goes by size alone."""
    monkeypatch.setattr(_progress, "interactive", lambda: True)


def short_documents(n: int) -> list[str]:
    return [f"story {i} about the port strike" for i in range(n)]


def sample_of(n_articles: int) -> storylens.ArticleSet:
    """``n_articles`` raw articles, the sample's seven pages repeated."""
    pages = [article.original for article in load_sample()]
    return storylens.ArticleSet.from_texts([pages[i % len(pages)] for i in range(n_articles)])


def test_a_fit_with_progress_on_writes_a_bar_up_to_every_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Large enough (about 3 MB) for the core to watch the job and report batches.
    documents = [" ".join(f"w{i}x{j}" for j in range(200)) for i in range(2_500)]
    with storylens.config_context(progress=True):
        storylens.CountVectorizer().fit(documents)
    err = capsys.readouterr().err
    assert "counting" in err
    assert "2500/2500" in err


def test_a_fit_with_progress_off_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    documents = [" ".join(f"w{i}x{j}" for j in range(200)) for i in range(2_500)]
    with storylens.config_context(progress=False):
        storylens.TfidfVectorizer().fit_transform(documents)
        storylens.HashingVectorizer().transform(documents)
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("watched")
def test_the_estimators_show_a_bar_from_the_documents_threshold(
    capsys: pytest.CaptureFixture[str],
) -> None:
    threshold = _progress.DOCUMENTS_THRESHOLD
    assert threshold == 2_000
    storylens.CountVectorizer().fit(short_documents(threshold - 1))
    storylens.HashingVectorizer().transform(short_documents(threshold - 1))
    assert capsys.readouterr().err == ""
    storylens.CountVectorizer().fit(short_documents(threshold))
    assert "counting" in capsys.readouterr().err
    storylens.HashingVectorizer().transform(short_documents(threshold))
    assert "hashing" in capsys.readouterr().err


def test_automatic_progress_stays_off_when_nobody_watches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The captured stderr is no terminal, and no notebook runs this.
    assert not _progress.interactive()
    storylens.CountVectorizer().fit(short_documents(5_000))
    sample_of(60).clean()
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("watched")
# Copies of the sample make several identical stories; the bars are what is tested here.
@pytest.mark.filterwarnings("ignore::storylens.exceptions.SeveralStoriesWarning")
def test_cleaning_comparing_and_the_report_show_a_bar_from_50_articles(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _progress.ARTICLES_THRESHOLD == 50
    small = sample_of(49).clean()
    build_report(small, small.compare(stem=False))
    assert capsys.readouterr().err == ""
    large = sample_of(50).clean()
    assert "cleaning" in capsys.readouterr().err
    with pytest.warns(storylens.exceptions.SeveralStoriesWarning):
        comparison = large.compare(stem=False)
    assert "comparing" in capsys.readouterr().err
    build_report(large, comparison)
    assert "report" in capsys.readouterr().err


def test_a_methods_progress_wins_over_the_config(capsys: pytest.CaptureFixture[str]) -> None:
    articles = sample_of(7)
    with storylens.config_context(progress=True):
        cleaned = articles.clean(progress=False)
        comparison = cleaned.compare(progress=False)
        build_report(cleaned, comparison, progress=False)
    assert capsys.readouterr().err == ""
    cleaned = articles.clean(progress=True)
    assert "cleaning" in capsys.readouterr().err
    build_report(cleaned, cleaned.compare(progress=True), progress=True)
    err = capsys.readouterr().err
    assert "comparing" in err
    assert "report" in err


def test_progress_changes_no_result() -> None:
    articles = sample_of(14)
    quiet = articles.clean(progress=False)
    shown = articles.clean(progress=True)
    assert [a.text for a in quiet] == [a.text for a in shown]
    assert [a.removed for a in quiet] == [a.removed for a in shown]
    assert build_report(quiet, quiet.compare(progress=False), progress=False) == build_report(
        shown, shown.compare(progress=True), progress=True
    )


@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_the_estimators_take_no_progress_parameter(estimator: type) -> None:
    params = estimator().get_params()
    assert "progress" not in params
    with pytest.raises(TypeError):
        estimator(progress=True)
    with storylens.config_context(progress=True):
        assert clone(estimator()).get_params() == params


def test_the_command_line_quiet_flag_silences_the_bars_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from storylens.cli import main

    with storylens.config_context(progress=True):
        assert main(["--quiet"]) == 0
        assert capsys.readouterr().err == ""
        assert main([]) == 0
        assert "cleaning" in capsys.readouterr().err


def test_the_cleaning_bar_counts_articles_not_the_cores_two_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sample_of(5).clean(progress=True)
    err = capsys.readouterr().err
    assert "5/5" in err
    assert "10/10" not in err
    assert "article" in err
