"""Warm speed of the cross-source analysis of one story (support, summary, agreement map,
timeline, lineage, entities, quotes).

The story is 10 real articles on one subject: the 10 earliest articles of a
Timeline17 topic (``--topic``, default bpoil_reuters: the first days of the 2010
Deepwater Horizon spill, 444 sentences), plus the bundled example (5 articles) as
a second case. Sentences and
their vectors are computed first (the embedding model loaded, "warm"), then each
stage runs ``--repeats`` times and the median is printed. The baseline is the
support index alone (``build_support``), the step every analysis stage reads;
the target is the whole ``brief_story`` <= 1 s and claims + timeline <= 0.5 s on
2 cores. Like the sentence vectors, each article's NER mentions are computed once per
article (storyline.mentions; kept in the store) and given to ``brief_story``; their
cost, and a ``brief_story`` that runs NER itself, are printed as separate rows.
The machine's load average is printed: the numbers are noisy when other processes
share the cores.

    python bench/analysis.py [--t17 ../shared/data/t17] [--topic haiti_bbc]
                             [--articles 10] [--repeats 7]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from storyline.claims import build_claims
from storyline.cluster import cluster_articles
from storyline.embed import get_embedder
from storyline.entities import extract_entities
from storyline.ingest import read_paths
from storyline.lineage import detect_lineage
from storyline.mentions import find_mentions
from storyline.model import Article
from storyline.nlp import clear_cache
from storyline.pipeline import _embed_sentences, as_one_story, brief_story, prepare
from storyline.quotes import extract_quotes
from storyline.sentences import split_batch
from storyline.summarize import summarize
from storyline.support import build_support
from storyline.textutil import content_terms
from storyline.timeline import build_timeline

ROOT = Path(__file__).resolve().parents[1]


def t17_articles(root: Path, topic: str, n: int) -> list[Article]:
    from storyline.evaluation.timelines import detokenize

    with gzip.open(root / topic / "articles.json.gz", "rt", encoding="utf-8") as f:
        records = sorted(json.load(f), key=lambda r: (r["dct"], str(r["uid"])))
    out = []
    for r in records[:n]:
        text = detokenize(r["text"])
        out.append(Article(str(r["uid"]), text, text, published=r["dct"][:10], source="BBC"))
    return out


def median_time(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``fn`` after one warm-up call; the
    content-word cache is emptied before each call, as for a story seen for the
    first time. CPU time (this process) is what the step costs when the cores
    are shared; wall time is what a user waits on an otherwise idle machine."""
    fn()
    wall, cpu = [], []
    for _ in range(repeats):
        content_terms.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def bench(label: str, articles: list[Article], repeats: int, one_story: bool) -> None:
    embedder = get_embedder()
    articles = prepare(articles)
    sentences = split_batch(articles)
    t0 = time.perf_counter()
    vectors = _embed_sentences(sentences, embedder, None)
    embed_s = time.perf_counter() - t0
    # the pipeline's clustering; ``one_story`` keeps every article in one story
    stories, dated = cluster_articles(articles, embedder=embedder)
    if one_story:  # every article in one story, the events as clustered
        stories = as_one_story(stories)
    story, by_id = max(stories, key=lambda s: len(s.article_ids)), {a.id: a for a in dated}
    ids = story.article_ids
    flat = [s for a in ids for s in sentences[a]]
    flat_vectors = np.vstack([vectors[a] for a in ids if len(vectors[a])])
    index = build_support(flat, flat_vectors)
    claim_map = build_claims(story, by_id, index)
    support_s = median_time(lambda: build_support(flat, flat_vectors), repeats)
    summary_s = median_time(lambda: summarize(story, by_id, index), repeats)
    claims_s = median_time(lambda: build_claims(story, by_id, index), repeats)
    timeline_s = median_time(lambda: build_timeline(index, by_id, groups=claim_map.groups),
                             repeats)
    members = [by_id[a] for a in ids]
    lineage_s = median_time(lambda: detect_lineage(members, sentences, vectors), repeats)
    entities = extract_entities(members)
    ner_s = median_time(lambda: (clear_cache(), find_mentions(members)), repeats)
    mentions = find_mentions(members)
    ents_s = median_time(lambda: extract_entities(members, mentions), repeats)
    quotes_s = median_time(lambda: extract_quotes(members, sentences, vectors, entities), repeats)

    def whole_with_ner() -> object:
        clear_cache()  # spaCy parses afresh, as for articles not seen before
        return brief_story(story, by_id, sentences, vectors)

    total_s = median_time(lambda: brief_story(story, by_id, sentences, vectors,
                                              mentions=mentions), repeats)
    total_ner_s = median_time(whole_with_ner, repeats)
    counts = claim_map.counts()
    brief = brief_story(story, by_id, sentences, vectors)
    print(f"\n{label}: {len(ids)} articles, {len(flat)} sentences; {counts}, "
          f"{len(brief.timeline)} timeline entries; load average {os.getloadavg()[0]:.1f}")
    print(f"| step (median of {repeats}) | wall s | CPU s | CPU / support index |")
    print("|---|---|---|---|")
    for name, value in (("baseline: support index alone", support_s),
                        ("summary", summary_s), ("agreement map (claims)", claims_s),
                        ("timeline", timeline_s),
                        ("claims + timeline", (claims_s[0] + timeline_s[0],
                                               claims_s[1] + timeline_s[1])),
                        ("lineage", lineage_s), ("entities (merging, given the mentions)", ents_s),
                        ("quotes", quotes_s),
                        ("**whole brief_story** (all of the above)", total_s),
                        ("per article, once: spaCy NER mentions", ner_s),
                        ("whole brief_story with NER (articles never annotated)",
                         total_ner_s)):
        print(f"| {name} | {value[0]:.3f} | {value[1]:.3f} | {value[1] / support_s[1]:.1f}x |")
    print(f"(embedding the sentences, done once before: {embed_s:.2f} s wall; "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--t17", type=Path, default=ROOT.parent / "shared" / "data" / "t17")
    parser.add_argument("--topic", default="bpoil_reuters")
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    bench("example (examples/lavrov-talks)", read_paths([ROOT / "examples" / "lavrov-talks"])
          .articles, args.repeats, one_story=False)
    if not (args.t17 / args.topic).exists():
        print(f"T17 topic not found at {args.t17 / args.topic}", file=sys.stderr)
        return 2
    bench(f"T17 {args.topic}, {args.articles} earliest articles",
          t17_articles(args.t17, args.topic, args.articles), args.repeats, one_story=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
