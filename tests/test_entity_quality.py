"""Entity types, junk spans and missed merges (storyline.entity_junk, entity_merges,
entity_types) on tiny inline stories, mentions given as the small model tags them."""

from __future__ import annotations

from storyline.entities import Mention, extract_entities, merge_mentions
from storyline.entity_junk import clean_mentions
from storyline.model import Article


def tagged(text: str, *names: tuple[str, str], article_id: str = "a") -> list[Mention]:
    """Mentions of ``names`` (text, label) at their successive places in ``text``."""
    out, pos = [], 0
    for name, label in names:
        start = text.index(name, pos)
        out.append(Mention(article_id, start, start + len(name), name, label))
        pos = start + len(name)
    return out


def entities(*articles: tuple[str, list[tuple[str, str]]]) -> dict[str, tuple[str, tuple]]:
    """{name: (type, aliases)} of a story of (text, [(name, label), ...]) articles."""
    arts = [Article(f"a{i}", text, text) for i, (text, _) in enumerate(articles)]
    mentions = {a.id: tagged(a.text, *names, article_id=a.id)
                for a, (_, names) in zip(arts, articles, strict=True)}
    index = extract_entities(arts, mentions)
    return {e.name: (e.type, e.aliases) for e in index.entities}


def cut(text: str, *names: tuple[str, str]) -> list[tuple[str, str]]:
    found, _ = clean_mentions({"a": tagged(text, *names)}, [Article("a", text, text)])
    return [(m.text, m.label) for m in found["a"]]


# --- junk spans (storyline.entity_junk) ---------------------------------------------

def test_a_list_tagged_as_one_organisation_is_cut_into_its_names():
    assert cut("Facebook, Google and Twitter testified.", ("Facebook, Google", "ORG")) == [
        ("Facebook", "ORG"), ("Google", "ORG")]


def test_a_list_holding_a_known_place_is_a_list_of_places():
    text = "People in parts of Medford, Talent and nearby towns fled."
    assert cut(text, ("Medford, Talent", "ORG")) == [("Medford", "GPE"), ("Talent", "GPE")]
    # a place name the story writes in lower case is a word, not evidence
    slogan = "Freedom, Liberty! They want liberty."
    assert cut(slogan, ("Freedom, Liberty", "ORG")) == [("Freedom", "ORG"), ("Liberty", "ORG")]


def test_a_name_with_a_comma_of_its_own_stays_whole():
    assert cut("Farrar, Straus and Giroux, Inc. said", ("Farrar, Straus and Giroux, Inc.", "ORG")
               ) == [("Farrar, Straus and Giroux, Inc.", "ORG")]
    assert cut("in Tuscaloosa, Ala. today", ("Tuscaloosa, Ala.", "GPE")) == [
        ("Tuscaloosa, Ala.", "GPE")]


def test_treebank_brackets_time_zones_and_dates_are_cut_off():
    text = ("the World Health Organization -LRB- WHO -RRB- said. 13:05 BST Tony Blair spoke. "
            "-RRB- Protesters and protesters. Medvedev March 23 , 2011 wrote. -RRB- ends.")
    assert cut(text, ("World Health Organization -LRB- WHO", "ORG"), ("BST Tony Blair", "PERSON"),
               ("-RRB- Protesters", "PERSON"), ("Medvedev March 23 , 2011", "ORG"),
               ("RRB", "PERSON")) == [
        ("World Health Organization", "ORG"), ("WHO", "ORG"), ("Tony Blair", "PERSON"),
        ("Medvedev", "ORG")]


def test_a_headline_phrase_is_cut_from_the_name_the_story_tags_alone():
    text = ("The Latest on University of Alabama decision. A donor to the University of "
            "Alabama spoke.")
    assert cut(text, ("The Latest on University of Alabama", "ORG"),
               ("the University of Alabama", "ORG"))[0] == ("University of Alabama", "ORG")
    # "Council on Foreign Relations": the words after "on" are no name of their own here
    text = "the Council on Foreign Relations said"
    assert cut(text, ("Council on Foreign Relations", "ORG")) == [
        ("Council on Foreign Relations", "ORG")]


def test_a_preposition_or_participle_glued_to_a_name_is_cut_off():
    text = "Obama spoke. Following Obama's remarks, BP fell."
    assert cut(text, ("Obama", "PERSON"), ("Following Obama", "PERSON")) == [
        ("Obama", "PERSON"), ("Obama", "PERSON")]
    # a first name that looks like a participle is no word of the story: kept
    named = "Kushner spoke. Jared Kushner left."
    assert cut(named, ("Kushner", "PERSON"), ("Jared Kushner", "PERSON"))[1] == (
        "Jared Kushner", "PERSON")


