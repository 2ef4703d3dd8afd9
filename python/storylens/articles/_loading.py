"""Reading articles from folders, texts, DataFrames and JSON Lines into validated records.

Every reader names the offending file, row or line in its errors. With ``on_error="skip"``
a bad item is left out and listed in the returned skip report instead; nothing is dropped
silently.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import errno
import fnmatch
import io
import json
import math
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from storylens.articles._html import looks_like_html, parse_html
from storylens.articles.article import Skipped
from storylens.exceptions import (
    ColumnNotFoundError,
    DocumentTypeError,
    InvalidDocumentError,
    InvalidParameterError,
)

#: Metadata fields an article may carry besides its text.
METADATA_FIELDS = ("title", "outlet", "date", "url")

#: File names the folder reader looks for beside the articles.
METADATA_FILES = ("metadata.csv", "metadata.jsonl")

#: What the folder reader takes by default: plain-text articles and saved web pages.
DEFAULT_PATTERNS = ("*.txt", "*.html", "*.htm")

#: A UTF-16 surrogate code point: in a Python str only as a lone surrogate, which is not text
#: (it cannot be encoded, cleaned or saved).
_SURROGATE = re.compile("[\ud800-\udfff]")

#: Suffixes of files read as HTML.
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass
class Record:
    """One article as read, before it becomes an :class:`~storylens.Article`."""

    id: str
    text: str
    source: str
    title: str | None = None
    outlet: str | None = None
    date: _dt.date | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class _Collector:
    """Raises the first problem, or with ``on_error="skip"`` records it and goes on."""

    def __init__(self, on_error: str) -> None:
        if on_error not in ("raise", "skip"):
            raise InvalidParameterError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
        self.skip = on_error == "skip"
        self.skipped: list[Skipped] = []

    def problem(self, item: str, error: Exception) -> None:
        if not self.skip:
            raise error
        # The error names the item for the raise case; the record names it once already.
        reason = str(error).removeprefix(f"{item}: ")
        self.skipped.append(Skipped(item, reason))


def is_missing(value: Any) -> bool:
    """None, NaN, pandas NA/NaT."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _optional_str(value: Any, name: str, where: str) -> str | None:
    if is_missing(value):
        return None
    if isinstance(value, str):
        surrogate = _SURROGATE.search(value)
        if surrogate is not None:
            raise InvalidDocumentError(
                f"{where}: {name} is not valid Unicode text (it contains a lone surrogate at "
                f"index {surrogate.start()})"
            )
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise DocumentTypeError(f"{where}: {name} must be a str, got {type(value).__name__}")


def parse_date(value: Any, where: str) -> _dt.date | None:
    """A metadata date: a date, datetime, Timestamp or ISO-like string; None when missing."""
    if is_missing(value):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return pd.Timestamp(value.strip()).date()
        except (ValueError, TypeError) as error:
            raise InvalidDocumentError(f"{where}: date {value!r} is not a date ({error})") from None
    raise DocumentTypeError(f"{where}: date must be a date or a str, got {type(value).__name__}")


def check_text(value: Any, where: str) -> str:
    """The article text of one item, or a TypeError/ValueError naming it."""
    if isinstance(value, str):
        if not value.strip():
            raise InvalidDocumentError(f"{where}: the article is empty")
        surrogate = _SURROGATE.search(value)
        if surrogate is not None:
            raise InvalidDocumentError(
                f"{where}: not valid Unicode text (it contains a lone surrogate at index "
                f"{surrogate.start()})"
            )
        return value
    if isinstance(value, float) and math.isnan(value):
        raise InvalidDocumentError(f"{where}: text is NaN")
    if is_missing(value):
        raise InvalidDocumentError(f"{where}: text is missing ({value!r})")
    raise DocumentTypeError(f"{where}: text must be a str, got {type(value).__name__}")


def check_unique_ids(records: list[Record], collector: _Collector) -> list[Record]:
    """Duplicate ids are an error naming both sources (or, skipping, the later one goes)."""
    seen: dict[str, Record] = {}
    unique: list[Record] = []
    for record in records:
        first = seen.get(record.id)
        if first is not None:
            collector.problem(
                record.source,
                InvalidDocumentError(
                    f"duplicate article id {record.id!r}: {first.source} and {record.source}"
                ),
            )
            continue
        seen[record.id] = record
        unique.append(record)
    return unique


