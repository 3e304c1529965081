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
from storyline.figures import Figure, all_figures
from storyline.textutil import content_terms
from storyline.titles import SOLE_OFFICES, alternation

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
    every = all_figures(text, mentions)
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
# numbers (the figures themselves: storyline.figures)


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
_ROLES = alternation(SOLE_OFFICES)  # storyline.titles
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
