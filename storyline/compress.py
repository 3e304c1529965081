"""Safe sentence compression for summaries: cut wire furniture, never a fact.

A summary sentence is an article's sentence with, at most, these cuts, each
recorded as an edit a reader can see (the source sentence is always kept beside
it in the brief):

- a dateline or wire tag at the start ("WASHINGTON (AP) —", "(CNN)"), and a page's
  time stamp ("3 August 2012 Last updated at 05:55 GMT Help");
- a newsletter label at the start ("Why it matters:", "The big picture:");
- an attribution to the *reporting medium* ("according to a report", ", CNN
  reported", "according to The Associated Press"): the summary cites the articles
  itself, so naming an outlet inside the sentence only repeats the citation.
  Attributions to people, officials and institutions ("Lavrov said", "according
  to the Labor Department") are facts about who said what and are never cut;
- a discourse connective at the start ("But", "And", "Meanwhile,") that ties the
  sentence to one that the summary does not carry;
- a pronoun at the start or in a trailing attribution ("..., he said.") replaced by
  the speaker's name when the sentence just before it in its article names
  exactly one speaker ("Sergei Lavrov said ..."), so the sentence does not
  dangle. When the name cannot be found, the sentence is left as it is;
- a speaker named by last name only gets the full name its article gave earlier,
  at the person's first mention in the summary (``introduce_speaker``, which the
  summary calls in reading order).

The rules only delete text or substitute a name that the same article gave; they
never reword. What they change on ``neus/train``: docs/summaries.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.clean.clock_stamp import STAMP as PAGE_STAMP
from storyline.textutil import STOPWORDS

# Outlets and generic reporting sources whose attribution only repeats the citation.
MEDIA = (
    r"(?:the\s+)?(?:Associated\s+Press|AP|Reuters|AFP|Agence\s+France-Presse|CNN|Fox\s+News|"
    r"NBC(?:\s+News)?|ABC(?:\s+News)?|CBS(?:\s+News)?|MSNBC|NPR|PBS|BBC|Bloomberg(?:\s+News)?|"
    r"Politico|Axios|The\s+Hill|(?:The\s+)?New\s+York\s+Times|(?:The\s+)?Washington\s+Post|"
    r"(?:The\s+)?Wall\s+Street\s+Journal|(?:the\s+)?Journal|(?:the\s+)?Times|(?:the\s+)?Post|"
    r"(?:The\s+)?Guardian|USA\s+Today|Breitbart(?:\s+News)?|(?:The\s+)?Daily\s+\w+|"
    r"Newsweek|(?:The\s+)?Atlantic|Vox|HuffPost|Business\s+Insider|Yahoo\s+News|"
    r"(?:The\s+)?Epoch\s+Times|Washington\s+Examiner|(?:The\s+)?Washington\s+Times|"
    r"(?:a|the|one)\s+(?:new\s+|recent\s+|separate\s+|media\s+|news\s+|local\s+|published\s+)*"
    r"reports?|multiple\s+(?:news\s+|media\s+)?reports|(?:local|state|news|Russian|Chinese|"
    r"Iranian|Israeli|British)\s+media(?:\s+reports)?|media\s+reports|news\s+reports)"
)
_REPORT_VERB = r"(?:reported|reports|first\s+reported|has\s+learned|learned|confirmed)"

# "MOSCOW (Reuters) -", "CARACAS, March 3 -", "WASHINGTON, D.C., May 5 (AP) --": the
# place in capitals, then region or day after commas, a wire tag, a dash.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’\- ]{2,40}(?:,\s*[A-Z][A-Za-z.]+(?:\s+\d{1,2})?)*\s*"
    r"(?:\((?:AP|Reuters|AFP|CNN|UPI)\))?"
    r"\s*[-—–]+\s+|\((?:CNN|AP|Reuters|AFP)\)\s*[-—–]*\s*)")
# A page's time stamp glued before the lead: the BBC's "3 August 2012 Last updated at
# 05:55 GMT Help", the Guardian's "Thursday 28 April 2005 13.03 BST" (138 Timeline17
# sentences); a clock time and its zone make it a stamp, not a dated fact. Cleaning cuts
# it (storyline.clean.clock_stamp); this is for text that was not cleaned, with the same
# pattern, anchored at the sentence's start.
_STAMP = re.compile(rf"^(?:{PAGE_STAMP.pattern})\s+")
_LABEL = re.compile(
    r"^(?:Why\s+it\s+matters|The\s+big\s+picture|Driving\s+the\s+news|The\s+bottom\s+line|"
    r"Between\s+the\s+lines|Details|What'?s\s+next|What\s+they'?re\s+saying|The\s+backdrop|"
    r"Context|Flashback|Go\s+deeper|Yes,\s+but|The\s+latest|By\s+the\s+numbers|"
    r"Catch\s+up\s+quick|State\s+of\s+play|Where\s+it\s+stands|What\s+happened|"
    r"The\s+intrigue|Reality\s+check|Our\s+thought\s+bubble|Be\s+smart|Zoom\s+(?:in|out)|"
    r"Of\s+note|Worth\s+noting|Background|Key\s+quote|The\s+other\s+side|What\s+to\s+watch|"
    r"The\s+state\s+of\s+play|Breaking|Update|UPDATE|BREAKING)\s*:\s+")
_LEAD_ATTRIBUTION = re.compile(rf"^(?:According\s+to|As\s+first\s+reported\s+by)\s+{MEDIA}"
                               r"(?:\s+(?:on|last)\s+\w+)?\s*,\s+", re.IGNORECASE)
_TRAIL_ATTRIBUTION = re.compile(
    rf",?\s+(?:according\s+to\s+{MEDIA}(?:\s+(?:on|last)\s+\w+)?|"
    rf"{MEDIA}\s+{_REPORT_VERB}(?:\s+(?:on\s+)?\w+day)?|"
    rf"according\s+to\s+(?:a|the)\s+(?:new\s+)?report\s+(?:from|by|in)\s+{MEDIA}|"
    rf"(?:as\s+)?{_REPORT_VERB}\s+by\s+{MEDIA})(?=\s*[.!]?[\"”’']?$)", re.IGNORECASE)
# (additive ones too: "Similarly, swine influenza is caused by ..." in a summary
# compares with a sentence the reader never saw; T17 H1N1_guardian), with their comma
# ("In addition to the tax, ..." and "Besides the president, ..." keep theirs).
# A word that opens a phrase with the next one is no connective: "Now that the talks
# have ended, ..." must not become "That the talks ...", nor "So far the virus has
# killed" "Far the virus ..." (NeuS train).
_CONNECTIVE = re.compile(r"^(?:(?:But|And|Meanwhile|However|Also|Now(?!\s+that\b)|"
                         r"So(?!\s+(?:far|much|many|long|few|little|too|what|that)\b)|"
                         r"Yet(?!\s+(?:another|again|more)\b)|"
                         r"Still(?!\s+(?:more|another|other)\b))\s*,?|"
                         r"(?:Similarly|Likewise|Moreover|Furthermore|Additionally|"
                         r"In\s+addition|Besides|Of\s+course)\s*,)\s+(?=[A-Za-z\"“])")
_PAREN_TAG = re.compile(r"\s*\((?:AP|CNN|Reuters|AFP|UPI|AP Photo[^)]*)\)")

# "..., he said." / "..." he explained, according to Reuters." A pronoun speaker.
_PRONOUN_ATTRIBUTION = re.compile(
    r"(?P<pre>[,”\"’']\s+)(?P<pronoun>he|she)(?P<post>\s+(?:said|says|added|explained|"
    r"told|noted|continued|argued|wrote|stated|insisted|warned|claimed|stressed))\b")
_PRONOUN_START = re.compile(r"^(?P<pronoun>He|She)(?P<post>\s+(?:said|says|added|explained|"
                            r"told|noted|argued|wrote|stated|warned|stressed)\b)")
# Verbs of saying that introduce a named speaker: "Sergei Lavrov said", "said Dmitry Peskov".
_SAY = re.compile(r"\b(?:said|says|told|explained|added|stated|wrote|announced|argued|warned)\b")
_CAPS_RUN = re.compile(r"(?:[A-Z][a-zA-Z'’\-]+\s+)*[A-Z][a-zA-Z'’\-]+")
_NOT_A_NAME = frozenset("""The A An He She It They We I This That These Those But And In On
At For Officials Authorities Monday Tuesday Wednesday Thursday Friday Saturday Sunday
President Minister Secretary Spokesman Spokeswoman Senator Sen Rep Gov Governor""".split())


# A run of capitalised words that names one of these is an institution, not a person
# who could be "he" or "she".
_INSTITUTION = frozenset("""House Kremlin Pentagon Department Ministry Court Congress Senate
Administration Party Committee Office Agency Police Government Council Commission Bureau
Service Company Inc Corp Group University Times Post News Reuters Press Journal Network
Army Navy Force Forces Republicans Democrats Union Organization Board Bank Fund""".split())


def _last_name(run: str) -> str | None:
    """The last name in a run of capitalised words, or None ("?" for an institution)."""
    words = [w for w in run.split() if w not in _NOT_A_NAME]
    if any(w.strip("’'s") in _INSTITUTION for w in run.split()):
        return "?"
    if not words:
        return None
    last = words[-1]
    return last[:-2] if last.endswith(("’s", "'s")) else last


@dataclass(frozen=True)
class Compressed:
    """A sentence after safe cuts, and what was done to it (empty when unchanged)."""

    text: str
    edits: tuple[str, ...] = ()


def _capitalise(text: str) -> str:
    for k, ch in enumerate(text):
        if ch.isalpha():
            return text[:k] + ch.upper() + text[k + 1:]
    return text


def _cut(pattern: re.Pattern[str], text: str, why: str, edits: list[str]) -> str:
    m = pattern.search(text)
    if not m or not m.group(0).strip():
        return text
    rest = (text[:m.start()] + text[m.end():]).strip()
    if len(rest.split()) < 4:  # never cut a sentence down to nothing
        return text
    edits.append(f"{why}: '{m.group(0).strip(' ,')}'")
    return rest


def speaker_of(sentence: str) -> str | None:
    """The one person a sentence names as speaker, as a last name (None if none or several).

    Looks at the words right before a verb of saying ("Sergei Lavrov said") and
    right after it ("said Kremlin spokesman Dmitry Peskov on Monday"). Two names
    joined by "and" or two different speakers make the answer None: resolving a
    pronoun is only safe when there is exactly one candidate.
    """
    names: set[str] = set()
    for m in _SAY.finditer(sentence):
        left = re.split(r"[,;:.“”\"(]", sentence[:m.start()])[-1].strip()
        run = _CAPS_RUN.search(left + " ") if left else None
        if left and run and left.endswith(run.group(0)):
            if " and " in left:
                return None
            name = _last_name(run.group(0))
            if name:
                names.add(name)
                continue
        right = re.split(r"[,;:.“”\"(]|\s(?:on|in|at|that|last|this)\s",
                         sentence[m.end():] + " ")[0]
        runs = _CAPS_RUN.findall(right)
        if runs and " and " not in right:
            name = _last_name(runs[-1])
            if name:
                names.add(name)
    return names.pop() if len(names) == 1 and "?" not in names else None


def compress(text: str, before: Sequence[str] = ()) -> Compressed:
    """``text`` with safe cuts; ``before`` are the preceding sentences of its article."""
    edits: list[str] = []
    out = _cut(_STAMP, text, "dropped time stamp", edits)
    out = _cut(_DATELINE, out, "dropped dateline", edits)
    out = _cut(_LABEL, out, "dropped label", edits)
    out = _cut(_LEAD_ATTRIBUTION, out, "dropped media attribution", edits)
    out = _cut(_TRAIL_ATTRIBUTION, out, "dropped media attribution", edits)
    out = _cut(_PAREN_TAG, out, "dropped wire tag", edits)
    out = _cut(_CONNECTIVE, out, "dropped connective", edits)
    out = _resolve_pronoun(out, before, edits)
    if _LEAD_IN.search(out) and not announces(out):  # what it led into is not carried
        out = _LEAD_IN.sub(".", out)
        edits.append("colon ending the sentence made a full stop")
    if cut_off(out):
        out += " …"
        edits.append("marked cut off: the source sentence stops mid-phrase")
    if out != text:
        out = _capitalise(out)
        if out[-1] not in ".!?\"”’'…":
            out += "."
    return Compressed(out, tuple(edits))


# A sentence that only announces what follows ("Following is a guide to the cases
# against him:", "Here's a look at ...", "Sergio Gor wrote:") says nothing alone; one
# that ends in a colon after a full statement ("Neil Gorsuch will be the next
# Associate Justice of the Supreme Court:") is that statement, with a full stop.
_ANNOUNCE = re.compile(r"^(?:The\s+)?Following\s+(?:is|are)\b")
_ANNOUNCE_COLON = re.compile(
    r"^Here(?:'s|’s|\s+is|\s+are)\b|^(?:A|Another)\s+look\b|\b(?:following|below)\b"
    # it quotes someone next ("Wheeler said in a statement on Tuesday:")
    r"|\b(?:said|says|wrote|writes|tweeted|begins|added|noted|stated|declared|explained|"
    r"remarked|remarking|told)\b"
    # it tells the reader to do something ("Connect with CNN Public Relations:")
    r"|^(?:Connect|Read|Visit|Call|Click|Follow|Sign|Subscribe|Watch|See|Listen|Contact|"
    r"For\s+more|More\s+from)\b"
    r"|\b(?:include|includes|including|highlights|rundown|visit|this|here|"
    r"at|to|on|from|by|of|with|for|in|as)\s*:[\"”’']?$", re.IGNORECASE)
_LEAD_IN = re.compile(r"\s*:$")
_ENDS = ".!?\"”’')]…"


def announces(text: str) -> bool:
    """True when a sentence only announces a list or quotation that follows it."""
    text = text.rstrip()
    return bool(_ANNOUNCE.search(text) or
                (text.rstrip("\"”’'").endswith(":") and _ANNOUNCE_COLON.search(text)))


def cut_off(text: str) -> bool:
    """True when a sentence stops mid-phrase: no closing punctuation and a function
    word last ("... as lawmakers explored other", "... chanting 'Leave town!' and"),
    as a truncated excerpt or feed description ends."""
    text = text.rstrip()
    words = text.split()
    return bool(words) and text[-1] not in _ENDS and \
        words[-1].strip(",;:-—").lower() in STOPWORDS


def _resolve_pronoun(text: str, before: Sequence[str], edits: list[str]) -> str:
    m = _PRONOUN_START.match(text) or _PRONOUN_ATTRIBUTION.search(text)
    if not m or not before:
        return text
    name = speaker_of(before[-1])
    if not name:
        return text
    edits.append(f"'{m.group('pronoun')}' is {name}, named in the sentence before it")
    start = m.start("pronoun")
    return text[:start] + name + text[m.end("pronoun"):]


def without_dateline(text: str) -> str:
    """``text`` without a wire dateline at its start ("TRIPOLI (Reuters) - "): the
    timeline shows a sentence as the summary would, minus the newsroom's prefix."""
    return _cut(_DATELINE, _cut(_STAMP, text, "dropped time stamp", []), "dropped dateline", [])


