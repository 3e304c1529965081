"""Cleaning rules on tiny inline articles: what goes, what stays, and why."""

from storyline.clean import clean_article, split_lines
from storyline.ingest import read_text_article
from storyline.model import Article

BODY = ("The council voted on Monday to rebuild the old bridge over the river, ending a "
        "debate that had lasted for years.")
BODY2 = ("Work will start in the spring and is expected to take eighteen months, the mayor "
         "said on Tuesday.")


def clean(text: str, **kw) -> Article:
    return clean_article(read_text_article(text, article_id="t", origin="t", **kw))


def rules(article: Article) -> dict[str, str]:
    return {span.text: span.rule for span in article.removed}


def test_header_title_byline_and_dates_become_metadata():
    a = clean(f"Bridge Will Be Rebuilt\n\nBridge Will Be Rebuilt\nJane Doe\n3/21/2022\n"
              f"Updated:\n3/22/2022\n\n{BODY}\n{BODY2}\n")
    assert a.title == "Bridge Will Be Rebuilt"
    assert a.author == "Jane Doe"
    assert a.published == "2022-03-21"
    assert a.text == f"{BODY}\n\n{BODY2}"
    assert [s.rule for s in a.removed] == ["title", "repeated-title", "byline", "date-line",
                                            "date-line", "date-line"]
    assert [s.kept_as for s in a.removed][-1] == "updated"


def test_first_line_that_is_a_sentence_is_not_a_title():
    a = clean(f"{BODY}\n{BODY2}\n")
    assert a.title is None
    assert a.text == f"{BODY}\n\n{BODY2}"


def test_date_prefix_on_the_first_line():
    a = clean(f" date 2022-04-12 {BODY}\n")
    assert a.published == "2022-04-12"
    assert a.text == BODY
    assert rules(a) == {"date 2022-04-12": "date-line"}


def test_furniture_lines_are_removed_with_reasons():
    furniture = {
        "BORIS JOHNSON MEETS WITH ZELENSKY IN SURPRISE TRIP TO BESIEGED UKRAINE": "promo-headline",
        "CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER": "read-more",
        "Live updates of the war here": "read-more",
        "Leave a Reply": "comment-form",
        "Your email address will not be published. Required fields are marked *": "comment-form",
        "Sign up for our daily newsletter": "newsletter-promo",
        "Reuters contributed to this report.": "credit-line",
        "© 2022 Example Media. All rights reserved.": "copyright",
    }
    lines = [BODY, *furniture, BODY2]
    a = clean("\n".join(lines))
    assert rules(a) == furniture
    assert a.text == f"{BODY}\n\n{BODY2}"


def test_tail_bio_social_and_related_topics():
    text = (f"{BODY}\n{BODY2}\nAuthor: Dave Doe\n"
            "Dave Doe is the news editor of Example.com, follow him on Twitter @davedoe.\n"
            "twitter\nRelated Topics\nBridges\nCouncil\n")
    a = clean(text)
    assert a.author == "Dave Doe"
    assert rules(a) == {
        "Author: Dave Doe": "byline",
        "Dave Doe is the news editor of Example.com, follow him on Twitter @davedoe.":
            "author-bio",
        "twitter": "social-handle", "Related Topics": "related-topics",
        "Bridges": "related-topics", "Council": "related-topics"}


def test_captions_and_their_duplicates():
    caption = "The old bridge at dawn on March 20, 2022. (Jane Roe/Reuters)"
    a = clean(f"{BODY}\n{caption}\n{caption}\n{BODY2}")
    assert [s.rule for s in a.removed] == ["photo-caption", "duplicated-caption"]
    assert a.text == f"{BODY}\n\n{BODY2}"


def test_reporting_that_looks_like_furniture_stays():
    keep = [
        BODY,
        "WHAT HAPPENS NEXT",  # a short capitals subhead
        "WILL THE COUNCIL CHANGE ITS MIND?",
        "“Governor @Example has done a wonderful job!” the president tweeted.",
        "The money (about $4.99/month per household) comes from a new levy.",
        "Click the link in the mayor's letter, residents were told, to see the plans.",
        BODY2,
    ]
    a = clean("\n".join(keep))
    assert a.removed == ()
    assert a.text == "\n\n".join(keep)


