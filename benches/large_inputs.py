"""Large and many documents: time and peak memory against input size, beside scikit-learn.

- One large document (prose with sentence and paragraph breaks) of 50, 100 and 200 MB
  through the count, TF-IDF and hashing vectorizers, each beside scikit-learn's same
  estimator on the same text; the sentence splitter and the cleaner
  (``ArticleSet.from_texts(...).clean()``) on the same sizes (their peer is scikit-learn's
  CountVectorizer on the same text).
- Many tiny documents (1 to 5 words each, an empty string every 10,000 documents): 250,000,
  500,000 and 1,000,000 of them through the three vectorizers and ``Tokenizer.tokenize``,
  each beside scikit-learn's same estimator (for the tokenizer, scikit-learn's word analyzer).

Each case runs in a fresh process, so that its peak RSS is its own. Once the input is built,
the process's peak RSS is reset (Linux ``/proc/self/clear_refs``); "added MB" is the peak
during the call minus the RSS before it: the memory the call itself took. "peak RSS MB"
is the process's peak during the call, input and interpreter included. Memory is linear in
the input when "added MB per input MB" stays flat across sizes.
"agrees" checks that a storylens result equals its peer's (vocabulary and matrix). Usage::

    python benches/large_inputs.py            # every case, a Markdown table on stdout
    python benches/large_inputs.py --quick    # a tenth of the sizes
    python benches/large_inputs.py --case "tiny: CountVectorizer" --size 250000
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

MB = 1_000_000
BLOCK_BYTES = 1 * MB
EMPTY_EVERY = 10_000
LARGE_SIZES_MB = (50, 100, 200)
SENTENCE_SIZES_MB = (50, 100, 200)
TINY_COUNTS = (250_000, 500_000, 1_000_000)


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = ["ka", "lo", "mer", "tun", "si", "bra", "ve", "dor", "pel", "qui", "han", "zo"]
    words = {"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(size)}
    return sorted(words)


def large_document(size_bytes: int, seed: int = 19) -> str:
    """One document of ``size_bytes`` bytes of invented prose: about 1 MB of sentences,
    shuffled anew for each megabyte and grouped ten to a paragraph, so that no paragraph
    repeats (the cleaner drops repeated paragraphs) while building stays fast."""
    rng = random.Random(seed)
    words = _vocabulary(rng, 20_000)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    sentences: list[str] = []
    length = 0
    while length < BLOCK_BYTES:
        sentence = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(6, 20)))
        sentences.append(sentence.capitalize() + ".")
        length += len(sentences[-1]) + 1
    blocks: list[str] = []
    length = 0
    while length < size_bytes:
        rng.shuffle(sentences)
        paragraphs = [" ".join(sentences[at : at + 10]) for at in range(0, len(sentences), 10)]
        blocks.append("\n\n".join(paragraphs) + "\n\n")
        length += len(blocks[-1])
    return "".join(blocks)[:size_bytes]


def tiny_documents(count: int, seed: int = 19) -> list[str]:
    """``count`` documents of 1 to 5 words, an empty string every ``EMPTY_EVERY`` (the first
    at index 0)."""
    rng = random.Random(seed)
    words = _vocabulary(rng, 5_000)
    return [
        "" if index % EMPTY_EVERY == 0 else " ".join(rng.choices(words, k=rng.randint(1, 5)))
        for index in range(count)
    ]


def _matrix_digest(vectorizer: Any, matrix: Any) -> str:
    """A digest of the vocabulary and the matrix (floats rounded, so that last-bit
    differences in TF-IDF weights do not count)."""
    import numpy as np

    matrix = matrix.tocsr()
    matrix.sort_indices()
    digest = hashlib.sha256()
    vocabulary = getattr(vectorizer, "vocabulary_", None)
    if vocabulary is not None:
        digest.update(json.dumps(sorted(vocabulary.items())).encode())
    digest.update(np.asarray(matrix.shape, dtype=np.int64).tobytes())
    digest.update(np.asarray(matrix.indptr, dtype=np.int64).tobytes())
    digest.update(np.asarray(matrix.indices, dtype=np.int64).tobytes())
    digest.update(np.round(np.asarray(matrix.data, dtype=np.float64), 9).tobytes())
    return digest.hexdigest()[:12]


def _vectorize(make: Callable[[], Any], fit: bool) -> Callable[[list[str]], tuple[str, str]]:
    def run(documents: list[str]) -> tuple[str, str]:
        vectorizer = make()
        matrix = vectorizer.fit_transform(documents) if fit else vectorizer.transform(documents)
        return f"{matrix.shape[0]:,} rows, {matrix.nnz:,} nonzeros", _matrix_digest(
            vectorizer, matrix
        )

    return run


def _tokens_digest(token_lists: list[list[str]]) -> str:
    digest = hashlib.sha256()
    for tokens in token_lists:
        digest.update(("\x1f".join(tokens) + "\x1e").encode())
    return digest.hexdigest()[:12]


def _storylens_tokenize(documents: list[str]) -> tuple[str, str]:
    from storylens import Tokenizer

    token_lists = Tokenizer().tokenize(documents)
    return f"{len(token_lists):,} rows", _tokens_digest(token_lists)


def _sklearn_tokenize(documents: list[str]) -> tuple[str, str]:
    from sklearn.feature_extraction.text import CountVectorizer as SkCountVectorizer

    analyze = SkCountVectorizer().build_analyzer()
    token_lists = [analyze(document) for document in documents]
    return f"{len(token_lists):,} rows", _tokens_digest(token_lists)


def _split(documents: list[str]) -> tuple[str, str]:
    from storylens import split_sentences

    return f"{len(split_sentences(documents[0])):,} sentences", ""


def _clean(documents: list[str]) -> tuple[str, str]:
    from storylens import ArticleSet

    return f"{len(ArticleSet.from_texts(documents).clean()[0].text):,} characters kept", ""


def _sklearn_count(documents: list[str]) -> tuple[str, str]:
    from sklearn.feature_extraction.text import CountVectorizer as SkCountVectorizer

    return _vectorize(SkCountVectorizer, True)(documents)


def _vectorizer_cases(prefix: str) -> dict[str, tuple[Callable[[list[str]], tuple[str, str]], str]]:
    """Each case's function and the name of its peer (itself for a peer)."""
    from sklearn.feature_extraction import text as sk
    from storylens import CountVectorizer, HashingVectorizer, TfidfVectorizer

    pairs = {
        "CountVectorizer": (CountVectorizer, sk.CountVectorizer, True),
        "TfidfVectorizer": (TfidfVectorizer, sk.TfidfVectorizer, True),
        "HashingVectorizer": (HashingVectorizer, sk.HashingVectorizer, False),
    }
    cases: dict[str, tuple[Callable[[list[str]], tuple[str, str]], str]] = {}
    for name, (ours, theirs, fit) in pairs.items():
        peer = f"{prefix}: scikit-learn {name} (peer)"
        cases[peer] = (_vectorize(theirs, fit), peer)
        cases[f"{prefix}: {name}"] = (_vectorize(ours, fit), peer)
    return cases


