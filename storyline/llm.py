"""Optional LLM summary mode: any OpenAI-compatible endpoint, every sentence verified.

The model never sees the articles, only a numbered list of *claims* (each a fact
with the articles and sentences that report it) and must answer with sentences
that cite claim ids. Every generated sentence is then checked by
:func:`storyline.verify.verify` against the source sentences of the claims it
cites; a sentence that cites no valid claim, or says a number, date or name its
claims do not, or drifts in meaning, is dropped from the summary and listed with
its reasons (or, with ``keep_unsupported``, kept and flagged when it at least cites
a given claim). When the endpoint
is down, answers garbage or nothing survives verification, the extractive
summary stands and the brief says why.

Works with llama.cpp's server, Ollama, vLLM, LM Studio and hosted APIs: a POST to
``{url}/chat/completions`` (``/v1`` is added when the URL has no path). The API
key, if any, is read from the environment variable named in the config
(``STORYLINE_LLM_API_KEY`` by default), never from the command line or a file.

Claims come from :func:`claims_from_support` today (one claim per group of
matched sentences of the support index). When the agreement map of the claims
stage is in the brief, :func:`claims_from_model` turns its ``model.Claim``
objects into the same prompt claims; ``storyline.summary_stage`` picks which.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from storyline.errors import MissingExtra, StorylineError
from storyline.model import Claim, ClaimSource, SummarySentence
from storyline.support import SupportIndex
from storyline.textutil import word_count
from storyline.verify import verify

ENV_KEY = "STORYLINE_LLM_API_KEY"
ENV_MODEL = "STORYLINE_LLM_MODEL"
MAX_CLAIMS = 40
RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class LLMError(StorylineError):
    """The endpoint could not give a usable answer (one line, says why)."""


@dataclass(frozen=True)
class LLMConfig:
    """Where and how to ask. ``model`` defaults to $STORYLINE_LLM_MODEL or "default"."""

    url: str
    model: str | None = None
    api_key_env: str = ENV_KEY
    timeout: float = 60.0
    retries: int = 2
    backoff: float = 1.0
    temperature: float = 0.0
    keep_unsupported: bool = False

    @property
    def model_name(self) -> str:
        return self.model or os.environ.get(ENV_MODEL) or "default"


@dataclass(frozen=True)
class PromptClaim:
    """One fact offered to the model: its id, wording, reporting articles and sentences."""

    id: str
    text: str
    article_ids: tuple[str, ...]
    sources: tuple[ClaimSource, ...]
    reports: float = 1.0


def endpoint(url: str) -> str:
    """The chat-completions URL for a base URL ("http://host:8080" -> ".../v1/chat/completions")."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LLMError(f"--llm needs an http(s) URL, got {url!r}")
    if url.endswith("/chat/completions"):
        return url
    if not parts.path:
        url += "/v1"
    return url + "/chat/completions"


