"""The titles written before a person's name, in one place.

Three stages look for "a title before a name", each for its own purpose, and used to
keep their own word lists:

* :func:`storyline.entity_mentions.titled_names` (and the NER relabelling in
  :mod:`storyline.mentions`, given names, entity types): *is this a person?* Any
  personal title counts, one word: :data:`PERSON_TITLES` ("Sen.", "Dr", "Gen.").
* :mod:`storyline.quotes.roles`: *who holds the office "the president" refers to?*
  Offices one person holds in a country: :data:`OFFICES` (with their abbreviations,
  "Gov." a governor), made specific by :data:`OFFICE_MODIFIERS` ("Foreign Minister").
* :func:`storyline.conflicts.role_names`: *do two sentences name different holders of
  one office?* Only offices held by one person at a time once qualified:
  :data:`SOLE_OFFICES` ("Russian Foreign Minister", "Kremlin spokesman"; not "Sen.").

The vocabularies live here so that a title added for one purpose is seen by the
others where it fits; each stage keeps its own exclusions, because they differ by
purpose: a "former" or "then-" holder is no holder now for conflicts and quotes, but
still a person for entities; a "Vice President" is a person and a holder of another
office, so quotes leave it out while entities count it.
"""

from __future__ import annotations

from collections.abc import Iterable

# One-word personal titles: the name after them is a person's ("Sen. Collins",
# "Dr Fauci", "Prime Minister Johnson" by its last word). NER relabels by them, so a
# change here must bump storyline.mentions.MODEL_TAG ("titles-N"): stored mentions
# were made with the old list.
PERSON_TITLES = frozenset("""
president sen senator rep gov governor mr mrs ms dr secretary spokesman spokeswoman minister
gen general pope king queen prince princess judge justice mayor chancellor ambassador
chairman chairwoman prof professor sir dame lord lady col colonel lt capt sgt adm commander
envoy ceo rev reverend
""".split())

# Offices one person holds in a country (or a party, a city), written before a name,
# and the office each word stands for ("Gov." is a governor).
OFFICES = {"president": "president", "minister": "minister", "chancellor": "chancellor",
           "premier": "premier", "governor": "governor", "gov": "governor", "mayor": "mayor",
           "senator": "senator", "sen": "senator", "secretary": "secretary",
           "pope": "pope", "king": "king", "queen": "queen", "leader": "leader"}

# Words that make a minister or a secretary one office among several (a regex
# alternation: "defen[cs]e" is defence and defense).
OFFICE_MODIFIERS = ("prime", "foreign", "defen[cs]e", "interior", "finance", "health", "home",
                    "justice", "education", "economy", "trade", "energy", "environment",
                    "culture", "chief", "first", "state", "treasury", "labou?r", "transport",
                    "agriculture", "immigration", "press")

# Offices held by one person at a time once qualified ("Russian Foreign Minister",
# "Kremlin spokesman", "White House press secretary"); a bare "President" or "Sen."
# is held by many people in one story.
SOLE_OFFICES = ("minister", "president", "secretary", "spokes(?:man|woman|person)",
                "chancellor", "secretary of state", "secretary-general", "press secretary",
                "ceo", "chairman", "chairwoman", "premier")


def alternation(words: Iterable[str]) -> str:
    """``(?:a|b|c)`` of regex pieces, in the order given (the order a regex tries them)."""
    return "(?:" + "|".join(words) + ")"
