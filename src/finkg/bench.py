"""The benchmark: build, validate and query synthetic corpora of growing size, against floors.

``python -m finkg.bench --docs 1000,10000 --out build/bench.json`` writes a corpus with
:mod:`finkg.corpus_generator` and, for each size, in one run:

- builds it with :func:`finkg.build.build` into a fresh on-disk store, once on one process and
  once on all cores (documents per second, MB of text per second, triples per second, peak
  RSS: the writing process plus, for a parallel build, its largest worker times the workers);
  the run's main figures are those of the all-cores build, ``single_process`` has the others;
- bulk-loads the same quads (an N-Quads dump of the store) into a fresh pyoxigraph store as the
  floor, and reports finkg's time writing to its store over the floor's
  (``load_ratio_vs_pyoxigraph``) and its whole build time over the floor's;
- times :func:`finkg.validate.validate_store` on the whole store (capped);
- times every packaged query, found at run time (median of 5 runs), on the store; a query that
  cannot run without parameters is listed in ``queries_skipped``; queries that declare no
  parameters also run on the same data in an in-memory rdflib ``Dataset`` (capped; null when
  a run does not finish in the cap).

Each step runs in its own subprocess, so peak RSS is per size and a query that runs away in time
or memory is killed and recorded as null instead of taking the machine down.

>>> sorted(parse_sizes("100, 10"))
[10, 100]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

__all__ = ["BenchOptions", "main", "parse_sizes", "run_benchmark"]

_MB = 1_000_000
_SOURCE = 'see finkg.bench: one subprocess per step; "mb" is 10**6 bytes'


class BenchOptions:
    """What to measure and the caps that keep a run bounded.

    Args:
        seed: seed of the synthetic corpus.
        runs: runs per query (the median is reported).
        query_cap_s: a query run that takes longer is abandoned (its result is null).
        validate_cap_s: a validation that takes longer is abandoned (null).
        memory_mb: address-space limit of each query and validation subprocess.
        rdflib_max_triples: stores larger than this are not copied into rdflib (null).
        jobs: worker processes of the main build (0: all cores); a second build on one
            process is measured too when this is above one.
        single_max_docs: the one-process build is measured only up to this many documents
            (it takes as long as all the rest of a large run).

    >>> BenchOptions().runs
    5
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        runs: int = 5,
        query_cap_s: float = 20.0,
        validate_cap_s: float = 300.0,
        memory_mb: int = 4096,
        rdflib_max_triples: int = 2_000_000,
        jobs: int = 0,
        single_max_docs: int = 1000,
    ) -> None:
        self.seed = seed
        self.single_max_docs = single_max_docs
        self.runs = runs
        self.query_cap_s = query_cap_s
        self.validate_cap_s = validate_cap_s
        self.memory_mb = memory_mb
        self.rdflib_max_triples = rdflib_max_triples
        from finkg.build import default_jobs

        self.jobs = jobs or default_jobs()


def parse_sizes(text: str) -> list[int]:
    """Read ``"1000,10000"`` into sorted, distinct, positive sizes.

    >>> parse_sizes("10000,1000,1000")
    [1000, 10000]
    """
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise ValueError(f"--docs wants positive document counts, got {text!r}")
    return sizes


# -- subprocess steps ------------------------------------------------------------------------------


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    scale = 1 if sys.platform == "darwin" else 1024
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / _MB, 1)


def _step_build(job: dict[str, Any]) -> dict[str, Any]:
    from finkg.build import build
    from finkg.store import EmbeddedStore

    paths = [Path(line) for line in Path(job["paths"]).read_text().splitlines() if line]
    store_dir = Path(job["store"])
    start = time.perf_counter()
    with EmbeddedStore(store_dir) as store:
        report = build(paths, store, jobs=job["jobs"])
    build_s = time.perf_counter() - start
    peak = _peak_rss_mb()
    # ru_maxrss of children is the largest worker's: count it once per worker (an upper bound)
    scale = 1 if sys.platform == "darwin" else 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / _MB
    answer = {
        "build_s": build_s,
        "write_s": report.write_s,
        "peak_rss_mb": round(peak + (worker * job["jobs"] if job["jobs"] > 1 else 0), 1),
        "observations": report.observations,
        "failed": len(report.failed),
    }
    if job.get("dump"):
        with EmbeddedStore(store_dir) as store, Path(job["dump"]).open("wb") as out:
            answer["quads"] = store.dump(out, "nq")
    return answer


