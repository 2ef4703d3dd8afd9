"""storylens against scikit-learn, NLTK and gensim on the same news-like corpus, in one run.

Every (task, tool) row runs in a subprocess of its own (this file with ``--worker``), so its
peak RSS is its own. A worker imports its tool, loads the cached corpus (see corpus.py),
records its RSS, then runs the task ``repeat`` times and keeps the best wall time; the peak
RSS is read before the output is checked. The parent prints a markdown table with MB/s, peak
RSS, the ratios against scikit-learn (or the peer that runs on the same slice) and a
PASS/MISS column against the product targets, and checks that the tools did the same work
(same matrix shape, non-zeros and structure, same tokens).

    python benches/bench_vectorizers.py                 # 50 MB, the full run
    python benches/bench_vectorizers.py --quick         # 5 MB smoke run
    python benches/bench_vectorizers.py --json out.json --only tfidf,hashing

See benches/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default

# Product targets: storylens (default n_jobs) against scikit-learn on the same bytes.
TARGETS = {
    "tfidf": 20.0,
    "count_stem": 15.0,
    "hashing": 20.0,
}


# =======================================================================================
# Worker side: the tasks


def _rss_now_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM).

    Not ``getrusage(RUSAGE_SELF).ru_maxrss``: Linux carries the maximum over into a process
    across ``execve``, so a worker started by fork+exec reports at least the RSS its parent
    had when it forked (see ``_maxrss_mb``, kept for comparison)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return _maxrss_mb()


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _system_cpu() -> tuple[float, float]:
    """Seconds of CPU the whole machine was busy, and stolen by the hypervisor (/proc/stat)."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle + iowait
    steal = fields[7] if len(fields) > 7 else 0
    return (sum(fields[:8]) - idle - steal) / tick, steal / tick


def _sha(parts: Any) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:16]


def matrix_signature(X: Any, terms: Any = None) -> dict[str, Any]:
    """Shape, non-zeros, a hash of the canonical (sorted-index) CSR structure and data sums."""
    import numpy as np
    import scipy.sparse as sp

    X = sp.csr_matrix(X).sorted_indices()
    data = X.data.astype(np.float64)
    signature: dict[str, Any] = {
        "shape": list(X.shape),
        "nnz": int(X.nnz),
        "structure": _sha(
            [X.indptr.astype(np.int64).tobytes(), X.indices.astype(np.int64).tobytes()]
        ),
        "data_sum": float(data.sum()),
        "data_abs_sum": float(np.abs(data).sum()),
    }
    if terms is not None:
        terms = list(terms)
        signature["n_terms"] = len(terms)
        signature["terms"] = _sha(terms)
    return signature


def tokens_signature(rows: list[list[str]]) -> dict[str, Any]:
    return {
        "documents": len(rows),
        "tokens": sum(len(row) for row in rows),
        "hash": _sha("\x1f".join(row) for row in rows),
    }


def gensim_signature(result: tuple[Any, int, list[list[tuple[int, float]]]]) -> dict[str, Any]:
    dictionary, bow_nnz, rows = result
    return {
        "documents": len(rows),
        "n_terms": len(dictionary),
        "terms": _sha(sorted(dictionary.token2id)),
        "nnz": bow_nnz,  # TfidfModel then drops the zero weights of terms in every document
        "nnz_tfidf": sum(len(row) for row in rows),
    }


@dataclass
class Task:
    run: Callable[[list[str]], Any]
    signature: Callable[[Any], dict[str, Any]]


def _fitted_matrix(make: Callable[[], Any]) -> Task:
    """fit_transform of a fresh vectorizer; the signature includes its vocabulary."""
    holder: dict[str, Any] = {}

    def run(docs: list[str]) -> Any:
        vectorizer = make()
        holder["vectorizer"] = vectorizer
        return vectorizer.fit_transform(docs)

    def signature(X: Any) -> dict[str, Any]:
        return matrix_signature(X, holder["vectorizer"].get_feature_names_out())

    return Task(run, signature)


