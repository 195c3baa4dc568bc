"""An HTML report on a company, read from the store: every number links to the line it came from.

:func:`write_report` writes a folder that opens in any browser without a network:

- ``index.html``: the company; key metrics (per financial statement, the headline metrics:
  those most documents state, periods in time order); guidance, targets and consensus next to
  the actual values; charts; the ownership picture and stakes; services; customers; documents.
- ``charts/*.svg`` (:func:`finkg.chart.plot_metric`) and ``ownership.svg``
  (:func:`finkg.network.draw_ownership`).
- ``sources/<file>.html``: each document's text with one anchor per line (``#L249``). The full
  text is shown when the document file is given and is the very file that was loaded (same name
  and sha256, and every line the store quotes reads the same); otherwise the page shows the lines
  the store quotes (``fkg:verbatimText``), so the links land on the same line either way.

Pages are plain HTML5 with their CSS inline, built with :func:`html.escape`; no script.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from finkg.chart import Scale, SeriesPoint, choose_scale, company_series, draw_series
from finkg.query import run_query
from finkg.resources import ResourceNotFound
from finkg.store import QueryResult, Store, Term
from finkg.vocab import METRIC

__all__ = ["ReportError", "write_report"]

KEY_METRICS_PER_STATEMENT = 6
"""How many metrics each key table shows: those stated by the most documents, then with actual
values for the most periods (headline numbers are repeated in every release)."""

CHARTS_PER_STATEMENT = 3
"""How many of each key table's metrics get a chart (metrics with outlooks get one too)."""

_SOURCE = re.compile(r"([^;:\s][^;:]*):(\d+)")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_RANGE = ("GuidanceLow", "GuidanceHigh")


class ReportError(ValueError):
    """The report cannot be written: an empty store or an unknown company."""


@dataclass(eq=False)
class _Document:
    file: str
    title: str
    date: str
    issuer: str
    sha256: str
    lines: dict[int, str] = field(default_factory=dict)
    full_text: list[str] | None = None
    cited: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Metric:
    iri: str
    label: str
    statement: str
    rank: int
    periods: int
    outlooks: int


class _Links:
    """Hrefs to source lines, remembering each cited line for the source pages."""

    def __init__(self, documents: Mapping[str, _Document]) -> None:
        self.documents = documents

    def href(self, file: str, line: int, *, prefix: str = "") -> str:
        document = self.documents.get(file)
        if document is not None:
            document.cited.add(line)
        return f"{prefix}sources/{quote(_page_name(file))}#L{line}"

    def number(self, text: str, file: str, line: int) -> str:
        """A number as a link to its source line.

        >>> _Links({}).number("1,234", "a b.txt", 7)
        '<a class="num" href="sources/a_b.txt.html#L7" title="a b.txt, line 7">1,234</a>'
        """
        title = html.escape(f"{file}, line {line}")
        href = html.escape(self.href(file, line))
        return f'<a class="num" href="{href}" title="{title}">{html.escape(text)}</a>'

    def sources(self, text: str) -> str:
        """Links for a ``file:line`` list (``;`` or space separated), as the relation queries give.

        >>> _Links({}).sources("x.txt:3")
        '<a class="src" href="sources/x.txt.html#L3">x.txt:3</a>'
        """
        links = [
            f'<a class="src" href="{html.escape(self.href(file.strip(), int(line)))}">'
            f"{html.escape(f'{file.strip()}:{line}')}</a>"
            for file, line in _SOURCE.findall(text)
        ]
        return " ".join(links) if links else html.escape(text)

    def numbers_in(self, value: str, source: str) -> str:
        """A value linked to the first source line of ``source`` (plain text if none)."""
        found = _SOURCE.search(source)
        if not value or found is None:
            return html.escape(value)
        return self.number(value, found.group(1).strip(), int(found.group(2)))


def _page_name(file: str) -> str:
    """The source page's file name for a document file name.

    >>> _page_name("Q2 release.txt")
    'Q2_release.txt.html'
    """
    return _UNSAFE.sub("_", file) + ".html"


def _text(term: Term | None) -> str:
    return "" if term is None else str(term)


def _rows(result: QueryResult) -> list[dict[str, str]]:
    return [{name: _text(row.get(name)) for name in result.variables} for row in result.rows]


