"""Numbers with their units and scales: table cells, narrative amounts, captions, exchange rates.

Every unit, currency and scale word lives in one table, :data:`UNIT_WORDS`; the parsers build
their patterns from it. Values stay :class:`~decimal.Decimal` from the text to the result, in base
units ("JPY 13,905 million" is 13905000000 yen) with an XBRL-style ``decimals`` (-6 for a whole
number of millions, 1 for "6.8%"). Percentages keep their printed value (6.8, unit ``percent``).

>>> [(str(q.value), q.unit, q.decimals) for q in find_quantities("Revenues of JPY12.4B (\\\\$91M)")]
[('12400000000', 'JPY', -8), ('91000000', 'USD', -6)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Literal

from finkg.loaders.periods import FiscalCalendar, find_dates, find_periods

__all__ = [
    "UNIT_WORDS",
    "CellNumber",
    "CellValue",
    "ExchangeRate",
    "Quantity",
    "Scale",
    "UnitWord",
    "currencies_in",
    "find_quantities",
    "parse_cell",
    "parse_exchange_rate",
    "parse_scale_caption",
    "unit_in",
]

Role = Literal["currency", "scale", "unit"]
Qualifier = Literal["approximately", "more_than", "at_least", "less_than", "at_most"]


@dataclass(frozen=True)
class UnitWord:
    """One entry of :data:`UNIT_WORDS`.

    Attributes:
        role: ``currency``, ``scale`` (a power of ten) or ``unit`` (anything else).
        code: the unit's short notation (``JPY``, ``percent``, ``count``, ``Gbps``, ``m2``);
            empty for a scale.
        exponent: the power of ten of a scale word (``million``: 6).
        place: where a currency word stands: ``before`` the number (``$``), ``after`` it
            (``yen``) or ``either`` (``JPY``). Scales and units always follow the number.
        compact: a one-letter abbreviation ("M", "B", "Y") that counts only exactly as printed
            and, for a scale, only next to a currency ("JPY873M", not "873M").
    """

    role: Role
    code: str = ""
    exponent: int = 0
    place: Literal["before", "after", "either"] = "either"
    compact: bool = False


def _table() -> dict[str, UnitWord]:
    table: dict[str, UnitWord] = {}

    def add(words: Iterable[str], entry: UnitWord) -> None:
        for word in words:
            table[word if entry.compact else word.lower()] = entry

    add(["JPY", "yen", "Japanese yen"], UnitWord("currency", "JPY"))
    add(["¥", "￥"], UnitWord("currency", "JPY", place="before"))
    add(["Y"], UnitWord("currency", "JPY", place="before", compact=True))
    add(
        ["USD", "US dollars", "U.S. dollars", "dollars", "US dollar", "U.S. dollar"],
        UnitWord("currency", "USD"),
    )
    add(["US$", "U.S.$", "$"], UnitWord("currency", "USD", place="before"))
    add(["EUR", "euro", "euros"], UnitWord("currency", "EUR"))
    add(["€"], UnitWord("currency", "EUR", place="before"))
    add(["GBP", "pounds sterling"], UnitWord("currency", "GBP"))
    add(["£"], UnitWord("currency", "GBP", place="before"))
    add(["CNY", "RMB", "yuan"], UnitWord("currency", "CNY"))
    add(["thousand", "thousands"], UnitWord("scale", exponent=3))
    add(["K"], UnitWord("scale", exponent=3, compact=True))
    add(["million", "millions", "mn", "mln"], UnitWord("scale", exponent=6))
    add(["M"], UnitWord("scale", exponent=6, compact=True))
    add(["billion", "billions", "bn"], UnitWord("scale", exponent=9))
    add(["B"], UnitWord("scale", exponent=9, compact=True))
    add(["trillion", "trillions", "tn"], UnitWord("scale", exponent=12))
    add(["%", "percent", "per cent"], UnitWord("unit", "percent"))
    add(["Tbps", "tera bits per second", "terabits per second"], UnitWord("unit", "Tbps"))
    add(["Gbps", "giga bits per second", "gigabits per second"], UnitWord("unit", "Gbps"))
    add(["Mbps", "mega bits per second", "megabits per second"], UnitWord("unit", "Mbps"))
    add(["kbps", "kilo bits per second", "kilobits per second"], UnitWord("unit", "kbps"))
    add(["m2", "m²", "sqm", "sq m", "square meters", "square metres"], UnitWord("unit", "m2"))
    add(
        [
            "contract", "contracts", "employee", "employees", "personnel", "staff", "ATM",
            "ATMs", "customer", "customers", "client", "clients", "subscriber", "subscribers",
            "project", "projects", "user", "users", "company", "companies", "household",
            "households", "terminal", "terminals", "people", "members", "accounts", "shares",
        ],
        UnitWord("unit", "count"),
    )  # fmt: skip
    return table


UNIT_WORDS: Mapping[str, UnitWord] = MappingProxyType(_table())
"""Every currency, scale and unit word the parsers know, keyed by the word as printed (compact
abbreviations) or lower-cased (all others)."""

_NAMED_CURRENCY = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(
        re.escape(word).replace(r"\ ", r"\s+")
        for word in sorted(UNIT_WORDS, key=len, reverse=True)
        if UNIT_WORDS[word].role == "currency" and not UNIT_WORDS[word].compact and len(word) > 1
    )
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)


def currencies_in(text: str) -> list[str]:
    """The currencies a text names by word or code (not by a lone symbol), in order.

    >>> currencies_in("USD (1) | JPY | % of Total"), currencies_in("Thousands of Japanese Yen")
    (['USD', 'JPY'], ['JPY'])
    """
    return [UNIT_WORDS[hit.group().lower()].code for hit in _NAMED_CURRENCY.finditer(text)]


def unit_in(text: str) -> str | None:
    """The data-rate, area or other non-currency unit a short text names, if exactly one.

    >>> unit_in("Contracted bandwidth (Gbps)"), unit_in("Revenues")
    ('Gbps', None)
    """
    found = {
        UNIT_WORDS[word].code
        for word in UNIT_WORDS
        if UNIT_WORDS[word].role == "unit"
        and UNIT_WORDS[word].code not in ("count", "percent")
        and re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text, re.I)
    }
    return found.pop() if len(found) == 1 else None


_QUALIFIERS: Mapping[Qualifier, tuple[str, ...]] = MappingProxyType({
    "approximately": ("approx.", "approx", "approximately", "about", "around", "roughly",
                      "nearly", "almost", "circa", "some", "~", "〜", "～"),
    "more_than": ("more than", "over", "above", "exceeding", "in excess of", "greater than"),
    "at_least": ("at least", "no less than", "not less than", "a minimum of"),
    "less_than": ("less than", "fewer than", "under", "below"),
    "at_most": ("up to", "at most", "no more than", "not more than", "a maximum of"),
})  # fmt: skip


def _alternation(words: Iterable[str], compact: bool) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)
    return f"(?-i:{body})" if compact else f"(?:{body})"


def _words(
    role: Role, *, places: tuple[str, ...] = ("either", "before", "after"), code: str | None = None
) -> str:
    loose = [
        w
        for w, e in UNIT_WORDS.items()
        if e.role == role
        and not e.compact
        and e.place in places
        and (code is None or e.code == code)
    ]
    tight = [
        w
        for w, e in UNIT_WORDS.items()
        if e.role == role and e.compact and e.place in places and (code is None or e.code == code)
    ]
    parts = [_alternation(loose, False)] if loose else []
    parts += [_alternation(tight, True)] if tight else []
    return "(?:" + "|".join(parts) + ")"


def _lookup(word: str) -> UnitWord | None:
    word = " ".join(word.split())
    return UNIT_WORDS.get(word) or UNIT_WORDS.get(word.lower())


_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_END = r"(?![A-Za-z0-9²])"


def _in_base_units(value: Decimal, exponent: int) -> Decimal:
    """``value * 10**exponent``, written without an exponent when it is a whole number."""
    if not exponent:
        return value
    scaled = value * Decimal(10) ** exponent
    return scaled.quantize(Decimal(1)) if scaled == scaled.to_integral_value() else scaled


def _blank(text: str) -> str:
    """The text with markup, escapes and footnote markers blanked out, offsets unchanged."""

    def spaces(hit: re.Match[str]) -> str:
        return " " * len(hit.group())

    def squared(hit: re.Match[str]) -> str:
        return hit["digit"] + " " * (len(hit.group()) - 1)

    text = re.sub(r"\s*<sup>\s*(?P<digit>[23])\s*</sup>", squared, text, flags=re.IGNORECASE)
    text = re.sub(r"</?[A-Za-z][^>]*>|\*\*|__|⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾", spaces, text)
    text = re.sub(r"\\([$*_#\[\]()|~])", r"\1 ", text)
    return text.replace("\u2212", "-").replace("\u00a0", " ")


# --- table cells ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellNumber:
    """One number in a table cell, as printed (no scale applied).

    Attributes:
        value: the signed value as printed ("(2,317)": -2317, "14.2%": 14.2).
        places: the digits printed after the decimal point (the caller turns a scale into
            decimals: ``places - exponent``, see :meth:`decimals`).
        unit: ``percent``, ``m2``, ``Gbps``... when the cell prints one, else None.
        currency: ``JPY``, ``USD``... when the cell prints one ("JPY 143.27"), else None.
        note: a parenthesised remark after the number ("Annual" in "JPY 22.75 (Annual)", "120"
            in "8,730m2 (120)"), else None.
        text: the characters the number was read from.
    """

    value: Decimal
    places: int
    text: str
    unit: str | None = None
    currency: str | None = None
    note: str | None = None

    def decimals(self, exponent: int = 0) -> int:
        """XBRL decimals under a scale of ``10**exponent``.

        >>> parse_cell("12,345,678").number.decimals(3)
        -3
        """
        return self.places - exponent

    def scaled(self, exponent: int = 0) -> Decimal:
        """The value in base units under a scale of ``10**exponent``.

        >>> parse_cell("(2,317)").number.scaled(3)
        Decimal('-2317000')
        """
        return _in_base_units(self.value, exponent)


CellKind = Literal["number", "nil", "merged", "unreadable"]


@dataclass(frozen=True)
class CellValue:
    """What a table cell holds.

    Attributes:
        kind: ``number`` (one number), ``nil`` (a dash: nothing reported, not zero),
            ``merged`` (several numbers: the conversion ran cells together; the caller
            decides, this module never picks one) or ``unreadable`` (digits that cannot be read
            safely; ``reason`` says why).
        numbers: the number, or the numbers of a merged cell, left to right.
        text: the cell as given.
        reason: why an unreadable cell was not read.
    """

    kind: CellKind
    numbers: tuple[CellNumber, ...]
    text: str
    reason: str | None = None

    @property
    def number(self) -> CellNumber | None:
        """The number of a ``number`` cell, else None.

        >>> parse_cell("14.2%").number.unit
        'percent'
        """
        return self.numbers[0] if self.kind == "number" else None

    @property
    def value(self) -> Decimal | None:
        """The value as printed of a ``number`` cell, else None.

        >>> parse_cell("(2,317)").value
        Decimal('-2317')
        """
        return self.numbers[0].value if self.kind == "number" else None


_NIL = re.compile(r"^(?:[-–—―‐~]+|n/?a|n\.a\.|nm|n\.m\.)$", re.IGNORECASE)
_CELL_UNITS = _words("unit")
_CELL_CURRENCY = _words("currency", places=("either", "before"))
_CELL_CURRENCY_AFTER = _words("currency", places=("either", "after"))
_CELL_ITEM = re.compile(
    rf"(?P<open>\()?\s*(?P<sign>\(-\)|[-+])?\s*(?:(?P<cur>{_CELL_CURRENCY})\s*)?"
    rf"(?P<sign2>\(-\)|[-+])?\s*(?P<num>{_NUMBER})(?![\d,])"
    rf"(?:\s*(?P<unit>{_CELL_UNITS}|{_CELL_CURRENCY_AFTER}){_END})?\s*(?P<close>\))?"
    rf"(?:\s*\(\s*(?P<note>[A-Za-z][A-Za-z .]*)\s*\)"
    rf"|(?(unit)\s*\(\s*(?P<nnote>\d+(?:\.\d+)?)\s*\)))?",
    re.IGNORECASE,
)
_SPACED_GROUPS = re.compile(r"^[(]?\d{1,3}(?: \d{3})+[)]?$")


def parse_cell(text: str) -> CellValue | None:
    """Read a table cell; None when it holds no number at all (empty, a word, a label).

    Parentheses and "(-)" make a number negative, a dash is nil, a cell with several numbers
    is ``merged``. Digits in groups of three separated by spaces ("12 508 943") may be one
    number with space separators or several cells, so they are ``unreadable``, as are
    garbled digits ("++,350,000", "4,56").

    >>> parse_cell("(2,317)").value, parse_cell("(-)2.6").value, parse_cell("+514").value
    (Decimal('-2317'), Decimal('-2.6'), Decimal('514'))
    >>> parse_cell("—").kind, parse_cell("6,204,815 538,907").kind
    ('nil', 'merged')
    >>> parse_cell("12 508 943").reason
    'digits in groups separated by spaces: one number or several cells'
    >>> number = parse_cell("JPY 22.75 (Annual)").number
    >>> number.value, number.currency, number.note
    (Decimal('22.75'), 'JPY', 'Annual')
    >>> parse_cell("Total revenues") is None
    True
    """
    cell = " ".join(_blank(text).split())
    if not cell:
        return None
    if _NIL.match(cell):
        return CellValue("nil", (), text)
    if not re.search(r"\d", cell):
        return None
    if _SPACED_GROUPS.match(cell):
        return CellValue(
            "unreadable",
            (),
            text,
            "digits in groups separated by spaces: one number or several cells",
        )
    numbers: list[CellNumber] = []
    position = 0
    for hit in _CELL_ITEM.finditer(cell):
        if cell[position : hit.start()].strip() or not hit.group().strip():
            return _unreadable_or_none(cell, text)
        position = hit.end()
        number = _cell_number(hit)
        if number is None:
            return CellValue("unreadable", (), text, f"unbalanced parentheses in {hit.group()!r}")
        numbers.append(number)
    if cell[position:].strip() or not numbers:
        return _unreadable_or_none(cell, text)
    return CellValue("number" if len(numbers) == 1 else "merged", tuple(numbers), text)


def _unreadable_or_none(cell: str, text: str) -> CellValue | None:
    """Letters around the digits make a label or a name (None); bare digit debris is unreadable."""
    if re.search(r"[A-Za-z]", cell):
        return None
    return CellValue("unreadable", (), text, f"not a number as tables print them: {cell!r}")


def _cell_number(hit: re.Match[str]) -> CellNumber | None:
    digits = hit["num"].replace(",", "")
    opened, closed = hit["open"] is not None, hit["close"] is not None
    if opened != closed:
        return None
    signs = [s for s in (hit["sign"], hit["sign2"]) if s]
    negative = opened or any(s in ("-", "(-)") for s in signs)
    if opened and any(s == "(-)" for s in signs):
        negative = True
    value = Decimal(digits)
    places = len(digits.split(".")[1]) if "." in digits else 0
    unit = currency = None
    for word in (hit["cur"], hit["unit"]):
        entry = _lookup(word) if word else None
        if entry is not None and entry.role == "currency":
            currency = entry.code
        elif entry is not None:
            unit = entry.code
    return CellNumber(
        -value if negative else value,
        places,
        hit.group().strip(),
        unit,
        currency,
        hit["note"] or hit["nnote"],
    )


# --- captions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """What a table caption says about its numbers.

    Attributes:
        currency: the first currency the caption names, or None ("in thousands").
        unit: a unit that is no currency (``Gbps``, ``percent``, ``count``), else None.
        exponent: the power of ten the numbers are printed in (3 for thousands).
        per_share_exempt: the caption says "except per share": per-share amounts are printed
            in units, not in the scale.
        other_currencies: further currencies the caption names ("... and U.S. Dollars (USD)"):
            some columns are convenience translations.
        text: the caption as given.
    """

    currency: str | None
    unit: str | None
    exponent: int
    per_share_exempt: bool = False
    other_currencies: tuple[str, ...] = ()
    text: str = ""


_CAPTION_FILLER = frozenset(
    (
        "expressed", "in", "of", "and", "unit", "units", "amounts", "amount", "except", "for",
        "per", "share", "shares", "ads", "data", "the", "otherwise", "unless", "noted", "stated",
        "all", "are", "figures", "number", "numbers", "where", "indicated", "other",
        "equivalent", "values", "value",
    )
)  # fmt: skip
_CAPTION_WORD = re.compile(
    rf"(?:{_words('currency')}|{_words('scale')}|{_words('unit')}){_END}|[A-Za-z][A-Za-z.']*"
    r"|\d[\d,]*",
    re.IGNORECASE,
)


def parse_scale_caption(text: str) -> Scale | None:
    """Read a caption that gives a table's currency, unit and scale; None for anything else.

    The caption must consist of unit, currency and scale words and a few connecting words
    ("expressed", "in", "of", "except per share"...), with no number but a power of ten before
    a scale word ("Unit: 100 million yen") or a footnote mark ("(1)").

    >>> caption = parse_scale_caption("(JPY in millions)")
    >>> caption.currency, caption.exponent, caption.per_share_exempt
    ('JPY', 6, False)
    >>> parse_scale_caption("(in thousands, except per share amounts)").currency is None
    True
    >>> parse_scale_caption("Unit: Giga bits per second").unit
    'Gbps'
    >>> parse_scale_caption("Revenues were JPY 2.3 million") is None
    True
    """
    cleaned = _blank(text)
    cleaned = re.sub(r"\(\s*\d\s*\)|\*", " ", cleaned)
    currencies: list[str] = []
    unit: str | None = None
    exponent: int | None = None
    multiplier = 0
    for hit in _CAPTION_WORD.finditer(cleaned):
        word = hit.group()
        if word[0].isdigit():
            digits = word.replace(",", "")
            if not re.fullmatch(r"10*", digits) or multiplier:
                return None
            multiplier = len(digits) - 1
            continue
        entry = _lookup(word)
        if entry is None or (entry.compact and entry.role != "scale"):
            if word.lower().strip(".") in _CAPTION_FILLER:
                continue
            return None
        if entry.role == "currency":
            if entry.code not in currencies:
                currencies.append(entry.code)
        elif entry.role == "scale":
            if entry.compact and not currencies:
                return None
            exponent = exponent if exponent is not None else entry.exponent + multiplier
        elif unit is None:
            unit = entry.code
    if multiplier and exponent is None:
        return None
    if exponent is None and not currencies and unit is None:
        return None
    if re.sub(r"[\s()\[\]:,.;/*-]", "", cleaned) == "":
        return None
    return Scale(
        currency=currencies[0] if currencies else None,
        unit=None if currencies else unit,
        exponent=exponent or 0,
        per_share_exempt=bool(re.search(r"\bexcept\b.*\bper[\s-]+(?:share|ADS)", cleaned, re.I)),
        other_currencies=tuple(currencies[1:]),
        text=text,
    )


# --- narrative -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A quantity stated in running text.

    Attributes:
        value: the value in base units ("JPY 13,905 million": 13905000000; "6.8%": 6.8).
        unit: ``JPY``, ``USD``, ``EUR``, ``percent``, ``count``, ``Gbps``, ``Mbps``, ``m2``...
        decimals: XBRL-style precision: printed decimal places minus the scale's exponent.
        text: the characters the quantity was read from, verbatim.
        span: the (start, end) character offsets of ``text`` in the source string.
        approximate: the text does not state the exact value: it says "approx.", "about"...
            or gives a bound ("more than", "up to"); ``qualifier`` says which.
        qualifier: ``approximately``, ``more_than``, ``at_least``, ``less_than``, ``at_most``
            or None.
        translation_of: for a convenience translation ("JPY12.4B (\\$91M)": the dollars), the
            index in the result list of the amount it translates, else None.
    """

    value: Decimal
    unit: str
    decimals: int
    text: str
    span: tuple[int, int]
    approximate: bool = False
    qualifier: Qualifier | None = None
    translation_of: int | None = None

    @property
    def is_translation(self) -> bool:
        """True for a convenience translation of the amount before it.

        >>> [q.is_translation for q in find_quantities("JPY873M (\\\\$7.2M)")]
        [False, True]
        """
        return self.translation_of is not None