def _build_task(task: str, tool: str, n_jobs: int | None) -> Task:
    if tool == "storylens":
        import storylens as sl

        if task == "tfidf":
            return _fitted_matrix(lambda: sl.TfidfVectorizer(n_jobs=n_jobs))
        if task == "count_stem":
            return _fitted_matrix(lambda: sl.CountVectorizer(stem="english", n_jobs=n_jobs))
        if task == "count":
            return _fitted_matrix(lambda: sl.CountVectorizer(n_jobs=n_jobs))
        if task == "hashing":
            return Task(
                lambda docs: sl.HashingVectorizer(n_jobs=n_jobs).transform(docs),
                matrix_signature,
            )
        if task == "tokenize":
            return Task(lambda docs: sl.Tokenizer(n_jobs=n_jobs).tokenize(docs), tokens_signature)
    elif tool == "sklearn":
        from sklearn.feature_extraction import text as sk

        if task == "tfidf":
            return _fitted_matrix(sk.TfidfVectorizer)
        if task == "count":
            return _fitted_matrix(sk.CountVectorizer)
        if task == "hashing":
            return Task(lambda docs: sk.HashingVectorizer().transform(docs), matrix_signature)
        if task == "tokenize":
            analyzer = sk.CountVectorizer().build_analyzer()
            return Task(lambda docs: [analyzer(doc) for doc in docs], tokens_signature)
    elif tool == "nltk":
        import re

        from nltk.stem.snowball import SnowballStemmer
        from nltk.tokenize import RegexpTokenizer

        if task == "count_stem":
            from sklearn.feature_extraction.text import CountVectorizer

            stem = SnowballStemmer("english").stem
            findall = re.compile(TOKEN_PATTERN).findall

            def stem_tokens(doc: str) -> list[str]:
                return [stem(token) for token in findall(doc)]

            # sklearn lower-cases before calling the tokenizer, as storylens does.
            return _fitted_matrix(
                lambda: CountVectorizer(tokenizer=stem_tokens, token_pattern=None)
            )
        if task == "tokenize":
            tokenizer = RegexpTokenizer(TOKEN_PATTERN)
            return Task(
                lambda docs: [tokenizer.tokenize(doc.lower()) for doc in docs], tokens_signature
            )
    elif tool == "gensim":
        if task == "tokenize":
            from gensim.utils import simple_preprocess

            return Task(lambda docs: [simple_preprocess(doc) for doc in docs], tokens_signature)
        if task == "tokenize_gensim_tokenize":
            from gensim.utils import tokenize

            return Task(
                lambda docs: [list(tokenize(doc, lowercase=True)) for doc in docs],
                tokens_signature,
            )
        if task == "tfidf":
            import re

            from gensim.corpora import Dictionary
            from gensim.models import TfidfModel

            findall = re.compile(TOKEN_PATTERN).findall

            def gensim_tfidf(docs: list[str]) -> Any:
                # scikit-learn's tokens, so the vocabulary and non-zeros match storylens'
                texts = [findall(doc.lower()) for doc in docs]
                dictionary = Dictionary(texts)
                bows = [dictionary.doc2bow(text) for text in texts]
                del texts
                model = TfidfModel(bows, id2word=dictionary)
                return dictionary, sum(map(len, bows)), [model[bow] for bow in bows]

            return Task(gensim_tfidf, gensim_signature)
    raise SystemExit(f"no task {task!r} for tool {tool!r}")


