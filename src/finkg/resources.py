"""Access to the files that ship inside the package: ontology, shapes and queries.

They are read with :mod:`importlib.resources`, so they work from a source checkout, an editable
install and a wheel alike, whatever the working directory.

>>> "metrics.ttl" in [f.name for f in ontology_files()]
True
>>> "SELECT" in query_text("facts").upper()
True
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

from rdflib import Graph

__all__ = [
    "ResourceNotFound",
    "ontology_files",
    "ontology_graph",
    "query_names",
    "query_text",
    "shapes_files",
    "shapes_graph",
]


class ResourceNotFound(LookupError):
    """A named query or shapes file does not exist in the package."""


def _files(package: str, suffix: str) -> list[Traversable]:
    root = resources.files(package)
    return sorted(
        (entry for entry in root.iterdir() if entry.is_file() and entry.name.endswith(suffix)),
        key=lambda entry: entry.name,
    )


def ontology_files() -> list[Traversable]:
    """Return the ontology modules (``*.ttl``) in name order."""
    return _files("finkg.ontology", ".ttl")


def shapes_files() -> list[Traversable]:
    """Return the SHACL shapes files (``*.shapes.ttl``) in name order."""
    return _files("finkg.shapes", ".shapes.ttl")


def _parse(files: list[Traversable]) -> Graph:
    graph = Graph()
    for entry in files:
        graph.parse(data=entry.read_text(encoding="utf-8"), format="turtle")
    return graph


def ontology_graph() -> Graph:
    """Parse every ontology module into one rdflib graph.

    >>> from rdflib import OWL, RDF
    >>> len(set(ontology_graph().subjects(RDF.type, OWL.Ontology))) > 1
    True
    """
    return _parse(ontology_files())


def shapes_graph() -> Graph:
    """Parse every shapes file into one rdflib graph."""
    return _parse(shapes_files())


def query_names() -> list[str]:
    """Return the names of the packaged queries (file names without ``.rq``)."""
    return [entry.name.removesuffix(".rq") for entry in _files("finkg.queries", ".rq")]


def query_text(name: str) -> str:
    """Return the text of the packaged query ``NAME.rq`` (``violations/NAME`` for checks).

    Raises:
        ResourceNotFound: when no such query ships with finkg.
    """
    entry = resources.files("finkg.queries").joinpath(f"{name}.rq")
    if not entry.is_file():
        raise ResourceNotFound(f"no query named {name!r}; known: {', '.join(query_names())}")
    return entry.read_text(encoding="utf-8")
