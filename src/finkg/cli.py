"""The ``finkg`` command line: one click group, a thin layer over the library.

Exit codes: 0 success; 1 the command could not run, or (``validate``) the graph does not conform;
2 a usage error, or (``build``) some documents failed while the others were loaded.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, Literal, TypeVar

import click
from click.core import ParameterSource

from finkg import __version__, network
from finkg.build import build as run_build
from finkg.build import collect_paths, load_ontology
from finkg.chart import plot_metric
from finkg.export import EXPORT_FORMATS
from finkg.export import export as run_export
from finkg.query import format_result, run_query
from finkg.report import write_report
from finkg.resources import ResourceNotFound
from finkg.store import DEFAULT_STORE, Store, StoreError, open_store
from finkg.validate import validate_store

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])
TableFormat = Literal["table", "csv", "json"]

EXIT_FAILURE = 1
EXIT_PARTIAL = 2


class UserError(click.ClickException):
    """A mistake the user can fix: printed as one line, exit code 1."""

    exit_code = EXIT_FAILURE

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def _friendly(command: F) -> F:
    """Turn the library's expected errors into one clear line instead of a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise UserError(f"{where}{error.strerror or error}") from None
        except (StoreError, ResourceNotFound, ValueError) as error:
            raise UserError(str(error)) from None

    return wrapper  # type: ignore[return-value]


@dataclass(frozen=True)
class StoreSpec:
    """Where the store is, from ``--store`` and the remote-endpoint options."""

    location: str
    update_endpoint: str | None = None
    timeout: int | None = None

    @property
    def remote(self) -> bool:
        """True for a SPARQL service, False for an embedded store folder."""
        return self.location.startswith(("http://", "https://"))

    def __str__(self) -> str:
        return self.location


def store_option(command: F) -> F:
    """Add ``--store``, ``--endpoint``, ``--update-endpoint`` and ``--timeout`` to a command.

    The command receives them as one :class:`StoreSpec` in its ``store_location`` argument.
    """

    @wraps(command)
    def wrapper(
        *args: Any,
        store_location: str,
        endpoint: str | None,
        update_endpoint: str | None,
        timeout: int | None,
        **kwargs: Any,
    ) -> Any:
        if endpoint is not None and not endpoint.startswith(("http://", "https://")):
            raise UserError(f"--endpoint {endpoint!r}: expected an http:// or https:// URL")
        spec = StoreSpec(endpoint or store_location, update_endpoint, timeout)
        if not spec.remote:  # options of a SPARQL service, on a store folder
            context = click.get_current_context()
            given = [
                f"--{name.replace('_', '-')}"
                for name, value in (("update_endpoint", update_endpoint), ("timeout", timeout))
                if value is not None
                and context.get_parameter_source(name) != ParameterSource.ENVIRONMENT
            ]
            if given:
                verb = "need" if len(given) > 1 else "needs"
                raise UserError(f"{' and '.join(given)} {verb} a SPARQL service URL as --store")
            spec = StoreSpec(spec.location)  # values from the environment are for services
        return command(*args, store_location=spec, **kwargs)

    options = [
        click.option(
            "--store",
            "store_location",
            envvar="FINKG_STORE",
            default=str(DEFAULT_STORE),
            show_default=True,
            help="Store folder (embedded pyoxigraph store) or the URL of a SPARQL 1.1 service "
            "(http://host:7878 for an Oxigraph server, .../query, .../sparql); "
            "also read from FINKG_STORE.",
        ),
        click.option(
            "--endpoint",
            envvar="FINKG_SPARQL_ENDPOINT",
            metavar="URL",
            help="SPARQL 1.1 query endpoint; overrides --store.",
        ),
        click.option(
            "--update-endpoint",
            envvar="FINKG_SPARQL_UPDATE_ENDPOINT",
            metavar="URL",
            help="SPARQL 1.1 update endpoint (default: derived from the query endpoint).",
        ),
        click.option(
            "--timeout",
            type=click.IntRange(min=1),
            envvar="FINKG_SPARQL_TIMEOUT",
            metavar="SECONDS",
            help="Seconds to wait for each request to a SPARQL service "
            "(default 30; 3 retries with backoff).",
        ),
    ]
    decorated: Callable[..., Any] = wrapper
    for option in reversed(options):
        decorated = option(decorated)
    return decorated  # type: ignore[return-value]