def test_an_owner_a_headline_word_and_an_office_are_not_part_of_a_person():
    text = ("Twitter Inc's Jack Dorsey spoke. GUNS Barrett ruled on guns. Justice Department. "
            "WASHINGTON—Immigration agents")
    assert cut(text, ("Twitter Inc's Jack Dorsey", "PERSON"), ("GUNS Barrett", "PERSON"),
               ("Justice Department", "PERSON"), ("WASHINGTON—Immigration", "ORG")) == [
        ("Jack Dorsey", "PERSON"), ("Barrett", "PERSON"), ("Justice Department", "ORG"),
        ("WASHINGTON", "GPE"), ("Immigration", "ORG")]


# --- merges (storyline.entity_merges) -------------------------------------------------

def test_a_surname_tagged_as_an_organisation_joins_its_person():
    got = entities(("Executive editor Dean Baquet said on Monday that the change was made. "
                    "Baquet said the campaign objected.",
                    [("Dean Baquet", "PERSON"), ("Baquet", "ORG")]))
    assert got == {"Dean Baquet": ("person", ("Baquet",))}


def test_a_place_is_not_taken_for_a_surname():
    # a US state (or country) stays the place, even without "in"
    got = entities(("George Washington slept here; Washington is far.",
                    [("George Washington", "PERSON"), ("Washington", "GPE")]))
    assert got["Washington"][0] == "place"


def test_a_surname_tagged_as_a_group_joins_its_person_but_a_demonym_does_not():
    got = entities(("Retired Gen. Jim Mattis resigned. \"I swore an oath,\" Mattis said.",
                    [("Jim Mattis", "PERSON"), ("Mattis", "NORP")]))
    assert got == {"Jim Mattis": ("person", ("Mattis",))}
    # a junk "person" ending in a group word leaves the group alone
    for junk, word in (("Top American", "American"), ("Gadhafi -- Libyan", "Libyan"),
                       ("Branches of Islamic", "Islamic"), ("Voters Democrats", "Democrats")):
        text = f"{junk} spoke. {word} voters came."
        got = entities((text, [(junk, "PERSON"), (word, "NORP")]))
        assert got[word][0] == "group", word


def test_a_town_named_like_a_person_is_that_person_unless_used_as_a_place():
    # Timeline17's BP stories: "Hayward" (a Californian town) tagged GPE, LOC and ORG
    story = ("BP chief executive Tony Hayward testified. Lawmakers turned away from Hayward "
             "as Hayward began his remarks. Hayward said he was sorry.")
    got = entities((story, [("Tony Hayward", "PERSON"), ("Hayward", "GPE"),
                            ("Hayward", "LOC"), ("Hayward", "ORG")]))
    assert got == {"Tony Hayward": ("person", ("Hayward",))}
    for place_use in ("The plant in Hayward closed.", "A Hayward-based firm hired him.",
                      "Hayward, Calif. (AP) -- The plant closed."):
        text = place_use + " Its lawyer Tom Hayward spoke."
        got = entities((text, [("Hayward", "GPE"), ("Tom Hayward", "PERSON")]))
        assert got["Hayward"][0] == "place", place_use
        assert got["Tom Hayward"] == ("person", ())
    # a dateline run into a junk name by the model still shows the place
    text = ("Major impact from Fukushima ROME , June 13 -LRB- Reuters -RRB- - Italians voted. "
            "Rome resident Flavio Rellandini said so.")
    got = entities((text, [("Fukushima ROME", "PERSON"), ("Rome", "GPE"),
                           ("Flavio Rellandini", "PERSON")]))
    assert got["Rome"][0] == "place"


def test_a_newspaper_by_its_head_word_only_when_the_story_names_one():
    one = entities(("The New York Times reported it; the Times later removed it.",
                    [("New York Times", "ORG"), ("Times", "ORG")]))
    assert one == {"New York Times": ("organization", ("Times",))}
    two = entities(("The New York Times and the Financial Times; the Times removed it.",
                    [("New York Times", "ORG"), ("Financial Times", "ORG"), ("Times", "ORG")]))
    assert "Times" in two
    house = entities(("The White House and the House disagreed.",
                      [("White House", "ORG"), ("House", "ORG")]))
    assert set(house) == {"White House", "House"}


def test_a_first_name_joins_the_one_person_of_that_name():
    got = entities(("Saddam Hussein ruled Iraq. Saddam fled in 2003.",
                    [("Saddam Hussein", "PERSON"), ("Saddam", "PERSON")]))
    assert got == {"Saddam Hussein": ("person", ("Saddam",))}
    two = merge_mentions({"a": [Mention("a", 0, 13, "David Cameron", "PERSON"),
                                Mention("a", 20, 31, "David Lapan", "PERSON"),
                                Mention("a", 40, 45, "David", "PERSON")]})
    assert {e.name for e in two.entities} == {"David Cameron", "David Lapan", "David"}


