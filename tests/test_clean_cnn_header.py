"""The block a CNN page puts before its dateline, on tiny inline texts."""

from storyline.clean import clean_article
from storyline.clean.cnn_header import MAX_BLOCK_WORDS, find_cnn_header
from storyline.model import Article

LEAD = ("A Libyan military aircraft crashed Wednesday after the crew refused to bomb the "
        "city, the newspaper said. “We will not fire on our people,” the pilot told reporters.")
CAPTION = "Rebels man a checkpoint near Ras Lanuf on Monday."
BULLETS = ("NEW: The U.N. Security Council is scheduled to meet on Libya on Tuesday Witness "
           "says troops fired on protesters in the capital")
CALL_OUT = "Share your photos with CNN iReport."
NOTE = "Editor's note: Jane Doe is a professor of law. She writes about war crimes."


def clean(text: str, **kw) -> Article:
    return clean_article(Article(id="t", raw_text=text, text=text, format="json", **kw))


def cuts(article: Article) -> list[tuple[str, str, str | None]]:
    return [(s.text, s.rule, s.kept_as) for s in article.removed]


def test_the_whole_block_is_cut_piece_by_piece_and_the_dateline_stays():
    dateline = "Tripoli, Libya (CNN) -- "
    raw = f"By the CNN Wire Staff {CAPTION} {BULLETS} {CALL_OUT} {NOTE} {dateline}{LEAD}"
    a = clean(raw)
    assert a.text == dateline + LEAD
    assert cuts(a) == [("By the CNN Wire Staff", "byline", "author"),
                       (CAPTION, "photo-caption", None),
                       (BULLETS, "story-highlights", None),
                       (CALL_OUT, "promo", None),
                       (NOTE, "site-notice", None)]
    assert a.author == "CNN Wire Staff"
    for span in a.removed:
        assert raw[span.start:span.end] == span.text
    assert a.removed[0].reason.startswith("byline")
    assert a.removed[2].reason.startswith("story highlights")


def test_a_headline_before_the_byline_becomes_the_title():
    raw = (f"Libya: An opportunity for al Qaeda? By Ivan Watson, Joe Duran and Livia Borghese, "
           f"CNN {BULLETS} Washington (CNN) -- {LEAD}")
    a = clean(raw)
    assert a.title == "Libya: An opportunity for al Qaeda?"
    assert a.author == "Ivan Watson, Joe Duran and Livia Borghese"
    assert a.text == f"Washington (CNN) -- {LEAD}"
    # a known title is not replaced: the headline is a repeated title
    b = clean(raw, title="An opportunity for al Qaeda")
    assert b.title == "An opportunity for al Qaeda"
    assert cuts(b)[0] == ("Libya: An opportunity for al Qaeda?", "repeated-title", None)


def test_a_lone_short_piece_after_the_byline_is_the_headline():
    a = clean(f"By the CNN Wire Staff Report: Pilot refused to bomb, crashes (CNN) -- {LEAD}")
    assert a.title == "Report: Pilot refused to bomb, crashes"
    assert a.text == f"(CNN) -- {LEAD}"
    # bullets glued together are not one headline ("... sought Iran has ...")
    b = clean("By the CNN Wire Staff Arrests were made as rally is sought Iran has cracked "
              f"down on its protesters Washington (CNN) -- {LEAD}")
    assert b.title is None
    assert cuts(b)[1][1] == "story-highlights"


def test_byline_roles_and_from():
    a = clean(f"From Richard Roth, CNN Senior U.N. Correspondent {BULLETS} "
              f"United Nations (CNN) -- {LEAD}")
    assert a.author == "Richard Roth"
    assert cuts(a)[0] == ("From Richard Roth, CNN Senior U.N. Correspondent", "byline", "author")
    assert a.text == f"United Nations (CNN) -- {LEAD}"


def test_the_place_of_the_dateline_is_read_from_the_end():
    def kept(block: str) -> str:
        header = find_cnn_header(f"{block} (CNN) -- {LEAD}")
        assert header is not None, block
        return f"{block} (CNN) -- {LEAD}"[header.dateline:].split(" (CNN)")[0]

    assert kept(f"{BULLETS} Tripoli, Libya") == "Tripoli, Libya"
    assert kept(f"{BULLETS} Abu Dhabi, United Arab Emirates") == "Abu Dhabi, United Arab Emirates"
    assert kept(f"{BULLETS} New York") == "New York"
    assert kept(f"{BULLETS} Sunday Washington") == "Washington"
    assert kept(f"{BULLETS} WASHINGTON") == "WASHINGTON"
    assert kept(f"{BULLETS} to protect civilians United Nations") == "United Nations"
    assert kept(f"{CAPTION} {NOTE} Aboard the U.S. evacuation ship") == \
        "Aboard the U.S. evacuation ship"
    # the end of a bullet is not a place: nothing is kept before "(CNN)"
    for block in (f"{BULLETS} as the new leader of Iran", f"{BULLETS} nations join al Qaeda",
                  f"{BULLETS} successes in western Libya", f"{BULLETS} jets flown by NATO",
                  f"{BULLETS} a new NATO", f"{CAPTION} {NOTE}"):
        assert kept(block) == "(CNN) -- " + LEAD, block


def test_reporting_before_a_dateline_is_kept():
    # full sentences and no sign of CNN's header (byline, bullet, note, call-out)
    for prefix in ("The army moved in on Friday. Protesters fled the square, witnesses said.",
                   "Gadhafi speaks, his son says."):
        raw = f"{prefix} Tripoli, Libya (CNN) -- {LEAD}"
        assert clean(raw).text == raw, prefix
    # a long text before the dateline is not a header
    long = " ".join(["Protesters marched on the palace"] * (MAX_BLOCK_WORDS // 5 + 1))
    raw = f"By the CNN Wire Staff {long} Tripoli, Libya (CNN) -- {LEAD}"
    assert find_cnn_header(raw) is None
    # only the first paragraph, only before the first dateline, only "(CNN) --"
    raw = f"{LEAD}\n\nBy the CNN Wire Staff {BULLETS} Tripoli, Libya (CNN) -- {LEAD}"
    assert clean(raw).text == raw
    raw = f"By the CNN Wire Staff {BULLETS} Tripoli (CNN) reported that {LEAD}"
    assert find_cnn_header(raw) is None
    # no block: the dateline opens the text
    raw = f"Tripoli, Libya (CNN) -- {LEAD}"
    assert find_cnn_header(raw) is None and clean(raw).text == raw


def test_everything_after_the_dateline_stays():
    after = f"{LEAD} NEW: this is quoted. By the CNN Wire Staff, he said. Cairo, Egypt (CNN) -- x"
    raw = f"By the CNN Wire Staff {BULLETS} Tripoli, Libya (CNN) -- {after}"
    a = clean(raw)
    assert a.text.endswith(after)
    assert all(s.end <= raw.index("Tripoli, Libya (CNN)") for s in a.removed)
