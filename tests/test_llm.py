"""LLM summary mode against a recorded OpenAI-compatible server on loopback.

No network and no model: the server (tests/llm_server.py) replays recorded
answers, good and malformed; sentences are embedded with a bag-of-words hash so
that verification is deterministic.
"""

from __future__ import annotations

import json
import zlib

import numpy as np
import pytest

pytest.importorskip("httpx")

from storyline.llm import (
    ChatClient,
    LLMConfig,
    LLMError,
    PromptClaim,
    claims_from_model,
    claims_from_support,
    endpoint,
    parse_answer,
    prompt,
    summarize_llm,
)
from storyline.model import Article, Claim, ClaimSource, Event, Sentence, Story
from storyline.summary_stage import summarise_story
from storyline.support import build_support
from storyline.textutil import content_terms
from tests.llm_server import RecordedServer, Reply


class HashEmbedder:
    """Bag of content terms hashed into 256 dimensions: deterministic, instant."""

    name, dim = "hash", 256

    def encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for k, t in enumerate(texts):
            for term in content_terms(t):
                out[k, zlib.crc32(term.encode()) % self.dim] += 1.0
            out[k] /= max(np.linalg.norm(out[k]), 1e-9)
        return out


EMB = HashEmbedder()
BRIDGE_A = ("The city council voted on Monday to rebuild the old river bridge for 40 million "
            "dollars.")
BRIDGE_B = ("On Monday the city council voted to rebuild the old river bridge for 40 million "
            "dollars.")
MAYOR = "Mayor Ana Diaz welcomed the vote of the city council on the river bridge."
SCHOOLS = "Opponents said the money for the bridge should go to the schools of the city."

CLAIMS = [
    PromptClaim("c1", BRIDGE_A, ("a", "b"), (ClaimSource("a", "a#0", BRIDGE_A),
                                              ClaimSource("b", "b#0", BRIDGE_B)), 2),
    PromptClaim("c2", MAYOR, ("a",), (ClaimSource("a", "a#1", MAYOR),), 1),
    PromptClaim("c3", SCHOOLS, ("b",), (ClaimSource("b", "b#1", SCHOOLS),), 1),
]


def _answer(*sentences):
    return json.dumps({"sentences": [{"text": t, "claims": ids} for t, ids in sentences]})


@pytest.fixture()
def server():
    s = RecordedServer().start()
    yield s
    s.stop()


def _client(server, **kw):
    config = LLMConfig(server.url, model="test-model", timeout=kw.pop("timeout", 5.0),
                       retries=kw.pop("retries", 2), backoff=0.0, **kw)
    return ChatClient(config, sleep=lambda s: None)


def _run(client, words=80):
    return summarize_llm(CLAIMS, client, words=words, embed=EMB.encode,
                         source_vector=lambda s: None)


def test_endpoint_urls():
    assert endpoint("http://localhost:8080") == "http://localhost:8080/v1/chat/completions"
    assert endpoint("http://h/v1/") == "http://h/v1/chat/completions"
    assert endpoint("https://api.x.com/v1/chat/completions").endswith("/v1/chat/completions")
    with pytest.raises(LLMError, match="http"):
        endpoint("localhost:8080")


def test_good_answer_is_verified_and_cites_the_claims_articles(server, monkeypatch):
    monkeypatch.setenv("STORYLINE_LLM_API_KEY", "sk-test-123")
    server.replies.append(Reply(content=_answer(
        ("On Monday the city council voted to rebuild the old river bridge for 40 million "
         "dollars.", ["c1"]),
        ("Mayor Ana Diaz welcomed the vote of the city council.", ["c2"]))))
    result = _run(_client(server))
    assert [s.citations for s in result.summary] == [("a", "b"), ("a",)]
    assert all(s.verification["supported"] for s in result.summary)
    assert result.rejected == []
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test-123"
    assert request["body"]["model"] == "test-model"
    user = request["body"]["messages"][1]["content"]
    assert "c1 [2 reports]: The city council voted" in user and "c3 [1 report]:" in user


