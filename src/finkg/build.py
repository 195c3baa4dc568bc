"""The pipeline: files -> loaders -> graph -> store, one named graph per document, with a report.

A document that cannot be read is reported and skipped; the others are loaded. A document whose
sha256 matches the stored one is skipped without being read. Documents are independent: with
``jobs`` above one, worker processes read them and hand back each document's graph as N-Triples;
only this process writes to the store, in path order, so the store is the same whatever
``jobs`` is. Documents are written in batches; each document's graph is written atomically, so
a crash leaves every document either as it was or fully loaded.

>>> paths = collect_paths([])
>>> paths
[]
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, URIRef

from finkg.graph import ONTOLOGY_GRAPH, document_graph, graph_iri, triples
from finkg.loaders.document import CompanyProfile, read_document, read_profile
from finkg.loaders.facts import Diagnostic
from finkg.loaders.names import canonical_company_name
from finkg.loaders.periods import FiscalCalendar
from finkg.loaders.text import DocumentReadError
from finkg.relations import document_relation_triples
from finkg.resources import ontology_graph, query_text
from finkg.store import EmbeddedStore, Store
from finkg.validate import record_validation

__all__ = [
    "BuildReport",
    "DocumentResult",
    "ReadDocument",
    "build",
    "collect_paths",
    "default_jobs",
    "load_ontology",
    "read_for_build",
]

TEXT_SUFFIXES = (".txt", ".md", ".text")
_BATCH_TRIPLES = 100_000
"""Triples gathered before a write: few large writes are cheaper than many small ones."""
_BATCH_SECONDS = 5.0
"""A batch is written at least this often, so a killed build loses little work."""
_SMALL_BUILD = 8
"""Builds of fewer documents than this run in this process: a worker pool costs more."""
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


@dataclass
class DocumentResult:
    """What happened to one document."""

    file: str
    status: str  # "loaded", "unchanged" or "failed"
    observations: int = 0
    triples: int = 0
    message: str = ""
    merges: list[dict[str, object]] = field(default_factory=list)
    """Entity-resolution merges: canonical name, surface forms, reason, lines."""


@dataclass
class BuildReport:
    """The outcome of a build: per document, and every number that produced no observation."""

    documents: list[DocumentResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    write_s: float = 0.0
    """Seconds spent writing graphs to the store (the rest is reading documents)."""

    @property
    def failed(self) -> list[DocumentResult]:
        """The documents that could not be loaded."""
        return [doc for doc in self.documents if doc.status == "failed"]

    @property
    def observations(self) -> int:
        """Observations written by this build."""
        return sum(doc.observations for doc in self.documents)

    @property
    def triples(self) -> int:
        """Triples written by this build."""
        return sum(doc.triples for doc in self.documents)

    @property
    def warnings(self) -> list[Diagnostic]:
        """Diagnostics of warning or error severity."""
        return [d for d in self.diagnostics if d.severity != "info"]

    def to_json(self) -> str:
        """The report as JSON: documents and unmapped numbers, each with file, line and reason."""
        return json.dumps(
            {
                "documents": [
                    {key: value for key, value in asdict(doc).items() if key != "merges"}
                    for doc in self.documents
                ],
                "unmapped": [asdict(d) for d in self.diagnostics],
                "merges": [merge for doc in self.documents for merge in doc.merges],
            },
            indent=2,
            ensure_ascii=False,
        )


@dataclass
class ReadDocument:
    """One document as a worker hands it back: its result, diagnostics and graph (N-Triples).

    Everything here crosses process boundaries, so it stays plain, picklable data; per-document
    details for the report belong on :class:`DocumentResult`.
    """

    result: DocumentResult
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ntriples: bytes = b""


def default_jobs() -> int:
    """The CPUs this process may use: the default worker count of ``finkg build``.

    >>> default_jobs() >= 1
    True
    """
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def collect_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into the text documents to load, in name order.

    A folder contributes every entry with a text suffix (except READMEs), also those that are
    not readable files (a dangling link, a folder named ``x.txt``), so that the build reports
    them instead of passing them over in silence.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix in TEXT_SUFFIXES and not p.name.lower().startswith("readme")
                )
            )
        else:
            found.append(path)
    return found


def load_ontology(store: Store) -> int:
    """Put the packaged ontology into its own named graph (replacing an older copy)."""
    return store.replace_graph(ONTOLOGY_GRAPH, triples(ontology_graph()))


def _stored_hashes(store: Store) -> dict[str, str]:
    result = store.select(query_text("document-hashes"))
    return {str(row["fileName"]): str(row["sha256"]) for row in result.rows}


def _stored_calendars(store: Store) -> dict[str, FiscalCalendar]:
    """Fiscal year ends an earlier build stored, by company name."""
    calendars: dict[str, FiscalCalendar] = {}
    for row in store.select(query_text("fiscal-year-ends")).rows:
        month_day = str(row["fiscalYearEnd"]).removeprefix("--")
        month, _, day = month_day.partition("-")
        if month.isdigit() and day.isdigit():
            calendars[str(row["name"])] = FiscalCalendar.from_year_end(int(month), int(day))
    return calendars


def _known_calendars(
    paths: Sequence[Path], stored: dict[str, FiscalCalendar] | None = None, *, jobs: int = 1
) -> dict[str, FiscalCalendar]:
    """Fiscal calendars the documents state, by issuer; else what the store knows."""
    stated: dict[str, FiscalCalendar] = {}
    profiles: Iterable[CompanyProfile] = _map(read_profile, paths, jobs)
    for profile in profiles:
        if profile.issuer and profile.calendar:
            stated.setdefault(canonical_company_name(profile.issuer), profile.calendar)
    return {**(stored or {}), **stated}


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def read_for_build(
    path: Path,
    calendars: dict[str, FiscalCalendar] | None = None,
    stored_sha256: str | None = None,
    validate: bool = True,
) -> ReadDocument:
    """Read one document into its graph and report entry; never raises for a bad document.

    Args:
        path: the text document.
        calendars: fiscal calendars by issuer, for documents that do not state theirs.
        stored_sha256: the hash the store holds for this file name; an equal file is skipped.
        validate: check the graph against the core shapes here, in the worker, and record in
            it that it conforms (see :func:`finkg.validate.record_validation`), so that
            ``finkg validate`` need not check it again.

    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "empty.txt"
    >>> _ = bad.write_bytes(b"")
    >>> read = read_for_build(bad)
    >>> read.result.status, read.result.message.endswith("empty.txt: is empty")
    ('failed', True)
    """
    if stored_sha256 is not None and _sha256(path) == stored_sha256:
        return ReadDocument(DocumentResult(path.name, "unchanged"))
    try:
        facts = read_document(path, calendars)
        graph = document_graph(facts)
        graph += document_relation_triples(facts)
        if validate:
            record_validation(graph, str(graph_iri(path.name)))
        data = EmbeddedStore.encode_triples(graph)  # in any order: the store holds a set
    except DocumentReadError as error:
        message = str(error)
    except Exception as error:  # a loader bug must not stop the other documents
        message = f"{path}: could not be read ({type(error).__name__}: {error})"
    else:
        merges = [merge.to_dict() for merge in facts.merges]
        result = DocumentResult(
            path.name, "loaded", len(facts.observations), len(graph), merges=merges
        )
        return ReadDocument(result, list(facts.diagnostics), data)
    return ReadDocument(
        DocumentResult(path.name, "failed", message=message),
        [Diagnostic(path.name, 0, message, "", "error")],
    )


_worker_calendars: dict[str, FiscalCalendar] = {}


def _init_worker(calendars: dict[str, FiscalCalendar]) -> None:
    _worker_calendars.clear()
    _worker_calendars.update(calendars)


def _read_in_worker(job: tuple[Path, str | None, bool]) -> ReadDocument:
    return read_for_build(job[0], _worker_calendars, job[1], job[2])


def _map(
    function: Callable[[_Item], _Result],
    items: Sequence[_Item],
    jobs: int,
    calendars: dict[str, FiscalCalendar] | None = None,
) -> Iterator[_Result]:
    """``map`` in order, on ``jobs`` worker processes when that is worth it."""
    if jobs <= 1 or len(items) < _SMALL_BUILD:
        _init_worker(calendars or {})
        yield from map(function, items)
        return
    jobs = min(jobs, len(items), 4 * default_jobs())  # more workers than that only cost memory
    context = multiprocessing.get_context("forkserver")
    chunk = max(1, min(16, len(items) // (jobs * 8)))
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_init_worker, initargs=(calendars or {},)
    ) as pool:
        yield from pool.map(function, items, chunksize=chunk)


def _write(store: Store, graphs: list[tuple[URIRef, bytes]]) -> list[int]:
    """Write documents' graphs: in one bulk step on the embedded store, else one by one."""
    if isinstance(store, EmbeddedStore):
        return store.replace_graphs(graphs)
    return [
        store.replace_graph(name, Graph().parse(data=data.decode("utf-8"), format="nt"))
        for name, data in graphs
    ]


