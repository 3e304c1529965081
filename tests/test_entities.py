"""Entity merging on tiny inline stories (mentions given, so the rules are tested
without the model's noise), and the spaCy path on a few real sentences."""

from __future__ import annotations

from storyline.entities import (
    Mention,
    clean_surface,
    extract_entities,
    first_names_compatible,
    merge_mentions,
    typo_similar,
)
from storyline.model import Article


def story(*articles: tuple[str, list[tuple[str, str]]]) -> dict[str, list[Mention]]:
    """Mentions per article from (article id, [(text, spaCy label), ...])."""
    out: dict[str, list[Mention]] = {}
    for article_id, names in articles:
        pos = 0
        out[article_id] = []
        for text, label in names:
            out[article_id].append(Mention(article_id, pos, pos + len(text), text, label))
            pos += len(text) + 10
    return out


def by_name(index):
    return {e.name: e for e in index.entities}


def test_spellings_surnames_and_typos_merge_into_one_person():
    index = merge_mentions(story(
        ("a", [("Sergey Lavrov", "PERSON"), ("Lavrov", "PERSON"), ("Lavrov", "ORG")]),
        ("b", [("Sergey Lavrov", "PERSON"), ("Lavrov", "PERSON")]),
        ("c", [("Russian FM Sergey Lavrov", "ORG"), ("Lavor", "ORG"), ("Lavrov", "ORG")]),
        ("d", [("Sergei Lavrov", "PERSON"), ("Lavrov", "PERSON")]),
    ))
    people = [e for e in index.entities if e.type == "person"]
    assert len(people) == 1
    lavrov = people[0]
    assert lavrov.name == "Sergey Lavrov"
    assert set(lavrov.aliases) == {"Sergei Lavrov", "Lavrov", "Lavor"}
    assert lavrov.article_ids == ("a", "b", "c", "d")
    assert lavrov.mentions == 10
    assert any("misspelling" in e for e in lavrov.evidence)
    # every mention, including the typo, resolves to the canonical name
    assert {m.name for ms in index.mentions.values() for m in ms} == {"Sergey Lavrov"}


def test_a_shared_surname_is_not_guessed():
    index = merge_mentions(story(
        ("a", [("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON"), ("Biden", "PERSON")]),
        ("b", [("Joseph Biden", "PERSON"), ("Biden", "PERSON")]),
    ))
    names = by_name(index)
    assert set(names) == {"Joe Biden", "Hunter Biden", "Biden"}
    assert names["Joe Biden"].aliases == ("Joseph Biden",)
    assert any("left apart" in e for e in names["Biden"].evidence)


def test_short_forms_of_first_names_merge():
    index = merge_mentions(story(("a", [("Michael Bloomberg", "PERSON"),
                                        ("Mike Bloomberg", "PERSON"), ("Bloomberg", "PERSON")])))
    assert [e.name for e in index.entities] == ["Michael Bloomberg"]


def test_place_typos_merge_but_different_places_do_not():
    index = merge_mentions(story(
        ("a", [("Donetsk", "GPE"), ("Donetsk People’s Republic", "GPE"), ("Donestk", "ORG")]),
        ("b", [("Austria", "GPE"), ("Austria", "GPE"), ("Australia", "GPE"), ("Iraq", "GPE"),
               ("Iraq", "GPE"), ("Iran", "GPE")]),
    ))
    names = by_name(index)
    assert names["Donetsk"].aliases == ("Donestk",)
    assert "Donetsk People's Republic" in names  # a different place, not merged
    assert {"Austria", "Australia", "Iraq", "Iran"} <= set(names)


def test_types_are_voted_and_corrected():
    index = merge_mentions(story(
        ("a", [("Kyiv", "PERSON"), ("Kyiv", "PERSON"), ("Kyiv", "GPE"), ("Ukraine", "GPE"),
               ("Bucha Ukraine", "PERSON"), ("Ukraine", "GPE")]),
    ))
    names = by_name(index)
    assert names["Kyiv"].type == "place"  # never part of a person's name
    assert names["Ukraine"].type == "place"  # "Bucha Ukraine" is no person called Ukraine


def test_acronyms_join_their_full_name_of_the_same_type():
    index = merge_mentions(story(
        ("a", [("European Union", "ORG"), ("EU", "ORG"), ("U.S.", "GPE"), ("U.S. Senate", "ORG"),
               ("D.C.", "GPE"), ("District Court", "ORG")]),
    ))
    names = by_name(index)
    assert names["European Union"].aliases == ("EU",)
    assert {"U.S.", "U.S. Senate", "D.C.", "District Court"} <= set(names)


def test_sorted_by_articles_then_mentions():
    index = merge_mentions(story(
        ("a", [("Moscow", "GPE"), ("Moscow", "GPE"), ("Moscow", "GPE"), ("Kremlin", "ORG")]),
        ("b", [("Kremlin", "ORG")]),
    ), ["a", "b"])
    assert [e.name for e in index.entities] == ["Kremlin", "Moscow"]


def test_surface_cleaning():
    assert clean_surface("Lavrov’s") == "Lavrov"
    assert clean_surface("the European Union") == "European Union"
    assert clean_surface("President Vladimir Putin", "PERSON") == "Vladimir Putin"
    assert clean_surface("Defense Ministry", "ORG") == "Defense Ministry"
    assert clean_surface("U.S.", "GPE") == "U.S."
    assert clean_surface("[Vladimir] Putin", "PERSON") == "Vladimir Putin"
    assert clean_surface("World Health Organization (WHO", "ORG") == "World Health Organization"
    for junk in ("n’t", "the Ukrainian party", "pro-Russian", "2022", ""):
        assert clean_surface(junk) is None, junk