def _step_floor(job: dict[str, Any]) -> dict[str, Any]:
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(job["store"])
    store.bulk_load(path=job["dump"], format=ox.RdfFormat.N_QUADS)
    store.flush()
    return {"floor_s": time.perf_counter() - start, "quads": len(store)}


def _step_validate(job: dict[str, Any]) -> dict[str, Any]:
    from finkg.store import EmbeddedStore
    from finkg.validate import validate_store

    with EmbeddedStore(Path(job["store"])) as store:
        start = time.perf_counter()
        result = validate_store(store)
        seconds = time.perf_counter() - start
    return {
        "validate_s": seconds,
        "graphs": result.graphs,
        "violations": len(result.violations),
        "conflicts": len(result.conflicts),
    }


def _step_queries(job: dict[str, Any]) -> dict[str, Any]:
    """Time each query in turn, printing one JSON line per query as soon as it is done."""
    from finkg.query import run_query
    from finkg.store import EmbeddedStore

    with EmbeddedStore(Path(job["store"])) as store:
        for name in job["queries"]:
            times: list[float] = []
            rows = 0
            try:
                for _ in range(job["runs"]):
                    start = time.perf_counter()
                    rows = len(run_query(store, name, {}).rows)
                    times.append((time.perf_counter() - start) * 1000)
            except Exception as error:  # a query that needs parameters: recorded, not timed
                print(json.dumps({"query": name, "error": str(error)[:200]}), flush=True)
                continue
            print(json.dumps({"query": name, "ms": times, "rows": rows}), flush=True)
    return {"done": True}


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Timeout


def _step_rdflib(job: dict[str, Any]) -> dict[str, Any]:
    from rdflib import Dataset

    from finkg.resources import query_text

    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(job["dump"], format="nquads")
    load_s = time.perf_counter() - start
    signal.signal(signal.SIGALRM, _alarm)
    results: dict[str, Any] = {}
    for name in job["queries"]:
        text = query_text(name)
        times: list[float] = []
        timed_out = False
        for _ in range(job["runs"]):
            signal.setitimer(signal.ITIMER_REAL, job["cap_s"])
            try:
                start = time.perf_counter()
                list(dataset.query(text))
                times.append((time.perf_counter() - start) * 1000)
            except _Timeout:
                timed_out = True
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if times[-1] > 2000:  # slow: one run tells enough, and the others would take long
                break
        results[name] = None if timed_out else times
    return {"load_s": load_s, "queries": results}


_STEPS = {
    "build": _step_build,
    "floor": _step_floor,
    "validate": _step_validate,
    "queries": _step_queries,
    "rdflib": _step_rdflib,
}


