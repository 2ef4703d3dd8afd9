"""Fit the digest's supervised sentence score on the dev sets, by leave-one-set-out.

Classic supervised extractive summarisation, no model download: every sentence of a set
gets a few features the digest can compute from the comparison (:data:`FEATURES`: its
position, its article's closeness to the others, its cosine to the centroid, the concept
weight it carries and how many articles carry its bigrams, its length, quotes, digits,
capitalised words, whether it needs an earlier sentence), and a ridge regression learns
from the reference summaries how likely a sentence is to be summary material: by default
its label in the greedy ROUGE-2 oracle (the sentences that, added one by one, raise the
ROUGE-2 F against the two references most), or, with ``--target targets``, its ROUGE-2
precision (the share of its bigrams a reference holds). The prediction enters the digest's
own greedy choice (:data:`BLENDS`): in place of the hand-set position prior, times it, or
added to the shipped score; the concept gain per word, the readability rules, repeats and
the budget are unchanged (``digest_variants.choose``, which reproduces the digest). "The
shipped digest" and "digest" below are the digest as it was before the learned score
(:data:`BEFORE`), which is still the shipped digest: the chosen score was not adopted.

Only the ``dev`` and ``dev2`` splits (``dev pooled``, 22 sets) are read for the fit. Each
setting (target, feature group, the ridge's alpha, the blend) is scored by
leave-one-set-out: the model is fitted on 21 sets and the digest of the 22nd is built with
it and scored (ROUGE-2 F against its references), so that no set's score comes from a
model that saw its references. Features are scaled within each set (mean 0, deviation 1
over the sentences the rules allow) unless ``--pooled-scale``.

The setting chosen on dev pooled, before any held-out set was scored with it
(:data:`CHOSEN`): the oracle label, features scaled within each set, every feature but
the three of position (the shipped position prior stays), alpha 0.1, the prediction added
to the shipped score (scaled so that the best sentence's prediction is worth the best
first step of the shipped score). Leave-one-set-out on dev pooled: ROUGE-2 0.284 against
the shipped digest's 0.275 (+0.009, 95% interval [-0.007, +0.027]).

The acceptance rule, fixed before the held-out run (:data:`ACCEPTANCE`, as written here):
the learned score replaces the shipped one only if, on ``heldout pooled`` (34 sets), its
mean ROUGE-2 minus the shipped digest's is above 0; its margin over the centroid baseline
is reported. The round was set with a stricter rule, which also asks that margin's 95%
paired-bootstrap interval to be above 0 (issue #15's bar). ``--heldout`` is the one-shot
check (fit on dev pooled, score the held-out groups once). Result (2026-12-06): +0.002
[-0.019, +0.023] over the shipped digest, +0.016 [-0.002, +0.034] over the centroid, and
ROUGE-1 0.500 against the digest's 0.510. It passes the rule as written here and fails the
stricter one; a gain this far inside the noise, with ROUGE-1 lower, does not justify
changing every digest, so the score was not adopted. It is kept here
(``digest_learned.py``) as the fourth round's variant.

Run from the repository root (needs the bench extra)::

    python benches/digest_fit.py                    # every setting, leave-one-set-out
    python benches/digest_fit.py --target targets   # the same, fitting ROUGE-2 precision
    python benches/digest_fit.py --heldout          # the chosen setting on the held-out sets
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Any

import digest_learned as learned
import numpy as np
from digest_quality import centroid, paired_bootstrap
from digest_variants import Prepared, Variant, choose, prepared_sets, rouge2
from storylens.compare import _coverage as coverage
from storylens.compare._readable import QUOTE_MARKS

DEV_POOLED = ["dev", "dev2"]
# The digest the score was fitted on top of: the concept coverage without a learned score.
BEFORE = Variant(learned_share=0.0)
TARGET = "targets"

# 0.5^index in the article, the article's first sentence, the relative position (0 to 1),
# then the learned score's own features (see digest_learned.py).
FEATURES = ("lead", "first", "position", *learned.FEATURES)
GROUPS: dict[str, tuple[str, ...]] = {
    "all": FEATURES,
    "no position": tuple(f for f in FEATURES if f not in ("lead", "first", "position")),
    "position + coverage": (
        "lead", "first", "position", "concept_density", "concept_share", "spread",
    ),
    "position + centrality": (
        "lead", "first", "position", "article_centrality", "centroid", "concept_density",
        "spread",
    ),
}  # fmt: skip


def sentence_features(p: Prepared) -> np.ndarray[Any, Any]:
    """The :data:`FEATURES` of every sentence of one set, one row each: the three of
    position, then the learned score's own (``digest_learned.sentence_features``)."""
    incidence, weights, _ = coverage.concept_matrix(p.stems, p.article_of, p.counted)
    needs_context = np.array(
        [bool(p.rules.needs_previous[s] or p.rules.needs_names[s]) for s in range(len(p.texts))]
    )
    own = learned.sentence_features(
        p.texts, p.words, p.article_of, p.counted, p.unit, incidence, weights, needs_context
    )
    position = np.column_stack(
        [coverage.POSITION_DECAY ** p.index.astype(float), p.index == 0, p.position]
    )
    return np.column_stack([position.astype(float), own])


