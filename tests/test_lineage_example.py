"""Golden test on the bundled example, EXPECTED.md point 3: one wire story behind four
articles, told apart from independent reporting, with the origin named where the text
names it. Nothing here names a file's content; the assertions are about structure."""

from __future__ import annotations

from tests.test_golden_example import A000, A001, A002, A003, A004, _articles, _story


def _groups(doc):  # type: ignore[no-untyped-def]
    return _story(doc)["lineage"]


def test_the_two_rewrites_of_one_copy_are_one_report(example_doc) -> None:
    rewrites = [g for g in _groups(example_doc) if g["kind"] == "rewrite"]
    assert [sorted(g["article_ids"]) for g in rewrites] == [[A002, A003]]
    group = rewrites[0]
    assert group["origin"] is None  # neither text names the wire it follows
    aligned = [e for e in group["evidence"] if e["type"] == "aligned"]
    assert len(aligned) >= 4, "many sentence pairs, not one topical match"
    order = [(int(e["sentence_id"].split("#")[1]), int(e["other_sentence_id"].split("#")[1]))
             for e in aligned]
    assert order == sorted(order) and len({j for _, j in order}) == len(order), "in order"
    summary = next(e for e in group["evidence"] if e["type"] == "overlap")
    assert summary["score"] >= 0.5


def test_reuters_is_named_where_the_texts_name_it(example_doc) -> None:
    cites = [g for g in _groups(example_doc) if g["kind"] == "cites"]
    assert [(g["origin"], sorted(g["article_ids"])) for g in cites] == \
        [("Reuters", [A000, A001, A004])]
    raw = {a.id: a.raw_text for a in _raw_articles()}
    cues = [e for e in cites[0]["evidence"] if e["type"] == "cue"]
    assert {e["article_id"] for e in cues} == {A000, A001, A004}
    for e in cues:
        assert raw[e["article_id"]][e["start"]:e["end"]] == e["text"]
        assert "Reuters" in e["text"]
    assert {e["cue"] for e in cues} == {"according-to", "credit"}
    # the shared Reuters quote passage of 000 and 001 is shown as an aligned pair
    shared = [e for e in cites[0]["evidence"] if e["type"] == "aligned"]
    assert any({e["article_id"], e["other_article_id"]} == {A000, A001} for e in shared)


def test_independent_reports_are_counted(example_doc) -> None:
    story = _story(example_doc)
    assert story["article_count"] == 5
    assert story["independent_count"] == 4  # 002 and 003 are one report; citing is not copying
    assert not [g for g in story["lineage"] if g["kind"] == "copy"]
    notes = {n["article_id"]: n for n in story["lineage_notes"]}
    assert set(notes) == set(_articles(example_doc))
    assert {notes[a]["status"] for a in (A002, A003)} == {"rewrite"}
    for a in (A000, A001, A004):
        assert notes[a]["status"] == "independent"
        assert "names Reuters" in notes[a]["reason"]


def test_brief_weighs_facts_by_independent_reports(example_run) -> None:
    brief = example_run.briefs[0]
    assert brief.independent_weight([A002, A003]) == 1.0
    assert brief.independent_weight([A000, A001, A002, A003]) == 3.0


def test_renderers_show_the_lineage(example_doc) -> None:
    from storyline.render import render

    md = render(example_doc, "markdown")
    assert "5 articles · 4 independent reports" in md
    assert "- rewrites of an unnamed original: [" in md and "- cite Reuters: [" in md
    assert "lineage (rewrite):" in md
    html = render(example_doc, "html")
    assert "cite Reuters" in html and "lineage (independent):" in html


def _raw_articles():  # type: ignore[no-untyped-def]
    from storyline.ingest import read_paths
    from tests.conftest import EXAMPLE

    return read_paths([EXAMPLE]).articles


def test_lineage_command(capsys, example_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.test_cli import invoke

    code, out, err = invoke(capsys, "lineage", example_dir, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["article_count"] == 5 and doc["independent_count"] == 4
    assert sorted((g["kind"], g["origin"]) for g in doc["lineage"]) == [
        ("cites", "Reuters"), ("rewrite", None)]
    code, out, _ = invoke(capsys, "lineage", example_dir)
    assert code == 0 and out.startswith("5 articles, 4 independent reports\n")
    assert "rewrites of an unnamed original: " in out and "Articles:" in out
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, _, err = invoke(capsys, "lineage", empty)
    assert code == 1 and "error: no articles found" in err
