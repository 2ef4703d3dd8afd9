"""storylens's cleaning against jusText and trafilatura, on the hand-labelled cleaning corpus,
with the line-level measures of ``cleaning_quality.py``.

Each page of ``tests/fixtures/cleaning/<split>/<story>/`` is scored in three conditions:

- **text**: storylens reads the ``.txt`` page (``ArticleSet.from_folder``, one set per
  story, as ``cleaning_quality.py`` does) and cleans it; jusText and trafilatura get the
  same lines as HTML, each non-blank line one ``<p>`` of a bare body (they only read HTML).
- **html**: every tool gets the page as its site would have served it, rendered from the
  line labels by ``_page_html.py`` (menus in ``<header>``/``<nav>``, the headline in
  ``<h1>``, the body in ``<article>``, captions in ``<figure>``, related links in
  ``<aside>``, comments in a ``<section>``, sign-ups in ``<form>``, ``<footer>``; its
  docstring gives the whole mapping). storylens reads it with ``ArticleSet.from_html``.
- **html-plain**: the same page without semantic markup: the sectioning elements become
  ``div`` and the classes go (``_page_html.as_plain_html``), as templates without semantic
  markup serve it.

The tools: storylens ``ArticleSet.clean()`` (``article.text``, the body); jusText
``justext.justext(html, justext.get_stoplist(<the story's language>))``, its paragraphs
that are not boilerplate; trafilatura ``trafilatura.extract(html)`` with its defaults
(favouring neither precision nor recall, comments included), and the same with
``include_comments=False``, ``favor_precision=True`` and ``favor_recall=True``. A baseline
that keeps nothing shows what F1 emptying every page earns.

**Which lines a tool kept**, one rule for every tool and condition: the page's lines and
the tool's output are cut into words (``\\w+`` after NFKC and case folding); the page's
word sequence is aligned with the output's (``difflib.SequenceMatcher``, no junk
heuristic), which keeps the order of both, so a line repeated on the page is matched at
most as often as the output repeats it, and at the place its neighbours put it. A line is
kept when a contiguous run of more than half of its words is matched within one aligned
block (one-word lines: the word; two-word lines: both). A line without any word (``###``)
is kept when its characters, spaces removed, appear in the output. In the text condition
the script also checks this rule against storylens's own removal offsets (the rule of
``cleaning_quality.py``) and prints on how many lines the two agree.

The measures are those of ``cleaning_quality.py``: lines labelled ``junk:*``, ``title``,
``byline``, ``date`` and ``correction`` should leave the body, ``content`` and ``heading``
lines should stay, blank lines are not scored; junk-line precision, recall and F1, and the
share of content lines removed. A page that is not an article counts as recognised when
the tool keeps none of its lines; an article page whose lines all go counts as emptied.
The time per page is the tool's own call (storylens: loading and cleaning the story's
set), after one warm-up call of each tool, the best of ``--repeat`` runs (5) of each story.

    python benches/cleaning_peers.py                  # both splits, Markdown tables
    python benches/cleaning_peers.py --split heldout  # one split
    python benches/cleaning_peers.py --json           # every figure, per kind too
    python benches/cleaning_peers.py --per-kind       # also recall per junk kind
    python benches/cleaning_peers.py --save-html DIR  # also write the rendered pages
    python benches/cleaning_peers.py --condition html --repeat 1   # one condition, one run
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cleaning_quality as quality  # noqa: E402
import storylens  # noqa: E402
from _page_html import as_page_html, as_plain_html, as_text_html  # noqa: E402

CONDITIONS = ("text", "html", "html-plain")
#: The jusText stop list of each corpus language.
JUSTEXT_LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish"}
_WORD = re.compile(r"\w+")


@dataclass
class Page:
    """One labelled page of the corpus."""

    story: str
    id: str
    language: str
    lines: list[str]
    labels: list[str]
    is_article: bool

    def html(self, condition: str) -> str:
        """The page as the condition gives it to the tools: ``text``, ``html`` or
        ``html-plain`` (see ``_page_html.py``)."""
        if condition == "text":
            return as_text_html(self.lines, self.language)
        if condition == "html":
            return as_page_html(self.lines, self.labels, self.language)
        return as_plain_html(self.lines, self.labels, self.language)


@dataclass
class Story:
    """One story folder: its pages, in the order storylens reads them."""

    folder: Path
    language: str
    pages: list[Page] = field(default_factory=list)


def load_split(root: Path) -> list[Story]:
    """Every story of one split, with its pages' lines and labels."""
    stories = []
    for labels_path in sorted(root.glob("*/labels.json")):
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        story = Story(labels_path.parent, labels["language"])
        for page_id, page in sorted(labels["pages"].items()):
            path = labels_path.parent / f"{page_id}.txt"
            lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
            if len(lines) != len(page["labels"]):
                raise ValueError(f"{path} has {len(lines)} lines but {len(page['labels'])} labels")
            story.pages.append(
                Page(
                    labels_path.parent.name,
                    page_id,
                    labels["language"],
                    lines,
                    page["labels"],
                    page["is_article"],
                )
            )
        stories.append(story)
    return stories


