"""A learned sentence score for the digest, tried in the fourth round and not adopted: how
likely a sentence is to be summary material.

It passed the mean of the held-out check (+0.002 ROUGE-2 over the digest on 34 sets,
[-0.019, +0.023]) but not the rest of the acceptance rule (its interval over the centroid,
[-0.002, +0.034], includes 0), and it lowered ROUGE-1; the digest does not use it.
``benches/digest_fit.py`` and ``benches/digest_variants.py`` (``--with-learned``) do.

Classic supervised extractive summarisation, without a model download: a linear model over
a few features of each sentence (:data:`FEATURES`), each scaled within its set (mean 0,
deviation 1 over the sentences the readability rules allow), so that the weights hold for a
set of three short articles as for a thousand long ones. The weights are a ridge regression
fitted to the sentences of the greedy ROUGE-2 oracle of 22 hand-summarised development sets
(``tests/fixtures/digest``, splits ``dev`` and ``dev2``); ``python benches/digest_fit.py``
refits them (its leave-one-set-out table chose this setting), and ``--heldout`` prints the
constants below. :func:`learned_bonus` adds it to the concept coverage's own score (see
``storylens.compare._coverage``), which still decides what a sentence brings that the
chosen ones lack.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from storylens.compare._readable import Readability

# Each feature's weight on the set-scaled feature (the ridge's weights, its own scaling
# folded in), and the intercept; fitted by benches/digest_fit.py on dev pooled, alpha 0.1.
WEIGHTS = {
    # The cosine of the article's summed sentence rows to the rest of the set's.
    "article_centrality": 0.0471778,
    # The sentence's cosine to the centroid of the set's sentences.
    "centroid": 0.0927532,
    # Concept weight it carries per word, and against the set's richest sentence.
    "concept_density": -0.0591673,
    "concept_share": 0.0679444,
    # The mean share of the articles that carry its concepts.
    "spread": -0.0167155,
    "log_words": -0.0473281,
    "quoted": -0.0250176,
    "digits": 0.0388589,
    # The share of its words, the first left out, that start with a capital.
    "capitalised": 0.00475414,
    # It opens on a pronoun or uses a bare surname.
    "needs_context": -0.0146267,
}
INTERCEPT = 0.135709
FEATURES = tuple(WEIGHTS)
# Scores below this count as this: the added score never pushes a sentence down.
FLOOR = 0.01
# The best sentence's score is worth LEARNED_SHARE x the best first step of the concept
# coverage's score (chosen on dev pooled among 0.25, 0.5, 1 and 2).
LEARNED_SHARE = 1.0
# A feature whose deviation within the set is below this share of its size is constant.
CONSTANT = 1e-9
# The digest's quote marks (_readable.QUOTE_MARKS), as code points.
QUOTE_CODES = np.array([ord(mark) for mark in '"“”«»„'], dtype=np.uint32)
# White space as str.split sees it (str.isspace): every such character is below U+3001.
SPACE_CODES = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)


def sentence_features(
    texts: Sequence[str],
    words: np.ndarray[Any, Any],
    article_of: np.ndarray[Any, Any],
    counted: np.ndarray[Any, Any],
    unit_tfidf: sp.csr_matrix,
    incidence: sp.csr_matrix,
    weights: np.ndarray[Any, Any],
    needs_context: np.ndarray[Any, Any],
) -> np.ndarray[Any, Any]:
    """The raw :data:`FEATURES` of every sentence, one row each (``incidence`` and
    ``weights`` are the concepts of :func:`_coverage.concept_matrix`, ``unit_tfidf`` the
    sentences' unit-length TF-IDF rows).

    >>> texts = ["Acid spilled into the Lysa river.", "Acid spilled.", "He said 4 fish died."]
    >>> incidence = sp.csr_matrix(np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]))
    >>> features = sentence_features(
    ...     texts, np.array([6, 2, 5]), np.array([0, 1, 1]), np.ones(3, dtype=bool),
    ...     sp.identity(3, format="csr"), incidence, np.array([2.0, 1.0]),
    ...     np.array([False, False, True]))
    >>> features.shape, features[:, FEATURES.index("digits")].tolist()
    ((3, 10), [0.0, 0.0, 1.0])
    """
    n = len(texts)
    n_articles = int(article_of.max()) + 1 if n else 0
    n_counted = max(len(np.unique(article_of[counted])), 1)
    length = np.maximum(np.asarray(words, dtype=np.float64), 1.0)
    carried = np.asarray(incidence @ weights, dtype=np.float64).ravel()
    concepts = np.maximum(np.asarray(incidence @ (weights > 0).astype(np.float64)).ravel(), 1.0)
    membership = sp.csr_matrix(
        (counted.astype(np.float64), (article_of, np.arange(n))), shape=(n_articles, n)
    )
    summed = sp.csr_matrix(membership @ unit_tfidf)
    total = np.asarray(summed.sum(axis=0)).ravel()
    # Each article's sum against the others' (the total less its own), without a dense
    # article-by-word matrix: a.(t - a) = a.t - |a|^2, |t - a|^2 = |t|^2 - 2 a.t + |a|^2.
    toward = np.asarray(summed @ total).ravel()
    own = np.asarray(summed.multiply(summed).sum(axis=1)).ravel()
    others = np.sqrt(np.maximum(total @ total - 2 * toward + own, 0.0))
    centrality = (toward - own) / np.maximum(np.sqrt(own) * others, 1e-12)
    center = total / (np.linalg.norm(total) or 1.0)
    columns = {
        "article_centrality": centrality[article_of] if n else np.zeros(0),
        "centroid": np.asarray(unit_tfidf @ center).ravel(),
        "concept_density": carried / length / n_counted,
        "concept_share": carried / (carried.max(initial=0.0) or 1.0),
        "spread": carried / concepts / n_counted,
        "log_words": np.log(length),
        **text_marks(texts),
        "needs_context": np.asarray(needs_context, dtype=bool),
    }
    return np.column_stack([np.asarray(columns[name], dtype=np.float64) for name in FEATURES])


def text_marks(texts: Sequence[str]) -> dict[str, np.ndarray[Any, Any]]:
    """Per sentence: whether it holds a quote mark (``quoted``) or a digit (``digits``,
    ``str.isdigit``), and the share of its words (split on white space, the first left
    out) that start with a capital (``capitalised``, ``str.isupper``). Computed on the
    code points of all sentences at once; only the distinct characters outside ASCII are
    asked of Python.

    >>> marks = text_marks(["Mayor Ann Lind met the press.", "\u00c9lan met \u00c8ve \u00b2.",
    ...                     "\u201cNo,\u201d she said."])
    >>> marks["quoted"].tolist(), marks["digits"].tolist(), marks["capitalised"].tolist()
    ([False, False, True], [False, True, False], [0.4, 0.3333333333333333, 0.0])
    """
    n = len(texts)
    stripped = [text.strip() for text in texts]
    lengths = np.fromiter(map(len, stripped), dtype=np.int64, count=n)
    codes = np.frombuffer(
        "".join(stripped).encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32
    )
    text_of = np.repeat(np.arange(n), lengths)
    other = codes > 127
    distinct = np.unique(codes[other])
    # A stripped sentence ends on a non-space, so no word runs on into the next sentence.
    space = np.isin(codes, SPACE_CODES)
    initial = ~space
    initial[0:1] = False
    initial[1:] &= space[:-1]
    digit = (codes >= 48) & (codes <= 57)
    upper = (codes >= 65) & (codes <= 90)
    if len(distinct):
        characters = [chr(code) for code in distinct.tolist()]
        digit[other] = np.isin(codes[other], distinct[[c.isdigit() for c in characters]])
        upper[other] = np.isin(codes[other], distinct[[c.isupper() for c in characters]])
    words_after_first = np.bincount(text_of[initial], minlength=n)
    capitals = np.bincount(text_of[initial & upper], minlength=n)
    return {
        "quoted": np.bincount(text_of[np.isin(codes, QUOTE_CODES)], minlength=n) > 0,
        "digits": np.bincount(text_of[digit], minlength=n) > 0,
        "capitalised": capitals / np.maximum(words_after_first, 1),
    }


def scaled_within(
    features: np.ndarray[Any, Any], allowed: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """``features`` scaled to mean 0 and deviation 1 over the ``allowed`` rows (all rows
    when none is); a constant column becomes 0, and so does one that varies by rounding
    alone (in a set of two articles, each one's closeness to the other is the same cosine,
    up to the last bit), which scaling would blow up into noise.

    >>> scaled_within(np.array([[1.0, 5.0], [3.0, 5.0], [9.0, 0.0]]),
    ...               np.array([True, True, False])).tolist()
    [[-1.0, 0.0], [1.0, 0.0], [7.0, 0.0]]
    """
    rows = features[allowed] if allowed.any() else features
    if not len(rows):
        return features.copy()
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    flat = scale <= CONSTANT * np.maximum(np.abs(mean), 1.0)
    return np.asarray(np.where(flat, 0.0, (features - mean) / np.where(flat, 1.0, scale)))


def learned_score(
    features: np.ndarray[Any, Any], allowed: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """Each sentence's learned score (at least :data:`FLOOR`) from its raw
    :func:`sentence_features`, scaled within the set over the ``allowed`` sentences.

    >>> features = np.zeros((2, len(FEATURES)))
    >>> features[1, FEATURES.index("centroid")] = 1.0
    >>> score = learned_score(features, np.array([True, True]))
    >>> bool(score[1] > score[0] >= FLOOR)
    True
    """
    coefficients = np.array([WEIGHTS[name] for name in FEATURES])
    predicted = INTERCEPT + scaled_within(features, allowed) @ coefficients
    return np.asarray(np.maximum(predicted, FLOOR))


def learned_bonus(
    texts: Sequence[str],
    words: np.ndarray[Any, Any],
    article_of: np.ndarray[Any, Any],
    counted: np.ndarray[Any, Any],
    allowed: np.ndarray[Any, Any],
    rules: Readability,
    unit_tfidf: sp.csr_matrix,
    incidence: sp.csr_matrix,
    weights: np.ndarray[Any, Any],
    first_step: np.ndarray[Any, Any],
) -> np.ndarray[Any, Any]:
    """What each sentence's learned score (:func:`learned_score`) adds to its
    score in the greedy choice: the best allowed sentence's is :data:`LEARNED_SHARE` x the
    best allowed ``first_step`` (the coverage's score before anything is chosen), the rest
    in proportion.

    >>> from storylens.compare._readable import readability
    >>> texts = ["Acid spilled into the river.", "Fish died in 4 lakes."]
    >>> rules = readability(texts, np.array([0, 0]), "english")
    >>> incidence = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 1.0]]))
    >>> bonus = learned_bonus(texts, np.array([5, 5]), np.array([0, 1]), np.ones(2, dtype=bool),
    ...     np.ones(2, dtype=bool), rules, sp.identity(2, format="csr"), incidence,
    ...     np.array([1.0, 1.0]), np.array([0.4, 0.2]))
    >>> float(bonus.max())
    0.4
    """
    if not allowed.any():
        return np.zeros(len(texts))
    needs_context = rules.needs_previous | np.fromiter(
        (bool(names) for names in rules.needs_names), dtype=bool, count=len(texts)
    )
    score = learned_score(
        sentence_features(
            texts, words, article_of, counted, unit_tfidf, incidence, weights, needs_context
        ),
        allowed,
    )
    top = float(first_step[allowed].max())
    return np.asarray(LEARNED_SHARE * top * score / float(score[allowed].max()))
