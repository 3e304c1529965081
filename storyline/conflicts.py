"""Explicit contradiction checks between two sentences about the same thing.

No natural-language-inference model can be installed here, so contradictions are
found by four narrow, explainable rules; each returns the words it rests on so a
reader can judge. They are meant to run only on sentence pairs already known to
be about the same subject (aligned claims, see :mod:`storyline.claims`), and
they favour precision: a missed contradiction leaves two claims side by side,
a false one accuses an outlet.

- **numbers**: the same counted thing ("people", "killed", "%", "$ ... aid")
  with incompatible figures, in reports published within a day of each other:
  "at least 50 killed" vs "at least 30 killed", "40 %" vs "25 %". Qualifiers
  are read as bounds ("more than 100" fits 120, "nearly 50" fits 48, "up to 30"
  fits 20); two different tallies of one count ("at least 50" / "at least 30")
  conflict. Years, dates, times, compound modifiers ("8-mile convoy"),
  forecasts ("had estimated 175,000"), per-item rates ("1 million each"), parts
  of a total, and a figure the other sentence also gives are not conflicts.
- **names**: the same *qualified* role ("Russian Foreign Minister", "Kremlin
  spokesman") held now (not "former", "then-") by people whose surnames differ
  beyond spelling (Sergey/Sergei Lavrov and the typo "Lavor" agree; Lavrov and
  Kuleba do not), unless each sentence names both.
- **dates**: the same happening (the words around both dates overlap) placed
  on days or periods that do not overlap, after resolving relative dates
  against each article's own publication date.
- **negation**: near-identical sentences where one negates ("did not confirm",
  "was never") or uses the antonym ("denied" / "confirmed") and the other
  does not.

What they miss is listed in docs/agreement-map.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from storyline.dates import DateMention, DateRange, find_dates, is_timestamp, resolve
from storyline.textutil import STOPWORDS, content_terms

TOLERANCE = 0.1  # figures within 10 % are the same figure, rounded
FIGURE_DAYS = 1  # figures are compared between reports published at most this far apart
SURNAME_SIMILARITY = 0.7  # SequenceMatcher ratio at which two surnames are one name


@dataclass(frozen=True)
class Contradiction:
    """Why two sentences cannot both be true, in their own words."""

    kind: str  # number | date | name | negation
    left: str
    right: str

    @property
    def note(self) -> str:
        return f"{self.kind}: “{self.left}” vs “{self.right}”"


@dataclass(frozen=True)
class Facts:
    """What the checks read from one sentence, extracted once: a sentence is
    compared with many others."""

    text: str
    figures: tuple[Figure, ...]
    values: tuple[float, ...]
    dates: tuple[tuple[DateMention, DateRange], ...]
    roles: tuple[tuple[str, str], ...]
    negated: bool
    terms: frozenset[str]
    published: date | None = None


def facts(text: str, reference: date | None = None) -> Facts:
    """The facts of sentence ``text`` of an article published on ``reference``."""
    mentions = find_dates(text)
    every = _all_figures(text, mentions)
    return Facts(text, tuple(f for f in every if f.key != ("", "")),
                 tuple(f.value for f in every), _happening_dates(text, mentions, reference),
                 tuple(role_names(text).items()), _negated(text), content_terms(text), reference)


def contradiction(a: str, b: str, ref_a: date | None = None,
                  ref_b: date | None = None) -> Contradiction | None:
    """The first contradiction found between sentences ``a`` and ``b``, or None.

    ``ref_a``/``ref_b`` are the publication dates of their articles, against
    which relative dates ("on Monday") are resolved.
    """
    return conflict_between(facts(a, ref_a), facts(b, ref_b))


def conflict_between(a: Facts, b: Facts) -> Contradiction | None:
    """:func:`contradiction` on facts extracted beforehand."""
    return (number_conflict(a, b) or date_conflict(a, b) or name_conflict(a, b)
            or negation_conflict(a, b))


# ---------------------------------------------------------------------------
# numbers

_WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "bn": 1e9, "m": 1e6}
_LOWER = ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than",
          "no less than", "above")
_UPPER = ("up to", "fewer than", "less than", "at most", "as many as", "under", "below",
          "nearly", "almost", "just under")
_ABOUT = ("about", "around", "some", "roughly", "approximately", "an estimated", "estimated",
          "close to")
_QUALIFIER = "|".join(sorted((re.escape(q) for q in _LOWER + _UPPER + _ABOUT), key=len,
                             reverse=True))
_NUMBER = re.compile(
    r"(?:(?P<cur>[$€£])\s?|(?<![\w.,$€£-]))(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(_WORD_VALUES, key=len, reverse=True)) + r")\b"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion|bn)\b)?"
    r"(?P<pct>\s*(?:%|percent\b|per cent\b))?",
    re.IGNORECASE)
_QUALIFIED = re.compile(rf"\b(?P<qual>{_QUALIFIER})\s+[$€£]?\s?$", re.IGNORECASE)
# What a figure counts when no noun follows it ("killed 50", "the dead rose to 30").
_COUNT_VERBS = {
    "kill": "killed", "dead": "killed", "died": "killed", "death": "killed", "fatal": "killed",
    "injur": "injured", "wound": "injured", "hurt": "injured", "missing": "missing",
    "arrest": "arrested", "detain": "arrested", "displace": "displaced",
    "evacuat": "evacuated", "infect": "infected",
}
_NOT_HEADS = frozenset({"of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "for",
                        "from", "by", "with", "as", "than", "more", "other", "others"})


@dataclass(frozen=True)
class Figure:
    value: float
    kind: str  # exact | lower | upper | about
    key: tuple[str, str]  # (what is counted, the count verb)
    words: str


def figures(text: str, mentions: Sequence[DateMention] | None = None) -> tuple[Figure, ...]:
    """The counted figures of a sentence (not years, dates, times, modifiers or
    forecasts); ``mentions`` are its date expressions if already found."""
    return tuple(f for f in _all_figures(text, mentions) if f.key != ("", ""))


def _all_figures(text: str, mentions: Sequence[DateMention] | None) -> list[Figure]:
    """Every figure of a sentence, those that count nothing recognisable with
    the key ("", ""): they still show which numbers a sentence gives."""
    date_spans = [(m.start, m.end) for m in (find_dates(text) if mentions is None else mentions)]
    out = []
    for m in _NUMBER.finditer(text):
        num = m.group("num")
        if any(s <= m.start("num") < e for s, e in date_spans):
            continue
        after = text[m.end():m.end() + 12]
        if re.match(r"(?:-\w|:\d|\s*[ap]\.?m\b|\s*(?:years?\s+old|GMT|BST))", after,
                    re.IGNORECASE):
            continue  # "8-mile", "10:30", "5 pm": modifiers and times, not counts
        value = _value(num)
        if value is None:
            continue
        before = text[max(0, m.start() - 40):m.start()]
        q = _QUALIFIED.search(before[-25:])
        qual = q.group("qual") if q else None
        plain = not (qual or m.group("cur") or m.group("scale") or m.group("pct"))
        if plain and num.isdigit() and len(num) == 4 and 1800 <= value <= 2100:
            continue  # a year
        if _FORECAST.search(before):
            continue  # "economists had estimated 175,000": a forecast, not a report
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        counted = _counted(text, m, bool(m.group("pct")), m.group("cur"))
        key, head_words = counted if counted else (("", ""), "")
        if key[0] in _TIME_UNITS:
            span = _duration(text, m, value, key[0])
            if span is None:
                continue  # "the first 100 days", "58 days into": a point in time
            value, key = span, ("time", key[1])
        if key != ("", "") and _RATE.match(text[m.end():m.end() + 40]):
            key = (key[0], key[1] + " each")  # "1 million doses each": per item, not a total
        words = " ".join(((qual + " " if qual else "") + m.group(0) + " " + head_words).split())
        out.append(Figure(value, _qualifier_kind(qual), key, words))
    return out


_TIME_UNITS = {"day": 1.0, "days": 1.0, "week": 7.0, "weeks": 7.0, "month": 30.44,
               "year": 365.25, "years": 365.25}  # heads cut to five letters
_POINT_BEFORE = re.compile(r"\b(?:first|last|next|past|within|into|the|its|his|her|their)\s+$",
                           re.IGNORECASE)
_POINT_AFTER = re.compile(r"^\s*\w+\s+(?:into|ago|later|earlier|old|after|before|since)\b",
                          re.IGNORECASE)
_MORE_TIME = re.compile(r"^\s*\w+,?\s+(?:and\s+)?(?P<num>\d+|[a-z]+)\s+(?P<unit>days?|weeks?|"
                        r"months?|years?)\b", re.IGNORECASE)


def _duration(text: str, m: re.Match[str], value: float, unit: str) -> float | None:
    """A time span in days ("three years and four months" = "40 months"), or
    None when the figure names a point in time rather than a span."""
    if _POINT_BEFORE.search(text[max(0, m.start() - 12):m.start()]) or \
            _POINT_AFTER.match(text[m.end():m.end() + 30]):
        return None
    days = value * _TIME_UNITS[unit]
    more = _MORE_TIME.match(text[m.end():m.end() + 40])
    if more:
        extra = _value(more.group("num"))
        if extra is not None:
            days += extra * _TIME_UNITS[more.group("unit").lower()[:5]]
    return days


_FORECAST = re.compile(r"\b(?:expect\w*|forecast\w*|estimat\w*|project\w*|predict\w*|"
                       r"consensus|anticipat\w*|target\w*)\W+(?:\w+\W+){0,3}$", re.IGNORECASE)
_RATE = re.compile(r"^(?:\s+[\w’'-]+){0,3}?\s+(?:each|apiece|per|a day|a week|a month|a year|"
                   r"daily|weekly|monthly|annually)\b", re.IGNORECASE)


def _value(num: str) -> float | None:
    low = num.lower()
    if low in _WORD_VALUES:
        return float(_WORD_VALUES[low])
    try:
        return float(num.replace(",", ""))
    except ValueError:
        return None


def _qualifier_kind(qual: str | None) -> str:
    q = (qual or "").lower()
    if q in _LOWER:
        return "lower"
    if q in _UPPER:
        return "upper"
    if q in _ABOUT:
        return "about"
    return "exact"


def _counted(text: str, m: re.Match[str], pct: bool, currency: str | None
             ) -> tuple[tuple[str, str], str] | None:
    """((what the figure counts, the count verb near it), the counted noun's
    words), or None when a figure counts nothing recognisable."""
    after = re.findall(r"[A-Za-z’'-]+|[.,;:!?()]", text[m.end():m.end() + 60])
    head, head_words = "", []
    if pct:
        head = "%"
    else:
        for word in after[:2]:
            low = word.lower()
            if not word[0].isalpha() or low in _NOT_HEADS or low in STOPWORDS:
                break
            if head and (not low.endswith("s") or (head.endswith("s")
                                                   and not head.endswith("ss"))):
                break  # "people killed", "trucks left": a verb; "mass graves": a noun
            head = low
            head_words.append(word)
    if currency:
        head = f"{currency}{head}"
    verb = _count_verb(text[:m.start()].lower().split()[-4:]) or \
        _count_verb(text[m.end():].lower().split()[:6])
    if not head and not verb:
        return None
    return (head[:5], verb), " ".join(head_words)


def _count_verb(words: list[str]) -> str:
    """The verb among ``words`` that says what a figure counts ("killed at least
    50": the verb before governs it; "50 people were gathered": the one after),
    synonyms of a count merged (killed, dead, died), or ""."""
    for word in words:
        word = word.strip(".,;:!?\"“”‘’'()")
        found = next((v for k, v in _COUNT_VERBS.items() if word.startswith(k)), "")
        if found:
            return found
        if len(word) > 4 and word.endswith("ed") and word not in STOPWORDS:
            return word  # "gathered", "stabbed": another verb, another count
    return ""


def _interval(f: Figure) -> tuple[float, float]:
    v = f.value
    if f.kind == "lower":
        return v, float("inf")
    if f.kind == "upper":
        return 0.0, v
    if f.kind == "about":
        return v * 0.8, v * 1.2
    return v * (1 - TOLERANCE), v * (1 + TOLERANCE)


def _figures_conflict(x: Figure, y: Figure) -> bool:
    close = abs(x.value - y.value) <= TOLERANCE * max(x.value, y.value)
    if close:
        return False
    if x.kind == y.kind and x.kind in ("lower", "upper"):
        return True  # two tallies of one count: "at least 50" vs "at least 30"
    (lo1, hi1), (lo2, hi2) = _interval(x), _interval(y)
    return hi1 < lo2 or hi2 < lo1


def number_conflict(a: Facts, b: Facts) -> Contradiction | None:
    fa, fb = a.figures, b.figures
    if not fa or not fb:
        return None
    if a.dates and b.dates and not any(_overlaps(r1, r2) for _, r1 in a.dates
                                       for _, r2 in b.dates):
        return None  # figures of different days: a change, not a contradiction
    if a.published and b.published and abs((a.published - b.published).days) > FIGURE_DAYS:
        return None  # reports days apart: tallies and prices move
    for x in fa:
        same = [y for y in fb if y.key == x.key]
        if not same or any(not _figures_conflict(x, y) for y in same):
            continue
        if _gives(b.values, x.value) or any(_gives(a.values, y.value) for y in same):
            continue  # the other sentence gives the same figure too, of whatever
        mine = [z for z in fa if z.key == x.key]
        if any(not _figures_conflict(z, y) for z in mine for y in same):
            continue  # each side also gives a figure the other agrees with
        if _adds_up(mine, same) or _adds_up(same, mine):
            continue  # "2.5 million to Mexico and 1.5 million to Canada" = "4 million"
        return Contradiction("number", x.words, same[0].words)
    return None


def _gives(values: Sequence[float], value: float) -> bool:
    return any(abs(v - value) <= TOLERANCE * max(v, value) for v in values)


def _adds_up(parts: list[Figure], whole: list[Figure]) -> bool:
    """The figures of one side sum to a figure of the other (a total and its parts)."""
    if len(parts) < 2:
        return False
    total = sum(p.value for p in parts)
    return any(abs(total - w.value) <= TOLERANCE * w.value for w in whole)


# ---------------------------------------------------------------------------
# dates

_DATE_WINDOW = 8
_DATE_WORDS = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|"
                         r"fri|sat|sun|last|week|month|year|earli|late|early|mid)", re.IGNORECASE)


_REPORTING = re.compile(r"\b(?:said|says|told|stated|announced|added|wrote|reported|"
                        r"confirmed|remarked|explained|warned|claimed|tweeted|posted)\b",
                        re.IGNORECASE)
_NAMED = frozenset({"month_day", "day_month", "iso", "numeric"})


def date_conflict(a: Facts, b: Facts) -> Contradiction | None:
    ma, mb = a.dates, b.dates
    if not ma or not mb:
        return None
    if any(_overlaps(r1, r2) for _, r1 in ma for _, r2 in mb):
        return None  # they share a date: any other date is about something else
    for m1, r1 in ma:
        w1 = _date_window(a.text, m1.start, m1.end)
        for m2, r2 in mb:
            same_class = (m1.kind in _NAMED) == (m2.kind in _NAMED) and r1.is_day == r2.is_day
            if same_class and len(w1 & _date_window(b.text, m2.start, m2.end)) >= 2:
                return Contradiction("date", f"{m1.text} ({r1.iso()})",
                                     f"{m2.text} ({r2.iso()})")
    return None


def _happening_dates(text: str, mentions: Sequence[DateMention], reference: date | None
                     ) -> tuple[tuple[DateMention, DateRange], ...]:
    """Resolved dates of a sentence that date a happening, not a statement:
    "said on Monday" dates the saying, which outlets may time differently."""
    out = []
    for m in mentions:
        near = text[max(0, m.start - 25):m.end + 25]
        if _REPORTING.search(near) or is_timestamp(text, m):
            continue
        rng = resolve(m, reference)
        if rng is not None:
            out.append((m, rng))
    return tuple(out)


def _overlaps(r1: DateRange, r2: DateRange) -> bool:
    return r1.start <= r2.end and r2.start <= r1.end


def _date_window(text: str, start: int, end: int) -> frozenset[str]:
    words = text[:start].split()[-_DATE_WINDOW:] + text[end:].split()[:_DATE_WINDOW]
    return frozenset(t for t in content_terms(" ".join(words))
                     if not t.isdigit() and not _DATE_WORDS.match(t))


# ---------------------------------------------------------------------------
# names

# Titles one person holds at a time *once qualified* ("Foreign Minister",
# "Kremlin spokesman", "Education Secretary", "Prime Minister"). A bare
# "President" or "Sen." is held by many people in one story and is not compared.
_ROLES = (r"(?:minister|president|secretary|spokes(?:man|woman|person)|chancellor|"
          r"secretary of state|secretary-general|press secretary|ceo|chairman|chairwoman|"
          r"premier)")
_NAME = r"[A-Z][\w’'-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]+)){0,3}"
_ROLE_NAME = re.compile(
    rf"(?P<before>\S*\s?)(?P<role>(?:\b[A-Z][\w.]*\s+){{1,2}}\b(?i:{_ROLES}))\s+"
    rf"(?P<name>{_NAME})")
# "former President Obama", "then-Secretary Kerry": a different time, another holder.
_NOT_NOW = re.compile(r"(?i:former|then|ex|late|previous|outgoing|incoming|acting|"
                      r"interim|future|new|next)\W*$")


def role_names(text: str) -> dict[str, str]:
    """Qualified role (lower case) -> the surname of who holds it, for roles
    held now (not "former", "then-", "incoming")."""
    out = {}
    for m in _ROLE_NAME.finditer(text):
        role_words = m.group("role").split()
        if _NOT_NOW.search(m.group("before") + " ".join(role_words[:1])) or \
                _NOT_NOW.match(role_words[0]):
            continue
        before = m.group("before").strip()
        if before[:1].isupper() and before.isalpha():  # "Russian", "Kremlin": part of the role
            role_words = [before, *role_words]
        surname = _surname(m.group("name"))
        if surname:
            out.setdefault(" ".join(w.lower() for w in role_words), surname)
    return out


def _surname(name: str) -> str:
    """The last full word of a name, without a possessive ("DeVos’s" -> devos);
    the name ends at a possessive ("Justin Trudeau's Liberal Party")."""
    words = []
    for word in name.split():
        if re.fullmatch(r"[A-Z]\.", word):
            continue  # an initial: "Donald J. Trump"
        possessive = re.search(r"['’]s?$", word)
        words.append(re.sub(r"['’]s?$", "", word))
        if possessive:
            break
    return words[-1].lower() if words else ""


def name_conflict(a: Facts, b: Facts) -> Contradiction | None:
    ra, rb = dict(a.roles), dict(b.roles)
    for role, s1 in ra.items():
        s2 = rb.get(role)
        if s2 is None or SequenceMatcher(None, s1, s2).ratio() >= SURNAME_SIMILARITY:
            continue
        if s2 in _words(a.text) or s1 in _words(b.text):
            continue  # each sentence names both people: they are not one role's holder
        return Contradiction("name", f"{role} {s1.title()}", f"{role} {s2.title()}")
    return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


# ---------------------------------------------------------------------------
# negation

_NEGATIONS = frozenset({"not", "n't", "never", "no", "none", "nothing", "nobody", "neither",
                        "nor", "cannot", "without"})
# Stems as content_terms cuts them (five letters at most).
_ANTONYMS = (("confi", "deni"), ("confi", "deny"), ("accep", "rejec"), ("appro", "rejec"),
             ("won", "lost"), ("win", "lose"), ("rose", "fell"), ("incre", "decre"),
             ("guilt", "innoc"), ("allow", "banne"), ("lifte", "impos"))
NEGATION_OVERLAP = 0.6  # content-term Jaccard of the rest: near-identical statements only
NEGATION_MAX_DIFF = 3


def _negated(text: str) -> bool:
    low = text.lower().replace("’", "'")
    toks = re.findall(r"n't|[a-z]+", low)
    return any(t in _NEGATIONS for t in toks)


def negation_conflict(a: Facts, b: Facts) -> Contradiction | None:
    ta, tb = a.terms, b.terms
    if not ta or not tb:
        return None
    jac = len(ta & tb) / len(ta | tb)
    diff = len(ta ^ tb)
    if jac >= NEGATION_OVERLAP and diff <= NEGATION_MAX_DIFF and a.negated != b.negated:
        return Contradiction("negation", _clause(a.text), _clause(b.text))
    for x, y in _ANTONYMS:
        for p, q in ((x, y), (y, x)):
            if _has(ta, p) and _has(tb, q) and not _has(ta, q) and not _has(tb, p):
                rest_a = {t for t in ta if not t.startswith((p, q))}
                rest_b = {t for t in tb if not t.startswith((p, q))}
                if rest_a and len(rest_a & rest_b) / len(rest_a | rest_b) >= NEGATION_OVERLAP:
                    return Contradiction("negation", _clause(a.text), _clause(b.text))
    return None


def _has(terms: frozenset[str], stem: str) -> bool:
    return stem in terms or any(t.startswith(stem) for t in terms if t[0] == stem[0])


def _clause(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
