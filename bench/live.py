"""Live mode throughput: poll 200 local feeds of 20 items each, twice.

A local server (its own process, loopback, ephemeral port) serves feeds generated
from Timeline17 articles (``../shared/data/t17``): half of them carry the full text
(content:encoded), half only a one-sentence teaser, so that the article page (also
served) is fetched and extracted with trafilatura. The client is the real one
(:func:`storyline.live.watch.make_fetcher`: address checks, robots.txt, rate limit
set to 0 for one host serving 200 "outlets").

Printed, each beside a baseline run on the same articles in the same process:

* round 1 (every item new): seconds, articles ingested per second (fetch, parse,
  page fetch + extraction for teasers, clean + infer, one transaction per article);
* round 2 (nothing new, every feed answers 304): seconds;
* baselines: ``feedparser.parse`` alone on the same feed bytes (no network, no
  storage), and ``storyline ingest``'s path without clustering (``read_paths`` of a
  JSONL file of the same articles with full text + ``prepare`` + ``upsert_articles``).

With ``--update`` the round also clusters the new articles and writes their briefs
(``update_stories``); that is dominated by embedding every sentence, see bench/README.md.

    python bench/live.py [--feeds 200] [--items 20] [--update] [--db FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import sys
import tempfile
import time
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live_server import FeedServer, article_page, rss, static  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "t17"


def load_articles(n: int) -> list[dict[str, str]]:
    """``n`` T17 articles with a title (first sentence), date and paragraphs."""
    out: list[dict[str, str]] = []
    for path in sorted(DATA.glob("*/articles.json.gz")):
        with gzip.open(path) as fh:
            records = json.load(fh)
        for a in records:
            text = " ".join((a.get("text") or "").split())
            if len(text.split()) < 200:
                continue
            sentences = text.split(" . ")
            title = " ".join(sentences[0].split()[:14])
            paragraphs = [" . ".join(sentences[i:i + 3]) + " ."
                          for i in range(0, len(sentences), 3)]
            out.append({"id": f"{path.parent.name}-{a['uid']}", "title": title,
                        "date": a["dct"][:10], "paragraphs": paragraphs,
                        "sentences": sentences})
            if len(out) == n:
                return out
    raise SystemExit(f"only {len(out)} long T17 articles found, {n} needed")


def feed_documents(articles: list[dict], feeds: int, items: int, base: str
                   ) -> tuple[dict[str, str], dict[str, str]]:
    """(path -> feed XML, path -> page HTML): even feeds full text, odd feeds teasers."""
    docs, pages = {}, {}
    for f in range(feeds):
        entries = []
        for a in articles[f * items:(f + 1) * items]:
            when = format_datetime(datetime.fromisoformat(a["date"] + "T12:00:00+00:00"))
            link = f"{base}/a/{a['id']}"
            paragraphs = a["paragraphs"]
            item = {"guid": f"urn:t17:{a['id']}", "link": link, "title": a["title"],
                    "date": when, "description": a["sentences"][0] + " ..."}
            if f % 2 == 0:
                item["content"] = "".join(f"<p>{p}</p>" for p in paragraphs)
            else:
                pages[f"/a/{a['id']}"] = article_page(a["title"], paragraphs,
                                                      site=f"Outlet {f}", date=a["date"])
            entries.append(item)
        docs[f"/feed/{f}"] = rss(f"Outlet {f}", entries)
    return docs, pages


def serve(articles: list[dict], feeds: int, items: int, conn) -> None:  # type: ignore[no-untyped-def]
    """The server process: binds, builds the documents with its own address, serves."""
    with FeedServer() as server:
        docs, pages = feed_documents(articles, feeds, items, f"http://{server.origin}")
        for path, xml in docs.items():
            server.routes[path] = static(xml, etag=f'"{len(xml):x}-{path.rsplit("/", 1)[1]}"',
                                         gzipped=True)
        for path, html in pages.items():
            server.routes[path] = static(html, "text/html", gzipped=True)
        conn.send(server.port)
        conn.recv()  # until the parent is done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--update", action="store_true", help="also cluster and brief")
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()
    if not DATA.exists():
        print(f"data not found: {DATA}", file=sys.stderr)
        raise SystemExit(2)

    from storyline.fetch import FetchPolicy
    from storyline.ingest import read_paths
    from storyline.live.feedlist import add_feeds
    from storyline.live.watch import make_fetcher, poll_round
    from storyline.pipeline import prepare
    from storyline.store import Store

    n = args.feeds * args.items
    articles = load_articles(n)
    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=serve, args=(articles, args.feeds, args.items, child),
                                   daemon=True)
    proc.start()
    port = parent.recv()
    base = f"http://127.0.0.1:{port}"
    docs, pages = feed_documents(articles, args.feeds, args.items, base)

    tmp = Path(tempfile.mkdtemp(prefix="storyline-live-bench-"))
    db = args.db or tmp / "live.db"
    print(f"{args.feeds} feeds x {args.items} items = {n} articles "
          f"({len(pages)} teaser pages), database {db}")
    with Store(db) as store:
        store.db.execute("PRAGMA synchronous=NORMAL")
        add_feeds(store, [f"{base}{p}" for p in docs])
        with make_fetcher(FetchPolicy(allow_private=True), host_delay=0) as fetcher:
            rounds = []
            for r in (1, 2):
                cpu = time.process_time()
                result = poll_round(store, fetcher, force=True, update=args.update)
                rounds.append((result, time.process_time() - cpu))
                print(f"round {r}: {result.seconds:7.2f} s wall, {rounds[-1][1]:7.2f} s CPU "
                      f"(client process), {result.new} new, {result.not_modified} not "
                      f"modified, {len(result.failed)} failed, "
                      f"{sum(p.pages for p in result.polls)} pages fetched; update "
                      f"(clustering + briefs of {len(result.update.changes)} stories) "
                      f"{result.update_seconds:.2f} s")
        stored = store.article_count()

    # baseline 1: feedparser alone on the same bytes
    import feedparser

    started, cpu = time.perf_counter(), time.process_time()
    entries = sum(len(feedparser.parse(x.encode()).entries) for x in docs.values())
    parse_s, parse_cpu = time.perf_counter() - started, time.process_time() - cpu
    # baseline 2: the file ingest path on the same articles (full text), no clustering
    jsonl = tmp / "articles.jsonl"
    with jsonl.open("w") as fh:
        for a in articles:
            fh.write(json.dumps({"id": a["id"], "title": a["title"],
                                 "text": "\n\n".join(a["paragraphs"]),
                                 "published": a["date"], "source": "T17"}) + "\n")
    started, cpu = time.perf_counter(), time.process_time()
    with Store(tmp / "file.db") as fstore:
        fstore.db.execute("PRAGMA synchronous=NORMAL")
        fstore.upsert_articles(prepare(read_paths([jsonl]).articles))
    file_s, file_cpu = time.perf_counter() - started, time.process_time() - cpu
    parent.send("stop")
    proc.join(timeout=5)

    (first, first_cpu), (second, second_cpu) = rounds
    print(f"\nstored {stored} articles ({n} expected)")
    print(f"{'':34}{'wall s':>9}{'CPU s':>9}{'articles/s':>12}")
    print(f"{'live round 1 (all new)':34}{first.seconds:9.2f}{first_cpu:9.2f}"
          f"{first.new / first.seconds:12.1f}")
    print(f"{'live round 2 (all 304)':34}{second.seconds:9.2f}{second_cpu:9.2f}{'':>12}"
          f"   {second.seconds / args.feeds * 1000:.1f} ms per feed")
    print(f"{'baseline: feedparser.parse only':34}{parse_s:9.2f}{parse_cpu:9.2f}"
          f"{entries / parse_s:12.1f}")
    print(f"{'baseline: JSONL ingest (no fetch)':34}{file_s:9.2f}{file_cpu:9.2f}"
          f"{n / file_s:12.1f}")
    print(f"\nround 1 / JSONL ingest: {first.seconds / file_s:.2f}x the wall time, "
          f"{first_cpu / file_cpu:.2f}x the CPU; round 2 / round 1: "
          f"{second.seconds / first.seconds:.4f}; round 1 / feedparser alone: "
          f"{first.seconds / parse_s:.1f}x")


if __name__ == "__main__":
    main()
