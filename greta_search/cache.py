"""The embedding cache: vectors stored by (model and weights version, passage text hash),
shared by every build and every index folder, written batch by batch so a killed build
resumes where it stopped.

One SQLite file, `$GRETA_SEARCH_CACHE/vectors.sqlite` (default `~/.cache/greta-search`),
WAL mode so a search or a second build can read it while a build writes. Vectors are raw
float32 bytes, never pickled. `GRETA_SEARCH_CACHE=off` disables it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import numpy as np

CACHE_ENV = "GRETA_SEARCH_CACHE"
CACHE_FILE = "vectors.sqlite"


def default_cache_dir() -> Path | None:
    """The cache folder from $GRETA_SEARCH_CACHE, else ~/.cache/greta-search; None = off."""
    value = os.environ.get(CACHE_ENV)
    if value is not None and value.strip().lower() in {"", "0", "off", "none"}:
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "greta-search"


class EmbeddingCache:
    """Passage vectors by (model, content hash)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / CACHE_FILE
        self.db = sqlite3.connect(self.path, timeout=60)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, hash TEXT NOT NULL, "
            "dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, hash))"
        )
        self.db.commit()

    @classmethod
    def default(cls) -> EmbeddingCache | None:
        """The user's cache, or None when disabled or not writable."""
        folder = default_cache_dir()
        if folder is None:
            return None
        try:
            return cls(folder)
        except (OSError, sqlite3.Error):
            return None

    def get_many(self, model: str, dim: int, hashes: list[str]) -> dict[str, np.ndarray]:
        """The cached vectors among `hashes` (others are absent from the result)."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            rows = self.db.execute(
                f"SELECT hash, vector FROM vectors WHERE model = ? AND dim = ? AND hash IN "
                f"({','.join('?' * len(part))})",
                [model, dim, *part],
            )
            for digest, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (dim,):
                    found[digest] = vector
        return found

    def put_many(self, model: str, hashes: list[str], vectors: np.ndarray) -> None:
        """Store vectors and commit, so they survive a kill right after."""
        vectors = np.asarray(vectors, dtype=np.float32)
        self.db.executemany(
            "INSERT OR REPLACE INTO vectors (model, hash, dim, vector) VALUES (?, ?, ?, ?)",
            [(model, h, vectors.shape[1], v.tobytes()) for h, v in zip(hashes, vectors,
                                                                       strict=True)],
        )
        self.db.commit()

    def count(self, model: str | None = None) -> int:
        if model is None:
            return self.db.execute("SELECT count(*) FROM vectors").fetchone()[0]
        return self.db.execute("SELECT count(*) FROM vectors WHERE model = ?",
                               (model,)).fetchone()[0]

    def close(self) -> None:
        self.db.close()
