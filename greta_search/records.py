"""Chunk records in SQLite, read lazily: opening costs nothing, a query reads only its hits.

`chunks.sqlite` holds one row per passage in vector order (position = row id) with the JSON
record, its content hash, a `caption` flag (a line reads like a table caption: the passage
may hold a statistics table, wherever the parser put it) and a `facet` id; the `facets`
table lists each distinct (doc, country, round, part, section, section title, question,
and the questions a joint answer covers, "12,13,14", in a column older builds lack) once,
so filters are evaluated on a few thousand facets instead of every passage. Opened
read-only and immutable (no journal written into an index folder), with untrusted schemas
refused.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from greta_search.chunk import Chunk

RECORDS_FILE = "chunks.sqlite"
FACET_FIELDS = ("doc", "country", "round", "part", "section", "section_title", "question")
SCHEMA = {
    ("table", "chunks"),
    ("table", "facets"),
    ("index", "chunks_facet"),
    ("index", "chunks_question"),
    ("index", "chunks_caption"),
}
# Decoded records kept in memory (the most recently read): a question asked of every
# reply of a large index reads each reply's candidates in turn.
CACHED = 20_000
# Builds of index formats 3 and 4 (read only to give their passages to a new build).
OLD_SCHEMA = SCHEMA - {("index", "chunks_caption")}
# A line that reads like a table caption ("Table 3", "**Table 3.**", "  TABLE 3:"): a
# superset of what `tables.tables_in_passage` parses, so every table is among the flagged.
CAPTION_LINE_RE = re.compile(r"^\s*table\s+\d", re.IGNORECASE | re.MULTILINE)


def has_caption(text: str) -> bool:
    """Whether a line of the passage reads like a table caption (bold marks ignored)."""
    return bool(CAPTION_LINE_RE.search(text.replace("**", "")))


def write_records(path: Path, chunks: list[Chunk]) -> None:
    """Write the chunk records (positions must be 0..n-1 in order)."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("CREATE TABLE facets (id INTEGER PRIMARY KEY, doc TEXT, country TEXT, "
                   "round TEXT, part TEXT, section TEXT, section_title TEXT, question INTEGER, "
                   "questions TEXT)")
        db.execute("CREATE TABLE chunks (position INTEGER PRIMARY KEY, hash TEXT NOT NULL, "
                   "doc TEXT NOT NULL, question INTEGER, kind TEXT, caption INTEGER NOT NULL, "
                   "facet INTEGER NOT NULL, record TEXT NOT NULL)")
        facets: dict[tuple, int] = {}
        rows = []
        for chunk in chunks:
            key = (*(getattr(chunk, f) for f in FACET_FIELDS),
                   ",".join(map(str, chunk.questions)) or None)
            facet = facets.setdefault(key, len(facets))
            rows.append((chunk.position, chunk.content_hash(), chunk.doc, chunk.question,
                         chunk.kind, int(has_caption(chunk.text)), facet,
                         json.dumps(chunk.to_dict(), ensure_ascii=False)))
        db.executemany("INSERT INTO facets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [(i, *key) for key, i in facets.items()])
        db.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("CREATE INDEX chunks_facet ON chunks (facet)")
        db.execute("CREATE INDEX chunks_question ON chunks (question)")
        db.execute("CREATE INDEX chunks_caption ON chunks (caption, facet)")
        db.commit()
    finally:
        db.close()


def open_readonly(path: Path, *schemas: set[tuple[str, str]]) -> sqlite3.Connection:
    """A read-only connection that writes nothing beside the file and runs no stored code
    (the schema must be exactly one of `schemas`, SCHEMA by default: no triggers or
    views)."""
    db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                         check_same_thread=False)
    db.execute("PRAGMA trusted_schema=OFF")
    found = set(db.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE "
                           "'sqlite_autoindex%'"))
    if found not in (schemas or (SCHEMA,)):
        db.close()
        raise sqlite3.DatabaseError(f"unexpected schema {sorted(found)}")
    return db


class IndexProblem(Exception):
    """The index is missing, damaged, or was built in a way this version cannot use."""