# -- which lines an output kept ----------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of a text, NFKC and case-folded.

    >>> words("Ärger  im\\nHafen, 3.400 ha")
    ['ärger', 'im', 'hafen', '3', '400', 'ha']
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def kept_lines(lines: Sequence[str], output: str) -> list[bool]:
    """For each line of a page, whether ``output`` kept it (the rule in the module docstring).

    >>> kept_lines(["Share", "The port closed on Friday.", "Share"], "The port closed Friday.")
    [False, True, False]
    """
    page_words: list[str] = []
    owner: list[int] = []
    for number, line in enumerate(lines):
        line_words = words(line)
        page_words += line_words
        owner += [number] * len(line_words)
    output_words = words(output)
    best_run = [0] * len(lines)
    matcher = SequenceMatcher(None, page_words, output_words, autojunk=False)
    for start, _, size in matcher.get_matching_blocks():
        position = start
        while position < start + size:
            owning_line = owner[position]
            end = position
            while end < start + size and owner[end] == owning_line:
                end += 1
            best_run[owning_line] = max(best_run[owning_line], end - position)
            position = end
    squeezed = "".join(unicodedata.normalize("NFKC", output).casefold().split())
    kept = []
    for number, line in enumerate(lines):
        count = len(words(line))
        if count:
            kept.append(2 * best_run[number] > count)
        else:
            mark = "".join(unicodedata.normalize("NFKC", line).casefold().split())
            kept.append(bool(mark) and mark in squeezed)
    return kept


# -- the tools ---------------------------------------------------------------------------------

#: A tool: (story, condition) -> the output text of each page and the seconds it took.
Tool = Callable[[Story, str], tuple[list[str], float]]


def storylens_tool(story: Story, condition: str) -> tuple[list[str], float]:
    """storylens: the story's pages as one set, cleaned; each article's body."""
    pages = [page.html(condition) for page in story.pages] if condition != "text" else []
    started = time.perf_counter()
    if condition == "text":
        articles = storylens.ArticleSet.from_folder(
            story.folder, "*.txt", metadata=False, language=story.language
        ).clean()
    else:
        articles = storylens.ArticleSet.from_html(
            pages, ids=[page.id for page in story.pages], language=story.language
        ).clean()
    elapsed = time.perf_counter() - started
    return [articles[page.id].text for page in story.pages], elapsed


def nothing_kept(story: Story, condition: str) -> tuple[list[str], float]:
    """The baseline that removes every line: what F1 a tool gets for emptying every page
    (the corpus has about two junk lines for each content line)."""
    return ["" for _ in story.pages], 0.0


def per_page_tool(extract: Callable[[str, str], str]) -> Tool:
    """A tool that reads one HTML page at a time: ``extract(html, language) -> text``."""

    def run(story: Story, condition: str) -> tuple[list[str], float]:
        outputs, elapsed = [], 0.0
        for page in story.pages:
            html = page.html(condition)
            started = time.perf_counter()
            outputs.append(extract(html, story.language))
            elapsed += time.perf_counter() - started
        return outputs, elapsed

    return run


def peer_tools() -> dict[str, Tool]:
    """jusText and the trafilatura settings, or SystemExit naming what is missing."""
    modules: dict[str, ModuleType] = {}
    missing = []
    for name in ("justext", "trafilatura"):
        try:
            modules[name] = importlib.import_module(name)
        except ImportError as error:
            missing.append(f"{name} ({error})")
    if missing:
        raise SystemExit(
            "cleaning_peers.py compares storylens with jusText and trafilatura, which are "
            f"not importable here: {'; '.join(missing)}. Install the benchmark extra: "
            "pip install '.[bench]'  (or: pip install trafilatura justext lxml_html_clean)"
        )
    justext, trafilatura = modules["justext"], modules["trafilatura"]

    def justext_extract(html: str, language: str) -> str:
        if language not in JUSTEXT_LANGUAGES:
            raise ValueError(f"no jusText stop list is set for language {language!r}")
        stoplist = justext.get_stoplist(JUSTEXT_LANGUAGES[language])
        paragraphs = justext.justext(html, stoplist)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    def trafilatura_with(**options: bool) -> Tool:
        def extract(html: str, language: str) -> str:
            return str(trafilatura.extract(html, **options) or "")

        return per_page_tool(extract)

    return {
        "jusText": per_page_tool(justext_extract),
        "trafilatura": trafilatura_with(),
        "trafilatura include_comments=False": trafilatura_with(include_comments=False),
        "trafilatura favor_precision": trafilatura_with(favor_precision=True),
        "trafilatura favor_recall": trafilatura_with(favor_recall=True),
    }


