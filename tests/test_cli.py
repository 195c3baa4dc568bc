"""Every command of the CLI, run through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from finkg.cli import main
from finkg.export import EXPORT_FORMATS, ExportFormat, export
from finkg.store import open_store

FACT_COLUMNS = (
    "subject,metric,concept,segment,period,start,end,instant,value,unit,decimals,basis,source,line"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(main, ["build", str(corpus_dir), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command of a click group, as argument paths."""
    found: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("path", _commands(main), ids=" ".join)
def test_every_command_has_help_text(path: tuple[str, ...]) -> None:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help and len(command.help.strip()) > 20
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert command.help.split("\n")[0][:30] in result.output


def test_build_prints_a_summary_and_writes_the_report(tmp_path: Path, corpus_dir: Path) -> None:
    report = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["build", str(corpus_dir), "--store", str(tmp_path / "s"), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "documents: 5 (5 loaded, 0 unchanged, 0 failed)" in result.output
    written = json.loads(report.read_text())
    unmapped = written["unmapped"]
    assert unmapped and all(entry["reason"] and entry["document"] for entry in unmapped)
    merges = {(m["canonical"], tuple(m["forms"]), m["reason"]) for m in written["merges"]}
    assert {  # the merge log: a defined abbreviation and a name that lost a letter
        ("Tokyo Electric Power Company", ("TEPCO",), "defined abbreviation"),
        ("IIJ Exlayer", ("IJ-Exlayer",), "conversion slip"),
    } <= merges
    again = CliRunner().invoke(main, ["build", str(corpus_dir), "--store", str(tmp_path / "s")])
    assert "(0 loaded, 5 unchanged, 0 failed)" in again.output


def test_build_of_a_missing_path_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "--store", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: no such file or folder: {tmp_path}/nope"]


def test_build_keeps_good_documents_when_one_is_bad(tmp_path: Path, corpus_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text((corpus_dir / "003_501beb1a87d1dfe7.txt").read_text())
    (docs / "bad.txt").write_bytes(b"%PDF-1.4 binary\x00\x01")
    result = CliRunner().invoke(main, ["build", str(docs), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "bad.txt: is a PDF" in result.output
    facts = CliRunner().invoke(main, ["facts", "--store", str(tmp_path / "s")])
    assert ",good.txt," in facts.output


def test_validate_conforms_on_the_corpus(built: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--store", str(built)])
    assert result.exit_code == 0, result.output
    assert "5 document graphs (5 checked at build): conforms" in result.output


def test_validate_checks_what_the_build_did_not(tmp_path: Path, corpus_dir: Path) -> None:
    store = str(tmp_path / "store")
    built = CliRunner().invoke(main, ["build", str(corpus_dir), "--no-validate", "--store", store])
    assert built.exit_code == 0, built.output
    result = CliRunner().invoke(main, ["validate", "--jobs", "1", "--store", store])
    assert result.exit_code == 0, result.output
    assert "5 document graphs (0 checked at build): conforms" in result.output


def test_validate_fails_on_a_broken_graph(tmp_path: Path) -> None:
    bad = Path(__file__).parent / "data" / "invalid" / "observation-without-metric.ttl"
    store = str(tmp_path / "s")
    assert CliRunner().invoke(main, ["load", str(bad), "--store", store]).exit_code == 0
    result = CliRunner().invoke(main, ["validate", "--store", store])
    assert result.exit_code == 1
    assert "does not conform" in result.output


def test_facts_prints_the_documented_columns(built: Path) -> None:
    result = CliRunner().invoke(main, ["facts", "--store", str(built)])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == FACT_COLUMNS
    rows = list(csv.DictReader(io.StringIO(result.output)))
    loss = [r for r in rows if r["metric"] == "OperatingIncomeLoss" and r["period"] == "FY2002 Q1"]
    assert [(r["value"], r["unit"], r["decimals"]) for r in loss] == [("-464155000", "JPY", "-3")]
    assert loss[0]["concept"] == "us-gaap:OperatingIncomeLoss"
    assert loss[0]["start"] == "2002-04-01" and loss[0]["end"] == "2002-06-30"
    sources = loss[0]["source"].split(";")
    assert "001_db6793c7b74d69e5.txt" in sources


def test_facts_json(built: Path) -> None:
    result = CliRunner().invoke(main, ["facts", "--format", "json", "--store", str(built)])
    rows = json.loads(result.output)
    assert {"subject", "metric", "value", "source", "line"} <= set(rows[0])


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_by_name(built: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["query", "stats", "--format", fmt, "--store", str(built)])
    assert result.exit_code == 0
    assert "observations" in result.output


def test_query_unknown_name_is_one_line(built: Path) -> None:
    result = CliRunner().invoke(main, ["query", "no-such-query", "--store", str(built)])
    assert result.exit_code == 1
    assert result.output.startswith("error: no query named 'no-such-query'")
    assert "Traceback" not in result.output


RDFLIB_FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nq": "nquads",
}


def _graphs(data: bytes, fmt: ExportFormat) -> dict[str, Graph]:
    """Each graph of an export by name; triple formats have only the default graph."""
    dataset = Dataset()
    dataset.parse(data=data, format=RDFLIB_FORMATS[fmt])
    return {str(graph.identifier): graph for graph in dataset.graphs() if len(graph)}


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_writes_what_the_library_exports(
    built: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(
        main, ["export", "--format", fmt, "-o", str(out), "--store", str(built)]
    )
    assert result.exit_code == 0, result.output
    expected = io.BytesIO()
    with open_store(built) as store:
        count = export(store, expected, fmt)
    assert result.output.strip() == f"{out}: {count} statements"
    written, wanted = _graphs(out.read_bytes(), fmt), _graphs(expected.getvalue(), fmt)
    assert written.keys() == wanted.keys()
    assert all(isomorphic(written[name], wanted[name]) for name in wanted)


def test_load_and_stats(tmp_path: Path) -> None:
    good = Path(__file__).parent / "data" / "valid" / "observations-2q02.ttl"
    store = str(tmp_path / "s")
    assert CliRunner().invoke(main, ["load", str(good), "--store", store]).exit_code == 0
    result = CliRunner().invoke(main, ["stats", "--store", store])
    assert result.exit_code == 0
    assert "observations" in result.output


def test_load_of_bad_turtle_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    result = CliRunner().invoke(main, ["load", str(bad), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert result.output.startswith("error:") and "bad.ttl" in result.output
    assert "Traceback" not in result.output


def test_a_document_rebuilt_alone_keeps_its_issuers_calendar(
    tmp_path: Path, corpus_dir: Path
) -> None:
    """000 does not state IIJ's March year end; the store learnt it from the other documents."""
    store = str(tmp_path / "s")
    assert CliRunner().invoke(main, ["build", str(corpus_dir), "--store", store]).exit_code == 0
    alone = corpus_dir / "000_48402ba7c1e415d5.txt"
    result = CliRunner().invoke(main, ["build", str(alone), "--store", store, "--force"])
    assert result.exit_code == 0, result.output
    rows = list(
        csv.DictReader(io.StringIO(CliRunner().invoke(main, ["facts", "--store", store]).output))
    )
    consensus = [r for r in rows if r["basis"] == "Consensus"]
    assert [(r["metric"], r["start"], r["end"]) for r in consensus] == [
        ("OperatingIncomeLoss", "2002-04-01", "2003-03-31")
    ]


@pytest.mark.parametrize("command", ["validate", "facts", "stats", "export"])
def test_reading_commands_refuse_a_missing_store(tmp_path: Path, command: str) -> None:
    result = CliRunner().invoke(main, [command, "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: no store at {tmp_path}/nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_an_empty_document_fails_and_the_others_load(tmp_path: Path, corpus_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "empty.txt").write_text("")
    (docs / "good.txt").write_text((corpus_dir / "003_501beb1a87d1dfe7.txt").read_text())
    result = CliRunner().invoke(main, ["build", str(docs), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "empty.txt: is empty" in result.output
    assert "(1 loaded, 0 unchanged, 1 failed)" in result.output


def test_an_unwritable_report_stops_before_building(tmp_path: Path, corpus_dir: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = tmp_path / "s"
    result = CliRunner().invoke(
        main, ["build", str(corpus_dir), "--store", str(store), "--report", f"{blocker}/r.json"]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {blocker}")
    assert not store.exists()


def test_validate_reports_a_conflict_between_documents(tmp_path: Path, corpus_dir: Path) -> None:
    """A mutated copy of 002 disagrees with 001 on 2Q02 revenues: both values are kept."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text((corpus_dir / "001_db6793c7b74d69e5.txt").read_text())
    deck = (corpus_dir / "002_7a1bd9db76275b21.txt").read_text()
    assert "JPY10.6B" in deck
    (docs / "b.txt").write_text(deck.replace("JPY10.6B", "JPY11.6B"))
    store = str(tmp_path / "s")
    assert CliRunner().invoke(main, ["build", str(docs), "--store", store]).exit_code == 0
    result = CliRunner().invoke(main, ["validate", "--store", store])
    assert result.exit_code == 0, result.output  # conflicts are warnings: both values are kept
    conflicts = [line for line in result.output.splitlines() if "conflict: Revenues" in line]
    assert conflicts == [
        "warning: conflict: Revenues fy2002-q2 Actual: "
        "10568342000 (a.txt:249) vs 11600000000 (b.txt:10)"
    ]
    facts = CliRunner().invoke(main, ["facts", "--store", store]).output
    revenue = [
        r
        for r in csv.DictReader(io.StringIO(facts))
        if r["metric"] == "Revenues"
        and r["period"] == "FY2002 Q2"
        and not r["segment"]
        and r["basis"] == "Actual"
    ]
    assert [(r["value"], r["source"]) for r in revenue] == [("10568342000", "a.txt;b.txt")]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        pytest.param("observation-unit-kind-mismatch", "does not measure what metric", id="unit"),
        pytest.param("observation-duration-metric-with-instant", "over a duration", id="period"),
        pytest.param("observation-without-metric", "", id="core"),
    ],
)
def test_validate_store_runs_core_and_sparql_constraints(
    tmp_path: Path, case: str, message: str
) -> None:
    """The store's fast path (core shapes per graph, SPARQL constraints on the store) still
    catches what the shapes specify."""
    bad = Path(__file__).parent / "data" / "invalid" / f"{case}.ttl"
    store = str(tmp_path / "s")
    assert CliRunner().invoke(main, ["load", str(bad), "--store", store]).exit_code == 0
    result = CliRunner().invoke(main, ["validate", "--store", store])
    assert result.exit_code == 1
    assert "does not conform" in result.output
    assert message in result.output


def test_other_companies_build_validate_and_list_their_currencies(tmp_path: Path) -> None:
    """Synthetic releases in USD and EUR go through build, validate and facts."""
    synthetic = Path(__file__).parent / "data" / "synthetic"
    store = str(tmp_path / "s")
    built = CliRunner().invoke(main, ["build", str(synthetic), "--store", store])
    assert built.exit_code == 0, built.output
    assert CliRunner().invoke(main, ["validate", "--store", store]).exit_code == 0
    rows = list(
        csv.DictReader(io.StringIO(CliRunner().invoke(main, ["facts", "--store", store]).output))
    )
    revenue = {
        (r["subject"], r["period"], r["value"], r["unit"])
        for r in rows
        if r["metric"] == "Revenues" and r["basis"] == "Actual"
    }
    assert ("Kestrel Foods", "FY2024", "1250000000", "EUR") in revenue
    assert ("Northwind Robotics", "FY2024 Q3", "412500000", "USD") in revenue


def test_chart_draws_a_metric_and_refuses_an_unknown_one(built: Path, tmp_path: Path) -> None:
    picture = tmp_path / "revenues.svg"
    result = CliRunner().invoke(
        main, ["chart", "Revenues", "-o", str(picture), "--store", str(built)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"chart: {picture}"
    assert "Revenues" in picture.read_text(encoding="utf-8")
    unknown = CliRunner().invoke(
        main, ["chart", "Happiness", "-o", str(picture), "--store", str(built)]
    )
    assert unknown.exit_code == 1
    assert unknown.output.strip() == "error: no metric named 'Happiness' in the store"


def test_report_writes_an_index_that_links_numbers_to_sources(
    built: Path, tmp_path: Path, corpus_dir: Path
) -> None:
    folder = tmp_path / "report"
    result = CliRunner().invoke(
        main,
        ["report", "-o", str(folder), "--documents", str(corpus_dir), "--store", str(built)],
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"report: {folder / 'index.html'}"
    index = (folder / "index.html").read_text(encoding="utf-8")
    for link in re.findall(r'href="(sources/[^"#]+)#L(\d+)"', index):
        assert (folder / link[0]).is_file()
    assert re.search(r'href="sources/[^"#]+#L\d+"', index)
