"""Make docs/screenshot-story.png: the example story in the web app, one citation open.

Ingests examples/lavrov-talks into a temporary database, serves it on a free
loopback port, opens the story page in headless Chromium (Playwright) and saves
the top of the page (1000 x 1600 CSS pixels). Needs `pip install -e '.[test]'`
and Debian's chromium.

    python docs/screenshot.py [--output docs/screenshot-story.png]
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the repository
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot-story.png")
    args = parser.parse_args()
    import uvicorn
    from playwright.sync_api import sync_playwright
    from typer.testing import CliRunner

    from storyline import cli
    from storyline.web import create_app

    db = Path(tempfile.mkdtemp()) / "news.db"
    done = CliRunner().invoke(cli.app, ["ingest", str(ROOT / "examples" / "lavrov-talks"),
                                        "--db", str(db)])
    if done.exit_code != 0:
        raise SystemExit(done.output)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1600})
        page.goto(f"http://127.0.0.1:{port}/")
        page.locator("a[href^='/stories/']").first.click()
        page.locator("ul.summary details.cite").nth(1).locator("summary").click()
        page.screenshot(path=str(args.output))
        browser.close()
    server.should_exit = True
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
