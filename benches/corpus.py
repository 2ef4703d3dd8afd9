"""Deterministic English news-like benchmark corpus (50 MB and up), built at run time.

What it is
----------
A list of documents of 3-5 KB each (a headline, a dateline, paragraphs of one to three
sentences), generated from a fixed seed. Nothing here is article text: the sentences come,
at run time, from the real news text that ships inside the installed ``gensim`` package
(``gensim/test/test_data/lee_background.cor`` and ``lee.cor``: 349 short ABC news articles,
about 385 KB, read from the package's install path and never copied into this repository).
Those sentences are recombined with a seeded RNG and rewritten so that the result behaves
like a large news collection rather than 385 KB repeated 130 times:

* every number is redrawn in the same shape (``240,000``, ``3.5``, years, times, money), so
  numbers spread over many distinct tokens as they do in real wire copy;
* 70% of the mid-sentence capitalised words (people, places, organisations) are replaced
  by invented names drawn with Zipf's law (P(rank r) ~ 1/r over 1.5 million names), and 6%
  of the lower-case words of five letters or more by invented rare words carrying English
  suffixes (``-ation``, ``-ing``, ``-ed``, ...) or hyphenated compounds. This grows the long
  tail: 50 MB (7.8 million tokens) has about 240,000 distinct scikit-learn tokens, two
  thirds of them seen once, and the vocabulary grows as tokens ** 0.7 (Heaps' law; real news
  runs at 0.5-0.7 and has a few hundred thousand terms at this size once names, numbers and
  typos are counted). ``python benches/corpus.py`` prints these statistics. This long tail
  is what makes hash tables, vocabulary sorting and the sparse matrix realistically large;
* each document gets a house style: US style (``Mr.``, ``U.S.``, ``percent``) or the
  source's Commonwealth style (``Mr``, ``US``, ``per cent``), and typographic quotes and
  apostrophes (``“ ” ’``) or straight ones; a few templated sentences add US-style
  abbreviations (``Sen.``, ``Gov.``, ``a.m.``, ``Sept.``, ``Inc.``, ``R-Ohio``), money and
  percentages; and every dateline has an em dash, so, as with real wire copy, no document
  is pure ASCII (about 0.25% of the characters are not).

Why it is representative
------------------------
The vectorizers' cost depends on the byte length of documents, the token length
distribution, the share of non-ASCII characters and punctuation, the number of tokens per
document and above all the size and Zipfian shape of the vocabulary. Real sentences give the
first four exactly as news has them; the Zipfian replacement gives the last. A uniform
random-word generator would get all of these wrong in the direction that flatters a
benchmark (short vocabulary, no punctuation) or punishes it (every token new).

Caching
-------
``load_corpus(size_mb)`` writes the corpus once to ``benches/data/`` (gitignored) as JSONL,
one JSON string per line, and later loads read the same bytes, so each benchmark
subprocess measures the same input. The file name carries the generator version, seed and
size; the generation is pure Python (``random.Random``), so the same inputs give the same
bytes on every machine with the same gensim data files. ``python benches/corpus.py
--size-mb 50`` builds it and prints its statistics.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

GENERATOR_VERSION = 1
DEFAULT_SEED = 20240611
MB = 1_000_000  # sizes are in decimal megabytes (10**6 bytes of UTF-8)

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE_FILES = ("lee_background.cor", "lee.cor")

# Tuning of the long tail (see the module docstring).
NAME_REPLACE_P = 0.7  # share of mid-sentence capitalised words replaced by invented names
NAME_POOL = 1_500_000  # invented names, drawn with P(rank r) ~ 1/r (Zipf, s = 1)
RARE_WORD_P = 0.06  # share of lower-case words of 5+ letters replaced by rare words
WORD_POOL = 1_000_000
HYPHEN_P = 0.15  # share of rare words that are hyphenated compounds

# ---------------------------------------------------------------------------------------
# Source text


def gensim_test_data_dir() -> Path:
    """The ``test/test_data`` folder of the installed gensim package."""
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "the benchmark corpus is built from text shipped with gensim: pip install gensim"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "test" / "test_data"
    missing = [name for name in SOURCE_FILES if not (folder / name).is_file()]
    if missing:
        raise RuntimeError(f"gensim's test data lacks {missing} (looked in {folder})")
    return folder


def _decode(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252")  # lee.cor has a few Latin-1 pound signs


def source_articles() -> list[str]:
    folder = gensim_test_data_dir()
    articles: list[str] = []
    for name in SOURCE_FILES:
        for raw in (folder / name).read_bytes().splitlines():
            text = " ".join(_decode(raw).split())
            if text:
                articles.append(text)
    return articles


_SENTENCE_END = re.compile(r"""(?<=[.!?])["']?\s+(?=["']?[A-Z0-9])""")


def split_source_sentences(article: str) -> list[str]:
    """A plain regex split (the source writes ``Mr`` and ``US`` without stops)."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(article):
        end = match.start()
        # keep a closing quote with its sentence
        while end < len(article) and article[end] in "\"'":
            end += 1
        sentences.append(article[start:end].strip())
        start = match.end()
    sentences.append(article[start:].strip())
    return [s for s in sentences if len(s) > 1]


# ---------------------------------------------------------------------------------------
# Templates: a sentence as literal parts and slots filled at generation time

_PIECE = re.compile(
    r"""(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)
      | (?P<word>[A-Za-z]+(?:'[A-Za-z]+)?)
      | (?P<other>[^A-Za-z\d]+)""",
    re.VERBOSE,
)

# Capitalised words that are not names, or are best kept (they carry the story's grammar).
_KEEP_CAPITALISED = frozenset(
    """I Mr Mrs Ms Dr US UN PM The A An In On At Of For And But It He She They We
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday AM FM""".split()
)

_AFTER_MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December) $"
)

Slot = tuple[str, str]  # (kind, original text)
Template = list[str | Slot]


def compile_template(sentence: str) -> Template:
    parts: Template = []
    first_word = True
    for match in _PIECE.finditer(sentence):
        text = match.group()
        kind = match.lastgroup
        if kind == "num":
            before = sentence[max(0, match.start() - 12) : match.start()]
            day = _AFTER_MONTH.search(before) is not None and len(text) <= 2
            parts.append(("day" if day else "num", text))
        elif kind == "word":
            if (
                not first_word
                and len(text) > 1
                and text[0].isupper()
                and not text.isupper()
                and text not in _KEEP_CAPITALISED
            ):
                parts.append(("name", text))
            elif text.islower() and len(text) >= 5 and "'" not in text:
                parts.append(("word", text))
            else:
                parts.append(text)
            first_word = False
        else:
            parts.append(text)
            if any(c in ".!?:" for c in text):
                first_word = True
    # merge adjacent literals
    merged: Template = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + part
        else:
            merged.append(part)
    return merged


# ---------------------------------------------------------------------------------------
# Invented names and words with a Zipfian rank distribution

_ONSETS = "b bl br c ch cr d dr f fl g gr h j k kr l m n p pr r s sh sk st t tr v w z".split()
_VOWELS = "a e i o u a e o ai ea ou".split()
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "nd", "rt", "ck", "st"]
_SYLLABLES = [o + v + c for o in _ONSETS for v in _VOWELS for c in _CODAS[:6]]
_NAME_ENDINGS = ["", "", "", "son", "ski", "ez", "ova", "berg", "ley", "ton", "ini", "ian"]
_WORD_ENDINGS = [
    "",
    "s",
    "ed",
    "ing",
    "ation",
    "ations",
    "ly",
    "ness",
    "ism",
    "ist",
    "ers",
    "al",
    "ity",
    "ment",
    "ments",
    "ive",
    "ized",
    "izing",
]


def _syllables(rank: int) -> str:
    """An injective-ish map from a rank to a pronounceable stem of two or more syllables."""
    n = len(_SYLLABLES)
    rank += n  # at least two syllables
    out: list[str] = []
    while rank:
        rank, digit = divmod(rank, n)
        out.append(_SYLLABLES[digit])
    return "".join(out)


def invented_name(rank: int) -> str:
    ending = _NAME_ENDINGS[(rank * 7919) % len(_NAME_ENDINGS)]
    return (_syllables(rank) + ending).capitalize()


def invented_word(rank: int) -> str:
    ending = _WORD_ENDINGS[(rank * 104729) % len(_WORD_ENDINGS)]
    return _syllables(rank * 3 + 1) + ending


def _zipf_rank(rng: random.Random, pool: int) -> int:
    """A rank in ``[0, pool)`` with P(r) ~ 1 / (r + 1) (Zipf's law with s = 1), scrambled by
    a fixed permutation so that the frequent names are not simply the shortest ones."""
    rank = int(pool ** rng.random()) - 1
    return (rank * 2_654_435_761 + 12_345) % pool


# ---------------------------------------------------------------------------------------
# Generation

_MONTHS_AP = "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.".split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_STATES = "Ohio Texas Calif. Fla. N.Y. Ill. Pa. Mich. Ga. Ariz. Wash. Mass. Va. N.C.".split()
_TITLES = ["Sen.", "Rep.", "Gov.", "Gen.", "Lt. Col.", "Dr.", "Mr.", "Ms.", "Prof.", "Det."]
_ORG_KIND = ["Inc.", "Corp.", "Co.", "Ltd.", "LLC", "Group", "Holdings", "Bancorp"]
_DESKS = ["Wire", "News Service", "Press", "Herald", "Dispatch", "Bureau"]


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        articles = source_articles()
        self.stories: list[list[Template]] = []
        for article in articles:
            sentences = split_source_sentences(article)
            if sentences:
                self.stories.append([compile_template(s) for s in sentences])
        self.all_sentences = [t for story in self.stories for t in story]

    # -- slot filling ------------------------------------------------------------------

    def name(self) -> str:
        return invented_name(_zipf_rank(self.rng, NAME_POOL))

    def rare_word(self) -> str:
        rng = self.rng
        word = invented_word(_zipf_rank(rng, WORD_POOL))
        if rng.random() < HYPHEN_P:
            other = invented_word(_zipf_rank(rng, WORD_POOL // 100))
            word = f"{word}-{other}" if rng.random() < 0.5 else f"{other}-{word}"
        return word

    def number(self, shape: str) -> str:
        rng = self.rng
        if "." in shape:
            whole, frac = shape.replace(",", "").split(".", 1)
            head = rng.randrange(10 ** max(len(whole) - 1, 0), 10 ** len(whole))
            tail = "".join(rng.choice("0123456789") for _ in frac)
            return f"{head}.{tail}"
        digits = shape.replace(",", "")
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(rng.randrange(1950, 2031))  # a year
        low = 10 ** (len(digits) - 1) if len(digits) > 1 else 0
        value = rng.randrange(low, 10 ** len(digits))
        if "," in shape:
            return f"{value:,}"
        return str(value)

    def fill(self, template: Template) -> str:
        rng = self.rng
        out: list[str] = []
        for part in template:
            if isinstance(part, str):
                out.append(part)
                continue
            kind, text = part
            if kind == "num":
                out.append(self.number(text))
            elif kind == "day":
                out.append(str(rng.randint(1, 28)))
            elif kind == "name":
                out.append(self.name() if rng.random() < NAME_REPLACE_P else text)
            elif rng.random() < RARE_WORD_P:
                out.append(self.rare_word())
            else:
                out.append(text)
        return "".join(out)

    # -- US-style extras ---------------------------------------------------------------

    def date(self) -> str:
        return f"{self.rng.choice(_MONTHS_AP)} {self.rng.randint(1, 28)}"

    def extra_sentence(self) -> str:
        rng = self.rng
        choice = rng.randrange(5)
        if choice == 0:
            return (
                f"{rng.choice(_TITLES)} {self.name()} {self.name()}, "
                f"{rng.choice('RD')}-{rng.choice(_STATES)}, said in a statement on "
                f"{rng.choice(_WEEKDAYS)} that the "
                f'{rng.choice(["bill", "plan", "deal", "inquiry"])} was "long overdue."'
            )
        if choice == 1:
            return (
                f"The report, released at {rng.randint(1, 12)}:{rng.randrange(60):02d} "
                f"{rng.choice(['a.m.', 'p.m.'])} {rng.choice(_WEEKDAYS)}, put the cost at "
                f"${rng.randint(2, 950)}.{rng.randrange(10)} million, up "
                f"{rng.randint(0, 40)}.{rng.randrange(10)} percent from a year earlier."
            )
        if choice == 2:
            return (
                f"Shares of {self.name()} {rng.choice(_ORG_KIND)} fell "
                f"{rng.randint(0, 19)}.{rng.randrange(10)} percent to "
                f"${rng.randint(1, 400)}.{rng.randrange(100):02d} in New York trading on "
                f"{self.date()}, after the company cut {rng.randint(2, 90) * 1000:,} jobs."
            )
        if choice == 3:
            return (
                f"U.S. officials, speaking on condition of anonymity, said the "
                f"{rng.randint(2, 30)}-member delegation would arrive in "
                f"{self.name()} by {self.date()}."
            )
        return (
            f'"We\'re not going anywhere," said {self.name()} {self.name()}, a '
            f"{rng.randint(19, 84)}-year-old "
            f"{rng.choice(['resident', 'teacher', 'farmer', 'nurse', 'veteran'])}"
            f" from {self.name()}."
        )

    # -- documents ---------------------------------------------------------------------

    def document(self) -> str:
        rng = self.rng
        story = rng.choice(self.stories)
        used = {id(story)}
        target = rng.randint(3000, 5000)
        us_style = rng.random() < 0.6
        typographic = rng.random() < 0.5

        headline_words = self.fill(story[0]).split()[: rng.randint(5, 10)]
        headline = " ".join(w[0].upper() + w[1:] if len(w) > 3 else w for w in headline_words)
        headline = headline.rstrip(".,;:\"'")
        month = rng.choice(_MONTHS_AP)
        dateline = (
            f"{self.name().upper()}, {month} {rng.randint(1, 28)} "
            f"({self.name()} {rng.choice(_DESKS)}) \u2014 "
        )

        sentences: list[str] = []
        size = len(headline) + len(dateline)
        position = 0
        while size < target:
            roll = rng.random()
            if roll < 0.7:
                # the story's sentences in order, then on to another story (a news round-up)
                if position == len(story):
                    while id(story) in used:
                        story = rng.choice(self.stories)
                    used.add(id(story))
                    position = 0
                sentence = self.fill(story[position])
                position += 1
            elif roll < 0.94:
                sentence = self.fill(rng.choice(self.all_sentences))
            else:
                sentence = self.extra_sentence()
            sentences.append(sentence)
            size += len(sentence) + 1

        paragraphs: list[str] = []
        i = 0
        while i < len(sentences):
            take = rng.choice((1, 2, 2, 3))
            paragraphs.append(" ".join(sentences[i : i + take]))
            i += take
        paragraphs[0] = dateline + paragraphs[0]
        text = headline + "\n\n" + "\n\n".join(paragraphs)
        if us_style:
            text = _US_STYLE.sub(lambda m: _US_REPLACE[m.group()], text)
        if typographic:
            text = _typographic(text)
        return text


_US_REPLACE = {
    "Mr": "Mr.", "Mrs": "Mrs.", "Ms": "Ms.", "Dr": "Dr.", "US": "U.S.", "UN": "U.N.",
    "per cent": "percent",
}  # fmt: skip
_US_STYLE = re.compile(r"\b(?:Mrs|Mr|Ms|Dr|US|UN)\b(?!\.)|\bper cent\b")
_OPEN_QUOTE = re.compile(r'(^|[\s(\u2014])"')


def _typographic(text: str) -> str:
    text = _OPEN_QUOTE.sub("\\1\u201c", text)
    text = text.replace('"', "\u201d")
    return text.replace("'", "\u2019")


def generate(size_mb: float, seed: int = DEFAULT_SEED) -> Iterator[str]:
    """Documents until their UTF-8 bytes add up to at least ``size_mb`` megabytes."""
    generator = _Generator(seed)
    goal = int(size_mb * MB)
    total = 0
    while total < goal:
        doc = generator.document()
        total += len(doc.encode("utf-8"))
        yield doc


# ---------------------------------------------------------------------------------------
# Cache


def corpus_path(size_mb: float, seed: int = DEFAULT_SEED) -> Path:
    size = f"{size_mb:g}".replace(".", "p")
    return DATA_DIR / f"news-v{GENERATOR_VERSION}-seed{seed}-{size}mb.jsonl"


def load_corpus(
    size_mb: float,
    seed: int = DEFAULT_SEED,
    log: Callable[[str], None] | None = None,
    limit_mb: float | None = None,
) -> list[str]:
    """The corpus of ``size_mb`` MB, generated (and cached under benches/data/) if needed.

    With ``limit_mb``, only its leading documents whose bytes first reach ``limit_mb`` MB
    (read without loading the rest, so a worker's memory holds only what it measures)."""
    path = corpus_path(size_mb, seed)
    if not path.exists():
        start = time.perf_counter()
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for doc in generate(size_mb, seed):
                out.write(json.dumps(doc, ensure_ascii=False))
                out.write("\n")
        tmp.replace(path)
        if log is not None:
            log(f"generated {path.name} in {time.perf_counter() - start:.1f} s")
    goal = None if limit_mb is None else int(limit_mb * MB)
    docs: list[str] = []
    total = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            docs.append(doc)
            if goal is not None:
                total += len(doc.encode("utf-8"))
                if total >= goal:
                    break
    return docs


def corpus_bytes(docs: list[str]) -> int:
    return sum(len(doc.encode("utf-8")) for doc in docs)


def digest(docs: list[str]) -> str:
    h = hashlib.sha256()
    for doc in docs:
        h.update(doc.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sample", action="store_true", help="print the first document")
    args = parser.parse_args(argv)
    docs = load_corpus(args.size_mb, args.seed, log=print)
    n_bytes = corpus_bytes(docs)
    token = re.compile(r"(?u)\b\w\w+\b")
    counts: dict[str, int] = {}
    n_tokens = 0
    for doc in docs:
        for t in token.findall(doc.lower()):
            counts[t] = counts.get(t, 0) + 1
            n_tokens += 1
    once = sum(1 for c in counts.values() if c == 1)
    non_ascii = sum(sum(1 for ch in doc if ord(ch) > 127) for doc in docs)
    lengths = sorted(len(doc.encode("utf-8")) for doc in docs)
    print(f"file        {corpus_path(args.size_mb, args.seed)}")
    print(
        f"documents   {len(docs):,}  (bytes per document: min {lengths[0]:,}, "
        f"median {lengths[len(lengths) // 2]:,}, max {lengths[-1]:,})"
    )
    print(f"bytes       {n_bytes:,} ({n_bytes / MB:.1f} MB), non-ASCII chars {non_ascii:,}")
    print(f"tokens      {n_tokens:,} (scikit-learn's token pattern, lower-cased)")
    print(f"vocabulary  {len(counts):,} distinct terms, {once:,} seen once")
    print(f"sha256/16   {digest(docs)}")
    if args.sample:
        print()
        print(docs[0])


if __name__ == "__main__":
    main()
