"""Mentions whose span the NER model ran together or cut wrongly, repaired before merging.

spaCy's small English model makes three span mistakes that merging by name
(:mod:`storyline.entities`) cannot undo, because the wrong span becomes an entity
of its own:

1. **A place run into a person's name.** "President of Ukraine Volodymyr Zelenskyy"
   comes out as one organisation "Ukraine Volodymyr Zelenskyy". A mention of three
   words or more is split into a place and a person when its first words are a place
   (a GeoNames name, or a name the story's own mentions label a place; never a
   particle such as "La") and the rest, titles such as "Ms" skipped, is written like
   a person's name (capitalised words: not "BP") and is a person of the story: a full
   name labelled a person elsewhere; a surname labelled a person elsewhere (alone
   after a title: "Luxembourg Ms Vassiliou"); or a surname the model missed but the
   text uses alone as the subject of a speech verb ("Zelskyy, on the other hand,
   said"), never in lower case and labelled nothing else (those lone uses then
   count as mentions of the person). A mention the model itself labelled a person
   splits only when the place is labelled a place elsewhere in the story; one it
   labelled a facility ("Cairo International Airport") never does. Both
   halves become mentions of their own (a place, a person) and merge like any other.
   A place run into an organisation ("the Gulf of Mexico BP 's report", "Ireland BP")
   splits the same way when the rest is a distinctive organisation of the story:
   labelled one elsewhere, more often than anything else, and either an acronym or
   two words or more without a generic head (so "New York Times", "U.S. Senate",
   "Alabama Supreme Court" stay whole), and the run itself is not a name the story
   uses twice.
2. **A coordinated plural.** In "the Donetsk and Luhansk Republics" the model tags
   "Luhansk Republics", a name nobody uses: the head noun is shared by the two
   conjuncts. A mention of two words or more whose last word is a capitalised plural,
   right after "X and" / "X, Y and" where X does not end a person's name ("Kendall
   Marshall and Harrison Barnes"), is cut to its modifier ("Luhansk") when the
   plural is not a name in itself (no "the", "of" inside: "the United States", "League
   of Nations") and the story says so: its singular ends another name of the story
   that starts with one of the conjuncts ("Donetsk People's Republic", typos
   allowed), or both conjuncts are places ("the Chukchi and Beaufort Seas"). When the
   story writes the conjunct's full singular name ("Luhansk People's Republic"), the
   cut mention counts as that entity; otherwise the modifier keeps the type the story
   gives it (a place here), and the shared head is dropped rather than guessed into a
   name the story never writes. The mention's span stays on the article's own words.
Word-order variants ("Defense Ministry" / "Ministry of Defense") and generic
institutions named with different owners ("Ukraine's Defense Ministry", "Russia's
Defense Ministry") are resolved after merging, in :mod:`storyline.institutions`.

Every repair is recorded in the evidence of the entity it touches, quoting the
words it rests on, so a reader can check it. The rules use the model's labels
across the story, GeoNames (:mod:`storyline.places`) and word shape only.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from storyline.institutions import (
    GENERIC_HEADS,
    word_order_key,  # noqa: F401  (bench, tests use it here)
)
from storyline.institutions import KINDS as INSTITUTION_KINDS
from storyline.mentions import LABEL_TYPES, Mention
from storyline.model import Article, Entity
from storyline.name_variants import KIND as VARIANT_KIND
from storyline.names import PARTICLES, TITLES, clean_surface, surface_key, typo_similar
from storyline.places import is_place_name

PLACE_LABELS = frozenset({"GPE", "LOC"})
# "X and", "X, Y and", "X or": what stands before the last conjunct of a coordination
_COORDINATED = re.compile(
    r"(?P<first>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s*(?:,\s*[A-Z][\w'’.-]*)*,?\s+"
    r"(?:and|or|&)\s+$")
_WORD = re.compile(r"\S+")
# how a given name or surname is written: "Zelenskyy", "O'Brien", "Jean-Luc", "McCain"
_NAME_WORD = re.compile(r"[A-Z][a-z]*(?:['’-]?[A-Z]?[a-z]+)+")
# the words that tell each kind of note apart in an entity's evidence (bench, quality gate)
# (also those of storyline.institutions and storyline.name_variants, whose links are
# hand-checked the same way)
KINDS = {"split": "split from one NER span", "plural": "coordinated plural", **INSTITUTION_KINDS,
         "variant": VARIANT_KIND}


@dataclass(frozen=True)
class Repair:
    """One repaired mention: where it now is, and the note for its entity."""

    article_id: str
    start: int
    end: int
    note: str
    target: str | None = None  # surface key of the entity the mention names, if not its own


def _words(m: Mention) -> list[tuple[int, int, str]]:
    """(start, end, word) of the mention's words, offsets in the article."""
    return [(m.start + w.start(), m.start + w.end(), w.group(0)) for w in _WORD.finditer(m.text)]


