"""``storyline eval summaries`` and ``storyline brief --single-story`` (tiny inline data)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.errors import StorylineError
from storyline.evaluation.summaries import (
    cut,
    evaluate,
    format_report,
    lead_round_robin,
    lexrank,
    read_clusters,
)
from tests.test_llm import HashEmbedder

pytest.importorskip("rouge_score")
pytest.importorskip("sumy")

A1 = ("The city council voted on Monday to rebuild the old river bridge. The vote was 7 to 2. "
      "Work starts in May.")
A2 = ("On Monday the council approved a new bridge over the river. Opponents wanted schools "
      "funded instead. The mayor praised the vote.")
A3 = ("Council backs bridge rebuild. The old bridge closed last year after cracks were found. "
      "A new span will carry four lanes.")
CLUSTERS = [
    {"id": "c1", "title": "Council votes to rebuild river bridge",
     "summary": "The city council voted on Monday to rebuild the old river bridge, 7 to 2.",
     "articles": [{"id": "c1-0", "title": "Council votes to rebuild bridge", "text": A1},
                  {"id": "c1-1", "title": "Bridge plan approved", "text": A2},
                  {"id": "c1-2", "title": "Council backs bridge", "text": A3}]},
    {"id": "c2", "title": "Storm closes schools",
     "summary": "A storm closed schools across the state on Tuesday.",
     "articles": [{"text": "A storm closed schools across the state on Tuesday. Roads flooded."},
                  {"text": ""}]},
    {"id": "c3", "title": "No reference", "summary": None, "articles": [{"text": "x"}]},
]


@pytest.fixture()
def cluster_file(tmp_path):
    path = tmp_path / "tiny.clusters.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in CLUSTERS), encoding="utf-8")
    return path


def test_cut_reach_and_under():
    ranked = ["one two three", "four five", "six seven eight nine"]
    assert cut(ranked, 4, "reach") == [0, 1]  # reaches 5 >= 4, the second crosses
    assert cut(ranked, 4, "under") == [0]
    assert cut(ranked, 5, "under") == [0, 1]
    assert cut(ranked, 100, "reach") == [0, 1, 2]


def test_lead_round_robin_takes_first_sentences_in_turn():
    out = lead_round_robin([A1, A2, A3], 24, "reach")  # 12 + 11 words, then 4 more
    assert out == ["The city council voted on Monday to rebuild the old river bridge.",
                   "On Monday the council approved a new bridge over the river.",
                   "Council backs bridge rebuild."]


def test_lexrank_returns_document_order_within_budget():
    out = lexrank([A1, A2, A3], 12, "under")
    text = " ".join([A1, A2, A3])
    assert out and sum(len(s.split()) for s in out) <= 12
    assert [text.index(s) for s in out] == sorted(text.index(s) for s in out)


def test_read_clusters_skips_clusters_without_reference(cluster_file, tmp_path):
    clusters = read_clusters(cluster_file)
    assert [c.id for c in clusters] == ["c1", "c2"] and len(clusters[1].articles) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"x": 1}\n', encoding="utf-8")
    with pytest.raises(StorylineError, match="not a cluster"):
        read_clusters(bad)


def test_evaluate_scores_three_systems_and_writes_summaries(cluster_file, tmp_path):
    out = tmp_path / "summaries.jsonl"
    report = evaluate(cluster_file, words=15, embedder=HashEmbedder(), output=out)
    assert [s.name for s in report.systems] == ["storyline", "lead round-robin", "LexRank (sumy)"]
    assert all(len(s.rows) == 2 for s in report.systems)
    assert report.sentences >= 2 and report.cited == report.sentences
    assert report.verified == report.sentences
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["c1", "c2"] and all(x["summary"] for x in lines)
    text = format_report(report)
    assert "lead round-robin" in text and "with >= 1 citation: 100.0%" in text
    assert "ratio storyline/LexRank" in text


def test_cli_eval_summaries(cluster_file, tmp_path):
    out = tmp_path / "s.jsonl"
    result = CliRunner().invoke(app, ["eval", "summaries", str(cluster_file), "--words", "15",
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "ROUGE-2" in result.stdout and out.exists()
    missing = CliRunner().invoke(app, ["eval", "summaries", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code != 0


def test_cli_single_story(tmp_path):
    # Two unrelated reports: whatever the clusterer makes of them on its own,
    # --single-story must summarise them as one story that cites both.
    (tmp_path / "a.txt").write_text("The city council voted on Monday to rebuild the old "
                                    "river bridge downtown for forty million dollars.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("A storm flooded the coastal highway and closed every "
                                    "school in the county on Tuesday.\n", encoding="utf-8")
    together = CliRunner().invoke(app, ["brief", str(tmp_path), "--single-story", "--words",
                                        "40", "--format", "json"])
    assert together.exit_code == 0, together.output
    story, = json.loads(together.stdout)["stories"]
    assert story["article_count"] == 2
    assert sum(len(s["text"].split()) for s in story["summary"]) <= 40
    cited = {a for s in story["summary"] for a in s["citations"]}
    assert len(cited) == 2, story["summary"]  # both reports fit in 40 words: both are said
    assert {"bridge", "storm"} <= set(" ".join(s["text"] for s in story["summary"]).lower()
                                      .replace(".", " ").split())


def test_as_one_story_keeps_every_event():
    from storyline.model import Event, Story
    from storyline.pipeline import as_one_story

    a = Story("s1", "A", (Event("e1", "A", "2024-01-02", ("x", "y")),))
    b = Story("s2", "B", (Event("e2", "B", "2024-01-01", ("z",)),))
    one, = as_one_story([a, b])
    assert one.id == "s1" and [e.id for e in one.events] == ["e2", "e1"]
    assert set(one.article_ids) == {"x", "y", "z"}
    assert as_one_story([a]) == [a] and as_one_story([]) == []


def test_cli_llm_fallback_note(example_dir):
    from tests.llm_server import RecordedServer, Reply

    server = RecordedServer([Reply(content="I cannot do that.")]).start()
    try:
        result = CliRunner().invoke(app, ["brief", str(example_dir), "--format", "json",
                                          "--llm", server.url, "--llm-model", "m"])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    story = json.loads(result.stdout)["stories"][0]
    assert story["summary_method"]["method"] == "extractive"
    assert "not the JSON asked for" in story["summary_method"]["fallback"]
    assert "note: LLM summary not used" in result.stderr


def test_lexicon_check_counts_loaded_words_per_thousand(tmp_path):
    from storyline.evaluation.summaries import lexicon_check

    path = tmp_path / "slant.clusters.jsonl"
    path.write_text(json.dumps({
        "id": "s", "title": "Senate passes budget", "summary": "The Senate passed the budget.",
        "articles": [{"title": "Dems slam massive budget", "text": "Furious Dems slammed it."}]})
        + "\n", encoding="utf-8")
    check = lexicon_check(path)
    assert check.neutral_summaries == 0 and check.neutral_titles == 0
    assert check.outlet_titles == pytest.approx(1000 * 3 / 4)  # dems, slam, massive
    assert check.outlet_texts == pytest.approx(1000 * 3 / 4)  # furious, dems, slammed
    assert check.by_category["framing verbs"][0] > 0
