"""``stories`` over a corpus cut into partitions: the local rule of
:mod:`storylens.compare.stories`, step by step on Dask, with the same labels.

1. **Checks.** Each partition checks its texts and ids as ``ArticleSet.from_texts`` does and
   reports its first problem; the client raises the one the local loader would have raised
   first (ids, then texts, then duplicate ids, found by a shuffle of the ids).
2. **Language.** ``"auto"`` reads the corpus's first 50,000 words, as the local detection
   does: each partition keeps its leading texts up to that many words (a lower bound of the
   core's count) and a tree keeps the leading ones of all, so the client sees one head.
3. **Vectors.** The vocabulary of :class:`storylens.dask.CountVectorizer` with the settings
   of :func:`storylens.compare.stories.plain_tfidf`; each partition's counts in the local
   fit's row order (see :func:`plain_counts`), weighted by
   :class:`storylens.dask.TfidfTransformer`: bit-equal to the local vectors.
4. **Neighbours.** :func:`storylens.dask.nearest` (exact on any partitioning).
5. **Threshold.** The median of each article's best score: on the client when there are at
   most :data:`CLIENT_VALUES` of them, else by an exact radix selection (histograms of the
   scores' bits, summed in a tree, narrow the median down to a bucket small enough to fetch).
6. **Components.** Each partition's edges above the threshold become a forest (each linked
   article and the smallest article of its component); forests merge in a tree, so the
   client receives one ``(article, root)`` pair per *linked* article, never the n·k edges.
   Articles without an edge are stories of one, numbered after the linked stories by
   position, partition by partition, without reaching the client.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from storylens._config import Config
from storylens.articles._loading import _id_str, check_text
from storylens.articles.article_set import _language
from storylens.compare._vectorize import language_stop_words
from storylens.compare.stories import MIN_SIMILARITY, NEIGHBOURS, RATIO, _check_options
from storylens.dask._blocks import csr_blocks, persisted_blocks, tree_reduce
from storylens.dask._nearest import nearest
from storylens.dask._tasks import client_settings, task_settings
from storylens.dask._transformer import TfidfTransformer
from storylens.dask._vectorizers import CountVectorizer
from storylens.exceptions import (
    DocumentTypeError,
    EmptyVocabularyError,
    InternalError,
    InvalidDocumentError,
    InvalidParameterError,
)
from storylens.feature_extraction import CountVectorizer as LocalCountVectorizer

__all__ = ["CLIENT_VALUES", "corpus_language", "stories"]

#: The fan-in of every tree reduction (heads, histograms, forests).
SPLIT_EVERY = 8
#: Up to this many best scores, the client takes their median itself; beyond, the radix
#: selection fetches at most this many.
CLIENT_VALUES = 1 << 22
#: The words the local language detection reads (``MAX_WORDS`` in src/text/language.rs).
DETECTION_WORDS = 50_000
#: Bits of a score's sort key that one histogram pass of the radix selection resolves.
RADIX_BITS = 16


def stories(
    texts: Any,
    *,
    ids: Any = None,
    language: str = "auto",
    k: int = NEIGHBOURS,
    ratio: float = RATIO,
    min_similarity: float = MIN_SIMILARITY,
    split_every: int = SPLIT_EVERY,
) -> Any:
    """The story of each article of a dask Series of texts, by the rule of
    :meth:`ArticleSet.stories <storylens.ArticleSet.stories>`, with the same labels.

    ``texts`` is indexed by article id, or ``ids`` (a sequence, or a dask Series partitioned
    like ``texts``) gives them. Returns a dask Series of story labels (``story``, int64)
    indexed by id (``article``, as str, as ``ArticleSet`` keeps ids): 0 is the largest story,
    stories of equal size are numbered by their first article's position. The labels equal
    ``ArticleSet.from_texts(texts.compute().tolist(), ids=..., language=language)
    .stories(k=k, ratio=ratio, min_similarity=min_similarity).labels`` on any partitioning.
    The texts are read several times (checks, vocabulary, matrix): persist them first when
    they come from files. ``split_every`` is the fan-in of the tree reductions.

    >>> import dask.dataframe as dd, pandas as pd
    >>> texts = pd.Series([
    ...     "Dock workers at the port of Corvale walked out over automated cranes.",
    ...     "Measles cases rise in Brennock as parents queue for vaccines.",
    ...     "The Corvale port strike over automated cranes stopped the dock workers.",
    ...     "Brennock measles outbreak: vaccine clinic opens for parents.",
    ... ], index=["a", "b", "c", "d"])
    >>> stories(dd.from_pandas(texts, npartitions=2)).compute().to_dict()
    {'a': 0, 'b': 1, 'c': 0, 'd': 1}
    """
    import dask

    _check_options(k, ratio, min_similarity)
    if isinstance(split_every, bool) or not isinstance(split_every, int) or split_every < 2:
        raise InvalidParameterError(
            f"split_every must be an int of at least 2, got {split_every!r}"
        )
    corpus = checked_corpus(texts, ids)
    language = corpus.language(language, split_every)
    n = corpus.size
    linked_nodes = np.empty(0, dtype=np.int64)
    linked_labels = np.empty(0, dtype=np.int64)
    if n > 1:
        counts = plain_counts(corpus, language, split_every)
        if counts is not None:
            tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(
                counts, split_every=split_every
            )
            # Two searches over the persisted rows: each article's best score alone for the
            # threshold, then the k neighbours at or above it, which prunes every candidate
            # below it (most of them). The edges are the local rule's: the top k of the
            # neighbours at or above the threshold are those above it among the top k.
            tfidf = persisted_blocks(tfidf)
            best = nearest(tfidf, 1, split_every=split_every)["score"].persist()
            typical = median(best, split_every=split_every)
            threshold = max(float(min_similarity), float(ratio) * typical)
            pairs = nearest(tfidf, min(int(k), n - 1), min_score=threshold, split_every=split_every)
            edges = pairs[["article", "neighbour"]]
            forests = [dask.delayed(_edge_forest)(part) for part in edges.to_delayed()]
            (linked_nodes, roots) = tree_reduce(forests, _merge_forests, split_every).compute()
            linked_labels = _numbered_by_size(roots)
    return corpus.labels(linked_nodes, linked_labels)


def plain_counts(corpus: _Corpus, language: str, split_every: int) -> Any:
    """The counts of :func:`storylens.compare.stories.plain_tfidf` as float64 CSR blocks,
    one per partition, or None when no article keeps a word.

    The vocabulary is the whole corpus's (:class:`storylens.dask.CountVectorizer`'s fit). Each
    block is the local ``fit_transform`` of its partition with its columns renumbered into
    that vocabulary, so that each row stores its terms in the order the local
    ``fit_transform`` stores them (first occurrence in the text), not the sorted order of a
    ``transform``: the row norms sum in stored order, and the weights must be bit-equal."""
    import dask

    params: dict[str, Any] = {
        "tokenizer": "news",
        "stop_words": language_stop_words(language, "news"),
        "stem": language,
    }
    counter = CountVectorizer(**params)
    try:
        counter.fit(corpus.texts, split_every=split_every)
    except EmptyVocabularyError:
        return None  # no article keeps a word: each is a story of its own
    features = np.asarray(counter.get_feature_names_out(), dtype=object)
    shared = dask.delayed(features, pure=True, traverse=False)
    settings = client_settings()
    blocks = [
        dask.delayed(_counts_in_local_order)(part, params, shared, settings)
        for part in corpus.texts.to_delayed()
    ]
    return csr_blocks(blocks, corpus.lengths, len(features), np.float64)


def _counts_in_local_order(
    part: pd.Series, params: dict[str, Any], features: np.ndarray[Any, Any], settings: Config
) -> sp.csr_matrix:
    """One partition's counts, in the corpus's columns and the local fit's row order."""
    if len(part) == 0:
        return sp.csr_matrix((0, len(features)), dtype=np.float64)
    local = LocalCountVectorizer(**params)
    with task_settings(settings):
        try:
            counts = local.fit_transform(part.tolist())
        except EmptyVocabularyError:  # this partition's articles keep no word
            return sp.csr_matrix((len(part), len(features)), dtype=np.float64)
    own = np.asarray(local.get_feature_names_out(), dtype=object)
    columns = np.searchsorted(features, own)
    if len(own) and not np.array_equal(features[np.minimum(columns, len(features) - 1)], own):
        raise InternalError("a partition's terms are missing from the corpus's vocabulary")
    return sp.csr_matrix(
        (counts.data.astype(np.float64), columns[counts.indices], counts.indptr),
        shape=(len(part), len(features)),
    )


