"""Train a scikit-learn classifier on TF-IDF blocks that never meet in one process.

``storylens.dask.TfidfVectorizer`` fits on a dask collection with the single-machine result
and returns one CSR block per partition; dask-ml's ``Incremental`` wrapper hands the blocks,
one after another, to an estimator's ``partial_fit``. Run it with::

    pip install "storylens[dask]" dask-ml
    python examples/dask_incremental.py

It prints the training accuracy (1.0 on this toy set of two invented topics).
"""

from __future__ import annotations

import dask.array as da
import dask.bag as db
import numpy as np
from dask_ml.wrappers import Incremental
from sklearn.linear_model import SGDClassifier
from storylens.dask import TfidfVectorizer


def main() -> None:
    texts = ["rain again today", "sun out all day", "rain, more rain", "sun and blue sky"] * 50
    labels = np.array([0, 1, 0, 1] * 50)
    documents = db.from_sequence(texts, npartitions=4)

    X = TfidfVectorizer().fit_transform(documents)  # 4 CSR blocks with known row counts
    y = da.from_array(labels, chunks=X.chunks[0])  # the labels cut as the rows are
    model = Incremental(SGDClassifier(random_state=0), scoring="accuracy")
    model.fit(X, y, classes=[0, 1])
    print(f"training accuracy: {model.score(X, y):.2f}")


if __name__ == "__main__":
    main()
