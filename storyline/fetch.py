"""Fetching URLs from the open internet without being turned against the machine.

A feed list is data from elsewhere (an OPML file, a feed's links, a page's
redirects), so every URL is treated as hostile. :class:`Fetcher` is the one way
storyline reads the network, and it enforces, on **every hop** of a redirect chain:

* **scheme**: only ``http`` and ``https`` (no ``file:``, ``ftp:``, ``gopher:``...);
* **address**: the host name is resolved here (``getaddrinfo``) and *every* address
  it resolves to must be a public unicast address (:func:`address_problem`):
  loopback, private, shared (CGNAT), link-local, multicast, reserved, unspecified,
  documentation ranges, IPv4 wrapped in IPv6 (mapped, 6to4, Teredo) and the cloud
  metadata addresses are refused, unless the policy allows private addresses
  (``--allow-private``, for tests and intranets) or names that exact ``host:port``
  in ``allow_hosts``;
* **pinning**: the request is sent to the address that was checked (the URL's host
  is replaced by the IP; the ``Host`` header and the TLS server name, which the
  certificate is verified against, keep the real name), so a DNS answer that
  changes between the check and the connection (DNS rebinding) cannot redirect it;
* **redirects**: followed by hand, at most ``max_redirects``, loops detected, each
  new location checked as above before anything is sent to it;
* **size and time**: connect and read timeouts, an overall deadline for the whole
  chain, a cap on raw bytes read and on decoded bytes, and a cap on the decoded /
  raw ratio (a gzip bomb stops at the cap, it is never inflated in full);
* **content type**: a feed must be XML/RSS/Atom/JSON/text and must not look like an
  HTML page; an article page must be HTML.

Environment proxies are ignored (``trust_env=False``): a proxy would make the address
checks meaningless. What is *not* covered is listed in docs/live.md.

httpx (the ``live`` extra) is imported lazily; a missing install raises
:class:`~storyline.errors.MissingExtra` with the fix.
"""

from __future__ import annotations

import concurrent.futures
import ipaddress
import os
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from storyline import __version__
from storyline.errors import StorylineError, require

LIVE_EXTRA = "storyline[live]"


def _user_agent() -> str:
    """Who is polling, for the site owner: the software and version, and the contact
    (a URL or an e-mail address) the person running it gives in ``STORYLINE_CONTACT``.
    The project has no fixed home page to name instead, and naming one the operator
    does not control would send complaints to the wrong place."""
    contact = os.environ.get("STORYLINE_CONTACT", "").strip()
    return f"storyline/{__version__} (news feed reader{'; +' + contact if contact else ''})"


USER_AGENT = _user_agent()

# Metadata services of cloud providers (all already non-global; named for the message).
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"): "cloud metadata service",
    ipaddress.ip_address("169.254.170.2"): "container metadata service",
    ipaddress.ip_address("100.100.100.200"): "cloud metadata service",
    ipaddress.ip_address("fd00:ec2::254"): "cloud metadata service",
    ipaddress.ip_address("192.0.0.192"): "cloud metadata service",
}

FEED_TYPES = ("xml", "rss", "atom", "rdf", "json")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
Kind = Literal["feed", "page", "robots"]


