"""The legal citations of a build in SQLite, looked up by normalised instrument and article.

`provisions.sqlite` holds one row per citation found in the passages (`store.
provision_records`), in extraction order, with the keys `provisions.matches` compares: the
instrument's (kind, key, issuer) from `provisions.instrument_key` and the casefolded
article path. Both are indexed, so `provision "Criminal Code" 144-1` reads the rows of that
instrument whose article is 144-1 or starts with "144-1." (a range scan: never 144-10), and
a question page reads the citations of its own passages. Opened read-only like
`chunks.sqlite` (records.open_readonly).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from greta_search.chunk import Chunk
from greta_search.provisions import Lookup, Provision, article_path, instrument_key
from greta_search.records import IndexProblem, open_readonly

CITATIONS_FILE = "provisions.sqlite"
SCHEMA = {
    ("table", "citations"),
    ("index", "citations_instrument"),
    ("index", "citations_article"),
    ("index", "citations_chunk"),
}
COLUMNS = "seq, chunk, instrument, article, cited, quote, date"


def write_citations(path: Path, records: list[dict], chunks: list[Chunk]) -> None:
    """Write citation records ({"chunk": position, "instrument", "article", "cited",
    "quote", "date"}) with their look-up keys and the citing passage's doc and question."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("CREATE TABLE citations (seq INTEGER PRIMARY KEY, chunk INTEGER NOT NULL, "
                   "instrument TEXT NOT NULL, article TEXT, cited TEXT, quote TEXT, date TEXT, "
                   "kind TEXT NOT NULL, key TEXT NOT NULL, issuer TEXT, path TEXT, "
                   "doc TEXT NOT NULL, question INTEGER)")
        rows = []
        for seq, r in enumerate(records):
            kind, key, issuer = instrument_key(r["instrument"])
            chunk = chunks[r["chunk"]]
            rows.append((seq, r["chunk"], r["instrument"], r["article"], r["cited"], r["quote"],
                         r.get("date"), kind, key, issuer,
                         None if r["article"] is None else r["article"].casefold(),
                         chunk.doc, chunk.question))
        db.executemany(f"INSERT INTO citations VALUES ({', '.join('?' * 13)})", rows)
        db.execute("CREATE INDEX citations_instrument ON citations (kind, key, path)")
        db.execute("CREATE INDEX citations_article ON citations (path)")
        db.execute("CREATE INDEX citations_chunk ON citations (chunk)")
        db.commit()
    finally:
        db.close()


def lookup_condition(lookup: Lookup) -> tuple[str, list]:
    """The SQL condition (and its arguments) that selects what `provisions.matches(lookup,
    ...)` accepts: the same instrument (issuers compatible), the article or a sub-article."""
    sql, args = [], []
    if lookup.instrument is not None:
        kind, key, issuer = instrument_key(lookup.instrument)
        sql.append("kind = ? AND key = ?")
        args += [kind, key]
        if issuer is not None:
            sql.append("(issuer IS NULL OR issuer = ?)")
            args.append(issuer)
    if lookup.article is not None:
        path = article_path(lookup.article)
        # "144-1" or anything starting "144-1." ("/" is the character after "."): an index
        # range, never 144-10
        sql.append("(path = ? OR (path >= ? AND path < ?))")
        args += [path, path + ".", path + "/"]
    return " AND ".join(sql) or "0", args


class CitationTable:
    """The citations of one build, read by look-up. `rows_read` counts the rows fetched (for
    tests that a look-up reads only what it matches)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.rows_read = 0
        self._db: sqlite3.Connection | None = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self._db = open_readonly(self.path, SCHEMA)
            except sqlite3.Error as err:
                raise IndexProblem(f"{self.path}: damaged citation records ({err}); "
                                   f"re-index with `greta-search index`") from None
        return self._db

    def _rows(self, sql: str, args: Iterable = ()) -> list[tuple[int, int, Provision]]:
        """(row number, passage position, citation) of the rows matching a condition."""
        out = [(seq, chunk, Provision(instrument, article, cited, quote, chunk, date))
               for seq, chunk, instrument, article, cited, quote, date in self.db.execute(
                   f"SELECT {COLUMNS} FROM citations WHERE {sql} ORDER BY seq", list(args))]
        self.rows_read += len(out)
        return out

    def matching(self, lookup: Lookup) -> list[tuple[int, Provision]]:
        """(passage position, citation) of every citation the look-up matches, in the order
        they were found."""
        return [(chunk, found) for _, chunk, found in self._rows(*lookup_condition(lookup))]

    def positions(self, lookups: Iterable[Lookup]) -> set[int]:
        """Positions of the passages citing any of these look-ups."""
        found: set[int] = set()
        for lookup in lookups:
            sql, args = lookup_condition(lookup)
            rows = self.db.execute(f"SELECT DISTINCT chunk FROM citations WHERE {sql}", args)
            found.update(r[0] for r in rows)
        return found

    def cited_in(self, positions: Iterable[int]) -> list[tuple[int, Provision]]:
        """The citations of some passages, in the order they were found."""
        wanted = sorted({int(p) for p in positions})
        rows = []
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            rows += self._rows(f"chunk IN ({','.join('?' * len(part))})", part)
        return [(chunk, found) for _, chunk, found in sorted(rows, key=lambda r: r[0])]

    def knows(self, instrument: str) -> bool:
        """True when the instrument is cited anywhere in the index."""
        sql, args = lookup_condition(Lookup(instrument, None))
        return self.db.execute(f"SELECT EXISTS (SELECT 1 FROM citations WHERE {sql})",
                               args).fetchone()[0] == 1

    def instruments(self) -> list[str]:
        """Every instrument name cited, sorted."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT instrument FROM citations ORDER BY instrument")]

    def summary_rows(self, instrument: str | None = None
                     ) -> list[tuple[str, str | None, str, int | None, int]]:
        """(instrument, article, doc, question, citations) grouped in SQL, for the
        instrument given (or all)."""
        sql, args = lookup_condition(Lookup(instrument, None)) if instrument else ("1", [])
        rows = self.db.execute(
            f"SELECT instrument, article, doc, question, count(*) FROM citations WHERE {sql} "
            f"GROUP BY instrument, article, doc, question", args).fetchall()
        self.rows_read += len(rows)
        return rows

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
