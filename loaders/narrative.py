"""Sentences and bullets to observations: the metric named before a number, the period after it.

For each number in a sentence (:func:`finkg.loaders.quantities.find_quantities`):

- **dropped** when it is a convenience translation ("JPY12.4B (\\$91M)": the dollars), a stated
  change ("a rise of 7.8%", "grew by 17.6%", "2.8 times") or a bound with no value;
- **metric**: the nearest metric label before it in the sentence whose unit kind fits the number
  (a percentage needs a ratio metric, yen a monetary one), else the label in the heading above;
  if a word that flips the meaning ("loss", "gain", "income") stands between label and number,
  the number is skipped rather than risk a wrong sign;
- **period**: a period named right after the number ("JPY275 million in 3Q07"), right before it
  ("FY09 JPY4.7 billion"), at the head of the sentence ("In 3Q07, ..."), in the heading above,
  or else the document's current period;
- **basis**: guidance when the sentence looks forward ("expects ... to be between X and Y" gives
  a low and a high), consensus, target or plan when it says so, else actual.

Numbers that produce no observation are reported with the reason.

A dropped change in percent becomes a :class:`~finkg.loaders.facts.StatedChange` of the amount
stated last in the block when its direction ("increase", "down") and the periods it compares
("QoQ", "year-over-year", "compared to 3Q06") are clear.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from finkg.loaders.basis import basis_of
from finkg.loaders.blocks import Block
from finkg.loaders.facts import (
    Basis,
    Comparison,
    Diagnostic,
    Observation,
    SourceSpan,
    StatedChange,
)
from finkg.loaders.lexicon import Lexicon, MetricInfo, normalize_label
from finkg.loaders.periods import FiscalCalendar, Period, find_periods, parse_period
from finkg.loaders.quantities import Quantity, Scale, find_quantities, parse_scale_caption
from finkg.loaders.text import Line

__all__ = ["NarrativeContext", "comparison_of", "merge_changes", "read_narrative", "sentences"]

_CHANGE_BEFORE = re.compile(
    r"(?:increase[ds]?|decrease[ds]?|grew|grow|growth|rose|fell|declined|improved|up|down|"
    r"reductions?|savings?|cuts?|"
    r"higher|lower|drop(?:ped)?|by|of\s+(?:an?\s+)?(?:increase|decrease|growth))\s*(?:of\s+)?"
    r"(?:approx\.?\s*|approximately\s+|about\s+|around\s+|more\s+than\s+)?$",
    re.I,
)
_CHANGE_AFTER = re.compile(
    r"^\s*(?:\)\s*)?(?:increase|decrease|growth|up|down|higher|lower|rise|drop|qoq|yoy|"
    r"year[- ]over[- ]year|quarter[- ]over[- ]quarter|compared|from|more|less|"
    r"times|of\s+(?:the\s+)?total|share)",
    re.I,
)
_FLIP_WORDS = re.compile(r"\b(?:loss(?:es)?|gains?|income|profits?|deficit|benefit)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"“])")
_NOT_SENTENCE_END = re.compile(
    r"(?:\b(?:approx|Inc|Co|Corp|Ltd|No|vs|etc|e\.g|i\.e|U\.S|Mr|Ms|Dr|Jan|Feb|Mar|Apr|Jun|"
    r"Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$"
)
_AFTER_PREPOSITION = re.compile(
    r"^\s*[),]?\s*(?:in|for|during|of|as\s+of|at|at\s+the\s+end\s+of)\s+$", re.I
)
_BARE_NUMBER = re.compile(
    r"(?<![\w.,/-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w%])|(?<![\w.,/-])\d+\.\d+(?![\w%])"
)
"""A number as a document prints an amount: thousands separators or decimals (not a year)."""
_COUNTED = re.compile(r"(?<![\w.])(?!(?:19|20)\d\d\s*$)\d[\d .]*\s*$")
"""A number right before a one-word label: the label is that number's noun ("212 contracts
(187 contracts ..."), not the metric of the next number."""
_MULTIPLE_OF = re.compile(
    r"\b(?:twice|double|triple|times)\s+(?:of\s+|that\s+of\s+|as\s+much\s+as\s+)?(?:the\s+)?$",
    re.I,
)
_DESCRIBING = re.compile(r"\b(?:with|whose|each|per|average)\s+(?:\w+\s+)?$")
"""Words that make a metric a property of something else ("240 members with monthly spend of
JPY0.7 million")."""
_PER_SHORT_PERIOD = re.compile(r"\b(?:monthly|weekly|daily|per\s+(?:month|week|day))\b", re.I)
"""A rate per month, week or day: not the figure of a fiscal period."""
_BULLET_MARK = re.compile(r"^(?:[-*•▶◆▪●✓■□○◇►➢]+\s*)+")
_BETWEEN = re.compile(r"\bbetween\s*$", re.I)
_PARENTHESIS = re.compile(r"\((?!\s*net\s*\))[^()]*\)")
"""A parenthesis a label is read without, except "(net)", which is part of labels."""
_SEGMENT_STOP = frozenset(
    """a an the its our their his her this that these those was were is are in on at to for
    from by with as while which who compared total company group s also recorded reported
    recognized posted generated achieved approx approximately about around annual expect
    with thousand thousands million millions billion billions""".split()  # noqa: SIM905
)
"""Words that end the run of words qualifying a metric label (the segment's words stop there)."""


@dataclass
class NarrativeContext:
    """What narrative reading needs from its document."""

    document: str
    calendar: FiscalCalendar
    lexicon: Lexicon
    reference: date | None = None
    current_period: Period | None = None
    abbreviations: dict[str, str] = field(default_factory=dict)
    issuer_words: frozenset[str] = frozenset()
    last_level: Observation | None = None
    """The amount stated last in the blocks read so far: a change in a sub-bullet right below
    it ("- Net sales rose to JPY12.4B" / "  - A rise of 14.2% QoQ") is its change."""
    brands: dict[str, str] = field(default_factory=dict)
    """The issuer's brands named by headings so far ("nova" -> "ACX NOVA"): a later heading
    that prints the issuer's initials short ("AX NOVA") names the same brand."""


@dataclass(frozen=True)
class _PeriodMention:
    start: int
    end: int
    period: Period


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations such as "approx." whole.

    >>> sentences("Revenues were JPY5 million. Costs rose approx. 3% in 2Q02.")
    ['Revenues were JPY5 million.', 'Costs rose approx. 3% in 2Q02.']
    """
    parts: list[str] = []
    start = 0
    for hit in _SENTENCE_END.finditer(text):
        if _NOT_SENTENCE_END.search(text[start : hit.start()]):
            continue
        parts.append(text[start : hit.start()].strip())
        start = hit.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def _periods_in(text: str, context: NarrativeContext) -> list[_PeriodMention]:
    return [
        _PeriodMention(match.span[0], match.span[1], match.period)
        for match in find_periods(text, context.calendar, reference=context.reference)
    ]


_SCALE_WORDS = {0: "", 3: " thousand", 6: " million", 9: " billion"}
_CHART_FIGURE = re.compile(r"^\s*:\s*(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\w%.,])")
"""A figure printed right after a period label and a colon ("FY09: 73,618"), as charts do."""


def _units_heading(headings: Sequence[str]) -> Scale | None:
    """The currency and scale of a section whose last heading is a units line ("Unit: JPY
    million"), as the caption over a chart gives them."""
    if not headings:
        return None
    scale = parse_scale_caption(headings[-1])
    if scale is None or scale.currency is None or scale.exponent not in _SCALE_WORDS:
        return None
    return scale


def _chart_figures(sentence: str, scale: Scale, context: NarrativeContext) -> str:
    """Give the figures after period labels ("FY09: 73,618") the section's currency and scale.

    >>> from finkg.loaders.lexicon import load_lexicon
    >>> from finkg.loaders.periods import FiscalCalendar
    >>> context = NarrativeContext("x.txt", FiscalCalendar(3, 31, "start"), load_lexicon())
    >>> _chart_figures("FY09: 73,618 (18.4%)", parse_scale_caption("Unit: JPY million"), context)
    'FY09: JPY73,618 million (18.4%)'
    """
    assert scale.currency is not None
    taken = [q.span for q in find_quantities(sentence)]
    for mention in reversed(_periods_in(sentence, context)):
        hit = _CHART_FIGURE.match(sentence[mention.end :])
        if hit is None:
            continue
        start, end = mention.end + hit.start("number"), mention.end + hit.end("number")
        if any(a < end and start < b for a, b in taken):
            continue
        figure = f"{scale.currency}{hit.group('number')}{_SCALE_WORDS[scale.exponent]}"
        sentence = sentence[:start] + figure + sentence[end:]
    return sentence


_COMPARED_WORD = r"\b(?:from|compared\s+(?:to|with)|versus|vs\.?|against)"
_AND_THEN = re.compile(r"^\s*(?:(?:in|for|at)\s+[\w']+\s*)?(?:,\s*(?:and\s+)?|and\s+)$")
_COMPARED_BEFORE = re.compile(
    _COMPARED_WORD + r"\s+(?:a\s+|an\s+|the\s+)?"
    r"(?:(?:loss|gain|profit|deficit)\s+of\s+)?(?:approx\.?\s*|approximately\s+)?$",
    re.I,
)
"""Words that make a number the comparison of the one before ("to 6.8%, from 21.9% in 3Q04")."""


def _tied_period(
    sentence: str,
    quantity: Quantity,
    quantities: Sequence[Quantity],
    mentions: list[_PeriodMention],
) -> Period | None:
    """The period a sentence names right at a number: after it with a preposition ("472 in
    2Q06") or just before it ("3Q09: approx. 4,200")."""
    start, end = quantity.span
    later = [q.span[0] for q in quantities if q.span[0] > end]
    limit = min(later) if later else len(sentence)
    for mention in mentions:
        if end <= mention.start < limit and _AFTER_PREPOSITION.match(sentence[end : mention.start]):
            return mention.period
    for mention in reversed(mentions):
        gap = sentence[mention.end : start]
        if mention.end <= start and len(gap.strip(" :(),")) <= 12 and not re.search(r"\d", gap):
            return mention.period
    return None


def _compared_with(
    sentence: str,
    other: Quantity,
    quantity: Quantity,
    quantities: Sequence[Quantity],
    mentions: list[_PeriodMention],
    period: Period,
) -> bool:
    """Whether ``other`` is what ``quantity`` is compared with ("fell to 6.8%, from 21.9%
    in 3Q04"): a later number after "from" or "compared to", tied to a period of the same
    length as the one ``quantity`` is implied to be of. Then it does not make the sentence
    ambiguous; a comparison with a year ("from $1.0 billion in 2023") does."""
    if other is quantity or other.span[0] < quantity.span[1]:
        return False
    between = [q.span[1] for q in quantities if quantity.span[1] <= q.span[1] <= other.span[0]]
    tail = sentence[max(between, default=quantity.span[1]) : other.span[0]]
    if not _COMPARED_BEFORE.search(tail) and not (
        re.search(_COMPARED_WORD, sentence[quantity.span[1] : other.span[0]], re.I)
        and _AND_THEN.match(tail)
    ):  # "from 21.9% in 3Q04 and 9.7% in 2Q04": both are compared
        return False
    tied = _tied_period(sentence, other, quantities, mentions)
    return tied is not None and tied.kind == period.kind and tied != period


def _open_parenthesis(text: str) -> str | None:
    """The text before the bracket a text leaves open, else None.

    >>> _open_parenthesis("Operating income: JPY287 million (operating loss of ")
    'Operating income: JPY287 million '
    >>> _open_parenthesis("Gross margin (net): ") is None
    True
    """
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            if depth == 0:
                return text[:index]
            depth -= 1
    return None


def _heading_period(headings: Sequence[str], context: NarrativeContext) -> Period | None:
    """The one period a heading names; a month ("November, 2002") is a dateline, not one."""
    for heading in reversed(headings):
        mentions = [m for m in _periods_in(heading, context) if m.period.kind != "month"]
        if len(mentions) == 1:
            return mentions[0].period
    return None


def _fits(metric: MetricInfo, quantity: Quantity, lexicon: Lexicon) -> bool:
    """Whether the ontology says the quantity's unit measures what the metric measures."""
    return metric.unit_kind in lexicon.units.get(quantity.unit, frozenset())


class _SentenceReader:
    def __init__(self, block: Block, context: NarrativeContext):
        self.block = block
        self.context = context
        self.observations: list[Observation] = []
        self.diagnostics: list[Diagnostic] = []
        self.changes: list[StatedChange] = []
        self.direction: int | None = None
        self.heading_period = _heading_period(block.headings, context)
        self.heading_text = " ".join(block.headings[-2:])
        self.heading_segment, self.specific = _heading_subject(block.headings[-2:], context)

    def skip(self, quantity: Quantity, reason: str) -> None:
        self.diagnostics.append(
            Diagnostic(
                self.context.document,
                self.block.first_line,
                f"{quantity.text.strip()!r}: {reason}",
                self.block.lines[0].raw.strip(),
            )
        )

    def _fitting(self, text: str, quantity: Quantity) -> list[tuple[MetricInfo, str, int]]:
        """Metric labels in normalised text whose unit kind fits the quantity, with their end.

        A label of an amount ("gross margin") followed by a percentage stands for its ratio
        ("gross margin ratio") when the scheme has one.
        """
        lexicon = self.context.lexicon
        found: list[tuple[MetricInfo, str, int]] = []
        for mention in lexicon.mentions(text):
            metric, role = mention.match.metric, mention.match.role
            if not _fits(metric, quantity, self.context.lexicon):
                ratio = lexicon.match(f"{mention.match.label} ratio")
                if ratio is None or not _fits(ratio.metric, quantity, lexicon):
                    continue
                metric, role = ratio.metric, ratio.role
            found.append((metric, role, mention.end))
        return found

    def metric_for(
        self, sentence: str, quantity: Quantity
    ) -> tuple[MetricInfo, str, str | None] | str:
        """The metric (with sign role and segment) a number is stated for, or why not."""
        raw_prefix = _PARENTHESIS.sub(" ", sentence[: quantity.span[0]])
        prefix = normalize_label(raw_prefix[-240:])
        starts = {m.end: m.start for m in self.context.lexicon.mentions(prefix)}
        fitting = self._fitting(prefix, quantity)
        if fitting:
            metric, role, end = fitting[-1]
            between = prefix[end:]
            label_start = starts[end]
            if " " not in prefix[label_start:end] and _COUNTED.search(prefix[:label_start]):
                return "the label before the number is the noun of another number"
            if _DESCRIBING.search(prefix[:label_start]):
                return "the metric describes something the sentence names before it"
            aside = _open_parenthesis(raw_prefix)
            outside = normalize_label(aside[-240:]) if aside is not None else ""
            if (
                aside is not None
                and len(prefix) - label_start <= len(normalize_label(raw_prefix[len(aside) :]))
                and self._fitting(outside, quantity)
            ):
                return "an aside in brackets whose subject is the metric before it"
            flips = _FLIP_WORDS.findall(between)
            if flips and metric.sign != "IncomePositive":
                return "a word between the metric and the number changes its meaning"
            if flips:
                # "a gain of X, compared to a loss of Y": the nearest word decides the sign
                role = "loss" if flips[-1].lower().startswith("loss") else "plain"
            metric, role, segment = self._segment(
                prefix[:label_start],
                prefix[label_start:end],
                between,
                metric,
                role,
                quantity,
                raw_prefix,
            )
            if segment == "":
                return "the metric is qualified by words that name no segment"
            return metric, role, segment
        heading = normalize_label(self.heading_text)
        from_heading = self._fitting(heading, quantity)
        lead = sentence[: quantity.span[0]]
        for mention in reversed(_periods_in(lead, self.context)):
            lead = lead[: mention.start] + lead[mention.end :]
        lead = re.sub(r"\b(?:JPY|end|as|of|at|the)\b", "", lead, flags=re.I)
        if len({metric.name for metric, _, _ in from_heading}) == 1 and not re.search(
            r"[A-Za-z]{3}", lead
        ):
            metric, role, end = from_heading[-1]
            start = next(m.start for m in self.context.lexicon.mentions(heading) if m.end == end)
            printed = {w.lower(): w for w in re.findall(r"[A-Za-z]+", self.heading_text)}
            qualifiers = [
                word
                for word in self._segment_words(heading[:start].split())
                if word not in _SECTION_WORDS
                and not _is_issuer_name(printed.get(word, word), self.context.issuer_words, 2)
            ]
            if qualifiers and normalize_label(" ".join(qualifiers)) != normalize_label(
                self.heading_segment or ""
            ):
                return "the heading qualifies the metric (" + " ".join(qualifiers) + ")"
            return metric, role, None
        return "no metric label before the number"

    def _segment_words(self, words: Sequence[str]) -> list[str]:
        """The run of words right before a label that can name a segment (nearest last)."""
        run: list[str] = []
        for word in reversed(words):
            if (
                word in _SEGMENT_STOP
                or word in self.context.issuer_words
                or re.search(r"\d", word)
                or re.fullmatch(r".*ly", word)
            ):
                break
            run.insert(0, word)
        return run

    def _segment(
        self,
        before: str,
        label: str,
        between: str,
        metric: MetricInfo,
        role: str,
        quantity: Quantity,
        raw_prefix: str,
    ) -> tuple[MetricInfo, str, str | None]:
        """Split the words around a metric label into a longer metric label and a segment.

        "cost of si revenues" gives the metric of "cost of revenues" and the segment "si";
        "gross margin ratio for si" gives the segment after "for". Returns segment "" when
        words qualify the label but name nothing usable.
        """
        run = self._segment_words(before.split())
        lexicon = self.context.lexicon
        for cut in range(len(run), 0, -1):
            longer = lexicon.match(" ".join([*run[:cut], label]))
            if longer is not None and _fits(longer.metric, quantity, lexicon):
                metric, role = longer.metric, longer.role
                run = run[cut:]
                break
        after = re.match(
            r"^\s*(?:of|for|from)\s+((?:[a-z0-9][a-z0-9./+-]*\s*){1,5}?)\s*(?:in|was|were|is|"
            r"are|as|at|to|$)",
            between,
        )
        if after and not run:
            run = []
            for word in after.group(1).split():
                if (
                    word in _SEGMENT_STOP
                    or word in self.context.issuer_words
                    or re.search(r"\d", word)
                    or re.fullmatch(r".*(?:ed|ly)", word)
                    or word in _PERIOD_WORDS
                ):
                    break
                run.append(word)
        if not run:
            return metric, role, None
        tail = raw_prefix[-160:]
        first_word = raw_prefix.split()[0] if raw_prefix.split() else ""
        if len(run) == 1 and run[0].capitalize() == first_word:
            return metric, role, ""  # only a sentence's first word is capitalised: no name
        if not any(
            word in self.context.abbreviations
            or re.search(rf"\b(?:{re.escape(word.capitalize())}|{re.escape(word.upper())})", tail)
            for word in run
        ):
            if all(re.fullmatch(r"[a-z]+(?:s|ed|ing)", word) for word in run):
                return metric, role, None  # a verb ("ACME expects total revenues ..."): no segment
            return metric, role, ""  # lower-case qualifiers ("other revenues"): not a name
        expanded = [self.context.abbreviations.get(word, word) for word in run]
        segment = " ".join(expanded)
        return metric, role, segment[:1].upper() + segment[1:]

    def period_for(
        self,
        sentence: str,
        quantity: Quantity,
        quantities: Sequence[Quantity],
        mentions: list[_PeriodMention],
    ) -> Period | None:
        start = quantity.span[0]
        tied = _tied_period(sentence, quantity, quantities, mentions)
        if tied is not None:
            return tied
        head = " ".join(sentence.split()[:4])
        for mention in mentions:
            if mention.start <= len(head) and mention.end <= start:
                return mention.period
        earlier = [mention for mention in mentions if mention.end <= start]
        if len(mentions) == 1 and earlier:
            return earlier[0].period
        if self.heading_period is not None:
            return self.heading_period
        return self.context.current_period

    @staticmethod
    def names_period(
        sentence: str,
        quantity: Quantity,
        quantities: Sequence[Quantity],
        mentions: list[_PeriodMention],
    ) -> bool:
        """Whether the sentence names a period after the quantity or right before it ("472
        in 2Q06", "3Q09: approx. 4,200"), so that a number without one may not be of the
        document's period. A period compared as a multiple ("three times of 1H08") names none."""
        start, end = quantity.span
        later = [q.span[0] for q in quantities if q.span[0] > end]
        limit = min(later) if later else len(sentence)
        for mention in mentions:
            if _MULTIPLE_OF.search(sentence[: mention.start]):
                continue  # "(roughly three times of 1H08)": a comparison, no number's period
            if end <= mention.start < limit:
                return True
            gap = sentence[mention.end : start]
            if mention.end <= start and len(gap.strip(" :(),")) <= 12 and not re.search(r"\d", gap):
                return True
        return False

    def basis_for(self, sentence: str, quantity: Quantity, quantities: Sequence[Quantity]) -> Basis:
        text = re.sub(r"\bas\s+expected\b", "", sentence, flags=re.I)
        named = basis_of(text) or basis_of(self.heading_text)
        if named in ("Consensus", "Target", "Plan"):
            return named
        forward = named == "GuidancePoint" or bool(
            re.search(
                r"\bexpects?\b|\bexpecting\b|\bto be\b|\bwill\b|\bforecast|\banticipat|"
                r"\bguidance\b",
                text + " " + self.heading_text,
                re.I,
            )
        )
        if not forward:
            return "Actual"
        before = sentence[: quantity.span[0]]
        if _BETWEEN.search(before):
            return "GuidanceLow"
        if re.search(r"\band\s*$", before):
            previous = [q for q in quantities if q.span[1] <= quantity.span[0]]
            if previous and _BETWEEN.search(sentence[: previous[-1].span[0]]):
                return "GuidanceHigh"
        return "GuidancePoint"

    def read(self) -> None:
        context = self.context
        text = " ".join(_BULLET_MARK.sub("", line.text) for line in self.block.lines)
        scale = _units_heading(self.block.headings)
        for sentence in sentences(text):
            self.direction = None
            if scale is not None:
                sentence = _chart_figures(sentence, scale, context)
            found = find_quantities(sentence)
            quantities = [q for q in found if not q.is_translation]
            mentions = _periods_in(sentence, context)
            for quantity in quantities:
                self.read_quantity(sentence, quantity, quantities, mentions)
            self.report_bare_numbers(sentence, found, mentions)

    def report_bare_numbers(
        self, sentence: str, found: Sequence[Quantity], mentions: Sequence[_PeriodMention]
    ) -> None:
        """Report numbers that are not quantities, periods or dates: nothing is dropped silently."""
        taken = [q.span for q in found] + [(m.start, m.end) for m in mentions]
        for hit in _BARE_NUMBER.finditer(sentence):
            if any(start <= hit.start() < end for start, end in taken):
                continue
            self.diagnostics.append(
                Diagnostic(
                    self.context.document,
                    self._line_of(hit.group()).number,
                    f"{hit.group()!r}: a number with no unit or currency",
                    self.block.lines[0].raw.strip(),
                )
            )

    def read_quantity(
        self,
        sentence: str,
        quantity: Quantity,
        quantities: Sequence[Quantity],
        mentions: list[_PeriodMention],
    ) -> None:
        before = sentence[: quantity.span[0]]
        after = sentence[quantity.span[1] :]
        if _CHANGE_BEFORE.search(before) or _CHANGE_AFTER.match(after):
            if quantity.unit == "percent":
                self.read_change(sentence, quantity, mentions)
            return  # a stated change: not a level
        if re.match(r"^\s*(?:times|x)\b", after, re.I):
            return
        if any(m.start <= quantity.span[0] < m.end for m in mentions):
            return  # the digits of a period label
        found = self.metric_for(sentence, quantity)
        if isinstance(found, str):
            self.skip(quantity, found)
            return
        metric, role, segment = found
        period = self.period_for(sentence, quantity, quantities, mentions)
        if period is None:
            self.skip(quantity, "no period stated or implied")
            return
        implied = period in (self.heading_period, self.context.current_period) and not any(
            mention.period == period for mention in mentions
        )
        same_unit = [q for q in quantities if q.unit == quantity.unit and q is not quantity]
        if implied and any(
            self.names_period(sentence, q, quantities, mentions)
            for q in [quantity, *same_unit]
            if (
                q.span[0] < quantity.span[0]
                or _open_parenthesis(sentence[quantity.span[1] : q.span[0]]) is None
            )  # a number in brackets after this one ("(JPY58 million in 1H08)") is an aside
            and not _compared_with(sentence, q, quantity, quantities, mentions, period)
        ):
            self.skip(quantity, "the sentence names periods this number is not tied to")
            return
        if _PER_SHORT_PERIOD.search(before) and period.kind != "month":
            self.skip(quantity, "a monthly, weekly or daily figure whose month is not stated")
            return
        if metric.period_type == "Instant" and not period.is_instant:
            period = (
                parse_period(
                    f"{period.end:%B} {period.end.day}, {period.end.year}", self.context.calendar
                )
                or period
            )
        elif metric.period_type == "Duration" and period.is_instant:
            self.skip(quantity, f"{metric.name} needs a period, the text gives a date")
            return
        value = quantity.value
        if role == "loss":
            value = -abs(value)
        elif role == "negated":
            value = -value
        reference = self.context.reference
        basis = self.basis_for(sentence, quantity, quantities)
        if segment is None and self.heading_segment is not None:
            segment = self.heading_segment
        elif segment is None and self.specific:
            self.skip(quantity, "the section is about something the sentence does not name")
            return
        if basis.startswith("Guidance") and reference is not None and period.end < reference:
            basis = "Actual"  # a period already over when the document was written
        reference = self.context.reference
        if basis == "Actual" and reference is not None and period.end > reference:
            self.skip(
                quantity,
                f"an actual for {period.label}, which had not ended by the document's date",
            )
            return
        line = self._line_of(quantity.text)
        self.observations.append(
            Observation(
                metric=metric.name,
                period=period,
                value=value,
                unit=quantity.unit,
                decimals=quantity.decimals,
                sources=(SourceSpan(self.context.document, line.number, line.raw.strip()),),
                basis=basis,
                segment=segment,
                approximate=quantity.approximate,
            )
        )

    def read_change(
        self, sentence: str, quantity: Quantity, mentions: Sequence[_PeriodMention]
    ) -> None:
        """Keep a stated change of the amount stated last in the block ("a rise of 16.9%
        compared to 3Q07", "12.9% growth QoQ", "up 7.8% YoY"), when its direction and the
        periods it compares are both clear; a change of a negative amount or of a ratio is left
        alone."""
        before = sentence[: quantity.span[0]]
        after = sentence[quantity.span[1] :]
        direction = _direction(before[-40:], after[:30])
        if direction is None and re.search(r"\band\s*$", before):
            direction = self.direction  # "a rise of 14.2% QoQ and 63.8% YoY"
        self.direction = direction
        level = self.observations[-1] if self.observations else self._level_above()
        if direction is None or level is None:
            return
        if (
            level.value <= 0
            or level.basis != "Actual"
            or level.period.is_instant
            or level.unit == "percent"  # a change of a ratio: points or percent, unclear
        ):
            return
        window = after[:60]
        limit = re.search(r"\d(?:[\d.,]*)\s*%", window)
        if limit is not None:
            window = window[: limit.start()]
        comparison: Comparison | None = None
        if _QOQ.search(window):
            comparison = "QoQ"
        elif _YOY.search(window):
            comparison = "YoY"
        else:
            offset = quantity.span[1]
            compared = [
                m.period
                for m in mentions
                if offset <= m.start <= offset + len(window)
                and _COMPARED.match(after[: m.start - offset])
            ]
            if compared:
                comparison = comparison_of(level.period, compared[0])
        if comparison is None:
            return
        line = self._line_of(quantity.text)
        self.changes.append(
            StatedChange(
                metric=level.metric,
                period=level.period,
                comparison=comparison,
                value=direction * abs(quantity.value),
                decimals=max(quantity.decimals, 0),
                sources=(SourceSpan(self.context.document, line.number, line.raw.strip()),),
                segment=level.segment,
            )
        )

    def _level_above(self) -> Observation | None:
        """The amount stated last in the blocks before, at most two lines above, when this block
        states no amount of its own (only changes): "  - A rise of 14.2% QoQ"."""
        level = self.context.last_level
        if level is None:
            return None
        line = max(span.line for span in level.sources)
        if not 0 < self.block.first_line - line <= 2:
            return None
        text = " ".join(line.text for line in self.block.lines)
        if any(q.unit != "percent" for q in find_quantities(text) if not q.is_translation):
            return None
        return level

    def _line_of(self, text: str) -> Line:
        needle = text.strip()
        digits = re.search(r"\d[\d,.]*\d|\d", needle)
        for candidate in (needle, digits.group() if digits else ""):
            for line in self.block.lines:
                if candidate and candidate in line.text:
                    return line
        return self.block.lines[0]


_UP = re.compile(r"\b(?:increase[ds]?|grew|grow|growth|rose|up|higher|rise)\b", re.I)
_DOWN = re.compile(r"\b(?:decrease[ds]?|declined?|fell|down|lower|drop(?:ped)?)\b", re.I)
_QOQ = re.compile(
    r"\b(?:qoq|quarter[- ]?over[- ]?quarter|sequential(?:ly)?|previous\s+quarter)\b", re.I
)
_YOY = re.compile(r"\b(?:yoy|year[- ]?over[- ]?year|same\s+period\s+(?:of\s+)?last\s+year)\b", re.I)
_COMPARED = re.compile(
    r"^\s*(?:\)\s*)?(?:increase|decrease|growth)?\s*(?:compared\s+(?:to|with)|from|over|"
    r"versus|vs\.?)\s+(?:the\s+)?$",
    re.I,
)


def _direction(before: str, after: str) -> int | None:
    """+1 or -1 from the words around a percentage ("an increase of", "% decrease"), else None.

    >>> _direction("an increase of ", " compared to 2Q01"), _direction("", " decrease YoY")
    (1, -1)
    """
    near_before = re.split(r"[,;]", before)[-1]
    near_after = re.split(r"[,;.]", after)[0]
    ups = _UP.findall(near_before[-24:]) + _UP.findall(near_after[:18])
    downs = _DOWN.findall(near_before[-24:]) + _DOWN.findall(near_after[:18])
    if ups and not downs:
        return 1
    if downs and not ups:
        return -1
    return None


def comparison_of(later: Period, earlier: Period) -> Comparison | None:
    """Name the comparison of two periods: the same period a year before, or the one just before.

    >>> calendar = FiscalCalendar(3, 31, "start")
    >>> q2 = calendar.quarter(2002, 2)
    >>> comparison_of(q2, calendar.quarter(2001, 2)), comparison_of(q2, calendar.quarter(2002, 1))
    ('YoY', 'QoQ')
    """
    if later.start is None or earlier.start is None or later.kind != earlier.kind:
        return None
    if earlier.end + timedelta(days=1) == later.start:
        return "QoQ"
    try:
        if earlier.start == later.start.replace(year=later.start.year - 1):
            return "YoY"
    except ValueError:  # February 29
        return None
    return None


_PERIOD_WORDS = frozenset(
    """full fiscal first second third fourth half quarter year month fy""".split()  # noqa: SIM905
)
"""Words that begin a period after a metric ("capital expenditure for full fiscal 2002")."""
_SECTION_WORDS = frozenset(
    """highlights results summary financial financials overview outlook guidance statements
    statement consolidated performance quarter quarterly fiscal year full first second third
    fourth half expected forecast forecasted target targets key investment profitability
    growth trend trends breakdown company profile operating unaudited data other and of the
    for in to developments development figures features progress business expenses costs
    cost revenue revenues income net cash flows balance sheet sheets number unit million
    billion thousand i ii iii iv v vi a d r basis january february march april may june july
    august september october november december decline declines increase increases
    improvement improved recovery steady strong solid continued temporary temporal above
    below range qoq yoy on at was were is are than more less remained positive negative
    doubled grew level levels new immediate release press news announcement announcements
    tables follow appendix notes note reports report reported announces announce announced
    preliminary interim investing financing activities compared vs versus table chart graph
    exhibit jan feb mar apr
    jun jul aug sep sept oct nov dec""".split()  # noqa: SIM905
)
"""Words of headings that introduce company-wide financial sections ("Highlights of ...")."""
_ROMAN = frozenset(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"])
"""Roman numerals that number a heading ("II-4.")."""
_SUBJECT_EDGE = frozenset(
    ["figures", "features", "of", "the", "developments", "development", "in", "progress", "and"]
)
"""Words trimmed from the ends of a heading that names a business ("Figures of X")."""


def _heading_subject(headings: Sequence[str], context: NarrativeContext) -> tuple[str | None, bool]:
    """The business a section is about, and whether the section is about something specific.

    A heading made only of financial-section words, metric labels, periods and the issuer's
    names is company-wide. Any other heading is specific; when it holds an abbreviation the
    document defines ("VAS" for "Value Added Services"), or names a business by its form
    (:func:`_named_business`), the heading, so expanded, is the segment of its numbers. A
    heading that puts capitalised words before a metric label ("Network Services (2) Cost of
    Revenues") is about those words, unless a later heading is about something else. The
    caller passes the last two headings (a title and a sub-title).
    """
    found: list[tuple[str | None, bool, bool]] = []  # subject, specific, before a metric
    for heading in headings:
        text = re.sub(r"^[^A-Za-z0-9]+", "", heading)
        normalized = normalize_label(text)
        if parse_scale_caption(text) is not None and len(normalized.split()) <= 6:
            continue  # a units line ("Unit: JPY million") set as a heading
        mentions = context.lexicon.mentions(normalized)
        if mentions:
            subject = _subject_before_metric(text, normalized[: mentions[0].start], context)
            found.append((subject, subject is not None, True))
            continue
        covered = re.sub(r"\b\w*\d\w*\b", " ", normalized)
        leftover = [
            word
            for word in covered.split()
            if word not in _SECTION_WORDS and word not in context.issuer_words
        ]
        if not leftover:
            continue
        words = re.sub(r"[^\w\s&/-]", " ", text).split()
        while words and words[0].lower() in _SUBJECT_EDGE | {"business"}:
            words.pop(0)
        while words and words[-1].lower() in _SUBJECT_EDGE:
            words.pop()
        subject = _named_business(words, context)
        if (
            subject is None
            and len(words) <= 6
            and any(w.lower() in context.abbreviations for w in words)
        ):
            subject = " ".join(context.abbreviations.get(w.lower(), w) for w in words) or None
        found.append((subject, True, False))
    for index, (subject, _, _) in enumerate(found):
        later = found[index + 1 :]
        if subject is None or any(s and n is None for n, s, _ in later):
            continue  # a later heading about something else: the subject is not its numbers'
        return subject, True
    return None, any(specific for _, specific, _ in found)


def _subject_before_metric(text: str, before: str, context: NarrativeContext) -> str | None:
    """The capitalised words a heading puts before its metric label, if they name a business.

    >>> from finkg.loaders.lexicon import load_lexicon
    >>> from finkg.loaders.periods import FiscalCalendar
    >>> context = NarrativeContext("x.txt", FiscalCalendar.default(), load_lexicon())
    >>> heading = "II-4. Cloud Hosting (2) Cost of Revenues"
    >>> _subject_before_metric(heading, "ii 4 cloud hosting 2 ", context)
    'Cloud Hosting'
    >>> _subject_before_metric("Quarterly Cost of Revenues", "quarterly ", context) is None
    True
    """
    words = [w for w in before.split() if not re.search(r"\d", w)]
    while words and words[0] in _ROMAN:
        words.pop(0)
    printed = {w.lower(): w for w in re.findall(r"[A-Za-z&-]+", text)}
    if not 1 <= len(words) <= 4 or any(
        word in _SECTION_WORDS
        or word in _SEGMENT_STOP
        or _is_issuer_name(printed.get(word, word), context.issuer_words, 2)
        or not printed.get(word, "")[:1].isupper()
        for word in words
    ):
        return None
    return " ".join(printed[word] for word in words)


def _is_issuer_name(word: str, issuer_words: frozenset[str], shortest: int = 3) -> bool:
    """Whether a word is the issuer's name or its initials ("ACX" of "Acme Cloud Xchange").

    >>> _is_issuer_name("ACX", frozenset(["acme", "cloud", "xchange", "inc"]))
    True
    >>> _is_issuer_name("AX", frozenset(["acme", "cloud", "xchange", "inc"]))
    False
    >>> _is_issuer_name("AX", frozenset(["acme", "cloud", "xchange", "inc"]), shortest=2)
    True
    """
    if word.lower() in issuer_words:
        return True
    initials = Counter(name[0] for name in issuer_words if name.isalpha())
    return len(word) >= shortest and word.isupper() and Counter(word.lower()) <= initials


def _named_business(words: Sequence[str], context: NarrativeContext) -> str | None:
    """The business line a heading names by its form, else None.

    Two forms name one: capitalised words before "Business" ("Ferry Charter Business",
    "Coastal Freight Business"), and the issuer's name or initials before an upper-case product name
    ("ACX NEXUS", the issuer's brand of a service line). A brand printed with the initials cut
    short ("AX NEXUS") is the brand named before, if one was; else it names nothing.

    >>> from finkg.loaders.lexicon import load_lexicon
    >>> from finkg.loaders.periods import FiscalCalendar
    >>> context = NarrativeContext(
    ...     "x.txt", FiscalCalendar.default(), load_lexicon(),
    ...     issuer_words=frozenset(["acme", "cloud", "xchange", "inc"]),
    ... )
    >>> _named_business(["Coastal", "Freight", "Business"], context)
    'Coastal Freight Business'
    >>> _named_business(["Subscription", "Business", "Model"], context) is None
    True
    >>> _named_business(["AX", "NEXUS"], context) is None
    True
    >>> _named_business(["ACX", "NEXUS"], context), _named_business(["AX", "NEXUS"], context)
    ('ACX NEXUS', 'ACX NEXUS')
    """
    issuer_words = context.issuer_words
    if not 2 <= len(words) <= 5:
        return None
    *name, last = words
    if last == "Business" and all(
        word[:1].isupper()
        and word.lower() not in _SECTION_WORDS
        and word.lower() not in _SEGMENT_STOP
        and word.lower() not in issuer_words
        for word in name
    ):
        return " ".join(words)
    first, *rest = words
    if (
        len(words) <= 3
        and _is_issuer_name(first, issuer_words, 2)
        and all(
            re.fullmatch(r"[A-Z]{2,}", word) and word.lower() not in issuer_words for word in rest
        )
    ):
        key = " ".join(rest).lower()
        if key in context.brands:
            return context.brands[key]
        if _is_issuer_name(first, issuer_words):
            context.brands[key] = " ".join(words)
            return context.brands[key]
    return None


def read_narrative(
    block: Block, context: NarrativeContext, changes: list[StatedChange] | None = None
) -> tuple[list[Observation], list[Diagnostic]]:
    """Read the numbers of one paragraph or bullet block.

    Args:
        block: the paragraph or bullets.
        context: what the document says about itself.
        changes: when given, the stated changes the block holds are appended to it.

    >>> from finkg.loaders.lexicon import load_lexicon
    >>> from finkg.loaders.text import Line
    >>> calendar = FiscalCalendar(3, 31, "start")
    >>> text = "Revenues in 2Q07 were JPY12,431 million, a rise of 16.9% compared to 1Q07."
    >>> block = Block("paragraph", (Line(1, text, text),), ())
    >>> context = NarrativeContext("q2.txt", calendar, load_lexicon(), date(2007, 11, 9))
    >>> changes: list[StatedChange] = []
    >>> found, _ = read_narrative(block, context, changes)
    >>> found[0].value, changes[0].comparison, changes[0].value
    (Decimal('12431000000'), 'QoQ', Decimal('16.9'))
    """
    reader = _SentenceReader(block, context)
    reader.read()
    if reader.observations:
        context.last_level = reader.observations[-1]
    if changes is not None:
        changes.extend(reader.changes)
    return reader.observations, reader.diagnostics


def merge_changes(changes: Sequence[StatedChange]) -> list[StatedChange]:
    """One change per key and value: a change stated twice in a document keeps both sources.

    Changes with the same key but different values are all kept (the graph shows the conflict).

    >>> from decimal import Decimal
    >>> calendar = FiscalCalendar(3, 31, "start")
    >>> spans = [SourceSpan("q2.txt", n, "") for n in (3, 9)]
    >>> twice = [StatedChange("Revenues", calendar.quarter(2007, 2), "YoY", Decimal("7.8"), 1,
    ...                       (span,)) for span in spans]
    >>> [change.sources for change in merge_changes(twice)][0] == tuple(spans)
    True
    """
    merged: dict[tuple[object, ...], StatedChange] = {}
    for change in changes:
        key = (*change.key, change.value)
        known = merged.get(key)
        if known is None:
            merged[key] = change
        elif not set(change.sources) <= set(known.sources):
            merged[key] = StatedChange(
                known.metric,
                known.period,
                known.comparison,
                known.value,
                max(known.decimals, change.decimals),
                (*known.sources, *(s for s in change.sources if s not in known.sources)),
                known.segment,
            )
    return list(merged.values())
