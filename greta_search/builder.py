"""Writing an index: the documents to parse, reuse or merge, their chunk records and
vectors (reused from earlier builds, merged indexes or the embedding cache), the FAISS,
BM25 and citation indexes, all written into `builds/<id>.tmp` and published by one rename
(the folder layout is described in store.py)."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from greta_search.chunk import Chunk
from greta_search.citations import CITATIONS_FILE, write_citations
from greta_search.keyword import KeywordIndex
from greta_search.load import InputError
from greta_search.manifest import (
    BUILDS,
    CURRENT,
    DONOR_FORMATS,
    FORMAT_VERSION,
    IVF_NPROBE,
    IVF_THRESHOLD,
    Manifest,
)
from greta_search.pipeline import (
    BuildReport,
    DocumentEntry,
    _Embedding,
    _estimate,
    file_hash,
    parse_all,
    pause_point,
)
from greta_search.records import RECORDS_FILE, ChunkTable, IndexProblem, write_records

if TYPE_CHECKING:
    from greta_search.store import IndexStore


def build_index(store: IndexStore, paths, embedder, progress, keep_existing, merge_from,
                skip_bad, template, fingerprint: str) -> BuildReport:
    """Build and publish (see `IndexStore.build`), recording `fingerprint` as the code that
    shaped the build; the caller holds the lock."""
    started = time.perf_counter()
    report = BuildReport()
    previous = _previous(store, embedder.name)
    donors = [previous] if previous else []
    plans: list[tuple[DocumentEntry, list[Chunk] | None, Path | None]] = []
    wanted = {store.source_label(p): Path(p) for p in paths}
    if keep_existing and previous:
        for entry in previous.manifest.documents:
            path = store.source_path(entry.source)
            if entry.source not in wanted and path.is_file():
                wanted[entry.source] = path
            elif entry.source not in wanted:  # carried: its source is not here
                plans.append((entry, previous.chunks.doc_chunks(entry.doc), None))
    for other_root in merge_from:
        problems = type(store)(other_root, cache=None, formats=DONOR_FORMATS).verify()
        if problems:
            raise IndexProblem(f"{other_root}: cannot merge: {problems[0]}")
        other = _Donor.open(type(store)(other_root, cache=None, formats=DONOR_FORMATS),
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
    embedder_state = _Embedding(embedder, donors, store._cache(), report, progress,
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
            entry.source = store.source_label(path)
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
    publish(store.root, manifest, chunks, vectors)
    report.documents = len(entries)
    report.chunks = len(chunks)
    report.seconds = time.perf_counter() - started
    return report


def _previous(store: IndexStore, model: str) -> _Donor | None:
    """The published build if it can donate chunks and vectors to a new build."""
    try:
        return _Donor.open(type(store)(store.root, cache=None, formats=DONOR_FORMATS), model)
    except IndexProblem:
        return None


def clean_partial(root: Path) -> None:
    """Remove half-written builds left by a killed `index` (we hold the lock)."""
    builds = root / BUILDS
    if builds.is_dir():
        for folder in builds.iterdir():
            if folder.name.endswith(".tmp"):
                shutil.rmtree(folder, ignore_errors=True)
    for link in root.glob(f".{CURRENT}.*"):
        link.unlink(missing_ok=True)


def publish(root: Path, manifest: Manifest, chunks: list[Chunk], vectors: np.ndarray) -> None:
    """Write a build into `<id>.tmp`, rename it, and make it `current` in one rename."""
    builds = root / BUILDS
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
        link = root / f".{CURRENT}.{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(Path(BUILDS) / build.name)
        before = (root / CURRENT).resolve().name
        pause_point("swap")
        os.replace(link, root / CURRENT)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_old_builds(root, keep={build.name, before})


def _remove_old_builds(root: Path, keep: set[str]) -> None:
    """Keep the new build and the one published before it (searches may still read
    it); remove the rest, including complete builds a killed `index` never published."""
    for old in (root / BUILDS).iterdir():
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


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
