"""The brief as JSON-shaped data: the format other tools rely on.

``brief_to_dict`` is the one place that decides field names; they are documented
in docs/brief-format.md and validated by ``storyline/schema/brief.schema.json``.
The names listed in that document are fixed; new fields may be added. Renderers
(Markdown, HTML) and the store work from these dicts, so a stored brief renders
exactly like a fresh one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from importlib import resources
from typing import TYPE_CHECKING, Any

from storyline import __version__
from storyline.model import Article, Brief, Evidence, LineageEvidence, Problem

if TYPE_CHECKING:
    from storyline.lineage.detect import LineageResult

FORMAT_VERSION = 1


def _evidence(e: Evidence | None) -> dict[str, Any] | None:
    return None if e is None else {"method": e.method, "detail": e.detail,
                                   "confidence": e.confidence}


def article_to_dict(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "source_evidence": _evidence(a.source_evidence),
        "title": a.title,
        "published": a.published,
        "published_evidence": _evidence(a.published_evidence),
        "url": a.url,
        "author": a.author,
        "language": a.language,
        "origin": a.origin,
        "format": a.format,
        "removed": [{"text": s.text, "reason": s.reason, "rule": s.rule, "start": s.start,
                     "end": s.end, "kept_as": s.kept_as,
                     **({"detail": s.detail} if s.detail else {})} for s in a.removed],
        "warnings": list(a.warnings),
    }


def _lineage_evidence(e: LineageEvidence | str) -> dict[str, Any] | str:
    """An evidence item with the fields its ``type`` uses (None fields left out)."""
    if isinstance(e, str):
        return e
    return {k: v for k, v in asdict(e).items() if v is not None}


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    story = brief.story
    independent = brief.independent_count
    return {
        "id": story.id,
        "title": story.title,
        "article_count": len(brief.articles),
        "independent_count": len(brief.articles) if independent is None else independent,
        "articles": [article_to_dict(a) for a in brief.articles],
        "events": [{"id": e.id, "title": e.title, "date": e.date,
                    "article_ids": list(e.article_ids),
                    "members": [asdict(m) for m in e.members]} for e in story.events],
        "summary": [{"text": s.text, "citations": list(s.citations),
                     "sources": [asdict(x) for x in s.sources], "edits": list(s.edits),
                     "verification": s.verification} for s in brief.summary],
        "claims": [{"text": c.text, "status": c.status, "supporting": list(c.supporting),
                    "conflicting": list(c.conflicting),
                    "sources": [asdict(x) for x in c.sources], "note": c.note}
                   for c in brief.claims],
        "quotes": [{"speaker": q.speaker, "variants": [asdict(v) for v in q.variants],
                    "note": q.note} for q in brief.quotes],
        "entities": [{"name": e.name, "type": e.type, "aliases": list(e.aliases),
                      "article_ids": list(e.article_ids), "mentions": e.mentions,
                      "evidence": list(e.evidence)} for e in brief.entities],
        "timeline": [{"date": t.date, "text": t.text, "citations": list(t.citations),
                      "sentence_ids": list(t.sentence_ids)} for t in brief.timeline],
        "lineage": [{"origin": g.origin, "kind": g.kind, "article_ids": list(g.article_ids),
                     "evidence": [_lineage_evidence(e) for e in g.evidence]}
                    for g in brief.lineage],
        "lineage_notes": [asdict(n) for n in brief.lineage_notes],
        **brief.extra,
    }


def lineage_document(result: LineageResult, articles: Sequence[Article],
                     problems: Iterable[Problem] = ()) -> dict[str, Any]:
    """What ``storyline lineage --format json`` prints: the groups, a note per article,
    and the counts, for all articles read (no story clustering)."""
    return {"format_version": FORMAT_VERSION, "generator": f"storyline {__version__}",
            "article_count": len(articles), "independent_count": result.independent_count,
            "articles": [{"id": a.id, "source": a.source, "title": a.title,
                          "published": a.published, "origin": a.origin} for a in articles],
            "lineage": [{"origin": g.origin, "kind": g.kind, "article_ids": list(g.article_ids),
                         "evidence": [_lineage_evidence(e) for e in g.evidence]}
                        for g in result.groups],
            "lineage_notes": [asdict(n) for n in result.notes],
            "problems": [problem_to_dict(p) for p in problems]}


def problem_to_dict(p: Problem) -> dict[str, Any]:
    return {"origin": p.origin, "reason": p.reason, "skipped": p.skipped}


def document(stories: Sequence[dict[str, Any]],
             problems: Iterable[Problem] = ()) -> dict[str, Any]:
    """The top-level JSON document: every story, and every input problem."""
    return {"format_version": FORMAT_VERSION, "generator": f"storyline {__version__}",
            "stories": list(stories), "problems": [problem_to_dict(p) for p in problems]}


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def schema() -> dict[str, Any]:
    """The JSON Schema of the brief document."""
    text = resources.files("storyline").joinpath("schema/brief.schema.json").read_text("utf-8")
    return json.loads(text)
