"""Routes: each page and its JSON twin under ``/api/v1`` make the same ``catalog`` call.

Pages are rendered on the server with Jinja2 (autoescaped) and use no JavaScript:
citations open with ``<details>``, filters are plain GET forms. Every response carries
a Content-Security-Policy that forbids scripts and any asset from elsewhere, as a
second guard behind the escaping. Errors have one JSON shape under ``/api/``
(``{"error": {"code", "message"}}``) and an HTML page elsewhere; a bad parameter is
a 4xx answer, never a 500.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import sqlite3
import threading
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from storyline import __version__, catalog, search, story_pages
from storyline.errors import StorylineError
from storyline.feeds import stories_feed, story_feed
from storyline.live.feedlist import feeds_view
from storyline.live.update import change_log
from storyline.ratings import import_ratings, parse_ratings
from storyline.store import Store
from storyline.web.views import page_template

log = logging.getLogger("storyline.web")

MAX_LIMIT = 100
MAX_OFFSET = 100_000
MAX_UPLOAD = 5_000_000
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
     b"base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
               422: "invalid_parameter", 500: "internal_error"}

# Error answers the routes can give, for the OpenAPI document and /docs (the body is
# always {"error": {"code", "message"}}); FastAPI only lists 200 and 422 by itself.
_ERR = {"description": 'error: {"error": {"code", "message"}}'}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _ERR}
BAD_VALUE: dict[int | str, dict[str, Any]] = {400: _ERR}

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1-100).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
SearchQ = Annotated[str, Query(min_length=1, max_length=200,
                               description="Words to search for in titles, summaries and "
                                           "article text (all must match).")]
OptQ = Annotated[str | None, Query(max_length=200, description="Keep stories matching "
                                   "these words (title, summary or article text).")]
Outlet = Annotated[str | None, Query(max_length=200, description="Keep stories with an "
                                     "article from this outlet.")]
DayFrom = Annotated[str | None, Query(alias="from", max_length=40, description="Keep stories "
                                      "that run on or after this day (YYYY-MM-DD).")]
DayTo = Annotated[str | None, Query(alias="to", max_length=40, description="Keep stories that "
                                    "run on or before this day (YYYY-MM-DD).")]
Since = Annotated[str | None, Query(max_length=40, description="Show what was added after "
                                    "this ISO date or time (UTC unless a zone is given).")]
StoryId = Annotated[str, PathParam(max_length=200, description="A story id.")]
MaxItems = Annotated[int | None, Query(ge=0, le=MAX_LIMIT, description="Cut each list of "
                                       "the brief to its first N items (0-100); "
                                       "`sections` says how many each holds in all.")]
Section = Annotated[Literal[story_pages.SECTIONS],  # type: ignore[valid-type]
                    PathParam(description="A list of the brief.")]
ClaimStatus = Annotated[Literal[story_pages.CLAIM_STATUSES] | None,  # type: ignore[valid-type]
                        Query(description="Keep only claims of this status.")]
ArticleId = Annotated[str, PathParam(max_length=500, description="An article id.")]


class Stores:
    """One Store (SQLite connection) per server thread: connections are not shareable."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.local = threading.local()
        Store(path, create=False).close()  # fail at start, with the fix, if it is missing

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = Store(self.path, create=False)
        return store


class SecurityHeaders:
    """Plain ASGI middleware adding the security headers to every HTTP response.

    It also answers HEAD as GET without the body (RFC 9110 asks servers to): FastAPI
    routes declare GET only, so link checkers and feed readers probing with HEAD got a
    405; Starlette's own routes do this, FastAPI's do not.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            elif head and message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, with_headers)


def _json(data: Any) -> Response:
    """The catalog's plain dicts as JSON, skipping FastAPI's per-field re-encoding
    (``jsonable_encoder``), which cost ten times the ``json.dumps`` on a story."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, media_type="application/json")


