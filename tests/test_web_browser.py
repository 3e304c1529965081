"""End to end in real headless Chromium (Debian's ``chromium``, driven by Playwright).

The example is ingested into a fresh database exactly as ``storyline ingest`` does, the
server runs on a free loopback port in a thread, and a browser with a fresh profile
reads the story: opens a citation and sees the source sentence, searches, and follows
the feed link. Screenshots of the story page go to ``test-artifacts/`` (gitignored).
Skips, saying why, when Chromium or Playwright is missing. Never downloads a browser.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
# The machine's network is closed; without these Chromium stalls on background fetches.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.slow


def _require_browser() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium; "
                    "`make test` installs it when run as root)")
    pytest.importorskip("playwright.sync_api",
                        reason="Playwright is not installed (pip install -e '.[test]')")
    pytest.importorskip("uvicorn", reason="the web extra is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory, example_dir):
    """Base URL of a live server over a database ingested from the example."""
    _require_browser()
    import uvicorn
    from typer.testing import CliRunner

    from storyline import cli
    from storyline.web import create_app

    db = tmp_path_factory.mktemp("e2e") / "news.db"
    result = CliRunner().invoke(cli.app, ["ingest", str(example_dir), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _require_browser()
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data-dir
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1100, "height": 900})
        context.set_default_timeout(15_000)
        yield context
        context.close()


def _story_url(page, server: str) -> str:
    page.goto(server + "/")
    link = page.locator("ol.stories h2 a").first
    assert "Russia" in link.inner_text()
    return server + link.get_attribute("href")


def test_click_a_citation_and_read_the_source_sentence(browser, server):
    import httpx

    page = browser.new_page()
    page.goto(_story_url(page, server))
    story_id = page.url.rsplit("/", 1)[1]
    summary = httpx.get(f"{server}/api/v1/stories/{story_id}").json()["story"]["summary"]
    cite = page.locator("ul.summary details.cite").nth(1)
    quotes = cite.locator("blockquote.source")
    quote = quotes.first
    assert not quote.is_visible()
    cite.locator("summary").click()
    assert quote.is_visible()
    shown = [q.inner_text() for q in quotes.all() if q.is_visible()]
    assert len(shown) == len(summary[1]["sources"]) >= 2
    for source in summary[1]["sources"]:  # each cited article's own sentence is shown
        assert any(source["text"] in text for text in shown), source
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "story.png"), full_page=True)
    # the cited source opens on its article page, audit included
    quote.locator("a").click()
    page.wait_for_url("**/articles/**")
    assert page.locator("div.audit").first.is_visible()
    page.close()


def test_story_page_on_a_phone(browser, server):
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(_story_url(page, server))
    page.locator("ul.summary details.cite summary").first.click()
    # nothing wider than the screen: the page never scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "story-phone.png"), full_page=True)
    page.close()


def test_search(browser, server):
    page = browser.new_page()
    page.goto(server + "/")
    page.get_by_role("searchbox", name="Search stories and articles").fill("Peskov")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=Peskov")
    assert page.locator("mark").first.inner_text().lower() == "peskov"
    page.locator("#hits-stories ~ ol a").first.click()
    page.wait_for_url("**/stories/**")
    assert page.locator("h1").inner_text().startswith("Russia")
    page.close()


def test_follow_the_feed_link(browser, server):
    page = browser.new_page()
    page.goto(server + "/")
    title = page.locator("ol.stories h2 a").first.inner_text()
    with page.expect_response(lambda r: r.url.endswith("/feed.atom")) as info:
        page.get_by_role("link", name="Atom feed of new and updated stories").click()
    response = info.value
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert title in response.text() and "<entry>" in response.text()
    page.close()


def test_filter_by_outlet(browser, server):
    page = browser.new_page()
    page.goto(server + "/")
    page.get_by_label("Outlet").select_option("Antiwar.com")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**outlet=Antiwar.com**")
    assert page.locator("ol.stories li.card").count() == 1
    page.close()


def test_chromium_is_listed_for_ci():
    """`make test` installs the browser in CI (the Makefile's DEB_PACKAGES)."""
    makefile = (ROOT / "Makefile").read_text()
    line = next(x for x in makefile.splitlines() if x.startswith("DEB_PACKAGES"))
    assert "chromium" in line.split()
