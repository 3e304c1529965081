"""The command line, with exact outputs where they are stable."""

import json
import shutil
import sys

import pytest

from storyline import __version__, cli


def invoke(capsys, *args):
    """Run the CLI as the console script does; return (exit code, stdout, stderr)."""
    old = sys.argv
    sys.argv = ["storyline", *map(str, args)]
    try:
        cli.run()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old
    out = capsys.readouterr()
    return code, out.out, out.err


def test_version(capsys):
    assert invoke(capsys, "--version") == (0, f"storyline {__version__}\n", "")


@pytest.fixture(scope="module")
def db(tmp_path_factory, example_dir):
    path = tmp_path_factory.mktemp("db") / "news.db"
    from typer.testing import CliRunner

    result = CliRunner().invoke(cli.app, ["ingest", str(example_dir), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_ingest_is_idempotent(capsys, db, example_dir):
    code, out, err = invoke(capsys, "ingest", example_dir, "--db", db)
    assert code == 0 and out == ""
    assert err == f"0 added, 0 updated, 5 unchanged; 1 story in {db}\n"


def test_ingest_with_nothing_new_starts_no_ner(capsys, db, example_dir, monkeypatch):
    """Stored articles have their mentions stored: loading spaCy again would be waste."""
    import storyline.mentions

    started = []
    monkeypatch.setattr(storyline.mentions, "start_worker", lambda: started.append(1))
    code, _, _ = invoke(capsys, "ingest", example_dir, "--db", db)
    assert code == 0 and started == []


def test_stories_table_exact(capsys, db):
    code, out, err = invoke(capsys, "stories", "--db", db)
    assert code == 0 and err == ""
    assert out == (
        "id                dates                   articles  independent  title\n"
        "story-adaf2673ff  2022-03-21..2022-04-12  5         4            "
        "Russia Says It Will Not Pause Military Operation in Ukraine During Pe…\n")


def test_stories_json(capsys, db):
    code, out, _ = invoke(capsys, "stories", "--db", db, "--format", "json")
    assert code == 0
    [row] = json.loads(out)
    assert row["id"] == "story-adaf2673ff" and row["article_count"] == 5
    assert row["outlets"] == ["Antiwar.com", "The Epoch Times", "Washington Examiner"]


def test_show_renders_the_stored_brief_like_brief_does(capsys, db, example_dir):
    code, shown, _ = invoke(capsys, "show", "story-adaf", "--db", db, "--format", "json")
    assert code == 0
    _, fresh, _ = invoke(capsys, "brief", example_dir, "--format", "json")
    assert json.loads(shown)["stories"] == json.loads(fresh)["stories"]


def test_brief_to_file(capsys, tmp_path, example_dir):
    target = tmp_path / "out.html"
    code, out, err = invoke(capsys, "brief", example_dir, "--format", "html", "-o", target)
    assert code == 0 and out == "" and err == f"wrote {target}\n"
    assert target.read_text().startswith("<!doctype html>")


@pytest.mark.parametrize("name, start", [("out.html", "<!doctype html>"),
                                         ("out.json", '{\n  "format_version"'),
                                         ("out.md", "# "), ("out.txt", "# ")])
def test_output_suffix_picks_the_format(capsys, db, tmp_path, name, start):
    target = tmp_path / name
    code, _, _ = invoke(capsys, "show", "story-adaf", "--db", db, "-o", target)
    assert code == 0 and target.read_text().startswith(start)


def test_format_md_is_markdown_and_beats_the_suffix(capsys, db, tmp_path):
    target = tmp_path / "brief.html"
    _, markdown, _ = invoke(capsys, "show", "story-adaf", "--db", db, "--format", "markdown")
    code, _, _ = invoke(capsys, "show", "story-adaf", "--db", db, "--format", "md", "-o", target)
    assert code == 0 and target.read_text() == markdown


@pytest.mark.parametrize("args, message", [
    (["stories", "--db", "{tmp}/none.db"],
     "error: no database at {tmp}/none.db (create one with `storyline ingest PATH --db "
     "{tmp}/none.db`)\n"),
    (["brief", "{tmp}/empty"],
     "error: no articles found in {tmp}/empty (storyline reads .txt, .html, .json, .jsonl and "
     "RSS/Atom files)\n"),
    (["show", "nope", "--db", "{db}"],
     "error: no story 'nope' in {db} (list them with `storyline stories --db {db}`)\n"),
])
def test_user_errors_are_one_line(capsys, tmp_path, db, args, message):
    (tmp_path / "empty").mkdir()
    fill = {"tmp": tmp_path, "db": db}
    code, out, err = invoke(capsys, *[a.format(**fill) for a in args])
    assert (code, out, err) == (1, "", message.format(**fill))


def test_missing_input_is_reported_then_fails(capsys, tmp_path):
    code, _, err = invoke(capsys, "brief", tmp_path / "missing.txt")
    assert code == 1
    assert err.splitlines() == [f"skipped: {tmp_path}/missing.txt: no such file or folder",
                                "1 input(s) skipped",
                                f"error: no articles found in {tmp_path}/missing.txt "
                                "(storyline reads .txt, .html, .json, .jsonl and RSS/Atom files)"]


def test_bad_option_is_a_usage_error(capsys, example_dir):
    code, _, err = invoke(capsys, "brief", example_dir, "--words", "0")
    assert code == 2 and "--words" in err and "Traceback" not in err


def test_bad_files_do_not_stop_a_brief(capsys, tmp_path, example_dir):
    folder = tmp_path / "mixed"
    shutil.copytree(example_dir, folder)
    (folder / "empty.txt").write_text("")
    (folder / "broken.jsonl").write_text("{nope\n")
    code, out, err = invoke(capsys, "brief", folder, "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["stories"][0]["article_count"] == 5
    assert {p["reason"] for p in doc["problems"]} == {
        "empty file", "broken JSON line (Expecting property name enclosed in double quotes at "
                      "column 2)"}
    assert "2 input(s) skipped" in err


def test_html_escapes_article_content(capsys, tmp_path):
    hostile = {"id": "x<y", "title": "<script>alert(1)</script> &amp; more",
               "url": "javascript:alert(1)", "source": "<b>Evil</b>",
               "text": "A long enough sentence about <script>alert(2)</script> and more words "
                       "so that it is a summary candidate for the brief."}
    (tmp_path / "h.jsonl").write_text(json.dumps(hostile) + "\n")
    code, out, _ = invoke(capsys, "brief", tmp_path / "h.jsonl", "--format", "html")
    assert code == 0
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; more" in out
    assert 'href="javascript:' not in out
    assert "&lt;b&gt;Evil&lt;/b&gt;" in out


def test_one_article_is_counted_in_the_singular(capsys, tmp_path):
    (tmp_path / "one.txt").write_text("A title\n\nThe council approved the new budget on "
                                      "Tuesday after a long debate about schools.\n")
    code, out, _ = invoke(capsys, "brief", tmp_path / "one.txt")
    assert code == 0 and "1 article · 1 independent report · 1 event" in out
