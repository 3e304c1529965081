"""Hand-labelled quote speakers (bench/labels/*.tsv) and the stories they come from,
shared by the speaker quality gates."""

from __future__ import annotations

import gzip
import importlib.util
import json
from collections.abc import Iterator

from tests.conftest import ROOT, shared_data

Label = tuple[str, int, str | None]


def speaker_labels(name: str) -> list[Label]:
    """A speaker hand-check file: article id, quote start, true speaker ("-": nobody)."""
    out = []
    for line in (ROOT / "bench" / "labels" / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            article_id, start, truth = line.split("\t")[:3]
            out.append((article_id, int(start), None if truth == "-" else truth))
    return out


def labelled_stories(labels: list[Label]) -> Iterator[list]:
    """The labelled articles' stories: NeuS train clusters, single Timeline17 articles."""
    from storyline.ingest.records import record_to_article
    from storyline.model import Article
    from storyline.pipeline import prepare

    spec = importlib.util.spec_from_file_location("quote_speakers",
                                                  ROOT / "bench" / "quote_speakers.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    wanted = {a for a, _, _ in labels}
    clusters = {a.rsplit("-", 1)[0] for a in wanted if a.startswith("neus-")}
    with shared_data("neus", "train.clusters.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in clusters:
                yield prepare([record_to_article(a, origin=row["id"]) for a in row["articles"]
                               if a.get("text")])
    for topic in sorted({a.split("/")[0] for a in wanted if "/" in a}):
        with gzip.open(shared_data("t17", topic, "articles.json.gz")) as fh:
            records = json.loads(fh.read())
        for r in records:
            if f"{topic}/{r['uid']}" in wanted:
                text = bench._detokenise(" ".join(str(r.get("text", "")).split()))
                yield [Article(id=f"{topic}/{r['uid']}", raw_text=text, text=text)]


def attributed_quotes(labels: list[Label]) -> dict[tuple[str, int], object]:
    """Every quote of the labelled stories, attributed as the pipeline does, by
    (article id, start)."""
    from storyline.entities import extract_entities
    from storyline.quotes import attribute, role_holders
    from storyline.sentences import split_batch

    found = {}
    for articles in labelled_stories(labels):
        sentences = split_batch(articles)
        index = extract_entities(articles)
        roles = role_holders(articles, index.mentions)
        for a in articles:
            for f in attribute(a, sentences[a.id], index, roles)[0]:
                found[(a.id, f.start)] = f
    return found


def judged_speakers(name: str) -> list[tuple[object, str | None]]:
    """Each labelled quote of a hand-check file, attributed as the pipeline does, beside
    its true speaker; asserts that every labelled quote is still found (a quote the
    splitter or the spans lose would otherwise pass unseen)."""
    labels = speaker_labels(name)
    found = attributed_quotes(labels)
    judged = [(found.get((a, s)), truth) for a, s, truth in labels]
    missing = [(a, s) for (a, s, _), (f, _) in zip(labels, judged, strict=True) if f is None]
    assert not missing, f"labelled quotes no longer found: {missing}"
    return judged  # type: ignore[return-value]


def wrong_speakers(judged: list[tuple[object, str | None]]) -> list[tuple]:
    """(speaker, truth, attribution) of the quotes given to someone else: a gate's message."""
    return [(f.speaker, t, f.attribution) for f, t in judged if f.speaker != t]  # type: ignore[attr-defined]
