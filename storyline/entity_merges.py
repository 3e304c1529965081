"""Three more ways one entity is named, merged inside :func:`storyline.entities.merge_mentions`.

NeuS and Timeline17 briefs (bench/entity_quality.py) listed one person or newspaper
twice, because the shorter name escaped the merge rules of :mod:`storyline.entities`:

1. **A surname the model did not call a person** ("Baquet said", tagged ORG, beside
   "Dean Baquet"; "Sebelius", "Hayward" likewise). Step 3 of the merge only joins a
   lone surname typed person. A one-word name typed otherwise joins the one person
   of the story whose surname it is, and becomes a person, when exactly one person
   group has that surname (two Bidens: no guess) and it is no word for a group of
   people: the model labels surnames NORP too ("Mattis said", "Slaoui said", "Fauci
   strongly disputed": 6 on NeuS train), but a surname it labels so is not a demonym
   (:func:`storyline.institutions.country_of_demonym`: "Libyan"), has no ending of
   one or of a faith or creed ("American", "Islamic", "Chinese", "Kurdish",
   "Islamist", "Shiite": :data:`GROUP_ENDINGS`) and is none of :data:`GROUP_WORDS`
   ("Democrat", "Sunni"): those stay groups beside a junk "person" such as "Top
   American".
   A GeoNames name stays a place when it is a country or US state, or when the story
   uses it as a place somewhere ("in Washington", "Houston-based", a dateline:
   :func:`storyline.entity_mentions.placed_names`): "Washington" beside "George
   Washington" stays the place; "Hayward" beside Tony Hayward, BP's chief executive,
   tagged GPE, LOC and ORG by turns in Timeline17's oil-spill stories and never
   written "in Hayward", is him.
2. **A first name for a person known by it** ("Saddam" beside "Saddam Hussein",
   "Kim" beside "Kim Jong Un", "Greta" beside "Greta Thunberg"). A one-word person,
   nobody's surname in the story, joins the one person group whose full names start
   with it; with two ("David Cameron", "David Lapan") it stays apart. A name used fewer
   than :data:`KNOWN_BY_FIRST_NAME` times must refer back: only in articles that name
   the person in full, and not before the story first does (a reader comment's "Phil"
   above the commenter "Phil BC" on Timeline17 was someone else); a word with digits
   ("H1N1") is no first name.
3. **A newspaper or team by its head word** ("Times" beside "New York Times", "Post"
   beside "Washington Post"). A one-word organisation joins the one multi-word
   organisation of the story that ends in it, when that name's other words are a
   place ("New York", "Washington": GeoNames or the story's places) or the word is a
   press title (:data:`PRESS_TITLES`, the head words newspapers are called by in
   running text: "the Times", "the Post", "the Journal"). Two such names ("New York
   Times", "Financial Times") leave it apart, since "Times" alone could be either; an
   institution's head ("Senate", "Court") is left to :mod:`storyline.institutions`,
   and "House" is not "White House" (neither rule holds).

Rule 1 runs before the merge's step 3 (lone surnames), as its step 3b; rules 2 and 3
after its step 5 (acronyms), as step 5b. Each merge is recorded as evidence on the entity.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from storyline.institutions import GENERIC_HEADS
from storyline.names import PARTICLES
from storyline.places import country_and_state_names, is_place_name, names_place

# institutions' heads, left to storyline.institutions; "State" (the State Department,
# a state) is no short form of "Kent State"
_NOT_SHORT = GENERIC_HEADS | {"state", "house"}
# Mentions of a lone first name, in articles without the full name, that make it the
# name the person is known by ("Saddam" 8 times in one T17 story; a commenter "James",
# a student "Mohammed" twice, are someone else)
KNOWN_BY_FIRST_NAME = 3
_LOWER = re.compile(r"(?<![\w'’-])[a-z][a-z'-]*")
# Endings of demonyms and of words for faiths and creeds ("American", "Chinese",
# "Kurdish", "Islamic", "Islamist", "Shiite"), and group words without them (rule 1).
GROUP_ENDINGS = ("an", "ans", "ese", "ish", "ic", "ics", "ist", "ists", "ite", "ites")
GROUP_WORDS = frozenset("""
democrat republican tory labour liberal conservative catholic muslim jew sunni shia
arab kurd druze sikh hindu copt yazidi latino latina latinx hispanic asian white black
""".split())
# Head words that newspapers and magazines are called by alone in running text.
PRESS_TITLES = frozenset("""
times post journal herald tribune guardian telegraph mirror mail globe sun express
independent observer chronicle gazette inquirer examiner standard star bulletin
register courier economist atlantic hill
""".split())


def lower_case_words(texts: Iterable[str]) -> frozenset[str]:
    """The words the story writes in lower case somewhere: common words, which a name
    the model mislabelled ("Baquet") is not, and "State", "House", "Swine" are."""
    return frozenset(w for t in texts for w in _LOWER.findall(t))


def retype_surnames(surfaces: Mapping[str, Any], by_surname: Mapping[str, list],
                    evidence: dict[str, list[str]], common: frozenset[str] = frozenset(),
                    placed: frozenset[str] | None = None) -> None:
    """Rule 1: a one-word name of another type that is one person's surname becomes a
    person (the merge step for lone surnames then joins it to that person).
    ``placed``: keys of names the story uses as places (None: unknown, every GeoNames
    name is taken for a place)."""
    for s in surfaces.values():
        if len(s.tokens) != 1 or s.type == "person" \
                or s.display().isupper() or "." in s.display():  # "U.N." is not Kim Jong Un
            continue
        groups = by_surname.get(s.key, [])
        if len(groups) != 1 or s.key in common or _group_word(s) or _stays_place(s, placed) \
                or names_place(groups[0][0].display()):  # "Vallarta" of "Puerto Vallarta"
            continue
        labels = "/".join(sorted(s.labels))
        town = (", a town's name the story never uses as a place"
                if names_place(s.display()) else "")
        evidence[s.key].append(f"{s.display()}: typed person, not {s.type or labels}: the "
                               f"surname of {groups[0][0].display()}{town}")
        s.type = "person"


def link_short_names(surfaces: Mapping[str, Any], by_surname: Mapping[str, list], union: Any,
                     evidence: dict[str, list[str]], common: frozenset[str] = frozenset()
                     ) -> None:
    """Rules 2 and 3, after the merge's own steps (acronyms last)."""
    link_first_names(surfaces, by_surname, union, evidence, common)
    link_short_forms(surfaces, union, evidence)


