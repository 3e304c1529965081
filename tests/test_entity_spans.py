"""Span repairs before merging (storyline.entity_spans) on tiny inline articles whose
NER mentions are given, so the rules are tested without the model's noise."""

from __future__ import annotations

from storyline.entities import Mention, extract_entities
from storyline.entity_spans import word_order_key
from storyline.model import Article


def entities(*articles: tuple[str, list[tuple[str, str]]], repair: bool = True):
    """Entities of articles given as (text, [(mention text, spaCy label), ...]); each
    mention is found at its next occurrence in the text."""
    arts, mentions = [], {}
    for i, (text, names) in enumerate(articles):
        aid = f"a{i}"
        arts.append(Article(aid, text, text))
        pos, found = 0, []
        for name, label in names:
            start = text.index(name, pos)
            found.append(Mention(aid, start, start + len(name), name, label))
            pos = start + len(name)
        mentions[aid] = sorted(found, key=lambda m: m.start)
    index = extract_entities(arts, mentions, repair=repair)
    return {e.name: e for e in index.entities}, index


def test_place_run_into_a_person_is_split_and_the_person_merged():
    names, index = entities(
        ("Putin met the President of Ukraine Volodymyr Zelenskyy on Monday.",
         [("Putin", "PERSON"), ("Ukraine Volodymyr Zelenskyy", "ORG")]),
        ("Zelenskyy said the talks in Ukraine went well.",
         [("Zelenskyy", "PERSON"), ("Ukraine", "GPE")]))
    assert "Ukraine Volodymyr Zelenskyy" not in names
    person = names["Volodymyr Zelenskyy"]
    assert person.type == "person" and person.aliases == ("Zelenskyy",)
    assert person.mentions == 2 and person.article_ids == ("a0", "a1")
    assert names["Ukraine"].type == "place" and names["Ukraine"].mentions == 2
    note = next(e for e in person.evidence if "split from one NER span" in e)
    assert "\u201cUkraine Volodymyr Zelenskyy\u201d (ORG)" in note
    assert any("split" in e for e in names["Ukraine"].evidence)
    # every resolved mention still indexes its article's text
    texts = {"a0": "Putin met the President of Ukraine Volodymyr Zelenskyy on Monday."}
    for m in index.mentions["a0"]:
        assert texts["a0"][m.start:m.end] == m.text
    before, _ = entities(
        ("Putin met the President of Ukraine Volodymyr Zelenskyy on Monday.",
         [("Putin", "PERSON"), ("Ukraine Volodymyr Zelenskyy", "ORG")]),
        ("Zelenskyy said the talks in Ukraine went well.",
         [("Zelenskyy", "PERSON"), ("Ukraine", "GPE")]), repair=False)
    assert before["Ukraine Volodymyr Zelenskyy"].type == "organization"


def test_a_surname_the_model_missed_can_vouch_for_the_person():
    names, _ = entities(
        ("Putin and his colleague Ukraine Volodymyr Zelskyy met in Turkey. Ukraine waits.",
         [("Putin", "PERSON"), ("Ukraine Volodymyr Zelskyy", "ORG"), ("Turkey", "GPE"),
          ("Ukraine", "GPE")]),
        ("Zelskyy, on the other hand, said that troops were massing.", []))
    person = names["Volodymyr Zelskyy"]
    assert person.aliases == ("Zelskyy",) and person.article_ids == ("a0", "a1")
    assert any("stands alone" in e for e in person.evidence)


def test_a_title_and_a_surname_after_a_place_split():
    names, _ = entities(
        ("Health commissioner Androulla Vassiliou spoke. In Luxembourg Ms Vassiliou said "
         "so.", [("Androulla Vassiliou", "PERSON"), ("Luxembourg Ms Vassiliou", "ORG")]))
    assert set(names) == {"Androulla Vassiliou", "Luxembourg"}
    assert names["Androulla Vassiliou"].mentions == 2


def test_organisations_and_names_that_start_with_a_place_stay_whole():
    names, _ = entities(
        ("Ukraine International Airlines flew from Ukraine. La Toya Jackson sang in LA. "
         "La Toya's brother Michael Jackson was there.",
         [("Ukraine International Airlines", "ORG"), ("Ukraine", "GPE"),
          ("La Toya Jackson", "PERSON"), ("LA", "GPE"), ("Michael Jackson", "PERSON")]))
    assert "Ukraine International Airlines" in names
    assert "Toya Jackson" not in names  # "La" is a particle, never split off


def test_coordinated_plural_is_cut_to_its_modifier():
    names, _ = entities(
        ("Putin recognised the Donetsk and Luhansk Republics. Shelling hit Luhansk.",
         [("Putin", "PERSON"), ("Donetsk", "GPE"), ("Luhansk Republics", "ORG"),
          ("Luhansk", "GPE")]),
        ("Denis Pushilin heads the Donetsk People's Republic.",
         [("Denis Pushilin", "PERSON"), ("Donetsk People's Republic", "GPE")]))
    assert "Luhansk Republics" not in names
    luhansk = names["Luhansk"]
    assert luhansk.type == "place" and luhansk.mentions == 2
    assert any("coordinated plural" in e and "Donetsk and Luhansk Republics" in e
               for e in luhansk.evidence)