class FetchError(StorylineError):
    """A fetch that was refused or failed; ``kind`` groups the reasons for status pages.

    kinds: ``blocked`` (scheme or address refused), ``robots``, ``dns``, ``network``,
    ``timeout``, ``http`` (status >= 400), ``redirect`` (too many, loop, no location),
    ``too_large`` (raw cap), ``bomb`` (decoded cap or ratio), ``content_type``.
    """

    def __init__(self, kind: str, reason: str, url: str, status: int | None = None) -> None:
        super().__init__(f"{reason} ({url})")
        self.kind, self.reason, self.url, self.status = kind, reason, url, status


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch. The defaults suit public news feeds and pages."""

    allow_private: bool = False
    allow_hosts: frozenset[str] = frozenset()  # "host:port" exempt from the address check
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0  # seconds for the whole redirect chain, body included
    max_bytes: int = 8_000_000  # raw bytes read from the socket
    max_decoded: int = 16_000_000  # bytes after Content-Encoding is undone
    max_ratio: float = 50.0  # decoded / raw, checked once past 1 MB decoded
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL, after redirects
    status: int  # 200..299, or 304 when a conditional request found nothing new
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    redirects: tuple[str, ...] = ()
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# --- addresses ---------------------------------------------------------------------


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address must not be fetched from, or None for a public unicast address."""
    if ip in METADATA_ADDRESSES:
        return METADATA_ADDRESSES[ip]
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:  # judge the IPv4 address it carries
            why = address_problem(inner)
            return f"{why} (inside {ip})" if why else None
    for test, name in ((ip.is_unspecified, "unspecified"), (ip.is_loopback, "loopback"),
                       (ip.is_link_local, "link-local"), (ip.is_multicast, "multicast"),
                       (ip.is_reserved, "reserved"), (ip.is_private, "private")):
        if test:
            return name
    if not ip.is_global:  # shared address space (CGNAT), benchmarking, ...
        return "not a public address"
    return None


_resolver_pool = concurrent.futures.ThreadPoolExecutor(4, thread_name_prefix="dns")


def resolve(host: str, port: int, timeout: float) -> list[str]:
    """The addresses ``host`` resolves to (IP literals resolve to themselves).

    getaddrinfo has no timeout of its own, so it runs on a small pool and is abandoned
    (not cancelled: the thread finishes by itself) when ``timeout`` passes.
    """
    future = _resolver_pool.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=max(timeout, 0.01))
    except concurrent.futures.TimeoutError:
        raise TimeoutError(f"resolving {host} took longer than {timeout:.1f} s") from None
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in seen:
            seen.append(address)
    return seen


# --- decoding ----------------------------------------------------------------------


class _Decoder:
    """Undoes one Content-Encoding chunk by chunk, never producing more than the cap."""

    def __init__(self, encoding: str, url: str, policy: FetchPolicy) -> None:
        self.encoding, self.url, self.policy = encoding, url, policy
        self.raw = 0
        self.decoded = 0
        self._z: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(wbits=31)

    def feed(self, chunk: bytes) -> bytes:
        self.raw += len(chunk)
        if not self.encoding or self.encoding == "identity":
            return self._count(chunk)
        if self._z is None:  # deflate: zlib-wrapped as the RFC says, raw as some send
            wrapped = len(chunk) >= 2 and chunk[0] & 0x0F == 8 and \
                (chunk[0] << 8 | chunk[1]) % 31 == 0
            self._z = zlib.decompressobj(wbits=15 if wrapped else -15)
        out = bytearray()
        data = chunk
        while data and not self._z.eof:
            room = self.policy.max_decoded - self.decoded - len(out) + 1
            try:
                out += self._z.decompress(data, room)
            except zlib.error as exc:
                raise FetchError("network", f"corrupt {self.encoding} body ({exc})",
                                 self.url) from None
            self._check(self.decoded + len(out))
            data = self._z.unconsumed_tail
        return self._count(bytes(out))

    def _count(self, out: bytes) -> bytes:
        self.decoded += len(out)
        self._check(self.decoded)
        return out

    def _check(self, decoded: int) -> None:
        if decoded > self.policy.max_decoded:
            raise FetchError("bomb", f"decoded body larger than {self.policy.max_decoded:,} "
                                     f"bytes (from {self.raw:,} bytes on the wire)", self.url)
        if decoded > 1_000_000 and decoded > self.policy.max_ratio * max(self.raw, 1):
            raise FetchError("bomb", f"compression ratio over {self.policy.max_ratio:.0f}:1 "
                                     f"({decoded:,} bytes from {self.raw:,}): a "
                                     "decompression bomb?", self.url)


# --- content types -------------------------------------------------------------------


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def _looks_like_feed(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) or start.startswith(b"{")


