"""Generic institutions split by owner (storyline.institutions) on tiny inline articles
whose NER mentions are given."""

from __future__ import annotations

from storyline.institutions import demonym_of, institution_key
from tests.test_entity_spans import entities


def test_one_name_two_countries_becomes_two_entities():
    names, index = entities(
        ("Ukraine's Defense Ministry warned of an assault. Russia's Defense Ministry "
         "announced the first stage. The Defense Ministry in Moscow said more.",
         [("Ukraine", "GPE"), ("Defense Ministry", "ORG"), ("Russia", "GPE"),
          ("Defense Ministry", "ORG"), ("Defense Ministry", "ORG"), ("Moscow", "GPE")]))
    assert "Defense Ministry" not in names
    ukraine, russia = names["Defense Ministry (Ukraine)"], names["Defense Ministry (Russia)"]
    assert ukraine.mentions == 1 and russia.mentions == 2  # the third follows Russia's
    assert ukraine.aliases == () and russia.aliases == ()
    assert any("this one is Ukraine's" in e and "\u201cUkraine's Defense Ministry\u201d" in e
               for e in ukraine.evidence)
    assert any("1 after a mention of it in the same article" in e for e in russia.evidence)
    owners = [m.name for m in index.mentions["a0"] if "Ministry" in m.name]
    assert owners == ["Defense Ministry (Ukraine)", "Defense Ministry (Russia)",
                      "Defense Ministry (Russia)"]


def test_demonym_and_country_are_one_owner():
    names, _ = entities(
        ("The Russian Foreign Ministry protested. Russia's Foreign Ministry said more.",
         [("Russian", "NORP"), ("Foreign Ministry", "ORG"), ("Russia", "GPE"),
          ("Foreign Ministry", "ORG")]))
    ministry = names["Foreign Ministry"]
    assert ministry.mentions == 2
    assert any("owner named: Russia" in e for e in ministry.evidence)


def test_a_person_is_not_an_owner_and_an_unowned_mention_stays_unqualified():
    names, _ = entities(
        ("Biden's Justice Department sued. Iran's Parliament voted.",
         [("Biden", "PERSON"), ("Justice Department", "ORG"), ("Iran", "GPE"),
          ("Parliament", "ORG")]),
        ("Iraq's Parliament met.", [("Iraq", "GPE"), ("Parliament", "ORG")]),
        ("Parliament was adjourned.", [("Parliament", "ORG")]))
    assert "Justice Department" in names
    assert not any("owner named" in e for e in names["Justice Department"].evidence)
    assert {"Parliament (Iran)", "Parliament (Iraq)", "Parliament"} <= set(names)
    assert any("owner not named" in e for e in names["Parliament"].evidence)


def test_institution_key():
    assert institution_key("Ministry of Defense") == institution_key("Defense Ministry")
    assert institution_key("Supreme Court") == ("court", "supreme")
    assert institution_key("Parliament") == ("parliament", "")
    assert institution_key("U.S. Supreme Court", {"us"}) is None  # owner in the name
    assert institution_key("British Army", {"british"}) is None
    assert institution_key("Goldman Sachs") is None


def test_demonym_of():
    assert demonym_of("russian", "russia") and demonym_of("ukrainian", "ukraine")
    assert demonym_of("british", "britain") and demonym_of("chinese", "china")
    assert not demonym_of("austrian", "australia") and not demonym_of("russia", "russia")


def test_a_capital_names_its_countrys_body():
    names, _ = entities(
        ("Iraq's Ministry of the Interior denied it. Baghdad's Ministry of the Interior "
         "said more. Italy's Parliament voted.",
         [("Iraq", "GPE"), ("Ministry of the Interior", "ORG"), ("Baghdad", "GPE"),
          ("Ministry of the Interior", "ORG"), ("Italy", "GPE"), ("Parliament", "ORG")]),
        ("Egypt's Parliament was dissolved.", [("Egypt", "GPE"), ("Parliament", "ORG")]))
    ministry = names["Ministry of the Interior"]
    assert ministry.mentions == 2
    assert any("Baghdad: a city of Iraq" in e for e in ministry.evidence)
    assert {"Parliament (Egypt)", "Parliament (Italy)"} <= set(names)