_COUNT_NOUN = _words("unit", code="count")
_AMOUNT = re.compile(
    rf"(?<![\w.,/$¥€£])(?<!\d[-–~])"
    rf"(?P<sign>\(-\)|-(?=[\d$¥€£]|JPY|USD|EUR))?"
    rf"(?:(?P<cur>{_words('currency', places=('either', 'before'))})\s*)?"
    rf"(?P<sign2>\(-\)|-(?=\d))?"
    rf"(?P<num>{_NUMBER})(?![\d,]*\d)"
    rf"(?:\s*(?P<scale>{_words('scale')}){_END})?"
    rf"(?:\s*(?P<after>{_words('unit')}|{_words('currency', places=('either', 'after'))})"
    rf"{_END})?",
    re.IGNORECASE,
)
_NOUN_AFTER = re.compile(
    rf"\s+(?:(?!(?:and|or|of|in|to|from|as|at|by|for|than|the|with)\b)[A-Za-z][\w'-]*\s+){{0,2}}?"
    rf"(?P<noun>{_COUNT_NOUN})\b",
    re.IGNORECASE,
)
_NUMBER_OF = re.compile(
    rf"(?:\bnumbers?|#|\bno\.)\s+of\s+(?:[\w'/-]+\s+){{0,3}}?{_COUNT_NOUN}\b", re.IGNORECASE
)
_YEAR = re.compile(r"19[5-9]\d|20[0-4]\d")
_CLAUSE_END = re.compile(r"[;\n]|\.(?=\s+[A-Z])")
_RANGE_JOIN = re.compile(r"\s*[-–~〜]\s*$")


