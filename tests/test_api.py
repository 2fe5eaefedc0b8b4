"""The Python API: the README example, results' JSON equal to the CLI's, one error type."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import greta_search as gs
from greta_search.cli import cli
from tests.conftest import ROOT


def cli_json(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args] + ["--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_is_light():
    code = ("import sys, greta_search as gs; gs.GretaSearchError; "
            "print(sorted(m for m in ('torch', 'faiss', 'numpy', 'fastapi', 'pandas') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"


def test_readme_python_section_runs(hash_index):
    """The README's Python example, run as written on a hash-embedder index."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert 'gs.open_index("index")' in code
    namespace: dict = {}
    exec(code.replace('"index"', repr(str(hash_index)), 1), namespace)  # noqa: S102
    assert len(namespace["hits"]) == 10
    assert all(h.country == "Azerbaijan" for h in namespace["hits"])


def test_readme_example(hash_index):
    """The README's Python section, step by step."""
    idx = gs.open_index(hash_index)
    hits = idx.search("residence permits for victims", k=10, country="Azerbaijan")
    assert 0 < len(hits) <= 10 and all(h.country == "Azerbaijan" for h in hits)
    frame = hits.to_pandas()
    assert list(frame["citation"]) == [h.citation for h in hits]
    assert {h.question for h in idx.show(26)} >= {26}
    answer = idx.ask("How many victims were identified in 2025?")
    assert answer.answer and answer.citations
    matches = idx.provision("Article 144-1 of the Criminal Code")
    assert matches.matches and all("144-1" in m.extra["provision"] for m in matches.matches)
    table = idx.tables(1).to_pandas()
    assert table.index.name == idx.tables(1)[0].columns[0] and len(table) >= 2


@pytest.mark.parametrize("command, call", [
    (["search", "victims referred to shelters", "-k", "3"],
     lambda i: i.search("victims referred to shelters", k=3)),
    (["search", "labour exploitation", "--part", "1", "--mode", "keyword"],
     lambda i: i.search("labour exploitation", part="1", mode="keyword")),
    (["show", "2a"], lambda i: i.show("2a")),
    (["show", "25"], lambda i: i.show(25)),
    (["provision", "Article 144-1 of the Criminal Code"],
     lambda i: i.provision("Article 144-1 of the Criminal Code")),
    (["provisions", "--instrument", "Criminal Code"],
     lambda i: i.provisions("Criminal Code")),
    (["tables", "2"], lambda i: i.tables(2)),
    (["docs"], lambda i: i.docs()),
    (["ask", "How many victims were identified in 2025?"],
     lambda i: i.ask("How many victims were identified in 2025?")),
])
def test_to_dict_is_the_cli_json(hash_index, command, call):
    expected = cli_json(*command, "--index", hash_index)
    assert json.loads(json.dumps(call(gs.open_index(hash_index)).to_dict())) == expected


def test_batch_and_compare_match_the_cli(hash_index, tmp_path):
    idx = gs.open_index(hash_index)
    queries = ["shelters for victims", "training of judges"]
    assert [h.to_dicts() for h in idx.batch(queries, k=2)] == [
        idx.search(q, k=2).to_dicts() for q in queries]
    comparison = idx.compare(26)
    out = CliRunner().invoke(cli, ["compare", "26", "--index", str(hash_index), "--format",
                                   "markdown"]).stdout
    assert comparison.to_markdown() == out


@pytest.mark.parametrize("call, message", [
    (lambda i: i.show(999), "question 999 not found"),
    (lambda i: i.show("x1y"), "not a question reference"),
    (lambda i: i.search("  "), "empty query"),
    (lambda i: i.search("q", colour="red"), "unknown filter 'colour'"),
    (lambda i: i.search("q", question="seven"), "question filter must be a number"),
    (lambda i: i.tables(77), "no table 77"),
    (lambda i: i.provision("Article 5 of the Space Code"), "is not cited"),
    (lambda i: i.cite("NOPE"), "no such document"),
])
def test_user_errors_raise_one_type(hash_index, call, message):
    with pytest.raises(gs.GretaSearchError, match=message) as caught:
        call(gs.open_index(hash_index))
    assert "\n" not in str(caught.value)


def test_missing_index_and_bad_model(tmp_path):
    with pytest.raises(gs.GretaSearchError, match="no index here"):
        gs.open_index(tmp_path / "none")
    with pytest.raises(gs.GretaSearchError, match="unknown model"):
        gs.build_index([ROOT / "corpus"], tmp_path / "i", model="nope")


def test_build_index_returns_an_opened_index(tmp_path):
    idx = gs.build_index([ROOT / "corpus"], tmp_path / "i", model="hash")
    assert idx.report.documents == 1 and idx.docs()[0]["country"] == "Azerbaijan"
    assert idx.search("shelters", k=1)[0].citation.startswith("GRETA(2023)11_AZE_rep")


def test_hits_read_their_fields(hash_index):
    hit = gs.open_index(hash_index).search("identification of victims", k=1)[0]
    record = hit.to_dict()
    assert (hit.doc, hit.question, hit.citation, hit.text) == (
        record["doc"], record["question"], record["citation"], record["text"])
    with pytest.raises(AttributeError):
        _ = hit.no_such_field
