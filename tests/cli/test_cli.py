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
    status, output, _ = run(capsys, str(tmp_path), "--full")
    assert "Similarity (cosine of TF-IDF vectors)" in output
    assert 'columns: the ids without "article_"' in output
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--top", "0"])
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--quiet", "--progress"])
