"""The story report: one summary of a cleaned article set and its comparison, as plain data
(:func:`build_report`, JSON-ready), aligned text for a terminal (:func:`report_text`) or a
self-contained HTML page (:func:`report_html`). The layer above :mod:`storylens.compare`.

>>> from storylens.datasets import load_sample
>>> from storylens.report import build_report, report_text
>>> articles = load_sample().clean()
>>> report_text(build_report(articles, articles.compare())).splitlines()[0]
'7 articles'
"""

from storylens.report.build import build_report
from storylens.report.html import report_html
from storylens.report.text import report_text

__all__ = ["build_report", "report_html", "report_text"]
