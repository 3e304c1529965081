"""The line rules of the cleaning stage: what page furniture looks like.

Each rule is a predicate on one line of text (plus a little context) and a rule id
from :data:`storyline.model.REMOVAL_REASONS`. The rules are written for furniture
in general, not for the example articles: they are measured on the extraction
benchmark (181 pages from many sites, see docs/cleaning.md), where a rule that
removes reporting costs recall. When in doubt a rule keeps the line.
"""

from __future__ import annotations

import re

from storyline.dates import find_dates

TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’]$")
QUOTE_MARK = re.compile(r"[\"“”‘’«»]")


def words(text: str) -> list[str]:
    return text.split()


def ends_sentence(text: str) -> bool:
    return bool(TERMINAL.search(text.rstrip()))


def is_body_like(text: str) -> bool:
    """A line that reads as reporting: a long sentence or a long paragraph."""
    n = len(words(text))
    return (n >= 12 and ends_sentence(text)) or n >= 25


def normalized(text: str) -> str:
    """Text for comparisons: lower case, letters and digits only."""
    return " ".join(re.findall(r"\w+", text.lower()))


# --- header: title, byline, date lines --------------------------------------

_NAME_TOKEN = r"(?:[A-Z][a-zà-ÿ'’-]+|[A-Z]\.(?:\s?[A-Z]\.)?|(?:de|van|von|der|da|al|bin|le|la)\b)"
BARE_NAME = re.compile(rf"^{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}}$")
BYLINE = re.compile(
    r"^(?:by|written by|words by|author|authors|reporter|reported by)\s*[:|]?\s+"
    r"(?P<name>[^\d|]{3,80}?)\s*(?:[|,]\s*(?P<rest>.*))?$", re.IGNORECASE)
NOT_NAMES = frozenset(normalized(x) for x in (
    "Related Topics", "Breaking News", "Live Updates", "World News", "Top Stories",
    "Latest News", "Read More", "Share This", "Most Read", "Editors Picks",
    "Leave A Reply", "Advertisement", "Opinion", "Analysis", "News Analysis",
))
DATE_LABEL = re.compile(
    r"^(?P<label>updated|last updated|published|first published|posted|modified|"
    r"last modified|date|dated|originally published)\b\s*(?:on|at)?\s*:?\s*", re.IGNORECASE)
_TIME_LEFTOVER = re.compile(
    r"^[\s,|•·–—-]*(?:(?:at\s+)?\d{1,2}(?::\d{2})?(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?\s*"
    r"(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*)?)?[\s,|•·–—-]*"
    r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?)?[\s,|•·–—-]*$",
    re.IGNORECASE)
DATE_PREFIX = re.compile(r"^\s*date\s*:?\s*(?P<date>(?:19|20)\d\d-[01]\d-[0-3]\d)\b\s*",
                         re.IGNORECASE)


def title_like(text: str, followed_by_blank: bool) -> bool:
    """A first line that is a headline rather than the first sentence of the body."""
    n = len(words(text))
    if n < 2 or n > 25:
        return False
    if not ends_sentence(text) and not text.endswith((",", ";")):
        return True
    capitalised = sum(1 for w in words(text) if w[:1].isupper())
    return followed_by_blank and n <= 20 and capitalised / n >= 0.6


def byline_name(text: str) -> str | None:
    """The author named by a byline line ("By Jane Doe", "Author: Jane Doe")."""
    m = BYLINE.match(text.strip())
    if m:
        name = re.split(r"\s+(?:and|&)\s+|,\s*", m.group("name").strip())[0].strip(" .")
        if 2 <= len(name) <= 60 and not any(ch.isdigit() for ch in name):
            return m.group("name").strip(" .")
    return None


