"""``python -m storyline`` runs the CLI."""

from storyline.cli import run

run()
