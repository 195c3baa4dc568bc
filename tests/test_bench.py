"""The synthetic corpus generator and the benchmark's command line, on tiny sizes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from finkg.loaders.document import read_document

from finkg.corpus_generator import generate_corpus

RUN_KEYS = (
    "docs", "build_s", "docs_per_s", "mb_per_s", "triples", "triples_per_s",
    "load_ratio_vs_pyoxigraph", "peak_rss_mb", "validate_s", "query_p50_ms_max",
    "query_ratio_vs_rdflib", "store_mb",
)  # fmt: skip


def _texts(paths: list[Path]) -> list[tuple[str, str]]:
    return [(path.name, path.read_text(encoding="utf-8")) for path in paths]


def test_generator_is_deterministic_per_seed(tmp_path: Path) -> None:
    first = _texts(generate_corpus(tmp_path / "a", 5, seed=3))
    again = _texts(generate_corpus(tmp_path / "b", 5, seed=3))
    other = _texts(generate_corpus(tmp_path / "c", 5, seed=4))
    assert first == again
    assert [text for _, text in first] != [text for _, text in other]
    # a bigger corpus starts with the same documents
    assert _texts(generate_corpus(tmp_path / "d", 6, seed=3))[:5] == first


def test_generated_documents_go_through_the_loaders(tmp_path: Path) -> None:
    paths = generate_corpus(tmp_path, 5, seed=11)
    kinds = {path.stem.rsplit("_", 1)[-1] for path in paths}
    assert kinds == {"release", "presentation"}
    for path in paths:
        facts = read_document(path)
        assert facts.info.issuer, path.name
        assert facts.info.calendar_stated, path.name
        assert facts.observations, path.name
        assert not [d for d in facts.diagnostics if d.severity == "error"], path.name


def test_segments_add_up_to_total_revenues(tmp_path: Path) -> None:
    (path,) = generate_corpus(tmp_path, 1, seed=5)  # a press release: three quarters in a table
    facts = read_document(path)
    table = [o for o in facts.observations if o.metric == "Revenues" and o.decimals == -3]
    totals = {o.period: o.value for o in table if o.segment is None}
    assert len(totals) == 3
    for period, total in totals.items():
        parts = [o.value for o in table if o.segment is not None and o.period == period]
        assert len(parts) == 3 and sum(parts) == total, period


def test_bench_writes_its_report(tmp_path: Path) -> None:
    out = tmp_path / "tmp" / "bench.json"
    command = [sys.executable, "-m", "finkg.bench", "--docs", "1,2", "--runs", "1"]
    command += ["--query-cap", "2", "--jobs", "2", "--single-max", "1", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    assert report["processes"] == 2
    assert {"cpu_count", "python", "platform"} <= set(report["machine"])
    assert isinstance(report["cost_per_doc_ratio"], float)
    assert [run["docs"] for run in report["runs"]] == [1, 2]
    for run in report["runs"]:
        for key in RUN_KEYS:
            assert isinstance(run[key], int | float), (key, run[key])
        if run["docs"] > 1:  # above --single-max: the one-process build is not measured
            assert run["single_process"] is None
        else:
            for key in ("build_s", "docs_per_s", "mb_per_s", "triples_per_s", "peak_rss_mb"):
                assert isinstance(run["single_process"][key], int | float), (key, run)
        timed = set(run["queries"])
        assert {"facts", "conflicts", "stats"} <= timed  # found at run time
        assert not timed & set(run["queries_skipped"])
        assert all(isinstance(q["finkg_p50_ms"], float) for q in run["queries"].values()), run
    assert "cost_per_doc_ratio" in done.stdout and "one process" in done.stdout
