"""``storyline watch``: poll due feeds, store new articles, update stories; repeat.

A **round** polls every due feed (:func:`storyline.live.poll.poll_feed`), then
updates the stories the new articles touch (:func:`storyline.live.update.
update_stories`). :func:`watch` runs rounds until stopped, sleeping until the next
feed is due. Everything a round does is committed as it goes, so Ctrl-C (or a
crash, or a power cut after the last commit) at any point loses nothing and a new
``watch`` continues: due feeds are still due, stored articles are skipped, articles
not yet clustered are clustered by the next update.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from storyline.errors import StorylineError
from storyline.fetch import Fetcher, FetchPolicy
from storyline.live.feedlist import due_feeds, next_due_in, now_utc
from storyline.live.polite import Politeness
from storyline.live.poll import PollResult, poll_feed
from storyline.live.update import UpdateResult, update_stories
from storyline.store import Store

DEFAULT_INTERVAL = 15 * 60.0
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """'15m', '1h', '90s', '2d' or a number of seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not m:
        raise StorylineError(f"cannot read interval {text!r} (try 15m, 1h, 90s)")
    seconds = float(m.group(1)) * _UNITS[m.group(2) or "s"]
    if seconds < 1:
        raise StorylineError(f"interval {text!r} is shorter than a second")
    return seconds


@dataclass
class RoundResult:
    polls: list[PollResult] = field(default_factory=list)
    update: UpdateResult = field(default_factory=UpdateResult)
    seconds: float = 0.0  # the whole round
    update_seconds: float = 0.0  # of which clustering and briefs

    @property
    def new(self) -> int:
        return sum(len(p.new) for p in self.polls)

    @property
    def failed(self) -> list[PollResult]:
        return [p for p in self.polls if p.error is not None and p.error.kind != "empty"]

    @property
    def not_modified(self) -> int:
        return sum(1 for p in self.polls if p.status == 304)


Report = Callable[[str, int, int], None]  # (what, done, total): progress


def make_fetcher(policy: FetchPolicy, *, host_delay: float = 1.0, robots: bool = True,
                 **kwargs: object) -> Fetcher:
    """The safe client with robots.txt and the per-host rate limit in front."""
    fetcher = Fetcher(policy, **kwargs)  # type: ignore[arg-type]
    Politeness(user_agent="storyline", host_delay=host_delay, respect_robots=robots
               ).attach(fetcher)
    return fetcher


def poll_round(store: Store, fetcher: Fetcher, *, interval: float = DEFAULT_INTERVAL,
               force: bool = False, fetch_pages: bool = True, update: bool = True,
               words: int = 120, embedder: object | None = None,
               progress: Report | None = None) -> RoundResult:
    """Poll the due feeds (every feed with ``force``), then update the stories."""
    started = time.monotonic()
    result = RoundResult()
    feeds = due_feeds(store, now_utc(), force=force)
    for n, feed in enumerate(feeds, start=1):
        result.polls.append(poll_feed(store, fetcher, feed, interval=interval,
                                      fetch_pages=fetch_pages))
        if progress:
            progress("feeds", n, len(feeds))
    if update:
        begun = time.monotonic()
        result.update = update_stories(store, embedder=embedder,  # type: ignore[arg-type]
                                       words=words, progress=progress)
        result.update_seconds = time.monotonic() - begun
    result.seconds = time.monotonic() - started
    return result


def watch(store: Store, fetcher: Fetcher, *, interval: float = DEFAULT_INTERVAL,
          once: bool = False, force: bool = False, words: int = 120,
          progress: Report | None = None,
          on_round: Callable[[RoundResult], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> RoundResult:
    """Run rounds until interrupted (one with ``once``); returns the last round."""
    while True:
        result = poll_round(store, fetcher, interval=interval, force=force, words=words,
                            progress=progress)
        if on_round:
            on_round(result)
        if once:
            return result
        force = False
        wait = next_due_in(store, now_utc())
        sleep(min(interval, wait if wait is not None else interval) + 0.5)
