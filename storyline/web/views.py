"""Presentation helpers for the page templates (no queries here: see ``storyline.catalog``).

One Jinja2 environment with autoescaping on for every template, so text from articles
(titles, bodies, quotes, ratings) is always escaped; the few helpers that return markup
(:func:`marks`) escape their input first.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from storyline.catalog import MARK_END, MARK_START
from storyline.render.common import citation_numbers, date_span, outlets, quotes_by_speaker
from storyline.render.html import safe_url

# Contradictions first: they are what a reader checking a story most needs to see.
STATUS_HEADINGS = {"conflict": "Conflicting", "agreed": "Agreed by all",
                   "partial": "Reported by several", "single": "Only in one outlet"}


class StoryHelpers:
    """Per-story lookups for a page, computed once (a story page cites dozens of times)."""

    def __init__(self, story: dict[str, Any]) -> None:
        self.story = story
        self.number = citation_numbers(story)
        self.outlets = {a["id"]: a.get("source") or "unknown outlet"
                        for a in story.get("articles", [])}

    def cite_numbers(self, ids: list[str] | None) -> list[int]:
        return sorted({self.number[i] for i in ids or [] if i in self.number})

    def outlet(self, article_id: str) -> str:
        return self.outlets.get(article_id, "unknown outlet")

    def in_source_order(self, sources: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        """Source sentences in the order of the Sources list, as their numbers read."""
        return sorted(sources or [],
                      key=lambda s: self.number.get(s.get("article_id", ""), 10**6))

    def quotes_by_speaker(self) -> list[tuple[str, list[dict[str, Any]]]]:
        return quotes_by_speaker(self.story.get("quotes", []))

    def coverage_label(self, row: dict[str, Any]) -> str:
        """A coverage row's name: the outlet, or for an article of unknown outlet (one
        row each) its Sources number rather than its raw id."""
        if row.get("known"):
            return str(row.get("outlet", ""))
        ids = [i for cell in row.get("cells", [])
               for i in [*cell.get("independent", []), *cell.get("reprints", [])]]
        numbers = self.cite_numbers(ids)
        if not numbers:
            return str(row.get("outlet", "unknown outlet"))
        return "unknown outlet " + "".join(f"[{n}]" for n in numbers)

    def origin_label(self, origin: str | None) -> str:
        if not origin:
            return "an unnamed original"
        if origin in self.number:
            return f"[{self.number[origin]}] {self.outlet(origin)}"
        return origin


def path_part(value: str) -> str:
    """An id as one URL path segment (ids may hold ``/``, ``#`` or spaces)."""
    return quote(str(value), safe="")


def marks(text: str | None) -> Markup:
    """A search snippet: escaped, with the matched words in ``<mark>``."""
    escaped = str(escape(text or ""))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _iso_day(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def day(value: str | None, unknown: str = "date unknown") -> Markup:
    """A brief's date as valid ``<time>`` markup: a day, a period ``start/end`` read as
    "start – end" (``<time>`` takes no interval), or ``unknown`` when there is none."""
    if not value:
        return Markup('<span class="when">{}</span>').format(unknown)
    parts = str(value).split("/")
    shown = [Markup('<time datetime="{0}">{0}</time>').format(p) if _iso_day(p) else escape(p)
             for p in parts]
    return Markup('<span class="when">{}</span>').format(Markup(" – ").join(shown))


def ticks(text: str | None) -> Markup:
    """OpenAPI descriptions' `code` spans as <code>, the rest escaped (they are written
    in Markdown; a full renderer would be a dependency for one page)."""
    escaped = str(escape(text or ""))
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))


def when(value: str | None) -> str:
    """A stored UTC time as a short readable one (``2026-11-23 02:01 UTC``)."""
    if not value:
        return "unknown"
    if "T" not in value:
        return value
    day, _, rest = value.partition("T")
    return f"{day} {rest[:5]} UTC" if rest.endswith(("+00:00", "Z")) else f"{day} {rest[:5]}"


def evidence_text(item: Any) -> str:
    """Lineage evidence: an object whose ``detail`` is written for display (see
    docs/brief-format.md), or a plain string in older briefs; anything else is shown
    field by field rather than dropped."""
    if isinstance(item, dict) and isinstance(item.get("detail"), str):
        return item["detail"]
    if isinstance(item, dict):
        return " · ".join(f"{k}: {evidence_text(v)}" for k, v in item.items())
    if isinstance(item, list | tuple):
        return " / ".join(evidence_text(v) for v in item)
    return str(item)


# How much of the agreement map a story page shows before folding the rest away: a
# long-running story holds thousands of claims (189 Timeline17 articles gave 8,635,
# a 6.6 MB page two million pixels tall); every claim stays in the JSON twin.
SHOWN_CLAIMS = 25      # claims of one status shown open
FOLDED_CLAIMS = 200    # more behind "N more"; beyond that, "in the JSON"
SHOWN_SINGLE = 2       # one-outlet claims shown open per article
SINGLE_BUDGET = 300    # one-outlet claims listed in all: few articles list more each,
FOLDED_SINGLE = 5      # ... and each article at least this many
SHOWN_SINGLE_ARTICLES = 10  # articles listed open in "Only in one outlet"
ENTITIES_MAX = 200     # entities listed (12 open, the rest folded)
SPEAKERS_MAX = 100     # speakers quoted (10 open, the rest folded)
OPEN_WORDINGS_MAX = 8  # a conflict's source sentences start open up to this many


def _same_text(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def agreement(story: dict[str, Any]) -> list[dict[str, Any]]:
    """Claims grouped conflicting / agreed / partial / only-in-X, sources split by side.

    Each claim's ``sides`` puts the sentences of the supporting articles beside those
    of the conflicting ones, so a reader compares the wordings side by side. A one-outlet
    claim's sentence identical to the claim is not repeated. Groups are cut to what a page can
    show (``shown``, then ``folded`` behind a summary, then ``omitted`` counted): one-
    outlet claims are listed per article, in the order of the Sources list.
    """
    helpers = StoryHelpers(story)
    groups = []
    for status, heading in STATUS_HEADINGS.items():
        claims = [c for c in story.get("claims", []) if c.get("status") == status]
        if not claims:
            continue
        items = []
        for c in claims:
            against = set(c.get("conflicting", []))
            sources = [s for s in c.get("sources", [])  # a lone source that is the claim
                       if status != "single" or not _same_text(s.get("text"), c.get("text"))]
            sides = [("Reported as", [s for s in sources if s.get("article_id") not in against])]
            if against:
                sides.append(("Contradicted by",
                              [s for s in sources if s.get("article_id") in against]))
            note = c.get("note") or ""
            if status == "single" and note.casefold().startswith("only in"):
                note = ""  # the article's heading says it already
            items.append({**c, "sides": sides, "sourced": bool(sources), "note": note,
                          "shown_sources": sources,
                          "source_count": len(sources)})
        group: dict[str, Any] = {"status": status, "heading": heading, "count": len(items)}
        if status == "single":
            articles = []
            by_article: dict[str, list[dict[str, Any]]] = {}
            for c in items:
                by_article.setdefault((c.get("supporting") or [""])[0], []).append(c)
            folded = max(FOLDED_SINGLE, SINGLE_BUDGET // len(by_article))
            for article_id, mine in sorted(by_article.items(),
                                           key=lambda kv: helpers.number.get(kv[0], 10**6)):
                articles.append({"id": article_id, "outlet": helpers.outlet(article_id),
                                 "shown": mine[:SHOWN_SINGLE],
                                 "folded": mine[SHOWN_SINGLE:folded],
                                 "omitted": max(len(mine) - folded, 0)})
            group.update(articles=articles[:SHOWN_SINGLE_ARTICLES],
                         more_articles=articles[SHOWN_SINGLE_ARTICLES:])
        else:
            group.update(shown=items[:SHOWN_CLAIMS], folded=items[SHOWN_CLAIMS:FOLDED_CLAIMS],
                         omitted=max(len(items) - FOLDED_CLAIMS, 0))
        groups.append(group)
    return groups


@lru_cache(maxsize=1)
def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("storyline.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(marks=marks, when=when, path=path_part, day=day, ticks=ticks)
    env.globals.update(helpers=StoryHelpers, span=date_span, outlet_list=outlets,
                       safe_url=safe_url, evidence_text=evidence_text, agreement=agreement,
                       ENTITIES_MAX=ENTITIES_MAX, SPEAKERS_MAX=SPEAKERS_MAX,
                       OPEN_WORDINGS_MAX=OPEN_WORDINGS_MAX, SHOWN_CLAIMS=SHOWN_CLAIMS,
                       FOLDED_CLAIMS=FOLDED_CLAIMS)
    return env


def page_template(name: str):  # type: ignore[no-untyped-def]
    return _environment().get_template(name)
