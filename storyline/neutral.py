"""How loaded a piece of wording is: a small, documented lexicon of slanted words.

When several outlets report one fact, the summary should carry the plainest
wording of it. "Loaded" is measured, not guessed per sentence: a sentence's
loadedness is the number of words it uses from the lexicon below, per word of
the sentence. The lexicon is written by hand from the categories of biased
language in the literature (Recasens, Danescu-Niculescu-Mizil and Jurafsky 2013,
"Linguistic Models for Analyzing and Detecting Biased Language": subjective
intensifiers, framing verbs, one-sided labels) and kept general: no names, no
topics, nothing read off one data set.

It is *checked* on public data: on NeuS (``neus/train``, AllSides round-ups whose
articles come from left, centre and right outlets and whose editor-written summaries
are meant to be neutral) the lexicon's words are 2.9 times as frequent in the
outlets' texts as in the neutral summaries (6.1 vs 2.1 per 1,000 words) and 3.9
times in their titles (9.5 vs 2.4), in each of the three categories
(``storyline.evaluation.summaries.lexicon_check``; docs/summaries.md).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Each category names why its words are loaded. Words are lower case; a trailing
# "*" matches any ending ("slam*" covers slams, slammed, slamming).
LOADED: dict[str, tuple[str, ...]] = {
    # verbs that dramatise a statement instead of reporting it ("X criticised Y")
    "framing verbs": (
        "slam*", "blast*", "rips", "ripped", "ripping", "torch*", "trash*", "lash* out",
        "lambast*", "skewer*", "eviscerat*", "obliterat*", "humiliat*", "smack*", "scold*",
        "berat*", "rebuke", "rebukes", "pounce*", "gloat*", "brag", "brags", "bragged",
        "bragging", "boast*", "whin*", "rant", "rants", "ranted", "meltdown", "freak* out",
        "caves", "caved", "caving", "vow*", "unleash*", "concede*", "insist*", "spew*",
        "peddl*", "tout*", "cheer*", "scramble*", "balk*",
    ),
    # intensifiers and superlatives that rate instead of inform
    "intensifiers": (
        "massive*", "huge", "enormous", "sweeping", "stunning*", "shocking*", "shock",
        "astonishing*", "staggering*", "unprecedented", "historic", "explosive",
        "bombshell", "dramatic*", "sharply", "drastic*", "extraordinary", "incredibl*",
        "unbelievabl*", "outrageous*", "outrage*", "disastrous*", "disaster", "catastroph*",
        "devastating*", "horrific*", "horrible", "terrible", "terrifying", "alarming*",
        "chaos", "chaotic", "frenzy", "fiasco", "debacle", "firestorm", "scathing",
        "blistering", "furious*", "fury", "angry", "anger", "desperate*", "brutal",
        "brutally", "vicious*", "savage*", "fierce*", "bitter*", "absurd*", "ridiculous*",
        "insane", "crazy", "shameful*", "shameless*", "embarrass*", "humiliating", "mess",
        "nightmare", "hoax", "just", "even", "finally", "actually", "really", "very",
        "totally", "utterly", "clearly", "obviously", "so-called", "notorious*", "biggest",
        "worst", "greatest",
    ),
    # one-sided labels for people, groups and policies
    "labels": (
        "radical*", "far-left", "far-right", "hard-left", "hard-right", "ultra-*",
        "fascist*", "thug*", "mob", "mobs", "rioter*", "looter*", "puppet*", "ploy",
        "propaganda", "crackdown", "power grab", "cronies", "cronyism", "corrupt", "liar*",
        "dems", "libs", "woke", "illegals", "illegal alien*", "amnesty", "job-killing",
        "gun grabb*", "baby killer*",
    ),
}

@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """One alternation of every entry: a word, a prefix ("slam*") or a phrase."""
    def entry(e: str) -> str:
        words = [re.escape(w[:-1]) + r"[a-z'-]*" if w.endswith("*") else re.escape(w)
                 for w in e.split()]
        return r"\s+".join(words)

    entries = sorted({e for words in LOADED.values() for e in words}, key=len, reverse=True)
    return re.compile(r"(?<![a-z'-])(?:" + "|".join(entry(e) for e in entries) + r")(?![a-z'-])")


def loaded_words(text: str) -> list[str]:
    """The words of ``text`` that the lexicon marks as loaded, in order."""
    return [" ".join(m.group(0).split()) for m in _pattern().finditer(text.lower())]


def loadedness(text: str) -> float:
    """Loaded words per word of ``text`` (0 for plain wording), plus exclamation marks."""
    n = max(len(text.split()), 1)
    return (len(loaded_words(text)) + text.count("!")) / n
