"""storyline: many outlets, one story.

Reads news articles (text, HTML, JSON/JSONL, RSS/Atom), cleans them with an
audit, groups them into stories and events, and writes a cited brief for each
story. The library is the product; the CLI is a thin shell over
:mod:`storyline.pipeline`.
"""

__version__ = "0.1.0"