def _sub(m: Mention, words: list[tuple[int, int, str]], label: str, text: str) -> Mention:
    start, end = words[0][0], words[-1][1]
    return Mention(m.article_id, start, end, text[start:end] if text else
                   m.text[start - m.start:end - m.start], label)


@dataclass
class _Story:
    """What the story's own mentions say about names: labels by surface key."""

    labels: dict[str, Counter]
    surnames: Counter  # last words of PERSON-labelled multi-word mentions, one-word PERSONs
    forms: dict[str, str]  # key -> a spelling in the text
    texts: Mapping[str, str]
    mentions: Mapping[str, Sequence[Mention]]
    _alone: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, mentions: Mapping[str, Sequence[Mention]],
           texts: Mapping[str, str] | None = None) -> _Story:
        labels: dict[str, Counter] = defaultdict(Counter)
        surnames: Counter = Counter()
        forms: dict[str, str] = {}
        seen: dict[tuple[str, str], tuple[str, str] | None] = {}  # names repeat: clean once
        for ms in mentions.values():
            for m in ms:
                if (m.text, m.label) not in seen:
                    surface = clean_surface(m.text, m.label)
                    seen[m.text, m.label] = (surface, surface_key(surface)) if surface else None
                hit = seen[m.text, m.label]
                if hit is None:
                    continue
                surface, key = hit
                labels[key][m.label] += 1
                forms.setdefault(key, surface)
                if m.label == "PERSON":
                    surnames[key.split()[-1]] += 1
        return cls(dict(labels), surnames, forms, texts or {}, mentions)

    def alone(self, word: str) -> list[tuple[str, int, str]]:
        """Where ``word`` stands alone, outside every tagged span, as the subject of a
        speech verb ("Zelskyy, on the other hand, said"): the shape of a surname the
        model missed. (article id, offset, the words quoted)."""
        if word not in self._alone:
            self._alone[word] = _alone_uses(word, self.texts, self.mentions)
        return self._alone[word]

    def in_lower_case(self, word: str) -> bool:
        """Whether the story writes ``word`` in lower case (a name never is)."""
        low = word.lower()
        pattern = re.compile(r"(?<![\w-])" + re.escape(low) + r"(?![\w-])")
        return any(low in t and pattern.search(t) for t in self.texts.values())

    def place_here(self, name: str) -> bool:
        """Labelled a place by the story's own mentions, more often than anything else."""
        votes = self.labels.get(surface_key(name))
        if not votes:
            return False
        place = sum(n for lab, n in votes.items() if lab in PLACE_LABELS)
        return place > 0 and place >= sum(votes.values()) - place

    def person_here(self, key: str, minus: int = 0) -> bool:
        votes = self.labels.get(key, Counter())
        return votes.get("PERSON", 0) - minus > 0 and \
            votes.get("PERSON", 0) - minus >= sum(votes.values()) - votes.get("PERSON", 0)


def _display(key: str, story: _Story) -> str:
    return story.forms.get(key, key)


def _is_place(name: str, story: _Story) -> bool:
    return story.place_here(name) or is_place_name(name)


