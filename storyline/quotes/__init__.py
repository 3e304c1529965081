"""Direct quotes, who said them, and the same quote in each outlet's words.

Three steps, each a plain function over one story's articles:

1. **Find quotes** (:func:`find_quote_spans`): straight and curly double quotes
   and curly single quotes (‘…’, told apart from apostrophes: a closing ’ must not
   be followed by a letter). A quote that runs past the end of a paragraph
   continues only if the next paragraph opens with a quote mark (the newspaper
   convention); otherwise it is unbalanced and dropped, because where it ends
   cannot be known. Pieces of one sentence split by an attribution (‘A,’ he said,
   ‘B’) are one quote. A quote is *partial* when its marks sit inside reported
   speech (said a decision was made that “during ...”); its wording is then the
   whole sentence, since the quoted words alone would misstate what was said.
   Quotes of fewer than four words (scare quotes, single terms) are left out, and
   so are partial quotes with no attribution at all.
2. **Find the speaker** (:func:`attribute`): attribution patterns around the quote,
   in order of reliability: "…,” X said / said X / X told …" right after the quote
   or between its pieces; then speech verbs in the rest of the sentence ("X said
   that …”", "according to X", "adding, “…"), with the subject just before the verb
   or the nearest named person before it in the sentence; a person named with an
   apposition ("Jeane Freeman, the Scottish health secretary, said", "the health
   secretary, Nicola Sturgeon, said", "said the tourism minister, Rodolfo Elisondo")
   is the speaker, not the role (:mod:`.appositives`). "he/she said" is the last
   named speaker of the article (within three paragraphs), else the one person named
   in this or the previous sentence, skipping a person the story shows to be of the
   other gender ("Mr"/"Mrs" before the name, else a man's or woman's given name:
   :mod:`.gender`). An unattributed quote that follows a quote of X
   in the same paragraph, with no other person named between, continues X. A named
   subject is resolved to the merged entity (:mod:`storyline.entities`); "the
   ministry said" is the one organisation with that word in its name named in the
   few sentences before (the Ministry of Defense); "the president said" is the one
   person the article, else the story, names with that title ("President Joe
   Biden"; :mod:`.roles`), and stays unattributed when it names two; "the Russian
   president" (or "said the Russian president") is the one the story gives that country
   ("Russian President Vladimir Putin", "... Lavrov of Russia"), and "the Massachusetts
   senator" / "the Massachusetts Democrat" the one the story tags "(D-Mass.)"
   (:mod:`.states`); a subject that
   names nobody ("the official said") or an ambiguous one leaves the speaker empty
   rather than guessed.
3. **Group across outlets** (:func:`group_quotes`): the same statement in other
   words (translation, paraphrase) is found by embedding similarity plus shared
   content words, as for summary support (vectors of the sentences the quote is in,
   so no extra encoding). Greedy, best pairs first, never two quotes of one article
   in a group and never two different named speakers.

One module a step: :mod:`.spans` (1), :mod:`.speakers` (2, role phrases in
:mod:`.roles`, pronouns' gender in :mod:`.gender`, appositions in :mod:`.appositives`),
:mod:`.grouping` (3).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyline.entities import EntityIndex
from storyline.model import Article, Quote, Sentence

from .grouping import GROUP_RULES, _vectors, group_quotes, same_statement
from .roles import RoleHolders, role_holders
from .spans import QuoteSpan, find_quote_spans
from .speakers import MIN_WORDS, SPEECH, Found, attribute

__all__ = ["GROUP_RULES", "MIN_WORDS", "SPEECH", "Found", "QuoteSpan", "RoleHolders", "attribute",
           "extract_quotes", "find_quote_spans", "group_quotes", "role_holders", "same_statement"]


def extract_quotes(articles: Sequence[Article], sentences: dict[str, list[Sentence]] | None = None,
                   vectors: dict[str, np.ndarray] | None = None,
                   entities: EntityIndex | None = None) -> tuple[Quote, ...]:
    """The quotes of one story, grouped across its articles (the stage's entry point)."""
    from storyline.sentences import split_sentences

    sentences = dict(sentences or {})
    roles = role_holders(articles, entities.mentions) if entities is not None else None
    found: list[Found] = []
    for article in articles:
        if article.id not in sentences:
            sentences[article.id] = split_sentences(article)
        found += attribute(article, sentences[article.id], entities, roles)[0]
    return tuple(group_quotes(found, [a.id for a in articles],
                              _vectors(found, sentences, vectors)))
