"""The digest's choice of sentences: concept coverage under a word budget.

After Gillick & Favre (2009, the ICSI summariser): the story's concepts are the stemmed
content-word bigrams of its sentences, each weighed by the number of articles that report
it, so that a fact every outlet carries is worth more than one outlet's colour. The digest
is the set of sentences that covers the most concept weight within the budget; a concept
counts once, however many chosen sentences carry it, which is what keeps repeats out.
Content words (unigrams) count too, at a fraction of a bigram's weight, to break ties and to
give a one-article set something to cover.

The budgeted coverage objective is submodular, so a greedy choice (best gain per word, the
gain scaled by a position prior because news states its key facts first) is within a
constant factor of the best (Khuller et al. 1999; Lin & Bilmes 2011) and runs in
O(chosen x non-zeros): a thousand articles stay fast. Each step also honours the
readability rules (see :mod:`_readable`) and skips a sentence that repeats a chosen one.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from storylens.compare._readable import QUOTE_MARKS, Readability

# Weight of a content word against a bigram of the same spread.
UNIGRAM_WEIGHT = 0.5
# A sentence's gain is multiplied by 1 + POSITION_WEIGHT x POSITION_DECAY^(its index in its
# article): news states its key facts first.
POSITION_WEIGHT = 2.0
POSITION_DECAY = 0.5
# ... and by QUOTE_FACTOR when it quotes someone: a summary reports, it rarely quotes.
QUOTE_FACTOR = 0.5
# Gain per word^LENGTH_EXPONENT: 1 is gain per word, 0 ignores length.
LENGTH_EXPONENT = 1.0
# A sentence with TF-IDF cosine at least this to a chosen one, or whose content words are
# this share of a chosen one's, repeats it.
REDUNDANCY = 0.5
CONTAINMENT = 0.7


def concept_matrix(
    stems: Sequence[Sequence[str]], article_of: np.ndarray[Any, Any], counted: np.ndarray[Any, Any]
) -> tuple[sp.csr_matrix, np.ndarray[Any, Any], sp.csr_matrix]:
    """Sentence-by-concept incidence (0/1), the concepts' weights, and the
    sentence-by-content-word incidence. A concept's weight is the number of ``counted``
    articles whose sentences carry it; with two or more such articles, a bigram carried by
    one article only is no concept. Unigrams weigh :data:`UNIGRAM_WEIGHT` as much.

    >>> m, w, _ = concept_matrix([["acid", "spill"], ["acid", "spill"], ["acid"]],
    ...                          np.array([0, 1, 1]), np.array([True, True, True]))
    >>> m.shape, sorted(w.tolist())
    ((3, 3), [1.0, 1.0, 2.0])
    """
    n = len(stems)
    # Vectorised: each stem gets an id, a bigram the id pair's code after the V unigrams;
    # the columns follow the sorted codes. Only the column order differs from a dict of
    # strings, and the greedy choice does not depend on it (its sums are of whole and half
    # weights, exact in any order).
    lengths = np.fromiter((len(words) for words in stems), dtype=np.int64, count=n)
    ids, uniques = pd.factorize(
        np.fromiter(itertools.chain.from_iterable(stems), dtype=object, count=int(lengths.sum()))
    )
    ids = ids.astype(np.int64)
    n_words = len(uniques)
    sentence_of = np.repeat(np.arange(n, dtype=np.int64), lengths)
    follows = sentence_of[:-1] == sentence_of[1:]
    bigrams = n_words + ids[:-1][follows] * n_words + ids[1:][follows]
    keys = np.concatenate([ids, bigrams])
    key_sentence = np.concatenate([sentence_of, sentence_of[:-1][follows]])
    codes, columns = _sorted_unique(keys)
    incidence = _incidence(key_sentence, columns, n, len(codes))
    words_incidence = _incidence(sentence_of, ids, n, n_words)
    is_bigram = codes >= n_words
    n_articles = int(article_of.max()) + 1 if n else 0
    membership = sp.csr_matrix(
        (counted.astype(np.float64), (article_of, np.arange(n))), shape=(n_articles, n)
    )
    reach = sp.csr_matrix(membership @ incidence)
    reach.data = (reach.data > 0).astype(np.float64)
    spread = np.asarray(reach.sum(axis=0)).ravel()
    if len(np.unique(article_of[counted])) >= 2:
        spread[is_bigram & (spread < 2)] = 0.0
    weights = np.where(is_bigram, spread, UNIGRAM_WEIGHT * spread)
    return incidence, weights, words_incidence


def _sorted_unique(
    values: np.ndarray[Any, Any],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``np.unique(values, return_inverse=True)`` by one sort (numpy's hashing unique is
    several times slower on a few hundred thousand integers)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.ones(len(ordered), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return ordered[starts], inverse


def _incidence(
    rows: np.ndarray[Any, Any], columns: np.ndarray[Any, Any], n_rows: int, n_columns: int
) -> sp.csr_matrix:
    """The 0/1 matrix with a one at each (row, column) pair given (repeats count once)."""
    pairs, _ = _sorted_unique(rows * max(n_columns, 1) + columns)
    return sp.csr_matrix(
        (np.ones(len(pairs)), (pairs // max(n_columns, 1), pairs % max(n_columns, 1))),
        shape=(n_rows, n_columns),
        dtype=np.float64,
    )


def cover_concepts(
    texts: Sequence[str],
    stems: Sequence[Sequence[str]],
    words: np.ndarray[Any, Any],
    article_of: np.ndarray[Any, Any],
    index_in_article: np.ndarray[Any, Any],
    allowed: np.ndarray[Any, Any],
    counted: np.ndarray[Any, Any],
    rules: Readability,
    unit_tfidf: sp.csr_matrix,
    budget: int,
) -> list[int]:
    """The sentences (indices, in the order chosen) that greedily cover the most concept
    weight within ``budget`` words (see the module's notes). Only ``allowed`` sentences are
    taken; concepts are weighed over the ``counted`` ones' articles.

    >>> from storylens.compare._readable import readability
    >>> texts = ["Acid spilled into the river.", "Acid spilled into the river today.",
    ...          "Fish died."]
    >>> stems = [["acid", "spill", "river"], ["acid", "spill", "river", "today"], ["fish"]]
    >>> rules = readability(texts, np.array([0, 0, 1]), "english")
    >>> everything = np.array([True, True, True])
    >>> cover_concepts(texts, stems, np.array([5, 6, 2]), np.array([0, 1, 1]), np.array([0, 0, 1]),
    ...                everything, everything, rules, sp.identity(3, format="csr"), 8)
    [0, 2]
    """
    incidence, weights, words_incidence = concept_matrix(stems, article_of, counted)
    n = len(stems)
    prior = 1.0 + POSITION_WEIGHT * POSITION_DECAY ** index_in_article.astype(np.float64)
    quoted = [any(mark in text for mark in QUOTE_MARKS) for text in texts]
    prior *= np.where(quoted, QUOTE_FACTOR, 1.0)
    cost = np.maximum(words, 1).astype(np.float64) ** LENGTH_EXPONENT
    content = np.maximum(np.asarray(words_incidence.sum(axis=1)).ravel(), 1.0)
    uncovered = weights.copy()
    closest = np.zeros(n)
    contained = np.zeros(n)
    taken = np.zeros(n, dtype=bool)
    named: set[str] = set()
    waiting = [s for s in range(n) if rules.needs_names[s]]
    chosen: list[int] = []
    left = budget
    while True:
        open_ = allowed & ~taken & (words <= left) & (closest < REDUNDANCY)
        open_ &= contained < CONTAINMENT
        previous = np.zeros(n, dtype=bool)
        previous[1:] = taken[:-1]
        open_ &= ~rules.needs_previous | previous
        for s in waiting:
            if open_[s] and not rules.needs_names[s] <= named | rules.introduces[s]:
                open_[s] = False
        gains = incidence @ uncovered
        scores = np.where(open_ & (gains > 0), prior * gains / cost, -1.0)
        pick = int(np.argmax(scores))
        if scores[pick] <= 0:
            break
        chosen.append(pick)
        taken[pick] = True
        left -= int(words[pick])
        named |= rules.introduces[pick]
        uncovered[incidence[pick].indices] = 0.0
        closest = np.maximum(closest, (unit_tfidf @ unit_tfidf[pick].T).toarray().ravel())
        shared = (words_incidence @ words_incidence[pick].T).toarray().ravel()
        contained = np.maximum(contained, shared / content)
    return chosen


def reading_order(
    chosen: Sequence[int],
    position: np.ndarray[Any, Any],
    article_of: np.ndarray[Any, Any],
    rules: Readability,
) -> list[int]:
    """The chosen sentences in reading order: by relative position in their article (leads
    first), then article; a sentence that opens on a pronoun right after the sentence it
    points back to, and one that names someone by surname after the first sentence that
    gives the full name.

    >>> from storylens.compare._readable import readability
    >>> texts = ["Mayor Ann Lind spoke.", "Lind said so.", "She left."]
    >>> rules = readability(texts, np.array([0, 0, 1]), "english")
    >>> reading_order([1, 2, 0], np.array([0.5, 0.0, 1.0]), np.array([0, 1, 1]), rules)
    [0, 1, 2]
    """
    ranked = sorted(chosen, key=lambda s: (position[s], article_of[s], s))
    picked = set(chosen)
    followers = {s - 1: s for s in chosen if rules.needs_previous[s] and s - 1 in picked}
    order: list[int] = []
    named: set[str] = set()
    pending = [s for s in ranked if not (rules.needs_previous[s] and s - 1 in picked)]

    def emit(s: int) -> None:
        order.append(s)
        named.update(rules.introduces[s])
        if s in followers:
            emit(followers[s])

    while pending:
        ready = next(
            (s for s in pending if rules.needs_names[s] <= named | rules.introduces[s]),
            pending[0],
        )
        pending.remove(ready)
        emit(ready)
    return order
