"""Renderers: a brief document (JSON-shaped dict) to JSON, Markdown or HTML."""

from __future__ import annotations

from typing import Any

from storyline.brief import dumps
from storyline.errors import StorylineError

FORMATS = ("markdown", "md", "json", "html")


def render(doc: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return dumps(doc)
    if fmt in ("markdown", "md"):
        from storyline.render.markdown import document_markdown

        return document_markdown(doc)
    if fmt == "html":
        from storyline.render.html import document_html

        return document_html(doc)
    raise StorylineError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
