"""Does a learned pairwise similarity group NeuS events better than locally scaled TF-IDF?

    python bench/cluster_pairwise.py [--data ../shared/data] [--cache /tmp/clq]
                                     [--model logreg|hgb] [--no-spacy]

The batch grouping (:mod:`storyline.clustering.grouping`) clusters a batch by
average link over locally scaled TF-IDF cosines (k=5, cut 0.95). This bench
replaces that similarity by the probability, from a model fitted on NeuS
train, that two articles report one event, and reports event-level B-cubed on
pooled train and val:

1. candidate pairs: each article's 20 nearest by TF-IDF and 10 nearest by USE
   title embedding (hard negatives: most of them are other events); all other
   pairs get probability 0;
2. features per pair: TF-IDF cosine (title + body as the library weights it,
   title alone, body alone), locally scaled TF-IDF and USE cosines, USE title
   and lead cosines, proper-name overlap (the library's capitalisation view)
   and spaCy entity overlap, shared numbers, title-stem overlap, each
   article's rank in the other's TF-IDF and USE neighbour lists, shared
   neighbours, and MiniLM-int8 (title + text, the ``minilm`` extra) and USE
   (text) cosines, raw and locally scaled (``--features`` picks a subset);
3. model: logistic regression or HistGradientBoosting, out-of-fold on train
   (5 folds by gold cluster; a pair is scored by a model fitted on pairs
   touching neither of its two clusters' folds), so the cut is chosen on
   train predictions the model never saw; the model for val is fitted on all
   of train and val is only scored;
4. grouping: average link over the probabilities (raw, or locally scaled like
   the TF-IDF), cut chosen on train; scored alone and inside the full
   incremental clusterer (its batch grouping replaced, everything else as
   shipped; ``--incremental``). The shipped clusterer now lets a batch group's
   first article join only events of earlier batches (found here; it was the
   ``--older-only`` option of this script).

Nothing is chosen on val. Features are cached (pickled) under ``--cache``.
Results: docs/clustering.md ("Tried: a learned pairwise similarity").
"""

from __future__ import annotations

import argparse
import math
import pickle
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.clustering import EventClusterer, cluster_features, featurize  # noqa: E402
from storyline.clustering.grouping import batch_groups  # noqa: E402
from storyline.clustering.text import term_counts, terms  # noqa: E402
from storyline.evaluation.clusters import (  # noqa: E402
    bcubed,
    load_labelled,
    tfidf_average_link,
)

K_LEX, K_EMB, K_SCALE, K_SNN = 30, 15, 5, 10
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


# --- cached per-article views -------------------------------------------------------

