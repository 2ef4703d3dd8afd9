"""The sentence table of a comparison: every sentence of every article, which reuse, the
digest and the unique facts all work on."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from storylens import _core
from storylens.articles import Article


def sentence_table(articles: Sequence[Article]) -> pd.DataFrame:
    """Every sentence of every article, in order: ``article``, ``article_index``,
    ``sentence`` (index in the article), ``position`` (0 to 1 through the article),
    ``words`` and ``text``.

    >>> from storylens import ArticleSet
    >>> sentence_table(list(ArticleSet.from_texts(["One. Two."])))["position"].tolist()
    [0.0, 1.0]
    """
    rows = []
    for index, article in enumerate(articles):
        found = article.sentences
        for number, sentence in enumerate(found):
            rows.append(
                {
                    "article": article.id,
                    "article_index": index,
                    "sentence": number,
                    "position": number / max(len(found) - 1, 1),
                    "text": sentence.text,
                }
            )
    frame = pd.DataFrame(rows, columns=["article", "article_index", "sentence", "position", "text"])
    frame.insert(4, "words", _core.count_words(frame["text"].tolist()))
    return frame