def _open(spec: StoreSpec, *, create: bool = False) -> Store:
    """Open the store; commands that only read refuse to create an empty one."""
    if not create and not spec.remote and not Path(spec.location).exists():
        raise UserError(f"no store at {spec.location} (run finkg build or finkg load first)")
    if spec.remote:
        return open_store(spec.location, update_endpoint=spec.update_endpoint, timeout=spec.timeout)
    return open_store(spec.location)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="finkg")
def main() -> None:
    """Build, validate, query and export financial knowledge graphs from earnings releases."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path),
    help="Write a JSON report: per document, and every number not mapped, with reason.",
)
@click.option("--force", is_flag=True, help="Reload documents even when unchanged.")
@click.option("--strict", is_flag=True, help="Treat warnings as failures (exit 2).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes that read documents (0: all CPUs); the store is the same whatever "
    "the number.",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Check each document against the SHACL shapes as it is read and record in its graph "
    "when it conforms, so that finkg validate skips it; --no-validate builds faster and leaves "
    "every check to finkg validate.",
)
@_friendly
def build(
    paths: tuple[Path, ...],
    store_location: StoreSpec,
    report_path: Path | None,
    force: bool,
    strict: bool,
    jobs: int,
    validate: bool,
) -> None:
    """Load text documents (files or folders) into the store, one named graph each."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(missing)}")
    files = collect_paths(paths)
    if not files:
        raise UserError("no text documents (*.txt, *.md) found in " + ", ".join(map(str, paths)))
    if report_path is not None:  # fail before building, not after
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.touch()
    with _open(store_location, create=True) as store:
        if sys.stderr.isatty():
            with click.progressbar(length=len(files), label="reading", file=sys.stderr) as bar:
                report = run_build(
                    files,
                    store,
                    progress=lambda _: bar.update(1),
                    force=force,
                    jobs=jobs,
                    validate=validate,
                )
        else:
            report = run_build(files, store, force=force, jobs=jobs, validate=validate)
        total = store.triple_count()
    if report_path is not None:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(report.to_json(), encoding="utf-8")
    for failed in report.failed:
        click.echo(f"error: {failed.message}", err=True)
    if strict:
        for warning in report.warnings:
            if warning.severity == "warning":
                click.echo(str(warning), err=True)
    loaded = sum(1 for d in report.documents if d.status == "loaded")
    unchanged = sum(1 for d in report.documents if d.status == "unchanged")
    click.echo(
        f"documents: {len(report.documents)} ({loaded} loaded, {unchanged} unchanged, "
        f"{len(report.failed)} failed)\n"
        f"facts: {report.observations} observations written\n"
        f"triples: {report.triples} written, {total} in the store\n"
        f"warnings: {len(report.warnings)}; unmapped numbers: "
        f"{len(report.diagnostics) - len(report.warnings)}"
        + (f" (see {report_path})" if report_path else " (use --report FILE)")
    )
    if report.failed or (strict and report.warnings):
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@_friendly
def load(files: tuple[Path, ...], store_location: StoreSpec) -> None:
    """Load RDF files (.ttl, .nt, .jsonld, .rdf, .trig, .nq) into the store as they are."""
    with _open(store_location, create=True) as store:
        load_ontology(store)  # a store always carries the ontology its data is checked against
        for file in files:
            count = store.load_rdf(file)
            click.echo(f"{file}: {count} triples")


