"""`greta-search ask` and `batch --ask` through the CLI, with the real e5 index."""

from __future__ import annotations

import json

from click.testing import CliRunner

from greta_search.cli import cli
from tests.conftest import DEV_QUERIES


def ask_json(index, question, *extra):
    result = CliRunner().invoke(cli, ["ask", question, "--index", str(index), "--format",
                                      "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ask_json_shape_and_table_answer(e5_index):
    record = ask_json(e5_index, "How many victims were identified in 2025?")
    assert set(record) >= {"question", "answer", "confidence", "citations", "passages"}
    assert "46" in record["answer"] and "Table 1" in record["answer"]
    assert 0.5 <= record["confidence"] <= 1
    assert record["citations"][0]["question"] == 42 and len(record["passages"]) == 3
    for hit in record["citations"] + record["passages"]:
        assert {"rank", "score", "doc", "citation", "text", "question"} <= set(hit)


def test_ask_says_when_there_is_no_answer(e5_index):
    for question in ["What is the capital of France?",
                     "How many victims were identified in 2030?"]:
        record = ask_json(e5_index, question)
        assert record["answer"] is None and record["passages"]
    text = CliRunner().invoke(cli, ["ask", "What is the capital of France?", "--index",
                                    str(e5_index), "--format", "text"])
    assert text.stdout.startswith("No answer found in the documents")


def test_every_dev_answer_is_in_the_ask_answer(e5_index):
    if not DEV_QUERIES.exists():
        return
    queries = [json.loads(line) for line in DEV_QUERIES.read_text().splitlines() if line]
    for query in (q for q in queries if q.get("answer")):
        assert query["answer"] in (ask_json(e5_index, query["query"])["answer"] or "")


def test_batch_ask_adds_answers(e5_index, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text(
        "How many victims were identified in 2025?\nWhat is the capital of France?\n")
    result = CliRunner().invoke(cli, ["batch", str(queries), "--ask", "--index", str(e5_index)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert "46" in records[0]["answer"]["answer"] and records[1]["answer"]["answer"] is None
