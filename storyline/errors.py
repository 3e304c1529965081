"""Errors a user can act on. The CLI prints their message on one line, exit 1."""

from __future__ import annotations


class StorylineError(Exception):
    """A user-facing error: the message says what went wrong and how to fix it."""


class MissingExtra(StorylineError, ImportError):
    """An optional dependency is not installed; the message has the exact fix."""

    def __init__(self, what: str, requirement: str) -> None:
        super().__init__(f"{what} is not installed: pip install '{requirement}'")
        self.requirement = requirement


def require(module: str, what: str, requirement: str):  # type: ignore[no-untyped-def]
    """Import an optional module, or fail with the ``pip install`` that fixes it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(what, requirement) from exc
