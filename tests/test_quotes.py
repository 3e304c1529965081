"""Quote finding, attribution and grouping on tiny inline articles.

Entity mentions are given by name (found in the text with a regex) so that the
attribution rules are tested without the NER model's noise; the golden test on
the example runs the real model.
"""

from __future__ import annotations

import re

import numpy as np

from storyline.entities import Mention, merge_mentions
from storyline.model import Article
from storyline.quotes import Found, attribute, find_quote_spans, group_quotes

NAMES = ["Sergey Lavrov", "Lavrov", "Dmitry Peskov", "Peskov", "John Kirby", "Jane Smith",
         "Smith", "Mary Jones", "John Brown", "Denis Pushilin", "Pushilin", "Reuters", "Kremlin"]
LABELS = {"Reuters": "ORG", "Kremlin": "ORG"}


def quotes_of(text: str, names: list[str] = NAMES, labels: dict[str, str] = LABELS):
    article = Article("a", text, text)
    mentions = []
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    for m in pattern.finditer(text):
        mentions.append(Mention("a", m.start(), m.end(), m.group(0),
                                labels.get(m.group(0), "PERSON")))
    index = merge_mentions({"a": mentions})
    return attribute(article, None, index)


def speakers(text: str) -> list[str | None]:
    return [f.speaker for f in quotes_of(text)[0]]


def test_x_said_said_x_told_explained():
    assert speakers("“We will not stop the operation now,” Sergey Lavrov said.") == \
        ["Sergey Lavrov"]
    assert speakers("“Any pause is used to regroup and to attack,” said Kremlin spokesman "
                    "Dmitry Peskov on Monday.") == ["Dmitry Peskov"]
    assert speakers("“We are probably turning another page,” Pentagon spokesman John Kirby "
                    "told reporters on Monday.") == ["John Kirby"]
    assert speakers('"The convoy includes a support battalion," Jane Smith explained.') == \
        ["Jane Smith"]


def test_according_to_a_person_but_not_to_a_wire():
    assert speakers("According to Jane Smith, “the negotiations will continue next week.”") == \
        ["Jane Smith"]
    text = ("Sergey Lavrov said on Monday that talks would go on.\n"
            "“After we became convinced that they were not planning to reciprocate, a decision "
            "was made,” he explained, according to Reuters.")
    found = quotes_of(text)[0]
    assert [f.speaker for f in found] == ["Sergey Lavrov"]
    assert "last named speaker" in found[0].attribution


def test_pronoun_resolves_to_the_last_named_speaker_and_surname_to_full_name():
    text = ("Lavrov met Sergey Lavrov's deputies.\nSergey Lavrov said the talks had stalled.\n"
            "“We see no reason to stop the talks with them,” he said.\n"
            "“There will be no pause in the operation,” Lavrov said.")
    assert speakers(text) == ["Sergey Lavrov", "Sergey Lavrov"]


def test_ambiguous_and_anonymous_attributions_stay_empty():
    text = ("Jane Smith and Mary Jones met on Monday in the capital.\n"
            "“We will meet again very soon,” she said.")
    found = quotes_of(text)[0]
    assert [f.speaker for f in found] == [None]
    assert "ambiguous" in found[0].attribution
    found = quotes_of("“The convoy is eight miles long,” the official explained.")[0]
    assert [f.speaker for f in found] == [None] and "names nobody" in found[0].attribution
    assert speakers("“It is a partisan farce and nothing more,” they said.") == [None]


def test_a_quote_split_by_its_attribution_is_one_quote():
    text = ("‘After we got sure that the Ukrainians were not preparing to respond,’ Lavrov "
            "stated, ‘we decided that there would be no respite during Moscow’s talks.’")
    found = quotes_of(text)[0]
    assert len(found) == 1 and found[0].speaker == "Lavrov"
    assert found[0].text == ("After we got sure that the Ukrainians were not preparing to "
                             "respond, we decided that there would be no respite during "
                             "Moscow’s talks.")


def test_continued_quote_in_the_same_paragraph():
    text = ("“Now the operation will be intensified,” Pushilin said. “The more we delay, the "
            "more the civilian population simply suffers.”")
    found = quotes_of(text)[0]
    assert [f.speaker for f in found] == ["Pushilin", "Pushilin"]
    assert "continues the quote" in found[1].attribution


def test_partial_quote_keeps_its_sentence():
    text = ("After convincing that the Ukrainian party did not plan to retaliate, said Lavrov, a "
            "decision was made that “during the next talk, there would be no pause”.")
    found = quotes_of(text)[0]
    assert len(found) == 1 and found[0].partial and found[0].speaker == "Lavrov"
    assert found[0].text.startswith("After convincing that the Ukrainian party")
    assert found[0].quoted == "during the next talk, there would be no pause"


