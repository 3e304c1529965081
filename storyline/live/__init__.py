"""Live mode: follow feeds, fetch new articles safely, keep stories up to date.

* :mod:`storyline.fetch` is the safe HTTP client (address checks on every hop, size,
  time, decompression and content-type limits);
* :mod:`.polite`: robots.txt and the per-host rate limit in front of it;
* :mod:`.feedlist`: the feeds a database follows, their state, OPML in and out;
* :mod:`.poll`: one feed polled, each new entry stored once (full text when the feed
  holds a teaser);
* :mod:`.update`: new articles clustered incrementally, touched stories re-briefed,
  what changed logged per story;
* :mod:`.watch`: rounds of polls and updates (``storyline watch``).

See docs/live.md.
"""
