"""The ``storyline`` command line: a thin shell over the library.

Every command maps onto one or two library calls (``storyline.pipeline``,
``storyline.store``); this module only parses options, shows progress on stderr
and prints results on stdout. Errors a user can fix print one line and exit 1.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from storyline import __version__
from storyline.cliutil import note as _note
from storyline.cliutil import write_output as _write
from storyline.errors import StorylineError

app = typer.Typer(
    name="storyline",
    help="Many outlets, one story: cited briefs from news articles.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DEFAULT_DB = "storyline.db"


class BriefFormat(StrEnum):
    markdown = "markdown"
    md = "md"
    json = "json"
    html = "html"


FormatOpt = Annotated[BriefFormat | None, typer.Option(
    "--format", "-f", help="Output format (md is markdown). Default: from the --output "
    "file's suffix (.json, .html/.htm, .md), else markdown.")]


def _brief_format(format: BriefFormat | None, output: Path | None) -> str:
    """The renderer to use: the one asked for, else the one the output file's name says.

    Writing ``-o brief.html`` and getting Markdown in it is a surprise no user wants.
    """
    if format is not None:
        return format.value
    suffix = output.suffix.lower() if output is not None else ""
    return {".json": "json", ".html": "html", ".htm": "html"}.get(suffix, "markdown")


class TableFormat(StrEnum):
    table = "table"
    json = "json"


PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders of articles "
                                                     "(.txt, .html, .json, .jsonl, RSS/Atom).")]
DbOpt = Annotated[Path, typer.Option("--db", envvar="STORYLINE_DB",
                                     help="SQLite database file.")]
WordsOpt = Annotated[int, typer.Option("--words", min=1, max=2000,
                                       help="Word budget of each summary.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Write to this file instead of stdout.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False
         ) -> None:
    """Many outlets, one story: cited briefs from news articles."""


@contextmanager
def _progress() -> Iterator[Any]:
    """A rich progress bar on stderr (shown only on a terminal)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _no_articles(paths: list[Path]) -> StorylineError:
    where = ", ".join(str(p) for p in paths)
    return StorylineError(f"no articles found in {where} (storyline reads .txt, .html, "
                          ".json, .jsonl and RSS/Atom files)")


def _problems_note(problems: list[Any]) -> None:
    skipped = [p for p in problems if p.skipped]
    for p in problems[:20]:
        _note(f"{'skipped' if p.skipped else 'note'}: {p.origin}: {p.reason}")
    if len(problems) > 20:
        _note(f"... and {len(problems) - 20} more")
    if skipped:
        _note(f"{len(skipped)} input(s) skipped")


LlmOpt = Annotated[str | None, typer.Option(
    "--llm", metavar="URL", help="Also ask this OpenAI-compatible endpoint for the summary "
    "(key from $STORYLINE_LLM_API_KEY); every sentence is verified, the extractive summary "
    "is the fallback.")]
LlmModelOpt = Annotated[str | None, typer.Option(
    "--llm-model", help="Model name to request (default $STORYLINE_LLM_MODEL or 'default').")]


@app.command()
def brief(paths: PathsArg,
          format: FormatOpt = None,
          words: WordsOpt = 120, output: OutputOpt = None,
          single_story: Annotated[bool, typer.Option(
              "--single-story", help="Treat all the articles as one story.")] = False,
          llm: LlmOpt = None, llm_model: LlmModelOpt = None,
          llm_timeout: Annotated[float, typer.Option(
              "--llm-timeout", min=1, help="Seconds to wait for each LLM answer.")] = 60.0,
          llm_keep_unsupported: Annotated[bool, typer.Option(
              "--llm-keep-unsupported", help="Keep generated sentences the verifier rejects, "
              "flagged, instead of dropping them.")] = False) -> None:
    """Read articles and print the brief of every story found (no database)."""
    from storyline.mentions import start_worker

    start_worker()  # spaCy loads in a child process while the rest imports and reads
    from storyline.brief import brief_to_dict, document
    from storyline.pipeline import run
    from storyline.render import render

    client = None
    if llm:
        from storyline.llm import ChatClient, LLMConfig

        client = ChatClient(LLMConfig(llm, model=llm_model, timeout=llm_timeout,
                                      keep_unsupported=llm_keep_unsupported))
    with _progress() as progress:
        result = run(paths, words=words, progress=progress, llm=client,
                     single_story=single_story)
    _problems_note(result.problems)
    _llm_note(result.briefs)
    if not result.articles:
        raise _no_articles(paths)
    doc = document([brief_to_dict(b) for b in result.briefs], result.problems)
    _write(render(doc, _brief_format(format, output)), output)


def _llm_note(briefs: list[Any]) -> None:
    """One line per distinct reason the LLM summary was not used."""
    reasons = {b.extra.get("summary_method", {}).get("fallback") for b in briefs}
    for reason in sorted(r for r in reasons if r):
        _note(f"note: LLM summary not used ({reason}); the brief has the extractive summary")


class LineageFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def lineage(paths: PathsArg,
            format: Annotated[LineageFormat, typer.Option("--format", "-f")] = LineageFormat.text,
            output: OutputOpt = None) -> None:
    """Show which articles copy, rewrite or cite the same original, with the evidence."""
    from storyline.brief import dumps, lineage_document
    from storyline.pipeline import lineage as find_lineage
    from storyline.render.lineage import lineage_text

    with _progress() as progress:
        found = find_lineage(paths, progress=progress)
    _problems_note(found.problems)
    if not found.articles:
        raise _no_articles(paths)
    doc = lineage_document(found.result, found.articles, found.problems)
    _write(dumps(doc) if format is LineageFormat.json else lineage_text(doc), output)


@app.command()
def ingest(paths: PathsArg, db: DbOpt = Path(DEFAULT_DB), words: WordsOpt = 120) -> None:
    """Add articles to a database and update its stories (safe to repeat)."""
    from storyline.brief import brief_to_dict
    from storyline.clustering import EventClusterer
    from storyline.ingest import read_paths
    from storyline.mentions import start_worker
    from storyline.pipeline import analyse, prepare
    from storyline.store import Store

    with Store(db) as store, _progress() as progress:
        run_id = store.start_run([str(p) for p in paths])
        ingested = read_paths(paths)
        counts = store.upsert_articles(prepare(ingested.articles, progress))
        if counts.added or counts.updated:  # stored articles have their mentions stored
            start_worker()  # spaCy loads in a child process while the stories are built
        store.finish_run(run_id, ingested.files, counts, ingested.problems)
        _problems_note(ingested.problems)
        if not ingested.articles and not store.article_count():
            raise _no_articles(paths)
        state = store.cluster_state()
        clusterer = EventClusterer.from_state(state) if state else EventClusterer()
        briefs = analyse(store.articles(), words=words, progress=progress,
                         cluster_state=clusterer, mentions=store)
        store.replace_stories([brief_to_dict(b) for b in briefs])
        store.save_cluster_state(clusterer.to_state())
    _note(f"{counts.added} added, {counts.updated} updated, {counts.unchanged} unchanged; "
          f"{len(briefs)} stor{'y' if len(briefs) == 1 else 'ies'} in {db}")


@app.command()
def stories(db: DbOpt = Path(DEFAULT_DB),
            format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table
            ) -> None:
    """List the stories in a database, newest first."""
    from storyline.store import Store

    with Store(db, create=False) as store:
        rows = store.stories()
    if format is TableFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    sys.stdout.write(_table(rows))


def _table(rows: list[dict[str, Any]]) -> str:
    header = ["id", "dates", "articles", "independent", "title"]
    body = []
    for r in rows:
        dates = r["first_date"] or "?"
        if r["last_date"] and r["last_date"] != r["first_date"]:
            dates += f"..{r['last_date']}"
        title = r["title"] if len(r["title"]) <= 70 else r["title"][:69] + "…"
        body.append([r["id"], dates, str(r["article_count"]), str(r["independent_count"]), title])
    widths = [max(len(x) for x in col) for col in zip(header, *body, strict=True)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *body]]
    return "\n".join(lines) + "\n"


@app.command()
def show(story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix).")],
         db: DbOpt = Path(DEFAULT_DB),
         format: FormatOpt = None, output: OutputOpt = None) -> None:
    """Print the brief of one stored story."""
    from storyline.brief import document
    from storyline.render import render
    from storyline.store import Store

    with Store(db, create=False) as store:
        story = store.story(story_id)
    _write(render(document([story]), _brief_format(format, output)), output)


@app.command()
def serve(db: DbOpt = Path(DEFAULT_DB),
          host: Annotated[str, typer.Option(help="Address to listen on (loopback by default; "
                                                 "0.0.0.0 exposes it to the network).")
                          ] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
          workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes "
                                               "(one per core to use).")] = 1,
          token_file: Annotated[Path | None, typer.Option(
              "--token-file", help="File holding the API token that write endpoints "
                                   "require (or set STORYLINE_API_TOKEN).")] = None) -> None:
    """Serve the stories of a database as web pages, a JSON API and Atom feeds."""
    from storyline.web import serve as serve_web

    token = os.environ.get("STORYLINE_API_TOKEN") or None
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            raise StorylineError(f"cannot read {token_file}: {exc.strerror or exc}") from exc
    if host not in ("127.0.0.1", "localhost", "::1"):
        _note(f"note: listening on {host}: anyone who can reach this machine can read it")
    _note(f"storyline: serving {db} at http://{host}:{port}/ "
          f"(writes {'need the token' if token else 'disabled'})")
    serve_web(db, host=host, port=port, token=token, workers=workers)


ratings_app = typer.Typer(help="User-supplied outlet ratings (any columns; nothing fetched).",
                          no_args_is_help=True)