# A line this long is a paragraph of reporting that starts (or ends) with
# furniture, not a furniture line: scraped one-paragraph pages glue the byline,
# a caption or a comment form to the whole article. A whole-line rule would drop
# the article with it (Timeline17: 194 articles came out empty), so a long line
# only loses a byline prefix here and its furniture sentences in the sentence pass.
LONG_LINE_WORDS = 80
_NOT_BYLINE_NAMES = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december
""".split())
# "By NAME[, role], OUTLET" where OUTLET is an agency or broadcaster in capitals
# ("CNN", "BBC News", "the CNN Wire Staff", "Special to CNN", "LSE"): the one end
# of a glued byline that can be told from the reporting after it.
BYLINE_PREFIX = re.compile(
    r"^By\s+(?P<name>[^,\d\n]{3,60}?)(?:\s*,\s*|\s+--?\s+|\s+)"
    r"(?P<outlet>(?:(?:Special\s+to|[Ff]or)\s+)?[A-Z]{2,}"
    r"(?:\s+(?:News|World\s+News|Wires?\s+[Ss]taff|Radio))?)"
    r"(?=[\s,])")
# A newsroom role: beat or rank words, then the job ("Science reporter", "Chief
# International Correspondent", "National Security Producer", "NI business reporter").
# BBC bylines put it between the name and the outlet ("By Katia Moskvitch Science
# reporter, BBC News"), CNN's after the outlet ("By Pam Benson, CNN National Security
# Producer"); either way it is not part of the author's name nor of the reporting.
_ROLE_WORD = (r"(?:chief|senior|deputy|international|world|home|foreign|affairs|middle|east|"
              r"north|south|america|american|political|diplomatic|defen[cs]e|and|science|"
              r"environment|business|economics|economic|health|security|technology|arts|"
              r"education|legal|religious|social|europe|africa|asia|un|ni|national|state|"
              r"department|development|iran|russia|china|media|energy|transport|"
              r"correspondent's|former)")
_ROLE_NOUN = (r"(?:correspondent|reporter|editor|analyst|presenter|producer|contributor|"
              r"writer|columnist|commentator)")
ROLE = re.compile(rf"(?i:(?:{_ROLE_WORD}\s+){{0,4}}{_ROLE_NOUN})\b")
_ROLE_SUFFIX = re.compile(rf"\s+{ROLE.pattern}$")
# after the outlet, the role is followed by a comma or a capital (a name, the lead):
# "CNN Wire Staff Reporter in Misrata: ..." is a headline, not a role
_ROLE_AFTER = re.compile(rf"\s+{ROLE.pattern}(?=,|\s+[A-Z\"“‘'])")
# The dateline place a BBC byline ends with ("By Jim Muir BBC News, Beirut The scars
# ..."): its end is only told where the next word opens a sentence and cannot be part
# of a place name ("Los Angeles Jackson was due ..." and "Damascus Women have ..." stay).
_STARTER = (r"(?:The|A|An|Some|Many|Most|There|It|This|These|Those|Thousands|Hundreds|"
            r"Everything|Nowhere|For|After|When|In)")
_PLACE_WORD = rf"(?!{_STARTER}\b)[A-Z][\w'’-]+"
_PLACE_AFTER = re.compile(
    r",\s+(?:in\s+)?(?P<place>(?:(?:northern|southern|eastern|western|central)\s+)?"
    rf"{_PLACE_WORD}(?:,?\s+{_PLACE_WORD}){{0,3}})(?=\s+{_STARTER}\s)")


def long_line(text: str) -> bool:
    return len(words(text)) > LONG_LINE_WORDS


def byline_prefix(text: str) -> tuple[int, str] | None:
    """``(end, author)`` of a byline glued to the start of a paragraph, or None when
    its end cannot be told (then nothing is cut: a leftover byline costs less than
    a lost sentence).

    The cut takes a newsroom role after the outlet and a dateline place whose end can
    be told; the author is the name alone, without the role ("Katia Moskvitch", not
    "Katia Moskvitch Science reporter").
    """
    m = BYLINE_PREFIX.match(text)
    if not m:
        return None
    name = m.group("name").strip()
    if name.lower() in _NOT_BYLINE_NAMES or len(name.split()) > 6:
        return None
    author = m.group("outlet") if name.lower() == "the" else name  # "By the CNN Wire Staff"
    role = _ROLE_SUFFIX.search(author)
    if role and len(author[:role.start()].split()) >= 2:
        author = author[:role.start()]
    end = m.end()
    after = _ROLE_AFTER.match(text, end)
    if after:
        end = after.end()
    place = _PLACE_AFTER.match(text, end)
    if place:
        end = place.end()
    return end, author


def bare_name(text: str) -> bool:
    """A line that is only a person's name (a byline without "By")."""
    text = text.strip()
    return (len(text) <= 40 and bool(BARE_NAME.match(text))
            and normalized(text) not in NOT_NAMES)


