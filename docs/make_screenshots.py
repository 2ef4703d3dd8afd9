"""Make the report screenshots in ``docs/images/``: the first screen, in a 1280 x 900
window of headless Chromium, of the report of the bundled sample (``report-sample.png``) and
of an invented 200-article set (``report-200.png``), the same pages the browser test checks
(``tests/report/test_report_browser.py``); and that set's similarity heatmap
(``report-200-heatmap.png``, cut from a tall screenshot with Pillow, which matplotlib brings).

    python docs/make_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "report"))

from chromium_page import WINDOW, render, screenshot  # noqa: E402
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
    print(heatmap(pages["report-200.png"], IMAGES / "report-200-heatmap.png").relative_to(ROOT))
    return 0


def heatmap(page: str, target: Path) -> Path:
    """One window's height of ``page`` from its similarity section down."""
    with tempfile.TemporaryDirectory() as folder:
        top = render(page, Path(folder)).layout["sectionTops"]["similarity"] - 12
        tall = screenshot(page, Path(folder) / "tall.png", height=top + WINDOW[1])
        with Image.open(tall) as image:
            image.crop((0, top, WINDOW[0], top + WINDOW[1])).save(target, optimize=True)
    return target


if __name__ == "__main__":
    raise SystemExit(main())
