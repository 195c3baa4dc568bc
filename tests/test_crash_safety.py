"""A build killed with SIGKILL half-way leaves a readable, valid store of complete documents.

`finkg build` runs as a subprocess on a generated corpus; once a first batch of documents is on
disk it is killed. Every document graph then in the store must be exactly the graph of that
document built alone, the store must validate as a clean build of the same documents does, and
running the build again must load the rest.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rdflib.compare import isomorphic

from finkg.build import build, collect_paths, read_for_build
from finkg.corpus_generator import generate_corpus
from finkg.graph import ONTOLOGY_GRAPH, graph_iri
from finkg.store import EmbeddedStore
from finkg.validate import validate_store

DOCUMENTS = 200
FINKG = Path(sys.executable).with_name("finkg")


def _kill_mid_way(docs: Path, store: Path) -> None:
    """Start the build and SIGKILL it once documents have been written, before it ends."""
    process = subprocess.Popen(
        [str(FINKG), "build", str(docs), "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    try:
        while not (store / "CURRENT").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        created = len(list(store.glob("*.sst")))  # written when the store is created
        # documents reach the store as bulk-ingested index files (one per index): wait for them
        while len(list(store.glob("*.sst"))) < created + 5 and time.monotonic() < deadline:
            assert process.poll() is None, "the build ended before it could be killed"
            time.sleep(0.05)
        time.sleep(0.5)  # into the next batch
        assert process.poll() is None, "the build ended before it could be killed"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL


def test_a_killed_build_keeps_finished_documents_whole(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    paths = generate_corpus(docs, DOCUMENTS, seed=3)
    store_dir = tmp_path / "store"
    _kill_mid_way(docs, store_dir)

    by_graph = {str(graph_iri(path.name)): path for path in paths}
    with EmbeddedStore(store_dir) as store:  # readable
        names = [str(name) for name in store.graphs()]
        loaded = [name for name in names if name != str(ONTOLOGY_GRAPH)]
        assert set(loaded) <= set(by_graph), "only document graphs (no staging leftovers)"
        assert 0 < len(loaded) < DOCUMENTS, len(loaded)
        total = 0
        for name in loaded:
            graph = graph_iri(by_graph[name].name)
            with EmbeddedStore(None) as alone:  # the document built alone, in memory
                alone.replace_graphs([(graph, read_for_build(by_graph[name]).ntriples)])
                expected = alone.graph(graph)
            stored = store.graph(graph)
            assert isomorphic(stored, expected), name  # complete, nothing extra
            total += len(stored)
        total += len(store.graph(ONTOLOGY_GRAPH))
        assert store.triple_count() == total  # nothing of the interrupted batch anywhere
        # it validates as the same documents built without interruption do
        with EmbeddedStore(tmp_path / "clean") as clean:
            build([by_graph[name] for name in loaded], clean, jobs=0)
            assert sorted(map(str, validate_store(store).violations)) == sorted(
                map(str, validate_store(clean).violations)
            )

        report = build(collect_paths([docs]), store, jobs=0)  # the build again completes it
        expected_statuses = {
            path.name: "unchanged" if str(graph_iri(path.name)) in loaded else "loaded"
            for path in paths
        }
        assert {doc.file: doc.status for doc in report.documents} == expected_statuses
        assert sorted(str(name) for name in store.graphs()) == sorted(
            [*by_graph, str(ONTOLOGY_GRAPH)]
        )