def worker(args: argparse.Namespace) -> None:
    task = _build_task(args.task, args.tool, args.n_jobs)  # imports the tool
    docs = corpus.load_corpus(args.size_mb, args.seed, limit_mb=args.slice_mb)
    n_bytes = corpus.corpus_bytes(docs)
    gc.collect()
    baseline = _rss_now_mb()
    peak_after_load = _peak_rss_mb()

    times: list[float] = []
    cpu: list[float] = []
    result: Any = None
    busy0, steal0 = _system_cpu()
    own0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(args.repeat):
        result = None  # free the previous output before the next run
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        result = task.run(docs)
        t1, c1 = time.perf_counter(), time.process_time()
        times.append(t1 - t0)
        cpu.append(c1 - c0)
    own, wall = time.process_time() - own0, time.perf_counter() - wall0
    busy1, steal1 = _system_cpu()
    peak = _peak_rss_mb()  # before the check, which makes copies
    maxrss = _maxrss_mb()
    # CPU that other processes used while this worker ran: the runs are only comparable
    # when this stays near zero (the machine is shared).
    others = max(0.0, (busy1 - busy0) - own)
    cpus = len(os.sched_getaffinity(0))
    signature = task.signature(result)
    best = min(range(len(times)), key=times.__getitem__)
    out = {
        "bytes": n_bytes,
        "documents": len(docs),
        "times": times,
        "cpu_times": cpu,
        "seconds": times[best],
        "cpu_seconds": cpu[best],
        "peak_rss_mb": peak,
        "ru_maxrss_mb": maxrss,
        "other_cpu_share": others / (wall * cpus) if wall > 0 else 0.0,
        "steal_seconds": steal1 - steal0,
        "baseline_rss_mb": baseline,
        "peak_after_load_mb": peak_after_load,
        "signature": signature,
    }
    Path(args.out).write_text(json.dumps(out))


# =======================================================================================
# Parent side: the plan, the runs and the report


@dataclass
class Spec:
    group: str  # rows of one group run on the same bytes and are compared
    task: str
    tool: str
    label: str
    repeat: int
    n_jobs: int | None = None
    slice_mb: float | None = None
    reference: bool = False  # the peer the group's storylens rows are compared with
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def key(self) -> str:
        jobs = "" if self.n_jobs is None else f"-j{self.n_jobs}"
        return f"{self.group}:{self.tool}:{self.task}{jobs}"


def plan(args: argparse.Namespace) -> list[Spec]:
    sl, peer = args.repeat, args.peer_repeat
    nltk_mb = min(args.nltk_slice_mb, args.size_mb)
    gensim_mb = min(args.gensim_slice_mb, args.size_mb)
    specs = [
        Spec("tfidf", "tfidf", "storylens", "storylens TfidfVectorizer().fit_transform", sl),
        Spec("tfidf", "tfidf", "storylens", "storylens TfidfVectorizer(n_jobs=1)", sl, 1),
        Spec(
            "tfidf",
            "tfidf",
            "sklearn",
            "sklearn TfidfVectorizer().fit_transform",
            peer,
            reference=True,
        ),
        Spec(
            "count_stem",
            "count_stem",
            "storylens",
            "storylens CountVectorizer(stem='english').fit_transform",
            sl,
        ),
        Spec(
            "count_stem",
            "count_stem",
            "storylens",
            "storylens CountVectorizer(stem='english', n_jobs=1)",
            sl,
            1,
        ),
        Spec("count_stem", "count", "storylens", "storylens CountVectorizer() (no stemming)", sl),
        Spec(
            "count_stem",
            "count",
            "sklearn",
            "sklearn CountVectorizer() (no stemming)",
            peer,
            reference=True,
        ),
        Spec(
            "count_stem_nltk",
            "count_stem",
            "storylens",
            "storylens CountVectorizer(stem='english')",
            sl,
            slice_mb=nltk_mb,
        ),
        Spec(
            "count_stem_nltk",
            "count_stem",
            "nltk",
            "sklearn CountVectorizer(tokenizer=NLTK SnowballStemmer)",
            args.slow_repeat,
            slice_mb=nltk_mb,
            reference=True,
        ),
        Spec("hashing", "hashing", "storylens", "storylens HashingVectorizer().transform", sl),
        Spec("hashing", "hashing", "storylens", "storylens HashingVectorizer(n_jobs=1)", sl, 1),
        Spec(
            "hashing",
            "hashing",
            "sklearn",
            "sklearn HashingVectorizer().transform",
            peer,
            reference=True,
        ),
        Spec("tokenize", "tokenize", "storylens", "storylens Tokenizer().tokenize", sl),
        Spec("tokenize", "tokenize", "storylens", "storylens Tokenizer(n_jobs=1)", sl, 1),
        Spec(
            "tokenize",
            "tokenize",
            "sklearn",
            "sklearn build_analyzer() per document",
            peer,
            reference=True,
        ),
        Spec("tokenize", "tokenize", "nltk", "nltk RegexpTokenizer(token_pattern)", peer),
        Spec("tokenize", "tokenize", "gensim", "gensim simple_preprocess", peer),
        Spec(
            "tokenize",
            "tokenize_gensim_tokenize",
            "gensim",
            "gensim utils.tokenize(lowercase=True)",
            peer,
        ),
        Spec(
            "tfidf_gensim",
            "tfidf",
            "storylens",
            "storylens TfidfVectorizer().fit_transform",
            sl,
            slice_mb=gensim_mb,
        ),
        Spec(
            "tfidf_gensim",
            "tfidf",
            "gensim",
            "gensim Dictionary + TfidfModel",
            args.slow_repeat,
            slice_mb=gensim_mb,
            reference=True,
        ),
    ]
    if args.only:
        wanted = set(args.only.split(","))
        specs = [s for s in specs if s.group in wanted]
    return specs


