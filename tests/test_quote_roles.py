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
