"""“…,” the president told reporters: the one person the story names with that title.

News writes a speaker's title with the name once ("President Joe Biden", "Prime
Minister Boris Johnson") and the bare role after ("the president said"). Attribution
(:mod:`.speakers`) left such quotes unattributed, since "the president" names nobody
by itself. Here a role phrase (``the`` + a title, lower case: "the president", "the
prime minister", "the foreign minister") is resolved to the person the title stands
right before: in the quote's own article when it names any holder of the role, else in
the story. Exactly one holder is needed; two ("President Biden", "President Putin")
leave the quote unattributed, with both names in its evidence, rather than guessed.
A "Vice", "Deputy" or "former" title names somebody else; "the minister" matches any
"... Minister" except the prime minister, and "the foreign minister" only a "Foreign
Minister".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storyline.entities import ResolvedMention
from storyline.model import Article

# Titles written before a name, and the role each stands for ("Gov." is a governor).
_HEADS = {"president": "president", "minister": "minister", "chancellor": "chancellor",
          "premier": "premier", "governor": "governor", "gov": "governor", "mayor": "mayor",
          "senator": "senator", "sen": "senator", "secretary": "secretary",
          "pope": "pope", "king": "king", "queen": "queen"}
# Words that make a minister or a secretary one office among several.
_MODIFIERS = (r"prime|foreign|defen[cs]e|interior|finance|health|home|justice|education|"
              r"economy|trade|energy|environment|culture|chief|first|state|treasury|labou?r|"
              r"transport|agriculture|immigration|press")
_TITLE = (rf"(?:(?:{_MODIFIERS})\s+)?(?:president|minister|chancellor|premier|governor|gov\.|"
          r"mayor|senator|sen\.|secretary(?:\s+of\s+state)?|pope|king|queen)")
# a title right before a name, and one that opens a name the model tagged with it
_TITLE_BEFORE = re.compile(rf"(?<![\w.-])(?P<title>(?i:{_TITLE}))\s+$")
_TITLE_OPENS = re.compile(rf"^(?P<title>(?i:{_TITLE}))\s+(?=[A-Z])")
# words before a title that make it somebody else's ("Vice President", "former U.S.
# President"), up to a few words back
_NOT_HOLDER = re.compile(r"(?i)\b(?:vice|deputy|former|ex|late|then|assistant|acting|junior|"
                         r"shadow|opposition)\b[^,;:!?()\n]{0,14}$")
_ROLE_PHRASE = re.compile(rf"(?i:the)\s+(?P<role>(?i:{_TITLE}))")
WINDOW = 40  # characters before a name where its title is looked for


def _role_key(words: str) -> str:
    """"Prime  Minister" -> "prime minister", "Gov." -> "governor"."""
    parts = [w.rstrip(".").lower() for w in words.split()]
    parts[-1] = _HEADS.get(parts[-1], parts[-1])
    if parts[-3:] == ["secretary", "of", "state"]:
        return "secretary of state"
    return " ".join(parts)


def _matches(phrase_role: str, title_role: str) -> bool:
    """Does a holder of ``title_role`` answer to "the ``phrase_role``"?"""
    if phrase_role == title_role:
        return True
    head = phrase_role.split()[-1]
    return (" " not in phrase_role and head in ("minister", "secretary")
            and (title_role.endswith(head) or title_role.startswith(f"{head} of"))
            and title_role != "prime minister")


@dataclass
class RoleHolders:
    """Who the story names with which title: role -> article id -> {name: the words}."""

    held: dict[str, dict[str, dict[str, str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict)))

    def resolve(self, phrase: str, article_id: str) -> tuple[bool, str | None, str]:
        """(is a role phrase, the one holder or None, evidence) for a subject phrase."""
        m = _ROLE_PHRASE.fullmatch(phrase.strip())
        if not m:
            return False, None, ""
        role = _role_key(m.group("role"))
        here: dict[str, str] = {}
        story: dict[str, str] = {}
        for title_role, by_article in self.held.items():
            if _matches(role, title_role):
                for aid, names in by_article.items():
                    (here if aid == article_id else story).update(names)
        for scope, holders in (("the article", here), ("the story", story)):
            if len(holders) == 1:
                name, words = next(iter(holders.items()))
                return True, name, f"the one {role} {scope} names (“{words}”)"
            if len(holders) > 1:
                names = ", ".join(sorted(holders))
                return True, None, f"{scope} names {len(holders)} holders of {role}: {names}"
        return True, None, f"the story names no {role}"


def role_holders(articles: Sequence[Article],
                 mentions: Mapping[str, Sequence[ResolvedMention]]) -> RoleHolders:
    """The people each title stands right before, per article ("President Joe Biden")."""
    out = RoleHolders()
    for article in articles:
        text = article.text
        for m in mentions.get(article.id, ()):
            if m.type != "person":
                continue
            t = _TITLE_OPENS.match(m.text)  # the model tagged "President Joe Biden"
            title_at = m.start
            if t is None:
                lo = max(0, m.start - WINDOW)
                t = _TITLE_BEFORE.search(text, lo, m.start)
                title_at = t.start() if t else 0
            if t is None or not t.group("title")[0].isupper():
                continue  # no title, or "the president Joe Biden"
            if _NOT_HOLDER.search(text, max(0, title_at - 30), title_at):
                continue  # "Vice President", "former U.S. President"
            words = " ".join(text[title_at:m.end].split())
            out.held[_role_key(t.group("title"))][article.id][m.name] = words
    return out
