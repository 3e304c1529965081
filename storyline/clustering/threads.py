"""Story threads: which earlier event's thread a new event continues, and why.

A new event (an article that joined no event) continues the thread of the most
likely earlier event when three things hold: the scoring model's probability
clears the story threshold (lower than the join threshold: a thread is looser
than an event), the thread's latest event is within the story window
(``ClusterConfig.story_window_days``; open when either date is unknown), and
the two share content: a TF-IDF cosine of at least
``ClusterConfig.story_min_similarity`` (across scripts, where no words can
match, the high embedding cosine that let the candidate through).

Such a link only says the new event resembles *one* event of the thread, and
threads chained through it: a roundup covering two topics joined one topic's
thread, and the next report on the other topic, whose most likely earlier event
was the roundup, followed it there (one Timeline17 thread held Libya, Syria and
Egypt; a web-app thread Libya, Egypt, Michael Jackson and BP). So every linked
thread is then scored **as a whole**: the TF-IDF cosine of the new event's
article with the thread's centroid (:class:`ThreadCentroids`). The event
continues the thread it fits best, and only when that cosine is at least
``ClusterConfig.story_thread_min_similarity``; a roundup is a small part of a
large thread, so a report that resembles only the roundup fits the thread
poorly. Threads are never re-cut afterwards, so a story id, once given, stays.
When the story window could not be checked (the article or every event of the
thread undated), the reason says that time was unknown (:func:`_when`).

Undated threads never close: with one side dated and the other not (a store of
undated articles, then dated ones, or the reverse), no window applies, and a
NeuS 2020 pandemic thread took 2009 H1N1 reports. There the article must also fit
the thread at least ``ClusterConfig.story_thread_relative`` (0.70) of how well the
thread's own articles fit the rest of it (:meth:`ThreadCentroids.typical`): a
size-aware, cohesion-aware floor standing in for the missing time evidence
(:func:`_below_typical`). Where both sides are undated, content is all there is,
and the stricter test cost more recall than it saved precision (Timeline17 without
dates, docs/clustering.md), so it is not asked for.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .features import ArticleFeatures
from .records import Candidate, add_vector

if TYPE_CHECKING:
    from .incremental import EventClusterer


class ThreadCentroids:
    """Each story thread's TF-IDF centroid: the sum of its articles' unit TF-IDF
    vectors (the sum of its events' ``lex``) and that sum's squared norm.

    Derived state, like the index: rebuilt from the events on load
    (:func:`.state.from_state`) and kept up to date as articles are absorbed,
    events dissolved (second look) or merged in, so nothing new is stored and two
    states still merge (sums add).
    """

    def __init__(self) -> None:
        self.lex: dict[str, dict[int, float]] = {}
        self.sq: dict[str, float] = {}
        self.count: dict[str, int] = {}  # articles summed (an event's: its size)

    def add(self, story_id: str, vec: dict[int, float], vec_sq: float, sign: float = 1.0,
            count: int = 1) -> None:
        """Add (``sign`` -1: take away) a vector whose squared norm is ``vec_sq``, the sum
        of ``count`` articles' unit vectors."""
        self.sq[story_id] = add_vector(self.lex.setdefault(story_id, {}),
                                       self.sq.get(story_id, 0.0), vec, vec_sq, sign)
        self.count[story_id] = self.count.get(story_id, 0) + int(sign) * count

    def typical(self, story_id: str) -> float | None:
        """How well the thread's own articles fit the rest of it: the mean TF-IDF cosine
        of an article with the centroid of the thread's other articles (the leave-one-out
        norm taken at its mean), None below two articles.

        From the sum alone: with unit vectors u_i summing to S over n articles,
        sum_i u_i.(S - u_i) = |S|^2 - n, and |S - u_i|^2 = |S|^2 - 2 u_i.S + 1, whose
        mean is |S|^2 (1 - 2/n) + 1. Two articles give their cosine.
        """
        n = self.count.get(story_id, 0)
        sq = self.sq.get(story_id, 0.0)
        if n < 2 or sq <= 1e-9:
            return None
        return (sq - n) / n / math.sqrt(max(sq * (1 - 2 / n) + 1, 1e-9))

    def cosine(self, story_id: str, vec: dict[int, float]) -> float | None:
        """Cosine of a unit vector with the thread's centroid; None for an empty thread."""
        s = self.lex.get(story_id, {})
        dot = sum(v * s.get(h, 0.0) for h, v in vec.items())
        sq = self.sq.get(story_id, 0.0)
        if sq <= 1e-9:
            return None
        return dot / math.sqrt(sq)


def thread_for(clusterer: EventClusterer, f: ArticleFeatures, vec: dict[int, float],
               scored: list[Candidate]) -> tuple[str | None, str]:
    """The story thread a new event continues, if any, and why.

    A thread is linked through its most likely earlier event (probability >= the
    story threshold, the thread still open) when the two share content: a
    TF-IDF cosine of at least :attr:`ClusterConfig.story_min_similarity`
    (across scripts, an embedding cosine of at least the cross-script
    similarity). The probability alone is not enough: its margin features
    compare a candidate with the *other* candidates, and with one or two
    candidates (a small batch, a quiet news day) the margin is the raw
    similarity, so two unrelated articles scored p=0.10 and were threaded.
    The floor, 0.10, lies below the 1st percentile of the TF-IDF cosine of
    the candidates the model scores above the story threshold that truly
    are of the article's story or event, where there is a crowd of
    candidates: 0.12 on Timeline17 (same topic), 0.15 on NeuS train (same
    event); on Timeline17 it leaves story F1 as it was (docs/clustering.md).

    Of the linked threads, the event continues the one whose centroid its
    article is most similar to (``story_thread_choice="best"``; "nearest": the
    most likely event's thread, the old single-link rule), when that cosine is
    at least ``story_thread_min_similarity`` (0.10, chosen on Timeline17: dated
    story B-cubed P 0.833 -> 0.875 at F1 0.763 -> 0.764; docs/clustering.md,
    "Threads scored as a whole"). The reason names the thread passed over, or
    the thread it fitted too little as a whole.
    """
    cfg = clusterer.config
    weak: Candidate | None = None
    apart: dict[str, tuple[Candidate, float, str]] = {}  # story -> (link, cosine, why)
    links: list[tuple[Candidate, str, float | None]] = []  # one per story, most likely first
    for c in scored:
        if c.probability < clusterer.model_for(f).story_threshold:
            break
        if not c.script_ok or not story_open(clusterer, c.event.story_id, f.day):
            continue
        evidence = shared_content(clusterer, f, c)
        if evidence is None:
            weak = weak or c
            continue
        e = c.event
        if e.story_id in apart or any(x[0].event.story_id == e.story_id for x in links):
            continue
        whole = thread_similarity(clusterer, f, vec, c)
        if whole is not None and whole < cfg.story_thread_min_similarity:
            apart[e.story_id] = (c, whole, f"< {cfg.story_thread_min_similarity:.2f}")
            continue
        short = _below_typical(clusterer, f, e.story_id, whole)
        if short:
            apart[e.story_id] = (c, whole, short)
            continue
        links.append((c, evidence, whole))
        if cfg.story_thread_choice == "nearest":
            break
    if links:
        c, evidence, whole = max(links, key=lambda x: _fit(x[0], x[2])) \
            if cfg.story_thread_choice == "best" else links[0]
        e = c.event
        if whole is not None:
            evidence += f"; TF-IDF cosine {whole:.2f} with the thread"
        when = _when(clusterer, f, c)
        passed = ""
        if c is not links[0][0]:  # the most likely event's thread fitted less as a whole
            first, _, first_whole = links[0]
            passed = (f"; not the thread of the most likely earlier event, {first.event.id} "
                      f"(p={first.probability:.2f}), which it fits less as a whole (TF-IDF "
                      f"cosine {_fit(first, first_whole):.2f} with that thread)")
        return e.story_id, (f"continues the story of {e.id} (p={c.probability:.2f}; "
                            f"{evidence}{when}){passed}")
    if apart:
        c, whole, limit = next(iter(apart.values()))
        more = (f" (and {len(apart) - 1} other thread{'s' if len(apart) > 2 else ''} "
                "likewise)") if len(apart) > 1 else ""
        return None, (f"started a new story: its most likely earlier event, {c.event.id} "
                      f"(p={c.probability:.2f}; TF-IDF cosine {c.features['lex']:.2f}), belongs "
                      f"to a thread it shares too little with as a whole (TF-IDF "
                      f"cosine {whole:.2f} with the thread {limit}){more}")
    if weak is not None:
        return None, (f"started a new story: the most likely earlier event, {weak.event.id} "
                      f"(p={weak.probability:.2f}), shares too little content (TF-IDF "
                      f"cosine {weak.features['lex']:.2f} < {cfg.story_min_similarity:.2f})")
    return None, "started a new story"


def thread_similarity(clusterer: EventClusterer, f: ArticleFeatures, vec: dict[int, float],
                      c: Candidate) -> float | None:
    """The article's TF-IDF cosine with the centroid of the thread of candidate ``c``
    (all its articles); None when not asked for (the single-link rule) or when words
    cannot match (another script: the embedding was the evidence)."""
    cfg = clusterer.config
    if (cfg.story_thread_min_similarity <= 0 and cfg.story_thread_choice == "nearest") or \
            f.script != c.event.script:
        return None
    return clusterer.threads.cosine(c.event.story_id, vec)


def _below_typical(clusterer: EventClusterer, f: ArticleFeatures, story_id: str,
                   whole: float | None) -> str:
    """Why the article fits the thread too little relative to the thread's own articles
    (``story_thread_relative`` of their typical cosine with the rest of the thread), in
    words; "" when it fits well enough or the test does not apply."""
    cfg = clusterer.config
    if cfg.story_thread_relative <= 0 or whole is None:
        return ""
    thread_dated = clusterer.story_last_day.get(story_id) is not None
    if cfg.story_thread_relative_when == "untimed" and f.day is not None and thread_dated:
        return ""
    if cfg.story_thread_relative_when == "one_side" and (f.day is not None) == thread_dated:
        return ""
    if clusterer.threads.count.get(story_id, 0) < cfg.story_thread_relative_min_articles:
        return ""
    typical = clusterer.threads.typical(story_id)
    if typical is None or whole >= cfg.story_thread_relative * typical:
        return ""
    if f.day is None and not thread_dated:
        why = ", asked for when neither the article nor any event of the thread is dated"
    elif f.day is None:
        why = (", asked for when the story window cannot be checked: the article is "
               "undated, the thread is not")
    elif not thread_dated:
        why = (", asked for when the story window cannot be checked: the article is dated, "
               "no event of the thread is")
    else:
        why = ""
    return (f"< {cfg.story_thread_relative:.2f} x {typical:.2f}, the typical cosine of the "
            f"thread's {clusterer.threads.count[story_id]} articles with the rest of it{why}")


def _when(clusterer: EventClusterer, f: ArticleFeatures, c: Candidate) -> str:
    """How far in time the new event is from the event it continues, or why that is unknown.

    A thread is open when either date is unknown (:func:`story_open`): an undated
    article can continue any thread, however old, and a dated one a thread none of
    whose events is dated (an undated NeuS 2020 pandemic thread took dated 2009 H1N1
    reports). Nothing can be inferred there: the thread's events carry dates whenever
    any of their articles does (an undated article is dated from its event's dated
    articles later, :mod:`.stories`), and the new event's only article is the undated
    one. So the reason says that the story window was not checked, and why.
    """
    last = clusterer.story_last_day.get(c.event.story_id)
    if f.day is None and last is None:
        return ("; time unknown (neither the article nor any event of the thread is "
                "dated): the story window was not checked")
    if f.day is None:
        return "; time unknown (the article is undated): the story window was not checked"
    if last is None:
        return ("; time unknown (no event of the thread is dated): the story window "
                "was not checked")
    if c.event.last_day is None:
        return f"; {abs(f.day - last):.0f} days from the thread's latest dated event"
    return f"; {abs(f.day - c.event.last_day):.0f} days from it"


def _fit(c: Candidate, whole: float | None) -> float:
    """How well a new event fits a candidate's thread: its cosine with the whole thread,
    or with the candidate event when there is no thread cosine (across scripts)."""
    return c.features["lex"] if whole is None else whole


def shared_content(clusterer: EventClusterer, f: ArticleFeatures, c: Candidate) -> str | None:
    """The content evidence for a story link, in words, or None when there is none."""
    shared = int(c.features["shared"])
    names = f"; {shared} shared name{'s' if shared != 1 else ''}" if shared else ""
    if f.script != c.event.script:  # no shared words possible: script_ok says emb is high
        return f"embedding cosine {c.features['emb']:.2f} across scripts"
    if c.features["lex"] >= clusterer.config.story_min_similarity:
        return f"TF-IDF cosine {c.features['lex']:.2f}{names}"
    return None


def story_open(clusterer: EventClusterer, story_id: str, day: float | None) -> bool:
    """Whether a thread's latest event is within the story window of ``day``."""
    if day is None:
        return True
    last = clusterer.story_last_day.get(story_id)
    return last is None or abs(day - last) <= clusterer.config.story_window_days
