"""make docs: pyLODE pages for every ontology module that name every class and property of ours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from finkg.ontology_docs import main, write_docs
from finkg.resources import ontology_files, ontology_graph

OURS = "https://w3id.org/finkg/"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_docs(tmp_path_factory.mktemp("docs"))


def test_one_page_per_module_and_an_index(pages: list[Path]) -> None:
    modules = [entry.name.removesuffix(".ttl") for entry in ontology_files()]
    assert [page.name for page in pages] == ["index.html", *(f"{m}.html" for m in modules)]
    index = pages[0].read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]+)"', index) == [f"{m}.html" for m in modules]


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(OWL.Class, id="classes"),
        pytest.param(OWL.ObjectProperty, id="object-properties"),
        pytest.param(OWL.DatatypeProperty, id="datatype-properties"),
    ],
)
def test_every_term_of_ours_is_documented(pages: list[Path], kind: URIRef) -> None:
    ontology: Graph = ontology_graph()
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages[1:])
    terms = sorted(str(t) for t in ontology.subjects(RDF.type, kind) if str(t).startswith(OURS))
    assert terms
    missing = [
        term
        for term in terms
        if f'href="{term}"' not in text or str(ontology.value(URIRef(term), RDFS.label)) not in text
    ]
    assert missing == []


def test_the_command_writes_the_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "docs")]) == 0
    assert (tmp_path / "docs" / "index.html").is_file()
    assert capsys.readouterr().out.startswith(f"{tmp_path / 'docs' / 'index.html'}: ")
