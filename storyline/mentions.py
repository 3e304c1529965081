"""Named-entity mentions of each article: the per-article half of entity extraction.

spaCy's NER depends on one article's text only, not on the story it joins, so it
is computed once per article and reused: by every story the article is briefed
in, by each update of a live story, and (through the store, ``article_mentions``)
by later runs. :mod:`storyline.entities` merges these mentions across a story's
articles.

NER is the single most expensive step of a brief (bench/analysis.py: 1.3 s of CPU
for 10 Timeline17 articles, where the whole rest of the analysis takes 0.6 s), and
loading spaCy costs about 1.5 s of CPU, nearly all of it holding the GIL. A thread
cannot overlap that with the embedding model's work, so :class:`NerWorker` runs
spaCy in a **child process**: started first thing in a cold ``storyline brief``,
it loads the model on the second core while the parent reads, cleans, embeds and
clusters, then annotates the articles while the parent embeds their sentences.
The child is a plain subprocess (see :class:`NerWorker` for why) kept for the
life of the process, so later batches find it warm.

When the model is already loaded in this process (tests, a server that has
briefed before), when ``STORYLINE_NER_WORKER=inline``, or when the child cannot
start or fails, mentions are computed in-process instead, with the same result:
the child runs the same function on the same texts.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from storyline.model import Article
from storyline.titles import PERSON_TITLES

LABEL_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place",
               "FAC": "place", "NORP": "group", "EVENT": "event", "LAW": "law"}
KEPT_LABELS = frozenset(LABEL_TYPES) | {"PRODUCT", "WORK_OF_ART"}
WORKER_ENV = "STORYLINE_NER_WORKER"
# identifies what produced stored mentions: a new model or new rules invalidate them
MODEL_TAG = "en_core_web_sm-3.8.0/ner+titles-1+given-names-1"

Span = tuple[int, int, str, str]  # start, end, text, label


@dataclass(frozen=True)
class Mention:
    """One NER span in an article's cleaned text (offsets into ``Article.text``)."""

    article_id: str
    start: int
    end: int
    text: str
    label: str


def text_key(text: str) -> str:
    """What stored mentions are valid for: the exact text they were found in."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def ner_spans(texts: Sequence[str]) -> list[list[Span]]:
    """Kept NER spans of each text, from one batched spaCy pass (plain tuples, so
    that they cross a process boundary cheaply)."""
    from storyline.given_names import given_name_start
    from storyline.nlp import annotate

    def span(doc, ent) -> Span:  # type: ignore[no-untyped-def]
        start = given_name_start(doc, ent)  # "Ane" of "Ane Lone Bagger", cut off by NER
        if start is not None:
            ent = doc[start:ent.end]
            return ent.start_char, ent.end_char, ent.text, "PERSON"
        return ent.start_char, ent.end_char, ent.text, _label_with_title(doc, ent)

    return [[span(doc, e) for e in doc.ents if e.label_ in KEPT_LABELS]
            for doc in annotate(list(texts))]


def _label_with_title(doc, ent) -> str:  # type: ignore[no-untyped-def]
    """PERSON when a personal title stands right before the name ("President Trump").

    The small model often tags a bare surname ORG ("Trump", "Lavrov"); the title
    in front of it is the stronger evidence.
    """
    if ent.label_ == "PERSON" or len(ent) > 3 or not ent.text[:1].isupper():
        return ent.label_
    before = doc[ent.start - 1].text.lower().rstrip(".") if ent.start else ""
    first = ent[0].text.lower().rstrip(".")
    if before in PERSON_TITLES or (len(ent) > 1 and first in PERSON_TITLES):
        return "PERSON"
    return ent.label_


def _as_mentions(articles: Sequence[Article], spans: Sequence[Sequence[Span]]
                 ) -> dict[str, list[Mention]]:
    return {a.id: [Mention(a.id, *s) for s in ss] for a, ss in zip(articles, spans, strict=True)}


def find_mentions(articles: Sequence[Article],
                  known: Mapping[str, Sequence[Mention]] | None = None
                  ) -> dict[str, list[Mention]]:
    """NER mentions of every article, by article id; those in ``known`` are reused
    and only the others go through spaCy (in this process)."""
    known = known or {}
    todo = [a for a in articles if a.id not in known]
    found = _as_mentions(todo, ner_spans([a.text for a in todo])) if todo else {}
    return {a.id: list(known[a.id]) if a.id in known else found[a.id] for a in articles}


# ---------------------------------------------------------------------------
# the child process

class MentionCache(Protocol):
    """Where articles' mentions are kept between runs (storyline.store.Store)."""

    def load_mentions(self, articles: Sequence[Article]) -> dict[str, list[Mention]]: ...

    def save_mentions(self, articles: Sequence[Article],
                      found: Mapping[str, Sequence[Mention]]) -> None: ...


