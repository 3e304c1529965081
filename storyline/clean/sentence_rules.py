"""Furniture inside paragraphs: the sentence rules of the cleaning stage.

The line rules (:mod:`storyline.clean.rules`) remove a line when the whole line is
furniture. Text that arrives as one paragraph (feed descriptions, JSONL dumps,
Timeline17's Reuters articles, one line each) has its furniture glued to the
reporting: "... the well was capped. Views expressed in the comments do not
represent those of Reuters. This discussion is now closed." A line rule cannot cut
that, so this pass splits a paragraph into sentences (with the project's splitter,
:func:`storyline.sentences.sentence_spans`) and removes only what matches a rule
below, each cut with its rule id.

A scraped paragraph often glues furniture to reporting without a full stop the
splitter can see ("The views expressed are his own -- If you look no further ...",
"... click here: China had price controls ...", "It speaks for itself We welcome
comments ..."), so a sentence is cut further into *pieces* at glue points (" -- ",
" | ", a closing bracket or a colon before a capital, a sentence end the splitter
kept together, "Inc." before a capital). A rule must match a piece **from its
start**, or, for the rules with fixed wording (comment policies, notices, copyright,
promos, newsletter prompts), from a capital glued on after a lower-case word; the
cut runs to the end of the piece, and what the rule's wording does not cover is not
cut at all. A cut is one piece, a run of pieces, or a piece's tail, never a guess at
where the furniture ends.

The rules are the line rules' families written for sentences: comment policies and
reader call-outs ("We welcome comments that advance the story", "Your comments may
be published"), newsletter and follow prompts, read-more and click-here links,
copyright and market-data notices, player notices ("JavaScript must be turned on"),
outlet promotions, embedded tweet feeds and contributor credits. They were found by
counting the sentences that recur verbatim in many Timeline17 articles of unrelated
subjects, and checked by hand on T17, the extraction benchmark and NeuS
(docs/cleaning.md has the numbers). Every pattern needs the site's own voice
(you/your, we/our, an imperative to the reader) or a notice's fixed wording; a
piece that quotes or attributes ("said", "told"), or follows one that ends "he said:",
is kept unless the rule is one reporting never writes (a tweet widget's "RETWEET").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storyline.clean import rules as r
from storyline.sentences import sentence_spans

__all__ = ["furniture_spans", "has_cue", "piece_rule"]

MAX_WORDS = 45  # a longer piece is a run of reporting the splitter did not cut

# A paragraph is only split when it contains one of these (lower case): splitting
# every paragraph would cost more than all the line rules together.
CUES = (
    "the comments", "welcome comments", "comments are", "comments is", "comments have been",
    "your comments", "of comments", "all comments", "a comment", "this comment",
    "discussion is", "discussion has", "debate is now",
    "lively", "courteous", "start the discussion", "moderators", "moderated", "moderation",
    "terms of service", "terms of use", "terms and conditions", "privacy policy", "newsletter",
    "subscribe", "sign up", "inbox", "your email", "your e-mail", "an email", "an e-mail",
    "emails will", "e-mails will", "email address", "e-mail address", "notifications", "click",
    "tap here", "here.", "here:", "here)", "read more", "continue reading", "watch the ",
    "watch our ", "'s take", "for full", "for more info", "for more details", "explore all",
    "explore our", "copyright", "©", "(c)", "rights reserved", "proprietary", "delayed by",
    "real time", "disclaimer", "quote data", "market data", "javascript", "flash player",
    "have flash", "and flash", "not available in your", "not responsible for",
    "views expressed", "opinions expressed", "contributed to this", "contributed this",
    "reporting by", "editing by", "writing by", "(written by", "(compiled by", "(created by",
    "(edited by", "on twitter", "on facebook", "on instagram", "on linkedin", "on x",
    "on threads", "on bluesky", "on tiktok", "on mastodon", "http", "www.", "@", "follow us",
    "follow him", "follow her",
    "follow them", "follow me", "follow @", "retweet", "rt @", "send us",
    "send your", "send in your", "tell us", "share with us", "form below", "large file",
    "you wish to share", "feeds", "rss", "next generation", "next-generation", "flagship",
    "award-winning", "premium", "industry-leading", "for purchase", "final form",
    "selected the", "default edition", "screen name", "the author is", "the writer is",
    "blog", "report abuse", "reply", "will not be displayed", "endanger yourself",
    "contact details", "to be contacted", "house rules", "compiled by", "edited for",
    "join the", "a version appeared", "version of this article", "pre-screened", "prescreened",
    "edit your", "volume of", "you agree", "you consent", "consenting", "delivered to your",
    "processing this directive",
)

ATTRIBUTION = re.compile(r"\b(?:said|says|told|tells|according to)\b", re.IGNORECASE)

# where a scraped sentence glues two things together
# Every glue point starts at a space; the leading (?=\s) lets the engine skip all other
# positions at once instead of trying each lookbehind there (3-4x faster on long pages).
GLUE = re.compile(r"(?=\s)(?:"
                  r"\s+(?:--|—)\s+|\s+\|\s*|(?<=[)\]])(?<!\(c\))\s+(?=[A-Z(\[])|(?<=:)\s+(?=[A-Z])"
                  # a sentence end the splitter kept together, but not after an initial
                  # ("Regan E. Doyle"), "p.m." or a title ("Gen. Allen")
                  r"|(?<=[.!?])(?<!\b[A-Z]\.)(?<![ap]\.m\.)"
                  + "".join(rf"(?<!\b{t}\.)" for t in ("Mr", "Ms", "Mrs", "Dr", "St", "Gen",
                                                      "Adm", "Sen", "Rep", "Gov", "Lt",
                                                      "Col", "No", "Sgt", "Capt", "Prof"))
                  + r"\s+(?=[(\[“\"A-Z])|(?<=[.!?][”\"’])\s+(?=[(\[“A-Z])"
                  # a company's abbreviation the splitter (rightly) does not end a sentence at
                  + "".join(rf"|(?<=\b{abbr}\.)\s+(?=[A-Z])"
                            for abbr in ("Inc", "Ltd", "Corp", "Co", "LLC", "Plc", "PLC"))
                  + ")")
_LEAD = r"^\W{0,3}"  # an opening bracket or dash before the words
# where a notice may start inside a piece, glued on without punctuation ("It speaks for
# itself We welcome comments that ..."): a capital after a word
INNER_START = re.compile(r"(?<=[A-Za-z0-9])\s+(?=[A-Z(])")
# the rules whose wording is fixed enough to be trusted from such a start
INNER_RULES = frozenset({"comment-form", "site-notice", "copyright", "promo",
                         "newsletter-promo"})


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(_LEAD + "(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


COMMENT_POLICY = _rx(
    r"(?:the |any )?(?:views|opinions) expressed in (?:the |these |this )?(?:comments?|forums?|"
    r"posts?|discussions?)\b",
    r"we welcome (?:your )?(?:comments|feedback|contributions)\b",
    r"(?:this|the) (?:discussion|debate|thread|comments? section) (?:is|has) (?:now )?"
    r"(?:been )?closed\W*$",
    r"comments? (?:are|is|have been) (?:now )?(?:closed|(?:not )?pre-?screened|"
    r"(?:pre-|reactively-? ?)?moderated)\b",
    r"all (?:posts|comments|contributions) are (?:\w+-? ?)?moderated\b",
    r"you agree that (?:anything|everything|all|any material) you (?:post|submit)\b",
    r"by (?:posting|submitting|clicking|registering|signing up)\b.{0,120}\b(?:you agree|"
    r"you are consenting|you consent|terms of (?:service|use)|privacy policy)\b",
    r"[\w.' ]{1,40} welcomes? (?:a )?(?:lively|robust|civil|courteous)\b.{0,40}\b(?:discussion|"
    r"debate|comments)\b",
    r"(?:in some cases,? )?(?:your|a selection of (?:your|the)) (?:comments?|e-?mails?|"
    r"contributions?|submissions?) (?:may|will|might|could) be (?:published|edited|used)\b",
    r"the [\w.]+ (?:may|will|reserves the right to) edit your (?:comments?|contributions?|"
    r"submissions?)\b",
    r"(?:also,? )?(?:due to|because of) the (?:volume|number) of (?:comments|e-?mails|"
    r"submissions|responses) we receive\b",
    r"your (?:contact details|e-?mail address|details|personal details) will (?:never|not) "
    r"be (?:published|displayed|shared)\b",
    r"please (?:ensure|make sure) you (?:have )?read (?:the|our) (?:terms|house rules|rules)",
    r"(?:if you are happy|if you would like|if you agree) to be contacted\b",
    r"(?:when sending us|if you send us) (?:pictures|photos|videos?|images|eyewitness|your)\b",
    r"at no time should you endanger yourself\b",
    r"(?:you can (?:also )?)?send (?:us )?(?:your|in your) (?:pictures|photos|videos?|images|"
    r"comments|experiences|stories|views|questions)\b",
    r"send us (?:an? )?(?:e-?mail|message|comment)\b",
    r"(?:please )?(?:tell|share with) us (?:what you think\W*$|.{0,80}\b(?:below|comments?|"
    r"form|e-?mail|experiences?|choices)\b)",
    r"(?:you can )?(?:add|post|leave) (?:a|your) comments?\b.{0,40}\b(?:below|form|blog|"
    r"story|on video)\b",
    r"(?:please )?(?:get involved and )?leave a comment\W*$",
    r"if you have (?:a large file|any information you wish to share)\b",
    r"if you'?d like, you can explain your choice in the comments\b",
    r"(?:this is also a place where you can start the discussion|please keep your comments "
    r"coming)\b",
    r"(?:please )?(?:create|choose|enter) (?:a|your) (?:screen ?name|username|password)\b",
    r"this screen name will be associated with\b",
    r"(?:you'?ve|you have) selected the [\w. ]{1,30} edition\b",
    r"would you like to make this your default edition\b",
    r"(?:editor'?s note:? )?[\w.]{2,40} moderators retain editorial control\b",
    r"[\w.]{2,40} is not responsible for any content posted by (?:third parties|readers|users)\b",
    r"(?:reply |report abuse )?\((?:required|optional),? but (?:will )?not (?:be )?"
    r"(?:displayed|published|shown)\)",
    r"this comment was removed because the moderators\b",
    r"(?:some )?comments (?:have been |were |are )?edited for (?:length|clarity)\b",
    r"join the (?:conversation|discussion|debate)\b.{0,80}\b(?:comments|below)\b",
    r"(?:report abuse|reply)\W*$",
)


def comment_policy(text: str) -> bool:
    return bool(COMMENT_POLICY.search(text))


NEWSLETTER = _rx(
    r"enter your e-?mail(?: address)?\b.{0,80}\b(?:follow|subscribe|receive|notifications|"
    r"newsletter|updates|alerts)\b",
    r".{0,60}?you can (?:stay|keep) (?:up to date|"
    r"up-to-date|in touch) with .{1,60}\bvia (?:these|our|the) (?:feeds?|rss|newsletter)",
    r"if you'?re reading (?:this )?(?:via|in|through) (?:an? )?(?:rss|feed)\b",
    r"get [\w' -]{1,60} delivered to your (?:inbox|e-?mail|phone|mobile)\b",
)


def newsletter_prompt(text: str) -> bool:
    return bool(NEWSLETTER.search(text)) or r.newsletter_promo(text)


READ_MORE = _rx(
    r"(?:please )?(?:click|tap) here\b",
    r"(?:to|for) [^.?!]{2,100},? (?:please )?(?:click|tap) here\W*$",
    r"(?:read|see|view|listen to) (?:the |our |more |all )?[^.?!]{0,80}\bhere\W*$",
    r"(?:explore|browse|see|view) (?:all )?(?:of )?our (?:[\w-]+ ){0,4}(?:graphics|coverage|"
    r"galleries|gallery|photos|videos|interactive|special|archive|stories)\b",
    r"watch (?:the |our |\w+'s )(?:[\w-]+ ){0,3}(?:video|take|report|interview|full|live|"
    r"special)\b",
    r"visit [\w .]{2,40} for (?:full|more|further) (?:instructions|information|details)\b",
    r"to refresh (?:the )?page\b",
    r"(?:continue reading|read more)\W*$",
)
# the line rule's link prefixes that also hold for a piece of a sentence (not its
# "short line ending in here", which on pieces cut at a colon catches "... you see here:")
LINK_PREFIX = re.compile(
    r"^\W{0,2}(?:read more|read also|also read|see also|see more|read next|read the full|"
    r"continue reading|more from|related:|recommended:|watch:|listen:|watch now|must read|"
    r"don'?t miss)", re.IGNORECASE)


def read_more_link(text: str) -> bool:
    return bool(READ_MORE.search(text)) or (len(r.words(text)) <= 20
                                             and bool(LINK_PREFIX.match(text)))


COPYRIGHT = _rx(
    r"(?:content and programming )?copyright (?:©\s*)?(?:19|20)\d\d\b",
    r"(?:©|\(c\))\s*(?:[\w&.,' -]{0,60}\b)?(?:19|20)\d\d\b",
    r"©",
    r"[\w.&' -]{0,60}\b(?:19|20)\d\d,? all rights reserved\b",
    r"all rights reserved\W*$",
    r"all materials? herein are protected by\b",
    r"you may not (?:alter|remove|copy|reproduce)\b.{0,80}\bcopyright\b",
)


def copyright_notice(text: str) -> bool:
    return bool(COPYRIGHT.search(text))


SITE_NOTICE = _rx(
    r"(?:to (?:play|view|see|watch) this|in order to (?:see|view|play|watch) this) "
    r"(?:content|video|media|clip|audio)\b.{0,40}\b(?:javascript|flash)\b",
    r"you (?:must|need to) have (?:javascript|flash)\b",
    r"sorry,? this (?:media|video|content|clip) is not available in your\b",
    r"(?:the )?[\w.]{2,30} is not responsible for the content of external (?:internet )?(?:sites|"
    r"websites|links)\W*$",
    r"(?:the |any )?(?:views|opinions) expressed (?:here |above |in this (?:article|column|post|"
    r"commentary|piece) )?are (?:the author'?\s?s?|his|her|their) own\W*$",
    r"(?:the |any )?(?:views|opinions) expressed (?:here |above |in this (?:article|column|post|"
    r"commentary|piece) )?are solely those of (?:the author|[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3})"
    r"\W*$",
    r"this (?:copy|story|article) may not be in its final form\b",
    r"this (?:article|story) was (?:first |originally )?published on [\w.]+",
    r"a version (?:of this (?:article|story) )?appeared on p\s?\d+ of\b",
    r"[^\"“”]{0,80}\bour (?:privacy policy|terms of (?:service|use))\b",
    r"(?:nyse|amex|nasdaq|[\w ]{0,20}quotes?)\b[\w ]{0,30}delayed by (?:at least )?\d+ minutes",
    r"market (?:indexes|indices|data) (?:are|is) (?:shown in real time|provided by|"
    r"the property of)\b",
    r"(?:most )?(?:stock )?quote data (?:is )?provided by\b",
    r"(?:the )?market data is the property of\b",
    r"[\w:,.& ]{0,80}\b(?:are|is) proprietary to (?:and distributed by )?[\w &.,]{2,60}\b"
    r"(?:inc|ltd|llc|company|corp)\b",
    r"(?:all times are [a-z]{2,4}\W+)?disclaimer\s+\w",
    r"for a (?:complete|full) list of exchanges and delays\b",
    # a web server's failed include, printed where a page widget should be (BBC, 8 T17 pages)
    r"\(?an error occurred while processing this directive\)?\W*$",
)


def site_notice(text: str) -> bool:
    return bool(SITE_NOTICE.search(text))


PROMO = _rx(
    r".{0,160}\bour (?:next[- ]generation|flagship|award-winning|premium|industry-leading) "
    r"(?:[\w-]+ ){0,3}(?:platform|service|solution|product|app|tools?|software)s?\b",
    r"[\w ]{2,40} has published a selection of [\w ]{2,30} for purchase\b",
    r"(?:welcome to|this is|i'?m [\w ]{2,30} and this is) (?:the |our |my )?[\w' .-]{0,50}\bblog "
    r"(?:where|for|about)\b",
    r"these are some of the popular topics this blog covers\b",
)


def outlet_promo(text: str) -> bool:
    return bool(PROMO.search(text))


FEED = re.compile(r"\bRETWEET\b|^RT @\w+:")


def social_feed(text: str) -> bool:
    """An embedded tweet ("7:01 pm ET February 11, 2013 RETWEET ...")."""
    return bool(FEED.search(text))


AUTHOR_NOTE = _rx(r"the (?:author|writer) is (?:a|an)\b.{0,80}\b(?:columnist|correspondent|"
                  r"editor|reporter|writer|contributor|commentator)\W*$")


def author_note(text: str) -> bool:
    return bool(AUTHOR_NOTE.search(text))


_NAMES = r"(?-i:[A-Z][\w.'’-]+(?:,? (?:and |& )?(?:[A-Z][\w.'’-]+|in|of|de|van|al|bin))*)"
CREDIT = re.compile(
    r"^\W{0,2}[\w'’ ,.&-]{2,200} (?:also )?contributed (?:to )?this (?:report|story|article)"
    r"\W*$"
    r"|^\((?:additional )?(?:reporting|editing|writing|compiled|created|written|edited)"
    r"(?: and writing)? by\b"
    rf"|^(?:additional )?reporting by {_NAMES}\W*$"
    r"|^additional reporting by [A-Z]"
    r"|^(?:compiled|edited|produced) by (?:the )?[\w.' ]{2,40}\b(?:staff|desk|team|editors|"
    r"newsroom)\W*$"
    rf"|^(?:reporting|writing|editing) by {_NAMES}[;,]", re.IGNORECASE)
_CREDIT_CASED = re.compile(r"^\W{0,2}(?:[A-Z]|[a-z]+ [A-Z])")


def credit(text: str) -> bool:
    """"(Reporting by X; Editing by Y)", "CNN's X contributed to this report"."""
    return bool(_CREDIT_CASED.match(text) and CREDIT.search(text))


CONTACT = _rx(r"(?:for|to) .{2,160}?\b(?:contact|e-?mail|write to)\s*:?\s*[\w.+-]+@[\w-]+\.\w")


def _follow_prompt(text: str) -> bool:
    t = text.strip()
    return bool(r.FOLLOW.match(t) or r.FOLLOW_COVERAGE.match(t) or r.HANDLE_ONLY.match(t)
                or CONTACT.search(t))


# (rule id, predicate on a piece, may the sentence quote or attribute?) in the order tried
PIECE_RULES: list[tuple[str, Callable[[str], bool], bool]] = [
    ("social-feed", social_feed, True),
    ("credit-line", credit, False),
    ("comment-form", comment_policy, False),
    ("newsletter-promo", newsletter_prompt, False),
    ("read-more", read_more_link, False),
    ("copyright", copyright_notice, False),
    ("site-notice", site_notice, False),
    ("promo", outlet_promo, False),
    ("author-bio", author_note, False),
    ("social-handle", _follow_prompt, False),
]


def has_cue(paragraph: str) -> bool:
    """Whether a paragraph may hold furniture (cheap: substring tests only)."""
    low = paragraph.lower()
    return any(cue in low for cue in CUES)


def piece_rule(piece: str, reports: bool = False) -> str | None:
    """The rule that removes this piece of a sentence, or None to keep it.

    ``reports``: the sentence around the piece quotes or attributes.
    """
    text = piece.strip()
    if not text or len(r.words(text)) > MAX_WORDS:
        return None
    for rule, test, may_report in PIECE_RULES:
        if (may_report or not reports) and test(text):
            return rule
    return None


_LABEL = re.compile(r"[\"“«]\s*(?:\S+\s+){0,2}\S+\s*[\"”»]")  # a quoted button: “sign up”


def _quotes(sentence: str) -> bool:
    """Whether a sentence quotes someone (a quoted label of 1-3 words does not count)."""
    return bool(r.QUOTE_MARK.search(_LABEL.sub("", sentence)))


def pieces(sentence: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the pieces of a sentence, split at the glue points."""
    out, pos = [], 0
    for m in GLUE.finditer(sentence):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(sentence)))
    return [(a, b) for a, b in out if sentence[a:b].strip()]


