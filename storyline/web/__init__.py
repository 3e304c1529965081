"""The web app and JSON API (``storyline serve``): a thin shell over ``storyline.catalog``.

FastAPI, uvicorn and Jinja2 are the ``web`` extra, imported only here, so the rest of
storyline installs and runs without them; a missing one raises
:class:`storyline.errors.MissingExtra` with the exact ``pip install``.
"""

from __future__ import annotations

import os
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
          workers: int = 1, log_level: str = "info") -> None:
    """Run the app with uvicorn until interrupted (loopback only unless told otherwise).

    ``workers`` > 1 runs that many processes (one per core: the GIL keeps one process
    on one core); uvicorn then imports the app in each through :func:`app_from_env`.
    """
    uvicorn = require("uvicorn", "the web server (uvicorn)", WEB_EXTRA)
    create_app(db, token=token)  # fail here, with the fix, before any worker starts
    options = dict(host=host, port=port, log_level=log_level, access_log=False,
                   server_header=False)
    if workers > 1:
        os.environ[_DB_ENV] = str(Path(db).resolve())
        if token:
            os.environ[_TOKEN_ENV] = token
        uvicorn.run("storyline.web:app_from_env", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(db, token=token), **options)


_DB_ENV, _TOKEN_ENV = "STORYLINE_WEB_DB", "STORYLINE_API_TOKEN"


def app_from_env() -> Any:
    """The app for a uvicorn worker process, from what :func:`serve` put in the environment."""
    return create_app(os.environ[_DB_ENV], token=os.environ.get(_TOKEN_ENV) or None)
