"""Surnames spelled differently across outlets (storyline.name_variants), on tiny inline
articles whose NER mentions are given."""

from __future__ import annotations

from storyline.name_variants import lone_variant, surname_variant, transliteration_key
from tests.test_entity_spans import entities


def test_transliterations_of_one_full_name_merge():
    names, _ = entities(
        ("Volodymyr Zelenskiy spoke.", [("Volodymyr Zelenskiy", "PERSON")]),
        ("Volodymyr Zelensky spoke. Volodymyr Zelensky left.",
         [("Volodymyr Zelensky", "PERSON"), ("Volodymyr Zelensky", "PERSON")]))
    person = names["Volodymyr Zelensky"]
    assert person.aliases == ("Volodymyr Zelenskiy",) and person.mentions == 3
    assert any("spelling variant of the surname" in e and "the same transliteration" in e
               for e in person.evidence)


def test_an_all_caps_headline_surname_joins_the_person_it_spells():
    names, _ = entities(
        ("BORIS JOHNSON MEETS ZELENSKY IN KYIV", [("ZELENSKY", "ORG")]),
        ("President Volodymyr Zelenskyy said more. Zelenskyy added a warning.",
         [("Volodymyr Zelenskyy", "PERSON"), ("Zelenskyy", "PERSON")]))
    person = names["Volodymyr Zelenskyy"]
    assert person.type == "person" and "ZELENSKY" in person.aliases
    assert person.article_ids == ("a0", "a1")


def test_different_people_with_similar_names_stay_apart():
    names, _ = entities(
        ("Harriet Harman met Natalie Hanman. Harman spoke. Kim Jong Un and Kim Jong Il "
         "were named. George Bush and George W. Bush too.",
         [("Harriet Harman", "PERSON"), ("Natalie Hanman", "PERSON"), ("Harman", "PERSON"),
          ("Kim Jong Un", "PERSON"), ("Kim Jong Il", "PERSON"), ("George Bush", "PERSON"),
          ("George W. Bush", "PERSON")]))
    assert {"Harriet Harman", "Natalie Hanman", "Kim Jong Un", "Kim Jong Il"} <= set(names)


def test_a_lone_name_that_is_someone_s_first_name_is_not_linked():
    names, _ = entities(
        ("Mohammed Gaddafi ran the committee. Mohamed, a resident, spoke. Mohamed said more. "
         "Mohamed left. Hisham Mohammed fought. Mohammed left.",
         [("Mohammed Gaddafi", "PERSON"), ("Mohamed", "PERSON"), ("Mohamed", "PERSON"),
          ("Mohamed", "PERSON"), ("Hisham Mohammed", "PERSON"), ("Mohammed", "PERSON")]))
    assert "Mohamed" in names


def test_string_rules():
    assert transliteration_key("zelenskyy") == transliteration_key("zelenskiy") == \
        transliteration_key("zelensky")
    assert transliteration_key("gaddafi") == transliteration_key("gadhafi")
    assert surname_variant("zelskyy", "zelensky")  # a typo, with a first name to agree
    assert not lone_variant("zelskyy", "zelensky")  # too far apart for a lone surname
    assert lone_variant("mubarek", "mubarak") and not lone_variant("musa", "moussa")
    assert not surname_variant("bush", "bash")


def test_a_longer_name_and_other_middle_names_are_other_people():
    names, _ = entities(
        ("Rescuer Anthony Thomas spoke. Rescuer Simon Thomasson dug.",
         [("Rescuer Anthony Thomas", "PERSON"), ("Rescuer Simon Thomasson", "PERSON")]))
    assert {"Rescuer Anthony Thomas", "Rescuer Simon Thomasson"} <= set(names)
    assert not surname_variant("thomas", "thomasson")
