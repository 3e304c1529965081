"""A media player's notice glued inside a paragraph: cut the notice, keep the sentences.

A page's embedded video or audio player prints a fallback notice when it cannot run
("You must enable javascript to play content", "Media playback is unsupported on your
device", "Please turn on JavaScript"). Scraped as text, the notice sits between the
page's sentences, often with no full stop of its own, so it is glued to the caption
that follows: "... who is really to blame. You must enable javascript to play content
Workers on the Deepwater Horizon oil rig told Panorama's Hilary Andersson ..." (three
times in one Timeline17 bpoil_bbc page). The sentence rules
(:mod:`storyline.clean.sentence_rules`) cut a piece from its start to its end, so they
cannot cut this one without cutting the reporting glued to it (and they keep a piece
that says "told").

This rule cuts only the notice's own words. Each family below is a player's fixed
wording with a fixed end, so where the notice stops is never a guess; what follows it
stays in the paragraph. A notice inside quotation marks (an article *about* such a
notice) is kept, and it must start with a capital (a notice opens its own line on the
page), so "... he said you must enable JavaScript to play content" stays too.
"""

from __future__ import annotations

import re

__all__ = ["has_player_cue", "player_notice_spans"]

_MEDIA = r"(?:content|video|videos|media|audio|clip|this\s+(?:content|video|media|audio|clip))"
_PLAY = r"(?:play|view|watch|see|hear|listen\s+to)"
_JS = r"java\s?script"
_FLASH = r"(?:(?:the\s+)?(?:latest\s+)?(?:version\s+of\s+)?(?:adobe\s+)?flash(?:\s+player)?)"
_FAMILIES = (
    # "You must enable javascript to play content" (BBC's player, 2010)
    rf"you\s+(?:must|need\s+to)\s+(?:enable|turn\s+on|activate)\s+{_JS}"
    rf"(?:\s+(?:in\s+your\s+browser\s+)?to\s+{_PLAY}\s+{_MEDIA})?",
    # "Please turn on JavaScript. Media requires JavaScript to play." (BBC, later)
    rf"please\s+(?:enable|turn\s+on|activate)\s+{_JS}(?:\s+in\s+your\s+browser)?"
    rf"(?:\s+to\s+{_PLAY}\s+{_MEDIA})?",
    rf"(?:enable|turn\s+on)\s+{_JS}\s+to\s+{_PLAY}\s+{_MEDIA}",
    rf"media\s+requires\s+{_JS}\s+to\s+play",
    # "Media playback is unsupported on your device" (BBC's player, 2015 on)
    r"media\s+playback\s+is\s+(?:unsupported|not\s+supported)\s+on\s+your\s+device",
    # "This video requires JavaScript", "This content requires Flash Player 9 or higher"
    rf"this\s+(?:video|content|media|clip|audio|slideshow|player)\s+requires\s+"
    rf"(?:{_JS}|{_FLASH}(?:\s+\d+(?:\s+or\s+(?:higher|later|above))?)?)"
    r"(?:\s+(?:to\s+be\s+)?(?:enabled|installed|turned\s+on))?",
    # BBC's Flash-era notices (also cut as whole sentences by sentence_rules; here when
    # glued on without their full stop)
    rf"to\s+{_PLAY}\s+this\s+(?:content|video|media|clip|audio)\s+{_JS}\s+must\s+be\s+"
    r"turned\s+on\s+and\s+the\s+latest\s+flash\s+player\s+installed",
    rf"in\s+order\s+to\s+{_PLAY}\s+this\s+(?:content|video|media|clip|audio)\s+you\s+need\s+"
    rf"to\s+have\s+both\s+{_JS}\s+enabled\s+and\s+flash\s+installed",
    # "Your browser does not support the video tag" (an HTML5 player's fallback)
    r"your\s+browser\s+does\s+not\s+support\s+(?:the\s+)?(?:html5\s+)?(?:video|audio)"
    r"(?:\s+(?:tag|element|playback))?",
)
NOTICE = re.compile(
    r"(?<![\"“‘'\w])(?-i:(?=[A-Z]))(?:" + "|".join(_FAMILIES) + r")(?:\s*[.!])?"
    r"(?![\w\"”’'])", re.IGNORECASE)

# Cheap substring tests (lower case) first: the regex only runs where one is found.
CUES = ("javascript", "java script", "flash", "media playback", "your browser")


def has_player_cue(text: str) -> bool:
    low = text.lower()
    return any(cue in low for cue in CUES)


def player_notice_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the media player notices in ``text`` (see the module docstring)."""
    if not has_player_cue(text):
        return []
    return [(m.start(), m.end()) for m in NOTICE.finditer(text)]
