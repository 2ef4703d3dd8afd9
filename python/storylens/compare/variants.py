"""Spelling and style variants: one term written several ways across a set.

Outlets differ in house style: "defence" and "defense", "organise" and "organize", "café"
and "cafe", "Shoigu" and "Shoygu". Counted as different terms, these differences of style
top every list of distinctive terms and lower the similarity of articles that say the same.
Inside a :class:`~storylens.compare.Comparison` each group of variants becomes one term.

Three kinds of variant are found, each only among the words the set itself uses (a rule
never invents a spelling: both forms must occur):

- **British and American spellings** (in an English set), by suffix rules: -ise/-ize and
  -yse/-yze (with their inflections), -our/-or, -tre/-ter, -ence/-ense (defence), a doubled
  l before a suffix (travelled), ae/oe inside a word (paediatric), -ogue/-og, -mme/-m,
  -dgement/-dgment.
  The rules need a stem of at least three letters, so short words ("fence", "filled") are
  never touched. The ``breame`` package's word list was judged and not used: it ships as
  source only, built by a ``setup.py`` that imports ``distutils`` (gone from Python 3.12),
  has not changed since 2021, and mixes spelling pairs with pairs of different words
  ("draught"/"draft", "tyre"/"tire") that would merge "draft law" with beer.
- **Accent variants**: a word and its form without accents ("café"/"cafe").
- **Transliterations of one name**, among proper names only: words written capitalised
  everywhere in the set, of six letters or more, at an edit distance under a fifth of their
  length ("Shoigu"/"Shoygu", "Gaddafi"/"Qaddafi"), with the same last letter and either the
  same first letter or the same last three, and never both in one article (an outlet keeps
  its spelling; two names in one article are two people: "Maria" and "Mario").

The all-caps country abbreviations ("US" and "U.S.") are one token already: the news
tokeniser writes an initialism in capitals with its periods.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from storylens.text import Tokenizer

__all__ = ["VariantMerge", "find_variants", "name_variant", "spelling_twins", "strip_accents"]

# British spelling patterns and their American form; group 1 is the stem they share.
_SPELLING_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^(\w{3,})is(e|es|ed|ing|ation|ations|er|ers|able)$", r"\1iz\2"),
        (r"^(\w{3,})ys(e|es|ed|ing|er|ers)$", r"\1yz\2"),
        (
            r"^(\w{3,})our(s|ed|ing|ite|ites|able|ably|ful|less|ism|ist|ists|hood|hoods|al"
            r"|ally|er|ers|y)?$",
            r"\1or\2",
        ),
        (r"^(\w{2,}[^aeiou\W])re(s)?$", r"\1er\2"),
        (r"^(\w{2,}[^aeiou\W])r(ed|ing)$", r"\1er\2"),
        (r"^(\w{2,})ence(s)?$", r"\1ense\2"),
        (r"^(\w{2,}[aeiou])ll(ed|ing|er|ers|or|ors)$", r"\1l\2"),
        (r"^((?:\w*[^aeiou\W])?)(?:ae|oe)([^aeiou\W]\w{2,})$", r"\1e\2"),
        (r"^(\w{3,})ogue(s)?$", r"\1og\2"),
        (r"^(\w{3,})mme(s)?$", r"\1m\2"),
        (r"^(\w+dg)ement(s)?$", r"\1ment\2"),
    )
)


# A cheap first look: a word none of the rules can touch ends (or holds) none of these.
_MAYBE_BRITISH = re.compile(
    r"(?:is|ys)(?:e|es|ed|ing|ation|ations|er|ers|able)$|our|r(?:e|es|ed|ing)$|ences?$"
    r"|ll(?:ed|ing|er|ers|or|ors)$|ae|oe|ogues?$|mmes?$|dgements?$"
)


def spelling_twins(word: str) -> list[str]:
    """The American spellings the rules derive from a British-looking ``word`` (lowercase).

    >>> spelling_twins("defence"), spelling_twins("organised"), spelling_twins("travelled")
    (['defense'], ['organized'], ['traveled'])
    >>> spelling_twins("colour"), spelling_twins("centre"), spelling_twins("fence")
    (['color'], ['center'], [])
    """
    twins: list[str] = []
    if not _MAYBE_BRITISH.search(word):
        return twins
    for pattern, replacement in _SPELLING_RULES:
        twin = pattern.sub(replacement, word)
        if twin != word:
            twins.append(twin)
    return twins


def strip_accents(word: str) -> str:
    """``word`` without its accents (NFKD, combining marks dropped).

    >>> strip_accents("café"), strip_accents("Erdoğan")
    ('cafe', 'Erdogan')
    """
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one substitution, insertion, deletion or swap of
    neighbours."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differ) == 1:
            return True
        return (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]]
            and a[differ[1]] == b[differ[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    at = next((i for i in range(len(short)) if short[i] != long[i]), len(short))
    return short[at:] == long[at + 1 :]


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def name_variant(a: str, b: str) -> bool:
    """Whether two proper names (lowercase, accents stripped) look like transliterations of
    one name: six letters or more, an edit distance under a fifth of the longer, the same
    last letter, and the same first letter or the same last three.

    >>> name_variant("shoigu", "shoygu"), name_variant("gaddafi", "qaddafi")
    (True, True)
    >>> name_variant("daniel", "daniela"), name_variant("sudan", "susan")
    (False, False)
    """
    if a == b or min(len(a), len(b)) < 6 or a[-1] != b[-1]:
        return False
    if a[0] != b[0] and a[-3:] != b[-3:]:
        return False
    longest = max(len(a), len(b))
    if longest < 11:
        return _within_one_edit(a, b)
    return abs(len(a) - len(b)) <= 2 and _edit_distance(a, b) * 5 < longest


@dataclass(frozen=True)
class VariantMerge:
    """How the features of a comparison merge: ``column_of[i]`` is the merged column of plain
    feature ``i``; ``terms`` names the merged columns and ``heads`` gives, for each, the
    plain feature it is named after; ``table`` lists each merge (``head``, the plain feature
    naming it, and ``variants``, its spellings).

    >>> merge = VariantMerge(np.array([0, 0]), np.array(["defenc"]), np.array([0]),
    ...                      pd.DataFrame())
    >>> merge.merges
    True
    """

    column_of: np.ndarray[Any, Any]
    terms: np.ndarray[Any, Any]
    heads: np.ndarray[Any, Any]
    table: pd.DataFrame

    @property
    def merges(self) -> bool:
        """Whether any two features merged.

        >>> VariantMerge(np.array([0, 1]), np.array(["a", "b"]), np.array([0, 1]),
        ...              pd.DataFrame()).merges
        False
        """
        return len(self.terms) < len(self.column_of)

    def merge_columns(self, matrix: Any) -> sp.csr_matrix:
        """``matrix`` (rows by plain features) with the columns of each merge summed.

        >>> import numpy as np, scipy.sparse as sp
        >>> merge = VariantMerge(np.array([0, 0, 1]), np.array(["a", "b"]), np.array([0, 2]),
        ...                      pd.DataFrame())
        >>> merge.merge_columns(sp.csr_matrix([[1.0, 2.0, 3.0]])).toarray().tolist()
        [[3.0, 3.0]]
        """
        n_plain, n_merged = len(self.column_of), len(self.terms)
        indicator = sp.csr_matrix(
            (np.ones(n_plain), (np.arange(n_plain), self.column_of)), shape=(n_plain, n_merged)
        )
        return sp.csr_matrix(sp.csr_matrix(matrix) @ indicator, dtype=np.float64)


class _Words:
    """What the set says about each lowercase word: how often it is used, whether it is ever
    written in lowercase (a proper name never is), and for the names, in which articles."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._cased = Tokenizer(tokenizer="news", lowercase=False).tokenize(list(texts))
        self.count: Counter[str] = Counter()
        lowercase: set[str] = set()
        capitalised: dict[str, set[str]] = {}
        for token, n in Counter(chain.from_iterable(self._cased)).items():
            word = token.lower()
            self.count[word] += n
            if token == word:
                lowercase.add(word)
            elif token[0].isupper() and not token.isupper():
                capitalised.setdefault(word, set()).add(token)
        self._name_forms = {
            word: forms
            for word, forms in capitalised.items()
            if word not in lowercase and word.isalpha() and len(word) >= 6
        }

    def names(self) -> list[str]:
        """Words written capitalised in every occurrence (proper names), sorted.

        >>> _Words(["Shoigu met Lavrov.", "The Shoigu plan met lavrov."]).names()
        ['shoigu']
        """
        return sorted(self._name_forms)

    def articles_of_names(self) -> dict[str, set[int]]:
        """For each name, the articles that use it."""
        spelled = {form: word for word, forms in self._name_forms.items() for form in forms}
        found: dict[str, set[int]] = {word: set() for word in self._name_forms}
        for article, tokens in enumerate(self._cased):
            for form in spelled.keys() & set(tokens):
                found[spelled[form]].add(article)
        return found


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def _variant_pairs(words: _Words, english: bool) -> list[tuple[str, str]]:
    """Pairs of words of the set that are variants of one term (British and American
    spellings only in an English set)."""
    vocabulary = set(words.count)
    pairs: list[tuple[str, str]] = []
    for word in sorted(vocabulary):
        if english:
            pairs.extend((word, twin) for twin in spelling_twins(word) if twin in vocabulary)
        plain = strip_accents(word)
        if plain != word and plain in vocabulary:
            pairs.append((word, plain))
    # Names can only pair with names of the same last letter and a length at most 2 apart.
    by_last_letter: dict[str, list[tuple[int, str, str]]] = {}
    for name in words.names():
        plain = strip_accents(name)
        by_last_letter.setdefault(plain[-1], []).append((len(plain), plain, name))
    close: list[tuple[str, str]] = []
    for group in by_last_letter.values():
        group.sort()
        for i, (length_a, plain_a, name_a) in enumerate(group):
            for length_b, plain_b, name_b in group[i + 1 :]:
                if length_b - length_a > 2:
                    break
                if plain_a != plain_b and name_variant(plain_a, plain_b):
                    close.append((name_a, name_b))
    if close:
        articles = words.articles_of_names()
        pairs.extend((a, b) for a, b in close if not articles[a] & articles[b])
    return pairs