# -- the corpus: checks, ids, language ---------------------------------------------------


class _Corpus:
    """A checked dask Series of texts: its partitions, their sizes and their ids."""

    def __init__(self, texts: Any, id_parts: list[Any], lengths: list[int], heads: Any) -> None:
        self.texts = texts
        self.id_parts = id_parts
        self.lengths = lengths
        self.offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        self.size = int(self.offsets[-1])
        self._heads = heads

    def language(self, language: str, split_every: int) -> str:
        """The canonical language, ``"auto"`` detected from the corpus's first words."""
        if not isinstance(language, str) or language.strip().lower() != "auto":
            return _language(language)
        head = tree_reduce(self._heads, _leading_texts, split_every).compute()
        return _language("auto", head[0])

    def labels(
        self, linked_nodes: np.ndarray[Any, Any], linked_labels: np.ndarray[Any, Any]
    ) -> Any:
        """The result: each partition's labels, the linked articles' from the client, the
        others numbered after them by position."""
        import dask
        import dask.dataframe as dd

        n_linked_stories = int(linked_labels.max()) + 1 if len(linked_labels) else 0
        order = np.argsort(linked_nodes, kind="stable")
        linked_nodes, linked_labels = linked_nodes[order], linked_labels[order]
        bounds = np.searchsorted(linked_nodes, self.offsets)
        singles_before = self.offsets - bounds  # articles without an edge before each offset
        parts = []
        for index, (text_part, id_part) in enumerate(
            zip(self.texts.to_delayed(), self.id_parts, strict=True)
        ):
            start, end = bounds[index], bounds[index + 1]
            parts.append(
                dask.delayed(_partition_labels)(
                    text_part,
                    id_part,
                    int(self.offsets[index]),
                    linked_nodes[start:end],
                    linked_labels[start:end],
                    n_linked_stories + int(singles_before[index]),
                )
            )
        meta = pd.Series(
            np.empty(0, dtype=np.int64),
            index=pd.Index([], dtype=object, name="article"),
            name="story",
        )
        return dd.from_delayed(parts, meta=meta, verify_meta=False)