def _person_evidence(rest: list[str], story: _Story, own_label: str) -> str | None:
    """Why the words after a place are a person, or None."""
    key = surface_key(" ".join(rest))
    if story.person_here(key, minus=1 if own_label == "PERSON" else 0):
        return f"{' '.join(rest)} is labelled a person elsewhere in the story"
    last = surface_key(rest[-1])
    own = 1 if own_label == "PERSON" else 0
    if len(rest) <= 2 and story.surnames.get(last, 0) - own > 0:
        return f"{rest[-1]} is labelled a person elsewhere in the story"
    if len(rest) == 2 and not is_place_name(rest[-1]) and \
            not any(story.labels.get(surface_key(w)) for w in rest) and story.alone(rest[-1]) \
            and not any(story.in_lower_case(w) for w in rest):
        return (f"{rest[-1]} stands alone elsewhere in the story as a name "
                f"(\u201c{story.alone(rest[-1])[0][2]}\u201d), never in lower case")
    return None


_SPEECH = re.compile(r"[^.!?\n]{0,60}?\b(?:said|says|told|added|asked|spoke|wrote|warned)\b")


def _alone_uses(word: str, texts: Mapping[str, str], mentions: Mapping[str, Sequence[Mention]]
                ) -> list[tuple[str, int, str]]:
    pattern = re.compile(r"(?<![\w'’-])" + re.escape(word) + r"(?![\w'’-])")
    out = []
    for article_id, text in texts.items():
        if word not in text:
            continue
        for hit in pattern.finditer(text):
            s, e = hit.span()
            speech = _SPEECH.match(text, e)
            if speech and not any(m.start < e and s < m.end
                                  for m in mentions.get(article_id, ())):
                out.append((article_id, s, text[s:speech.end()]))
    return out


def _split_place_person(m: Mention, text: str, story: _Story) -> tuple[list[Mention], str] | None:
    if len(m.text.split(None, 2)) < 3 or m.label not in LABEL_TYPES or m.label == "FAC":
        # a facility ("Cairo International Airport") never ends in a person's name
        return None
    words = _words(m)
    plain = [w.strip(".,;:'’") for _, _, w in words]
    for k in range(len(words) - 2, 0, -1):
        place = " ".join(plain[:k])
        rest_at = k
        while rest_at < len(words) - 1 and plain[rest_at].lower() in TITLES:
            rest_at += 1
        rest = plain[rest_at:]
        # one word only after a title ("Luxembourg Ms Vassiliou"), else a full name
        if len(rest) < (1 if rest_at > k else 2) or \
                not all(_NAME_WORD.fullmatch(w) for w in rest) or \
                any(w.lower() in PARTICLES for w in plain[:k]):
            continue
        if any(w.lower() in PARTICLES or w.lower() in TITLES for w in rest):
            continue
        if m.label == "PERSON":
            if not story.place_here(place):
                continue
            why_place = f"{place} is labelled a place elsewhere in the story"
        elif story.place_here(place):
            why_place = f"{place} is labelled a place elsewhere in the story"
        elif is_place_name(place):
            why_place = f"{place} is a GeoNames place"
        else:
            continue
        why_person = _person_evidence(rest, story, m.label)
        if why_person is None:
            continue
        place_m = _sub(m, words[:k], "GPE", text)
        person_m = _sub(m, words[rest_at:], "PERSON", text)
        note = (f"{KINDS['split']} \u201c{m.text}\u201d ({m.label}) into the "
                f"place {place_m.text} and the person {person_m.text} ({why_place}; "
                f"{why_person})")
        return [place_m, person_m], note
    return None


def _org_evidence(org: list[str], story: _Story, own: int) -> str | None:
    """Why the words after a place are an organisation of their own, or None: a
    name the story labels an organisation elsewhere, that is distinctive (an acronym
    such as "BP", or two words or more without a generic head such as "Senate" or
    "Times": "New York Times" and "U.S. Senate" are names in their own right)."""
    key = surface_key(" ".join(org))
    votes = story.labels.get(key, Counter())
    orgs = votes.get("ORG", 0) - own
    if orgs <= 0 or orgs < sum(votes.values()) - own - orgs:
        return None
    acronym = len(org) == 1 and org[0].isalpha() and org[0].isupper() and 2 <= len(org[0]) <= 6
    named = len(org) >= 2 and orgs >= 2 and all(_NAME_WORD.fullmatch(w) for w in org) and \
        not any(w.lower() in GENERIC_HEADS or w.lower() in PARTICLES for w in org)
    if not (acronym or named):
        return None
    return f"{' '.join(org)} is labelled an organisation elsewhere in the story ({orgs}x)"


