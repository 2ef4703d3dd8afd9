"""The exceptions storylens raises.

Every error storylens raises for bad input, bad parameters or a broken model file derives from
:class:`StorylensError`, and also from the builtin that a scikit-learn user would catch for that
kind of mistake (``ValueError``, ``TypeError``, ``KeyError``, ``RuntimeError``), so existing
``except ValueError:`` code keeps working. The Rust core's errors arrive as these classes too:
the binding maps each kind of core error to exactly one of them. Python's own protocol errors
stay what they are: ``FileNotFoundError`` for a path that does not exist, ``KeyError`` and
``IndexError`` for an id or position that is not in an article set.

>>> import storylens
>>> from storylens.exceptions import StorylensError
>>> try:
...     storylens.CountVectorizer().fit([""])
... except StorylensError as error:
...     print(type(error).__name__, isinstance(error, ValueError))
EmptyVocabularyError True
"""

from __future__ import annotations

from sklearn.exceptions import NotFittedError as _SklearnNotFittedError

__all__ = [
    "ColumnNotFoundError",
    "DocumentTypeError",
    "EmptyVocabularyError",
    "InternalError",
    "InvalidDocumentError",
    "InvalidParameterError",
    "LargeReuseWarning",
    "ModelFileError",
    "NotFittedError",
    "ResourceLimitError",
    "SeveralStoriesWarning",
    "ShapeMismatchError",
    "StorylensError",
]


class StorylensError(Exception):
    """The base of every exception storylens raises on purpose.

    >>> from storylens.exceptions import StorylensError, InvalidParameterError
    >>> issubclass(InvalidParameterError, StorylensError)
    True
    """


class InvalidParameterError(StorylensError, ValueError, TypeError):
    """A parameter value storylens cannot use; the message names the parameter.

    It is a ``ValueError`` (what an invalid parameter raises) and also a ``TypeError`` when
    the value has the wrong type, as scikit-learn's own ``InvalidParameterError`` is.

    >>> import storylens
    >>> try:
    ...     storylens.CountVectorizer(stop_words=5).fit(["a text"])
    ... except ValueError as error:
    ...     print(type(error).__name__)
    InvalidParameterError
    """


class InvalidDocumentError(StorylensError, ValueError):
    """One input document (row, file or line) has a value that cannot be processed: NaN, an
    undecodable byte string, an empty article. The message names the document.

    >>> from storylens import Tokenizer
    >>> try:
    ...     Tokenizer().tokenize(["fine", float("nan")])
    ... except ValueError as error:
    ...     print(type(error).__name__)
    InvalidDocumentError
    """


class DocumentTypeError(StorylensError, TypeError):
    """One input document has a type that is not text (None, a number, a list); the message
    names the document.

    >>> from storylens import Tokenizer
    >>> try:
    ...     Tokenizer().tokenize(["fine", None])
    ... except TypeError as error:
    ...     print(type(error).__name__)
    DocumentTypeError
    """


class ColumnNotFoundError(StorylensError, KeyError):
    """A column or field named for the articles (``text=``, ``outlet=``...) is not in the
    data; the message lists the columns there are. A ``KeyError``, as pandas raises.

    >>> import pandas as pd
    >>> from storylens import ArticleSet
    >>> try:
    ...     ArticleSet.from_frame(pd.DataFrame({"body": ["A story."]}), text="text")
    ... except KeyError as error:
    ...     print(type(error).__name__)
    ColumnNotFoundError
    """

    def __str__(self) -> str:
        # KeyError quotes its message (it is meant for a key); this one is a sentence.
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class EmptyVocabularyError(StorylensError, ValueError):
    """Nothing was left to build features from (every document empty or all stop words).

    >>> from storylens import CountVectorizer
    >>> try:
    ...     CountVectorizer().fit(["", " "])
    ... except ValueError as error:
    ...     print(type(error).__name__)
    EmptyVocabularyError
    """


class ShapeMismatchError(StorylensError, ValueError):
    """Matrices, vocabularies or indices that do not fit together.

    >>> from storylens.exceptions import ShapeMismatchError
    >>> issubclass(ShapeMismatchError, ValueError)
    True
    """


class ModelFileError(StorylensError, ValueError):
    """A saved model (file or pickle state) that cannot be read: unknown format version,
    missing fields, or values of the wrong shape.

    >>> from storylens.exceptions import ModelFileError
    >>> issubclass(ModelFileError, ValueError)
    True
    """


class NotFittedError(StorylensError, _SklearnNotFittedError):  # type: ignore[misc]
    """An estimator was used before it was fitted. It is scikit-learn's ``NotFittedError``
    too (a ``ValueError`` and an ``AttributeError``), so scikit-learn's tools recognise it.

    >>> from storylens import TfidfVectorizer
    >>> try:
    ...     TfidfVectorizer().transform(["text"])
    ... except NotFittedError as error:
    ...     print(type(error).__name__)
    NotFittedError
    """


class InternalError(StorylensError, RuntimeError):
    """A bug inside storylens (a panic in the Rust core), caught before it could crash the
    interpreter. Please report it with the input that caused it.

    >>> from storylens.exceptions import InternalError
    >>> issubclass(InternalError, RuntimeError)
    True
    """


# MemoryError comes first: dask.distributed sends a task's exception back through tblib, which
# rebuilds it with ``cls.__new__``; that must be MemoryError's own, or the client receives a
# plain Exception instead of this class.
class ResourceLimitError(MemoryError, StorylensError):
    """A step would need more memory than its stated limit, and refuses before it starts;
    the message names the step, its estimate, the limit (``storylens.set_config(memory_limit=
    ...)`` or a step's built-in cap) and what scales instead. It is a ``MemoryError``.

    >>> from storylens.exceptions import ResourceLimitError
    >>> issubclass(ResourceLimitError, MemoryError)
    True
    """


class SeveralStoriesWarning(UserWarning):
    """A set given to ``compare()`` holds several stories (at least two of three articles or
    more, by :meth:`ArticleSet.stories <storylens.ArticleSet.stories>`): results that treat
    it as one story mislead. A ``UserWarning``; silence it with ``warnings.filterwarnings``.

    >>> import warnings
    >>> from storylens.exceptions import SeveralStoriesWarning
    >>> warnings.filterwarnings("ignore", category=SeveralStoriesWarning)
    >>> issubclass(SeveralStoriesWarning, UserWarning)
    True
    """


class LargeReuseWarning(UserWarning):
    """A reuse map is asked of a set so large that its cost grows with the square of the
    number of articles (or its unique rows with sentences times articles). The message names
    the limit and what scales: comparing each story alone (``articles.stories().sets()``),
    or the matches only. A ``UserWarning``; silence it with ``warnings.filterwarnings``.

    >>> from storylens.exceptions import LargeReuseWarning
    >>> issubclass(LargeReuseWarning, UserWarning)
    True
    """
