"""Cheap lexical views of an article for clustering: hashed terms and proper names.

Clustering compares thousands of articles a second, so these views are built
with one regular-expression pass each and no model:

* **terms**: lower-cased words minus stopwords, cut to their first
  :data:`STEM_CHARS` letters (a crude but language-agnostic stemmer that also
  survives paraphrase: "negotiators"/"negotiations"), hashed with CRC32 into
  :data:`HASH_BITS` bits. CRC32 rather than ``hash()`` because Python salts
  string hashes per process, and a stored clusterer state must mean the same
  thing in the next process.
* **names**: proper-noun phrases ("Sergei Lavrov", "European Union", "NATO"),
  found from capitalisation: runs of capitalised words not at the start of a
  sentence, plus acronyms. Much cheaper than a tagger (spaCy is used elsewhere
  for the brief's entities; clustering must not wait for it) and good enough to
  say "these two articles name the same people and places". Each phrase also
  contributes its last word ("Lavrov"), so "Sergei Lavrov" and "Lavrov" meet.
* **script**: the dominant writing system (Latin, Cyrillic, Arabic, CJK, ...),
  so that lexical features are only compared within one script and never force
  a cross-lingual join on shared numbers or names alone.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter

from storyline.textutil import STOPWORDS

HASH_BITS = 20
STEM_CHARS = 5
_MASK = (1 << HASH_BITS) - 1
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# A capitalised word (Latin, Greek or Cyrillic capitals), an acronym, or a
# connector inside a name ("Bank of England", "bin Salman", "al-Assad").
_NAME_TOKEN = re.compile(
    r"[A-ZÀ-ÖØ-ÞΑ-ΩА-ЯЁ][\w'’.-]*|(?<=\s)(?:of|de|del|der|van|von|bin|al|la|le|du|da)(?=\s)",
    re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;\"“”«»()\[\]]\s*|\n\s*)$")
_CONNECTORS = frozenset("of de del der van von bin al la le du da".split())
# Capitalised words that start sentences or headlines but name nothing.
_NOT_NAMES = frozenset("""
the a an this that these those it its he she they we i you his her their our my your
mr mrs ms dr sen rep gov president former new but and or so if when while as at in on
for with by from to after before during since under over about according said says
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december today yesterday tomorrow
breaking update updated watch read live exclusive opinion analysis video photos
""".split())


def term_hash(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) & _MASK


def terms(text: str) -> list[str]:
    """Content terms: lower-cased, stopwords out, cut to :data:`STEM_CHARS` letters."""
    out = []
    for tok in _WORD.findall(text.lower()):
        if tok in STOPWORDS or len(tok) < 2:
            continue
        out.append(tok if tok.isdigit() else tok[:STEM_CHARS])
    return out


def term_counts(text: str) -> Counter[int]:
    """Hashed term counts of a text."""
    return Counter(term_hash(t) for t in terms(text))


def names(text: str) -> set[str]:
    """Proper-noun phrases of a text, lower-cased, each with its last word.

    A capitalised word at the start of a sentence counts only when it is part
    of a longer run ("Boris Johnson said") or is seen capitalised mid-sentence
    elsewhere in the text; that drops "Officials", "However" and friends.
    """
    found: list[tuple[list[str], bool]] = []  # (words, starts a sentence)
    run: list[str] = []
    run_start = False
    last_end = -2
    mid_sentence: set[str] = set()
    for m in _NAME_TOKEN.finditer(text):
        word = m.group(0).rstrip(".'’-")
        if not word:
            continue
        contiguous = text[last_end:m.start()].strip() == "" and last_end >= 0
        if run and not contiguous:
            found.append((run, run_start))
            run = []
        if not run:
            if word in _CONNECTORS:
                continue
            run_start = bool(_SENTENCE_START.search(text[max(0, m.start() - 3):m.start()]))
            if not run_start:
                mid_sentence.add(word.lower())
        run.append(word)
        last_end = m.end()
        token = m.group(0)
        if token.endswith(".") and len(word) > 3 and not word.isupper():
            found.append((run, run_start))  # "Brussels." ends the sentence and the name
            run = []
    if run:
        found.append((run, run_start))
    out: set[str] = set()
    for words, at_start in found:
        while words and words[-1] in _CONNECTORS:
            words = words[:-1]
        if at_start and words and words[0].lower() in _NOT_NAMES:
            words = words[1:]
        if not words:
            continue
        lowered = [w.lower() for w in words]
        if len(words) == 1:
            w = lowered[0]
            if w in _NOT_NAMES or (at_start and w not in mid_sentence and not words[0].isupper()):
                continue
            if len(w) < 2:
                continue
        out.add(" ".join(lowered))
        if lowered[-1] not in _NOT_NAMES and len(lowered[-1]) > 2:
            out.add(lowered[-1])
    return out


_PUNCTUATION = re.compile(r"[\u00a0-\u00bf\u2000-\u206f]")  # outside every range below
_SCRIPTS = [(name, re.compile(pattern)) for name, pattern in (
    ("latin", r"[A-Za-zÀ-ɏ]"), ("cyrillic", r"[Ѐ-ӿ]"), ("greek", r"[Ͱ-Ͽ]"),
    ("arabic", r"[؀-ۿ]"), ("hebrew", r"[֐-׿]"), ("devanagari", r"[ऀ-ॿ]"),
    ("cjk", r"[぀-ヿ㐀-鿿가-힯]"), ("thai", r"[฀-๿]"))]


def script(text: str, sample: int = 400) -> str:
    """The dominant script of a text ("latin", "cyrillic", "arabic", "cjk", ...)."""
    head = text[:sample]
    if head.isascii():
        return "latin" if any(c.isalpha() for c in head) else "none"
    if all(_PUNCTUATION.match(c) for c in set(head) if not c.isascii()):
        # only ASCII letters can count (curly quotes and dashes are in no script's
        # range): the answer the regular expressions would give, without running them
        return "latin" if any(c.isascii() and c.isalpha() for c in head) else "other"
    counts = {name: len(pattern.findall(head)) for name, pattern in _SCRIPTS}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "other"
