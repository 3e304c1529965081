"""Counting independent reports: copies and rewrites of one original count once.

Ten reprints of one wire story are one report, not ten sources. Articles joined by
a ``copy`` or ``rewrite`` group are one report (transitively: a copy of a rewrite
of X is still X's report). A ``cites`` group does *not* merge its members: two
outlets that quote Reuters but write their own story around the quote are two
reports that share one source for that quote, and the facts they add are their
own. (The agreement map can still ask which claims rest on the cited origin.)

``independent_weight`` is what the summary (and later the agreement map) uses to
weigh a fact: the number of distinct reports among the articles that carry it.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.model import LineageGroup
from storyline.unionfind import UnionFind

MERGING_KINDS = frozenset({"copy", "rewrite"})


def report_of(groups: Iterable[LineageGroup], article_ids: Iterable[str]) -> dict[str, str]:
    """Article id -> the id standing for its report (the smallest id of its component)."""
    uf = UnionFind(article_ids)
    for g in groups:
        if g.kind in MERGING_KINDS:
            first, *rest = g.article_ids
            for other in rest:
                uf.union(first, other)
    return {a: uf.find(a) for a in uf.parent}


def independent_weight(groups: Iterable[LineageGroup], article_ids: Iterable[str]) -> float:
    """The number of independent reports among ``article_ids``."""
    ids = list(dict.fromkeys(article_ids))
    reports = report_of(groups, ids)
    return float(len({reports[a] for a in ids}))


def independent_count(groups: Iterable[LineageGroup], article_ids: Iterable[str]) -> int:
    return int(independent_weight(groups, article_ids))