app.add_typer(ratings_app, name="ratings")


@ratings_app.command("import")
def ratings_import(file: Annotated[Path, typer.Argument(help="CSV with an 'outlet' column "
                                                             "and any others.")],
                   db: DbOpt = Path(DEFAULT_DB)) -> None:
    """Replace the database's outlet ratings with a CSV table."""
    from storyline.ratings import import_ratings, matched_outlets, read_ratings
    from storyline.store import Store

    table = read_ratings(file)
    for warning in table.warnings:
        _note(f"note: {file}: {warning}")
    with Store(db, create=False) as store:
        count = import_ratings(store, table, str(file))
        matched, _ = matched_outlets(store)
    _note(f"{count} outlet rating{'s' if count != 1 else ''} imported "
          f"({', '.join(table.columns) or 'no columns'}); {matched} match outlets in {db}")


@app.command()
def cluster(paths: PathsArg, output: OutputOpt = None,
            embed: Annotated[bool, typer.Option(
                "--embed/--no-embed",
                help="Embed titles (leads when untitled; multilingual). Without it, "
                     "lexical and name features only (as accurate on English news), "
                     "plus the batch grouping's static WordLlama lead vectors.")
            ] = True) -> None:
    """Group articles into events and story threads; one JSON line per article."""
    from storyline.clustering import cluster_batch
    from storyline.clustering.stories import assignments, build_stories
    from storyline.embed import get_embedder
    from storyline.ingest import read_paths
    from storyline.pipeline import prepare

    ingested = read_paths(paths)
    _problems_note(ingested.problems)
    articles = prepare(ingested.articles)
    if not articles:
        raise _no_articles(paths)
    clusterer = cluster_batch(articles, get_embedder() if embed else None)
    _, dated = build_stories(clusterer, articles)
    rows = assignments(clusterer, dated)
    _write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), output)
    events = {r["event_id"] for r in rows}
    stories = {r["story_id"] for r in rows}
    _note(f"{len(rows)} articles, {len(events)} event{'s' * (len(events) != 1)}, "
          f"{len(stories)} stor{'y' if len(stories) == 1 else 'ies'}")


def _register_live() -> None:
    from storyline.live.cli import register  # feeds, watch, changes (docs/live.md)

    register(app)


_register_live()

eval_app = typer.Typer(help="Measure storyline on labelled data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("summaries")
def eval_summaries(
        file: Annotated[Path, typer.Argument(help="A *.clusters.jsonl file (articles and a "
                                                   "reference summary a line).")],
        words: Annotated[int, typer.Option("--words", min=1, max=2000,
                                           help="Word budget of every summary.")] = 70,
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", help="Also write each cluster's summary as a JSON line "
            '{"id", "summary", "headline"}.')] = None,
        fill: Annotated[str, typer.Option(
            "--fill", help="'reach': add sentences until the budget is reached (the last "
            "one crosses it); 'under': never cross it. Same rule for every system.")] = "reach",
        limit: Annotated[int | None, typer.Option("--limit", min=1,
                                                  help="Only the first N clusters.")] = None,
) -> None:
    """Summarise every cluster and print ROUGE next to lead round-robin and LexRank."""
    from storyline.evaluation.summaries import evaluate, format_report

    if not file.is_file():
        raise StorylineError(f"no such file: {file}")
    with _progress() as progress:
        report = evaluate(file, words=words, fill=fill, output=output, limit=limit,
                          progress=lambda done, total: progress("summarise", done, total))
    sys.stdout.write(format_report(report))
    if output is not None:
        _note(f"wrote {output}")


@eval_app.command("clusters")
def eval_clusters(
        file: Annotated[Path, typer.Argument(help="A *.clusters.jsonl file (one labelled "
                                                   "cluster of articles a line).")],
        baseline: Annotated[bool, typer.Option("--baseline/--no-baseline",
                                               help="Also run the TF-IDF + average-link "
                                                    "baseline.")] = True,
        embed: Annotated[bool, typer.Option("--embed/--no-embed",
                                            help="Use the sentence embedder.")] = True) -> None:
    """Pool a cluster file's articles, cluster them, print B-cubed and pairwise scores."""
    from storyline.embed import get_embedder
    from storyline.evaluation.clusters import evaluate, format_table

    results, articles, clusters = evaluate(file, get_embedder() if embed else None, baseline)
    sys.stdout.write(format_table(results, articles, clusters))


def run() -> None:
    """Console entry point: user errors as one line on stderr, exit code 1."""
    try:
        app()
    except StorylineError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so briefly unless debugging
        if os.environ.get("STORYLINE_DEBUG"):
            raise
        typer.echo(f"error: internal error ({type(exc).__name__}: {exc}); "
                   "rerun with STORYLINE_DEBUG=1 for details and please report it", err=True)
        sys.exit(2)


if __name__ == "__main__":
    run()
