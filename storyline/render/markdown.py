"""Briefs as Markdown, for people reading in a terminal or a notes app.

Citations are numbered per story ([1], [2]) and resolved in the Sources list at
the end of each story, which also says how each outlet and date was found and
what the cleaning removed. Sections whose data is empty are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storyline.render.common import (
    QUOTES_SHOWN,
    article_label,
    citation_numbers,
    date_label,
    date_span,
    entity_groups,
    evidence_text,
    lineage_heading,
    lineage_notes,
    outlets,
    quotes_by_speaker,
    short_quote,
    single_by_article,
)


def _cite(ids: Iterable[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted({numbers[i] for i in ids if i in numbers}))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def story_markdown(story: dict[str, Any]) -> str:
    numbers = citation_numbers(story)
    out = [f"# {story['title']}", ""]
    span = date_span(story)
    facts = [_count(story["article_count"], "article"),
             _count(story["independent_count"], "independent report"),
             _count(len(story["events"]), "event")]
    if span:
        facts.append(span)
    out += [" · ".join(facts), "", f"Outlets: {outlets(story)}", f"Story id: `{story['id']}`", ""]
    out += _summary(story, numbers) + _events(story, numbers) + _claims(story, numbers)
    out += _quotes(story, numbers) + _timeline(story, numbers) + _entities(story, numbers)
    out += _lineage(story, numbers) + _sources(story, numbers)
    return "\n".join(out).rstrip() + "\n"


def _summary(story: dict[str, Any], numbers: dict[str, int]) -> list[str]:
    if not story["summary"]:
        return []
    lines = ["## Summary", ""]
    lines += [f"- {s['text']} {_cite(s['citations'], numbers)}" for s in story["summary"]]
    return lines + [""]


def _events(story: dict[str, Any], numbers: dict[str, int]) -> list[str]:
    lines = ["## Events", ""]
    for e in story["events"]:
        when = e["date"] or "date unknown"
        lines.append(f"- **{when}**: {e['title']} {_cite(e['article_ids'], numbers)}")
    return lines + [""]


_STATUS = {"conflict": "Where they contradict each other", "agreed": "Agreed by all",
           "partial": "Reported by several", "single": "Reported by one outlet only"}
SINGLE_PER_ARTICLE = 4  # one-outlet claims shown per article; the JSON has them all


def _claims(story: dict[str, Any], numbers: dict[str, int]) -> list[str]:
    if not story["claims"]:
        return []
    lines = ["## What the outlets agree on, and where they differ", ""]
    for status, heading in _STATUS.items():
        claims = [c for c in story["claims"] if c["status"] == status]
        if not claims:
            continue
        lines += [f"### {heading}", ""]
        if status == "single":
            lines += _single(claims, numbers)
            continue
        for c in claims:
            lines.append(f"- {c['text']} {_cite(c['supporting'], numbers)}")
            if c["conflicting"]:
                lines.append(f"  - contradicted by {_cite(c['conflicting'], numbers)}: "
                             f"{c['note']}")
            for src in c["sources"]:
                side = "✗ " if src["article_id"] in c["conflicting"] and \
                    src["article_id"] not in c["supporting"] else ""
                lines.append(f"  - {side}{_cite([src['article_id']], numbers)} "
                             f"{short_quote(src['text'])}")
        lines.append("")
    return lines


def _single(claims: list[dict[str, Any]], numbers: dict[str, int]) -> list[str]:
    lines = []
    for article_id, group in single_by_article(claims, numbers):
        lines.append(f"- only in {_cite([article_id], numbers)}:")
        lines += [f"  - {short_quote(c['text'])}" for c in group[:SINGLE_PER_ARTICLE]]
        if len(group) > SINGLE_PER_ARTICLE:
            lines.append(f"  - … and {len(group) - SINGLE_PER_ARTICLE} more")
    return lines + [""]


def _quotes(story: dict[str, Any], numbers: dict[str, int]) -> list[str]:
    if not story["quotes"]:
        return []
    lines = ["## Who said what", ""]
    quotes = story["quotes"]
    for speaker, said in quotes_by_speaker(quotes[:QUOTES_SHOWN]):
        lines.append(f"- **{speaker}**")
        for q in said:
            n = len(q["variants"])
            if n > 1:
                lines.append(f"  - the same statement in {n} wordings:")
            indent = "    " if n > 1 else "  "
            for v in q["variants"]:
                text = short_quote(v["text"])
                shown = f"{text} (partial quote)" if v.get("partial") else f"“{text}”"
                lines.append(f"{indent}- {shown} {_cite([v['article_id']], numbers)}")
    if len(quotes) > QUOTES_SHOWN:
        lines.append(f"- … and {len(quotes) - QUOTES_SHOWN} more quotes in the JSON brief")
    return lines + [""]


def _timeline(story: dict[str, Any], numbers: dict[str, int]) -> list[str]:
    if not story["timeline"]:
        return []
    lines = ["## Timeline", ""]
    lines += [f"- **{date_label(t['date'])}**: {t['text']} {_cite(t['citations'], numbers)}"
              for t in story["timeline"]]
    return lines + [""]


def _entities(story: dict[str, Any], numbers: dict[str, int]) -> list[str]:
    if not story["entities"]:
        return []
    lines = ["## People, places and organisations", ""]
    for heading, group, more in entity_groups(story):
        lines += [f"### {heading}", ""]
        for e in group:
            aliases = f" (also: {', '.join(e['aliases'])})" if e["aliases"] else ""
            lines.append(f"- **{e['name']}**{aliases} {_cite(e['article_ids'], numbers)}")
        if more:
            lines.append(f"- … and {more} more in the JSON brief")
        lines.append("")
    return lines


def _lineage(story: dict[str, Any], numbers: dict[str, int]) -> list[str]:
    if not story["lineage"]:
        return []
    lines = ["## Copies, rewrites and common sources", ""]
    for g in story["lineage"]:
        lines.append(f"- {lineage_heading(g)}: {_cite(g['article_ids'], numbers)}")
        lines += [f"  - {evidence_text(ev)}" for ev in g["evidence"]]
    return lines + [""]


def _sources(story: dict[str, Any], numbers: dict[str, int]) -> list[str]:
    lines = ["## Sources", ""]
    notes = lineage_notes(story)
    for a in story["articles"]:
        lines.append(f"{numbers[a['id']]}. {article_label(a)}")
        for key, label in (("source_evidence", "outlet"), ("published_evidence", "date")):
            ev = a.get(key)
            if ev:
                lines.append(f"   - {label} ({ev['method']}): {ev['detail']}")
        for r in a["removed"]:
            lines.append(f"   - removed, {r['reason']}: “{short_quote(r['text'], 90)}”")
        for w in a.get("warnings", []):
            lines.append(f"   - warning: {w}")
        for n in notes.get(a["id"], []):
            lines.append(f"   - lineage ({n['status']}): {n['reason']}")
    return lines + [""]


def document_markdown(doc: dict[str, Any]) -> str:
    """All stories of a brief document, separated by rules, then input problems."""
    parts = [story_markdown(s) for s in doc["stories"]]
    text = "\n---\n\n".join(parts) if parts else "No stories found.\n"
    if doc.get("problems"):
        text += "\n## Inputs with problems\n\n" + "".join(
            f"- {p['origin']}: {p['reason']}{'' if p['skipped'] else ' (read anyway)'}\n"
            for p in doc["problems"])
    return text