def link_first_names(surfaces: Mapping[str, Any], by_surname: Mapping[str, list], union: Any,
                     evidence: dict[str, list[str]], common: frozenset[str] = frozenset()
                     ) -> None:
    """Rule 2: a lone first name joins the one person group whose names start with it."""
    starts: dict[str, dict[str, str]] = {}  # first word -> {group root: its name}
    seen_in: dict[str, set[str]] = {}  # group root -> articles naming it in full
    named_at: dict[str, tuple[int, int]] = {}  # group root -> its first full mention
    for groups in by_surname.values():
        for group in groups:
            for g in group:
                root = union.find(g.key)
                starts.setdefault(g.tokens[0], {})[root] = group[0].display()
                seen_in.setdefault(root, set()).update(g.articles)
                named_at[root] = min(named_at.get(root, g.first), g.first)
    # groups already holding a full name ("Sadam" joined "Saddam" by typo: still alone)
    named = {union.find(k) for k, t in surfaces.items() if len(t.tokens) > 1}
    members: dict[str, list] = {}
    for k, t in surfaces.items():
        members.setdefault(union.find(k), []).append(t)
    for s in surfaces.values():
        if len(s.tokens) != 1 or s.type != "person" or s.key in by_surname \
                or union.find(s.key) in named or s.key in common or not s.key.isalpha():
            continue  # "H1N1" is nobody's first name
        roots = starts.get(s.key, {})
        if len(roots) == 1:
            root, name = next(iter(roots.items()))
            lone = members.get(union.find(s.key), [s])
            if sum(t.count for t in lone) < KNOWN_BY_FIRST_NAME and (
                    not {a for t in lone for a in t.articles} <= seen_in[root]
                    or min(t.first for t in lone) < named_at[root]):
                continue  # a first name refers back to a full name in the same article
            union.union(root, s.key)
            evidence[s.key].append(f"{s.display()}: first name of {name}, "
                                   "the only person of the story so named")


def link_short_forms(surfaces: Mapping[str, Any], union: Any,
                     evidence: dict[str, list[str]]) -> None:
    """Rule 3: a one-word organisation joins the one longer organisation it heads."""
    places = {k for k, s in surfaces.items() if s.type == "place"}
    ends: dict[str, dict[str, Any]] = {}  # last word -> {group root: a name it ends}
    for s in surfaces.values():
        if s.type == "organization" and len(s.tokens) >= 2 \
                and not any(t in PARTICLES for t in s.tokens):
            ends.setdefault(s.tokens[-1], {})[union.find(s.key)] = s
    sizes = Counter(union.find(k) for k in surfaces)
    for s in surfaces.values():
        if len(s.tokens) != 1 or s.type != "organization" or s.key in _NOT_SHORT \
                or s.display().isupper() or sizes[union.find(s.key)] > 1:
            continue
        roots = ends.get(s.key, {})
        if len(roots) != 1:
            continue
        root, long = next(iter(roots.items()))
        modifier = " ".join(long.display().split()[:-1])
        if s.key in PRESS_TITLES:
            why = "a press title"
        elif surface_place(modifier, places):
            why = f"{modifier} is a place"
        else:
            continue
        union.union(root, s.key)
        evidence[s.key].append(f"{s.display()}: short for {long.display()}, the only "
                               f"organisation of the story so named ({why})")


def _group_word(s: Any) -> bool:
    """A name the model labels a group (NORP) somewhere that reads as one (rule 1)."""
    if "NORP" not in s.labels:
        return False
    from storyline.institutions import country_of_demonym

    return s.key.endswith(GROUP_ENDINGS) or s.key in GROUP_WORDS or \
        s.key[:-1] in GROUP_WORDS or bool(country_of_demonym(s.key))  # "Democrats"


def _stays_place(s: Any, placed: frozenset[str] | None) -> bool:
    """A GeoNames name that the story uses as a place, or a country or US state."""
    if not names_place(s.display()):
        return False
    return placed is None or s.key in placed or any(
        n in country_and_state_names() for n in (s.display(), s.display().title()))


def surface_place(name: str, places: set[str]) -> bool:
    from storyline.names import surface_key

    return bool(name) and (surface_key(name) in places or is_place_name(name))
