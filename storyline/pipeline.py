"""The whole pipeline, from paths to briefs: the library entry point.

Stages run in this order, each a module with a batch-shaped interface
(see docs/architecture.md)::

    ingest -> clean -> infer -> sentences -> embed -> cluster -> support -> summarize -> brief

The CLI, the store and (later) the web app and the Ray runner call these
functions; none of them re-implements a stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from storyline.clean import clean_batch
from storyline.cluster import STORY_THRESHOLD, article_vectors, cluster_articles
from storyline.embed import Embedder, get_embedder
from storyline.infer import infer_batch
from storyline.ingest import read_paths
from storyline.llm import ChatClient
from storyline.model import Article, Brief, Problem, Sentence, Story
from storyline.sentences import split_batch
from storyline.summarize import DEFAULT_WORDS
from storyline.summary_stage import summarise_story
from storyline.support import build_support

Progress = Callable[[str, int, int], None]  # (stage, done, total)
SINGLE_STORY = -2.0  # a clustering threshold below any cosine: every article in one story


@dataclass
class RunResult:
    briefs: list[Brief] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    articles: int = 0


def prepare(articles: Iterable[Article]) -> list[Article]:
    """Clean raw articles and infer their outlet and date from their own text."""
    return infer_batch(clean_batch(articles))


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
                words: int = DEFAULT_WORDS, *, embedder: Embedder | None = None,
                llm: ChatClient | None = None, fill: str = "under") -> Brief:
    """The brief of one story from its articles' sentences and sentence vectors.

    ``embedder`` verifies edited summary sentences (and is needed by ``llm``, the
    optional LLM summary client; see storyline.summary_stage).
    """
    ids = story.article_ids
    story_sentences = [s for a in ids for s in sentences.get(a, [])]
    dim = next((v.shape[1] for v in vectors.values()), 0)
    story_vectors = (np.vstack([vectors[a] for a in ids if len(vectors.get(a, []))])
                     if story_sentences else np.zeros((0, dim), dtype=np.float32))
    index = build_support(story_sentences, story_vectors)
    done = summarise_story(story, articles, index, words=words, fill=fill,
                           embedder=embedder, llm=llm)
    members = tuple(sorted((articles[a] for a in ids),
                           key=lambda a: (a.published or "9999", a.id)))
    return Brief(story=replace(story, title=done.headline.text), articles=members,
                 summary=done.summary,
                 extra={"title_evidence": asdict(done.headline.evidence),
                        "summary_method": done.method})


def analyse(articles: Sequence[Article], *, words: int = DEFAULT_WORDS,
            embedder: Embedder | None = None, threshold: float = STORY_THRESHOLD,
            progress: Progress | None = None, llm: ChatClient | None = None,
            single_story: bool = False, fill: str = "under") -> list[Brief]:
    """Briefs for prepared (cleaned) articles: cluster into stories, summarise each.

    ``single_story`` treats all the articles as one story (events still by date).
    """
    if not articles:
        return []
    embedder = embedder or get_embedder()
    sentences = split_batch(articles)
    vectors = _embed_sentences(sentences, embedder, progress)
    stories, dated = cluster_articles(articles, article_vectors(articles, sentences, embedder),
                                      threshold=SINGLE_STORY if single_story else threshold)
    by_id = {a.id: a for a in dated}
    briefs = []
    for n, story in enumerate(stories, start=1):
        briefs.append(brief_story(story, by_id, sentences, vectors, words, embedder=embedder,
                                  llm=llm, fill=fill))
        if progress:
            progress("summarise", n, len(stories))
    return briefs


def run(paths: Iterable[Path | str], *, words: int = DEFAULT_WORDS,
        embedder: Embedder | None = None, progress: Progress | None = None,
        llm: ChatClient | None = None, single_story: bool = False) -> RunResult:
    """Read, clean and brief everything under ``paths`` in one go."""
    ingested = read_paths(paths)
    articles = prepare(ingested.articles)
    briefs = analyse(articles, words=words, embedder=embedder, progress=progress, llm=llm,
                     single_story=single_story)
    return RunResult(briefs, ingested.problems, ingested.files, len(articles))
