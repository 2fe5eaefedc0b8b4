"""Determinism (issue 12, item 6): the same corpus indexed twice, by two processes with
different hash seeds, gives byte-identical index files and the same search results; the
only timestamp is the manifest's `built_at`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from greta_search.records import RECORDS_FILE

from .conftest import ROOT, SEED
from .test_robustness_documents import SMALL_REPLY

QUERIES = ["how are victims referred to shelters", "Article 144-1 of the Criminal Code",
           "How many victims were identified in 2025?", "leaflets border"]


def cli(*args, seed: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-m", "greta_search", *map(str, args)], cwd=ROOT,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def files(index) -> dict[str, bytes]:
    build = (index / "current").resolve()
    return {str(p.relative_to(build)): p.read_bytes() for p in sorted(build.rglob("*"))
            if p.is_file()}


def test_same_corpus_twice_gives_identical_records_and_results(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "aze.txt").write_bytes(SEED.read_bytes())
    (corpus / "tst.txt").write_text(SMALL_REPLY, encoding="utf-8")
    first, second = tmp_path / "one", tmp_path / "two"
    cli("index", corpus, "--index", first, "--model", "hash", seed="1")
    cli("index", corpus, "--index", second, "--model", "hash", seed="2")
    a, b = files(first), files(second)
    assert sorted(a) == sorted(b)
    assert {RECORDS_FILE, "vectors.npy", "vectors.faiss", "provisions.sqlite"} <= set(a)
    different = [name for name in a if a[name] != b[name]]
    assert different == ["manifest.json"] or different == []
    manifests = [json.loads(x["manifest.json"]) for x in (a, b)]
    for manifest in manifests:
        manifest.pop("built_at")
        manifest.pop("checksum")  # the manifest's own hash covers built_at
    assert manifests[0] == manifests[1]
    stamp = json.loads(a["manifest.json"])["built_at"]
    assert not [name for name, data in a.items() if name != "manifest.json"
                and stamp[:10].encode() in data], "a timestamp outside the manifest"
    for query in QUERIES:
        results = [cli("search", query, "--index", index, "-k", "10", "--format", "json",
                       seed=seed).stdout for index, seed in ((first, "3"), (second, "4"))]
        assert results[0] == results[1]
        assert json.loads(results[0])
