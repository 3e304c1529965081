"""Whether a person is a man or a woman, when the story gives evidence, for "he/she said".

"she added" used to go to the last named speaker whatever that person was: on a
Timeline17 sample 7 pronoun quotes went to the wrong speaker that way ("she added",
right as Um Qasim, moved to "the prime minister" after he was named). The pronoun rule
(:func:`storyline.quotes.speakers._resolve_pronoun`) now skips a person known to be of
the other gender. Known means, in this order:

1. a gendered title the story itself writes before that person's name ("Mr Brown",
   "Mrs. Clinton", "Queen Elizabeth", "Sheikh Hasina"; :data:`GENDERED_TITLES`), when
   all such titles agree;
2. the given name in the `gender-guesser` name list (a data file in its wheel, no
   network), read only as "male" or "female", never "mostly_*" or "andy", and only
   when the name has a given name first: two words or more, the first a capitalised
   word that is no title ("Gordon Brown"; not "Obama", "al-Assad", "Mr Brown").

Anything else is unknown, and the pronoun rule then behaves as it did before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from storyline.entities import ResolvedMention
from storyline.model import Article
from storyline.titles import PERSON_TITLES

MALE, FEMALE = "male", "female"
PRONOUN_GENDER = {"he": MALE, "she": FEMALE}
PRONOUN_OF = {MALE: "he", FEMALE: "she"}

# Titles that say the person's gender; words that do not ("Dr", "President", "Sen.")
# are left out, and so are words used for both ("chairman" of a woman).
GENDERED_TITLES = {
    **dict.fromkeys("mr sir lord king prince sheikh sheik duke baron earl emperor tsar czar "
                    "monsieur senor signor herr congressman assemblyman councilman "
                    "businessman spokesman father brother".split(), MALE),
    **dict.fromkeys("mrs ms miss madam madame mme lady dame queen princess sheikha duchess "
                    "baroness countess empress tsarina senora signora frau congresswoman "
                    "assemblywoman councilwoman businesswoman spokeswoman chairwoman mother "
                    "sister".split(), FEMALE),
}
_TITLE_BEFORE = re.compile(rf"\b(?P<title>{'|'.join(GENDERED_TITLES)})\.?\s+$", re.IGNORECASE)
_TITLE_OPENS = re.compile(rf"(?P<title>{'|'.join(GENDERED_TITLES)})\.?\s+\S", re.IGNORECASE)
_GIVEN = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?")


def titled_genders(articles: Sequence[Article],
                   mentions: Mapping[str, Sequence[ResolvedMention]]
                   ) -> dict[str, tuple[str, str]]:
    """name -> (gender, the words) from the gendered titles the story writes before its
    people ("Mr Brown" -> Gordon Brown, male); names titled both ways are left out."""
    found: dict[str, dict[str, str]] = {}
    for article in articles:
        text = article.text
        for m in mentions.get(article.id, ()):
            if m.type != "person":
                continue
            t = _TITLE_OPENS.match(m.text)  # the model tagged "Mr Brown"
            words = m.text
            if t is None:
                t = _TITLE_BEFORE.search(text, max(0, m.start - 16), m.start)
                words = " ".join(text[t.start():m.end].split()) if t else ""
            if t is None or not t.group("title")[0].isupper():
                continue  # "the king Abdullah" is fine, but "father Abdullah" is a man's father
            gender = GENDERED_TITLES[t.group("title").lower()]
            found.setdefault(m.name, {}).setdefault(gender, words)
    return {name: (g, f"“{w}”") for name, by in found.items() if len(by) == 1
            for g, w in by.items()}


@lru_cache(maxsize=1)
def _detector():
    """gender-guesser's Detector (about 0.5 s to parse its name list), or None if the
    package is not installed."""
    try:
        from gender_guesser.detector import Detector
    except ImportError:
        return None
    return Detector()


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str] | None:
    """given name -> male/female: every name the Detector answers so without a country
    (the same answers as ``get_gender``), kept in :mod:`storyline.modelcache` so that a
    process reads it in milliseconds instead of parsing the list; None if not installed."""
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    import numpy as np

    from storyline import modelcache

    try:
        import gender_guesser
    except ImportError:
        return None

    source = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    try:
        key = modelcache.entry_key("gender-guesser", source, version("gender-guesser"))
    except (OSError, PackageNotFoundError):  # no metadata or no file: no cache
        key = None
    cached = modelcache.load_arrays(key) if key else None
    if cached is None:
        detector = _detector()
        if detector is None:
            return None
        table = {n: g for n in detector.names if (g := detector.get_gender(n)) in (MALE, FEMALE)}
        if key:
            modelcache.save_arrays(key, {g: np.array(sorted(n for n, x in table.items() if x == g))
                                         for g in (MALE, FEMALE)})
        return table
    return {**dict.fromkeys(cached[MALE].tolist(), MALE),
            **dict.fromkeys(cached[FEMALE].tolist(), FEMALE)}


@lru_cache(maxsize=4096)
def given_name_gender(name: str) -> tuple[str | None, str]:
    """(male/female/None, evidence) from the given name that opens ``name``."""
    words = name.split()
    if len(words) < 2 or not _GIVEN.fullmatch(words[0]):
        return None, ""
    if words[0].lower() in PERSON_TITLES or words[0].lower() in GENDERED_TITLES:
        return None, ""
    names = _given_names()
    guess = names.get(words[0]) if names is not None else None
    if guess is not None:
        return guess, f"given name {words[0]}"
    return None, ""


def gender_of(name: str, titled: Mapping[str, tuple[str, str]]) -> tuple[str | None, str]:
    """(male/female/None, evidence) for a person of the story (module docstring)."""
    if name in titled:
        return titled[name]
    return given_name_gender(name)
