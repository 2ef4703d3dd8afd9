"""Fitting TF-IDF in parts (``partial_fit`` + ``finalize``) against one ``fit``, and against
scikit-learn's ``fit``, in one run; plus the size and merge time of the corpus statistics.

The corpus is synthetic (Zipf-distributed invented words), so nothing needs downloading.
Every variant is checked to give the same vocabulary and idf, bit for bit.

    python benches/bench_partial_fit.py                   # 20,000 documents, 10 parts
    python benches/bench_partial_fit.py --documents 5000 --parts 50
"""

from __future__ import annotations

import argparse
import pickle
import random
import time
from collections.abc import Callable
from typing import Any

import storylens as sl
from sklearn.feature_extraction.text import TfidfVectorizer as SklearnTfidf


def zipf_corpus(n_documents: int, words_per_document: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(30_000)]
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return [" ".join(rng.choices(words, weights, k=words_per_document)) for _ in range(n_documents)]


def best_of(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--parts", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    documents = zipf_corpus(args.documents, 120)
    parts = [documents[i :: args.parts] for i in range(args.parts)]

    def in_parts() -> Any:
        vectorizer = sl.TfidfVectorizer(min_df=2)
        for part in parts:
            vectorizer.partial_fit(part)
        return vectorizer.finalize()

    fit_time, whole = best_of(args.repeat, lambda: sl.TfidfVectorizer(min_df=2).fit(documents))
    parts_time, pieced = best_of(args.repeat, in_parts)
    sklearn_time, theirs = best_of(1, lambda: SklearnTfidf(min_df=2).fit(documents))
    assert pieced.vocabulary_ == whole.vocabulary_ == theirs.vocabulary_
    assert (pieced.idf_ == whole.idf_).all() and (whole.idf_ == theirs.idf_).all()

    stats = [sl.CorpusStats.from_texts(part) for part in parts]
    merge_time, total = best_of(args.repeat, lambda: sum(stats))
    blob = pickle.dumps(total)
    load_time, _ = best_of(args.repeat, lambda: pickle.loads(blob))

    print(f"{args.documents} documents in {args.parts} parts, {total.n_terms} terms")
    print("| what | seconds | vs one storylens fit |")
    print("| --- | --- | --- |")
    print(f"| storylens fit | {fit_time:.3f} | 1.00 |")
    print(
        f"| storylens partial_fit x{args.parts} + finalize | {parts_time:.3f} | "
        f"{parts_time / fit_time:.2f} |"
    )
    print(f"| scikit-learn fit | {sklearn_time:.3f} | {sklearn_time / fit_time:.2f} |")
    print(
        f"statistics: merge of {args.parts} in {merge_time * 1000:.1f} ms, pickle "
        f"{len(blob) / 1e6:.2f} MB, unpickle in {load_time * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