def test_removed_spans_point_into_the_raw_text():
    raw = (f"Bridge Will Be Rebuilt\n\nJane Doe\n3/21/2022\n\n{BODY}\n"
           "CLICK HERE TO READ MORE FROM THE GAZETTE\n" f"{BODY2}\n")
    a = clean(raw)
    for span in a.removed:
        assert raw[span.start:span.end] == span.text
    assert without_removed(raw, a) == " ".join(a.text.split())


def without_removed(raw: str, article: Article) -> str:
    """The raw text with every removed span cut out, whitespace collapsed."""
    keep = list(raw)
    for span in article.removed:
        keep[span.start:span.end] = [" "] * (span.end - span.start)
    return " ".join("".join(keep).split())


def test_nothing_is_lost_on_a_messy_article():
    raw = (f"Bridge Will Be Rebuilt\n\nBridge Will Be Rebuilt\nJane Doe\n3/21/2022\n\n{BODY}\n"
           "BORIS JOHNSON MEETS WITH ZELENSKY IN SURPRISE TRIP TO BESIEGED UKRAINE\n"
           f"{BODY2}\nLeave a Reply\ntwitter\n")
    a = clean(raw)
    assert without_removed(raw, a) == " ".join(a.text.split())
    assert a.text == f"{BODY}\n\n{BODY2}"


def test_hard_wrapped_paragraphs_are_joined():
    wrapped = ("The council voted on Monday to rebuild the old bridge over the\n"
               "river, ending a debate that had lasted for more than three years\n"
               "and divided the town between those who wanted a new crossing and\n"
               "those who did not.\n")
    lines = split_lines(wrapped)
    assert len(lines) == 1
    assert lines[0].text.startswith("The council voted") and lines[0].text.endswith("did not.")


def test_html_articles_keep_bare_names_in_the_body():
    article = Article(id="h", raw_text=f"Kate Henshaw\n{BODY}", text=f"Kate Henshaw\n{BODY}",
                      title="A title", format="html")
    assert clean_article(article).removed == ()


# --- furniture glued into paragraphs (sentence pass) ---------------------------------

def test_furniture_sentences_are_cut_out_of_a_paragraph():
    furniture = {
        "Views expressed in the comments do not represent those of the Gazette.": "comment-form",
        "We welcome comments that advance the story through relevant opinion.": "comment-form",
        "This discussion is now closed.": "comment-form",
        "Enter your email address to follow this blog and receive notifications of new posts.":
            "newsletter-promo",
        "To read all of our coverage in Spanish, click here.": "read-more",
        "Content and Programming Copyright 2010 Example News Network, Inc.": "copyright",
        "To play this content JavaScript must be turned on and the latest Flash player "
        "installed.": "site-notice",
        "The Associated Press contributed to this report.": "credit-line",
    }
    raw = " ".join([BODY, *furniture, BODY2])  # one line, as a JSONL dump delivers it
    a = clean(raw)
    assert rules(a) == furniture
    assert a.text == f"{BODY} {BODY2}"
    for span in a.removed:
        assert raw[span.start:span.end] == span.text
    assert without_removed(raw, a) == " ".join(a.text.split())


def test_glued_reporting_after_furniture_stays():
    raw = (f"{BODY} The opinions expressed are his own -- If you look at the latest figures, "
           "the town has never spent more on roads. For a map of the works, click here: The "
           "bridge will have two lanes and a cycle path. (Reporting by Jane Roe; Editing by "
           "John Poe) We welcome comments that advance the story.")
    a = clean(raw)
    assert rules(a) == {"The opinions expressed are his own": "site-notice",
                        "For a map of the works, click here:": "read-more",
                        "(Reporting by Jane Roe; Editing by John Poe)": "credit-line",
                        "We welcome comments that advance the story.": "comment-form"}
    assert "If you look at the latest figures, the town has never spent more" in a.text
    assert "The bridge will have two lanes and a cycle path." in a.text


