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
A build is written into `<id>.tmp`, renamed, and published by replacing `current` in one
rename; a killed build leaves the previous index working and is cleaned up by the next
`index`. The current build and the one before it are kept (a search that opened the older
one keeps reading it); older ones are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from greta_search.chunk import Chunk
from greta_search.citations import CITATIONS_FILE, CitationTable, write_citations
from greta_search.keyword import KeywordIndex
from greta_search.load import InputError
from greta_search.pipeline import (  # noqa: F401 - re-exported for callers and tests
    PAUSE_POINTS,
    BuildReport,
    DocumentEntry,
    ProgressLine,
    _Embedding,
    _estimate,
    file_hash,
    parse_all,
    pause_point,
)
from greta_search.records import RECORDS_FILE, ChunkTable, IndexProblem, write_records

FORMAT_VERSION = 4  # 4: citations in SQLite; 3: SQLite chunk records, checksums, fingerprint
# Older formats whose chunk records and vectors a new build can still reuse (re-indexing
# an index of format 3 re-embeds nothing).
DONOR_FORMATS = {3, FORMAT_VERSION}
CURRENT = "current"
BUILDS = "builds"
LOCK = ".lock"
# Past this many vectors, searches use an IVF index (memory-mapped lists) instead of an
# exact flat scan: a flat scan reads every vector per query (265 k x 384 floats is 400 MB,
# ~40 ms of memory bandwidth), IVF reads nprobe of 4*sqrt(n) lists. Recall measured in
# docs/scale.md.
IVF_THRESHOLD = 100_000
IVF_NPROBE = 32
# Modules that do not shape what is indexed: a change to them leaves an index fresh.
QUERY_SIDE = {
    "__init__", "__main__", "answer", "answer_tables", "answer_types", "api", "bibliography",
    "cache", "citations", "cli", "compare", "confidence", "embed", "errors", "evaluate", "export",
    "highlight", "measures", "pipeline", "plot", "queries", "records", "results", "search",
    "spans", "store", "structure", "tables", "validate",
}


IndexUnusable = IndexProblem  # the earlier name


@dataclass
class Manifest:
    """Everything needed to check that an index can be used as it is."""

    format_version: int
    model: str
    dim: int
    documents: list[DocumentEntry]
    built_at: str = ""
    faiss: str = "flat"
    chunks: int = 0
    chunker: str = ""
    files: dict = field(default_factory=dict)  # relative path -> {"size", "sha256"}
    checksum: str = ""  # sha256 of this manifest without the field

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        docs = [DocumentEntry(**d) for d in data.get("documents", [])]
        return cls(**{**data, "documents": docs})

    def to_json(self) -> dict:
        data = asdict(self)
        data["checksum"] = manifest_checksum(data)
        return data


def manifest_checksum(data: dict) -> str:
    body = {k: v for k, v in data.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
                          ).hexdigest()


