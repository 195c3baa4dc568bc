"""The ownership picture: a group's structure drawn as an SVG or PNG with matplotlib.

Called through :func:`finkg.network.draw_ownership`; this module holds the layout.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from finkg.network import _label, _number, ownership_graph, resolve
from finkg.store import Store

__all__ = ["draw_ownership"]


_PALETTE: dict[str, tuple[str, str, str]] = {  # kind -> (colour, tint, legend text)
    "ConsolidatedSubsidiary": ("#1f5fa8", "#e3edf8", "Consolidated subsidiary"),
    "EquityMethodInvestee": ("#2b8a5a", "#e2f3ea", "Equity-method investee"),
    "Affiliate": ("#c8711d", "#fbeddd", "Affiliate"),
    "Shareholding": ("#7a4ca0", "#efe6f6", "Shareholder"),
}
_OTHER = ("#666666", "#eeeeee", "Other stake")
_COLUMN_TITLES = {
    "ConsolidatedSubsidiary": "Consolidated subsidiaries",
    "EquityMethodInvestee": "Equity-method investees",
    "Affiliate": "Affiliates",
    "Shareholding": "Shareholdings",
}
_BOX_W = 2.5  # inches: the drawing's data unit is the inch, so text sizes are exact
_CONNECTOR = 0.72
_INDENT = 0.28
_LINE = 0.17
_GAP = 0.14
_COLUMN_GAP = 0.45
_MAX_ROWS = 12  # boxes in one column before the next column continues it
_MAX_OWNERS = 7  # shareholders drawn above the root; the others are counted
_WRAP = 27


@dataclass
class _Item:
    node: str
    parent: str
    depth: int
    repeat: bool = False
    top: float = 0.0
    height: float = 0.0
    left: float = 0.0


def draw_ownership(
    store_or_graph: Store | nx.DiGraph, output: Path, *, root: str | None = None
) -> Path:
    """Draw the ownership view to ``output`` (.svg, .png); see ``finkg.network.draw_ownership``.

    >>> import tempfile
    >>> G = nx.DiGraph()
    >>> G.add_edge("urn:p", "urn:s", percent=51.0, kind="ConsolidatedSubsidiary")
    >>> draw_ownership(G, Path(tempfile.mkdtemp()) / "group.png").suffix
    '.png'
    """
    suffix = output.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise ValueError(f"{output}: the picture must be a .svg or .png file, not {suffix!r}")
    graph = (
        store_or_graph
        if isinstance(store_or_graph, nx.DiGraph)
        else ownership_graph(store_or_graph)
    )
    if graph.is_multigraph():
        raise ValueError("draw_ownership draws the ownership view, not a multigraph")
    top = resolve(graph, root) if root is not None else _default_root(graph)
    figure = _Drawing(graph, top).render()
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "finkg"}):
        figure.savefig(output, format=suffix[1:], dpi=150, metadata=_metadata(suffix))
    return output


def _metadata(suffix: str) -> dict[str, str | None]:
    return {"Date": None} if suffix == ".svg" else {"Software": "finkg"}


def _default_root(graph: nx.DiGraph) -> str | None:
    if graph.number_of_nodes() == 0:
        return None

    def weight(node: str) -> tuple[bool, int, str]:
        issuer = bool(graph.nodes[node].get("issuer"))
        return (issuer, graph.degree(node), _label(graph, node))

    return str(max(graph.nodes, key=weight))


class _Drawing:
    """Lays out and draws one ownership tree; coordinates are inches, y grows upwards."""

    def __init__(self, graph: nx.DiGraph, root: str | None) -> None:
        from matplotlib.figure import Figure

        self.graph = graph
        self.root = root
        self.figure = Figure()
        self.axes = self.figure.add_axes((0.0, 0.0, 1.0, 1.0))
        self.axes.set_axis_off()
        self.kinds: set[str] = set()

    # layout helpers

    def _lines(self, node: str) -> list[str]:
        return textwrap.wrap(_label(self.graph, node), _WRAP) or [node]

    def _height(self, node: str) -> float:
        return 0.2 + _LINE * len(self._lines(node)) + 0.16

    def _edge(self, owner: str, owned: str) -> dict[str, Any]:
        return dict(self.graph.edges[owner, owned])

    def _columns(self) -> list[tuple[str, list[_Item]]]:
        assert self.root is not None
        groups: dict[str, list[str]] = defaultdict(list)
        for owned in self.graph.successors(self.root):
            groups[str(self.graph.edges[self.root, owned].get("kind", ""))].append(owned)
        order = [*_PALETTE, *sorted(set(groups) - set(_PALETTE))]
        seen = {self.root, *self.graph.successors(self.root)}
        drawn: set[str] = set()
        columns: list[tuple[str, list[_Item]]] = []
        for kind in order:
            children = sorted(groups.get(kind, []), key=self._stake_key(self.root))
            chunk: list[_Item] = []
            chunks = [chunk]
            for child in children:
                if child in drawn:
                    continue
                drawn.add(child)
                subtree = self._subtree(self.root, child, 0, seen)
                if chunk and len(chunk) + len(subtree) > _MAX_ROWS:
                    chunk = []
                    chunks.append(chunk)
                chunk.extend(subtree)
            for number, items in enumerate(c for c in chunks if c):
                title = _COLUMN_TITLES.get(kind, kind or "Other stakes")
                count = len(children)
                columns.append((kind, items) if number else (f"{title} ({count})|{kind}", items))
        return columns

    def _stake_key(self, owner: str) -> Any:
        def key(owned: str) -> tuple[float, str]:
            percent = self.graph.edges[owner, owned].get("percent")
            return (
                -(percent if percent is not None else -1.0),
                _label(self.graph, owned).casefold(),
            )

        return key

    def _subtree(self, parent: str, node: str, depth: int, seen: set[str]) -> list[_Item]:
        seen.add(node)
        items = [_Item(node, parent, depth)]
        for child in sorted(self.graph.successors(node), key=self._stake_key(node)):
            if child in seen:  # drawn elsewhere (or a cycle): a dashed reference, not a subtree
                items.append(_Item(child, node, depth + 1, repeat=True))
            else:
                items.extend(self._subtree(node, child, depth + 1, seen))
        return items

    # drawing primitives

    def _box(
        self, left: float, top: float, width: float, node: str, kind: str, **style: Any
    ) -> float:
        from matplotlib.patches import FancyBboxPatch

        colour, tint, _ = _PALETTE.get(kind, _OTHER)
        lines = self._lines(node)
        height = self._height(node)
        face = "white" if style.get("dashed") else style.get("face", tint)
        self.axes.add_patch(
            FancyBboxPatch(
                (left, top - height),
                width,
                height,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=face,
                edgecolor=style.get("edge", colour),
                linewidth=1.2,
                linestyle="--" if style.get("dashed") else "-",
                zorder=3,
            )
        )
        centred = style.get("centred", False)
        self.axes.text(
            left + width / 2 if centred else left + 0.12,
            top - height / 2 if centred else top - 0.12,
            "\n".join(lines),
            ha="center" if centred else "left",
            va="center" if centred else "top",
            fontsize=style.get("size", 9),
            fontweight=style.get("weight", "normal"),
            color=style.get("text", "#1a1a1a"),
            linespacing=1.15,
            zorder=4,
        )
        return height

    def _foot(
        self,
        left: float,
        top: float,
        node: str,
        edge: Mapping[str, Any],
        kind: str,
        *,
        repeat: bool = False,
    ) -> None:
        from matplotlib.patches import Rectangle

        colour, _, _ = _PALETTE.get(kind, _OTHER)
        height = self._height(node)
        bottom = top - height
        percent = edge.get("percent")
        if percent is not None:
            self.axes.add_patch(
                Rectangle(
                    (left + 0.06, bottom + 0.05),
                    (_BOX_W - 0.12) * min(percent, 100) / 100,
                    0.05,
                    facecolor=colour,
                    edgecolor="none",
                    zorder=4,
                )
            )
        what = str(self.graph.nodes[node].get("kind", ""))
        notes = [what] if what not in ("company", "") else []
        if repeat:
            notes.append("shown elsewhere")
        if edge.get("as_of"):
            notes.append(f"as of {edge['as_of']}")
        if notes:
            self.axes.text(
                left + _BOX_W - 0.1,
                bottom + 0.13,
                " \u00b7 ".join(notes),
                ha="right",
                va="bottom",
                fontsize=6.5,
                color="#777777",
                zorder=4,
            )

    def _pill(self, x: float, y: float, edge: Mapping[str, Any], kind: str) -> None:
        colour, _, _ = _PALETTE.get(kind, _OTHER)
        percent = edge.get("percent")
        text = "?" if percent is None else f"{_number(percent)}%"
        self.axes.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontsize=7.5,
            fontweight="bold",
            color=colour,
            zorder=5,
            bbox={
                "boxstyle": "round,pad=0.18",
                "facecolor": "white",
                "edgecolor": colour,
                "linewidth": 0.8,
            },
        )

    def _line(self, xs: list[float], ys: list[float], kind: str, width: float = 1.4) -> None:
        colour, _, _ = _PALETTE.get(kind, _OTHER)
        self.axes.plot(xs, ys, color=colour, linewidth=width, solid_capstyle="butt", zorder=2)

    def _arrow(self, start: tuple[float, float], end: tuple[float, float], kind: str) -> None:
        from matplotlib.patches import FancyArrowPatch

        colour, _, _ = _PALETTE.get(kind, _OTHER)
        self.axes.add_patch(
            FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=12,
                color=colour,
                linewidth=1.4,
                shrinkA=0,
                shrinkB=0,
                zorder=2,
            )
        )

    # the picture

    def render(self) -> Any:
        if self.root is None:
            return self._empty()
        graph, root = self.graph, self.root
        columns = self._columns()
        widths = [
            _CONNECTOR + max(i.depth for i in items) * (_INDENT + _CONNECTOR) + _BOX_W
            for _, items in columns
        ]
        owners = sorted(graph.predecessors(root), key=lambda o: self._owner_key(o))
        shown, hidden = owners[:_MAX_OWNERS], owners[_MAX_OWNERS:]
        owners_width = len(shown) * (_BOX_W + 0.6) + (2.2 if hidden else 0.0)
        body = sum(widths) + _COLUMN_GAP * max(len(widths) - 1, 0)
        width = max(body, owners_width, 7.0) + 1.0
        x0 = (width - body) / 2
        y = -0.45
        self.axes.text(
            0.5,
            y,
            f"Group structure of {_label(graph, root)}",
            fontsize=15,
            fontweight="bold",
            ha="left",
            va="top",
            color="#1a1a1a",
        )
        group = nx.node_connected_component(graph.to_undirected(as_view=True), root)
        dates = sorted(
            {str(d["as_of"]) for u, _, d in graph.edges(data=True) if u in group and d.get("as_of")}
        )
        span = (
            f"stakes as stated {dates[0]} to {dates[-1]}"
            if len(dates) > 1
            else (f"stakes as stated {dates[0]}" if dates else "stakes as stated")
        )
        self.axes.text(
            0.5,
            y - 0.34,
            subtitle := textwrap.fill(
                f"Ownership view of the knowledge graph, {span}. Arrows run from owner to "
                "owned; a bar shows the size of the stake; ? = percentage not stated"
                + (
                    "; a dashed box is a company shown elsewhere in the picture."
                    if any(item.repeat for _, items in columns for item in items)
                    else "."
                ),
                int((width - 1.0) / 0.068),
            ),
            fontsize=8,
            ha="left",
            va="top",
            color="#555555",
        )
        y -= 0.95 + 0.14 * subtitle.count("\n")
        root_width = max(_BOX_W + 0.6, 0.11 * len(_label(graph, root)) + 0.4)
        root_left = width / 2 - root_width / 2
        # shareholders above the root, arrows into its top edge
        owner_boxes: list[tuple[str, float, float, str]] = []
        left = width / 2 - (len(shown) * (_BOX_W + 0.6) - 0.6) / 2
        for owner in shown:
            kind = str(graph.edges[owner, root].get("kind", ""))
            self.kinds.add(kind)
            height = self._box(left, y, _BOX_W, owner, kind)
            self._foot(left, y, owner, self._edge(owner, root), kind)
            owner_boxes.append((owner, left, y - height, kind))
            left += _BOX_W + 0.6
        if hidden:
            more = f"+ {len(hidden)} more\nshareholder{'s' if len(hidden) > 1 else ''}"
            self.axes.text(left - 0.4, y - 0.15, more, fontsize=8, color="#555555", va="top")
        if shown:
            y -= max(self._height(o) for o in shown) + 0.85
        root_top = y
        for index, (owner, left, bottom, kind) in enumerate(owner_boxes):
            share = (index + 1) / (len(owner_boxes) + 1)
            end = (root_left + root_width * share, root_top)
            start = (left + _BOX_W / 2, bottom)
            self._arrow(start, end, kind)
            mid = (start[0] + (end[0] - start[0]) * 0.45, start[1] + (end[1] - start[1]) * 0.45)
            self._pill(mid[0], mid[1], self._edge(owner, root), kind)
        root_height = self._box(
            root_left,
            root_top,
            root_width,
            root,
            "",
            face="#1d2b3a",
            edge="#1d2b3a",
            text="white",
            size=12,
            weight="bold",
            centred=True,
        )
        y = root_top - root_height
        if columns:
            bus = y - 0.35
            self._line([width / 2, width / 2], [y, bus], "", 1.6)
            spines = []
            left = x0
            for (_, _), column_width in zip(columns, widths, strict=True):
                spines.append(left + 0.02)
                left += column_width + _COLUMN_GAP
            self._line([spines[0], max(spines[-1], width / 2)], [bus, bus], "", 1.6)
            self._line([min(spines[0], width / 2), spines[0]], [bus, bus], "", 1.6)
            lowest = bus
            for (header, items), spine in zip(columns, spines, strict=True):
                lowest = min(lowest, self._column(header, items, spine, bus))
            y = lowest
        y = self._legend_and_notes(y - 0.3, width)
        height = -y + 0.3
        self.axes.set_xlim(0, width)
        self.axes.set_ylim(-height, 0)
        self.figure.set_size_inches(width, height)
        return self.figure

    def _owner_key(self, owner: str) -> tuple[float, str]:
        assert self.root is not None
        percent = self.graph.edges[owner, self.root].get("percent")
        return (-(percent if percent is not None else -1.0), _label(self.graph, owner).casefold())

    def _column(self, header: str, items: list[_Item], spine: float, bus: float) -> float:
        title, _, kind = header.rpartition("|")
        kind = kind if title else header
        colour, _, _ = _PALETTE.get(kind, _OTHER)
        self.kinds.add(kind)
        y = bus - 0.3
        if title:
            self.axes.text(
                spine + 0.12,
                y,
                title,
                fontsize=9.5,
                fontweight="bold",
                color=colour,
                ha="left",
                va="center",
            )
        y -= 0.3
        lefts: dict[str, float] = {self.root or "": spine - _CONNECTOR - _INDENT}
        tops: dict[str, float] = {}
        last_child: dict[str, float] = {}
        for item in items:
            parent_left = lefts[item.parent]
            left = spine + _CONNECTOR if item.depth == 0 else parent_left + _INDENT + _CONNECTOR
            edge = self._edge(item.parent, item.node)
            item_kind = str(edge.get("kind", ""))
            self.kinds.add(item_kind)
            height = self._box(left, y, _BOX_W, item.node, item_kind, dashed=item.repeat)
            self._foot(left, y, item.node, edge, item_kind, repeat=item.repeat)
            middle = y - min(height / 2, 0.28)
            branch = spine if item.depth == 0 else parent_left + _INDENT
            self._line([branch, left], [middle, middle], item_kind)
            self._pill(branch + (_CONNECTOR + 0.02) / 2, middle, edge, item_kind)
            last_child[item.parent] = middle
            lefts[item.node], tops[item.node] = left, y - height
            item.top, item.height, item.left = y, height, left
            y -= height + _GAP
        for parent, bottom in last_child.items():
            if parent == self.root:
                self._line([spine, spine], [bus, bottom], kind)
            else:
                x = lefts[parent] + _INDENT
                self._line([x, x], [tops[parent], bottom], kind)
        return y

    def _legend_and_notes(self, y: float, width: float) -> float:
        from matplotlib.patches import Patch

        handles = [
            Patch(facecolor=tint, edgecolor=colour, label=text)
            for kind, (colour, tint, text) in _PALETTE.items()
            if kind in self.kinds
        ]
        if any(kind not in _PALETTE for kind in self.kinds if kind):
            handles.append(Patch(facecolor=_OTHER[1], edgecolor=_OTHER[0], label=_OTHER[2]))
        if handles:
            self.axes.legend(
                handles=handles,
                loc="upper center",
                ncol=len(handles),
                frameon=False,
                fontsize=8.5,
                bbox_to_anchor=(width / 2, y),
                bbox_transform=self.axes.transData,
                title="Stake kind",
                title_fontsize=8.5,
            )
            y -= 0.7
        others = [
            (u, v, d)
            for u, v, d in self.graph.edges(data=True)
            if self.root is not None
            and not nx.has_path(self.graph.to_undirected(as_view=True), self.root, u)
        ]
        if others:
            self.axes.text(
                0.5,
                y,
                "Not connected to this group:",
                fontsize=8,
                fontweight="bold",
                color="#555555",
                ha="left",
                va="top",
            )
            y -= 0.22
            for u, v, data in sorted(others, key=lambda e: (_label(self.graph, e[0]), e[1]))[:8]:
                percent = "?" if data.get("percent") is None else f"{_number(data['percent'])}%"
                details = ", ".join(str(x) for x in (data.get("kind"), data.get("as_of")) if x)
                line = (
                    f"{_label(self.graph, u)} \u2192 {_label(self.graph, v)}: {percent} ({details})"
                )
                self.axes.text(0.6, y, line, fontsize=8, color="#555555", ha="left", va="top")
                y -= 0.2
            if len(others) > 8:
                self.axes.text(
                    0.6,
                    y,
                    f"and {len(others) - 8} more",
                    fontsize=8,
                    color="#555555",
                    ha="left",
                    va="top",
                )
                y -= 0.2
        return y

    def _empty(self) -> Any:
        self.axes.text(
            0.5,
            0.5,
            "No stakes in the knowledge graph",
            ha="center",
            va="center",
            fontsize=12,
            color="#555555",
            transform=self.axes.transAxes,
        )
        self.figure.set_size_inches(5, 1.5)
        return self.figure
