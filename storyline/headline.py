"""A neutral headline for a story, chosen from its articles' titles or composed.

Each outlet's title is one editor's one-line summary, often slanted ("X slams
Y", "Democrats in panic") or dressed for clicks ("WATCH:", a question, a quote).
The headline is the title that best says what the outlets *share*: most content
words in common with the other titles and with the summary, fewest loaded words
(``storyline.neutral``), not a question or a bare quote, of a headline's length.
Site names and labels are cut first ("... - CNN", "EXCLUSIVE:"). A story whose
articles have no titles gets the main clause of its first summary sentence.

Measured on NeuS against the AllSides editors' neutral titles (ROUGE-1/L, with
the first article's title as the baseline): docs/summaries.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.model import Article, Evidence, SummarySentence
from storyline.neutral import loaded_words
from storyline.salience import DANGLING_START
from storyline.textutil import content_terms

W_TITLES, W_SUMMARY, W_LOADED, W_FORM = 1.0, 1.0, 0.5, 0.5
MIN_WORDS, MAX_WORDS = 4, 16

_SITE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{2,40}$")
_LABEL = re.compile(r"^(?:WATCH|BREAKING|EXCLUSIVE|UPDATE|UPDATED|LIVE|VIDEO|OPINION|ANALYSIS|"
                    r"Opinion|Analysis|Watch|Breaking|Exclusive|Live|Video|Editorial|EDITORIAL|"
                    r"REPORT|Report|JUST IN|Just In|FACT CHECK|Fact Check)\s*[:|\-–—]\s+")
_QUESTION = re.compile(r"\?\s*$")
_QUOTE_ONLY = re.compile(r"^[\"“‘'].+[\"”’']\.?$")


@dataclass(frozen=True)
class Headline:
    text: str
    evidence: Evidence


def clean_title(title: str, site_names: Sequence[str] = ()) -> str:
    """A title without site name, label or trailing full stop."""
    t = " ".join(title.split())
    t = _LABEL.sub("", t)
    m = _SITE_SUFFIX.search(t)
    if m and len(t[:m.start()].split()) >= MIN_WORDS and (
            len(m.group(0).split()) <= 4
            or any(s and s.lower() in m.group(0).lower() for s in site_names)):
        t = t[:m.start()]
    return t.rstrip(" .")


def _form_penalty(title: str) -> float:
    """Questions, bare quotes, exclamations, all-caps shouting and odd lengths."""
    n = len(title.split())
    penalty = 0.0
    if _QUESTION.search(title) or "!" in title:
        penalty += 1.0
    if _QUOTE_ONLY.match(title) or title.count("“") + title.count('"') >= 2:
        penalty += 0.5
    if title.isupper():
        penalty += 1.0
    if n < MIN_WORDS or n > MAX_WORDS:
        penalty += 0.5
    return penalty


def _share(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a) if a else 0.0


def headline(articles: Sequence[Article], summary: Sequence[SummarySentence] = ()) -> Headline:
    """The story's headline and why it was chosen."""
    sites = [a.source or "" for a in articles]
    titled = [(a, clean_title(a.title, sites)) for a in articles if a.title and a.title.strip()]
    summary_terms = frozenset().union(*(content_terms(s.text) for s in summary))
    if not titled:
        return _composed(summary, articles)
    terms = [content_terms(t) for _, t in titled]

    def score(k: int) -> float:
        others = [terms[j] for j in range(len(titled)) if j != k]
        agree = sum(_share(terms[k], o) for o in others) / len(others) if others else 0.0
        title = titled[k][1]
        loaded = len(loaded_words(title)) / max(len(title.split()), 1)
        return (W_TITLES * agree + W_SUMMARY * _share(terms[k], summary_terms)
                - W_LOADED * loaded * 5 - W_FORM * _form_penalty(title))

    best = max(range(len(titled)), key=lambda k: (score(k), -len(titled[k][1]),
                                                  titled[k][0].id))
    article, text = titled[best]
    detail = (f"title of {article.id} ({article.source or 'unknown outlet'}), of "
              f"{len(titled)} titles the one sharing most words with the others and the "
              f"summary, with fewest loaded words (score {score(best):.2f})")
    return Headline(text, Evidence("chosen", detail, round(min(max(score(best), 0.0), 1.0), 3)))