def _split_place_org(m: Mention, text: str, story: _Story) -> tuple[list[Mention], str] | None:
    """Rule 2 of the module docstring: "Gulf of Mexico BP" -> a place and an organisation."""
    words = _words(m)
    if words and words[0][2].lower() == "the":
        words = words[1:]
    if words and words[-1][2] in ("'s", "’s"):
        words = words[:-1]
    if len(words) < 2 or m.label not in LABEL_TYPES:
        return None
    plain = [w.strip(".,;:'’") for _, _, w in words]
    plain[-1] = re.sub(r"['’]s$", "", plain[-1])
    full = story.labels.get(surface_key(" ".join(plain)), Counter())
    if sum(full.values()) > 1:
        return None  # the run is a name the story uses more than once
    for k in range(len(words) - 1, 0, -1):
        place, org = " ".join(plain[:k]), plain[k:]
        if story.place_here(place):
            why_place = f"{place} is labelled a place elsewhere in the story"
        elif is_place_name(place) and not any(w.lower() in PARTICLES for w in plain[:k]):
            why_place = f"{place} is a GeoNames place"
        else:
            continue
        why_org = _org_evidence(org, story, 1 if m.label == "ORG" else 0)
        if why_org is None:
            continue
        place_m = _sub(m, words[:k], "GPE", text)
        org_m = _sub(m, words[k:], "ORG", text)
        if org_m.text.endswith(("'s", "’s")):
            org_m = Mention(m.article_id, org_m.start, org_m.end - 2, org_m.text[:-2], "ORG")
        note = (f"{KINDS['split']} \u201c{m.text}\u201d ({m.label}) into the place "
                f"{place_m.text} and the organisation {org_m.text} ({why_place}; {why_org})")
        return [place_m, org_m], note
    return None


def _singular(word: str) -> str | None:
    if len(word) < 4 or not word[:1].isupper() or not word.endswith("s") or word.endswith("ss"):
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1]


def _cut_plural(m: Mention, text: str, story: _Story, heads: Mapping[str, list[str]]
                ) -> tuple[Mention, str, str | None] | None:
    if not text or not m.text.endswith("s") or " " not in m.text:
        return None
    words = _words(m)
    plural = words[-1][2]
    single = _singular(plural)
    if single is None:
        return None
    before = _COORDINATED.search(text[max(0, m.start - 80):m.start])
    if before is None:
        return None
    first_end = max(0, m.start - 80) + before.end("first")
    if any(o.label == "PERSON" and o.end == first_end
           for o in story.mentions.get(m.article_id, ())):
        return None  # "Kendall Marshall and Harrison Barnes": two people, not a plural
    first = before.group("first").split()[-1].strip(".,'’")
    modifier = list(words[:-1])
    while modifier and modifier[-1][2].lower().rstrip("'’s") in {"people"}:  # "People's"
        modifier = modifier[:-1]
    if not modifier or any(w.lower() in PARTICLES for _, _, w in modifier):
        return None  # "the United States", "League of Nations": a name of its own
    name = " ".join(w for _, _, w in modifier).strip(".,'’")
    named = [h for h in heads.get(surface_key(single), ())
             if any(h.split()[0] == k or typo_similar(h.split()[0], k)
                    for k in (surface_key(first), surface_key(name)))]
    if named:
        why = f"the story names a {single} of one of them: {_display(named[0], story)}"
    elif _is_place(name, story) and _is_place(first, story):
        why = f"{first} and {name} are places"
    else:
        return None
    label = "GPE" if _is_place(name, story) else (
        max(story.labels[surface_key(name)].items(), key=lambda kv: kv[1])[0]
        if story.labels.get(surface_key(name)) else m.label)
    cut = _sub(m, modifier, label, text)
    quoted = text[m.start - len(before.group(0)):m.end] if text else m.text
    # the story's own singular name for this conjunct ("Luhansk People's Republic"), if any
    full = [h for h in heads.get(surface_key(single), ())
            if h.startswith(surface_key(name) + " ")]
    target = full[0] if len(full) == 1 else None
    counted = f"{_display(target, story)}, the name the story uses" if target else cut.text
    note = (f"{m.text}: {KINDS['plural']} (\u201c{quoted.strip()}\u201d): {plural} is shared by "
            f"the conjuncts ({why}), so the mention is counted as {counted}")
    return cut, note, target


