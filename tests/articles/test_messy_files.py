"""Loaders against the files a scrape leaves behind: metadata that is malformed or in another
encoding, JSON Lines files with a byte-order mark or bytes that are not UTF-8, an encoding
name that does not exist, upper-case extensions, and pages whose embedded date is a
placeholder. Each is read, or refused with an error that names the file (and the line)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from storylens import ArticleSet
from storylens.exceptions import InvalidDocumentError, InvalidParameterError

BODY = (
    "The council voted on Tuesday to close the old bridge over the Arden for repairs, "
    "after engineers found cracks in two of its piers."
)


def test_a_malformed_metadata_csv_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text('id,outlet\n"a,Wire\n', encoding="utf-8")
    with pytest.raises(InvalidDocumentError, match=r"metadata\.csv: cannot be read as CSV"):
        ArticleSet.from_folder(tmp_path)


def test_a_malformed_metadata_jsonl_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.jsonl").write_text('{"id": "a", "outlet": \n', encoding="utf-8")
    with pytest.raises(InvalidDocumentError, match=r"metadata\.jsonl: cannot be read as JSON"):
        ArticleSet.from_folder(tmp_path)


def test_metadata_is_read_in_the_folders_encoding(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(("Caf\xe9 " + BODY).encode("cp1252"))
    (tmp_path / "metadata.csv").write_bytes("id,outlet\na,Le Caf\xe9\n".encode("cp1252"))
    articles = ArticleSet.from_folder(tmp_path, encoding="cp1252")
    assert articles["a"].outlet == "Le Caf\xe9"
    assert articles["a"].text.startswith("Caf\xe9")


def test_metadata_that_is_not_in_the_encoding_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.csv").write_bytes("id,outlet\na,Le Caf\xe9\n".encode("cp1252"))
    with pytest.raises(InvalidDocumentError, match=r"metadata\.csv: not valid utf-8.*encoding="):
        ArticleSet.from_folder(tmp_path)


def test_a_metadata_csv_with_a_byte_order_mark_keeps_its_id_column(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.csv").write_bytes(b"\xef\xbb\xbfid,outlet\na,Wire\n")
    assert ArticleSet.from_folder(tmp_path)["a"].outlet == "Wire"


def test_jsonl_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "' + BODY.encode() + b'"}\n')
    assert ArticleSet.from_jsonl(path).ids == ["a"]


def test_jsonl_bytes_that_are_not_utf8_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    good = '{"id": "a", "text": "' + BODY + '"}\n'
    path.write_bytes(good.encode() + b'{"id": "b", "text": "Caf\xe9"}\n')
    with pytest.raises(
        InvalidDocumentError, match=r"set\.jsonl line 2: not valid utf-8.*encoding="
    ):
        ArticleSet.from_jsonl(path)
    assert ArticleSet.from_jsonl(path, encoding="cp1252")["b"].text == "Caf\xe9"


@pytest.mark.parametrize("loader", ["from_folder", "from_jsonl"])
def test_an_unknown_encoding_is_a_parameter_error(tmp_path: Path, loader: str) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "set.jsonl").write_text('{"text": "' + BODY + '"}\n', encoding="utf-8")
    path = tmp_path if loader == "from_folder" else tmp_path / "set.jsonl"
    with pytest.raises(InvalidParameterError, match="encoding 'utf-9'"):
        getattr(ArticleSet, loader)(path, encoding="utf-9")


def test_upper_case_extensions_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.TXT").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.Html").write_text(f"<html><body><p>{BODY}</p></body></html>", "utf-8")
    (tmp_path / "c.txt").write_text(BODY, encoding="utf-8")
    assert ArticleSet.from_folder(tmp_path).ids == ["a", "b", "c"]


@pytest.mark.parametrize("placeholder", ["0000-00-00T00:00:00", "2024-13-45", "2023-02-30"])
def test_a_placeholder_date_in_a_page_is_left_out_not_fatal(placeholder: str) -> None:
    page = (
        f'<html><head><meta property="article:published_time" content="{placeholder}">'
        f"</head><body><p>{BODY}</p></body></html>"
    )
    article = ArticleSet.from_html([page])[0]
    assert article.date is None
    assert article.text == BODY


def test_a_position_out_of_range_is_named() -> None:
    articles = ArticleSet.from_texts([BODY, BODY + " Again."])
    with pytest.raises(IndexError, match=r"position -3 .* 2 articles"):
        articles[-3]
    with pytest.raises(IndexError, match=r"position 2 .* 2 articles"):
        articles[2]


def test_a_frame_with_two_columns_of_one_name_is_refused() -> None:
    frame = pd.DataFrame([[BODY, BODY + " Later.", "Wire"]], columns=["text", "text", "outlet"])
    with pytest.raises(InvalidParameterError, match="has 2 columns named 'text'"):
        ArticleSet.from_frame(frame)
    frame.columns = ["text", "body", "outlet"]
    assert ArticleSet.from_frame(frame)[0].text == BODY


@pytest.mark.parametrize("ids", [0, None, b"a"])
def test_drop_names_what_it_takes(ids: object) -> None:
    articles = ArticleSet.from_texts([BODY, BODY + " Again."], ids=["a", "b"])
    with pytest.raises(TypeError, match=r"drop takes an id \(str\) or a list of ids"):
        articles.drop(ids)  # type: ignore[arg-type]