def test_plural_names_of_their_own_are_kept():
    names, _ = entities(
        ("Pork from Mexico and the United States was banned. The Jets and New York Giants "
         "play in New York. Giants fans cheered.",
         [("Mexico", "GPE"), ("the United States", "GPE"), ("Jets", "ORG"),
          ("New York Giants", "ORG"), ("New York", "GPE"), ("Giants", "ORG")]))
    assert {"United States", "New York Giants"} <= set(names)


def test_word_order_variants_merge_when_no_two_owners_are_named():
    names, _ = entities(
        ("The Justice Department opened an inquiry.", [("Justice Department", "ORG")]),
        ("The Department of Justice declined to comment. The Justice Department said more.",
         [("Department of Justice", "ORG"), ("Justice Department", "ORG")]))
    assert set(names) == {"Justice Department"}
    merged = names["Justice Department"]
    assert merged.aliases == ("Department of Justice",) and merged.mentions == 3
    assert any("word-order variant" in e for e in merged.evidence)


def test_word_order_variants_of_different_countries_stay_apart():
    names, _ = entities(
        ("Ukraine's Defense Ministry warned of an assault. But the UK's Ministry of Defense "
         "said Moscow would stall.",
         [("Ukraine", "GPE"), ("Defense Ministry", "ORG"), ("UK", "GPE"),
          ("Ministry of Defense", "ORG"), ("Moscow", "GPE")]))
    assert {"Defense Ministry (Ukraine)", "Ministry of Defense (UK)"} <= set(names)
    assert any("different owners" in e and "UK" in e
               for e in names["Defense Ministry (Ukraine)"].evidence)


def test_word_order_key():
    assert word_order_key("Ministry of Defense") == word_order_key("Defense Ministry")
    assert word_order_key("Department of the Interior") == word_order_key("Interior Department")
    assert word_order_key("Bank of England") != word_order_key("Defense Ministry")


def test_coordinated_plural_counts_as_the_full_name_the_story_uses():
    names, index = entities(
        ("Putin recognised the Donetsk and Luhansk People's Republics on Monday.",
         [("Putin", "PERSON"), ("Donetsk", "GPE"), ("Luhansk People's Republics", "ORG")]),
        ("The Luhansk People's Republic held a parade.",
         [("The Luhansk People's Republic", "ORG")]))
    assert "Luhansk People's Republics" not in names and "Luhansk" not in names
    lpr = names["Luhansk People's Republic"]
    assert lpr.mentions == 2 and lpr.article_ids == ("a0", "a1")
    assert any("the name the story uses" in e for e in lpr.evidence)
    cut = next(m for m in index.mentions["a0"] if m.name == "Luhansk People's Republic")
    assert cut.text == "Luhansk"  # the mention still indexes the article's own words


def test_place_run_into_an_organisation_is_split():
    names, index = entities(
        ("BP said the leak slowed. Oil spread in the Gulf of Mexico BP 's report blamed "
         "others. BP shares fell.",
         [("BP", "ORG"), ("the Gulf of Mexico BP 's", "LOC"), ("BP", "ORG")]),
        ("The Gulf of Mexico is calm.", [("The Gulf of Mexico", "LOC")]))
    assert "Gulf of Mexico BP" not in names
    assert names["BP"].mentions == 3 and names["Gulf of Mexico"].mentions == 2
    assert any("and the organisation BP" in e for e in names["BP"].evidence)
    split = [m.text for m in index.mentions["a0"]]
    assert "Gulf of Mexico" in split and split.count("BP") == 3


def test_place_and_a_generic_or_one_word_organisation_stay_one_name():
    names, _ = entities(
        ("The Times reported it. The New York Times said the Alabama Senate voted. "
         "The Senate met. The Senate adjourned.",
         [("Times", "ORG"), ("New York Times", "ORG"), ("Alabama Senate", "ORG"),
          ("Senate", "ORG"), ("Senate", "ORG")]),
        ("New York and Alabama are states.", [("New York", "GPE"), ("Alabama", "GPE")]))
    assert {"New York Times", "Alabama Senate"} <= set(names)


def test_a_facility_and_a_persons_name_are_not_cut_or_split():
    names, _ = entities(
        ("Flights left Cairo International Airport. Airport said so. Cairo was calm.",
         [("Cairo International Airport", "FAC"), ("Airport", "PERSON"), ("Cairo", "GPE")]),
        ("Kendall Marshall and Harrison Barnes scored. Marshall is a town.",
         [("Kendall Marshall", "PERSON"), ("Harrison Barnes", "PERSON"), ("Marshall", "GPE")]))
    assert {"Cairo International Airport", "Harrison Barnes"} <= set(names)
