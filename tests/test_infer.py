from datetime import date

from storyline.infer import (
    anchor_bound,
    date_from_neighbours,
    infer_published,
    infer_source,
    outlet_from_text,
)
from storyline.model import Article, Evidence


def art(text: str, **kw) -> Article:
    return Article(id=kw.pop("id", "a"), raw_text=text, text=text, **kw)


def test_outlet_from_read_more_link_in_capitals():
    text = "Body.\nCLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER\nMore."
    name, ev = outlet_from_text(text)
    assert name == "Washington Examiner"
    assert ev.method == "text" and "READ MORE FROM" in ev.detail


def test_outlet_from_author_bios():
    assert outlet_from_text("Dave Doe is the news editor of Antiwar.com, follow him.")[0] \
        == "Antiwar.com"
    assert outlet_from_text("Having joined The Epoch Times' news team in 2009, Jack was born")[0] \
        == "The Epoch Times"
    assert outlet_from_text("Jane Roe is a senior correspondent for The Daily Planet.")[0] \
        == "The Daily Planet"


def test_a_credit_line_names_the_origin_not_the_outlet():
    assert outlet_from_text("Body text.\nReuters contributed to this report.") is None


def test_metadata_and_url_come_first():
    given = infer_source(art("READ MORE FROM THE GAZETTE", source="Wire",
                             source_evidence=Evidence("metadata", "json field")))
    assert given.source == "Wire" and given.source_evidence.method == "metadata"
    from_url = infer_source(art("Plain body.", url="https://www.example-news.co.uk/a/1"))
    assert from_url.source == "example-news.co.uk" and from_url.source_evidence.method == "url"


def test_anchor_with_year_dates_the_lead_weekday():
    text = ("The minister said on Monday that talks would go on. The remarks come more than "
            "six weeks after the invasion on Feb. 24, 2022.")
    assert anchor_bound(text) == (date(2022, 4, 8), "more than six weeks after the invasion "
                                                    "on Feb. 24, 2022")
    dated = infer_published(art(text))
    assert dated.published == "2022-04-11"
    assert dated.published_evidence.method == "text"


def test_anchor_without_year_needs_a_year_hint():
    text = "He said on Monday it was over, six weeks after Feb. 24."
    assert anchor_bound(text) is None
    assert infer_published(art(text)).published is None
    assert anchor_bound(text, year_hint=2022)[0] == date(2022, 4, 7)


def test_undated_article_is_dated_from_its_event():
    undated = art("The minister said Monday that talks would continue.", id="u")
    neighbour = art("Other report.", id="n", published="2022-04-12",
                    published_evidence=Evidence("metadata", "date line"))
    dated = date_from_neighbours(undated, [neighbour])
    assert dated.published == "2022-04-11"
    assert dated.published_evidence.method == "story"
    assert "n, which reports the same event" in dated.published_evidence.detail


def test_without_weekday_the_event_date_is_taken_with_low_confidence():
    dated = date_from_neighbours(art("No day here.", id="u"),
                                 [art("x", id="n", published="2022-04-12")])
    assert dated.published == "2022-04-12"
    assert dated.published_evidence.confidence < 0.5


def test_unreadable_metadata_date_is_dropped_with_a_warning():
    a = infer_published(art("Body.", published="sometime soon"))
    assert a.published is None and "unreadable publication date" in a.warnings[0]