class MentionJob:
    """Mentions being computed for a batch of articles; :meth:`result` waits.

    ``known`` are mentions already at hand (from a :class:`MentionCache`); the job
    computes the others, and saves them to ``cache`` when they arrive.
    """

    def __init__(self, articles: Sequence[Article], future: Future[Any] | None,
                 worker: NerWorker | None = None,
                 known: Mapping[str, list[Mention]] | None = None,
                 cache: MentionCache | None = None) -> None:
        self.articles = list(articles)  # the ones computed, not the known ones
        self._future, self._worker = future, worker
        self._known, self._cache = dict(known or {}), cache
        self._all: dict[str, list[Mention]] | None = None

    def result(self) -> dict[str, list[Mention]]:
        """Known and computed mentions by article id (computed once; in-process if
        the child failed), the computed ones saved to the cache."""
        if self._all is None:
            found = self._compute()
            if self._cache is not None and found:
                self._cache.save_mentions(self.articles, found)
            self._all = {**self._known, **found}
        return self._all

    def _compute(self) -> dict[str, list[Mention]]:
        if self._future is not None:
            chars = sum(len(a.text) for a in self.articles)
            try:  # ~8x slack over spaCy's speed here, plus its load: a hung child is dropped
                return _as_mentions(self.articles,
                                    self._future.result(timeout=120 + chars / 5_000))
            except Exception:  # a broken, failed or hung child: same function, here
                if self._worker is not None:
                    self._worker.discard()
        return find_mentions(self.articles)


class NerWorker:
    """One spaCy child process, started on demand and kept warm (module docstring).

    A plain ``python -m storyline.mentions`` subprocess speaking pickle over its
    stdin and stdout, not ``multiprocessing``: a spawned multiprocessing child runs
    the parent's main script again, which would re-run any user's unguarded script
    that calls the library. The child exits when its stdin closes (this process
    ended, or :meth:`discard`).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards _proc
        self._io = threading.Lock()  # one request on the pipe at a time
        self._proc: subprocess.Popen[bytes] | None = None
        self._failed = False

    def _inline(self) -> bool:
        from storyline.nlp import is_loaded

        mode = os.environ.get(WORKER_ENV, "").strip().lower()
        return self._failed or mode in {"inline", "off", "0", "no"} or is_loaded()

    def start(self) -> bool:
        """Start the child and its model load (idempotent). False: mentions will be
        computed in this process, and its model starts loading on a thread."""
        if self._inline():
            from storyline.nlp import preload

            preload()
            return False
        with self._lock:
            if self._proc is None:
                try:
                    self._proc = _spawn_child()
                except OSError:  # no processes here (sandbox, limits): inline
                    self._failed = True
                    return False
        return True

    def submit(self, articles: Sequence[Article],
               cache: MentionCache | None = None) -> MentionJob:
        """Mentions of ``articles``, computed in the child while the caller goes on;
        those ``cache`` holds are read from it, and the rest saved to it."""
        known = cache.load_mentions(articles) if cache is not None else {}
        todo = [a for a in articles if a.id not in known]
        if not todo or not self.start():
            return MentionJob(todo, None, self, known, cache)
        future: Future[Any] = Future()
        threading.Thread(target=self._ask, args=([a.text for a in todo], future),
                         daemon=True, name="storyline-ner-client").start()
        return MentionJob(todo, future, self, known, cache)

    def _ask(self, texts: list[str], future: Future[Any]) -> None:
        try:
            with self._io:
                proc = self._proc
                if proc is None or proc.stdin is None or proc.stdout is None:
                    raise RuntimeError("the NER child is gone")
                pickle.dump(texts, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                proc.stdin.flush()
                status, payload = pickle.load(proc.stdout)
            if status != "ok":
                raise RuntimeError(payload)
            future.set_result(payload)
        except BaseException as exc:  # handed to the waiting caller
            future.set_exception(exc)

    def discard(self) -> None:
        """Give up on the child (after a failure): later batches run in-process."""
        with self._lock:
            proc, self._proc, self._failed = self._proc, None, True
        if proc is not None:
            with contextlib.suppress(Exception):
                proc.kill()


def _spawn_child() -> subprocess.Popen[bytes]:
    root = str(Path(__file__).resolve().parents[1])  # importable even when not installed
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return subprocess.Popen([sys.executable, "-m", "storyline.mentions"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)


def _serve() -> None:
    """The child's loop: load the model, then answer pickled lists of texts with
    ``("ok", spans)`` or ``("error", message)`` until stdin closes."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a library's print must not corrupt the answers
    from storyline.nlp import get_nlp

    with contextlib.suppress(Exception):  # reported with each request: the parent runs inline
        get_nlp()
    stdin = sys.stdin.buffer
    while True:
        try:
            texts = pickle.load(stdin)
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", ner_spans(texts))
        except Exception as exc:
            answer = ("error", f"{type(exc).__name__}: {exc}")
        pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


_WORKER = NerWorker()


def start_worker() -> bool:
    """Start the shared NER child now, so that it loads while other work runs."""
    return _WORKER.start()


def submit(articles: Sequence[Article], cache: MentionCache | None = None) -> MentionJob:
    """Mentions of ``articles`` from ``cache`` and the shared NER child (or in-process)."""
    return _WORKER.submit(articles, cache)


if __name__ == "__main__":
    _serve()
