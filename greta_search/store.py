"""The on-disk index: chunk records, their vectors, FAISS and BM25 indexes, and a manifest.

Layout of an index folder:

    INDEX/current -> builds/<id>          a relative symlink, swapped atomically
    INDEX/.lock                           flock held by `index` (one writer at a time)
    INDEX/builds/<id>/manifest.json       format, model, documents, file sizes and sha256
    INDEX/builds/<id>/chunks.sqlite       chunk records, read lazily (see records.py)
    INDEX/builds/<id>/vectors.npy         float32 (n, dim), L2-normalised, memory-mapped
    INDEX/builds/<id>/vectors.faiss       inner-product FAISS index (flat, or IVF past 100k)
    INDEX/builds/<id>/bm25/               bm25s index: JSON vocabulary, npy arrays (mmap)
    INDEX/builds/<id>/provisions.sqlite   legal citations, indexed by instrument and article

Nothing in a build is pickled: arrays are loaded with allow_pickle=False, SQLite is opened
read-only with stored code refused, and every path a manifest names stays inside its build.
A build (builder.py) is written into `<id>.tmp`, renamed, and published by replacing
`current` in one rename; a killed build leaves the previous index working and is cleaned
up by the next `index`. The current build and the one before it are kept (a search that
opened the older one keeps reading it); older ones are removed. The format, manifest and
code fingerprint are in manifest.py.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from greta_search.builder import (  # noqa: F401 - re-exported for callers and tests
    _Donor,
    build_index,
    clean_partial,
    provision_records,
    write_faiss,
)
from greta_search.chunk import Chunk
from greta_search.citations import CITATIONS_FILE, CitationTable
from greta_search.keyword import KeywordIndex
from greta_search.manifest import (  # noqa: F401 - re-exported for callers and tests
    BUILDS,
    CURRENT,
    DONOR_FORMATS,
    FORMAT_VERSION,
    IVF_NPROBE,
    IVF_THRESHOLD,
    LOCK,
    QUERY_SIDE,
    Manifest,
    chunker_fingerprint,
    manifest_checksum,
    safe_member,
)
from greta_search.pipeline import (  # noqa: F401 - re-exported for callers and tests
    PAUSE_POINTS,
    BuildReport,
    DocumentEntry,
    ProgressLine,
    file_hash,
)
from greta_search.records import OLD_SCHEMA, RECORDS_FILE, SCHEMA, ChunkTable, IndexProblem

IndexUnusable = IndexProblem  # the earlier name


class IndexReader(Protocol):
    """What searching needs from an index. IndexStore is the local implementation (files,
    FAISS, bm25s); an adapter to a search engine with hybrid BM25 + kNN implements the same
    methods (see docs/scale.md)."""

    def manifest(self) -> Manifest: ...

    def check_model(self, model: str | None, dim: int | None = None) -> Manifest: ...

    def chunks(self) -> Sequence[Chunk]: ...

    def vectors(self) -> np.ndarray: ...

    def citations(self) -> CitationTable: ...

    def open_retrieval(self) -> None: ...

    def dense(self, vector: np.ndarray, want: int,
              allowed: np.ndarray | None = None) -> list[tuple[int, float]]: ...

    def keyword(self, query: str, want: int,
                allowed: np.ndarray | None = None) -> list[tuple[int, float]]: ...

    def document_frequencies(self) -> dict[str, int]: ...


class IndexStore:
    """Reads and writes one index folder. A store reads the build `current` pointed to when
    it was first used, whatever is published meanwhile."""

    def __init__(self, root: Path, cache="default", formats=(FORMAT_VERSION,)) -> None:
        self.root = Path(root)
        self._cache_arg = cache
        self._formats = set(formats)  # DONOR_FORMATS to read an older build's chunks
        self._build: Path | None = None
        self._manifest: Manifest | None = None
        self._chunks: ChunkTable | None = None
        self._citations: CitationTable | None = None
        self._retrieval: tuple | None = None
        self._vectors: np.ndarray | None = None

    # reading ------------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        """The folder of the build this store reads (resolved once)."""
        if self._build is None:
            link = self.root / CURRENT
            target = link.resolve()
            builds = (self.root / BUILDS).resolve()
            if link.exists() and target.parent != builds:
                raise IndexProblem(f"{self.root}: `current` points outside {BUILDS}/; re-index")
            self._build = target
        return self._build

    def exists(self) -> bool:
        return (self.root / CURRENT / "manifest.json").is_file()

    def manifest(self) -> Manifest:
        """The published manifest, cheaply checked (sizes, counts, paths, its own checksum);
        raises IndexProblem with advice when unusable."""
        if self._manifest is None:
            if not self.exists():
                raise IndexProblem(f"{self.root}: no index here; run `greta-search index` first")
            self._manifest = self._read_manifest(self.path)
        return self._manifest

    def _read_manifest(self, build: Path) -> Manifest:
        where = f"{self.root}"
        try:
            data = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise TypeError("not an object")
            version = data.get("format_version")
            if version not in self._formats:
                reused = " (passages already embedded are reused)" if (
                    version in DONOR_FORMATS) else ""
                raise IndexProblem(
                    f"{where}: index format {version}, this version reads {FORMAT_VERSION}; "
                    f"re-index with `greta-search index`{reused}")
            if data.get("checksum") != manifest_checksum(data):
                raise IndexProblem(f"{where}: manifest.json was edited or damaged "
                                   f"(checksum mismatch); re-index")
            manifest = Manifest.from_json(data)
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError) as err:
            raise IndexProblem(f"{where}: damaged manifest ({err}); re-index") from None
        problems = self._cheap_problems(build, manifest)
        if problems:
            raise IndexProblem(f"{where}: damaged index ({problems[0]}); re-index with "
                               f"`greta-search index`")
        return manifest

    def _cheap_problems(self, build: Path, manifest: Manifest) -> list[str]:
        """Checks that cost no more than a few stat() calls and file headers."""
        problems = []
        needed = [RECORDS_FILE, "vectors.npy", "vectors.faiss"]
        if manifest.format_version >= 4:
            needed.append(CITATIONS_FILE)
        for name in needed:
            if name not in manifest.files:
                problems.append(f"manifest lists no {name}")
        if not any(name.startswith("bm25/") for name in manifest.files):
            problems.append("manifest lists no bm25 files")
        for name, info in manifest.files.items():
            target = safe_member(build, name)
            if target is None:
                problems.append(f"path {name!r} escapes the index folder")
            elif not target.is_file() or target.is_symlink():
                problems.append(f"{name} is missing")
            elif target.stat().st_size != info.get("size"):
                problems.append(f"{name} has {target.stat().st_size} bytes, "
                                f"{info.get('size')} expected")
        if problems:
            return problems
        try:
            shape = np.load(build / "vectors.npy", mmap_mode="r", allow_pickle=False).shape
        except (ValueError, OSError) as err:
            return [f"vectors.npy unreadable ({err})"]
        if shape != (manifest.chunks, manifest.dim):
            problems.append(f"vectors.npy holds {shape}, manifest says "
                            f"({manifest.chunks}, {manifest.dim})")
        if sum(d.chunks for d in manifest.documents) != manifest.chunks:
            problems.append("document passage counts disagree with the total")
        return problems

    def verify(self) -> list[str]:
        """Full check: the cheap checks, every file's sha256, the stored chunk count and the
        SQLite schemas. Returns the problems found (empty when the index is sound)."""
        try:
            manifest = self.manifest()
        except IndexProblem as err:
            return [str(err)]
        problems = []
        for name, info in manifest.files.items():
            if file_hash(self.path / name) != info.get("sha256"):
                problems.append(f"{name}: checksum mismatch")
        tables = [self.chunks] + ([self.citations] if CITATIONS_FILE in manifest.files else [])
        for table in tables:  # a donor of format 3 has no citation file
            try:
                table()
            except IndexProblem as err:
                problems.append(str(err))
        return problems

    def chunks(self) -> ChunkTable:
        """All chunk records in vector order, as a lazily-read sequence (opened now, so a
        damaged file or a count that disagrees with the vectors is reported here)."""
        if self._chunks is None:
            manifest = self.manifest()
            table = ChunkTable(self.path / RECORDS_FILE, manifest.chunks,
                               (SCHEMA,) if manifest.format_version >= 5
                               else (SCHEMA, OLD_SCHEMA))
            table.db  # noqa: B018 - open and check
            self._chunks = table
        return self._chunks

    def vectors(self) -> np.ndarray:
        """The (n, dim) float32 matrix, memory-mapped (once: it stays readable after a
        later build removes the folder)."""
        if self._vectors is None:
            self._vectors = np.load(self.path / "vectors.npy", mmap_mode="r",
                                    allow_pickle=False)
        return self._vectors

    def faiss_index(self):
        """The FAISS index over the vectors, memory-mapped (flat codes or IVF lists)."""
        import faiss

        flag = faiss.IO_FLAG_MMAP if self.manifest().faiss == "ivf" else faiss.IO_FLAG_MMAP_IFC
        index = faiss.read_index(str(self.path / "vectors.faiss"), flag | faiss.IO_FLAG_READ_ONLY)
        if index.ntotal != self.manifest().chunks:
            raise IndexProblem(f"{self.root}: vectors.faiss holds {index.ntotal} vectors, "
                               f"{self.manifest().chunks} expected; re-index")
        if self.manifest().faiss == "ivf":
            faiss.extract_index_ivf(index).nprobe = IVF_NPROBE
        return index

    def open_retrieval(self) -> None:
        """Open (memory-map) the FAISS and BM25 indexes now, so damage is reported here."""
        if self._retrieval is None:
            self._retrieval = (self.faiss_index(), self.keyword_index())

    def dense(self, vector: np.ndarray, want: int,
              allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(position, inner product) of the `want` nearest passages, within `allowed`."""
        import faiss

        self.open_retrieval()
        index = self._retrieval[0]
        want = min(index.ntotal if allowed is None else len(allowed), want)
        if want <= 0:
            return []
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(allowed)
            params = (faiss.SearchParametersIVF(sel=selector, nprobe=IVF_NPROBE)
                      if self.manifest().faiss == "ivf" else faiss.SearchParameters(sel=selector))
        scores, ids = index.search(
            np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32), want, params=params)
        return [(int(i), float(s)) for s, i in zip(scores[0], ids[0], strict=True) if i >= 0]

    def keyword(self, query: str, want: int,
                allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(position, BM25 score) of the `want` best passages with a positive score, within
        `allowed`; ties in position order."""
        self.open_retrieval()
        mask = None
        if allowed is not None:
            mask = np.zeros(self.manifest().chunks, dtype=np.float32)
            mask[allowed] = 1.0
        scores = self._retrieval[1].scores(query, mask)
        top = np.flatnonzero(scores > 0)
        if len(top) > want:  # the best `want` (and any tied with the last), without a full sort
            kth = -np.partition(-scores[top], want - 1)[want - 1]
            top = top[scores[top] >= kth]
        top = top[np.lexsort((top, -scores[top]))][:want]
        return [(int(i), float(scores[i])) for i in top]

    def citations(self) -> CitationTable:
        """The legal citations found in the passages, read by look-up (opened now, so a
        damaged file is reported here)."""
        if self._citations is None:
            table = CitationTable(self.path / CITATIONS_FILE)
            table.db  # noqa: B018 - open and check
            self._citations = table
        return self._citations

    def keyword_index(self) -> KeywordIndex:
        """The BM25 index over the same passages (arrays memory-mapped)."""
        return KeywordIndex.load(self.path, mmap=True)

    def document_frequencies(self) -> dict[str, int]:
        """stem -> how many passages hold it, read from the opened BM25 index (each stem's
        column of scores has one entry per passage holding it)."""
        self.open_retrieval()
        model = self._retrieval[1].model
        indptr = np.asarray(model.scores["indptr"])
        return {token: int(indptr[i + 1] - indptr[i])
                for token, i in model.vocab_dict.items() if i + 1 < len(indptr)}

    def check_model(self, model: str | None, dim: int | None = None) -> Manifest:
        """Fail clearly when a search would use another model than the index was built with."""
        manifest = self.manifest()
        if model is not None and model != manifest.model:
            raise IndexProblem(
                f"{self.root}: index built with model {manifest.model!r}, not {model!r}; "
                f"re-index with `greta-search index --model {model}`"
            )
        if dim is not None and dim != manifest.dim:
            raise IndexProblem(
                f"{self.root}: index vectors have {manifest.dim} dimensions but model "
                f"{manifest.model!r} gives {dim}; re-index with `greta-search index`"
            )
        return manifest

    def source_path(self, source: str) -> Path:
        """A manifest's document source as a path (relative ones are relative to the folder
        that holds the index, so a committed index names `corpus/...`)."""
        path = Path(source)
        return path if path.is_absolute() else self.root.resolve().parent / path

    def source_label(self, path: Path) -> str:
        """How a document's path is recorded: relative to the index's parent when inside it."""
        resolved = Path(path).resolve()
        try:
            return resolved.relative_to(self.root.resolve().parent).as_posix()
        except ValueError:
            return str(resolved)

    def stale_reason(self) -> str | None:
        """Why the index no longer matches its sources or the chunking code, or None.
        Sources missing here (a colleague's index) are not checked."""
        manifest = self.manifest()
        if manifest.chunker != chunker_fingerprint():
            return "the parsing/chunking code changed"
        for entry in manifest.documents:
            path = self.source_path(entry.source)
            if not path.is_file():
                continue
            stat = path.stat()
            if stat.st_size != entry.size or (stat.st_mtime_ns != entry.mtime_ns
                                              and file_hash(path) != entry.sha256):
                return f"{entry.source} changed"
        return None

    # writing ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the index folder's write lock; wait (saying so) while another build holds it.
        A POSIX record lock: the kernel drops it when the process dies, and forked parsing
        workers do not inherit it."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+") as fh:
            try:
                fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                fh.seek(0)
                holder = fh.read().strip() or "?"
                print(f"{self.root}: another `index` (pid {holder}) is writing this index; "
                      f"waiting for it to finish", file=sys.stderr, flush=True)
                fcntl.lockf(fh, fcntl.LOCK_EX)
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()))
            fh.flush()
            try:
                yield
            finally:
                fcntl.lockf(fh, fcntl.LOCK_UN)

    def build(
        self,
        paths: list[Path],
        embedder,
        progress: Callable[[int, int], None] | None = None,
        keep_existing: bool = False,
        merge_from: list[Path] | None = None,
        skip_bad: bool = False,
        template=None,
    ) -> BuildReport:
        """Index the documents at `paths` and publish the result atomically.

        Documents whose file hash is unchanged since the previous build (and parsed by the
        same code) reuse its chunks; passages whose text is unchanged reuse their vectors
        from the previous build, from merged indexes, or from the embedding cache. Any bad
        input raises InputError before anything is published; with `skip_bad` a bad document is
        skipped and its error recorded in `report.failed`. `keep_existing` keeps the
        documents already indexed; `merge_from` adds the documents of other index folders
        with their vectors. `progress(done, total)` reports embedding progress. `template`
        (a `template.Template`) replaces the round's shipped questionnaire.
        """
        with self.locked():
            clean_partial(self.root)
            self._forget()
            try:
                return build_index(self, paths, embedder, progress, keep_existing,
                                   merge_from or [], skip_bad, template, chunker_fingerprint())
            finally:
                self._forget()

    def refresh(self, embedder, progress=None) -> BuildReport:
        """Rebuild from the documents already indexed (after a code or source change)."""
        return self.build([], embedder, progress, keep_existing=True)

    def merge(self, others: list[Path], embedder, progress=None) -> BuildReport:
        """Add the documents of other index folders, reusing their vectors."""
        return self.build([], embedder, progress, keep_existing=True, merge_from=others)

    def _cache(self):
        if self._cache_arg == "default":
            from greta_search.cache import EmbeddingCache

            return EmbeddingCache.default()
        return self._cache_arg

    def _forget(self) -> None:
        """Drop what was read of the published build (a new one replaces it)."""
        self._build = self._manifest = self._chunks = self._citations = None
        self._retrieval = self._vectors = None
