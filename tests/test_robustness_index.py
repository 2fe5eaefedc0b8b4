"""Index safety: kill -9 at every stage of a build, concurrent builds, searches during a
rebuild, corruption caught by the manifest's checksums, old builds collected, and nothing
executable (no pickle, no stored SQL code, no path out of the folder) in an index."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from greta_search.embed import HashEmbedder
from greta_search.search import Searcher
from greta_search.store import (
    BUILDS,
    PAUSE_POINTS,
    IndexProblem,
    IndexStore,
    file_hash,
    manifest_checksum,
)

from .conftest import ROOT, SEED


def variant(text: str, n: int) -> str:
    """The seed as another State's reply, its wording changed so passages differ."""
    return (text.replace("GRETA(2023)11_AZE_rep", f"GRETA(2026){n:02d}_X{chr(64 + n)}Z_rep")
            .replace("Azerbaijan", f"Country{n}").replace("victims", f"victims{n}"))


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A folder with the seed and one variant of it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "aze.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "v01.txt").write_text(variant(SEED.read_text(encoding="utf-8"), 1),
                                    encoding="utf-8")
    return folder


def index_process(corpus: Path, index: Path, pause: str | None = None, pause_file=None,
                  seconds: float = 60, stderr=subprocess.PIPE) -> subprocess.Popen:
    """`greta-search index` in a subprocess, optionally pausing at a named point."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if pause:
        env.update(GRETA_SEARCH_TEST_PAUSE_AT=pause, GRETA_SEARCH_TEST_PAUSE_FILE=str(pause_file),
                   GRETA_SEARCH_TEST_PAUSE_SECONDS=str(seconds))
    return subprocess.Popen(
        [sys.executable, "-m", "greta_search", "index", str(corpus), "--model", "hash",
         "--index", str(index)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr,
        start_new_session=True)


def wait_for(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def kill_at(point: str, corpus: Path, index: Path, tmp_path: Path) -> None:
    """Start a build, wait until it reaches `point`, and SIGKILL it there."""
    flag = tmp_path / f"paused-{point}"
    proc = index_process(corpus, index, point, flag)
    wait_for(lambda: flag.exists() or proc.poll() is not None)
    assert proc.poll() is None, proc.communicate()[1].decode()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    wait_for(lambda: not orphans(proc.pid), timeout=30)  # parsing workers die with it


def orphans(group: int) -> list[int]:
    """Live processes (not zombies) of a process group."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == group:
            found.append(int(entry.name))
    return found


def answers(root: Path) -> set[str]:
    """The documents a fresh search process sees (and that the index is whole)."""
    store = IndexStore(root)
    assert store.verify() == []
    hits = Searcher(store, HashEmbedder()).search("victims referred to shelters", k=5)
    assert hits
    return {e.doc for e in store.manifest().documents}


@pytest.mark.parametrize("point", PAUSE_POINTS)
def test_kill_9_during_index_keeps_the_old_index_and_next_index_cleans_up(
        point, corpus, hash_index, tmp_path):
    before = (hash_index / "current").resolve()
    kill_at(point, corpus, hash_index, tmp_path)
    assert (hash_index / "current").resolve() == before
    assert answers(hash_index) == {"GRETA(2023)11_AZE_rep"}
    report = IndexStore(hash_index).build(sorted(corpus.iterdir()), HashEmbedder())
    assert report.documents == 2
    assert answers(hash_index) == {"GRETA(2023)11_AZE_rep", "GRETA(2026)01_XAZ_rep"}
    leftovers = [p.name for p in (hash_index / BUILDS).iterdir() if p.name.endswith(".tmp")]
    assert leftovers == [] and not list(hash_index.glob(".current.*"))


def test_build_killed_mid_embedding_resumes_from_the_cache(corpus, tmp_path):
    index = tmp_path / "index"
    kill_at("embedding", corpus, index, tmp_path)
    assert not (index / "current").exists()
    report = IndexStore(index).build(sorted(corpus.iterdir()), HashEmbedder())
    assert report.cached >= 64  # the batch embedded before the kill is not embedded again
    assert report.embedded == report.chunks - report.cached
    assert IndexStore(index).verify() == []


