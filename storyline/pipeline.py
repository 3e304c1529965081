"""The whole pipeline, from paths to briefs: the library entry point.

Stages run in this order, each a module with a batch-shaped interface
(see docs/architecture.md)::

    ingest -> clean -> infer -> sentences -> embed -> cluster -> support -> lineage
           -> summarize -> claims -> timeline -> entities -> quotes -> brief

The CLI, the store and (later) the web app and the Ray runner call these
functions; none of them re-implements a stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from storyline.claims import build_claims
from storyline.clean import clean_batch
from storyline.cluster import cluster_articles
from storyline.clustering import EventClusterer
from storyline.embed import Embedder, get_embedder
from storyline.entities import extract_entities
from storyline.infer import infer_batch
from storyline.ingest import read_paths
from storyline.lineage import LineageResult, detect_lineage
from storyline.llm import ChatClient
from storyline.mentions import Mention, MentionCache, start_worker
from storyline.mentions import submit as submit_mentions
from storyline.model import Article, Brief, Problem, Sentence, Story
from storyline.quotes import extract_quotes
from storyline.sentences import split_batch
from storyline.summarize import DEFAULT_WORDS
from storyline.summary_stage import summarise_story
from storyline.support import build_support
from storyline.timeline import build_timeline

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Weigh = Callable[[Iterable[str]], float]  # article ids -> number of independent reports
MentionsById = Mapping[str, Sequence[Mention]]
Mentions = MentionsById | Callable[[], MentionsById]  # or a function that waits for them


@dataclass
class RunResult:
    briefs: list[Brief] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    articles: int = 0


def prepare(articles: Iterable[Article], progress: Progress | None = None,
            batch: int = 256,
            after_clean: Callable[[list[Article]], list[Article]] | None = None
            ) -> list[Article]:
    """Clean raw articles and infer their outlet and date from their own text.

    ``after_clean`` runs on each cleaned batch before inference (the live poller cuts
    an outlet's remembered boilerplate there, storyline.live.boilerplate)."""
    items = list(articles)
    out: list[Article] = []
    for lo in range(0, len(items), batch):
        cleaned = clean_batch(items[lo:lo + batch])
        out.extend(infer_batch(after_clean(cleaned) if after_clean else cleaned))
        if progress:
            progress("clean", len(out), len(items))
    return out


def _embed_sentences(sentences: dict[str, list[Sentence]], embedder: Embedder,
                     progress: Progress | None) -> dict[str, np.ndarray]:
    flat = [s for ss in sentences.values() for s in ss]
    vectors = np.zeros((len(flat), embedder.dim), dtype=np.float32)
    step = 256
    for lo in range(0, len(flat), step):
        vectors[lo:lo + step] = embedder.encode([s.text for s in flat[lo:lo + step]])
        if progress:
            progress("embed", min(lo + step, len(flat)), len(flat))
    out: dict[str, np.ndarray] = {}
    pos = 0
    for article_id, ss in sentences.items():
        out[article_id] = vectors[pos:pos + len(ss)]
        pos += len(ss)
    return out


def brief_story(story: Story, articles: dict[str, Article],
                sentences: dict[str, list[Sentence]], vectors: dict[str, np.ndarray],
                words: int = DEFAULT_WORDS, *, weigh: Weigh | None = None,
                embedder: Embedder | None = None, llm: ChatClient | None = None,
                fill: str = "under", mentions: Mentions | None = None) -> Brief:
    """The brief of one story from its articles' sentences and sentence vectors.

    ``weigh`` counts independent reports among article ids (by default the
    story's lineage: copies and rewrites of one original count once); the
    summary, the agreement map and the timeline rank and label by it.
    ``embedder`` verifies edited summary sentences (and is needed by ``llm``, the
    optional LLM summary client; see storyline.summary_stage). ``mentions`` are the
    articles' NER mentions if computed before (storyline.mentions: once per article,
    in a child process), or a function that waits for them: it is called only when
    the entities are built, last; articles missing from it are annotated here.
    """
    ids = story.article_ids
    story_sentences = [s for a in ids for s in sentences.get(a, [])]
    dim = next((v.shape[1] for v in vectors.values()), 0)
    story_vectors = (np.vstack([vectors[a] for a in ids if len(vectors.get(a, []))])
                     if story_sentences else np.zeros((0, dim), dtype=np.float32))
    index = build_support(story_sentences, story_vectors)
    lineage = detect_lineage([articles[a] for a in ids], sentences, vectors)
    # a fact weighs by the independent reports that carry it, not by reprints
    weigh = weigh or lineage.weigh
    claim_map = build_claims(story, articles, index, weigh=weigh)
    done = summarise_story(story, articles, index, words=words, weigh=weigh, fill=fill,
                           embedder=embedder, llm=llm, claims=claim_map.claims,
                           claim_groups=claim_map.wording_groups(index))
    timeline = build_timeline(index, articles, groups=claim_map.groups, weigh=weigh)
    members = tuple(sorted((articles[a] for a in ids),
                           key=lambda a: (a.published or "9999", a.id)))
    entities = extract_entities(members, mentions() if callable(mentions) else mentions)
    quotes = extract_quotes(members, sentences, vectors, entities)
    return Brief(story=replace(story, title=done.headline.text), articles=members,
                 summary=done.summary, claims=claim_map.claims, timeline=timeline,
                 quotes=quotes, entities=entities.entities, lineage=lineage.groups,
                 independent_count=lineage.independent_count, lineage_notes=lineage.notes,
                 extra={"title_evidence": asdict(done.headline.evidence),
                        "summary_method": done.method})


def as_one_story(stories: Sequence[Story]) -> list[Story]:
    """All stories' events as one story (``--single-story``: the caller says the
    articles are one story; the events the clusterer found inside it are kept).
    The id and title are those of the largest story."""
    if len(stories) <= 1:
        return list(stories)
    largest = max(stories, key=lambda s: len(s.article_ids))
    events = sorted((e for s in stories for e in s.events), key=lambda e: (e.date or "9999", e.id))
    return [Story(largest.id, largest.title, tuple(events))]


def analyse(articles: Sequence[Article], *, words: int = DEFAULT_WORDS,
            embedder: Embedder | None = None, progress: Progress | None = None,
            cluster_state: EventClusterer | None = None, llm: ChatClient | None = None,
            single_story: bool = False, fill: str = "under",
            mentions: MentionCache | None = None) -> list[Brief]:
    """Briefs for prepared (cleaned) articles: cluster into stories, summarise each.

    ``cluster_state`` continues an earlier clustering (``storyline ingest --db``):
    stories keep their ids and only new articles are placed. ``single_story``
    treats all the articles as one story (events still as clustered). ``mentions``
    keeps articles' NER mentions between runs (the store's ``article_mentions``).
    """
    if not articles:
        return []
    # NER runs in its child process while this one embeds and clusters
    job = submit_mentions(articles, mentions)
    embedder = embedder or get_embedder()
    sentences = split_batch(articles)
    vectors = _embed_sentences(sentences, embedder, progress)
    stories, dated = cluster_articles(articles, embedder=embedder, state=cluster_state)
    if single_story:
        stories = as_one_story(stories)
    by_id = {a.id: a for a in dated}
    briefs = []
    for n, story in enumerate(stories, start=1):
        briefs.append(brief_story(story, by_id, sentences, vectors, words, embedder=embedder,
                                  llm=llm, fill=fill, mentions=job.result))
        if progress:
            progress("summarise", n, len(stories))
    return briefs


@dataclass
class LineageRun:
    result: LineageResult
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def lineage(paths: Iterable[Path | str], *, embedder: Embedder | None = None,
            progress: Progress | None = None) -> LineageRun:
    """Copies, rewrites and cited origins among all articles under ``paths`` (one batch,
    no story clustering: ``storyline lineage``)."""
    ingested = read_paths(paths)
    articles = prepare(ingested.articles)
    sentences = split_batch(articles)
    vectors = _embed_sentences(sentences, embedder or get_embedder(), progress) \
        if articles else {}
    return LineageRun(detect_lineage(articles, sentences, vectors), articles,
                      ingested.problems, ingested.files)


def run(paths: Iterable[Path | str], *, words: int = DEFAULT_WORDS,
        embedder: Embedder | None = None, progress: Progress | None = None,
        llm: ChatClient | None = None, single_story: bool = False) -> RunResult:
    """Read, clean and brief everything under ``paths`` in one go."""
    start_worker()  # spaCy loads in its own process while this one reads and embeds
    ingested = read_paths(paths)
    articles = prepare(ingested.articles, progress)
    briefs = analyse(articles, words=words, embedder=embedder, progress=progress, llm=llm,
                     single_story=single_story)
    return RunResult(briefs, ingested.problems, ingested.files, len(articles))
