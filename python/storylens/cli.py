"""The ``storylens`` command: load a set of articles (by default the bundled sample), clean
it and print a report: the articles with words kept and removed, the similarity table, the
terms all articles share and each article's most distinctive terms.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path
from typing import TextIO

from storylens.articles import ArticleSet
from storylens.exceptions import InvalidParameterError, SeveralStoriesWarning
from storylens.report import build_report, report_html, report_text

__all__ = ["main"]

#: Sets at least this large report each stage's progress on stderr.
PROGRESS_THRESHOLD = 200


class _Progress:
    """Stage-by-stage progress on stderr for long runs (large sets)."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.started = time.perf_counter()

    def stage(self, message: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self.started
            print(f"[storylens {elapsed:6.1f}s] {message}", file=self.stream, flush=True)


def _load(
    path: str | None, pattern: str | None, language: str, on_error: str, encoding: str
) -> ArticleSet:
    if path is None:
        from storylens.datasets import load_sample

        return load_sample()
    source = Path(path)
    with warnings.catch_warnings():
        # The command lists each skipped file itself, once.
        warnings.filterwarnings("ignore", message="skipped ", category=UserWarning)
        if source.is_file() and source.suffix == ".jsonl":
            return ArticleSet.from_jsonl(
                source, language=language, encoding=encoding, on_error=on_error
            )
        return ArticleSet.from_folder(
            source, pattern, language=language, encoding=encoding, on_error=on_error
        )


def _chosen_story(articles: ArticleSet, story: int | None) -> ArticleSet:
    """The articles of story ``story`` (see ``ArticleSet.stories``), or all of them."""
    if story is None:
        return articles
    parts = articles.stories().sets()
    if not 0 <= story < len(parts):
        raise InvalidParameterError(
            f"--story {story}: the set holds {len(parts)} stor{'y' if len(parts) == 1 else 'ies'}"
            f" (0 to {len(parts) - 1})"
        )
    return parts[story]


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``storylens`` and ``python -m storylens``.

    >>> import contextlib, io
    >>> output = io.StringIO()
    >>> with contextlib.redirect_stdout(output):
    ...     status = main([])
    >>> status, output.getvalue().splitlines()[0]
    (0, '7 articles')
    """
    parser = argparse.ArgumentParser(prog="storylens", description=__doc__)
    parser.add_argument(
        "path",
        nargs="?",
        help="a folder of articles (one file each) or a .jsonl file; default: the bundled sample",
    )
    parser.add_argument(
        "--pattern", default=None, help="file pattern in the folder (default: *.txt, *.html, *.htm)"
    )
    parser.add_argument(
        "--language", default="auto", help="the articles' language (default: detected)"
    )
    parser.add_argument(
        "--encoding",
        default="utf-8",
        help="the files' text encoding, such as latin-1 (default: utf-8)",
    )
    parser.add_argument("--html", metavar="FILE", help="also write the report as HTML")
    parser.add_argument("--json", metavar="FILE", help="also write the report as JSON")
    parser.add_argument("--terms", type=int, default=12, help="shared terms shown")
    parser.add_argument(
        "--skip-bad", action="store_true", help="skip unreadable or empty files and list them"
    )
    parser.add_argument(
        "--top",
        type=int,
        default=10,
        metavar="N",
        help="above 20 articles, the N most similar pairs are shown (default: 10)",
    )
    parser.add_argument(
        "--full", action="store_true", help="print the whole similarity table for any size"
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--progress", action="store_true", help="always show progress")
    shown.add_argument("--quiet", action="store_true", help="never show progress")
    parser.add_argument(
        "--story",
        type=int,
        metavar="N",
        help="report on story N only, when the set holds several (0 is the largest)",
    )
    args = parser.parse_args(argv)
    if args.top < 1:
        parser.error(f"--top must be at least 1, got {args.top}")
    on_error = "skip" if args.skip_bad else "raise"
    progress = _Progress(sys.stderr, args.progress)
    try:
        progress.stage("loading articles")
        articles = _load(args.path, args.pattern, args.language, on_error, args.encoding)
        progress.enabled = not args.quiet and (args.progress or len(articles) >= PROGRESS_THRESHOLD)
        progress.stage(f"loaded {len(articles)} articles; cleaning")
        cleaned = _chosen_story(articles.clean(), args.story)
        progress.stage("comparing")
        with warnings.catch_warnings():
            # The report says so itself, with the grouping and how to compare each story.
            warnings.simplefilter("ignore", SeveralStoriesWarning)
            comparison = cleaned.compare()
        progress.stage("building the report")
        report = build_report(cleaned, comparison, terms=args.terms)
    except (OSError, ValueError, TypeError, KeyError) as error:
        hint = " (on the command line: --encoding)" if "encoding=" in str(error) else ""
        print(f"storylens: {error}{hint}", file=sys.stderr)
        return 1
    for skipped in articles.skipped:
        # A loader's reason may start with the item it names; say the item once.
        reason = skipped.reason.removeprefix(f"{skipped.item}: ")
        print(f"storylens: skipped {skipped.item}: {reason}", file=sys.stderr)
    print(report_text(report, full=args.full, pairs=args.top))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if args.html:
        Path(args.html).write_text(report_html(report), encoding="utf-8")
    progress.stage("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