def test_scare_quotes_titles_and_short_fragments_are_not_quotes():
    text = ("Russia calls it a ‘special military operation’ and Moscow’s aim is ‘denazification’. "
            "Jane Smith told CNN’s “State of the Union.” Lavrov said it was “unacceptable.”")
    assert quotes_of(text)[0] == []


def test_quote_spanning_paragraphs():
    text = ("“This is the first paragraph of a long statement, which goes on.\n\n"
            "“And this is the second paragraph of the same statement,” Jane Smith said.")
    spans, unbalanced = find_quote_spans(text)
    assert unbalanced == 0 and len(spans) == 1
    found = quotes_of(text)[0]
    assert len(found) == 1 and found[0].speaker == "Jane Smith"
    assert "first paragraph" in found[0].text and "second paragraph" in found[0].text


def test_unbalanced_quote_marks_are_dropped_without_error():
    text = ("He said the offer was “unacceptable by Kyiv. Not interested in ending the battle.\n\n"
            "Kyiv rejected the accusation. \"We are ready to talk again,\" Jane Smith said. "
            "And then a stray ” mark, and an opening “at the very end")
    found, unbalanced = quotes_of(text)
    assert unbalanced == 2
    assert [(f.text, f.speaker) for f in found] == [("We are ready to talk again", "Jane Smith")]


def test_no_quotes_and_empty_text():
    assert quotes_of("") == ([], 0)
    assert quotes_of("Nothing was said by anyone, and nobody quoted anything.") == ([], 0)


def _found(article_id: str, text: str, speaker: str | None, start: int = 0) -> Found:
    return Found(article_id, text, start, start + len(text), False, (), 0, speaker, "", text)


def test_grouping_across_outlets_with_guards():
    found = [
        _found("a", "We decided there would be no pause during the next rounds of talks", "L"),
        _found("b", "We decided that there would be no respite during the future talks", "L"),
        _found("c", "We decided there would be no pause during the next rounds of talks", "P"),
        _found("a", "We decided there would be no pause during the next rounds of talk", "L", 90),
        _found("d", "Completely different words about the weather in the mountains", None),
    ]
    v = np.array([[1, 0, 0], [0.9, 0.43, 0], [1, 0, 0], [1, 0, 0], [0, 0, 1]], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    quotes = group_quotes(found, ["a", "b", "c", "d"], v)
    groups = [[x.article_id for x in q.variants] for q in quotes]
    # one statement by L in a and b; c has another speaker; a's second copy stays apart
    assert groups[0] == ["a", "b"] and quotes[0].speaker == "L" and "cosine" in quotes[0].note
    assert sorted(map(tuple, groups[1:])) == [("a",), ("c",), ("d",)]


def test_rendered_quotes_are_grouped_by_speaker() -> None:
    from storyline.render.common import quotes_by_speaker

    def q(speaker, text):
        return {"speaker": speaker, "variants": [{"article_id": "a", "text": text}]}

    grouped = quotes_by_speaker([q("Ann Lee", "one"), q(None, "two"), q("Bo Yu", "three"),
                                 q("Ann Lee", "four")])
    assert [(s, [x["variants"][0]["text"] for x in said]) for s, said in grouped] == [
        ("Ann Lee", ["one", "four"]), ("Bo Yu", ["three"]), ("Unattributed", ["two"])]


def test_the_ministry_is_the_one_ministry_named_just_before():
    names = ["Ministry of Defense", "Ministry of Finance", "Kremlin"]
    orgs = dict.fromkeys(names, "ORG")
    one = ("The UK's Ministry of Defense said Monday that Moscow will prioritise Kyiv.\n\n"
           "“Kyiv remains Russia’s primary military objective,” the ministry wrote in an update.")
    found = quotes_of(one, names, orgs)[0]
    assert [f.speaker for f in found] == ["Ministry of Defense"]
    assert "named just before" in found[0].attribution
    two = ("The Ministry of Defense and the Ministry of Finance both spoke on Monday.\n\n"
           "“Kyiv remains Russia’s primary military objective,” the ministry wrote.")
    assert [f.speaker for f in quotes_of(two, names, orgs)[0]] == [None]  # which ministry: unknown
    none = "“Kyiv remains the primary military objective,” the ministry wrote in an update."
    assert [f.speaker for f in quotes_of(none, names, orgs)[0]] == [None]
