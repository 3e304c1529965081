"""A given name the NER model cut off a person's name is taken back into it
(storyline/given_names.py), and titles, roles, towns and sentence openers are not.

Runs the pinned spaCy model: the cut is the model's, so only the model shows it.
"""

from __future__ import annotations

import pytest

from storyline.mentions import ner_spans


def persons(text: str) -> list[str]:
    return [t for _, _, t, label in ner_spans([text])[0] if label == "PERSON"]


@pytest.mark.parametrize(("text", "name"), [
    ("“We are open for business, but we’re NOT for sale,” Ane Lone Bagger told Reuters.",
     "Ane Lone Bagger"),
    ("The show will be co-hosted by BBC Radio 1 presenter Fearne Cotton and a guest.",
     "Fearne Cotton"),
])
def test_a_cut_off_given_name_is_taken_back(text, name):
    assert name in persons(text)


@pytest.mark.parametrize(("text", "word"), [
    ("The bill was sent to House Speaker Nancy Pelosi on Friday.", "Speaker"),
    ("Senate Majority Leader Mitch McConnell said he would not back it.", "Leader"),
    ("La Toya will perform in Cardiff Janet Jackson said on Monday.", "Cardiff"),
    ("It was a long day. Today Obama called the oil spill a disaster.", "Today"),
    ("He was questioned by Special Counsel Robert Mueller last year.", "Counsel"),
])
def test_titles_towns_and_openers_stay_out(text, word):
    assert not any(p.startswith(word) for p in persons(text)), persons(text)
