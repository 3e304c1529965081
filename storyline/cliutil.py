"""Output helpers shared by the command-line shells (``storyline/cli.py`` and
``storyline/live/cli.py``): messages to stderr, results to stdout or a file."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from storyline.errors import StorylineError


def note(message: str) -> None:
    """A message for the person at the terminal (stderr, so stdout stays data)."""
    typer.echo(message, err=True)


def write_output(text: str, output: Path | None) -> None:
    """``text`` to stdout, or to ``output`` with a note; an unwritable file is a
    one-line user error."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StorylineError(f"cannot write {output}: {exc.strerror or exc}") from exc
    note(f"wrote {output}")