def check_content(kind: Kind, content_type: str, head: bytes, url: str) -> None:
    """Refuse a body that is not what was asked for (by its type, then by its first bytes)."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if kind == "feed":
        if mime == "text/html" or _looks_like_html(head):
            if mime == "text/html" and _looks_like_feed(head) and not _looks_like_html(head):
                return  # a feed served with the wrong type: feedparser reads it fine
            raise FetchError("content_type", f"an HTML page ({mime or 'no content type'}), "
                                             "not a feed", url)
        if mime and not (mime.startswith("text/") or any(t in mime for t in FEED_TYPES)):
            raise FetchError("content_type", f"content type {mime} is not a feed", url)
    elif kind == "page":
        if mime and mime not in PAGE_TYPES:
            raise FetchError("content_type", f"content type {mime} is not an HTML page", url)
        if not mime and not _looks_like_html(head):
            raise FetchError("content_type", "no content type and not HTML", url)


# --- the client ----------------------------------------------------------------------


@dataclass
class _Target:
    url: Any  # httpx.URL
    origin: str  # "host:port"
    address: str  # the checked IP the request is sent to


@dataclass
class Fetcher:
    """The safe HTTP client (one per process; reuses connections).

    ``before_request(url)`` is called before every hop (the politeness layer's rate
    limit and robots.txt check plug in here). ``resolver`` is injectable for tests.
    """

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    before_request: Callable[[str, float], None] | None = None
    resolver: Callable[[str, int, float], list[str]] = resolve
    transport: Any = None
    requests: int = 0

    def __post_init__(self) -> None:
        self._httpx = require("httpx", "live mode's HTTP client (httpx)", LIVE_EXTRA)
        self._client = self._httpx.Client(
            transport=self.transport, trust_env=False, follow_redirects=False,
            headers={"User-Agent": self.policy.user_agent,
                     "Accept-Encoding": "gzip, deflate"})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_url(self, url: str, deadline: float) -> _Target:
        """Parse, resolve and check one URL; raise FetchError(blocked/dns) if refused."""
        httpx = self._httpx
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchError("blocked", f"not a valid URL ({exc})", url) from None
        if parsed.scheme not in ("http", "https"):
            raise FetchError("blocked", f"scheme {parsed.scheme or 'none'!r} is not allowed "
                                        "(only http and https)", url)
        host = parsed.host
        if not host:
            raise FetchError("blocked", "URL has no host", url)
        if parsed.userinfo:
            raise FetchError("blocked", "URLs with a user name or password are not fetched", url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        origin = f"{host}:{port}" if ":" not in host else f"[{host}]:{port}"
        try:
            addresses = self.resolver(host, port, deadline - time.monotonic())
        except TimeoutError as exc:
            raise FetchError("timeout", str(exc), url) from None
        except (OSError, UnicodeError) as exc:
            raise FetchError("dns", f"cannot resolve {host} ({exc})", url) from None
        if not addresses:
            raise FetchError("dns", f"{host} resolves to no address", url)
        if origin not in self.policy.allow_hosts:
            for text in addresses:
                ip = ipaddress.ip_address(text)
                why = address_problem(ip)
                # --allow-private opens private ranges, never the metadata services
                if why and (not self.policy.allow_private or ip in METADATA_ADDRESSES):
                    what = host if host == text else f"{host} resolves to {text}"
                    hint = "" if ip in METADATA_ADDRESSES else " (allow with --allow-private)"
                    raise FetchError("blocked", f"{what}: {why} address refused{hint}", url)
        return _Target(parsed, origin, addresses[0])

    def get(self, url: str, *, kind: Kind = "page", etag: str | None = None,
            last_modified: str | None = None, deadline: float | None = None) -> Fetched:
        """GET ``url`` following redirects safely; raise FetchError with the reason."""
        started = time.monotonic()
        deadline = deadline if deadline is not None else started + self.policy.deadline
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        while True:
            target = self.check_url(current, deadline)
            if self.before_request:
                self.before_request(current, deadline)
            response = self._send(target, headers, kind, deadline, current)
            if response is not None and not isinstance(response, str):
                return Fetched(**{**response, "url": current, "redirects": tuple(seen[1:]),
                                  "elapsed": time.monotonic() - started})
            location = response
            if len(seen) > self.policy.max_redirects:
                raise FetchError("redirect", f"more than {self.policy.max_redirects} "
                                             "redirects", url)
            if location in seen:
                raise FetchError("redirect", f"redirect loop back to {location}", url)
            seen.append(location)
            current = location

    def _send(self, target: _Target, headers: dict[str, str], kind: Kind, deadline: float,
              url: str) -> dict[str, Any] | str | None:
        """One hop: a dict for a final answer, a str (absolute location) for a redirect."""
        httpx = self._httpx
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError("timeout", f"deadline of {self.policy.deadline:.0f} s passed", url)
        pinned = target.url.copy_with(host=target.address)  # httpx brackets an IPv6 host
        sent = {**headers, "Host": target.url.netloc.decode("ascii")}
        if kind == "robots":
            sent.pop("If-None-Match", None)
            sent.pop("If-Modified-Since", None)
        timeout = httpx.Timeout(connect=min(self.policy.connect_timeout, left),
                                read=min(self.policy.read_timeout, left),
                                write=min(self.policy.read_timeout, left), pool=left)
        extensions = {"sni_hostname": target.url.host} if target.url.scheme == "https" else {}
        self.requests += 1
        try:
            with self._client.stream("GET", pinned, headers=sent, timeout=timeout,
                                     extensions=extensions) as response:
                status = response.status_code
                if status in (301, 302, 303, 307, 308):
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError("redirect", f"HTTP {status} without a Location", url,
                                         status)
                    return str(target.url.join(location))
                if status == 304:
                    return {"status": 304, "etag": response.headers.get("etag"),
                            "last_modified": response.headers.get("last-modified")}
                if status >= 400 or status < 200:
                    raise FetchError("http", f"HTTP {status}", url, status)
                body = self._read_body(response, kind, deadline, url)
                return {"status": status, "content": body,
                        "content_type": response.headers.get("content-type", ""),
                        "etag": response.headers.get("etag"),
                        "last_modified": response.headers.get("last-modified")}
        except FetchError:
            raise
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"timed out ({type(exc).__name__})", url) from None
        except httpx.HTTPError as exc:
            raise FetchError("network", f"{type(exc).__name__}: {exc}"[:200], url) from None

    def _read_body(self, response: Any, kind: Kind, deadline: float, url: str) -> bytes:
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if "," in encoding:
            raise FetchError("bomb", f"stacked content encodings ({encoding}) refused", url)
        if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise FetchError("network", f"unsupported content encoding {encoding!r}", url)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise FetchError("too_large", f"declared {int(declared):,} bytes, over the cap of "
                                          f"{self.policy.max_bytes:,}", url)
        decoder = _Decoder(encoding, url, self.policy)
        parts: list[bytes] = []
        checked = False
        for chunk in response.iter_raw():  # as received: a chunk size would buffer a drip
            if decoder.raw + len(chunk) > self.policy.max_bytes:
                raise FetchError("too_large", f"body larger than {self.policy.max_bytes:,} "
                                              "bytes; cut", url)
            if time.monotonic() > deadline:
                raise FetchError("timeout", f"deadline of {self.policy.deadline:.0f} s passed "
                                            f"while reading ({decoder.raw:,} bytes read)", url)
            parts.append(decoder.feed(chunk))
            if not checked and sum(map(len, parts)) >= 512:
                check_content(kind, response.headers.get("content-type", ""),
                              b"".join(parts)[:2048], url)
                checked = True
        body = b"".join(parts)
        if not checked and kind != "robots":
            check_content(kind, response.headers.get("content-type", ""), body[:2048], url)
        return body
