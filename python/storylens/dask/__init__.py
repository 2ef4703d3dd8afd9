"""storylens on Dask: the same estimators and the same results on collections that do not fit
one machine.

Install with ``pip install storylens[dask]``. The estimators take a dask Series, a dask
DataFrame column or a dask Bag of texts, and return dask arrays of CSR blocks, one block per
partition, with known chunk sizes; :func:`nearest` searches such an array for each row's
nearest rows, exactly. Each estimator has ``to_local()`` for the equal single-machine
estimator.

Inside a worker, a task's core work uses one thread (its task slot) unless
:func:`storylens.set_config` or ``STORYLENS_NUM_THREADS`` says otherwise.

>>> import dask.dataframe as dd, pandas as pd
>>> texts = dd.from_pandas(pd.Series(["one story", "another story"]), npartitions=2)
>>> CountVectorizer().fit_transform(texts).chunks
((1, 1), (3,))
>>> HashingVectorizer(n_features=8).transform(texts).chunks
((1, 1), (8,))
"""

from storylens.dask._compare_stories import LargeStoryWarning, compare_stories
from storylens.dask._hashing import HashingVectorizer
from storylens.dask._nearest import nearest
from storylens.dask._stories import stories
from storylens.dask._transformer import TfidfTransformer
from storylens.dask._vectorizers import CountVectorizer, TfidfVectorizer

__all__ = [
    "CountVectorizer",
    "HashingVectorizer",
    "LargeStoryWarning",
    "TfidfTransformer",
    "TfidfVectorizer",
    "compare_stories",
    "nearest",
    "stories",
]
