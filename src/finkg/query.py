"""Run a SPARQL query file against the store with parameters, and format its answer.

A query is a packaged name (``facts`` for ``queries/facts.rq``) or a path ending in ``.rq``.
Parameters never touch the query text: each ``name=value`` becomes an RDF term bound to the
variable ``?name`` (pyoxigraph substitutes it, SEP-0007), so a value cannot change what the query
does. Only variables of the SELECT clause can be bound (``SELECT *`` counts them all).

How a value becomes a term:

- ``http://...``, ``https://...``, ``urn:...`` and ``<...>`` become IRIs;
- anything else becomes a plain string literal, numbers included;
- a comment line ``# param NAME: TYPE`` in the query file fixes the type of ``NAME``:
  ``iri``, ``string``, ``xsd:LOCAL`` (``xsd:integer``, ``xsd:decimal``, ``xsd:date``, ...)
  or a datatype IRI in angle brackets. A value that is not valid for its type is refused.
- three types read friendly names and bind them as the string the query's column shows:
  ``metric`` (a metric's local name, ``Revenues``, or its IRI; it must be in the ontology),
  ``basis`` (``Actual``, ``GuidanceLow``, ... or its IRI) and ``period`` (a fiscal label,
  ``FY2002 Q2`` / ``fy2002q2`` / ``FY2012 H1`` / ``FY2003``, a date ``2002-09-30`` for an
  instant, a range ``2002-01-01/2002-06-30``, or a period IRI of the store);
- a comment line ``# default NAME: VALUE`` gives the value ``NAME`` takes when it is not passed;
  passing an empty value (``basis=``) lifts the default instead of binding it.

>>> from finkg.store import EmbeddedStore
>>> result = run_query(EmbeddedStore(None), "stats", {})
>>> result.variables
['what', 'count']
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import logging
import re
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from rdflib import RDF, BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from finkg.resources import ResourceNotFound, ontology_graph, query_text
from finkg.store import BindingError, QueryResult, Store, Term

__all__ = ["QueryParamError", "format_result", "metric_names", "period_label", "run_query"]

_PARAM_HEADER = re.compile(
    r"^[ \t]*#[ \t]*param[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*(\S+)[ \t]*$", re.MULTILINE
)
_DEFAULT_HEADER = re.compile(
    r"^[ \t]*#[ \t]*default[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE
)
_FISCAL_LABEL = re.compile(r"FY[ _-]?(\d{4})(?:[ _-]?([HQM])[ _-]?(\d{1,2}))?", re.I)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RANGE = re.compile(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}")
_PARTS = {"H": 2, "Q": 4, "M": 12}
_METRIC_NS = "https://w3id.org/finkg/metric/"
_BASIS_NS = "https://w3id.org/finkg/basis/"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")
_IRI_STARTS = ("http://", "https://", "urn:")
_XSD = "http://www.w3.org/2001/XMLSchema#"


class QueryParamError(ValueError):
    """A parameter the query cannot take: unknown, badly named, or not valid for its type."""


def run_query(store: Store, name_or_path: str, params: Mapping[str, str]) -> QueryResult:
    """Run a packaged query (by name) or a ``.rq`` file with ``params`` bound to its variables.

    Args:
        store: the store to query (the union of its graphs is the default graph).
        name_or_path: a packaged query name, or a path ending in ``.rq``.
        params: variable name -> value, typed as the module docstring says.

    Raises:
        ResourceNotFound: no such packaged query or query file.
        QueryParamError: a parameter is unknown to the query or not valid for its type.

    >>> import tempfile
    >>> from finkg.store import EmbeddedStore
    >>> path = Path(tempfile.mkdtemp()) / "echo.rq"
    >>> _ = path.write_text("# param n: xsd:integer\\nSELECT ?n ?s WHERE {}\\n")
    >>> row = run_query(EmbeddedStore(None), str(path), {"n": "7", "s": "7"}).rows[0]
    >>> row["n"].datatype, row["s"].datatype
    (rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'), None)
    """
    text = _read_query(name_or_path)
    declared = dict(_PARAM_HEADER.findall(text))
    bindings: dict[str, Node] = {}
    defaults = dict(_DEFAULT_HEADER.findall(text))
    values = {**defaults, **params}
    for name, value in values.items():
        if name in defaults and value == "":
            continue
        if not _NAME.fullmatch(name):
            raise QueryParamError(f"{name!r} is not a valid parameter name (letters, digits, _)")
        kind = declared.get(name)
        if kind == "period" and value.startswith(("<", *_IRI_STARTS)):
            value = _period_label(store, name, value)
        bindings[name] = _term(name, value, kind)
    try:
        return store.select(text, bindings)
    except BindingError as error:
        raise QueryParamError(
            f"unknown parameter {error.name!r}: {name_or_path} does not select ?{error.name}"
            " (a parameter binds a variable of the SELECT clause)"
        ) from None


def format_result(result: QueryResult, fmt: Literal["table", "csv", "json"]) -> str:
    """Render a query result: an aligned ``table``, ``csv`` with a header row, or ``json``.

    Values are lexical forms: full IRIs, literal text without quotes or datatype, ``_:id`` for
    blank nodes; unbound values are empty (``null`` in json).

    >>> from rdflib import Literal, URIRef
    >>> result = QueryResult(["name", "n"], [{"name": URIRef("urn:x:a"), "n": Literal(12)},
    ...                                       {"name": Literal("b"), "n": None}])
    >>> print(format_result(result, "csv"), end="")
    name,n
    urn:x:a,12
    b,
    >>> print(format_result(result, "table"), end="")
    name      n
    -------  --
    urn:x:a  12
    b
    >>> json.loads(format_result(result, "json"))[1]
    {'name': 'b', 'n': None}
    """
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_text(row.get(name)) for name in result.variables])
        return buffer.getvalue()
    if fmt == "json":
        records = [
            {
                name: None if row.get(name) is None else _text(row.get(name))
                for name in result.variables
            }
            for row in result.rows
        ]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return _table(result)
    raise ValueError(f"unknown format {fmt!r}: use table, csv or json")


def _read_query(name_or_path: str) -> str:
    if not name_or_path.endswith(".rq"):
        return query_text(name_or_path)
    path = Path(name_or_path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResourceNotFound(f"{path}: cannot read the query file ({error.strerror})") from None


def _term(name: str, value: str, declared: str | None) -> URIRef | RdfLiteral:
    """The RDF term a parameter value stands for, by its declared type or its look.

    >>> _term("x", "<urn:x:a>", None), _term("x", "2002", None)
    (rdflib.term.URIRef('urn:x:a'), rdflib.term.Literal('2002'))
    """
    if declared is None:
        if value.startswith("<") and value.endswith(">"):
            return _iri(name, value[1:-1])
        if value.startswith(_IRI_STARTS):
            return _iri(name, value)
        return RdfLiteral(value)
    if declared == "iri":
        return _iri(name, value[1:-1] if value.startswith("<") and value.endswith(">") else value)
    if declared == "string":
        return RdfLiteral(value)
    if declared == "metric":
        return RdfLiteral(_concept(name, value, _METRIC_NS, metric_names(), "metric"))
    if declared == "basis":
        return RdfLiteral(_concept(name, value, _BASIS_NS, _basis_names(), "basis"))
    if declared == "period":
        return RdfLiteral(period_label(name, value))
    if declared.startswith("xsd:"):
        datatype = URIRef(_XSD + declared.removeprefix("xsd:"))
    elif declared.startswith("<") and declared.endswith(">"):
        datatype = _iri(name, declared[1:-1])
    else:
        raise QueryParamError(
            f"the query declares parameter {name!r} with unknown type {declared!r}"
            " (use iri, string, xsd:NAME or <datatype IRI>)"
        )
    with _quiet("rdflib.term"):
        literal = RdfLiteral(value, datatype=datatype, normalize=False)
        ill_typed = literal.ill_typed
    if ill_typed:
        raise QueryParamError(f"parameter {name!r}: {value!r} is not a valid {declared}")
    return literal


def period_label(name: str, value: str) -> str:
    """The period column's text for a friendly period: a fiscal label, a date or a range.

    Raises:
        QueryParamError: the value is none of these.

    >>> period_label("period", "fy2002q2"), period_label("period", "FY2012 H1")
    ('FY2002 Q2', 'FY2012 H1')
    >>> period_label("period", "2002-09-30")
    '2002-09-30'
    >>> period_label("period", "Q2 2002")
    Traceback (most recent call last):
    finkg.query.QueryParamError: parameter 'period': 'Q2 2002' is not a period: use a fiscal \
label (FY2002, FY2002 H1, FY2002 Q2, FY2002 M6), a date (2002-09-30), a range \
(2002-01-01/2002-06-30) or a period IRI
    """
    text = value.strip()
    fiscal = _FISCAL_LABEL.fullmatch(text)
    if fiscal is not None:
        year, letter, index = fiscal.groups()
        if letter is None:
            return f"FY{year}"
        letter = letter.upper()
        if 1 <= int(index) <= _PARTS[letter]:
            return f"FY{year} {letter}{int(index)}"
    if _DATE.fullmatch(text) or _RANGE.fullmatch(text):
        parts = text.split("/")
        try:
            days = [date.fromisoformat(part) for part in parts]
        except ValueError:
            days = []
        if days and days == sorted(days):
            return text
    raise QueryParamError(
        f"parameter {name!r}: {value!r} is not a period: use a fiscal label (FY2002, FY2002 H1,"
        " FY2002 Q2, FY2002 M6), a date (2002-09-30), a range (2002-01-01/2002-06-30)"
        " or a period IRI"
    )


def _period_label(store: Store, name: str, value: str) -> str:
    """The label of a period IRI, looked up in the store (``queries/period-label.rq``)."""
    iri = _iri(name, value[1:-1] if value.startswith("<") and value.endswith(">") else value)
    rows = store.select(query_text("period-label"), {"period": iri}).rows
    labels = sorted({str(row["label"]) for row in rows if row.get("label") is not None})
    if not labels:
        raise QueryParamError(f"parameter {name!r}: the store has no period <{iri}>")
    return labels[0]


@cache
def metric_names() -> frozenset[str]:
    """The local names of the metrics the ontology declares (``Revenues``, ``Assets``, ...).

    >>> "Revenues" in metric_names()
    True
    """
    graph = ontology_graph()
    metric_class = URIRef("https://w3id.org/finkg/def/Metric")
    return frozenset(
        str(subject).removeprefix(_METRIC_NS)
        for subject in graph.subjects(RDF.type, metric_class)
        if str(subject).startswith(_METRIC_NS)
    )


@cache
def _basis_names() -> frozenset[str]:
    graph = ontology_graph()
    basis_class = URIRef("https://w3id.org/finkg/def/Basis")
    return frozenset(
        str(subject).removeprefix(_BASIS_NS) for subject in graph.subjects(RDF.type, basis_class)
    )


def _concept(name: str, value: str, namespace: str, known: frozenset[str], what: str) -> str:
    """The local name of a metric or basis given by local name, prefixed name or IRI.

    >>> _concept("metric", "metric:Revenues", _METRIC_NS, frozenset({"Revenues"}), "metric")
    'Revenues'
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    local = text.removeprefix(namespace).split(":", 1)[-1]
    if local in known:
        return local
    close = difflib.get_close_matches(local, sorted(known), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f" (see {namespace})"
    raise QueryParamError(f"parameter {name!r}: {value!r} is not a known {what}{hint}")


def _iri(name: str, value: str) -> URIRef:
    if not _IRI.fullmatch(value):
        raise QueryParamError(f"parameter {name!r}: {value!r} is not a valid IRI")
    return URIRef(value)


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Silence a logger for a moment (rdflib logs a traceback for every ill-typed literal)."""
    logger = logging.getLogger(logger_name)
    disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = disabled


def _text(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _is_number(term: Term | None) -> bool:
    if not isinstance(term, RdfLiteral):
        return False
    value = term.value
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _table(result: QueryResult) -> str:
    columns = result.variables
    cells = [[_text(row.get(name)).replace("\n", " ") for name in columns] for row in result.rows]
    widths = [
        max([_width(name), *(_width(line[i]) for line in cells)]) for i, name in enumerate(columns)
    ]
    right = [
        any(row.get(name) is not None for row in result.rows)
        and all(row.get(name) is None or _is_number(row.get(name)) for row in result.rows)
        for name in columns
    ]

    def line(values: list[str]) -> str:
        padded = []
        for value, width, align_right in zip(values, widths, right, strict=True):
            pad = " " * (width - _width(value))
            padded.append(pad + value if align_right else value + pad)
        return "  ".join(padded).rstrip() + "\n"

    rule = line(["-" * width for width in widths])
    return line(columns) + rule + "".join(line(values) for values in cells)