def _optional_rows(store: Store, name: str) -> list[dict[str, str]] | None:
    """Rows of a packaged query, or ``None`` when this finkg does not ship it."""
    try:
        return _rows(run_query(store, name, {}))
    except ResourceNotFound:
        return None


def write_report(
    store: Store,
    out_dir: Path,
    *,
    documents: Iterable[Path] = (),
    company: str | None = None,
) -> Path:
    """Write the HTML report on a company to ``out_dir`` and return the path of ``index.html``.

    Args:
        store: the store to read.
        out_dir: the folder to write (created; files of an earlier report are overwritten).
        documents: document files, or folders holding them, to show in full on the source
            pages; a file is used only if it is the one loaded (same name and sha256).
        company: the company's label or IRI; by default the issuer with the most observations.

    Raises:
        ReportError: the store holds no documents, or ``company`` names none of its issuers.

    >>> import tempfile
    >>> from finkg.store import EmbeddedStore
    >>> write_report(EmbeddedStore(None), Path(tempfile.mkdtemp()))
    Traceback (most recent call last):
    finkg.report.ReportError: the store holds no documents: build or load some first
    """
    docs = _documents(store, documents)
    if not docs:
        raise ReportError("the store holds no documents: build or load some first")
    chosen = _company(store, company)
    own = [d for d in docs.values() if d.issuer in ("", chosen["label"])]
    links = _Links(docs)
    out_dir.mkdir(parents=True, exist_ok=True)
    metrics = [
        _Metric(
            r["metric"],
            r["label"],
            r["statement_label"],
            rank,
            int(r["periods"]),
            int(r["outlooks"]),
        )
        for rank, r in enumerate(
            _rows(run_query(store, "report-metrics", {"company": chosen["company"]}))
        )
    ]
    series = company_series(store, chosen["company"])
    key = _key_metrics(metrics, series)
    outlook = {m.iri: series.get(m.iri, []) for m in metrics if m.outlooks > 0}
    charts = _charts(out_dir, key, outlook, series)
    ownership = _optional_rows(store, "ownership")
    group = _group(ownership or [], chosen["label"])
    stakes = [r for r in ownership or [] if r["owner"] in group or r["owned"] in group]
    picture = _ownership_picture(store, out_dir, chosen["company"] if stakes else None)
    services = _optional_rows(store, "services")
    customers = _optional_rows(store, "customers")
    sections = [
        _key_section(key, links),
        _outlook_section(outlook, links),
        _charts_section(charts),
        _ownership_section(None if ownership is None else stakes, picture, links),
        _table_section(
            "services",
            "Services",
            None if services is None else [r for r in services if r["provider"] in group],
            ("provider", "service", "segment", "launched"),
            ("launched",),
            links,
        ),
        _table_section(
            "customers",
            "Customers",
            None
            if customers is None
            else [r for r in customers if r["supplier"] in group or r["customer"] in group],
            ("supplier", "customer", "industry", "business_line", "period"),
            (),
            links,
        ),
        _documents_section(own),
    ]
    index = out_dir / "index.html"
    index.write_text(_index_page(chosen, sections), encoding="utf-8")
    shown = {d.file for d in own}
    _write_source_pages(
        out_dir / "sources", [d for d in docs.values() if d.file in shown or d.cited]
    )
    return index


def _group(stakes: Sequence[Mapping[str, str]], company: str) -> set[str]:
    """The company and every entity it holds a stake in, directly or through others.

    >>> rows = [{"owner": "A", "owned": "B"}, {"owner": "B", "owned": "C"},
    ...         {"owner": "S", "owned": "A"}, {"owner": "X", "owned": "Y"}]
    >>> sorted(_group(rows, "A"))
    ['A', 'B', 'C']
    """
    group = {company}
    grew = True
    while grew:
        grew = False
        for row in stakes:
            if row["owner"] in group and row["owned"] not in group:
                group.add(row["owned"])
                grew = True
    return group


