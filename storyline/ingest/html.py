"""HTML pages to articles, with trafilatura.

trafilatura does the main-content extraction (its cascade is documented and
measured: see docs/cleaning.md for our numbers on the extraction benchmark); this
module only maps its result and metadata onto :class:`~storyline.model.Article`.
Our own line rules (``storyline.clean``) run after it, on the extracted text.
"""

from __future__ import annotations

from storyline.ingest.files import UnreadableInput
from storyline.model import Article, Evidence

# trafilatura's precision mode scores higher on the benchmark than its default
# (F1 0.959 vs 0.953 with trafilatura 2.3), mostly by dropping link lists.
_EXTRACT_OPTIONS = {
    "with_metadata": True,
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
}


def read_html(html: str, *, article_id: str, origin: str, url: str | None = None) -> Article:
    """Extract the article in an HTML page; raise UnreadableInput if there is none."""
    try:
        import trafilatura
    except ImportError as exc:  # a core dependency, but say how to fix a broken env
        raise UnreadableInput("HTML support needs trafilatura: pip install trafilatura") from exc
    try:
        doc = trafilatura.bare_extraction(html, url=url, **_EXTRACT_OPTIONS)
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        raise UnreadableInput(f"HTML could not be parsed ({type(exc).__name__})") from exc
    if doc is None or not (doc.text or "").strip():
        raise UnreadableInput("no article text found in the HTML page")
    text = doc.text.strip()
    published = doc.date or None
    return Article(
        id=article_id,
        raw_text=text,
        text=text,
        title=(doc.title or None),
        source=(doc.sitename or None),
        published=published,
        url=(doc.url or url or None),
        author=(doc.author or None),
        language=(doc.language or None),
        origin=origin,
        format="html",
        source_evidence=(
            Evidence("metadata", f"site name in the page metadata: {doc.sitename!r}")
            if doc.sitename else None
        ),
        published_evidence=(
            Evidence("metadata", f"publication date in the page metadata: {published}")
            if published else None
        ),
    )
