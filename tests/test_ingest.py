"""Reading inputs: every format, and bad input that must never stop a batch."""

import gzip
import json

from storyline.ingest import read_paths

TEXT = "A headline here\n\nThe first sentence of the body is long enough to be reporting.\n"
HTML = """<!doctype html><html><head><title>Page title</title>
<meta property="og:site_name" content="Example Gazette">
<meta name="date" content="2022-04-11"></head><body><nav>Home | World</nav>
<article><h1>Council votes to rebuild the old bridge</h1>
<p>The city council voted on Monday to rebuild the old bridge over the river, ending a
debate that had lasted for more than three years and divided the town.</p>
<p>Work will start in the spring and is expected to take eighteen months, the mayor said,
adding that a ferry would run while the bridge is closed to traffic.</p>
<p>Opponents had argued that the money would be better spent on schools and roads, and
several of them said they would keep campaigning against the plan.</p></article>
<footer>Copyright 2022</footer></body></html>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><guid>item-1</guid><title>First item</title><link>https://example.com/1</link>
<pubDate>Mon, 11 Apr 2022 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The first item has a body.&lt;/p&gt;&lt;p&gt;A second
paragraph.&lt;/p&gt;</description>
</item>
<item><guid>item-2</guid><title>Empty item</title><description></description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Times</title><entry><id>urn:1</id><title>Atom entry</title>
<updated>2022-04-12T08:00:00Z</updated><content type="html">&lt;p&gt;Body of the atom
entry.&lt;/p&gt;</content></entry></feed>"""


def test_plain_text_file_id_is_the_stem(tmp_path):
    (tmp_path / "story-1.txt").write_text(TEXT)
    result = read_paths([tmp_path])
    assert [a.id for a in result.articles] == ["story-1"]
    assert result.articles[0].raw_text == TEXT
    assert result.problems == []


def test_html_goes_through_trafilatura_with_metadata(tmp_path):
    (tmp_path / "page.html").write_text(HTML)
    [article] = read_paths([tmp_path]).articles
    assert article.format == "html"
    assert "rebuild the old bridge" in article.text
    assert "Home | World" not in article.text
    assert article.source == "Example Gazette"
    assert article.published == "2022-04-11"
    assert article.source_evidence.method == "metadata"


def test_jsonl_broken_line_is_reported_and_the_rest_read(tmp_path):
    lines = [json.dumps({"id": "a", "text": "Alpha text.", "source": "X"}), "{broken",
             json.dumps({"title": "no text"}), json.dumps({"id": "c", "text": "Gamma text."})]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines) + "\n")
    result = read_paths([tmp_path / "dump.jsonl"])
    assert [a.id for a in result.articles] == ["a", "c"]
    reasons = {p.origin.rsplit(":", 1)[1]: p.reason for p in result.problems}
    assert reasons["2"].startswith("broken JSON line")
    assert reasons["3"] == "record has no text"


def test_jsonl_without_id_gets_a_stable_content_id(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "Same text."}) + "\n")
    first = read_paths([tmp_path]).articles[0].id
    second = read_paths([tmp_path]).articles[0].id
    assert first == second and len(first) == 16


def test_cluster_files_contribute_their_articles(tmp_path):
    cluster = {"id": "c1", "title": "T", "summary": "S",
               "articles": [{"id": "x", "text": "One."}, {"id": "y", "text": "Two."}]}
    (tmp_path / "c.clusters.jsonl").write_text(json.dumps(cluster) + "\n")
    assert [a.id for a in read_paths([tmp_path]).articles] == ["x", "y"]


def test_gzipped_jsonl(tmp_path):
    with gzip.open(tmp_path / "d.jsonl.gz", "wt") as fh:
        fh.write(json.dumps({"id": "z", "text": "Zed."}) + "\n")
    assert [a.id for a in read_paths([tmp_path]).articles] == ["z"]


def test_json_list(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps([{"id": "p", "text": "P."}, 3]))
    result = read_paths([tmp_path])
    assert [a.id for a in result.articles] == ["p"]
    assert "expected a JSON object" in result.problems[0].reason


