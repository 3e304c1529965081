"""Counted figures in a sentence: what a number counts, and how it is qualified.

A contradiction between two reports' numbers (:func:`storyline.conflicts.number_conflict`)
is only meaningful between figures that count the same thing: "at least 50 killed" and
"at least 30 killed" disagree, "50 killed" and "30 injured" do not. So each number is read
with its qualifier ("more than", "nearly": a bound), its scale ("2.5 million") and what it
counts (the noun after it, or a count verb before it: "the dead rose to 30"); years,
dates, times, modifiers ("8-mile convoy"), forecasts, sourcing ("three officials said")
and per-item rates are told apart so they never pass for tallies. Written here rather than
with a parser because the rules must say in words why a number was or was not compared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.dates import DateMention, find_dates
from storyline.textutil import STOPWORDS

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
# "three officials familiar with ...", "two people who spoke on condition ...": how many
# sources an outlet had is sourcing, not a claim about the world (two outlets with
# different sources do not contradict each other).
_SOURCING = re.compile(r"\s+(?:[A-Z][\w.]*\s+)*(?:senior\s+)?(?:officials|sources|people|"
                       r"aides|diplomats|lawmakers|officers)\s+(?:familiar|with\s+knowledge|"
                       r"who\s+(?:spoke|were\s+not|was\s+not|asked|requested|declined)|"
                       r"said|told|say|briefed)\b")
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
    return tuple(f for f in all_figures(text, mentions) if f.key != ("", ""))


def all_figures(text: str, mentions: Sequence[DateMention] | None) -> list[Figure]:
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
        if _SOURCING.match(text[m.end():m.end() + 60]):
            continue  # "four U.S. officials familiar with the matter said": sourcing

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
