"""Views: HTML fragments (the notebook views of storylens's objects) and matplotlib plots, drawn
from plain data such as DataFrames.

A leaf that any layer may import: it imports nothing of storylens but its exceptions, so
rendering never pulls in the layers whose results it shows.

>>> import pandas as pd
>>> from storylens.views import similarity_html
>>> frame = pd.DataFrame([[1.0]], index=["a"], columns=["a"])
>>> similarity_html(frame).startswith('<table class="storylens-similarity">')
True
"""

from storylens.views.html import similarity_html
from storylens.views.plots import plot_similarity, plot_terms

__all__ = ["plot_similarity", "plot_terms", "similarity_html"]
