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
from decimal import Decimal

from finkg.loaders.text import Line

__all__ = [
    "CellNumber",
    "Row",
    "cell_numbers",
    "is_dash",
    "is_number_token",
    "split_collapsed",
    "table_rows",
]

_SEPARATOR = re.compile(r"^[\s|:~\-]*$")
_NUMBER_TOKEN = re.compile(r"^[(]?[-+]?(?:\(-\))?[¥$]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?[)]?$")


@dataclass(frozen=True)
class CellNumber:
    """A number printed in a table cell: value as printed, decimal places, percent sign."""

    value: Decimal
    places: int
    percent: bool
    text: str


_CELL_NUMBER = re.compile(
    r"(?<![\w.,])(?P<open>\()?\s*(?P<neg>\(-\)|[-+])?\s*(?:JPY|USD|US\$|[¥$])?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<pct>%)?\s*(?P<close>\))?"
    r"(?![\w.,]*\d)"
)
_DASH = re.compile(r"^[-–—~]+$")
_GARBLE = re.compile(r"[+]{2}|\d \d{3}(?:\s|$)|\d[,.]{2}|[A-Za-z]\d|\d[A-Za-z]")
_UNIT_SUFFIX = re.compile(r"(?<=\d)\s*(?:m2|Gbps|Mbps|kbps|x|times)\b", re.IGNORECASE)


def is_dash(cell: str) -> bool:
    """A dash or tilde alone in a cell: nothing reported (not zero).

    >>> is_dash("—"), is_dash("0")
    (True, False)
    """
    return bool(_DASH.match(cell.strip()))


def cell_numbers(cell: str) -> list[CellNumber] | None:
    """Read every number in a table cell, in order; None when the cell is garbled.

    Parentheses and ``(-)`` mean negative; a cell may hold several numbers when the
    conversion merged cells, and the caller decides what that means.

    >>> [(n.value, n.percent) for n in cell_numbers("(1,592)")]
    [(Decimal('-1592'), False)]
    >>> [str(n.value) for n in cell_numbers("5,546,572 791,738")]
    ['5546572', '791738']
    >>> cell_numbers("++,700,000") is None, cell_numbers("11 411 067") is None
    (True, True)
    >>> [(str(n.value), n.places, n.percent) for n in cell_numbers("80.1% 41.0")]
    [('80.1', 1, True), ('41.0', 1, False)]
    """
    text = cell.strip()
    if not text or is_dash(text):
        return []
    text = _UNIT_SUFFIX.sub("", text)
    if _GARBLE.search(text):
        return None
    numbers: list[CellNumber] = []
    consumed = 0
    for hit in _CELL_NUMBER.finditer(text):
        between = text[consumed : hit.start()]
        if between.strip(" ,;") and re.search(r"\d", between):
            return None
        consumed = hit.end()
        digits = hit.group("num").replace(",", "")
        value = Decimal(digits)
        negative = bool(hit.group("open") and hit.group("close")) or hit.group("neg") in (
            "-",
            "(-)",
        )
        places = len(digits.split(".")[1]) if "." in digits else 0
        numbers.append(
            CellNumber(-value if negative else value, places, bool(hit.group("pct")), hit.group())
        )
    return numbers


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

    >>> [is_number_token(t) for t in ["(1,592)", "12.2%", "3Q03", "64kbps", "-"]]
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