def _qualifier(before: str) -> Qualifier | None:
    tail = before[-30:].lower()
    for qualifier, words in _QUALIFIERS.items():
        for word in words:
            pattern = (r"(?<![\w])" if word[0].isalpha() else "") + re.escape(word) + r"\s*$"
            if re.search(pattern, tail):
                return qualifier
    return None


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    spans = [match.span for match in find_dates(text)]
    spans += [match.span for match in find_periods(text, FiscalCalendar.default())]
    return spans


def find_quantities(sentence: str) -> list[Quantity]:
    """Every quantity with a unit in a sentence, in order.

    An amount needs a currency, a unit or a count noun ("3,462 personnel", "over 600 corporate
    clients"), or must follow "number of <noun>" in the same clause ("number of clients:
    approx. 930"); bare numbers, years, dates, period labels ("2Q02") and digits in names
    ("ACMET1") are not quantities. Parentheses in narrative do not make a number negative:
    "(-)" and a minus sign do. A parenthesised amount in another currency right after an
    amount is its convenience translation. A dash-joined band ("256kbps - 512kbps") is a range
    of service tiers, not a measured value: neither end is returned. The numbers of an
    exchange rate ("\\\\$1=JPY148.30") are not quantities either.

    >>> [(str(q.value), q.unit, q.decimals, q.translation_of)
    ...  for q in find_quantities("JPY 13,905 million (\\\\$ 126.4 million*), up 14.2%")]
    [('13905000000', 'JPY', -6, None), ('126400000', 'USD', -5, 0), ('14.2', 'percent', 1, None)]
    >>> q = find_quantities("1H08 export revenue: approx. JPY3.6 billion")[0]
    >>> q.value, q.approximate, q.qualifier
    (Decimal('3600000000'), True, 'approximately')
    """
    text = _blank(sentence)
    excluded = _excluded_spans(text)
    rate = parse_exchange_rate(sentence)
    if rate is not None:
        excluded.append(rate.span)
    found: list[Quantity] = []
    for hit in _AMOUNT.finditer(text):
        start, end = hit.span()
        while start < end and text[start].isspace():
            start += 1
        if any(s < end and start < e for s, e in excluded):
            continue
        quantity = _quantity(hit, text, sentence, start)
        if quantity is not None:
            found.append(quantity)
    found = _drop_ranges(found, text)
    return _mark_translations(found, text)