def _company(store: Store, wanted: str | None) -> dict[str, str]:
    companies = _rows(run_query(store, "report-companies", {}))
    if not companies:
        raise ReportError("no document in the store names its issuer: nothing to report on")
    if wanted is None:
        return companies[0]
    for row in companies:
        names = [row["company"], row["label"], *row["names"].split("; ")]
        if any(wanted.strip().casefold() == name.casefold() for name in names if name):
            return row
    listed = ", ".join(repr(row["label"]) for row in companies)
    raise ReportError(f"no issuer named {wanted!r} in the store; issuers: {listed}")


def _documents(store: Store, paths: Iterable[Path]) -> dict[str, _Document]:
    docs = {
        r["file"]: _Document(r["file"], r["title"], r["date"], r["issuer"], r["sha256"])
        for r in _rows(run_query(store, "report-documents", {}))
    }
    for row in _rows(run_query(store, "report-source-lines", {})):
        if row["file"] in docs:
            docs[row["file"]].lines[int(row["line"])] = row["text"]
    for path in _files(paths):
        document = docs.get(path.name)
        if document is None or document.full_text is not None:
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != document.sha256:
            continue
        lines = data.decode("utf-8-sig", errors="replace").splitlines()
        if all(
            0 < number <= len(lines) and lines[number - 1].strip() == text.strip()
            for number, text in document.lines.items()
        ):
            document.full_text = lines
    return docs


