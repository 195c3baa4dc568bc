"""Shared fixtures: the corpus built once per session into an embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from finkg.build import BuildReport, build, collect_paths
from finkg.store import EmbeddedStore

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_store(
    tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path
) -> Iterator[tuple[EmbeddedStore, BuildReport]]:
    folder = tmp_path_factory.mktemp("corpus-store")
    with EmbeddedStore(folder / "store") as store:
        report = build(collect_paths([corpus_dir]), store)
        yield store, report