def test_hard_wrapped_paragraph_cut_points_into_the_raw_text():
    raw = ("The council voted on Monday to rebuild the old bridge over the river,\n"
           "ending a debate that had lasted for years. This discussion is now closed.\n"
           "Work will start in the spring and is expected to take about eighteen\n"
           "months, the mayor said.\n")
    a = clean(raw)
    assert [(s.text, s.rule) for s in a.removed] == [("This discussion is now closed.",
                                                      "comment-form")]
    assert without_removed(raw, a) == " ".join(a.text.split())


def test_reporting_that_looks_like_paragraph_furniture_stays():
    keep = [
        BODY,
        "“We welcome comments from residents until the end of May,” the mayor said.",
        "The council said the debate is now closed and work will begin.",
        "Also on Sunday, protesters marched to the town hall.",
        "More trouble: a storm could hit the coast this week.",
        "(c) they ignored warnings about the state of the bridge.",
        "Written by a council engineer, the report warned of cracks in the piers.",
        "Scientists from three universities contributed to the report.",
        "Tell us your reaction to the vote, the reporter asked the mayor.",
        "Reporting by the Gazette found the costs had doubled.",
        "Residents who follow the council on Twitter saw the vote live.",
        BODY2,
    ]
    a = clean(" ".join(keep))
    assert a.removed == ()
    assert a.text == " ".join(keep)


def test_notice_glued_on_without_punctuation_is_cut_from_its_start():
    raw = (f"{BODY} Readers said it speaks for itself We welcome comments was the banner. "
           "Look at it, it speaks for itself We welcome comments that advance the story. "
           "“The old one was a danger,” she said. (c) Gazette Media, LLC 2010 Views expressed "
           "in the comments are not ours.")
    a = clean(raw)
    assert rules(a) == {
        "We welcome comments that advance the story.": "comment-form",
        "(c) Gazette Media, LLC 2010 Views expressed in the comments are not ours.": "copyright"}
    assert "Readers said it speaks for itself We welcome comments was the banner." in a.text
    assert "Look at it, it speaks for itself “The old one" in a.text


# --- reader comment threads (storyline.clean.comments) ---------------------------------

def test_comment_thread_is_cut_from_its_first_byline_to_the_end():
    thread = ("At 11:45 pm on 13 Jan 2010, SheffTim wrote: This comment was removed because "
              "the moderators found it broke the House Rules. At 02:56 am on 14 Jan 2010, "
              "jessica wrote: My heartfelt condolences to the people of the town. "
              "At 18:40 23rd Mar 2010, jenny wrote: Rebuild it in stone!")
    raw = f"{BODY} {BODY2} {thread}"
    a = clean(raw)
    assert [(s.text, s.rule) for s in a.removed] == [(thread, "reader-comments")]
    assert a.removed[0].reason.startswith("reader comment thread")
    assert a.text == f"{BODY} {BODY2}"
    assert raw[a.removed[0].start:a.removed[0].end] == thread


def test_comment_footers_cut_from_the_first_footer_or_the_section_heading():
    cnn = (f"{BODY} Great news for the town. March 9, 2011 at 10:31 am | Reply Keep out of "
           "it. March 9, 2011 at 10:32 am | Report abuse | Who pays for it?")
    a = clean(cnn)
    assert rules(a) == {"March 9, 2011 at 10:31 am | Reply Keep out of it. March 9, 2011 at "
                        "10:32 am | Report abuse | Who pays for it?": "reader-comments"}
    assert a.text == f"{BODY} Great news for the town."  # the first comment has no marker
    reuters = (f"{BODY} Views expressed in the comments do not represent those of Reuters. "
               "About time. Jun 15, 2010 8:45 pm EDT -- Report as abuse This discussion is "
               "now closed.")
    a = clean(reuters)
    assert rules(a) == {
        "Views expressed in the comments do not represent those of Reuters.": "comment-form",
        "About time. Jun 15, 2010 8:45 pm EDT -- Report as abuse This discussion is now "
        "closed.": "reader-comments"}
    wapo = (f"{BODY} By Chris Cillizza | May 27, 2010; 2:08 PM ET Posted by: raynetherwood | "
            "May 30, 2010 1:59 PM | Report abuse How long has it been in business?")
    assert clean(wapo).text == BODY


