"""Table blocks as grids: rows of cells with their line, and the pieces of a header.

A pipe table row ``| Sales | 5 | 6 |`` and a tab-separated row ``Sales\\t5\\t6`` both become a
:class:`Row` whose first cell is the label. Separator rows (``|---|``) are dropped. A one-line
"collapsed" table (the conversion lost every cell border) is rebuilt by :func:`split_collapsed`
when its header gives the number of value columns.

>>> from finkg.loaders.text import Line
>>> rows = table_rows([Line(1, "", "| | 2Q02 | 1Q02 |"), Line(2, "", "|--|--|--|"),
...                    Line(3, "", "| Sales | 5 | 6 |")])
>>> [(row.line.number, row.cells) for row in rows]
[(1, ('', '2Q02', '1Q02')), (3, ('Sales', '5', '6'))]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from finkg.loaders.quantities import CellNumber, parse_cell
from finkg.loaders.text import Line

__all__ = [
    "Row",
    "cell_numbers",
    "is_dash",
    "is_number_token",
    "split_collapsed",
    "table_rows",
]

_SEPARATOR = re.compile(r"^[\s|:~\-]*$")
_NUMBER_TOKEN = re.compile(r"^[(]?[-+]?(?:\(-\))?[¥$]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?[)]?$")


_DASH = re.compile(r"^[-–—~]+$")


def is_dash(cell: str) -> bool:
    """A dash or tilde alone in a cell: nothing reported (not zero).

    >>> is_dash("—"), is_dash("0")
    (True, False)
    """
    return bool(_DASH.match(cell.strip()))


def cell_numbers(cell: str) -> list[CellNumber] | None:
    """Every number in a table cell, in order: [] for none, None when the cell is garbled.

    A cell may hold several numbers when the conversion merged cells; the caller decides
    what that means. Reading a cell is :func:`finkg.loaders.quantities.parse_cell`'s job.

    >>> [str(n.value) for n in cell_numbers("6,204,815 538,907")]
    ['6204815', '538907']
    >>> cell_numbers("++,350,000") is None, cell_numbers("12 508 943") is None
    (True, True)
    >>> cell_numbers("—"), cell_numbers("Revenues")
    ([], [])
    """
    parsed = parse_cell(cell)
    if parsed is None or parsed.kind == "nil":
        return []
    if parsed.kind == "unreadable":
        return None
    return list(parsed.numbers)


@dataclass(frozen=True)
class Row:
    """One table row: the line it is on and its cleaned cells (the label first)."""

    line: Line
    cells: tuple[str, ...]

    @property
    def label(self) -> str:
        """The row label: the first cell."""
        return self.cells[0] if self.cells else ""

    @property
    def values(self) -> tuple[str, ...]:
        """The cells after the label."""
        return self.cells[1:]


def is_number_token(token: str) -> bool:
    """Tell whether a whitespace-free token is a number as tables print them.

    >>> [is_number_token(t) for t in ["(2,317)", "14.2%", "2Q06", "256kbps", "-"]]
    [True, True, False, False, False]
    """
    return bool(_NUMBER_TOKEN.match(token))


def _cells(line: Line) -> tuple[str, ...]:
    text = line.text
    if text.startswith("|"):
        parts = text.strip().strip("|").split("|")
        return tuple(part.strip() for part in parts)
    return tuple(part.strip() for part in line.text.split("\t"))


def table_rows(lines: Sequence[Line]) -> list[Row]:
    """Split the lines of a pipe or tab table into rows, dropping separator rows."""
    rows: list[Row] = []
    for line in lines:
        if _SEPARATOR.match(line.text):
            continue
        cells = list(_cells(line))
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        rows.append(Row(line, tuple(cells)))
    return rows


def split_collapsed(line: Line, columns: int, header_end: int) -> list[Row]:
    """Rebuild rows from a table whose cells were run together on one line.

    After the header (``header_end`` tokens), every run of label words followed by exactly
    ``columns`` number tokens is a row. Anything else makes the result empty: the caller
    reports the line rather than guess.

    >>> line = Line(7, "", "Items 2Q02 1Q02 Widgets 5 6 Total widgets 1,005 906")
    >>> [row.cells for row in split_collapsed(line, 2, 3)]
    [('Widgets', '5', '6'), ('Total widgets', '1,005', '906')]
    """
    tokens = line.text.split()[header_end:]
    rows: list[Row] = []
    label: list[str] = []
    numbers: list[str] = []
    for token in tokens:
        if is_number_token(token) and label:
            numbers.append(token)
            if len(numbers) == columns:
                rows.append(Row(line, (" ".join(label), *numbers)))
                label, numbers = [], []
        elif numbers:
            return []  # a label word inside a run of numbers: the columns do not line up
        else:
            label.append(token)
    return rows if not label and not numbers else []