def _files(paths: Iterable[Path]) -> Iterable[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(entry for entry in path.iterdir() if entry.is_file())
        elif path.is_file():
            yield path


def _key_metrics(
    metrics: Sequence[_Metric], series: Mapping[str, list[SeriesPoint]]
) -> dict[str, list[tuple[_Metric, list[SeriesPoint]]]]:
    """Per statement, the metrics most documents state (then with the most periods), in the
    order their source prints them."""
    by_statement: dict[str, list[_Metric]] = {}
    for metric in metrics:
        if metric.periods > 0:
            by_statement.setdefault(metric.statement, []).append(metric)
    tables: dict[str, list[tuple[_Metric, list[SeriesPoint]]]] = {}
    ranked = sorted(
        by_statement.items(),
        key=lambda item: (-sum(m.periods for m in item[1][:KEY_METRICS_PER_STATEMENT]), item[0]),
    )
    for statement, candidates in ranked:
        chosen = [
            (metric, [p for p in series.get(metric.iri, []) if p.basis == "Actual"])
            for metric in candidates[:KEY_METRICS_PER_STATEMENT]
        ]
        chosen = [(metric, points) for metric, points in chosen if points]
        if chosen:
            tables[statement] = _printed_order(chosen)
    return tables


def _printed_order(
    rows: list[tuple[_Metric, list[SeriesPoint]]],
) -> list[tuple[_Metric, list[SeriesPoint]]]:
    """Order rows as the document citing most of them prints them (by line); others after."""
    files: dict[str, set[str]] = {}
    for metric, points in rows:
        for point in points:
            files.setdefault(point.file, set()).add(metric.iri)
    main = min(files, key=lambda f: (-len(files[f]), f))

    def position(row: tuple[_Metric, list[SeriesPoint]]) -> tuple[int, str]:
        lines = [p.line for p in row[1] if p.file == main]
        return (min(lines) if lines else 10**9, row[0].label)

    return sorted(rows, key=position)


def _periods(points: Iterable[SeriesPoint]) -> list[SeriesPoint]:
    seen: dict[str, SeriesPoint] = {}
    for point in sorted(points, key=lambda p: p.order):
        seen.setdefault(point.period, point)
    return list(seen.values())


def _key_section(
    tables: Mapping[str, list[tuple[_Metric, list[SeriesPoint]]]], links: _Links
) -> str:
    parts = ['<section id="key-metrics"><h2>Key metrics</h2>']
    if not tables:
        parts.append('<p class="empty">No actual values in the store.</p>')
    for statement, rows in tables.items():
        columns = _periods(p for _, points in rows for p in points)
        head = "".join(
            f'<th scope="col" class="{_kind_class(p)}">{html.escape(p.period)}</th>'
            for p in columns
        )
        scales = {
            unit: choose_scale(p.value for _, points in rows for p in points if p.unit == unit)
            for unit in {points[0].unit for _, points in rows}
        }
        body = []
        for metric, points in rows:
            scale = scales[points[0].unit]
            by_period = {p.period: p for p in points}
            unit = scale.unit_label(points[0].unit)
            cells = []
            for column in columns:
                point = by_period.get(column.period)
                cells.append(
                    f'<td class="{_kind_class(column)}">'
                    + (_number(point, scale, links) if point else "")
                    + "</td>"
                )
            body.append(
                f'<tr data-metric="{html.escape(_local(metric.iri))}">'
                f'<th scope="row">{html.escape(metric.label)}'
                f' <span class="unit">{html.escape(unit)}</span></th>{"".join(cells)}</tr>'
            )
        slug = _UNSAFE.sub("-", statement)
        parts.append(
            f'<h3 id="key-{html.escape(slug)}">{html.escape(statement.capitalize())}</h3>'
            f'<div class="scroll"><table class="key" data-statement="{html.escape(statement)}">'
            f'<thead><tr><th scope="col">Metric</th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )
    parts.append("</section>")
    return "".join(parts)


def _kind_class(point: SeriesPoint) -> str:
    return "kind-" + _UNSAFE.sub("-", point.kind_label)


def _local(iri: str) -> str:
    return iri.removeprefix(str(METRIC))


def _number(point: SeriesPoint, scale: Scale, links: _Links) -> str:
    return links.number(scale.format(point.value, point.decimals), point.file, point.line)


def _outlook_section(outlook: Mapping[str, list[SeriesPoint]], links: _Links) -> str:
    rows = []
    for iri, points in outlook.items():
        if not points:
            continue
        scale = choose_scale(p.value for p in points)
        unit = scale.unit_label(points[0].unit)
        actual = {p.period: p for p in points if p.basis == "Actual"}
        by_period: dict[str, dict[str, SeriesPoint]] = {}
        for point in points:
            if point.basis != "Actual":
                by_period.setdefault(point.period, {})[point.basis] = point
        for period, bases in sorted(
            by_period.items(), key=lambda i: next(iter(i[1].values())).order
        ):
            entries: list[tuple[str, str]] = []
            if all(b in bases for b in _RANGE):
                low, high = (bases.pop(b) for b in _RANGE)
                entries.append(
                    (
                        "guidance range",
                        f"{_number(low, scale, links)} – {_number(high, scale, links)}",
                    )
                )
            entries += [(basis, _number(p, scale, links)) for basis, p in sorted(bases.items())]
            reported = actual.get(period)
            for basis, value in entries:
                rows.append(
                    f'<tr data-metric="{html.escape(_local(iri))}">'
                    f"<td>{html.escape(points[0].label)}</td><td>{html.escape(period)}</td>"
                    f'<td>{html.escape(basis)}</td><td class="n">{value}</td>'
                    f'<td class="n">{_number(reported, scale, links) if reported else ""}</td>'
                    f"<td>{html.escape(unit)}</td></tr>"
                )
    if not rows:
        body = '<p class="empty">No guidance, targets or consensus in the store.</p>'
    else:
        body = (
            '<div class="scroll"><table class="outlook"><thead><tr><th>Metric</th><th>Period</th>'
            "<th>Basis</th><th>Value</th><th>Actual</th><th>Unit</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    return f'<section id="outlook"><h2>Guidance, targets and consensus</h2>{body}</section>'


def _charts(
    out_dir: Path,
    key: Mapping[str, list[tuple[_Metric, list[SeriesPoint]]]],
    outlook: Mapping[str, list[SeriesPoint]],
    series: Mapping[str, list[SeriesPoint]],
) -> list[tuple[str, str]]:
    """Chart the first key metrics of each statement, and metrics with outlooks and actuals
    for more than one period."""
    wanted: list[str] = []
    for rows in key.values():
        for metric, _ in sorted(rows, key=lambda row: row[0].rank)[:CHARTS_PER_STATEMENT]:
            wanted.append(metric.iri)
    for iri, points in outlook.items():
        if len({p.period for p in points if p.basis == "Actual"}) > 1:
            wanted.append(iri)
    charts = []
    for iri in dict.fromkeys(wanted):
        points = series.get(iri, [])
        if len({p.period for p in points}) < 2:  # one period is a table cell, not a chart
            continue
        relative = f"charts/{_UNSAFE.sub('_', _local(iri))}.svg"
        draw_series(points, out_dir / relative)
        charts.append((relative, points[0].label))
    return charts


def _charts_section(charts: Sequence[tuple[str, str]]) -> str:
    figures = "".join(
        f'<figure class="chart"><img src="{html.escape(quote(path))}" '
        f'alt="{html.escape(label)} chart"><figcaption>{html.escape(label)}</figcaption></figure>'
        for path, label in charts
    )
    body = figures or '<p class="empty">No series to chart.</p>'
    return f'<section id="charts"><h2>Charts</h2>{body}</section>'


def _ownership_picture(store: Store, out_dir: Path, company: str | None) -> str | None:
    """Draw the company's group with finkg.network (when it ships) if the company has stakes."""
    if company is None:
        return None
    try:
        from finkg.network import draw_ownership
    except ImportError:
        return None
    draw_ownership(store, out_dir / "ownership.svg", root=company)
    return "ownership.svg"


def _ownership_section(
    rows: list[dict[str, str]] | None, picture: str | None, links: _Links
) -> str:
    parts = ['<section id="ownership"><h2>Ownership</h2>']
    if picture is not None:
        parts.append(
            f'<figure class="ownership"><img src="{html.escape(picture)}" '
            'alt="ownership structure"><figcaption>Group structure</figcaption></figure>'
        )
    if not rows:
        parts.append('<p class="empty">No stakes in the store.</p>')
    else:
        body = "".join(
            "<tr>"
            f"<td>{html.escape(r['owner'])}</td><td>{html.escape(r['owned'])}</td>"
            f'<td class="n">{links.numbers_in(r["percent"] and r["percent"] + "%", r["source"])}'
            f"</td><td>{html.escape(_words(r['kind']))}</td><td>{html.escape(r['as_of'])}</td>"
            f"<td>{links.sources(r['source'])}</td></tr>"
            for r in rows
        )
        parts.append(
            '<div class="scroll"><table class="stakes"><thead><tr><th>Owner</th><th>Owned</th>'
            "<th>Percent</th><th>Kind</th><th>As of</th><th>Source</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>"
        )
    parts.append("</section>")
    return "".join(parts)


def _words(name: str) -> str:
    """A CamelCase name in words.

    >>> _words("EquityMethodInvestee")
    'equity method investee'
    """
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _table_section(
    anchor: str,
    title: str,
    rows: list[dict[str, str]] | None,
    columns: Sequence[str],
    numeric: Sequence[str],
    links: _Links,
) -> str:
    if rows is None:
        body = f'<p class="empty">This finkg has no {html.escape(anchor)} query.</p>'
    elif not rows:
        body = f'<p class="empty">No {html.escape(anchor)} in the store.</p>'
    else:
        head = "".join(f"<th>{html.escape(c.replace('_', ' ').capitalize())}</th>" for c in columns)
        lines = []
        for row in rows:
            cells = "".join(
                f"<td>{links.numbers_in(row.get(c, ''), row.get('source', ''))}</td>"
                if c in numeric
                else f"<td>{html.escape(row.get(c, ''))}</td>"
                for c in columns
            )
            lines.append(f"<tr>{cells}<td>{links.sources(row.get('source', ''))}</td></tr>")
        body = (
            f'<div class="scroll"><table class="{html.escape(anchor)}"><thead><tr>{head}'
            f"<th>Source</th></tr></thead><tbody>{''.join(lines)}</tbody></table></div>"
        )
    return f'<section id="{html.escape(anchor)}"><h2>{html.escape(title)}</h2>{body}</section>'


def _documents_section(docs: Sequence[_Document]) -> str:
    rows = "".join(
        f'<tr><td><a href="sources/{html.escape(quote(_page_name(d.file)))}">'
        f"{html.escape(d.file)}</a></td><td>{html.escape(d.title)}</td>"
        f"<td>{html.escape(d.date)}</td>"
        f"<td>{'full text' if d.full_text is not None else 'quoted lines only'}</td></tr>"
        for d in docs
    )
    return (
        '<section id="documents"><h2>Documents</h2><table class="documents"><thead><tr>'
        "<th>File</th><th>Title</th><th>Date</th><th>Shown</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _index_page(company: Mapping[str, str], sections: Sequence[str]) -> str:
    names = "; ".join(n for n in company["names"].split("; ") if n and n != company["label"])
    facts = [f"Also known as {names}" if names else "", company["listings"].replace("; ", ", ")]
    subtitle = " · ".join(html.escape(f) for f in facts if f)
    nav = "".join(
        f'<a href="#{anchor}">{label}</a>'
        for anchor, label in (
            ("key-metrics", "Key metrics"),
            ("outlook", "Outlook"),
            ("charts", "Charts"),
            ("ownership", "Ownership"),
            ("services", "Services"),
            ("customers", "Customers"),
            ("documents", "Documents"),
        )
    )
    return _page(
        company["label"],
        f'<header><h1>{html.escape(company["label"])}</h1><p class="sub">{subtitle}</p>'
        f"<nav>{nav}</nav></header><main>{''.join(sections)}</main>"
        "<footer>Every number links to the source line it was read from. Made by finkg.</footer>",
    )


def _write_source_pages(folder: Path, docs: Sequence[_Document]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for document in docs:
        (folder / _page_name(document.file)).write_text(_source_page(document), encoding="utf-8")


def _source_page(document: _Document) -> str:
    if document.full_text is not None:
        numbered = list(enumerate(document.full_text, start=1))
        note = "The document's full text."
    else:
        numbered = sorted(document.lines.items())
        note = "Only the lines finkg quotes: the document file was not given to the report."
    rows = []
    previous = 0
    for number, text in numbered:
        if number != previous + 1:
            rows.append('<div class="gap">…</div>')
        previous = number
        cited = " cited" if number in document.cited else ""
        rows.append(
            f'<div class="l{cited}" id="L{number}"><a class="ln" href="#L{number}">{number}</a>'
            f'<span class="t">{html.escape(text)}</span></div>'
        )
    heading = html.escape(document.title or document.file)
    return _page(
        document.file,
        f'<header><p><a href="../index.html">← report</a></p><h1>{heading}</h1>'
        f'<p class="sub">{html.escape(document.file)}'
        f"{' · ' + html.escape(document.date) if document.date else ''} · {note}</p></header>"
        f'<main class="source">{"".join(rows)}</main>',
    )


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;
margin:0;background:#f6f7f9}
header,main,footer{max-width:1200px;margin:0 auto;padding:0 24px}
header{padding-top:24px}h1{margin:0 0 4px;font-size:28px}.sub{color:#5b6475;margin:0 0 12px}
nav a{margin-right:16px;color:#1f4e79;text-decoration:none;font-weight:600}
section{background:#fff;border:1px solid #e2e5ea;border-radius:8px;padding:8px 20px 16px;
margin:20px 0}h2{font-size:20px;margin:12px 0}h3{font-size:16px;margin:16px 0 6px;color:#34405a}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:14px}
th,td{padding:5px 10px;border-bottom:1px solid #eceef2;text-align:left;vertical-align:top}
thead th{background:#f0f2f5;font-weight:600;white-space:nowrap}
table.key td,td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.key th[scope=row]{white-space:nowrap;position:sticky;left:0;background:#fff}
.unit{color:#7a8393;font-weight:400;font-size:12px}
table.key .kind-fiscal-year{background:#f7f9fc;font-weight:600}
a.num{color:inherit;text-decoration:none;border-bottom:1px dotted #8aa2c0}
a.num:hover{background:#fff3b0}a.src{color:#5b6475;font-size:12px}
figure{margin:12px 0}figure img{max-width:100%;height:auto;border:1px solid #eceef2}
figcaption{color:#5b6475;font-size:13px}.empty{color:#7a8393}
footer{color:#7a8393;font-size:13px;padding-bottom:32px}
main.source{font:13px/1.5 ui-monospace,"DejaVu Sans Mono",monospace;background:#fff;
border:1px solid #e2e5ea;border-radius:8px;padding:12px 0}
.l{display:flex;white-space:pre-wrap;word-break:break-word;padding:0 16px;
scroll-margin-top:30vh}
.l .ln{flex:0 0 4.5em;color:#9aa3b2;text-decoration:none;text-align:right;padding-right:14px;
user-select:none}.l.cited{background:#f3f7fc}.l:target{background:#fff3b0}
.gap{color:#9aa3b2;padding:0 16px 0 4.5em}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )
