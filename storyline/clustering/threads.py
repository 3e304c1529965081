"""Story threads: which earlier event's thread a new event continues, and why.

A new event (an article that joined no event) continues the thread of the most
likely earlier event when three things hold: the scoring model's probability
clears the story threshold (lower than the join threshold: a thread is looser
than an event), the thread's latest event is within the story window
(``ClusterConfig.story_window_days``; open when either date is unknown), and
the two share content: a TF-IDF cosine of at least
``ClusterConfig.story_min_similarity`` (across scripts, where no words can
match, the high embedding cosine that let the candidate through). Threads are
never re-cut afterwards, so a story id, once given, stays.
"""

from __future__ import annotations

from .features import ArticleFeatures
from .incremental import EventClusterer
from .records import Candidate


def thread_for(clusterer: EventClusterer, f: ArticleFeatures, scored: list[Candidate]
               ) -> tuple[str | None, str]:
    """The story thread a new event continues, if any, and why.

    The most likely earlier event (probability >= the story threshold, its
    thread still open) is continued only when the two share content: a
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
    """
    cfg = clusterer.config
    weak: Candidate | None = None
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
        when = ("" if f.day is None or e.last_day is None
                else f"; {abs(f.day - e.last_day):.0f} days from it")
        return e.story_id, (f"continues the story of {e.id} (p={c.probability:.2f}; "
                            f"{evidence}{when})")
    if weak is not None:
        return None, (f"started a new story: the most likely earlier event, {weak.event.id} "
                      f"(p={weak.probability:.2f}), shares too little content (TF-IDF "
                      f"cosine {weak.features['lex']:.2f} < {cfg.story_min_similarity:.2f})")
    return None, "started a new story"


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
