"""Father and son named alike: a generational suffix (Jr., Sr., III) keeps two persons
apart (storyline.names.generation, step 2 of storyline.entities), on tiny inline stories."""

from __future__ import annotations

from storyline.entities import Mention, merge_mentions
from storyline.names import generation


def _merge(text: str, *names: str) -> dict[str, tuple[str, ...]]:
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        out.append(Mention("a", start, start + len(name), name, "PERSON"))
        pos = start + len(name)
    index = merge_mentions({"a": out})
    return {e.name: e.aliases for e in index.entities}


def test_a_son_named_with_jr_is_not_his_father():
    text = ("Donald Trump Jr. met bankers. Donald Trump said he knew nothing. "
            "Donald Trump said so again. Trump denied it.")
    found = _merge(text, "Donald Trump Jr.", "Donald Trump", "Donald Trump", "Trump")
    assert "Donald Trump Jr." in found and "Donald Trump" in found
    # a lone surname shared by father and son is left apart, not guessed
    assert "Trump" in found
    assert all("Trump" not in aliases for aliases in found.values())


def test_the_same_suffix_still_merges_spelling_variants_of_one_person():
    text = "Martin Luther King Jr. spoke. Martin Luther King, Jr. marched."
    found = _merge(text, "Martin Luther King Jr.", "Martin Luther King, Jr.")
    assert len(found) == 1


def test_generation_reads_the_suffix_with_or_without_a_comma():
    assert generation("donald trump jr") == generation("donald trump, jr") == "jr"
    assert generation("donald trump") == ""
    assert generation("john smith iii") == "iii"


def test_a_named_storm_typed_person_or_place_is_an_event():
    from storyline.entities import extract_entities
    from storyline.model import Article

    text = ("Cyclone Yasi hit Queensland. Hurricane Harvey flooded Houston. "
            "Storm Shadow missiles were sent.")
    ms = []
    for name, label in (("Cyclone Yasi", "PERSON"), ("Queensland", "GPE"),
                        ("Hurricane Harvey", "GPE"), ("Houston", "GPE"), ("Storm Shadow", "ORG")):
        start = text.index(name)
        ms.append(Mention("a", start, start + len(name), name, label))
    index = extract_entities([Article("a", text, text)], {"a": ms})
    types = {e.name: e.type for e in index.entities}
    assert types["Cyclone Yasi"] == "event" and types["Hurricane Harvey"] == "event"
    assert types["Storm Shadow"] == "organization" and types["Houston"] == "place"


def _index(text: str, *names: str):  # type: ignore[no-untyped-def]
    from storyline.entities import extract_entities
    from storyline.model import Article

    ms, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        ms.append(Mention("a", start, start + len(name), name, "PERSON"))
        pos = start + len(name)
    return {e.name: e.aliases for e in extract_entities([Article("a", text, text)],
                                                         {"a": ms}).entities}


def test_a_titled_surname_is_not_the_son_named_only_with_a_suffix():
    found = _index("Donald Trump Jr. wrote a book. President Trump praised it. "
                   "Trump Jr. signed copies.", "Donald Trump Jr.", "Trump", "Trump Jr.")
    assert found["Donald Trump Jr."] == ("Trump Jr.",) and "Trump" in found


def test_an_untitled_surname_or_one_titled_like_the_full_name_joins_it():
    found = _index("Cyrus Vance Jr. convened a grand jury. Vance declined to comment.",
                   "Cyrus Vance Jr.", "Vance")
    assert found == {"Cyrus Vance Jr.": ("Vance",)}
    found = _index("Dr. Martin Luther King Jr. marched. Dr King spoke.",
                   "Martin Luther King Jr.", "King")
    assert found == {"Martin Luther King Jr.": ("King",)}


def test_a_suffix_the_model_tagged_apart_after_a_comma_is_part_of_the_name():
    found = _index("Copies of Donald Trump, Jr.'s new book sold out.", "Donald Trump", "Jr.")
    assert list(found) == ["Donald Trump, Jr."]


def test_a_surname_and_suffix_stays_a_person_when_the_surname_is_also_tagged_org():
    # "the Trump administration" tags the bare surname ORG; "Trump Jr." has no first
    # word that could be that organisation, so it stays the son (NeuS val-101)
    from storyline.entities import extract_entities
    from storyline.model import Article

    text = ("Donald Trump Jr. wrote a book. Trump Jr. signed copies. "
            "The Trump administration said nothing.")
    ms = []
    for name, label, pos in (("Donald Trump Jr.", "PERSON", 0), ("Trump Jr.", "PERSON", 20),
                             ("Trump", "ORG", 60)):
        start = text.index(name, pos)
        ms.append(Mention("a", start, start + len(name), name, label))
    index = extract_entities([Article("a", text, text)], {"a": ms})
    son = next(e for e in index.entities if e.name == "Donald Trump Jr.")
    assert "Trump Jr." in son.aliases
