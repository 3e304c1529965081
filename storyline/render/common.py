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


def date_label(iso: str) -> str:
    """A timeline date for reading: a day, or a period as "start – end"."""
    start, _, end = iso.partition("/")
    return f"{start} – {end}" if end else start
