"""Timeline summarisation on Timeline17, scored with tilse as in Ghalandari & Ifrim 2020.

For every reference timeline of every topic, a timeline is built from the topic's
articles with the same building blocks as a brief's timeline
(:func:`storyline.timeline.date_mentions`, :func:`storyline.timeline.date_scores`,
:func:`storyline.timeline.centroid_pick`) and scored with the `tilse` package:
ROUGE-1/2 F1 of the *concat*, *agreement* and *align+ m:1* variants, and date F1.

The protocol is news-tls's ``experiments/evaluate.py`` (the code behind the
published numbers), so that our numbers compare with theirs:

- the input is the articles published within the reference timeline's first and
  last date (``time_span_extension=0`` for T17), and only dates in that span are
  candidates;
- the timeline has as many dates as the reference (``l``), and each date as
  many sentences as the reference's average per date, rounded (``k``);
- ROUGE is the original Perl ROUGE-1.5.5 through tilse (stemmed, stop words
  removed); ``rouge="reimpl"`` uses tilse's approximate Python version, which is
  faster, for development only;
- the averages are news-tls's: precision and recall are averaged over timelines
  and F1 is computed from the averages.

What differs, and is said with the numbers: news-tls reads dates from HeidelTime
tags and builds sentence vectors with TF-IDF. We find and resolve dates with our
own rule-based :mod:`storyline.dates` against each article's publication date, and
also use TF-IDF (scikit-learn) for the per-date sentence choice: the brief's
embedding model would take hours on 4,000 articles on two cores. Datewise also
filters sentences by topic keywords, which this copy of T17 lacks.

Texts in T17 are tokenised ("Feb . 24 , 2011"); they are detokenised before
date finding, and predicted sentences are re-tokenised for scoring so that they
tokenise like the references.

The articles are cleaned first, as a brief's are (:func:`storyline.pipeline.prepare`):
T17's scraped pages carry reader comments, wire page stamps and bylines, and a
timeline built from them is what a user of ``storyline`` would get only if the
cleaner were skipped. ``clean=False`` scores the raw texts (the numbers published
before 2026-11-23, for comparison).
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from storyline.errors import require
from storyline.model import Article, Sentence
from storyline.sentences import split_sentences
from storyline.summarize import MAX_WORDS, MIN_WORDS
from storyline.textutil import word_count
from storyline.timeline import DatedMention, centroid_pick, date_mentions, date_scores

LEAD_SENTENCES = 5  # undated lead sentences stand for the day they were published (and before)
PUBLISHED_SPAN = 2  # an article reports its publication day and the day before
EVAL_EXTRA = "storyline[eval]"


# ---------------------------------------------------------------------------
# data


@dataclass
class Topic:
    name: str
    articles: list[Article]
    timelines: list[dict[date, list[str]]]
    timeline_names: list[str] = field(default_factory=list)


# Penn Treebank escapes: brackets as -LRB- ... -RCB-, "/" and "*" with a backslash
_PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{",
                 "-RCB-": "}"}
_PTB_ESCAPES = re.compile(r"-[LR][RSC]B-|\\[/*]")
_DETOK = [
    # a full stop the tokeniser added after an abbreviation ends a sentence: "the U.S. ."
    (re.compile(r"(?<=\w\.)\s+\.(?=\s|$)"), ""),
    (re.compile(r"\s+([.,;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$])\s+"), r"\1"),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE), r"\1"),
    (re.compile(r"``\s*"), "“"),
    (re.compile(r"\s*''"), "”"),
    (re.compile(r"\s+-\s+"), " - "),
    (re.compile(r"\(([A-Z]{1,5})\. ([A-Z]{1,2})\)"), r"(\1.\2)"),  # a ticker: "(BP. L)"
]


def detokenize(text: str) -> str:
    """T17's tokenised text ("Feb . 24 , 2011 , he said") as ordinary prose."""
    text = _PTB_ESCAPES.sub(lambda m: _PTB_BRACKETS.get(m.group(), m.group()[1:]), text)
    for pattern, repl in _DETOK:
        text = pattern.sub(repl, text)
    return text


_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
_PTB_TOKENS = {v: k for k, v in _PTB_BRACKETS.items()}


def tokenize(text: str) -> str:
    """Space-separated tokens, as the reference timelines are written (brackets as
    the references write them: "-LRB-", "-RRB-", ...)."""
    return " ".join(_PTB_TOKENS.get(t, t) for t in _TOKEN.findall(text))


