"""storylens's comparison kernels against scikit-learn, in one run on the same machine.

NMF: ``storylens._core.nmf`` against ``sklearn.decomposition.NMF(solver="cd")`` with the same
init, max_iter, tol and random_state, on the TF-IDF matrix (scikit-learn's TfidfVectorizer) of
the first few thousand documents of the news-like corpus (``corpus.py``). Both run in this
process, alternately, best of ``--repeat``; the table gives the speed ratio and the ratio of
the reconstruction errors (target: at least 3x faster, error at most 1.01x).

Reuse map: ``storylens._core.align_sentences`` (what ``Comparison.reuse()`` runs) against
the same alignment written with scikit-learn and scipy: word 3-gram shingles with
``CountVectorizer(binary=True)``, all sentence-pair containments and cosines as two sparse
products, the best match per (sentence, other article) by one lexsort, and the same
thresholds for the kind. Both get the same sentences (the leading
documents of the corpus, split by storylens), the same news tokens and the same TF-IDF
matrix, built before the clock starts (storylens finds the news tokens inside its call, so
its time includes them, while the baseline gets them ready-made); they run in this process,
alternately, best of ``--repeat``. The quality column says how often the two agree.

Top-k cosine: ``storylens._core.top_k_cosine`` on 100,000 synthetic sparse rows against a
chunked scipy baseline (normalise, multiply a block of rows by X.T as sparse matrices, keep
the k best of each row), each in a subprocess of its own so that its peak RSS is its own.
The dense NxN matrix would need N^2 * 8 bytes (80 GB at 100k); the peak RSS shows that
storylens never allocates it.

    python benches/bench_compare.py                  # full run (a few minutes on 2 cores)
    python benches/bench_compare.py --quick          # smaller inputs, under a minute
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from _memory import current_rss, peak_rss  # noqa: E402

MB = 1024 * 1024


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def tfidf_matrix(n_docs: int) -> sp.csr_matrix:
    """TF-IDF (scikit-learn) of the first ``n_docs`` documents of the 50 MB corpus."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = corpus.load_corpus(50, log=log, limit_mb=n_docs * 0.0045)[:n_docs]
    vectorizer = TfidfVectorizer(min_df=2, max_df=0.95, stop_words="english")
    return sp.csr_matrix(vectorizer.fit_transform(docs))