def _atom(request: Request, body: bytes) -> Response:
    """A feed with an ETag, answered 304 when the reader already has it: feed readers
    poll every few minutes and the feed changes only with an ingest."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag in {t.strip() for t in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/atom+xml; charset=utf-8", headers=headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str, code: str | None = None,
           headers: dict[str, str] | None = None) -> Response:
    code = code or ERROR_CODES.get(status, "error")
    if _is_api(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                            headers=headers)
    html = page_template("error.html.j2").render(status=status, message=message, code=code,
                                                 request=request)
    return HTMLResponse(html, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _pages(request: Request, page: dict[str, Any]) -> dict[str, str | None]:
    """Links to the previous and next page, keeping the other query parameters."""
    params = dict(request.query_params)

    def link(offset: int) -> str:
        return "?" + urlencode({**params, "offset": str(offset), "limit": str(page["limit"])})

    # past the end, "previous" leads to the last page that has items
    last = max((page.get("total", 0) - 1) // page["limit"] * page["limit"], 0)
    prev_offset = max(min(page["offset"] - page["limit"], last), 0)
    return {"prev": link(prev_offset) if page["offset"] > 0 else None,
            "next": link(page["offset"] + page["limit"]) if page["has_more"] else None}


def _links(request: Request, page: dict[str, Any]) -> dict[str, str | None]:
    """Absolute ``next`` and ``prev`` URLs of a list page (None at either end)."""
    rel = _pages(request, page)
    url = str(request.url.replace(query=""))
    return {k: url + v if v else None for k, v in rel.items()}


def _sections(request: Request, story_id: str, totals: dict[str, int],
              brief: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each list of the brief: its total, how many this answer holds, and where to page
    through it."""
    base = str(request.base_url).rstrip("/") + "/api/v1/stories/" + quote(story_id, safe="")
    return {name: {"total": total, "returned": len(brief.get(name) or []),
                   "href": f"{base}/{name}"} for name, total in totals.items()}