def run_spec(spec: Spec, args: argparse.Namespace, scratch: Path) -> None:
    out = scratch / f"{spec.key.replace(':', '_')}.json"
    command = [
        sys.executable, str(Path(__file__).resolve()), "--worker",
        "--task", spec.task, "--tool", spec.tool, "--size-mb", str(args.size_mb),
        "--seed", str(args.seed), "--repeat", str(spec.repeat), "--out", str(out),
    ]  # fmt: skip
    if spec.n_jobs is not None:
        command += ["--n-jobs", str(spec.n_jobs)]
    if spec.slice_mb is not None:
        command += ["--slice-mb", str(spec.slice_mb)]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0 or not out.exists():
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-15:]
        spec.error = f"exit {completed.returncode}: " + " | ".join(tail)
        return
    spec.result = json.loads(out.read_text())
    spec.result["wall_with_load"] = time.perf_counter() - started
    spec.result["load_average_before"] = load_before
    if completed.stderr.strip():
        spec.result["stderr"] = completed.stderr.strip()[-2000:]


class QuietWaiter:
    """Waits, within a time budget, for the other processes on the machine to go idle.

    The machine may be shared (a test suite, a build): a row timed while another process
    holds a core is not comparable. Before each row the parent waits for a one-second window
    in which the CPUs are less than 10% busy, and a row measured under load is run again."""

    THRESHOLD = 0.10

    def __init__(self, budget_s: float, log: Callable[[str], None]) -> None:
        self.budget = budget_s
        self.log = log
        self.waited = 0.0

    @staticmethod
    def busy_share(window_s: float = 1.0) -> float:
        busy0, _ = _system_cpu()
        time.sleep(window_s)
        busy1, _ = _system_cpu()
        return (busy1 - busy0) / (window_s * len(os.sched_getaffinity(0)))

    def wait(self) -> None:
        reported = False
        while self.waited < self.budget:
            share = self.busy_share()
            if share < self.THRESHOLD:
                return
            self.waited += 1.0
            if not reported:
                self.log(f"    machine busy ({share:.0%} of the CPUs), waiting for quiet ...")
                reported = True
        if reported:
            self.log("    wait budget spent; measuring anyway (see the others' CPU column)")