# -- scoring -----------------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def should_go(label: str) -> bool:
    """Whether a line with this label should leave the body (``cleaning_quality.py``'s rule).

    >>> should_go("junk:nav"), should_go("byline"), should_go("heading")
    (True, True, False)
    """
    return label.startswith("junk:") or label in quality.METADATA_LABELS


def score(pages: Sequence[Page], kept: Sequence[Sequence[bool]], seconds: float) -> dict[str, Any]:
    """The figures of one tool on one split and condition."""
    true_pos = false_pos = false_neg = content = 0
    per_kind: dict[str, dict[str, int]] = {}
    recognised, not_articles, emptied = [], 0, []
    for page, page_kept in zip(pages, kept, strict=True):
        scored = [
            (label, was_kept)
            for label, was_kept in zip(page.labels, page_kept, strict=True)
            if label != "blank"
        ]
        for label, was_kept in scored:
            if should_go(label):
                true_pos += not was_kept
                false_neg += was_kept
                counts = per_kind.setdefault(label.removeprefix("junk:"), {"found": 0, "total": 0})
                counts["found"] += not was_kept
                counts["total"] += 1
            elif label in quality.KEEP_LABELS:
                content += 1
                false_pos += not was_kept
        nothing_kept = not any(was_kept for _, was_kept in scored)
        if not page.is_article:
            not_articles += 1
            if nothing_kept:
                recognised.append(f"{page.story}/{page.id}")
        elif nothing_kept:
            emptied.append(f"{page.story}/{page.id}")
    return {
        "precision": _ratio(true_pos, true_pos + false_pos),
        "recall": _ratio(true_pos, true_pos + false_neg),
        "f1": _ratio(2 * true_pos, 2 * true_pos + false_pos + false_neg),
        "content_removed": _ratio(false_pos, content),
        "content_removed_lines": false_pos,
        "content_lines": content,
        "junk_lines": true_pos + false_neg,
        "not_articles_recognised": len(recognised),
        "not_articles": not_articles,
        "articles_emptied": emptied,
        "ms_per_page": 1000 * seconds / len(pages),
        "per_kind": dict(sorted(per_kind.items())),
    }


def offsets_agreement(stories: Sequence[Story], kept: Sequence[Sequence[bool]]) -> tuple[int, int]:
    """How many lines the matching rule and storylens's removal offsets (read by
    ``cleaning_quality.removed_lines``) judge alike, in the text condition, and of how many
    non-blank lines."""
    same = total = 0
    index = 0
    for story in stories:
        articles = storylens.ArticleSet.from_folder(
            story.folder, "*.txt", metadata=False, language=story.language
        ).clean()
        for page in story.pages:
            article = articles[page.id]
            starts, ends = quality.line_spans(article.original)
            reasons = quality.removed_lines(article, starts, ends)
            for label, reason, was_kept in zip(page.labels, reasons, kept[index], strict=True):
                if label != "blank":
                    total += 1
                    same += (reason is None) == was_kept
            index += 1
    return same, total


def run_split(
    stories: Sequence[Story], tools: dict[str, Tool], conditions: Sequence[str], repeat: int
) -> dict[str, Any]:
    """Every tool's figures on one split, per condition; each story's time is the best of
    ``repeat`` runs."""
    pages = [page for story in stories for page in story.pages]
    results: dict[str, Any] = {
        "pages": len(pages),
        "stories": len(stories),
        "not_articles": sum(not page.is_article for page in pages),
    }
    for condition in conditions:
        results[condition] = {}
        for name, tool in tools.items():
            kept: list[list[bool]] = []
            seconds = 0.0
            for story in stories:
                outputs, elapsed = tool(story, condition)
                for _ in range(repeat - 1):
                    elapsed = min(elapsed, tool(story, condition)[1])
                seconds += elapsed
                kept += [
                    kept_lines(page.lines, output)
                    for page, output in zip(story.pages, outputs, strict=True)
                ]
            results[condition][name] = score(pages, kept, seconds)
            if name == "storylens" and condition == "text":
                same, total = offsets_agreement(stories, kept)
                results[condition][name]["offsets_agreement"] = {"same": same, "lines": total}
    return results


