"""The ``storylens`` command: a report on a set of articles.

Until article sets land, it analyses the built-in demo texts (or a folder of ``.txt`` files):
the top TF-IDF terms of each article and the pairwise cosine similarity table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

from storylens.datasets import load_demo_texts
from storylens.vectorizers import TfidfVectorizer


def _load_folder(folder: Path) -> list[dict[str, Any]]:
    if not folder.is_dir():
        raise SystemExit(f"storylens: {folder} is not a folder")
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise SystemExit(f"storylens: no .txt files in {folder}")
    articles = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise SystemExit(f"storylens: {path} is not UTF-8 text ({error})") from None
        articles.append({"id": path.stem, "outlet": "", "text": text})
    return articles


def report(articles: list[dict[str, Any]], top: int = 6) -> str:
    """A plain-text report: top terms per article and the similarity table.

    >>> print(report(load_demo_texts(), top=2).splitlines()[0])
    5 articles, 2 shown terms each
    """
    ids = [a["id"] for a in articles]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform([a["text"] for a in articles])
    names = vectorizer.get_feature_names_out()
    lines = [f"{len(articles)} articles, {top} shown terms each", ""]
    width = max(len(i) for i in ids)
    lines.append("Top TF-IDF terms")
    for row, article_id in enumerate(ids):
        weights = matrix[row].toarray().ravel()
        best = np.argsort(-weights, kind="stable")[:top]
        terms = ", ".join(str(names[j]) for j in best if weights[j] > 0)
        lines.append(f"  {article_id:<{width}}  {terms}")
    similarity = (matrix @ matrix.T).toarray()
    lines += ["", "Cosine similarity", " " * (width + 2) + "".join(f"{i[:8]:>10}" for i in ids)]
    for row, article_id in enumerate(ids):
        cells = "".join(f"{similarity[row, col]:>10.2f}" for col in range(len(ids)))
        lines.append(f"  {article_id:<{width}}{cells}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``storylens`` and ``python -m storylens``."""
    parser = argparse.ArgumentParser(prog="storylens", description=__doc__)
    parser.add_argument("path", nargs="?", help="a folder of .txt articles (default: demo set)")
    parser.add_argument("--top", type=int, default=6, help="terms shown per article")
    args = parser.parse_args(argv)
    articles = _load_folder(Path(args.path)) if args.path else load_demo_texts()
    print(report(articles, top=args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