def _quantity(hit: re.Match[str], text: str, sentence: str, start: int) -> Quantity | None:
    cur = _lookup(hit["cur"]) if hit["cur"] else None
    scale = _lookup(hit["scale"]) if hit["scale"] else None
    after = _lookup(hit["after"]) if hit["after"] else None
    end = hit.end()
    unit: str | None = cur.code if cur else None
    if after is not None:
        if after.role == "currency":
            if unit is not None and unit != after.code:
                return None
            unit = after.code
        elif unit is None:
            unit = after.code
        else:
            end = hit.end("scale") if hit["scale"] else hit.end("num")
    if (
        scale is not None
        and scale.compact
        and (unit is None or (after is not None and after.role == "unit"))
    ):
        return None
    if (
        cur is not None
        and cur.compact
        and hit.end("cur") != hit.start("num") - (len(hit["sign2"] or ""))
    ):
        return None
    if scale is None and after is None and re.match(r"[A-Za-z]", text[hit.end("num") :]):
        return None
    if unit is None:
        noun = _NOUN_AFTER.match(text, end)
        if noun is not None:
            unit = "count"
            end = noun.end()
        elif _NUMBER_OF.search(_clause_before(text, start)) and not _YEAR.fullmatch(hit["num"]):
            unit = "count"
        else:
            return None
    if unit == "count" and "." in hit["num"] and scale is None:
        return None
    digits = hit["num"].replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    exponent = scale.exponent if scale else 0
    value = _in_base_units(Decimal(digits), exponent)
    if hit["sign"] or hit["sign2"]:
        value = -value
    qualifier = _qualifier(text[:start])
    return Quantity(
        value=value,
        unit=unit,
        decimals=places - exponent,
        text=sentence[start:end],
        span=(start, end),
        approximate=qualifier is not None,
        qualifier=qualifier,
    )