def date_line(text: str) -> tuple[str | None, str] | None:
    """``(label, date text)`` if the whole line is a date or a date label, else None."""
    text = text.strip()
    label = None
    m = DATE_LABEL.match(text)
    if m:
        label = m.group("label").lower()
        rest = text[m.end():]
    else:
        rest = text
    if label and not rest.strip():
        return label, ""
    if len(rest) > 80:  # too long to be a date line; checked first: find_dates is slow on a page
        return None
    mentions = [d for d in find_dates(rest) if d.has_year]
    if not mentions:
        return None
    leftover = rest
    for d in reversed(mentions):
        leftover = leftover[:d.start] + " " + leftover[d.end:]
    if _TIME_LEFTOVER.match(leftover):
        return label, mentions[0].text
    return None


# --- furniture anywhere in the body ------------------------------------------

PROMO_MIN_WORDS, PROMO_MAX_WORDS = 8, 25


def promo_headline(text: str) -> bool:
    """A cross-promotion headline: a sentence-length line in capitals, unpunctuated.

    Short lines in capitals ("WHAT YOU NEED", "WHO IS THE FRONT-RUNNER?") are
    section subheads and stay; on the extraction benchmark every capitals line of
    fewer than eight words, or ending in punctuation, was part of the article.
    """
    letters = [c for c in text if c.isalpha()]
    n = len(words(text))
    if n < PROMO_MIN_WORDS or n > PROMO_MAX_WORDS or "|" in text:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.85 and not ends_sentence(text) \
        and not text.rstrip().endswith((":", "?"))


READ_MORE = re.compile(
    r"^\[?(?:click here|read more|read also|also read|see also|see more|read next|"
    r"read the full|continue reading|more from|more:|related:|related post:|"
    r"related article:|recommended:|watch:|listen:|watch now|read:|must read|"
    r"don'?t miss|also on (?:[\w-]+\.)+[a-z]{2,}\b|most read in|"
    r"more (?-i:[A-Z]{2,})\b[^:]{0,30}:|>>)",
    re.IGNORECASE)
LINK_HERE = re.compile(r"\b(?:here|click|link)\s*[.:!>»]*$", re.IGNORECASE)


def read_more(text: str) -> bool:
    n = len(words(text))
    if READ_MORE.match(text) and n <= 20:
        return True
    # "Live updates of the war here", the text of a link that survived scraping
    return n <= 12 and bool(LINK_HERE.search(text)) and not ends_sentence(text)


COMMENT_FORM = re.compile(
    r"^(?:leave a (?:reply|comment)|post (?:a )?comment|cancel reply|add a comment|"
    r"join the (?:conversation|discussion)|comments? (?:are|is) closed|\d+ comments?|"
    r"show comments|view comments|log ?in to (?:comment|reply)|"
    r"you must be logged in|sign in to comment|comments?$|tell us what you think)"
    r"|your email address will not be published|required fields are marked"
    r"|save my name, email|notify me of (?:follow-up|new) (?:comments|posts)"
    r"|this site uses akismet", re.IGNORECASE)
