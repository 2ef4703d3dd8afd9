"""The main job: ``storylens [PATH] [--html FILE] [--json FILE]``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from storylens.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_default_run_reports_on_the_bundled_sample(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys)
    assert status == 0
    assert out.startswith("7 articles")
    for section in ("Similarity", "Shared terms", "Distinctive terms"):
        assert section in out
    assert "Meridian Press" in out
    assert "velmora" in out.split("Shared terms")[1]


def test_json_and_html_outputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    json_path, html_path = tmp_path / "report.json", tmp_path / "report.html"
    status, _, _ = run(capsys, "--json", str(json_path), "--html", str(html_path))
    assert status == 0
    report = json.loads(json_path.read_text(encoding="utf-8"))
    assert [row["id"] for row in report["articles"]][:2] == ["continental-review", "newsbeat24"]
    assert len(report["similarity"]["values"]) == 7
    page = html_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "Velmora" in page


def test_a_folder_of_articles(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Share\nThe port of Kestra closed on Friday after dock workers walked out over pay.\n"
    )
    (tmp_path / "b.txt").write_text(
        "Dock workers at Kestra walked out on Friday, closing the port, the union said.\n"
    )
    status, out, _ = run(capsys, str(tmp_path))
    assert status == 0
    assert out.startswith("2 articles")


def test_bad_input_exits_with_a_message(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, str(tmp_path / "missing"))
    assert status == 1
    assert "no such folder" in err
    (tmp_path / "good.txt").write_text("The port closed on Friday after the strike began.")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    status, _, err = run(capsys, str(tmp_path))
    assert status == 1
    assert "bad.txt" in err
    # The command lists skipped files itself, so no warning repeats them.
    status, out, err = run(capsys, str(tmp_path), "--skip-bad")
    assert status == 0
    assert "skipped" in err and "bad.txt" in err
    assert out.startswith("1 article\n")


def test_progress_is_shown_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--progress")
    assert status == 0
    assert "cleaning" in err and "done" in err


def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "storylens", "--terms", "5"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("7 articles")


def _small_folder(folder: Path) -> None:
    texts = {
        "one": "The port of Kestra closed on Friday after dock workers walked out over pay.",
        "two": "Dock workers at the port of Kestra walked out over pay, closing it on Friday.",
        "three": "Kestra's port was shut on Friday when its dock workers went on strike.",
    }
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def test_encoding_option_reads_other_encodings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _small_folder(tmp_path)
    (tmp_path / "four.txt").write_bytes(
        "Le café du port a fermé vendredi à Kestra.".encode("latin-1")
    )
    status, _, error = run(capsys, str(tmp_path))
    assert status == 1 and "four.txt" in error and "--encoding" in error
    status, output, _ = run(capsys, str(tmp_path), "--encoding", "latin-1")
    assert status == 0 and output.startswith("4 articles")


def test_skip_bad_reports_each_skipped_file_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _small_folder(tmp_path)
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    status, output, error = run(capsys, str(tmp_path), "--skip-bad")
    assert status == 0 and output.startswith("3 articles")
    assert error.count("empty.txt") == 1, error


def test_large_sets_print_the_top_pairs_unless_asked_in_full(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    places = ["harbour", "bridge", "station", "airport", "market", "school", "library"]
    for n in range(25):
        place = places[n % len(places)]
        text = (
            f"The {place} of Kestra closed on day {n} after workers walked out, and the council "
            f"said the {place} would reopen once the talks on pay had ended."
        )
        (tmp_path / f"article_{n}.txt").write_text(text, encoding="utf-8")
    status, output, error = run(capsys, str(tmp_path), "--top", "3", "--quiet")
    assert status == 0 and error == ""
    section = output.split("Most similar pairs")[1].split("\n\n")[0].splitlines()
    assert len(section) == 1 + 3  # the heading's tail, then three pairs
    # The summary and the outliers come first; no section grows with the number of articles.
    assert output.startswith("25 articles")
    assert output.index("Digest") < output.index("Outliers") < output.index("Most similar")
    assert "removed" not in output and "What each article adds" not in output
    for n in range(25, 60):
        place = places[n % len(places)]
        (tmp_path / f"article_{n}.txt").write_text(
            f"The {place} of Kestra closed on day {n} after workers walked out over pay.",
            encoding="utf-8",
        )
    _, larger, _ = run(capsys, str(tmp_path), "--top", "3", "--quiet")
    assert larger.startswith("60 articles")
    assert len(larger.splitlines()) <= len(output.splitlines()) + 3
    status, output, _ = run(capsys, str(tmp_path), "--full")
    assert "Similarity (cosine of TF-IDF vectors)" in output
    assert 'columns: the ids without "article_"' in output
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--top", "0"])
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--quiet", "--progress"])


def _distinctive_section(output: str) -> dict[str, str]:
    section = output.split("Distinctive terms")[1].split("\n\n")[0].splitlines()[1:]
    return {line.split()[0]: line.split("  ", 2)[-1].strip() for line in section}


def test_top_also_bounds_the_terms_shown_per_article(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, default_output, _ = run(capsys)
    default_terms = _distinctive_section(default_output)["continental-review"].split(", ")
    assert len(default_terms) > 2, default_terms
    json_path = tmp_path / "report.json"
    status, output, _ = run(capsys, "--top", "2", "--json", str(json_path))
    assert status == 0
    assert _distinctive_section(output)["continental-review"].split(", ") == default_terms[:2]
    report = json.loads(json_path.read_text(encoding="utf-8"))
    assert max(len(terms) for terms in report["distinctive_terms"].values()) == 2


def _two_stories_and_a_stray(folder: Path) -> None:
    texts = {
        "port_1": "Dock workers at the port of Kestra walked out over pay on Friday, closing it.",
        "port_2": "The port of Kestra closed on Friday when its dock workers walked out over pay.",
        "port_3": "Kestra's dock workers walked out over pay and the port closed on Friday.",
        "measles_1": "Measles cases rose in Brennock schools; the health office urged vaccines.",
        "measles_2": "Brennock's health office urged vaccines as measles spread in schools.",
        "measles_3": "Schools in Brennock reported more measles; health staff urged vaccines.",
        "stray": "A violinist from Oskarby won the regional music prize with a sonata of her own.",
    }
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def test_stories_reports_each_story_on_its_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    _two_stories_and_a_stray(folder)
    html, json_path = tmp_path / "report.html", tmp_path / "report.json"
    status, output, _ = run(
        capsys, str(folder), "--stories", "--html", str(html), "--json", str(json_path)
    )
    assert status == 0
    assert output.startswith("7 articles in 3 stories")
    # Equal sizes go by first article: measles_1 comes before port_1.
    measles = output.split("Story 0 of 3")[1].split("Story 1 of 3")[0]
    port = output.split("Story 1 of 3")[1].split("Articles that stand alone")[0]
    # Each story's own report: its articles only, and its own shared terms.
    for story, members, absent, term in (
        (measles, "measles_", "port_", "brennock"),
        (port, "port_", "measles_", "kestra"),
    ):
        assert story.count("\n3 articles\n") == 1
        assert members in story and absent not in story
        assert term in story.split("Shared terms")[1].split("\n\n")[0]
    assert "stray" in output.split("Articles that stand alone")[1]
    assert "Story 2 of 3" not in output  # a story of one article is listed, not reported
    # One page per story, and the JSON holds each story's report.
    pages = sorted(p.name for p in tmp_path.glob("report.story-*.html"))
    assert pages == ["report.story-0.html", "report.story-1.html", "report.story-2.html"]
    assert not html.exists()
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert [len(s["report"]["articles"]) for s in data["stories"]] == [3, 3, 1]
    assert "brennock" in data["stories"][0]["terms"]
    # --full reports the story of one article too; --story and --stories exclude each other.
    _, output, _ = run(capsys, str(folder), "--stories", "--full")
    assert "Story 2 of 3: 1 article" in output and "Articles that stand alone" not in output
    with pytest.raises(SystemExit):
        main([str(folder), "--stories", "--story", "0"])


def test_open_shows_the_html_report_in_the_browser(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    # Without --html the page goes to a new temporary folder, which stderr names.
    status, _, error = run(capsys, "--open")
    assert status == 0 and len(opened) == 1
    page = Path(opened[0].removeprefix("file://"))
    assert opened[0].startswith("file://") and page.parent.parent == tmp_path
    assert str(page) in error
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # With --html, that file is the one opened.
    chosen = tmp_path / "chosen.html"
    status, _, _ = run(capsys, "--open", "--html", str(chosen))
    assert status == 0 and opened[1] == chosen.resolve().as_uri()
    assert "Velmora" in chosen.read_text(encoding="utf-8")
    # With --stories, the first (largest) story's page.
    status, _, _ = run(capsys, "--stories", "--open", "--html", str(chosen))
    assert status == 0 and opened[2] == (tmp_path / "chosen.story-0.html").resolve().as_uri()
    # Without --open nothing is opened.
    run(capsys, "--html", str(tmp_path / "quiet.html"))
    assert len(opened) == 3


def test_an_output_that_cannot_be_written_exits_with_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for option, target in (
        ("--html", tmp_path / "missing" / "report.html"),
        ("--json", tmp_path),
    ):
        status, _, err = run(capsys, option, str(target))
        assert status == 1
        assert err.startswith(f"storylens: cannot write {target}")
        assert "Traceback" not in err


def test_an_unknown_encoding_exits_with_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("The port closed on Friday after the strike began.")
    status, _, err = run(capsys, str(tmp_path), "--encoding", "utf-9")
    assert status == 1
    assert "unknown encoding 'utf-9'" in err


def test_terms_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--terms", "-1"])
    assert exit_.value.code == 2
    assert "--terms must be at least 1, got -1" in capsys.readouterr().err
