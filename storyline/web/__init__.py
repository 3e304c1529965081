"""The web app and JSON API (``storyline serve``): a thin shell over ``storyline.catalog``.

FastAPI, uvicorn and Jinja2 are the ``web`` extra, imported only here, so the rest of
storyline installs and runs without them; a missing one raises
:class:`storyline.errors.MissingExtra` with the exact ``pip install``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storyline.errors import require

WEB_EXTRA = "storyline[web]"
LOOPBACK = "127.0.0.1"


def create_app(db: Path | str, *, token: str | None = None) -> Any:
    """The FastAPI application serving ``db``; ``token`` enables the write endpoints."""
    require("fastapi", "the web app (FastAPI)", WEB_EXTRA)
    require("jinja2", "the web app (Jinja2)", WEB_EXTRA)
    from storyline.web.app import build_app

    return build_app(Path(db), token=token)


def serve(db: Path | str, *, host: str = LOOPBACK, port: int = 8000, token: str | None = None,
          log_level: str = "info") -> None:
    """Run the app with uvicorn until interrupted (loopback only unless told otherwise)."""
    uvicorn = require("uvicorn", "the web server (uvicorn)", WEB_EXTRA)
    app = create_app(db, token=token)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False,
                server_header=False)
