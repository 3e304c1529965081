"""Web app throughput and latency: story and search endpoints vs a /healthz baseline.

Loads the pooled NeuS train articles into a database through the library (the same
calls as `storyline ingest`), starts `storyline serve` as its own process on loopback,
and drives it from this process for --duration seconds per target with wrk (Debian
`wrk`; preferred: C, light on the shared cores) or, when wrk is missing, an asyncio
httpx client. Each run prints requests/s and p50/p99 latency beside the baseline run on
the same server: GET /healthz (routing + JSON, no database).

Targets: story = /stories/ID (HTML) and /api/v1/stories/ID (JSON), alternating over a
sample of story ids; search = /search?q=W and /api/v1/search?q=W over words sampled from
article titles. Goal (issue 7): >= 200 requests/s with p99 < 100 ms on 2 cores.

    python bench/web.py [--data ../shared/data/neus/train.clusters.jsonl] [--db FILE]
                        [--duration 30] [--connections 8] [--client auto|wrk|httpx]
                        [--stories gold|pipeline] [--build-only] [--workers 1]

The database is built once and reused (bench/results/ is gitignored); building it
embeds every sentence of 7k articles, which takes minutes: the time of each step is
printed. By default the stories are the data file's own clusters, each briefed by the
pipeline (--stories pipeline clusters as `storyline ingest` does: hours at this size).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "neus" / "train.clusters.jsonl"
DEFAULT_DB = ROOT / "bench" / "results" / "neus-train.db"
SAMPLE = 200  # story ids and search words each target cycles through


def gold_stories(data: Path, articles: dict[str, Any]) -> list[Any]:
    """One story per cluster of the data file (its own grouping, one event each)."""
    from storyline.model import Event, Membership, Story

    stories = []
    for line in data.read_text(encoding="utf-8").splitlines():
        cluster = json.loads(line)
        ids = tuple(a["id"] for a in cluster["articles"] if a["id"] in articles)
        if ids:
            members = tuple(Membership(i, "cluster of the data file") for i in ids)
            title = cluster.get("title") or articles[ids[0]].title or ids[0]
            stories.append(Story(f"story-{cluster['id']}", title,
                                 (Event(f"event-{cluster['id']}", title, None, ids, members),)))
    return stories


def build_db(data: Path, db: Path, stories: str) -> dict[str, float]:
    """Ingest ``data`` into ``db`` through the library; seconds per step.

    ``stories="pipeline"`` clusters as `storyline ingest` does (batch average link: its
    cost grows with n^3, hours for 7k articles on 2 cores); ``"gold"`` takes the data
    file's own clusters as stories and briefs each with the pipeline (sentences,
    embeddings, support, summary), so the served pages are real briefs either way.
    """
    from storyline.brief import brief_to_dict
    from storyline.embed import get_embedder
    from storyline.ingest import read_paths
    from storyline.pipeline import _embed_sentences, analyse, brief_story, prepare
    from storyline.sentences import split_batch
    from storyline.store import Store

    db.parent.mkdir(parents=True, exist_ok=True)
    times: dict[str, float] = {}
    t = time.perf_counter()
    with Store(db) as store:
        ingested = read_paths([data])
        articles = prepare(ingested.articles)
        store.upsert_articles(articles)
        times["read + clean + infer + store"] = time.perf_counter() - t
        t = time.perf_counter()
        if stories == "pipeline":
            briefs = analyse(store.articles())
        else:
            by_id = {a.id: a for a in articles}
            sentences = split_batch(articles)
            vectors = _embed_sentences(sentences, get_embedder(), None)
            times["sentences + embed"] = time.perf_counter() - t
            t = time.perf_counter()
            briefs = [brief_story(s, by_id, sentences, vectors)
                      for s in gold_stories(data, by_id)]
        times[f"briefs ({stories} stories)"] = time.perf_counter() - t
        t = time.perf_counter()
        store.replace_stories([brief_to_dict(b) for b in briefs])
        times["store briefs (+ search index, history)"] = time.perf_counter() - t
    return times


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--db", str(db),
                             "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"server failed: {proc.stderr.read().decode()[-500:]}") from None
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start in 60 s")


def sample_paths(db: Path, seed: int = 7) -> dict[str, list[str]]:
    import sqlite3

    con = sqlite3.connect(db)
    ids = [r[0] for r in con.execute("SELECT id FROM stories ORDER BY id")]
    titles = [r[0] for r in con.execute("SELECT title FROM articles WHERE title IS NOT NULL")]
    con.close()
    rng = random.Random(seed)
    story_ids = rng.sample(ids, min(SAMPLE, len(ids)))
    words = sorted({w.lower() for t in titles for w in re.findall(r"[A-Za-z]{5,}", t)})
    search_words = rng.sample(words, min(SAMPLE, len(words)))
    story = [p for i in story_ids for p in (f"/stories/{quote(i)}", f"/api/v1/stories/{quote(i)}")]
    search = [p for w in search_words for p in (f"/search?q={w}", f"/api/v1/search?q={w}")]
    listing = [p for o in range(0, min(len(ids), 2000), 20)
               for p in (f"/?offset={o}", f"/api/v1/stories?offset={o}")]
    return {"baseline /healthz": ["/healthz"], "story (page + API)": story,
            "search (page + API)": search, "stories list (page + API)": listing}


LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(base: str, paths: list[str], duration: int, connections: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA % ", ".join(json.dumps(p) for p in paths))
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency",
                              "-s", f.name, base], capture_output=True, text=True,
                             check=True).stdout
    finally:
        os.unlink(f.name)
    pct = dict(re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore
            "p50": _ms(pct["50"]), "p99": _ms(pct["99"]),
            "requests": float(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore
            "errors": float(errors.group(1)) if errors else 0.0}


def run_httpx(base: str, paths: list[str], duration: int, connections: int
              ) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0

    async def worker(client: httpx.AsyncClient, start: int, stop_at: float) -> None:
        nonlocal errors
        i = start
        while time.perf_counter() < stop_at:
            t = time.perf_counter()
            r = await client.get(paths[i % len(paths)])
            latencies.append((time.perf_counter() - t) * 1000)
            errors += r.status_code >= 300
            i += connections

    async def main() -> float:
        limits = httpx.Limits(max_connections=connections)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
            t = time.perf_counter()
            await asyncio.gather(*(worker(client, k, t + duration) for k in range(connections)))
            return time.perf_counter() - t

    elapsed = asyncio.run(main())
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": latencies[len(latencies) // 2],
            "p99": latencies[int(len(latencies) * 0.99)], "requests": float(len(latencies)),
            "errors": float(errors)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--db", type=Path, default=DEFAULT_DB)
    ap.add_argument("--duration", type=int, default=30)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto")
    ap.add_argument("--stories", choices=["gold", "pipeline"], default="gold",
                    help="how to group articles into stories when building the db")
    ap.add_argument("--build-only", action="store_true", help="build the db and stop")
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    args = ap.parse_args()
    client = args.client if args.client != "auto" else ("wrk" if shutil.which("wrk")
                                                         else "httpx")
    if not args.db.exists():
        if not args.data.exists():
            print(f"data not found at {args.data}", file=sys.stderr)
            sys.exit(2)
        print(f"building {args.db} from {args.data} ...", flush=True)
        t = time.perf_counter()
        for step, seconds in build_db(args.data, args.db, args.stories).items():
            print(f"  {step}: {seconds:.1f} s")
        print(f"  total: {time.perf_counter() - t:.1f} s", flush=True)
    if args.build_only:
        return
    import sqlite3

    con = sqlite3.connect(args.db)
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    n_stories = con.execute("SELECT count(*) FROM stories").fetchone()[0]
    con.close()
    load = os.getloadavg()
    print(f"db: {n_articles} articles, {n_stories} stories; {args.workers} server "
          f"worker(s); client {client}, "
          f"{args.connections} connections, {args.duration} s per target; "
          f"{os.cpu_count()} CPUs, load average before {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f}", flush=True)
    port = free_port()
    server = start_server(args.db, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    runner = run_wrk if client == "wrk" else run_httpx
    try:
        results = {}
        for name, paths in sample_paths(args.db).items():
            runner(base, paths, 2, args.connections)  # warm-up: caches, connections
            results[name] = runner(base, paths, args.duration, args.connections)
            r = results[name]
            print(f"  {name}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, "
                  f"p99 {r['p99']:.1f} ms ({r['requests']:.0f} requests, "
                  f"{r['errors']:.0f} errors)", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    baseline = results["baseline /healthz"]
    print(f"\n| target ({args.connections} connections, {client}, {args.workers} worker(s)) "
          "| req/s | p50 ms | "
          "p99 ms | req/s vs baseline | goal >= 200 req/s, p99 < 100 ms |")
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        goal = "-" if name.startswith("baseline") else (
            "met" if r["rps"] >= 200 and r["p99"] < 100 else "missed")
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
              f"{r['rps'] / baseline['rps']:.2f} | {goal} |")
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          "(other processes on the machine share its cores)")


if __name__ == "__main__":
    main()
