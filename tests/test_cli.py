"""The command line through click's CliRunner, with the deterministic hash embedder."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from greta_search.cli import cli

HIT_FIELDS = {"rank", "score", "doc", "country", "part", "section", "question", "item",
              "paragraph", "page", "citation", "text"}


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def index_dir(tmp_path, seed_path, runner):
    root = tmp_path / "idx"
    result = runner.invoke(cli, ["index", str(seed_path), "--index", str(root), "--model", "hash"])
    assert result.exit_code == 0, result.output
    assert "indexed 1 document(s)" in result.stderr
    return root


def run_json(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_search_json_hits_carry_the_contract_fields(runner, index_dir):
    hits = run_json(runner, ["search", "labour inspection complaint applications", "-k", "3",
                             "--index", str(index_dir), "--format", "json"])
    assert len(hits) == 3
    for rank, hit in enumerate(hits, start=1):
        assert set(hit) >= HIT_FIELDS
        assert hit["rank"] == rank
        assert hit["doc"] == "GRETA(2023)11_AZE_rep" and hit["country"] == "Azerbaijan"
        assert isinstance(hit["question"], int) and hit["citation"].startswith(hit["doc"])
        assert hit["page"] is None and hit["text"]


def test_search_filters_and_text_format(runner, index_dir):
    hits = run_json(runner, ["search", "victims", "--index", str(index_dir), "--part", "III",
                             "--format", "json"])
    assert {h["question"] for h in hits} == {42}
    result = runner.invoke(cli, ["search", "register of agencies", "--index", str(index_dir),
                                 "--format", "text", "-k", "2"])
    assert result.exit_code == 0
    assert result.stdout.startswith("1. GRETA(2023)11_AZE_rep, Part ")
    assert "2. GRETA" in result.stdout


def test_show_question_and_item(runner, index_dir):
    hits = run_json(runner, ["show", "26", "--index", str(index_dir), "--format", "json"])
    assert {h["question"] for h in hits} == {26}
    assert hits[0]["text"].startswith("The Migration Code of the Republic of Azerbaijan")
    assert [h["paragraph"] for h in hits] == sorted(h["paragraph"] for h in hits)
    item = run_json(runner, ["show", "2a", "--index", str(index_dir), "--format", "json"])
    assert {(h["question"], h["item"]) for h in item} == {(2, "a")}
    assert item[0]["citation"].endswith("Q2(a), ¶1")
    text = runner.invoke(cli, ["show", "Q2(b)", "--index", str(index_dir), "--format", "text"])
    assert "Q2. What specific measures" in text.stdout
    assert "(b) development of children" in text.stdout
    missing = runner.invoke(cli, ["show", "77", "--index", str(index_dir)])
    assert missing.exit_code != 0 and "question 77 not found" in missing.stderr


def test_batch_jsonl_and_plain_text(runner, index_dir, tmp_path):
    jsonl = tmp_path / "q.jsonl"
    jsonl.write_text('{"id": "a1", "query": "work permit for victims", "gold": [26]}\n'
                     '{"id": "a2", "query": "media and victims"}\n', encoding="utf-8")
    result = runner.invoke(cli, ["batch", str(jsonl), "--index", str(index_dir), "-k", "2"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["query"], len(r["hits"])) for r in records] == [
        ("a1", "work permit for victims", 2), ("a2", "media and victims", 2)]
    assert set(records[0]["hits"][0]) >= HIT_FIELDS
    plain = tmp_path / "q.txt"
    plain.write_text("work permit for victims\n\nshelters\n", encoding="utf-8")
    result = runner.invoke(cli, ["batch", str(plain), "--index", str(index_dir)])
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1, 3]


def test_eval_prints_question_level_metrics(runner, index_dir, tmp_path):
    queries = tmp_path / "dev.jsonl"
    queries.write_text(
        '{"id": "1", "query": "complaint applications examined by the labour service", '
        '"gold": [8], "answer": "21,897"}\n'
        '{"id": "2", "query": "zzzz qqqq", "gold": [99]}\n', encoding="utf-8")
    report = run_json(runner, ["eval", str(queries), "--index", str(index_dir), "--format", "json"])
    assert report["queries"] == 2
    assert report["details"][1]["rank"] is None
    assert report["hit@5"] == 0.5 if report["details"][0]["rank"] <= 5 else report["hit@5"] == 0
    text = runner.invoke(cli, ["eval", str(queries), "--index", str(index_dir)])
    assert "hit@1" in text.stdout and "MRR@10" in text.stdout


def test_first_search_builds_the_default_index(runner, seed_path, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(seed_path.parent, "corpus")
    monkeypatch.setenv("GRETA_SEARCH_MODEL", "hash")
    monkeypatch.delenv("GRETA_SEARCH_INDEX", raising=False)
    result = runner.invoke(cli, ["search", "shelters", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "building index" in result.stderr
    assert json.loads(result.stdout)[0]["doc"] == "GRETA(2023)11_AZE_rep"
    assert (tmp_path / "index" / "current" / "manifest.json").is_file()


def bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text("this is not a PDF at all\n")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    return [
        (tmp_path / "missing.txt", "missing.txt: no such file"),
        (empty, "empty.txt: file is empty"),
        (fake_pdf, "fake.pdf: "),
        (binary, "binary.txt: binary data, not text"),
    ]


def test_bad_input_gives_one_clear_line_and_leaves_index_untouched(runner, index_dir, tmp_path):
    current = (index_dir / "current").resolve()

    def files():
        return {str(p): p.read_bytes() for p in sorted(current.rglob("*")) if p.is_file()}

    before = files()
    for path, message in bad_inputs(tmp_path):
        result = runner.invoke(cli, ["index", str(path), "--index", str(index_dir),
                                     "--model", "hash"])
        assert result.exit_code != 0, path
        assert message in result.stderr, (path, result.stderr)
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
        assert len(errors) == 1 and "Traceback" not in result.output
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit)
        assert (index_dir / "current").resolve() == current
        assert files() == before


def test_search_against_other_model_asks_to_reindex(runner, index_dir):
    result = runner.invoke(cli, ["search", "x", "--index", str(index_dir), "--model", "minilm"])
    assert result.exit_code != 0
    assert "built with model 'hash'" in result.stderr and "re-index" in result.stderr


def test_missing_index_and_unknown_model(runner, tmp_path):
    result = runner.invoke(cli, ["search", "x", "--index", str(tmp_path / "none")])
    assert result.exit_code != 0 and "no index here" in result.stderr
    result = runner.invoke(cli, ["index", "--model", "gpt", "--index", str(tmp_path / "i")])
    assert result.exit_code != 0 and "unknown model 'gpt'" in result.stderr


def test_show_follows_cross_references_and_cites_both(runner, index_dir):
    hits = run_json(runner, ["show", "25", "--index", str(index_dir), "--format", "json"])
    assert hits[0]["question"] == 25 and hits[0]["text"] == "See the answer to Question 24."
    assert "referenced_from" not in hits[0]
    followed = hits[1:]
    assert followed and {h["question"] for h in followed} == {24}
    assert all(h["referenced_from"] == 25 and "Q24" in h["citation"] for h in followed)
    text = runner.invoke(cli, ["show", "28", "--index", str(index_dir), "--format", "text"])
    assert "(referred to by Q28) Q27." in text.stdout


def test_index_add_keeps_documents_and_reuses_their_vectors(runner, index_dir):
    from tests.conftest import ROOT

    synthetic = ROOT / "tests" / "data" / "synthetic-xyz-reply.txt"
    result = runner.invoke(cli, ["index", str(synthetic), "--add", "--index", str(index_dir),
                                 "--model", "hash"])
    assert result.exit_code == 0, result.output
    assert "indexed 2 document(s)" in result.stderr
    docs = run_json(runner, ["docs", "--index", str(index_dir), "--format", "json"])
    assert {d["country"] for d in docs} == {"Azerbaijan", "Freedonia"}
    again = runner.invoke(cli, ["index", str(synthetic), "--index", str(index_dir),
                                "--model", "hash"])
    assert "indexed 1 document(s)" in again.stderr and "0 embedded" in again.stderr
