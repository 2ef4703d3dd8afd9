"""ArticleSet: constructors, indexing, frames, and bad input named by file, row or line."""

from __future__ import annotations

import datetime as dt
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from storylens import Article, ArticleSet, Skipped
from storylens.datasets import load_sample, sample_path
from storylens.exceptions import ColumnNotFoundError

PAGE = (
    "Home | News | Port\n"
    "Dockers walk out at Kestra port\n"
    "By Anna Lind\n"
    "Published: 14 March 2026, 09:12\n"
    "Hundreds of dock workers walked off the job at the port of Kestra on Friday, "
    "halting the loading of ships for the first time in a decade.\n"
    "The union said the strike would last until the operator returned to the table.\n"
    "Share\n"
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- constructors ---------------------------------------------------------------------------


def test_from_folder_reads_sorted_files_with_metadata(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Second article text.")
    write(tmp_path, "a.txt", "First article text.")
    write(tmp_path, "notes.md", "not an article")
    write(
        tmp_path,
        "metadata.csv",
        "id,outlet,title,date,url,section\na,Wire,A title,2026-03-14,https://w.example/a,world\n",
    )
    articles = ArticleSet.from_folder(tmp_path)
    assert articles.ids == ["a", "b"]
    first = articles["a"]
    assert first.outlet == "Wire"
    assert first.title == "A title"
    assert first.title_source == "input"
    assert first.date == dt.date(2026, 3, 14)
    assert first.url == "https://w.example/a"
    assert first.metadata == {"section": "world"}
    assert articles["b"].outlet is None


def test_from_folder_jsonl_metadata_and_explicit_choice(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "First article text.")
    meta = write(tmp_path, "meta/info.jsonl", json.dumps({"id": "a", "outlet": "Wire"}) + "\n")
    articles = ArticleSet.from_folder(tmp_path, metadata=meta)
    assert articles["a"].outlet == "Wire"
    assert ArticleSet.from_folder(tmp_path, metadata=False)["a"].outlet is None


def test_from_folder_strips_bom_and_reads_other_encodings(tmp_path: Path) -> None:
    write(tmp_path, "bom.txt", "\ufeffCafé text.".encode())
    write(tmp_path, "latin.txt", "Café text.".encode("cp1252"))
    with pytest.raises(ValueError, match=r"latin\.txt.*not valid utf-8.*0xe9.*encoding="):
        ArticleSet.from_folder(tmp_path)
    articles = ArticleSet.from_folder(tmp_path, "latin.txt", encoding="cp1252")
    assert articles["latin"].text == "Café text."
    assert ArticleSet.from_folder(tmp_path, "bom.txt")["bom"].text == "Café text."


def test_from_texts_and_series_keep_order() -> None:
    series = pd.Series(["b text", "a text"], index=[10, 3])
    articles = ArticleSet.from_texts(series)
    assert articles.ids == ["0", "1"]
    assert [a.text for a in articles] == ["b text", "a text"]
    generator = (text for text in ["x one", "y two"])
    assert len(ArticleSet.from_texts(generator, ids=("x", "y"))) == 2


def test_from_frame_uses_default_columns_and_index() -> None:
    frame = pd.DataFrame(
        {
            "text": ["First text.", "Second text."],
            "outlet": ["Wire", np.nan],
            "date": ["2026-03-14", None],
            "extra": [1, 2],
        },
        index=["w", "h"],
    )
    articles = ArticleSet.from_frame(frame)
    assert articles.ids == ["w", "h"]
    assert articles["w"].outlet == "Wire"
    assert articles["h"].outlet is None
    assert articles["w"].date == dt.date(2026, 3, 14)
    assert articles["h"].date is None
    assert articles["w"].metadata == {"extra": 1}
    renamed = frame.rename(columns={"text": "body"}).assign(key=["k1", "k2"])
    articles = ArticleSet.from_frame(renamed, text="body", id="key", outlet="outlet")
    assert articles.ids == ["k1", "k2"]


def test_from_jsonl(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": "First text.", "outlet": "Wire", "date": "2026-03-13"},
        {"id": "b", "text": "Second text.", "title": "B"},
    ]
    path = write(tmp_path, "set.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n\n")
    articles = ArticleSet.from_jsonl(path)
    assert articles.ids == ["a", "b"]
    assert articles["a"].date == dt.date(2026, 3, 13)
    assert articles["b"].title == "B"


def test_inputs_are_not_mutated() -> None:
    texts = ["  First text.  ", "Second text."]
    frame = pd.DataFrame({"text": texts})
    before = frame.copy()
    ArticleSet.from_texts(texts).clean()
    ArticleSet.from_frame(frame).clean()
    assert texts == ["  First text.  ", "Second text."]
    pd.testing.assert_frame_equal(frame, before)


# -- the sequence ---------------------------------------------------------------------------


def test_indexing_by_position_id_and_slice() -> None:
    articles = ArticleSet.from_texts(["One.", "Two.", "Three."], ids=["a", "b", "c"])
    assert articles[1].id == "b"
    assert articles[-1].id == "c"
    assert articles["c"].text == "Three."
    assert articles[1:].ids == ["b", "c"]
    assert "a" in articles and "z" not in articles  # type: ignore[comparison-overlap]
    with pytest.raises(KeyError, match="'z'"):
        articles["z"]
    with pytest.raises(IndexError):
        articles[5]
    with pytest.raises(TypeError):
        articles[1.0]  # type: ignore[call-overload]


def test_to_frame_has_one_row_per_article_in_order() -> None:
    articles = load_sample()
    frame = articles.to_frame()
    assert list(frame["id"]) == articles.ids
    assert list(frame.columns) == [
        "id",
        "outlet",
        "title",
        "date",
        "byline",
        "dateline",
        "url",
        "text",
        "words_kept",
        "words_removed",
    ]
    assert (frame["words_removed"] == 0).all()
    cleaned = articles.clean().to_frame()
    assert (cleaned["words_removed"] > 0).all()
    assert (cleaned["words_kept"] + cleaned["words_removed"] == frame["words_kept"]).all()


def test_sentences_have_offsets_into_the_text() -> None:
    article = load_sample().clean()["wire"]
    assert len(article.sentences) > 10
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text


def test_language_is_validated_and_resolved() -> None:
    assert ArticleSet.from_texts(["Ein Text."], language="de").language == "german"
    assert ArticleSet.from_texts(["Ein Text."], language="AUTO").language == "english"  # too short
    with pytest.raises(ValueError, match="unknown language 'klingon'"):
        ArticleSet.from_texts(["Text."], language="klingon")


def test_language_is_detected_from_the_articles_by_default() -> None:
    french = (
        "Le conseil a indiqué mardi que le pont resterait fermé jusqu'à ce que les "
        "ingénieurs soient certains qu'il est sûr pour la circulation des voitures."
    )
    english = "The bridge stays shut until the engineers are sure that it is safe to use."
    articles = ArticleSet.from_texts([french, french, english])
    assert articles.language == "french"
    assert {article.language for article in articles} == {"french"}
    assert ArticleSet.from_texts([french], language="english").language == "english"
    assert load_sample().language == "english"
    assert ArticleSet(list(articles)).language == "french"


def test_repr_and_html() -> None:
    articles = load_sample()
    assert repr(articles) == "ArticleSet(7 articles, raw, language='english')"
    assert "cleaned" in repr(articles.clean())
    assert "<table" in articles._repr_html_()
    assert repr(articles.clean()["wire"]).startswith("Article(id='wire', title=")


def test_sample_path_holds_the_files() -> None:
    assert (sample_path() / "truth.json").is_file()
    assert len(list((sample_path() / "articles").glob("*.txt"))) == 7


# -- bad input --------------------------------------------------------------------------------


def test_missing_and_empty_folders(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such folder"):
        ArticleSet.from_folder(tmp_path / "missing")
    with pytest.raises(ValueError, match=r"no files matching '\*\.txt'"):
        ArticleSet.from_folder(tmp_path)
    file = write(tmp_path, "a.txt", "x")
    with pytest.raises(NotADirectoryError):
        ArticleSet.from_folder(file)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"   \n\n\t", "empty"),
        (b"caf\xe9 au lait", "not valid utf-8"),
    ],
)
def test_bad_files_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    write(tmp_path, "good.txt", "A good article.")
    write(tmp_path, "bad.txt", content)
    with pytest.raises(ValueError, match=rf"bad\.txt.*{message}"):
        ArticleSet.from_folder(tmp_path)
    with pytest.warns(UserWarning, match="skipped 1 bad input item"):
        articles = ArticleSet.from_folder(tmp_path, on_error="skip")
    assert articles.ids == ["good"]
    assert len(articles.skipped) == 1
    assert articles.skipped[0].item.endswith("bad.txt")
    assert message in articles.skipped[0].reason


def test_unreadable_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Permission bits do not stop root (CI runs as root), so the failure is simulated.
    write(tmp_path, "good.txt", "A good article.")
    locked = write(tmp_path, "locked.txt", "text")
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(PermissionError, match=r"locked.txt"):
        ArticleSet.from_folder(tmp_path)
    with pytest.warns(UserWarning):
        articles = ArticleSet.from_folder(tmp_path, on_error="skip")
    assert articles.ids == ["good"]
    assert "Permission denied" in articles.skipped[0].reason


def test_duplicate_ids(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"duplicate article id 'a'.*texts\[0\].*texts\[2\]"):
        ArticleSet.from_texts(["x", "y", "z"], ids=["a", "b", "a"])
    frame = pd.DataFrame({"text": ["x", "y"]}, index=["k", "k"])
    with pytest.raises(ValueError, match="duplicate article id 'k'"):
        ArticleSet.from_frame(frame)
    write(tmp_path, "one/a.txt", "first")
    write(tmp_path, "two/a.txt", "second")
    articles = ArticleSet.from_folder(tmp_path, "**/*.txt")
    assert articles.ids == ["one/a", "two/a"]


def test_non_text_rows_are_named() -> None:
    with pytest.raises(ValueError, match=r"texts\[1\].*NaN"):
        ArticleSet.from_texts(["ok", math.nan])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"texts\[2\].*must be a str, got int"):
        ArticleSet.from_texts(["ok", "fine", 3])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"texts\[0\].*empty"):
        ArticleSet.from_texts([" "])
    with pytest.raises(ValueError, match=r"row 1 \(index 1\).*NaN"):
        ArticleSet.from_frame(pd.DataFrame({"text": ["ok", np.nan]}))
    with pytest.raises(ValueError, match=r"row 0.*(missing|NaN)"):
        ArticleSet.from_frame(pd.DataFrame({"text": [None, "ok"]}))
    with pytest.raises(TypeError, match="single str"):
        ArticleSet.from_texts("just one string")


def test_usual_column_names_are_mapped_and_recorded() -> None:
    frame = pd.DataFrame(
        {
            "Headline": ["Port shut"],
            "content": ["The port closed on Friday."],
            "publisher": ["Harbour Times"],
            "source": ["Wire"],
            "published": ["2026-03-14"],
            "link": ["https://example.test/a"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the mapping is recorded, never warned about
        articles = ArticleSet.from_frame(frame)
    article = articles[0]
    assert (article.title, article.text, article.outlet) == (
        "Port shut",
        "The port closed on Friday.",
        "Wire",  # "source" comes before "publisher"
    )
    assert str(article.date) == "2026-03-14" and article.url == "https://example.test/a"
    assert articles.column_map == {
        "text": "content",
        "title": "Headline",
        "outlet": "source",
        "date": "published",
        "url": "link",
    }
    assert article.metadata == {"publisher": "Harbour Times"}
    named = ArticleSet.from_frame(frame, text="content", outlet="publisher")
    assert named[0].outlet == "Harbour Times" and named.column_map["outlet"] == "publisher"
    assert ArticleSet.from_texts(["One."]).column_map == {}


def test_skip_reports_bad_rows_and_keeps_the_rest() -> None:
    frame = pd.DataFrame({"text": ["ok one", np.nan, 5, "ok two"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        articles = ArticleSet.from_frame(frame, on_error="skip")
    assert articles.ids == ["0", "3"]
    assert [s.item for s in articles.skipped] == ["row 1 (index 1)", "row 2 (index 2)"]
    assert all(isinstance(s, Skipped) for s in articles.skipped)
    assert any("skipped 2" in str(w.message) for w in caught)
    with pytest.raises(ValueError, match="on_error"):
        ArticleSet.from_frame(frame, on_error="ignore")


def test_missing_columns_are_named() -> None:
    with pytest.raises(KeyError, match=r"column 'text' \(for text\).*\['words'\]"):
        ArticleSet.from_frame(pd.DataFrame({"words": ["x"]}))
    frame = pd.DataFrame({"body": ["x"]})
    with pytest.raises(KeyError, match="column 'who'"):
        ArticleSet.from_frame(frame, text="body", outlet="who")
    with pytest.raises(TypeError, match="DataFrame"):
        ArticleSet.from_frame([{"text": "x"}])  # type: ignore[arg-type]


def test_bad_jsonl_lines_are_named(tmp_path: Path) -> None:
    path = write(
        tmp_path, "set.jsonl", '{"text": "ok"}\n{not json}\n[1, 2]\n{"title": "no text"}\n'
    )
    with pytest.raises(ValueError, match=r"set\.jsonl line 2: not valid JSON"):
        ArticleSet.from_jsonl(path)
    with pytest.warns(UserWarning):
        articles = ArticleSet.from_jsonl(path, on_error="skip")
    assert len(articles) == 1
    assert [s.item for s in articles.skipped] == [
        "set.jsonl line 2",
        "set.jsonl line 3",
        "set.jsonl line 4",
    ]
    with pytest.raises(FileNotFoundError):
        ArticleSet.from_jsonl(tmp_path / "missing.jsonl")


def test_bad_metadata(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "text")
    write(tmp_path, "metadata.csv", "outlet\nWire\n")
    with pytest.raises(ValueError, match="needs an 'id' column"):
        ArticleSet.from_folder(tmp_path)
    write(tmp_path, "metadata.csv", "id,date\na,not a date\n")
    with pytest.raises(ValueError, match=r"'a'.*date 'not a date' is not a date"):
        ArticleSet.from_folder(tmp_path)
    write(tmp_path, "metadata.csv", "id,outlet\na,W\na,X\n")
    with pytest.raises(ValueError, match="id 'a' appears twice"):
        ArticleSet.from_folder(tmp_path)
    write(tmp_path, "metadata.csv", "id,outlet\na,W\nghost,X\n")
    with pytest.warns(UserWarning, match="no article file for id 'ghost'"):
        ArticleSet.from_folder(tmp_path)


def test_article_set_rejects_non_articles_and_duplicates() -> None:
    article = Article(id="a", text="t", original="t")
    with pytest.raises(ValueError, match="duplicate article id 'a' at positions 0 and 1"):
        ArticleSet([article, article])
    with pytest.raises(TypeError, match=r"articles\[0\] must be an Article"):
        ArticleSet(["text"])  # type: ignore[list-item]


def test_cleaning_keeps_every_row_in_order_even_without_body() -> None:
    texts = [PAGE, "Page not found\nHome | News | Sport\nSearch", PAGE.replace("Kestra", "Ostra")]
    cleaned = ArticleSet.from_texts(texts, ids=["a", "b", "c"]).clean()
    assert cleaned.ids == ["a", "b", "c"]
    assert cleaned["b"].text == ""
    assert cleaned["b"].words_kept == 0
    assert {r.kind for r in cleaned["b"].removed} <= {"no-body", "navigation", "furniture", "title"}


# -- what a new user meets first ------------------------------------------------------------


def test_from_jsonl_reads_the_text_under_the_names_from_frame_accepts(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "Body": "The ferry crews walked out at dawn.", "source": "Tidewire"},
        {"id": "b", "Body": "Crews of the isle ferry struck on Monday.", "published": "2026-03-03"},
    ]
    path = write(tmp_path, "set.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    articles = ArticleSet.from_jsonl(path)
    assert articles["a"].text == "The ferry crews walked out at dawn."
    assert articles["a"].outlet == "Tidewire"
    assert articles["b"].date == dt.date(2026, 3, 3)


def test_from_jsonl_takes_the_text_field_named_by_text(tmp_path: Path) -> None:
    lines = [{"id": "a", "story": "The crews struck.", "content": "Ferry strike: live"}]
    path = write(tmp_path, "set.jsonl", json.dumps(lines[0]) + "\n")
    assert ArticleSet.from_jsonl(path, text="story")["a"].text == "The crews struck."
    with pytest.raises(ColumnNotFoundError, match=r"text='lede' is in no line; fields are"):
        ArticleSet.from_jsonl(path, text="lede")


def test_a_jsonl_file_without_a_text_field_says_where_it_looked(tmp_path: Path) -> None:
    path = write(tmp_path, "set.jsonl", json.dumps({"id": "a", "story": "Crews struck."}) + "\n")
    with pytest.raises(ColumnNotFoundError) as raised:
        ArticleSet.from_jsonl(path)
    message = str(raised.value)
    assert "looked for 'text', 'body', 'content'" in message
    assert "fields are ['id', 'story']" in message
    assert "text=" in message and "from_frame" in message


def test_an_unknown_encoding_is_a_clear_error_before_any_file_is_read(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "The crews struck.")
    jsonl = write(tmp_path, "set.jsonl", json.dumps({"text": "The crews struck."}) + "\n")
    for load in (
        lambda: ArticleSet.from_folder(tmp_path, encoding="nosuch"),
        lambda: ArticleSet.from_jsonl(jsonl, encoding="nosuch"),
    ):
        with pytest.raises(ValueError, match=r"encoding='nosuch' is not a text encoding"):
            load()


def test_a_bad_item_error_notes_that_on_error_skip_would_leave_it_out(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "The crews struck.")
    write(tmp_path, "b.txt", "  \n")
    with pytest.raises(ValueError, match="the article is empty") as raised:
        ArticleSet.from_folder(tmp_path)
    assert any('on_error="skip"' in note for note in raised.value.__notes__)


def test_metadata_of_a_file_the_pattern_leaves_out_gives_no_warning(tmp_path: Path) -> None:
    write(tmp_path, "wire.txt", "The ferry crews walked out at dawn.")
    write(tmp_path, "blog.html", "<p>Crews of the island ferry struck on Monday.</p>")
    write(tmp_path, "sub/notes.txt", "Crews struck.")
    write(tmp_path, "metadata.csv", "id,outlet\nwire,Tidewire\nblog,Isle Blog\nsub/notes,N\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ArticleSet.from_folder(tmp_path, "*.html").ids == ["blog"]
    write(tmp_path, "metadata.csv", "id,outlet\nwire,Tidewire\nblog,B\nghost,G\nsub/gone,N\n")
    with pytest.warns(UserWarning) as caught:
        ArticleSet.from_folder(tmp_path, "*.html")
    assert sorted(str(w.message).split("id ")[1] for w in caught) == ["'ghost'", "'sub/gone'"]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("13/04/2026", dt.date(2026, 4, 13)),
        ("04/13/2026", dt.date(2026, 4, 13)),
        ("03.04.2026", dt.date(2026, 4, 3)),
        ("05/05/2026", dt.date(2026, 5, 5)),
        ("2026-03-04", dt.date(2026, 3, 4)),
    ],
)
def test_metadata_dates_of_numbers_alone_follow_one_rule(
    tmp_path: Path, written: str, read: dt.date
) -> None:
    write(tmp_path, "wire.txt", "The ferry crews walked out at dawn.")
    write(tmp_path, "metadata.csv", f"id,date\nwire,{written}\n")
    assert ArticleSet.from_folder(tmp_path)["wire"].date == read


def test_an_ambiguous_metadata_date_is_an_error_asking_for_iso(tmp_path: Path) -> None:
    write(tmp_path, "wire.txt", "The ferry crews walked out at dawn.")
    write(tmp_path, "metadata.csv", "id,date\nwire,03/04/2026\n")
    with pytest.raises(ValueError) as raised:
        ArticleSet.from_folder(tmp_path)
    message = str(raised.value)
    assert "'03/04/2026' is ambiguous: 3 April or March 4?" in message
    assert "2026-04-03 or 2026-03-04" in message
    with pytest.raises(ValueError, match="ambiguous"):
        ArticleSet.from_frame(pd.DataFrame({"text": ["Crews struck."], "date": ["4/3/26"]}))


def test_a_position_outside_the_set_says_how_many_it_holds() -> None:
    articles = ArticleSet.from_texts(["One.", "Two."], ids=["a", "b"])
    with pytest.raises(IndexError, match=r"no article at position 99 \(the set holds 2\)"):
        articles[99]
    with pytest.raises(IndexError, match=r"position -3"):
        articles[-3]
    assert articles[-2].id == "a"


def test_a_jsonl_line_without_the_files_text_field_is_named_with_its_fields(
    tmp_path: Path,
) -> None:
    lines = [{"id": "a", "body": "The crews struck."}, {"id": "b", "content": "Crews struck."}]
    path = write(tmp_path, "set.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    message = r"set\.jsonl line 2: no 'body' field, .* fields are \['content', 'id'\]"
    with pytest.raises(ValueError, match=message):
        ArticleSet.from_jsonl(path)
    with pytest.warns(UserWarning, match="skipped 1"):
        assert ArticleSet.from_jsonl(path, on_error="skip").ids == ["a"]
