"""The wire page's stamp and header block glued to the lead, on tiny inline texts."""

from storyline.clean import clean_article
from storyline.clean.page_header import find_page_header
from storyline.model import Article

LEAD = ("TRIPOLI (Reuters) - Libyan leader Muammar Gaddafi's son warned on Monday that the "
        "country faced civil war as protests spread to the capital.")
STAMP = "TRIPOLI | Mon Feb 21, 2011 6:51 pm EST"


def clean(text: str, **kw) -> Article:
    return clean_article(Article(id="t", raw_text=text, text=text, format="json", **kw))


def cuts(article: Article) -> list[tuple[str, str, str | None]]:
    return [(s.text, s.rule, s.kept_as) for s in article.removed]


def test_stamp_alone_is_cut_and_its_date_kept():
    raw = f"{STAMP} {LEAD}"
    a = clean(raw)
    assert a.text == LEAD
    assert cuts(a) == [(STAMP, "page-stamp", "published")]
    assert a.published == "2011-02-21"
    span = a.removed[0]
    assert raw[span.start:span.end] == STAMP
    assert a.title is None


def test_a_known_published_date_is_not_replaced():
    a = clean(f"{STAMP} {LEAD}", published="2011-02-22")
    assert a.published == "2011-02-22"
    assert cuts(a) == [(STAMP, "page-stamp", None)]


def test_byline_becomes_the_author():
    byline = "By Maggie Fox, Health and Science Editor"
    a = clean(f"{byline} WASHINGTON | Mon Mar 2, 2009 4:23 pm EST WASHINGTON (Reuters) - "
              "Virtually all flu cases now resist the main drug, officials said.")
    assert a.author == "Maggie Fox"
    assert cuts(a)[0] == (byline, "byline", "author")
    assert a.text.startswith("WASHINGTON (Reuters) - Virtually")


def test_promo_headline_and_credit():
    promo = "U.S. Northeast digs out from blizzard, tornado strikes in South. Full Article"
    headline = "Gaddafi son warns of civil war as turmoil spreads"
    credit = "Credit: Reuters/Libyan TV via REUTERS TV"
    raw = f"{promo} {headline} {credit} {STAMP} {LEAD}"
    a = clean(raw)
    assert cuts(a) == [(promo, "promo-headline", None), (headline, "title", "title"),
                       (credit, "photo-caption", None), (STAMP, "page-stamp", "published")]
    assert a.title == headline
    assert a.text == LEAD
    for span in a.removed:
        assert raw[span.start:span.end] == span.text


def test_headline_is_a_repeat_when_the_article_has_a_title():
    headline = "Gaddafi son warns of civil war as turmoil spreads"
    a = clean(f"{headline} {STAMP} {LEAD}", title="Gaddafi's son warns of civil war")
    assert a.title == "Gaddafi's son warns of civil war"
    assert cuts(a)[0] == (headline, "repeated-title", None)


def test_caption_is_cut_and_the_standfirst_kept():
    caption = "Tourists wearing masks walk down the street in Osaka May 15, 2009."
    standfirst = ("Japan confirmed on Monday 125 people had been infected with the new "
                  "strain of H1N1 flu.")
    lead = "TOKYO (Reuters) - Japan's flu cases rose again on Tuesday, officials said."
    raw = f"{caption} {standfirst} TOKYO | Tue May 19, 2009 10:10 am IST {lead}"
    a = clean(raw)
    assert [c[1] for c in cuts(a)] == ["photo-caption", "page-stamp"]
    assert a.text == f"{standfirst}\n\n{lead}"
    assert a.title is None


def test_editors_note_and_unlabelled_credit():
    note = ("EDITOR'S NOTE: Credit: Reuters IS UNABLE TO INDEPENDENTLY VERIFY THE CONTENT "
            "OF THE VIDEO FROM WHICH THIS VIDEO WAS TAKEN.")
    caption = "A fire-fighter attempts to put out a blaze in Misrata in this still image."
    credit = "REUTERS/Social Media Website via Reuters TV"
    a = clean(f"{note} {caption} {credit} {STAMP} {LEAD}")
    assert [c[1] for c in cuts(a)] == ["site-notice", "photo-caption", "photo-caption",
                                       "page-stamp"]
    assert a.text == LEAD


def test_city_word_of_the_headline_stays_with_the_headline():
    a = clean("Most H1N1 patients do not need drugs to recover: WHO GENEVA | Tue May 12, "
              "2009 1:47 pm EDT GENEVA (Reuters) - Most patients recover, the WHO said.")
    assert a.title == "Most H1N1 patients do not need drugs to recover: WHO"


def test_reporting_that_ends_with_a_date_is_kept():
    sentence = ("The well was permanently sealed, the top U.S. spill official said on "
                "September 19, 2010.")
    a = clean(f"{sentence} HOUSTON | Sun Sep 19, 2010 5:00 pm EDT HOUSTON (Reuters) - "
              "BP said on Sunday that the well is dead.")
    assert sentence in a.text
    assert [c[1] for c in cuts(a)] == ["page-stamp"]


def test_text_without_a_stamp_is_untouched():
    texts = [LEAD,
             "Shares rose | Mon Feb 21 was a holiday in the U.S. and markets were closed.",
             "TRIPOLI | Feb 21, 2011 TRIPOLI (Reuters) - no weekday or time, not a stamp."]
    for text in texts:
        assert find_page_header(text) is None
        assert clean(text).removed == ()


def test_stamp_deep_in_the_text_is_not_a_page_header():
    filler = "The talks went on for hours. " * 40
    assert find_page_header(f"{filler}{STAMP} {LEAD}") is None
