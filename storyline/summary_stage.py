"""The summary stage of a brief: summary (extractive or LLM), verification, headline.

``brief_story`` in ``storyline.pipeline`` calls :func:`summarise_story` once per
story. It always builds the extractive summary (offline, the default and the
fallback), verifies every sentence of it with :mod:`storyline.verify`, and, when
an LLM client is given, asks the model for a summary of the story's claims and
keeps the verified sentences. The headline is chosen last, from the titles and
the summary that stands. What happened is recorded in ``method`` (the brief's
``summary_method``), so a reader sees which summary they have and why.

Claims for the LLM: the agreement map's ``model.Claim`` list when the caller
passes one (``claims=``: at merge, ``brief_story`` passes the claims stage's
output here), else one claim per group of matched sentences of the support index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from storyline.embed import Embedder
from storyline.headline import Headline, headline
from storyline.llm import (
    ChatClient,
    LLMError,
    claims_from_model,
    claims_from_support,
    summarize_llm,
)
from storyline.model import Article, Claim, ClaimSource, Story, SummarySentence
from storyline.salience import count_articles, salience
from storyline.summarize import DEFAULT_WORDS, summarize
from storyline.support import SupportIndex
from storyline.verify import verify


@dataclass
class StorySummary:
    summary: tuple[SummarySentence, ...]
    headline: Headline
    method: dict[str, Any] = field(default_factory=dict)


def verify_summary(summary: Sequence[SummarySentence], index: SupportIndex,
                   embedder: Embedder | None) -> tuple[SummarySentence, ...]:
    """Each sentence with the verifier's verdict against its cited source sentences.

    A sentence whose text is its source's words is embedded by looking its vector
    up; an edited one is embedded afresh (when no embedder is given, its source
    sentence's vector stands in, which the verdict's ``problems`` cannot tell).
    """
    if not summary:
        return ()
    lookup = _vector_lookup(index)
    texts = [s.text for s in summary]
    edited = [k for k, s in enumerate(summary) if s.sources and s.text != s.sources[0].text]
    vectors = [lookup(s.sources[0]) if s.sources else None for s in summary]
    if embedder is not None and edited:
        fresh = embedder.encode([texts[k] for k in edited])
        for k, v in zip(edited, fresh, strict=True):
            vectors[k] = v
    out = []
    for s, v in zip(summary, vectors, strict=True):
        if v is None or not s.sources:
            out.append(replace(s, verification={"supported": False, "similarity": 0.0,
                                                "problems": ["cites no source"],
                                                "weak_citations": []}))
            continue
        src_vectors = np.vstack([_or_zero(lookup(x), v) for x in s.sources])
        out.append(replace(s, verification=verify(s.text, v, s.sources, src_vectors).as_dict()))
    return tuple(out)


def _or_zero(vector: np.ndarray | None, like: np.ndarray) -> np.ndarray:
    return vector if vector is not None else np.zeros_like(like)


def _vector_lookup(index: SupportIndex) -> Callable[[ClaimSource], np.ndarray | None]:
    row = {s.id: k for k, s in enumerate(index.sentences)}

    def lookup(source: ClaimSource) -> np.ndarray | None:
        k = row.get(source.sentence_id)
        return None if k is None else index.vectors[k]

    return lookup


def summarise_story(story: Story, articles: Mapping[str, Article], index: SupportIndex, *,
                    words: int = DEFAULT_WORDS,
                    weigh: Callable[[Iterable[str]], float] = count_articles,
                    fill: str = "under", embedder: Embedder | None = None,
                    llm: ChatClient | None = None, claims: Sequence[Claim] = (),
                    claim_groups: Sequence[Sequence[int]] = ()) -> StorySummary:
    """Summary, headline and how they were made, for one story.

    ``claim_groups`` (the sentence indices of ``claims``) let the extractive
    summary cite what the agreement map cites (see ``summarize``)."""
    members = [articles[a] for a in story.article_ids if a in articles]
    scores = salience(index, articles, weigh=weigh).score
    summary = summarize(story, articles, index, words=words, weigh=weigh, fill=fill,
                        scores=scores, claim_groups=claim_groups)
    summary = verify_summary(summary, index, embedder)
    method: dict[str, Any] = {"method": "extractive", "fallback": None}
    if llm is not None:
        method = {"method": "llm", "model": llm.config.model_name, "endpoint": llm.url,
                  "fallback": None}
        try:
            prompt_claims = (claims_from_model(claims, weigh) if claims else
                             claims_from_support(index, scores, weigh))
            if embedder is None:
                raise LLMError("the LLM mode needs an embedder to verify sentences")
            result = summarize_llm(prompt_claims, llm, words=words, embed=embedder.encode,
                                   source_vector=_vector_lookup(index))
        except LLMError as exc:
            method.update(method="extractive", fallback=str(exc))
        else:
            summary = result.summary
            method.update(claims=len(prompt_claims), rejected=result.rejected,
                          notes=result.notes)
    return StorySummary(summary, headline(members, summary), method)
