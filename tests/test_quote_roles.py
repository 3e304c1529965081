"""“…,” the president told reporters: a role resolved to the one holder the story names
(storyline/quotes/roles.py), and never guessed between two.

Mentions are given by name, as in tests/test_quotes.py, so that the rule is tested
without the NER model's noise.
"""

from __future__ import annotations

import re

from storyline.entities import Mention, merge_mentions
from storyline.model import Article
from storyline.quotes import attribute, extract_quotes, role_holders

NAMES = ["Joe Biden", "Biden", "Vladimir Putin", "Boris Johnson", "Kamala Harris",
         "Donald Trump", "Sergey Lavrov", "Jane Smith"]


def index_of(articles: list[Article]):
    pattern = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))
    mentions = {a.id: [Mention(a.id, m.start(), m.end(), m.group(0), "PERSON")
                       for m in pattern.finditer(a.text)] for a in articles}
    return merge_mentions(mentions, [a.id for a in articles])


def found_of(*texts: str):
    articles = [Article(f"a{i}", t, t) for i, t in enumerate(texts)]
    index = index_of(articles)
    roles = role_holders(articles, index.mentions)
    return [f for a in articles for f in attribute(a, None, index, roles)[0]]


QUOTE = "“We will keep the border open for as long as it takes,”"


def test_the_president_is_the_one_president_the_story_names():
    found = found_of(f"President Joe Biden met the leaders on Monday. {QUOTE} the president "
                     "told reporters.")
    assert [f.speaker for f in found] == ["Joe Biden"]
    assert "the one president the article names (“President Joe Biden”)" in found[0].attribution


def test_the_prime_minister_and_the_president_said_that():
    found = found_of("Prime Minister Boris Johnson spoke in London. The prime minister said "
                     "that “we will keep the border open for as long as it takes.”")
    assert [f.speaker for f in found] == ["Boris Johnson"]
    found = found_of("Russian President Vladimir Putin spoke. The president said “the "
                     "operation will go on until its goals are met.”")
    assert [f.speaker for f in found] == ["Vladimir Putin"]


def test_a_holder_named_in_another_article_of_the_story():
    found = found_of("U.S. President Joe Biden flew to Warsaw on Friday.",
                     f"{QUOTE} the president said in Warsaw.")
    assert [f.speaker for f in found] == ["Joe Biden"]
    assert "the story names" in found[0].attribution


def test_two_holders_leave_the_quote_unattributed_with_both_names():
    found = found_of(f"President Joe Biden called President Vladimir Putin. {QUOTE} the "
                     "president said.")
    assert [f.speaker for f in found] == [None]
    assert "2 holders of president: Joe Biden, Vladimir Putin" in found[0].attribution


def test_the_article_own_holder_comes_before_the_story():
    found = found_of("President Vladimir Putin met his ministers.",
                     f"President Joe Biden landed. {QUOTE} the president said.")
    assert [f.speaker for f in found] == ["Joe Biden"]


def test_vice_former_and_other_offices_are_not_holders():
    for text in (f"Vice President Kamala Harris arrived. {QUOTE} the president said.",
                 f"Former President Donald Trump spoke. {QUOTE} the president said.",
                 f"former U.S. President Donald Trump spoke. {QUOTE} the president said.",
                 f"Foreign Minister Sergey Lavrov spoke. {QUOTE} the prime minister said.",
                 f"{QUOTE} the president said."):
        found = found_of(text)
        assert [f.speaker for f in found] == [None], text
    found = found_of(f"Foreign Minister Sergey Lavrov spoke. {QUOTE} the minister said.")
    assert [f.speaker for f in found] == ["Sergey Lavrov"]
    found = found_of(f"Prime Minister Boris Johnson spoke. {QUOTE} the minister said.")
    assert [f.speaker for f in found] == [None]


def test_a_later_he_said_follows_the_resolved_speaker():
    found = found_of(f"President Joe Biden spoke. {QUOTE} the president said.\n"
                     "“We will not send troops there, not now and not later,” he added.")
    assert [f.speaker for f in found] == ["Joe Biden", "Joe Biden"]


def test_extract_quotes_resolves_across_the_story():
    articles = [Article("a0", "President Joe Biden flew to Warsaw.",
                        "President Joe Biden flew to Warsaw."),
                Article("a1", f"{QUOTE} the president said.", f"{QUOTE} the president said.")]
    quotes = extract_quotes(articles, entities=index_of(articles))
    assert [q.speaker for q in quotes] == ["Joe Biden"]


def test_a_country_picks_the_holder_the_story_gives_that_country():
    story = "Russian President Vladimir Putin called U.S. President Joe Biden."
    for phrase in ("the Russian president said", "Russia's president said",
                   "the president of Russia said", "said the Russian president on Monday"):
        found = found_of(f"{story} {QUOTE} {phrase}.")
        assert [f.speaker for f in found] == ["Vladimir Putin"], phrase
        assert "the one president of Russia the article names (“Russian President Vladimir " \
               "Putin”)" in found[0].attribution
    found = found_of(f"{story} {QUOTE} the American president said.")
    assert [f.speaker for f in found] == ["Joe Biden"]


