"""Small text helpers shared by stages: content terms and word counts."""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
STOPWORDS = frozenset("""
a an the of to in on at by for with from into onto over under about after before during
since until while as and or but nor so yet if then than that this these those there here
is are was were be been being am has have had having do does did done will would shall
should can could may might must it its it's he she they we you i me him her them us our
your their his hers theirs who whom whose which what when where why how not no also just
said says say told tell according more most less least very such other another any all
some each both either neither one own same too only out up down off again further once
""".split())
STEM_CHARS = 5


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def word_count(text: str) -> int:
    return len(text.split())


@lru_cache(maxsize=65536)
def content_terms(text: str) -> frozenset[str]:
    """Content words cut to their first five letters, numbers kept whole.

    Truncation is a crude stemmer, but a robust one across paraphrase and
    machine translation ("suspension"/"suspend", "negotiators"/"negotiations").
    """
    out = set()
    for tok in tokens(text):
        if tok in STOPWORDS:
            continue
        out.add(tok if tok.isdigit() else tok[:STEM_CHARS])
    return frozenset(out)


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of the content terms of two texts."""
    ta, tb = content_terms(a), content_terms(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)