def test_rss_and_atom(tmp_path):
    (tmp_path / "feed.rss").write_text(RSS)
    (tmp_path / "feed.atom").write_text(ATOM)
    result = read_paths([tmp_path])
    by_title = {a.title: a for a in result.articles}
    rss = by_title["First item"]
    assert rss.source == "Example Wire"
    assert rss.published == "2022-04-11T10:00:00Z"
    assert rss.text == "The first item has a body.\nA second paragraph."
    assert rss.url == "https://example.com/1"
    assert by_title["Atom entry"].source == "Atom Times"
    assert [p.reason for p in result.problems if p.skipped] == ["feed entry has no text"]


def test_feed_ids_are_stable_when_text_changes(tmp_path):
    (tmp_path / "f.rss").write_text(RSS)
    before = {a.title: a.id for a in read_paths([tmp_path]).articles}
    (tmp_path / "f.rss").write_text(RSS.replace("has a body", "has an edited body"))
    after = {a.title: a.id for a in read_paths([tmp_path]).articles}
    assert before == after


def test_bad_inputs_are_counted_and_never_stop_the_batch(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 au lait est bon.\n".encode("latin-1"))
    (tmp_path / "broken.html").write_text("<html><body><div><p>Unclosed <b>tags but a "
                                          "sentence of text that the parser recovers.")
    (tmp_path / "nothing.html").write_text("<html><body><div></div><script>x()</script>")
    (tmp_path / "bad.rss").write_text("<rss><channel><item><title>x</title></rss")
    with open(tmp_path / "huge.txt", "wb") as fh:  # sparse: 50 MB without writing it
        fh.truncate(50 * 1024 * 1024)
    result = read_paths([tmp_path, tmp_path / "missing.txt"])
    reasons = {p.origin.rsplit("/", 1)[-1]: p.reason for p in result.problems}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.txt"] == "binary file, not text"
    assert reasons["huge.txt"].startswith("file too large (50.0 MB")
    assert reasons["nothing.html"] == "no article text found in the HTML page"
    assert reasons["bad.rss"].startswith("malformed feed")
    assert reasons["bad.rss#0"] == "feed entry has no text"
    assert reasons["missing.txt"] == "no such file or folder"
    assert "invalid UTF-8" in reasons["latin.txt"]
    ids = sorted(a.id for a in result.articles)
    assert ids == ["broken", "good", "latin"]
    latin = next(a for a in result.articles if a.id == "latin")
    assert "\ufffd" in latin.raw_text and latin.warnings


def test_folder_without_articles(tmp_path):
    (tmp_path / "notes.md").write_text("# not an article in a folder scan")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    result = read_paths([tmp_path])
    assert result.articles == [] and result.files == 0


def test_same_stem_in_two_folders_gets_distinct_ids(tmp_path):
    for folder, text in (("a", "First text."), ("b", "Second text.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text)
    result = read_paths([tmp_path])
    ids = [a.id for a in result.articles]
    assert ids[0] == "x" and ids[1].startswith("x-") and len(set(ids)) == 2
    assert any("renamed" in w for w in result.articles[1].warnings)


def test_named_file_with_unknown_suffix_is_sniffed(tmp_path):
    (tmp_path / "page.download").write_text(HTML)
    [article] = read_paths([tmp_path / "page.download"]).articles
    assert article.format == "html"


def test_html_in_a_declared_legacy_charset(tmp_path):
    page = HTML.replace("<head>", '<head><meta charset="windows-1251">').replace(
        "Council votes", "Совет голосует")
    (tmp_path / "ru.html").write_bytes(page.encode("windows-1251"))
    [article] = read_paths([tmp_path]).articles
    assert "\ufffd" not in article.raw_text
    assert article.warnings == ("decoded as windows-1251, the charset the page declares",)


def test_jsonl_broken_line_reason_reads_once(tmp_path):
    # json says "Invalid control character at" (the line's newline inside an open
    # string): the reason must not say "at at"
    (tmp_path / "dump.jsonl").write_text('{"bad json\n')
    (problem,) = read_paths([tmp_path / "dump.jsonl"]).problems
    assert problem.reason == "broken JSON line (Invalid control character at column 11)"