def load_topic(path: Path) -> Topic | None:
    """One T17 topic folder, or None when its articles are missing."""
    articles_file = path / "articles.json.gz"
    if not articles_file.exists():
        return None
    with gzip.open(articles_file, "rt", encoding="utf-8") as f:
        raw = json.load(f)
    articles = []
    for record in raw:
        text = detokenize(record.get("text") or "")
        if not text.strip() or not record.get("dct"):
            continue
        articles.append(Article(id=str(record["uid"]), raw_text=text, text=text,
                                published=record["dct"][:10], origin=str(articles_file)))
    timelines, names = [], []
    for tl_file in sorted(path.glob("*.timeline.json.gz")):
        with gzip.open(tl_file, "rt", encoding="utf-8") as f:
            entries = json.load(f)
        by_date: dict[date, list[str]] = defaultdict(list)
        for entry in entries:
            day = date.fromisoformat(entry["date"][:10])
            by_date[day] += [s.strip() for s in re.split(r"\s{2,}", entry["text"].strip())
                             if s.strip()]
        timelines.append(dict(by_date))
        names.append(tl_file.name.replace(".timeline.json.gz", ""))
    return Topic(path.name, articles, timelines, names)


def load_t17(root: Path, topics: Iterable[str] | None = None) -> list[Topic]:
    wanted = set(topics) if topics else None
    out = []
    for path in sorted(p for p in root.iterdir() if p.is_dir()):
        if wanted is not None and path.name not in wanted:
            continue
        topic = load_topic(path)
        if topic is not None:
            out.append(topic)
    return out


# ---------------------------------------------------------------------------
# prediction


@dataclass
class Prepared:
    """A topic's sentences and date mentions, computed once for all its timelines."""

    sentences: list[Sentence]
    published: dict[str, date]
    mentions: list[DatedMention]


def prepare_topic(topic: Topic, clean: bool = True) -> Prepared:
    """Sentences and date mentions of a topic; its articles cleaned first unless
    ``clean`` is false. Publication dates stay T17's (the cleaner keeps a given date)."""
    articles = topic.articles
    if clean:
        from storyline.pipeline import prepare  # the pipeline imports the timeline module

        articles = prepare(articles)
    sentences = [s for a in articles for s in split_sentences(a)]
    published = {a.id: date.fromisoformat(a.published) for a in topic.articles if a.published}
    return Prepared(sentences, published, date_mentions(sentences, published))


def length_of(reference: Mapping[date, list[str]]) -> tuple[int, int]:
    """(number of dates, sentences per date) of a reference timeline, as news-tls sets them."""
    per_date = [len(v) for v in reference.values()]
    return len(reference), round(sum(per_date) / len(per_date))


def predict(prepared: Prepared, start: date, end: date, n_dates: int, per_date: int, *,
            score_dates: Callable[..., dict[date, float]] = date_scores,
            ) -> dict[date, list[str]]:
    """A timeline of ``n_dates`` dates in [start, end], ``per_date`` sentences each."""
    sklearn_text = require("sklearn.feature_extraction.text", "scikit-learn", EVAL_EXTRA)
    sentences = prepared.sentences
    keep = {a for a, d in prepared.published.items() if start <= d <= end}
    index = [i for i, s in enumerate(sentences) if s.article_id in keep]
    if not index:
        return {}
    mentions = [m for m in prepared.mentions
                if sentences[m.sentence].article_id in keep and m.range.is_day
                and start <= m.range.start <= end]
    published = {a: prepared.published[a] for a in keep}
    scores = score_dates(mentions, sentences, published)
    ranked = sorted(scores, key=lambda d: (-scores[d], d))

    candidates: dict[date, list[int]] = defaultdict(list)
    dated = {m.sentence for m in mentions}
    for m in mentions:
        if _summary_length(sentences[m.sentence].text):
            candidates[m.range.start].append(m.sentence)
    lead: dict[str, int] = defaultdict(int)
    for i in index:
        s = sentences[i]
        if i in dated or lead[s.article_id] >= LEAD_SENTENCES:
            continue
        lead[s.article_id] += 1
        if not _summary_length(s.text):
            continue
        for back in range(PUBLISHED_SPAN):
            candidates[published[s.article_id] - timedelta(days=back)].append(i)

    vectorizer = sklearn_text.TfidfVectorizer(stop_words="english", lowercase=True)
    vectorizer.fit([sentences[i].text for i in index])
    out: dict[date, list[str]] = {}
    for day in ranked:
        if len(out) >= n_dates:
            break
        pool = list(dict.fromkeys(candidates.get(day, [])))
        if not pool:
            continue
        vectors = vectorizer.transform([sentences[i].text for i in pool])
        picks = centroid_pick(vectors, per_date)
        if picks:
            out[day] = [tokenize(sentences[pool[p]].text) for p in picks]
    return out


