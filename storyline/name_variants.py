"""Surnames spelled differently across outlets: Zelensky, Zelenskyy, Zelenskiy, ZELENSKY.

Merging by surname (:mod:`storyline.entities`, steps 2 and 3) needs the same
surname; first names already tolerate spelling variants (Sergey/Sergei: same first
letter, Jaro-Winkler >= 0.85, :func:`storyline.names.first_names_compatible`).
Outlets also transliterate and mistype surnames, so one person becomes two
entities. Two rules link them, each only when the story gives evidence, so that
two different people with similar names are never merged:

* **Two full names** ("Volodymyr Zelenskiy", "Volodymyr Zelensky") are one person
  when their surnames are spelling variants (:func:`surname_variant`) *and* their
  first names are the same or variants of each other (complete link over both
  groups), and neither group could pair with another group of the other surname.
  "Harriet Harman" and "Natalie Hanman", "David Gergen" and "Fawaz Gerges" stay
  apart: their first names differ.
* **A lone surname** ("ZELENSKY", "Mubarek") that is no person's surname in the
  story joins the one person whose surname it spells by the stricter test
  (:func:`lone_variant`: the same transliteration, or one edit apart in a name of
  six letters or more; five letters at least), when the story also calls that
  person by the surname alone ("Mubarak" and "Mobarak"): "Mohamed, a resident of
  Misrata" is not "Hisham Mohammed", as neither name may be anyone's first name in
  the story ("Mohammed Gaddafi"). It must be labelled a person, or be written in
  capitals with only the labels the model gives unfamiliar words (a headline's
  "ZELENSKY" is tagged ORG); all matching is on case-folded keys.

A spelling variant is: the same *transliteration key* (case, accents, doubled
letters, y/i, dh/gh/ph/ck/ou spellings folded: Zelenskyy = Zelensky = Zelenskiy,
Gaddafi = Gadhafi = Ghadafi), or, for names of five letters or more with the same
first letter, Jaro-Winkler >= 0.9 and at most two edits (optimal string alignment)
between the keys (Zelskyy / Zelensky, Bywater / Byewater, Strucke / Sturcke); never
two names more than two letters apart in length (Thomas / Thomasson). With three
words or more on both sides, the words before the surname must agree too.
"""

from __future__ import annotations

import re

from storyline.names import same_generation

KIND = "spelling variant of the surname"
_FOLDS = (("dh", "d"), ("gh", "g"), ("ph", "f"), ("ck", "k"), ("ou", "u"), ("y", "i"))
VARIANT_JW = 0.90
MIN_LEN = 5
LONE_MIN_LEN = 6


def transliteration_key(key: str) -> str:
    """A surname key with the spellings transliterations vary in folded."""
    out = key.casefold()
    for a, b in _FOLDS:
        out = out.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", out)


def surname_variant(a: str, b: str) -> str | None:
    """Why two surname keys are spellings of one name, or None."""
    from rapidfuzz.distance import OSA, JaroWinkler

    if a == b or a[:1] != b[:1] or min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 2:
        return None  # "Thomas" / "Thomasson": a name and a longer name
    ta, tb = transliteration_key(a), transliteration_key(b)
    if ta == tb:
        return "the same transliteration"
    if min(len(a), len(b)) >= MIN_LEN and JaroWinkler.normalized_similarity(a, b) >= VARIANT_JW \
            and OSA.distance(ta, tb) <= 2:
        return "spelled at most two letters apart"
    return None


def lone_variant(a: str, b: str) -> str | None:
    """The stricter test for a surname standing alone (no first name to agree)."""
    from rapidfuzz.distance import OSA

    why = surname_variant(a, b)
    if min(len(a), len(b)) < MIN_LEN:
        return None  # "Musa" (Moses, in a quoted verse) is not "Amre Moussa"
    if why == "the same transliteration":
        return why
    if why and min(len(a), len(b)) >= LONE_MIN_LEN and OSA.distance(a, b) <= 1:
        return "one letter apart"
    return None


def link_full_names(by_surname: dict, compatible, union, evidence: dict) -> None:  # type: ignore[type-arg,no-untyped-def]
    """Rule 1: join person groups whose surnames are variants and whose first names agree.

    ``by_surname``: surname -> groups of surfaces (first = most mentioned);
    ``compatible(a, b)``: do two first-name keys agree; ``union``: the merge forest.
    """
    names = sorted(by_surname)
    by_letter: dict[str, list[str]] = {}
    for n in names:
        by_letter.setdefault(n[:1], []).append(n)
    for letter_names in by_letter.values():
        for i, sa in enumerate(letter_names):
            for sb in letter_names[i + 1:]:
                why = surname_variant(sa, sb)
                if why is None:
                    continue
                pairs = [(ga, gb) for ga in by_surname[sa] for gb in by_surname[sb]
                         if all(_agree(x.tokens, y.tokens, compatible) for x in ga for y in gb)]
                for ga, gb in pairs:
                    if sum(1 for p in pairs if p[0] is ga or p[1] is gb) != 1:
                        continue  # one group could be either of two: leave both apart
                    if union.find(ga[0].key) == union.find(gb[0].key):
                        continue
                    head, other = (ga, gb) if ga[0].count >= gb[0].count else (gb, ga)
                    union.union(head[0].key, other[0].key)
                    evidence[other[0].key].append(
                        f"{other[0].display()}: {KIND} of {head[0].display()} ({why}), "
                        "and the same or a variant first name")


def _agree(a: list[str], b: list[str], compatible) -> bool:  # type: ignore[no-untyped-def]
    """First names agree, and so do the words before the surname when both names have
    three words or more ("Rescuer Anthony Thomas" is not "Rescuer Simon Thomasson")."""
    if not compatible(a[0], b[0]) or not same_generation(" ".join(a), " ".join(b), False):
        return False  # "Donald Trump Jr." is not "Donald Trumpp"
    return len(a) < 3 or len(b) < 3 or compatible(a[-2], b[-2])


def first_name_keys(by_surname: dict) -> set[str]:  # type: ignore[type-arg]
    """Transliteration keys of every first name of the story's full names."""
    return {transliteration_key(x.tokens[0]) for gs in by_surname.values() for g in gs
            for x in g}


def link_lone_surname(s, by_surname: dict, alone: set[str], given: set[str],  # type: ignore[type-arg,no-untyped-def]
                      union, evidence: dict) -> bool:  # type: ignore[type-arg,no-untyped-def]
    """Rule 2 for one one-word surface ``s`` with no exact surname group; True if linked.
    ``alone``: the surnames the story also uses alone for a person; ``given``:
    :func:`first_name_keys`."""
    if transliteration_key(s.key) in given:
        return False  # a first name too: "Mohamed" may be "Mohammed Gaddafi"
    hits = {}
    for sb, groups in by_surname.items():
        if sb[:1] != s.key[:1] or sb not in alone or transliteration_key(sb) in given:
            continue
        why = lone_variant(s.key, sb)
        if why:
            for g in groups:
                hits.setdefault(union.find(g[0].key), (g, why))
    if len(hits) != 1:
        return False
    group, why = next(iter(hits.values()))
    union.union(group[0].key, s.key)
    evidence[s.key].append(f"{s.display()}: {KIND} of {group[0].display()} ({why}), the only "
                           "person with such a surname in the story")
    return True
