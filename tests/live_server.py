"""A local HTTP server for live-mode tests and the live benchmark (loopback only).

``FeedServer`` is a threaded ``http.server`` on 127.0.0.1 with an ephemeral port. Each
path maps to a route (a function that writes the response); every request is recorded
(path and headers) so tests can check what the client sent. Misbehaving routes (slow,
endless, bombs) are bounded in time on the server side too, so a client bug cannot
leave a thread spinning.
"""

from __future__ import annotations

import gzip
import http.server
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

Handler = http.server.BaseHTTPRequestHandler
Route = Callable[[Handler], None]


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        server = self

        class _Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in separate writes: without TCP_NODELAY, Nagle's
            # algorithm and the client's delayed ACK add ~40 ms to every response
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                with server.lock:
                    server.seen.append(Seen(self.path, {k.lower(): v for k, v in
                                                        self.headers.items()}))
                route = server.routes.get(self.path.split("?", 1)[0])
                try:
                    if route is None:
                        send(self, 404, b"<html><body>not found</body></html>", "text/html")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        class _Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hangs up (a cut-off endless body) is expected

        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests_to(self, path: str) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if s.path == path]

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- routes ----------------------------------------------------------------------------


def send(h: Handler, status: int, body: bytes, content_type: str,
         headers: dict[str, str] | None = None) -> None:
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def static(body: bytes | str, content_type: str = "application/rss+xml", status: int = 200,
           etag: str | None = None, gzipped: bool = False) -> Route:
    """A fixed answer; with ``etag``, a 304 when the client sends it back."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    modified = formatdate(time.time() - 3600, usegmt=True)

    def route(h: Handler) -> None:
        if etag and h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        headers = {"ETag": etag, "Last-Modified": modified} if etag else {}
        payload = data
        if gzipped and "gzip" in (h.headers.get("Accept-Encoding") or ""):
            payload = gzip.compress(data)
            headers["Content-Encoding"] = "gzip"
        send(h, status, payload, content_type, headers)
    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(h: Handler) -> None:
        send(h, status, b"", "text/html", {"Location": location})
    return route


def slow(delay: float, body: bytes = b"<rss></rss>") -> Route:
    """Headers only after ``delay`` seconds."""
    def route(h: Handler) -> None:
        time.sleep(delay)
        send(h, 200, body, "application/rss+xml")
    return route


def drip(seconds: float, every: float = 0.1) -> Route:
    """A body that trickles one byte at a time (each under any read timeout)."""
    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b'<?xml version="1.0"?>')
        h.wfile.flush()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(every)
    return route


def endless(limit_seconds: float = 20.0) -> Route:
    """A chunked body that never ends (until the client leaves or the time is up)."""
    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"<item>" + b"x" * 65000 + b"</item>"
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        head = b'<?xml version="1.0"?>'
        h.wfile.write(f"{len(head):x}\r\n".encode() + head + b"\r\n")
        end = time.monotonic() + limit_seconds
        while time.monotonic() < end:
            h.wfile.write(frame)
        h.close_connection = True
    return route


def gzip_bomb(decoded_mb: int = 200) -> Route:
    """A small gzip body that inflates to ``decoded_mb`` MB of spaces inside an XML feed."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [z.compress(b'<?xml version="1.0"?><rss><channel><title>')]
    block = b" " * (1 << 20)
    parts.extend(z.compress(block) for _ in range(decoded_mb))
    parts.append(z.compress(b"</title></channel></rss>") + z.flush())
    payload = b"".join(parts)

    def route(h: Handler) -> None:
        send(h, 200, payload, "application/rss+xml", {"Content-Encoding": "gzip"})
    return route


# --- documents -----------------------------------------------------------------------


def rss(title: str, items: list[dict[str, str]]) -> str:
    """An RSS 2.0 document; item keys: guid, link, title, date (RFC 822), description,
    content (full text, as content:encoded)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           f"<channel><title>{_esc(title)}</title><link>http://example.org/</link>"]
    for it in items:
        out.append("<item>")
        for key, tag in (("title", "title"), ("link", "link"), ("guid", "guid"),
                         ("date", "pubDate"), ("description", "description")):
            if it.get(key):
                out.append(f"<{tag}>{_esc(it[key])}</{tag}>")
        if it.get("content"):
            out.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out)


def atom(title: str, entries: list[dict[str, str]]) -> str:
    """An Atom document; entry keys: id, link, title, updated (ISO), summary, content."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{_esc(title)}</title><id>urn:test:{_esc(title)}</id>",
           "<updated>2024-05-02T10:00:00Z</updated>"]
    for e in entries:
        out.append(f"<entry><id>{_esc(e['id'])}</id><title>{_esc(e['title'])}</title>"
                   f"<link href=\"{_esc(e['link'])}\"/><updated>{e['updated']}</updated>")
        if e.get("summary"):
            out.append(f"<summary>{_esc(e['summary'])}</summary>")
        if e.get("content"):
            out.append(f"<content type=\"html\">{_esc(e['content'])}</content>")
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out)


def article_page(title: str, paragraphs: list[str], site: str = "Example News",
                 date: str = "2024-05-02") -> str:
    body = "\n".join(f"<p>{_esc(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{_esc(title)}</title>"
            f"<meta property=\"og:site_name\" content=\"{_esc(site)}\">"
            f"<meta property=\"article:published_time\" content=\"{date}\"></head>"
            f"<body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
            f"<article><h1>{_esc(title)}</h1>{body}</article>"
            f"<footer>Copyright {_esc(site)}</footer></body></html>")


def _esc(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
