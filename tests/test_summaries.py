"""The extractive summary, its parts, and bad input (tiny inline stories, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.compress import (
    compress,
    dangles,
    introduce_speaker,
    lowercase_words,
    speaker_of,
)
from storyline.headline import clean_title, headline
from storyline.model import Article, ClaimSource, Event, Sentence, Story, SummarySentence
from storyline.neutral import loaded_words, loadedness
from storyline.salience import salience
from storyline.summarize import summarize
from storyline.summary_stage import summarise_story
from storyline.support import build_support
from storyline.verify import dates, names, numbers, verify
from tests.test_llm import HashEmbedder

EMB = HashEmbedder()


def _story(texts: dict[str, list[str]], dates_by_article: dict[str, str] | None = None):
    sents = [Sentence(a, i, t, 0, len(t)) for a, ts in texts.items() for i, t in enumerate(ts)]
    index = build_support(sents, EMB.encode([s.text for s in sents]))
    arts = {a: Article(a, " ".join(ts), " ".join(ts), published=(dates_by_article or {}).get(a))
            for a, ts in texts.items()}
    by_date: dict[str | None, list[str]] = {}
    for a in texts:
        by_date.setdefault((dates_by_article or {}).get(a), []).append(a)
    events = tuple(Event(f"e{k}", "t", d, tuple(ids))
                   for k, (d, ids) in enumerate(sorted(by_date.items(), key=lambda x: x[0] or "")))
    return Story("s", "t", events), arts, index


def _words(summary):
    return sum(len(s.text.split()) for s in summary)


FACTS = [
    "The city council voted on Monday to rebuild the old river bridge downtown.",
    "The new bridge will carry four lanes of traffic and a wide bicycle path.",
    "Construction is planned to begin in the spring and to last two full years.",
    "Local shop owners worry that the closure will keep customers away for months.",
    "The state will pay for most of the work from its transport budget this year.",
]


# ---------------------------------------------------------------- bad input


def test_one_article_story():
    story, arts, index = _story({"a": FACTS})
    summary = summarize(story, arts, index, words=40)
    assert summary and _words(summary) <= 40
    assert all(s.citations == ("a",) for s in summary)


def test_fifty_articles_story():
    texts = {f"a{k:02d}": [FACTS[k % 5], FACTS[(k + 1) % 5] + f" Report number {k}."]
             for k in range(50)}
    story, arts, index = _story(texts)
    summary = summarize(story, arts, index, words=60)
    assert summary and _words(summary) <= 60
    assert all(len(s.citations) >= 2 for s in summary)  # each fact is reported many times
    texts_out = [s.text for s in summary]
    assert len(set(texts_out)) == len(texts_out)  # no fact twice


def test_one_sentence_articles():
    story, arts, index = _story({f"a{k}": [f] for k, f in enumerate(FACTS)})
    summary = summarize(story, arts, index, words=50)
    assert 1 <= len(summary) <= 4 and _words(summary) <= 50


def test_budget_below_every_sentence_still_says_one_thing():
    story, arts, index = _story({"a": FACTS, "b": FACTS[:2]})
    summary = summarize(story, arts, index, words=3)
    assert len(summary) == 1 and summary[0].citations


def test_short_fragments_and_questions_only():
    story, arts, index = _story({"a": ["Why?", "Who knows?"], "b": ["Breaking news."]})
    summary = summarize(story, arts, index, words=20)
    assert len(summary) >= 1 and all(s.citations for s in summary)


def test_empty_story():
    story, arts, index = _story({})
    assert summarize(story, arts, index) == ()
    assert summarise_story(story, arts, index, embedder=EMB).summary == ()


def test_fill_reach_crosses_the_budget_once():
    story, arts, index = _story({"a": FACTS})
    under = summarize(story, arts, index, words=30)
    reach = summarize(story, arts, index, words=30, fill="reach")
    assert _words(under) <= 30 < _words(reach)
    assert _words(reach) - len(reach[-1].text.split()) < 30
    with pytest.raises(ValueError):
        summarize(story, arts, index, fill="most")


# ---------------------------------------------------------------- choices


def test_cross_source_support_beats_a_single_report():
    shared = "The city council voted on Monday to rebuild the old river bridge downtown."
    story, arts, index = _story({
        "a": ["A local bakery on the corner celebrated its fiftieth birthday with free cake.",
              shared],
        "b": ["On Monday the city council voted to rebuild the old river bridge downtown."],
        "c": ["The council voted Monday to rebuild the old river bridge downtown, officials say."]})
    summary = summarize(story, arts, index, words=15)
    assert summary[0].citations == ("a", "b", "c") or len(summary[0].citations) == 3


def test_plain_wording_preferred_over_loaded_wording():
    loaded = "Furious council slams critics and finally rams through massive river bridge plan."
    plain = "The council approved the river bridge plan and answered its critics on the plan."
    story, arts, index = _story({"a": [loaded], "b": [plain], "c": [plain.replace("The ", "A ")]})
    summary = summarize(story, arts, index, words=20)
    assert loadedness(loaded) > 0 and "slams" not in summary[0].text


def test_chronological_order_across_events():
    story, arts, index = _story(
        {"late": ["The bridge reopened to traffic on Friday after two years of construction."],
         "early": ["The city council voted on Monday to rebuild the old river bridge downtown."]},
        {"late": "2024-06-07", "early": "2022-03-07"})
    summary = summarize(story, arts, index, words=60)
    assert [s.citations[0] for s in summary] == ["early", "late"]


def test_salience_signals_are_named_and_finite():
    _, arts, index = _story({"a": FACTS, "b": FACTS[:2]})
    sal = salience(index, arts)
    assert set(sal.signals) >= {"matched", "lexical", "soft", "position", "loaded"}
    assert np.isfinite(sal.score).all() and sal.score.shape == (len(index.sentences),)


# ---------------------------------------------------------------- compression


@pytest.mark.parametrize(("text", "expected"), [
    ("WASHINGTON (AP) — The Senate voted on Tuesday to pass the bill.",
     "The Senate voted on Tuesday to pass the bill."),
    ("Why it matters: Every national poll shows the race tied.",
     "Every national poll shows the race tied."),
    ("The Senate voted on Tuesday to pass the bill, according to a report from Politico.",
     "The Senate voted on Tuesday to pass the bill."),
    ("The Senate voted to pass the bill, The Associated Press reported.",
     "The Senate voted to pass the bill."),
    ("But the polling does not back those warnings of defeat.",
     "The polling does not back those warnings of defeat."),
    # Reuters writes the day after the place (T17 LibyaWar_reuters)
    ("CARACAS, March 3 - Venezuela hopes Lula could head a mediation commission.",
     "Venezuela hopes Lula could head a mediation commission."),
    ("TRIPOLI, March 2 (Reuters) - Gaddafi called for an inquiry into the unrest.",
     "Gaddafi called for an inquiry into the unrest."),
    # a page's time stamp before the lead (T17 SyrianCrisis_bbc, IraqWar_guardian)
    ("3 August 2012 Last updated at 05:55 GMT Help As the fighting intensifies, thousands "
     "are fleeing.", "As the fighting intensifies, thousands are fleeing."),
    ("Thursday 28 April 2005 13.03 BST The head of the inspectors undercut the advice.",
     "The head of the inspectors undercut the advice."),
    # compares with a sentence the summary does not carry (T17 H1N1_guardian)
    ("Similarly, swine influenza is caused by influenza viruses adapted to pigs.",
     "Swine influenza is caused by influenza viruses adapted to pigs."),
])
def test_compression_cuts_furniture(text, expected):
    assert compress(text).text == expected and compress(text).edits


@pytest.mark.parametrize("text", [
    "According to the Labor Department, 3 million people filed claims last week.",
    "Trump said the talks were over, according to two officials.",
    "Reuters reported.",  # never cut down to nothing
    "In addition to the tax, the bill cuts spending on roads.",  # a preposition, no connective
    "Besides the president, three ministers attended the talks.",
    # a connective word that opens a phrase with the next one stays (NeuS train)
    "Now that his summit is back on, Trump will benefit from the lessons he learned.",
    "So far the virus has killed 790 people in the city.",
    "Yet another storm closed every school in the county.",
])
def test_compression_keeps_facts_and_attributions_to_people(text):
    assert compress(text).text == text


def test_pronoun_resolved_only_with_one_named_speaker():
    quote = "“We will not pause,” he explained, according to Reuters."
    c = compress(quote, ["Russian Foreign Minister Sergei Lavrov said on Monday that talks go on."])
    assert c.text == "“We will not pause,” Lavrov explained." and len(c.edits) == 2
    assert compress(quote, ["Biden and Trump said they met."]).text.endswith("he explained.")
    assert compress(quote, ["The White House said it was wrong."]).text.endswith("he explained.")
    assert dangles("“We will not pause,” he explained.")
    assert speaker_of(
        "The pause ended, said Kremlin spokesman Dmitry Peskov on Monday.") == "Peskov"


def test_resolved_pronoun_cites_the_sentence_that_names_the_speaker():
    story, arts, index = _story({"a": [
        "Russian Foreign Minister Sergei Lavrov said on Monday the talks would go on.",
        "“We will not pause the operation during the talks,” he explained to reporters."]})
    summary = summarize(story, arts, index, words=14)
    quoted = [s for s in summary if "Lavrov explained" in s.text]
    if quoted:  # when it is picked alone, the name comes with its evidence
        assert {x.sentence_id for x in quoted[0].sources} == {"a#0", "a#1"}


def test_a_speaker_named_by_last_name_is_introduced_by_full_name_once():
    before = ["Denis Pushilin, the head of the breakaway republic, said the fight goes on.",
              "Later Pushilin spoke to reporters in the city."]
    lowered = lowercase_words(" ".join(before) + " later that day")
    quote = "“Now the operation will be intensified,” Pushilin said."
    text, edit, k = introduce_speaker(quote, before, lowered, said="")
    assert text == "“Now the operation will be intensified,” Denis Pushilin said." and k == 0
    assert "named earlier in the same article" in edit
    # already named in the summary, or no full name in the article: left alone
    assert introduce_speaker(quote, before, lowered, said="Pushilin warned.") is None
    assert introduce_speaker(quote, before[1:], lowered, said="") is None


@pytest.mark.parametrize("before", [
    ["George Bush and Laura Bush arrived; Bush spoke."],  # two people: not certain
    ["Yesterday Bush met aides, and yesterday he left."],  # "Yesterday" is not a given name
    ["Sen. Mr. Bush arrived."],  # no given name at all
])
def test_no_full_name_when_the_article_does_not_give_exactly_one(before):
    lowered = lowercase_words(" ".join(before))
    assert introduce_speaker("“It is over,” Bush said.", before, lowered, said="") is None


def test_introduced_name_cites_the_sentence_that_gives_it():
    story, arts, index = _story({"a": [
        "Denis Pushilin, the head of the breakaway republic, spoke to the press on Monday.",
        "Rain fell on the city all day and the roads were closed again.",
        "“Now the operation will be intensified,” Pushilin said to reporters at noon."]})
    summary = summarize(story, arts, index, words=12)
    quoted = [s for s in summary if "intensified" in s.text]
    assert quoted and "Denis Pushilin said" in quoted[0].text
    assert {x.sentence_id for x in quoted[0].sources} >= {"a#0", "a#2"}


# ---------------------------------------------------------------- neutral wording


def test_loaded_lexicon():
    assert loaded_words("Trump slams Dems over massive, so-called reform") == [
        "slams", "dems", "massive", "so-called"]
    assert loaded_words("The committee approved the measure on Tuesday.") == []
    assert loaded_words("Unemployment claims fell; Alvin Bragg filed charges.") == []


# ---------------------------------------------------------------- verifier


def _src(*texts):
    return [ClaimSource(f"a{k}", f"a{k}#0", t) for k, t in enumerate(texts)]


def test_verifier_parts():
    assert numbers("It cost $1.5 billion, five people and 1,200 jobs.") >= {1.5, 1.5e9, 5.0, 1200.0}
    assert dates("On Friday, Feb. 3, 2023, in May") == {"weekday:friday", "month:2", "year:2023"}
    assert names("Officials in Ras al-Ayn met Lavrov’s aides in the US.") == {
        "Ras", "Ayn", "Lavrov", "US"}


def test_verifier_accepts_a_paraphrase_and_rejects_changed_facts():
    sources = _src("The council voted on Monday to spend 40 million dollars on the bridge.")
    vec = EMB.encode([s.text for s in sources])
    ok = verify("On Monday the council voted to spend 40 million dollars on the bridge.",
                EMB.encode(["On Monday the council voted to spend 40 million dollars on the "
                            "bridge."])[0], sources, vec)
    assert ok.supported, ok.problems
    for bad, problem in [("On Monday the council voted to spend 90 million dollars on the bridge.",
                          "numbers"),
                         ("On Friday the council voted to spend 40 million dollars on the bridge.",
                          "dates"),
                         ("On Monday Mayor Smith voted to spend 40 million dollars on the bridge.",
                          "names"),
                         ("Aliens landed in the desert.", "meaning")]:
        verdict = verify(bad, EMB.encode([bad])[0], sources, vec)
        assert not verdict.supported and any(p.startswith(problem) for p in verdict.problems)


def test_verifier_reports_citations_that_do_not_back_the_sentence():
    sources = _src("The council voted on Monday to spend money on the bridge.",
                   "A bakery opened downtown with free cake for everyone.")
    text = "The council voted on Monday to spend money on the bridge."
    verdict = verify(text, EMB.encode([text])[0], sources, EMB.encode([s.text for s in sources]))
    assert verdict.supported and verdict.weak_citations == ("a1",)
    assert not verify(text, EMB.encode([text])[0], [], np.zeros((0, EMB.dim))).supported


def test_extractive_summary_is_verified():
    story, arts, index = _story({"a": FACTS, "b": FACTS[:3]})
    done = summarise_story(story, arts, index, words=50, embedder=EMB)
    assert done.method == {"method": "extractive", "fallback": None}
    assert all(s.verification["supported"] for s in done.summary)


# ---------------------------------------------------------------- headline


def test_clean_title():
    assert clean_title("WATCH: Senate passes the budget bill - CNN") == \
        "Senate passes the budget bill"
    assert clean_title("Senate passes budget bill | Fox News", ["Fox News"]) == \
        "Senate passes budget bill"
    assert clean_title("Budget: what it means for you.") == "Budget: what it means for you"


def test_headline_prefers_shared_and_plain_titles():
    arts = [Article("a", "x", "x", title="Dems in total meltdown as Senate finally passes budget"),
            Article("b", "x", "x", title="Senate passes budget bill after long debate"),
            Article("c", "x", "x", title="Will the budget bill survive the House?")]
    summary = [SummarySentence("The Senate passed the budget bill on Friday.", ("a",))]
    h = headline(arts, summary)
    assert h.text == "Senate passes budget bill after long debate"
    assert h.evidence.method == "chosen" and "b" in h.evidence.detail


def test_headline_composed_without_titles():
    h = headline([Article("a", "x", "x")],
                 [SummarySentence("The Senate passed the budget bill on Friday, ending a long "
                                  "fight over spending.", ("a",))])
    assert h.text == "The Senate passed the budget bill on Friday"
    assert h.evidence.method == "composed"


@pytest.mark.parametrize(("first", "expected"), [
    # an initial is not the end of the sentence (T17: "An unpublished U.S")
    ("An unpublished U.S. diplomatic cable obtained by WikiLeaks describes a feud.",
     "An unpublished U.S. diplomatic cable obtained by WikiLeaks describes a feud"),
    # a long clause ends before a subordinate clause rather than mid-phrase with "…"
    ("The World Health Organisation has warned countries to be on alert for any unusual "
     "flu outbreaks after a swine flu virus was implicated in dozens of deaths in Mexico.",
     "The World Health Organisation has warned countries to be on alert for any unusual "
     "flu outbreaks"),
    # no cut point: "…", but not after a function word ("sidelined by…")
    ("A United Nations report hailing Libyan leader Muammar Gaddafi's rights record was on "
     "Thursday sidelined by the world body's Human Rights Council.",
     "A United Nations report hailing Libyan leader Muammar Gaddafi's rights record was on "
     "Thursday sidelined…"),
    # a fronted adverbial is no headline: the main clause after it is (T17 SyrianCrisis_bbc)
    ("To keep President Assad in power, Syrian government troops have surrounded key "
     "districts of the city.",
     "Syrian government troops have surrounded key districts of the city"),
    ("In Damascus, government forces launched two operations to root out rebel activists.",
     "Government forces launched two operations to root out rebel activists"),
    # ... unless what follows is too short to stand alone
    ("In the end, they won.", "In the end, they won"),
])
def test_composed_headline_reads_as_a_headline(first, expected):
    assert headline([Article("a", "x", "x")], [SummarySentence(first, ("a",))]).text == expected


def test_composed_headline_skips_a_sentence_that_leans_on_another():
    summary = [SummarySentence("His strategy has been to join a concerted counter offensive.",
                               ("a",)),
               SummarySentence("The Metropolitan Police chief is fighting a budget cut.", ("a",))]
    assert headline([Article("a", "x", "x")], summary).text == \
        "The Metropolitan Police chief is fighting a budget cut"


def test_summary_sentence_cites_the_other_wordings_of_its_claim():
    """Support missed b's paraphrase; the claims stage aligned it: b is cited, with its
    own sentence as evidence, and the closest wording of each article is the one shown."""
    story, arts, index = _story({"a": [FACTS[0]], "b": [FACTS[3], FACTS[1]], "c": [FACTS[2]]})
    assert not index.matches[0]
    summary = summarize(story, arts, index, words=15, claim_groups=[(0, 1, 2)])
    first = next(s for s in summary if s.sources[0].text == FACTS[0])
    assert first.citations == ("a", "b")
    closest = max((1, 2), key=lambda k: float(index.vectors[k] @ index.vectors[0]))
    assert [x.text for x in first.sources] == [FACTS[0], index.sentences[closest].text]
    plain = summarize(story, arts, index, words=15)
    assert next(s for s in plain if s.sources[0].text == FACTS[0]).citations == ("a",)


def test_a_sentence_leaning_on_the_one_before_waits_for_it():
    """"It extends ..." means nothing alone: it is said only after the sentence it
    leans on, and "It is unclear whether ..." points nowhere, so it may stand alone."""
    lean = "It extends the weekly unemployment supplement for all workers through September."
    story, arts, index = _story({
        "a": ["Lawmakers met again this morning in the old town hall downtown.", lean],
        "b": [lean.replace("It extends", "It also extends")],
        "c": ["The weekly unemployment supplement is extended for all workers, the bill says."]})
    summary = summarize(story, arts, index, words=14)
    assert summary and not any(s.text.startswith("It ") for s in summary)
    story, arts, index = _story({"a": ["It is unclear whether the council will vote on the "
                                       "bridge this year at all."]})
    assert summarize(story, arts, index, words=30)[0].text.startswith("It is unclear")


def test_he_leans_back_even_before_to():
    """"He has failed to put together a government ..." (NeuS train) followed another
    man's sentence: only "it" can be impersonal ("It is unclear whether")."""
    lean = "He has failed to put together a government after two inconclusive elections."
    story, arts, index = _story({
        "a": ["Netanyahu, 70, denies all wrongdoing but finds himself stuck in limbo.", lean],
        "b": [lean],
        "c": ["The attorney general announced his decision at a news conference today."]})
    summary = summarize(story, arts, index, words=14)
    assert summary and not any(s.text.startswith("He ") for s in summary)


