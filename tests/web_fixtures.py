"""Brief dicts for the web tests: the example's real brief, enriched with the sections
(claims, quotes, entities, timeline, lineage) whose stages have not landed yet, and a
hostile story whose every text tries to inject markup.

The enrichment follows docs/brief-format.md and must validate against the JSON Schema,
so the pages are tested on the shape those stages will produce.
"""

from __future__ import annotations

import copy
from typing import Any

A000, A001, A002, A003, A004 = (
    "000_28629b08354033b2", "001_b91c234dc48ef785", "002_3adaddde564ac20b",
    "003_8652b542620d705f", "004_b80bb3f4bf133e9d")

LAVROV_QUOTE = ("After we became convinced that the Ukrainians were not planning to "
                "reciprocate, a decision was made that during the next rounds of talks, there "
                "would be no pause")
CONFLICT_TEXT = "Russia will not pause its operation during the talks."
SINGLE_TEXT = "Putin ordered a pause during the first round of talks in late February."


def enrich(story: dict[str, Any]) -> dict[str, Any]:
    """The example story with every analysis section filled (as issues 3 and 5 will)."""
    s = copy.deepcopy(story)

    def src(article_id: str, text: str, n: int = 0) -> dict[str, str]:
        return {"article_id": article_id, "sentence_id": f"{article_id}#{n}", "text": text}

    s["claims"] = [
        {"text": "Lavrov said Russia will not suspend its military operation for peace talks.",
         "status": "agreed", "supporting": [A000, A001, A002, A003], "conflicting": [],
         "sources": [src(A000, "Lavrov said Russia will not suspend its operation."),
                     src(A001, "Russia will not pause the operation, Lavrov said.")],
         "note": ""},
        {"text": "The talks take place in Istanbul.", "status": "partial",
         "supporting": [A001, A002], "conflicting": [],
         "sources": [src(A001, "Talks were held in Istanbul.")], "note": ""},
        {"text": SINGLE_TEXT, "status": "single", "supporting": [A004], "conflicting": [],
         "sources": [src(A004, SINGLE_TEXT, 3)], "note": ""},
        {"text": CONFLICT_TEXT, "status": "conflict", "supporting": [A001],
         "conflicting": [A004],
         "sources": [src(A001, "Russia will not pause its operation while talks go on."),
                     src(A004, "Russia paused its operation during the first talks.")],
         "note": "negation differs"},
    ]
    s["quotes"] = [{"speaker": "Sergey Lavrov", "variants": [
        {"article_id": A000, "text": LAVROV_QUOTE},
        {"article_id": A002, "text": "After we were convinced the Ukrainians would not "
                                     "reciprocate, we decided there would be no pause"}]}]
    s["entities"] = [
        {"name": "Sergey Lavrov", "type": "PERSON", "aliases": ["Sergei Lavrov", "Lavrov"],
         "article_ids": [A000, A001, A002, A003]},
        {"name": "Kremlin", "type": "ORG", "aliases": [], "article_ids": [A004]}]
    s["timeline"] = [
        {"date": "2022-02-24", "text": "Russia invades Ukraine.", "citations": [A000],
         "sentence_ids": [f"{A000}#2"]},
        {"date": "2022-02-20/2022-02-28", "text": "First round of talks, late February.",
         "citations": [A004], "sentence_ids": []}]
    s["lineage"] = [
        {"origin": None, "kind": "rewrite", "article_ids": [A002, A003],
         "evidence": [{"type": "overlap", "article_id": A003, "other_article_id": A002,
                       "score": 0.8, "detail": "12 of 15 sentences aligned in order"},
                      {"type": "aligned", "article_id": A003, "sentence_id": f"{A003}#1",
                       "text": "Lavrov said so.", "other_article_id": A002,
                       "other_sentence_id": f"{A002}#1", "other_text": "Lavrov said it.",
                       "score": 0.91, "detail": "“Lavrov said so.” ~ “Lavrov said it.”"}]},
        {"origin": "Reuters", "kind": "cites", "article_ids": [A000, A004],
         "evidence": [{"type": "cue", "article_id": A004, "origin": "Reuters",
                       "cue": "credit", "text": "Reuters contributed to this report.",
                       "start": 0, "end": 35, "detail": "credit line names Reuters"},
                      "according to Reuters"]}]
    s["lineage_notes"] = [{"article_id": A001, "status": "independent",
                           "reason": "closest is 000 at 0.31, below 0.5"}]
    s["independent_count"] = s["article_count"] - 1
    return s


HOSTILE = '<script>alert("x")</script> & <b>bold</b> &amp; &lt;tag&gt;'


def hostile_story(article_id: str = "evil-1") -> tuple[dict[str, Any], dict[str, Any]]:
    """(article fields, story dict): every text field carries markup or a javascript: URL."""
    article = {"id": article_id, "source": "Evil <i>Outlet</i>", "source_evidence":
               {"method": "text", "detail": HOSTILE, "confidence": 0.5},
               "title": "Title " + HOSTILE, "published": "2022-05-01",
               "published_evidence": {"method": "metadata", "detail": HOSTILE,
                                      "confidence": 1.0},
               "url": "javascript:alert(1)", "author": HOSTILE, "language": "en",
               "origin": "evil.txt", "format": "text",
               "removed": [{"text": "<script>x</script>", "reason": "promo headline",
                            "rule": "promo-headline", "start": 0, "end": 18,
                            "kept_as": None}],
               "warnings": [HOSTILE]}
    story = {"id": "story-evil", "title": "Story " + HOSTILE, "article_count": 1,
             "independent_count": 1, "articles": [article],
             "events": [{"id": "event-evil", "title": HOSTILE, "date": "2022-05-01",
                         "article_ids": [article_id],
                         "members": [{"article_id": article_id, "reason": "seed",
                                      "similarity": None}]}],
             "summary": [{"text": "Summary " + HOSTILE, "citations": [article_id],
                          "sources": [{"article_id": article_id,
                                       "sentence_id": f"{article_id}#0",
                                       "text": "Source " + HOSTILE}]}],
             "claims": [{"text": HOSTILE, "status": "single", "supporting": [article_id],
                         "conflicting": [], "sources": [], "note": HOSTILE}],
             "quotes": [{"speaker": HOSTILE, "variants": [{"article_id": article_id,
                                                           "text": HOSTILE}]}],
             "entities": [{"name": HOSTILE, "type": "PERSON", "aliases": [HOSTILE],
                           "article_ids": [article_id]}],
             "timeline": [{"date": "2022-05-01", "text": HOSTILE, "citations": [article_id],
                           "sentence_ids": []}],
             "lineage": [{"origin": "javascript:alert(2)", "kind": "copy",
                          "article_ids": [article_id], "evidence": [HOSTILE]}]}
    return article, story
