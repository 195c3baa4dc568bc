"""Write the store to one RDF file: one graph per document (trig, nq) or their union (the rest).

>>> import io
>>> from finkg.store import EmbeddedStore
>>> export(EmbeddedStore(None), io.BytesIO(), "trig")
0
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Literal, get_args

import pyoxigraph as ox
from rdflib import Graph, URIRef

from finkg.store import Store, Term
from finkg.vocab import BASIS, DATA, FKG, METRIC, STANDARD_NAMESPACES

__all__ = ["EXPORT_FORMATS", "EXPORT_PREFIXES", "ExportFormat", "export", "jsonld_context"]

ExportFormat = Literal["ttl", "nt", "jsonld", "rdfxml", "trig", "nq"]

EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)
"""Every format :func:`export` writes: trig and nq keep named graphs, the others the union."""

EXPORT_PREFIXES: dict[str, str] = {
    **STANDARD_NAMESPACES,
    "fkg": str(FKG),
    "metric": str(METRIC),
    "basis": str(BASIS),
    "id": str(DATA),
}
"""The prefixes Turtle, TriG and RDF/XML output declare (and the JSON-LD context defines)."""

_CONTEXT_FILE = "finkg.context.jsonld"


def jsonld_context() -> dict[str, Any]:
    """Return the JSON-LD context shipped with finkg (``ontology/finkg.context.jsonld``).

    It defines the :data:`EXPORT_PREFIXES` and short terms for the properties of observations,
    documents, source lines and periods, with their value types.

    >>> context = jsonld_context()
    >>> context["fkg"], context["obsValue"]["@type"]
    ('https://w3id.org/finkg/def/', 'xsd:decimal')
    """
    text = resources.files("finkg.ontology").joinpath(_CONTEXT_FILE).read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def export(store: Store, out: BinaryIO | Path, fmt: ExportFormat) -> int:
    """Write every graph of ``store`` to ``out``; return the triples (or quads) written.

    ``trig`` and ``nq`` keep one named graph per document and the ontology's graph. ``ttl``,
    ``nt``, ``jsonld`` and ``rdfxml`` are graph formats: they write the union of all named
    graphs, documents and ontology, as one graph (a triple stated by several documents is written
    once). ``jsonld`` is compact JSON-LD with finkg's context (:func:`jsonld_context`) embedded.
    A file is written next to its final name and renamed when complete.

    >>> import tempfile
    >>> from rdflib import Literal, URIRef
    >>> from finkg.store import EmbeddedStore
    >>> store = EmbeddedStore(None)
    >>> acme = (URIRef(f"{DATA}org/acme"), URIRef(f"{FKG}ticker"), Literal("ACME"))
    >>> for name in ("a", "b"):
    ...     _ = store.replace_graph(URIRef(f"https://example.org/{name}"), [acme])
    >>> path = Path(tempfile.mkdtemp()) / "all.ttl"
    >>> export(store, path, "ttl"), export(store, path.with_suffix(".nq"), "nq")
    (1, 2)
    >>> print(path.read_text().splitlines()[-1])
    id:org\\/acme fkg:ticker "ACME" .
    """
    if not isinstance(out, Path):
        return _write(store, out, fmt)
    partial = out.with_name(f".{out.name}.part")
    try:
        with partial.open("wb") as stream:
            count = _write(store, stream, fmt)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _write(store: Store, out: BinaryIO, fmt: ExportFormat) -> int:
    if fmt == "jsonld":
        return _write_jsonld(store, out)
    if fmt == "rdfxml":
        return _write_rdfxml(store, out)
    return store.dump(out, fmt, prefixes=EXPORT_PREFIXES)


def _write_jsonld(store: Store, out: BinaryIO) -> int:
    """Compact JSON-LD of the union, with the packaged context embedded."""
    union = Graph()
    for triple in _union(store):
        union.add(triple)
    text = union.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    out.write(text.encode("utf-8"))
    return len(union)


def _write_rdfxml(store: Store, out: BinaryIO) -> int:
    """RDF/XML of the union; pyoxigraph writes it from N-Triples, statement by statement."""
    merged = io.BytesIO()
    count = store.dump(merged, "nt")
    triples = ox.parse(merged.getvalue(), ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, out, ox.RdfFormat.RDF_XML, prefixes=EXPORT_PREFIXES)
    return count


def _union(store: Store) -> Iterator[tuple[Term, URIRef, Term]]:
    for graph in store.graphs():
        yield from store.graph_triples(graph)
