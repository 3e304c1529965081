"""Quality gate for the entity cuts, merges and re-typings of storyline.entity_junk,
storyline.entity_merges and storyline.entity_types on every NeuS val cluster: each note
they make is hand-checked (bench/labels/entity_quality_handcheck.tsv, read in context)
and right, and the counts measured when they were written (bench/README.md) hold."""

from __future__ import annotations

import json

import pytest

from tests.conftest import hand_labels, shared_data

KINDS = {"cut": "cut from one NER span", "fullname": "a full name opening with a given name",
         "surname": "typed person, not",
         "first": "first name of", "short": "short for ", "org": "typed organisation, not",
         "group": "typed place, not group", "storm": "typed event, not",
         "suffix": "a generational suffix", "thing": "typed place, not person",
         "people": "typed group, not person"}


@pytest.mark.data
@pytest.mark.slow
def test_every_cut_merge_and_retyping_on_neus_val_is_hand_checked_and_right():
    from storyline.entities import extract_entities
    from storyline.model import Article
    from storyline.pipeline import prepare

    labels = hand_labels("entity_quality_handcheck.tsv")
    made, platforms = [], 0
    for line in shared_data("neus", "val.clusters.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        articles = prepare([Article(f"{row['id']}/{a['id']}", a["text"], a["text"])
                            for a in row["articles"] if a.get("text")])
        for e in extract_entities(articles).entities:
            platforms += e.name in ("Twitter", "Facebook") and e.type == "person"
            for ev in e.evidence:
                kind = next((k for k, words in KINDS.items() if words in ev), None)
                if kind:
                    subject = e.name if ev.startswith("typed") else ev.split(": ")[0]
                    made.append((row["id"], kind, subject))
    unread = [m for m in made if m not in labels]
    assert not unread, f"notes nobody has hand-checked (label them): {unread}"
    assert all(labels[m] == "right" for m in made), [m for m in made if labels[m] != "right"]
    assert len(made) >= 50  # 53 when written
    assert {"cut", "surname", "first", "short", "org"} <= {kind for _, kind, _ in made}
    assert platforms <= 5  # 13 before storyline.entity_types, 5 after
