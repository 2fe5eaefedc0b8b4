"""scripts/bench.py's index builds: the baseline "plain" build really indexes one bare
passage per paragraph, and the normal build is the project's own chunking."""

from __future__ import annotations

from greta_search.chunk import chunk_document
from greta_search.parse import parse_file
from tests.conftest import SEED, load_script


def test_plain_and_structured_builds_differ_as_described(tmp_path) -> None:
    bench = load_script("bench")
    _, ours = bench.build([SEED], "hash", tmp_path / "ours")
    _, plain = bench.build([SEED], "hash", tmp_path / "plain", plain=True)
    doc = parse_file(SEED)
    paragraphs = sum(len(holder.paragraphs) for q in doc.questions()
                     for holder in [q, *q.items])
    assert ours == len(chunk_document(doc))
    assert plain == paragraphs != ours