SOCIAL_WORDS = frozenset({
    "twitter", "x", "facebook", "instagram", "linkedin", "youtube", "tiktok", "email",
    "e-mail", "whatsapp", "reddit", "telegram", "pinterest", "print", "share", "tweet",
    "flipboard", "pocket", "copy", "link", "copy link", "mail", "sms", "messenger",
})
FOLLOW = re.compile(r"^(?:follow|connect with|find)\s+(?:him|her|them|us|me|@?\w+)\s+on\s+"
                    r"(?:twitter|x|facebook|instagram|linkedin|threads|bluesky|tiktok|"
                    r"mastodon)\b", re.IGNORECASE)
HANDLE_ONLY = re.compile(r"^(?:@\w{2,30}|(?:https?://)?(?:www\.)?(?:twitter|x|facebook|"
                         r"instagram|t\.me|linkedin|tiktok)\.\S+|[\w.+-]+@[\w-]+\.[\w.]+)$",
                         re.IGNORECASE)
EMAIL_OR_HANDLE = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}|(?<![\w@])@\w{2,30}\b|"
                             r"(?:twitter|x|facebook|instagram)\.com/\w+", re.IGNORECASE)
CONTACT_CUE = re.compile(r"\b(?:follow (?:him|her|them|us|me)|reach (?:him|her|them|us|me|the)|"
                         r"(?:may|can) be reached|email (?:him|her|them|us|me)|e-mail|contact|"
                         r"write to|tips?\b)", re.IGNORECASE)
FOLLOW_COVERAGE = re.compile(r"^follow\b.{0,80}\b(?:on (?:twitter|facebook|instagram|x)\b|"
                             r"coverage\b.{0,40}https?://)", re.IGNORECASE)
SHARE = re.compile(r"^(?:share (?:this|on|via)\b[^.?!]{0,30}|share|tweet this|email this|"
                   r"like this (?:story|article)\?.{0,40})$", re.IGNORECASE)


def social_handle(text: str) -> bool:
    t = text.strip()
    tokens = [w.lower().strip("|•·,") for w in t.split()]
    tokens = [w for w in tokens if w]
    if tokens and len(tokens) <= 6 and all(w in SOCIAL_WORDS for w in tokens):
        return True
    if bool(FOLLOW.match(t) and len(tokens) <= 20) or bool(HANDLE_ONLY.match(t)):
        return True
    if FOLLOW_COVERAGE.match(t) and len(tokens) <= 30:
        return True
    # "Email Jane at jane@x.com or follow her @jane": a contact line
    return (len(tokens) <= 40 and not QUOTE_MARK.search(t) and bool(EMAIL_OR_HANDLE.search(t))
            and bool(CONTACT_CUE.search(t)))


def share_buttons(text: str) -> bool:
    return bool(SHARE.match(text.strip()))


RELATED = re.compile(
    r"^(?:related topics|related|related articles|related stories|related coverage|"
    r"related content|topics|tags|filed under|more on this story|more stories|more news|"
    r"you may also like\.*|you might also like\.*|"
    r"you may also like|you might also like|trending|most read|most popular|popular now|"
    r"recommended|recommended stories|further reading)\s*:?\s*(?P<items>.*)$", re.IGNORECASE)


READING_TIME = re.compile(
    r"^(?:\d+\s*(?:min(?:ute)?s?\.?\s*(?:read|de leitura|lesezeit)|minutos? de leitura)|"
    r"(?:reading time|read time|tempo de leitura|lesezeit|temps de lecture|"
    r"tiempo de lectura)\s*:?\s*\d+\s*\w*)$", re.IGNORECASE)
TIME_LINE = re.compile(r"^(?:updated|posted|published|last updated)\s*(?:at|on)?\s*:?\s*"
                       r"\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?\s*[A-Z]{0,4}\.?$",
                       re.IGNORECASE)


def metadata_line(text: str) -> bool:
    """A reading-time or time-stamp line inside the body ("5 min read")."""
    t = text.strip()
    if READING_TIME.match(t) or TIME_LINE.match(t):
        return True
    return len(t) <= 60 and len(find_dates(t)) == 1 and date_line(t) is not None