def checked_corpus(texts: Any, ids: Any) -> _Corpus:
    """``texts`` (and ``ids``) checked as ``ArticleSet.from_texts`` checks them, raising the
    error it would raise first; the language heads are prepared on the way."""
    import dask
    import dask.dataframe as dd

    if isinstance(texts, dd.DataFrame):
        raise DocumentTypeError(
            "expected a dask Series of texts, got a dask DataFrame; pass one column, such as "
            "frame['text']"
        )
    if not isinstance(texts, dd.Series):
        raise DocumentTypeError(
            f"expected a dask Series of texts, got {type(texts).__name__}; for texts in "
            "memory use ArticleSet.from_texts(...).stories()"
        )
    text_parts = list(texts.to_delayed())
    lengths = [int(n) for n in dask.compute(*[dask.delayed(len)(part) for part in text_parts])]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(int).tolist()
    id_parts = _id_parts(ids, text_parts, lengths)
    reports = dask.compute(
        *[
            dask.delayed(_check_partition)(part, id_part, offset)
            for part, id_part, offset in zip(text_parts, id_parts, offsets[:-1], strict=True)
        ]
    )
    n_ids = sum(report["ids"] for report in reports)
    _raise_first([report["id_error"] for report in reports])
    if n_ids != offsets[-1]:
        raise InvalidParameterError(f"{n_ids} ids for {offsets[-1]} texts")
    for index, (report, length) in enumerate(zip(reports, lengths, strict=True)):
        if report["ids"] != length:  # a dask Series of ids, cut unlike the texts
            raise InvalidParameterError(
                f"partition {index} has {report['ids']} ids for {length} texts; partition the "
                "ids like the texts"
            )
    _raise_first([report["text_error"] for report in reports])
    _check_unique(text_parts, id_parts, offsets)
    heads = [dask.delayed(_partition_head)(part) for part in text_parts]
    return _Corpus(texts, id_parts, lengths, heads)


