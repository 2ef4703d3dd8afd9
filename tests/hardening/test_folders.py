"""Reading an article folder: only regular files inside the folder are read; FIFOs, devices,
symlinks out of the folder and unreadable files are named, never waited on or read silently."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest
from storylens import ArticleSet

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file kinds")

STORY = "The harbour board met on Tuesday and agreed to reopen the north quay next week."


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "wire.txt").write_text(STORY, encoding="utf-8")
    return folder


def _read_within(seconds: float, read: object) -> object:
    """Runs ``read`` on a thread and fails if it has not returned after ``seconds`` (a read
    that blocks forever would otherwise hang the suite)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = read()  # type: ignore[operator]
        except BaseException as error:  # handed to the test below
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading the folder blocked"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]


def test_a_fifo_is_skipped_with_a_warning_naming_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    os.mkfifo(folder / "pipe.txt")
    with pytest.warns(UserWarning, match=r"pipe\.txt: skipped, it is a FIFO"):
        articles = _read_within(60, lambda: ArticleSet.from_folder(folder))
    assert articles.ids == ["wire"]  # type: ignore[attr-defined]


def test_a_device_file_is_skipped_with_a_warning_naming_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "zero.txt").symlink_to("/dev/zero")  # a device: reading it never ends
    with pytest.warns(UserWarning, match=r"zero\.txt: skipped, it is a device"):
        articles = _read_within(60, lambda: ArticleSet.from_folder(folder))
    assert articles.ids == ["wire"]  # type: ignore[attr-defined]


def test_a_file_swapped_for_a_fifo_after_listing_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storylens.articles import _loading

    folder = _folder(tmp_path)
    (folder / "pipe.txt").write_text(STORY)
    listed = _loading._unreadable_entry

    def list_then_swap(path: Path, *args: object) -> str | None:
        note = listed(path, *args)  # type: ignore[arg-type]
        if path.name == "pipe.txt":
            path.unlink()
            os.mkfifo(path)
        return note

    monkeypatch.setattr(_loading, "_unreadable_entry", list_then_swap)
    with pytest.raises(OSError, match=r"pipe\.txt: cannot be read: it is a FIFO"):
        _read_within(60, lambda: ArticleSet.from_folder(folder))


def test_a_symlink_out_of_the_folder_is_not_followed_unless_asked(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("A private note that is not part of the article set at all.")
    (folder / "leak.txt").symlink_to(secret)
    with pytest.warns(UserWarning, match=r"leak\.txt: skipped, it is a symlink to .*outside"):
        assert ArticleSet.from_folder(folder).ids == ["wire"]
    followed = ArticleSet.from_folder(folder, follow_symlinks=True)
    assert followed.ids == ["leak", "wire"]
    assert followed["leak"].original == secret.read_text()


def test_a_symlinked_folder_leading_out_is_not_walked_into(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "other.txt").write_text(STORY)
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    (folder / "local").mkdir()
    (folder / "local" / "inside.txt").write_text(STORY)
    # Python's recursive glob ("**") does not enter symlinked folders; a pattern naming one
    # ("*/*.txt") does, and the file it finds leads out of the folder.
    with pytest.warns(UserWarning, match=r"other\.txt: skipped, it is a symlink"):
        assert ArticleSet.from_folder(folder, "*/*.txt").ids == ["local/inside"]


def test_a_symlink_to_a_file_inside_the_folder_is_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "copy.txt").symlink_to(folder / "wire.txt")
    articles = ArticleSet.from_folder(folder)
    assert articles.ids == ["copy", "wire"]
    assert articles["copy"].original == STORY


def test_a_broken_symlink_is_reported_by_name(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    with pytest.raises(FileNotFoundError, match=r"gone\.txt: cannot be read: a broken symlink"):
        ArticleSet.from_folder(folder)
    with pytest.warns(UserWarning, match=r"skipped 1 bad input item"):
        skipping = ArticleSet.from_folder(folder, on_error="skip")
    assert skipping.ids == ["wire"]
    assert [Path(s.item).name for s in skipping.skipped] == ["gone.txt"]


def test_a_file_removed_between_listing_and_reading_is_reported_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storylens.articles import _loading

    folder = _folder(tmp_path)
    (folder / "brief.txt").write_text(STORY)
    listed = _loading._unreadable_entry

    def list_then_remove(path: Path, *args: object) -> str | None:
        note = listed(path, *args)  # type: ignore[arg-type]
        if path.name == "brief.txt":
            path.unlink()
        return note

    monkeypatch.setattr(_loading, "_unreadable_entry", list_then_remove)
    with pytest.raises(FileNotFoundError, match=r"brief\.txt: cannot be read"):
        ArticleSet.from_folder(folder)


def test_an_unreadable_file_is_reported_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The tests may run as root, whom chmod 000 does not stop: refuse the open instead.
    folder = _folder(tmp_path)
    (folder / "locked.txt").write_text(STORY)
    real_open = os.open

    def refusing_open(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(PermissionError, match=r"locked\.txt: cannot be read: Permission denied"):
        ArticleSet.from_folder(folder)
    with pytest.warns(UserWarning, match=r"skipped 1 bad input item"):
        skipping = ArticleSet.from_folder(folder, on_error="skip")
    assert skipping.ids == ["wire"]
    assert "locked.txt" in skipping.skipped[0].item
    assert "Permission denied" in skipping.skipped[0].reason