def test_the_country_may_follow_the_name_or_be_a_possessive_elsewhere():
    found = found_of("Foreign Minister Sergey Lavrov of Russia arrived.",
                     f"{QUOTE} Russia's foreign minister told reporters.")
    assert [f.speaker for f in found] == ["Sergey Lavrov"]
    found = found_of(f"Russia's Vladimir Putin, or President Vladimir Putin, spoke. {QUOTE} the "
                     "Russian president said.")
    assert [f.speaker for f in found] == ["Vladimir Putin"]
    found = found_of(f"U.S. Secretary of State Jane Smith landed. {QUOTE} the US secretary of "
                     "state told reporters.")
    assert [f.speaker for f in found] == ["Jane Smith"]


def test_a_holder_without_that_country_is_not_guessed():
    found = found_of(f"President Joe Biden spoke. {QUOTE} the Russian president said.")
    assert [f.speaker for f in found] == [None]
    assert "names no president of Russia, only presidents: Joe Biden (no country named)" in \
        found[0].attribution
    found = found_of(f"Russian President Vladimir Putin and Russian President Boris Johnson met. "
                     f"{QUOTE} the Russian president said.")
    assert [f.speaker for f in found] == [None]
    assert "2 holders of president of Russia" in found[0].attribution
    found = found_of(f"Russian Vice President Kamala Harris spoke. {QUOTE} the Russian president "
                     "said.")
    assert [f.speaker for f in found] == [None]


def test_the_leader_of_a_country_is_its_one_head_of_state_or_titled_leader():
    found = found_of(f"Russian President Vladimir Putin spoke. {QUOTE} the Russian leader said.")
    assert [f.speaker for f in found] == ["Vladimir Putin"]
    found = found_of("Russian leader Vladimir Putin and Russian Prime Minister Boris Johnson met. "
                     f"{QUOTE} said the Russian leader.")
    assert [f.speaker for f in found] == ["Vladimir Putin"]
    assert "the one leader of Russia the article names (“Russian leader Vladimir Putin”)" in \
        found[0].attribution
    found = found_of(f"Russian President Vladimir Putin spoke. {QUOTE} the leader said.")
    assert [f.speaker for f in found] == [None]


def test_said_the_president_after_the_quote():
    found = found_of(f"President Joe Biden met the leaders. {QUOTE} said the president on Monday.")
    assert [f.speaker for f in found] == ["Joe Biden"]
    found = found_of(f"President Joe Biden met the leaders. {QUOTE} said the president of the "
                     "club.")
    assert [f.speaker for f in found] == [None]


def test_a_title_in_apposition_names_its_holder():
    found = found_of(f"Talks with the Russian president, Vladimir Putin, ended. {QUOTE} the "
                     "Russian president said.")
    assert [f.speaker for f in found] == ["Vladimir Putin"]
    assert "(“Russian president, Vladimir Putin”)" in found[0].attribution
    found = found_of(f"He met the prime minister, Boris Johnson, and left. {QUOTE} the prime "
                     "minister said.")
    assert [f.speaker for f in found] == ["Boris Johnson"]
    found = found_of(f"He met the prime minister, Boris Johnson and Joe Biden. {QUOTE} the prime "
                     "minister said.")
    assert [f.speaker for f in found] == [None]


def test_a_country_ending_the_sentence_before_is_not_the_holders():
    found = found_of(f"Aid reached Russia. President Joe Biden spoke. {QUOTE} the Russian "
                     "president said.")
    assert [f.speaker for f in found] == [None]
    assert "Joe Biden (no country named)" in found[0].attribution
    found = found_of(f"Aid reached Russia. U.S. President Joe Biden spoke. {QUOTE} the American "
                     "president said.")
    assert [f.speaker for f in found] == ["Joe Biden"]


def test_a_congressional_state_tag_ties_the_senator_to_the_state_and_party():
    # "Sen. Elizabeth Warren (D-Mass.)" (storyline/quotes/states.py): "the Massachusetts
    # senator" and "the Massachusetts Democrat" are her; "the Texas Republican" nobody
    found = found_of("Sen. Kamala Harris (D-Calif.) and Sen. Joe Biden (D-Del.) met on "
                     f"Monday. {QUOTE} the California senator said. “Nobody will be turned "
                     "away at the crossing,” said the Delaware Democrat. “The wall will "
                     "never be finished in time,” the Texas Republican said.")
    assert [f.speaker for f in found] == ["Kamala Harris", "Joe Biden", None]
    assert "“Kamala Harris (D-Calif.)”" in found[0].attribution
    assert "the story names no Republican of Texas" in found[2].attribution
    found = found_of(f"Jane Smith, D-N.Y., spoke first. {QUOTE} the New York Democrat said.")
    assert [f.speaker for f in found] == ["Jane Smith"]


def test_state_abbreviations():
    from storyline.quotes.states import state_name, state_tag

    assert [state_name(a) for a in ("Mass.", "Calif.", "N.Y.", "Vt.", "Ill.", "Texas",
                                    "W.Va.", "NY", "Ny", "Foo.")] == [
        "Massachusetts", "California", "New York", "Vermont", "Illinois", "Texas",
        "West Virginia", "New York", None, None]
    assert state_tag("Rand Paul (R-Ky.) said", 9)[:2] == ("Kentucky", "Republican")
    assert state_tag("Rand Paul (R-Ky., said", 9) is None  # unbalanced
