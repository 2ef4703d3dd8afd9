"""Make the report screenshots in ``docs/images/``: the first screen, in a 1280 x 900
window of headless Chromium, of the report of the bundled sample (``report-sample.png``) and
of an invented 200-article set (``report-200.png``), the same pages the browser test checks
(``tests/report/test_report_browser.py``).

    python docs/make_screenshots.py
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "report"))

from chromium_page import screenshot  # noqa: E402
from story_sets import story_frame  # noqa: E402
from storylens import ArticleSet  # noqa: E402
from storylens.datasets import load_sample  # noqa: E402
from storylens.report import build_report, report_html  # noqa: E402

IMAGES = ROOT / "docs" / "images"


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    sample = load_sample().clean()
    large = ArticleSet.from_frame(story_frame(stories=10, outlets=20)).clean()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the 200 articles hold ten stories, on purpose
        pages = {
            "report-sample.png": report_html(
                build_report(sample, sample.compare()), title="Velmora acid spill"
            ),
            "report-200.png": report_html(
                build_report(large, large.compare()), title="200 articles, 10 stories"
            ),
        }
    for name, page in pages.items():
        print(screenshot(page, IMAGES / name).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
