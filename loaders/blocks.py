"""Cutting a document's lines into blocks: headings, paragraphs, bullets and tables.

>>> from finkg.loaders.text import Line
>>> rows = ["# Results", "", "- Revenues were JPY5 million", "", "| | 2Q02 |", "| Sales | 5 |"]
>>> blocks = split_blocks([Line(n, r, r) for n, r in enumerate(rows, start=1)])
>>> [(b.kind, b.first_line) for b in blocks]
[('heading', 1), ('bullet', 3), ('pipe_table', 5)]
>>> blocks[1].headings
('Results',)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from finkg.loaders.text import Line

__all__ = ["Block", "BlockKind", "is_page_marker", "split_blocks"]

BlockKind = Literal["heading", "paragraph", "bullet", "pipe_table", "tab_table"]

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PAGE_MARKER = re.compile(
    rf"^(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\s+)?Page\s+\d+(?:\s+of\s+\d+)?$|^-?\s*\d+\s*-?$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-*•▶◆▪●✓■□○◇►➢]+\s*)+|^\(?\d{1,2}[.)]\s+")
_HEADING_MARK = re.compile(r"^#{1,6}\s*")


def is_page_marker(text: str) -> bool:
    """Tell a page header or footer ("March 3, 2021 Page 2", "- 3 -") from content.

    >>> is_page_marker("March 3, 2021 Page 2"), is_page_marker("Revenues grew")
    (True, False)
    """
    return bool(_PAGE_MARKER.match(text.strip()))


@dataclass(frozen=True)
class Block:
    """A run of lines of one kind, with the headings it sits under (outermost first)."""

    kind: BlockKind
    lines: tuple[Line, ...]
    headings: tuple[str, ...] = ()

    @property
    def first_line(self) -> int:
        """The 1-based number of the block's first line."""
        return self.lines[0].number

    @property
    def text(self) -> str:
        """The cleaned text of the block, lines joined by spaces."""
        return " ".join(line.text for line in self.lines)


_ENDS_IN_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?[*_\s]*$")


def _kind(line: Line) -> BlockKind | None:
    text = line.text
    if not text or is_page_marker(text):
        return None
    if text.startswith("|"):
        return "pipe_table"
    if "\t" in line.raw and sum(1 for cell in text.split("\t") if cell.strip()) >= 2:
        return "tab_table"
    if _HEADING_MARK.match(text):
        return "heading"
    if _BULLET.match(text):
        return "bullet"
    return "paragraph"


def _looks_like_heading(text: str) -> bool:
    """A short standalone line without sentence punctuation reads as a slide or section title.

    A line that ends in an amount ("FY09: 73,618") states a figure, it titles nothing.

    >>> _looks_like_heading("Regional Sales Overview"), _looks_like_heading("FY09: 73,618")
    (True, False)
    """
    words = text.split()
    return (
        0 < len(words) <= 10
        and not text.endswith((".", ",", ";"))
        and text[:1].isupper()
        and not any(ch.isdigit() for ch in text[:1])
        and not _ENDS_IN_AMOUNT.search(text)
    )


def split_blocks(lines: Sequence[Line]) -> list[Block]:
    """Group numbered lines into blocks; page headers, footers and blank lines separate them."""
    blocks: list[Block] = []
    current: list[Line] = []
    current_kind: BlockKind | None = None
    headings: list[tuple[int, str]] = []

    def close() -> None:
        nonlocal current, current_kind
        if current and current_kind is not None:
            kind = current_kind
            if kind == "paragraph" and len(current) == 1 and _looks_like_heading(current[0].text):
                kind = "heading"
            blocks.append(Block(kind, tuple(current), tuple(title for _, title in headings)))
            if kind == "heading":
                raw = current[0].text
                marks = len(raw) - len(raw.lstrip("#"))
                title = _HEADING_MARK.sub("", raw).strip()
                if not marks:
                    # titles without '#' cannot be ranked (they rank below every '#' level):
                    # the previous one stays as context, like a slide title over a sub-title
                    ranked = [h for h in headings if h[0] < 9]
                    unranked = [h for h in headings if h[0] >= 9]
                    headings[:] = [*ranked, *unranked[-1:], (9, title)]
                else:
                    while headings and headings[-1][0] >= marks:
                        headings.pop()
                    headings.append((marks, title))
        current, current_kind = [], None

    for line in lines:
        kind = _kind(line)
        if kind == "paragraph" and current_kind == "tab_table" and "\t" in line.raw:
            kind = "tab_table"  # a row with one filled cell ("Balance Sheet") inside a tab table
        if kind is None:
            close()
            continue
        continues = (current_kind == kind and kind in ("pipe_table", "tab_table", "paragraph")) or (
            current_kind == "bullet" and kind == "paragraph"
        )
        if not continues:
            close()
            current_kind = kind
        current.append(line)
        if kind == "heading":
            close()  # a heading stands alone
    close()
    return blocks