def test_second_index_waits_for_the_first(corpus, hash_index, tmp_path):
    flag = tmp_path / "paused"
    first = index_process(corpus, hash_index, "bm25", flag, seconds=3)
    wait_for(flag.exists)
    log = tmp_path / "second.err"
    with open(log, "wb") as err:
        second = index_process(corpus, hash_index, stderr=err)
        wait_for(lambda: "waiting" in log.read_text() or second.poll() is not None)
        assert "another `index`" in log.read_text()
        assert first.wait(timeout=120) == 0
        assert second.wait(timeout=120) == 0
    assert answers(hash_index) == {"GRETA(2023)11_AZE_rep", "GRETA(2026)01_XAZ_rep"}


WRITER = """
import sys
from pathlib import Path
from greta_search.embed import HashEmbedder
from greta_search.store import IndexStore
corpus, index = Path(sys.argv[1]), Path(sys.argv[2])
files = sorted(corpus.iterdir())
for round in range(4):
    IndexStore(index).build(files if round % 2 == 0 else files[:1], HashEmbedder())
"""


def test_searches_during_a_rebuild_see_old_or_new_never_a_mix(corpus, hash_index):
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(corpus), str(hash_index)],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seen = set()
    for _ in range(2000):  # bounded; stops when the writer is done
        store = IndexStore(hash_index)
        searcher = Searcher(store, HashEmbedder())
        docs = {e.doc for e in store.manifest().documents}
        n = store.manifest().chunks
        assert len(searcher.chunks) == store.vectors().shape[0] == n
        assert store.faiss_index().ntotal == n
        assert int(store.keyword_index().model.scores["num_docs"]) == n
        for hit in searcher.search("victims referred to shelters", k=10, per_question=0):
            assert hit.chunk.doc in docs
            assert hit.chunk.position < n
        seen.add(store.path.name)
        if writer.poll() is not None:
            break
    assert writer.wait(timeout=300) == 0
    assert len(seen) >= 2  # the reader really crossed a swap


def test_old_builds_are_collected_keeping_current_and_one_before(hash_index, seed_path):
    for _ in range(3):
        IndexStore(hash_index).build([seed_path], HashEmbedder())
    builds = sorted(p.name for p in (hash_index / BUILDS).iterdir())
    assert len(builds) == 2
    assert (hash_index / "current").resolve().name == builds[-1]


# --- corruption ------------------------------------------------------------------------------


def rewrite_manifest(build: Path, edit) -> None:
    """Edit the manifest and re-seal it (what a careless tool or a forger would do)."""
    path = build / "manifest.json"
    data = json.loads(path.read_text())
    edit(data)
    data["checksum"] = manifest_checksum(data)
    path.write_text(json.dumps(data))


def reseal(build: Path, name: str) -> None:
    """Record a changed file's new size and hash, so only deeper checks can notice."""
    target = build / name

    def update(data):
        data["files"][name] = {"size": target.stat().st_size, "sha256": file_hash(target)}
    rewrite_manifest(build, update)


def truncate_vectors(build: Path) -> None:
    path = build / "vectors.npy"
    path.write_bytes(path.read_bytes()[:-1024])


def edit_manifest(build: Path) -> None:
    path = build / "manifest.json"
    path.write_text(path.read_text().replace('"model": "hash"', '"model": "e5"'))


def remove_bm25_file(build: Path) -> None:
    next((build / "bm25").glob("vocab*.json")).unlink()


def drop_chunk_records(build: Path) -> None:
    path = build / "chunks.sqlite"
    path.chmod(0o644)
    db = sqlite3.connect(path)
    db.execute("DELETE FROM chunks WHERE position >= (SELECT max(position) - 4 FROM chunks)")
    db.commit()
    db.execute("VACUUM")
    db.close()
    reseal(build, "chunks.sqlite")


def garble_records(build: Path) -> None:
    path = build / "chunks.sqlite"
    data = bytearray(path.read_bytes())
    data[:100] = b"\0" * 100
    path.write_bytes(bytes(data))
    reseal(build, "chunks.sqlite")


def flip_vector_byte(build: Path) -> None:
    """Same size, different bytes: only the full sha256 check sees it."""
    path = build / "vectors.npy"
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))


