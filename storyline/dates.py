"""Dates in news text: finding them, and resolving them against a reference day.

News writes dates for readers of the day: "on Monday", "Feb. 24", "last week",
"late February". To place them on a calendar we need the day the article was
written (its publication date) and, for a date without a year, a year. This
module finds date expressions with their character spans and resolves each to a
:class:`DateRange` given a reference date. It is deliberately rule-based (and
fast): dateparser is used only for free-form metadata strings, where its breadth
pays (``normalize_date``), not for scanning running text, where its
``search_dates`` is slow and finds "may" and "march" in ordinary verbs.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {name: i for i, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBER_WORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# From 1500: a chronology of past quakes lists "8 Feb 1843" (T17 haiti_bbc), which
# without its year was put in the nearest year to the article.
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"

# Order matters: longer, more specific patterns first; spans never overlap.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("numeric", re.compile(r"\b(?P<mnum>1[0-2]|0?[1-9])/(?P<day>3[01]|[12]\d|0?[1-9])/"
                           r"(?P<year>(?:19|20)\d\d)\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?")),
    ("period", re.compile(r"\b(?P<part>(?i:early|mid|late|the end of|end of|the beginning of|"
                          r"beginning of|the middle of|middle of))[\s-]+"
                          rf"{_MONTH}(?:,?\s+{_YEAR}\b)?")),
    ("month_year", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b")),
    ("relative", re.compile(
        r"\b(?P<rel>yesterday|today|tomorrow|last week|this week|next week|last month|"
        r"this month|earlier this month|earlier this week|earlier this year|last year|"
        r"this year|next month|"
        r"(?P<num>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+"
        r"(?P<unit>days?|weeks?|months?|years?)\s+ago(?P<today>\s+today)?)\b", re.IGNORECASE)),
    ("weekday", re.compile(r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|"
                           r"Saturday|Sunday)\b")),
]
# "expected to have died in Tuesday's earthquake" looks back (T17 haiti_bbc).
_FUTURE_CUE = re.compile(r"\b(will|would|shall|to be|is due|are due|scheduled|planned|"
                         r"expected(?!\s+to\s+have\b)|next)\b[^.]{0,40}$"
                         # "by" and "until" point forward only right before the date
                         # ("until 6 May", "by the end of June"); further back "by" is
                         # mostly an agent ("a rig leased by BP exploded on 20 April",
                         # which must stay in the past: T17 bpoil briefs dated it a
                         # year ahead)
                         r"|\b(?:until|by)\s+(?:the\s+(?:end|middle|start|beginning)"
                         r"\s+of\s+|(?:early|late)\s+)?(?:on\s+)?$", re.IGNORECASE)


# "by" after a past participle, before a day's event, names an agent: "may have been
# killed by Tuesday's earthquake" (T17 haiti_bbc put it on the next Tuesday); before
# the day itself it is a deadline ("could be contained by Monday").
_AGENT_BY = re.compile(r"\b(?:\w+ed|\w+en|hit|struck|caught|left|built|made|held|shut|"
                       r"set|hurt|brought|fought|led)\s+by\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class DateRange:
    """A day (``start == end``) or a span of days."""

    start: date
    end: date

    @property
    def is_day(self) -> bool:
        return self.start == self.end

    def iso(self) -> str:
        if self.is_day:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text; ``fields`` holds what the pattern captured."""

    kind: str
    text: str
    start: int
    end: int
    fields: tuple[tuple[str, str], ...]
    future: bool = False

    def get(self, name: str) -> str | None:
        return dict(self.fields).get(name)

    @property
    def has_year(self) -> bool:
        return self.get("year") is not None