# A sentence ends at . ! or ? before a capital or quote, but not after an initial
# ("U.S. diplomatic", "Gen. J. Smith"): T17's "An unpublished U.S" was cut there.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\b(?:Mr|Ms|Dr|St)\.)\s+(?=[\"“‘'(A-Z0-9])")
# Where a long first clause can end without "…": before a subordinate clause
# ("... warned countries to be on alert for unusual flu outbreaks | after a ...").
_SUBORDINATE = re.compile(r"\s(?:after|as|since|because|while|which|when|although|though|"
                          r"despite|amid|before|following|whereas)\s")
# A clause opening so is fronted to the main clause after it, no headline alone ("To
# keep President Assad in power, Syrian government troops have surrounded ...": T17
# SyrianCrisis_bbc; "In Damascus, ...", "After the vote, ...").
_LEADING = re.compile(r"(?:To|In|On|At|After|Before|As|While|When|If|Although|Though|Because|"
                      r"Since|Despite|Amid|Following|With|Without|Under|Unlike|Like|During|"
                      r"For|By|From|Once|Until|Whereas|According\s+to)\s", re.IGNORECASE)
# Words a cut headline must not end on ("... sidelined by…" reads as a typo).
_DANGLING_END = frozenset("""a an the of to by for in on at from with and or but as that which
who whose how what why where when its his her their our your this these those is are was were
be been has have had
""".split())


def _composed(summary: Sequence[SummarySentence], articles: Sequence[Article]) -> Headline:
    """No titles: the main clause of the first summary sentence (or article) that
    stands alone (one opening with "His ..." or "Nor ..." needs the one before)."""
    standing = [s for s in summary if not DANGLING_START.match(s.text)] or list(summary)
    source = standing[0].text if standing else (articles[0].text if articles else "")
    first = _SENTENCE_END.split(" ".join(source.split()))[0]
    clauses = re.split(r",\s|;\s|\s[—–-]{1,2}\s|:\s", first)
    while len(clauses) > 1 and _LEADING.match(clauses[0]) and _main_clause(clauses[1]):
        clauses = clauses[1:]  # the main clause follows its fronted adverbial
    clause = clauses[0].rstrip(" .")
    clause = clause[:1].upper() + clause[1:]
    words = clause.split()
    if len(words) < MIN_WORDS:
        words = first.rstrip(" .").split()
    cut = len(words) > MAX_WORDS
    if cut:
        words, cut = _shortened(words)
    text = " ".join(words) + ("…" if cut else "")
    return Headline(text, Evidence("composed", "no article has a title: the main clause of "
                                               "the first summary sentence", 0.5))


def _main_clause(clause: str) -> bool:
    """Whether the clause after a fronted adverbial can stand as a headline: long
    enough, and not a relative clause or a quotation ("For supporters of Gaddafi, who
    has defied ..." keeps its first clause)."""
    words = clause.split()
    return len(words) >= MIN_WORDS and words[0][0].isalnum() and \
        words[0].lower() not in _DANGLING_END | {"who", "whom", "where", "while", "if"}


def _shortened(words: list[str]) -> tuple[list[str], bool]:
    """A clause too long for a headline, cut before its last subordinate clause that
    leaves a headline's length (False: nothing left out mid-clause); failing that,
    MAX_WORDS words not ending on a function word (True: the caller adds "…")."""
    head = " ".join(words[:MAX_WORDS + 2])
    cuts = [m.start() for m in _SUBORDINATE.finditer(head)
            if MIN_WORDS + 2 <= len(head[:m.start()].split()) <= MAX_WORDS]
    if cuts:
        return head[:cuts[-1]].rstrip(" ,;").split(), False
    kept = words[:MAX_WORDS]
    while len(kept) > MIN_WORDS and kept[-1].lower().strip(",;:") in _DANGLING_END:
        kept.pop()
    return kept, True
