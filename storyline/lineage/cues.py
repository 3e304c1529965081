"""Attribution cues: where an article's text names the origin of its reporting.

Wire copy travels with marks of where it came from: a dateline ("MOSCOW (Reuters) -",
"(AP) —"), a credit line ("Reuters contributed to this report"), a copyright line
("Copyright 2022 The Associated Press"), or attributions inside the body ("according
to Reuters", "told CNN", "the Interfax news agency said ... the agency said"). Each
is found as a span of ``Article.raw_text`` and its name normalised to one origin
(Reuters, AP, AFP, a named outlet), so that three spellings of one agency count once.

Why ``raw_text`` and not the body: cleaning removes credit and copyright lines from
the body as furniture, but keeps them in the raw text and in ``Article.removed``
precisely so that lineage can read them here. Removed spans that are not reporting
(photo captions, promos, author bios, related links) are skipped: "(Alexander
Ermochenko/Reuters)" under a photo credits a picture, not the story.

Names come from a table of agencies and large outlets (with their aliases), plus any
"X news agency" / "news agency X" the text itself names. A bare "the agency said" is
a cue only when the article has named a news agency before it; otherwise "agency"
is as likely the WHO or the EPA. People ("according to Lavrov") are never origins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.model import Article

# canonical origin -> the spellings that name it
ORIGINS: dict[str, tuple[str, ...]] = {
    "Reuters": ("Thomson Reuters", "Reuters", "REUTERS"),
    "AP": ("The Associated Press", "the Associated Press", "Associated Press", "AP"),
    "AFP": ("Agence France-Presse", "Agence France Presse", "France-Presse", "France Presse",
            "AFP"),
    "Bloomberg": ("Bloomberg News", "Bloomberg"),
    "dpa": ("Deutsche Presse-Agentur", "dpa", "DPA"),
    "Xinhua": ("Xinhua News Agency", "Xinhua"),
    "TASS": ("ITAR-TASS", "TASS", "Tass"),
    "Interfax": ("Interfax",),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "UPI": ("United Press International", "UPI"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "Kyodo": ("Kyodo News", "Kyodo"),
    "Yonhap": ("Yonhap News Agency", "Yonhap"),
    "PTI": ("Press Trust of India", "PTI"),
    "Anadolu": ("Anadolu Agency", "Anadolu"),
    "IRNA": ("Islamic Republic News Agency", "IRNA"),
    "MENA": ("Middle East News Agency", "MENA", "Mena"),
    "SANA": ("Syrian Arab News Agency", "SANA", "Sana"),
    "KUNA": ("Kuwait News Agency", "KUNA", "Kuna"),
    "WAFA": ("WAFA", "Wafa"),
    "CNN": ("CNN",),
    "BBC": ("the BBC", "BBC News", "BBC"),
    "Al Jazeera": ("Al Jazeera",),
    "NPR": ("NPR",),
    "NBC News": ("NBC News", "NBC"),
    "CBS News": ("CBS News", "CBS"),
    "ABC News": ("ABC News",),
    "Fox News": ("Fox News",),
    "Sky News": ("Sky News",),
    "The New York Times": ("The New York Times", "the New York Times", "New York Times"),
    "The Washington Post": ("The Washington Post", "the Washington Post", "Washington Post"),
    "The Wall Street Journal": ("The Wall Street Journal", "the Wall Street Journal",
                                "Wall Street Journal"),
    "Financial Times": ("the Financial Times", "Financial Times"),
    "The Guardian": ("The Guardian", "the Guardian"),
    "Politico": ("Politico", "POLITICO"),
    "Axios": ("Axios",),
}

# How strongly a cue ties the text to the origin's copy. "source" cues mark the text
# (or part of it) as the origin's own copy; "attribution" cues credit one statement.
CUE_KINDS: dict[str, str] = {
    "dateline": "source", "copyright": "source", "byline": "source", "credit": "source",
    "according-to": "attribution", "told": "attribution", "reported": "attribution",
    "agency-said": "attribution",
}

# Removed spans that are reporting or its credits, and so may carry cues; everything
# else the cleaner removed (captions, promos, bios, related links) is not read.
READ_REMOVED_RULES = frozenset({"credit-line", "copyright", "byline", "date-line"})

_ALIAS_TO_ORIGIN = {alias: origin for origin, aliases in ORIGINS.items() for alias in aliases}
_ALIASES = "|".join(re.escape(a) for a in sorted(_ALIAS_TO_ORIGIN, key=len, reverse=True))
# A capitalised word that is not a nationality ("Russian news agency Interfax" names
# Interfax, not "Russian").
_DEMONYM = r"[A-Z][a-z]+(?:ian|ese|ish|ean|can|yan|ani|aqi|eli|udi)\b"
_CAP = rf"(?!{_DEMONYM})(?!State\b|Official\b)[A-Z][\w'’-]*(?:\.[\w'’-]+)*"
# "the Fars news agency", "the state-run IRNA news agency" / "news agency SANA"
_AGENCY_BEFORE = (rf"(?P<agency>(?:{_DEMONYM} )?{_CAP}(?: {_CAP}){{0,2}}) "
                  r"(?:[Nn]ews [Aa]gency|[Pp]ress [Aa]gency)")
_AGENCY_AFTER = rf"(?:[Nn]ews|[Pp]ress) [Aa]gency,? (?P<agency2>{_CAP}(?: {_CAP}){{0,2}})"
_NAME = rf"(?<![/\w])(?:{_AGENCY_BEFORE}|(?P<name>{_ALIASES})(?![\w-])|{_AGENCY_AFTER})"
# what may stand between a verb and the name: "told (the) (state-run) (Russian) ..."
_PRE = (rf"(?:(?:the|a|an|{_DEMONYM}|state|state-run|state-owned|official|semi-official|"
        r"private|independent)\s+)*")
_NAME_RE = re.compile(_NAME)
_DASH = r"\s*(?:-{1,2}|—|–)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern)) for kind, pattern in (
        ("dateline", rf"\((?P<name>{_ALIASES})\){_DASH}"),
        ("dateline", rf"\((?P<name>{_ALIASES})\)(?=[A-Z])"),  # "(CNN)Michael ..."
        ("credit", rf"{_NAME}(?: and (?:{_ALIASES}))? (?:also )?contributed(?: reporting)?"
                   r" to this (?:report|story|article)"),
        ("credit", rf"(?:[Aa]dditional )?[Rr]eporting (?:by|from) {_NAME}"),
        ("credit", rf"[Ii]nformation from {_NAME} (?:was|is) (?:used|included) in this"),
        ("copyright", rf"(?:[Cc]opyright|©|\([Cc]\))\s*(?:©\s*)?(?:\d{{4}}\s*,?\s*)?{_NAME}"),
        ("byline", rf"(?m)^\s*(?:[Bb]y )?(?P<name>{_ALIASES})(?: [Ss]taff(?: [Ww]riter)?)?\s*$"),
        ("according-to", rf"[Aa]ccording to (?:a |an |the )?(?:(?:report|statement|story|"
                         rf"interview) (?:by|from|in|with) )?{_PRE}{_NAME}"),
        ("told", rf"\btold {_PRE}{_NAME}"),
        ("told", rf"\b[Ii]n an? (?:\w+ )?interview with {_PRE}{_NAME}"),
        ("reported", rf"\bciting {_PRE}{_NAME}"),
        ("reported", rf"(?:[Rr]eported|[Qq]uoted) by {_PRE}{_NAME}"),
        ("reported", rf"(?<![/\w]){_AGENCY_BEFORE} (?:said|says|added|reported|quoted)\b"),
        ("reported", rf"{_NAME}(?: news agency)? (?:reported|reports|has reported|quoted|"
                     r"said in a report|(?:witness|correspondent|reporter|journalist)s? (?:said|saw"
                     r"|reported))\b"),
        ("agency-said", r"\b[Tt]he (?:news |state |official )?agency (?:said|reported|quoted|"
                        r"added|cited)\b"),
    ))


@dataclass(frozen=True)
class Cue:
    """A span of ``Article.raw_text`` that names the origin of (part of) the article."""

    article_id: str
    origin: str
    kind: str  # a key of CUE_KINDS
    text: str
    start: int
    end: int

    @property
    def strength(self) -> str:
        return CUE_KINDS[self.kind]


def normalize_origin(name: str) -> str:
    """The canonical origin for a spelling ("the Associated Press" -> "AP")."""
    name = " ".join(name.split())
    if name in _ALIAS_TO_ORIGIN:
        return _ALIAS_TO_ORIGIN[name]
    name = re.sub(r"^(?:[Tt]he )?(?:[\w.-]+['’]s )+", "", name)  # "Iran's Fars" -> "Fars"
    bare = re.sub(r"^(?:[Tt]he )?(?:(?:state|official|semi-official|state-run|state-owned|"
                  r"private|independent|government)[- ]?(?:run )?)*\s*", "", name).strip()
    bare = re.sub(r"\s+(?:[Nn]ews|[Pp]ress)\s+[Aa]gency$", "", bare).strip()
    for key in (bare, f"{bare} News Agency", bare.upper()):
        if key in _ALIAS_TO_ORIGIN:
            return _ALIAS_TO_ORIGIN[key]
    return bare or name


def _segments(article: Article) -> list[tuple[int, int]]:
    """The parts of the raw text that are reporting or credits (not captions, promos)."""
    skipped = sorted((s.start, s.end) for s in article.removed
                     if s.rule not in READ_REMOVED_RULES)
    out, pos = [], 0
    for start, end in skipped:
        if start > pos:
            out.append((pos, start))
        pos = max(pos, end)
    if pos < len(article.raw_text):
        out.append((pos, len(article.raw_text)))
    return out


def _name(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    raw = groups.get("name") or groups.get("agency") or groups.get("agency2")
    return normalize_origin(raw) if raw else None


def find_cues(article: Article) -> list[Cue]:
    """Every attribution cue in the article, in text order, self-references excluded.

    A cue naming the article's own outlet ("(CNN) --" in a CNN story) says nothing
    about borrowed reporting and is dropped, unless the outlet is unknown.
    """
    own = normalize_origin(article.source) if article.source else None
    raw = article.raw_text
    found: dict[tuple[int, int], Cue] = {}
    for seg_start, seg_end in _segments(article):
        segment = raw[seg_start:seg_end]
        # news agencies named as such, for a later "the agency said"
        named = [(m.start(), _name(m)) for m in _NAME_RE.finditer(segment)
                 if m.group("agency") or m.group("agency2")]
        for kind, pattern in _PATTERNS:
            for m in pattern.finditer(segment):
                if kind == "agency-said":
                    before = [n for pos, n in named if pos < m.start()]
                    origin = before[-1] if before else None
                else:
                    origin = _name(m)
                if not origin or origin == own:
                    continue
                start, end = seg_start + m.start(), seg_start + m.end()
                text = raw[start:end].strip()
                start += len(raw[start:end]) - len(raw[start:end].lstrip())
                key = (start, start + len(text))
                if not any(s <= key[0] and key[1] <= e for s, e in found):
                    found[key] = Cue(article.id, origin, kind, text, key[0], key[1])
    return sorted(found.values(), key=lambda c: c.start)



def cues_batch(articles: Iterable[Article]) -> dict[str, list[Cue]]:
    return {a.id: find_cues(a) for a in articles}


def cue_in(text: str) -> bool:
    """True when a sentence carries an attribution cue (used to pick evidence sentences)."""
    return any(kind != "agency-said" and pattern.search(text) for kind, pattern in _PATTERNS)
