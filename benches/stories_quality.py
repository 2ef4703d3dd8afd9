"""Off-story articles and story grouping, measured on labelled sets.

Each story folder of ``tests/fixtures/cleaning/<split>`` (saved pages, four languages) and of
``tests/fixtures/stories/<split>`` (invented plain texts, English and German) holds the
articles of one story; the dev split also holds the bundled sample (seven rewrites of one
wire story). Pages that cleaning finds are not articles (redirects, 404s) are left out.

- **Off-story**: for each story of at least three articles, the story alone (no planted
  article), and the story plus the first article of each other story in the same language
  (one planted article per set). A planted article flagged ``off-story`` by
  ``Comparison.outliers`` is a true positive; any other article flagged is a false positive.
- **Stories**: each language's stories mixed into one set; the adjusted Rand index of
  ``ArticleSet.stories().labels`` against the folders, and whether ``compare()`` would warn.
  Each story alone: how often it is found as one story, and how often it would warn (a
  false alarm).

``dev`` is what the rules were tuned on; ``heldout`` was not looked at while tuning.
``digest`` is a third held-out group, never looked at while tuning: the 87 story folders of
``tests/fixtures/digest/sets`` (invented stories by several authors, 3 to 6 plain-text
articles each, in English, German, French and Spanish), written for the digest bench. Its
English mix holds stories on neighbouring subjects by construction (two meteorite finds, two
by-elections with the same party, two dairy co-operatives).

    python benches/stories_quality.py            # dev and heldout
    python benches/stories_quality.py dev        # one split
    python benches/stories_quality.py digest     # the digest reference sets
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

from sklearn.metrics import adjusted_rand_score
from storylens import Article, ArticleSet
from storylens.datasets import load_sample

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SOURCES = ("cleaning", "stories")


@dataclass(frozen=True)
class Story:
    name: str
    language: str
    articles: tuple[Article, ...]


def load_split(split: str) -> list[Story]:
    """The stories of ``split``, each a cleaned set of its articles (non-articles left out);
    article ids become ``story/file``. ``digest`` is the digest bench's reference sets."""
    stories = []
    folders = (
        [ROOT / "digest" / "sets"]
        if split == "digest"
        else [ROOT / source / split for source in SOURCES]
    )
    for parent in folders:
        for folder in sorted(parent.iterdir()):
            if not folder.is_dir():
                continue
            cleaned = ArticleSet.from_folder(folder, metadata=False).clean()
            kept = tuple(
                replace(article, id=f"{folder.name}/{article.id}")
                for article in cleaned
                if article.is_article and article.text.strip()
            )
            stories.append(Story(folder.name, cleaned.language, kept))
    if split == "dev":
        # The bundled sample: seven rewrites of one wire story, far more alike than the
        # fixture stories, so an off-story article's similarity sits far above zero.
        sample = load_sample().clean()
        kept = tuple(replace(article, id=f"sample/{article.id}") for article in sample)
        stories.append(Story("sample", sample.language, kept))
    return stories


def off_story_cases(stories: list[Story]) -> list[tuple[str, list[Article], str | None]]:
    """(name, articles, planted id or None): each story alone and with one planted article."""
    cases: list[tuple[str, list[Article], str | None]] = []
    for story in stories:
        if len(story.articles) < 3:
            continue
        cases.append((story.name, list(story.articles), None))
        for other in stories:
            if other is story or other.language != story.language or not other.articles:
                continue
            planted = other.articles[0]
            cases.append((f"{story.name}+{other.name}", [*story.articles, planted], planted.id))
    return cases


def off_story_quality(stories: list[Story]) -> dict[str, float]:
    true_positive = false_positive = false_negative = sets = 0
    for _name, articles, planted in off_story_cases(stories):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outliers = ArticleSet(articles).compare().outliers
        flagged = set(outliers.loc[outliers["kind"] == "off-story", "article"])
        sets += 1
        if planted is not None:
            if planted in flagged:
                true_positive += 1
            else:
                false_negative += 1
        false_positive += len(flagged - {planted})
    precision = true_positive / max(true_positive + false_positive, 1)
    recall = true_positive / max(true_positive + false_negative, 1)
    return {
        "sets": sets,
        "planted": true_positive + false_negative,
        "tp": true_positive,
        "fp": false_positive,
        "fn": false_negative,
        "precision": precision,
        "recall": recall,
    }


def grouping_quality(stories: list[Story]) -> list[tuple[str, int, int, int, float, bool]]:
    """(mix, stories, articles, stories found, ARI, warned) for each language's stories mixed
    into one set (a real folder is in one language; the vectorizer's stop words and stemmer
    are that language's)."""
    results = []
    for language in sorted({story.language for story in stories}):
        chosen = [story for story in stories if story.language == language]
        if len(chosen) < 2:
            continue
        articles = [article for story in chosen for article in story.articles]
        truth = [story.name for story in chosen for _ in story.articles]
        found = ArticleSet(articles).stories()
        score = adjusted_rand_score(truth, found.labels.tolist())
        results.append((language, len(chosen), len(articles), len(found), score, found.several()))
    return results


def single_story_quality(stories: list[Story]) -> tuple[int, int, int]:
    """(sets, kept whole, warned): each story of at least three articles alone; a warning
    there is a false alarm."""
    sets = whole = warned = 0
    for story in stories:
        if len(story.articles) < 3:
            continue
        found = ArticleSet(list(story.articles)).stories()
        sets += 1
        whole += len(found) == 1
        warned += found.several()
    return sets, whole, warned


def main(splits: list[str]) -> None:
    for split in splits:
        stories = load_split(split)
        quality = off_story_quality(stories)
        print(
            f"{split}: off-story over {quality['sets']} sets ({quality['planted']} planted): "
            f"precision {quality['precision']:.3f} recall {quality['recall']:.3f} "
            f"(tp {quality['tp']}, fp {quality['fp']}, fn {quality['fn']})"
        )
        for mix, n_stories, n_articles, n_found, score, warned in grouping_quality(stories):
            print(
                f"{split}: stories, {mix} mix: {n_stories} stories, {n_articles} articles, "
                f"{n_found} found, ARI {score:.3f}, warns: {warned}"
            )
        sets, whole, false_warnings = single_story_quality(stories)
        print(
            f"{split}: stories, single-story sets: {whole} of {sets} found as one story, "
            f"{false_warnings} false warnings"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or ["dev", "heldout"])
