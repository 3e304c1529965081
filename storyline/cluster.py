"""Grouping articles into stories, and stories into dated events (batch).

A story is a set of articles about the same subject: average-link agglomerative
clustering of article vectors (title plus lead, embedded) with a similarity
threshold measured on ``neus/val`` (see docs/architecture.md). Within a story,
dated articles form events by date (a chain of days no more than
``EVENT_GAP_DAYS`` apart); an undated article joins the event whose articles it
resembles most, and is then dated from them (:func:`storyline.infer.date_from_neighbours`).
Every membership records why the article joined.

Ids are stable: a story's id derives from its earliest member (by date, then id),
an event's from its own earliest member, so re-running on the same input gives
the same ids. (Incremental clustering that never renames a story as articles
arrive is its own stage; this one is the batch baseline.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from storyline.dates import to_date
from storyline.embed import Embedder
from storyline.infer import date_from_neighbours
from storyline.model import Article, Event, Membership, Sentence, Story

STORY_THRESHOLD = 0.62
EVENT_GAP_DAYS = 2
LEAD_SENTENCES = 6


def article_text_for_vector(article: Article, sentences: Sequence[Sentence]) -> str:
    """Title and lead: what an article is about, before the background paragraphs."""
    parts = [article.title] if article.title else []
    parts += [s.text for s in sentences[:LEAD_SENTENCES]]
    return " ".join(parts) or article.text[:1000]


def article_vectors(articles: Sequence[Article], sentences: dict[str, list[Sentence]],
                    embedder: Embedder) -> np.ndarray:
    texts = [article_text_for_vector(a, sentences.get(a.id, [])) for a in articles]
    return embedder.encode(texts)


def average_link(sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link agglomerative clustering on a similarity matrix.

    Merges the most similar pair of clusters while their average similarity is
    at least ``threshold``. O(n^2) memory, O(n^2) per merge in the worst case:
    right for a batch of a few thousand articles (the incremental clusterer
    handles archives).
    """
    n = sim.shape[0]
    if n == 0:
        return []
    sums = sim.astype(np.float64).copy()
    np.fill_diagonal(sums, -np.inf)
    sizes = np.ones(n)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    active = np.ones(n, dtype=bool)
    while len(members) > 1:
        avg = sums / np.outer(sizes, sizes)
        avg[~active, :] = -np.inf
        avg[:, ~active] = -np.inf
        i, j = np.unravel_index(np.argmax(avg), avg.shape)
        if avg[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sums[i, i] = -np.inf
        sizes[i] += sizes[j]
        active[j] = False
        members[i].extend(members.pop(j))
    return [sorted(m) for m in members.values()]


def _stable_id(prefix: str, articles: Sequence[Article]) -> str:
    first = min(articles, key=lambda a: (a.published or "9999", a.id))
    return f"{prefix}-{hashlib.sha1(first.id.encode()).hexdigest()[:10]}"


@dataclass
class _EventDraft:
    members: list[int]
    reasons: dict[int, Membership]


def _events_by_date(idx: list[int], articles: Sequence[Article],
                    sim: np.ndarray) -> list[_EventDraft]:
    dated = sorted((i for i in idx if to_date(articles[i].published)),
                   key=lambda i: (to_date(articles[i].published), articles[i].id))
    drafts: list[_EventDraft] = []
    last_day = None
    for i in dated:
        day = to_date(articles[i].published)
        assert day is not None
        if drafts and last_day is not None and (day - last_day).days <= EVENT_GAP_DAYS:
            drafts[-1].members.append(i)
            why = f"published {day.isoformat()}, within {EVENT_GAP_DAYS} days of the event"
        else:
            drafts.append(_EventDraft([i], {}))
            why = f"first article of the event, published {day.isoformat()}"
        drafts[-1].reasons[i] = Membership(articles[i].id, why)
        last_day = day
    for i in (i for i in idx if not to_date(articles[i].published)):
        _place_undated(i, drafts, articles, sim)
    return drafts


def _place_undated(i: int, drafts: list[_EventDraft], articles: Sequence[Article],
                   sim: np.ndarray) -> None:
    if not drafts:
        drafts.append(_EventDraft([i], {i: Membership(
            articles[i].id, "date unknown; clustered on content alone")}))
        return
    scores = [float(np.mean([sim[i, j] for j in d.members])) for d in drafts]
    best = int(np.argmax(scores))
    drafts[best].members.append(i)
    drafts[best].reasons[i] = Membership(
        articles[i].id, f"date unknown; most similar event on content "
                        f"(mean similarity {scores[best]:.2f})", round(scores[best], 3))


def cluster_articles(articles: Sequence[Article], vectors: np.ndarray,
                     threshold: float = STORY_THRESHOLD) -> tuple[list[Story], list[Article]]:
    """Stories with their events, and the articles (undated ones dated where possible)."""
    articles = list(articles)
    if not articles:
        return [], []
    sim = vectors @ vectors.T
    stories: list[Story] = []
    for idx in average_link(sim, threshold):
        drafts = _events_by_date(idx, articles, sim)
        for d in drafts:
            for i in d.members:
                neighbours = [articles[j] for j in d.members if j != i]
                articles[i] = date_from_neighbours(articles[i], neighbours)
        events = tuple(_finish_event(d, articles, sim, idx) for d in drafts)
        events = tuple(sorted(events, key=lambda e: (e.date or "9999", e.id)))
        members = [articles[i] for i in idx]
        stories.append(Story(_stable_id("story", members), _central_title(idx, articles, sim),
                             events))
    stories.sort(key=lambda s: (min((e.date or "9999") for e in s.events), s.id))
    return stories, articles


def _finish_event(draft: _EventDraft, articles: Sequence[Article], sim: np.ndarray,
                  story_idx: list[int]) -> Event:
    members = [articles[i] for i in draft.members]
    ordered = sorted(draft.members, key=lambda i: (articles[i].published or "9999", articles[i].id))
    days = sorted(a.published[:10] for a in members if a.published)
    reasons = []
    for i in ordered:
        m = draft.reasons[i]
        evidence = articles[i].published_evidence
        if m.reason.startswith("date unknown") and articles[i].published and evidence:
            m = replace(m, reason=f"{m.reason}; then dated {articles[i].published} from the "
                                  f"event ({evidence.method})")
        others = [j for j in story_idx if j != i]
        similarity = round(float(np.mean([sim[i, j] for j in others])), 3) if others else None
        reasons.append(replace(m, similarity=m.similarity if m.similarity is not None
                               else similarity))
    return Event(_stable_id("event", members), _story_title(members),
                 days[0] if days else None, tuple(articles[i].id for i in ordered),
                 tuple(reasons))


def _central_title(idx: list[int], articles: Sequence[Article], sim: np.ndarray) -> str:
    """The title of the article most similar to the rest of the story.

    The most typical headline describes the story better than the first one,
    which may report an early, narrower event.
    """
    titled = [i for i in idx if articles[i].title]
    if len(titled) < 2:
        return _story_title([articles[i] for i in idx])
    best = max(titled, key=lambda i: (float(np.mean([sim[i, j] for j in idx if j != i])),
                                      articles[i].id))
    return articles[best].title or ""


def _story_title(members: Sequence[Article]) -> str:
    """A provisional title: the earliest titled article's title, else its first words."""
    ordered = sorted(members, key=lambda a: (a.published or "9999", a.id))
    for a in ordered:
        if a.title:
            return a.title
    words = ordered[0].text.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
