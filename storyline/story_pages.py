"""A story's long lists a page at a time, a story cut to its first items, and the
few fields of many briefs that the outlet table needs.

A long-running story's brief is large: on NeuS val + 320 Timeline17 articles one
189-article story held 8,635 claims, 4.8 MB of JSON, which a client had to take
whole. The brief stays one JSON document in the store (docs/brief-format.md), so
these functions slice it with SQLite's JSON functions (``json_each``,
``json_remove``): the database parses the text in C and Python decodes only the
items asked for, instead of ``json.loads`` building every claim of the story.
The web app (:mod:`storyline.web.app`) serves them as ``/api/v1/stories/ID/SECTION``
and ``/api/v1/stories/ID?max_items=N``.
"""

from __future__ import annotations

import json
from typing import Any

from storyline.store import Store

# The brief's list fields (docs/brief-format.md), in the order the brief has them.
SECTIONS = ("articles", "events", "summary", "claims", "quotes", "entities", "timeline",
            "lineage", "lineage_notes")
CLAIM_STATUSES = ("agreed", "partial", "single", "conflict")


def _exists(store: Store, story_id: str) -> bool:
    row = store.db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone()
    return row is not None


def section_page(store: Store, story_id: str, section: str, *, limit: int, offset: int,
                 status: str | None = None) -> dict[str, Any] | None:
    """Items ``offset`` to ``offset + limit`` of one list of a story's brief, in the
    brief's order, as a list page (``items``, ``total``, ``limit``, ``offset``,
    ``has_more``); None when there is no such story. ``status`` keeps only the claims
    of that status (``conflict``, ...)."""
    if section not in SECTIONS:
        raise ValueError(f"no section {section!r}")
    if not _exists(store, story_id):
        return None
    where, params = "", [f"$.{section}", story_id]
    if status is not None:
        where = " AND json_extract(e.value, '$.status') = ?"
        params.append(status)
    base = f"FROM stories s, json_each(s.brief, ?) e WHERE s.id = ?{where}"
    total = int(store.db.execute(f"SELECT count(*) {base}", params).fetchone()[0])
    rows = store.db.execute(f"SELECT e.value {base} ORDER BY e.key LIMIT ? OFFSET ?",
                            [*params, limit, offset])
    return list_page([json.loads(r[0]) for r in rows], total, limit, offset)


def list_page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """One page of a longer list, as every paged answer of the API gives it: the items,
    the list's total, the page asked for, and whether more follow."""
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "has_more": offset + len(items) < total}


def section_totals(brief: dict[str, Any]) -> dict[str, int]:
    """How many items each list of a decoded brief holds."""
    return {s: len(brief.get(s) or []) for s in SECTIONS}


_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"
_SCALARS = {"true": True, "false": False, "null": None}


def _first_items(array: str, n: int) -> list[Any]:
    """The first ``n`` items of a JSON array's text, decoding no further than them."""
    out: list[Any] = []
    i = array.index("[") + 1
    while len(out) < n:
        while array[i] in _SPACE:
            i += 1
        if array[i] == "]":
            break
        item, i = _DECODER.raw_decode(array, i)
        out.append(item)
        while array[i] in _SPACE:
            i += 1
        if array[i] == ",":
            i += 1
    return out


def trimmed_brief(store: Store, story_id: str, max_items: int
                  ) -> tuple[dict[str, Any], dict[str, int], dict[str, Any]] | None:
    """The brief with each list cut to its first ``max_items`` items, each list's full
    length, and the whole lists coverage reads (articles, events, lineage); None when
    there is no such story.

    Field names and every other field are the brief's own, so a cut brief reads like
    a whole one. One pass of SQLite's parser splits the brief into its fields; Python
    then decodes only the first items of each list (the 4.8 MB brief of a 189-article
    story is mostly claims nobody asked for).
    """
    rows = store.db.execute(
        "SELECT e.key, e.value, e.type, CASE e.type WHEN 'array' THEN json_array_length(e.value) "
        "END FROM stories s, json_each(s.brief) e WHERE s.id = ?", (story_id,)).fetchall()
    if not rows:
        return None
    brief: dict[str, Any] = {}
    totals: dict[str, int] = {}
    whole: dict[str, Any] = {}
    for key, value, kind, length in rows:
        if kind == "array":
            if key in ("articles", "events", "lineage"):
                whole[key] = json.loads(value)
                brief[key] = whole[key][:max_items]
            else:
                brief[key] = _first_items(value, max_items) if max_items else []
            if key in SECTIONS:
                totals[key] = int(length)
        elif kind == "object":
            brief[key] = json.loads(value)
        else:
            brief[key] = _SCALARS.get(kind, value)
    return brief, {s: totals.get(s, 0) for s in SECTIONS}, whole


def light_briefs(store: Store) -> list[dict[str, Any]]:
    """Of every brief with lineage groups, only what reprint counts read
    (:func:`storyline.catalog.reprinted_ids`): the articles' ids and dates and the
    lineage groups' kind, origin and members.

    The store keeps these beside each such brief when it is written (migration 6,
    table ``story_reprint_inputs``): decoding the whole briefs for the outlet table
    (claims, sentences, evidence) took 0.1-0.25 s a request.
    """
    return [{"articles": json.loads(articles), "lineage": json.loads(lineage)}
            for articles, lineage in store.db.execute(
                "SELECT articles, lineage FROM story_reprint_inputs")]