def chunker_fingerprint() -> str:
    """Hash of the code that decides what is indexed (loading, parsing, chunking, citations,
    provisions, keywords): when it changes, an index may be stale."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    shaping = [m for m in package.glob("*.py") if m.stem not in QUERY_SIDE]
    for module in sorted(shaping + list(package.glob("templates/*.json"))):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:16]


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
            table = ChunkTable(self.path / RECORDS_FILE, self.manifest().chunks)
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
            self._clean_partial()
            self._build = self._manifest = self._chunks = self._citations = None
            self._retrieval = self._vectors = None
            return self._build_locked(paths, embedder, progress, keep_existing,
                                      merge_from or [], skip_bad, template)

    def refresh(self, embedder, progress=None) -> BuildReport:
        """Rebuild from the documents already indexed (after a code or source change)."""
        return self.build([], embedder, progress, keep_existing=True)

    def merge(self, others: list[Path], embedder, progress=None) -> BuildReport:
        """Add the documents of other index folders, reusing their vectors."""
        return self.build([], embedder, progress, keep_existing=True, merge_from=others)

    def _build_locked(self, paths, embedder, progress, keep_existing, merge_from, skip_bad,
                      template):
        started = time.perf_counter()
        report = BuildReport()
        fingerprint = chunker_fingerprint()
        previous = self._previous(embedder.name)
        donors = [previous] if previous else []
        plans: list[tuple[DocumentEntry, list[Chunk] | None, Path | None]] = []
        wanted = {self.source_label(p): Path(p) for p in paths}
        if keep_existing and previous:
            for entry in previous.manifest.documents:
                path = self.source_path(entry.source)
                if entry.source not in wanted and path.is_file():
                    wanted[entry.source] = path
                elif entry.source not in wanted:  # carried: its source is not here
                    plans.append((entry, previous.chunks.doc_chunks(entry.doc), None))
        for other_root in merge_from:
            problems = IndexStore(other_root, cache=None, formats=DONOR_FORMATS).verify()
            if problems:
                raise IndexProblem(f"{other_root}: cannot merge: {problems[0]}")
            other = _Donor.open(IndexStore(other_root, cache=None, formats=DONOR_FORMATS),
                                embedder.name)
            donors.append(other)
            for entry in other.manifest.documents:
                plans.append((entry, other.chunks.doc_chunks(entry.doc), None))
        old = {e.source: e for e in previous.manifest.documents} if previous else {}
        same_code = previous is not None and previous.manifest.chunker == fingerprint
        to_parse = []
        for label, path in wanted.items():
            entry = old.get(label)
            if not path.is_file():
                raise InputError(f"{path}: no such file")
            if same_code and entry and entry.size == path.stat().st_size \
                    and entry.sha256 == file_hash(path):
                entry.mtime_ns = path.stat().st_mtime_ns
                plans.append((entry, previous.chunks.doc_chunks(entry.doc), None))
                report.skipped_documents += 1
            else:
                plans.append((DocumentEntry("", label, "", 0), None, path))
                to_parse.append(path)
        parsed = parse_all(to_parse, template)
        chunks: list[Chunk] = []
        entries: list[DocumentEntry] = []
        seen: dict[str, tuple[str, str, bool]] = {}
        vectors_done: list[np.ndarray] = []
        embedder_state = _Embedding(embedder, donors, self._cache(), report, progress,
                                    estimate=_estimate(plans))
        for entry, doc_chunks, path in plans:
            if path is not None:
                done = next(parsed)
                if done.error is not None:
                    if not skip_bad:
                        raise InputError(done.error)
                    report.failed.append(done.error)
                    continue
                entry, doc_chunks = done.entry, done.chunks
                entry.source = self.source_label(path)
                report.warnings.extend(done.warnings)
                report.summaries.append(done.summary)
                pause_point("parsing")
            if entry.doc in seen:
                sha, source, carried = seen[entry.doc]
                if (carried or path is None) and sha == entry.sha256:  # merged, known here
                    continue
                error = (f"{entry.source}: document code {entry.doc} is already indexed "
                         f"from {source}")
                if not skip_bad:
                    raise InputError(error)
                report.failed.append(error)
                continue
            if not doc_chunks:
                raise InputError(f"{entry.source}: no text to index")
            seen[entry.doc] = (entry.sha256, entry.source, path is None)
            for chunk in doc_chunks:
                chunk.position = len(chunks)
                chunks.append(chunk)
            entries.append(entry)
            vectors_done.append(embedder_state.embed(doc_chunks))
        embedder_state.finish()
        if not chunks and report.failed:
            raise InputError("; ".join(report.failed))
        vectors = (np.concatenate(vectors_done) if vectors_done
                   else np.zeros((0, embedder.dim), dtype=np.float32))
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model=embedder.name,
            dim=embedder.dim,
            documents=entries,
            built_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
            faiss="ivf" if len(chunks) > IVF_THRESHOLD else "flat",
            chunks=len(chunks),
            chunker=fingerprint,
        )
        for donor in donors:
            donor.close()
        self._publish(manifest, chunks, vectors)
        report.documents = len(entries)
        report.chunks = len(chunks)
        report.seconds = time.perf_counter() - started
        return report

    def _cache(self):
        if self._cache_arg == "default":
            from greta_search.cache import EmbeddingCache

            return EmbeddingCache.default()
        return self._cache_arg

    def _previous(self, model: str) -> _Donor | None:
        """The published build if it can donate chunks and vectors to a new build."""
        try:
            return _Donor.open(IndexStore(self.root, cache=None, formats=DONOR_FORMATS), model)
        except IndexProblem:
            return None

    def _clean_partial(self) -> None:
        """Remove half-written builds left by a killed `index` (we hold the lock)."""
        builds = self.root / BUILDS
        if builds.is_dir():
            for folder in builds.iterdir():
                if folder.name.endswith(".tmp"):
                    shutil.rmtree(folder, ignore_errors=True)
        for link in self.root.glob(f".{CURRENT}.*"):
            link.unlink(missing_ok=True)

    def _publish(self, manifest: Manifest, chunks: list[Chunk], vectors: np.ndarray) -> None:
        builds = self.root / BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        now = time.time_ns()  # names sort in build order
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now // 10**9))
        build = builds / f"{stamp}-{now % 10**9:09d}"
        tmp = build.with_name(build.name + ".tmp")
        tmp.mkdir()
        try:
            write_records(tmp / RECORDS_FILE, chunks)
            np.save(tmp / "vectors.npy", vectors, allow_pickle=False)
            pause_point("vectors")
            write_faiss(tmp / "vectors.faiss", vectors, manifest.faiss)
            KeywordIndex.build([c.embed_text for c in chunks]).save(tmp)
            pause_point("bm25")
            write_citations(tmp / CITATIONS_FILE, provision_records(chunks), chunks)
            manifest.files = {
                p.relative_to(tmp).as_posix(): {"size": p.stat().st_size,
                                                "sha256": file_hash(p)}
                for p in sorted(tmp.rglob("*")) if p.is_file()
            }
            (tmp / "manifest.json").write_text(
                json.dumps(manifest.to_json(), indent=2, ensure_ascii=False), encoding="utf-8"
            )
            for p in tmp.rglob("*"):
                if p.is_file():
                    with open(p, "rb") as fh:
                        os.fsync(fh.fileno())
            tmp.rename(build)
            link = self.root / f".{CURRENT}.{os.getpid()}"
            link.unlink(missing_ok=True)
            link.symlink_to(Path(BUILDS) / build.name)
            before = (self.root / CURRENT).resolve().name
            pause_point("swap")
            os.replace(link, self.root / CURRENT)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._build = self._manifest = self._chunks = self._citations = None
        self._retrieval = self._vectors = None
        self._remove_old_builds(keep={build.name, before})

    def _remove_old_builds(self, keep: set[str]) -> None:
        """Keep the new build and the one published before it (searches may still read
        it); remove the rest, including complete builds a killed `index` never published."""
        for old in (self.root / BUILDS).iterdir():
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)


def safe_member(build: Path, name: str) -> Path | None:
    """The file a manifest names, or None if the name could leave the build folder."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return None
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        return None
    target = build / relative
    try:
        target.resolve().relative_to(build.resolve())
    except (ValueError, OSError):
        return None
    return target