def repair_mentions(mentions: Mapping[str, Sequence[Mention]], articles: Sequence[Article]
                    ) -> tuple[dict[str, list[Mention]], list[Repair]]:
    """Split run-together spans and cut coordinated plurals (rules 1 and 2 above)."""
    texts = {a.id: a.text for a in articles}
    story = _Story.of(mentions, texts)
    heads: dict[str, list[str]] = defaultdict(list)  # last word -> names it ends
    for key in story.labels:
        if len(key.split()) >= 2:
            heads[key.split()[-1]].append(key)
    out: dict[str, list[Mention]] = {}
    repairs: list[Repair] = []
    extra: dict[str, list[Mention]] = defaultdict(list)
    added: set[tuple[str, int]] = set()
    for article_id, ms in mentions.items():
        text = texts.get(article_id, "")
        fixed: list[Mention] = []
        for m in ms:
            if text and text[m.start:m.end] != m.text:
                fixed.append(m)  # offsets not into this text: leave it alone
                continue
            split = _split_place_person(m, text, story) or _split_place_org(m, text, story)
            if split:
                parts, note = split
                fixed.extend(parts)
                repairs.extend(Repair(article_id, p.start, p.end, f"{p.text}: {note}")
                               for p in parts)
                if "stands alone" in note:  # the lone surname is a mention of the person
                    word = parts[-1].text.split()[-1]
                    for a, s, _ in story.alone(word):
                        if (a, s) not in added:
                            added.add((a, s))
                            extra[a].append(Mention(a, s, s + len(word), word, "PERSON"))
                continue
            cut = _cut_plural(m, text, story, heads)
            if cut:
                fixed.append(cut[0])
                repairs.append(Repair(article_id, cut[0].start, cut[0].end, cut[1], cut[2]))
                continue
            fixed.append(m)
        out[article_id] = fixed
    for article_id, ms in extra.items():
        if article_id in out:
            out[article_id] = sorted(out[article_id] + ms, key=lambda m: m.start)
    return out, repairs


def record_repairs(entities: Sequence[Entity], resolved: Mapping[str, Sequence],
                   repairs: Sequence[Repair]) -> tuple[tuple[Entity, ...], dict]:
    """Add each repair's note to the evidence of the entity its mention resolved to,
    after moving a cut plural to the story's full name for it, when it has one."""
    owner = {surface_key(f): e.name for e in entities for f in (e.name, *e.aliases)}
    moves = {(r.article_id, r.start, r.end): owner[r.target] for r in repairs
             if r.target and r.target in owner}
    new_resolved: dict[str, list] = {}
    moved: Counter = Counter()  # (from, to) -> mentions
    for a, ms in resolved.items():
        new_resolved[a] = []
        for m in ms:
            to = moves.get((m.article_id, m.start, m.end))
            if to and to != m.name:
                moved[m.name, to] += 1
                m = replace(m, name=to)
            new_resolved[a].append(m)
    at = {(m.article_id, m.start, m.end): m.name for ms in new_resolved.values() for m in ms}
    notes: dict[str, list[str]] = defaultdict(list)
    for r in repairs:
        name = at.get((r.article_id, r.start, r.end))
        if name and r.note not in notes[name]:
            notes[name].append(r.note)
    delta: Counter = Counter()
    for (src, dst), n in moved.items():
        delta[src] -= n
        delta[dst] += n
    articles: dict[str, dict[str, None]] = defaultdict(dict)  # in Sources order
    for ms in new_resolved.values():
        for m in ms:
            articles[m.name][m.article_id] = None
    out = []
    for e in entities:
        if delta[e.name]:
            if e.mentions + delta[e.name] <= 0:
                continue  # every mention of it was the cut plural: now the full name's
            e = replace(e, mentions=e.mentions + delta[e.name],
                        article_ids=tuple(articles[e.name]) or e.article_ids)
        if notes.get(e.name):
            e = replace(e, evidence=e.evidence + tuple(notes[e.name]))
        out.append(e)
    if moved:
        out.sort(key=lambda e: (-len(e.article_ids), -e.mentions, e.name.casefold()))
    return tuple(out), new_resolved
