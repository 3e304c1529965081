"""Politeness: robots.txt and a per-host rate limit, in front of every request.

:class:`Politeness` plugs into :class:`storyline.fetch.Fetcher` as ``before_request``,
so every hop of every fetch (feeds, article pages, redirects) is checked.

robots.txt is read with the standard library's ``urllib.robotparser`` from bytes that
the same safe client fetched (never through robotparser's own ``read()``, which would
bypass the address checks). Its status is interpreted as RFC 9309 says: 2xx, the
rules; 4xx, no rules (everything allowed); 5xx, a network error or a timeout, the
site is "unreachable" and nothing is fetched from it until the cache entry expires
(a shorter time than for a real answer). Entries are cached per origin
(scheme, host, port). A ``Crawl-delay`` raises the host's interval (capped).
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from storyline.fetch import Fetcher, FetchError

ROBOTS_MAX_BYTES = 512_000  # RFC 9309 asks crawlers to read at least 500 KiB
ROBOTS_TTL = 24 * 3600.0
ROBOTS_UNREACHABLE_TTL = 600.0
MAX_CRAWL_DELAY = 30.0


@dataclass
class _Rules:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    expires: float
    unreachable: str | None = None  # why nothing may be fetched


@dataclass
class Politeness:
    """Rate limit (``host_delay`` seconds between requests to one host) and robots.txt."""

    user_agent: str = "storyline"
    host_delay: float = 1.0
    respect_robots: bool = True
    sleep: object = time.sleep
    _next: dict[str, float] = field(default_factory=dict)
    _delay: dict[str, float] = field(default_factory=dict)
    _rules: dict[str, _Rules] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    fetcher: Fetcher | None = None

    def attach(self, fetcher: Fetcher) -> Fetcher:
        """Make ``fetcher`` call this before every request."""
        self.fetcher = fetcher
        fetcher.before_request = self.before_request
        return fetcher

    def before_request(self, url: str, deadline: float) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if self.respect_robots and parts.path != "/robots.txt":
            self._check_robots(url, parts.scheme, parts.netloc.lower(), deadline)
        self._wait(host, deadline, url)

    def _wait(self, host: str, deadline: float, url: str) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next.get(host, 0.0))
            self._next[host] = at + self._delay.get(host, self.host_delay)
        if at > now:
            if at > deadline:
                raise FetchError("timeout", f"rate limit for {host} would pass the deadline",
                                 url)
            self.sleep(at - now)  # type: ignore[operator]

    def _check_robots(self, url: str, scheme: str, netloc: str, deadline: float) -> None:
        origin = f"{scheme}://{netloc}"
        rules = self._rules.get(origin)
        if rules is None or rules.expires < time.monotonic():
            # while robots.txt itself is fetched (and redirected), its own hops pass
            self._rules[origin] = _Rules(None, time.monotonic() + 60.0)
            rules = self._load(origin, deadline)
            self._rules[origin] = rules
        if rules.unreachable:
            raise FetchError("robots", f"robots.txt of {netloc} is unreachable "
                                       f"({rules.unreachable}): not fetching (RFC 9309)", url)
        if rules.parser is not None and not rules.parser.can_fetch(self.user_agent, url):
            raise FetchError("robots", f"robots.txt of {netloc} disallows this URL", url)

    def _load(self, origin: str, deadline: float) -> _Rules:
        assert self.fetcher is not None, "attach() a fetcher first"
        now = time.monotonic()
        try:
            got = self.fetcher.get(f"{origin}/robots.txt", kind="robots", deadline=deadline)
        except FetchError as exc:
            if exc.kind == "http" and exc.status is not None and 400 <= exc.status < 500:
                return _Rules(None, now + ROBOTS_TTL)
            if exc.kind in ("blocked", "too_large", "bomb", "redirect"):
                # the fetch itself is refused later with its own reason; a robots.txt that
                # is too big or redirects badly counts as no rules
                return _Rules(None, now + ROBOTS_UNREACHABLE_TTL)
            return _Rules(None, now + ROBOTS_UNREACHABLE_TTL, unreachable=exc.reason)
        parser = urllib.robotparser.RobotFileParser()
        text = got.content[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        delay = parser.crawl_delay(self.user_agent)
        if delay:
            host = (urlsplit(origin).hostname or "").lower()
            # a Crawl-delay may slow us down, never speed us up past --host-delay
            self._delay[host] = max(self.host_delay, min(float(delay), MAX_CRAWL_DELAY))
        return _Rules(parser, now + ROBOTS_TTL)
