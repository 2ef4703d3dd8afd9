"""Abbreviations learned from a set of texts (or given), for :func:`split_sentences`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import Any

from storylens import _core
from storylens.exceptions import DocumentTypeError, InvalidDocumentError, InvalidParameterError
from storylens.text._inputs import lone_surrogate

__all__ = ["Abbreviations"]


class Abbreviations(Set[str]):
    """Abbreviations for sentence splitting, with the evidence they were learned from.

    A set of words (lowercase, without their final period). Build one from given words, or
    learn one from texts with :meth:`learn`, in the style of NLTK's Punkt: a word that mostly
    appears with a final period followed by text that continues the sentence is an
    abbreviation; a word that mostly appears without one ("Sen" in "Hun Sen said") is not,
    even when the language's list has it. Learning also records how each word is written
    (in lowercase, capitalised mid-sentence, capitalised at a sentence start), which tells
    whether the capitalised word after an abbreviation starts a sentence. Pass it to
    :func:`split_sentences` as ``abbreviations=``; the language's own list still applies.
    Immutable and picklable.

    >>> Abbreviations(["Approx.", "dept"])
    Abbreviations(['approx', 'dept'])
    >>> "Dept." in Abbreviations(["dept"])
    True
    >>> texts = ["Hun Sen has ruled since 1985.", "Critics fear Hun Sen. Sam Rainsy left."]
    >>> learned = Abbreviations.learn(texts)
    >>> "sen" in learned, learned.is_name("Hun", "Sen")
    (False, True)
    """

    __slots__ = ("_model",)

    _model: _core.LearnedAbbreviations

    def __init__(self, words: Iterable[str] = ()) -> None:
        if isinstance(words, str):
            raise InvalidParameterError(
                "abbreviations must be an iterable of str, not a single str"
            )
        items = list(words)
        for index, word in enumerate(items):
            if not isinstance(word, str):
                raise InvalidParameterError(
                    f"abbreviations[{index}] must be a str, got {type(word).__name__}"
                )
            if lone_surrogate(word) is not None:
                raise InvalidParameterError(
                    f"abbreviations[{index}] is not valid Unicode text (it contains a lone "
                    "surrogate)"
                )
        self._model = _core.LearnedAbbreviations.from_words(items)

    @classmethod
    def learn(cls, texts: Iterable[str], language: str | None = "english") -> Abbreviations:
        """Learns the abbreviations of ``texts`` (with the GIL released).

        ``language`` is checked like :func:`split_sentences`'s; the statistics themselves do
        not depend on it, and the language's own list is applied when splitting.

        >>> learned = Abbreviations.learn(["It cost approx. five dollars, or approx. six."])
        >>> sorted(learned)
        ['approx']
        """
        if isinstance(texts, str):
            raise DocumentTypeError("texts must be an iterable of str, not a single str")
        items = list(texts)
        for index, text in enumerate(items):
            if not isinstance(text, str):
                raise DocumentTypeError(f"texts[{index}] must be a str, got {type(text).__name__}")
            surrogate = lone_surrogate(text)
            if surrogate is not None:
                raise InvalidDocumentError(
                    f"texts[{index}] is not valid Unicode text (it contains a lone surrogate "
                    f"at index {surrogate})"
                )
        if language is not None:
            if not isinstance(language, str):
                raise InvalidParameterError(
                    f"language must be a str or None, got {type(language).__name__}"
                )
            if language.strip() and _core.resolve_language(language) is None:
                raise InvalidParameterError(
                    f"unknown language {language!r}; choose one of "
                    f"{', '.join(_core.stem_languages())}, or None for the generic rules"
                )
        return cls._from_model(_core.LearnedAbbreviations.learn(items))

    @classmethod
    def _from_model(cls, model: _core.LearnedAbbreviations) -> Abbreviations:
        abbreviations = cls.__new__(cls)
        abbreviations._model = model
        return abbreviations

    @property
    def not_abbreviations(self) -> frozenset[str]:
        """Words the texts show are not abbreviations (mostly written without a period),
        lowercase or capitalised as they were seen: "Sen" and "sen" are judged apart.

        >>> learned = Abbreviations.learn(["Hun Sen said it. Hun Sen. Hun Sen, too."])
        >>> sorted(learned.not_abbreviations)
        ['Sen']
        """
        return frozenset(self._model.not_abbreviations())

    def is_name(self, previous: str, word: str) -> bool:
        """Whether ``previous word`` was seen as a name without a period ("Hun Sen said"),
        so a period after it ends the name rather than an abbreviation.

        >>> Abbreviations.learn(["Hun Sen said so."]).is_name("Hun", "Sen")
        False
        """
        return self._model.is_name(previous, word)

    def seen_lowercase(self, word: str) -> bool:
        """Whether the texts wrote ``word`` in lowercase.

        >>> Abbreviations.learn(["Everyone came, and everyone left."]).seen_lowercase("Everyone")
        True
        """
        return bool(self._model.orthography(word) & 1)

    def seen_capitalised_mid_sentence(self, word: str) -> bool:
        """Whether the texts capitalised ``word`` in mid-sentence, as a name is.

        >>> Abbreviations.learn(["They met in Paris."]).seen_capitalised_mid_sentence("paris")
        True
        """
        return bool(self._model.orthography(word) & 2)

    # -- the set protocol ----------------------------------------------------------------

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self._model

    def __iter__(self) -> Iterator[str]:
        return iter(self._model.abbreviations())

    def __len__(self) -> int:
        return len(self._model)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Abbreviations):
            return self._model == other._model
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(frozenset(self))

    def __repr__(self) -> str:
        words = list(self)
        if len(words) <= 10:
            return f"{type(self).__name__}({words!r})"
        shown = ", ".join(map(repr, words[:10]))
        return f"<{type(self).__name__} of {len(words)} words: {shown}, ...>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_json, (self._model.to_json(),))

    @property
    def model(self) -> _core.LearnedAbbreviations:
        """The core model that :func:`split_sentences` reads.

        >>> len(Abbreviations(["approx"]).model)
        1
        """
        return self._model


def _from_json(state: str) -> Abbreviations:
    """The inverse of pickling: an :class:`Abbreviations` from its JSON state."""
    return Abbreviations._from_model(_core.LearnedAbbreviations.from_json(state))


def as_model(abbreviations: object) -> _core.LearnedAbbreviations | None:
    """The core model of ``abbreviations=``: None, an :class:`Abbreviations`, or an iterable
    of str (a str alone, or an item that is not a str, raises InvalidParameterError).

    >>> as_model(None) is None
    True
    >>> len(as_model(["approx"]))
    1
    """
    if abbreviations is None:
        return None
    if isinstance(abbreviations, Abbreviations):
        return abbreviations.model
    if isinstance(abbreviations, str) or not isinstance(abbreviations, Iterable):
        raise InvalidParameterError(
            "abbreviations must be an Abbreviations, an iterable of str or None, "
            f"got {type(abbreviations).__name__}"
        )
    return Abbreviations(abbreviations).model
