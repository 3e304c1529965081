"""From the clusterer's state to the Story and Event records a brief is written for.

Only the articles asked for appear (a database holds more than one run's
articles, a brief shows a batch). Undated articles are dated from the dated
articles of their event (:func:`storyline.infer.date_from_neighbours`), and the
membership reason says so. A story's title is the title of its most typical
article (most similar to the rest), which describes the thread better than the
first headline, which may report an early, narrower event.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from storyline.infer import date_from_neighbours
from storyline.model import Article, Event, Membership, Story

from .features import LEAD_CHARS
from .incremental import EventClusterer
from .records import Decision
from .text import term_counts


def build_stories(clusterer: EventClusterer, articles: Sequence[Article]
                  ) -> tuple[list[Story], list[Article]]:
    """Stories (with their events) of ``articles``, and the articles, dated where possible."""
    by_id = {a.id: a for a in articles}
    members: dict[int, list[str]] = defaultdict(list)
    for a in articles:
        key = clusterer.event_of_article.get(a.id)
        if key is not None:
            members[key].append(a.id)
    decisions = {d.article_id: d for k in members for d in clusterer.events[k].members}
    for ids in members.values():
        for i in ids:
            if not by_id[i].published:
                by_id[i] = date_from_neighbours(by_id[i], [by_id[j] for j in ids if j != i])
    events_of_story: dict[str, list[Event]] = defaultdict(list)
    for key, ids in members.items():
        state = clusterer.events[key]
        ordered = sorted(ids, key=lambda i: (by_id[i].published or "9999", i))
        days = sorted(by_id[i].published[:10] for i in ids if by_id[i].published)
        event = Event(state.id, _title([by_id[i] for i in ordered]), days[0] if days else None,
                      tuple(ordered), tuple(_membership(decisions[i], by_id[i]) for i in ordered))
        events_of_story[state.story_id].append(event)
    stories = []
    for story_id, events in events_of_story.items():
        events.sort(key=lambda e: (e.date or "9999", e.id))
        ids = [i for e in events for i in e.article_ids]
        stories.append(Story(story_id, _central_title([by_id[i] for i in ids]),
                             tuple(events)))
    stories.sort(key=lambda s: (min((e.date or "9999") for e in s.events), s.id))
    return stories, [by_id[a.id] for a in articles]


def _membership(d: Decision, article: Article) -> Membership:
    reason = d.reason
    evidence = article.published_evidence
    if "time unknown" in reason and article.published and evidence and \
            evidence.method == "story":
        reason += f"; then dated {article.published} from the event"
    return Membership(d.article_id, reason, d.similarity, probability=d.probability,
                      shared_names=d.shared_names, gap_days=d.gap_days)


def _title(members: Sequence[Article]) -> str:
    """The earliest titled article's title, else the first words of the earliest."""
    for a in members:
        if a.title:
            return a.title
    words = members[0].text.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _central_title(members: Sequence[Article]) -> str:
    """The title of the titled article most similar (TF-IDF of title and lead) to the
    rest. Computed from the articles alone, so a story keeps its title when a later
    ingest continues from stored state (no vectors for the articles placed before)."""
    titled = [a for a in members if a.title]
    if len(titled) < 2:
        return _title(sorted(members, key=lambda a: (a.published or "9999", a.id)))
    counts = [term_counts(f"{a.title or ''} {a.text[:LEAD_CHARS]}") for a in members]
    df: Counter[int] = Counter(h for c in counts for h in c)
    n = len(members)
    vectors = []
    for c in counts:
        v = {h: (1 + math.log(k)) * math.log((n + 1) / (df[h] + 0.5)) for h, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({h: x / norm for h, x in v.items()})

    def typicality(i: int) -> tuple[float, str]:
        vi = vectors[i]
        total = sum(sum(vi[h] * vj[h] for h in vi.keys() & vj.keys())
                    for j, vj in enumerate(vectors) if j != i)
        return (total, members[i].id)

    best = max((i for i, a in enumerate(members) if a.title), key=typicality)
    return members[best].title or ""


def assignments(clusterer: EventClusterer, articles: Sequence[Article]) -> list[dict[str, object]]:
    """One row per article: ``{"article_id", "event_id", "story_id", "reason"}`` (and the
    decision's numbers), in the order given; what ``storyline cluster`` writes. Pass
    the articles :func:`build_stories` returned to report dates found from events."""
    rows: list[dict[str, object]] = []
    for a in articles:
        key = clusterer.event_of_article.get(a.id)
        if key is None:
            continue
        event = clusterer.events[key]
        d = next(m for m in event.members if m.article_id == a.id)
        rows.append({"article_id": a.id, "event_id": event.id, "story_id": event.story_id,
                     "reason": _membership(d, a).reason, "probability": d.probability,
                     "similarity": d.similarity, "shared_names": d.shared_names,
                     "gap_days": d.gap_days, "published": a.published})
    return rows