class _Batch:
    """Read documents waiting to be written together, flushed by size, age or a name clash."""

    def __init__(
        self, store: Store, report: BuildReport, progress: Callable[[Path], None] | None
    ) -> None:
        self.store, self.report, self.progress = store, report, progress
        self.items: list[tuple[Path, ReadDocument]] = []
        self.names: set[str] = set()
        self.size = 0
        self.started = time.monotonic()

    def add(self, path: Path, read: ReadDocument) -> None:
        if read.result.file in self.names:
            self.flush()  # the same file name twice: the later one replaces the earlier
        self.items.append((path, read))
        self.names.add(read.result.file)
        self.size += read.result.triples
        if self.size >= _BATCH_TRIPLES or time.monotonic() - self.started >= _BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        loaded = [read for _, read in self.items if read.result.status == "loaded"]
        graphs = [(graph_iri(read.result.file), read.ntriples) for read in loaded]
        start = time.perf_counter()
        counts = _write(self.store, graphs)
        self.report.write_s += time.perf_counter() - start
        for read, count in zip(loaded, counts, strict=True):
            read.result.triples = count
        for path, read in self.items:
            self.report.documents.append(read.result)
            self.report.diagnostics.extend(read.diagnostics)
            if self.progress is not None:
                self.progress(path)
        self.items, self.names, self.size = [], set(), 0
        self.started = time.monotonic()


