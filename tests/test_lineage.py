"""Lineage on tiny inline articles: cues, shingles, the LSH index, alignment, grouping.

Sentence vectors here are made by hand (one direction per fact), so these tests need
no embedding model: they check the decisions, not the model.
"""

from __future__ import annotations

import numpy as np
import pytest

from storyline.lineage import ShingleIndex, detect_lineage, find_cues, independent_weight
from storyline.lineage.align import AlignedPair, longest_chain
from storyline.lineage.cues import normalize_origin
from storyline.lineage.shingles import containment, reporting
from storyline.model import (
    Article,
    Brief,
    Event,
    LineageGroup,
    RemovedSpan,
    Sentence,
    Story,
)

# --- attribution cues -----------------------------------------------------------------


def _cues(text: str, **kw) -> list[tuple[str, str, str]]:
    return [(c.origin, c.kind, c.text) for c in find_cues(Article("x", text, text, **kw))]


@pytest.mark.parametrize(("text", "origin", "kind"), [
    ("MOSCOW (Reuters) - Russia said on Monday", "Reuters", "dateline"),
    ("WASHINGTON (AP) — The Senate voted", "AP", "dateline"),
    ("(CNN) -- Protesters gathered", "CNN", "dateline"),
    ("he explained, according to Reuters.", "Reuters", "according-to"),
    ("Reuters contributed to this report.", "Reuters", "credit"),
    ("Additional reporting by Agence France-Presse.", "AFP", "credit"),
    ("Copyright 2022 The Associated Press. All rights reserved.", "AP", "copyright"),
    ("the minister told CNN on Sunday.", "CNN", "told"),
    ("he told Russian news agency Interfax.", "Interfax", "told"),
    ("citing the Wall Street Journal", "The Wall Street Journal", "reported"),
    ("Iran's Fars news agency reported the attack.", "Fars", "reported"),
])
def test_cues_name_the_origin(text: str, origin: str, kind: str) -> None:
    assert (origin, kind) in {(o, k) for o, k, _ in _cues(text)}


@pytest.mark.parametrize("text", [
    "according to Lavrov, talks will go on.",  # a person is not an origin
    "told reporters on Monday",
    "The agency said the virus had spread.",  # which agency? none named: WHO as likely
    "a Reuters/Ipsos poll found",
])
def test_no_origin_where_the_text_names_none(text: str) -> None:
    assert _cues(text) == []


def test_the_agency_said_resolves_to_the_named_agency() -> None:
    text = "The minister told the Interfax news agency he would resign. The agency said later."
    assert ("Interfax", "agency-said", "The agency said") in _cues(text)


def test_photo_credits_and_own_outlet_are_not_origins() -> None:
    raw = "Troops in Mariupol. (Alexander Ermochenko/Reuters)\n\nCNN reported the attack first."
    caption = RemovedSpan("Troops in Mariupol. (Alexander Ermochenko/Reuters)", "photo-caption",
                          0, 50)
    body = raw[52:]
    assert [c.origin for c in find_cues(Article("x", raw, body, removed=(caption,)))] == ["CNN"]
    assert find_cues(Article("x", raw, body, source="CNN", removed=(caption,))) == []


def test_cue_offsets_point_into_the_raw_text() -> None:
    raw = ("Title\n\nRussia will not pause, according to Reuters.\n\n"
           "Reuters contributed to this report.")
    cues = find_cues(Article("x", raw, raw))
    assert [c.kind for c in cues] == ["according-to", "credit"]
    for cue in cues:
        assert raw[cue.start:cue.end] == cue.text


def test_origin_spellings_normalise() -> None:
    assert normalize_origin("the Associated Press") == "AP"
    assert normalize_origin("Thomson Reuters") == "Reuters"
    assert normalize_origin("the state-run IRNA news agency") == "IRNA"


# --- shingles ---------------------------------------------------------------------------

LEAD = ("The central bank raised its main interest rate by half a point on Tuesday, "
        "citing inflation that has stayed above its target for two years in a row.")