def test_a_first_name_before_the_full_name_or_with_digits_stays_apart():
    # a reader comment's "Phil" comes before the commenter "Phil BC": no reference back
    got = entities(("Phil, a farmer, wrote in. Comments: Phil Barnes said no.",
                    [("Phil", "PERSON"), ("Phil Barnes", "PERSON")]))
    assert set(got) == {"Phil", "Phil Barnes"}
    later = entities(("Phil Barnes, a farmer, wrote in. Phil said no.",
                      [("Phil Barnes", "PERSON"), ("Phil", "PERSON")]))
    assert later == {"Phil Barnes": ("person", ("Phil",))}
    virus = entities(("H1N1 Replikins Vaccine was sold. H1N1 spread.",
                      [("H1N1 Replikins Vaccine", "PERSON"), ("H1N1", "PERSON")]))
    assert "H1N1" in virus


# --- types (storyline.entity_types, storyline.places) --------------------------------

def test_a_platform_tagged_as_a_person_is_an_organisation():
    got = entities(("Trump posted on Twitter late Monday. Twitter suspended the account.",
                    [("Trump", "PERSON"), ("Twitter", "PERSON"), ("Twitter", "PERSON")]))
    assert got["Twitter"][0] == "organization"
    assert got["Trump"][0] == "person"


def test_an_agency_acronym_tagged_as_a_place_is_an_organisation():
    got = entities(("The F.B.I. opened an inquiry; the F.B.I. said the U.K. agreed.",
                    [("F.B.I.", "GPE"), ("F.B.I.", "GPE"), ("U.K.", "GPE")]))
    assert got["F.B.I."][0] == "organization"
    assert got["U.K."][0] == "place"


def test_the_un_is_no_place_abbreviation():
    from storyline.entity_types import place_codes

    # an acronym abbreviating one of these stays a place; the UN is an organisation
    assert {"UK", "EU", "UAE", "US"} <= place_codes()
    assert "UN" not in place_codes()


def test_a_city_tagged_as_a_group_is_a_place_when_used_as_one():
    got = entities(("Fighting spread in Aleppo on Friday.", [("Aleppo", "NORP")]))
    assert got["Aleppo"][0] == "place"


def test_a_rig_tagged_as_a_person_is_a_place_but_a_person_before_a_noun_is_not():
    got = entities(("The Deepwater Horizon rig exploded. Oil leaked from the Deepwater "
                    "Horizon well. Joe Biden flew over the spill; Joe Biden spoke.",
                    [("Deepwater Horizon", "PERSON"), ("Deepwater Horizon", "PERSON"),
                     ("Joe Biden", "PERSON"), ("Joe Biden", "PERSON")]))
    assert got["Deepwater Horizon"][0] == "place"
    assert got["Joe Biden"][0] == "person"
    # one word before such a noun is as often the owner: left alone
    owner = entities(("She was aboard the Ryanair plane.", [("Ryanair", "PERSON")]))
    assert owner["Ryanair"][0] == "person"


def test_an_initialism_without_vowels_is_no_person_but_initials_are():
    got = entities(("LGBTQ people marched. JFK was shot.",
                    [("LGBTQ", "PERSON"), ("JFK", "PERSON")]))
    assert got["LGBTQ"][0] == "group"
    assert got["JFK"][0] == "person"
    alone = entities(("LGBTQ and civil rights advocates warned.", [("LGBTQ", "PERSON")]))
    assert alone["LGBTQ"][0] == "organization"


def test_a_people_or_faith_after_a_word_is_a_group_not_a_person():
    got = entities(("China detained Uighur Muslims. Chris Evans met Americans. "
                    "Mouthy Americans complained. An American spoke.",
                    [("Uighur Muslims", "PERSON"), ("Chris Evans", "PERSON"),
                     ("Mouthy Americans", "PERSON"), ("American", "NORP")]))
    assert got["Uighur Muslims"][0] == "group"
    assert got["Mouthy Americans"][0] == "group"
    assert got["Chris Evans"][0] == "person"


def test_a_full_name_typed_organisation_is_a_person_when_used_as_ones():
    # the model tags these ORG on their only mention (NeuS train, Timeline17)
    for text, name in (
            ("Adult film star Stormy Daniels sued the president.", "Stormy Daniels"),
            ("For Adriana Mendez , 25 , a tamale seller, the bus was empty.", "Adriana Mendez"),
            ("Graeme Pacitti, who works at a bank, fell ill.", "Graeme Pacitti"),
            ("Keiji Fukuda , the WHO 's acting assistant director-general , spoke.",
             "Keiji Fukuda")):
        got = entities((text, [(name, "ORG")]))
        assert got[name][0] == "person", text


def test_an_organisation_opening_with_a_given_name_stays_one():
    # "Sierra", "Marine", "Al", "Save" read as given names; the text shows no person
    for text, name in (
            ("Activists of the Sierra Club, who sued, and its director spoke.", "Sierra Club"),
            ("the retired four-star Marine Corps general", "Marine Corps"),
            ("the media, including Al Jazeera , save one questioning columnist .",
             "Al Jazeera"),
            ("Save America, the former president called the report.", "Save America"),
            ("Al Jazeera said the talks failed.", "Al Jazeera")):
        got = entities((text, [(name, "ORG")]))
        assert got[name][0] == "organization", text
