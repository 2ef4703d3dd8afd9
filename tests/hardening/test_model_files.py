"""Hostile model files: a damaged, truncated or hand-crafted file gives a ModelFileError (a
ValueError) naming the file, never a crash, a hang or a huge allocation. Hundreds of files are
made here from real saved models: bytes changed, cut short, numbers made huge, values of the
wrong type, deep nesting, and dtypes that would allocate gigabytes."""

from __future__ import annotations

import json
import random
import resource
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from storylens import CountVectorizer, HashingVectorizer, TfidfTransformer, TfidfVectorizer
from storylens.exceptions import ModelFileError, StorylensError
from storylens.feature_extraction._persistence import PersistableMixin

DOCS = ["the port strike ends", "the union and the port agree", "ships wait at the port"]


def _saved_models(folder: Path) -> dict[str, str]:
    counts = CountVectorizer(ngram_range=(1, 2), dtype=np.float32).fit(DOCS)
    models: dict[str, Any] = {
        "count": counts,
        "tfidf": TfidfVectorizer(vocabulary=np.array(["port", "strike", "union"])).fit(DOCS),
        "transformer": TfidfTransformer(smooth_idf=False).fit(counts.transform(DOCS)),
        "hashing": HashingVectorizer(n_features=64),
    }
    texts = {}
    for name, model in models.items():
        path = folder / f"{name}.json"
        model.save(path)
        texts[name] = path.read_text(encoding="utf-8")
    return texts


def _replace_json_values(
    value: Any, replacement: Callable[[Any], Any], rng: random.Random, rate: float
) -> Any:
    """A copy of a JSON value with some of its leaves (and lists) replaced."""
    if isinstance(value, dict):
        return {k: _replace_json_values(v, replacement, rng, rate) for k, v in value.items()}
    if isinstance(value, list) and rng.random() > rate:
        return [_replace_json_values(v, replacement, rng, rate) for v in value]
    return replacement(value) if rng.random() < rate else value


HOSTILE_VALUES: list[Any] = [
    None,
    True,
    -1,
    0,
    2**64,
    10**400,
    1e308,
    -1e308,
    "inf",
    "nan",
    "",
    "U999999999",
    [],
    {},
    [[[[]]]],
    {"tuple": 5},
    {"mapping": [[1]]},
    {"dtype": "V999999999"},
    {"dtype_instance": "U999999999"},
    {"array": [1, 2], "array_dtype": "U999999999"},
    {"array": "not a list", "array_dtype": "<U3"},
    {"python_type": "eval"},
    "x" * 1000,
]


def _mutants(texts: dict[str, str], seed: int) -> Iterator[tuple[str, bytes]]:
    """About 400 damaged files: byte flips, truncations, hostile values, deep nesting."""
    rng = random.Random(seed)
    for name, text in texts.items():
        data = text.encode("utf-8")
        for n in range(40):
            flipped = bytearray(data)
            for _ in range(rng.randint(1, 4)):
                flipped[rng.randrange(len(flipped))] = rng.randrange(256)
            yield f"{name} flip {n}", bytes(flipped)
        for n in range(20):
            yield f"{name} cut {n}", data[: rng.randrange(len(data))]
        document = json.loads(text)
        for n in range(40):
            changed = _replace_json_values(
                document, lambda _: rng.choice(HOSTILE_VALUES), rng, rate=0.15
            )
            yield f"{name} values {n}", json.dumps(changed).encode()
        for depth in (200, 100_000):
            nested = "[" * depth + "]" * depth
            for field in ("params", "state", "class"):
                yield (
                    f"{name} nested {field} {depth}",
                    text.replace(f'"{field}":', f'"{field}":{nested},"_{field}":', 1).encode(),
                )
        yield (
            f"{name} huge count",
            text.replace('"n_documents":', '"n_documents":9' * 1, 1).encode(),
        )


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_hundreds_of_damaged_model_files_read_or_raise_model_file_error(tmp_path: Path) -> None:
    texts = _saved_models(tmp_path)
    peak_before = _peak_rss_mb()
    outcomes = {"loaded": 0, "refused": 0}
    mutants = list(_mutants(texts, seed=19))
    assert len(mutants) >= 400
    for label, data in mutants:
        path = tmp_path / "damaged.json"
        path.write_bytes(data)
        try:
            model = PersistableMixin.load(path)
        except ModelFileError as error:
            assert str(path) in str(error), label
            outcomes["refused"] += 1
            continue
        outcomes["loaded"] += 1
        # A file that reads gives a working model, or a clear error when used.
        try:
            if isinstance(model, TfidfTransformer):
                model.transform(np.ones((1, model.n_features_in_)))
            else:
                model.transform(["the port"])
        except (StorylensError, ValueError, TypeError):
            pass
    assert outcomes["refused"] > 300 and outcomes["loaded"] > 0, outcomes
    # No file made loading allocate much (a dtype or count written in it, say).
    assert _peak_rss_mb() - peak_before < 500


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(format="something-else"), "not a storylens model file"),
        (lambda d: d.update(format_version=99), "newer storylens"),
        (lambda d: d.update(format_version="2"), "bad format_version"),
        (lambda d: d.update(**{"class": "os.system"}), "unknown estimator class"),
        (lambda d: d.update(fitted=True, state=None), "fitted, but no state"),
        (lambda d: d["state"]["vocabulary"].update(terms=["a", "a"]), "duplicate term"),
        (lambda d: d["state"]["vocabulary"].update(terms=[]), "vocabulary is empty"),
        (
            lambda d: d["state"]["vocabulary"]["corpus"].update(document_frequencies=[1]),
            "document_frequencies has 1 entries",
        ),
        (
            lambda d: d["state"]["weighting"].update(n_features=7, idf=[1.0] * 7),
            "7 features for a vocabulary of",
        ),
        (lambda d: d["state"]["weighting"].update(idf=[1.0]), "idf must hold"),
        (lambda d: d["state"]["weighting"].update(idf_dtype="float16"), "float16"),
        (lambda d: d["params"].update(dtype={"dtype": "V99999999"}), "not allowed"),
        (lambda d: d["params"].update(dtype={"dtype_instance": "U99999999"}), "not allowed"),
        (lambda d: d.update(params=[1, 2]), "params must be an object"),
    ],
)
def test_each_inconsistency_is_named(
    edit: Callable[[dict[str, Any]], None], message: str, tmp_path: Path
) -> None:
    path = tmp_path / "model.json"
    TfidfVectorizer().fit(DOCS).save(path)
    document = json.loads(path.read_text())
    edit(document)
    path.write_text(json.dumps(document))
    with pytest.raises(ModelFileError, match=message):
        TfidfVectorizer.load(path)


def test_a_file_above_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    CountVectorizer().fit(DOCS).save(path)
    size = path.stat().st_size
    with pytest.raises(ModelFileError, match=rf"{size:,} bytes, above the model file limit"):
        CountVectorizer.load(path, max_bytes=size - 1)
    assert (
        CountVectorizer.load(path, max_bytes=size).vocabulary_
        == CountVectorizer().fit(DOCS).vocabulary_
    )