def test_missing_citations_and_invented_ids_are_dropped(server):
    server.replies.append(Reply(content=_answer(
        ("The city council voted on Monday to rebuild the old river bridge.", ["c1"]),
        ("The bridge will be the longest in the state.", []),
        ("Mayor Ana Diaz welcomed the vote.", ["c9"]))))
    result = _run(_client(server))
    assert [s.text for s in result.summary] == [
        "The city council voted on Monday to rebuild the old river bridge."]
    problems = {r["text"]: r["problems"] for r in result.rejected}
    assert problems["The bridge will be the longest in the state."] == ["cites no claim"]
    assert any("unknown claim ids: c9" in p for p in problems["Mayor Ana Diaz welcomed the vote."])


def test_invented_numbers_dates_and_names_are_caught(server):
    server.replies.append(Reply(content=_answer(
        ("The city council voted on Monday to rebuild the old river bridge for 90 million "
         "dollars.", ["c1"]),
        ("The city council voted on Friday to rebuild the old river bridge.", ["c1"]),
        ("Governor Bob Stone welcomed the vote of the city council on the river bridge.",
         ["c2"]),
        ("Opponents said the money for the bridge should go to the schools.", ["c3"]))))
    result = _run(_client(server))
    assert [s.text for s in result.summary] == [
        "Opponents said the money for the bridge should go to the schools."]
    reasons = " | ".join(p for r in result.rejected for p in r["problems"])
    assert "numbers not in the sources: 90" in reasons
    assert "dates not in the sources: friday" in reasons
    assert "names not in the sources: Bob, Stone" in reasons  # not the first word


def test_keep_unsupported_flags_instead_of_dropping(server):
    server.replies.append(Reply(content=_answer(
        ("The city council voted on Monday to rebuild the old river bridge.", ["c1"]),
        ("The vote cost 12 jobs.", ["c1"]))))
    result = _run(_client(server, keep_unsupported=True))
    assert len(result.summary) == 2 and result.rejected == []
    flagged = result.summary[1].verification
    assert flagged["supported"] is False and flagged["problems"]


def test_invalid_json_is_an_error_with_the_reason(server):
    server.replies.append(Reply(content="Sure! Here is a summary: the council voted."))
    with pytest.raises(LLMError, match="not the JSON asked for"):
        _run(_client(server))


def test_nothing_verified_is_an_error(server):
    server.replies.append(Reply(content=_answer(("Aliens landed in 1999.", ["c1"]))))
    with pytest.raises(LLMError, match="none of the model's 1 sentences passed"):
        _run(_client(server))


def test_500_then_success_is_retried(server):
    server.replies += [Reply(500, raw="oops"), Reply(503, raw="busy"),
                       Reply(content=_answer((BRIDGE_A, ["c1"])))]
    result = _run(_client(server))
    assert len(result.summary) == 1 and len(server.requests) == 3


def test_timeouts_give_up_after_retries_and_fail_fast_afterwards(server):
    server.replies += [Reply(content=_answer((BRIDGE_A, ["c1"])), delay=1.5)] * 2
    client = _client(server, timeout=0.3, retries=1)
    with pytest.raises(LLMError, match=r"timed out after 0.3 s \(2 tries\)"):
        _run(client)
    with pytest.raises(LLMError, match="timed out"):  # no second wait
        _run(client)
    assert len(server.requests) == 2


def test_endpoint_down_is_one_clear_line():
    client = ChatClient(LLMConfig("http://127.0.0.1:9", retries=1, backoff=0.0, timeout=2),
                        sleep=lambda s: None)
    with pytest.raises(LLMError) as info:
        _run(client)
    message = str(info.value)
    assert "unreachable" in message and "\n" not in message and "127.0.0.1:9" in message