def cases() -> dict[str, tuple[Callable[[list[str]], tuple[str, str]], str, str]]:
    """Every case: its function, its peer's name and its kind ("large", "sentences", "tiny")."""
    table: dict[str, tuple[Callable[[list[str]], tuple[str, str]], str, str]] = {}
    for name, (run, peer) in _vectorizer_cases("large").items():
        table[name] = (run, peer, "large")
    sentence_peer = "sentences: scikit-learn CountVectorizer (peer)"
    table[sentence_peer] = (_sklearn_count, sentence_peer, "sentences")
    table["sentences: split_sentences"] = (_split, sentence_peer, "sentences")
    table["sentences: ArticleSet.from_texts(...).clean()"] = (_clean, sentence_peer, "sentences")
    for name, (run, peer) in _vectorizer_cases("tiny").items():
        table[name] = (run, peer, "tiny")
    tokenize_peer = "tiny: scikit-learn analyzer (peer)"
    table[tokenize_peer] = (_sklearn_tokenize, tokenize_peer, "tiny")
    table["tiny: Tokenizer.tokenize"] = (_storylens_tokenize, tokenize_peer, "tiny")
    return table


def sizes(kind: str, scale: float) -> list[int]:
    """The input sizes of a kind of case: bytes for a large document, else a count."""
    if kind == "large":
        return [int(size * MB * scale) for size in LARGE_SIZES_MB]
    if kind == "sentences":
        return [int(size * MB * scale) for size in SENTENCE_SIZES_MB]
    return [int(count * scale) for count in TINY_COUNTS]


