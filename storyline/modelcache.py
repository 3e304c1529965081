"""A local, derived copy of model weights that loads without decompressing.

The default embedder's package ships its 65 MB embedding table as 17 zlib-compressed
blocks (``weights.npz``); rebuilding the table costs about 0.85 s of CPU on every
start, most of a cold ``storyline brief``. The first load writes the decoded arrays
to a cache directory as plain ``.npy`` files; later processes memory-map them
(``np.load(mmap_mode="r")``), which costs about a millisecond, and the operating
system pages in only the rows a batch touches.

The cache holds nothing that is not derived from an installed package (nothing is
downloaded), is keyed by the source file's name, size and modification time plus
the package version (a new wheel writes a new entry), is written to a temporary
directory and renamed into place (a crash never leaves half an entry), and is
optional: when the directory cannot be written, models load as before.

Where: ``$STORYLINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/storyline``, else
``~/.cache/storyline``. ``STORYLINE_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

CACHE_ENV = "STORYLINE_CACHE_DIR"
_FORMAT = 1


def cache_root() -> Path | None:
    """The cache directory (not created here), or None when turned off."""
    env = os.environ.get(CACHE_ENV, "").strip()
    if env.lower() in {"off", "none", "0", "false"}:
        return None
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "storyline"


def entry_key(name: str, source: Path, version: str) -> str:
    """A cache entry name that changes whenever the source file or package does."""
    st = source.stat()
    return f"{name}-{version}-{st.st_size}-{st.st_mtime_ns}-f{_FORMAT}"


def load_arrays(key: str) -> dict[str, Any] | None:
    """The attributes saved under ``key`` (arrays memory-mapped), or None if absent
    or unreadable (a damaged entry is treated as missing and rewritten later)."""
    root = cache_root()
    if root is None:
        return None
    entry = root / key
    try:
        meta = json.loads((entry / "meta.json").read_text("utf-8"))
        out: dict[str, Any] = dict(meta["scalars"])
        for name in meta["arrays"]:
            out[name] = np.load(entry / f"{name}.npy", mmap_mode="r")
        for name, count in meta["lists"].items():
            out[name] = [np.load(entry / f"{name}.{i}.npy", mmap_mode="r")
                         for i in range(count)]
        return out
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_arrays(key: str, attrs: Mapping[str, Any]) -> bool:
    """Write ``attrs`` (arrays, lists of arrays, JSON scalars) under ``key``.

    Returns False, writing nothing, when the cache is off, not writable, or an
    attribute has another type; never raises for those.
    """
    root = cache_root()
    if root is None:
        return False
    arrays, lists, scalars = _split(attrs)
    if arrays is None:
        return False
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=root))
    except OSError:
        return False
    try:
        for name, value in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(value), allow_pickle=False)
        for name, values in lists.items():
            for i, value in enumerate(values):
                np.save(tmp / f"{name}.{i}.npy", np.ascontiguousarray(value),
                        allow_pickle=False)
        meta = {"arrays": sorted(arrays), "lists": {k: len(v) for k, v in lists.items()},
                "scalars": scalars}
        (tmp / "meta.json").write_text(json.dumps(meta), "utf-8")
        os.replace(tmp, root / key)  # fails if another process wrote it first: fine
        return True
    except OSError:
        return False
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)


def _split(attrs: Mapping[str, Any]) -> tuple[dict[str, np.ndarray] | None,
                                               dict[str, list[np.ndarray]],
                                               dict[str, Any]]:
    arrays: dict[str, np.ndarray] = {}
    lists: dict[str, list[np.ndarray]] = {}
    scalars: dict[str, Any] = {}
    for name, value in attrs.items():
        if isinstance(value, np.ndarray):
            arrays[name] = value
        elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
            lists[name] = value
        elif isinstance(value, (bool, int, float, str)) or value is None:
            scalars[name] = value
        else:
            return None, {}, {}
    return arrays, lists, scalars
