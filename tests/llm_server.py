"""A tiny OpenAI-compatible chat-completions server on loopback, for tests.

It answers each POST with the next recorded reply (status, body, delay), records
every request it received, and never touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the assistant message (wrapped as a chat completion)
    raw: str | None = None  # or a raw body, sent as is
    delay: float = 0.0


def chat(content: str) -> str:
    return json.dumps({"id": "x", "object": "chat.completion", "model": "test",
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": content}}]})


@dataclass
class RecordedServer:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> RecordedServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode("utf-8")
                owner.requests.append({"path": self.path, "headers": dict(self.headers),
                                       "body": json.loads(body) if body else None})
                reply = owner.replies.pop(0) if owner.replies else Reply(500, raw="no reply")
                if reply.delay:
                    time.sleep(reply.delay)
                data = (reply.raw if reply.raw is not None else chat(reply.content or "")
                        ).encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