def run_case(name: str, size: int) -> dict[str, object]:
    """Runs one case in this process on an input of ``size``; its figures as a dict."""
    run, _peer, kind = cases()[name]
    documents = [large_document(size)] if kind != "tiny" else tiny_documents(size)
    input_bytes = sum(len(document.encode("utf-8")) for document in documents)
    gc.collect()
    before = _reset_peak_rss_mb()
    started = time.perf_counter()
    outcome, digest = run(documents)
    seconds = time.perf_counter() - started
    peak = _peak_rss_mb()
    return {
        "case": name,
        "documents": len(documents),
        "input MB": input_bytes / MB,
        "seconds": seconds,
        "peak RSS MB": peak,
        "added MB": peak - before,
        "outcome": outcome,
        "digest": digest,
    }


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise LookupError(field)


def _reset_peak_rss_mb() -> float:
    """Resets the process's peak RSS to its current RSS, so that the peak measured next is
    the call's own and not that of building the input; returns the current RSS in MB.
    (Linux: writing 5 to /proc/self/clear_refs; elsewhere the peak so far is kept.)"""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
        return _status_mb("VmRSS")
    except OSError:
        return _peak_rss_mb()


def _peak_rss_mb() -> float:
    try:
        return _status_mb("VmHWM")
    except (OSError, LookupError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _row(row: dict[str, Any], peer: dict[str, Any] | None) -> str:
    if "seconds" not in row:
        return f"| {row['case']} | {row['documents']:,} | | | | | | | | {row['outcome']} |"
    input_mb = max(row["input MB"], 1e-9)
    time_ratio = memory_ratio = agrees = ""
    if peer is not None and "seconds" in peer and peer is not row:
        time_ratio = f"{row['seconds'] / max(peer['seconds'], 1e-3):.2f}"
        memory_ratio = f"{row['added MB'] / max(peer['added MB'], 1.0):.2f}"
        if row["digest"] and peer["digest"]:
            agrees = "yes" if row["digest"] == peer["digest"] else "**NO**"
    return (
        f"| {row['case']} | {row['documents']:,} | {row['input MB']:.1f} | {row['seconds']:.2f} | "
        f"{time_ratio} | {row['peak RSS MB']:,.0f} | {row['added MB']:,.0f} | "
        f"{row['added MB'] / input_mb:.1f} | {memory_ratio} | {agrees} {row['outcome']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    parser.add_argument("--case", help="run one case (in this process) and print its JSON")
    parser.add_argument("--size", type=int, help="with --case: bytes or document count")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.size)))
        return
    scale = 0.1 if args.quick else 1.0
    table = cases()
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    order: list[tuple[str, int]] = []
    failed = False
    for name, (_run, _peer, kind) in table.items():
        if args.only and args.only not in name:
            continue
        for size in sizes(kind, scale):
            print(f"running {name} at {size:,}", file=sys.stderr)
            command = [sys.executable, __file__, "--case", name, "--size", str(size)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                failed = True
                reason = done.stderr.strip()[-200:] or f"exit status {done.returncode}"
                row: dict[str, Any] = {
                    "case": name,
                    "documents": size,
                    "outcome": f"FAILED: {reason}",
                }
            else:
                row = json.loads(done.stdout)
            rows[(name, size)] = row
            order.append((name, size))
    print(
        "| case | documents | input MB | seconds | x peer time | peak RSS MB | added MB "
        "| added MB per input MB | x peer added MB | agrees, outcome |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, size in order:
        row = rows[(name, size)]
        peer = rows.get((table[name][1], size))
        if peer is not None and row is not peer and row.get("digest") and peer.get("digest"):
            failed = failed or row["digest"] != peer["digest"]
        print(_row(row, peer))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