def _clause_before(text: str, start: int) -> str:
    window = text[max(0, start - 60) : start]
    cuts = [hit.end() for hit in _CLAUSE_END.finditer(window)]
    return window[cuts[-1] :] if cuts else window


def _drop_ranges(found: list[Quantity], text: str) -> list[Quantity]:
    dropped: set[int] = set()
    for index in range(len(found) - 1):
        between = text[found[index].span[1] : found[index + 1].span[0]]
        if _RANGE_JOIN.fullmatch(between) and re.search(r"[-–~〜]", between):
            dropped.update((index, index + 1))
    return [q for index, q in enumerate(found) if index not in dropped]


_MONEY = frozenset(e.code for e in UNIT_WORDS.values() if e.role == "currency")


def _mark_translations(found: list[Quantity], text: str) -> list[Quantity]:
    result: list[Quantity] = []
    for index, quantity in enumerate(found):
        if index > 0 and quantity.unit in _MONEY:
            previous = found[index - 1]
            opening = text[previous.span[1] : quantity.span[0]]
            closing = text[quantity.span[1] : quantity.span[1] + 4]
            if (
                previous.unit in _MONEY
                and previous.unit != quantity.unit
                and previous.translation_of is None
                and re.fullmatch(r"\s*\(\s*", opening)
                and re.match(r"\s*\*?\s*\)", closing)
            ):
                quantity = Quantity(
                    quantity.value, quantity.unit, quantity.decimals, quantity.text,
                    quantity.span, quantity.approximate, quantity.qualifier, index - 1,
                )  # fmt: skip
        result.append(quantity)
    return result