def warm_up(tools: dict[str, Tool], story: Story) -> None:
    """One untimed call of each tool, so that no timing includes a one-time set-up."""
    small = Story(story.folder, story.language, story.pages[:1])
    for tool in tools.values():
        tool(small, "html")


# -- output ------------------------------------------------------------------------------------


def _without_nan(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_nan(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nan(item) for item in value]
    if isinstance(value, float) and value != value:
        return None
    return value


def print_split(split: str, results: dict[str, Any], per_kind: bool) -> None:
    """Markdown tables of one split: each condition's tools, then notes."""
    condition_names = {
        "text": "as text (storylens reads the .txt page; the peers get one <p> per line)",
        "html": "as HTML (the page rendered as its site would serve it)",
        "html-plain": "as plain HTML (the same page without semantic tags and classes)",
    }
    for condition in CONDITIONS:
        if condition not in results:
            continue
        figures = results[condition]
        first = next(iter(figures.values()))
        print(
            f"## {split}, {condition_names[condition]}: {results['pages']} pages, "
            f"{first['junk_lines']} junk lines, {first['content_lines']} content lines\n"
        )
        print(
            "| tool | junk precision | junk recall | F1 | content lines removed "
            "| not-articles recognised | articles emptied | ms/page |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, row in figures.items():
            print(
                f"| {name} | {row['precision']:.2f} | {row['recall']:.2f} | {row['f1']:.2f} "
                f"| {row['content_removed']:.1%} ({row['content_removed_lines']}) "
                f"| {row['not_articles_recognised']}/{row['not_articles']} "
                f"| {len(row['articles_emptied'])} | {row['ms_per_page']:.1f} |"
            )
        print()
        for name, row in figures.items():
            if row["articles_emptied"] and not name.startswith("baseline"):
                print(f"- {name} emptied: {', '.join(row['articles_emptied'])}")
            if "offsets_agreement" in row:
                check = row["offsets_agreement"]
                print(
                    f"- {name}: the matching rule and storylens's removal offsets judge "
                    f"{check['same']} of {check['lines']} lines alike"
                )
        print()
        if per_kind:
            names = list(figures)
            kinds = sorted({kind for row in figures.values() for kind in row["per_kind"]})
            print("| kind | " + " | ".join(names) + " |")
            print("|---|" + "---:|" * len(names))
            for kind in kinds:
                cells = []
                for name in names:
                    counts = figures[name]["per_kind"].get(kind, {"found": 0, "total": 0})
                    cells.append(f"{counts['found']}/{counts['total']}")
                print(f"| {kind} | " + " | ".join(cells) + " |")
            print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=quality.DEFAULT_ROOT, help="the corpus")
    parser.add_argument(
        "--split", choices=(*quality.SPLITS, "both"), default="both", help="which split"
    )
    parser.add_argument("--condition", choices=(*CONDITIONS, "both"), default="both")
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    parser.add_argument("--per-kind", action="store_true", help="also recall per junk kind")
    parser.add_argument("--save-html", type=Path, help="write the rendered pages here")
    parser.add_argument(
        "--repeat", type=int, default=5, help="time each story this many times, keep the best"
    )
    args = parser.parse_args(argv)

    tools: dict[str, Tool] = {
        "storylens": storylens_tool,
        **peer_tools(),
        "baseline: nothing kept": nothing_kept,
    }
    splits = quality.SPLITS if args.split == "both" else (args.split,)
    conditions = CONDITIONS if args.condition == "both" else (args.condition,)
    results: dict[str, Any] = {}
    for split in splits:
        if not (args.root / split).is_dir():
            parser.error(f"no split {split} under {args.root}")
        stories = load_split(args.root / split)
        if not stories:
            parser.error(f"split {split} under {args.root} has no story folders")
        if args.save_html:
            for story in stories:
                for page in story.pages:
                    for condition in CONDITIONS:
                        path = args.save_html / split / story.folder.name / condition
                        path.mkdir(parents=True, exist_ok=True)
                        (path / f"{page.id}.html").write_text(
                            page.html(condition), encoding="utf-8"
                        )
        warm_up(tools, stories[0])
        print(f"scoring {split}...", file=sys.stderr)
        results[split] = run_split(stories, tools, conditions, max(1, args.repeat))
        if not args.json:
            print_split(split, results[split], args.per_kind)
    if args.json:
        json.dump(_without_nan(results), sys.stdout, indent=2, ensure_ascii=False)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
