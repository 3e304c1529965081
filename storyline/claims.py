"""The agreement map: what all outlets report, what several or one report, and
where they contradict each other.

A *claim* is a sentence-level statement. Sentences of different articles that
say the same thing are aligned into one claim, starting from the cross-source
matches of :mod:`storyline.support` (embedding similarity *and* shared content
words) and merged only while the groups stay close on average, so a chain of
loose matches cannot join unrelated statements. A sentence left alone then
joins a claim it fits as a whole (close to all its wordings, its words
contained in theirs): the paraphrase of a machine translation often matches no
single wording well enough but clearly says what the group says.

Each claim is labelled against the reports that *cover its topic*: the
articles of the events (see :mod:`storyline.cluster`) its supporters belong to.
A story is a thread of events weeks apart; an article about an earlier event
cannot be expected to report a later statement, so "agreed" means every
(independent) report of that event says it. Labels:

- ``agreed``: all covering reports support it, and there are at least two;
- ``partial``: several (at least two) but not all;
- ``single``: one report only ("only in X");
- ``conflict``: reports that say it and reports that contradict it, found by
  the explicit checks of :mod:`storyline.conflicts` on sentences about the
  same subject.

``weigh`` turns article ids into a number of reports; by default each article
counts once, and the lineage stage passes one that counts independent reports,
so four rewrites of one wire story are one report (and their claim "single").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from storyline.compress import without_dateline
from storyline.conflicts import Contradiction, Facts, conflict_between, facts
from storyline.dates import find_dates, to_date
from storyline.model import Article, Claim, ClaimSource, Sentence, Story
from storyline.summarize import count_articles
from storyline.support import SupportIndex, is_match
from storyline.termsets import TermSets
from storyline.textutil import content_terms, word_count

MIN_WORDS, MAX_WORDS = 5, 80
CLAIM_COS, CLAIM_OVERLAP = 0.65, 0.2  # besides support's matches (see _align)
CONTAINED_COS, CONTAINED_SHARE, CONTAINED_MIN_TERMS = 0.55, 0.6, 4
GROUP_LINK = 0.55  # merged claim groups must stay this close on average
ATTACH_COS = 0.58  # a lone sentence joins a claim this close to all its wordings on average
ATTACH_TERMS = 0.6  # ... whose words contain this share of the sentence's content words
CONFLICT_COS = 0.6  # sentence pairs this close (and sharing words) are checked for conflict
CONFLICT_OVERLAP = 0.2
STATUS_ORDER = ("conflict", "agreed", "partial", "single")


@dataclass(frozen=True)
class ClaimMap:
    """The claims of a story and, for each, the sentence indices (into the
    support index) it was built from; the timeline cites undated members."""

    claims: tuple[Claim, ...]
    groups: tuple[tuple[int, ...], ...]

    def wording_groups(self, index: SupportIndex) -> list[tuple[int, ...]]:
        """Sentence indices that say the same thing: each claim's group, a conflict
        claim's split into its two sides (they say opposite things)."""
        out = []
        for claim, group in zip(self.claims, self.groups, strict=True):
            if claim.status != "conflict":
                out.append(group)
                continue
            for side in (claim.supporting, claim.conflicting):
                out.append(tuple(k for k in group if index.sentences[k].article_id in side))
        return out

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUS_ORDER, 0)
        for c in self.claims:
            out[c.status] += 1
        return out


def eligible(text: str) -> bool:
    """A sentence that can be a claim: a statement of normal length."""
    n = word_count(text)
    return MIN_WORDS <= n <= MAX_WORDS and not text.rstrip().endswith(("?", ":"))


def build_claims(story: Story, articles: Mapping[str, Article], index: SupportIndex, *,
                 weigh: Callable[[Iterable[str]], float] = count_articles) -> ClaimMap:
    """The agreement map of one story from its support index."""
    sentences = index.sentences
    ok = [i for i, s in enumerate(sentences) if eligible(s.text)]
    if not ok:
        return ClaimMap((), ())
    sim = index.vectors @ index.vectors.T if len(index.vectors) else np.zeros((0, 0))
    event_of = {a: e.id for e in story.events for a in e.article_ids}
    groups = _align(ok, index, sim, event_of)
    published = {a: to_date(art.published) for a, art in articles.items()}
    conflicts = _conflicts(ok, groups, index, sim, published, event_of)
    event_articles = {e.id: e.article_ids for e in story.events}
    claims: list[tuple[tuple[int, float, int], Claim, tuple[int, ...]]] = []
    consumed = {other for other, _ in conflicts.values()}
    for g, members in enumerate(groups):
        if g in consumed:
            continue
        found = conflicts.get(g)
        if found is not None:
            other, c = found
            claim, used = _conflict_claim(members, groups[other], c, index, sim, weigh)
            claims.append(((0, -weigh(claim.supporting), _position(members, index)),
                           claim, used))
            continue
        claim = _claim(members, index, sim, weigh, event_of, event_articles, articles)
        rank = STATUS_ORDER.index(claim.status)
        strength = -weigh(claim.supporting) if claim.status != "single" else \
            -informativeness(claim.text)
        claims.append(((rank, strength, _position(members, index)), claim, tuple(members)))
    claims.sort(key=lambda c: c[0])
    return ClaimMap(tuple(c[1] for c in claims), tuple(c[2] for c in claims))


