"""The pipeline: files -> loaders -> graph -> store, one named graph per document, with a report.

A document that cannot be read is reported and skipped; the others are loaded. A document whose
sha256 matches the stored one is skipped. Each document's graph replaces the stored one
atomically, so a crash leaves every document either as it was or fully loaded.

>>> paths = collect_paths([])
>>> paths
[]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from finkg.graph import ONTOLOGY_GRAPH, document_graph, graph_iri, triples
from finkg.loaders.document import read_document, read_profile
from finkg.loaders.facts import Diagnostic
from finkg.loaders.names import canonical_company_name
from finkg.loaders.periods import FiscalCalendar
from finkg.loaders.text import DocumentReadError
from finkg.relations import relation_triples
from finkg.resources import ontology_graph, query_text
from finkg.store import Store

__all__ = ["BuildReport", "DocumentResult", "build", "collect_paths", "load_ontology"]

TEXT_SUFFIXES = (".txt", ".md", ".text")


@dataclass
class DocumentResult:
    """What happened to one document."""

    file: str
    status: str  # "loaded", "unchanged" or "failed"
    observations: int = 0
    triples: int = 0
    message: str = ""


@dataclass
class BuildReport:
    """The outcome of a build: per document, and every number that produced no observation."""

    documents: list[DocumentResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

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
                "documents": [asdict(doc) for doc in self.documents],
                "unmapped": [asdict(d) for d in self.diagnostics],
            },
            indent=2,
            ensure_ascii=False,
        )


def collect_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into the text documents to load, in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix in TEXT_SUFFIXES
                    and not p.name.lower().startswith("readme")
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
    paths: Sequence[Path], stored: dict[str, FiscalCalendar] | None = None
) -> dict[str, FiscalCalendar]:
    """Fiscal calendars the documents state, by issuer; else what the store knows."""
    stated: dict[str, FiscalCalendar] = {}
    for path in paths:
        profile = read_profile(path)
        if profile.issuer and profile.calendar:
            stated.setdefault(canonical_company_name(profile.issuer), profile.calendar)
    return {**(stored or {}), **stated}


def build(
    paths: Sequence[Path],
    store: Store,
    *,
    progress: Callable[[Path], None] | None = None,
    force: bool = False,
) -> BuildReport:
    """Load documents into the store, one named graph each; never stops at a bad document.

    Args:
        paths: text documents (folders already expanded, see :func:`collect_paths`).
        store: where the graphs go.
        progress: called once per document, after it is handled.
        force: reload documents even when their sha256 is unchanged.
    """
    report = BuildReport()
    load_ontology(store)
    stored = {} if force else _stored_hashes(store)
    calendars = _known_calendars(paths, _stored_calendars(store))
    for path in paths:
        try:
            facts = read_document(path, calendars)
        except DocumentReadError as error:
            report.documents.append(DocumentResult(path.name, "failed", message=str(error)))
            report.diagnostics.append(Diagnostic(path.name, 0, str(error), "", "error"))
        else:
            if stored.get(path.name) == facts.info.sha256:
                report.documents.append(DocumentResult(path.name, "unchanged"))
            else:
                graph = document_graph(facts) + relation_triples(
                    facts.stakes, facts.people, issuer=facts.info.issuer
                )
                written = store.replace_graph(graph_iri(path.name), triples(graph))
                report.documents.append(
                    DocumentResult(path.name, "loaded", len(facts.observations), written)
                )
            report.diagnostics.extend(facts.diagnostics)
        if progress is not None:
            progress(path)
    return report
