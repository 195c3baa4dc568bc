"""Human-readable ontology documentation: one pyLODE HTML page per module and an index page.

pyLODE is an optional dependency (``pip install 'finkg[docs]'``); ``make docs`` writes the pages
into ``build/docs``.
"""

from __future__ import annotations

import argparse
import html
import importlib
import logging
from pathlib import Path
from types import ModuleType

from rdflib import OWL, RDF, RDFS, Graph

from finkg.resources import ontology_files

__all__ = ["DocsError", "write_docs"]


class DocsError(Exception):
    """The documentation cannot be generated (pyLODE missing, or a module it cannot read)."""


def write_docs(folder: Path) -> list[Path]:
    """Write ``<module>.html`` for every ontology module and ``index.html`` into ``folder``.

    Args:
        folder: where the pages go (created if needed).

    Returns:
        The pages written, the index first.

    Raises:
        DocsError: pyLODE is not installed, or fails on a module (the message names it).

    >>> import tempfile
    >>> pages = write_docs(Path(tempfile.mkdtemp()))  # doctest: +SKIP
    >>> [page.name for page in pages[:2]]  # doctest: +SKIP
    ['index.html', 'business.html']
    """
    pylode = _pylode()
    folder.mkdir(parents=True, exist_ok=True)
    entries: list[tuple[str, str]] = []
    pages: list[Path] = []
    for entry in ontology_files():
        module = entry.name.removesuffix(".ttl")
        graph = Graph().parse(data=entry.read_text(encoding="utf-8"), format="turtle")
        page = folder / f"{module}.html"
        try:
            page.write_text(pylode.OntPub(graph).make_html(), encoding="utf-8")
        except Exception as error:  # pyLODE raises bare exceptions on what it cannot document
            raise DocsError(f"ontology/{entry.name}: pyLODE failed: {error}") from error
        entries.append((module, _title(graph, module)))
        pages.append(page)
    index = folder / "index.html"
    index.write_text(_index(entries), encoding="utf-8")
    return [index, *pages]


def _pylode() -> ModuleType:
    try:
        module = importlib.import_module("pylode")
    except ImportError as error:
        raise DocsError(
            f"pyLODE is not installed ({error}): pip install 'finkg[docs]', or run make docs"
        ) from None
    # pyLODE turns the root logger up to INFO when imported; its progress notes are noise here
    root = logging.getLogger()
    root.setLevel(max(root.level, logging.WARNING))
    return module


def _title(graph: Graph, fallback: str) -> str:
    for ontology in graph.subjects(RDF.type, OWL.Ontology):
        label = graph.value(ontology, RDFS.label)
        if label is not None:
            return str(label)
    return fallback


def _index(entries: list[tuple[str, str]]) -> str:
    items = "\n".join(
        f'    <li><a href="{html.escape(module)}.html">{html.escape(title)}</a></li>'
        for module, title in entries
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        "<title>finkg ontology</title></head>\n<body>\n<h1>finkg ontology</h1>\n"
        f"<ul>\n{items}\n</ul>\n</body>\n</html>\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Write the documentation into the folder given on the command line (``build/docs``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path, nargs="?", default=Path("build/docs"))
    args = parser.parse_args(argv)
    try:
        pages = write_docs(args.folder)
    except DocsError as error:
        parser.exit(1, f"error: {error}\n")
    print(f"{pages[0]}: {len(pages) - 1} modules documented")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