_PROPER = re.compile(r"(?<=[\w,;:’'\"”)] )[A-Z][\w’'.-]+")
_FIGURE = re.compile(r"\d")
DANGLING_START = re.compile(r"^[\"“‘']?(?:he|she|they|it|this|that|these|those|but|and|also|"
                            r"however|meanwhile|still|yet|not)\b", re.IGNORECASE)


def informativeness(text: str) -> float:
    """How much checkable fact a one-outlet claim carries, to show the telling
    ones first: names (capitalised words inside the sentence), figures and
    dates; a sentence leaning on the one before ("But ...", "It ...") less."""
    score = len(_PROPER.findall(text)) + 0.5 * len(_FIGURE.findall(text)) + \
        len(find_dates(text))
    if DANGLING_START.match(text):
        score -= 2
    return min(score, 8.0)


def _position(members: Sequence[int], index: SupportIndex) -> int:
    return min(index.sentences[i].index for i in members)


# ---------------------------------------------------------------------------
# alignment


def _align(ok: list[int], index: SupportIndex, sim: np.ndarray,
           event_of: Mapping[str, str]) -> list[list[int]]:
    """Groups of eligible sentences (indices) that say the same thing.

    Support matches are merged strongest first, matches within one event
    before matches across events (an earlier event's background must not pull
    a later statement away from its own reports). A merge needs the groups to
    stay close on average, and never puts two different statements of one
    article into a claim (an article does not say one thing twice, unless
    nearly word for word).
    """
    allowed = set(ok)
    sentences = index.sentences
    edges = {(min(i, j), max(i, j)): v for i in ok for j, v in index.matches[i].values()
             if j in allowed}
    # Within one event a claim is often one clause of a longer sentence: pair
    # more loosely than support does (reports of other events need its match).
    sub = sim[np.ix_(ok, ok)]
    close = np.array(_pairs_within_events(sub, CONTAINED_COS, ok, sentences, event_of),
                     dtype=np.int64).reshape(-1, 2)
    ok_arr = np.array(ok, dtype=np.int64)
    pair_i, pair_j = ok_arr[close[:, 0]], ok_arr[close[:, 1]]
    values = sub[close[:, 0], close[:, 1]].astype(np.float64)
    for i, j, value in zip(*_claim_pairs(pair_i, pair_j, values, index), strict=True):
        if (i, j) not in edges:
            edges[(i, j)] = value

    def across(pair: tuple[int, int]) -> bool:
        a, b = (sentences[k].article_id for k in pair)
        return event_of.get(a) != event_of.get(b)

    order = sorted(edges, key=lambda p: (across(p), -edges[p], p))
    group: dict[int, int] = {i: i for i in ok}
    members: dict[int, list[int]] = {i: [i] for i in ok}
    for i, j in order:
        gi, gj = group[i], group[j]
        if gi == gj or not _can_merge(members[gi], members[gj], sentences, sim):
            continue
        for k in members[gj]:
            group[k] = gi
        members[gi].extend(members.pop(gj))
    _attach_lone(members, group, index, sim)
    out = [sorted(m, key=lambda k: (sentences[k].article_id, sentences[k].index))
           for m in members.values()]
    out.sort(key=lambda m: m[0])
    return out


def _pairs_within_events(sub: np.ndarray, floor: float, ok: Sequence[int],
                         sentences: Sequence[Sentence], event_of: Mapping[str, str]
                         ) -> list[tuple[int, int]]:
    """Positions (a < b) in ``sub`` (similarities among ``ok``) of pairs at least
    ``floor`` close whose sentences are of different articles of one event, in
    row-major order. Found with array masks: in a story of hundreds of articles most
    close pairs are of one article or of two events, and checking them one by one
    in Python cost more than everything else the agreement map does."""
    articles: dict[str, int] = {}
    events: dict[str | None, int] = {}
    art = np.array([articles.setdefault(sentences[i].article_id, len(articles)) for i in ok])
    ev = np.array([events.setdefault(event_of.get(sentences[i].article_id), len(events))
                   for i in ok])
    out: list[tuple[int, int]] = []
    for lo in range(0, len(ok), 1024):
        block = sub[lo:lo + 1024]
        mask = block >= floor
        mask &= ev[lo:lo + 1024, None] == ev[None, :]
        mask &= art[lo:lo + 1024, None] != art[None, :]
        rows, cols = np.nonzero(mask)
        upper = cols > rows + lo
        out.extend(zip((rows[upper] + lo).tolist(), cols[upper].tolist(), strict=True))
    return out


