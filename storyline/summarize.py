"""An extractive, cited multi-document summary of one story.

Sentences are ranked by :mod:`storyline.salience` (cross-source support weighed
by independent reports, centrality, position, title overlap, minus penalties for
dangling and loaded sentences), then picked greedily with a redundancy penalty
(MMR) under a word budget, one lead per event first. Of several wordings of one
fact the summary carries the least loaded and most typical one. Each picked
sentence is compressed only where safe (:mod:`storyline.compress`: datelines,
newsletter labels, media attributions, dangling pronouns resolved from the
sentence before) and ordered for reading: by event date, then by importance,
with a sentence that leans on its predecessor placed right after it.

Each summary sentence cites every article that reports its content, not only the
one it was taken from, with the matched sentence ids as evidence, and lists any
edit made to the source wording.

``weigh`` turns a set of supporting article ids into a weight; by default each
article counts once, and the lineage stage passes a function that counts
independent reports (so ten reprints of one wire story weigh as one).

``fill`` says how the budget ends: ``"under"`` (the default, for briefs) never
goes over ``words`` (except to say at least one sentence); ``"reach"`` adds
sentences until the summary has at least ``words`` words, the last one crossing
the line, which is how the lead and LexRank baselines of ``storyline eval
summaries`` are cut, so that all three are compared on the same footing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from storyline.compress import (
    Compressed,
    announces,
    compress,
    dangles,
    introduce_speaker,
    lowercase_words,
)
from storyline.model import Article, ClaimSource, Story, SummarySentence
from storyline.neutral import loadedness
from storyline.repeats import same_fact
from storyline.salience import DANGLING_START, count_articles, salience
from storyline.support import SupportIndex, is_match
from storyline.textutil import content_terms, overlap, word_count

__all__ = ["DEFAULT_WORDS", "count_articles", "summarize"]

DEFAULT_WORDS = 120
MIN_WORDS, MAX_WORDS = 6, 60
REDUNDANCY = 0.5  # content-word overlap at which a candidate repeats a picked sentence
MMR_LAMBDA = 1.0  # weight of the redundancy penalty below that threshold
REPEAT_TEST = True  # leave out a candidate stating a picked sentence's fact (storyline.repeats)
KEEP_FULLER = True  # ... unless it says that fact with more: then it takes the picked one's place
# A sentence opening with a pronoun that points back ("It extends...", "They said...")
# means nothing without the sentence before it; "It is unclear whether" points nowhere
# (only "it" can be impersonal: "He has failed to form a government" leans back; NeuS
# train put it after another man's sentence). "Nor is it clear ..." continues a
# negation the sentence before it made.
LEANS_BACK = re.compile(
    r"^[\"“‘']?(?:(?:he|she|they|this|these|those|his|her|their|its)\b|it\b"
    r"(?!(?:\s+\w+){0,4}?\s+(?:that|to|whether|if|unclear|clear)\b)|nor\b)", re.IGNORECASE)


@dataclass(frozen=True)
class _Plan:
    """What the selection works on: sentence i as it would appear in the summary."""

    texts: list[Compressed]
    words: list[int]
    sources: list[str]  # the sentences as their articles write them


def _plan(index: SupportIndex) -> _Plan:
    before: dict[str, list[str]] = {}
    texts = []
    for s in index.sentences:
        prior = before.setdefault(s.article_id, [])
        texts.append(compress(s.text, prior[-1:]))
        prior.append(s.text)
    return _Plan(texts, [word_count(c.text) for c in texts], [s.text for s in index.sentences])


def _eligible(plan: _Plan, i: int) -> bool:
    text = plan.texts[i].text
    return MIN_WORDS <= plan.words[i] <= MAX_WORDS and \
        not text.rstrip().rstrip("\"”’'").endswith("?") and not announces(plan.sources[i])


def summarize(story: Story, articles: Mapping[str, Article], index: SupportIndex, *,
              words: int = DEFAULT_WORDS,
              weigh: Callable[[Iterable[str]], float] = count_articles,
              fill: str = "under", scores: np.ndarray | None = None,
              claim_groups: Iterable[Iterable[int]] = (),
              ) -> tuple[SummarySentence, ...]:
    """Summary sentences of ``story`` within ``words`` words (at least one sentence).

    ``scores`` are the sentences' salience if already computed (else computed here).
    ``claim_groups`` are the agreement map's claims as sentence indices into
    ``index`` (``claims.ClaimMap.groups``): a summary sentence that belongs to a
    claim also cites the claim's other reports, so that the summary and the
    agreement map never cite one statement differently.
    """
    if not index.sentences:
        return ()
    if fill not in ("under", "reach"):
        raise ValueError(f"fill must be 'under' or 'reach', not {fill!r}")
    plan = _plan(index)
    if scores is None:
        scores = salience(index, articles, weigh=weigh).score
    before = _predecessors(index)
    chosen = _select(index, plan, scores, max(words, 1), fill,
                     _event_leads(story, index, plan, scores), before, weigh)
    claim_of = {k: g for g in map(tuple, claim_groups) for k in g}
    order = _reading_order(story, index, chosen, before, plan)
    named = _introductions(order, index, plan)
    return tuple(_cite(i, index, plan, before.get(i), claim_of.get(i, ()), named.get(i))
                 for i in order)


def _introductions(order: list[int], index: SupportIndex,
                   plan: _Plan) -> dict[int, tuple[str, str, int]]:
    """Summary sentence -> (text, edit, evidence sentence) where its speaker is named
    by last name only and the summary has not named them before: the full name
    its article gave earlier goes in (``compress.introduce_speaker``)."""
    lowered = lowercase_words(" ".join(s.text for s in index.sentences))
    at = {(s.article_id, s.index): k for k, s in enumerate(index.sentences)}
    out: dict[int, tuple[str, str, int]] = {}
    said = ""
    for i in order:
        s = index.sentences[i]
        earlier = [at[(s.article_id, n)] for n in range(s.index) if (s.article_id, n) in at]
        text = plan.texts[i].text
        found = introduce_speaker(text, [index.sentences[k].text for k in earlier],
                                  lowered, said)
        if found:
            text, edit, k = found
            out[i] = (text, edit, earlier[k])
        said += " " + text
    return out


def _group(i: int, index: SupportIndex) -> list[int]:
    return [i] + [j for j, _ in index.matches[i].values()]


def _representative(i: int, index: SupportIndex, plan: _Plan, room: int) -> int:
    """The plainest wording of sentence i's content among the articles.

    Of several wordings of one fact (those less typical than the median one left
    out: an outlier is often a garbled translation or a slanted paraphrase),
    prefer one that fits the room left, then one that does not lean on an unnamed
    "he" or "she", then the least loaded (fewest words from the lexicon of
    ``storyline.neutral``), then the one closest to all the others, then i itself.
    """
    group = [j for j in _group(i, index) if _eligible(plan, j)] or [i]
    if len(group) < 2:
        return i
    vecs = index.vectors[group]
    typicality = (vecs @ vecs.T).sum(axis=1)
    # wordings less typical than the median one are left out even when shorter
    typical = [k for k in range(len(group)) if group[k] == i or
               typicality[k] >= np.median(typicality) - 1e-6]
    best = max(typical, key=lambda k: (
        plan.words[group[k]] <= room,
        not dangles(plan.texts[group[k]].text),
        not LEANS_BACK.match(plan.texts[group[k]].text),
        -round(loadedness(plan.texts[group[k]].text), 2),
        round(float(typicality[k]), 3),
        group[k] == i))
    return group[best]


def _atypical(i: int, index: SupportIndex) -> bool:
    """True when sentence i is a less typical wording of its fact than the median one
    of its group (three or more wordings): the summary says it in other words."""
    group = _group(i, index)
    if len(group) < 3:
        return False
    vecs = index.vectors[group]
    typicality = (vecs @ vecs.T).sum(axis=1)
    return bool(typicality[0] < np.median(typicality) - 1e-6)


def _same_content(i: int, j: int, index: SupportIndex) -> bool:
    """True when two sentences report the same content (either's group holds the other)."""
    a, b = index.sentences[i], index.sentences[j]
    if j in _group(i, index) or i in _group(j, index):
        return True
    return is_match(float(index.vectors[i] @ index.vectors[j]), a.text, b.text)


def _event_leads(story: Story, index: SupportIndex, plan: _Plan,
                 scores: np.ndarray) -> list[int]:
    """The best sentence of each event, largest event first: a story of several
    events is summarised across them, not only by its biggest one."""
    if len(story.events) < 2:
        return []
    leads = []
    for event in sorted(story.events, key=lambda e: -len(e.article_ids)):
        members = set(event.article_ids)
        own = [i for i, s in enumerate(index.sentences)
               if s.article_id in members and _eligible(plan, i)]
        if own:
            leads.append(max(own, key=lambda i: scores[i]))
    return leads


def _select(index: SupportIndex, plan: _Plan, scores: np.ndarray, budget: int, fill: str,
            seeds: list[int], before: Mapping[int, int],
            weigh: Callable[[Iterable[str]], float] = count_articles) -> list[int]:
    """Greedy MMR under the word budget; ``seeds`` are taken first if they fit.
    ``before`` maps a sentence to the one before it in its article."""
    n = len(index.sentences)
    pool = [i for i in range(n) if _eligible(plan, i) and not _atypical(i, index)] or \
        [i for i in range(n) if _eligible(plan, i)] or list(range(n))
    cands = set(pool)
    chosen: list[int] = []
    used = 0

    def room() -> int:
        return budget - used if fill == "under" else max(budget - used, 0) + MAX_WORDS

    def drop_like(*picked: int) -> None:
        """Candidates that are, or report the content of, a picked sentence go."""
        for c in list(cands):
            if c in picked or any(_same_content(c, k, index) for k in picked):
                cands.discard(c)

    def take(i: int) -> None:
        nonlocal used
        picked = _representative(i, index, plan, room())
        chosen.append(picked)
        used += plan.words[picked]
        drop_like(i, picked)

    for seed in seeds:
        if seed in cands and plan.words[seed] <= room():
            take(seed)
    # a sentence that leans on the one before it waits until that one is picked
    waits_for = {c: before.get(c, -1) for c in cands if LEANS_BACK.match(plan.texts[c].text)}
    while cands and (fill == "under" or used < budget):
        ready = {c for c in cands if c not in waits_for or waits_for[c] in chosen}
        if REPEAT_TEST and KEEP_FULLER:
            leaned_on = {before.get(k) for k in chosen}  # a picked sentence's antecedent stays
            swap = _fuller(ready, [k for k in chosen if k not in leaned_on], chosen, plan,
                           scores, room(), index, weigh)
            if swap is not None:
                old, new = swap
                chosen[chosen.index(old)] = new
                used += plan.words[new] - plan.words[old]
                drop_like(new)
                continue
        best = _best_candidate(ready, chosen, plan, scores, room(), index.vectors)
        if best is None:
            break
        take(best)
    if not chosen and pool:  # the budget is below every sentence: still say the main thing
        take(max(pool, key=lambda i: (scores[i], -plan.words[i])))
    return chosen


def _fuller(cands: set[int], replaceable: list[int], chosen: list[int], plan: _Plan,
            scores: np.ndarray, room: int, index: SupportIndex,
            weigh: Callable[[Iterable[str]], float]) -> tuple[int, int] | None:
    """(picked, candidate): a candidate that states the fact of exactly one picked
    sentence (``storyline.repeats``) with more to say, to take its place (only a
    ``replaceable`` one: not the sentence another picked one leans back on).

    Of two reports of one fact the first picked is the more salient, often the
    shorter ("The House approved the $1.9 trillion bill"); the candidate replaces
    it when it carries more content words, is backed by at least as many
    (independent) reports, is no more loaded and leans on no unnamed "he"/"she"
    where the picked one does not (the neutral-wording preference of
    ``_representative``), fits the room left and overlaps no other picked
    sentence. Best candidate by salience first.
    """
    for c in sorted(cands, key=lambda k: (-scores[k], k)):
        text = plan.texts[c].text
        reps = [j for j in chosen if same_fact(text, plan.texts[j].text,
                                               float(index.vectors[c] @ index.vectors[j]))]
        if len(reps) != 1 or reps[0] not in replaceable:
            continue
        j = reps[0]
        other = plan.texts[j].text
        if len(content_terms(text)) <= len(content_terms(other)) or \
                weigh(index.supporters(c)) < weigh(index.supporters(j)) or \
                loadedness(text) > loadedness(other) or \
                (dangles(text) and not dangles(other)) or \
                plan.words[c] - plan.words[j] > room or \
                any(overlap(text, plan.texts[k].text) >= REDUNDANCY for k in chosen if k != j):
            continue
        return j, c
    return None


def _predecessors(index: SupportIndex) -> dict[int, int]:
    """Sentence i -> the sentence right before it in its article."""
    at = {(s.article_id, s.index): i for i, s in enumerate(index.sentences)}
    return {i: at[(s.article_id, s.index - 1)] for i, s in enumerate(index.sentences)
            if (s.article_id, s.index - 1) in at}


def _best_candidate(cands: set[int], chosen: list[int], plan: _Plan, scores: np.ndarray,
                    room: int, vectors: np.ndarray) -> int | None:
    """The candidate of highest salience minus overlap with what is picked, leaving
    out any that repeats a picked sentence: overlapping >= ``REDUNDANCY``, or
    stating the same fact in more or fewer words (``storyline.repeats``)."""
    best, best_value = None, -np.inf
    for c in sorted(cands):
        if plan.words[c] > room:
            continue
        redundancy = max((overlap(plan.texts[c].text, plan.texts[j].text) for j in chosen),
                         default=0.0)
        value = scores[c] - MMR_LAMBDA * redundancy
        if redundancy < REDUNDANCY and value > best_value and not (REPEAT_TEST and any(
                same_fact(plan.texts[c].text, plan.texts[j].text,
                          float(vectors[c] @ vectors[j])) for j in chosen)):
            best, best_value = c, value
    return best


def _reading_order(story: Story, index: SupportIndex, chosen: list[int],
                   before: Mapping[int, int], plan: _Plan | None = None) -> list[int]:
    """By event date, then importance (pick order); a sentence that leans on the one
    before it in its article follows that one when both are in the summary, also when
    it leans only once compressed ("Now he wants to buy the world's biggest." is said
    "He wants ...": NeuS train had it four sentences after its antecedent)."""
    event_date = {a: e.date or "9999" for e in story.events for a in e.article_ids}
    rank = {i: n for n, i in enumerate(chosen)}
    order = sorted(chosen, key=lambda i: (event_date.get(index.sentences[i].article_id,
                                                         "9999"), rank[i]))
    for i in list(order):
        prev = before.get(i)
        said = plan.texts[i].text if plan is not None else ""
        if prev in rank and (DANGLING_START.match(index.sentences[i].text) or
                             LEANS_BACK.match(said)):
            order.remove(i)
            order.insert(order.index(prev) + 1, i)
    return order


def _claim_mates(i: int, group: list[int], claim: Iterable[int],
                 index: SupportIndex) -> list[int]:
    """Sentences of the claim holding sentence i from articles its support group
    lacks, the one closest to i for each: the claims stage aligns wordings more
    loosely than support does (a machine translation, a paraphrase), and the
    agreement map cites them, so the summary does too."""
    cited = {index.sentences[j].article_id for j in group}
    best: dict[str, int] = {}
    for k in claim:
        a = index.sentences[k].article_id
        if a in cited:
            continue
        if a not in best or index.vectors[k] @ index.vectors[i] > \
                index.vectors[best[a]] @ index.vectors[i]:
            best[a] = k
    return sorted(best.values())


def _cite(i: int, index: SupportIndex, plan: _Plan, prev: int | None = None,
          claim: Iterable[int] = (), named: tuple[str, str, int] | None = None
          ) -> SummarySentence:
    """Sentence i as said in the summary; ``prev`` is the sentence before it in its
    article, ``claim`` the agreement map's claim it belongs to, ``named`` its
    speaker's full name put in (``_introductions``)."""
    ids = _group(i, index)
    extra = _claim_mates(i, ids, claim, index)
    group = [index.sentences[j] for j in ids + extra]
    sources = [ClaimSource(t.article_id, t.id, t.text) for t in group]
    compressed = plan.texts[i]
    if prev is not None and any(" is " in e and "named in the sentence before" in e
                                for e in compressed.edits):
        antecedent = index.sentences[prev]  # the name came from here: show it as evidence too
        sources.insert(1, ClaimSource(antecedent.article_id, antecedent.id, antecedent.text))
    if named is not None:
        text, edit, k = named
        compressed = Compressed(text, compressed.edits + (edit,))
        evidence = index.sentences[k]  # where the article gave the full name
        if all(x.sentence_id != evidence.id for x in sources):
            sources.insert(1, ClaimSource(evidence.article_id, evidence.id, evidence.text))
    citations = index.supporters(i)
    citations = citations[:1] + sorted(citations[1:] + [index.sentences[j].article_id
                                                        for j in extra])
    return SummarySentence(compressed.text, tuple(citations), tuple(sources),
                           edits=compressed.edits)