@dataclass
class _Donor:
    """A build that can give chunk records and vectors to a new build."""

    manifest: Manifest
    chunks: ChunkTable
    vectors: np.ndarray
    _positions: dict[str, int] | None = None

    @classmethod
    def open(cls, store: IndexStore, model: str) -> _Donor:
        manifest = store.manifest()
        if manifest.model != model:
            raise IndexProblem(f"{store.root}: built with model {manifest.model!r}, "
                               f"not {model!r}")
        return cls(manifest, store.chunks(), store.vectors())

    def vector(self, digest: str) -> np.ndarray | None:
        if self._positions is None:
            self._positions = {h: i for i, h in enumerate(self.chunks.hashes())}
        position = self._positions.get(digest)
        return None if position is None else np.asarray(self.vectors[position])

    def close(self) -> None:
        self.chunks.close()


def provision_records(chunks: list[Chunk]) -> list[dict]:
    """Legal citations of every passage. Each question (or stretch of text outside questions)
    is one scope for "hereinafter" definitions and "the same Code"."""
    from itertools import groupby

    from greta_search.provisions import extract_provisions

    records = []
    for _, group in groupby(chunks, key=lambda c: (c.doc, c.question)):
        scope = list(group)
        for found in extract_provisions([c.text for c in scope]):
            record = asdict(found)
            record["chunk"] = scope[record.pop("paragraph")].position
            records.append(record)
    return records


def write_faiss(path: Path, vectors: np.ndarray, kind: str) -> None:
    """Write an inner-product FAISS index: exact ("flat"), or IVF-Flat for large collections
    (its inverted lists are memory-mapped at search time)."""
    import faiss

    dim = vectors.shape[1]
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    if kind == "ivf":
        lists = int(4 * np.sqrt(len(data)))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(len(data), min(len(data), lists * 50),
                                                 replace=False)
        index.train(data[np.sort(sample)])
        index.nprobe = IVF_NPROBE
    else:
        index = faiss.IndexFlatIP(dim)
    if len(data):
        index.add(data)
    faiss.write_index(index, str(path))