def related_header(text: str) -> str | None:
    """For a "Related Topics" / "Tags: a, b" line: "header" if its items follow on
    the next lines, "inline" if they are on the line; else None."""
    m = RELATED.match(text.strip())
    if not m:
        return None
    items = m.group("items")
    if not items:
        return "header"
    return "inline" if len(words(items)) <= 25 and not ends_sentence(items) else None


def list_item(text: str) -> bool:
    """A short label, as in the list that follows "Related Topics"."""
    return len(words(text)) <= 6 and not ends_sentence(text)


NEWSLETTER = re.compile(
    r"^(?:sign up|subscribe|get|receive)\b.{0,80}\b(?:newsletter|inbox|alerts|"
    r"updates|digest|briefing|delivered)\b|^download (?:the|our) app\b|"
    r"^(?:subscribe|sign up) (?:now|today|here)\b|^[\w' -]{2,40} newsletter$", re.IGNORECASE)


def newsletter_promo(text: str) -> bool:
    return len(words(text)) <= 30 and bool(NEWSLETTER.search(text.strip()))


COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", re.IGNORECASE)


def copyright_line(text: str) -> bool:
    return len(words(text)) <= 40 and bool(COPYRIGHT.search(text.strip()))


CREDIT = re.compile(
    r"^\(?(?:[A-Z][\w.'’&-]*(?:,?\s+[\w.'’&-]+){0,16}\s+contributed\s+(?:to\s+)?(?:this\s+)?"
    r"(?:report|story|article|reporting)(?:\s+from\s+[\w .,'’-]+)?"
    r"|(?:additional\s+)?reporting\s+by\s.+|source:\s*[\w .,&'’-]{2,60}"
    r"|(?:editing|edited|writing|written)\s+by\s.+"
    r"|compiled\s+by\s.+)\.?\)?\.?$", re.IGNORECASE)


def credit_line(text: str) -> bool:
    """"Reuters contributed to this report", "Reporting by ...; Editing by ...".

    Not reporting, so out of the body; but the origin it names is lineage
    evidence, which the lineage stage reads from the removed spans.
    """
    return len(words(text)) <= 40 and bool(CREDIT.match(text.strip()))


CAPTION_CREDIT = re.compile(
    r"\((?:[A-Z][^()/]{0,60}/\s?[A-Z][^()]{0,60}|[^()]{0,80}\b(?:via|Getty|Photo|Shutterstock|Credit|"
    r"Courtesy|Image|File photo)\b[^()]{0,80})\)\s*$")
CAPTION_START = re.compile(r"^(?:photo|image|picture|file photo|pictured|caption|credit)\s*:",
                           re.IGNORECASE)


def photo_caption(text: str) -> bool:
    """A photo caption: ends with a photographer/agency credit, or says it is one."""
    t = text.strip()
    return bool(CAPTION_CREDIT.search(t)) or bool(CAPTION_START.match(t))


BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s+){1,4}(?:is|was|has been|has|covers|writes|joined)\b.{0,160}?\b"
    r"(?:reporter|editor|correspondent|writer|journalist|columnist|contributor|producer|"
    r"author|anchor|host|analyst|fellow|staff|bureau chief|news team|newsroom)s?\b")
ABOUT_AUTHOR = re.compile(r"^about the author\b", re.IGNORECASE)


def author_bio(text: str, author: str | None, in_tail: bool) -> bool:
    """An author bio: starts with the author's name, or reads like one at the end."""
    t = text.strip()
    if ABOUT_AUTHOR.match(t):
        return True
    if author:
        names = [author] + [p for p in author.split() if len(p) > 2]
        if any(re.match(rf"{re.escape(n)}\b\s*(?:is|was|has|covers|writes|,)", t) for n in names):
            return bool(BIO.match(t)) or in_tail
    return in_tail and bool(BIO.match(t))