def test_a_sentence_leaning_back_once_compressed_follows_its_antecedent():
    """"Now he wants to buy the world's biggest." is said "He wants ..." (NeuS train):
    it must come right after the sentence it leans on."""
    story, arts, index = _story({
        "a": ["President Trump made his name on the world's most famous island, Manhattan.",
              "Now he wants to buy the world's biggest island, Greenland, from Denmark."],
        "b": ["Danish politicians called the idea of selling Greenland a very bad joke.",
              "The prime minister of Denmark said the island was not for sale at all."]})
    texts = [s.text for s in summarize(story, arts, index, words=200)]
    k = next(n for n, t in enumerate(texts) if t.startswith("He wants"))
    assert texts[k - 1].startswith("President Trump made his name")


def test_nor_leans_on_the_sentence_before_it():
    """"Nor is it clear ..." continues a negation: it waits like "It extends ..."
    (its "it is clear" does not make it stand alone as "It is unclear" does)."""
    lean = "Nor is it clear the rebels would hold the coastal town if they took it."
    story, arts, index = _story({
        "a": ["Government troops shelled the eastern port for a second day on Friday.", lean],
        "b": [lean],
        "c": ["The rebels holding the coastal town may not keep it, commanders said."]})
    summary = summarize(story, arts, index, words=16)
    assert summary and not any(s.text.startswith("Nor ") for s in summary)


def test_no_summary_sentence_announces_a_list_and_a_cut_off_one_says_so():
    """A list's lead-in says nothing alone; a truncated excerpt (NeuS train) is shown
    as cut off, and a statement ending in a colon gets a full stop."""
    story, arts, index = _story({
        "a": FACTS[:2] + ["Following is a guide to the criminal cases against the mayor:",
                          "The council said the new bridge would be the widest in the"],
        "b": ["Here are the council members who voted for the new river bridge plan:"]
             + FACTS[2:]})
    texts = [s.text for s in summarize(story, arts, index, words=200)]
    assert texts and not any("guide" in t or "Here are" in t for t in texts)
    assert "The council said the new bridge would be the widest in the …" in texts
    assert compress("The mayor will be the next head of the regional council:").text == \
        "The mayor will be the next head of the regional council."
    assert compress("Sergio Gor, his deputy chief of staff, wrote:").text.endswith("wrote:")