def _run_step(
    step: str, job: dict[str, Any], *, timeout: float | None = None, memory_mb: int | None = None
) -> tuple[dict[str, Any] | None, str]:
    """Run one step in a fresh interpreter; its answer, or None and why it gave none."""
    command = [sys.executable, "-m", "finkg.bench", "--step", step, "--job", json.dumps(job)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=(lambda: _limit_memory(memory_mb)) if memory_mb else None,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"over the {timeout:.0f} s cap"
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"exit {done.returncode}: {tail[:200]}"
    answer: dict[str, Any] = json.loads(lines[-1])
    return answer, ""


def _time_queries(
    store: Path, queries: list[str], options: BenchOptions
) -> dict[str, tuple[dict[str, Any] | None, str]]:
    """Time the queries in one subprocess; one that overruns its cap or its memory is recorded
    as None and the others continue in a fresh subprocess."""
    results: dict[str, tuple[dict[str, Any] | None, str]] = {}
    pending = list(queries)
    cap = options.query_cap_s * options.runs + 10
    while pending:
        job = {"store": str(store), "queries": pending, "runs": options.runs}
        command = [sys.executable, "-m", "finkg.bench", "--step", "queries", "--job"]
        process = subprocess.Popen(
            [*command, json.dumps(job)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: _limit_memory(options.memory_mb),
        )
        assert process.stdout is not None
        while pending:
            ready, _, _ = select.select([process.stdout], [], [], cap)
            line = process.stdout.readline() if ready else ""
            if not line:
                why = f"over the {cap:.0f} s cap" if not ready else "the query process died"
                process.kill()
                process.wait()
                if ready and process.returncode not in (None, 0):
                    why = f"exit {process.returncode} (memory limit {options.memory_mb} MB?)"
                results[pending.pop(0)] = (None, why)
                break
            answer = json.loads(line)
            if "query" not in answer:
                continue
            results[answer["query"]] = (answer, "")
            pending.remove(answer["query"])
        else:
            process.kill()
            process.wait()
    return results


# -- one size ------------------------------------------------------------------------------------


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _median_or_none(times: list[float] | None) -> float | None:
    return round(statistics.median(times), 3) if times else None


def _has_parameters(name: str) -> bool:
    from finkg.resources import query_text

    return "# param " in query_text(name)


def _build_figures(built: dict[str, Any], docs: int, text_bytes: int, quads: int) -> dict[str, Any]:
    build_s = built["build_s"]
    return {
        "build_s": round(build_s, 3),
        "write_s": round(built["write_s"], 3),
        "docs_per_s": round(docs / build_s, 2),
        "mb_per_s": round(text_bytes / _MB / build_s, 4),
        "triples_per_s": round(quads / build_s, 1),
        "peak_rss_mb": built["peak_rss_mb"],
    }


def _bench_size(
    paths: Sequence[Path], work: Path, options: BenchOptions, queries: list[str]
) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    listing = work / "paths.txt"
    listing.write_text("\n".join(str(path) for path in paths) + "\n")
    store, dump, floor = work / "store", work / "store.nq", work / "floor"
    text_bytes = sum(path.stat().st_size for path in paths)
    docs = len(paths)
    built, why = _run_step(
        "build",
        {"paths": str(listing), "store": str(store), "dump": str(dump), "jobs": options.jobs},
    )
    if built is None:
        raise RuntimeError(f"the build of {docs} documents failed: {why}")
    single: dict[str, Any] | None = None
    if options.jobs > 1 and docs <= options.single_max_docs:
        one, why = _run_step(
            "build", {"paths": str(listing), "store": str(work / "one"), "jobs": 1}
        )
        if one is None:
            raise RuntimeError(f"the one-process build of {docs} documents failed: {why}")
        shutil.rmtree(work / "one", ignore_errors=True)
        single = _build_figures(one, docs, text_bytes, built["quads"])
    floored, why = _run_step("floor", {"store": str(floor), "dump": str(dump)})
    if floored is None:
        raise RuntimeError(f"the pyoxigraph bulk load failed: {why}")
    validated, validate_note = _run_step(
        "validate",
        {"store": str(store)},
        timeout=options.validate_cap_s,
        memory_mb=options.memory_mb,
    )
    per_query: dict[str, dict[str, Any]] = {
        name: {"finkg_p50_ms": None, "rows": None, "finkg_note": "", "rdflib_p50_ms": None}
        for name in queries
    }
    skipped: dict[str, str] = {}
    for name, (answer, note) in _time_queries(store, queries, options).items():
        if answer is not None and "error" in answer:
            skipped[name] = answer["error"]
            del per_query[name]
            continue
        per_query[name].update(
            finkg_p50_ms=_median_or_none(answer["ms"] if answer else None),
            rows=answer["rows"] if answer else None,
            finkg_note=note,
        )
    plain = [name for name in per_query if not _has_parameters(name)]
    rdflib_note = ""
    rdflib_load_s: float | None = None
    if built["quads"] <= options.rdflib_max_triples:
        answer, rdflib_note = _run_step(
            "rdflib",
            {"dump": str(dump), "queries": plain, "runs": options.runs,
             "cap_s": options.query_cap_s},
            timeout=600 + options.query_cap_s * options.runs * len(plain),
            memory_mb=max(options.memory_mb, 8192),
        )  # fmt: skip
        if answer is not None:
            rdflib_load_s = round(answer["load_s"], 3)
            for name, times in answer["queries"].items():
                per_query[name]["rdflib_p50_ms"] = _median_or_none(times)
    else:
        rdflib_note = f"not loaded: over {options.rdflib_max_triples} quads"
    finkg_p50 = [q["finkg_p50_ms"] for q in per_query.values()]
    capped = sorted(name for name, q in per_query.items() if q["finkg_p50_ms"] is None)
    ratios = [
        q["finkg_p50_ms"] / q["rdflib_p50_ms"]
        for q in per_query.values()
        if q["finkg_p50_ms"] is not None and q["rdflib_p50_ms"]
    ]
    store_bytes = _folder_bytes(store)
    shutil.rmtree(floor, ignore_errors=True)
    dump.unlink(missing_ok=True)
    main = _build_figures(built, docs, text_bytes, built["quads"])
    slowest = max(per_query, key=lambda n: per_query[n]["finkg_p50_ms"] or 0, default=None)
    return {
        "docs": docs,
        "jobs": options.jobs,
        **main,
        "text_mb": round(text_bytes / _MB, 3),
        "triples": built["quads"],
        "observations": built["observations"],
        "failed_docs": built["failed"],
        "floor_s": round(floored["floor_s"], 3),
        # finkg's own loading (its writes to the store) over pyoxigraph's bulk load of the quads
        "load_ratio_vs_pyoxigraph": round(built["write_s"] / floored["floor_s"], 2),
        "build_ratio_vs_pyoxigraph": round(built["build_s"] / floored["floor_s"], 1),
        # null when not measured (above --single-max documents)
        "single_process": single if single is not None or options.jobs > 1 else {**main},
        "validate_s": round(validated["validate_s"], 3) if validated else None,
        "validate_note": validate_note,
        "violations": validated["violations"] if validated else None,
        "conflicts": validated["conflicts"] if validated else None,
        # both are null when a query did not finish in finkg: the true maximum is unknown
        "query_p50_ms_max": None if capped else max(finkg_p50, default=None),
        "query_slowest": slowest,
        "query_ratio_vs_rdflib": round(max(ratios), 4) if ratios and not capped else None,
        "queries_capped": capped,
        "queries_skipped": skipped,
        "rdflib_load_s": rdflib_load_s,
        "rdflib_note": rdflib_note,
        "queries": per_query,
        "store_mb": round(store_bytes / _MB, 2),
    }


def _machine() -> dict[str, Any]:
    import pyoxigraph
    import rdflib

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cpu_count": os.cpu_count(),
        "memory_mb": round(memory / _MB),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "pyoxigraph": getattr(pyoxigraph, "__version__", "?"),
        "rdflib": rdflib.__version__,
    }


def run_benchmark(
    sizes: Sequence[int], work: Path, options: BenchOptions | None = None
) -> dict[str, Any]:
    """Generate the largest corpus once, then measure each size on its first documents.

    Args:
        sizes: document counts, smallest first.
        work: a scratch folder for the corpus and the stores.
        options: seeds and caps (defaults: :class:`BenchOptions`).

    Returns:
        The report written to ``bench.json``: ``machine``, ``runs`` and ``cost_per_doc_ratio``.

    >>> import tempfile
    >>> work = Path(tempfile.mkdtemp())
    >>> report = run_benchmark([1], work, BenchOptions(runs=1))  # doctest: +SKIP
    """
    from finkg.corpus_generator import generate_corpus
    from finkg.resources import query_names

    options = options or BenchOptions()
    start = time.perf_counter()
    paths = generate_corpus(work / "docs", max(sizes), seed=options.seed)
    generate_s = time.perf_counter() - start
    queries = query_names()
    runs = [_bench_size(paths[:size], work / f"n{size}", options, queries) for size in sizes]
    first, last = runs[0], runs[-1]
    ratio = (last["build_s"] / last["docs"]) / (first["build_s"] / first["docs"])
    return {
        "machine": _machine(),
        "processes": options.jobs,
        "note": "main figures: build on all cores; single_process: one process. " + _SOURCE,
        "seed": options.seed,
        "generate_s": round(generate_s, 3),
        "query_cap_s": options.query_cap_s,
        "validate_cap_s": options.validate_cap_s,
        "query_runs": options.runs,
        "runs": runs,
        "cost_per_doc_ratio": round(ratio, 3),
    }


def _cell(value: object) -> str:
    return "-" if value is None else str(value)


def _print_table(report: dict[str, Any]) -> None:
    columns = (
        "docs", "build_s", "docs_per_s", "mb_per_s", "triples_per_s", "load_ratio_vs_pyoxigraph",
        "peak_rss_mb", "validate_s", "query_p50_ms_max", "query_ratio_vs_rdflib", "store_mb",
    )  # fmt: skip
    rows = [[_cell(run[column]) for column in columns] for run in report["runs"]]
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
    print("  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        print("  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)))
    print(f"cost_per_doc_ratio {report['cost_per_doc_ratio']} (processes: {report['processes']})")
    for run in report["runs"]:
        one = run["single_process"]
        alone = (
            f"{one['build_s']} s, {one['docs_per_s']} docs/s, peak {one['peak_rss_mb']} MB"
            if one
            else "not measured"
        )
        print(
            f"  {run['docs']:>6} docs, one process: {alone}; slowest query: {run['query_slowest']}"
        )
        for name, why in run["queries_skipped"].items():
            print(f"  {run['docs']:>6} {name:<16} skipped: {why}")
    for run in report["runs"]:
        for name, query in run["queries"].items():
            print(
                f"  {run['docs']:>6} {name:<16} finkg {_cell(query['finkg_p50_ms']):>10} ms"
                f"  rdflib {_cell(query['rdflib_p50_ms']):>10} ms  {query['finkg_note']}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from the command line; return the exit code.

    >>> main(["--docs", "0"])  # doctest: +SKIP
    2
    """
    parser = argparse.ArgumentParser(prog="python -m finkg.bench", description=__doc__)
    parser.add_argument("--docs", default="1000,10000", help="sizes, comma-separated")
    parser.add_argument("--out", type=Path, default=Path("build/bench.json"))
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query-cap", type=float, default=20.0, help="seconds per query run")
    parser.add_argument("--validate-cap", type=float, default=300.0, help="seconds")
    parser.add_argument("--memory-mb", type=int, default=4096, help="per query/validate step")
    parser.add_argument("--jobs", type=int, default=0, help="build workers (0: all cores)")
    parser.add_argument(
        "--single-max",
        type=int,
        default=1000,
        help="measure the one-process build only up to this many documents",
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(_STEPS[args.step](json.loads(args.job))), flush=True)
        return 0
    try:
        sizes = parse_sizes(args.docs)
    except ValueError as error:
        parser.error(str(error))
    options = BenchOptions(
        seed=args.seed,
        runs=args.runs,
        query_cap_s=args.query_cap,
        validate_cap_s=args.validate_cap,
        memory_mb=args.memory_mb,
        jobs=args.jobs,
        single_max_docs=args.single_max,
    )
    scratch = args.work or Path(tempfile.mkdtemp(prefix="finkg-bench-"))
    try:
        report = run_benchmark(sizes, scratch, options)
    finally:
        if args.work is None:
            shutil.rmtree(scratch, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _print_table(report)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
