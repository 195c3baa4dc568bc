"""The ``finkg graph`` commands, run through CliRunner on the corpus store.

The network functions themselves are tested in test_network.py; these tests check that each
command reaches them, prints what they return and turns bad input into one line.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from finkg.cli import main

NETWORK_DATA = Path(__file__).parent / "data" / "network"
LABELS = ["A", "B", "C"]  # chain.ttl: A owns 60% of B, B owns 50% of C


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with a hand-made group: A owns 60% of B, which owns 50% of C."""
    location = tmp_path_factory.mktemp("graph") / "store"
    result = CliRunner().invoke(
        main, ["load", str(NETWORK_DATA / "chain.ttl"), "--store", str(location)]
    )
    assert result.exit_code == 0, result.output
    return str(location)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["graph", *args])
    return result.exit_code, result.output


def test_look_through_multiplies_along_the_chain(store: str) -> None:
    labels = LABELS
    owner = labels[0]
    code, output = _run("look-through", owner, "--format", "csv", "--store", store)
    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [(row["percent"], row["depth"]) for row in rows] == [("60", "1"), ("30", "2")]


def test_path_prints_one_line_per_path(store: str) -> None:
    labels = LABELS
    code, output = _run("path", labels[0], labels[2], "--store", store)
    assert code == 0, output
    line = output.strip()
    assert line.count("->") == 2 and "60%" in line and "50%" in line


def test_neighbours_lists_the_entities_next_to_one(store: str) -> None:
    labels = LABELS
    code, output = _run("neighbours", labels[1], "--format", "csv", "--store", store)
    assert code == 0, output
    found = sorted(row["label"] for row in csv.DictReader(io.StringIO(output)))
    assert found == [labels[0], labels[2]]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_writes_a_file_networkx_reads_back(store: str, tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"group.{fmt}"
    code, text = _run("export", "--format", fmt, "-o", str(output), "--store", store)
    assert code == 0, text
    graph = nx.read_graphml(output) if fmt == "graphml" else nx.read_gexf(output)
    assert sorted(data["percent"] for _, _, data in graph.edges(data=True)) == [50.0, 60.0]
    assert text.strip() == f"wrote {output}: 3 nodes, 2 edges"


def test_draw_ownership_writes_an_svg_with_the_labels(store: str, tmp_path: Path) -> None:
    output = tmp_path / "group.svg"
    code, text = _run("draw", "ownership", "-o", str(output), "--store", store)
    assert code == 0, text
    svg = output.read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed
    assert all(f">{label}<" in svg for label in LABELS)


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param(
            ("look-through", "Nobody Holdings"),
            "error: no entity named 'Nobody Holdings' in the ownership view",
            id="unknown-entity",
        ),
        pytest.param(
            ("draw", "ownership", "-o", "group.pdf"),
            "error: group.pdf: the picture must be a .svg or .png file, not '.pdf'",
            id="bad-picture-suffix",
        ),
    ],
)
def test_bad_input_is_one_line(store: str, args: tuple[str, ...], message: str) -> None:
    code, output = _run(*args, "--store", store)
    assert code == 1
    assert output.strip().splitlines()[0].startswith(message)


def test_no_path_is_an_error(tmp_path: Path, store: str) -> None:
    labels = LABELS
    code, output = _run("path", labels[2], labels[0], "--max-length", "1", "--store", store)
    assert code == 1
    assert "no path of at most 1 edges" in output