def find_variants(
    texts: Sequence[str],
    terms: np.ndarray[Any, Any],
    totals: np.ndarray[Any, Any],
    analyze: Callable[[str], list[str]],
    language: str = "english",
) -> VariantMerge:
    """The merges of a comparison's features: ``texts`` are its articles, ``terms`` its
    features, ``totals`` each feature's count, and ``analyze`` its analyzer (a word in, its
    features out). The spelling rules are English and apply to a ``language`` "english" set
    only; accents and names apply to all. A merged column is named after its most frequent
    feature (``heads`` gives it); an n-gram merges with another when its words do.

    >>> import numpy as np
    >>> terms = np.array(["defence", "defense", "ministry"], dtype=object)
    >>> merge = find_variants(["The defence ministry", "The defense ministry"], terms,
    ...                       np.array([1, 1, 2]), lambda word: [word])
    >>> merge.terms.tolist(), merge.table.values.tolist()
    (['defence', 'ministry'], [[0, ['defence', 'defense']]])
    """
    words = _Words(texts)
    groups = _UnionFind()
    for a, b in _variant_pairs(words, language == "english"):
        groups.union(a, b)
    index = {str(term): position for position, term in enumerate(terms)}
    candidates = sorted(groups.parent)
    features = [analyze(word) for word in candidates]
    members: dict[str, list[str]] = {}
    feature_of: dict[str, str] = {}
    for word, analysed in zip(candidates, features, strict=True):
        if len(analysed) == 1 and analysed[0] in index:
            feature_of[word] = analysed[0]
            members.setdefault(groups.find(word), []).append(word)
    canonical: dict[str, str] = {}
    rows = []
    for group in members.values():
        group_features = sorted({feature_of[word] for word in group})
        if len(group_features) < 2:
            continue
        head = min(group_features, key=lambda f: (-totals[index[f]], f))
        for feature in group_features:
            canonical[feature] = head
        spellings = sorted(group, key=lambda word: (-words.count[word], word))
        rows.append({"head": index[head], "variants": spellings})
    names = np.array(
        [" ".join(canonical.get(part, part) for part in str(term).split(" ")) for term in terms],
        dtype=object,
    )
    merged, column_of = np.unique(names.astype(str), return_inverse=True)
    first = np.zeros(len(merged), dtype=np.int64)
    for position in range(len(terms) - 1, -1, -1):
        first[column_of[position]] = position
    heads = np.array([index.get(str(name), first[i]) for i, name in enumerate(merged)])
    return VariantMerge(
        column_of=column_of.astype(np.int64),
        terms=np.asarray(merged, dtype=object),
        heads=heads.astype(np.int64),
        table=pd.DataFrame(rows, columns=["head", "variants"]),
    )


def merged_tfidf(
    counts: sp.csr_matrix, idf: np.ndarray[Any, Any], sublinear_tf: bool, norm: str | None
) -> sp.csr_matrix:
    """TF-IDF rows of merged ``counts`` with the merged columns' ``idf`` (as scikit-learn's
    TfidfTransformer weighs: 1 + log(count) when sublinear, times idf, then normalised).

    >>> import numpy as np, scipy.sparse as sp
    >>> merged_tfidf(sp.csr_matrix([[3.0, 4.0]]), np.ones(2), False, "l2").toarray().tolist()
    [[0.6, 0.8]]
    """
    weights = sp.csr_matrix(counts, dtype=np.float64, copy=True)
    if sublinear_tf:
        weights.data = np.log(weights.data) + 1.0
    weights = sp.csr_matrix(weights @ sp.diags(idf))
    if norm is not None:
        rows = np.repeat(np.arange(weights.shape[0]), np.diff(weights.indptr))
        if norm == "l2":
            lengths = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
        else:
            lengths = np.asarray(abs(weights).sum(axis=1)).ravel()
        lengths[lengths == 0] = 1.0
        weights.data = weights.data / lengths[rows]
    return weights