def _id_parts(ids: Any, text_parts: list[Any], lengths: list[int]) -> list[Any]:
    """The ids of each partition: delayed, or slices of a sequence (None: the index)."""
    import dask.dataframe as dd

    if ids is None:
        return [None] * len(text_parts)
    if isinstance(ids, dd.Series):
        if ids.npartitions != len(text_parts):
            raise InvalidParameterError(
                f"ids has {ids.npartitions} partitions, but texts has {len(text_parts)}; "
                "partition the ids like the texts"
            )
        return list(ids.to_delayed())
    if isinstance(ids, (str, bytes)) or not hasattr(ids, "__len__"):
        raise InvalidParameterError(
            f"ids must be a sequence or a dask Series, got {type(ids).__name__}"
        )
    values = list(ids.tolist() if hasattr(ids, "tolist") else ids)
    bounds = np.concatenate([[0], np.cumsum(lengths)]).astype(int)
    cuts = [values[start:end] for start, end in itertools.pairwise(bounds)]
    # Ids beyond the texts still count (the local error names both numbers).
    cuts[-1] = cuts[-1] + values[bounds[-1] :]
    return cuts


def _partition_ids(part: pd.Series, id_part: Any) -> list[Any]:
    if id_part is None:
        return part.index.tolist()
    return id_part.tolist() if hasattr(id_part, "tolist") else list(id_part)


def _check_partition(part: pd.Series, id_part: Any, offset: int) -> dict[str, Any]:
    """One partition's number of ids, and its first id problem and first text problem (as
    ``(position, exception)``), named as the local loader names them."""
    raw_ids = _partition_ids(part, id_part)
    id_error = None
    names = []
    for position, value in enumerate(raw_ids, start=offset):
        try:
            names.append(_id_str(value, f"ids[{position}]"))
        except (TypeError, ValueError) as error:
            id_error = (position, error)
            break
    text_error = None
    if id_error is None:
        for position, (value, name) in enumerate(
            zip(part.tolist(), names, strict=False), start=offset
        ):
            try:
                check_text(value, f"texts[{position}] (id {name!r})")
            except (TypeError, ValueError) as error:
                text_error = (position, error)
                break
    return {"ids": len(raw_ids), "id_error": id_error, "text_error": text_error}


def _raise_first(problems: Sequence[tuple[int, Exception] | None]) -> None:
    found = [problem for problem in problems if problem is not None]
    if found:
        raise min(found, key=lambda problem: problem[0])[1]


