"""Word shingles of an article's own reporting: what copy detection compares.

A copy is the same *reporting*: the same words in the same order. So an article is
compared as the set of its 5-word shingles (lower-cased words, punctuation ignored)
over the cleaned body (``Article.text``: page furniture is already gone), with
quotations left out. Quoted words are what independent reports share most (every
outlet prints the minister's sentence verbatim), so they are no evidence of
copying; a copy shares the words around them too. Shingles never span a quotation
or a paragraph break, so masking one cannot join unrelated words.

Shingles are hashed to 32-bit integers (stable across processes and machines:
blake2b of each word, combined per shingle) so that sets of them are compact numpy
arrays, MinHash-able in bulk (see ``minhash.py``) and comparable exactly with
``np.intersect1d``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from hashlib import blake2b

import numpy as np

from storyline.clean import rules as r

SHINGLE_WORDS = 5
FURNITURE_MAX_WORDS = 40

WORD = re.compile(r"\w+(?:['’]\w+)*")
# Quotations: curly double, straight double, and curly single quotes (a closing ’ that
# is followed by a letter is an apostrophe: "Moscow’s"), within one paragraph.
QUOTATION = re.compile(
    r"(?=[“\"‘'])(?:“[^“”\n]{1,800}?(?:”|(?=\n))"
    r"|\"[^\"\n]{1,800}?(?:\"|(?=\n))"
    r"|(?<!\w)‘[^‘\n]{1,800}?’(?!\w)"
    r"|(?<![\w'])'[^'\n]{8,800}?'(?![\w']))")

_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                 0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5, 0xFF51AFD7ED558CCD,
                 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB], dtype=np.uint64)


_WORD_HASHES: dict[str, int] = {}


def word_hash(word: str) -> int:
    """A stable 64-bit hash of one (lower-cased) word (blake2b, cached)."""
    h = _WORD_HASHES.get(word)
    if h is None:
        if len(_WORD_HASHES) > 2_000_000:  # bound the cache on endless vocabularies
            _WORD_HASHES.clear()
        h = _WORD_HASHES[word] = int.from_bytes(
            blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
    return h


@dataclass(frozen=True)
class Reporting:
    """What copy detection sees of one article body."""

    words: int  # words in the body
    quoted_words: int  # of which inside quotation marks
    shingles: np.ndarray  # sorted unique uint32 shingle hashes of the unquoted text

    @property
    def quote_share(self) -> float:
        return self.quoted_words / self.words if self.words else 0.0


def furniture(paragraph: str) -> bool:
    """A paragraph the cleaning rules call page furniture (share buttons, newsletter and
    read-more promos, credit and copyright lines, captions, comment forms). Cleaning has
    usually removed these already; checking again keeps two articles that share nothing
    but furniture from ever looking like copies, whatever path their text took."""
    paragraph = paragraph.strip()
    if paragraph.count(" ") >= FURNITURE_MAX_WORDS:  # every furniture rule wants a short line
        return False
    return bool(r.COMMENT_FORM.search(paragraph)) or any(
        test(paragraph) for test in (r.read_more, r.promo_headline, r.share_buttons,
                                     r.social_handle, r.newsletter_promo, r.credit_line,
                                     r.copyright_line, r.photo_caption))


def unquoted_runs(text: str) -> tuple[list[list[str]], int]:
    """Runs of lower-cased words outside quotations and paragraphs, and the quoted count
    (furniture paragraphs are left out altogether)."""
    runs: list[list[str]] = []
    quoted = 0
    for paragraph in text.split("\n\n"):
        if furniture(paragraph):
            continue
        pos = 0
        for m in QUOTATION.finditer(paragraph):
            runs.append(WORD.findall(paragraph[pos:m.start()].lower()))
            quoted += len(WORD.findall(m.group()))
            pos = m.end()
        runs.append(WORD.findall(paragraph[pos:].lower()))
    return [r for r in runs if r], quoted


def shingle_hashes(runs: list[list[str]], k: int = SHINGLE_WORDS) -> np.ndarray:
    """Sorted unique 32-bit hashes of the k-word shingles within each run of words."""
    words = [w for run in runs for w in run]
    if len(words) < k:
        return np.zeros(0, dtype=np.uint32)
    get = _WORD_HASHES.get
    w = np.array([get(x) or word_hash(x) for x in words], dtype=np.uint64)
    run_of = np.repeat(np.arange(len(runs)), [len(r) for r in runs])
    n = len(words) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        h = (h ^ (w[j:j + n] * _MIX[j])) * _MIX[(j + 5) % len(_MIX)]
    h = h[run_of[:n] == run_of[k - 1:]]  # no shingle spans a quotation or paragraph break
    return np.unique(((h >> np.uint64(32)) ^ h).astype(np.uint32))


def reporting(text: str, k: int = SHINGLE_WORDS) -> Reporting:
    runs, quoted = unquoted_runs(text)
    words = sum(len(r) for r in runs) + quoted
    return Reporting(words, quoted, shingle_hashes(runs, k))


def shared(a: np.ndarray, b: np.ndarray) -> int:
    """Shingles two sorted unique hash arrays have in common."""
    if not len(a) or not len(b):
        return 0
    return int(np.intersect1d(a, b, assume_unique=True).size)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    common = shared(a, b)
    union = len(a) + len(b) - common
    return common / union if union else 0.0


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller set found in the larger: 1.0 for a truncated copy."""
    small = min(len(a), len(b))
    return shared(a, b) / small if small else 0.0
