"""Helpers shared by the Markdown and HTML renderers (they work on brief dicts)."""

from __future__ import annotations

from typing import Any


def citation_numbers(story: dict[str, Any]) -> dict[str, int]:
    """Article id -> its number in the story's Sources list (1-based)."""
    return {a["id"]: n for n, a in enumerate(story["articles"], start=1)}


def date_span(story: dict[str, Any]) -> str:
    days = sorted(a["published"][:10] for a in story["articles"] if a.get("published"))
    if not days:
        return ""
    return days[0] if days[0] == days[-1] else f"{days[0]} – {days[-1]}"


def outlets(story: dict[str, Any]) -> str:
    named = sorted({a["source"] for a in story["articles"] if a.get("source")}, key=str.lower)
    unknown = sum(1 for a in story["articles"] if not a.get("source"))
    parts = named + ([f"{unknown} unknown"] if unknown else [])
    return ", ".join(parts) if parts else "unknown"


def article_label(a: dict[str, Any]) -> str:
    bits = [a["source"] or "unknown outlet", a["published"] or "date unknown"]
    title = a.get("title") or ""
    return f"{' · '.join(bits)} — {title or '(untitled)'} (`{a['id']}`)"


def short_quote(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


ENTITY_GROUPS = (("person", "People"), ("place", "Places"), ("organization", "Organisations"),
                 ("group", "Groups and nationalities"))
ENTITIES_PER_GROUP = 15
QUOTES_SHOWN = 20


def quotes_by_speaker(quotes: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Quote groups under one heading per speaker (in the order speakers first
    appear; unattributed quotes last), so a reader sees everything one person said
    together rather than the same name repeated for each statement."""
    by_speaker: dict[str, list[dict[str, Any]]] = {}
    for q in quotes:
        by_speaker.setdefault(q["speaker"] or "", []).append(q)
    named = [(k, v) for k, v in by_speaker.items() if k]
    return named + ([("Unattributed", by_speaker[""])] if "" in by_speaker else [])


def entity_groups(story: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]], int]]:
    """(heading, entities shown, how many more) per entity type, in a fixed order."""
    known = {t for t, _ in ENTITY_GROUPS}
    out = []
    for etype, heading in (*ENTITY_GROUPS, ("", "Other")):
        group = [e for e in story.get("entities", [])
                 if (e["type"] == etype if etype else e["type"] not in known)]
        if group:
            out.append((heading, group[:ENTITIES_PER_GROUP],
                        max(0, len(group) - ENTITIES_PER_GROUP)))
    return out


_KIND_WORDS = {"copy": "copies", "rewrite": "rewrites", "cites": "cite"}


def lineage_heading(group: dict[str, Any]) -> str:
    """"copies of AP", "rewrites of an unnamed original", "cite Reuters"."""
    kind = group["kind"]
    if kind == "cites":
        return f"cite {group['origin'] or 'an unnamed source'}"
    origin = group["origin"] or "an unnamed original"
    return f"{_KIND_WORDS.get(kind, kind)} of {origin}"


def evidence_text(ev: Any) -> str:
    """One lineage evidence item in words (items are dicts with ``detail``; older
    briefs may hold plain strings)."""
    return ev.get("detail", str(ev)) if isinstance(ev, dict) else str(ev)


def lineage_notes(story: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for n in story.get("lineage_notes", []):
        out.setdefault(n["article_id"], []).append(n)
    return out
def date_label(iso: str) -> str:
    """A timeline date for reading: a day, or a period as "start – end"."""
    start, _, end = iso.partition("/")
    return f"{start} – {end}" if end else start


def single_by_article(claims: list[dict[str, Any]], numbers: dict[str, int]
                      ) -> list[tuple[str, list[dict[str, Any]]]]:
    """One-outlet claims grouped by their article, articles in Sources order, claims in
    their own order (both renderers list them so)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        out.setdefault(c["supporting"][0], []).append(c)
    return sorted(out.items(), key=lambda item: numbers.get(item[0], 0))
