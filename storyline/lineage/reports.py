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

MERGING_KINDS = frozenset({"copy", "rewrite"})


class UnionFind:
    """Disjoint sets of article ids (path halving, union by name for stable roots)."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self.parent: dict[str, str] = {x: x for x in items}

    def find(self, x: str) -> str:
        parent = self.parent.setdefault(x, x)
        while parent != x:
            grand = self.parent[parent]
            self.parent[x] = grand
            x, parent = parent, self.parent[grand]
        return x

    def union(self, a: str, b: str) -> bool:
        """Join the sets of a and b; False when they were one set already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        lo, hi = sorted((ra, rb))
        self.parent[hi] = lo
        return True

    def components(self) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return [sorted(v) for _, v in sorted(out.items())]


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