def _claim_pairs(rows: np.ndarray, cols: np.ndarray, values: np.ndarray,
                 index: SupportIndex) -> tuple[list[int], list[int], list[float]]:
    """Of sentence pairs of one event, those that state the same claim beyond
    support's matches: close with shared words, or one's words nearly all in the
    other (a short statement repeated inside a longer sentence, a quote cut
    short). Decided for all pairs at once (:class:`storyline.termsets.TermSets`)."""
    terms = _terms(index)
    shared = terms.shared_pairs(rows, cols)
    a, b = terms.sizes[rows], terms.sizes[cols]
    jac = np.zeros(len(rows))
    np.divide(shared, a + b - shared, out=jac, where=(a > 0) & (b > 0))
    small = np.minimum(a, b)
    contained = np.zeros(len(rows))
    np.divide(shared, small, out=contained, where=small > 0)
    keep = ((values >= CLAIM_COS) & (jac >= CLAIM_OVERLAP)) | \
        ((small >= CONTAINED_MIN_TERMS) & (contained >= CONTAINED_SHARE))
    return rows[keep].tolist(), cols[keep].tolist(), values[keep].tolist()


def _terms(index: SupportIndex) -> TermSets:
    return TermSets([s.text for s in index.sentences])


SAME_ARTICLE_REPEAT = 0.75  # two sentences of one article in one claim: a near repeat only


def _can_merge(a: list[int], b: list[int], sentences: Sequence[Sentence],
               sim: np.ndarray) -> bool:
    block = sim[np.ix_(a, b)]
    if float(block.mean()) < GROUP_LINK:
        return False
    arts_a = [sentences[i].article_id for i in a]
    arts_b = [sentences[j].article_id for j in b]
    if not set(arts_a) & set(arts_b):
        return True
    same = np.array(arts_a, dtype=object)[:, None] == np.array(arts_b, dtype=object)[None, :]
    return not bool((block[same] < SAME_ARTICLE_REPEAT).any())


def _attach_lone(members: dict[int, list[int]], group: dict[int, int], index: SupportIndex,
                 sim: np.ndarray) -> None:
    """A sentence aligned with nothing joins the multi-source claim it fits as a
    whole: the closest on average to all its wordings, if close enough and if
    that claim's words contain the sentence's. Claims are taken as they were
    before any sentence joined, so the order of sentences does not matter."""
    sentences = index.sentences
    keys = [g for g, m in members.items() if len({sentences[k].article_id for k in m}) >= 2]
    lone = [g for g, m in members.items() if len(m) == 1]
    if not keys or not lone:
        return
    # mean similarity to a claim's wordings = similarity to the mean of their vectors
    # (the same number, up to rounding, without a sentences x sentences product)
    vectors = index.vectors.astype(np.float64)
    centres = np.vstack([vectors[members[g]].mean(axis=0) for g in keys])
    means = vectors[[members[g][0] for g in lone]] @ centres.T  # (lone, claims)
    articles = [{sentences[k].article_id for k in members[g]} for g in keys]
    terms = [frozenset().union(*(content_terms(sentences[k].text) for k in members[g]))
             for g in keys]
    joins: list[tuple[int, int]] = []
    for row, g in enumerate(lone):
        i = members[g][0]
        own = content_terms(sentences[i].text)
        if not own:
            continue
        for col in np.argsort(-means[row]):
            if means[row, col] < ATTACH_COS:
                break
            if sentences[i].article_id in articles[col]:
                continue
            if len(own & terms[col]) / len(own) >= ATTACH_TERMS:
                joins.append((g, keys[col]))
                break
    for g, target in joins:
        i = members.pop(g)[0]
        members[target].append(i)
        group[i] = target


# ---------------------------------------------------------------------------
# conflicts