class ChatClient:
    """A small chat-completions client: timeouts, retries with backoff, one-line errors.

    After the endpoint has failed to answer at all (connection refused, timeouts on
    every try), later calls fail at once instead of waiting again for each story.
    """

    def __init__(self, config: LLMConfig, *, sleep: Callable[[float], None] = time.sleep):
        try:
            import httpx
        except ImportError as exc:  # pragma: no cover - httpx is a dependency of the llm extra
            raise MissingExtra("the LLM summary mode", "storyline[llm]") from exc
        self.config = config
        self.url = endpoint(config.url)
        self._httpx = httpx
        self._sleep = sleep
        self._down: str | None = None
        headers = {"Content-Type": "application/json"}
        key = os.environ.get(config.api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        timeout = httpx.Timeout(config.timeout, connect=min(config.timeout, 10.0))
        self._client = httpx.Client(headers=headers, timeout=timeout)

    def close(self) -> None:
        self._client.close()

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The assistant message's content, or LLMError saying why not."""
        if self._down:
            raise LLMError(self._down)
        body = {"model": self.config.model_name, "messages": messages,
                "temperature": self.config.temperature}
        last = "no answer"
        for attempt in range(self.config.retries + 1):
            if attempt:
                self._sleep(self.config.backoff * 2 ** (attempt - 1))
            try:
                response = self._client.post(self.url, json=body)
            except self._httpx.TimeoutException:
                last = f"LLM endpoint {self.url} timed out after {self.config.timeout:g} s"
                continue
            except self._httpx.TransportError as exc:
                last = f"LLM endpoint {self.url} is unreachable ({_reason(exc)})"
                continue
            if response.status_code in RETRY_STATUS:
                last = f"LLM endpoint {self.url} answered HTTP {response.status_code}"
                continue
            if response.status_code >= 400:
                hint = (f"; is ${self.config.api_key_env} set?"
                        if response.status_code in (401, 403) else "")
                raise LLMError(f"LLM endpoint {self.url} refused the request: HTTP "
                               f"{response.status_code}{hint}")
            return _content(response)
        tries = self.config.retries + 1
        self._down = f"{last} ({tries} tr{'y' if tries == 1 else 'ies'})"
        raise LLMError(self._down)


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if "refused" in text.lower():
        return "connection refused"
    return text.splitlines()[0][:120]


def _content(response: Any) -> str:
    try:
        data = response.json()
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError("LLM endpoint answered something that is not a chat completion") from exc
    if not isinstance(content, str) or not content.strip():
        raise LLMError("LLM endpoint answered an empty message")
    return content


# ---------------------------------------------------------------- claims


def claims_from_support(index: SupportIndex, scores: np.ndarray,
                        weigh: Callable[[Iterable[str]], float],
                        limit: int = MAX_CLAIMS) -> list[PromptClaim]:
    """One claim per group of matched sentences, most salient first.

    A sentence and the sentences of other articles that say the same thing (the
    support index's matches) form a group; the group's first sentence is the
    claim's wording. A sentence already in a group does not start another.
    """
    covered: set[int] = set()
    claims: list[PromptClaim] = []
    for i in sorted(range(len(index.sentences)), key=lambda k: (-scores[k], k)):
        if i in covered or len(claims) >= limit:
            continue
        group = [i] + [j for j, _ in index.matches[i].values()]
        covered.update(group)
        sources = tuple(ClaimSource(index.sentences[j].article_id, index.sentences[j].id,
                                    index.sentences[j].text) for j in group)
        ids = tuple(index.supporters(i))
        claims.append(PromptClaim(f"c{len(claims) + 1}", index.sentences[i].text, ids, sources,
                                  weigh(ids)))
    return claims


def claims_from_model(claims: Sequence[Claim],
                      weigh: Callable[[Iterable[str]], float],
                      limit: int = MAX_CLAIMS) -> list[PromptClaim]:
    """Prompt claims from the agreement map (``model.Claim``), most supported first;
    conflicting claims are left out (a summary states what is agreed)."""
    usable = [c for c in claims if c.status != "conflict" and c.sources]
    usable.sort(key=lambda c: -weigh(c.supporting))
    return [PromptClaim(f"c{n}", c.text, tuple(c.supporting), tuple(c.sources),
                        weigh(c.supporting)) for n, c in enumerate(usable[:limit], start=1)]


# ---------------------------------------------------------------- prompt and answer

SYSTEM_PROMPT = """You are a careful, neutral news editor. You write a short summary of one \
news story using ONLY the numbered claims you are given, each reported by one or more \
outlets.
Rules:
- Every sentence must cite the ids of the claims it uses, e.g. ["c1", "c3"].
- Say nothing that the cited claims do not say: no new facts, names, numbers or dates.
- Prefer claims reported by more outlets; keep who said what when a claim is a statement.
- Plain, neutral wording: no loaded or emotional words, no opinion, no speculation.
- At most {words} words in all.
Answer with JSON only, no other text:
{{"sentences": [{{"text": "First sentence.", "claims": ["c1", "c2"]}}]}}"""


def prompt(claims: Sequence[PromptClaim], words: int) -> list[dict[str, str]]:
    lines = [f"{c.id} [{c.reports:g} report{'s' if c.reports != 1 else ''}]: {c.text}"
             for c in claims]
    return [{"role": "system", "content": SYSTEM_PROMPT.format(words=words)},
            {"role": "user", "content": "Claims:\n" + "\n".join(lines)}]


@dataclass(frozen=True)
class Draft:
    """One generated sentence and the claim ids it cites, as the model wrote them."""

    text: str
    claim_ids: tuple[str, ...]


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


def parse_answer(content: str) -> list[Draft]:
    """The sentences of a model answer; LLMError if it is not the JSON asked for."""
    text = _FENCE.sub("", content.strip())
    data: Any = None
    try:
        data = json.loads(text)
    except ValueError:
        start, end = text.find("{"), text.rfind("}")
        if start >= 0 and end > start:
            try:
                data = json.loads(text[start:end + 1])
            except ValueError:
                data = None
    if isinstance(data, dict):
        data = data.get("sentences", data.get("summary"))
    if not isinstance(data, list):
        raise LLMError("the model's answer is not the JSON asked for "
                       f"(starts {content.strip()[:60]!r})")
    drafts = []
    for item in data:
        if isinstance(item, str):
            drafts.append(Draft(item.strip(), ()))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        ids = item.get("claims", item.get("citations", item.get("ids", [])))
        if isinstance(ids, str | int):
            ids = [ids]
        drafts.append(Draft(" ".join(item["text"].split()),
                            tuple(_claim_id(x) for x in ids if isinstance(x, str | int))))
    return [d for d in drafts if d.text]


def _claim_id(value: str | int) -> str:
    """Normalise "[c3]", "C3", "3" and 3 to "c3"."""
    s = str(value).strip().strip("[]()").lower()
    return s if s.startswith("c") else f"c{s}"


# ---------------------------------------------------------------- verified summary


@dataclass
class LLMSummary:
    summary: tuple[SummarySentence, ...]
    rejected: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def summarize_llm(claims: Sequence[PromptClaim], client: ChatClient, *, words: int,
                  embed: Callable[[list[str]], np.ndarray],
                  source_vector: Callable[[ClaimSource], np.ndarray | None]) -> LLMSummary:
    """Ask for a summary of ``claims`` and keep the sentences that pass verification.

    ``embed`` encodes new text; ``source_vector`` gives a source sentence's vector
    (None: it is embedded here). Raises LLMError when no usable answer comes back.
    """
    if not claims:
        raise LLMError("the story has no claims to give the model")
    drafts = parse_answer(client.complete(prompt(claims, words)))
    if not drafts:
        raise LLMError("the model's answer has no sentences")
    by_id = {c.id: c for c in claims}
    vectors = embed([d.text for d in drafts])
    out = LLMSummary(())
    kept: list[SummarySentence] = []
    used = 0
    for draft, vector in zip(drafts, vectors, strict=True):
        valid = [by_id[c] for c in dict.fromkeys(draft.claim_ids) if c in by_id]
        invented = [c for c in draft.claim_ids if c not in by_id]
        problems = [f"cites unknown claim ids: {', '.join(invented)}"] if invented else []
        sources = tuple(dict.fromkeys(s for c in valid for s in c.sources))
        if not valid:
            problems.append("cites no claim" if not draft.claim_ids else "cites no given claim")
            verdict = None
        else:
            verdict = verify(draft.text, vector, sources, _source_vectors(sources, source_vector,
                                                                          embed))
            problems += list(verdict.problems)
        claimed = tuple(dict.fromkeys(a for c in valid for a in c.article_ids))
        weak = verdict.weak_citations if verdict else ()
        citations = tuple(a for a in claimed if a not in weak) or claimed
        record = {"text": draft.text, "claims": list(draft.claim_ids), "problems": problems}
        if problems and (not client.config.keep_unsupported or not citations):
            # a sentence that cites no given claim is never shown, even flagged
            out.rejected.append(record)
            continue
        n = word_count(draft.text)
        if kept and used + n > words:
            out.notes.append(f"cut after {len(kept)} sentences to stay within {words} words")
            break
        edits = (f"written by {client.config.model_name} from claims "
                 f"{', '.join(c.id for c in valid) or 'none'}",)
        check = verdict.as_dict() if verdict else {"supported": False, "similarity": 0.0,
                                                   "problems": problems, "weak_citations": []}
        if problems:
            check = {**check, "supported": False, "problems": problems}
        kept.append(SummarySentence(draft.text, citations, sources, edits=edits,
                                    verification=check))
        used += n
    if not any(s.verification and s.verification.get("supported") for s in kept):
        raise LLMError(f"none of the model's {len(drafts)} sentences passed verification")
    out.summary = tuple(kept)
    return out


def _source_vectors(sources: Sequence[ClaimSource],
                    lookup: Callable[[ClaimSource], np.ndarray | None],
                    embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    found = [lookup(s) for s in sources]
    missing = [k for k, v in enumerate(found) if v is None]
    if missing:
        fresh = embed([sources[k].text for k in missing])
        for k, v in zip(missing, fresh, strict=True):
            found[k] = v
    return np.vstack(found)