def bigrams(tokens: list[str]) -> Counter[tuple[str, str]]:
    return Counter(itertools.pairwise(tokens))


def targets(entry: dict[str, Any]) -> np.ndarray[Any, Any]:
    """Each sentence's ROUGE-2 precision against the set's references (the share of its
    bigrams, clipped counts, that the reference holds), averaged over the references."""
    tokenize = entry["scorer"]._tokenizer.tokenize
    references = [bigrams(tokenize(text)) for text in entry["references"]]
    out = []
    for text in entry["prepared"].texts:
        mine = bigrams(tokenize(text))
        total = sum(mine.values())
        if not total:
            out.append(0.0)
            continue
        out.append(float(np.mean([sum((mine & ref).values()) / total for ref in references])))
    return np.array(out)


def oracle(entry: dict[str, Any]) -> np.ndarray[Any, Any]:
    """1 for the sentences of the greedy ROUGE-2 oracle (allowed sentences added while one
    raises the mean ROUGE-2 F against the references and fits the budget), else 0."""
    p = entry["prepared"]
    chosen: list[int] = []
    best, left = 0.0, entry["budget"]
    while True:
        gains = {
            s: rouge2(entry, " ".join(p.texts[i] for i in sorted([*chosen, s])))
            for s in np.flatnonzero(p.allowed & (p.words <= left))
            if s not in chosen
        }
        if not gains or max(gains.values()) <= best:
            break
        pick = max(gains, key=lambda s: (gains[s], -s))
        best = gains[pick]
        chosen.append(int(pick))
        left -= int(p.words[pick])
    label = np.zeros(len(p.texts))
    label[chosen] = 1.0
    entry["oracle_rouge2"] = best
    return label