@main.command()
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes for the per-document SHACL checks (0: every CPU); the result is "
    "the same whatever the number.",
)
@store_option
@_friendly
def validate(jobs: int, store_location: StoreSpec) -> None:
    """Validate the store with the SHACL shapes; exit 1 when it does not conform."""
    with _open(store_location) as store:
        result = validate_store(store, jobs=jobs)
    for violation in result.violations:
        click.echo(str(violation))
    for conflict in result.conflicts:
        click.echo(f"warning: {conflict}")
    verdict = "conforms" if result.conforms else "does not conform"
    click.echo(
        f"{result.graphs} document graphs ({result.recorded} checked at build): {verdict}; "
        f"{len(result.violations)} results, {len(result.conflicts)} conflicts"
    )
    if not result.conforms:
        sys.exit(EXIT_FAILURE)


@main.command()
@click.argument("name")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="K=V",
    help="Bind query variable K to V (repeatable); values never become query text.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@store_option
@_friendly
def query(name: str, params: tuple[str, ...], fmt: str, store_location: StoreSpec) -> None:
    """Run a packaged query by NAME, or a .rq file, and print the rows."""
    bindings: dict[str, str] = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep or not key:
            raise UserError(f"--param {param!r}: expected K=V")
        bindings[key] = value
    with _open(store_location) as store:
        result = run_query(store, name, bindings)
    click.echo(format_result(result, fmt), nl=False)  # type: ignore[arg-type]


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="trig",
    show_default=True,
    help="RDF format. trig and nq keep one named graph per document plus the ontology's; "
    "ttl, nt, jsonld (compact, finkg's context embedded) and rdfxml write the union of all "
    "graphs as one graph.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default stdout).")
@store_option
@_friendly
def export(fmt: str, output: Path | None, store_location: StoreSpec) -> None:
    """Export the whole store as linked data."""
    with _open(store_location) as store:
        if output is None:
            run_export(store, sys.stdout.buffer, fmt)  # type: ignore[arg-type]
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            count = run_export(store, output, fmt)  # type: ignore[arg-type]
            click.echo(f"{output}: {count} statements", err=True)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "table"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default stdout).")
@store_option
@_friendly
def facts(fmt: str, output: Path | None, store_location: StoreSpec) -> None:
    """Print the facts table: every observation, tidy, with its sources."""
    with _open(store_location) as store:
        text = format_result(run_query(store, "facts", {}), fmt)  # type: ignore[arg-type]
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"{output}: {text.count(chr(10)) - 1} facts", err=True)


@main.command()
@store_option
@_friendly
def stats(store_location: StoreSpec) -> None:
    """Print what the store holds: documents, companies, observations, triples."""
    with _open(store_location) as store:
        result = run_query(store, "stats", {})
        click.echo(format_result(result, "table"), nl=False)
        click.echo(f"triples: {store.triple_count()}")
        click.echo(f"named graphs: {len(store.graphs())}")
        click.echo(f"store: {store_location}")


@main.command()
@click.argument("metric")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Picture to write: .png or .svg (by suffix).",
)
@click.option("--segment", help="A segment's label (default: company-wide values).")
@click.option(
    "--basis",
    "bases",
    multiple=True,
    help="Only this basis (Actual, GuidanceLow, GuidanceHigh, GuidancePoint, Target, Plan, "
    "Consensus); repeatable. Default: all.",
)
@click.option("--company", help="The reporting company, when several report the metric.")
@store_option
@_friendly
def chart(
    metric: str,
    output: Path,
    segment: str | None,
    bases: tuple[str, ...],
    company: str | None,
    store_location: StoreSpec,
) -> None:
    """Plot METRIC (name, label or IRI) per fiscal period; guidance ranges as bands."""
    with _open(store_location) as store:
        path = plot_metric(
            store, metric, output, company=company, segment=segment, bases=bases or None
        )
    click.echo(f"chart: {path}")


@main.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the report to (created).",
)
@click.option(
    "--documents",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Document files or folders to show in full on the source pages (only files identical "
    "to the ones loaded); repeatable.",
)
@click.option(
    "--company",
    help="Company to report on (label or IRI); default: the issuer with the most observations.",
)
@store_option
@_friendly
def report(
    out_dir: Path, documents: tuple[Path, ...], company: str | None, store_location: StoreSpec
) -> None:
    """Write an HTML company report; every number links to its source line."""
    with _open(store_location) as store:
        index = write_report(store, out_dir, documents=documents, company=company)
    click.echo(f"report: {index}")


view_option = click.option(
    "--view",
    type=click.Choice(network.VIEWS),
    default="ownership",
    show_default=True,
    help="Which view: ownership (stakes) or business (services, segments, customers, partners).",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


@main.group()
def graph() -> None:
    """Explore the knowledge graph as a network: neighbours, paths, look-through, centrality."""


@graph.command()
@click.argument("entity")
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="How many steps away, in either direction.",
)
@view_option
@format_option
@store_option
@_friendly
def neighbours(
    entity: str, depth: int, view: str, fmt: TableFormat, store_location: StoreSpec
) -> None:
    """List the entities within DEPTH steps of ENTITY (a name, alias or IRI)."""
    with _open(store_location) as store:
        view_graph = network.view(store, view)
    click.echo(
        format_result(network.as_result(network.neighbours(view_graph, entity, depth)), fmt),
        nl=False,
    )


@graph.command("path")
@click.argument("a")
@click.argument("b")
@click.option(
    "--max-length",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="The longest path, in edges.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="At most this many paths.",
)
@view_option
@store_option
@_friendly
def graph_path(
    a: str, b: str, max_length: int, limit: int, view: str, store_location: StoreSpec
) -> None:
    """Show the paths between entities A and B, shortest first, one per line."""
    with _open(store_location) as store:
        view_graph = network.view(store, view)
    found = network.paths(view_graph, a, b, cutoff=max_length, limit=limit)
    if not found:
        raise UserError(f"no path of at most {max_length} edges between {a!r} and {b!r}")
    for hops in found:
        click.echo(network.format_path(view_graph, hops))


@graph.command("look-through")
@click.argument("owner")
@format_option
@store_option
@_friendly
def look_through(owner: str, fmt: TableFormat, store_location: StoreSpec) -> None:
    """Show OWNER's effective stakes: percentages multiplied along ownership chains."""
    with _open(store_location) as store:
        view_graph = network.ownership_graph(store)
    click.echo(
        format_result(network.as_result(network.look_through(view_graph, owner)), fmt), nl=False
    )


@graph.command()
@click.option(
    "--measure",
    type=click.Choice(network.CENTRALITIES),
    default="degree",
    show_default=True,
    help="Centrality measure.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Show the N most central entities.",
)
@view_option
@format_option
@store_option
@_friendly
def centrality(
    measure: str, top: int, view: str, fmt: TableFormat, store_location: StoreSpec
) -> None:
    """Rank entities by centrality."""
    with _open(store_location) as store:
        view_graph = network.view(store, view)
    click.echo(
        format_result(network.as_result(network.centrality(view_graph, measure)[:top]), fmt),
        nl=False,
    )


@graph.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf"]),
    required=True,
    help="graphml (Cytoscape, yEd, Gephi) or gexf (Gephi).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write.",
)
@view_option
@store_option
@_friendly
def graph_export(fmt: str, output: Path, view: str, store_location: StoreSpec) -> None:
    """Write a view as a GraphML or GEXF file for Gephi or Cytoscape."""
    with _open(store_location) as store:
        view_graph = network.view(store, view)
    writer = network.write_graphml if fmt == "graphml" else network.write_gexf
    writer(view_graph, output)
    click.echo(
        f"wrote {output}: {view_graph.number_of_nodes()} nodes, "
        f"{view_graph.number_of_edges()} edges"
    )


@graph.command()
@click.argument("what", type=click.Choice(["ownership"]))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Picture to write: .svg or .png.",
)
@click.option("--root", help="Company at the top (name, alias or IRI); default: the issuer.")
@store_option
@_friendly
def draw(what: str, output: Path, root: str | None, store_location: StoreSpec) -> None:
    """Draw the group structure (WHAT is ownership) as an SVG or PNG picture."""
    with _open(store_location) as store:
        network.draw_ownership(store, output, root=root)
    click.echo(f"wrote {output}")