def _conflicts(ok: list[int], groups: list[list[int]], index: SupportIndex, sim: np.ndarray,
               published: Mapping[str, date | None], event_of: Mapping[str, str]
               ) -> dict[int, tuple[int, Contradiction]]:
    """For a group, the group it is contradicted by (each group in one conflict
    at most): checked on pairs of sentences about the same subject (close
    embeddings and shared words) from different articles *of one event*: a
    figure that differs between events days apart is an update, not a
    contradiction."""
    sentences = index.sentences
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    if not len(sim):
        return {}
    memo: dict[int, Facts] = {}

    def facts_of(i: int) -> Facts:
        if i not in memo:
            memo[i] = facts(sentences[i].text, published.get(sentences[i].article_id))
        return memo[i]

    sub = sim[np.ix_(ok, ok)]
    pairs = [(float(sub[a, b]), ok[a], ok[b])
             for a, b in _pairs_within_events(sub, CONFLICT_COS, ok, sentences, event_of)]
    pairs.sort(reverse=True)
    out: dict[int, tuple[int, Contradiction]] = {}
    taken: set[int] = set()
    for value, i, j in pairs:
        gi, gj = group_of[i], group_of[j]
        if gi in taken or gj in taken:  # (checked first: cheaper than the words)
            continue
        ti, tj = sentences[i].text, sentences[j].text
        if not is_match(value, ti, tj) and _plain_overlap(ti, tj) < CONFLICT_OVERLAP:
            continue
        c = conflict_between(facts_of(i), facts_of(j))
        if c is None:
            continue
        if gi == gj:  # one aligned group holds both sides: split it
            rest = [k for k in groups[gi]
                    if k == j or (k != i and conflict_between(facts_of(k), facts_of(i)))]
            groups[gi][:] = [k for k in groups[gi] if k not in rest]
            groups.append(rest)
            gj = len(groups) - 1
            for k in rest:
                group_of[k] = gj
        out[gi] = (gj, c)
        taken |= {gi, gj}
    return out


def _plain_overlap(a: str, b: str) -> float:
    ta = {t for t in content_terms(a) if not t.isdigit()}
    tb = {t for t in content_terms(b) if not t.isdigit()}
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


# ---------------------------------------------------------------------------
# claims


def _wording(members: Sequence[int], sim: np.ndarray) -> int:
    """The most typical wording of a claim (closest to all the others)."""
    if len(members) < 3:
        return members[0]
    block = sim[np.ix_(members, members)]
    return members[int(np.argmax(block.sum(axis=1)))]


def _sources(members: Iterable[int], sentences: Sequence[Sentence]) -> tuple[ClaimSource, ...]:
    return tuple(ClaimSource(sentences[k].article_id, sentences[k].id, sentences[k].text)
                 for k in members)


def _claim(members: list[int], index: SupportIndex, sim: np.ndarray,
           weigh: Callable[[Iterable[str]], float], event_of: Mapping[str, str],
           event_articles: Mapping[str, Sequence[str]],
           articles: Mapping[str, Article]) -> Claim:
    sentences = index.sentences
    supporting = tuple(sorted({sentences[k].article_id for k in members}))
    covering = sorted({a for s in supporting if s in event_of
                       for a in event_articles[event_of[s]]} | set(supporting))
    have, of = weigh(supporting), weigh(covering)
    if have >= 2 and have >= of:
        status = "agreed"
        note = f"reported by all {_reports(of, len(covering))} of its event"
    elif have >= 2:
        status = "partial"
        note = f"reported by {_reports(have, len(supporting))} of {_reports(of, len(covering))}"
    else:
        status = "single"
        note = "only in " + ", ".join(_outlet(a, articles) for a in supporting)
    text = without_dateline(sentences[_wording(members, sim)].text)
    return Claim(text, status, supporting, (), _sources(members, sentences), note)


def _reports(n: float, articles: int) -> str:
    """"3 reports", or "3 independent reports (4 articles)" when copies or rewrites
    of one original are among them (lineage counts them once)."""
    n_int = round(n)
    if n_int == articles:
        return f"{n_int} report{'s' if n_int != 1 else ''}"
    return (f"{n_int} independent report{'s' if n_int != 1 else ''} "
            f"({articles} article{'s' if articles != 1 else ''})")


def _outlet(article_id: str, articles: Mapping[str, Article]) -> str:
    a = articles.get(article_id)
    return (a.source if a and a.source else article_id)


def _conflict_claim(members: list[int], other: list[int], c: Contradiction,
                    index: SupportIndex, sim: np.ndarray,
                    weigh: Callable[[Iterable[str]], float]) -> tuple[Claim, tuple[int, ...]]:
    """One claim for both sides: the better-supported side says it, the other
    contradicts it; the note quotes the words that disagree."""
    sentences = index.sentences
    side_a = sorted({sentences[k].article_id for k in members})
    side_b = sorted({sentences[k].article_id for k in other})
    if weigh(side_b) > weigh(side_a):
        members, other, side_a, side_b = other, members, side_b, side_a
        c = Contradiction(c.kind, c.right, c.left)
    text = without_dateline(sentences[_wording(members, sim)].text)
    used = tuple(members) + tuple(other)
    claim = Claim(text, "conflict", tuple(side_a), tuple(side_b), _sources(used, sentences),
                  c.note)
    return claim, used