def bench_nmf(matrix: sp.csr_matrix, k: int, init: str, repeat: int) -> dict[str, Any]:
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from storylens import _core

    best = {"storylens": float("inf"), "sklearn": float("inf")}
    result: dict[str, Any] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        model = NMF(k, init=init, solver="cd", max_iter=200, tol=1e-4, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit_transform(matrix)
        best["sklearn"] = min(best["sklearn"], time.perf_counter() - start)
        start = time.perf_counter()
        _, _, n_iter, error = _core.nmf(matrix, k, init=init)
        best["storylens"] = min(best["storylens"], time.perf_counter() - start)
        result = {
            "sklearn_error": float(model.reconstruction_err_),
            "sklearn_iter": int(model.n_iter_),
            "storylens_error": error,
            "storylens_iter": n_iter,
        }
    result.update(
        sklearn_s=best["sklearn"],
        storylens_s=best["storylens"],
        speed_ratio=best["sklearn"] / best["storylens"],
        error_ratio=result["storylens_error"] / result["sklearn_error"],
    )
    return result


def reuse_inputs(n_docs: int) -> dict[str, Any]:
    """Sentences of the first ``n_docs`` corpus documents, their article of origin, news
    tokens and TF-IDF rows (scikit-learn, sublinear tf, English stop words): the input both
    reuse aligners get."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from storylens import Tokenizer, split_sentences

    docs = corpus.load_corpus(50, log=log, limit_mb=n_docs * 0.0045)[:n_docs]
    texts: list[str] = []
    article_of: list[int] = []
    for index, doc in enumerate(docs):
        for sentence in split_sentences(doc):
            texts.append(sentence.text)
            article_of.append(index)
    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    return {
        "n_docs": len(docs),
        "texts": texts,
        "article_of": np.asarray(article_of, dtype=np.int64),
        "tokens": Tokenizer(tokenizer="news").tokenize(texts),
        "tfidf": sp.csr_matrix(tfidf),
    }


def reuse_storylens(inputs: dict[str, Any]) -> dict[str, npt.NDArray[Any]]:
    from storylens import Tokenizer, _core

    rows = _core.align_sentences(
        inputs["article_of"],
        inputs["texts"],
        Tokenizer(tokenizer="news")._core_analyzer(),
        inputs["tfidf"],
        n_articles=inputs["n_docs"],
    )
    return {
        name: getattr(rows, name)
        for name in ("sentence", "other_article", "other_sentence", "kind")
    }


def shingles_of(tokens: list[str]) -> list[str]:
    """Word 3-grams of a sentence (the whole sentence when it is shorter)."""
    if len(tokens) < 3:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + 3]) for i in range(len(tokens) - 2)]


def reuse_baseline(inputs: dict[str, Any]) -> dict[str, npt.NDArray[Any]]:
    """The reuse alignment with scikit-learn and scipy, vectorised over all sentence pairs:
    what a careful Python user writes without storylens."""
    from sklearn.feature_extraction.text import CountVectorizer

    article_of = inputs["article_of"]
    tfidf = inputs["tfidf"]
    shingles = CountVectorizer(analyzer=shingles_of, binary=True).fit_transform(inputs["tokens"])
    sizes = np.asarray(shingles.sum(axis=1)).ravel()
    shared = sp.coo_matrix(shingles @ shingles.T)
    containment = sp.csr_matrix(
        (
            shared.data / np.maximum(np.minimum(sizes[shared.row], sizes[shared.col]), 1),
            (shared.row, shared.col),
        ),
        shape=shared.shape,
    )
    cosine = sp.csr_matrix(tfidf @ tfidf.T)
    combined = sp.coo_matrix(0.5 * containment + 0.5 * cosine)
    row, col, score = combined.row, combined.col, combined.data
    other = article_of[col]
    keep = other != article_of[row]
    row, col, score, other = row[keep], col[keep], score[keep], other[keep]
    order = np.lexsort((col, -score, other, row))
    row, col, other = row[order], col[order], other[order]
    first = np.ones(len(row), dtype=bool)
    first[1:] = (row[1:] != row[:-1]) | (other[1:] != other[:-1])
    row, col, other = row[first], col[first], other[first]
    best_cosine = np.asarray(cosine[row, col]).ravel()
    best_containment = np.asarray(containment[row, col]).ravel()
    kind = np.full(len(row), 3, dtype=np.int64)
    kind[best_cosine >= 0.45] = 2
    kind[(best_containment >= 0.5) | (best_cosine >= 0.8)] = 1
    kind[(best_containment >= 0.9) & (best_cosine >= 0.95)] = 0
    return {
        "sentence": row.astype(np.int64),
        "other_article": other.astype(np.int64),
        "other_sentence": col.astype(np.int64),
        "kind": kind,
    }


def bench_reuse(n_docs: int, repeat: int) -> dict[str, Any]:
    inputs = reuse_inputs(n_docs)
    best = {"storylens": float("inf"), "sklearn": float("inf")}
    ours: dict[str, npt.NDArray[Any]] = {}
    theirs: dict[str, npt.NDArray[Any]] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        theirs = reuse_baseline(inputs)
        best["sklearn"] = min(best["sklearn"], time.perf_counter() - start)
        start = time.perf_counter()
        ours = reuse_storylens(inputs)
        best["storylens"] = min(best["storylens"], time.perf_counter() - start)
    # Agreement on the pairs (sentence, other article) that either side calls reused.
    n_articles = inputs["n_docs"]

    def reused(rows: dict[str, npt.NDArray[Any]]) -> dict[int, int]:
        mask = rows["kind"] < 3
        keys = rows["sentence"][mask] * n_articles + rows["other_article"][mask]
        return dict(zip(keys.tolist(), rows["other_sentence"][mask].tolist(), strict=True))

    ours_reused, theirs_reused = reused(ours), reused(theirs)
    either = ours_reused.keys() | theirs_reused.keys()
    both = ours_reused.keys() & theirs_reused.keys()
    same_match = sum(ours_reused[key] == theirs_reused[key] for key in both)
    return {
        "n_docs": n_articles,
        "n_sentences": len(inputs["texts"]),
        "storylens_s": best["storylens"],
        "sklearn_s": best["sklearn"],
        "speed_ratio": best["sklearn"] / best["storylens"],
        "reused_storylens": len(ours_reused),
        "reused_sklearn": len(theirs_reused),
        "agree_reused": len(both) / max(len(either), 1),
        "same_match": same_match / max(len(both), 1),
    }


def synthetic_rows(n_rows: int, n_cols: int, per_row: int, seed: int = 0) -> sp.csr_matrix:
    """``per_row`` draws per row of columns following a flattened Zipf law (p ∝ 1/(rank +
    1000)), like TF-IDF after dropping the most frequent terms; positive values."""
    rng = np.random.default_rng(seed)
    p = 1.0 / (np.arange(n_cols) + 1000.0)
    p /= p.sum()
    columns = rng.choice(n_cols, size=n_rows * per_row, p=p)
    rows = np.repeat(np.arange(n_rows), per_row)
    values = rng.random(n_rows * per_row) + 0.1
    matrix = sp.csr_matrix((values, (rows, columns)), shape=(n_rows, n_cols))
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


def chunked_baseline(
    matrix: sp.csr_matrix, k: int, chunk: int = 2000
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Top-k cosine with scikit-learn's normalize and scipy products, a block of rows at a
    time (never the NxN matrix): the best a careful Python user gets without storylens."""
    from sklearn.preprocessing import normalize

    normalized = sp.csr_matrix(normalize(matrix))
    transposed = sp.csr_matrix(normalized.T)
    n = matrix.shape[0]
    neighbours = np.full((n, k), -1, dtype=np.int64)
    scores = np.full((n, k), np.nan)
    for start in range(0, n, chunk):
        block = sp.coo_matrix(normalized[start : start + chunk] @ transposed)
        keep = block.row + start != block.col  # exclude self
        row, col, data = block.row[keep], block.col[keep], block.data[keep]
        order = np.lexsort((col, -data, row))
        row, col, data = row[order], col[order], data[order]
        first = np.searchsorted(row, np.arange(block.shape[0]))
        rank = np.arange(len(row)) - first[row]
        top = rank < k
        neighbours[row[top] + start, rank[top]] = col[top]
        scores[row[top] + start, rank[top]] = data[top]
    return neighbours, scores


def topk_worker(tool: str, path: str, k: int) -> None:
    """Runs one top-k tool on the saved matrix; prints time and peak RSS as JSON."""
    matrix = sp.csr_matrix(sp.load_npz(path))
    before = current_rss()
    start = time.perf_counter()
    if tool == "storylens":
        from storylens import _core

        neighbours, scores = _core.top_k_cosine(matrix, k)
    else:
        neighbours, scores = chunked_baseline(matrix, k)
    elapsed = time.perf_counter() - start
    peak = peak_rss()
    sample = slice(0, 2000)
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "peak_rss": peak,
                "rss_before": before,
                "nnz": int(matrix.nnz),
                "neighbours": neighbours[sample].tolist(),
                "scores": np.nan_to_num(scores[sample], nan=-1.0).tolist(),
            }
        )
    )


