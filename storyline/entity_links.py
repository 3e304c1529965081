"""Steps 4 and 5 of :func:`storyline.entities.merge_mentions`: typos and acronyms.

Both join a one-word name to a group the earlier steps built, so they run last (before
the short names of :mod:`storyline.entity_merges`, step 5b) and read the groups through
the merge's union-find:

4. **Typos**: a rare one-word name joins the one established spelling it is one edit
   or a transposition away from ("Lavor" for Lavrov);
5. **Acronyms**: an all-capital word joins the one multi-word organisation or place
   whose initials it spells ("U.S." is not "U.S. Senate").

The exact conditions are in the module docstring of :mod:`storyline.entities`; they
live here so that ``merge_mentions`` reads as its list of steps. Each merge is recorded
as evidence on the entity.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from storyline.names import PARTICLES, surface_key, typo_similar

# Labels the small model gives unfamiliar capitalised words (typos, rare names):
# weak evidence of type. PRODUCT and WORK_OF_ART mentions are kept only to be merged.
WEAK_LABELS = frozenset({"ORG", "PRODUCT", "WORK_OF_ART"})
TYPO_MAX_MENTIONS = 2


def link_typos(surfaces: dict[str, Any], union: Any, evidence: dict[str, list[str]]) -> None:
    """Step 4: a rare one-word name joins the one group a near spelling names."""
    support: Counter = Counter()
    for s in surfaces.values():
        for tok in s.tokens:
            support[tok] += s.count
    targets: dict[str, set[str]] = defaultdict(set)  # token -> groups it names alone
    for s in surfaces.values():
        if len(s.tokens) == 1:
            targets[s.key].add(union.find(s.key))
        elif s.type == "person" and s.surname:
            targets[s.surname].add(union.find(s.key))
    sizes = Counter(union.find(k) for k in surfaces)
    for s in sorted(surfaces.values(), key=lambda s: s.first):
        if (len(s.tokens) != 1 or s.count > TYPO_MAX_MENTIONS or len(s.articles) != 1
                or sizes[union.find(s.key)] > 1):
            continue
        weak = set(s.labels) <= WEAK_LABELS
        found = set()
        for tok, groups in targets.items():
            if tok == s.key or support[tok] < max(2, 2 * s.count):
                continue
            if not typo_similar(s.key, tok):
                continue
            for g in groups:
                if g == s.key:
                    continue
                target_type = surfaces[g].type
                if weak or s.type == target_type:
                    found.add((g, tok))
        if len({g for g, _ in found}) == 1:
            # one group, maybe named by several tokens ("american", "americans"): the
            # most used one names the note (not set order, which varies run to run)
            g, tok = max(found, key=lambda gt: (support[gt[1]], gt[1]))
            union.union(g, s.key)
            word = next((f for f in (w for sf in surfaces.values() for w in sf.display().split())
                         if surface_key(f) == tok), tok)
            evidence[s.key].append(f"{s.display()}: misspelling of {word} ({s.count} mention vs "
                                   f"{support[tok]}; one edit or a transposition apart)")


def link_acronyms(surfaces: dict[str, Any], union: Any, evidence: dict[str, list[str]]
                  ) -> None:
    """Step 5: an all-capital word joins the one organisation or place it abbreviates."""
    initials: dict[str, set[str]] = defaultdict(set)
    for s in surfaces.values():
        words = [w for w in s.display().split() if w.lower() not in PARTICLES]
        if len(words) >= 2 and s.type in ("organization", "place") and \
                all(w[0].isupper() for w in words):
            initials["".join(w[0] for w in words).lower()].add(union.find(s.key))
    for s in surfaces.values():
        form = s.display().replace(".", "")
        if len(s.tokens) == 1 and form.isupper() and 2 <= len(form) <= 6:
            groups = {g for g in initials.get(s.key, set()) - {union.find(s.key)}
                      if s.key not in surfaces[g].tokens  # "U.S." is not "U.S. Senate"
                      and (s.type == surfaces[g].type or set(s.labels) <= WEAK_LABELS)}
            if len(groups) == 1:
                g = groups.pop()
                union.union(g, s.key)
                evidence[s.key].append(f"{s.display()}: initials of {surfaces[g].display()}")