# --- exchange rates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExchangeRate:
    """A stated exchange rate: one ``base`` unit costs ``rate`` ``quote`` units.

    Attributes:
        rate: the price of one base unit in the quote currency ("\\\\$1=JPY148.30": 148.30).
        base: the currency of which one unit is priced (``USD``).
        quote: the currency it is priced in (``JPY``).
        span: the (start, end) offsets of the equation in the source string.
        text: the equation, verbatim.
        repaired: the equation lost its dollar sign ("JPY150.25 = US1") and was read as
            dollars because the words around it speak of a rate to the US dollar.
    """

    rate: Decimal
    base: str
    quote: str
    span: tuple[int, int]
    text: str
    repaired: bool = False


def _rate_side(c: str, a: str, s: str) -> str:
    before = _words("currency", places=("either", "before"))
    after = _words("currency", places=("either", "after"))
    return (
        rf"(?:(?P<{c}>{before})\s*(?P<{a}>{_NUMBER})"
        rf"|(?P<{a}2>{_NUMBER})\s*(?P<{c}2>{after}){_END}"
        rf"|(?P<{s}>U\.?S\.?)\s?(?P<{a}3>1(?:\.0+)?){_END})"
    )


_RATE = re.compile(
    r"(?<![\w.,])" + _rate_side("c1", "a1", "s1") + r"\s*=\s*" + _rate_side("c2", "b1", "s2"),
    re.IGNORECASE,
)
_DOLLAR_CONTEXT = re.compile(r"\brate\b", re.IGNORECASE)
_DOLLAR_WORDS = re.compile(r"\b(?:U\.?S\.?\s*dollars?|dollars?)\b", re.IGNORECASE)


