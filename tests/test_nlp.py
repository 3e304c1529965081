"""The shared spaCy pipeline loads faster than a default load, with the same output."""

from __future__ import annotations

from storyline.nlp import ALL_COMPONENTS, MODEL_PACKAGE, get_nlp

TRICKY = [
    "Don't stop: U.S. Gov. O'Neil's co-op isn't e.g. 5km away, at 3:30p.m. on Jan. 5th! :) "
    "#tag http://x.com/a?b=1 it's 'quoted' (sic) -- and Mr. Lavrov's \u201cpause\u201d.",
    "Sergei Lavrov met Antony Blinken in Geneva; the E.U. and NATO said nothing.",
    "Prices rose 5.2% to $1,200/oz. in N.Y.C. at 9 a.m. ET, vs. 4% in 2021-22.",
]


def _analysed(nlp, texts):
    return [([(t.text, t.whitespace_) for t in doc], [(e.text, e.label_, e.start_char)
                                                     for e in doc.ents])
            for doc in nlp.pipe(texts)]


def test_bare_tokenizer_load_matches_a_default_load(example_dir):
    model = __import__(MODEL_PACKAGE)
    default = model.load(exclude=[c for c in ALL_COMPONENTS if c != "ner"])
    ours = get_nlp()
    assert ours.pipe_names == default.pipe_names == ["ner"]
    texts = TRICKY + [p.read_text(encoding="utf-8") for p in sorted(example_dir.glob("*.txt"))]
    assert _analysed(ours, texts) == _analysed(default, texts)
    assert len(ours.tokenizer.rules) == len(default.tokenizer.rules) > 1000
