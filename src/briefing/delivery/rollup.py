"""The files a batch writes beside the briefing folders (`manifest.json`, `portfolio.xlsx`, `index.html`),
made from the folder's manifest and the run's JSON Lines stream without holding either in memory.

Both are poured into a throwaway SQLite file in the run's work folder, which sorts them on disk: the
manifest's entries by file name (this run's replacing earlier ones), the last run's profiles in the
order given, the overview's rows by client. SQLite is in the standard library and keeps a few MB of cache
whatever the number of briefings, so 100,000 profiles take the memory 100 do.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..atomic import Workspace
from ..i18n import LANGS
from ..models import Brand
from . import manifest as records
from .portfolio import INDEX, PORTFOLIO, Row, group_rows

_SCHEMA = (
    "CREATE TABLE files (file TEXT PRIMARY KEY, entry TEXT NOT NULL)",
    "CREATE TABLE runs (i INTEGER PRIMARY KEY, run TEXT NOT NULL)",
    "CREATE TABLE rows (client TEXT, client_id TEXT, edition TEXT, lang INTEGER, pdf TEXT, row TEXT NOT NULL)",
)


def read_stream(path: Path) -> Iterator[dict]:
    """The records of a JSON Lines manifest; a last line cut short (a run killed mid-write) is left out."""
    with path.open("rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                return
            yield json.loads(line)


def _run(record: dict) -> dict:
    """A stream record as the manifest's `last_run` gives it: its files by name."""
    run = {k: v for k, v in record.items() if k not in ("index", "client_id", "files")}
    if record.get("files"):
        run["files"] = [e["file"] for e in record["files"]]
    return {
        k: run[k]
        for k in ("profile", "status", "client", "employer_type", "files", "headline", "warnings", "error")
        if k in run
    }


def write_index(
    work: Workspace,
    out_dir: Path,
    stream: Path,
    runs: Iterable[tuple[int, str, bool]],
    brand: Brand,
    lang: tuple[str, ...] | None,
) -> Path:
    """The updated manifest and the overview it gives, under the folder's lock; the manifest's path.

    `runs`: each profile of the run as (its place in the listing, its name in the manifest, whether the
    stream has its line); one without is "interrupted".
    """
    from .index_page import write_index_page
    from .portfolio import write_portfolio

    with work.locked():
        db = sqlite3.connect(work.work / "rollup.sqlite")
        try:
            for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -4000", "temp_store = FILE"):
                db.execute(f"PRAGMA {pragma}")
            for statement in _SCHEMA:
                db.execute(statement)
            # read again under the lock: another run may have added to it meanwhile
            db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?)",
                ((e["file"], json.dumps(e, ensure_ascii=False)) for _, e in records.iter_entries(out_dir)),
            )
            for rec in read_stream(stream):
                if rec["status"] in ("ok", "unchanged"):
                    db.executemany(
                        "INSERT OR REPLACE INTO files VALUES (?, ?)",
                        ((e["file"], json.dumps(e, ensure_ascii=False)) for e in rec["files"]),
                    )
                db.execute(
                    "INSERT OR REPLACE INTO runs VALUES (?, ?)",
                    (rec["index"], json.dumps(_run(rec), ensure_ascii=False)),
                )
            gone = [f for (f,) in db.execute("SELECT file FROM files") if not (out_dir / f).is_file()]
            db.executemany("DELETE FROM files WHERE file = ?", ((f,) for f in gone))
            order = {code: i for i, code in enumerate(LANGS)}
            db.executemany(
                "INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (
                        r.client.casefold(),
                        r.client_id,
                        r.edition,
                        order.get(r.language, len(order)),
                        r.files.get("pdf", ""),
                        json.dumps(r.__dict__, ensure_ascii=False),
                    )
                    for r in group_rows(json.loads(e) for (e,) in db.execute("SELECT entry FROM files ORDER BY file"))
                ),
            )
            (latest,) = db.execute("SELECT max(json_extract(row, '$.written')) FROM rows").fetchone()

            def rows() -> Iterator[Row]:
                query = "SELECT row FROM rows ORDER BY client, client_id, edition, lang, pdf"
                return (Row(**json.loads(r)) for (r,) in db.execute(query))

            first = (lang or ("en",))[0]
            work.replace_with(PORTFOLIO, lambda path: write_portfolio(path, rows(), brand, first, latest=latest))
            work.replace_with(INDEX, lambda path: path.write_bytes(write_index_page(rows(), brand, first)))

            def entries() -> Iterator[dict]:
                return (json.loads(e) for (e,) in db.execute("SELECT entry FROM files ORDER BY file"))

            def last_run() -> Iterator[dict]:
                found = db.execute("SELECT i, run FROM runs ORDER BY i")
                pending = next(found, None)
                for i, ref, finished in runs:
                    while pending is not None and pending[0] < i:
                        pending = next(found, None)
                    if finished and pending is not None and pending[0] == i:
                        yield json.loads(pending[1])
                    else:
                        yield {"profile": ref, "status": "interrupted"}

            def write(path: Path) -> None:
                with path.open("wb") as fh:
                    records.dump(entries(), last_run(), fh.write)

            return work.replace_with(records.MANIFEST, write)  # last: what it lists is in place, the overview too
        finally:
            db.close()
