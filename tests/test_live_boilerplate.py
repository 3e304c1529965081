"""An outlet's boilerplate is cut across polls: a tiny inline feed polled several times."""

from __future__ import annotations

from storyline.clean.outlet_memory import (
    WINDOW,
    ArticleRecord,
    OutletMemory,
    cut_remembered_boilerplate,
    record_of,
)
from storyline.fetch import Fetched
from storyline.live.boilerplate import load_memory, save_memory
from storyline.live.feedlist import add_feeds
from storyline.live.poll import poll_feed
from storyline.migrations import MIGRATIONS
from storyline.model import Article
from storyline.store import Store

FEED = "http://planet.example/rss"
PROMO = ("Hopes for a negotiated settlement remain alive despite the regional tensions, "
         "says our correspondent in the capital.")
SUBJECTS = ["the harbour bridge", "the grain market", "the rail strike", "the flood barrier",
            "the school budget", "the coastal wind farm", "the hospital merger"]


def _body(n: int, subject: str) -> list[str]:
    words = " ".join(f"detail{n}x{i}" for i in range(30))
    return [f"Officials in the city announced changes to {subject} on day {n}, after weeks "
            f"of debate among residents and businesses. The council met to discuss {subject} "
            f"and its costs for the year ahead, with {words}.",
            f"Critics of the plan for {subject} said the city had moved too slowly, and "
            f"several councillors asked for a public hearing before the final vote on day {n}. "
            f"A spokesman for the mayor said the timetable for {subject} would not change.",
            PROMO]


def _rss(items: list[tuple[int, str]]) -> bytes:
    entries = "".join(
        f"<item><guid>planet-{n}</guid><link>http://planet.example/a{n}</link>"
        f"<title>Story {n} about {subject}</title>"
        f"<description><![CDATA[{''.join(f'<p>{p}</p>' for p in _body(n, subject))}]]>"
        f"</description></item>" for n, subject in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Daily Planet</title>'
            f"<link>http://planet.example/</link>{entries}</channel></rss>").encode()


class _Feed:
    """A fetcher whose feed gains one new item on each poll (newest first)."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str]] = []

    def get(self, url: str, **_: object) -> Fetched:
        return Fetched(url, 200, _rss(self.items[::-1]), "application/rss+xml")


def test_a_promo_is_cut_once_the_outlet_printed_it_in_five_articles(tmp_path):
    fetcher = _Feed()
    with Store(tmp_path / "live.db") as store:
        assert store.schema_version == len(MIGRATIONS)
        add_feeds(store, [FEED])
        for n, subject in enumerate(SUBJECTS):
            fetcher.items.append((n, subject))
            feed = {"url": FEED, "etag": None, "last_modified": None}
            result = poll_feed(store, fetcher, feed, interval=60, fetch_pages=False)
            assert len(result.new) == 1  # one new article a poll
        articles = sorted(store.articles(), key=lambda a: a.title or "")
        cut = [[s for s in a.removed if s.rule == "outlet-boilerplate"] for a in articles]
    # the first four polls cannot know; from the fifth article on, the promo goes
    assert [len(c) for c in cut] == [0, 0, 0, 0, 1, 1, 1]
    for a, spans in zip(articles[4:], cut[4:], strict=True):
        [span] = spans
        assert span.text == PROMO and a.raw_text[span.start:span.end] == PROMO
        assert span.reason.startswith("outlet boilerplate: repeated in ")
        assert "Daily Planet" in span.reason or "planet.example" in span.reason
        assert PROMO not in a.text and "spokesman for the mayor" in a.text
    assert all(PROMO in a.text for a in articles[:4])


def test_the_memory_survives_a_restart_and_a_repeated_poll_counts_once(tmp_path):
    fetcher = _Feed()
    path = tmp_path / "live.db"
    for n, subject in enumerate(SUBJECTS[:5]):
        fetcher.items.append((n, subject))
        with Store(path) as store:  # a new process each poll
            if n == 0:
                add_feeds(store, [FEED])
            feed = {"url": FEED, "etag": None, "last_modified": None}
            poll_feed(store, fetcher, feed, interval=60, fetch_pages=False)
            poll_feed(store, fetcher, feed, interval=60, fetch_pages=False)  # nothing new
    with Store(path) as store:
        rows = store.db.execute("SELECT count(*) FROM outlet_sentences").fetchone()[0]
        last = max(store.articles(), key=lambda a: a.title or "")
    assert rows == 5
    assert [s.rule for s in last.removed if s.rule == "outlet-boilerplate"] == [
        "outlet-boilerplate"]


def _article(n: int, subject: str, source: str = "Daily Planet") -> Article:
    text = "\n\n".join(_body(n, subject))
    return Article(f"a{n}", text, text, source=source)


def test_a_sentence_inside_the_reporting_or_in_a_copy_is_not_boilerplate():
    inner = "The council met in the old town hall."
    window = []
    for n, subject in enumerate(SUBJECTS[:6]):
        first, second, _ = _body(n, subject)
        text = f"{first} {inner} More reporting on day {n}.\n\n{second}"
        window.append(record_of(Article(f"a{n}", text, text, source="P"), f"2024-05-0{n + 1}"))
    text = f"{_body(9, 'x')[0]} {inner} More.\n\n{_body(9, 'x')[1]}"
    article = Article("new", text, text, source="P")
    assert cut_remembered_boilerplate(article, window) == article
    # five versions of one story (copies) make no sentence of it boilerplate
    copies = [record_of(_article(1, "the harbour bridge", "P"), f"t{i}") for i in range(6)]
    copies = [ArticleRecord(f"c{i}", r.seen_at, r.units) for i, r in enumerate(copies)]
    again = _article(1, "the harbour bridge", "P")
    assert cut_remembered_boilerplate(again, copies) == again


def test_the_memory_serialises_and_merges_by_union(tmp_path):
    one, two = OutletMemory(), OutletMemory()
    records = [record_of(_article(n, s), f"2024-05-0{n + 1}") for n, s in enumerate(SUBJECTS)]
    for r in records[:4]:
        one.add("daily planet", r)
    for r in records[2:]:
        two.add("daily planet", r)
    merged = one.merge(two)
    assert [r.article_id for r in merged.window("daily planet")] == [f"a{n}" for n in range(7)]
    assert OutletMemory.from_dict(merged.to_dict()).to_dict() == merged.to_dict()
    assert merged.merge(merged).to_dict() == merged.to_dict()  # idempotent
    # the window keeps an outlet's newest WINDOW articles
    big = OutletMemory()
    for i in range(WINDOW + 3):
        big.add("x", ArticleRecord(f"id{i:04d}", f"{i:06d}", ()))
    assert len(big.window("x")) == WINDOW and big.window("x")[0].article_id == "id0003"
    # and the store round-trips it
    with Store(tmp_path / "m.db") as store:
        save_memory(store, merged)
        assert load_memory(store).to_dict() == merged.to_dict()