def test_refused_key_says_which_variable(server):
    server.replies.append(Reply(401, raw='{"error": "bad key"}'))
    with pytest.raises(LLMError, match=r"HTTP 401; is \$STORYLINE_LLM_API_KEY set"):
        _run(_client(server))
    assert len(server.requests) == 1  # a refusal is not retried


def test_not_a_chat_completion(server):
    server.replies.append(Reply(raw='{"result": "hello"}'))
    with pytest.raises(LLMError, match="not a chat completion"):
        _run(_client(server))


def test_parse_answer_tolerates_fences_and_id_spellings():
    drafts = parse_answer('```json\n{"sentences": [{"text": "A b c.", "claims": ["[C1]", 2]},'
                          ' {"text": "  ", "claims": []}, 7]}\n```')
    assert [(d.text, d.claim_ids) for d in drafts] == [("A b c.", ("c1", "c2"))]
    assert parse_answer('Here: {"sentences": [{"text": "X y.", "citations": "c3"}]} ok')[0] \
        .claim_ids == ("c3",)
    with pytest.raises(LLMError):
        parse_answer('{"answer": 3}')


def test_prompt_demands_ids_and_budget():
    system, user = prompt(CLAIMS, 55)
    assert "cite the ids" in system["content"] and "At most 55 words" in system["content"]
    assert user["content"].splitlines()[1].startswith("c1 [2 reports]")


def _story_index():
    texts = {"a": [BRIDGE_A, MAYOR], "b": [BRIDGE_B, SCHOOLS]}
    sents = [Sentence(a, i, t, 0, len(t)) for a, ts in texts.items() for i, t in enumerate(ts)]
    index = build_support(sents, EMB.encode([s.text for s in sents]))
    arts = {a: Article(a, " ".join(ts), " ".join(ts), title=f"Council votes on bridge {a}")
            for a, ts in texts.items()}
    return Story("s", "t", (Event("e", "t", None, ("a", "b")),)), arts, index


def test_claims_from_support_group_matched_sentences():
    _, _, index = _story_index()
    claims = claims_from_support(index, np.array([3.0, 1.0, 2.0, 0.0]), lambda ids: len(set(ids)))
    assert claims[0].id == "c1" and claims[0].article_ids == ("a", "b")
    assert {s.sentence_id for s in claims[0].sources} == {"a#0", "b#0"}
    assert len(claims) == 3  # the two bridge sentences are one claim


def test_claims_from_model_skip_conflicts():
    claims = claims_from_model([
        Claim("x", "conflict", ("a",), sources=(ClaimSource("a", "a#0", "x"),)),
        Claim("y", "agreed", ("a", "b"), sources=(ClaimSource("a", "a#1", "y"),))],
        lambda ids: len(set(ids)))
    assert [(c.id, c.text) for c in claims] == [("c1", "y")]


def test_story_falls_back_to_extractive_with_the_reason(server):
    story, arts, index = _story_index()
    server.replies.append(Reply(content="not json"))
    done = summarise_story(story, arts, index, words=60, embedder=EMB, llm=_client(server))
    assert done.method["method"] == "extractive"
    assert "not the JSON asked for" in done.method["fallback"]
    assert done.summary and all(s.citations for s in done.summary)


def test_story_uses_verified_llm_summary(server):
    story, arts, index = _story_index()
    server.replies.append(Reply(content=_answer(
        ("The city council voted on Monday to rebuild the old river bridge.", ["c1"]),
        ("The bridge will cost 80 million dollars.", ["c1"]))))
    done = summarise_story(story, arts, index, words=60, embedder=EMB, llm=_client(server))
    assert done.method["method"] == "llm" and done.method["fallback"] is None
    assert [s.text for s in done.summary] == [
        "The city council voted on Monday to rebuild the old river bridge."]
    assert done.summary[0].citations == ("a", "b")
    assert "numbers not in the sources: 80" in done.method["rejected"][0]["problems"]
