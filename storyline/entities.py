"""Named entities of a story, merged across spellings, partial mentions and typos.

spaCy's small English model (:mod:`storyline.nlp`, NER only) finds the mentions,
:mod:`storyline.entity_spans` repairs the spans it ran together or cut wrongly, and
this module decides which mentions name the same person, place or organisation.
Outlets spell names differently (Sergey/Sergei Lavrov), shorten them after the
first mention (Lavrov, Putin), mistype them (Lavor, Donestk) and abbreviate
organisations (EU); and the small model labels one surface differently from one
sentence to the next (Kyiv as a place, then as a person). Each merge below is
guarded so that different people who share a surname stay apart, and each is
recorded as evidence on the entity.

Mentions that name nothing are dropped first (:mod:`storyline.entity_mentions`): a time
zone ("13.03 BST") and a one-word tail of an office's title ("State" in "Secretary of
State Mike Pompeo"); lists, bracket escapes, dates and headline words are cut out of
spans (:mod:`storyline.entity_junk`). Surnames typed ORG, lone first names and newspapers'
head words merge (:mod:`storyline.entity_merges`, steps 3b and 5b); platforms typed
person, agencies' acronyms typed place, named storms ("Hurricane Harvey") typed person
or place, and rigs ("Deepwater Horizon"), initialisms ("LGBTQ") and members of a people
or faith ("Uighur Muslims") typed person, and people's full names typed organisation or
place ("porn star Stormy Daniels") are re-typed (:mod:`storyline.entity_types`).

Merging, in order (all within one story):

1. **Same surface.** Mentions with the same normalised text (case, accents,
   possessive 's, leading "the" and titles such as "President" removed) are one
   entity; its type is decided by vote over all its mentions, except that a one-word
   name that is the surname of a full person name in the story is a person, and a
   one-word name that is never part of a person's full name but is labelled a place
   or organisation somewhere is not a person (the model's usual mistake), unless a
   personal title stands right before it somewhere, it is never labelled a place and
   is labelled a person more often than anything else ("President Trump" four times,
   "the Trump administration" once; on NeuS val+train 67 entities change from
   organisation to person: Trump 64 times, Biden twice, Gabbard; one group, Democrats,
   wrongly).
2. **Full names.** Person names with the same surname merge when their first names
   are the same or spelling variants (same first letter, Jaro-Winkler >= 0.85:
   Sergey/Sergei, Joe/Joseph); Joe Biden and Hunter Biden stay apart. Complete link:
   a name joins a group only if it is compatible with every name already in it.
   Generational suffixes must agree ("Donald Trump Jr." is not "Donald Trump Sr."); a
   name without one joins a suffixed one (outlets drop "Jr." from "Joseph R. Biden Jr.")
   unless an article writes both with the same words but the suffix: father and son
   (:func:`storyline.names.same_generation`). "Trump Jr." joins the one person so named.
3. **Surname only.** "Lavrov" joins "Sergey Lavrov" only when exactly one person
   group in the story has that surname; with two (Joe and Hunter Biden) a bare
   "Biden" stays its own entity rather than being guessed; so does a surname the
   story writes after a personal title ("President Trump") when that person is named
   in full only with a generational suffix that never takes the title ("Donald Trump
   Jr.": the title names his father; "Dr King" still joins "Dr. Martin Luther King
   Jr.", an untitled "Vance" "Cyrus Vance Jr.").
2b. **Surname spelling variants** (:mod:`storyline.name_variants`). Full names whose
   surnames are transliterations or near spellings of each other (Zelensky /
   Zelenskiy, Bywater / Byewater) merge when their first names agree; a lone
   surname with no exact match, in capitals too ("ZELENSKY", tagged ORG in a
   headline), joins the one person whose surname it spells, when the story also
   calls that person by surname alone and neither name is anyone's first name.
4. **Typos.** A one-word name seen at most twice, in one article, joins an
   established spelling (seen at least twice and twice as often, counting words
   inside longer names) when both have at least five letters, the same first letter,
   Jaro-Winkler >= 0.9, and differ by one edit or by a transposition plus one
   letter (Lavor/Lavrov, Donestk/Donetsk; not Austria/Australia), and their types
   agree or the rare form only has the labels the model gives unfamiliar
   capitalised words (ORG, PRODUCT, WORK_OF_ART). Exactly one target, or no merge.
5. **Acronyms.** An all-capital word (dots ignored: U.S., EU, NATO) joins the one
   multi-word organisation or place of the same type whose initials it spells (and
   that does not contain it: "U.S." is not "U.S. Senate"). Steps 4 and 5 are in
   :mod:`storyline.entity_links`.
6. **Missed mentions.** A name or alias (four letters or more, of one entity only)
   found as a whole word outside every tagged span is a mention too: the small
   model tags "Kyiv" in four articles and misses it in the fifth.
7. **Towns typed as organisations.** An organisation of one or two words that
   GeoNames knows as a place and that the text uses as one ("in Mariupol", "the
   city of Bucha") is a place (:mod:`storyline.places`).

Generic institutions named with different owners ("Ukraine's Defense Ministry",
"Russia's Defense Ministry") are then split per owner and word-order variants
merged (:mod:`storyline.institutions`).

The canonical name is the most-mentioned full name (persons) or surface; every
other spelling is an alias. A place written only in a dateline's capitals ("LAS VEGAS")
is named as GeoNames writes it ("Las Vegas"; :func:`storyline.places.place_case`).
Entities are sorted by the number of articles that mention them, then by mentions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storyline import entity_merges as more  # steps 3b and 5b (module docstring there)
from storyline.entity_links import WEAK_LABELS, link_acronyms, link_typos  # steps 4 and 5
from storyline.mentions import LABEL_TYPES, PERSON_TITLES, Mention, find_mentions
from storyline.model import Article, Entity
from storyline.name_variants import first_name_keys, link_full_names, link_lone_surname
from storyline.names import (
    _STRIP,
    TITLES,
    clean_surface,
    first_names_compatible,
    generation,
    same_generation,
    surface_key,
    surname,
    typo_similar,
)
from storyline.places import place_case
from storyline.unionfind import UnionFind

__all__ = ["LABEL_TYPES", "PERSON_TITLES", "EntityIndex", "Mention", "ResolvedMention",
           "clean_surface", "extract_entities", "find_mentions", "first_names_compatible",
           "merge_mentions", "surface_key", "surname", "typo_similar"]

TYPE_ORDER = ("person", "place", "organization", "group", "event", "law")


@dataclass(frozen=True)
class ResolvedMention:
    """A mention and the merged entity it names."""

    article_id: str
    start: int
    end: int
    text: str
    name: str
    type: str


@dataclass
class EntityIndex:
    """The merged entities of a story and, per article, which mention names which."""

    entities: tuple[Entity, ...] = ()
    mentions: dict[str, list[ResolvedMention]] = field(default_factory=dict)

    def in_span(self, article_id: str, start: int, end: int) -> list[ResolvedMention]:
        return [m for m in self.mentions.get(article_id, ()) if m.start >= start and m.end <= end]

    def lookup(self, phrase: str) -> Entity | None:
        """The one entity a capitalised phrase names, for names the NER missed.

        Exact name or alias first; a lone word also matches the surname of exactly
        one person (the rule of step 3).
        """
        words = [w.strip(_STRIP) for w in phrase.split()]
        words = [w for w in words if w and w[0].isupper()]
        while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
            words = words[1:]
        if not words:
            return None
        key = surface_key(" ".join(words))
        exact = [e for e in self.entities
                 if key in {surface_key(n) for n in (e.name, *e.aliases)}]
        if len(exact) == 1:
            return exact[0]
        if len(words) == 1 and not exact:
            persons = [e for e in self.entities if e.type == "person"
                       and surname(surface_key(e.name)) == key]
            if len(persons) == 1:
                return persons[0]
        return None


# ---------------------------------------------------------------------------
# merging

@dataclass
class _Surface:
    key: str
    labels: Counter = field(default_factory=Counter)
    forms: Counter = field(default_factory=Counter)
    articles: dict[str, None] = field(default_factory=dict)
    first: tuple[int, int] = (1 << 30, 0)  # (article order, offset) of first mention
    type: str | None = None

    @property
    def count(self) -> int:
        return sum(self.labels.values())

    @property
    def tokens(self) -> list[str]:
        return self.key.split()

    @property
    def surname(self) -> str | None:
        return surname(self.key)

    def display(self) -> str:
        """The most frequent spelling, preferring one that is not all capitals."""
        ranked = sorted(self.forms.items(), key=lambda kv: (kv[0].isupper() and len(kv[0]) > 4,
                                                             -kv[1], kv[0]))
        return ranked[0][0]


def _vote(labels: Counter) -> str | None:
    votes: Counter = Counter()
    for label, n in labels.items():
        if label in LABEL_TYPES:
            votes[LABEL_TYPES[label]] += n
    if not votes:
        return None
    return max(votes, key=lambda t: (votes[t], -TYPE_ORDER.index(t)))


def _collect(mentions: dict[str, list[Mention]], order: dict[str, int]
             ) -> tuple[dict[str, _Surface], dict[tuple[str, int, int], str]]:
    surfaces: dict[str, _Surface] = {}
    key_of: dict[tuple[str, int, int], str] = {}
    for article_id, ms in mentions.items():
        for m in ms:
            surface = clean_surface(m.text, m.label)
            if surface is None:
                continue
            key = surface_key(surface)
            s = surfaces.setdefault(key, _Surface(key))
            s.labels[m.label] += 1
            s.forms[surface] += 1
            s.articles[article_id] = None
            s.first = min(s.first, (order.get(article_id, 1 << 20), m.start))
            key_of[(article_id, m.start, m.end)] = key
    return surfaces, key_of


def _reduce_titled_names(surfaces: dict[str, _Surface],
                         key_of: dict[tuple[str, int, int], str]) -> None:
    """'Russian FM Sergey Lavrov' (tagged ORG) is the person 'Sergey Lavrov'."""
    persons = {k for k, s in surfaces.items()
               if len(s.tokens) >= 2 and _vote(s.labels) == "person"}
    for key in list(surfaces):
        tokens = key.split()
        if len(tokens) < 3 or key in persons:
            continue
        for n in range(len(tokens) - 1, 1, -1):
            tail = " ".join(tokens[-n:])
            if tail in persons:
                source = surfaces.pop(key)
                target = surfaces[tail]
                target.labels["PERSON"] += source.count
                for form, c in source.forms.items():
                    target.forms[" ".join(form.split()[-n:])] += c
                target.articles.update(source.articles)
                target.first = min(target.first, source.first)
                for m, k in key_of.items():
                    if k == key:
                        key_of[m] = tail
                break


def _place_votes(labels: Counter) -> int:
    return sum(n for lab, n in labels.items() if LABEL_TYPES.get(lab) == "place")


def _decide_types(surfaces: dict[str, _Surface], titled: frozenset[str] = frozenset()
                  ) -> None:
    """Type by vote, corrected for the small model's usual confusions (docstring, step 1).

    A full name only counts as one when its first word is not itself a place or
    organisation of the story ("Bucha Ukraine" is not a person called Ukraine); a
    surname and a generational suffix ("Trump Jr.") have no first word to check: the
    model's "the Trump administration" (ORG) once dropped Don Jr. from NeuS val-101.
    """
    not_person = {k for k, s in surfaces.items()
                  if len(s.tokens) == 1 and set(s.labels) - {"PERSON"}}
    surnames = set()
    for s in surfaces.values():
        if len(s.tokens) >= 2 and _vote(s.labels) == "person":
            if s.tokens[0] not in not_person or (len(s.tokens) == 2 and generation(s.key)):
                if s.surname:
                    surnames.add(s.surname)
            else:
                s.labels = Counter({lab: n for lab, n in s.labels.items() if lab != "PERSON"}) \
                    or Counter({"PRODUCT": s.count})
    for s in surfaces.values():
        s.type = _vote(s.labels)
        if len(s.tokens) != 1 or s.type is None:
            continue
        person_votes = s.labels.get("PERSON", 0)
        if s.key in surnames and person_votes and person_votes >= _place_votes(s.labels):
            s.type = "person"
        elif s.type == "person":
            other = Counter({LABEL_TYPES[lab]: n for lab, n in s.labels.items()
                             if lab in LABEL_TYPES and LABEL_TYPES[lab] != "person"})
            # ... unless a personal title stands before it somewhere, it is never a
            # place and the person reading wins ("President Trump" four times, "the
            # Trump administration" once: NeuS train listed Trump as an organisation)
            if other and ("place" in other or s.key not in titled or
                          person_votes <= sum(other.values())):
                s.type = max(other, key=lambda t: (other[t], -TYPE_ORDER.index(t)))


def merge_mentions(mentions: dict[str, list[Mention]],
                   article_order: Sequence[str] | None = None,
                   variants: bool = True, titled: frozenset[str] = frozenset(),
                   common: frozenset[str] = frozenset(),
                   placed: frozenset[str] | None = None) -> EntityIndex:
    """Merge the mentions of one story's articles into entities (module docstring);
    ``variants=False`` skips the surname spelling variants (step 2b, to measure it).
    ``titled``: keys of names a personal title stands before somewhere
    ("President Trump"; :func:`titled_names`); ``common``: its lower-case words;
    ``placed``: keys of names used as places somewhere (:func:`placed_names`; None: not
    known, so every GeoNames name is taken for a place)."""
    order = {a: i for i, a in enumerate(article_order or list(mentions))}
    surfaces, key_of = _collect(mentions, order)
    _reduce_titled_names(surfaces, key_of)
    _decide_types(surfaces, titled)
    union = UnionFind()
    for key in surfaces:
        union.find(key)
    evidence: dict[str, list[str]] = defaultdict(list)

    # 1b. plural of a group name ("Ukrainians" / "Ukrainian")
    for s in surfaces.values():
        single = surfaces.get(s.key[:-1])
        if s.type == "group" and s.key.endswith("s") and single and single.type == "group":
            union.union(single.key, s.key)
            evidence[s.key].append(f"{s.display()}: plural of {single.display()}")

    # 2. full person names by surname, complete link on first names
    full = sorted((s for s in surfaces.values() if s.type == "person" and s.surname),
                  key=lambda s: (-s.count, s.first))
    by_surname: dict[str, list[list[_Surface]]] = defaultdict(list)
    for s in full:
        groups = by_surname[s.surname or ""]
        for group in groups:
            if all(first_names_compatible(s.tokens[0], g.tokens[0])
                   and same_generation(s.key, g.key, bool(set(s.articles) & set(g.articles)))
                   for g in group):
                group.append(s)
                if s.tokens[0] != group[0].tokens[0]:
                    evidence[s.key].append(
                        f"{s.display()}: same surname, first name a variant or short form of "
                        f"{group[0].display()}")
                union.union(group[0].key, s.key)
                break
        else:
            groups.append([s])

    # 2b. full names whose surnames are spelling variants (storyline.name_variants)
    if variants:
        link_full_names(by_surname, first_names_compatible, union, evidence)
        more.retype_surnames(surfaces, by_surname, evidence, common,  # "Baquet" (ORG)
                             placed)

    # 3. surname-only mentions join the one person group with that surname (or, in
    # capitals or not, with a surname it is a spelling variant of: name_variants)
    alone = {k for k, s in surfaces.items() if len(s.tokens) == 1 and s.type == "person"}
    given = first_name_keys(by_surname)
    for s in surfaces.values():
        if len(s.tokens) != 1 or not (s.type == "person" or (
                set(s.labels) <= WEAK_LABELS and s.display().isupper() and len(s.key) >= 4)):
            continue
        groups = by_surname.get(s.key, [])
        if len(groups) == 1 and all(generation(g.key) for g in groups[0]) \
                and s.key in titled and not any(g.key in titled for g in groups[0]):
            # "President Trump" beside only "Donald Trump Jr.": the title names someone
            # the suffixed name never is called (his father); "Dr King" joins "Dr.
            # Martin Luther King Jr.", an untitled "Vance" joins "Cyrus Vance Jr."
            evidence[s.key].append(f"{s.display()}: left apart, titled where "
                                   f"{groups[0][0].display()} (a generational suffix) never is")
            continue
        if not groups and variants:
            link_lone_surname(s, by_surname, alone, given, union, evidence)
        elif len(groups) == 1:
            union.union(groups[0][0].key, s.key)
            evidence[s.key].append(f"{s.display()}: surname of {groups[0][0].display()}, the "
                                   "only person with that surname in the story")
        elif len(groups) > 1:
            names = ", ".join(g[0].display() for g in groups)
            evidence[s.key].append(f"{s.display()}: left apart, the surname of {names}")

    # 3c. surname and suffix ("Trump Jr.") join the one person so named in full
    for s in surfaces.values():
        gen = generation(s.key)
        if len(s.tokens) != 2 or s.type != "person" or not gen:
            continue
        hits = [g for g in by_surname.get(s.tokens[0].rstrip(","), [])
                if any(generation(x.key) == gen for x in g)]
        if len(hits) == 1:
            union.union(hits[0][0].key, s.key)
            evidence[s.key].append(f"{s.display()}: surname and suffix of "
                                   f"{hits[0][0].display()}, the only person so named")

    link_typos(surfaces, union, evidence)  # 4 (storyline.entity_links)
    link_acronyms(surfaces, union, evidence)  # 5
    if variants:  # "Saddam" for Saddam Hussein, "Times" for New York Times
        more.link_short_names(surfaces, by_surname, union, evidence, common)

    return _build(surfaces, union, evidence, key_of, mentions, order)


def _build(surfaces: dict[str, _Surface], union: UnionFind, evidence: dict[str, list[str]],
           key_of: dict[tuple[str, int, int], str], mentions: dict[str, list[Mention]],
           order: dict[str, int]) -> EntityIndex:
    entities: list[tuple[tuple, Entity]] = []
    canonical: dict[str, tuple[str, str]] = {}  # root -> (name, type)
    for keys in union.components():
        root = union.find(keys[0])
        members = [surfaces[k] for k in keys]
        persons = [m for m in members if m.type == "person" and len(m.tokens) >= 2]
        pool = persons or members
        head = max(pool, key=lambda m: (m.count, len(m.articles), len(m.tokens),
                                        -m.first[0], -m.first[1]))
        etype = head.type
        if etype is None:
            typed = [m for m in members if m.type]
            if not typed:
                continue
            etype = max(typed, key=lambda m: m.count).type
        name = head.display()
        forms: Counter = Counter()
        for m in members:
            for form, n in m.forms.items():
                forms[form] += n
        if etype == "place":
            name = place_case(name)
        aliases = tuple(f for f, _ in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))
                        if f != name)
        articles = sorted({a for m in members for a in m.articles}, key=lambda a: order[a])
        count = sum(m.count for m in members)
        notes = tuple(e for k in sorted(keys) for e in evidence.get(k, ()))
        canonical[root] = (name, etype)
        entities.append(((-len(articles), -count, name.casefold()),
                         Entity(name, etype, aliases, tuple(articles), count, notes)))
    resolved: dict[str, list[ResolvedMention]] = {}
    for article_id, ms in mentions.items():
        out = []
        for m in ms:
            key = key_of.get((article_id, m.start, m.end))
            if key is None or key not in surfaces:
                continue
            hit = canonical.get(union.find(key))
            if hit:
                out.append(ResolvedMention(article_id, m.start, m.end, m.text, *hit))
        resolved[article_id] = sorted(out, key=lambda r: r.start)
    entities.sort(key=lambda pair: pair[0])
    return EntityIndex(tuple(e for _, e in entities), resolved)


def extract_entities(articles: Sequence[Article],
                     mentions: Mapping[str, Sequence[Mention]] | None = None,
                     repair: bool = True) -> EntityIndex:
    """Entities of one story's articles: NER, span repairs, merging, then the mentions
    NER missed.

    ``mentions`` are articles' NER mentions computed earlier (storyline.mentions:
    they depend on the article alone); only articles missing from it are annotated.
    ``repair=False`` skips :mod:`storyline.entity_spans`, :mod:`storyline.institutions`,
    :mod:`storyline.name_variants`, and :mod:`storyline.entity_junk`, ``entity_merges``
    and ``entity_types`` (to measure what they change).
    """
    from storyline.entity_junk import clean_mentions
    from storyline.entity_mentions import (
        add_missed_mentions,
        drop_non_names,
        placed_names,
        titled_names,
    )
    from storyline.entity_spans import record_repairs, repair_mentions
    from storyline.entity_types import retype_by_use
    from storyline.institutions import resolve_institutions
    from storyline.places import retype_places

    found, repairs = drop_non_names(find_mentions(articles, mentions), articles), []
    common = more.lower_case_words(a.text for a in articles)  # read by the cuts and merge
    if repair:
        found, cuts = clean_mentions(found, articles, common)
        found, repairs = repair_mentions(found, articles)
        repairs = cuts + repairs
    index = merge_mentions(found, [a.id for a in articles], variants=repair,
                           titled=titled_names(found, articles),
                           common=common, placed=placed_names(found, articles))
    index = retype_places(add_missed_mentions(index, articles), articles)
    if not repair:
        return index
    index = retype_by_use(index, articles)
    entities, resolved = record_repairs(index.entities, index.mentions, repairs)
    return EntityIndex(*resolve_institutions(entities, resolved, articles))
