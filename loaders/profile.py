"""How to reach the issuer: web site, e-mail, telephone and address, as its document prints them.

- **web site**: after "Web site", "website", "homepage" or "URL" (``on its Web site
  (www.acme.example)``, ``URL: <http://www.acme.example/ir>``); a link in passing (a webcast's
  host) is not the issuer's.
- **e-mail**: any address in a line that also says "contact", "inquiries" or "E-Mail".
- **telephone**: after "TEL"/"Phone" or before "(Tel)".
- **address**: a line under a heading that says "contact", with a number and two commas, and
  neither a telephone nor an e-mail ("1-2 Harbour St., Bayside, 100-0001, Japan").

Values stay as printed, with the line they are on.

>>> from finkg.loaders.blocks import split_blocks
>>> from finkg.loaders.text import Line
>>> text = ["# Contact Information", "", "Acme Inc. (IR Office)", "",
...         "1-2 Harbour St., Bayside, 100-0001, Japan", "", "TEL: 03-1234-5678",
...         "", "URL: <http://www.acme.example/ir> E-Mail: ir@acme.example"]
>>> lines = [Line(n, t, t) for n, t in enumerate(text, start=1)]
>>> contact = read_contact(lines, split_blocks(lines))
>>> [(item.kind, item.value) for item in contact]  # doctest: +NORMALIZE_WHITESPACE
[('address', '1-2 Harbour St., Bayside, 100-0001, Japan'), ('telephone', '03-1234-5678'),
 ('url', 'http://www.acme.example/ir'), ('email', 'ir@acme.example')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from finkg.loaders.blocks import Block
from finkg.loaders.facts import SourceSpan
from finkg.loaders.text import Line

__all__ = ["ContactItem", "ContactKind", "read_contact"]

ContactKind = Literal["url", "email", "telephone", "address"]

_URL = re.compile(
    r"\b(?:web\s*site|homepage|URL)\s*[:(]?\s*<?(?P<value>(?:https?://|www\.)[\w.~/%-]*[\w/])",
    re.I,
)
_EMAIL = re.compile(r"(?<![\w.+-])(?P<value>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
_EMAIL_CONTEXT = re.compile(r"\b(?:contact|inquir|e-?mail)", re.I)
_PHONE = re.compile(
    r"\b(?:TEL|Tel|Phone|Telephone)\b\.?\s*:?\s*(?P<value>\+?\d[\d\s()-]{5,}\d)"
    r"|(?P<before>\+?\d[\d-]{6,}\d)\s*\((?:Tel|TEL)\)"
)
_ADDRESS_HEADING = re.compile(r"\bcontact", re.I)


@dataclass(frozen=True)
class ContactItem:
    """One way to reach the issuer: its kind, the value as printed, and the line it is on."""

    kind: ContactKind
    value: str
    source: SourceSpan


def read_contact(
    lines: Sequence[Line], blocks: Sequence[Block], document: str = ""
) -> list[ContactItem]:
    """Read the issuer's web site, e-mail, telephone and address, each once, in line order.

    Args:
        lines: the document's numbered lines.
        blocks: the same lines cut into blocks, for the headings above an address.
        document: the file name, for source spans.
    """
    found: list[ContactItem] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: ContactKind, value: str, line: Line) -> None:
        if (kind, value) not in seen:
            seen.add((kind, value))
            found.append(
                ContactItem(kind, value, SourceSpan(document, line.number, line.raw.strip()))
            )

    under_contact = {
        line.number
        for block in blocks
        if any(_ADDRESS_HEADING.search(h) for h in block.headings)
        for line in block.lines
    }
    for line in lines:
        text = line.text
        if line.number in under_contact and _is_address(text):
            add("address", text.strip(), line)
        for hit in _PHONE.finditer(text):
            add("telephone", (hit.group("value") or hit.group("before")).strip(), line)
        for hit in _URL.finditer(text):
            add("url", hit.group("value").rstrip("."), line)
        if _EMAIL_CONTEXT.search(text):
            for hit in _EMAIL.finditer(text):
                add("email", hit.group("value").rstrip("."), line)
    return found


def _is_address(text: str) -> bool:
    return (
        text.count(",") >= 2
        and re.search(r"\d", text) is not None
        and not _PHONE.search(text)
        and "@" not in text
        and len(text) <= 160
    )
