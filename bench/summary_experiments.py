#!/usr/bin/env python3
"""What else was tried to raise the summary's ROUGE-2, on NeuS *train* only.

Reproduces the numbers in docs/summaries.md ("What did not move ROUGE-2"). Needs
the caches of ``bench/tune_summaries.py cache`` (each a list of train clusters
with their sentences and vectors) and ``pip install 'storyline[eval]'``
(scikit-learn for the learned scorer)::

    python bench/tune_summaries.py cache --limit 600 --out /tmp/train-a.pkl
    python bench/tune_summaries.py cache --offset 600 --limit 900 --out /tmp/train-b.pkl
    python bench/summary_experiments.py noise /tmp/train-a.pkl
    python bench/summary_experiments.py oracle /tmp/train-a.pkl --limit 300
    python bench/summary_experiments.py learned /tmp/train-a.pkl /tmp/train-b.pkl
    python bench/summary_experiments.py coverage /tmp/train-a.pkl /tmp/train-b.pkl

- ``noise``: per-cluster spread of ROUGE-2 (ours, and ours minus lead), hence the
  standard error of a mean over 307 clusters (the size of ``neus/val``);
- ``oracle``: the same selection fed each sentence's true bigram precision against
  the reference instead of its salience (how much better ranking alone could do);
- ``learned``: a gradient-boosted sentence scorer (the salience signals plus
  length, position, numbers, capitalised words, own-title overlap, similarity to
  the other articles' leads) trained to predict that precision, 3-fold
  cross-validated over the clusters given;
- ``coverage``: adds to each candidate's value the weight of the cross-article
  word pairs it newly covers per word (the concept coverage of Gillick & Favre's
  ICSI summariser), scored on each cache separately.
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
from itertools import pairwise
from pathlib import Path

import numpy as np
from rouge_score import tokenizers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tune_summaries import prepared  # noqa: E402

from storyline.evaluation.summaries import (  # noqa: E402
    METRICS,
    _scorer,
    lead_round_robin,
    rouge_rows,
)
from storyline.salience import salience  # noqa: E402
from storyline.summarize import _plan, summarize  # noqa: E402
from storyline.textutil import STOPWORDS, content_terms, tokens  # noqa: E402

SCORER = _scorer(METRICS)
_TOKENIZER = tokenizers.DefaultTokenizer(use_stemmer=True)


def load(paths: list[Path], limit: int | None = None) -> list[tuple]:
    items = [it for p in paths for it in prepared(pickle.loads(p.read_bytes()))]
    return items[:limit] if limit else items


def run(items: list[tuple], scores_of, words: int = 70) -> list[float]:
    """Mean ROUGE-1/2/Lsum and words with ``scores_of(k, item)`` as the salience."""
    rows, n_words = [], []
    for k, item in enumerate(items):
        r, story, articles, index, weigh = item
        summary = summarize(story, articles, index, words=words, weigh=weigh, fill="reach",
                            scores=scores_of(k, item))
        texts = [s.text for s in summary]
        rows.append(rouge_rows(SCORER, r["reference"], texts))
        n_words.append(sum(len(t.split()) for t in texts))
    return [round(float(x), 2) for x in np.mean(rows, axis=0) * 100] + \
        [round(float(np.mean(n_words)), 1)]


def salience_of(k: int, item: tuple) -> np.ndarray:
    _, _, articles, index, weigh = item
    return salience(index, articles, weigh=weigh).score


def _bigrams(text: str) -> set[tuple[str, str]]:
    """Word pairs as rouge-score counts them (its tokenizer, Porter stemming)."""
    words = _TOKENIZER.tokenize(text)
    return set(pairwise(words))


def precision_target(item: tuple) -> np.ndarray:
    ref = _bigrams(item[0]["reference"])
    out = []
    for s in item[3].sentences:
        b = _bigrams(s.text)
        out.append(len(b & ref) / len(b) if b else 0.0)
    return np.array(out)


def noise(items: list[tuple]) -> None:
    ours, diff = [], []
    for r, story, articles, index, weigh in items:
        summary = summarize(story, articles, index, words=70, weigh=weigh, fill="reach")
        o = rouge_rows(SCORER, r["reference"], [s.text for s in summary])[1]
        lead = lead_round_robin([articles[a].text for a in story.article_ids], 70, "reach")
        ours.append(o * 100)
        diff.append((o - rouge_rows(SCORER, r["reference"], lead)[1]) * 100)
    o, d = np.array(ours), np.array(diff)
    print(f"{len(o)} clusters: ROUGE-2 ours {o.mean():.2f} (sd {o.std():.2f}), ours - lead "
          f"{d.mean():+.2f} (sd {d.std():.2f}); standard error over 307 clusters: ours "
          f"{o.std() / np.sqrt(307):.2f}, ours - lead {d.std() / np.sqrt(307):.2f}")


_DIGIT = re.compile(r"\d")
_CAPS = re.compile(r"(?<!^)\b[A-Z][a-z]+")


def features(item: tuple) -> np.ndarray:
    """Salience signals and blend, plus form and position features, per sentence."""
    _, _, articles, index, weigh = item
    sal = salience(index, articles, weigh=weigh)
    sents, plan = index.sentences, _plan(index)
    length = {}
    for s in sents:
        length[s.article_id] = max(length.get(s.article_id, 0), s.index + 1)
    leads = [i for i, s in enumerate(sents) if s.index == 0]
    sim = index.vectors @ index.vectors.T
    rows = []
    for i, s in enumerate(sents):
        terms = content_terms(s.text)
        own_title = content_terms(articles[s.article_id].title or "") \
            if s.article_id in articles else frozenset()
        others = [j for j in leads if sents[j].article_id != s.article_id]
        rows.append([plan.words[i], np.log1p(plan.words[i]), s.index == 0, s.index == 1,
                     s.index / length[s.article_id], bool(_DIGIT.search(s.text)),
                     len(_CAPS.findall(s.text)) / max(plan.words[i], 1),
                     bool(re.search(r"[\"“”]", s.text)),
                     len(terms & own_title) / len(terms) if terms else 0.0,
                     float(sim[i, others].max()) if others else 0.0, sal.score[i]])
    return np.column_stack([sal.signals[k] for k in sorted(sal.signals)] + [np.array(rows)])


def learned(items: list[tuple], folds: int = 3) -> None:
    from sklearn.ensemble import GradientBoostingRegressor

    feats = [features(it) for it in items]
    target = [precision_target(it) for it in items]
    target = [y / (y.max() or 1.0) for y in target]  # rank within the cluster
    parts = np.array_split(np.arange(len(items)), folds)
    base, ours = [], []
    for part in parts:
        held = set(part.tolist())
        train = [k for k in range(len(items)) if k not in held]
        model = GradientBoostingRegressor(n_estimators=200, max_depth=3, learning_rate=0.05,
                                          subsample=0.8, random_state=0)
        model.fit(np.vstack([feats[k] for k in train]),
                  np.concatenate([target[k] for k in train]))
        test = [items[k] for k in part]
        first = int(part[0])
        base.append(run(test, salience_of))
        ours.append(run(test, lambda k, it, f=first, m=model: m.predict(feats[f + k])))
        print(f"fold of {len(part)}: salience {base[-1]}, learned {ours[-1]}", flush=True)
    print(f"mean: salience {np.round(np.mean(base, axis=0), 2).tolist()}, "
          f"learned {np.round(np.mean(ours, axis=0), 2).tolist()}")


def oracle(items: list[tuple]) -> None:
    print(f"salience {run(items, salience_of)}")
    print(f"oracle (true bigram precision) {run(items, lambda k, it: precision_target(it))}")


def coverage(paths: list[Path], gammas: tuple[float, ...] = (2.0, 3.0)) -> None:
    import storyline.summarize as summarize_module
    from storyline.textutil import overlap

    state: dict = {}

    def scores_of(k: int, item: tuple) -> np.ndarray:
        index = item[3]
        concepts = []
        for s in index.sentences:
            w = [t[:5] for t in tokens(s.text)]
            concepts.append({p for p in pairwise(w)
                             if not (p[0] in STOPWORDS and p[1] in STOPWORDS)})
        df: dict = {}
        for a in {s.article_id for s in index.sentences}:
            for c in set().union(*(concepts[i] for i, s in enumerate(index.sentences)
                                   if s.article_id == a)):
                df[c] = df.get(c, 0) + 1
        state["concepts"] = concepts
        state["weight"] = {c: v - 1 for c, v in df.items() if v >= 2}
        return salience_of(k, item)

    def best_with(gamma: float):
        def best(cands, chosen, plan, scores, room, vectors=None):
            # the selection this experiment was run on, before storyline.repeats:
            # ``vectors`` (its same-fact test) is not used
            concepts, weight = state["concepts"], state["weight"]
            covered = set().union(*(concepts[j] for j in chosen)) if chosen else set()
            pick, value = None, -np.inf
            for c in sorted(cands):
                if plan.words[c] > room:
                    continue
                red = max((overlap(plan.texts[c].text, plan.texts[j].text) for j in chosen),
                          default=0.0)
                gain = sum(weight.get(x, 0) for x in concepts[c] - covered) / plan.words[c]
                v = scores[c] - summarize_module.MMR_LAMBDA * red + gamma * gain
                if red < summarize_module.REDUNDANCY and v > value:
                    pick, value = c, v
            return pick
        return best

    original = summarize_module._best_candidate
    for path in paths:
        items = load([path])
        print(f"{path.name}: salience {run(items, scores_of)}", flush=True)
        for gamma in gammas:
            summarize_module._best_candidate = best_with(gamma)
            try:
                print(f"{path.name}: coverage x{gamma:g} {run(items, scores_of)}", flush=True)
            finally:
                summarize_module._best_candidate = original


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("noise", "oracle", "learned", "coverage"))
    parser.add_argument("caches", type=Path, nargs="+")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if args.what == "coverage":
        coverage(args.caches)
    else:
        items = load(args.caches, args.limit)
        {"noise": noise, "oracle": oracle, "learned": learned}[args.what](items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
