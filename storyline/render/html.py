"""Briefs as a standalone HTML page: no external assets, no JavaScript.

Each summary citation opens (``<details>``) the cited sentences of every source,
so a reader checks a claim without leaving the page. Jinja2 autoescaping is on:
titles and texts from articles can never inject markup, and only http(s) URLs
become links.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from storyline.render.common import (
    citation_numbers,
    date_label,
    date_span,
    entity_groups,
    evidence_text,
    lineage_heading,
    lineage_notes,
    outlets,
    quotes_by_speaker,
    single_by_article,
)

STATUSES = [("conflict", "Where they contradict each other"), ("agreed", "Agreed by all"),
            ("partial", "Reported by several"), ("single", "Reported by one outlet only")]


def safe_url(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _numbers(story: dict[str, Any], ids: list[str]) -> list[int]:
    """The Sources-list numbers of the cited articles, in order."""
    numbers = citation_numbers(story)
    return sorted({numbers[i] for i in ids if i in numbers})


def _cites(story: dict[str, Any], ids: list[str]) -> Markup:
    links = "".join(f'<a href="#{escape(story["id"])}-src-{n}">[{n}]</a>'
                    for n in _numbers(story, ids))
    return Markup(f"<sup>{links}</sup>")


@lru_cache(maxsize=1)
def _template():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("storyline", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(numbering=citation_numbers, span=date_span, outlet_list=outlets,
                       cites=_cites, cite_numbers=_numbers, safe_url=safe_url, statuses=STATUSES,
                       entity_groups=entity_groups, lineage_heading=lineage_heading,
                       evidence_text=evidence_text, lineage_notes=lineage_notes,
                       date_label=date_label, by_article=single_by_article,
                       quotes_by_speaker=quotes_by_speaker)
    return env.get_template("brief.html.j2")


def document_html(doc: dict[str, Any]) -> str:
    return _template().render(doc=doc)
