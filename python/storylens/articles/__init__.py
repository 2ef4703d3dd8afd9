"""Article sets: a story's articles, loaded from folders, texts, saved web pages, DataFrames or
JSON Lines, cleaned of page furniture, with their metadata and sentences.

:mod:`storylens.articles.article` holds the model (``Article``, ``Heading``, ``Removal``,
``Skipped``), a leaf that imports nothing above :mod:`storylens.text`;
:mod:`storylens.articles.article_set` the ``ArticleSet`` that loads and cleans them.

>>> from storylens.articles import ArticleSet
>>> ArticleSet.from_texts(["One text.", "Another text."], ids=["a", "b"]).ids
['a', 'b']
"""

from storylens.articles.article import Article, Heading, Removal, Skipped
from storylens.articles.article_set import ArticleSet

__all__ = ["Article", "ArticleSet", "Heading", "Removal", "Skipped"]