def run_topk(tool: str, path: str, k: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--topk-worker", tool, path, str(k)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(output)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller inputs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--topk-worker", nargs=3, metavar=("TOOL", "NPZ", "K"))
    args = parser.parse_args(argv)
    if args.topk_worker:
        tool, path, k = args.topk_worker
        topk_worker(tool, path, int(k))
        return

    n_docs = 1000 if args.quick else 3000
    n_rows = 20_000 if args.quick else 100_000
    matrix = tfidf_matrix(n_docs)
    log(f"TF-IDF matrix: {matrix.shape[0]} x {matrix.shape[1]}, {matrix.nnz} non-zeros")
    table = [
        "| task | storylens | scikit-learn / baseline | speed ratio | quality |",
        "|---|---|---|---|---|",
    ]
    for k, init in [
        (10, "nndsvd"),
        (10, "nndsvda"),
        (20, "nndsvdar"),
        (20, "nndsvd"),
        (40, "nndsvd"),
    ]:
        log(f"NMF k={k} init={init} ...")
        r = bench_nmf(matrix, k, init, args.repeat)
        log(f"  {r}")
        table.append(
            f"| NMF {matrix.shape[0]}x{matrix.shape[1]}, k={k}, {init} "
            f"| {r['storylens_s']:.3f} s ({r['storylens_iter']} it, err "
            f"{r['storylens_error']:.6f}) | {r['sklearn_s']:.3f} s ({r['sklearn_iter']} it, "
            f"err {r['sklearn_error']:.6f}) | {r['speed_ratio']:.2f}x "
            f"| error ratio {r['error_ratio']:.6f} |"
        )

    n_reuse_docs = 60 if args.quick else 250
    log(f"reuse map on the sentences of {n_reuse_docs} documents ...")
    r = bench_reuse(n_reuse_docs, args.repeat)
    log(f"  {r}")
    table.append(
        f"| reuse map, {r['n_docs']} articles, {r['n_sentences']} sentences "
        f"| {r['storylens_s']:.3f} s | {r['sklearn_s']:.3f} s | {r['speed_ratio']:.2f}x "
        f"| reused (sentence, other) pairs: {r['reused_storylens']} vs "
        f"{r['reused_sklearn']}, {r['agree_reused']:.1%} called reused by both, same best "
        f"match on {r['same_match']:.1%} of those |"
    )

    k = 10
    log(f"top-{k} cosine on {n_rows} synthetic rows ...")
    with tempfile.TemporaryDirectory() as directory:
        path = str(Path(directory) / "rows.npz")
        # Twice as many columns as rows: the vocabulary of 100k news articles is that large.
        sp.save_npz(path, synthetic_rows(n_rows, 2 * n_rows, 20), compressed=False)
        ours = run_topk("storylens", path, k)
        baseline = run_topk("baseline", path, k)
    agree = np.allclose(ours["scores"], baseline["scores"], rtol=0, atol=1e-12)
    dense_gb = n_rows * n_rows * 8 / 1e9
    table.append(
        f"| top-{k} cosine, {n_rows} rows, {ours['nnz']} nnz "
        f"| {ours['seconds']:.2f} s, peak RSS {ours['peak_rss'] / MB:.0f} MB "
        f"(+{(ours['peak_rss'] - ours['rss_before']) / MB:.0f} MB over the loaded input) "
        f"| {baseline['seconds']:.2f} s, peak RSS {baseline['peak_rss'] / MB:.0f} MB "
        f"(+{(baseline['peak_rss'] - baseline['rss_before']) / MB:.0f} MB over the loaded input) "
        f"| {baseline['seconds'] / ours['seconds']:.2f}x "
        f"| scores agree on 2000 rows: {agree}; dense NxN would be {dense_gb:.0f} GB |"
    )
    print("\n".join(table))


if __name__ == "__main__":
    main()