def _side(hit: re.Match[str], c: str, a: str, s: str) -> tuple[str, Decimal, bool] | None:
    if hit[s]:
        return "USD", Decimal(hit[a + "3"]), True
    word, amount = (hit[c], hit[a]) if hit[c] else (hit[c + "2"], hit[a + "2"])
    entry = _lookup(word)
    if entry is None or entry.role != "currency":
        return None
    return entry.code, Decimal(amount.replace(",", "")), False


def parse_exchange_rate(text: str) -> ExchangeRate | None:
    """The first exchange rate stated in a text, with one side equal to one unit.

    Forms: "\\\\$1=JPY148.30", "JPY150.25 = US\\\\$1", "JPY 150.25 =\\\\$1", "JPY109.40 =
    US\\\\$1.00", "€1 = $1.08", "1 USD = 150.12 JPY". The conversion sometimes drops the dollar
    sign ("at the rate of JPY150.25 = US1"); such a side is read as one US dollar only when the
    text says "rate" and speaks of (US) dollars, and the result is flagged ``repaired``.

    >>> rate = parse_exchange_rate("at the rate of JPY 150.25 =\\\\$1, the approximate rate")
    >>> rate.rate, rate.base, rate.quote
    (Decimal('150.25'), 'USD', 'JPY')
    >>> parse_exchange_rate("Revenues of JPY150.25 = US1") is None
    True
    """
    cleaned = _blank(text)
    for hit in _RATE.finditer(cleaned):
        left = _side(hit, "c1", "a1", "s1")
        right = _side(hit, "c2", "b1", "s2")
        if left is None or right is None or left[0] == right[0]:
            continue
        repaired = left[2] or right[2]
        if repaired and not (_DOLLAR_CONTEXT.search(cleaned) and _DOLLAR_WORDS.search(cleaned)):
            continue
        if left[1] == 1:
            base, quote = left, right
        elif right[1] == 1:
            base, quote = right, left
        else:
            continue
        if quote[1] <= 0:
            continue
        start = hit.start()
        return ExchangeRate(
            quote[1], base[0], quote[0], (start, hit.end()), text[start : hit.end()], repaired
        )
    return None