class ChunkTable(Sequence):
    """The passages of a build as a read-only sequence indexed by position. `decoded` counts
    the records read (each parsed from JSON once), so that tests can tell a query that reads
    its hits from one that reads the whole index."""

    def __init__(self, path: Path, count: int, schemas: tuple = (SCHEMA,)) -> None:
        self.path = Path(path)
        self.count = count
        self.schemas = schemas  # (SCHEMA, OLD_SCHEMA) for a donor build of an older format
        self.decoded = 0
        self._db: sqlite3.Connection | None = None
        self._cache: OrderedDict[int, Chunk] = OrderedDict()
        self._distinct: dict[tuple[str, ...], list] = {}
        self._counts: dict[int, int] | None = None
        self._facets: dict[int, SimpleNamespace] | None = None
        self._by_doc: dict[str, list[int]] = {}

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self._db = open_readonly(self.path, *self.schemas)
                stored = self.row_count()
            except sqlite3.Error as err:
                self._db = None
                raise IndexProblem(f"{self.path}: damaged chunk records ({err}); "
                                   f"re-index with `greta-search index`") from None
            if stored != self.count:
                raise IndexProblem(f"{self.path}: {stored} chunk records for {self.count} "
                                   f"vectors; re-index with `greta-search index`")
        return self._db

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, position):
        if isinstance(position, slice):
            return self.many(range(*position.indices(self.count)))
        position = int(position)
        if position < 0:
            position += self.count
        if not 0 <= position < self.count:
            raise IndexError(position)
        return self.many([position])[0]

    def many(self, positions: Iterable[int]) -> list[Chunk]:
        """The chunks at these positions, in the order asked, in one query per 500 (the
        last CACHED records read are kept)."""
        wanted = [int(p) for p in positions]
        found: dict[int, Chunk] = {}
        for p in set(wanted):
            if p in self._cache:
                self._cache.move_to_end(p)
                found[p] = self._cache[p]
        missing = [p for p in set(wanted) if p not in found]
        for start in range(0, len(missing), 500):
            part = missing[start : start + 500]
            rows = self.db.execute(
                f"SELECT position, record FROM chunks WHERE position IN "
                f"({','.join('?' * len(part))})", part)
            for position, record in rows:
                found[position] = self._cache[position] = self._decode(record)
        lost = [p for p in missing if p not in found]
        if lost:
            raise IndexProblem(f"{self.path}: chunk record {lost[0]} is missing; re-index "
                               f"with `greta-search index`")
        while len(self._cache) > CACHED:
            self._cache.popitem(last=False)
        return [found[p] for p in wanted]

    def __iter__(self) -> Iterator[Chunk]:
        for position, record in self.db.execute(
                "SELECT position, record FROM chunks ORDER BY position"):
            chunk = self._cache.get(position)
            yield chunk if chunk is not None else self._decode(record)

    def where(self, sql: str, args: Sequence = (),
              accepts: Callable[[object], bool] | None = None,
              doc: Callable[[str], bool] | None = None) -> list[Chunk]:
        """Chunks matching a condition on the indexed columns (doc, question, kind,
        caption), e.g. `where("kind = 'table'")`, in index order; with `accepts` (a
        Filters.accepts), only those whose facet passes it (decided before any record is
        read; `doc` as in `facets`)."""
        rows = self.db.execute(f"SELECT position, facet FROM chunks WHERE {sql} "
                               f"ORDER BY position", list(args))
        if accepts is None:
            return self.many(position for position, _ in rows)
        passing = self.facets(accepts, doc)
        return self.many(position for position, facet in rows if facet in passing)

    def _decode(self, record: str) -> Chunk:
        self.decoded += 1
        return Chunk.from_dict(json.loads(record))

    def facets(self, accepts: Callable[[object], bool] | None = None,
               doc: Callable[[str], bool] | None = None) -> dict[int, object]:
        """The facets (id -> an object with FACET_FIELDS as attributes) passing `accepts`,
        in index order (ids follow the passages); read once per table. `doc` (a
        Filters.doc_test), when given, is a test on the document code that `accepts`
        implies: only the facets of the documents passing it are tested."""
        if self._facets is None:
            joint = "questions" in {r[1] for r in self.db.execute("PRAGMA table_info(facets)")}
            rows = self.db.execute(f"SELECT id, {', '.join(FACET_FIELDS)}, "
                                   f"{'questions' if joint else 'NULL'} FROM facets ORDER BY id")
            self._facets = {row[0]: SimpleNamespace(
                **dict(zip(FACET_FIELDS, row[1:-1], strict=True)),
                questions=[int(n) for n in row[-1].split(",")] if row[-1] else [])
                for row in rows}
            for i, facet in self._facets.items():
                self._by_doc.setdefault(facet.doc, []).append(i)
        ids: Iterable[int] = self._facets
        if doc is not None:
            ids = sorted(i for d, group in self._by_doc.items() if doc(d) for i in group)
        return {i: self._facets[i] for i in ids if accepts is None or accepts(self._facets[i])}

    def distinct(self, fields: Sequence[str]) -> list[object]:
        """The distinct combinations of some facet fields (objects with those attributes),
        queried once per table (a build never changes)."""
        key = tuple(fields)
        if key not in self._distinct:
            unknown = set(key) - set(FACET_FIELDS)
            if unknown:
                raise ValueError(f"not a facet field: {sorted(unknown)}")
            rows = self.db.execute(f"SELECT DISTINCT {', '.join(key)} FROM facets")
            self._distinct[key] = [SimpleNamespace(**dict(zip(key, row, strict=True)))
                                   for row in rows]
        return self._distinct[key]

    def documents(self, accepts: Callable[[object], bool] | None = None,
                  doc: Callable[[str], bool] | None = None) -> list[tuple[str, str | None]]:
        """(document, country) of the documents with a facet passing `accepts`, in index
        order."""
        seen: dict[str, str | None] = {}
        for facet in self.facets(accepts, doc).values():
            seen.setdefault(facet.doc, facet.country)
        return list(seen.items())

    def facet_counts(self, accepts: Callable[[object], bool] | None = None,
                     doc: Callable[[str], bool] | None = None) -> list[tuple[object, int]]:
        """The facets passing `accepts` with their passage counts (counted once per table,
        on the facet index: no record is read)."""
        if self._counts is None:
            self._counts = dict(self.db.execute(
                "SELECT facet, count(*) FROM chunks GROUP BY facet"))
        return [(facet, self._counts.get(i, 0))
                for i, facet in self.facets(accepts, doc).items()]

    def accepted(self, positions: Iterable[int], accepts: Callable[[object], bool],
                 doc: Callable[[str], bool] | None = None) -> list[int]:
        """Those of `positions` (in the order given) whose facet passes `accepts`, decided
        on the indexed facet column without reading the records."""
        wanted = [int(p) for p in positions]
        facet_of: dict[int, int] = {}
        unique = list(set(wanted))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            facet_of.update(self.db.execute(
                f"SELECT position, facet FROM chunks WHERE position IN "
                f"({','.join('?' * len(part))})", part))
        passing = self.facets(accepts, doc)
        return [p for p in wanted if facet_of.get(p) in passing]

    def positions(self, accepts: Callable[[object], bool],
                  doc: Callable[[str], bool] | None = None) -> np.ndarray:
        """Positions of the passages whose facet passes `accepts` (a Filters.accepts)."""
        ids = list(self.facets(accepts, doc))
        out: list[int] = []
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            out.extend(r[0] for r in self.db.execute(
                f"SELECT position FROM chunks WHERE facet IN ({','.join('?' * len(part))})",
                part))
        return np.array(sorted(out), dtype=np.int64)

    def kind_positions(self, kinds: Iterable[str]) -> np.ndarray:
        """Positions of the passages of these kinds ("recommendation", "table"...)."""
        ks = list(kinds)
        rows = self.db.execute(f"SELECT position FROM chunks WHERE kind IN "
                               f"({','.join('?' * len(ks))}) ORDER BY position", ks)
        return np.array([r[0] for r in rows], dtype=np.int64)

    def question_positions(self, questions: Iterable[int]) -> list[int]:
        """Positions of the passages of these question numbers (any document), a joint
        answer covering one of them included."""
        qs = [int(q) for q in questions]
        if not qs:
            return []
        found = {r[0] for r in self.db.execute(
            f"SELECT position FROM chunks WHERE question IN ({','.join('?' * len(qs))})", qs)}
        joint = [i for i, f in self.facets().items() if set(f.questions) & set(qs)]
        for start in range(0, len(joint), 500):
            part = joint[start : start + 500]
            found.update(r[0] for r in self.db.execute(
                f"SELECT position FROM chunks WHERE facet IN ({','.join('?' * len(part))})",
                part))
        return sorted(found)

    def hashes(self) -> list[str]:
        """Content hashes of every passage, in position order."""
        return [r[0] for r in self.db.execute("SELECT hash FROM chunks ORDER BY position")]

    def doc_chunks(self, doc: str) -> list[Chunk]:
        """Every passage of one document, in order."""
        rows = self.db.execute("SELECT record FROM chunks WHERE doc = ? ORDER BY position",
                               (doc,))
        return [self._decode(r[0]) for r in rows]

    def row_count(self) -> int:
        """Rows stored, from the last position (for cheap integrity checks)."""
        return self.db.execute("SELECT coalesce(max(position), -1) + 1 FROM chunks"
                               ).fetchone()[0]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
