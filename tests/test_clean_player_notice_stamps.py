"""Media player notices glued inside a paragraph, and BBC page stamps, on tiny articles."""

from storyline.clean import clean_article
from storyline.clean.clock_stamp import find_clock_stamp, labelled_stamps
from storyline.clean.player_notice import player_notice_spans
from storyline.model import Article

BEFORE = "BP faces questions over the blast, asking who is really to blame."
AFTER = ("Workers on the Deepwater Horizon oil rig told Panorama of the night the rig "
         "exploded.")


def clean(text: str, **kw) -> Article:
    return clean_article(Article("t", text, text, **kw))


def test_a_player_notice_glued_between_sentences_is_cut_alone():
    notice = "You must enable javascript to play content"
    raw = f"{BEFORE} {notice} {AFTER}"
    out = clean(raw)
    [cut] = out.removed
    assert (cut.rule, cut.text, raw[cut.start:cut.end]) == ("player-notice", notice, notice)
    assert cut.reason.startswith("media player notice")
    assert out.text == f"{BEFORE} {AFTER}"  # the caption that says "told" stays


def test_other_player_notices_are_cut_with_their_own_words_only():
    for notice in ("Media playback is unsupported on your device",
                   "Please turn on JavaScript.", "Media requires JavaScript to play.",
                   "This video requires Adobe Flash Player 9 or higher to be installed.",
                   "Your browser does not support the video tag."):
        text = f"{BEFORE} {notice} {AFTER}"
        assert [text[a:b] for a, b in player_notice_spans(text)] == [notice], notice


def test_reporting_about_javascript_stays():
    for text in ('The page read "You must enable JavaScript to play content" for hours.',
                 "He said you must enable javascript to play content.",
                 "Engineers told users to turn on JavaScript to see the map.",
                 "The app needs Flash, and your browser settings matter."):
        assert player_notice_spans(text) == [], text
        assert clean(text).text == text


def test_bbc_page_last_updated_stamp_is_cut_as_an_update():
    stamp = "Page last updated at 05:32 GMT, Tuesday, 6 September 2011 06:32 UK"
    lead = "Members of the family are to team up with producers for a tribute show."
    out = clean(f"{stamp} (an error occurred while processing this directive) {lead}")
    assert out.text == lead
    assert [(s.rule, s.kept_as) for s in out.removed] == [("page-stamp", "updated"),
                                                          ("site-notice", None)]


def test_bbc_short_stamp_with_a_two_digit_year_gives_the_date():
    raw = "07 February 12 00:35 GMT As the foreign minister heads to Syria, talks begin."
    found = find_clock_stamp(raw)
    assert found is not None and (found.start, found.date) == (0, "07 February 2012")
    out = clean(raw)
    assert out.text.startswith("As the foreign minister") and out.published == "2012-02-07"
    # only at the start of a paragraph: a later one is the reporting's own
    assert find_clock_stamp("Talks began at dawn on 07 February 12 00:35 GMT.") is None


def test_a_debate_pages_published_stamp_is_cut_where_it_sits():
    intro = ("How can Africa help Haiti? Senegal has offered free land. What lessons can "
             "Africa learn from the response to the Haiti disaster?")
    stamp = "Published: Monday, 18 January, 2010, 15:33 GMT 15:33 UK"
    out = clean(f"{intro} {stamp}")
    assert out.text == intro
    [cut] = out.removed
    assert (cut.rule, cut.text, cut.kept_as) == ("page-stamp", stamp, "published")
    assert out.published == "2010-01-18"
    dated = clean(f"{intro} {stamp}", published="2010-01-19")  # the given date wins
    assert dated.published == "2010-01-19" and dated.removed[0].kept_as is None
    # one clock, or no label: reporting, kept
    assert labelled_stamps("The quake struck on Monday, 18 January, 2010, at 15:33 GMT.") == []
