"""Unrendered template text: a page widget's label whose placeholders were never filled.

A page's slideshow or pager writes its counter with a template ("BACK {current} of
{total} NEXT"), filled in by the page's script in a browser. A scraper that reads the
page's text without running the script keeps the template as it is, glued between
two sentences of the article (36 BBC articles of Timeline17 carry "BACK {current} of
{total} NEXT"). It is no reporting and, left in, it ends up inside a summary sentence.

What counts, strictly, so that braces in real text (code, quotes, maths, a reader's
"{sp}") are kept:

* a *placeholder* is an identifier in a template syntax, standing alone between
  spaces: ``{name}``, ``{{ name }}``, ``${name}``, ``%(name)s``, ``[[name]]``, ``%s``,
  ``%d``;
* a *residue* is a pager counter made of them: two placeholders joined by "of"
  ("{current} of {total}"), or one or two (joined by "of" or "/") next to a pager's
  button word (BACK, NEXT, PREV, PREVIOUS, Previous, Next) or an item word (Image,
  Photo, Picture, Slide, Page), with the button words on either side, which belong to
  the same widget;
* its edges are spaces or the text's ends: a placeholder written inside a quoted
  string or a formula ("f'{a} of {b}'", "\\frac{a}{b}") is glued to its quote or
  command and never matches.

A lone placeholder with no pager around it ("as high as {tilde} 100,000 barrels", a
transcription in a quoted document) is kept: nothing shows it is a widget's label.
"""

from __future__ import annotations

import re

__all__ = ["has_template_cue", "template_spans"]

_NAME = r"[A-Za-z_][A-Za-z0-9_.]{0,30}"
_PLACEHOLDER = (rf"(?:\{{\{{ ?{_NAME} ?\}}\}}|\{{{_NAME}\}}|\$\{{{_NAME}\}}|%\({_NAME}\)[sd]"
                rf"|\[\[{_NAME}\]\]|%[sd])")
_BUTTON = r"(?:BACK|NEXT|PREV|PREVIOUS|Back|Next|Prev|Previous)"
_ITEM = r"(?:Image|Photo|Picture|Slide|Page|IMAGE|PHOTO|PICTURE|SLIDE|PAGE)"
_COUNTER = rf"{_PLACEHOLDER}(?: (?:of|/) {_PLACEHOLDER})?"
RESIDUE = re.compile(
    rf"(?<!\S)(?:(?P<before>{_BUTTON}(?: {_BUTTON})?) )?(?:(?P<item>{_ITEM}) )?"
    rf"(?P<counter>{_COUNTER})(?: (?P<after>{_BUTTON}(?: {_BUTTON})?))?(?!\S)")
_PAIR = re.compile(rf"{_PLACEHOLDER} of {_PLACEHOLDER}")  # "/" alone could be maths

# Cheap substring tests first: the regex only runs on a paragraph with one of these.
CUES = ("{", "%s", "%d", "%(", "[[")


def has_template_cue(text: str) -> bool:
    return any(cue in text for cue in CUES)


def template_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the unrendered pager labels in ``text`` (see the module docstring)."""
    if not has_template_cue(text):
        return []
    spans = []
    for m in RESIDUE.finditer(text):
        pager = m.group("before") or m.group("after") or m.group("item")
        if pager or _PAIR.fullmatch(m.group("counter")):
            spans.append((m.start(), m.end()))
    return spans
