"""The committed index of corpus/ (index/): whole, current with the parsing and chunking
code (no model needed to check), and free of absolute paths."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from greta_search.chunk import chunk_document
from greta_search.parse import parse_file
from greta_search.store import IndexProblem, IndexStore, chunker_fingerprint, file_hash

from .conftest import ROOT

SHIPPED = ROOT / "index"
REBUILD = "rebuild it with `bash scripts/build_shipped_index.sh` and commit index/"


@pytest.fixture(scope="module")
def shipped() -> IndexStore:
    store = IndexStore(SHIPPED)
    assert store.exists(), f"no committed index in {SHIPPED}; {REBUILD}"
    try:
        store.manifest()
    except IndexProblem as err:  # e.g. built in an earlier index format
        pytest.fail(f"{err}; {REBUILD}")
    return store


def test_committed_index_matches_the_chunking_code(shipped):
    """Re-chunk the corpus (no model) and compare passage hashes with the committed index."""
    manifest = shipped.manifest()
    expected: list[str] = []
    for entry in manifest.documents:
        source = shipped.source_path(entry.source)
        assert source.is_file(), f"{entry.source} is indexed but missing; {REBUILD}"
        assert file_hash(source) == entry.sha256, f"{entry.source} changed; {REBUILD}"
        expected += [c.content_hash() for c in chunk_document(parse_file(source))]
    stored = shipped.chunks().hashes()
    differ = sum(a != b for a, b in zip(expected, stored, strict=False))
    assert (len(expected), differ) == (len(stored), 0), (
        f"the committed index is stale: {len(expected)} passages now, {len(stored)} indexed, "
        f"{differ} differ; {REBUILD}")
    assert manifest.chunker == chunker_fingerprint(), (
        f"the code that shapes passages changed since index/ was built (a fresh clone would "
        f"refresh it on its first search); {REBUILD}")


def test_committed_index_is_whole(shipped):
    assert shipped.verify() == []
    assert shipped.manifest().model == "e5"


def test_committed_index_holds_no_absolute_paths(shipped):
    assert not os.path.isabs(os.readlink(SHIPPED / "current"))
    manifest = shipped.manifest()
    assert all(not os.path.isabs(e.source) for e in manifest.documents)
    home = str(ROOT.parent)
    build = shipped.path
    for path in build.rglob("*"):
        if path.suffix in {".json", ".jsonl"}:
            text = path.read_text(encoding="utf-8")
            assert home not in text and "/tmp/" not in text and "/home/" not in text, path
    db = sqlite3.connect(f"{(build / 'chunks.sqlite').as_uri()}?mode=ro", uri=True)
    for (record,) in db.execute("SELECT record FROM chunks"):
        assert home not in record and not json.loads(record)["doc"].startswith("/")
    db.close()
