"""Disjoint sets with stable roots: which items end up together after pairwise joins.

Lineage joins copies and rewrites into reports (:mod:`storyline.lineage`), and cleaning
joins an outlet's copies and versions of one article before counting where a sentence
recurs (:mod:`storyline.clean.boilerplate`), and entity merging joins the spellings that
name one entity (:mod:`storyline.entities`; its canonical name is chosen by counts, not
by the root).
"""

from __future__ import annotations

from collections.abc import Iterable


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