def records_from_texts(
    texts: Iterable[Any], ids: Iterable[Any] | None, on_error: str, html: bool = False
) -> tuple[list[Record], list[Skipped]]:
    if isinstance(texts, (str, bytes)):
        raise InvalidParameterError("texts must be an iterable of str, not a single str")
    if isinstance(texts, pd.Series):
        texts = texts.tolist()
    items = list(texts)
    if ids is None:
        id_list = [str(position) for position in range(len(items))]
    else:
        if isinstance(ids, (str, bytes)):
            raise InvalidParameterError("ids must be an iterable of str, not a single str")
        id_list = [_id_str(value, f"ids[{i}]") for i, value in enumerate(ids)]
        if len(id_list) != len(items):
            raise InvalidParameterError(f"{len(id_list)} ids for {len(items)} texts")
    collector = _Collector(on_error)
    records = []
    for position, (value, article_id) in enumerate(zip(items, id_list, strict=True)):
        where = f"{'pages' if html else 'texts'}[{position}] (id {article_id!r})"
        try:
            text = check_text(value, where)
            records.append(
                record_from_html(article_id, text, where, {})
                if html
                else Record(article_id, text, where)
            )
        except (TypeError, ValueError) as error:
            collector.problem(where, error)
    return check_unique_ids(records, collector), collector.skipped


def _id_str(value: Any, where: str) -> str:
    if isinstance(value, str) and value.strip():
        surrogate = _SURROGATE.search(value)
        if surrogate is not None:
            raise InvalidDocumentError(
                f"{where}: the id is not valid Unicode text (it contains a lone surrogate at "
                f"index {surrogate.start()})"
            )
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if is_missing(value):
        raise InvalidDocumentError(f"{where}: the id is missing")
    raise DocumentTypeError(f"{where}: an id must be a non-empty str or an int, got {value!r}")


def records_from_rows(
    rows: Iterable[tuple[str, Any, Mapping[str, Any]]],
    columns: Mapping[str, str | None],
    on_error: str,
) -> tuple[list[Record], list[Skipped]]:
    """Records from ``(where, default id, row)`` triples; ``columns`` maps each field (text,
    id, title, outlet, date, url) to the row key that holds it, or None when absent."""
    collector = _Collector(on_error)
    records = []
    used = {key for key in columns.values() if key is not None}
    for where, default_id, row in rows:
        try:
            id_key = columns.get("id")
            article_id = _id_str(row[id_key] if id_key else default_id, f"{where}: id")
            text = check_text(row[columns["text"] or "text"], f"{where} (id {article_id!r})")
            values: dict[str, Any] = {}
            for name in METADATA_FIELDS:
                key = columns.get(name)
                raw = row.get(key) if key else None
                values[name] = (
                    parse_date(raw, where) if name == "date" else _optional_str(raw, name, where)
                )
            extra = {key: value for key, value in row.items() if key not in used}
            records.append(Record(article_id, text, where, extra=extra, **values))
        except (TypeError, ValueError) as error:
            collector.problem(where, error)
    return check_unique_ids(records, collector), collector.skipped


def resolve_columns(
    available: Iterable[str], text: str, chosen: Mapping[str, str | None]
) -> dict[str, str | None]:
    """Maps each field to its column: a named column must exist; an unnamed field uses the
    column of the same name when there is one."""
    available = list(available)
    columns: dict[str, str | None] = {}
    for name, key in {"text": text, **chosen}.items():
        if key is None:
            columns[name] = name if name in available and name != "text" else None
        elif key in available:
            columns[name] = key
        else:
            raise ColumnNotFoundError(
                f"column {key!r} (for {name}) is not in the data; columns are {available}"
            )
    return columns


def natural_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """The order a person reads names in: runs of digits by value, the rest case-folded;
    ties go to the exact text.

    >>> sorted(["article_10", "Article_2", "article_1"], key=natural_key)
    ['article_1', 'Article_2', 'article_10']
    """
    parts = re.split(r"(\d+)", name)
    key = tuple(
        (1, int(part), part) if index % 2 else (0, 0, part.casefold())
        for index, part in enumerate(parts)
        if part
    )
    return (*key, (2, 0, name))