def build(
    paths: Sequence[Path],
    store: Store,
    *,
    progress: Callable[[Path], None] | None = None,
    force: bool = False,
    jobs: int = 1,
    validate: bool = True,
) -> BuildReport:
    """Load documents into the store, one named graph each; never stops at a bad document.

    Args:
        paths: text documents (folders already expanded, see :func:`collect_paths`).
        store: where the graphs go.
        progress: called once per document, once it is written (or skipped, or failed).
        force: reload documents even when their sha256 is unchanged.
        jobs: worker processes that read documents (0: :func:`default_jobs`); the store is the
            same whatever the number.
        validate: validate each document's graph in the worker that reads it and record when
            it conforms, so that ``finkg validate`` checks only the others.

    >>> from finkg.store import EmbeddedStore
    >>> with EmbeddedStore(None) as store:
    ...     build([], store).documents
    []
    """
    jobs = jobs or default_jobs()
    report = BuildReport()
    load_ontology(store)
    stored = {} if force else _stored_hashes(store)
    calendars = _known_calendars(paths, _stored_calendars(store), jobs=jobs)
    jobs_for = [(path, stored.get(path.name), validate) for path in paths]
    batch = _Batch(store, report, progress)
    for (path, _, _), read in zip(
        jobs_for, _map(_read_in_worker, jobs_for, jobs, calendars), strict=True
    ):
        batch.add(path, read)
    batch.flush()
    return report
