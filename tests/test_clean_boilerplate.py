"""Outlet boilerplate (storyline.clean.boilerplate) on tiny inline batches: a sentence an
outlet prints at the edge of many otherwise different articles goes, with its count;
reporting that recurs (copies, quotes, background inside the text, other outlets) stays."""

from storyline.brief import article_to_dict
from storyline.clean import clean_batch
from storyline.model import Article

PROMO = "Hopes for a settlement remain alive despite regional tensions, says Jim Muir."
PLACES = ["Homs", "Aleppo", "Hama", "Deraa", "Idlib", "Latakia", "Raqqa", "Tartus"]


def story(i: int) -> str:
    """A distinct report: no sentence is shared with another ``story(j)``."""
    place = PLACES[i % len(PLACES)]
    return (f"Shelling hit {place} on day {i} of the siege, residents said. "
            f"Officials counted {i + 3} damaged buildings in {place} district {i}. "
            f"Aid convoys to {place} were delayed for {i + 1} hours at checkpoint {i}.")


def article(i: int, text: str, source: str | None = "BBC", **kw) -> Article:
    return Article(id=f"a{i}", raw_text=text, text=text, source=source, format="json", **kw)


def cuts(a: Article) -> list[str]:
    return [s.text for s in a.removed if s.rule == "outlet-boilerplate"]


def test_promo_at_the_end_of_many_articles_is_cut_with_its_count():
    batch = [article(i, f"{story(i)} {PROMO}") for i in range(6)]
    out = clean_batch(batch)
    for a in out:
        assert a.text == story(int(a.id[1:]))
        assert cuts(a) == [PROMO]
        span = next(s for s in a.removed if s.rule == "outlet-boilerplate")
        assert a.raw_text[span.start:span.end] == PROMO
        assert span.reason == "outlet boilerplate: repeated in 6 articles of BBC"
        assert article_to_dict(a)["removed"][0]["detail"] == "repeated in 6 articles of BBC"


def test_promo_at_the_start_or_as_its_own_paragraph_is_cut():
    first = [article(i, f"{PROMO} {story(i)}") for i in range(3)]
    between = [article(i, f"{story(i)}\n\n{PROMO}\n\nTalks on day {i} ended in round {i}.")
               for i in range(3, 6)]
    out = clean_batch(first + between)
    assert all(cuts(a) == [PROMO] for a in out)
    assert out[4].text == f"{story(4)}\n\nTalks on day 4 ended in round 4."


def test_promo_of_an_outlet_given_by_url_only():
    batch = [article(i, f"{story(i)} {PROMO}", source=None,
                     url=f"https://www.bbc.co.uk/news/{i}") for i in range(5)]
    out = clean_batch(batch)
    assert all(cuts(a) == [PROMO] for a in out)
    assert "of bbc.co.uk" in out[0].removed[-1].reason


def test_too_few_articles_or_different_outlets_keep_the_line():
    few = [article(i, f"{story(i)} {PROMO}") for i in range(4)]
    assert all(not cuts(a) for a in clean_batch(few))
    mixed = [article(i, f"{story(i)} {PROMO}", source=f"Outlet {i % 3}") for i in range(9)]
    assert all(not cuts(a) for a in clean_batch(mixed))
    unknown = [article(i, f"{story(i)} {PROMO}", source=None) for i in range(6)]
    assert all(not cuts(a) for a in clean_batch(unknown))


def test_copies_and_versions_of_one_story_count_once():
    # one wire story run six times (two updated versions among them) with its closing
    # line: one article as far as the rule is concerned, so nothing is cut
    close = "The blast killed 11 workers and started the worst spill in the country."
    text = f"{story(1)} {close}"
    batch = [article(i, text if i < 4 else f"{story(1)} Updated at noon {i}. {close}")
             for i in range(6)]
    out = clean_batch(batch)
    assert all(a.text == b.text for a, b in zip(batch, out, strict=True))


def test_a_background_sentence_inside_the_reporting_is_kept():
    # the same standard sentence closes two articles but sits inside four others
    line = "The blast killed 11 workers and started the worst spill in the country."
    batch = [article(i, f"{story(i)} {line}") for i in range(2)]
    batch += [article(i, f"Shelling on day {i}. {line} {story(i)}") for i in range(2, 6)]
    out = clean_batch(batch)
    assert all(not cuts(a) for a in out)


def test_a_quote_repeated_in_follow_ups_is_kept():
    quote = "“We will not leave our homes,” said the mayor of the besieged town."
    batch = [article(i, f"{story(i)} {quote}") for i in range(6)]
    assert all(not cuts(a) for a in clean_batch(batch))


def test_an_article_is_never_emptied():
    batch = [article(i, f"{story(i)} {PROMO}") for i in range(6)]
    batch.append(article(9, PROMO))
    out = clean_batch(batch)
    assert out[-1].text == PROMO and not cuts(out[-1])
    assert cuts(out[0]) == [PROMO]
