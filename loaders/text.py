"""Reading a document's bytes and cleaning its lines of conversion debris.

PDF-to-text conversion leaves HTML fragments (``<b>``, ``<sup>``, ``<u>``), markdown escapes
(``\\$``), emphasis markers, footnote markers (``⁽²⁾``) and odd spaces. :func:`clean_line` removes
them from the text the parsers see; the verbatim line is kept for provenance.

>>> clean_line("<b>Floor Space</b>\\t19,420m <sup>2</sup>")
'Floor Space\\t19,420m2'
>>> clean_line("Dedicated access services ⁽²⁾ \\\\$1")
'Dedicated access services $1'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DocumentReadError", "Line", "clean_line", "decode", "read_lines"]


class DocumentReadError(Exception):
    """A file that cannot be read as a text document; the message names the file."""


@dataclass(frozen=True)
class Line:
    """One line of a document: its 1-based number, verbatim text and cleaned text."""

    number: int
    raw: str
    text: str


_SUPERSCRIPT_UNIT = re.compile(r"\s*<sup>\s*([23])\s*</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?(?:b|u|i|em|strong|sup|sub|span|br|p|font)\b[^>]*>", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\s*⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾")
_ESCAPE = re.compile(r"\\([$*_#`\[\]()|~])")
_EMPHASIS = re.compile(r"\*\*|__")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u3000]+")
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def clean_line(raw: str) -> str:
    """Return a line without markup, escapes, footnote markers or odd spacing (tabs are kept)."""
    text = unicodedata.normalize("NFKC", _FOOTNOTE.sub("", raw))
    text = _SUPERSCRIPT_UNIT.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\u2212", "-").replace("\ufeff", "")
    parts = [_SPACES.sub(" ", part).strip() for part in text.split("\t")]
    return "\t".join(parts).strip(" ")


def decode(data: bytes, source: str) -> str:
    """Decode a document's bytes: UTF-8, else Shift-JIS or cp1252 when they decode cleanly.

    Raises:
        DocumentReadError: for binary data (a PDF, an image) or text in no known encoding.

    >>> decode("Net sales 5%".encode("utf-16-le"), "a.txt")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    finkg.loaders.text.DocumentReadError: a.txt: is a binary file, not text
    >>> decode("Umsatz stieg um 5 % (Vorjahr: 4 %)".encode("cp1252"), "a.txt")[:6]
    'Umsatz'
    """
    if not data.strip():
        raise DocumentReadError(f"{source}: is empty")
    if data.startswith(b"%PDF"):
        raise DocumentReadError(f"{source}: is a PDF; convert it to text first")
    if b"\x00" in data[:4096]:
        raise DocumentReadError(f"{source}: is a binary file, not text")
    for encoding in ("utf-8-sig", "shift_jis", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_BINARY_CONTROL.findall(text[:4096])) <= 4:
            return text
    raise DocumentReadError(f"{source}: not text in UTF-8, Shift-JIS or cp1252")


def read_lines(path: Path) -> tuple[str, list[Line]]:
    """Read a text document into numbered lines (verbatim and cleaned) and its text.

    Raises:
        DocumentReadError: when the file cannot be read or is not text.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentReadError(f"{path}: cannot read ({error.strerror or error})") from None
    text = decode(data, str(path))
    return text, [
        Line(number, raw, clean_line(raw)) for number, raw in enumerate(text.splitlines(), start=1)
    ]