@dataclass(frozen=True)
class Model:
    """A fitted ridge: ``intercept + weights . (features - mean) / scale``."""

    names: tuple[str, ...]
    mean: np.ndarray[Any, Any]
    scale: np.ndarray[Any, Any]
    weights: np.ndarray[Any, Any]
    intercept: float

    def predict(self, features: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return np.asarray(self.intercept + ((features - self.mean) / self.scale) @ self.weights)


def fit(sets: list[dict[str, Any]], names: tuple[str, ...], alpha: float) -> Model:
    """Ridge on the allowed sentences of ``sets`` (each set weighing the same in total)."""
    columns = [FEATURES.index(name) for name in names]
    xs, ys, ws = [], [], []
    for e in sets:
        ok = e["prepared"].allowed
        xs.append(e["features"][ok][:, columns])
        ys.append(e[TARGET][ok])
        ws.append(np.full(int(ok.sum()), 1.0 / max(int(ok.sum()), 1)))
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    w = w / w.sum()
    mean = w @ x
    scale = np.sqrt(w @ (x - mean) ** 2)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    intercept = float(w @ y)
    gram = (z * w[:, None]).T @ z + alpha / len(sets) * np.eye(len(columns))
    weights = np.linalg.solve(gram, (z * w[:, None]).T @ (y - intercept))
    return Model(names, mean, scale, weights, intercept)


@dataclass(frozen=True)
class Blend:
    """How the predicted score enters the greedy choice: the prior becomes
    ``max(prediction, FLOOR)^power`` (``times_position``: times the shipped position prior
    and quote factor); ``alone`` ranks by the prediction only (concept gain > 0 still
    required, so the repeats and the budget hold)."""

    power: float = 1.0
    times_position: bool = False
    alone: bool = False
    # With added > 0: the shipped prior kept, and the score added to the ranking, scaled so
    # that the best score is worth ``added`` times the best first step of the shipped one.
    added: float = 0.0


FLOOR = 0.01
BLENDS = {
    "prior = score^0.5": Blend(0.5),
    "prior = score": Blend(1.0),
    "prior = score^2": Blend(2.0),
    "prior = score^4": Blend(4.0),
    "position prior x score^0.5": Blend(0.5, times_position=True),
    "position prior x score": Blend(1.0, times_position=True),
    "position prior x score^2": Blend(2.0, times_position=True),
    "score alone": Blend(1.0, alone=True),
    "shipped + 0.25 x score": Blend(added=0.25),
    "shipped + 0.5 x score": Blend(added=0.5),
    "shipped + 1 x score": Blend(added=1.0),
    "shipped + 2 x score": Blend(added=2.0),
}
ALPHAS = (0.1, 1.0, 10.0, 100.0)


@dataclass(frozen=True)
class Setting:
    """One setting of the fit: the target, whether features are scaled within each set, the
    feature group, the ridge's alpha and the blend."""

    target: str
    within_set: bool
    group: str
    alpha: float
    blend: str


# Chosen on dev pooled (the best leave-one-set-out mean of `--target oracle`, features
# scaled within each set), written down before the held-out groups were scored.
CHOSEN = Setting("oracle", True, "no position", 0.1, "shipped + 1 x score")
ACCEPTANCE = (
    "Rule, fixed before the held-out run: adopt the learned score only if, on heldout pooled"
    " (34 sets), its mean ROUGE-2 minus the shipped digest's is above 0; whether its"
    " margin over the centroid baseline has a 95% interval above 0 (issue #15's bar) is"
    " reported whatever it shows."
)
HELDOUT_SPLITS = ["heldout", "heldout2", "heldout3"]
HELDOUT_GROUPS = {
    "heldout": ("heldout",),
    "heldout2": ("heldout2",),
    "heldout3": ("heldout3",),
    "heldout pooled": tuple(HELDOUT_SPLITS),
}


def learned_prior(entry: dict[str, Any], model: Model, blend: Blend) -> np.ndarray[Any, Any]:
    """The prior the greedy choice multiplies the concept gain with, for one set."""
    columns = [FEATURES.index(name) for name in model.names]
    score = np.maximum(model.predict(entry["features"][:, columns]), FLOOR) ** blend.power
    if blend.times_position:
        return score * entry["position_prior"]
    return score


def digest_text(entry: dict[str, Any], prior: np.ndarray[Any, Any], blend: Blend) -> str:
    p = entry["prepared"]
    extra = None
    if blend.added:
        incidence, weights, _ = coverage.concept_matrix(p.stems, p.article_of, p.counted)
        first = entry["position_prior"] * (incidence @ weights) / (weights.sum() or 1.0)
        first = first / np.maximum(p.words, 1)
        top = float(first[p.allowed].max()) if p.allowed.any() else 1.0
        extra = blend.added * top * prior / (float(prior[p.allowed].max()) or 1.0)
        prior = entry["position_prior"]
    chosen = choose(p, entry["budget"], BEFORE, prior=prior, gain_free=blend.alone, extra=extra)
    order = coverage.reading_order(chosen, p.position, p.article_of, p.rules)
    return " ".join(p.texts[i] for i in order)


def leave_one_set_out(
    sets: list[dict[str, Any]], names: tuple[str, ...], alpha: float
) -> dict[str, list[float]]:
    """Per blend, every set's ROUGE-2 with a model fitted on the other sets."""
    scores: dict[str, list[float]] = {blend: [] for blend in BLENDS}
    for k, entry in enumerate(sets):
        model = fit(sets[:k] + sets[k + 1 :], names, alpha)
        for name, blend in BLENDS.items():
            scores[name].append(
                rouge2(entry, digest_text(entry, learned_prior(entry, model, blend), blend))
            )
    return scores


def with_features(sets: list[dict[str, Any]], within_set: bool, labels: bool) -> None:
    """Adds each set's features (scaled within the set with ``within_set``), the shipped
    prior and, with ``labels``, the targets of the fit (which read the references)."""
    for entry in sets:
        p = entry["prepared"]
        entry["features"] = sentence_features(p)
        if within_set:
            entry["features"] = learned.scaled_within(entry["features"], p.allowed)
        quoted = np.array([any(m in t for m in QUOTE_MARKS) for t in p.texts])
        entry["position_prior"] = (
            1.0 + coverage.POSITION_WEIGHT * coverage.POSITION_DECAY ** p.index.astype(float)
        ) * np.where(quoted, coverage.QUOTE_FACTOR, 1.0)
        if labels:
            entry["targets"] = targets(entry)
            entry["oracle"] = oracle(entry)


def print_weights(model: Model) -> None:
    """The fitted ridge, and its weights with its own scaling folded in: the constants of
    ``digest_learned.py`` (WEIGHTS and INTERCEPT)."""
    print(f"intercept {model.intercept:.5f}")
    for name, m, s, w in zip(model.names, model.mean, model.scale, model.weights, strict=True):
        print(f"  {name:<20} mean {m:9.4f} scale {s:9.4f} weight {w:+.5f}")
    folded = model.weights / model.scale
    print("as digest_learned.py's constants:")
    for name, weight in zip(model.names, folded, strict=True):
        print(f'    "{name}": {weight:.6g},')
    print(f"INTERCEPT = {model.intercept - float(folded @ model.mean):.6g}")


def dev_table(target: str, within_set: bool) -> None:
    """Every setting by leave-one-set-out on dev pooled, and the best one refitted."""
    global TARGET
    TARGET = target
    sets = prepared_sets(DEV_POOLED)
    with_features(sets, within_set, labels=True)
    shipped = [rouge2(e, digest_text(e, e["position_prior"], Blend())) for e in sets]
    baseline = [rouge2(e, centroid(e["comparison"], e["budget"])) for e in sets]
    print(
        f"dev pooled ({len(sets)} sets): digest {np.mean(shipped):.3f},"
        f" centroid {np.mean(baseline):.3f},"
        f" oracle {np.mean([e['oracle_rouge2'] for e in sets]):.3f}"
    )
    # How much the features say, before any choice: the within-set rank correlation of the
    # leave-one-set-out prediction with the target, over allowed sentences.
    for group, names in GROUPS.items():
        rhos = []
        for k, entry in enumerate(sets):
            model = fit(sets[:k] + sets[k + 1 :], names, 10.0)
            ok = entry["prepared"].allowed
            columns = [FEATURES.index(name) for name in names]
            predicted = model.predict(entry["features"][:, columns])[ok]
            rhos.append(rank_correlation(predicted, entry[TARGET][ok]))
        print(f"{group:<22} rank correlation with {TARGET}: {np.nanmean(rhos):.3f}")
    for name in FEATURES:
        column = FEATURES.index(name)
        rhos = [
            rank_correlation(
                e["features"][e["prepared"].allowed, column], e[TARGET][e["prepared"].allowed]
            )
            for e in sets
        ]
        print(f"  {name:<20} {np.nanmean(rhos):+.3f}")
    best: tuple[float, str, float, str] | None = None
    for group, names in GROUPS.items():
        for alpha in ALPHAS:
            for blend, scores in leave_one_set_out(sets, names, alpha).items():
                mean, low, high = paired_bootstrap(np.subtract(scores, shipped).tolist())
                over = paired_bootstrap(np.subtract(scores, baseline).tolist())
                print(
                    f"{group:<22} alpha {alpha:<6} {blend:<28} {np.mean(scores):.3f}"
                    f"  vs digest {mean:+.3f} [{low:+.3f}, {high:+.3f}]"
                    f"  vs centroid {over[0]:+.3f} [{over[1]:+.3f}, {over[2]:+.3f}]",
                    flush=True,
                )
                if best is None or np.mean(scores) > best[0]:
                    best = (float(np.mean(scores)), group, alpha, blend)
    assert best is not None
    _, group, alpha, blend = best
    print(f"\nbest of this run: {group}, alpha {alpha}, {blend}")
    if (target, within_set) == (CHOSEN.target, CHOSEN.within_set):
        print(f"the chosen setting, {CHOSEN}, refitted on all {len(sets)} sets:")
        print_weights(fit(sets, GROUPS[CHOSEN.group], CHOSEN.alpha))


def rank_correlation(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> float:
    """Spearman's rho (nan when either side is constant)."""
    if len(a) < 2 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return float("nan")
    ranks_a = np.argsort(np.argsort(a)).astype(float)
    ranks_b = np.argsort(np.argsort(b)).astype(float)
    return float(np.corrcoef(ranks_a, ranks_b)[0, 1])


def heldout_check() -> None:
    """The one-shot check: :data:`CHOSEN`, fitted on dev pooled, on the held-out groups
    beside the shipped digest and the centroid baseline, with :data:`ACCEPTANCE`'s verdict."""
    global TARGET
    TARGET = CHOSEN.target
    dev = prepared_sets(DEV_POOLED)
    with_features(dev, CHOSEN.within_set, labels=True)
    model = fit(dev, GROUPS[CHOSEN.group], CHOSEN.alpha)
    blend = BLENDS[CHOSEN.blend]
    print(f"chosen: {CHOSEN}; fitted on dev pooled ({len(dev)} sets):")
    print_weights(model)
    held = prepared_sets(HELDOUT_SPLITS)
    with_features(held, CHOSEN.within_set, labels=False)
    by: dict[tuple[str, str], float] = {}
    for e in held:
        by[(e["name"], "learned")] = rouge2(
            e, digest_text(e, learned_prior(e, model, blend), blend)
        )
        by[(e["name"], "digest")] = rouge2(e, digest_text(e, e["position_prior"], Blend()))
        by[(e["name"], "centroid")] = rouge2(e, centroid(e["comparison"], e["budget"]))
    for group, splits in HELDOUT_GROUPS.items():
        names = sorted(e["name"] for e in held if e["split"] in splits)
        print(f"\n{group} ({len(names)} sets), ROUGE-2")
        for system in ("learned", "digest", "centroid"):
            print(f"  {system:<9} {np.mean([by[(n, system)] for n in names]):.3f}")
        for first, second in (
            ("learned", "digest"),
            ("learned", "centroid"),
            ("digest", "centroid"),
        ):
            mean, low, high = paired_bootstrap([by[(n, first)] - by[(n, second)] for n in names])
            print(f"  {first} - {second:<9} {mean:+.3f} [{low:+.3f}, {high:+.3f}]")
    names = sorted(e["name"] for e in held)
    gain = float(np.mean([by[(n, "learned")] - by[(n, "digest")] for n in names]))
    _, low, _ = paired_bootstrap([by[(n, "learned")] - by[(n, "centroid")] for n in names])
    print(f"\n{ACCEPTANCE}")
    print(
        f"learned - digest on heldout pooled {gain:+.4f}: "
        + ("ADOPT" if gain > 0 else "REJECT: the digest stays as it is")
        + f"; learned - centroid interval {'above' if low > 0 else 'not above'} 0"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--target",
        choices=["targets", "oracle"],
        default=CHOSEN.target,
        help="fit each sentence's ROUGE-2 precision (targets) or its oracle label",
    )
    parser.add_argument(
        "--pooled-scale",
        action="store_true",
        help="scale the features over all sets, not within each set",
    )
    parser.add_argument(
        "--heldout",
        action="store_true",
        help="score the chosen setting on the held-out groups (the one-shot check)",
    )
    args = parser.parse_args(argv)
    if args.heldout:
        heldout_check()
    else:
        dev_table(args.target, within_set=not args.pooled_scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
