"""The digest's readability rules: which sentences may stand in a summary, and which need an
earlier sentence (the one a pronoun points back to, the one that gives a person's full name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storylens import _core

# Personal pronouns that open a sentence about someone named before it, by language.
PRONOUNS = {
    "english": {"he", "she", "they", "his", "her", "their", "him", "them"},
    "german": {"er", "sie", "ihr", "ihre", "sein", "seine", "seiner"},
    "french": {"il", "elle", "ils", "elles"},
    "spanish": {"él", "ella", "ellos", "ellas"},
}
# Subject pronouns: a sentence whose last clause is attributed to one ("...," she said)
# reports someone named before it.
SUBJECT_PRONOUNS = {
    "english": {"he", "she", "they"},
    "german": {"er", "sie"},
    "french": {"il", "elle", "ils", "elles"},
    "spanish": {"él", "ella", "ellos", "ellas"},
}
# The words of a last clause that is an attribution ("she said on Friday evening").
ATTRIBUTION_WORDS = 6
# First-person words: a blogger's "I went down to the reservoir" is no sentence of a summary
# (unless it is inside a quote, attributed to someone).
FIRST_PERSON = {
    "english": {"i", "my", "we", "our", "me", "us", "i'm", "i've", "i'd"},
    "german": {
        "ich",
        "mein",
        "meine",
        "meinen",
        "meinem",
        "meiner",
        "wir",
        "uns",
        "unser",
        "unsere",
    },
    "french": {"je", "j'ai", "mon", "ma", "mes", "nous", "notre", "nos", "moi"},
    "spanish": {"yo", "mi", "mis", "me", "nosotros", "nosotras", "nuestro", "nuestra", "nos"},
}
LANGUAGE_NAMES = {"en": "english", "de": "german", "fr": "french", "es": "spanish"}
# A photo credit or caption label anywhere ("Photo: Kai Umber / Meridian Press").
CAPTION_LABEL = re.compile(
    r"\b(photo|photos|foto|fotos|image|picture|pictured|credit|bild|crédit|fotografía|imagen)"
    r"\s*:|©|\(photo|\bphoto credit\b",
    re.IGNORECASE,
)
# Two capitalised words on either side of a slash: an agency credit ("Umber / Meridian").
CREDIT_SLASH = re.compile(r"[A-Z][\w.-]*\s*/\s*[A-Z]")
# A sentence ends on . ! ? or … (maybe inside quotes or brackets); a caption or a heading
# often does not.
ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
# A list item ("- Regar el huerto", "2. Phone chargers") is no sentence of a summary.
LIST_ITEM = re.compile(r"^\s*(?:[-\u2013\u2014\u2022*\u00b7]|\d{1,2}[.)])\s")
QUOTE_MARKS = ('"', "“", "”", "«", "»", "„")
OPENING_QUOTES = ('"', "“", "«", "„", "'", "‘")
CLOSING_QUOTES = ('"', "”", "»", "“", "'", "’")
QUOTES = " \t\"'“‘«„(["
WORD_EDGES = ".,;:!?\"'“”‘’«»()[]"
# Double quote marks of every style; a sentence holds an even number of them unless a quote
# runs on from or into another sentence.
DOUBLE_QUOTES = "\"“”„«»"
# Where an attribution clause begins: after the last comma or closing quote mark.
CLAUSE_MARKS = ",\"”»“"
# An initial ("K.", "R.J."): it does not end a run of capitalised words.
INITIALS = re.compile(r"(?:[A-Z]\.)+")


@dataclass(frozen=True)
class Readability:
    """Per sentence: whether it may stand in a summary at all (``allowed``), whether it
    opens on a pronoun or is attributed to one ("...," she said), and so needs the sentence
    before it (``needs_previous``), the
    surnames it uses bare (``needs_names``) and those whose full name it gives
    (``introduces``)."""

    allowed: np.ndarray[Any, Any]
    needs_previous: np.ndarray[Any, Any]
    needs_names: list[frozenset[str]]
    introduces: list[frozenset[str]]


def is_caption(text: str) -> bool:
    """Whether a sentence is shaped like a caption or a credit: a photo label, a ``©``, an
    agency credit with a slash, or no closing punctuation at all.

    >>> is_caption("Photo: Kai Umber / Meridian Press")
    True
    >>> is_caption("Residents queue for bottled water in Velmora on Friday")
    True
    >>> is_caption("- Regar el huerto solo al amanecer.")
    True
    >>> is_caption("Residents queued for water on Friday, the mayor said.")
    False
    """
    return bool(
        CAPTION_LABEL.search(text)
        or LIST_ITEM.match(text)
        or CREDIT_SLASH.search(text)
        or not ENDS_LIKE_A_SENTENCE.search(text)
    )


def attributes_to_pronoun(text: str, language: str | None) -> bool:
    """Whether a sentence's last clause, after its last comma or closing quote mark, is a
    short attribution to a pronoun (``"...," she said``, ``, sagte er.``, ``, a-t-il
    ajouté.``): who spoke was named in an earlier sentence.

    >>> attributes_to_pronoun("\u201cKeep away,\u201d she said on Friday.", "english")
    True
    >>> attributes_to_pronoun("Boards were scorched, the fire service said.", "english")
    False
    >>> attributes_to_pronoun("\u00ab Nous restons \u00bb, a-t-il ajout\u00e9.", "french")
    True
    """
    pronouns = SUBJECT_PRONOUNS.get(LANGUAGE_NAMES.get(language or "", language or ""), set())
    cut = max(text.rfind(mark) for mark in CLAUSE_MARKS)
    if not pronouns or cut < 0:
        return False
    words = text[cut + 1 :].split()
    if not 1 <= len(words) <= ATTRIBUTION_WORDS:
        return False
    return any(
        part.lower() in pronouns
        for word in words[:2]
        for part in word.strip(WORD_EDGES).split("-")
    )


def unbalanced_quotes(text: str) -> bool:
    """Whether a sentence holds an odd number of double quote marks: part of a quote that
    runs over several sentences (its opening without its close, or the reverse).

    >>> unbalanced_quotes("\u201cThis street lives from the bridge.")
    True
    >>> unbalanced_quotes("\u201cIt lives,\u201d she said."), unbalanced_quotes("It lives.")
    (False, False)
    """
    return sum(text.count(mark) for mark in DOUBLE_QUOTES) % 2 == 1


def opens_on_pronoun(text: str, language: str | None) -> bool:
    """Whether a sentence's first word is a personal pronoun ("She was hoping ...").

    >>> opens_on_pronoun("She was hoping for rain.", "english")
    True
    >>> opens_on_pronoun("Shelters opened at noon.", "english")
    False
    """
    pronouns = PRONOUNS.get(LANGUAGE_NAMES.get(language or "", language or ""), set())
    first = text.lstrip(QUOTES).split(" ", 1)[0].strip(WORD_EDGES).lower()
    return first in pronouns


def speaks_in_first_person(text: str, language: str | None) -> bool:
    """Whether a sentence without quote marks speaks in the first person (a blog's "Ayer
    bajé al pantano con mi padre"); a quote ("We left," she said) is attributed and fine.

    >>> speaks_in_first_person("I drove down to the reservoir with my father.", "english")
    True
    >>> speaks_in_first_person("\u201cWe left at midnight,\u201d she said.", "english")
    False
    """
    if any(mark in text for mark in QUOTE_MARKS):
        return False
    first_person = FIRST_PERSON.get(LANGUAGE_NAMES.get(language or "", language or ""), set())
    return any(
        word.strip(WORD_EDGES).lower() in first_person
        for word in text.split()
        if not word.strip(WORD_EDGES).isupper() or len(word.strip(WORD_EDGES)) == 1
    )


def is_question(text: str) -> bool:
    """Whether a sentence asks rather than tells (often a subheading: "Où se tiendra le
    marché ?"); a summary states facts.

    >>> is_question("Où se tiendra le marché ?"), is_question("The market moved.")
    (True, False)
    """
    return text.rstrip().rstrip("\"'”’»)]").endswith(("?", "¿"))


def is_bare_quote(text: str) -> bool:
    """Whether a sentence is a quote and nothing else: who said it is in another sentence.

    >>> is_bare_quote("\u201cNobody knows when they'll get loaded.\u201d")
    True
    >>> is_bare_quote("\u201cNobody knows,\u201d said Gina Ferrante.")
    False
    """
    stripped = text.strip()
    return stripped[:1] in OPENING_QUOTES and stripped.rstrip(".!?…")[-1:] in CLOSING_QUOTES


def name_runs(text: str, stop_words: frozenset[str]) -> list[list[str]]:
    """The runs of capitalised words in ``text`` that are not stop words and are not split
    by punctuation: "Mayor Dalia Morosan said" gives ``[["Mayor", "Dalia", "Morosan"]]``.
    An initial's full stop does not split a run ("Dana K. Whitlock").

    >>> name_runs("Mayor Dalia Morosan said Morosan, Vasko and the Lysa.", frozenset({"the"}))
    [['Mayor', 'Dalia', 'Morosan'], ['Morosan'], ['Vasko'], ['Lysa']]
    >>> name_runs("Chief Dana K. Whitlock spoke.", frozenset())
    [['Chief', 'Dana', 'K', 'Whitlock']]
    """
    runs: list[list[str]] = []
    current: list[str] = []
    for raw in text.split():
        word = raw.strip(WORD_EDGES)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        trailing = raw.rstrip("\"'”’»)]")
        # An initial is part of a name even when it spells a stop word ("K", "A").
        initial = trailing == raw and INITIALS.fullmatch(raw) is not None
        capitalised = (
            bool(word) and word[0].isupper() and (initial or word.lower() not in stop_words)
        )
        if capitalised:
            current.append(word)
        elif current:
            runs.append(current)
            current = []
        if capitalised and trailing[-1:] in (",", ".", ";", ":", "!", "?") and not initial:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def starts_mid_word(text: str) -> bool:
    """Whether a sentence starts with a word cut at its front: its first word, after any
    quotes or brackets, is all lower-case letters (``"he tank split"``), where a sentence
    normally opens with a capital, a digit or a mixed-case name such as ``iPhone``.

    >>> starts_mid_word("he tank at the plant split."), starts_mid_word("The tank split.")
    (True, False)
    >>> starts_mid_word("iPhone sales fell."), starts_mid_word("“Well,” she said.")
    (False, False)
    """
    word = text.lstrip(" \t\"'“‘«„([").split(" ", 1)[0]
    letters = "".join(c for c in word if c.isalpha())
    return bool(letters) and word[0].isalpha() and letters.islower()


@dataclass(frozen=True)
class SentenceShapes:
    """What the readability rules see in each sentence of a table, as arrays (one entry per
    sentence): the checks of :func:`is_caption`, :func:`is_question`, :func:`is_bare_quote`,
    :func:`speaks_in_first_person`, :func:`opens_on_pronoun`, ``starts_mid_word``,
    :func:`attributes_to_pronoun` and :func:`unbalanced_quotes`, and the last words of its
    runs of two or more capitalised words (``introduces``) and its one-word runs
    (``singles``), from :func:`name_runs`."""

    caption: np.ndarray[Any, Any]
    question: np.ndarray[Any, Any]
    bare_quote: np.ndarray[Any, Any]
    first_person: np.ndarray[Any, Any]
    opens_on_pronoun: np.ndarray[Any, Any]
    starts_mid_word: np.ndarray[Any, Any]
    introduces: list[list[str]]
    singles: list[list[str]]
    attributes_to_pronoun: np.ndarray[Any, Any]
    unbalanced_quotes: np.ndarray[Any, Any]


def sentence_shapes(texts: Sequence[str], language: str | None) -> SentenceShapes:
    """The :class:`SentenceShapes` of ``texts``: computed in the core, where Rust's Unicode
    rules agree with Python's (ASCII, Latin letters, typographic punctuation), and by the
    Python functions of this module for any other sentence, so the answers are the same.

    >>> shapes = sentence_shapes(["She left.", "Photo: Ann Lind / Wire"], "english")
    >>> shapes.opens_on_pronoun.tolist(), shapes.caption.tolist(), shapes.introduces
    ([True, False], [False, True], [[], ['Lind']])
    """
    name = LANGUAGE_NAMES.get(language or "", language or "")
    stop_words = frozenset(_stop_words(language))
    flags, introduces, singles = _core.sentence_shapes(
        list(texts),
        sorted(PRONOUNS.get(name, set())),
        sorted(FIRST_PERSON.get(name, set())),
        sorted(stop_words),
        sorted(SUBJECT_PRONOUNS.get(name, set())),
    )
    bits = [(flags >> bit) & 1 == 1 for bit in range(9)]
    handled, caption, question, bare_quote, first_person, pronoun, mid_word = bits[:7]
    attributed, unbalanced = bits[7:]
    for s in np.flatnonzero(~handled).tolist():
        text = texts[s]
        caption[s] = is_caption(text)
        question[s] = is_question(text)
        bare_quote[s] = is_bare_quote(text)
        first_person[s] = speaks_in_first_person(text, language)
        pronoun[s] = opens_on_pronoun(text, language)
        mid_word[s] = starts_mid_word(text)
        attributed[s] = attributes_to_pronoun(text, language)
        unbalanced[s] = unbalanced_quotes(text)
        runs = name_runs(text, stop_words)
        introduces[s] = [run[-1] for run in runs if len(run) >= 2]
        singles[s] = [run[0] for run in runs if len(run) == 1]
    return SentenceShapes(
        caption,
        question,
        bare_quote,
        first_person,
        pronoun,
        mid_word,
        introduces,
        singles,
        attributed,
        unbalanced,
    )


def readability(
    texts: Sequence[str],
    index_in_article: np.ndarray[Any, Any],
    language: str | None,
    shapes: SentenceShapes | None = None,
) -> Readability:
    """The readability of every sentence of a set (see :class:`Readability`). A surname is
    the last word of a run of two or more capitalised words anywhere in the set (``Dalia
    Morosan``); a sentence that uses it alone (``Morosan said``) needs an earlier sentence
    with the run. ``shapes`` are the texts' :func:`sentence_shapes`, when already found.

    >>> rules = readability(
    ...     ["Mayor Dalia Morosan spoke.", "Morosan said so.", "She left."],
    ...     np.array([0, 1, 2]), "english")
    >>> rules.needs_names[1], rules.introduces[0], rules.needs_previous.tolist()
    (frozenset({'Morosan'}), frozenset({'Morosan'}), [False, False, True])
    """
    if shapes is None:
        shapes = sentence_shapes(texts, language)
    nothing: frozenset[str] = frozenset()
    introduces = [frozenset(found) if found else nothing for found in shapes.introduces]
    surnames = nothing.union(*introduces)
    needs_names = [
        surnames.intersection(found) - names if found else nothing
        for found, names in zip(shapes.singles, introduces, strict=True)
    ]
    # Part of a quote that runs over several sentences reads as a fragment on its own.
    allowed = ~(
        shapes.caption
        | shapes.question
        | shapes.bare_quote
        | shapes.first_person
        | shapes.unbalanced_quotes
    )
    points_back = shapes.opens_on_pronoun | shapes.attributes_to_pronoun
    needs_previous = points_back & (np.asarray(index_in_article) > 0)
    # A pronoun in an article's first sentence has nothing to point back to.
    allowed &= ~points_back | needs_previous
    return Readability(allowed, needs_previous, needs_names, introduces)


def _stop_words(language: str | None) -> list[str]:
    try:
        return [word.lower() for word in _core.stop_words(language or "english")]
    except ValueError:
        return []
