"""Shared fixtures: the bundled example and the research data beside the project."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Derived model files (storyline.modelcache) go to a directory of this test session,
# not the user's ~/.cache; CLI subprocesses inherit it.
os.environ.setdefault("STORYLINE_CACHE_DIR", tempfile.mkdtemp(prefix="storyline-test-cache-"))

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "lavrov-talks"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"research data not found at {path} (clone the project beside ../shared)")
    return path


def hand_labels(name: str) -> dict[tuple[str, str, str], str]:
    """A hand-check file of bench/labels (tab-separated story, kind, subject, verdict,
    then notes; ``#`` comments): the verdict of each (story, kind, subject)."""
    out = {}
    for line in (ROOT / "bench" / "labels" / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            story, kind, subject, verdict = line.split("\t")[:4]
            out[story, kind, subject] = verdict
    return out


@pytest.fixture(scope="session")
def example_run():
    """The whole pipeline on the example, once per session (it loads the model)."""
    from storyline.pipeline import run

    return run([EXAMPLE])


@pytest.fixture(scope="session")
def example_doc(example_run):
    from storyline.brief import brief_to_dict, document

    return document([brief_to_dict(b) for b in example_run.briefs], example_run.problems)
