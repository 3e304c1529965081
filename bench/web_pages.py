"""Latency of single web pages, in process: the outlets table and a big story's JSON.

`bench/web.py` measures throughput over many stories; this times the few heavy pages
one at a time (median of --repeats calls through FastAPI's TestClient, after one warm
call), beside ``GET /healthz`` on the same app as the baseline, and prints each page's
response size. Run it twice back to back, once on a baseline checkout, to compare:

    python bench/web_pages.py --db news.db [--repeats 20] [--json out.json]
    PYTHONPATH=/tmp/base python bench/web_pages.py --db copy-of-news.db ...

The database is any written by `storyline ingest` (docs/web.md; the numbers in
bench/README.md are from the example + NeuS val + 320 Timeline17 articles). The story
timed is the one with the largest brief. Paths the checkout does not serve (404) are
reported as such.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import time
import warnings
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    import storyline
    from storyline.web import create_app

    con = sqlite3.connect(args.db)
    sid, size = con.execute("SELECT id, length(brief) FROM stories ORDER BY length(brief) "
                            "DESC LIMIT 1").fetchone()
    con.close()
    client = TestClient(create_app(args.db))
    paths = ["/healthz", "/outlets", "/api/v1/outlets", f"/api/v1/stories/{sid}",
             f"/api/v1/stories/{sid}?max_items=20", f"/api/v1/stories/{sid}/claims?limit=50",
             f"/api/v1/stories/{sid}/claims?limit=50&offset=5000", "/search?q=president"]
    print(f"storyline from {Path(storyline.__file__).parent}; story {sid} ({size:,} bytes)")
    results = {}
    for path in paths:
        first = client.get(path)
        times = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - t)
        results[path] = {"status": first.status_code, "bytes": len(first.content),
                         "median_ms": statistics.median(times) * 1000}
    base = results["/healthz"]["median_ms"]
    for path, r in results.items():
        print(f"{path:60} {r['status']} {r['bytes']:>10,} B {r['median_ms']:8.1f} ms "
              f"{r['median_ms'] / base:8.1f}x healthz")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
