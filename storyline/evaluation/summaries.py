"""``storyline eval summaries``: our summaries against lead and LexRank, side by side.

For every cluster of a cluster file (the ``*.clusters.jsonl`` format of
``../shared/data``: articles plus a reference ``summary`` and ``title``) this
summarises the articles as one story and scores the summary with ROUGE-1, -2 and
-Lsum (the ``rouge-score`` package, Porter stemming, F-measure, x100, sentences
on separate lines for Lsum) against the reference, next to two baselines run on
the same clusters with the same budget:

- **lead round-robin**: the first sentence of each article in turn, then the
  second of each, ... (articles in file order);
- **LexRank** (``sumy``, English Snowball stemmer, no stop words, its default
  threshold and epsilon) over all the articles' sentences, best rated first.

All three cut the budget the same way, the one that reproduces the baseline
numbers the project measured first (docs/summaries.md): sentences are added
until the summary has at least ``words`` words (whitespace-separated), so the
last one crosses the line (``fill="reach"``). ``fill="under"`` instead stops
before the sentence that would cross it, for all three. Baseline sentences come
from nupunkt on the raw article text; ours from the full pipeline (cleaning,
sentences, embeddings, support, summary).

It also reports the share of our summary sentences with at least one citation,
the share the verifier (``storyline.verify``) finds supported by their cited
sources, headline ROUGE-1/L against the reference titles (ours, the first
article's title), how many pairs of our summary sentences say one fact twice
(``storyline.evaluation.repeats``), and the time each system took.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import MissingExtra, StorylineError
from storyline.evaluation.repeats import repeat_pairs

FILLS = ("reach", "under")
METRICS = ("rouge1", "rouge2", "rougeLsum")


@dataclass
class Cluster:
    id: str
    title: str
    summary: str
    articles: list[dict[str, Any]]


def read_clusters(path: Path, limit: int | None = None) -> list[Cluster]:
    """Clusters with a reference summary; one-line error if the file is unusable."""
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise StorylineError(f"cannot read {path}: {exc.strerror or exc}") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise StorylineError(f"{path}:{n}: not a JSON line") from exc
        if not isinstance(rec, dict) or not isinstance(rec.get("articles"), list):
            raise StorylineError(f"{path}:{n}: not a cluster (needs an 'articles' list)")
        if not rec.get("summary"):
            continue
        arts = [a for a in rec["articles"]
                if isinstance(a, dict) and str(a.get("text", "")).strip()]
        out.append(Cluster(str(rec.get("id", n)), rec.get("title") or "", rec["summary"], arts))
        if limit and len(out) >= limit:
            break
    if not out:
        raise StorylineError(f"{path} has no clusters with a reference summary")
    return out


# ---------------------------------------------------------------- budget and baselines


def cut(ranked: Sequence[str], words: int, fill: str) -> list[int]:
    """Indices into ``ranked`` taken in order until the budget (see module docstring)."""
    chosen: list[int] = []
    used = 0
    for k, sentence in enumerate(ranked):
        n = len(sentence.split())
        if fill == "reach":
            if used >= words:
                break
        elif used + n > words:
            continue
        chosen.append(k)
        used += n
    return chosen


def split_text(text: str) -> list[str]:
    from nupunkt import sent_tokenize

    return [s.strip() for s in sent_tokenize(text) if s.strip()]


def lead_round_robin(texts: Sequence[str], words: int, fill: str) -> list[str]:
    docs = [split_text(t) for t in texts]
    ranked = [d[i] for i in range(max((len(d) for d in docs), default=0))
              for d in docs if i < len(d)]
    return [ranked[k] for k in cut(ranked, words, fill)]


class _Tokenizer:
    """sumy's tokenizer interface on nupunkt (nltk's punkt data is not installed)."""

    language = "english"
    _WORD = re.compile(r"\w+")

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_text(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return self._WORD.findall(sentence)


def lexrank(texts: Sequence[str], words: int, fill: str) -> list[str]:
    """sumy LexRank over all sentences; best rated first under the budget, then in
    document order (as sumy returns a summary)."""
    try:
        from sumy.nlp.stemmers import Stemmer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
    except ImportError as exc:
        raise MissingExtra("the LexRank baseline", "storyline[eval]") from exc
    parser = PlaintextParser.from_string("\n\n".join(texts), _Tokenizer())
    ranked: list[Any] = []

    def take_all(infos: list[Any]) -> list[Any]:  # sumy passes sentences best first
        ranked.extend(infos)
        return infos

    with np.errstate(divide="ignore", invalid="ignore"):  # sumy on a one-sentence text
        LexRankSummarizer(Stemmer("english"))(parser.document, take_all)
    texts_ranked = [str(i.sentence) for i in ranked]
    keep = cut(texts_ranked, words, fill)
    return [texts_ranked[k] for k in sorted(keep, key=lambda k: ranked[k].order)]


# ---------------------------------------------------------------- scoring


@dataclass
class SystemScores:
    name: str
    rows: list[list[float]] = field(default_factory=list)  # per cluster, METRICS
    seconds: float = 0.0
    words: list[int] = field(default_factory=list)

    def mean(self) -> list[float]:
        return [float(x) for x in np.mean(self.rows, axis=0) * 100] if self.rows else [0.0] * 3


def _scorer(metrics: Sequence[str]) -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:
        raise MissingExtra("ROUGE scoring", "storyline[eval]") from exc
    return rouge_scorer.RougeScorer(list(metrics), use_stemmer=True)


def rouge_rows(scorer: Any, reference: str, sentences: Sequence[str],
               metrics: Sequence[str] = METRICS) -> list[float]:
    scores = scorer.score(reference, "\n".join(sentences))
    return [scores[m].fmeasure for m in metrics]


@dataclass
class Report:
    path: str
    clusters: int
    words: int
    fill: str
    systems: list[SystemScores]
    headlines: list[SystemScores]
    sentences: int = 0
    cited: int = 0
    verified: int = 0
    unverified: list[dict[str, Any]] = field(default_factory=list)
    embed_seconds: float = 0.0
    repeat_pairs: int = 0  # pairs of our summary sentences that say one fact twice
    repeat_summaries: int = 0  # summaries with at least one such pair


def _our_summaries(clusters: Sequence[Cluster], words: int, fill: str, embedder: Any,
                   progress: Callable[[int, int], None] | None
                   ) -> Iterator[tuple[Cluster, Any, float]]:
    """(cluster, brief, seconds) for each cluster; time includes everything after reading."""
    from storyline.ingest.records import record_to_article
    from storyline.pipeline import analyse, prepare

    for n, cluster in enumerate(clusters, start=1):
        start = time.perf_counter()
        articles = []
        for k, rec in enumerate(cluster.articles):
            rec = {**rec, "id": rec.get("id") or f"{cluster.id}-{k}"}
            articles.append(record_to_article(rec, origin=cluster.id))
        briefs = analyse(prepare(articles), words=words, embedder=embedder,
                         single_story=True, fill=fill)
        yield cluster, (briefs[0] if briefs else None), time.perf_counter() - start
        if progress:
            progress(n, len(clusters))


def evaluate(path: Path, *, words: int = 70, fill: str = "reach", embedder: Any = None,
             output: Path | None = None, limit: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> Report:
    """Summarise every cluster of ``path`` and score it with both baselines."""
    if fill not in FILLS:
        raise StorylineError(f"--fill must be one of {', '.join(FILLS)}")
    from storyline.embed import get_embedder
    from storyline.headline import clean_title

    clusters = read_clusters(path, limit)
    scorer = _scorer(METRICS)
    title_scorer = _scorer(("rouge1", "rougeL"))
    embedder = embedder or get_embedder()
    ours, lead, lex = SystemScores("storyline"), SystemScores("lead round-robin"), \
        SystemScores("LexRank (sumy)")
    head, head_first = SystemScores("storyline headline"), SystemScores("first article's title")
    report = Report(str(path), len(clusters), words, fill, [ours, lead, lex], [head, head_first])
    timed = _TimedEmbedder(embedder)
    lines = []
    for cluster, brief, seconds in _our_summaries(clusters, words, fill, timed, progress):
        ours.seconds += seconds
        texts = [s.text for s in brief.summary] if brief else []
        ours.rows.append(rouge_rows(scorer, cluster.summary, texts))
        ours.words.append(sum(len(t.split()) for t in texts))
        for s in brief.summary if brief else ():
            report.sentences += 1
            report.cited += bool(s.citations)
            if s.verification and s.verification.get("supported"):
                report.verified += 1
            else:
                report.unverified.append({"cluster": cluster.id, "text": s.text,
                                          "verification": s.verification})
        repeats = repeat_pairs(texts)
        report.repeat_pairs += len(repeats)
        report.repeat_summaries += bool(repeats)
        title = brief.title if brief else ""
        if cluster.title:
            head.rows.append(rouge_rows(title_scorer, cluster.title, [title],
                                        ("rouge1", "rougeL")))
            first = next((a.get("title") for a in cluster.articles if a.get("title")), "")
            head_first.rows.append(rouge_rows(title_scorer, cluster.title,
                                              [clean_title(first or "")], ("rouge1", "rougeL")))
        lines.append(json.dumps({"id": cluster.id, "summary": " ".join(texts),
                                 "headline": title, "sentences": texts}, ensure_ascii=False))
    report.embed_seconds = timed.seconds
    for system, fn in ((lead, lead_round_robin), (lex, lexrank)):
        start = time.perf_counter()
        for cluster in clusters:
            sentences = fn([str(a["text"]) for a in cluster.articles], words, fill)
            system.rows.append(rouge_rows(scorer, cluster.summary, sentences))
            system.words.append(sum(len(t.split()) for t in sentences))
        system.seconds = time.perf_counter() - start
    if output is not None:
        try:
            output.write_text("\n".join(lines) + "\n", encoding="utf-8")
        except OSError as exc:
            raise StorylineError(f"cannot write {output}: {exc.strerror or exc}") from exc
    return report


class _TimedEmbedder:
    """The embedder, counting the seconds spent encoding (reported separately)."""

    def __init__(self, inner: Any):
        self._inner = inner
        self.name, self.dim = inner.name, inner.dim
        self.seconds = 0.0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        start = time.perf_counter()
        try:
            return self._inner.encode(texts)
        finally:
            self.seconds += time.perf_counter() - start


def format_report(report: Report) -> str:
    """The report as a plain-text table (what the CLI prints)."""
    rule = ("reaching" if report.fill == "reach" else "within")
    out = [f"{report.path}: {report.clusters} clusters, summaries {rule} {report.words} words",
           "", f"{'system':<22} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-Lsum':>10} "
               f"{'words':>6} {'seconds':>8}"]
    for s in report.systems:
        r1, r2, rl = s.mean()
        out.append(f"{s.name:<22} {r1:8.2f} {r2:8.2f} {rl:10.2f} "
                   f"{np.mean(s.words) if s.words else 0:6.1f} {s.seconds:8.2f}")
    ours, lead, lex = report.systems
    out.append("")
    share = report.cited / report.sentences if report.sentences else 0.0
    verified = report.verified / report.sentences if report.sentences else 0.0
    out.append(f"summary sentences: {report.sentences}; with >= 1 citation: {share:.1%}; "
               f"supported by their cited sources (verifier): {verified:.1%} "
               f"({report.sentences - report.verified} not)")
    out.append(f"repeats (two sentences saying one fact): {report.repeat_pairs} pairs in "
               f"{report.repeat_summaries} of {report.clusters} summaries")
    for h in report.headlines:
        if h.rows:
            r1, rl = (float(x) for x in np.mean(h.rows, axis=0) * 100)
            out.append(f"headline, {h.name}: ROUGE-1 {r1:.2f}, ROUGE-L {rl:.2f} "
                       f"(against {len(h.rows)} reference titles)")
    out.append(f"time: storyline {ours.seconds:.1f} s (of which embedding "
               f"{report.embed_seconds:.1f} s), lead {lead.seconds:.2f} s, LexRank "
               f"{lex.seconds:.1f} s; ratio storyline/LexRank "
               f"{ours.seconds / lex.seconds if lex.seconds else float('nan'):.1f}x")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- neutral-wording check


@dataclass
class LexiconCheck:
    """Loaded words (``storyline.neutral``) per 1,000 words in outlets' and editors' text."""

    outlet_texts: float
    outlet_titles: float
    neutral_summaries: float
    neutral_titles: float
    by_category: dict[str, tuple[float, float]] = field(default_factory=dict)


def lexicon_check(path: Path, limit: int | None = None) -> LexiconCheck:
    """How much more often the lexicon's words occur in the outlets' articles and titles
    than in the editors' neutral summaries and titles of a cluster file (NeuS): the
    check that the lexicon marks slant rather than topic (docs/summaries.md)."""
    from storyline.neutral import LOADED, loaded_words

    clusters = read_clusters(path, limit)
    category = {w: c for c, words in LOADED.items() for w in words}

    def rate(texts: Sequence[str]) -> tuple[float, dict[str, float]]:
        words = sum(len(t.split()) for t in texts) or 1
        hits = [w for t in texts for w in loaded_words(t)]
        per = {c: 0 for c in LOADED}
        for w in hits:
            c = next((category[e] for e in category if _entry_matches(e, w)), None)
            if c:
                per[c] += 1
        return 1000 * len(hits) / words, {c: 1000 * n / words for c, n in per.items()}

    texts, text_cat = rate([str(a.get("text", "")) for c in clusters for a in c.articles])
    titles, _ = rate([str(a.get("title") or "") for c in clusters for a in c.articles])
    summaries, summary_cat = rate([c.summary for c in clusters])
    neutral_titles, _ = rate([c.title for c in clusters])
    return LexiconCheck(texts, titles, summaries, neutral_titles,
                        {c: (text_cat[c], summary_cat[c]) for c in LOADED})


def _entry_matches(entry: str, word: str) -> bool:
    parts, got = entry.split(), word.split()
    if len(parts) != len(got):
        return False
    return all(g.startswith(p[:-1]) if p.endswith("*") else g == p
               for p, g in zip(parts, got, strict=True))
