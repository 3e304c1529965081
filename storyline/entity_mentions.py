"""Mentions around the merge: those that name nothing, titled one-word names, and
the mentions the model missed.

Before merging (:func:`storyline.entities.merge_mentions`), mentions that name nothing
are dropped (:func:`drop_non_names`) and the one-word names a personal title stands
before are found (:func:`titled_names`, a vote the type decision uses), as are the names
the text uses as places somewhere (:func:`placed_names`: a town's name that is also a
person's surname only stays a place when it is). After it,
:func:`add_missed_mentions` finds known entities' names the small model did not tag.
Kept apart from :mod:`storyline.entities` (the merge itself) to keep each module short.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from storyline.entities import EntityIndex, ResolvedMention
from storyline.mentions import Mention
from storyline.model import Article, Entity
from storyline.names import clean_surface, surface_key
from storyline.titles import PERSON_TITLES

# A time zone of a page's stamp ("13.03 BST", "Last updated at 05:55 GMT"), tagged ORG.
TIME_ZONES = frozenset("GMT BST UTC CET CEST EST EDT CST CDT MST MDT PST PDT".split())
# The tail of an office's title, tagged alone: "State" in "Secretary of State Mike
# Pompeo", "Interior" in "Minister of Interior".
_TITLE_OF = re.compile(r"\b(?:Secretary|Minister|Ministry|Department|Secretariat)\s+of\s+"
                       r"(?:the\s+)?$")


def drop_non_names(found: Mapping[str, Sequence[Mention]], articles: Sequence[Article]
                   ) -> dict[str, list[Mention]]:
    """The mentions without those that name nothing: a time zone, and a one-word tail
    of an office's title (NeuS train and Timeline17 briefs listed "State", "GMT" and
    "BST" among their organisations)."""
    text = {a.id: a.text for a in articles}
    return {aid: [m for m in ms if m.text not in TIME_ZONES and not (
        " " not in m.text.strip() and
        _TITLE_OF.search(text.get(aid, "")[max(0, m.start - 40):m.start]))]
            for aid, ms in found.items()}


_TITLE_BEFORE = re.compile(r"\b([A-Za-z]+)\.?\s+$")


def titled_names(found: Mapping[str, Sequence[Mention]], articles: Sequence[Article]
                 ) -> frozenset[str]:
    """Keys of the names that a personal title stands right before in some article
    ("President Trump", "Sen. Gabbard"): a one-word one is a person's, whatever else
    the model calls it elsewhere; a full name's tells which person a titled bare
    surname is not ("Donald Trump Jr." is never "President", :mod:`storyline.entities`)."""
    text = {a.id: a.text for a in articles}
    out = set()
    for aid, ms in found.items():
        for m in ms:
            words = m.text.split()
            before = _TITLE_BEFORE.search(text.get(aid, "")[max(0, m.start - 20):m.start])
            if (before and before.group(1).lower() in PERSON_TITLES) or (
                    len(words) > 1 and words[0].lower().rstrip(".") in PERSON_TITLES):
                surface = clean_surface(m.text, m.label)
                if surface:
                    out.add(surface_key(surface))
    return frozenset(out)


# "Hayward, Calif. (AP) --", "WASHINGTON (Reuters) -": a dateline at the head of a line
_DATELINE_AFTER = re.compile(r"[ \t]*(?:,[ \t]*[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)?[ \t]*"
                             r"(?:\(|--|[\u2014\u2013-][ \t])")
# A dateline anywhere, tagged or not ("... from Fukushima ROME , June 13 -LRB- Reuters
# -RRB- -": the model ran a headline's last word and the dateline into one PERSON span):
# a town in capitals, perhaps a date, then a news agency in brackets.
# (the bracket is searched first, then the words before it: one scan of each text)
_AGENCY = re.compile(r"(?:\(|-LRB-)\s*[A-Z][\w.]*\s*(?:\)|-RRB-)")
_DATELINE = re.compile(r"(?<![\w'.-])([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)*)\s*,?\s*"
                       r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?$")
_POSSESSIVE = re.compile(r"['’]s$")


def placed_names(found: Mapping[str, Sequence[Mention]], articles: Sequence[Article]
                 ) -> frozenset[str]:
    """Keys of the names that some article uses as a place: after a locative word ("in
    Hayward", "the city of Hayward", :func:`storyline.places.used_as_place`), before
    "-based", or as a dateline. A GeoNames town's name that is also the surname of a
    person of the story ("Hayward" beside Tony Hayward, BP's chief executive, tagged
    GPE, LOC and ORG by turns) is that person unless the story writes it so
    (:func:`storyline.entity_merges.retype_surnames`)."""
    from storyline.places import names_place, used_as_place

    text = {a.id: a.text for a in articles}
    out = {surface_key(d.group(1)) for t in text.values() for a in _AGENCY.finditer(t)
           if (d := _DATELINE.search(t, max(0, a.start() - 60), a.start()))}
    for aid, ms in found.items():
        t = text.get(aid, "")
        for m in ms:
            words = [_POSSESSIVE.sub("", w) for w in m.text.split()]
            if len(words) > 3 or not any(names_place(w) for w in words):
                continue  # cheap test first: clean_surface is slow
            surface = clean_surface(m.text, m.label)
            if not surface or " " in surface or not names_place(surface):
                continue  # only one-word GeoNames names are asked about
            line_start = m.start == 0 or t[:m.start].endswith("\n")
            if used_as_place(t, m.start) or t.startswith("-based", m.end) or (
                    line_start and _DATELINE_AFTER.match(t, m.end)):
                out.add(surface_key(surface))
    return frozenset(out)


def add_missed_mentions(index: EntityIndex, articles: Sequence[Article]) -> EntityIndex:
    """Find, by exact spelling, mentions of known entities that the model missed.

    The small model misses names it tags elsewhere in the story ("the capital of
    Kyiv" in one article, tagged in four others). A name or alias of at least four
    letters that belongs to one entity only, found as a whole word outside any
    tagged span, counts as a mention of that entity.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for e in index.entities:
        if e.type in ("person", "place", "organization"):
            for form in (e.name, *e.aliases):
                if len(form) >= 4 and form[:1].isupper():
                    owners[form].add(e.name)
    forms = sorted((f for f, names in owners.items() if len(names) == 1), key=len, reverse=True)
    if not forms:
        return index
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w-])")
    by_name = {e.name: e for e in index.entities}
    extra_articles: dict[str, dict[str, None]] = defaultdict(dict)
    extra_count: Counter = Counter()
    mentions = {k: list(v) for k, v in index.mentions.items()}
    for article in articles:
        known = mentions.setdefault(article.id, [])
        spans = [(m.start, m.end) for m in known]
        for m in pattern.finditer(article.text):
            if any(m.start() < e and s < m.end() for s, e in spans):
                continue
            name = next(iter(owners[m.group(0)]))
            known.append(ResolvedMention(article.id, m.start(), m.end(), m.group(0), name,
                                         by_name[name].type))
            extra_articles[name][article.id] = None
            extra_count[name] += 1
        known.sort(key=lambda r: r.start)
    if not extra_count:
        return index
    order = {a.id: i for i, a in enumerate(articles)}
    entities = []
    for e in index.entities:
        if e.name in extra_count:
            ids = sorted(set(e.article_ids) | set(extra_articles[e.name]),
                         key=lambda a: order.get(a, 1 << 20))
            e = Entity(e.name, e.type, e.aliases, tuple(ids), e.mentions + extra_count[e.name],
                       e.evidence)
        entities.append(e)
    entities.sort(key=lambda e: (-len(e.article_ids), -e.mentions, e.name.casefold()))
    return EntityIndex(tuple(entities), mentions)
