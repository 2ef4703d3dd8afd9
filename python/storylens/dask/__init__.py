"""storylens on Dask: the same estimators and the same results on collections that do not fit
one machine.

Install with ``pip install storylens[dask]``. The estimators take a dask Series, a dask
DataFrame column or a dask Bag of texts, and return dask arrays of CSR blocks, one block per
partition, with known chunk sizes. Each has ``to_local()`` for the equal single-machine
estimator.

>>> import dask.dataframe as dd, pandas as pd
>>> texts = dd.from_pandas(pd.Series(["one story", "another story"]), npartitions=2)
>>> CountVectorizer().fit_transform(texts).chunks
((1, 1), (3,))
"""

from storylens.dask._vectorizers import CountVectorizer, TfidfVectorizer

__all__ = ["CountVectorizer", "TfidfVectorizer"]
