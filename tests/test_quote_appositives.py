"""A speaker named with an apposition (storyline/quotes/appositives.py): the person,
never the role phrase, and a named speaker that a later "she said" goes back to.

Mentions are given by name, as in tests/test_quotes.py, so that the rule is tested
without the NER model's noise.
"""

from __future__ import annotations

import re

from storyline.entities import Mention, merge_mentions
from storyline.model import Article
from storyline.quotes import attribute

NAMES = ["Jeane Freeman", "Elizabeth Warren", "John Brown", "Mary Jones", "Michael Cohen",
         "Donald Trump", "Harry Burns"]
QUOTE = "“We will keep the hospitals open for as long as it takes,”"
BEFORE = "Elizabeth Warren said the figures were worrying. "
LATER = f" Hospitals were busy. Wards were full. {QUOTE} she said."


def found_of(text: str):
    pattern = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))
    mentions = [Mention("a", m.start(), m.end(), m.group(0), "PERSON")
                for m in pattern.finditer(text)]
    return attribute(Article("a", text, text), None, merge_mentions({"a": mentions}))[0]


def test_the_quote_goes_to_the_person_not_the_role():
    for text in (f"{QUOTE} said the Scottish health secretary, Jeane Freeman.",
                 f"{QUOTE} the Scottish health secretary, Jeane Freeman, said.",
                 f"{QUOTE} Jeane Freeman, the Scottish health secretary, said."):
        found = found_of(text)
        assert [f.speaker for f in found] == ["Jeane Freeman"], text
        assert "(apposition: Jeane Freeman)" in found[0].attribution


def test_a_person_named_with_an_apposition_is_a_named_speaker_for_later_pronouns():
    for lead in ("Jeane Freeman, the Scottish health secretary, said the outbreak was "
                 "under control.",
                 "The Scottish health secretary, Jeane Freeman, said the outbreak was "
                 "under control.",
                 "The outbreak was under control, Jeane Freeman, Scotland's health "
                 "secretary, said on Monday.",
                 "Jeane Freeman, 54, a former nurse, told the BBC the outbreak was over.",
                 "Jeane Freeman, Elizabeth Warren's deputy, said the outbreak was over."):
        found = found_of(BEFORE + lead + LATER)
        assert found[-1].speaker == "Jeane Freeman", lead
        assert "the last named speaker" in found[-1].attribution
        assert "apposition: Jeane Freeman" in found[-1].attribution


def test_lists_and_verb_phrases_are_no_apposition():
    # two people: neither is the one named speaker of "said"
    found = found_of(BEFORE + "John Brown, Jeane Freeman, said the outbreak was over." + LATER)
    assert found[-1].speaker != "Jeane Freeman" or "apposition" not in found[-1].attribution
    # "X did Y, arguing": a participle is no speech verb after an apposition
    found = found_of(BEFORE + "Jeane Freeman defended the plan, arguing it worked." + LATER)
    assert "apposition" not in found[-1].attribution


def test_a_clause_after_the_quote_does_not_give_its_speaker():
    text = ("Donald Trump on Thursday suggested that the practice of cooperating "
            "“ought to be illegal” after his former personal attorney, Michael Cohen, said in "
            "a plea that he broke the law.")
    found = found_of(text)
    assert [f.speaker for f in found] == ["Donald Trump"]


def test_a_title_before_the_name_in_apposition():
    found = found_of("John Brown said the figures were worrying. Scotland's chief medical "
                     "officer, Dr Harry Burns, said pigs were safe. Farms were busy. Wards were "
                     f"full. {QUOTE} he said.")
    assert found[-1].speaker == "Harry Burns"
