"""Reading a document's bytes and cleaning its lines of conversion debris.

PDF-to-text conversion leaves HTML fragments (``<b>``, ``<sup>``, ``<u>``), markdown escapes
(``\\$``), emphasis markers, footnote markers (``⁽²⁾``) and odd spaces. :func:`clean_line` removes
them from the text the parsers see; the verbatim line is kept for provenance.

>>> clean_line("<b>Floor Space</b>\\t8,730m <sup>2</sup>")
'Floor Space\\t8,730m2'
>>> clean_line("Dedicated access services ⁽²⁾ \\\\$1")
'Dedicated access services $1'
"""

from __future__ import annotations

import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from finkg.loaders.facts import Diagnostic

__all__ = [
    "MAX_LINE",
    "DocumentReadError",
    "Line",
    "clean_line",
    "cut_line_diagnostics",
    "decode",
    "read_lines",
]

MAX_LINE = 20_000
"""Characters a line may have; a longer one (a whole file on one line) is cut, with a warning."""
_KEPT = 200


class DocumentReadError(Exception):
    """A file that cannot be read as a text document; the message names the file."""


@dataclass(frozen=True)
class Line:
    """One line of a document: its 1-based number, verbatim text and cleaned text.

    ``cut`` is the length of a line over :data:`MAX_LINE` characters, of which only the start
    is kept in ``raw`` and nothing is read (0 for every ordinary line).
    """

    number: int
    raw: str
    text: str
    cut: int = 0


_SUPERSCRIPT_UNIT = re.compile(r"\s*<sup>\s*([23])\s*</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?(?:b|u|i|em|strong|sup|sub|span|br|p|font)\b[^>]*>", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\s*⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾")
_ESCAPE = re.compile(r"\\([$*_#`\[\]()|~])")
_EMPHASIS = re.compile(r"\*\*|__")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u3000]+")
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff]")


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
    >>> decode("Ø 12 · ½ year".encode("cp1252"), "a.txt"), decode("売上高".encode("shift_jis"), "a")
    ('Ø 12 · ½ year', '売上高')
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
        if encoding == "shift_jis" and not _JAPANESE.search(text):
            continue  # cp1252 bytes that happen to decode to half-width katakana
        if len(_BINARY_CONTROL.findall(text[:4096])) <= 4:
            return text
    raise DocumentReadError(f"{source}: not text in UTF-8, Shift-JIS or cp1252")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or an error that says what the path is instead of a text file."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise DocumentReadError(f"{path}: is a folder, not a text file")
        if not stat.S_ISREG(mode):
            raise DocumentReadError(f"{path}: is not a regular file")
        return path.read_bytes()
    except FileNotFoundError:
        reason = "a link to a file that does not exist" if path.is_symlink() else "no such file"
        raise DocumentReadError(f"{path}: cannot read ({reason})") from None
    except OSError as error:
        raise DocumentReadError(f"{path}: cannot read ({error.strerror or error})") from None


def _line(number: int, raw: str) -> Line:
    if len(raw) > MAX_LINE:
        return Line(number, raw[:_KEPT], "", len(raw))
    return Line(number, raw, clean_line(raw))


def read_lines(path: Path) -> tuple[str, list[Line]]:
    """Read a text document into numbered lines (verbatim and cleaned) and its text.

    Lines longer than :data:`MAX_LINE` characters are cut (see :class:`Line`), and the text
    returned is then the text of the lines as kept.

    Raises:
        DocumentReadError: when the file cannot be read or is not text.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = path.write_text("Net sales\\n" + "9" * (MAX_LINE + 1))
    >>> text, lines = read_lines(path)
    >>> [(line.number, line.text, line.cut) for line in lines]
    [(1, 'Net sales', 0), (2, '', 20001)]
    """
    text = decode(_read_bytes(path), str(path))
    lines = [_line(number, raw) for number, raw in enumerate(text.splitlines(), start=1)]
    if any(line.cut for line in lines):
        text = "\n".join(line.raw for line in lines)
    return text, lines


def cut_line_diagnostics(lines: Iterable[Line], document: str) -> list[Diagnostic]:
    """A warning for each line cut for its length, naming the document and the line.

    >>> cut_line_diagnostics([Line(7, "xx", "", 50_000_000)], "big.txt")[0].reason
    'the line has 50,000,000 characters (over 20,000): only its first 200 are kept, unread'
    """
    return [
        Diagnostic(
            document,
            line.number,
            f"the line has {line.cut:,} characters (over {MAX_LINE:,}): "
            f"only its first {_KEPT} are kept, unread",
            line.raw[:80],
            "warning",
        )
        for line in lines
        if line.cut
    ]
