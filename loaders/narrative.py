"""Sentences and bullets to observations: the metric named before a number, the period after it.

For each number in a sentence (:func:`finkg.loaders.quantities.find_quantities`):

- **dropped** when it is a convenience translation ("JPY9.9B (\\$82M)": the dollars), a stated
  change ("an increase of 10.9%", "grew by 14.3%", "3.4 times") or a bound with no value;
- **metric**: the nearest metric label before it in the sentence whose unit kind fits the number
  (a percentage needs a ratio metric, yen a monetary one), else the label in the heading above;
  if a word that flips the meaning ("loss", "gain", "income") stands between label and number,
  the number is skipped rather than risk a wrong sign;
- **period**: a period named right after the number ("JPY160 million in 2Q02"), right before it
  ("FY11 JPY3.1 billion"), at the head of the sentence ("In 2Q02, ..."), in the heading above,
  or else the document's current period;
- **basis**: guidance when the sentence looks forward ("expects ... to be between X and Y" gives
  a low and a high), consensus, target or plan when it says so, else actual.

Numbers that produce no observation are reported with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from finkg.loaders.basis import basis_of
from finkg.loaders.blocks import Block
from finkg.loaders.facts import Basis, Diagnostic, Observation, SourceSpan
from finkg.loaders.lexicon import Lexicon, MetricInfo, normalize_label
from finkg.loaders.periods import FiscalCalendar, Period, find_periods, parse_period
from finkg.loaders.quantities import Quantity, find_quantities
from finkg.loaders.text import Line

__all__ = ["NarrativeContext", "read_narrative", "sentences"]

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
_BULLET_MARK = re.compile(r"^(?:[-*•▶◆▪●✓■□○◇►➢]+\s*)+")
_BETWEEN = re.compile(r"\bbetween\s*$", re.I)
_PARENTHESIS = re.compile(r"\([^()]*\)")
_SEGMENT_STOP = frozenset(
    """a an the its our their his her this that these those was were is are in on at to for
    from by with as while which who compared total company group s also recorded reported
    recognized posted generated achieved approx approximately about around annual expect
    with""".split()  # noqa: SIM905
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


def _heading_period(headings: Sequence[str], context: NarrativeContext) -> Period | None:
    for heading in reversed(headings):
        mentions = _periods_in(heading, context)
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
        fitting = self._fitting(prefix, quantity)
        if fitting:
            metric, role, end = fitting[-1]
            between = prefix[end:]
            label_start = next(
                m.start for m in self.context.lexicon.mentions(prefix) if m.end == end
            )
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
        if len({metric.name for metric, _, _ in from_heading}) == 1 and not re.search(
            r"[A-Za-z]{3}", sentence[: quantity.span[0]].replace("JPY", "")
        ):
            metric, role, end = from_heading[-1]
            start = next(m.start for m in self.context.lexicon.mentions(heading) if m.end == end)
            qualifiers = [
                word
                for word in self._segment_words(heading[:start].split())
                if word not in _SECTION_WORDS
            ]
            if qualifiers:
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
        start, end = quantity.span
        later = [q.span[0] for q in quantities if q.span[0] > end]
        limit = min(later) if later else len(sentence)
        for mention in mentions:
            if end <= mention.start < limit and _AFTER_PREPOSITION.match(
                sentence[end : mention.start]
            ):
                return mention.period
        for mention in reversed(mentions):
            gap = sentence[mention.end : start]
            if mention.end <= start and len(gap.strip(" :(),")) <= 12 and not re.search(r"\d", gap):
                return mention.period
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
        for sentence in sentences(text):
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
        if implied and same_unit and mentions:
            self.skip(
                quantity, "other numbers in the sentence name their periods; this one does not"
            )
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

    def _line_of(self, text: str) -> Line:
        needle = text.strip()
        for line in self.block.lines:
            if needle and needle in line.text:
                return line
        return self.block.lines[0]


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
    preliminary interim""".split()  # noqa: SIM905
)
"""Words of headings that introduce company-wide financial sections ("Highlights of ...")."""
_SUBJECT_EDGE = frozenset(
    ["figures", "features", "of", "the", "developments", "development", "in", "progress", "and"]
)
"""Words trimmed from the ends of a heading that names a business ("Figures of X")."""


def _heading_subject(headings: Sequence[str], context: NarrativeContext) -> tuple[str | None, bool]:
    """The business a section is about, and whether the section is about something specific.

    A heading made only of financial-section words, metric labels, periods and the issuer's
    names is company-wide. Any other heading is specific; when it holds an abbreviation the
    document defines ("VAS" for "Value Added Services"), the heading, so expanded, is the
    segment of its numbers. The caller passes the last two headings (a title and a sub-title).
    """
    specific = False
    for heading in headings:
        text = re.sub(r"^[^A-Za-z0-9]+", "", heading)
        normalized = normalize_label(text)
        if context.lexicon.mentions(normalized):
            continue  # a heading that names a metric introduces company-wide figures
        covered = normalized
        covered = re.sub(r"\b\w*\d\w*\b", " ", covered)
        leftover = [
            word
            for word in covered.split()
            if word not in _SECTION_WORDS and word not in context.issuer_words
        ]
        if not leftover:
            continue
        specific = True
        words = re.sub(r"[^\w\s&/-]", " ", text).split()
        if len(words) > 6 or not any(w.lower() in context.abbreviations for w in words):
            continue
        while words and words[0].lower() in _SUBJECT_EDGE:
            words.pop(0)
        while words and words[-1].lower() in _SUBJECT_EDGE:
            words.pop()
        expanded = [context.abbreviations.get(w.lower(), w) for w in words]
        if expanded:
            return " ".join(expanded), True
    return None, specific


def read_narrative(
    block: Block, context: NarrativeContext
) -> tuple[list[Observation], list[Diagnostic]]:
    """Read the numbers of one paragraph or bullet block."""
    reader = _SentenceReader(block, context)
    reader.read()
    return reader.observations, reader.diagnostics