def build_app(db: Path, *, token: str | None = None) -> FastAPI:
    stores = Stores(db)
    app = FastAPI(title="storyline", version=__version__, docs_url=None, redoc_url=None,
                  description="Stories built from many outlets: cited summaries, agreement "
                              "maps, sources and their audit. Every page has a JSON twin "
                              "under /api/v1. Errors: {\"error\": {\"code\", \"message\"}}.")
    app.add_middleware(SecurityHeaders)
    static = resources.files("storyline.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    def html(name: str, request: Request, **context: Any) -> HTMLResponse:
        return HTMLResponse(page_template(name).render(request=request, **context))

    def base(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    # --- errors ------------------------------------------------------------------

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(exc))

    @app.exception_handler(catalog.BadQuery)
    async def bad_query(request: Request, exc: catalog.BadQuery) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(StorylineError)
    async def user_error(request: Request, exc: StorylineError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(sqlite3.OperationalError)
    async def busy(request: Request, exc: sqlite3.OperationalError) -> Response:
        # e.g. "database is locked" while an ingest holds the write lock too long
        log.warning("database error on %s: %s", request.url.path, exc)
        return _error(request, 503, f"the database is busy ({exc}); try again",
                      code="unavailable", headers={"Retry-After": "2"})

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return _error(request, 500, "internal error (see the server log)")

    def not_found(what: str, key: str) -> HTTPException:
        return HTTPException(404, f"no {what} {key!r}")

    # --- health, docs, feeds -----------------------------------------------------------

    @app.get("/healthz", tags=["meta"], summary="Liveness (the benchmark's baseline)")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        return html("docs.html.j2", request, spec=app.openapi())

    @app.get("/feed.atom", tags=["feeds"], summary="Atom feed of new and updated stories",
             response_class=Response)
    def feed(request: Request) -> Response:
        rows = catalog.recent_stories(stores.get())
        return _atom(request, stories_feed(rows, base(request)))

    @app.get("/stories/{story_id}/feed.atom", tags=["feeds"], response_class=Response,
             responses=NOT_FOUND,
             summary="Atom feed of one story's updates (articles and claims added)")
    def story_feed_atom(request: Request, story_id: StoryId) -> Response:
        store = stores.get()
        row = catalog.story_summary_row(store, story_id)
        if row is None:
            raise not_found("story", story_id)
        return _atom(request, story_feed(row, catalog.story_updates(store, story_id),
                                         base(request)))

    # --- stories -----------------------------------------------------------------

    def stories_data(q: str | None, outlet: str | None, date_from: str | None,
                     date_to: str | None, limit: int, offset: int) -> dict[str, Any]:
        return catalog.list_stories(stores.get(), q=q, outlet=outlet, date_from=date_from,
                                    date_to=date_to, limit=limit, offset=offset)

    @app.get("/api/v1/stories", tags=["api"], summary="Stories, newest first",
             responses=BAD_VALUE)
    def api_stories(q: OptQ = None, outlet: Outlet = None, date_from: DayFrom = None,
                    date_to: DayTo = None, limit: Limit = 20, offset: Offset = 0
                    ) -> Response:
        return _json(stories_data(q, outlet, date_from, date_to, limit, offset))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_stories(request: Request, q: OptQ = None, outlet: Outlet = None,
                     date_from: DayFrom = None, date_to: DayTo = None, limit: Limit = 20,
                     offset: Offset = 0) -> HTMLResponse:
        page = stories_data(q, outlet, date_from, date_to, limit, offset)
        filters = {"q": q or "", "outlet": outlet or "", "from": date_from or "",
                   "to": date_to or ""}
        return html("stories.html.j2", request, page=page, pages=_pages(request, page),
                    outlets=catalog.outlet_names(stores.get()), filters=filters,
                    filters_query=urlencode({k: v for k, v in filters.items() if v}))

    def story_data(story_id: str, since: str | None, max_items: int | None = None
                   ) -> dict[str, Any]:
        store = stores.get()
        view = catalog.story_view(store, story_id, max_items)
        if view is None:
            raise not_found("story", story_id)
        view["changes"] = catalog.story_changes(store, story_id, since) if since else None
        view["change_log"] = change_log(store, story_id, 20)  # live updates (docs/live.md)
        return view

    @app.get("/api/v1/stories/{story_id}", tags=["api"], responses={**NOT_FOUND, **BAD_VALUE},
             summary="One story: its brief, coverage by outlet and history",
             description="The whole brief by default. `max_items=N` cuts each list of the "
                         "brief (articles, claims, quotes, ...) to its first N items; "
                         "`sections` gives each list's total and the URL that pages "
                         "through it (`/api/v1/stories/ID/SECTION`).")
    def api_story(request: Request, story_id: StoryId, since: Since = None,
                  max_items: MaxItems = None) -> Response:
        view = story_data(story_id, since, max_items)
        view["sections"] = _sections(request, story_id, view.pop("totals", None)
                                     or story_pages.section_totals(view["story"]),
                                     view["story"])
        return _json(view)

    @app.get("/api/v1/stories/{story_id}/changes", tags=["api"],
             responses={**NOT_FOUND, **BAD_VALUE},
             summary="Articles and claims added to a story since a time")
    def api_story_changes(story_id: StoryId,
                          since: Annotated[str, Query(max_length=40)]) -> Response:
        changes = catalog.story_changes(stores.get(), story_id, since)
        if changes is None:
            raise not_found("story", story_id)
        return _json(changes)

    @app.get("/api/v1/stories/{story_id}/{section}", tags=["api"],
             responses={**NOT_FOUND, **BAD_VALUE},
             summary="One list of a story's brief, a page at a time",
             description="The items of one list of the brief (`articles`, `claims`, "
                         "`quotes`, ...) in the brief's order, as a list page with "
                         "`next` and `prev` links. `status` keeps claims of one status.")
    def api_story_section(request: Request, story_id: StoryId, section: Section,
                          limit: Limit = 50, offset: Offset = 0,
                          status: ClaimStatus = None) -> Response:
        if status is not None and section != "claims":
            raise HTTPException(400, "status filters claims only")
        page = story_pages.section_page(stores.get(), story_id, section, limit=limit,
                                        offset=offset, status=status)
        if page is None:
            raise not_found("story", story_id)
        return _json({**page, **_links(request, page)})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(request: Request, story_id: StoryId, since: Since = None) -> HTMLResponse:
        return html("story.html.j2", request, view=story_data(story_id, since), since=since)

    # --- articles ----------------------------------------------------------------

    def article_data(article_id: str) -> dict[str, Any]:
        view = catalog.article_view(stores.get(), article_id)
        if view is None:
            raise not_found("article", article_id)
        return view

    @app.get("/api/v1/articles/{article_id:path}", tags=["api"], responses=NOT_FOUND,
             summary="One article: metadata with evidence, text and cleaning audit")
    def api_article(article_id: ArticleId) -> Response:
        return _json(article_data(article_id))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse,
             include_in_schema=False)
    def page_article(request: Request, article_id: ArticleId) -> HTMLResponse:
        return html("article.html.j2", request, view=article_data(article_id))

    # --- outlets and ratings ---------------------------------------------------------

    @app.get("/api/v1/outlets", tags=["api"],
             summary="Outlets: stories covered, reprint share, user-supplied ratings")
    def api_outlets(limit: Limit = 50, offset: Offset = 0) -> Response:
        return _json(catalog.outlets(stores.get(), limit=limit, offset=offset))

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def page_outlets(request: Request, limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        page = catalog.outlets(stores.get(), limit=limit, offset=offset)
        return html("outlets.html.j2", request, page=page, pages=_pages(request, page))

    # --- feeds followed by `storyline watch` (docs/live.md) ---------------------------

    @app.get("/api/v1/feeds", tags=["api"],
             summary="Followed feeds: last checked, last success, failures, next poll")
    def api_feeds() -> Response:
        return _json(feeds_view(stores.get()))

    @app.get("/feeds", response_class=HTMLResponse, include_in_schema=False)
    def page_feeds(request: Request) -> HTMLResponse:
        return html("feeds.html.j2", request, view=feeds_view(stores.get()))

    @app.post("/api/v1/ratings", tags=["api"],
              responses={code: _ERR for code in (400, 401, 403, 413)},
              summary="Replace the outlet ratings with a CSV (needs the API token)",
              description="Body: CSV text with an `outlet` column and any others. Send "
                          "`Authorization: Bearer TOKEN` (the token `storyline serve` was "
                          "started with); without one configured, writes are disabled.")
    async def api_ratings(request: Request) -> dict[str, Any]:
        if not token:
            raise HTTPException(403, "writes are disabled: start the server with --token-file "
                                     "or STORYLINE_API_TOKEN to enable them")
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(),
                                                                 token.encode()):
            raise HTTPException(401, "a valid 'Authorization: Bearer TOKEN' header is needed",
                                headers={"WWW-Authenticate": "Bearer"})
        body = await request.body()
        if len(body) > MAX_UPLOAD:
            raise HTTPException(413, f"ratings larger than {MAX_UPLOAD:,} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, "ratings must be UTF-8 CSV text") from None
        table = parse_ratings(text, "request body")
        count = import_ratings(stores.get(), table, "api")
        return {"imported": count, "columns": table.columns, "warnings": table.warnings}

    # --- search ------------------------------------------------------------------

    @app.get("/api/v1/search", tags=["api"], responses=BAD_VALUE,
             summary="Full-text search over titles, summaries and article text")
    def api_search(q: SearchQ, limit: Limit = 20, offset: Offset = 0) -> Response:
        return _json(search.search(stores.get(), q, limit=limit, offset=offset))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def page_search(request: Request,
                    q: Annotated[str | None, Query(max_length=200)] = None,
                    limit: Limit = 20, offset: Offset = 0) -> HTMLResponse:
        try:
            result = search.search(stores.get(), q, limit=limit, offset=offset) if q else None
        except catalog.BadQuery as exc:  # typed into the search box: answer on its page
            body = page_template("search.html.j2").render(request=request, q=q or "",
                                                          result=None, pages={},
                                                          error=str(exc))
            return HTMLResponse(body, status_code=400)
        pages = _pages(request, result["articles"]) if result else {}
        return html("search.html.j2", request, q=q or "", result=result, pages=pages)

    return app
