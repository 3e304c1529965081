"""User-supplied outlet ratings: a CSV with an ``outlet`` column and any others.

storyline rates nobody itself: lean, reliability or ownership are judgements a reader
brings from a source they trust (their own table, a media-bias data set). Nothing is
hard-coded and nothing is fetched; the table is shown beside each outlet as given.
An import replaces the previous table in one transaction, so the shown ratings always
come from exactly one file.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from storyline.errors import StorylineError
from storyline.store import Store

MAX_BYTES = 5_000_000
MAX_COLUMNS = 50
MAX_CELL = 500


@dataclass
class RatingsTable:
    columns: list[str]  # the rating columns, in file order (without ``outlet``)
    rows: dict[str, dict[str, str]]  # outlet -> {column: value}
    warnings: list[str] = field(default_factory=list)


def parse_ratings(text: str, origin: str = "ratings") -> RatingsTable:
    """Parse ratings CSV text; a user error (no outlet column, no rows) raises."""
    if len(text) > MAX_BYTES:
        raise StorylineError(f"{origin}: ratings file is larger than {MAX_BYTES:,} bytes")
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise StorylineError(f"{origin}: ratings file is empty") from None
    names = [h.strip() for h in header]
    lowered = [n.casefold() for n in names]
    if "outlet" not in lowered:
        raise StorylineError(f"{origin}: ratings need a column named 'outlet' (found: "
                             f"{', '.join(names[:10]) or 'no columns'})")
    if len(names) > MAX_COLUMNS:
        raise StorylineError(f"{origin}: more than {MAX_COLUMNS} columns")
    key = lowered.index("outlet")
    columns = [n for i, n in enumerate(names) if i != key and n]
    table = RatingsTable(columns, {})
    spelled: dict[str, str] = {}  # casefolded outlet -> the spelling kept
    try:
        for line, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            outlet = record[key].strip() if key < len(record) else ""
            if not outlet:
                table.warnings.append(f"line {line}: no outlet, skipped")
                continue
            values = {n: record[i].strip()[:MAX_CELL] for i, n in enumerate(names)
                      if i != key and n and i < len(record)}
            if outlet.casefold() in spelled:
                table.warnings.append(f"line {line}: {outlet!r} repeated, the later row wins")
                del table.rows[spelled[outlet.casefold()]]
            spelled[outlet.casefold()] = outlet
            table.rows[outlet] = values
    except csv.Error as exc:
        raise StorylineError(f"{origin}: not a readable CSV file ({exc})") from None
    if not table.rows:
        raise StorylineError(f"{origin}: no rows with an outlet")
    return table


def read_ratings(path: Path | str) -> RatingsTable:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StorylineError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StorylineError(f"{path}: ratings must be UTF-8 text") from None
    return parse_ratings(text, str(path))


def import_ratings(store: Store, table: RatingsTable, origin: str) -> int:
    """Replace the store's ratings with ``table``; returns the number of outlets."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    with store.transaction():
        store.db.execute("DELETE FROM outlet_ratings")
        store.db.executemany("INSERT INTO outlet_ratings (outlet, data) VALUES (?, ?)",
                             [(o, json.dumps(v, ensure_ascii=False))
                              for o, v in table.rows.items()])
        store.db.execute("INSERT INTO ratings_imports (origin, columns, rows, imported_at) "
                         "VALUES (?, ?, ?, ?)", (origin, json.dumps(table.columns),
                                                 len(table.rows), now))
    return len(table.rows)


def matched_outlets(store: Store) -> tuple[int, int]:
    """(rated outlets that appear in the articles, rated outlets in all)."""
    row = store.db.execute(
        "SELECT count(*) FROM outlet_ratings r WHERE EXISTS (SELECT 1 FROM articles a "
        "WHERE a.source = r.outlet COLLATE NOCASE)").fetchone()
    total = store.db.execute("SELECT count(*) FROM outlet_ratings").fetchone()[0]
    return int(row[0]), int(total)