def test_later_lines_of_a_comment_thread_are_cut_too():
    raw = (f"{BODY}\n\nAt 10:14 am on 28 May 2010, pzero wrote:\n\nThe mayor should resign.\n\n"
           "At 10:20 am on 28 May 2010, Ann wrote:\n\nNo, he should not.\n")
    a = clean(raw)
    assert a.text == BODY
    assert {s.rule for s in a.removed} == {"reader-comments"}
    assert len(a.removed) == 4


def test_reporting_that_quotes_a_writer_is_not_a_comment_thread():
    keep = [
        BODY,
        "Blogger Troy Livesay, in Port-au-Prince, wrote: “Thousands of people are trapped.”",
        "In a letter on March 9, 2011, the mayor wrote: “The bridge is safe.”",
        "At 10:14 am on 28 May 2010, the engineer wrote to the council about the cracks.",
        "The vote was posted on March 9, 2011 at 10:31 am | the council said.",
        BODY2,
    ]
    a = clean(" ".join(keep))
    assert a.removed == ()
    assert a.text == " ".join(keep)


_REPORTING = ("Thousands of protesters marched through the capital on Friday, and the police "
              "said the crowd was larger than any since the spring. ") * 4


def _one_paragraph(prefix: str) -> Article:
    text = prefix + _REPORTING.strip()
    return Article("p", text, text)


def test_a_one_paragraph_article_behind_a_byline_keeps_its_reporting():
    """Scraped pages glue the byline to the whole article: cut the byline, not the line."""
    raw = _one_paragraph("By Jane Doe and John Roe, CNN ")
    out = clean_article(raw)
    assert out.text == _REPORTING.strip() and out.author == "Jane Doe and John Roe"
    [cut] = out.removed
    assert (cut.rule, cut.kept_as) == ("byline", "author")
    assert raw.raw_text[cut.start:cut.end] == cut.text == "By Jane Doe and John Roe, CNN"
    wire = clean_article(_one_paragraph("By the CNN Wire Staff "))
    assert wire.text == _REPORTING.strip() and wire.author == "CNN Wire Staff"


def test_a_long_paragraph_is_never_cut_whole_by_a_line_rule():
    """A byline whose end cannot be told, a date word, a comment-form phrase inside:
    the paragraph stays (before, Timeline17 had 194 articles cleaned to nothing)."""
    for prefix in ("By Monday, UN officials said little. ", "By Jane Doe, who covered the "
                   "march. ", "Credit: the crowd. "):
        out = clean_article(_one_paragraph(prefix))
        assert out.text.startswith(prefix.strip()) and out.text.endswith("spring."), prefix
    assert clean_article(_one_paragraph("By Monday, UN officials said little. ")).author is None
    glued = clean_article(_one_paragraph("Your email address will not be published. "))
    assert glued.text.endswith("spring.") and len(glued.text.split()) >= 80


