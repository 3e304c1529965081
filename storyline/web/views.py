"""Presentation helpers for the page templates (no queries here: see ``storyline.catalog``).

One Jinja2 environment with autoescaping on for every template, so text from articles
(titles, bodies, quotes, ratings) is always escaped; the few helpers that return markup
(:func:`marks`) escape their input first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from storyline.catalog import MARK_END, MARK_START
from storyline.render.common import citation_numbers, date_span, outlets
from storyline.render.html import safe_url

STATUS_HEADINGS = {"agreed": "Agreed by all", "partial": "Reported by several",
                   "single": "Only in one outlet", "conflict": "Conflicting"}


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


def agreement(story: dict[str, Any]) -> list[dict[str, Any]]:
    """Claims grouped agreed / partial / only-in-X / conflicting, sources split by side.

    Each claim's ``sides`` puts the sentences of the supporting articles beside those
    of the conflicting ones, so a reader compares the wordings side by side.
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
            sources = c.get("sources", [])
            sides = [("Reported as", [s for s in sources if s.get("article_id") not in against])]
            if against:
                sides.append(("Contradicted by",
                              [s for s in sources if s.get("article_id") in against]))
            label = heading
            if status == "single":
                names = sorted({helpers.outlet(i) for i in c.get("supporting", [])})
                label = "Only in " + ", ".join(names)
            items.append({**c, "label": label, "sides": sides})
        groups.append({"status": status, "heading": heading, "claims": items})
    return groups


@lru_cache(maxsize=1)
def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("storyline.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(marks=marks, when=when, path=path_part)
    env.globals.update(helpers=StoryHelpers, span=date_span, outlet_list=outlets,
                       safe_url=safe_url, evidence_text=evidence_text, agreement=agreement)
    return env


def page_template(name: str):  # type: ignore[no-untyped-def]
    return _environment().get_template(name)