def test_similarity_guards():
    assert typo_similar("lavor", "lavrov") and typo_similar("donestk", "donetsk")
    assert not typo_similar("austria", "australia") and not typo_similar("iran", "iraq")
    assert not typo_similar("peskov", "petrov") and not typo_similar("niger", "nigeria")
    assert first_names_compatible("sergey", "sergei") and first_names_compatible("joe", "joseph")
    assert not first_names_compatible("joe", "hunter") and not first_names_compatible("dan", "don")


def test_spacy_path_no_entities_and_missed_mentions():
    empty = Article("x", "", "the weather was mild and nobody said anything at all.")
    kyiv = ("Russian forces shelled Kyiv on Monday, and officials in Kyiv said the city held. "
            "Ukrainian President Volodymyr Zelenskyy visited Kyiv.")
    other = "They failed to take the capital of Kyiv."
    index = extract_entities([empty, Article("k", kyiv, kyiv), Article("o", other, other)])
    names = by_name(index)
    assert index.mentions["x"] == []
    assert "Volodymyr Zelenskyy" in names and names["Volodymyr Zelenskyy"].type == "person"
    assert names["Kyiv"].article_ids == ("k", "o")  # found in "o" even if the model missed it
    for m in index.mentions["k"]:
        assert kyiv[m.start:m.end] == m.text  # offsets index the article's text


def _placed(text: str, names: list[tuple[str, str]]):
    """Entities of one article whose mentions are found at their place in ``text``."""
    from storyline.places import retype_places

    mentions = []
    for name, label in names:
        start = text.index(name)
        mentions.append(Mention("a", start, start + len(name), name, label))
    art = Article("a", text, text)
    return by_name(retype_places(merge_mentions({"a": mentions}), [art]))


def test_known_place_labelled_organisation_used_as_a_place_is_a_place():
    names = _placed("Troops shelled the port city of Mariupol. Civilians fled Mariupol.",
                    [("Mariupol", "ORG")])
    assert names["Mariupol"].type == "place"
    assert "city of Mariupol" in names["Mariupol"].evidence[-1]


def test_place_name_that_is_not_used_as_a_place_stays_an_organisation():
    names = _placed("Jackson signed with Chelsea after a season at Chelsea's academy. "
                    "Union leaders met in the Mendes building.",
                    [("Chelsea", "ORG"), ("Union", "ORG"), ("Mendes", "ORG")])
    assert {n: e.type for n, e in names.items()} == {
        "Chelsea": "organization", "Union": "organization", "Mendes": "organization"}


def test_organisation_used_as_a_place_but_unknown_to_the_gazetteer_stays():
    names = _placed("Protesters gathered in Acme Widgets on Friday.", [("Acme Widgets", "ORG")])
    assert names["Acme Widgets"].type == "organization"


def test_time_zones_and_title_tails_are_no_entities():
    """T17 IraqWar_guardian listed "BST" (its page stamps) and NeuS train "State" (from
    "Secretary of State Mike Pompeo") among the organisations."""
    from storyline.entities import extract_entities

    text = ("Thursday 28 April 2005 13.03 BST Secretary of State Mike Pompeo met King Salman "
            "in Riyadh. Pompeo said the Secretary of State would return on Friday.")
    names = {e.name for e in extract_entities([Article("a", text, text)]).entities}
    assert "Mike Pompeo" in names and "Riyadh" in names
    assert not names & {"BST", "State"}


def test_a_place_named_only_in_a_datelines_capitals_is_written_as_a_place():
    """NeuS train briefs listed "WASHINGTON", "LAS VEGAS", "TUSCALOOSA" among places."""
    from storyline.entities import extract_entities

    a = "LAS VEGAS – The White House race has moved west, where Bernie Sanders campaigned."
    b = "WASHINGTON (AP) — The USA and the UK watched the waiver at national parks."
    places = {e.name: e for e in extract_entities([Article("a", a, a), Article("b", b, b)]
                                                  ).entities if e.type == "place"}
    assert "Las Vegas" in places and "LAS VEGAS" in places["Las Vegas"].aliases
    assert "Washington" in places and {"USA", "UK"} <= set(places)


def test_a_titled_surname_mostly_labelled_a_person_stays_a_person():
    """NeuS train: "President Trump" (PERSON) twice, "the Trump administration" (ORG)
    once, and no full name: Trump is a person; an untitled name or a town labelled a
    person more often than anything else is not."""
    mentions = story(("a", [("Trump", "PERSON"), ("Trump", "PERSON"), ("Trump", "ORG"),
                            ("Pfizer", "PERSON"), ("Pfizer", "PERSON"), ("Pfizer", "ORG"),
                            ("Kyiv", "PERSON"), ("Kyiv", "PERSON"), ("Kyiv", "GPE")]))
    names = by_name(merge_mentions(mentions, titled=frozenset({"trump", "kyiv"})))
    assert names["Trump"].type == "person"
    assert names["Pfizer"].type == "organization"  # no title before it
    assert names["Kyiv"].type == "place"
    assert by_name(merge_mentions(mentions))["Trump"].type == "organization"


def test_titled_names_are_found_in_the_text():
    from storyline.entity_mentions import titled_names
    from storyline.mentions import Mention

    text = "President Trump spoke. Sen. Gabbard left. Pfizer said so. The Trump plan."
    found = {"a": [Mention("a", text.index(w), text.index(w) + len(w), w, "ORG")
                   for w in ("Trump", "Gabbard", "Pfizer")]}
    assert titled_names(found, [Article("a", text, text)]) == {"trump", "gabbard"}
