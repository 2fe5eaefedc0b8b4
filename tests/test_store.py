"""The index on disk: manifest, re-use of unchanged work, atomic swap, model checks."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from greta_search.embed import HashEmbedder
from greta_search.load import InputError
from greta_search.store import FORMAT_VERSION, IndexStore, IndexUnusable


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting what it is asked to embed."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.calls = 0
        self.fail_after = fail_after

    def embed_passages(self, texts):
        self.calls += len(texts)
        if self.fail_after is not None and self.calls > self.fail_after:
            raise KeyboardInterrupt("interrupted mid-build")
        return super().embed_passages(texts)


def snapshot(root):
    """Where `current` points and the bytes of every file below it."""
    current = (root / "current").resolve()
    return current, {str(p.relative_to(current)): p.read_bytes()
                     for p in sorted(current.rglob("*")) if p.is_file()}


def test_manifest_records_format_model_and_hashes(hash_index, seed_path):
    store = IndexStore(hash_index)
    manifest = store.manifest()
    assert manifest.format_version == FORMAT_VERSION
    assert (manifest.model, manifest.dim) == ("hash", HashEmbedder.dim)
    [entry] = manifest.documents
    assert entry.doc == "GRETA(2023)11_AZE_rep"
    assert entry.meta["country"] == "Azerbaijan"
    import hashlib

    assert entry.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    chunks = store.chunks()
    assert len(chunks) == entry.chunks == store.vectors().shape[0] == store.faiss_index().ntotal
    norms = np.linalg.norm(store.vectors(), axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)


def test_reindex_skips_unchanged_and_reembeds_only_changed_text(tmp_path, seed_path):
    doc = tmp_path / "reply.txt"
    shutil.copy(seed_path, doc)
    store = IndexStore(tmp_path / "index")
    first = CountingEmbedder()
    report = store.build([doc], first)
    assert report.embedded == first.calls == report.chunks > 100

    again = CountingEmbedder()
    report = store.build([doc], again)
    assert again.calls == 0 and report.skipped_documents == 1 and report.reused == report.chunks

    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("21,897 complaint", "22,000 complaint"), encoding="utf-8")
    edited = CountingEmbedder()
    report = store.build([doc], edited)
    assert edited.calls == 1 and report.embedded == 1
    assert any("22,000 complaint" in c.text for c in store.chunks())


def test_failed_build_leaves_previous_index_untouched(hash_index, tmp_path):
    before = snapshot(hash_index)
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    with pytest.raises(InputError, match="empty.txt: file is empty"):
        IndexStore(hash_index).build([bad], HashEmbedder())
    assert snapshot(hash_index) == before


def test_interrupted_build_leaves_previous_index_working(hash_index, tmp_path, seed_path):
    before = snapshot(hash_index)
    other = tmp_path / "other.txt"
    other.write_text(
        seed_path.read_text(encoding="utf-8")
        .replace("GRETA(2023)11_AZE_rep", "GRETA(2024)01_XYZ_rep")
        .replace("measures", "steps"),
        encoding="utf-8",
    )
    with pytest.raises(KeyboardInterrupt):
        IndexStore(hash_index).build([other], CountingEmbedder(fail_after=64))
    assert snapshot(hash_index) == before
    assert [p.name for p in (hash_index / "builds").iterdir()] == [before[0].name]
    assert IndexStore(hash_index).manifest().documents[0].doc == "GRETA(2023)11_AZE_rep"


def test_other_model_or_format_version_asks_to_reindex(hash_index):
    store = IndexStore(hash_index)
    with pytest.raises(IndexUnusable, match=r"built with model 'hash', not 'e5'.*re-index"):
        store.check_model("e5", 384)
    with pytest.raises(IndexUnusable, match="re-index"):
        store.check_model("hash", 999)
    manifest_path = store.path / "manifest.json"
    data = json.loads(manifest_path.read_text())
    data["format_version"] = FORMAT_VERSION + 1
    manifest_path.write_text(json.dumps(data))
    with pytest.raises(IndexUnusable, match="re-index"):
        IndexStore(hash_index).manifest()  # a store keeps the manifest it read first


def test_duplicate_document_code_is_rejected(tmp_path, seed_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(seed_path, copy)
    with pytest.raises(InputError, match="already indexed"):
        IndexStore(tmp_path / "index").build([seed_path, copy], HashEmbedder())
    assert not (tmp_path / "index" / "current").exists()


def test_ivf_index_for_large_collections_is_memory_mapped(tmp_path):
    import faiss

    from greta_search.store import IVF_NPROBE, write_faiss

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((3000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    write_faiss(tmp_path / "v.faiss", vectors, "ivf")
    index = faiss.read_index(str(tmp_path / "v.faiss"), faiss.IO_FLAG_MMAP)
    assert isinstance(index, faiss.IndexIVFFlat) and index.nprobe == IVF_NPROBE
    _, ids = index.search(vectors[:50], 1)
    assert (ids[:, 0] == np.arange(50)).mean() > 0.9
