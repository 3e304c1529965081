"""How the brief of one story scales with its size: each stage of ``brief_story``
on one story of N = 10, 25, 50, 100 long Timeline17 articles.

The story is the N earliest articles of one T17 topic (``--topic``, default
bpoil_reuters: ~1,100 words an article), all in one story with the events as
clustered, built as ``bench/analysis.py`` builds it (``one_story=True``).
Sentences and vectors are computed first (embedding is linear and not part of
``brief_story``); each stage then runs once warm (the content-word cache and
spaCy's parse cache emptied first, as for a story seen for the first time).
For each stage: wall and CPU seconds per size, and the scaling exponent
(slope of log CPU against log N between the smallest and the largest size).
Baselines side by side: spaCy NER alone (``nlp.pipe`` over the same texts,
linear by construction) and the support index alone.

    OPENBLAS_NUM_THREADS=1 python bench/large_story.py [--sizes 10,25,50,100]
        [--topic bpoil_reuters] [--profile 50]
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from storyline.claims import build_claims
from storyline.cluster import cluster_articles
from storyline.embed import get_embedder
from storyline.entities import extract_entities
from storyline.lineage import detect_lineage
from storyline.nlp import clear_cache
from storyline.pipeline import _embed_sentences, as_one_story, brief_story, prepare
from storyline.quotes import extract_quotes
from storyline.sentences import split_batch
from storyline.summary_stage import summarise_story
from storyline.support import build_support
from storyline.textutil import content_terms
from storyline.timeline import build_timeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analysis import t17_articles

ROOT = Path(__file__).resolve().parents[1]
EMBED_TIMES: list[tuple[float, float]] = []  # embedding each story's sentences (not timed
# inside brief_story: the pipeline embeds before it, linear in the sentences)


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    content_terms.cache_clear()
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t0, time.process_time() - c0, out


def ner_alone(texts: list[str]) -> None:
    """spaCy NER as ``storyline.nlp`` runs it, nothing else: the linear baseline."""
    from storyline.nlp import MAX_CHARS, get_nlp

    list(get_nlp().pipe((t[:MAX_CHARS] for t in texts), batch_size=32))


def one_story(articles, embedder):
    articles = prepare(articles)
    sentences = split_batch(articles)
    wall, cpu, vectors = timed(lambda: _embed_sentences(sentences, embedder, None))
    EMBED_TIMES.append((wall, cpu))
    stories, dated = cluster_articles(articles, embedder=embedder)
    story, = as_one_story(stories)
    return story, {a.id: a for a in dated}, sentences, vectors


def stages(story, by_id, sentences, vectors) -> dict[str, tuple[float, float]]:
    """Each stage of ``brief_story`` in its order, timed on its own."""
    ids = story.article_ids
    flat = [s for a in ids for s in sentences[a]]
    flat_vectors = np.vstack([vectors[a] for a in ids if len(vectors[a])])
    members = [by_id[a] for a in ids]
    out: dict[str, tuple[float, float]] = {}
    w, c, index = timed(lambda: build_support(flat, flat_vectors))
    out["support index"] = (w, c)
    w, c, lineage = timed(lambda: detect_lineage(members, sentences, vectors))
    out["lineage"] = (w, c)
    w, c, claim_map = timed(lambda: build_claims(story, by_id, index, weigh=lineage.weigh))
    out["claims"] = (w, c)
    w, c, _ = timed(lambda: summarise_story(story, by_id, index, weigh=lineage.weigh,
                                            claims=claim_map.claims))
    out["summary"] = (w, c)
    w, c, _ = timed(lambda: build_timeline(index, by_id, groups=claim_map.groups,
                                           weigh=lineage.weigh))
    out["timeline"] = (w, c)
    clear_cache()
    w, c, entities = timed(lambda: extract_entities(members))
    out["entities (NER + merging)"] = (w, c)
    w, c, _ = timed(lambda: extract_quotes(members, sentences, vectors, entities))
    out["quotes"] = (w, c)

    def whole() -> object:
        clear_cache()
        return brief_story(story, by_id, sentences, vectors)

    w, c, _ = timed(whole)
    out["whole brief_story"] = (w, c)
    w, c, _ = timed(lambda: ner_alone([a.text for a in members]))
    out["baseline: spaCy NER alone"] = (w, c)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--t17", type=Path, default=ROOT.parent / "shared" / "data" / "t17")
    parser.add_argument("--topic", default="bpoil_reuters")
    parser.add_argument("--sizes", default="10,25,50,100")
    parser.add_argument("--profile", type=int, default=0,
                        help="profile the whole brief_story at this size instead")
    args = parser.parse_args()
    if not (args.t17 / args.topic).exists():
        print(f"T17 topic not found at {args.t17 / args.topic}", file=sys.stderr)
        return 2
    embedder = get_embedder()
    if args.profile:
        built = one_story(t17_articles(args.t17, args.topic, args.profile), embedder)
        brief_story(*built)  # warm
        clear_cache()
        content_terms.cache_clear()
        prof = cProfile.Profile()
        prof.enable()
        brief_story(*built)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return 0
    sizes = [int(x) for x in args.sizes.split(",")]
    table: dict[int, dict[str, tuple[float, float]]] = {}
    shape: dict[int, str] = {}
    for n in sizes:
        story, by_id, sentences, vectors = one_story(
            t17_articles(args.t17, args.topic, n), embedder)
        words = sum(len(by_id[a].text.split()) for a in story.article_ids)
        flat = sum(len(sentences[a]) for a in story.article_ids)
        shape[n] = f"{len(story.article_ids)} articles, {words:,} words, {flat:,} sentences"
        if n == sizes[0]:
            stages(story, by_id, sentences, vectors)  # warm-up: models, caches
        table[n] = stages(story, by_id, sentences, vectors)
        table[n]["(before: embedding the sentences)"] = EMBED_TIMES[-1]
        print(f"N={n}: {shape[n]}; whole {table[n]['whole brief_story'][1]:.2f} s CPU; "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
    lo, hi = sizes[0], sizes[-1]
    print(f"\nT17 {args.topic}: " + "; ".join(f"N={n}: {shape[n]}" for n in sizes))
    print("| stage | " + " | ".join(f"N={n} wall / CPU s" for n in sizes)
          + f" | exponent (CPU, N={lo}..{hi}) |")
    print("|---|" + "---|" * len(sizes) + "---|")
    for name in table[lo]:
        cells = [f"{table[n][name][0]:.2f} / {table[n][name][1]:.2f}" for n in sizes]
        a, b = table[lo][name][1], table[hi][name][1]
        exp = math.log(b / a) / math.log(hi / lo) if a > 0 and b > 0 else float("nan")
        print(f"| {name} | " + " | ".join(cells) + f" | {exp:.2f} |")
    ner = {n: table[n]["baseline: spaCy NER alone"][1] for n in sizes}
    print("\nwhole brief_story CPU minus spaCy NER alone: " + ", ".join(
        f"N={n}: {table[n]['whole brief_story'][1] - ner[n]:.2f} s" for n in sizes))
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}; "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
