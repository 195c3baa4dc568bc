"""Charts of one metric over fiscal periods, read from the store.

The x axis is the metric's fiscal periods in time order (a quarter before the half year or year
that ends on the same day); the y axis is the value in the scale that suits it ("JPY billion").
Actual values are lines, one per kind of period (quarters, half years, years; a line breaks where
a period is missing); guidance ranges (``GuidanceLow`` .. ``GuidanceHigh``) are bands; point
guidance, targets, plans and consensus are markers. The picture is drawn with matplotlib's Agg
renderer (no display needed) to ``.png`` or ``.svg`` by the output's suffix; SVG text stays text.

>>> from finkg.store import EmbeddedStore
>>> plot_metric(EmbeddedStore(None), "Revenues", Path("r.png"))
Traceback (most recent call last):
finkg.chart.ChartError: no metric named 'Revenues' in the store
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import matplotlib as mpl
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from rdflib import URIRef

from finkg.query import run_query
from finkg.store import Store, Term
from finkg.vocab import METRIC

__all__ = [
    "ChartError",
    "Scale",
    "SeriesPoint",
    "choose_scale",
    "company_series",
    "draw_series",
    "metric_series",
    "plot_metric",
    "resolve_metric",
]

_BANDS = ("GuidanceLow", "GuidanceHigh")
_MARKERS = {"GuidancePoint": "D", "Target": "*", "Plan": "s", "Consensus": "X"}
_OTHER_MARKER = "P"
_ACTUAL = "#1f4e79"
_GUIDANCE = "#c55a11"
_OTHER_COLOURS = {"Target": "#2e8540", "Consensus": "#7030a0", "Plan": "#bf9000"}
_SCALES = (
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
    (Decimal(1000), "thousand"),
)
_FORMATS = {".png": "png", ".svg": "svg"}


class ChartError(ValueError):
    """A chart that cannot be drawn: unknown metric, segment or basis, no data, bad file type."""


@dataclass(frozen=True)
class SeriesPoint:
    """One value of a metric: a period, a basis and the source line its value comes from."""

    metric: str
    label: str
    company: str
    segment: str
    period: str
    kind_label: str
    start: date | None
    end: date | None
    instant: date | None
    basis: str
    value: Decimal
    unit: str
    decimals: int
    file: str
    line: int

    @classmethod
    def from_row(cls, row: Mapping[str, Term | None]) -> SeriesPoint:
        """Make a point from a row of the ``chart-series`` query.

        >>> from rdflib import Literal, URIRef
        >>> row = {"metric": URIRef("urn:m"), "label": Literal("Revenues"), "period": "FY2020",
        ...        "company": Literal("Example"), "segment": Literal(""),
        ...        "kind_label": Literal("fiscal year"), "start": Literal("2020-04-01"),
        ...        "end": Literal("2021-03-31"), "instant": Literal(""), "basis": "Actual",
        ...        "value": Literal("1.5E3"), "unit": Literal("JPY"), "decimals": Literal(0),
        ...        "file": Literal("a.txt"), "line": Literal(3)}
        >>> point = SeriesPoint.from_row(row)
        >>> point.value, point.end, point.instant
        (Decimal('1.5E+3'), datetime.date(2021, 3, 31), None)
        """
        return cls(
            metric=str(row["metric"]),
            label=str(row["label"]),
            company=str(row["company"]),
            segment=str(row["segment"] or ""),
            period=str(row["period"]),
            kind_label=str(row["kind_label"]),
            start=_date(row["start"]),
            end=_date(row["end"]),
            instant=_date(row["instant"]),
            basis=str(row["basis"]),
            value=Decimal(str(row["value"])),
            unit=str(row["unit"]),
            decimals=int(str(row["decimals"])),
            file=str(row["file"]),
            line=int(str(row["line"])),
        )

    @property
    def order(self) -> tuple[date, int]:
        """Time order: by end date (or instant), the shorter of two periods ending together first.

        >>> q = _point(period="Q4", start=date(2004, 1, 1), end=date(2004, 3, 31))
        >>> y = _point(period="FY", start=date(2003, 4, 1), end=date(2004, 3, 31))
        >>> [p.period for p in sorted([y, q], key=lambda p: p.order)]
        ['Q4', 'FY']
        """
        last = self.end or self.instant or date.min
        first = self.start or last
        return last, -first.toordinal()


@dataclass(frozen=True)
class Scale:
    """A power of ten values are shown in, with its name ("million"; "" for ones)."""

    factor: Decimal
    name: str

    def unit_label(self, unit: str) -> str:
        """Return ``unit`` with the scale's name: ``JPY million``, ``count thousand``, ``percent``.

        >>> Scale(Decimal(10) ** 6, "million").unit_label("JPY")
        'JPY million'
        """
        return f"{unit} {self.name}".strip()

    def format(self, value: Decimal, decimals: int) -> str:
        """Format ``value`` in this scale with the digits its precision (``decimals``) carries.

        >>> Scale(Decimal(10) ** 6, "million").format(Decimal("12431207000"), -3)
        '12,431.207'
        >>> Scale(Decimal(1), "").format(Decimal("-873"), 0)
        '-873'
        """
        exponent = self.factor.adjusted()
        digits = max(0, decimals + exponent)
        scaled = value / self.factor
        return f"{scaled:,.{digits}f}"


def choose_scale(values: Iterable[Decimal]) -> Scale:
    """Pick the scale that shows the typical (median) magnitude in at most five integer digits.

    >>> choose_scale([Decimal("8731204000"), Decimal("13905000000")]).name
    'million'
    >>> choose_scale([Decimal("13.8"), Decimal("7.6")]).name
    ''
    """
    magnitudes = sorted(abs(value) for value in values)
    if not magnitudes:
        return Scale(Decimal(1), "")
    typical = magnitudes[len(magnitudes) // 2]
    chosen = Scale(Decimal(1), "")
    for factor, name in reversed(_SCALES):
        if typical >= Decimal(10) ** 5 and typical / factor >= 1:
            chosen = Scale(factor, name)
            if typical / factor < Decimal(10) ** 5:
                break
    return chosen


def _axis_scale(values: Iterable[Decimal]) -> Scale:
    """The scale that shows the typical (median) magnitude as a number from 1 to 999 (an axis).

    >>> _axis_scale([Decimal("8731204000"), Decimal("84200000000")]).name
    'billion'
    >>> _axis_scale([Decimal("-873419000"), Decimal("27614000"), Decimal("5200000000")]).name
    'million'
    """
    magnitudes = sorted(abs(value) for value in values)
    typical = magnitudes[len(magnitudes) // 2] if magnitudes else Decimal(0)
    for factor, name in _SCALES:
        if typical >= factor:
            return Scale(factor, name)
    return Scale(Decimal(1), "")


def resolve_metric(store: Store, metric: str) -> URIRef:
    """Return the metric concept named by its IRI, its local name or one of its labels.

    Matching ignores case. Raises :class:`ChartError` naming close candidates when nothing matches.

    >>> from finkg.store import EmbeddedStore
    >>> resolve_metric(EmbeddedStore(None), "https://w3id.org/finkg/metric/Revenues")
    rdflib.term.URIRef('https://w3id.org/finkg/metric/Revenues')
    """
    if metric.startswith(str(METRIC)):
        return URIRef(metric)
    wanted = metric.strip().casefold()
    names: dict[str, set[URIRef]] = {}
    for row in run_query(store, "chart-metric-labels", {}).rows:
        concept = row["metric"]
        if not isinstance(concept, URIRef):
            continue
        for name in (str(concept).removeprefix(str(METRIC)), str(row["label"])):
            names.setdefault(name.casefold(), set()).add(concept)
    found = names.get(wanted, set())
    if len(found) == 1:
        return next(iter(found))
    if found:
        listed = ", ".join(sorted(str(c).removeprefix(str(METRIC)) for c in found))
        raise ChartError(f"{metric!r} names several metrics ({listed}): use the metric's name")
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(name) for name in close)}?" if close else ""
    raise ChartError(f"no metric named {metric!r} in the store{hint}")


def _date(term: Term | None) -> date | None:
    text = "" if term is None else str(term)
    return date.fromisoformat(text) if text else None


def _point(**fields: object) -> SeriesPoint:
    """A series point with defaults (for examples)."""
    values: dict[str, object] = {
        "metric": str(METRIC.Revenues),
        "label": "Revenues",
        "company": "Example",
        "segment": "",
        "period": "FY2020",
        "kind_label": "fiscal year",
        "start": None,
        "end": None,
        "instant": None,
        "basis": "Actual",
        "value": Decimal(1),
        "unit": "JPY",
        "decimals": 0,
        "file": "example.txt",
        "line": 1,
    }
    values.update(fields)
    return SeriesPoint(**values)  # type: ignore[arg-type]


def _choose(what: str, wanted: str | None, available: Collection[str], metric: str) -> str:
    """Pick one of ``available`` by name (any case), or the only one when none is asked for."""
    if wanted is not None:
        for name in available:
            if name.casefold() == wanted.strip().casefold():
                return name
        listed = ", ".join(repr(name) for name in sorted(available)) or "none"
        raise ChartError(f"{metric} has no values for {what} {wanted!r}; available: {listed}")
    if len(available) > 1:
        listed = ", ".join(repr(name) for name in sorted(available))
        raise ChartError(f"{metric} is reported by several {what}s ({listed}): choose one")
    return next(iter(available))


def metric_series(
    store: Store,
    metric: str,
    *,
    company: str | None = None,
    segment: str | None = None,
    bases: Collection[str] | None = None,
) -> list[SeriesPoint]:
    """Return a metric's values for one company and segment, in time order.

    Args:
        store: the store to read.
        metric: the metric's IRI, local name (``Revenues``) or a label (``Total revenues``).
        company: the reporting company's label; needed only when several report the metric.
        segment: a segment's label; ``None`` for the company-wide values.
        bases: the bases to keep (``Actual``, ``GuidanceLow``, ``Target``...); all by default.

    Raises:
        ChartError: the metric, company, segment or basis is unknown, or has no values.

    >>> from finkg.store import EmbeddedStore
    >>> metric_series(EmbeddedStore(None), "https://w3id.org/finkg/metric/Revenues")
    Traceback (most recent call last):
    finkg.chart.ChartError: no values of metric Revenues in the store
    """
    concept = resolve_metric(store, metric)
    name = str(concept).removeprefix(str(METRIC))
    rows = run_query(store, "chart-series", {"metric": str(concept)}).rows
    points = [SeriesPoint.from_row(row) for row in rows]
    if not points:
        raise ChartError(f"no values of metric {name} in the store")
    chosen = _choose("company", company, {p.company for p in points}, name)
    points = [p for p in points if p.company == chosen]
    segments = {p.segment for p in points}
    if segment is None:
        if "" not in segments:
            listed = ", ".join(repr(s) for s in sorted(segments))
            raise ChartError(f"{name} has no company-wide values; segments: {listed}")
        points = [p for p in points if p.segment == ""]
    else:
        picked = _choose("segment", segment, segments - {""}, name)
        points = [p for p in points if p.segment == picked]
    if bases is not None:
        known = {p.basis.casefold(): p.basis for p in points}
        unknown = sorted(b for b in bases if b.casefold() not in known)
        if unknown:
            listed = ", ".join(sorted(known.values()))
            raise ChartError(f"{name} has no values with basis {', '.join(unknown)}; has: {listed}")
        keep = {known[b.casefold()] for b in bases}
        points = [p for p in points if p.basis in keep]
    return sorted(points, key=lambda p: (p.order, p.basis))


def company_series(store: Store, company: str) -> dict[str, list[SeriesPoint]]:
    """Return every company-wide series of one company (by IRI), by metric IRI, in time order.

    >>> from finkg.store import EmbeddedStore
    >>> company_series(EmbeddedStore(None), "https://example.org/acme")
    {}
    """
    rows = run_query(store, "chart-series", {"entity": company}).rows
    series: dict[str, list[SeriesPoint]] = {}
    for row in rows:
        point = SeriesPoint.from_row(row)
        if not point.segment:
            series.setdefault(point.metric, []).append(point)
    return {
        metric: sorted(points, key=lambda p: (p.order, p.basis))
        for metric, points in series.items()
    }


def _runs(points: Sequence[SeriesPoint]) -> list[list[SeriesPoint]]:
    """Split same-kind points into runs of back-to-back periods (a gap starts a new run).

    >>> a = _point(period="Q1", start=date(2002, 4, 1), end=date(2002, 6, 30))
    >>> b = _point(period="Q2", start=date(2002, 7, 1), end=date(2002, 9, 30))
    >>> c = _point(period="Q1'", start=date(2003, 4, 1), end=date(2003, 6, 30))
    >>> [[p.period for p in run] for run in _runs([a, b, c])]
    [['Q1', 'Q2'], ["Q1'"]]
    """
    runs: list[list[SeriesPoint]] = []
    for point in points:
        previous = runs[-1][-1] if runs else None
        follows = previous is not None and (
            point.instant is not None
            or (
                previous.end is not None
                and point.start is not None
                and point.start == previous.end + timedelta(days=1)
            )
        )
        if follows:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def plot_metric(
    store: Store,
    metric: str,
    output: Path,
    *,
    company: str | None = None,
    segment: str | None = None,
    bases: Collection[str] | None = None,
) -> Path:
    """Draw a metric's series to ``output`` (``.png`` or ``.svg``) and return the path.

    Args:
        store: the store to read.
        metric: the metric's IRI, local name or label.
        output: the picture to write; its suffix picks the format. Folders are created.
        company: the reporting company (only needed when several report the metric).
        segment: a segment's label; company-wide values by default.
        bases: the bases to draw (all by default).

    Raises:
        ChartError: unknown metric/segment/basis, no values, or an unsupported file type.

    >>> from finkg.store import EmbeddedStore
    >>> plot_metric(EmbeddedStore(None), "Revenues", Path("r.pdf"))
    Traceback (most recent call last):
    finkg.chart.ChartError: r.pdf: charts are written as .png or .svg
    """
    if output.suffix.lower() not in _FORMATS:
        raise ChartError(f"{output}: charts are written as .png or .svg")
    points = metric_series(store, metric, company=company, segment=segment, bases=bases)
    return draw_series(points, output)


def draw_series(points: Sequence[SeriesPoint], output: Path) -> Path:
    """Draw the points of one metric (one company and segment) to ``output``, ``.png`` or ``.svg``.

    Raises:
        ChartError: no points, or an unsupported file type.

    >>> draw_series([], Path("empty.svg"))
    Traceback (most recent call last):
    finkg.chart.ChartError: empty.svg: no values to chart
    """
    fmt = _FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise ChartError(f"{output}: charts are written as .png or .svg")
    if not points:
        raise ChartError(f"{output}: no values to chart")
    figure = _draw(points)
    output.parent.mkdir(parents=True, exist_ok=True)
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "finkg"}):
        figure.savefig(output, format=fmt, dpi=150, metadata=_metadata(fmt))
    return output


def _metadata(fmt: str) -> dict[str, str | None]:
    """Metadata without dates, so the same data gives the same file."""
    if fmt == "svg":
        return {"Date": None, "Creator": "finkg"}
    return {"Software": "finkg"}


def _panels(points: Sequence[SeriesPoint]) -> list[list[SeriesPoint]]:
    """Group points by kind of period, shortest kind first (quarters, half years, years)."""
    kinds: dict[str, list[SeriesPoint]] = {}
    for point in points:
        kinds.setdefault(point.kind_label, []).append(point)

    def length(group: list[SeriesPoint]) -> int:
        spans = sorted(
            (p.end - p.start).days for p in group if p.start is not None and p.end is not None
        )
        return spans[len(spans) // 2] if spans else 0

    return sorted(kinds.values(), key=length)


def _draw(points: Sequence[SeriesPoint]) -> Figure:
    first = points[0]
    scale = _axis_scale(p.value for p in points)
    panels = _panels(points)
    sizes = [len({p.period for p in panel}) for panel in panels]
    width = min(16.0, max(8.0, 0.75 * sum(sizes) + 1.2 * len(panels) + 2.0))
    figure = Figure(figsize=(width, 5.4), layout="constrained")
    grid = figure.subplots(
        1, len(panels), squeeze=False, width_ratios=[max(2, size) for size in sizes]
    )
    handles: dict[str, Artist] = {}
    for axes, panel in zip(grid[0], panels, strict=True):
        _draw_panel(axes, panel, scale, handles, titled=len(panels) > 1)
    grid[0][0].set_ylabel(scale.unit_label(first.unit))
    title = first.label if not first.segment else f"{first.label}: {first.segment}"
    figure.suptitle(
        textwrap.fill(f"{title} — {first.company}", width=int(width * 7) - 6),
        x=0.01,
        ha="left",
        fontsize=13,
        fontweight="bold",
    )
    figure.legend(
        list(handles.values()),
        list(handles),
        loc="outside right upper",
        frameon=False,
        fontsize=9,
    )
    sources = sorted({p.file for p in points})
    figure.supxlabel(
        "Sources: " + ", ".join(sources), fontsize=7, color="#666666", x=0.01, ha="left"
    )
    return figure


def _draw_panel(
    axes: Axes,
    panel: Sequence[SeriesPoint],
    scale: Scale,
    handles: dict[str, Artist],
    *,
    titled: bool,
) -> None:
    """Draw one kind of period: actuals as a line, ranges as bands, other bases as markers."""
    periods: dict[str, SeriesPoint] = {}
    for point in sorted(panel, key=lambda p: p.order):
        periods.setdefault(point.period, point)
    x_of = {period: index for index, period in enumerate(periods)}

    def y(point: SeriesPoint) -> float:
        return float(point.value / scale.factor)

    actual = [p for p in panel if p.basis == "Actual"]
    for run in _runs(sorted(actual, key=lambda p: p.order)):
        (line,) = axes.plot(
            [x_of[p.period] for p in run],
            [y(p) for p in run],
            color=_ACTUAL,
            marker="o",
            markersize=6,
            linewidth=2.2,
            zorder=3,
        )
        handles.setdefault("actual", line)
        for index, p in enumerate(run):
            neighbours = [y(q) for q in run[max(0, index - 1) : index + 2] if q is not p]
            below = bool(neighbours) and all(y(p) < other for other in neighbours)
            axes.annotate(
                _short(p.value / scale.factor),
                (x_of[p.period], y(p)),
                textcoords="offset points",
                xytext=(0, -14 if below else 9),
                ha="center",
                va="center",
                fontsize=8,
                color=_ACTUAL,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
                zorder=5,
            )

    ranges: dict[str, dict[str, SeriesPoint]] = {}
    for point in panel:
        if point.basis in _BANDS:
            ranges.setdefault(point.period, {})[point.basis] = point
    for period, ends in ranges.items():
        x = x_of[period]
        low, high = ends.get("GuidanceLow"), ends.get("GuidanceHigh")
        if low is not None and high is not None:
            band = axes.fill_between(
                [x - 0.32, x + 0.32],
                y(low),
                y(high),
                facecolor=_GUIDANCE,
                alpha=0.35,
                edgecolor=_GUIDANCE,
                linewidth=1.2,
                zorder=1,
            )
            handles.setdefault("guidance range", band)
        else:
            one = low or high
            assert one is not None
            (mark,) = axes.plot(
                [x],
                [y(one)],
                linestyle="none",
                marker="_",
                markersize=18,
                markeredgewidth=2,
                color=_GUIDANCE,
                zorder=2,
            )
            handles.setdefault(f"guidance ({one.basis})", mark)

    others = [p for p in panel if p.basis != "Actual" and p.basis not in _BANDS]
    for basis in dict.fromkeys(p.basis for p in others):
        chosen = [p for p in others if p.basis == basis]
        dots = axes.scatter(
            [x_of[p.period] for p in chosen],
            [y(p) for p in chosen],
            marker=_MARKERS.get(basis, _OTHER_MARKER),
            s=150 if basis == "Target" else 70,
            facecolors="white",
            edgecolors=_OTHER_COLOURS.get(basis, _GUIDANCE),
            linewidths=1.8,
            zorder=4,
        )
        handles.setdefault(basis.lower(), dots)

    axes.set_xticks(range(len(periods)), list(periods), rotation=35, ha="right")
    axes.set_xlim(-0.6, len(periods) - 0.4)
    if titled:
        axes.set_title(panel[0].kind_label, fontsize=10, color="#444444")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))
    values = [y(p) for p in panel]
    low_end, high_end = min([*values, 0.0]), max([*values, 0.0])
    pad = (high_end - low_end) * 0.12 or 1.0
    axes.set_ylim(low_end - (pad if low_end < 0 else 0), high_end + pad)
    axes.axhline(0, color="#555555", linewidth=0.8, zorder=0)
    axes.grid(axis="y", color="#e3e3e3", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _short(value: Decimal) -> str:
    """A value for a label on the chart: three significant digits at most, thousands separated.

    >>> _short(Decimal("12.431207")), _short(Decimal("-2317")), _short(Decimal("84.6"))
    ('12.4', '-2,317', '84.6')
    """
    if value == 0:
        return "0"
    digits = max(0, 2 - value.copy_abs().adjusted())
    return f"{value:,.{digits}f}"