def records_from_frame(
    frame: pd.DataFrame, text: str, chosen: Mapping[str, str | None], on_error: str
) -> tuple[list[Record], list[Skipped]]:
    if not isinstance(frame, pd.DataFrame):
        raise InvalidParameterError(
            f"from_frame needs a pandas DataFrame, got {type(frame).__name__}"
        )
    names = [str(c) for c in frame.columns]
    # A row read as a dict keeps one value per name: the others would vanish unseen.
    counted = Counter(names)
    repeated = sorted(name for name, count in counted.items() if count > 1)
    if repeated:
        raise InvalidParameterError(
            f"the frame has {counted[repeated[0]]} columns named {repeated[0]!r}; "
            "rename or drop them so that each column has its own name"
        )
    columns = resolve_columns(names, text, chosen)
    frame = frame.rename(columns=str)
    records: list[dict[str, Any]] = [
        {str(key): value for key, value in row.items()} for row in frame.to_dict(orient="records")
    ]
    rows = (
        (f"row {position} (index {index!r})", index, row)
        for position, (index, row) in enumerate(zip(frame.index, records, strict=True))
    )
    return records_from_rows(rows, columns, on_error)


def records_from_jsonl(
    path: str | os.PathLike[str], encoding: str, on_error: str
) -> tuple[list[Record], list[Skipped]]:
    path = Path(path)
    codec = decoding_codec(encoding)
    if not path.is_file():
        raise FileNotFoundError(f"no such JSON Lines file: {path}")
    collector = _Collector(on_error)
    rows: list[tuple[str, Any, Mapping[str, Any]]] = []
    for number, line in _jsonl_lines(path, encoding, codec):
        where = f"{path.name} line {number}"
        if isinstance(line, InvalidDocumentError):
            collector.problem(where, InvalidDocumentError(f"{where}: {line}"))
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            collector.problem(where, InvalidDocumentError(f"{where}: not valid JSON ({error})"))
            continue
        if not isinstance(row, dict):
            collector.problem(
                where,
                InvalidDocumentError(f"{where}: expected a JSON object, got {type(row).__name__}"),
            )
            continue
        rows.append((where, str(len(rows)), row))
    if not rows and not collector.skipped:
        raise InvalidDocumentError(f"{path} holds no articles")
    keys = sorted({key for _, _, row in rows for key in row})
    if rows and "text" not in keys:
        raise ColumnNotFoundError(f"{path}: no 'text' field in any line; fields are {keys}")
    columns = {name: (name if name in keys else None) for name in ("id", *METADATA_FIELDS)}
    columns["text"] = "text"
    records, skipped = records_from_rows(
        ((where, default, _with_text(row)) for where, default, row in rows), columns, on_error
    )
    return records, collector.skipped + skipped


def _jsonl_lines(
    path: Path, encoding: str, codec: str
) -> Iterator[tuple[int, str | InvalidDocumentError]]:
    """The numbered lines of a JSON Lines file, each decoded on its own so that bytes that
    are not ``encoding`` are named by their line (an InvalidDocumentError in its place)."""
    if "\n".encode(encoding) != b"\n":
        # UTF-16 and UTF-32 cannot be split into lines before decoding.
        try:
            text = path.read_bytes().decode(codec)
        except UnicodeDecodeError as error:
            raise InvalidDocumentError(f"{path}: {_not_decodable(error, encoding)}") from None
        yield from enumerate(text.split("\n"), start=1)
        return
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            try:
                yield number, raw.decode(codec)
            except UnicodeDecodeError as error:
                yield number, InvalidDocumentError(_not_decodable(error, encoding))


def _with_text(row: Mapping[str, Any]) -> Mapping[str, Any]:
    # A line without "text" is reported as a missing text, not as a KeyError.
    return row if "text" in row else {**row, "text": None}


def read_metadata(path: Path, encoding: str = "utf-8") -> dict[str, dict[str, Any]]:
    """Rows of a metadata CSV or JSONL file in ``encoding``, keyed by the ``id`` column; a
    file that is not valid CSV or JSON Lines, or not in ``encoding``, is named."""
    try:
        text = _read_regular_file(path).decode(decoding_codec(encoding))
    except UnicodeDecodeError as error:
        raise InvalidDocumentError(f"{path}: {_not_decodable(error, encoding)}") from None
    kind = "CSV" if path.suffix == ".csv" else "JSON Lines"
    try:
        if path.suffix == ".csv":
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        else:
            frame = pd.read_json(io.StringIO(text), lines=True, dtype=False)
    except (ValueError, pd.errors.ParserError) as error:
        raise InvalidDocumentError(f"{path}: cannot be read as {kind} ({error})") from None
    frame = frame.rename(columns=lambda column: str(column).strip())
    if "id" not in frame.columns:
        raise InvalidDocumentError(
            f"{path}: metadata needs an 'id' column; columns are {list(frame.columns)}"
        )
    table: dict[str, dict[str, Any]] = {}
    for number, raw in enumerate(frame.to_dict(orient="records"), start=1):
        row = {str(name): value for name, value in raw.items()}
        key = _id_str(row.pop("id"), f"{path.name} row {number}")
        if key in table:
            raise InvalidDocumentError(f"{path}: id {key!r} appears twice")
        table[key] = {name: (None if value == "" else value) for name, value in row.items()}
    return table


def record_from_html(article_id: str, html: str, where: str, row: dict[str, Any]) -> Record:
    """A record of a saved web page: its text, and its embedded metadata where ``row`` (the
    user's metadata file) gives none; the author and the page's language go to extra."""
    page = parse_html(html)
    check_text(page.text, f"{where} (its text, once the HTML is removed)")
    embedded = {"title": page.title, "outlet": page.outlet, "date": page.date, "url": page.url}
    values: dict[str, Any] = {}
    for name in METADATA_FIELDS:
        given = row.pop(name, None)
        value = embedded[name] if is_missing(given) else given
        values[name] = (
            parse_date(value, f"{where} date")
            if name == "date"
            else _optional_str(value, name, f"metadata of {article_id!r}")
        )
    extra = {"author": page.author, "page_language": page.language}
    extra = {key: value for key, value in extra.items() if value} | row
    return Record(article_id, page.text, where, extra=extra, **values)


def records_from_folder(
    folder: str | os.PathLike[str],
    pattern: str | None,
    metadata: str | os.PathLike[str] | bool | None,
    encoding: str,
    on_error: str,
    follow_symlinks: bool = False,
) -> tuple[list[Record], list[Skipped], list[str]]:
    """Records of the files matching ``pattern`` (in natural order of their paths: numbers
    by value, so ``article_2`` before ``article_10``), metadata merged in; also returns
    warnings (metadata rows with no file, and entries left unread: see
    :func:`_unreadable_entry`)."""
    folder = Path(folder)
    decoding_codec(encoding)
    if not folder.exists():
        raise FileNotFoundError(f"no such folder: {folder}")
    if not folder.is_dir():
        raise NotADirectoryError(f"not a folder: {folder}")
    metadata_path = _metadata_path(folder, metadata)
    patterns = DEFAULT_PATTERNS if pattern is None else (pattern,)
    collector = _Collector(on_error)
    notes: list[str] = []
    files = []
    for path in sorted(
        {path for path in _matching(folder, pattern) if path != metadata_path},
        key=lambda path: natural_key(path.relative_to(folder).as_posix()),
    ):
        try:
            note = _unreadable_entry(path, folder, follow_symlinks)
        except OSError as error:
            collector.problem(str(path), _unreadable(path, error))
            continue
        if note == "":
            files.append(path)
        elif note is not None:
            notes.append(note)
    if not files and not collector.skipped:
        shown = " or ".join(repr(glob) for glob in patterns)
        left_out = "".join(f"; {note}" for note in notes)
        raise InvalidParameterError(f"no files matching {shown} in {folder}{left_out}")
    table = read_metadata(metadata_path, encoding) if metadata_path else {}
    records = []
    for path in files:
        where = str(path)
        try:
            text = _read_text(path, encoding)
            check_text(text, where)
        except OSError as error:
            collector.problem(where, _unreadable(path, error))
            continue
        except (ValueError, TypeError) as error:
            collector.problem(where, error)
            continue
        article_id = path.relative_to(folder).with_suffix("").as_posix()
        row = dict(table.get(article_id, {}))
        if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(text):
            try:
                records.append(record_from_html(article_id, text, where, row))
            except (ValueError, TypeError) as error:
                collector.problem(where, error)
            continue
        values: dict[str, Any] = {
            name: (
                parse_date(row.pop(name, None), f"{metadata_path} id {article_id!r}")
                if name == "date"
                else _optional_str(row.pop(name, None), name, f"metadata of {article_id!r}")
            )
            for name in METADATA_FIELDS
        }
        records.append(Record(article_id, text, where, extra=row, **values))
    ids = {record.id for record in records} | {
        Path(s.item).relative_to(folder).with_suffix("").as_posix() for s in collector.skipped
    }
    warnings = notes + [
        f"{metadata_path}: no article file for id {key!r}" for key in table if key not in ids
    ]
    return check_unique_ids(records, collector), collector.skipped, warnings


