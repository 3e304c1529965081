"""The lineage document (``storyline lineage``) as plain text for a terminal.

Groups first (what copies, rewrites or cites what, with the evidence), then one line
per article saying whether it is grouped and why, so an article left out of every
group is never silently left out.
"""

from __future__ import annotations

from typing import Any

from storyline.render.common import evidence_text, lineage_heading


def _label(a: dict[str, Any]) -> str:
    bits = [x for x in (a.get("source"), (a.get("published") or "")[:10]) if x]
    return f"{a['id']} ({', '.join(bits)})" if bits else a["id"]


def lineage_text(doc: dict[str, Any]) -> str:
    n, m = doc["article_count"], doc["independent_count"]
    out = [f"{n} article{'s' if n != 1 else ''}, {m} independent report{'s' if m != 1 else ''}",
           ""]
    if not doc["lineage"]:
        out += ["No copies, rewrites or cited origins found.", ""]
    for g in doc["lineage"]:
        out.append(f"{lineage_heading(g)}: {', '.join(g['article_ids'])}")
        out += [f"  - {evidence_text(ev)}" for ev in g["evidence"]]
        out.append("")
    labels = {a["id"]: _label(a) for a in doc["articles"]}
    out += ["Articles:"]
    out += [f"  {labels.get(x['article_id'], x['article_id'])}: {x['status']}: {x['reason']}"
            for x in doc["lineage_notes"]]
    if doc.get("problems"):
        out += ["", "Inputs with problems:"]
        out += [f"  {p['origin']}: {p['reason']}" for p in doc["problems"]]
    return "\n".join(out) + "\n"
