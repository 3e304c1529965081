"""The live-mode commands (``storyline feeds ...``, ``storyline watch``,
``storyline changes``): a thin shell over :mod:`storyline.live`, registered on the
main Typer app by :func:`register` so ``storyline/cli.py`` only gains one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from storyline.cliutil import note as _note
from storyline.cliutil import write_output
from storyline.errors import StorylineError

feeds_app = typer.Typer(help="The feeds a database follows (for `storyline watch`).",
                        no_args_is_help=True)


DbOpt = Annotated[Path, typer.Option("--db", envvar="STORYLINE_DB",
                                     help="SQLite database file.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
DEFAULT_DB = Path("storyline.db")


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(x) for x in col) for col in zip(header, *rows, strict=True)]
    for row in [header, *rows]:
        sys.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
                         .rstrip() + "\n")


def _short(value: str | None, width: int) -> str:
    text = value or "-"
    return text if len(text) <= width else text[:width - 1] + "…"


def _report_added(result: Any, problem_prefix: str) -> None:
    for problem in result.problems:
        _note(f"{problem_prefix}{problem}")
    _note(f"{len(result.added)} feed(s) added, {len(result.existing)} already followed")


@feeds_app.command("add")
def feeds_add(urls: Annotated[list[str], typer.Argument(help="Feed URLs (http or https).")],
              db: DbOpt = DEFAULT_DB) -> None:
    """Follow feeds (already followed ones are left alone)."""
    from storyline.live.feedlist import add_feeds
    from storyline.store import Store

    with Store(db) as store:
        result = add_feeds(store, urls)
    _report_added(result, "skipped: ")
    if result.problems and not result.added and not result.existing:
        raise StorylineError("no feed added")


@feeds_app.command("remove")
def feeds_remove(urls: Annotated[list[str], typer.Argument(help="Feed URLs.")],
                 db: DbOpt = DEFAULT_DB) -> None:
    """Stop following feeds (their articles and stories stay)."""
    from storyline.live.feedlist import remove_feeds
    from storyline.store import Store

    with Store(db, create=False) as store:
        _note(f"{remove_feeds(store, urls)} feed(s) removed")


@feeds_app.command("import")
def feeds_import(file: Annotated[Path, typer.Argument(help="An OPML file.")],
                 db: DbOpt = DEFAULT_DB) -> None:
    """Follow every feed of an OPML subscription list."""
    from storyline.live.feedlist import import_opml
    from storyline.store import Store

    with Store(db) as store:
        result = import_opml(store, file)
    _report_added(result, f"note: {file}: ")
    if not result.added and not result.existing:
        raise StorylineError(f"no feeds found in {file}")


@feeds_app.command("export")
def feeds_export(db: DbOpt = DEFAULT_DB,
                 output: Annotated[Path | None, typer.Option("--output", "-o")] = None
                 ) -> None:
    """Print the followed feeds as OPML (or write them to --output)."""
    from storyline.live.feedlist import export_opml
    from storyline.store import Store

    with Store(db, create=False) as store:
        write_output(export_opml(store), output)


@feeds_app.command("list")
def feeds_list(db: DbOpt = DEFAULT_DB, as_json: JsonOpt = False) -> None:
    """The followed feeds and their state: checked, succeeded, failures, next poll."""
    from storyline.live.feedlist import feed_status
    from storyline.store import Store

    with Store(db, create=False) as store:
        rows = feed_status(store)
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    if not rows:
        _note(f"no feeds in {db} (add some with `storyline feeds add URL --db {db}`)")
        return
    _print_table(
        ["feed", "last checked", "last success", "fails", "next due", "cache", "articles",
         "last error"],
        [[_short(r["url"], 50), _short(r["last_checked"], 25), _short(r["last_success"], 25),
          str(r["failures"]), _short(r["next_due"], 25),
          "+".join(k for k, v in (("etag", r["etag"]), ("lm", r["last_modified"])) if v)
          or "-", str(r["articles_found"]),
          _short(f"{r['last_error_kind']}: {r['last_error']}" if r["last_error"] else None,
                 60)] for r in rows])


@feeds_app.command("log")
def feeds_log(url: Annotated[str | None, typer.Argument(help="One feed (default: all).")
                             ] = None,
              db: DbOpt = DEFAULT_DB, limit: Annotated[int, typer.Option(min=1)] = 30,
              as_json: JsonOpt = False) -> None:
    """The latest polls, failures and unreadable article pages, newest first."""
    from storyline.live.feedlist import feed_log, normalize_url
    from storyline.store import Store

    with Store(db, create=False) as store:
        rows = feed_log(store, normalize_url(url) if url else None, limit)
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    _print_table(["at", "feed", "outcome", "new", "reason"],
                 [[r["at"], _short(r["feed_url"], 45), r["outcome"], str(r["new_articles"]),
                   _short(f"{r['kind']}: {r['reason']}" + (f" ({r['url']})" if r["url"] else "")
                          if r["reason"] else None, 90)] for r in rows])


def watch(db: DbOpt = DEFAULT_DB,
          interval: Annotated[str, typer.Option(help="Time between polls of a feed "
                                                     "(15m, 1h, 90s).")] = "15m",
          once: Annotated[bool, typer.Option("--once", help="One round, then exit.")] = False,
          force: Annotated[bool, typer.Option("--force", help="Poll every feed in the "
                                              "first round, due or not.")] = False,
          allow_private: Annotated[bool, typer.Option(
              "--allow-private", help="Allow loopback and private addresses (tests, "
                                      "intranets). Metadata services stay refused.")] = False,
          allow_host: Annotated[list[str] | None, typer.Option(
              "--allow-host", help="HOST:PORT exempt from the address check (repeatable).")
          ] = None,
          host_delay: Annotated[float, typer.Option(min=0, help="Seconds between requests "
                                                    "to one host.")] = 1.0,
          words: Annotated[int, typer.Option(min=1, max=2000)] = 120) -> None:
    """Poll due feeds, store new articles, update their stories; repeat until Ctrl-C."""
    from storyline.cli import _progress
    from storyline.fetch import FetchPolicy
    from storyline.live.watch import make_fetcher, parse_interval
    from storyline.live.watch import watch as run_watch
    from storyline.store import Store

    seconds = parse_interval(interval)
    policy = FetchPolicy(allow_private=allow_private, allow_hosts=frozenset(allow_host or ()))

    def report(r: Any) -> None:
        changed = len(r.update.changes)
        _note(f"{len(r.polls)} feed(s) polled in {r.seconds:.1f} s: {r.new} new article(s), "
              f"{r.not_modified} not modified, {len(r.failed)} failed; "
              f"{changed} stor{'y' if changed == 1 else 'ies'} updated")
        for p in r.failed[:10]:
            _note(f"  failed: {p.url}: {p.error.kind}: {p.error.reason}")

    with Store(db) as store, make_fetcher(policy, host_delay=host_delay) as fetcher, \
            _progress() as progress:
        store.db.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across kills
        if not store.db.execute("SELECT 1 FROM feeds LIMIT 1").fetchone():
            raise StorylineError(f"{db} follows no feeds (add some with "
                                 f"`storyline feeds add URL --db {db}`)")
        run_watch(store, fetcher, interval=seconds, once=once, force=force, words=words,
                  progress=progress, on_round=report)


def changes(story_id: Annotated[str | None, typer.Argument(help="A story id (default: "
                                                                 "all stories).")] = None,
            db: DbOpt = DEFAULT_DB, limit: Annotated[int, typer.Option(min=1)] = 20,
            as_json: JsonOpt = False) -> None:
    """What each live update changed in the stories: new articles, new events."""
    from storyline.live.update import change_log
    from storyline.store import Store

    with Store(db, create=False) as store:
        if story_id:
            story_id = store.story(story_id)["id"]
        rows = change_log(store, story_id, limit)
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    for r in rows:
        sys.stdout.write(f"{r['at']}  {r['story_id']}  {r['kind']}: "
                         f"{_short(r['story_title'], 70)}\n")
        for e in r["events"]:
            sys.stdout.write(f"    new event {e['date'] or '?'}: {_short(e['title'], 80)}\n")
        for a in r["articles"]:
            sys.stdout.write(f"    + {a['source'] or '?'}: {_short(a['title'], 80)}\n")
    if not rows:
        _note("no changes recorded yet (they come from `storyline watch`)")


def register(app: typer.Typer) -> None:
    """Add the live-mode commands to the main app."""
    app.add_typer(feeds_app, name="feeds")
    app.command("watch")(watch)
    app.command("changes")(changes)
