"""Turning what users pass as "documents" into a list the core can borrow, without copying
text and without mutating the input."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from storylens.exceptions import DocumentTypeError, InvalidDocumentError, InvalidParameterError

DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"


def as_document_list(raw_documents: Any) -> list[Any]:
    """A list of the documents, in order: lists pass through unchanged, numpy arrays and pandas
    Series are converted with ``tolist()``, and any other iterable (a generator too) is read once.

    >>> as_document_list(("a", "b"))
    ['a', 'b']
    """
    if isinstance(raw_documents, (str, bytes)):
        raise InvalidParameterError(
            "Iterable over raw text documents expected, string object received."
        )
    if isinstance(raw_documents, list):
        return raw_documents
    if isinstance(raw_documents, np.ndarray):
        if raw_documents.ndim != 1:
            raise InvalidParameterError(
                f"Iterable over raw text documents expected, got a {raw_documents.ndim}-D array"
            )
        return raw_documents.tolist()  # type: ignore[no-any-return]
    to_list = getattr(raw_documents, "tolist", None)
    if callable(to_list) and hasattr(raw_documents, "index"):  # pandas Series / Index
        return list(to_list())
    if not isinstance(raw_documents, Iterable):
        raise InvalidParameterError(
            f"Iterable over raw text documents expected, got {type(raw_documents).__name__}"
        )
    return list(raw_documents)


def read_inputs(documents: list[Any], input_kind: str) -> list[Any]:
    """For ``input='filename'`` or ``'file'``, the bytes or text each item points to."""
    if input_kind == "content":
        return documents
    contents: list[Any] = []
    for index, item in enumerate(documents):
        try:
            if input_kind == "filename":
                with open(item, "rb") as handle:
                    contents.append(handle.read())
            else:
                contents.append(item.read())
        except OSError as error:
            raise type(error)(f"document {index}: {error}") from error
        except TypeError as error:  # not a path: None, a number
            raise DocumentTypeError(f"document {index}: {error}") from error
        except AttributeError as error:
            raise DocumentTypeError(
                f"document {index} is a {type(item).__name__}, expected a file object"
            ) from error
    return contents


def lone_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate in ``text`` (U+D800-U+DFFF, which UTF-8 and so
    the core cannot hold), or None when it has none.

    >>> lone_surrogate("ok"), lone_surrogate("a" + chr(0xD800) + "b")
    (None, 1)
    """
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    return None


def decode_one(item: Any, index: int, encoding: str, decode_error: str) -> str:
    """One document as str, with the same errors the core raises (naming the position)."""
    if isinstance(item, bytes):
        try:
            item = item.decode(encoding, decode_error)
        except UnicodeDecodeError as error:
            error.reason = f"{error.reason} (in document {index})"
            raise
    if isinstance(item, str):
        if not item.isascii():
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise InvalidDocumentError(
                    f"document {index} is not valid Unicode text (it contains a lone surrogate)"
                ) from None
        return item
    if _is_nan(item):
        raise InvalidDocumentError(
            "np.nan is an invalid document, expected byte or unicode string "
            f"(document {index} is NaN)"
        )
    raise DocumentTypeError(f"document {index} is a {type(item).__name__}, expected str or bytes")


def _is_nan(item: Any) -> bool:
    """Whether ``item`` is a NaN of any kind (numpy's float32 NaN is not a ``float``): the one
    value unequal to itself. Objects whose comparison fails are not NaN."""
    try:
        return bool(item != item)
    except Exception:
        return False


def apply_python_stage(
    documents: list[Any],
    stage: Callable[[str], Any],
    encoding: str,
    decode_error: str,
    returns_tokens: bool,
) -> list[Any]:
    """Runs a Python callable (preprocessor, tokenizer or analyzer) on every document."""
    out: list[Any] = []
    for index, item in enumerate(documents):
        result = stage(decode_one(item, index, encoding, decode_error))
        if returns_tokens and not isinstance(result, list):
            if not isinstance(result, Iterable):
                raise DocumentTypeError(
                    f"document {index}: the tokenizer or analyzer returned a "
                    f"{type(result).__name__}, expected a list of str"
                )
            result = list(result)
        out.append(result)
    return out