def dangles(text: str) -> bool:
    """True when a sentence's speaker is an unnamed "he" or "she" ("..., he said.")."""
    return bool(_PRONOUN_START.match(text) or _PRONOUN_ATTRIBUTION.search(text))


# A title or role in front of a name is not part of it ("Minister Sergei Lavrov").
_TITLES = frozenset("""President Minister Secretary Spokesman Spokeswoman Senator Sen Rep Gov
Governor Mr Mrs Ms Dr Prime Deputy Foreign Defense Defence General Gen Chancellor Judge Justice
Mayor Chief Director Leader Speaker Ambassador Commissioner Colonel Captain Sergeant Officer
Pope King Queen Prince Princess Lord Lady Sir Dame Rev Father Sister Brother""".split())
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+$")


_LOWER_WORD = re.compile(r"\b[a-z][a-z-]*\b")
# capitalised at the start of a sentence, never a given name ("Yesterday Bush met ...")
_NOT_GIVEN = STOPWORDS | frozenset("""yesterday today tonight tomorrow later earlier meanwhile
now still already instead however last next""".split())


def lowercase_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case: no given name is among them."""
    return frozenset(_LOWER_WORD.findall(text))


def full_name(surname: str, before: Sequence[str],
              lowered: frozenset[str]) -> tuple[str, int] | None:
    """(the full name, the index in ``before`` of the sentence giving it) when the
    earlier sentences of an article name exactly one person with this last name.

    A word counts as a given name only when capitalised, not a title or a
    possessive, and never written in lower case in the story (``lowered``:
    ``lowercase_words`` of the story): so "Later Pushilin said" gives no name,
    "Denis Pushilin, the head of ..." gives one.
    """
    run = re.compile(rf"((?:\b[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?\s+){{1,2}}){re.escape(surname)}\b")
    names: dict[str, int] = {}
    for k, sentence in enumerate(before):
        for m in run.finditer(sentence):
            given = m.group(1).split()
            while given and (given[0] in _TITLES or given[0] in _NOT_A_NAME):
                given.pop(0)
            if given and all(g not in _TITLES and g not in _NOT_A_NAME and
                             g.lower() not in lowered and g.lower() not in _NOT_GIVEN
                             for g in given):
                names.setdefault(" ".join(given + [surname]), k)
    return next(iter(names.items())) if len(names) == 1 else None


def introduce_speaker(text: str, before: Sequence[str], lowered: frozenset[str],
                      said: str) -> tuple[str, str, int] | None:
    """(new text, edit, index in ``before`` of the evidence) when ``text``'s speaker
    is named by last name only ("Pushilin said"), the summary so far (``said``) has
    not named that person, and the earlier sentences of the same article give the
    full name: the first mention in a summary says who the person is, as a
    reporter's first reference does. Nothing is added that the article does not
    say; None when there is nothing to do or the name is not certain."""
    surname = speaker_of(text)
    if not surname or surname == "?" or re.search(rf"\b{re.escape(surname)}\b", said):
        return None
    m = re.search(rf"\b{re.escape(surname)}\b", text)
    if not m or _HONORIFIC.search(text[:m.start()]):
        return None
    found = full_name(surname, before, lowered)
    if not found or found[0] in text:
        return None
    name, k = found
    return (text[:m.start()] + name + text[m.end():],
            f"'{surname}' is {name}, named earlier in the same article", k)