def _check_unique(text_parts: list[Any], id_parts: list[Any], offsets: list[int]) -> None:
    """Duplicate ids, found by a shuffle of ``(id, position)`` on the id: the error names
    the pair whose later article comes first, as the local loader does."""
    import dask
    import dask.dataframe as dd

    meta = pd.DataFrame(
        {"id": pd.Series([], dtype=object), "position": pd.Series([], dtype=np.int64)}
    )
    frames = [
        dask.delayed(_id_frame)(part, id_part, offset)
        for part, id_part, offset in zip(text_parts, id_parts, offsets[:-1], strict=True)
    ]
    if not frames:
        return
    pairs = dd.from_delayed(frames, meta=meta, verify_meta=False)
    shuffled = pairs.shuffle(on="id", npartitions=max(1, len(frames)))
    found = shuffled.map_partitions(
        _first_duplicate,
        meta=pd.DataFrame(
            {
                "id": pd.Series([], dtype=object),
                "first": pd.Series([], dtype=np.int64),
                "second": pd.Series([], dtype=np.int64),
            }
        ),
    ).compute()
    if len(found):
        row = found.sort_values("second", kind="stable").iloc[0]
        name, first, second = str(row["id"]), int(row["first"]), int(row["second"])
        raise InvalidDocumentError(
            f"duplicate article id {name!r}: texts[{first}] (id {name!r}) and "
            f"texts[{second}] (id {name!r})"
        )


def _id_frame(part: pd.Series, id_part: Any, offset: int) -> pd.DataFrame:
    names = [_id_str(value, "") for value in _partition_ids(part, id_part)][: len(part)]
    return pd.DataFrame(
        {
            "id": pd.Series(names, dtype=object),
            "position": np.arange(offset, offset + len(names), dtype=np.int64),
        }
    )


def _first_duplicate(frame: pd.DataFrame) -> pd.DataFrame:
    """The duplicated id of this bucket whose second occurrence comes first, with its first
    and second positions (no row when no id repeats)."""
    ordered = frame.sort_values("position", kind="stable")
    later = ordered[ordered["id"].duplicated(keep="first")].head(1)
    names = later["id"].tolist()
    first = [int(ordered.loc[ordered["id"] == name, "position"].iloc[0]) for name in names]
    return pd.DataFrame(
        {
            "id": pd.Series(names, dtype=object),
            "first": pd.Series(first, dtype=np.int64),
            "second": pd.Series(later["position"].tolist(), dtype=np.int64),
        }
    )


def _partition_head(part: pd.Series) -> tuple[list[str], int]:
    """The partition's leading texts up to :data:`DETECTION_WORDS` words, and how many
    words they hold (a lower bound of the core's count)."""
    return _leading_texts(([value for value in part.tolist() if isinstance(value, str)], None))


def _lower_bound_words(text: str) -> int:
    """Whitespace-separated runs holding a letter: each holds at least one of the core's
    words (runs of alphabetic characters, a superset of Python's letters), and no core word
    spans whitespace."""
    return sum(1 for run in text.split() if any(c.isalpha() for c in run))


def _leading_texts(*heads: tuple[list[str], int | None]) -> tuple[list[str], int]:
    """The leading texts of the concatenated ``heads`` up to :data:`DETECTION_WORDS` words.
    Associative, so a tree of it keeps the corpus's leading texts whatever the partitioning;
    it may keep more than the detection reads, never less."""
    kept: list[str] = []
    words = 0
    for texts, counted in heads:
        if counted is not None and words + counted < DETECTION_WORDS:
            kept += texts
            words += counted
            continue
        for text in texts:
            if words >= DETECTION_WORDS:
                break
            kept.append(text)
            words += _lower_bound_words(text)
        if words >= DETECTION_WORDS:
            break
    return kept, words