def _matching(folder: Path, pattern: str | None) -> Iterable[Path]:
    """The entries of ``folder`` that match ``pattern`` (a glob), or by default the article
    extensions in any case: ``A.TXT`` and ``page.HTML`` from another system are articles."""
    if pattern is not None:
        return folder.glob(pattern)
    return (
        path
        for path in folder.iterdir()
        if any(fnmatch.fnmatchcase(path.name.lower(), glob) for glob in DEFAULT_PATTERNS)
    )


def _unreadable_entry(path: Path, folder: Path, follow_symlinks: bool) -> str | None:
    """Why a folder entry matching the pattern is not read: ``""`` when it is read, None for
    a directory (not an article, passed over quietly), or the warning for an entry that is
    skipped: a FIFO, socket or device (reading one could wait forever), or a symlink that
    leads out of the folder when ``follow_symlinks`` is False. A symlink to a file inside
    the folder is read. Raises OSError for an entry that cannot be looked at (a broken
    symlink, a file removed since the listing)."""
    status = path.stat()  # follows symlinks: a broken one raises FileNotFoundError
    if stat.S_ISDIR(status.st_mode):
        return None
    if not stat.S_ISREG(status.st_mode):
        return f"{path}: skipped, it is {_file_kind(status.st_mode)}, not a regular file"
    if not follow_symlinks and not path.resolve().is_relative_to(folder.resolve()):
        return (
            f"{path}: skipped, it is a symlink to {path.resolve()}, outside the folder; "
            "pass follow_symlinks=True to read it"
        )
    return ""


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _unreadable(path: Path, error: OSError) -> OSError:
    """The error of a file that cannot be read, naming it (an OSError of the same kind)."""
    reason = error.strerror or str(error)
    if isinstance(error, FileNotFoundError) and path.is_symlink():
        reason = f"a broken symlink (to {os.readlink(path)})"
    return type(error)(f"{path}: cannot be read: {reason}")


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file. It is first opened without blocking and checked, so
    that a file swapped for a FIFO after the folder was listed is refused, not waited on
    forever (opening a FIFO to read blocks until a writer comes)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
    finally:
        os.close(descriptor)
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, f"it is {_file_kind(mode)}, not a regular file")
    return path.read_bytes()


def _metadata_path(folder: Path, metadata: str | os.PathLike[str] | bool | None) -> Path | None:
    if metadata is False:
        return None
    if metadata is None or metadata is True:
        found = [folder / name for name in METADATA_FILES if (folder / name).is_file()]
        if len(found) > 1:
            raise InvalidParameterError(
                f"{folder} holds both {METADATA_FILES}; pass metadata= to choose"
            )
        if metadata is True and not found:
            raise FileNotFoundError(f"no {' or '.join(METADATA_FILES)} in {folder}")
        return found[0] if found else None
    path = Path(metadata)
    if not path.is_file():
        raise FileNotFoundError(f"no such metadata file: {path}")
    if path.suffix not in (".csv", ".jsonl"):
        raise InvalidParameterError(f"metadata must be a .csv or .jsonl file, got {path.name}")
    return path


def _read_text(path: Path, encoding: str) -> str:
    data = _read_regular_file(path)
    if b"\x00" in data[:8192]:
        raise InvalidDocumentError(
            f"{path}: looks like a binary file (it holds NUL bytes), not text"
        )
    try:
        return data.decode(decoding_codec(encoding))
    except UnicodeDecodeError as error:
        raise InvalidDocumentError(f"{path}: {_not_decodable(error, encoding)}") from None


def decoding_codec(encoding: Any) -> str:
    """The codec that reads files in ``encoding``: UTF-8 drops a byte-order mark. An
    encoding Python does not know is a parameter error naming it.

    >>> decoding_codec("UTF_8"), decoding_codec("latin-1")
    ('utf-8-sig', 'latin-1')
    """
    if not isinstance(encoding, str):
        raise InvalidParameterError(f"encoding must be a str, got {type(encoding).__name__}")
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InvalidParameterError(
            f"unknown encoding {encoding!r}; pass one Python knows, such as 'utf-8' or 'cp1252'"
        ) from None
    return "utf-8-sig" if name == "utf-8" else encoding


def _not_decodable(error: UnicodeDecodeError, encoding: str) -> str:
    return (
        f"not valid {encoding} (byte {error.object[error.start]:#04x} at offset "
        f"{error.start}); pass encoding= with the file's encoding, e.g. 'cp1252'"
    )
