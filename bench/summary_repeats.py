#!/usr/bin/env python3
"""How often a summary says one fact twice: a scanner for repeat pairs, and ROUGE.

Two summary sentences *repeat* when the shorter one's facts are contained in the
longer: most of its content words (5-letter stems, numbers whole) occur in the
longer one, and the names and numbers it carries too. The scanner is written to
be independent of the selection's own redundancy test (``storyline.summarize``):
it reads only the summary's text, so a change to the selection cannot tune it.

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
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.textutil import STOPWORDS, content_terms  # noqa: E402

CONTAINED = 0.6  # share of the shorter sentence's content words found in the longer one
MIN_TERMS = 4  # a sentence with fewer content words is too short to judge
# a capitalised word not at the start of the sentence, or a number: the facts' anchors
_NAME = re.compile(r"(?<=\s)[A-Z][\w’'.-]*[a-z][\w’'.-]*|\d[\d,.]*")
_EXTRA_STOP = frozenset("mr mrs ms dr".split())


def anchors(text: str) -> frozenset[str]:
    out = set()
    for m in _NAME.findall(text):
        w = m.lower().rstrip(".,")
        w = re.sub(r"['’]s$", "", w)
        if w and w not in STOPWORDS and w not in _EXTRA_STOP:
            out.add(w.replace(",", ""))
    return frozenset(out)


def repeat_score(a: str, b: str) -> tuple[float, float]:
    """(content-word containment, name/number containment) of the shorter in the longer."""
    short, long_ = sorted((a, b), key=lambda t: len(content_terms(t)))
    ts, tl = content_terms(short), content_terms(long_)
    if len(ts) < MIN_TERMS:
        return 0.0, 0.0
    words = len(ts & tl) / len(ts)
    ns, nl = anchors(short), anchors(long_)
    names = len(ns & nl) / len(ns) if ns else 1.0
    return words, names


def is_repeat(a: str, b: str) -> bool:
    words, names = repeat_score(a, b)
    return words >= CONTAINED and names >= 0.5


def repeat_pairs(sentences: list[str]) -> list[tuple[int, int, float, float]]:
    out = []
    for i in range(len(sentences)):
        for j in range(i + 1, len(sentences)):
            if is_repeat(sentences[i], sentences[j]):
                out.append((i, j, *repeat_score(sentences[i], sentences[j])))
    return out


def run(cache: Path, words: int, dump: Path | None, limit: int | None,
        settings: dict | None = None) -> None:
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
