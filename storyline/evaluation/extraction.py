"""The ScrapingHub article-extraction benchmark metric, and runners for our HTML path.

The benchmark (scrapinghub/article-extraction-benchmark, 181 news pages) scores an
extractor by comparing its article body with the human one as multisets of 4-token
shingles, so word order matters locally but a moved paragraph costs little. We
re-implement its metric here (from its description) so that our numbers are directly
comparable with the published ones in ``output/*.json``; :func:`published_outputs`
lets the tests check that we reproduce them. Per-document counts are normalised
before averaging so that long pages do not dominate the corpus score.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+")

Extractor = Callable[[str], str]  # HTML page -> article body ("" when none found)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    documents: int


def shingle_counts(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of n-token shingles; a text shorter than n is one short shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def document_scores(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """(tp, fp, fn) for one page, normalised to sum to 1 so every page weighs the same."""
    t, p = shingle_counts(true, n), shingle_counts(pred, n)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    total = tp + fp + fn
    if total > 0:
        tp, fp, fn = tp / total, fp / total, fn / total
    return tp, fp, fn


def _ratio(tp: float, wrong: float, fp: float, fn: float) -> float:
    """Precision (wrong=fp) or recall (wrong=fn), with the benchmark's edge cases."""
    if fp == fn == 0:
        return 1.0
    if tp == wrong == 0:
        return 0.0
    return tp / (tp + wrong)


def corpus_scores(pairs: Iterable[tuple[str, str]], n: int = 4) -> Scores:
    """Mean per-page precision (pages with a prediction) and recall (pages with a truth)."""
    precisions: list[float] = []
    recalls: list[float] = []
    documents = 0
    for true, pred in pairs:
        documents += 1
        tp, fp, fn = document_scores(true, pred, n)
        if tp + fp > 0:
            precisions.append(_ratio(tp, fp, fp, fn))
        if tp + fn > 0:
            recalls.append(_ratio(tp, fn, fp, fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, documents)


def load_ground_truth(data_dir: Path) -> dict[str, str]:
    """Page id -> human article body."""
    truth = json.loads((Path(data_dir) / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: (value.get("articleBody") or "") for key, value in truth.items()}


def load_output(path: Path) -> dict[str, str]:
    """A published output file: ``{"output": {...}, "version": ...}`` or a plain dict."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data.get("output"), dict):
        data = data["output"]
    return {key: ((value or {}).get("articleBody") or "") for key, value in data.items()}


def published_outputs(data_dir: Path) -> dict[str, dict[str, str]]:
    """Extractor name -> its published predictions, from ``output/*.json``."""
    return {p.stem: load_output(p) for p in sorted((Path(data_dir) / "output").glob("*.json"))}


def load_pages(data_dir: Path) -> dict[str, str]:
    """Page id -> HTML (UTF-8, undecodable bytes replaced), for every ground-truth page."""
    html_dir = Path(data_dir) / "html"
    return {key: gzip.decompress((html_dir / f"{key}.html.gz").read_bytes())
            .decode("utf-8", errors="replace") for key in load_ground_truth(data_dir)}


def score(truth: dict[str, str], predictions: dict[str, str], n: int = 4) -> Scores:
    """Scores of predictions against the truth; a missing prediction counts as empty."""
    return corpus_scores(((truth[k], predictions.get(k, "")) for k in truth), n)


def _html_path(html: str, clean: bool) -> str:
    from storyline.clean import clean_article
    from storyline.ingest.files import UnreadableInput
    from storyline.ingest.html import read_html

    try:
        article = read_html(html, article_id="page", origin="benchmark")
    except UnreadableInput:  # no article found: an empty prediction, as the benchmark counts it
        return ""
    return clean_article(article).text if clean else article.text


def trafilatura_alone(html: str) -> str:
    """trafilatura as ``read_html`` calls it, with none of our cleaning."""
    return _html_path(html, clean=False)


def storyline_html(html: str) -> str:
    """storyline's HTML path: ``read_html`` then ``clean_article``."""
    return _html_path(html, clean=True)


def run_extractor(pages: dict[str, str], extractor: Extractor) -> tuple[dict[str, str], float]:
    """Predictions for every page and the seconds it took."""
    start = time.perf_counter()
    predictions = {key: extractor(html) for key, html in pages.items()}
    return predictions, time.perf_counter() - start


def run_benchmark(data_dir: Path) -> dict[str, Scores]:
    """Shingle scores of trafilatura alone and of storyline's HTML path on the benchmark."""
    truth, pages = load_ground_truth(data_dir), load_pages(data_dir)
    return {name: score(truth, run_extractor(pages, fn)[0])
            for name, fn in (("trafilatura", trafilatura_alone), ("storyline", storyline_html))}
