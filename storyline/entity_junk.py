"""Mentions that are not one name as the model cut them: lists, page furniture and
markup run into a name, cut to the names they hold before merging.

spaCy's small English model tags spans that become entities nobody would list
(NeuS train and Timeline17 briefs, bench/entity_quality.py):

1. **A list.** "Facebook, Google" (ORG) is two organisations. A mention that a comma
   splits into parts that each start with a capital is cut into those parts, each a
   mention with the same label, unless a part is a company or name suffix ("Farrar,
   Straus and Giroux, Inc.", "Martin Luther King, Jr.") or the mention is a place,
   where "City, State" is one name ("Tuscaloosa, Ala.", "Washington, D.C."). A list
   that holds a GeoNames place is a list of places ("Medford, Talent", tagged ORG: two
   Oregon towns), unless a part is tagged alone as an organisation or person or the
   place name is a word the story writes in lower case ("Freedom, Liberty"). The
   other way round, a person the model tagged apart from the generational suffix after
   it ("Donald Trump" and "Jr." in "Donald Trump, Jr.'s book") is joined to it.
2. **Treebank brackets.** Tokenised corpora write brackets as Penn Treebank escapes
   ("World Health Organization -LRB- WHO -RRB-"; Timeline17 does); the model tags them
   into names ("RRB- - Egypt") or alone ("RRB"). A mention is cut at every such token
   and keeps the parts that are names (not one word the story also writes in lower
   case: "ET -RRB- Demonstrators" keeps nothing).
3. **A time zone before a name.** A page's stamp runs into the next word ("BST Tamiflu",
   "GMT LONDON"): the zone is cut off (a zone alone is dropped earlier,
   :mod:`storyline.entity_mentions`).
4. **A date inside a name.** Comment threads and stamps ("Reply January 28, 2011",
   "Mon Mar 7, 2011") are tagged as organisations or people: a mention holding a month
   name followed by a day or year is cut to the name before the date, if any (not one
   word the story writes in lower case), and a weekday ending a name ("Trump
   Sunday") is cut off.
5. **A headline phrase before a name.** "The Latest on University of Alabama decision"
   (AP's live-update furniture) is tagged "Latest on University of Alabama": a
   mention of one word, "on" or "about", then a name that the story's own mentions
   tag alone, is cut to that name (so "Council on Foreign Relations" stays whole
   unless the story tags "Foreign Relations" by itself).
6. **An owner or a headline word before a name.** "Biden's White House" and "Twitter
   Inc's Jack Dorsey" are cut to the name after the possessive when the story tags
   that name alone (or, for a person, when the owner ends in a company suffix);
   "GUNS Barrett" (a headline's capitals run into a person's name) loses the
   capitals when they spell a word the story writes in lower case ("gun"; not "USS
   Barry");
   "WASHINGTON—Immigration" (a dateline) is cut at the dash.
7. **An office taken for a person.** "Justice Department" tagged PERSON loses its
   "title" (Justice) and became a person "Department": a person's mention whose last
   word heads an institution (Department, Ministry, Committee, ...) is an organisation.
8. **A clause's first word before a name.** "Following Obama's remarks" is tagged
   "Following Obama": a preposition (:data:`LEADING_WORDS`), or before a person a
   participle the story writes in lower case ("Remembering"; "Jared" is no participle
   of the story), is cut off when the rest is a name the story tags alone.

Each cut is recorded as evidence on the entity its mention ends up in, quoting the
span (:class:`storyline.entity_spans.Repair`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from storyline.entity_spans import Repair
from storyline.mentions import Mention
from storyline.model import Article
from storyline.names import SUFFIXES, clean_surface, surface_key
from storyline.places import is_place_name

KIND = "cut from one NER span"
# Suffixes a comma separates from the name they belong to.
NAME_SUFFIXES = frozenset("inc inc. ltd ltd. llc llp plc co co. corp corp. jr jr. sr sr. "
                          "ii iii iv sa ag nv bv lp".split())
_TREEBANK = re.compile(r"\s*-?\b(?:LRB|RRB|LSB|RSB|LCB|RCB)\b-?\s*")
ZONES = frozenset("GMT BST UTC CET CEST EST EDT CST CDT MST MDT PST PDT ET PT".split())
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
_DATE = re.compile(r"\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?" + _MONTH
                   + r"\s+\d{1,4}\b")
_WEEKDAY = re.compile(r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$")
_HEADLINE = re.compile(r"^(?:[Tt]he\s+)?[A-Z][a-z]+\s+(?:on|about)\s+(?=[A-Z])")
_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
# Words that open a clause before a name and are never part of one (rule 8).
LEADING_WORDS = frozenset("""after before following according despite during amid amidst
under unlike like without with against since until upon behind beyond including regarding
concerning given via among between toward towards throughout thanks as while when if
because although though unless whereas once meanwhile""".split())
OFFICE_HEADS = frozenset("department ministry committee commission agency council "
                         "parliament government administration office".split())


def _part(m: Mention, start: int, end: int, text: str, label: str | None = None) -> Mention:
    """The sub-span [start, end) of ``m`` (offsets in the mention), trimmed of spaces and
    commas, as a mention of its own."""
    chunk = m.text[start:end]
    lead = len(chunk) - len(chunk.lstrip(" ,-"))
    chunk = chunk.strip(" ,-")
    s = m.start + start + lead
    return Mention(m.article_id, s, s + len(chunk), chunk, label or m.label)


def _is_name(part: Mention) -> bool:
    return bool(part.text) and clean_surface(part.text, part.label) is not None


def _split_dash(m: Mention) -> list[Mention] | None:
    """"WASHINGTON—Immigration": a dateline run into the first words by a dash."""
    hit = re.search(r"\s?[—–]\s?", m.text)
    if not hit:
        return None
    head = _part(m, 0, hit.start(), "")
    if head.text.isupper() and is_place_name(head.text.title()):
        head = Mention(head.article_id, head.start, head.end, head.text, "GPE")  # a dateline
    return [p for p in (head, _part(m, hit.end(), len(m.text), "")) if _is_name(p)]


def _split_list(m: Mention, not_places: frozenset[str] = frozenset(),
                common: frozenset[str] = frozenset()) -> list[Mention] | None:
    """Rule 1; a list that holds a GeoNames place is a list of places ("in parts of
    Medford, Talent": Talent, Oregon, is too small for the gazetteer), unless a part is
    a name the story tags alone as an organisation or person (``not_places``); a place
    name the story also writes in lower case is no evidence ("Freedom, Liberty")."""
    if "," not in m.text or m.label in ("GPE", "LOC", "FAC"):
        return None
    cuts = [0] + [i for i, ch in enumerate(m.text) if ch == ","] + [len(m.text)]
    parts = [_part(m, cuts[i] + (i > 0), cuts[i + 1], "") for i in range(len(cuts) - 1)]
    if any(re.sub(r"['’]s$", "", p.text).lower() in NAME_SUFFIXES  # "Trump, Jr.'s book"
           or not p.text[:1].isupper() for p in parts):
        return None
    if any(w in ("and", "or", "&") for p in parts for w in p.text.lower().split()):
        return None  # "Bureau of Ocean Energy Management, Regulation and Enforcement"
    kept = [p for p in parts if _is_name(p)]
    if any(is_place_name(p.text) and p.text.lower() not in common for p in kept) \
            and not any(_key(p) in not_places for p in kept):
        kept = [Mention(p.article_id, p.start, p.end, p.text, "GPE") for p in kept]
    return kept


def _split_treebank(m: Mention) -> list[Mention] | None:
    if not _TREEBANK.search(m.text):
        return None
    pos, parts = 0, []
    for hit in _TREEBANK.finditer(m.text):
        parts.append(_part(m, pos, hit.start(), ""))
        pos = hit.end()
    parts.append(_part(m, pos, len(m.text), ""))
    return [p for p in parts if _is_name(p)]


def _trim(m: Mention, tagged_alone: set[str], common: frozenset[str]
          ) -> tuple[Mention | None, str] | None:
    """Rules 3 to 6 on one mention: the trimmed mention (None: drop it) and why."""
    words = m.text.split()
    if len(words) >= 2 and words[0] in ZONES:
        rest = _part(m, len(words[0]), len(m.text), "")
        return (rest if _is_name(rest) else None), f"time zone {words[0]} cut off"
    date = _DATE.search(m.text)
    if date:  # "Medvedev March 23, 2011": the name before the date, if any, is kept
        rest = _part(m, 0, date.start(), "")
        while rest.text.split() and rest.text.split()[-1].lower() in ("of", "on", "the", "in"):
            rest = _part(rest, 0, rest.text.rindex(" ") if " " in rest.text else 0, "")
        keep = _is_name(rest) and not (" " not in rest.text and rest.text.lower() in common)
        return (rest if keep else None), "a date cut off"
    weekday = _WEEKDAY.search(m.text)
    if weekday:
        rest = _part(m, 0, weekday.start(), "")
        return (rest if _is_name(rest) else None), f"weekday{weekday.group(0)} cut off"
    head = _HEADLINE.match(m.text)
    if head:
        rest = _part(m, head.end(), len(m.text), "")
        if _key(rest) in tagged_alone:
            return rest, f"headline words \u201c{head.group(0).strip()}\u201d cut off"
    lead = _leading_word(m, words, tagged_alone, common)
    if lead:
        return lead
    owner = _POSSESSIVE.search(m.text)
    if owner:
        rest = _part(m, owner.end(), len(m.text), "")
        owned_by = (m.text[:owner.start()].split() or [""])[-1].lower()
        if len(rest.text.split()) >= 2 and _is_name(rest) and (_key(rest) in tagged_alone or (
                m.label == "PERSON" and owned_by in NAME_SUFFIXES)):
            return rest, f"owner \u201c{m.text[:owner.start()]}\u2019s\u201d cut off"
    if m.label == "PERSON" and len(words) >= 2 and words[0].isalpha() and words[0].isupper() \
            and {words[0].lower(), words[0].lower().removesuffix("s")} & common \
            and not any(w.isupper() for w in words[1:]):
        rest = _part(m, len(words[0]), len(m.text), "")
        return rest, f"headline capitals \u201c{words[0]}\u201d cut off"
    if m.label == "PERSON" and len(words) >= 2 and words[-1].lower() in OFFICE_HEADS:
        return Mention(m.article_id, m.start, m.end, m.text, "ORG"), \
            f"an office, not a person ({words[-1]})"
    return None


def _leading_word(m: Mention, words: list[str], tagged_alone: set[str],
                  common: frozenset[str]) -> tuple[Mention, str] | None:
    """Rule 8: "Following Obama's remarks" tagged "Following Obama": a preposition, or
    (before a person) a participle the story writes in lower case, cut off when what
    follows is a name the story tags alone."""
    first = words[0] if len(words) >= 2 else ""
    if not (first.isalpha() and first[0].isupper()):
        return None
    if first.lower() not in LEADING_WORDS and not (  # "Jared", "Channing": names, not common
            m.label == "PERSON" and re.fullmatch(r"[A-Z][a-z]{2,}(?:ing|ed)", first)
            and first.lower() in common):
        return None
    rest = _part(m, len(first), len(m.text), "")
    if _is_name(rest) and _key(rest) in tagged_alone:
        return rest, f"leading \u201c{first}\u201d cut off"
    return None


_SUFFIX_AFTER = re.compile(r",?\s?$")


def _join_suffixes(ms: Sequence[Mention], text: str) -> tuple[list[Mention], list[Repair]]:
    """"Donald Trump, Jr.'s book": the model tags "Donald Trump" and "Jr." apart; a person
    followed (after a comma or a space) by a mention that is only a generational suffix
    is one name, or the son becomes his father."""
    out: list[Mention] = []
    repairs: list[Repair] = []
    for m in ms:
        prev = out[-1] if out else None
        bare = re.sub(r"['’]s$", "", m.text).lower().rstrip(".")
        if prev is not None and prev.label == "PERSON" and bare in SUFFIXES \
                and m.text[:1].isupper() and prev.end <= m.start and \
                _SUFFIX_AFTER.fullmatch(text[prev.end:m.start]) and " " in prev.text:
            joined = Mention(prev.article_id, prev.start, m.end, text[prev.start:m.end], "PERSON")
            out[-1] = joined
            repairs.append(Repair(m.article_id, joined.start, joined.end,
                                  f"{joined.text}: joined from \u201c{prev.text}\u201d and "
                                  f"\u201c{m.text}\u201d, a generational suffix"))
            continue
        out.append(m)
    return out, repairs


def _key(m: Mention) -> str:
    return _text_key(m.text, m.label)


@lru_cache(maxsize=8192)
def _text_key(text: str, label: str) -> str:
    surface = clean_surface(text, label)
    return surface_key(surface) if surface else ""


def clean_mentions(mentions: Mapping[str, Sequence[Mention]], articles: Sequence[Article],
                   common: frozenset[str] | None = None
                   ) -> tuple[dict[str, list[Mention]], list[Repair]]:
    """Mentions cut to the names they hold (module docstring), and a note per cut.
    ``common``: the story's lower-case words (:func:`.entity_merges.lower_case_words`,
    which the merge reads too), found here when not given."""
    if common is None:
        from storyline.entity_merges import lower_case_words

        common = lower_case_words(a.text for a in articles)
    tagged_alone = {_key(m) for ms in mentions.values() for m in ms}
    not_places = frozenset(_key(m) for ms in mentions.values() for m in ms
                           if m.label in ("ORG", "PERSON") and "," not in m.text)
    out: dict[str, list[Mention]] = {}
    repairs: list[Repair] = []
    texts = {a.id: a.text for a in articles}
    for article_id, ms in mentions.items():
        fixed: list[Mention] = []
        if article_id in texts:
            ms, joins = _join_suffixes(ms, texts[article_id])
            repairs += joins
        for m in ms:
            parts = next((p for p in (_split_treebank(m), _split_list(m, not_places, common),
                                      _split_dash(m))
                          if p is not None), None)  # [] (a bare "RRB"): nothing kept
            why = "bracket escapes" if _TREEBANK.search(m.text) else \
                "a list" if "," in m.text else "a dash between names"
            if parts is None:
                trimmed = _trim(m, tagged_alone - {_key(m)}, common)
                if trimmed is None:
                    fixed.append(m)
                    continue
                part, why = trimmed
                parts = [part] if part is not None else []
            for p in parts:
                if (why == "bracket escapes" or why.startswith("time zone")) and \
                        " " not in p.text and p.text.lower() in common:
                    continue  # "-RRB- Protesters": a capitalised common word, no name
                fixed.append(p)
                repairs.append(Repair(article_id, p.start, p.end,
                                      f"{p.text}: {KIND} \u201c{m.text}\u201d ({m.label}): {why}"))
        out[article_id] = fixed
    return out, repairs
