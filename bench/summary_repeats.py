#!/usr/bin/env python3
"""How often a summary says one fact twice (repeat pairs), with ROUGE, on cached clusters.

The scanner is ``storyline.evaluation.repeats`` (text only: the shorter
sentence's content words, names and numbers contained in the longer one), not
the selection's own test (``storyline.repeats``).

    python bench/tune_summaries.py cache --data ../shared/data/neus/val.clusters.jsonl \
        --out /tmp/neus-val.pkl
    python bench/summary_repeats.py /tmp/neus-val.pkl [--dump pairs.jsonl]

runs the summary (with the agreement map's claims, as the pipeline does) on every
cached cluster at 70 words (``fill="reach"``, as ``storyline eval summaries``),
prints ROUGE-1/2/Lsum, the citation and verification shares, the number of
repeat pairs and of summaries with one, and the summary time. ``--scan FILE``
scans the ``sentences`` of a ``storyline eval summaries --output`` file instead.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.evaluation.repeats import repeat_pairs  # noqa: E402


def run(cache: Path, words: int, dump: Path | None, limit: int | None,
        settings: dict | None = None) -> None:
    """Summaries of the cached clusters as the evaluation makes them (with the
    agreement map's claims; ``embedder=None``, so an edited sentence is verified
    with its source's vector), scored and scanned."""
    import pickle

    import storyline.repeats
    import storyline.summarize

    for key, value in (settings or {}).items():  # e.g. {"REPEAT_TEST": False}
        module = storyline.summarize if hasattr(storyline.summarize, key) else storyline.repeats
        setattr(module, key, value)

    import numpy as np

    from bench.tune_summaries import prepared
    from storyline.claims import build_claims
    from storyline.evaluation.summaries import METRICS, _scorer, rouge_rows
    from storyline.summary_stage import summarise_story

    rows = pickle.loads(cache.read_bytes())[:limit]
    items = prepared(rows)
    scorer = _scorer(METRICS)
    scores, n_sent, cited, verified, pairs, with_pair, seconds = [], 0, 0, 0, 0, 0, 0.0
    lines = []
    for r, story, articles, index, weigh in items:
        claim_map = build_claims(story, articles, index, weigh=weigh)
        start = time.perf_counter()
        done = summarise_story(story, articles, index, words=words, weigh=weigh,
                               fill="reach", embedder=None, claims=claim_map.claims,
                               claim_groups=claim_map.wording_groups(index))
        seconds += time.perf_counter() - start
        texts = [s.text for s in done.summary]
        scores.append(rouge_rows(scorer, r["reference"], texts))
        n_sent += len(texts)
        cited += sum(bool(s.citations) for s in done.summary)
        verified += sum(bool(s.verification and s.verification.get("supported"))
                        for s in done.summary)
        found = repeat_pairs(texts)
        pairs += len(found)
        with_pair += bool(found)
        lines.append(json.dumps({"id": r["id"], "sentences": texts,
                                 "citations": [len(s.citations) for s in done.summary],
                                 "repeats": found}, ensure_ascii=False))
    mean = np.mean(scores, axis=0) * 100
    print(f"{len(items)} clusters, {words} words: ROUGE-1/2/Lsum "
          f"{mean[0]:.2f} / {mean[1]:.2f} / {mean[2]:.2f}")
    print(f"{n_sent} sentences, cited {cited / max(n_sent, 1):.1%}, "
          f"verified {verified / max(n_sent, 1):.1%}")
    print(f"repeat pairs {pairs} in {with_pair} summaries ({with_pair / len(items):.1%})")
    print(f"summary stage {seconds:.1f} s ({seconds / len(items) * 1000:.0f} ms a cluster)")
    if dump:
        dump.write_text("\n".join(lines) + "\n", encoding="utf-8")


def scan(path: Path) -> None:
    pairs = with_pair = n = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        found = repeat_pairs(row.get("sentences") or [])
        n += 1
        pairs += len(found)
        with_pair += bool(found)
    print(f"{path}: repeat pairs {pairs} in {with_pair} of {n} summaries")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache", type=Path, nargs="?")
    parser.add_argument("--words", type=int, default=70)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--dump", type=Path, default=None)
    parser.add_argument("--scan", type=Path, default=None)
    parser.add_argument("--set", default=None,
                        help='a Python dict literal of constants of storyline.summarize or '
                             'storyline.repeats, e.g. "{\'REPEAT_TEST\': False}"')
    args = parser.parse_args()
    if args.scan:
        scan(args.scan)
    else:
        import ast

        run(args.cache, args.words, args.dump, args.limit,
            ast.literal_eval(args.set) if args.set else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
