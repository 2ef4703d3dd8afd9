"""Text analysis: tokens with offsets, sentences, and the analysis the vectorizers share.

The lowest layer of the package (the Rust core's ``text`` module on the Python side): it
turns scikit-learn-style text parameters into a core analyzer, and knows nothing of
vectorizers, articles or comparisons.

>>> from storylens.text import Tokenizer, split_sentences
>>> Tokenizer().tokenize(["Wire copy spreads"])
[['wire', 'copy', 'spreads']]
>>> [s.text for s in split_sentences("One. Two.")]
['One.', 'Two.']
"""

from storylens.text.abbreviations import Abbreviations
from storylens.text.sentences import Sentence, split_sentences
from storylens.text.tokenizer import Token, Tokenizer

__all__ = ["Abbreviations", "Sentence", "Token", "Tokenizer", "split_sentences"]
