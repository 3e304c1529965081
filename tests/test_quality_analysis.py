"""Quality gate: quote speakers against our hand labels on NeuS (bench/labels/).

The labels are 60 random quotes of NeuS train clusters 600-899, judged by hand
(bench/README.md). Only the ~55 labelled clusters are analysed, to keep the gate
at a few seconds. Measured: 49 of 51 named speakers correct (0.96); the floor is
0.90 so that a regression fails and noise from a model update does not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, shared_data

LABELS = ROOT / "bench" / "labels" / "neus_train600-900_seed11_speakers.tsv"


def _labels() -> list[tuple[str, int, str | None]]:
    out = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            article_id, start, truth = line.split("\t")[:3]
            out.append((article_id, int(start), None if truth == "-" else truth))
    return out


@pytest.mark.data
@pytest.mark.slow
def test_speaker_precision_on_hand_labels():
    from storyline.entities import extract_entities
    from storyline.ingest.records import record_to_article
    from storyline.pipeline import prepare
    from storyline.quotes import attribute
    from storyline.sentences import split_batch

    path: Path = shared_data("neus", "train.clusters.jsonl")
    labels = _labels()
    wanted = {a.rsplit("-", 1)[0] for a, _, _ in labels}
    found = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] not in wanted:
                continue
            articles = prepare([record_to_article(a, origin=row["id"]) for a in row["articles"]
                                if a.get("text")])
            sentences = split_batch(articles)
            index = extract_entities(articles)
            for a in articles:
                for f in attribute(a, sentences[a.id], index)[0]:
                    found[(a.id, f.start)] = f
    judged = [(found[(a, s)], truth) for a, s, truth in labels if (a, s) in found]
    assert len(judged) >= 55, "the labelled quotes are still found"
    named = [(f, truth) for f, truth in judged if f.speaker]
    correct = sum(f.speaker == truth for f, truth in named)
    assert len(named) >= 45
    assert correct / len(named) >= 0.90, [(f.text[:60], f.speaker, t) for f, t in named
                                          if f.speaker != t]