def _reports(text: str) -> bool:
    return bool(ATTRIBUTION.search(text) or _quotes(text))


def _piece_cut(text: str, after_attribution: bool) -> tuple[int, str] | None:
    """``(offset, rule)`` of the furniture in a piece: the whole piece, or its tail
    from a glued-on notice (only the fixed-wording rules may start there)."""
    reports = after_attribution or _reports(text)
    rule = piece_rule(text, reports)
    if rule:
        return 0, rule
    if reports:
        return None
    for m in INNER_START.finditer(text):
        tail = text[m.end():]
        if len(r.words(tail)) < 4:
            break
        rule = piece_rule(tail)
        if rule in INNER_RULES:
            return m.end(), rule
    return None


def furniture_spans(paragraph: str) -> list[tuple[int, int, str]]:
    """``(start, end, rule)`` of the furniture in a paragraph, in order; a run of
    cut pieces with one rule is one span.

    A piece is judged on its own words (a quote or "said" in it keeps it), and a piece
    that follows an attribution ending in a colon ("he said:") is reporting too.
    """
    out: list[tuple[int, int, str]] = []
    for s_start, s_end in sentence_spans(paragraph):
        sentence = paragraph[s_start:s_end]
        previous: tuple[int, int, str] | None = None
        introduced = False  # the piece before ends "... said:"
        for p_start, p_end in pieces(sentence):
            text = sentence[p_start:p_end]
            found = _piece_cut(text, introduced)
            introduced = text.rstrip().endswith(":") and _reports(text)
            if found is None:
                previous = None
                continue
            offset, rule = found
            a = s_start + p_start + offset + len(text[offset:]) - len(text[offset:].lstrip())
            b = s_start + p_end - (len(text) - len(text.rstrip()))
            if previous and previous[2] == rule and offset == 0:
                out[-1] = previous = (previous[0], b, rule)
            else:
                out.append(previous := (a, b, rule))
    return out