def find_dates(text: str) -> list[DateMention]:
    """All date expressions in ``text`` in order of position, without overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind in ("month_day", "day_month") and not _plausible_day(m):
                continue
            if kind in ("month_day", "day_month") and _NAMES_A_GROUP.match(text, m.end()):
                continue
            fields = tuple((k, v) for k, v in m.groupdict().items() if v is not None)
            left = text[max(0, m.start() - 60):m.start()]
            future = bool(_FUTURE_CUE.search(left)) and not (
                text.startswith(("'s", "’s"), m.end()) and _AGENT_BY.search(left))
            found.append(DateMention(kind, m.group(0), m.start(), m.end(), fields, future))
            taken.append((m.start(), m.end()))
    return _coordinated(text, sorted(found, key=lambda d: d.start))


_JOINED = re.compile(r"^\s*(?:,\s*)?(?:or|and|to|through|-|–)\s*$")


def _coordinated(text: str, found: list[DateMention]) -> list[DateMention]:
    """A weekday joined to the one before it ("by Thursday or Friday") points the same
    way: the future cue sits before the first only (T17 haiti_bbc dated "Friday" in
    "hoped to get supplies into Haiti by Thursday or Friday" to the week before)."""
    out: list[DateMention] = []
    for m in found:
        prev = out[-1] if out else None
        if prev is not None and prev.future and not m.future and m.kind == prev.kind == \
                "weekday" and _JOINED.match(text[prev.end:m.start]):
            m = replace(m, future=True)
        out.append(m)
    return out


# A day that names a movement or an alliance ("the March 14 coalition", "the April 6
# Youth movement", "the 17th February revolution", "“March 14th” faction"): no date of
# the story (T17 SyrianCrisis_bbc put the March 14 faction's sentence on 2012-03-14).
_NAMES_A_GROUP = re.compile(r"[”\"’']?\s*(?:alliance|movement|coalition|faction|bloc|"
                            r"revolution|youth)\b", re.IGNORECASE)


def _plausible_day(m: re.Match[str]) -> bool:
    # Month names are matched case-sensitively, so "may 20 people" is not a date;
    # the day must still be one a month can have.
    return 1 <= int(m.group("day")) <= 31


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_year(month: int, day: int, reference: date, future: bool = False) -> date | None:
    """The year that puts month/day nearest the reference, past unless ``future``.

    News refers to recent events: "Feb. 24" in an April article is this year's,
    "Dec. 5" in a January article is last year's. A few days' slack covers
    scheduled events mentioned in past-tense reports.
    """
    candidates = [_safe_date(reference.year + k, month, day) for k in (-1, 0, 1)]
    valid = [c for c in candidates if c is not None]
    if not valid:
        return None
    if future:
        after = [c for c in valid if c >= reference - timedelta(days=7)]
        return min(after, key=lambda c: abs((c - reference).days)) if after else valid[-1]
    before = [c for c in valid if c <= reference + timedelta(days=7)]
    return max(before) if before else min(valid)


def resolve(mention: DateMention, reference: date | None) -> DateRange | None:
    """The calendar day or span a mention stands for, or None if it needs a
    reference date (or a year) that is not available."""
    kind = mention.kind
    if kind in ("iso", "numeric"):
        month = int(mention.get("mnum") or 0)
        d = _safe_date(int(mention.get("year") or 0), month, int(mention.get("day") or 0))
        return DateRange(d, d) if d else None
    if kind in ("month_day", "day_month"):
        return _resolve_month_day(mention, reference)
    if kind == "period":
        return _resolve_period(mention, reference)
    if kind == "month_year":
        year, month = int(mention.get("year") or 0), month_number(mention.get("month") or "")
        last = calendar.monthrange(year, month)[1]
        return DateRange(date(year, month, 1), date(year, month, last))
    if reference is None:
        return None
    if kind == "weekday":
        return _resolve_weekday(mention, reference)
    if kind == "relative":
        return _resolve_relative(mention, reference)
    return None


def _resolve_month_day(mention: DateMention, reference: date | None) -> DateRange | None:
    month, day = month_number(mention.get("month") or ""), int(mention.get("day") or 0)
    if mention.has_year:
        d = _safe_date(int(mention.get("year") or 0), month, day)
    elif reference is not None:
        d = nearest_year(month, day, reference, mention.future)
    else:
        return None
    return DateRange(d, d) if d else None


def _resolve_period(mention: DateMention, reference: date | None) -> DateRange | None:
    month = month_number(mention.get("month") or "")
    if mention.has_year:
        year = int(mention.get("year") or 0)
    elif reference is not None:
        guess = nearest_year(month, 15, reference, mention.future)
        if guess is None:
            return None
        year = guess.year
    else:
        return None
    last = calendar.monthrange(year, month)[1]
    part = (mention.get("part") or "").lower()
    if part == "early" or "beginning" in part:
        lo, hi = 1, 10
    elif part == "mid" or "middle" in part:
        lo, hi = 11, 20
    else:
        lo, hi = 21, last
    return DateRange(date(year, month, lo), date(year, month, hi))


def _resolve_weekday(mention: DateMention, reference: date) -> DateRange:
    target = WEEKDAYS[(mention.get("weekday") or "").lower()]
    if mention.future:
        ahead = (target - reference.weekday()) % 7
        d = reference + timedelta(days=ahead)
    else:
        back = (reference.weekday() - target) % 7
        d = reference - timedelta(days=back)
    return DateRange(d, d)


def _resolve_relative(mention: DateMention, reference: date) -> DateRange | None:
    rel = (mention.get("rel") or "").lower()
    monday = reference - timedelta(days=reference.weekday())
    month_start = reference.replace(day=1)
    fixed = {
        "yesterday": (reference - timedelta(days=1),) * 2,
        "today": (reference,) * 2,
        "tomorrow": (reference + timedelta(days=1),) * 2,
        "last week": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "this week": (monday, monday + timedelta(days=6)),
        "earlier this week": (monday, reference),
        "next week": (monday + timedelta(days=7), monday + timedelta(days=13)),
        "this month": (month_start, _month_end(reference)),
        "earlier this month": (month_start, reference),
        "earlier this year": (reference.replace(month=1, day=1), reference),
        "this year": (reference.replace(month=1, day=1), reference.replace(month=12, day=31)),
        "last year": (date(reference.year - 1, 1, 1), date(reference.year - 1, 12, 31)),
    }
    if rel in fixed:
        lo, hi = fixed[rel]
        return DateRange(lo, hi)
    if rel == "last month":
        prev = month_start - timedelta(days=1)
        return DateRange(prev.replace(day=1), prev)
    if rel == "next month":
        nxt = _month_end(reference) + timedelta(days=1)
        return DateRange(nxt, _month_end(nxt))
    num, unit = mention.get("num"), mention.get("unit")
    if num and unit:
        n = int(num) if num.isdigit() else NUMBER_WORDS[num.lower()]
        try:
            d = shift(reference, -n, unit)
        except (ValueError, OverflowError):  # "7000 years ago": off the calendar
            return None
        # "150 years ago", "18 months ago" name a year or a month, not the day
        # (T17 haiti_bbc: "The last major earthquake ... was 150 years ago" came out
        # as 1860-01-13); "a year ago", "two days ago" keep their day
        if mention.get("today"):  # "32 years ago today": that day
            return DateRange(d, d)
        if n > 1 and unit.lower().startswith("year"):
            return DateRange(d.replace(month=1, day=1), d.replace(month=12, day=31))
        if n > 1 and unit.lower().startswith("month"):
            return DateRange(d.replace(day=1), _month_end(d))
        return DateRange(d, d)
    return None


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def shift(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` days, weeks, months or years (months clamp the day)."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    if unit == "month":
        month0 = d.month - 1 + n
        year, month = d.year + month0 // 12, month0 % 12 + 1
        last = calendar.monthrange(year, month)[1]
        return d.replace(year=year, month=month, day=min(d.day, last))
    return d.replace(year=d.year + n, day=min(d.day, calendar.monthrange(d.year + n, d.month)[1]))


_ISO_FULL = re.compile(r"^\s*((?:19|20)\d\d-[01]\d-[0-3]\d)(?:[T ]([0-2]\d:[0-5]\d(?::[0-5]\d)?)"
                       r"(?:\.\d+)?(Z|[+-][0-2]\d:?[0-5]\d)?)?\s*$")


def normalize_date(value: str | None) -> str | None:
    """A metadata date string as ISO (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS``).

    ISO input is kept to the precision given; anything else goes through the
    patterns above and, failing those, dateparser (imported only then).
    """
    if not value or len(value) > 100:
        return None
    m = _ISO_FULL.match(value)
    if m:
        day = m.group(1)
        if _safe_date(*map(int, day.split("-"))) is None:
            return None
        return f"{day}T{m.group(2)}{m.group(3) or ''}" if m.group(2) else day
    mentions = [d for d in find_dates(value) if d.has_year]
    if mentions:
        rng = resolve(mentions[0], None)
        if rng and rng.is_day:
            return rng.start.isoformat()
    return _dateparser(value)


def _dateparser(value: str) -> str | None:
    try:
        import dateparser
    except ImportError:  # optional breadth; the patterns above cover the common cases
        return None
    parsed: datetime | None = dateparser.parse(
        value, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                         "REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None:
        return None
    if parsed.hour or parsed.minute or parsed.second:
        return parsed.replace(microsecond=0).isoformat()
    return parsed.date().isoformat()


def to_date(iso: str | None) -> date | None:
    """The calendar day of an ISO date or date-time string."""
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


_OFFSET = re.compile(
    r"\b(?P<num>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)\s+"
    r"(?P<unit>days?|weeks?|months?)\s+(?P<direction>after|before|later|earlier)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class OffsetMention:
    """A date given relative to another happening: "four days after the talks",
    "two weeks later". It has no date of its own until an anchor is found."""

    text: str
    start: int
    end: int
    count: int
    unit: str
    after: bool

    def apply(self, anchor: DateRange) -> DateRange | None:
        """The day this offset names, counted from the anchor's first day."""
        try:
            day = shift(anchor.start, self.count if self.after else -self.count, self.unit)
        except (ValueError, OverflowError):
            return None
        return DateRange(day, day)


