"""scikit-learn-compatible vectorizers whose work runs in the Rust core.

Same parameter names, defaults and results as scikit-learn's ``sklearn.feature_extraction.text``
(the tests compare them), plus ``stem`` (Snowball stemming after stop-word removal),
``tokenizer="news"`` (the news-aware tokeniser) and ``n_jobs`` (threads; results never depend
on it). Each estimator saves to a versioned JSON file (``save``/``load``) and pickles.
``CountVectorizer`` and ``TfidfVectorizer`` also fit in parts (``partial_fit``, then
``finalize``) or from :class:`CorpusStats`, statistics that merge.

>>> from storylens.feature_extraction import TfidfVectorizer
>>> TfidfVectorizer().fit_transform(["one story", "two story"]).shape
(2, 3)
"""

from storylens.feature_extraction.corpus_stats import CorpusStats
from storylens.feature_extraction.count import CountVectorizer
from storylens.feature_extraction.hashing import HashingVectorizer
from storylens.feature_extraction.tfidf import TfidfTransformer, TfidfVectorizer

__all__ = [
    "CorpusStats",
    "CountVectorizer",
    "HashingVectorizer",
    "TfidfTransformer",
    "TfidfVectorizer",
]