def corpus_language(texts: Any, language: str = "auto", *, split_every: int = SPLIT_EVERY) -> str:
    """The language of a dask Series of texts as ``ArticleSet.from_texts`` resolves it:
    ``"auto"`` detects it from the corpus's first words (English when too few), a name is
    resolved (``"de"`` is ``"german"``).

    >>> import dask.dataframe as dd, pandas as pd
    >>> texts = pd.Series(["Der Rat sagte, dass die Brücke gesperrt bleibt, bis sie wieder "
    ...                    "sicher ist und dass der Verkehr dann wieder über die Brücke fährt."])
    >>> corpus_language(dd.from_pandas(texts, npartitions=1))
    'german'
    """
    if isinstance(language, str) and language.strip().lower() == "auto":
        import dask

        parts = [dask.delayed(_partition_head)(part) for part in texts.to_delayed()]
        if not parts:
            return _language("auto", [])
        head = tree_reduce(parts, _leading_texts, split_every).compute()
        return _language("auto", head[0])
    return _language(language)


# -- the threshold: an exact median ------------------------------------------------------


def median(
    values: Any, *, split_every: int = SPLIT_EVERY, client_values: int | None = None
) -> float:
    """The median of a dask Series of finite floats, exactly as ``np.median`` gives it (0.0
    when it is empty, as the local threshold takes it): fetched when there are at most
    ``client_values`` of them, else by a radix selection that fetches at most that many.

    >>> import dask.dataframe as dd, pandas as pd
    >>> values = dd.from_pandas(pd.Series([0.5, 0.1, 0.9, 0.3]), npartitions=2)
    >>> median(values), median(values, client_values=1)
    (0.4, 0.4)
    """
    import dask

    client_values = CLIENT_VALUES if client_values is None else client_values
    parts = [dask.delayed(_sort_keys)(part) for part in values.to_delayed()]
    n = int(sum(dask.compute(*[dask.delayed(len)(part) for part in parts])))
    if n == 0:
        return 0.0
    if n <= client_values:
        return float(np.median(_values(parts)))
    middle = [(n - 1) // 2, n // 2]
    chosen = [_select(parts, rank, split_every, client_values) for rank in sorted(set(middle))]
    found = dict(zip(sorted(set(middle)), chosen, strict=True))
    return float(np.median(np.array([found[rank] for rank in middle], dtype=np.float64)))


def _values(parts: list[Any]) -> np.ndarray[Any, Any]:
    import dask

    keys = np.concatenate(dask.compute(*parts)) if parts else np.empty(0, dtype=np.uint64)
    return _from_keys(keys)


def _sort_keys(part: pd.Series) -> np.ndarray[Any, Any]:
    """Floats as unsigned keys in the same order (the sign bit flipped for non-negative
    values, every bit for negative ones)."""
    bits = np.ascontiguousarray(part.to_numpy(dtype=np.float64)).view(np.uint64)
    negative = (bits >> np.uint64(63)).astype(bool)
    return np.where(negative, ~bits, bits | np.uint64(1 << 63))


def _from_keys(keys: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    positive = (keys >> np.uint64(63)).astype(bool)
    bits = np.where(positive, keys & ~np.uint64(1 << 63), ~keys)
    return bits.view(np.float64)


def _select(parts: list[Any], rank: int, split_every: int, client_values: int) -> float:
    """The value of 0-based ``rank`` in sorted order: each pass sums the histograms of the
    next :data:`RADIX_BITS` bits of the keys that share the prefix found so far, and picks
    the bucket that holds the rank, until that bucket is small enough to fetch."""
    import dask

    prefix, known = 0, 0  # the top `known` bits of the wanted key
    while True:
        shift = 64 - known - RADIX_BITS
        histograms = [dask.delayed(_histogram)(part, prefix, known, shift) for part in parts]
        counts = tree_reduce(histograms, _sum_arrays, split_every).compute()
        cumulative = np.cumsum(counts)
        bucket = int(np.searchsorted(cumulative, rank, side="right"))
        rank -= int(cumulative[bucket - 1]) if bucket else 0
        prefix, known = (prefix << RADIX_BITS) | bucket, known + RADIX_BITS
        if counts[bucket] <= client_values or known == 64:
            matching = dask.compute(
                *[dask.delayed(_matching)(part, prefix, known) for part in parts]
            )
            keys = np.sort(np.concatenate(matching))
            return float(_from_keys(keys[rank : rank + 1])[0])


def _histogram(
    keys: np.ndarray[Any, Any], prefix: int, known: int, shift: int
) -> np.ndarray[Any, Any]:
    selected = keys[_has_prefix(keys, prefix, known)]
    buckets = (selected >> np.uint64(shift)) & np.uint64((1 << RADIX_BITS) - 1)
    return np.bincount(buckets.astype(np.int64), minlength=1 << RADIX_BITS).astype(np.int64)


def _has_prefix(keys: np.ndarray[Any, Any], prefix: int, known: int) -> np.ndarray[Any, Any]:
    if known == 0:
        return np.ones(len(keys), dtype=bool)
    matches: np.ndarray[Any, Any] = (keys >> np.uint64(64 - known)) == np.uint64(prefix)
    return matches


def _matching(keys: np.ndarray[Any, Any], prefix: int, known: int) -> np.ndarray[Any, Any]:
    matching: np.ndarray[Any, Any] = keys[_has_prefix(keys, prefix, known)]
    return matching


def _sum_arrays(*arrays: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    total: np.ndarray[Any, Any] = np.sum(arrays, axis=0)
    return total


# -- the components: forests merged in a tree --------------------------------------------

#: A forest: linked article positions (sorted, unique) and the smallest position of each
#: one's component.
_Forest = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]


def _edge_forest(edges: pd.DataFrame) -> _Forest:
    """The forest of one partition's edges."""
    return _forest(
        edges["article"].to_numpy(dtype=np.int64), edges["neighbour"].to_numpy(dtype=np.int64)
    )


def _merge_forests(*forests: _Forest) -> _Forest:
    """The forest of several forests' union (each ``(node, root)`` pair is an edge)."""
    return _forest(
        np.concatenate([nodes for nodes, _ in forests]),
        np.concatenate([roots for _, roots in forests]),
    )


def _forest(sources: np.ndarray[Any, Any], targets: np.ndarray[Any, Any]) -> _Forest:
    nodes, inverse = np.unique(np.concatenate([sources, targets]), return_inverse=True)
    m, e = len(nodes), len(sources)
    graph = sp.csr_matrix((np.ones(e), (inverse[:e], inverse[e:])), shape=(m, m))
    _, components = connected_components(graph, directed=True, connection="weak")
    # `nodes` is sorted, so a component's first node is its smallest.
    _, first = np.unique(components, return_index=True)
    return nodes, nodes[first[components]]


def _numbered_by_size(roots: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Each linked article's label: components by size, largest first, then by their
    smallest (first) article, as the local numbering."""
    ids, inverse, sizes = np.unique(roots, return_inverse=True, return_counts=True)
    order = np.lexsort((ids, -sizes))
    renumber = np.empty(len(ids), dtype=np.int64)
    renumber[order] = np.arange(len(ids), dtype=np.int64)
    return renumber[inverse]


def _partition_labels(
    part: pd.Series,
    id_part: Any,
    offset: int,
    linked_nodes: np.ndarray[Any, Any],
    linked_labels: np.ndarray[Any, Any],
    first_single: int,
) -> pd.Series:
    """One partition's labels: the linked articles' as given, the others numbered from
    ``first_single`` in order."""
    names = [_id_str(value, "") for value in _partition_ids(part, id_part)][: len(part)]
    labels = np.empty(len(names), dtype=np.int64)
    linked = np.zeros(len(names), dtype=bool)
    linked[linked_nodes - offset] = True
    labels[linked_nodes - offset] = linked_labels
    labels[~linked] = first_single + np.arange(int((~linked).sum()), dtype=np.int64)
    return pd.Series(labels, index=pd.Index(names, dtype=object, name="article"), name="story")