def run_measured(spec: Spec, args: argparse.Namespace, scratch: Path, waiter: QuietWaiter) -> None:
    """Runs a row; reruns it (up to --retries times) while others used the CPUs meanwhile."""
    kept: dict[str, Any] = {}
    for attempt in range(args.retries + 1):
        waiter.wait()
        spec.error, spec.result = None, {}
        run_spec(spec, args, scratch)
        if spec.error:
            return
        if not kept or spec.result["other_cpu_share"] < kept["other_cpu_share"]:
            kept = spec.result
        if (
            kept["other_cpu_share"] <= QuietWaiter.THRESHOLD
            or waiter.waited >= waiter.budget
            or attempt == args.retries
        ):
            break
        waiter.log(
            f"    others used {spec.result['other_cpu_share']:.0%} of the CPUs: "
            f"again ({attempt + 1}/{args.retries})"
        )
    spec.result = kept


# -- checks: did the tools do the same work? -----------------------------------------------


def _close(a: float, b: float, rtol: float = 1e-9) -> bool:
    return abs(a - b) <= rtol * max(abs(a), abs(b), 1.0)


def _same_matrix(a: dict[str, Any], b: dict[str, Any], values: bool = True) -> str | None:
    for key in ("shape", "nnz", "structure", "n_terms", "terms"):
        if key in a and key in b and a[key] != b[key]:
            return f"{key} {a[key]} != {b[key]}"
    if values and not _close(a["data_abs_sum"], b["data_abs_sum"]):
        return f"values: sum |x| {a['data_abs_sum']!r} != {b['data_abs_sum']!r}"
    return None


def check(spec: Spec, group: list[Spec]) -> str:
    """'ok', 'n/a ...' or what differs, comparing a row with the others of its group."""
    if spec.error or not spec.result:
        return "error"
    sig = spec.result["signature"]
    done = {s.key: s.result["signature"] for s in group if s.result}

    def find(tool: str, task: str, n_jobs: int | None = None) -> dict[str, Any] | None:
        for s in group:
            if s.tool == tool and s.task == task and s.n_jobs == n_jobs and s.result:
                return done[s.key]  # type: ignore[no-any-return]
        return None

    if spec.group in ("tfidf", "hashing"):
        ref = find("sklearn", spec.task)
        if ref is None or spec.tool == "sklearn":
            return "reference"
        problem = _same_matrix(sig, ref)
        return "ok: same matrix" if problem is None else f"DIFFERS: {problem}"
    if spec.group == "count_stem":
        ref = find("sklearn", "count")
        if ref is None or spec.tool == "sklearn":
            return "reference"
        if spec.task == "count":
            problem = _same_matrix(sig, ref)
            return "ok: same matrix" if problem is None else f"DIFFERS: {problem}"
        # stemmed: same documents and the same number of tokens, fewer distinct terms
        if sig["shape"][0] != ref["shape"][0] or not _close(sig["data_sum"], ref["data_sum"]):
            return (
                f"DIFFERS: tokens {sig['data_sum']:.0f} vs {ref['data_sum']:.0f}, "
                f"rows {sig['shape'][0]} vs {ref['shape'][0]}"
            )
        other = find("storylens", "count_stem", None if spec.n_jobs else 1)
        if other is not None and _same_matrix(sig, other) is not None:
            return f"DIFFERS with n_jobs: {_same_matrix(sig, other)}"
        return (
            f"ok: same {sig['data_sum']:.0f} tokens, {sig['n_terms']:,} stems "
            f"from {ref['n_terms']:,} terms"
        )
    if spec.group == "count_stem_nltk":
        ref = find("nltk", "count_stem")
        if ref is None or spec.tool == "nltk":
            return "reference"
        problem = _same_matrix(sig, ref)
        if problem is None:
            return "ok: same matrix as NLTK's stems"
        return f"DIFFERS from NLTK: {problem}"
    if spec.group == "tokenize":
        ref = find("sklearn", "tokenize")
        if spec.tool == "gensim":
            return f"n/a: own rules, {sig['tokens']:,} tokens"
        if ref is None or spec.tool == "sklearn":
            return f"reference, {sig['tokens']:,} tokens"
        if sig == ref:
            return "ok: same tokens"
        return f"DIFFERS: {sig['tokens']:,} tokens (hash {sig['hash']}) vs {ref['tokens']:,}"
    if spec.group == "tfidf_gensim":
        ref = find("gensim", "tfidf")
        if ref is None or spec.tool == "gensim":
            return f"reference, {sig['n_terms']:,} terms, nnz {sig['nnz']:,}"
        same = sig["n_terms"] == ref["n_terms"] and sig["nnz"] == ref["nnz"]
        if same and sig["terms"] == ref["terms"]:
            return "ok: same vocabulary and non-zeros (weights differ by design)"
        return (
            f"DIFFERS: terms {sig['n_terms']} vs {ref['n_terms']}, nnz {sig['nnz']} vs {ref['nnz']}"
        )
    return ""