def find_offsets(text: str) -> list[OffsetMention]:
    """Offsets in ``text`` ("N days after", "N weeks later"), in order.

    Kept apart from :func:`find_dates` because they resolve against another
    happening, not against the publication date; the timeline finds the anchor.
    """
    out = []
    for m in _OFFSET.finditer(text):
        num = m.group("num").lower()
        count = int(num) if num.isdigit() else NUMBER_WORDS[num]
        out.append(OffsetMention(m.group(0), m.start(), m.end(), count, m.group("unit").lower(),
                                 m.group("direction").lower() in ("after", "later")))
    return out


# "12:48", "3 pm", and the Guardian's "Thursday 28 April 2005 12.48 BST" (a dotted time
# only with a time zone: "March 7 2003 1.5 million" is no clock)
_CLOCK = re.compile(r"^\s*,?\s*(?:at\s+)?\d{1,2}(?::\d{2}|\s*[ap]\.?m\b|"
                    r"\.\d{2}\s*(?:BST|GMT|CET|CEST|EST|EDT|PST|PDT|UTC)\b)", re.IGNORECASE)


def is_timestamp(text: str, mention: DateMention) -> bool:
    """A date followed by a clock time ("Apr 30, 2010 3:26 pm EDT", "March 23,
    2011 at 5:57 pm | Reply"): a dateline or a comment stamp, which dates the
    text, not a happening."""
    if _CLOCK.match(text[mention.end:mention.end + 12]):
        return True
    if mention.kind == "weekday":  # the Guardian's "Thursday 31 March 2005 00.05 BST"
        tail = text[mention.end:mention.end + 40]
        after = find_dates(tail)
        return bool(after) and not tail[:after[0].start].strip(" ,") and \
            bool(_CLOCK.match(tail[after[0].end:after[0].end + 12]))
    return False
