"""The ``storylens`` command: load a set of articles (by default the bundled sample), clean
it and print a report: the articles with words kept and removed, the similarity table, the
terms all articles share and each article's most distinctive terms. With ``--stories`` the
set is first grouped into stories and each story gets its own report.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
import webbrowser
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from storylens._config import config_context
from storylens.articles import ArticleSet
from storylens.exceptions import InvalidParameterError, SeveralStoriesWarning
from storylens.report import build_report, report_html, report_text

__all__ = ["main"]

#: Sets at least this large report each stage's progress on stderr.
PROGRESS_THRESHOLD = 200
#: Without ``--top``: the most similar pairs listed above 20 articles, and the distinctive
#: terms shown per article.
DEFAULT_PAIRS = 10
DEFAULT_TERMS_PER_ARTICLE = 8


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


def _story_pages(path: Path, count: int) -> list[Path]:
    """One file per story beside ``path``: ``report.html`` gives ``report.story-0.html``..."""
    return [path.with_name(f"{path.stem}.story-{story}{path.suffix}") for story in range(count)]


def _html_target(html: str | None, open_page: bool) -> Path | None:
    """Where the HTML report goes: the ``--html`` file, else ``report.html`` in a new
    temporary folder when ``--open`` asks for a page to show, else nowhere."""
    if html:
        return Path(html)
    if not open_page:
        return None
    return Path(tempfile.mkdtemp(prefix="storylens-")) / "report.html"


def _story_heading(story: int, count: int, part: ArticleSet, terms: list[str]) -> list[str]:
    noun = "article" if len(part) == 1 else "articles"
    return [
        "=" * 72,
        f"Story {story} of {count}: {len(part)} {noun} ({', '.join(terms) or 'no terms'})",
        "  " + ", ".join(part.ids),
        "=" * 72,
        "",
    ]


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
        default=None,
        metavar="N",
        help=(
            f"the N most similar pairs (listed above 20 articles; default: {DEFAULT_PAIRS})"
            f" and the N top distinctive terms per article (default: {DEFAULT_TERMS_PER_ARTICLE})"
        ),
    )
    parser.add_argument(
        "--full", action="store_true", help="print the whole similarity table for any size"
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--progress", action="store_true", help="always show progress")
    shown.add_argument("--quiet", action="store_true", help="never show progress")
    grouping = parser.add_mutually_exclusive_group()
    grouping.add_argument(
        "--story",
        type=int,
        metavar="N",
        help="report on story N only, when the set holds several (0 is the largest)",
    )
    grouping.add_argument(
        "--stories",
        action="store_true",
        help=(
            "group the set into stories first and report on each (with --html or --json,"
            " one file per story: FILE.story-N.html)"
        ),
    )
    parser.add_argument(
        "--open",
        action="store_true",
        help="open the HTML report in the web browser (written to --html FILE, or a new file)",
    )
    args = parser.parse_args(argv)
    if args.top is not None and args.top < 1:
        parser.error(f"--top must be at least 1, got {args.top}")
    if args.terms < 1:
        parser.error(f"--terms must be at least 1, got {args.terms}")
    pairs = args.top or DEFAULT_PAIRS
    per_article = args.top or DEFAULT_TERMS_PER_ARTICLE
    on_error = "skip" if args.skip_bad else "raise"
    progress = _Progress(sys.stderr, args.progress)
    # --quiet silences the library's progress bars too (storylens.set_config(progress=...)).
    quiet = ExitStack()
    if args.quiet:
        quiet.enter_context(config_context(progress=False))
    try:
        progress.stage("loading articles")
        articles = _load(args.path, args.pattern, args.language, on_error, args.encoding)
        progress.enabled = not args.quiet and (args.progress or len(articles) >= PROGRESS_THRESHOLD)
        progress.stage(f"loaded {len(articles)} articles; cleaning")
        cleaned = articles.clean()
        if args.stories:
            progress.stage("grouping into stories")
            found = cleaned.stories()
            parts = found.sets()
            terms = [
                [str(t) for t in found.terms.loc[found.terms["story"] == story, "term"]][:6]
                for story in range(len(parts))
            ]
        else:
            parts, terms = [_chosen_story(cleaned, args.story)], [[]]
        reports = []
        for story, part in enumerate(parts):
            progress.stage(f"comparing story {story}" if args.stories else "comparing")
            with warnings.catch_warnings():
                # The report says so itself, with the grouping and how to compare each story.
                warnings.simplefilter("ignore", SeveralStoriesWarning)
                comparison = part.compare()
            progress.stage("building the report")
            reports.append(
                build_report(part, comparison, terms=args.terms, distinctive=per_article)
            )
    except (OSError, ValueError, TypeError, KeyError) as error:
        hint = " (on the command line: --encoding)" if "encoding=" in str(error) else ""
        print(f"storylens: {error}{hint}", file=sys.stderr)
        return 1
    finally:
        quiet.close()
    for skipped in articles.skipped:
        # A loader's reason may start with the item it names; say the item once.
        reason = skipped.reason.removeprefix(f"{skipped.item}: ")
        print(f"storylens: skipped {skipped.item}: {reason}", file=sys.stderr)
    if args.stories:
        _print_stories(parts, terms, reports, full=args.full, pairs=pairs)
    else:
        print(report_text(reports[0], full=args.full, pairs=pairs))
    try:
        _write_outputs(args, reports, terms)
    except OSError as error:
        # A missing folder or a folder given as the file: say which, without a traceback.
        print(f"storylens: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    progress.stage("done")
    return 0


def _print_stories(
    parts: list[ArticleSet],
    terms: list[list[str]],
    reports: list[dict[str, Any]],
    *,
    full: bool,
    pairs: int,
) -> None:
    """Each story's heading and report. A story of one article gets its report only with
    ``--full``; otherwise such articles are listed together at the end, so that a folder of
    many unrelated pages stays readable."""
    count = len(parts)
    print(
        f"{sum(len(part) for part in parts)} articles in {count} stor{'y' if count == 1 else 'ies'}"
    )
    print()
    alone = []
    for story, (part, story_terms, report) in enumerate(zip(parts, terms, reports, strict=True)):
        if len(part) == 1 and not full:
            alone.append(f"  story {story}: {part.ids[0]} ({', '.join(story_terms)})")
            continue
        print("\n".join(_story_heading(story, count, part, story_terms)))
        print(report_text(report, full=full, pairs=pairs))
        print()
    if alone:
        print("Articles that stand alone (a story of one article; --full reports each)")
        print("\n".join(alone))


def _write_outputs(
    args: argparse.Namespace, reports: list[dict[str, Any]], terms: list[list[str]]
) -> None:
    """The ``--json`` and ``--html`` files (one page per story with ``--stories``), and the
    page that ``--open`` shows in the browser: the first (largest) story's."""
    if args.json:
        if args.stories:
            data: Any = {
                "stories": [
                    {"story": story, "terms": story_terms, "report": report}
                    for story, (story_terms, report) in enumerate(zip(terms, reports, strict=True))
                ]
            }
        else:
            data = reports[0]
        Path(args.json).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    target = _html_target(args.html, args.open)
    if target is None:
        return
    pages = _story_pages(target, len(reports)) if args.stories else [target]
    for page, report in zip(pages, reports, strict=True):
        page.write_text(report_html(report), encoding="utf-8")
    if args.stories:
        print(f"storylens: wrote {len(pages)} report pages, {pages[0]} first", file=sys.stderr)
    if args.open:
        if not args.html:
            print(f"storylens: the report is in {pages[0]}", file=sys.stderr)
        webbrowser.open(pages[0].resolve().as_uri())


if __name__ == "__main__":
    sys.exit(main())