def test_a_glued_byline_loses_its_role_and_a_dateline_place_whose_end_can_be_told():
    """BBC and CNN bylines carry a role and a place; the author is the name alone."""
    bbc = clean_article(_one_paragraph("By Katia Moskvitch Science reporter, BBC News, "
                                       "Lake Baikal The crowd grew. "))
    assert bbc.author == "Katia Moskvitch"
    assert bbc.text.startswith("The crowd grew. Thousands of protesters")
    [cut] = bbc.removed
    assert cut.text == "By Katia Moskvitch Science reporter, BBC News, Lake Baikal"
    cnn = clean_article(_one_paragraph("By Pam Benson, CNN National Security Producer "))
    assert cnn.author == "Pam Benson" and cnn.text == _REPORTING.strip()
    assert clean_article(_one_paragraph("By Bryony Jones for CNN ")).author == "Bryony Jones"
    assert clean_article(_one_paragraph("By the CNN Wire staff ")).text == _REPORTING.strip()
    # a place followed by a capitalised word may run on ("Los Angeles Jackson was ..."):
    # the place is left in the body rather than guessed
    kept = clean_article(_one_paragraph("By Peter Bowes BBC News, Los Angeles Jackson was "
                                        "due to play. "))
    assert kept.author == "Peter Bowes"
    assert kept.text.startswith("Los Angeles Jackson was")
    # a role word that goes on ("Security analysts say") is reporting
    own = clean_article(_one_paragraph("By Jane Doe, CNN Security analysts say "))
    assert own.text.startswith("Security analysts say")
    # a role word that starts a headline ("Reporter in Misrata: ...") stays
    head = clean_article(_one_paragraph("By the CNN Wire Staff Reporter in Misrata: a siege. "))
    assert head.text.startswith("Reporter in Misrata")


def test_a_closing_box_of_other_sites_headlines_is_cut_to_the_end():
    """BBC's "From other news sites" box glued after the last sentence of reporting."""
    box = ("CBC Oil spill reaches New Orleans and Texas - 17 hrs ago Miami Herald Oil's "
           "fingers reach into Louisiana's inlets - 23 hrs ago Guardian.")
    raw = _one_paragraph("")
    text = raw.raw_text + " " + box
    out = clean_article(Article("p", text, text))
    assert out.text == _REPORTING.strip()
    [cut] = out.removed
    assert (cut.rule, cut.text) == ("news-links", box)
    assert text[cut.start:cut.end] == box
    assert cut.reason.startswith("other sites' headlines")
    # a stamp followed by more reporting is not a closing box
    mid = raw.raw_text + " He left - 2 hrs ago - for the airport. " + _REPORTING.strip()
    assert clean_article(Article("p", mid, mid)).removed == ()


def test_a_first_comment_after_the_post_end_is_cut_with_the_thread():
    """No heading, but the post's closing words (a disclaimer, a call for questions)
    tell where the first comment starts."""
    thread = ("Keep out of it. March 9, 2011 at 10:31 am | Reply Who pays? March 9, 2011 at "
              "10:32 am | Reply")
    op = f"{BODY} The views expressed in this article are solely those of Jane Doe. {thread}"
    a = clean(op)
    assert rules(a) == {"The views expressed in this article are solely those of Jane Doe.":
                        "site-notice", thread: "reader-comments"}
    assert a.text == BODY
    call = f"{BODY} Send in your questions and tell us where you're writing from. {thread}"
    assert clean(call).text == BODY
    guardian = (f"{BODY} The post was written by Jane Doe. You can email the author at "
                "jane.doe@example.co.uk I disagree. Posted by Ann on May 1, 2005 10:03 AM. "
                "So do I.")
    assert "I disagree" not in clean(guardian).text
    # a call-out far from the first footer (a live blog that goes on) keeps what follows
    far = f"{BODY} Send in your questions. {BODY2 * 12} {thread}"
    kept = clean(far).text
    assert kept.count(BODY2.strip()) == 12 and kept.endswith("Keep out of it.")


def test_a_photo_caption_glued_before_a_cnn_dateline_is_cut():
    caption = ("President Obama discusses the situation with his national security team in "
               "the Oval Office.")
    lead = "WASHINGTON (CNN) - " + _REPORTING.strip()
    text = f"{caption} {lead}"
    out = clean_article(Article("p", text, text))
    assert out.text == lead
    [cut] = out.removed
    assert (cut.rule, cut.text, cut.start) == ("photo-caption", caption, 0)
    # a sentence that attributes is not a caption, and alone it is no CNN header
    # (highlights, call-outs and notes are cut by cnn_header: tests/test_clean_cnn_header.py)
    for prefix in ("Gadhafi speaks, his son says.",):
        kept = f"{prefix} Tripoli, Libya (CNN) -- " + _REPORTING.strip()
        assert clean_article(Article("p", kept, kept)).text == kept, prefix