MORE = ("Analysts had expected a smaller move after weak retail figures last month, and "
        "markets fell sharply in the hour after the announcement was made public.")
QUOTE = "“We will do whatever it takes to bring prices back under control,” the governor said."


def test_truncated_copy_is_contained() -> None:
    full = reporting(f"{LEAD}\n\n{MORE}").shingles
    part = reporting(LEAD).shingles
    assert containment(full, part) == 1.0 and len(part) < len(full)


def test_quotations_are_not_own_reporting() -> None:
    r = reporting(QUOTE)
    assert r.quoted_words >= 12 and r.quote_share > 0.6
    assert len(r.shingles) == 0  # three words outside the quotation: no 5-word shingle


def test_shingles_never_span_a_paragraph_break() -> None:
    joined = reporting("one two three four\n\nfive six seven eight").shingles
    assert len(joined) == 0


# --- the MinHash LSH index --------------------------------------------------------------


def _docs(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    base = {f"d{i}": np.unique(rng.integers(0, 2**32, 300, dtype=np.uint64).astype(np.uint32))
            for i in range(n)}
    base["d0-copy"] = base["d0"][: len(base["d0"]) * 3 // 4]  # a truncated copy
    return base


def test_index_finds_near_duplicates_only() -> None:
    index = ShingleIndex()
    index.add_batch(_docs(30).items())
    assert ("d0", "d0-copy") in set(index.candidate_pairs())
    assert index.query("d0-copy") == ["d0"]
    jac, cont = index.estimate("d0", "d0-copy")
    assert 0.6 < jac < 0.9 and cont > 0.9


def test_index_state_round_trips_and_merges() -> None:
    docs = list(_docs(40).items())
    whole = ShingleIndex()
    whole.add_batch(docs)
    left, right = ShingleIndex(), ShingleIndex()
    left.add_batch(docs[:20])
    right.add_batch(docs[20:])
    merged = ShingleIndex.from_bytes(left.to_bytes()).merge(ShingleIndex.from_bytes(
        right.to_bytes()))
    assert merged.keys == whole.keys
    assert np.array_equal(merged.signatures, whole.signatures)
    assert set(merged.candidate_pairs()) == set(whole.candidate_pairs())
    with pytest.raises(ValueError, match="in both"):
        left.merge(left)
    with pytest.raises(ValueError, match="different parameters"):
        left.merge(ShingleIndex(bands=32, rows=4))


# --- monotone alignment ------------------------------------------------------------------


def test_longest_chain_is_increasing_in_both_articles() -> None:
    pairs = [AlignedPair(0, 0, 0.9), AlignedPair(1, 3, 0.8), AlignedPair(2, 1, 0.7),
             AlignedPair(3, 2, 0.9), AlignedPair(4, 4, 0.6), AlignedPair(1, 1, 0.95)]
    chain = longest_chain(pairs)
    assert [(p.i, p.j) for p in chain] == [(0, 0), (1, 1), (3, 2), (4, 4)]
    big = [AlignedPair(i, j, 0.7) for i in range(30) for j in range(30) if (i * 7 + j) % 3 == 0]
    assert len(longest_chain(big)) == len(longest_chain(big[:399])) or len(big) <= 400
    assert all(a.i < b.i and a.j < b.j for a, b in zip(longest_chain(big), longest_chain(big)[1:],
                                                       strict=False))


# --- detect_lineage on hand-made vectors --------------------------------------------------

FACTS = [
    "The central bank raised its main interest rate by half a point on Tuesday morning.",
    "It cited inflation that has stayed above its target for two years in a row.",
    "Analysts had expected a smaller move after weak retail figures last month.",
    "Markets fell sharply in the hour after the announcement was made public.",
    "The governor will speak to the finance committee of parliament next week.",
    "Opposition leaders called the decision a blow to families with mortgages.",
]
REWORDED = [
    "On Tuesday morning the central bank lifted its key interest rate by half a point.",
    "Inflation, which has been above target for two straight years, was the reason given.",
    "A smaller increase had been forecast by analysts after poor retail data last month.",
    "Within an hour of the decision becoming public, share prices dropped steeply.",
    "Next week the governor is due before the finance committee of parliament.",
    "The move was condemned by opposition figures as a blow to mortgage holders.",
]

INDEPENDENT = [  # the same facts told in a third wording (used in another order)
    "Borrowing costs went up by fifty basis points, the bank announced on Tuesday.",
    "Price growth has run ahead of the bank's goal for two years running, it noted.",
    "Economists surveyed beforehand had predicted a more modest step given slack spending.",
    "Stock indexes slid quickly once the rate news was out, traders reported.",
    "Lawmakers on the finance committee will question the governor next week.",
    "Critics in the opposition said home owners with loans would pay the price.",
]


def _unit(k: int, dim: int = 16) -> np.ndarray:
    v = np.zeros(dim, dtype=np.float32)
    v[k] = 1.0
    return v


def _article(aid: str, sentences: list[str], facts: list[int], title: str = "Rates rise",
             **kw) -> tuple[Article, list[Sentence], np.ndarray]:
    body = "\n\n".join(sentences)
    raw = f"{title}\n\n{body}" if title else body
    art = Article(aid, raw, body, title=title or None, **kw)
    sents, pos = [], 0
    for n, s in enumerate(sentences):
        start = body.index(s, pos)
        sents.append(Sentence(aid, n, s, start, start + len(s), n))
        pos = start + len(s)
    vecs = np.array([_unit(f) for f in facts], dtype=np.float32).reshape(len(facts), 16)
    return art, sents, vecs


def _detect(*items):  # type: ignore[no-untyped-def]
    arts = [a for a, _, _ in items]
    return detect_lineage(arts, {a.id: s for a, s, _ in items}, {a.id: v for a, _, v in items})


def _groups(result) -> dict[str, set[frozenset[str]]]:  # type: ignore[no-untyped-def]
    out: dict[str, set[frozenset[str]]] = {}
    for g in result.groups:
        out.setdefault(g.kind, set()).add(frozenset(g.article_ids))
    return out


def test_copies_rewrites_and_independent_reports() -> None:
    original = _article("orig", FACTS, list(range(6)))
    copy = _article("copy", FACTS[:4], list(range(4)), title="BANK LIFTS RATES - UPDATE 2")
    rewrite = _article("rewrite", REWORDED, list(range(6)))
    shuffled = _article("other", [INDEPENDENT[i] for i in (5, 2, 4, 1, 3, 0)], [5, 2, 4, 1, 3, 0])
    result = _detect(original, copy, rewrite, shuffled)
    groups = _groups(result)
    assert groups["copy"] == {frozenset({"orig", "copy"})}
    assert groups["rewrite"] == {frozenset({"orig", "copy", "rewrite"})}
    assert result.independent_count == 2  # the wire story, and the shuffled independent one
    assert result.weigh(["orig", "copy", "rewrite"]) == 1.0
    assert result.weigh(["orig", "other"]) == 2.0
    notes = {n.article_id: n for n in result.notes}
    assert notes["other"].status == "independent" and "in order" in notes["other"].reason
    copy_group = next(g for g in result.groups if g.kind == "copy")
    assert any(e.type == "overlap" and e.score == 1.0 for e in copy_group.evidence)
    rewrite_group = next(g for g in result.groups if g.kind == "rewrite")
    aligned = [e for e in rewrite_group.evidence if e.type == "aligned"]
    assert aligned and all(e.sentence_id and e.other_sentence_id for e in aligned)


def test_citing_the_same_wire_does_not_merge_reports() -> None:
    a = _article("a", [FACTS[0] + " It said so, according to Reuters."] + FACTS[2:4], [0, 2, 3])
    b = _article("b", REWORDED[4:6] + ["Reuters contributed to this report."], [4, 5, 6])
    result = _detect(a, b)
    cites = [g for g in result.groups if g.kind == "cites"]
    assert [(g.origin, set(g.article_ids)) for g in cites] == [("Reuters", {"a", "b"})]
    assert result.independent_count == 2
    cue = next(e for e in cites[0].evidence if e.type == "cue" and e.article_id == "a")
    assert cue.text == "according to Reuters" and cue.cue == "according-to"


def test_a_copy_group_takes_the_origin_its_members_name() -> None:
    wire = [f"LONDON (Reuters) - {FACTS[0]}"] + FACTS[1:]
    a = _article("a", wire, list(range(6)))
    b = _article("b", wire, list(range(6)), title="Another headline")
    result = _detect(a, b)
    assert [(g.kind, g.origin) for g in result.groups] == [("copy", "Reuters")]


def test_thin_articles_are_never_grouped_on_what_little_they_share() -> None:
    boiler = ("Sign up for our newsletter to get the top stories of the day delivered to "
              "your inbox every morning, and follow us on social media for more.")
    quote = ("“We will do whatever it takes to bring prices back under control, and we will "
             "not stop until the job is done,” the governor said.")
    headline_only = _article("headline", [], [], title="Bank raises rates")
    empty = _article("empty", [], [], title="")
    quotes1 = _article("quotes1", [quote], [0])
    quotes2 = _article("quotes2", [quote], [0])
    short1 = _article("short1", ["Rates rose.", boiler], [0, 9])
    short2 = _article("short2", ["Rates fell.", boiler], [1, 9])
    result = _detect(headline_only, empty, quotes1, quotes2, short1, short2)
    assert not [g for g in result.groups if g.kind in ("copy", "rewrite")]
    notes = {n.article_id: n for n in result.notes}
    assert notes["headline"].status == "not-compared" and "headline" in notes["headline"].reason
    assert notes["empty"].status == "not-compared"
    assert "quotation" in notes["quotes1"].reason
    assert result.independent_count == 6


def test_shared_boilerplate_paragraph_is_not_copying() -> None:
    boiler = ("This article is part of our coverage of the economy. Letters for publication "
              "should be sent to the editor, and if you need help using the site, please "
              "contact our reader services team, who will answer within two working days.")
    a = _article("a", FACTS[:4] + [boiler], [0, 1, 2, 3, 9])
    b = _article("b", REWORDED[4:6] + ["Prices of bread rose again in the capital this week, "
                                       "traders said, blaming the weak currency."] + [boiler],
                 [4, 5, 7, 9])
    assert not [g for g in _detect(a, b).groups if g.kind == "copy"]


def test_independent_weight_on_the_brief() -> None:
    story = Story("s", "t", (Event("e", "t", None, ("a", "b", "c", "d")),))
    groups = (LineageGroup(None, "copy", ("a", "b")), LineageGroup("AP", "rewrite", ("b", "c")),
              LineageGroup("Reuters", "cites", ("c", "d")))
    brief = Brief(story, (), lineage=groups)
    assert brief.independent_weight(["a", "b", "c", "d"]) == 2.0
    assert independent_weight(groups, ["a", "d"]) == 2.0
    assert independent_weight(groups, ["a", "c"]) == 1.0


def test_bulk_signatures_equal_datasketch_minhash() -> None:
    import datasketch

    sets = list(_docs(5).values()) + [np.zeros(0, dtype=np.uint32)]
    bulk = ShingleIndex().signatures_of(sets)
    for row, hashes in zip(bulk, sets, strict=True):
        m = datasketch.MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=int)
        if len(hashes):
            m.update_batch(hashes)
        assert np.array_equal(row, m.hashvalues)


def test_a_retelling_months_later_is_not_a_rewrite() -> None:
    first = _article("jan", FACTS, list(range(6)), published="2011-01-11")
    later = _article("oct", REWORDED, list(range(6)), published="2011-10-12")
    result = _detect(first, later)
    assert not result.groups and result.independent_count == 2
    assert "days apart" in {n.article_id: n for n in result.notes}["oct"].reason
    close = _article("jan2", REWORDED, list(range(6)), published="2011-01-13")
    assert [g.kind for g in _detect(first, close).groups] == ["rewrite"]