def load_split(data: Path, split: str, cache: Path, spacy_on: bool) -> dict:
    path = cache / f"{split}.pkl"
    if path.exists():
        with path.open("rb") as fh:
            d = pickle.load(fh)
        if (not spacy_on or d.get("ents") is not None) and d.get("mini") is not None:
            return d
    else:
        from storyline.embed import get_embedder

        articles, gold = load_labelled(data / "neus" / f"{split}.clusters.jsonl")
        emb = get_embedder()
        t0 = time.perf_counter()
        feats = featurize(articles, emb)
        leads = np.asarray(emb.encode([a.text[:300] for a in articles]), dtype=np.float32)
        print(f"[{split}] featurized {len(articles)} in {time.perf_counter() - t0:.0f}s",
              flush=True)
        d = {"articles": articles, "gold": gold, "feats": feats, "leads": leads, "ents": None}
    if d.get("mini") is None:  # extra views: MiniLM on title + text, USE on the text
        from storyline.embed import get_embedder

        t0 = time.perf_counter()
        texts = [f"{a.title or ''}. {a.text}" for a in d["articles"]]
        d["mini"] = np.asarray(get_embedder("minilm").encode(texts), dtype=np.float32)
        d["body"] = np.asarray(get_embedder().encode([a.text for a in d["articles"]]),
                               dtype=np.float32)
        print(f"[{split}] MiniLM + USE body in {time.perf_counter() - t0:.0f}s", flush=True)
    if spacy_on and d.get("ents") is None:
        from storyline.nlp import get_nlp

        nlp = get_nlp(["ner"])
        t0 = time.perf_counter()
        docs = nlp.pipe([f"{a.title or ''}. {a.text}" for a in d["articles"]], batch_size=64)
        d["ents"] = [frozenset(e.text.lower() for e in doc.ents
                               if e.label_ not in ("CARDINAL", "ORDINAL", "QUANTITY",
                                                   "PERCENT", "MONEY", "DATE", "TIME"))
                     for doc in docs]
        print(f"[{split}] spaCy NER in {time.perf_counter() - t0:.0f}s", flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(d, fh)
    return d


def _csr(counts: list[dict[int, int]], idf: dict[int, float]):
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for i, c in enumerate(counts):
        vec = {h: (1.0 + math.log(n)) * idf.get(h, 1.0) for h, n in c.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        for h, v in vec.items():
            rows.append(i)
            cols.append(h)
            vals.append(v / norm)
    return csr_matrix((vals, (rows, cols)), shape=(len(counts), 1 << 20))


def _scaled(sim: np.ndarray, k: int) -> np.ndarray:
    s = sim.copy()
    np.fill_diagonal(s, 0.0)
    scale = np.sort(s, axis=1)[:, -k:].mean(axis=1)
    scale[scale <= 0] = 1.0
    return s / np.sqrt(np.outer(scale, scale))


def _ranks(sim: np.ndarray) -> np.ndarray:
    """rank[i, j]: j's position in i's neighbour list (0 = nearest)."""
    s = sim.copy()
    np.fill_diagonal(s, -np.inf)
    order = np.argsort(-s, axis=1)
    rank = np.empty_like(order)
    rows = np.arange(len(s))[:, None]
    rank[rows, order] = np.arange(len(s))[None, :]
    return rank


FEATURES = ("cos", "cos_title", "cos_body", "ls_cos", "emb_title", "emb_lead", "ls_emb",
            "ls_lead", "names", "names_n", "ents", "ents_n", "nums", "title_jac",
            "rank_lex_min", "rank_lex_max", "rank_emb_min", "rank_emb_max", "snn_lex",
            "snn_emb", "mini", "ls_mini", "use_body", "ls_use_body")


def pair_table(d: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs (i < j) of one pooled split and their features."""
    feats, arts = d["feats"], d["articles"]
    n = len(feats)
    c = EventClusterer()
    c.observe(feats)
    idf = {h: c._idf(h) for h in c.df}
    allv = _csr([f.terms for f in feats], idf)
    title_c = [dict(term_counts(a.title or "")) for a in arts]
    body_c = [dict(term_counts(a.text)) for a in arts]
    cos = (allv @ allv.T).toarray().astype(np.float32)
    tv, bv = _csr(title_c, idf), _csr(body_c, idf)
    emb = np.stack([f.embedding for f in feats]).astype(np.float32)
    lead = d["leads"] / np.linalg.norm(d["leads"], axis=1, keepdims=True)
    esim = emb @ emb.T
    lsim = lead @ lead.T
    ls_cos, ls_emb, ls_lead = (_scaled(cos, K_SCALE), _scaled(esim, K_SCALE),
                               _scaled(lsim, K_SCALE))
    rlex, remb = _ranks(cos), _ranks(esim)
    unit = lambda v: v / np.linalg.norm(v, axis=1, keepdims=True)  # noqa: E731
    msim, bsim = unit(d["mini"]) @ unit(d["mini"]).T, unit(d["body"]) @ unit(d["body"]).T
    ls_mini, ls_body = _scaled(msim, K_SCALE), _scaled(bsim, K_SCALE)
    # candidate pairs: nearest by TF-IDF and by title embedding
    cos_nd = cos.copy()
    np.fill_diagonal(cos_nd, -1)
    c1 = np.argsort(-cos_nd, axis=1)[:, :K_LEX]
    e_nd = esim.copy()
    np.fill_diagonal(e_nd, -1)
    c2 = np.argsort(-e_nd, axis=1)[:, :K_EMB]
    del cos_nd, e_nd
    pairs = set()
    for i in range(n):
        for j in np.concatenate([c1[i], c2[i]]):
            pairs.add((min(i, int(j)), max(i, int(j))))
    pi = np.array(sorted(pairs), dtype=np.int64)
    n_lex = [set(r[:K_SNN].tolist()) for r in c1]
    n_emb = [set(r[:K_SNN].tolist()) for r in c2]
    snn = np.array([(len(n_lex[i] & n_lex[j]), len(n_emb[i] & n_emb[j])) for i, j in pi],
                   dtype=np.float32)
    a, b = pi[:, 0], pi[:, 1]
    # sparse per-pair views
    df_names = Counter(h for f in feats for h in f.names)
    ents = d.get("ents") or [frozenset()] * n
    df_ents = Counter(e for s in ents for e in s)
    nums = [set(_NUMBER.findall(f"{x.title or ''} {x.text}")) for x in arts]
    tstem = [set(terms(x.title or "")) for x in arts]

    def idf_jac(s1, s2, df):
        common = s1 & s2
        if not common:
            return 0.0, 0
        w = lambda s: sum(math.log(n / df[x]) for x in s)  # noqa: E731
        union = w(s1 | s2)
        return (w(common) / union if union else 0.0), len(common)

    rows = []
    for i, j in pi:
        nm, nn = idf_jac(feats[i].names, feats[j].names, df_names)
        en, enn = idf_jac(ents[i], ents[j], df_ents)
        t1, t2 = tstem[i], tstem[j]
        rows.append((nm, nn, en, enn, len(nums[i] & nums[j]),
                     len(t1 & t2) / len(t1 | t2) if t1 | t2 else 0.0))
    sp = np.array(rows, dtype=np.float32)
    ct = np.asarray(tv[a].multiply(tv[b]).sum(axis=1)).ravel()
    cb = np.asarray(bv[a].multiply(bv[b]).sum(axis=1)).ravel()
    rl = np.stack([rlex[a, b], rlex[b, a]], 1)
    re_ = np.stack([remb[a, b], remb[b, a]], 1)
    x = np.column_stack([
        cos[a, b], ct, cb, ls_cos[a, b], esim[a, b], lsim[a, b], ls_emb[a, b], ls_lead[a, b],
        sp[:, 0], sp[:, 1], sp[:, 2], sp[:, 3], sp[:, 4], sp[:, 5],
        np.log1p(rl.min(1)), np.log1p(rl.max(1)), np.log1p(re_.min(1)),
        np.log1p(re_.max(1)), snn[:, 0], snn[:, 1], msim[a, b], ls_mini[a, b], bsim[a, b],
        ls_body[a, b]]).astype(np.float32)
    gold = np.array(d["gold"])
    y = (gold[a] == gold[b]).astype(np.int8)
    return pi, x, y


# --- model ------------------------------------------------------------------------

def fit(x: np.ndarray, y: np.ndarray, kind: str, cols: list[int]):
    if kind == "logreg":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        m = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    else:
        from sklearn.ensemble import HistGradientBoostingClassifier

        m = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.1,
                                           max_leaf_nodes=31, random_state=0)
    m.fit(x[:, cols], y)
    return m


def oof_probs(pi, x, y, gold, kind, cols, folds=5):
    """Out-of-fold probabilities: a pair is scored by a model fitted on the pairs
    that touch neither of its two articles' cluster folds."""
    clusters = sorted(set(gold))
    rng = np.random.default_rng(0)
    fold_of = dict(zip(clusters, rng.permutation(len(clusters)) % folds, strict=True))
    f = np.array([fold_of[g] for g in gold])
    fa, fb = f[pi[:, 0]], f[pi[:, 1]]
    out = np.zeros(len(y), dtype=np.float64)
    for u in range(folds):
        for v in range(u, folds):
            held = {u, v}
            train = ~(np.isin(fa, list(held)) | np.isin(fb, list(held)))
            target = ((fa == u) & (fb == v)) | ((fa == v) & (fb == u))
            if not target.any():
                continue
            m = fit(x[train], y[train], kind, cols)
            out[target] = m.predict_proba(x[target][:, cols])[:, 1]
    return out


def context(n, pi, prob):
    """Second-stage features from first-stage probabilities: how much the two
    articles' neighbourhoods agree (shared likely mates) and how far the pair is
    ahead of each article's best other mate."""
    from scipy.sparse import csr_matrix

    p = csr_matrix((np.concatenate([prob, prob]),
                    (np.concatenate([pi[:, 0], pi[:, 1]]), np.concatenate([pi[:, 1], pi[:, 0]]))),
                   shape=(n, n)).tocsr()
    dense = p.toarray()
    top2 = -np.sort(-dense, axis=1)[:, :2]
    a, b = pi[:, 0], pi[:, 1]
    best_other_a = np.where(np.isclose(top2[a, 0], prob), top2[a, 1], top2[a, 0])
    best_other_b = np.where(np.isclose(top2[b, 0], prob), top2[b, 1], top2[b, 0])
    common = np.array([float(np.minimum(dense[i], dense[j]).sum()) for i, j in pi])
    third = np.array([float((dense[i] * dense[j]).max()) for i, j in pi])
    return np.column_stack([prob, common, third, prob - np.maximum(best_other_a, best_other_b),
                            prob - np.minimum(best_other_a, best_other_b)]).astype(np.float32)


# --- grouping ---------------------------------------------------------------------

def group(n, pi, prob, cut, scale_k=0):
    from storyline.clustering.grouping import _average_link_labels

    sim = np.zeros((n, n), dtype=np.float32)
    sim[pi[:, 0], pi[:, 1]] = prob
    sim[pi[:, 1], pi[:, 0]] = prob
    if scale_k:
        sim = _scaled(sim, scale_k).astype(np.float32)
    return _average_link_labels(sim, cut)


def full_pipeline(d, labels=None):
    """The shipped incremental clusterer; with ``labels``, its batch grouping replaced."""
    feats = d["feats"]
    if labels is None:
        c = cluster_features(feats)
    else:
        by_id = {f.article_id: g for f, g in zip(feats, labels, strict=True)}
        size = Counter(labels)
        orig = EventClusterer._batch_groups
        EventClusterer._batch_groups = lambda self, fresh: {  # type: ignore[method-assign]
            f.article_id: (by_id[f.article_id], size[by_id[f.article_id]]) for f in fresh}
        try:
            c = cluster_features(feats)
        finally:
            EventClusterer._batch_groups = orig  # type: ignore[method-assign]
    return [c.event_of_article[f.article_id] for f in feats]


def fmt(name, s, n):
    return f"{name:<58} P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}  clusters {n}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/clq"))
    ap.add_argument("--model", default="logreg,hgb")
    ap.add_argument("--no-spacy", action="store_true")
    ap.add_argument("--features", default=",".join(FEATURES))
    ap.add_argument("--baselines", action="store_true", help="also rerun the shipped ones")
    ap.add_argument("--stack", default="", help="second stage on neighbourhood context "
                    "of the first stage's probabilities: logreg or hgb")
    ap.add_argument("--incremental", action="store_true",
                    help="also run the full incremental clusterer with the grouping")
    args = ap.parse_args()
    sp = not args.no_spacy
    tr, va = (load_split(args.data, s, args.cache, sp) for s in ("train", "val"))
    tables = {}
    for name, d in (("train", tr), ("val", va)):
        path = args.cache / f"{name}.pairs.pkl"
        if path.exists():
            tables[name] = pickle.loads(path.read_bytes())
        else:
            t0 = time.perf_counter()
            tables[name] = pair_table(d)
            path.write_bytes(pickle.dumps(tables[name]))
            print(f"[{name}] pairs in {time.perf_counter() - t0:.0f}s", flush=True)
        pi, x, y = tables[name]
        g = Counter(d["gold"])
        pos = sum(k * (k - 1) // 2 for k in g.values())
        print(f"[{name}] {len(y)} candidate pairs, {int(y.sum())} positive "
              f"({y.sum() / pos:.3f} of all same-event pairs)", flush=True)
    if args.baselines:
        for name, d in (("train", tr), ("val", va)):
            gold, feats = d["gold"], d["feats"]
            truth = dict(zip([a.id for a in d["articles"]], gold, strict=True))
            lab = tfidf_average_link(d["articles"])
            print(fmt(f"{name}: baseline TF-IDF avg link @0.25", bcubed(lab, gold),
                      len(set(lab))))
            c = EventClusterer()
            c.observe(feats)
            lab = batch_groups([c._tfidf(f.terms) for f in feats], [f.day for f in feats],
                               dense_max=len(feats))
            g2 = [truth[f.article_id] for f in feats]
            print(fmt(f"{name}: grouping alone (LS TF-IDF k=5 @0.95)", bcubed(lab, g2),
                      len(set(lab))))
            lab = full_pipeline(d)
            print(fmt(f"{name}: storyline default (incremental)",
                      bcubed(lab, g2),
                      len(set(lab))), flush=True)
    cols = [FEATURES.index(f) for f in args.features.split(",")]
    for kind in args.model.split(","):
        pi, x, y = tables["train"]
        gold = tr["gold"]
        n = len(gold)
        t0 = time.perf_counter()
        oof = oof_probs(pi, x, y, gold, kind, cols)
        from sklearn.metrics import average_precision_score, roc_auc_score

        print(f"== {kind} [{args.features}] OOF train AUC {roc_auc_score(y, oof):.4f} "
              f"AP {average_precision_score(y, oof):.4f} ({time.perf_counter() - t0:.0f}s)",
              flush=True)
        m = fit(x, y, kind, cols)
        vpi, vx, vy = tables["val"]
        vp = m.predict_proba(vx[:, cols])[:, 1]
        print(f"   val AUC {roc_auc_score(vy, vp):.4f} AP {average_precision_score(vy, vp):.4f}")
        if kind == "logreg":
            lr = m[-1]
            print("   weights (standardised): " + ", ".join(
                f"{FEATURES[c]} {w:+.2f}" for c, w in zip(cols, lr.coef_[0], strict=True)))
        if args.stack:
            cx, vcx = context(n, pi, oof), context(len(va["gold"]), vpi, vp)
            sc = list(range(cx.shape[1]))
            oof = oof_probs(pi, cx, y, gold, args.stack, sc)
            vp = fit(cx, y, args.stack, sc).predict_proba(vcx)[:, 1]
            print(f"   stacked ({args.stack}): OOF train AUC {roc_auc_score(y, oof):.4f} "
                  f"AP {average_precision_score(y, oof):.4f}; val AUC "
                  f"{roc_auc_score(vy, vp):.4f} AP {average_precision_score(vy, vp):.4f}",
                  flush=True)
        for scale_k, cuts in ((0, (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)),
                              (5, (0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.2))):
            best = None
            row = []
            for cut in cuts:
                lab = group(n, pi, oof, cut, scale_k)
                s = bcubed(lab, gold)
                row.append(f"{cut:.2f}:{s.f1:.3f}")
                if best is None or s.f1 > best[1].f1:
                    best = (cut, s, lab)
            print(f"   train OOF grid scale_k={scale_k}: " + " ".join(row), flush=True)
            cut, s, lab_tr = best
            print("   " + fmt(f"train alone, {kind} scale_k={scale_k} @{cut}", s,
                              len(set(lab_tr))))
            lab_va = group(len(va["gold"]), vpi, vp, cut, scale_k)
            print("   " + fmt(f"val alone, {kind} scale_k={scale_k} @{cut} (train cut)",
                              bcubed(lab_va, va["gold"]), len(set(lab_va))), flush=True)
            for name, d, lab in (("train", tr, lab_tr), ("val", va, lab_va)) * args.incremental:
                ev = full_pipeline(d, lab)
                print("   " + fmt(f"{name} incremental with it", bcubed(ev, d["gold"]),
                                  len(set(ev))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