def _summary_length(text: str) -> bool:
    """The sentence lengths the brief's summary accepts (captions, stray
    headlines and run-on comment text are outside). Measured on T17 (reimpl
    ROUGE): AR1-F 0.107 without the filter, 0.109 with it."""
    return MIN_WORDS <= word_count(text) <= MAX_WORDS


# ---------------------------------------------------------------------------
# scoring


METRICS = ("concat", "agreement", "align_date_content_costs_many_to_one")


def score(predicted: Mapping[date, list[str]], reference: Mapping[date, list[str]],
          evaluator: Any) -> dict[str, Any]:
    """tilse ROUGE-1/2 (three variants) and date precision/recall/F1 of one timeline."""
    timelines = require("tilse.data.timelines", "tilse", EVAL_EXTRA)
    pred = timelines.Timeline(dict(predicted))
    truth = timelines.GroundTruth([timelines.Timeline(dict(reference))])
    out: dict[str, Any] = {
        "concat": evaluator.evaluate_concat(pred, truth),
        "agreement": evaluator.evaluate_agreement(pred, truth),
        "align_date_content_costs_many_to_one":
            evaluator.evaluate_align_date_content_costs_many_to_one(pred, truth),
    }
    shared = set(predicted) & set(reference)
    p = len(shared) / len(predicted) if predicted else 0.0
    r = len(shared) / len(reference) if reference else 0.0
    out["date"] = {"precision": p, "recall": r, "f_score": _f1(p, r)}
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def average(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """news-tls's averaging: mean precision and recall, F1 of the means."""
    out: dict[str, Any] = {}
    n = len(results)
    if not n:
        return out
    keys = [(m, r) for m in METRICS for r in ("rouge_1", "rouge_2")] + [("date", None)]
    for metric, measure in keys:
        def pick(res: dict[str, Any], metric: str = metric,
                 measure: str | None = measure) -> dict[str, float]:
            return res[metric] if measure is None else res[metric][measure]
        p = sum(pick(x)["precision"] for x in results) / n
        r = sum(pick(x)["recall"] for x in results) / n
        out.setdefault(metric, {})
        value = {"precision": p, "recall": r, "f_score": _f1(p, r)}
        if measure is None:
            out[metric] = value
        else:
            out[metric][measure] = value
    return out


@dataclass
class Report:
    per_timeline: list[dict[str, Any]]
    average: dict[str, Any]
    seconds: float
    predict_seconds: float


def evaluate(root: Path, topics: Iterable[str] | None = None, *, rouge: str = "original",
             score_dates: Callable[..., dict[date, float]] = date_scores,
             progress: Callable[[str], None] | None = None, clean: bool = True) -> Report:
    """Build and score a timeline for every reference timeline of ``topics`` (all by
    default), from the topics' cleaned articles (raw texts when ``clean`` is false)."""
    rouge_module = require("tilse.evaluation.rouge", "tilse", EVAL_EXTRA)
    evaluator = rouge_module.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"],
                                                    rouge_computation=rouge)
    started = time.perf_counter()
    predict_time = 0.0
    results = []
    for topic in load_t17(root, topics):
        t0 = time.perf_counter()
        prepared = prepare_topic(topic, clean)
        predict_time += time.perf_counter() - t0
        for name, reference in zip(topic.timeline_names, topic.timelines, strict=True):
            start, end = min(reference), max(reference)
            n_dates, per_date = length_of(reference)
            t0 = time.perf_counter()
            predicted = predict(prepared, start, end, n_dates, per_date,
                                score_dates=score_dates)
            predict_time += time.perf_counter() - t0
            result = score(predicted, reference, evaluator)
            result.update(topic=topic.name, timeline=name, dates=n_dates, per_date=per_date,
                          predicted_dates=len(predicted))
            results.append(result)
            if progress:
                progress(f"{topic.name}/{name}: AR1-F "
                         f"{result[METRICS[2]]['rouge_1']['f_score']:.3f} date F1 "
                         f"{result['date']['f_score']:.3f}")
    return Report(results, average(results), time.perf_counter() - started, predict_time)