CORRUPTIONS = {
    "truncated vectors": (truncate_vectors, "vectors.npy has"),
    "edited manifest": (edit_manifest, "manifest.json was edited"),
    "missing bm25 file": (remove_bm25_file, "is missing"),
    "chunks disagree with vectors": (drop_chunk_records, "chunk records for"),
    "garbled chunk records": (garble_records, "damaged chunk records"),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_corruption_is_detected_with_advice_to_reindex(case, hash_index):
    damage, message = CORRUPTIONS[case]
    damage((hash_index / "current").resolve())
    with pytest.raises(IndexProblem, match="re-index") as caught:
        Searcher(IndexStore(hash_index), HashEmbedder())
    assert message in str(caught.value)
    assert IndexStore(hash_index).verify()
    done = subprocess.run([sys.executable, "-m", "greta_search", "search", "shelters",
                           "--model", "hash", "--index", str(hash_index)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0
    assert "re-index" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_same_size_damage_is_found_by_verify(hash_index):
    flip_vector_byte((hash_index / "current").resolve())
    assert IndexStore(hash_index).verify() == ["vectors.npy: checksum mismatch"]
    done = subprocess.run([sys.executable, "-m", "greta_search", "verify", "--index",
                           str(hash_index)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0 and "checksum mismatch" in done.stderr
    assert "re-index" in done.stderr and "Traceback" not in done.stderr


def test_a_damaged_index_is_rebuilt_by_the_next_index(hash_index, seed_path):
    truncate_vectors((hash_index / "current").resolve())
    report = IndexStore(hash_index).build([seed_path], HashEmbedder())
    assert report.reused == report.cached  # nothing taken from the damaged build
    assert IndexStore(hash_index).verify() == []


# --- nothing executable ----------------------------------------------------------------------

MAGICS = (b"\x93NUMPY", b"SQLite format 3\0", b"IxF", b"{", b"[")
# What pickle.dumps writes: PROTO 4/5 + FRAME, and the imports a malicious pickle needs.
PICKLE_MARKERS = (b"\x80\x04\x95", b"\x80\x05\x95", b"cbuiltins\n", b"\x8c\x08builtins",
                  b"cposix\nsystem", b"c__builtin__")


def test_index_files_hold_no_pickle(hash_index):
    build = (hash_index / "current").resolve()
    files = [p for p in build.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} >= {".npy", ".json", ".sqlite", ".faiss"}
    for path in files:
        data = path.read_bytes()
        assert data.startswith(MAGICS), path
        assert not data.startswith(b"\x80"), f"{path} starts with a pickle PROTO opcode"
        for marker in PICKLE_MARKERS:
            assert marker not in data, f"{path} holds pickle opcodes {marker!r}"
        if path.suffix == ".npy":
            array = np.load(path, allow_pickle=False)
            assert not array.dtype.hasobject
        if path.suffix == ".json":
            json.loads(data)


def test_manifest_paths_never_escape_the_index(hash_index, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not yours")
    build = (hash_index / "current").resolve()
    for name in ("../../../secret.txt", str(secret), "bm25/../../../../secret.txt"):
        rewrite_manifest(build, lambda data, name=name: data["files"].update(
            {name: {"size": secret.stat().st_size, "sha256": file_hash(secret)}}))
        with pytest.raises(IndexProblem, match="escapes the index folder"):
            IndexStore(hash_index).manifest()
        rewrite_manifest(build, lambda data, name=name: data["files"].pop(name))
    assert IndexStore(hash_index).verify() == []


def test_current_pointing_outside_the_index_is_refused(hash_index, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (hash_index / "current").resolve().rename(elsewhere)
    (hash_index / "current").unlink()
    (hash_index / "current").symlink_to(elsewhere)
    with pytest.raises(IndexProblem, match="outside"):
        IndexStore(hash_index).manifest()


def test_stored_sql_code_in_a_received_index_is_refused(hash_index):
    build = (hash_index / "current").resolve()
    db = sqlite3.connect(build / "chunks.sqlite")
    db.execute("CREATE VIEW sneaky AS SELECT * FROM chunks")
    db.execute("CREATE TRIGGER t AFTER INSERT ON facets BEGIN DELETE FROM chunks; END")
    db.commit()
    db.close()
    reseal(build, "chunks.sqlite")
    with pytest.raises(IndexProblem, match="unexpected schema"):
        Searcher(IndexStore(hash_index), HashEmbedder())


def test_same_corpus_gives_byte_identical_index_files(tmp_path, seed_path, monkeypatch):
    """Timestamps live only in the manifest: every other file is the same, byte for byte."""
    monkeypatch.setenv("GRETA_SEARCH_CACHE", "off")
    files = []
    for name in ("first", "second"):
        IndexStore(tmp_path / name).build([seed_path], HashEmbedder())
        files.append(IndexStore(tmp_path / name).manifest().files)
    assert files[0] == files[1] and len(files[0]) >= 8
