"""Unit tests of the read queries' helpers, ratings CSV and the CLI commands of issue 7."""

import sys

import pytest
from typer.testing import CliRunner

from storyline import cli
from storyline.catalog import BadQuery, audit_segments, fts_query, parse_day, parse_time
from storyline.errors import MissingExtra, StorylineError
from storyline.model import Article
from storyline.ratings import parse_ratings
from storyline.store import Store


def test_fts_query_quotes_every_word():
    assert fts_query('Lavrov "talks" AND NEAR(x') == '"Lavrov" "talks" "AND" "NEAR" "x"*'
    assert fts_query("Ла́вров café") == '"Лавров" "cafe"*'  # accents dropped, as the index does
    with pytest.raises(BadQuery):
        fts_query(" ?! ")


def test_dates_and_times():
    assert parse_day("2022-04-11", "from") == "2022-04-11" and parse_day("", "from") is None
    with pytest.raises(BadQuery, match="from must be a date"):
        parse_day("11/04/2022", "from")
    assert parse_time("2022-04-11") == "2022-04-11T00:00:00+00:00"
    assert parse_time("2022-04-11T10:00:00+02:00") == "2022-04-11T08:00:00+00:00"
    assert parse_time("2022-04-11T10:00:00.123Z") == "2022-04-11T10:00:00+00:00"
    with pytest.raises(BadQuery):
        parse_time("yesterday")


def test_audit_segments_cover_the_raw_text_once():
    raw = "TITLE\nBody one.\nCAPTION\nBody two.\n"
    removed = [{"start": 0, "end": 5, "reason": "title line", "rule": "title"},
               {"start": 16, "end": 23, "reason": "photo caption", "rule": "photo-caption"},
               {"start": 16, "end": 23, "reason": "duplicated caption", "rule": "dup"},
               {"start": 50, "end": 60, "reason": "out of range", "rule": "x"}]
    segs = audit_segments(raw, removed)
    assert "".join(s["text"] for s in segs) == raw
    assert [s["kind"] for s in segs] == ["removed", "kept", "removed", "kept"]
    assert segs[2]["reasons"] == ["photo caption", "duplicated caption"]


def test_ratings_csv():
    table = parse_ratings("\ufeffOutlet;Lean;Reliability\nA;left;high\n\n;x;y\na;right;low\n")
    assert table.columns == ["Lean", "Reliability"]
    assert table.rows == {"a": {"Lean": "right", "Reliability": "low"}}
    assert any("repeated" in w for w in table.warnings)
    assert any("no outlet" in w for w in table.warnings)
    for bad, message in (("", "empty"), ("name,lean\nA,left\n", "column named 'outlet'"),
                         ("outlet,lean\n", "no rows")):
        with pytest.raises(StorylineError, match=message):
            parse_ratings(bad)


def test_ratings_import_command(tmp_path):
    db = tmp_path / "r.db"
    with Store(db) as store:
        store.upsert_articles([Article(id="a", raw_text="x", text="x", source="Daily Planet")])
    csv = tmp_path / "ratings.csv"
    csv.write_text("outlet,lean,owner\ndaily planet,centre,Perry White\nOther,left,\n")
    result = CliRunner().invoke(cli.app, ["ratings", "import", str(csv), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "2 outlet ratings imported (lean, owner); 1 match outlets" in result.output
    from storyline.catalog import outlets

    with Store(db) as store:
        page = outlets(store)
    assert page["ratings_columns"] == ["lean", "owner"]
    assert page["items"][0]["ratings"] == {"lean": "centre", "owner": "Perry White"}


def test_ratings_import_errors_are_one_line(tmp_path, capsys, monkeypatch):
    db = tmp_path / "r.db"
    Store(db).close()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"outlet,lean\n\xff\xfe,x\n")
    for args, message in (([str(bad)], "ratings must be UTF-8"),
                          ([str(tmp_path / "none.csv")], "cannot read")):
        monkeypatch.setattr(sys, "argv", ["storyline", "ratings", "import", *args, "--db",
                                          str(db)])
        with pytest.raises(SystemExit) as exit_:
            cli.run()
        assert exit_.value.code == 1
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1


def test_serve_without_a_database_is_a_user_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["storyline", "serve", "--db", str(tmp_path / "no.db")])
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    assert exit_.value.code == 1 and "no database at" in capsys.readouterr().err


def test_missing_web_extra_says_how_to_install(tmp_path, monkeypatch):
    from storyline.web import create_app

    monkeypatch.setitem(sys.modules, "fastapi", None)  # import fastapi -> ImportError
    with pytest.raises(MissingExtra, match=r"pip install 'storyline\[web\]'"):
        create_app(tmp_path / "x.db")


def test_snippet_marks_whole_words_and_the_last_as_a_prefix():
    from storyline.catalog import MARK_END as E
    from storyline.catalog import MARK_START as S
    from storyline.catalog import snippet

    text = ("Intro words here. " * 10) + "Lavrov said talks continue; Lavrova is someone else."
    out = snippet(text, ["said", "Lavr"])
    assert out.startswith("…") and f"{S}Lavrov{E} {S}said{E}" in out
    assert f"{S}Lavrova{E}" in out  # prefix of the last word
    assert snippet("Nothing matches.", ["zebra"]) == "Nothing matches."
    assert f"{S}said{E}" not in snippet("unsaid words", ["said", "x"])  # whole words only


def test_common_words_rank_the_most_recent_matches(tmp_path, monkeypatch):
    from storyline import search

    monkeypatch.setattr(search, "RECENT_CANDIDATES", 3)
    monkeypatch.setattr(search, "RANKED", 2)
    with Store(tmp_path / "s.db") as store:
        for i in range(6):  # a1 mentions the word most, but it is the oldest
            text = "Zebra " * (5 if i == 1 else 1) + f"article {i}."
            store.upsert_articles([Article(id=f"a{i}", raw_text=text, text=text)])
        first = search.search(store, "zebra", limit=2)
        assert first["articles"]["total"] == 6
        assert {a["id"] for a in first["articles"]["items"]} <= {"a3", "a4", "a5"}
        deep = search.search(store, "zebra", limit=2, offset=4)  # deeper: all are ranked
        assert len(deep["articles"]["items"]) == 2
        everything = search.search(store, "zebra", limit=6)
        assert everything["articles"]["items"][0]["id"] == "a1"
