"""The build pipeline's moving parts: documents parsed in worker processes while the
caller embeds, vectors taken from donors (earlier builds, merged indexes), the embedding
cache or the model, progress with passages/s and an ETA, and the test hook that pauses a
build at a named point so a test can kill it there."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from greta_search.chunk import Chunk, chunk_document
from greta_search.embed import cache_key

EMBED_BATCH = 64
PAUSE_ENV = "GRETA_SEARCH_TEST_PAUSE_AT"
PAUSE_POINTS = ("parsing", "embedding", "vectors", "bm25", "swap")


@dataclass
class DocumentEntry:
    """What the manifest records about one indexed document."""

    doc: str
    source: str
    sha256: str
    chunks: int
    meta: dict = field(default_factory=dict)
    structured: bool = True
    size: int = 0
    mtime_ns: int = 0


@dataclass
class BuildReport:
    """What a build did: counts for the user."""

    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    cached: int = 0
    skipped_documents: int = 0
    warnings: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # bad documents skipped (skip_bad)
    summaries: list[str] = field(default_factory=list)  # one structure line per parsed doc
    seconds: float = 0.0


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pause_point(name: str) -> None:
    """Test hook: with GRETA_SEARCH_TEST_PAUSE_AT=name, announce the point in
    $GRETA_SEARCH_TEST_PAUSE_FILE and sleep, so a test can kill the build right here."""
    if os.environ.get(PAUSE_ENV) == name:
        Path(os.environ.get("GRETA_SEARCH_TEST_PAUSE_FILE", "paused")).write_text(name)
        time.sleep(float(os.environ.get("GRETA_SEARCH_TEST_PAUSE_SECONDS", "60")))


def _estimate(plans) -> int:
    """Passages expected in the build: known ones, plus ~1 per 600 bytes of unparsed files."""
    total = 0
    for _entry, chunks, path in plans:
        total += len(chunks) if chunks is not None else max(1, path.stat().st_size // 600)
    return total


class _Embedding:
    """Vectors for passages as they come: from donors, the cache, or the embedder (written
    to the cache batch by batch)."""

    def __init__(self, embedder, donors, cache, report: BuildReport, progress, estimate: int):
        self.embedder, self.donors, self.cache = embedder, donors, cache
        self.report, self.progress, self.estimate = report, progress, estimate
        self.done = 0
        self.key = cache_key(embedder)

    def embed(self, chunks: list[Chunk]) -> np.ndarray:
        vectors = np.zeros((len(chunks), self.embedder.dim), dtype=np.float32)
        hashes = [c.content_hash() for c in chunks]
        todo = []
        for i, digest in enumerate(hashes):
            for donor in self.donors:
                found = donor.vector(digest)
                if found is not None and found.shape == (self.embedder.dim,):
                    vectors[i] = found
                    self.report.reused += 1
                    break
            else:
                todo.append(i)
        if todo and self.cache is not None:
            cached = self.cache.get_many(self.key, self.embedder.dim,
                                         [hashes[i] for i in todo])
            for i in list(todo):
                if hashes[i] in cached:
                    vectors[i] = cached[hashes[i]]
                    self.report.cached += 1
                    self.report.reused += 1
            todo = [i for i in todo if hashes[i] not in cached]
        self._advance(len(chunks) - len(todo))
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            vectors[batch] = self.embedder.embed_passages([chunks[i].embed_text for i in batch])
            if self.cache is not None:
                self.cache.put_many(self.key, [hashes[i] for i in batch],
                                    vectors[batch])
            self.report.embedded += len(batch)
            self._advance(len(batch))
            pause_point("embedding")
        return vectors

    def _advance(self, count: int) -> None:
        self.done += count
        self.estimate = max(self.estimate, self.done)
        if self.progress and count:
            self.progress(self.done, self.estimate)

    def finish(self) -> None:
        if self.progress:
            self.progress(self.done, self.done)
        if self.cache is not None:
            self.cache.close()


@dataclass
class Parsed:
    """One file parsed and chunked (in a worker process); `error` (entry None) is the
    one-line reason when the file cannot be read."""

    entry: DocumentEntry | None
    chunks: list[Chunk] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: str = ""
    error: str | None = None


def _parse_one(path: Path, template=None) -> Parsed:
    """Parse and chunk one file: its manifest entry, passages, warnings, structure line."""
    from greta_search.load import InputError
    from greta_search.parse import StructureWarning, parse_file
    from greta_search.structure import inspect_document

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", StructureWarning)
        try:
            doc = parse_file(path, template)
        except InputError as err:
            return Parsed(None, error=str(err))
    notes = [str(w.message) for w in caught]
    structure = inspect_document(doc)
    if structure.warning():
        notes.append(structure.warning())
    doc_chunks = chunk_document(doc)
    entry = DocumentEntry(
        doc=doc.doc_id, source=str(path), sha256=file_hash(path), chunks=len(doc_chunks),
        meta=asdict(doc.meta), structured=doc.structured, size=path.stat().st_size,
        mtime_ns=path.stat().st_mtime_ns,
    )
    return Parsed(entry, doc_chunks, notes, structure.summary())


def _die_with_parent() -> None:
    """In a parsing worker (Linux): exit when the build process dies, even by kill -9."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


def parse_all(paths: list[Path], template=None) -> Iterator[Parsed]:
    """Parsed documents in order; several files are parsed in worker processes while the
    caller embeds the ones already parsed."""
    if len(paths) < 2:
        yield from (_parse_one(path, template) for path in paths)
        return
    import multiprocessing

    workers = max(1, min(len(paths), (os.cpu_count() or 1)))
    # fork: workers only run pure-Python parsing, and need no `__main__` guard in the caller
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                             initializer=_die_with_parent) as pool:
        yield from pool.map(functools.partial(_parse_one, template=template), paths,
                            chunksize=4)


class ProgressLine:
    """Embedding progress on stderr: done/total passages, passages/s, ETA."""

    def __init__(self, stream=None, every: float = 0.5) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.started = self.last = time.perf_counter()
        self.first: int | None = None

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.first is None:
            self.first, self.started = done, now
            return
        if now - self.last < self.every and done < total:
            return
        self.last = now
        rate = (done - self.first) / max(now - self.started, 1e-9)
        eta = (total - done) / rate if rate > 0 else 0
        end = "\n" if done >= total else ""
        self.stream.write(f"\rembedding {done}/{total} passages, {rate:.1f} passages/s, "
                          f"ETA {int(eta) // 60}m{int(eta) % 60:02d}s   {end}")
        self.stream.flush()
