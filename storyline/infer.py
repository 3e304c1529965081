"""Who published an article and when, from what the article itself reveals.

Metadata wins when there is any (a JSON field, the page's site name, a date line
at the top of a text file). Otherwise the outlet comes from the URL or from the
words the page furniture leaves behind ("CLICK HERE TO READ MORE FROM THE
WASHINGTON EXAMINER", an author bio naming the outlet), and the date from the
text: a dateline, or a weekday ("said on Monday") placed by an anchor ("more than
six weeks after ... Feb. 24"). An article that gives a weekday but no year is
dated later, by :func:`date_from_neighbours`, against the dated articles that
report the same event. Every value carries an :class:`Evidence` naming its
method and quoting the words it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import urlparse

from storyline.dates import (
    NUMBER_WORDS,
    WEEKDAYS,
    DateMention,
    find_dates,
    normalize_date,
    resolve,
    shift,
    to_date,
)
from storyline.model import Article, Evidence

_OUTLET = r"(?P<outlet>(?:[Tt]he[ \t]+)?[A-Z][\w&.'’-]*(?:[ \t]+(?:of[ \t]+)?[A-Z][\w&.'’-]*){0,4})"
_ROLE = (r"(?:reporter|editor|correspondent|writer|journalist|columnist|contributor|producer|"
         r"anchor|host|bureau chief|photographer|analyst)s?")
OUTLET_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("read-more link", re.compile(
        r"\b(?i:read|see|get)[ \t]+(?i:more)[ \t]+(?i:from|at|on)[ \t]+"
        r"(?P<outlet>(?:(?i:the)[ \t]+)?[A-Z][\w&.'’-]*(?:[ \t]+[A-Z][\w&.'’-]*){0,4})")),
    ("author bio", re.compile(
        rf"\b(?:is|was|has been|works as)\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}?{_ROLE}\s+"
        rf"(?:for|at|of|with)\s+{_OUTLET}")),
    ("author bio", re.compile(
        rf"\b(?:joined|joining|joins)\s+{_OUTLET}(?:'s|’s|'|’)?\s+(?:[\w-]+\s+){{0,2}}?"
        r"(?:team|staff|newsroom|desk)\b")),
]
_TRAILING = re.compile(r"(?:['’]s?|[.,;:])+$")
_LEAD_CHARS = 700
_ANCHOR = re.compile(
    r"\b(?P<qual>more than|over|nearly|almost|about|some|just|exactly)?\s*"
    r"(?P<num>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a)\s+"
    r"(?P<unit>days?|weeks?|months?|years?)\s+(?:after|since)\b", re.IGNORECASE)


def _tidy_outlet(name: str) -> str | None:
    name = _TRAILING.sub("", name.strip()).strip()
    if name.isupper():  # "THE WASHINGTON EXAMINER": capitals say nothing about case
        name = re.sub(r"^THE\s+", "", name).title()
    if len(name) < 3 or name.lower() in {"the", "this", "our", "news"}:
        return None
    return name


def outlet_from_text(text: str) -> tuple[str, Evidence] | None:
    """The outlet named by furniture in ``text`` (read-more links, author bios)."""
    for method, pattern in OUTLET_CUES:
        m = pattern.search(text)
        if m:
            name = _tidy_outlet(m.group("outlet"))
            if name:
                quoted = " ".join(m.group(0).split())
                return name, Evidence("text", f"{method}: {quoted!r}", 0.8)
    return None


def outlet_from_url(url: str | None) -> tuple[str, Evidence] | None:
    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    host = re.sub(r"^(?:www|m|amp|edition|eu|uk|us)\.", "", host)
    if "." not in host:
        return None
    return host, Evidence("url", f"domain of the article URL: {host}", 0.9)


def infer_source(article: Article) -> Article:
    """Fill ``source`` (and its evidence) where the reader left it empty."""
    if article.source:
        evidence = article.source_evidence or Evidence("metadata", "given with the article")
        return replace(article, source_evidence=evidence)
    found = outlet_from_text(article.raw_text) or outlet_from_url(article.url)
    if not found:
        return article
    name, evidence = found
    return replace(article, source=name, source_evidence=evidence)


def lead_weekday(text: str) -> DateMention | None:
    """The weekday the lead reports ("said on Monday"), if any."""
    for mention in find_dates(text[:_LEAD_CHARS]):
        if mention.kind == "weekday" and not mention.future:
            return mention
    return None


def anchor_bound(text: str, year_hint: int | None = None) -> tuple[date, str] | None:
    """A lower bound on the publication date from "N weeks after <date>".

    Returns the bound and the quoted words, or None. ``year_hint`` supplies the
    year when the anchor date has none ("Feb. 24").
    """
    for m in _ANCHOR.finditer(text):
        window = text[m.end():m.end() + 120]
        dated = [d for d in find_dates(window) if d.kind in ("month_day", "day_month", "iso",
                                                              "numeric")]
        if not dated:
            continue
        anchor = dated[0]
        if anchor.has_year:
            rng = resolve(anchor, None)
        elif year_hint:
            rng = resolve(anchor, date(year_hint, 12, 31))
        else:
            continue
        if rng is None:
            continue
        num = m.group("num").lower()
        n = int(num) if num.isdigit() else NUMBER_WORDS[num]
        bound = shift(rng.start, n, m.group("unit"))
        if (m.group("qual") or "").lower() in ("more than", "over"):
            bound += timedelta(days=1)
        quoted = " ".join((m.group(0) + window[:anchor.end]).split())
        return bound, quoted
    return None


def _weekday_on_or_after(bound: date, weekday: int) -> date:
    return bound + timedelta(days=(weekday - bound.weekday()) % 7)


def infer_published(article: Article) -> Article:
    """Normalise a given date, or date the article from its own text if it can."""
    if article.published:
        iso = normalize_date(article.published)
        if iso:
            return replace(article, published=iso)
        return replace(article, published=None, published_evidence=None, warnings=(
            *article.warnings, f"unreadable publication date {article.published!r} ignored"))
    weekday = lead_weekday(article.text)
    bound = anchor_bound(article.text)
    if weekday and bound:
        day = _weekday_on_or_after(bound[0], WEEKDAYS[weekday.text.lower()])
        detail = (f"reports events of {weekday.text!r} in the lead; the text places them "
                  f"after {bound[0].isoformat()} ({bound[1]!r}), so {weekday.text} is "
                  f"{day.isoformat()}")
        return replace(article, published=day.isoformat(),
                       published_evidence=Evidence("text", detail, 0.7))
    return article


def infer_batch(articles: Iterable[Article]) -> list[Article]:
    return [infer_published(infer_source(a)) for a in articles]


def date_from_neighbours(article: Article, neighbours: Sequence[Article]) -> Article:
    """Date an undated article from dated articles reporting the same event.

    The neighbours give a reference day (the latest of their dates) and the year;
    the article's own lead weekday and anchors then pick the day. Without a
    weekday the article takes the reference day, with lower confidence.
    """
    if article.published:
        return article
    dated = sorted((to_date(n.published), n.id) for n in neighbours if to_date(n.published))
    if not dated:
        return article
    reference, ref_id = dated[-1]
    assert reference is not None
    weekday = lead_weekday(article.text)
    bound = anchor_bound(article.text, year_hint=reference.year)
    if weekday:
        rng = resolve(weekday, reference)
        assert rng is not None
        day = rng.start
        if bound and day < bound[0]:
            day = _weekday_on_or_after(bound[0], WEEKDAYS[weekday.text.lower()])
        detail = (f"reports events of {weekday.text!r} in the lead; {ref_id}, which reports "
                  f"the same event, is dated {reference.isoformat()}, so {weekday.text} is "
                  f"{day.isoformat()}")
        if bound:
            detail += f" (consistent with {bound[1]!r})"
        return replace(article, published=day.isoformat(),
                       published_evidence=Evidence("story", detail, 0.6))
    detail = f"undated; {ref_id}, which reports the same event, is dated {reference.isoformat()}"
    return replace(article, published=reference.isoformat(),
                   published_evidence=Evidence("story", detail, 0.4))
