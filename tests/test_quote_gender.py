""""he/she said" skips a person the story shows to be of the other gender (quotes.gender)."""

from __future__ import annotations

import re
import sys

import pytest

from storyline.entities import Mention, merge_mentions
from storyline.model import Article
from storyline.quotes import attribute, gender

# "Zorb Quell" and "Vrin Alto": given names gender-guesser does not know
NAMES = ["Mary Jones", "Jones", "John Brown", "Brown", "Zorb Quell", "Quell", "Vrin Alto", "Alto"]


def found(text: str):
    pattern = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))
    mentions = [Mention("a", m.start(), m.end(), m.group(0), "PERSON")
                for m in pattern.finditer(text)]
    return attribute(Article("a", text, text), None, merge_mentions({"a": mentions}))[0]


@pytest.fixture(autouse=True)
def _fresh_names():
    gender.given_name_gender.cache_clear()
    yield
    gender.given_name_gender.cache_clear()
    gender._detector.cache_clear()
    gender._given_names.cache_clear()


def test_she_said_after_a_male_speaker_goes_to_the_earlier_female_one():
    text = ("“We are ready to sign the deal today,” Mary Jones said.\n"
            "“We will study it closely first,” John Brown said.\n"
            "“Nothing will change our minds now,” she added.")
    quotes = found(text)
    assert [f.speaker for f in quotes] == ["Mary Jones", "John Brown", "Mary Jones"]
    assert "skipped John Brown: he, not she (given name John)" in quotes[2].attribution


def test_a_title_the_story_writes_is_evidence_and_he_skips_a_woman():
    text = ("Mr Quell spoke first and Mrs Alto answered him.\n"
            "“We will hold the line on this,” Zorb Quell said.\n"
            "“The line has already moved, sadly,” Vrin Alto said.\n"
            "“We have heard all of this before,” he said.")
    quotes = found(text)
    assert [f.speaker for f in quotes] == ["Zorb Quell", "Vrin Alto", "Zorb Quell"]
    assert "skipped Vrin Alto: she, not he (“Mrs Alto”)" in quotes[2].attribution


def test_the_one_person_just_named_is_skipped_too():
    text = ("John Brown met the workers on Monday.\n"
            "“We were never told about the closure,” she said.")
    quote = found(text)[0]
    assert quote.speaker is None and "skipped John Brown" in quote.attribution


def test_unknown_gender_keeps_the_last_named_speaker():
    text = ("“We are ready to sign the deal today,” Zorb Quell said.\n"
            "“We will study it closely first,” Vrin Alto said.\n"
            "“Nothing will change our minds now,” she added.")
    quotes = found(text)
    assert [f.speaker for f in quotes] == ["Zorb Quell", "Vrin Alto", "Vrin Alto"]
    assert "skipped" not in quotes[2].attribution


def test_without_gender_guesser_the_rule_is_as_before(monkeypatch):
    monkeypatch.setitem(sys.modules, "gender_guesser", None)  # import fails
    monkeypatch.setitem(sys.modules, "gender_guesser.detector", None)
    gender._detector.cache_clear()
    gender._given_names.cache_clear()
    text = ("“We are ready to sign the deal today,” Mary Jones said.\n"
            "“We will study it closely first,” John Brown said.\n"
            "“Nothing will change our minds now,” she added.")
    assert [f.speaker for f in found(text)] == ["Mary Jones", "John Brown", "John Brown"]


def test_only_a_given_name_first_and_only_male_or_female_count():
    assert gender.given_name_gender("Gordon Brown") == ("male", "given name Gordon")
    assert gender.given_name_gender("Hillary Clinton")[0] == "female"
    assert gender.given_name_gender("Obama") == (None, "")  # no given name
    assert gender.given_name_gender("Mr Brown") == (None, "")  # a title first
    assert gender.given_name_gender("Kim Jong-un") == (None, "")  # "mostly_female"
    assert gender.given_name_gender("Xi Jinping") == (None, "")  # "andy"
