"""A photo caption glued before a CNN dateline at the start of a paragraph.

A CNN page scraped as one paragraph may open with the caption of its top photo,
glued to the dateline of the story: "President Obama discusses the situation in
Egypt with Vice President Biden ... in the Oval Office. WASHINGTON (CNN) - Just
three days after ...". Left in, the caption reads as the article's first
sentence (a claim, a summary sentence, the lead the lineage stage compares).

The dateline, ``PLACE (CNN) --``, is where the story starts, so what comes before
it in the paragraph is page furniture; but only a caption is cut here, and only
when it can be told whole: the paragraph opens with exactly one sentence ending in
a full stop, then the dateline. A caption describes (no quote, no "said", no
"you", no "CNN", no label with a colon such as "Editor's note:" or "NEW:"); the
story highlights and call-outs that CNN also puts before the dateline run without
full stops or speak to the reader, and are left alone (they are not told apart
from a one-line standfirst reliably enough to cut).
"""

from __future__ import annotations

import re

from storyline.sentences import sentence_spans

__all__ = ["caption_before_dateline"]

_PLACE_WORD = r"(?:[A-Z][A-Za-z'’-]+)"
DATELINE = re.compile(
    rf"\s+(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){{0,2}}(?:,\s+{_PLACE_WORD}(?:\s+{_PLACE_WORD})?)?"
    rf"|{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}},\s+{_PLACE_WORD}(?:\s+{_PLACE_WORD})?)"
    r"\s+\(CNN\)\s*(?:--|-|—|–)\s")
MAX_WORDS = 40
_NOT_CAPTION = re.compile(r"[\"“”«»:]|\b(?:said|says|told|tells|according to|you|your|CNN|"
                          r"iReport)\b", re.IGNORECASE)


def caption_before_dateline(text: str) -> int | None:
    """End offset of a caption that opens ``text`` right before a CNN dateline, or None."""
    if "(CNN)" not in text[:600]:
        return None
    m = DATELINE.search(text, 0, 600)
    if m is None:
        return None
    caption = text[:m.start()]
    if not caption.endswith(".") or len(caption.split()) > MAX_WORDS:
        return None
    if _NOT_CAPTION.search(caption) or len(sentence_spans(caption)) != 1:
        return None
    return m.start()