# -- report ----------------------------------------------------------------------------------


def _mbps(spec: Spec) -> float:
    return float(spec.result["bytes"]) / corpus.MB / float(spec.result["seconds"])


def _fmt_ratio(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:.1f}x" if x >= 10 else f"{x:.2f}x"


def build_rows(specs: list[Spec]) -> list[dict[str, Any]]:
    groups: dict[str, list[Spec]] = {}
    for spec in specs:
        groups.setdefault(spec.group, []).append(spec)
    rows = []
    for spec in specs:
        group = groups[spec.group]
        ref = next((s for s in group if s.reference and s.result), None)
        row: dict[str, Any] = {
            "group": spec.group,
            "task": spec.task,
            "tool": spec.tool,
            "label": spec.label,
            "n_jobs": spec.n_jobs,
            "repeat": spec.repeat,
            "error": spec.error,
            "check": check(spec, group),
        }
        if spec.result:
            r = spec.result
            row.update(
                mb=r["bytes"] / corpus.MB,
                documents=r["documents"],
                seconds=r["seconds"],
                first_seconds=r["times"][0],
                cpu_seconds=r["cpu_seconds"],
                other_cpu_share=r["other_cpu_share"],
                times=r["times"],
                mb_per_s=_mbps(spec),
                peak_rss_mb=r["peak_rss_mb"],
                baseline_rss_mb=r["baseline_rss_mb"],
                delta_rss_mb=r["peak_rss_mb"] - r["baseline_rss_mb"],
                load_average_before=r["load_average_before"],
                signature=r["signature"],
            )
            if ref is not None and ref is not spec and spec.tool == "storylens":
                rr = ref.result
                row["reference"] = ref.label
                row["speed_ratio"] = rr["seconds"] / r["seconds"]
                row["peak_ratio"] = r["peak_rss_mb"] / rr["peak_rss_mb"]
                rd = rr["peak_rss_mb"] - rr["baseline_rss_mb"]
                row["delta_ratio"] = (r["peak_rss_mb"] - r["baseline_rss_mb"]) / rd if rd else None
                target = TARGETS.get(spec.group)
                if target is not None and spec.n_jobs is None and spec.task == spec.group:
                    row["target"] = f">= {target:g}x, peak <= 1.00x"
                    misses = []
                    if row["speed_ratio"] < target:
                        misses.append("speed")
                    if row["peak_ratio"] > 1.0:
                        misses.append("memory")
                    row["status"] = "PASS" if not misses else "MISS (" + ", ".join(misses) + ")"
        rows.append(row)
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    head = (
        "| task | tool | MB | best s | 1st s | CPU s | MB/s | peak RSS MB | peak - base MB "
        "| speed vs ref | peak RSS vs ref | Δ RSS vs ref | target | result | same work? "
        "| others' CPU |"
    )
    lines = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    for row in rows:
        if row.get("error"):
            lines.append(
                f"| {row['group']} | {row['label']} | | | | | | | | | | | | ERROR | "
                f"{row['error'][:300]} | |"
            )
            continue
        lines.append(
            "| {group} | {label} | {mb:.1f} | {seconds:.2f} | {first:.2f} | {cpu:.2f} | "
            "{mbps:.1f} | {peak:.0f} | {delta:.0f} | {speed} | {peakr} | {deltar} | {target} | "
            "{status} | {check} | {others:.0%} |".format(
                group=row["group"],
                label=row["label"],
                mb=row["mb"],
                seconds=row["seconds"],
                first=row["first_seconds"],
                cpu=row["cpu_seconds"],
                others=row["other_cpu_share"],
                mbps=row["mb_per_s"],
                peak=row["peak_rss_mb"],
                delta=row["delta_rss_mb"],
                speed=_fmt_ratio(row.get("speed_ratio")),
                peakr=_fmt_ratio(row.get("peak_ratio")),
                deltar=_fmt_ratio(row.get("delta_ratio")),
                target=row.get("target", ""),
                status=row.get("status", ""),
                check=row["check"],
            )
        )
    return "\n".join(lines)


