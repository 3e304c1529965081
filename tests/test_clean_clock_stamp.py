"""BBC and Guardian page stamps glued into the first paragraph (storyline.clean.clock_stamp)."""

from storyline.clean import clean_article
from storyline.model import Article

LEAD = "Syrian security forces have arrested dozens of activists, residents said."


def clean(text: str, **kw) -> Article:
    return clean_article(Article(id="t", raw_text=text, text=text, format="json", **kw))


def stamps(a: Article) -> list[tuple[str, str | None]]:
    return [(s.text, s.kept_as) for s in a.removed if s.rule == "page-stamp"]


def test_bbc_stamp_before_the_lead_is_cut_as_an_update():
    a = clean(f"24 April 2011 Last updated at 17:55 GMT Help {LEAD}")
    assert a.text == LEAD
    assert stamps(a) == [("24 April 2011 Last updated at 17:55 GMT Help", "updated")]
    assert a.published is None


def test_bbc_headline_before_the_stamp_becomes_the_title():
    a = clean(f"Kofi Annan briefs UN on Syria 16 March 2012 Last updated at 14:51 GMT Help {LEAD}")
    assert a.title == "Kofi Annan briefs UN on Syria"
    assert a.text == LEAD


def test_guardian_stamp_gives_the_date_and_splits_the_header_from_the_lead():
    # a headline and standfirst of more than 25 words: not a title, its own paragraph
    head = ("Dispersant may make Deepwater Horizon oil spill more toxic Scientists fear the "
            "chemicals used in the oil clean-up can cause genetic mutations and cancer, and "
            "threaten sea turtles and tuna")
    a = clean(f"{head} Wednesday 5 May 2010 19.52 BST {LEAD}")
    assert stamps(a) == [("Wednesday 5 May 2010 19.52 BST", "published")]
    assert a.published == "2010-05-05"
    assert a.text == f"{head}\n\n{LEAD}"
    dated = clean(f"{head} Wednesday 5 May 2010 19.52 BST {LEAD}", published="2010-05-06")
    assert stamps(dated) == [("Wednesday 5 May 2010 19.52 BST", None)]
    assert dated.published == "2010-05-06"


def test_dates_in_reporting_are_not_stamps():
    for text in (f"{LEAD} The quake struck at 16:53 GMT on 12 January 2010.",
                 f"On 12 January 2010 the quake struck. {LEAD}",
                 " ".join(["Word"] * 80) + f" Wednesday 5 May 2010 19.52 BST {LEAD}"):
        assert stamps(clean(text)) == [], text
