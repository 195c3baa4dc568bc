"""Write the store to one RDF file: merged (ttl, nt, jsonld) or one graph per document (trig, nq).

>>> import io
>>> from finkg.store import EmbeddedStore
>>> export(EmbeddedStore(None), io.BytesIO(), "trig")
0
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Literal

from finkg.store import Store
from finkg.vocab import BASIS, DATA, FKG, METRIC, STANDARD_NAMESPACES

__all__ = ["EXPORT_PREFIXES", "ExportFormat", "export"]

ExportFormat = Literal["ttl", "nt", "jsonld", "trig", "nq"]

EXPORT_PREFIXES: dict[str, str] = {
    **STANDARD_NAMESPACES,
    "fkg": str(FKG),
    "metric": str(METRIC),
    "basis": str(BASIS),
    "id": str(DATA),
}
"""The prefixes Turtle and TriG output declare."""


def export(store: Store, out: BinaryIO | Path, fmt: ExportFormat) -> int:
    """Write every graph of ``store`` to ``out``; return the triples (or quads) written.

    ``ttl``, ``nt`` and ``jsonld`` merge all named graphs into one graph (a triple stated by
    several documents is written once); ``trig`` and ``nq`` keep one named graph per document.
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
        return store.dump(out, fmt, prefixes=EXPORT_PREFIXES)
    partial = out.with_name(f".{out.name}.part")
    try:
        with partial.open("wb") as stream:
            count = store.dump(stream, fmt, prefixes=EXPORT_PREFIXES)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return count