def peer_table(rows: list[dict[str, Any]]) -> str:
    """storylens (default n_jobs) against every peer measured on the same bytes."""
    lines = [
        "| task | storylens row | peer | storylens speed vs peer | storylens peak RSS vs peer |",
        "|---|---|---|---|---|",
    ]
    for group in dict.fromkeys(r["group"] for r in rows):
        members = [r for r in rows if r["group"] == group and not r.get("error")]
        ours = [r for r in members if r["tool"] == "storylens" and r["n_jobs"] is None]
        peers = [r for r in members if r["tool"] != "storylens"]
        for mine in ours:
            for peer in peers:
                lines.append(
                    f"| {group} | {mine['label']} | {peer['label']} | "
                    f"{_fmt_ratio(peer['seconds'] / mine['seconds'])} | "
                    f"{_fmt_ratio(mine['peak_rss_mb'] / peer['peak_rss_mb'])} |"
                )
    return "\n".join(lines)


def environment() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)),
    }
    for name in ("storylens", "sklearn", "numpy", "scipy", "nltk", "gensim"):
        try:
            module = __import__(name)
            info[name] = getattr(module, "__version__", "?")
        except Exception as error:
            info[name] = f"unavailable: {error}"
    try:
        import storylens._core as core

        info["storylens_core"] = core.__file__
        info["storylens_core_sha256"] = hashlib.sha256(
            Path(core.__file__).read_bytes()
        ).hexdigest()[:16]
        info["storylens_core_mtime"] = time.strftime(
            "%Y-%m-%d %H:%M:%S", time.localtime(Path(core.__file__).stat().st_mtime)
        )
    except Exception as error:
        info["storylens_core"] = f"unavailable: {error}"
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=50.0, help="corpus size (default 50)")
    parser.add_argument("--quick", action="store_true", help="5 MB smoke run")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=3, help="runs of storylens rows (best)")
    parser.add_argument("--peer-repeat", type=int, default=2, help="runs of scikit-learn rows")
    parser.add_argument(
        "--slow-repeat", type=int, default=1, help="runs of the NLTK stemmer and gensim TF-IDF rows"
    )
    parser.add_argument(
        "--nltk-slice-mb",
        type=float,
        default=10.0,
        help="bytes the NLTK stemming rows run on (default 10)",
    )
    parser.add_argument(
        "--gensim-slice-mb",
        type=float,
        default=20.0,
        help="bytes the gensim TF-IDF rows run on (default 20)",
    )
    parser.add_argument(
        "--only",
        help="comma-separated groups: tfidf, count_stem, "
        "count_stem_nltk, hashing, tokenize, tfidf_gensim",
    )
    parser.add_argument("--json", help="save the results to this file")
    parser.add_argument(
        "--fail-on-miss", action="store_true", help="exit 2 when a target is missed"
    )
    parser.add_argument(
        "--quiet-budget",
        type=float,
        default=300.0,
        help="seconds the whole run may spend waiting for other processes to go idle "
        "(default 300; 0 measures at once)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=1,
        help="reruns of a row during which other processes used over 10%% of the CPUs",
    )
    # worker options
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--task", help=argparse.SUPPRESS)
    parser.add_argument("--tool", help=argparse.SUPPRESS)
    parser.add_argument("--n-jobs", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--slice-mb", type=float, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        worker(args)
        return 0
    if args.quick:
        args.size_mb = 5.0
        args.nltk_slice_mb = min(args.nltk_slice_mb, 1.0)
        args.gensim_slice_mb = min(args.gensim_slice_mb, 2.0)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    docs = corpus.load_corpus(args.size_mb, args.seed, log=log)
    info: dict[str, Any] = {
        "corpus": str(corpus.corpus_path(args.size_mb, args.seed)),
        "corpus_bytes": corpus.corpus_bytes(docs),
        "corpus_documents": len(docs),
        "corpus_sha256_16": corpus.digest(docs),
    }
    del docs
    env = environment()
    specs = plan(args)
    load_start = os.getloadavg()
    waiter = QuietWaiter(args.quiet_budget, log)
    with tempfile.TemporaryDirectory(prefix="storylens-bench-") as scratch:
        for i, spec in enumerate(specs, 1):
            log(f"[{i}/{len(specs)}] {spec.group}: {spec.label} ...")
            run_measured(spec, args, Path(scratch), waiter)
            if spec.error:
                log(f"    ERROR {spec.error}")
            else:
                r = spec.result
                log(
                    f"    {r['seconds']:.2f} s best of {r['times']}, "
                    f"{r['bytes'] / corpus.MB / r['seconds']:.1f} MB/s, "
                    f"peak {r['peak_rss_mb']:.0f} MB"
                )
    load_end = os.getloadavg()
    total = time.perf_counter() - started
    rows = build_rows(specs)

    print(
        f"## storylens benchmark: {info['corpus_bytes'] / corpus.MB:.1f} MB, "
        f"{info['corpus_documents']:,} documents (corpus {info['corpus_sha256_16']})\n"
    )
    print(
        f"storylens {env.get('storylens')} (core {env.get('storylens_core_sha256')}, built "
        f"{env.get('storylens_core_mtime')}), scikit-learn {env.get('sklearn')}, "
        f"nltk {env.get('nltk')}, gensim {env.get('gensim')}, numpy {env.get('numpy')}, "
        f"Python {env['python']}; {env['affinity']} CPUs; load average "
        f"{load_start[0]:.2f} before, {load_end[0]:.2f} after; {total:.0f} s in all, "
        f"{waiter.waited:.0f} s of it waiting for other processes to go idle.\n"
    )
    print(markdown(rows))
    print()
    print(peer_table(rows))
    print()
    print(
        "ref: scikit-learn on the same bytes (the NLTK row for count_stem_nltk, the gensim row "
        "for tfidf_gensim). speed = ref best s / row best s; peak RSS = row peak / ref peak "
        "(VmHWM of the worker process); Δ RSS = (peak - RSS after loading the corpus) ratio; "
        "CPU s = process CPU time of the best run (all threads); others' CPU = share of the "
        "machine other processes used during the row's runs; MB = 10^6 bytes of UTF-8."
    )
    noisy = [r for r in rows if r.get("other_cpu_share", 0) > 0.1]
    if noisy:
        print(
            f"\nWARNING: other processes used more than 10% of the CPUs during {len(noisy)} "
            "row(s); their timings are not reliable. Rerun on a quiet machine."
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "args": {k: v for k, v in vars(args).items() if v is not None},
                    "environment": env,
                    "corpus": info,
                    "load_average": {"start": load_start, "end": load_end},
                    "total_seconds": total,
                    "waited_for_quiet_seconds": waiter.waited,
                    "rows": rows,
                    "specs": [asdict(s) for s in specs],
                },
                indent=1,
            )
        )
    failed = [r for r in rows if r.get("error") or str(r["check"]).startswith("DIFFERS")]
    if failed:
        return 1  # a crash or different results: the comparison itself is void
    missed = [r for r in rows if str(r.get("status", "")).startswith("MISS")]
    return 2 if missed and args.fail_on_miss else 0


if __name__ == "__main__":
    sys.exit(main())
