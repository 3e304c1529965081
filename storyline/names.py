"""How names are normalised and compared: the string rules of entity merging.

:mod:`storyline.entities` decides which mentions name the same entity; this module
holds what those decisions rest on, each usable alone: the name a mention spells
(:func:`clean_surface`), a spelling-insensitive key (:func:`surface_key`), a person's
surname, and the two similarity guards (first-name variants, likely typos), built on
rapidfuzz's Jaro-Winkler and optimal-string-alignment distances.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

TITLES = frozenset("""
president vice prime minister foreign defense defence interior finance secretary
deputy fm spokesman spokeswoman spokesperson press gen general col colonel
colonel-general lt lieutenant maj major capt captain adm admiral sgt sen senator rep
representative gov governor mayor mr mrs ms miss dr prof professor sir dame lord
lady king queen crown prince princess pope rev reverend judge justice chancellor chairman
chairwoman chair ceo leader speaker ambassador envoy commander chief director
minority majority house senate former ex- late state attorney u.s. us uk
""".split())
PARTICLES = frozenset("of the and for on in de da di del la le du van von der den al el bin "
                      "ibn y e".split())
FIRST_NAME_JW = 0.85
TYPO_JW = 0.90
TYPO_MIN_LEN = 5
MAX_WORDS = 8

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_STRIP = " \t\n.,;:!?-—–()[]{}\"“”‘’'*"

_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.)+$|\b(?:Jr|Sr|St|Inc|Co|Corp|Ltd)\.$")


def clean_surface(text: str, label: str = "") -> str | None:
    """The name a mention spells, without possessive, leading "the" and (for a
    person) titles such as "President".

    None when what is left does not look like a name (no capital, or a lower-case
    content word inside, as in "n't" or "the Ukrainian party").
    """
    t = " ".join(text.translate(_APOS).replace("[", "").replace("]", "").split())
    t = t.strip(_STRIP.replace(".", ""))
    t = re.sub(r"'s?$", "", t).strip(_STRIP.replace(".", ""))
    if "(" in t and ")" not in t:  # "World Health Organization (WHO"
        t = t.split("(")[0].strip()
    if t.endswith(".") and not _ABBREVIATION.search(t):
        t = t.rstrip(".")
    words = t.split()
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    while label == "PERSON" and len(words) > 1 and (words[0].lower().rstrip(".") in TITLES
                                                   or words[0].lower() in TITLES):
        words = words[1:]
    if not words or len(words) > MAX_WORDS:
        return None
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return None
    for w in words:
        head = w.split("-")[0]
        if w[0].islower() and head.lower() not in PARTICLES:
            return None
    if not any(ch.isalpha() for ch in t):
        return None
    return " ".join(words)


def surface_key(surface: str) -> str:
    """Case-, accent- and dot-insensitive key ("U.S." == "US", "Zelenskyy" == "ZELENSKYY")."""
    decomposed = unicodedata.normalize("NFKD", surface)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace(".", "").casefold().split())


SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PATRONYMIC = frozenset({"bin", "ibn", "bint", "ben"})
# Common English short forms of first names: "Mike Bloomberg" is "Michael Bloomberg".
NICKNAMES = {short: full for full, shorts in {
    "michael": "mike mick", "william": "bill billy will", "robert": "bob bobby rob",
    "james": "jim jimmy", "joseph": "joe", "thomas": "tom", "richard": "dick rick",
    "charles": "chuck charlie", "edward": "ed ted", "elizabeth": "liz beth betsy",
    "margaret": "maggie peggy", "katherine": "kate kathy", "catherine": "cathy kate",
    "christopher": "chris", "daniel": "dan danny", "david": "dave", "donald": "don",
    "andrew": "andy", "anthony": "tony", "benjamin": "ben", "alexander": "alex",
    "nicholas": "nick", "patrick": "pat", "steven": "steve", "stephen": "steve",
    "timothy": "tim", "gregory": "greg", "matthew": "matt", "samuel": "sam",
    "jennifer": "jen jenny", "rebecca": "becky", "deborah": "deb debbie",
    "kenneth": "ken", "ronald": "ron", "gerald": "jerry", "lawrence": "larry",
    "theodore": "ted teddy", "frederick": "fred", "douglas": "doug", "jeffrey": "jeff",
    "abraham": "abe", "bernard": "bernie", "nancy": "nan",
}.items() for short in shorts.split()}


def generation(key: str) -> str:
    """The generational suffix of a person key ("jr", "sr", "ii", ...), or "".

    "Donald Trump Jr." is not "Donald Trump": father and son share first name and
    surname, so the suffix is part of who a name names (:func:`surname` drops it)."""
    tokens = key.replace(",", " ").split()
    last = tokens[-1].rstrip(".") if len(tokens) >= 2 else ""
    return last if last in SUFFIXES else ""


def same_generation(a: str, b: str, together: bool) -> bool:
    """May two person keys with the same surname and first name name one person, as far
    as their generational suffixes tell? Two suffixes must agree (Jr. is not Sr.); a
    name without one is the suffixed name shortened (outlets drop "Jr." from "Joseph R.
    Biden Jr." and "III" from "Robert S. Mueller III"), unless it spells the same words
    but the suffix and ``together`` (an article writes both): "Donald Trump Jr." and
    "Donald Trump" in one article are son and father."""
    ga, gb = generation(a), generation(b)
    if ga == gb:
        return True
    if ga and gb:
        return False
    bare = " ".join(t for t in a.replace(",", " ").split() if t.rstrip(".") not in SUFFIXES)
    other = " ".join(t for t in b.replace(",", " ").split() if t.rstrip(".") not in SUFFIXES)
    return not (together and bare == other)


def surname(key: str) -> str | None:
    """The family name of a person key: last word, suffixes (Jr.) dropped; None for
    one word, or for patronymic names ("Mohammed bin Salman" has no surname)."""
    tokens = [t for t in key.replace(",", " ").split() if t.rstrip(".") not in SUFFIXES]
    if len(tokens) < 2 or PATRONYMIC & set(tokens):
        return None
    return tokens[-1]


# ---------------------------------------------------------------------------
# string similarity guards

def _letters_differ(a: str, b: str) -> int:
    ca, cb = Counter(a), Counter(b)
    return sum(((ca - cb) + (cb - ca)).values())


def typo_similar(a: str, b: str) -> bool:
    """Is one key a likely misspelling of the other? (see module docstring, step 4)"""
    from rapidfuzz.distance import OSA, JaroWinkler

    if a == b or min(len(a), len(b)) < TYPO_MIN_LEN or a[0] != b[0]:
        return False
    if JaroWinkler.normalized_similarity(a, b) < TYPO_JW:
        return False
    distance = OSA.distance(a, b)
    return distance <= 1 or (distance == 2 and _letters_differ(a, b) <= 1)


def first_names_compatible(a: str, b: str) -> bool:
    """Same first name, or a spelling variant of it (Sergey/Sergei, Joe/Joseph)."""
    from rapidfuzz.distance import JaroWinkler

    if a == b or NICKNAMES.get(a, a) == NICKNAMES.get(b, b):
        return True
    if a[0] != b[0] or min(len(a), len(b)) < 3:
        return False
    return JaroWinkler.normalized_similarity(a, b) >= FIRST_NAME_JW
