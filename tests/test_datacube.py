"""The observations as a W3C Data Cube: the recommendation's integrity constraints (section 11).

Each constraint is an ASK query in ``queries/datacube/`` that is true on a violation. They run on a
normalised copy of the data (section 10.2's SPARQL Update, ``tests/data/datacube/normalize-*.ru``)
in an in-memory pyoxigraph store, with the ontology (which holds the data structure definition).
"""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from finkg.build import BuildReport
from finkg.resources import ontology_graph, query_text
from finkg.store import EmbeddedStore

DATA = Path(__file__).parent / "data" / "datacube"
QUERIES = Path(__file__).parents[1] / "queries" / "datacube"
CONSTRAINTS = sorted(path.stem for path in QUERIES.glob("ic-*.rq"))


def normalised(data: bytes, rdf_format: ox.RdfFormat) -> ox.Store:
    """Load ``data`` with the ontology into a fresh store and apply the normalisation algorithm."""
    store = ox.Store()
    store.load(ontology_graph().serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    store.load(data, rdf_format)
    for phase in (1, 2):
        store.update((DATA / f"normalize-phase-{phase}.ru").read_text(encoding="utf-8"))
    return store


def violated(store: ox.Store) -> list[str]:
    """The names of the constraints the store violates."""
    return [name for name in CONSTRAINTS if bool(store.query(query_text(f"datacube/{name}")))]


@pytest.fixture(scope="module")
def corpus_cube(corpus_store: tuple[EmbeddedStore, BuildReport]) -> ox.Store:
    store, _ = corpus_store
    merged = io.BytesIO()
    store.dump(merged, "nt")
    return normalised(merged.getvalue(), ox.RdfFormat.N_TRIPLES)


def test_every_constraint_of_the_recommendation_is_here() -> None:
    numbers = sorted({int(name.split("-")[1]) for name in CONSTRAINTS})
    # IC-20 and IC-21 are templates for hierarchical code lists, which finkg's DSD does not use
    assert numbers == list(range(1, 20))


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, id=name) for name in CONSTRAINTS],
)
def test_corpus_cube_passes(corpus_cube: ox.Store, name: str) -> None:
    assert not corpus_cube.query(query_text(f"datacube/{name}")), name


def test_the_corpus_cube_is_not_empty(corpus_cube: ox.Store) -> None:
    qb = "http://purl.org/linked-data/cube#"
    observations = corpus_cube.quads_for_pattern(
        None,
        ox.NamedNode(f"{qb}dataSet"),
        ox.NamedNode("https://w3id.org/finkg/id/dataset/observations"),
    )
    assert next(observations, None) is not None


def test_a_cube_written_to_the_contract_passes_every_constraint() -> None:
    cube = normalised((DATA / "valid-cube.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    assert violated(cube) == []


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        pytest.param(
            "broken-ic-11-missing-dimension.ttl",
            ["ic-11-all-dimensions-required"],
            id="ic-11",
        ),
        pytest.param("broken-ic-12-duplicate.ttl", ["ic-12-no-duplicate-observations"], id="ic-12"),
        pytest.param(
            "broken-ic-13-missing-attribute.ttl", ["ic-13-required-attributes"], id="ic-13"
        ),
        pytest.param(
            "broken-ic-19-code-outside-list.ttl", ["ic-19-codes-from-code-list"], id="ic-19"
        ),
    ],
)
def test_a_broken_cube_violates_exactly_its_constraint(file: str, expected: list[str]) -> None:
    cube = normalised((DATA / file).read_bytes(), ox.RdfFormat.TURTLE)
    assert violated(cube) == expected


def test_an_optional_dimension_violates_ic_6() -> None:
    cube = normalised((DATA / "valid-cube.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    cube.update((DATA / "optional-dimensions.ru").read_text(encoding="utf-8"))
    assert violated(cube) == ["ic-6-only-attributes-may-be-optional"]
