"""Shared fixtures: the real seed reply, and small indexes built with the deterministic
hash embedder (no model download, no torch)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "greta-2023-11-aze-reply.txt"
DEV_QUERIES = ROOT.parent / "shared" / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_doc():
    from greta_search.parse import parse_file

    return parse_file(SEED)


@pytest.fixture(scope="session")
def seed_chunks(seed_doc):
    from greta_search.chunk import chunk_document

    return chunk_document(seed_doc)


@pytest.fixture
def hash_index(tmp_path) -> Path:
    """A fresh index of the seed built with the hash embedder."""
    from greta_search.embed import HashEmbedder
    from greta_search.store import IndexStore

    root = tmp_path / "index"
    IndexStore(root).build([SEED], HashEmbedder())
    return root
