"""A dated timeline of a story: what happened when, each entry citing its sentences.

News dates things for readers of the day ("on Monday", "last week", "Feb. 24",
"late February", "four days after the talks"). Each sentence's date expressions
are found with :mod:`storyline.dates` and resolved against *its own article's*
publication date, so "on Monday" in a piece from 11 April and "on Monday" in one
from 21 March land on different days. Vague periods stay ranges ("late
February" is 21-28 February) instead of being forced onto a day; expressions
wider than a month ("this year") place nothing. An offset ("four days after the
talks") is anchored on the latest earlier date of the same article whose sentence
names the anchor ("talks ... on March 29").

Entries are *happenings*, not sentences: mentions of overlapping dates whose
sentences say the same thing (the same claim group of the agreement map, or a
support match) merge into one entry that cites every article reporting it;
undated sentences of the same claim group are cited too (002 says the first
round of talks was "held in Belarus" without giving its date). Each entry shows
the most typical wording, and keeps every sentence id as evidence.

The same building blocks (mentions, date ranking, centroid choice) make the
fixed-length timelines scored on Timeline17 (``storyline.evaluation.timelines``),
so the number measured there is the behaviour of this module.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from storyline.compress import without_dateline
from storyline.dates import (
    DateRange,
    OffsetMention,
    find_dates,
    find_offsets,
    is_timestamp,
    resolve,
    to_date,
)
from storyline.model import Article, Sentence, TimelineEntry
from storyline.summarize import LEANS_BACK, count_articles
from storyline.support import SupportIndex, is_match
from storyline.textutil import content_terms

MAX_SPAN_DAYS = 31  # wider than a month ("this year", "last year"): not a point on a timeline
MAX_ENTRIES = 15  # a brief's timeline; the rest are the least reported
SAME_HAPPENING_COS = 0.55  # overlapping dates + this close + shared words: one happening
SAME_HAPPENING_OVERLAP = 0.2
_ANCHOR_WORDS = 5


@dataclass(frozen=True)
class DatedMention:
    """A date expression of sentence ``sentence`` (an index into the list given)
    placed on the calendar; ``words`` are the words it rests on."""

    sentence: int
    range: DateRange
    words: str
    kind: str
    start: int = 0  # character offsets of the words in the sentence
    end: int = 0

    @property
    def days(self) -> int:
        return (self.range.end - self.range.start).days + 1


def date_mentions(sentences: Sequence[Sentence],
                  published: Mapping[str, date | None]) -> list[DatedMention]:
    """Every placeable date in ``sentences``, resolved against the publication
    date of each sentence's article (``published[article_id]``).

    A mention that cannot be placed (a weekday in an undated article, "this
    year", a comment time stamp) is left out rather than guessed.
    """
    out: list[DatedMention] = []
    history: dict[str, list[tuple[DatedMention, frozenset[str]]]] = defaultdict(list)
    for i, s in enumerate(sentences):
        reference = published.get(s.article_id)
        terms = content_terms(s.text)
        placed: list[DatedMention] = []
        for mention in find_dates(s.text):
            if is_timestamp(s.text, mention):
                continue
            rng = resolve(mention, reference)
            if rng is None or (rng.end - rng.start).days >= MAX_SPAN_DAYS:
                continue
            placed.append(DatedMention(i, rng, mention.text, mention.kind, mention.start,
                                       mention.end))
        earlier = history[s.article_id]
        for offset in find_offsets(s.text):
            anchor = _anchor(s.text, offset, earlier, placed)
            shifted = offset.apply(anchor.range) if anchor is not None else None
            if anchor is not None and shifted is not None:
                placed.append(DatedMention(i, shifted,
                                           f"{offset.text} ({anchor.words})", "offset",
                                           offset.start, offset.end))
        out.extend(placed)
        earlier.extend((m, terms) for m in placed)
    return out


def _anchor(text: str, offset: OffsetMention,
            earlier: list[tuple[DatedMention, frozenset[str]]],
            same_sentence: list[DatedMention]) -> DatedMention | None:
    """The dated happening an offset counts from, or None.

    "six weeks after Russia invaded on Feb. 24": the anchor is a date, which is
    on the timeline already, and the offset dates the *article*: skipped.
    "four days after talks": the latest earlier mention of this article whose
    sentence shares a content word with "talks". "two weeks later": the latest
    earlier day of this article.
    """
    tail = text[offset.end:offset.end + 80]
    if find_dates(tail[:60]):
        return None
    candidates = list(earlier) + [(m, content_terms(text)) for m in same_sentence]
    if offset.text.lower().endswith(("later", "earlier")):
        want: frozenset[str] = frozenset()
    else:
        want = content_terms(" ".join(re.findall(r"[\w’'-]+", tail)[:_ANCHOR_WORDS]))
        if not want:
            return None
    for mention, terms in reversed(candidates):
        if mention.range.is_day and (not want or want & terms):
            return mention
    return None


# ---------------------------------------------------------------------------
# Choosing sentences: the most central wording of a set


def centroid_pick(vectors: object, k: int, redundancy: float = 0.9999) -> list[int]:
    """Up to ``k`` rows whose sum is closest to the centroid of all rows.

    Greedy summary-centroid selection (CentroidOpt in Ghalandari & Ifrim 2020):
    it picks the most typical wording first, then what best completes it.
    ``vectors`` is a dense array or a scipy sparse matrix with L2-normalised
    rows; rows closer than ``redundancy`` to a picked one are skipped.
    """
    if hasattr(vectors, "tocsc"):  # sparse (TF-IDF): keep only the columns in use
        used = np.unique(vectors.nonzero()[1])  # type: ignore[attr-defined]
        matrix = np.asarray(vectors[:, used].toarray(), dtype=np.float64)  # type: ignore[index]
    else:
        matrix = np.asarray(vectors, dtype=np.float64)
    n = matrix.shape[0]
    if n == 0 or k <= 0:
        return []
    total = matrix.sum(axis=0)
    centroid = total / (float(np.linalg.norm(total)) or 1.0)
    to_centroid = matrix @ centroid
    chosen: list[int] = []
    summed = np.zeros_like(centroid)
    available = np.ones(n, dtype=bool)
    while len(chosen) < k and available.any():
        with_summed = matrix @ summed
        score = (summed @ centroid + to_centroid) / np.sqrt(summed @ summed + 2 * with_summed
                                                            + 1.0)
        score[~available] = -np.inf
        best = int(np.argmax(score))
        available[best] = False
        if chosen and float(np.max(matrix[chosen] @ matrix[best])) > redundancy:
            continue
        chosen.append(best)
        summed = summed + matrix[best]
    return chosen


# ---------------------------------------------------------------------------
# Ranking dates


W_PUBLISHED = 0.5


def date_scores(mentions: Sequence[DatedMention], sentences: Sequence[Sentence],
                published: Mapping[str, date | None], *,
                weigh: Callable[[Iterable[str]], float] = count_articles,
                ) -> dict[date, float]:
    """How much a story says about each day: the (weighed) articles that name
    the day, plus ``W_PUBLISHED`` per article published on it.

    Counting articles rather than sentences keeps one article that repeats a
    date from outvoting several that each name it once; publication days add
    the happenings reported as "today". On Timeline17 (date F1, 18 timelines):
    sentences naming the day 0.498, articles 0.549, articles + 0.5 per
    published article 0.558, + 1 per published article 0.535
    (docs/timeline.md).
    """
    by_day: dict[date, set[str]] = defaultdict(set)
    for m in mentions:
        if m.range.is_day:
            by_day[m.range.start].add(sentences[m.sentence].article_id)
    pub_count: Counter[date] = Counter(d for d in published.values() if d is not None)
    return {day: weigh(ids) + W_PUBLISHED * pub_count[day] for day, ids in by_day.items()}


# ---------------------------------------------------------------------------
# The brief's timeline


def build_timeline(index: SupportIndex, articles: Mapping[str, Article], *,
                   groups: Sequence[Sequence[int]] = (),
                   weigh: Callable[[Iterable[str]], float] = count_articles,
                   max_entries: int = MAX_ENTRIES) -> tuple[TimelineEntry, ...]:
    """The timeline of one story from its support index.

    ``groups`` are sentence-index groups that say the same thing (the claim
    groups of the agreement map); their undated members are cited by the
    entry their dated members make. When there are more happenings than
    ``max_entries``, every distinct date keeps its best-reported happening
    before any date gets a second one, so the timeline spans the story.
    """
    sentences = index.sentences
    published = {a: to_date(art.published) for a, art in articles.items()}
    mentions = date_mentions(sentences, published)
    if not mentions:
        return ()
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    has_date = {m.sentence for m in mentions}
    scored = [_entry([mentions[m] for m in members], index, groups, group_of, weigh, has_date)
              for members in _happenings(mentions, index, group_of)]
    scored.sort(key=lambda e: (-e[0], e[1].date))
    kept: list[tuple[float, TimelineEntry]] = []
    seen_dates: set[str] = set()
    for first_round in (True, False):
        for item in scored:
            if len(kept) >= max_entries:
                break
            if item in kept or (first_round and item[1].date in seen_dates):
                continue
            kept.append(item)
            seen_dates.add(item[1].date)
    kept.sort(key=lambda e: (e[1].date.split("/")[0], -e[0]))
    return tuple(e[1] for e in kept)


NAMED_DAY_KINDS = frozenset({"month_day", "day_month", "iso", "numeric"})
WINDOW_WORDS = 8  # words either side of a date that say what happened on it


def _happenings(mentions: list[DatedMention], index: SupportIndex,
                group_of: Mapping[int, int]) -> list[list[int]]:
    """Mentions of one happening: overlapping dates and the same content.

    Same content is a claim group, a support match, or close embeddings with
    shared words; for a day *named* by two articles ("Feb. 24", "February 24")
    it is enough that the words around the date share a content word: within
    one story, a named day is rarely named for two different things.
    """
    parent = list(range(len(mentions)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    sentences, vectors = index.sentences, index.vectors
    windows = [_window_terms(sentences[m.sentence].text, m) for m in mentions]
    # only mentions whose dates overlap are compared: swept in order of start date
    # (the partition is the same as comparing every pair, in a fraction of the time)
    by_start = sorted(range(len(mentions)), key=lambda m: (mentions[m].range.start, m))
    for pos, first in enumerate(by_start):
        for nxt in range(pos + 1, len(by_start)):
            second = by_start[nxt]
            if mentions[second].range.start > mentions[first].range.end:
                break
            a, b = min(first, second), max(first, second)
            ma, mb = mentions[a], mentions[b]
            if ma.sentence == mb.sentence or not _overlap(ma.range, mb.range):
                continue
            i, j = ma.sentence, mb.sentence
            same = (i in group_of and group_of.get(i) == group_of.get(j)) or \
                _same_content(i, j, sentences, vectors)
            if not same and ma.range == mb.range and ma.range.is_day \
                    and ma.kind in NAMED_DAY_KINDS and mb.kind in NAMED_DAY_KINDS \
                    and sentences[i].article_id != sentences[j].article_id:
                same = bool(windows[a] & windows[b])
            if same:
                parent[find(a)] = find(b)
    clusters: dict[int, list[int]] = defaultdict(list)
    for m in range(len(mentions)):
        clusters[find(m)].append(m)
    return list(clusters.values())


def _window_terms(text: str, mention: DatedMention) -> frozenset[str]:
    before = text[:mention.start].split()[-WINDOW_WORDS:]
    after = text[mention.end:].split()[:WINDOW_WORDS]
    terms = content_terms(" ".join(before + after))
    return frozenset(t for t in terms if not t.isdigit() and t[:3] not in _MONTH_STEMS)


_MONTH_STEMS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                          "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun"})


def _same_content(i: int, j: int, sentences: Sequence[Sentence], vectors: np.ndarray) -> bool:
    if not len(vectors):
        return False
    cos = float(vectors[i] @ vectors[j])
    a, b = sentences[i].text, sentences[j].text
    if is_match(cos, a, b):
        return True
    ta, tb = content_terms(a), content_terms(b)
    jac = len(ta & tb) / max(len(ta | tb), 1)
    return cos >= SAME_HAPPENING_COS and jac >= SAME_HAPPENING_OVERLAP


def _overlap(a: DateRange, b: DateRange) -> bool:
    return a.start <= b.end and b.start <= a.end


def _entry(members: list[DatedMention], index: SupportIndex,
           groups: Sequence[Sequence[int]], group_of: Mapping[int, int],
           weigh: Callable[[Iterable[str]], float], has_date: set[int]
           ) -> tuple[float, TimelineEntry]:
    sentences = index.sentences
    dated = sorted({m.sentence for m in members})
    # the date most articles give; among equals the most precise, then the earliest
    support: dict[DateRange, set[str]] = defaultdict(set)
    for m in members:
        support[m.range].add(sentences[m.sentence].article_id)
    rng = max(support, key=lambda r: (weigh(support[r]), -(r.end - r.start).days,
                                      -r.start.toordinal()))
    undated = sorted({j for i in dated if i in group_of for j in groups[group_of[i]]
                      if j not in has_date})
    pick = _wording(dated, index)
    ids = [sentences[i].article_id for i in dated + undated]
    citations = tuple(dict.fromkeys(sorted(ids)))
    sentence_ids = tuple(sentences[i].id for i in dated + undated)
    position = min(sentences[i].index for i in dated)
    score = weigh(citations) + 0.5 * rng.is_day + 1.0 / (2 + position)
    # shown without a wire dateline ("TRIPOLI (Reuters) - "); sentence_ids keep the words
    text = without_dateline(sentences[pick].text)
    return score, TimelineEntry(rng.iso(), text, citations, sentence_ids)


def _wording(members: list[int], index: SupportIndex) -> int:
    """The wording an entry shows: one that does not lean on the sentence before it
    ("He has suffered a string of defections ..." said nothing of whom: T17
    SyrianCrisis_bbc) when there is one; of those the most typical, and of equally
    typical ones the earliest in its article (leads say what happened)."""
    if len(members) == 1 or not len(index.vectors):
        return members[0]
    vecs = index.vectors[members]
    typical = (vecs @ vecs.T).mean(axis=1)
    best = max(range(len(members)), key=lambda k: (
        not LEANS_BACK.match(index.sentences[members[k]].text), round(float(typical[k]), 2),
        -index.sentences[members[k]].index))
    return members[best]
