"""Bad queries and options (issue 12, item 2): one clear line each, the documented exit
code, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from greta_search.errors import EXIT_INDEX, EXIT_INPUT, EXIT_OK, EXIT_USAGE
from greta_search.validate import MAX_QUERY_CHARS, QueryError, clean_query

from .conftest import ROOT
from .test_robustness_documents import invoke, one_error_line

LONG_QUERY = ("victims of trafficking in shelters " * 3000)[:100_000]


@pytest.fixture(scope="module")
def index(tmp_path_factory, seed_path):
    root = tmp_path_factory.mktemp("q") / "idx"
    assert invoke("index", seed_path, "--index", root, "--model", "hash").exit_code == 0
    return root


# (arguments, exit code, words in the one Error line); "{index}" is the index folder
BAD = [
    (["search", ""], EXIT_USAGE, "empty query"),
    (["search", " \t \n "], EXIT_USAGE, "empty query"),
    (["search", "\x00\x01\x1b\x7f"], EXIT_USAGE, "empty query"),
    (["search", "\ud800\udfff"], EXIT_USAGE, "empty query"),
    (["ask", ""], EXIT_USAGE, "empty question"),
    (["compare", "  "], EXIT_USAGE, "empty target"),
    (["provision", ""], EXIT_USAGE, "empty reference"),
    (["search", "victims", "-k", "0"], EXIT_USAGE, "'-k' / '--limit': 0 is not in the range"),
    (["search", "victims", "-k", "-1"], EXIT_USAGE, "-1 is not in the range"),
    (["search", "victims", "-k", "100000"], EXIT_USAGE, "100000 is not in the range 1<=x<=1000"),
    (["search", "victims", "-k", "many"], EXIT_USAGE, "'many' is not a valid integer"),
    (["search", "victims", "--per-question", "-2"], EXIT_USAGE, "-2 is not in the range"),
    (["show", "99"], EXIT_INPUT, "question 99 not found in {index} (questions 1-42)"),
    (["show", "2z"], EXIT_INPUT, "question 2 has no item z in {index} (items a, b, c"),
    (["show", "26z"], EXIT_INPUT, "question 26 has no item z in {index} (no items)"),
    (["show", "zz"], EXIT_USAGE, "'zz': not a question reference"),
    (["show", ""], EXIT_USAGE, "not a question reference"),
    (["search", "victims", "--country", "Narnia"], EXIT_USAGE,
     "--country Narnia: no such country in the index (known: Azerbaijan)"),
    (["search", "victims", "--country", "Azerbaijan", "--country", "Narnia"], EXIT_USAGE,
     "--country Narnia: no such country"),
    (["search", "victims", "--doc", "GRETA(2099)"], EXIT_USAGE,
     "--doc GRETA(2099): no such document in the index (known: GRETA(2023)11_AZE_rep)"),
    (["search", "victims", "--round", "fifth"], EXIT_USAGE,
     "--round fifth: no such round in the index (known: Fourth)"),
    (["search", "victims", "--part", "9"], EXIT_USAGE,
     "--part 9: no such part in the index (known: Part 1, Part II, Part III)"),
    (["search", "victims", "--section", "Narnia"], EXIT_USAGE,
     "--section Narnia: no such section in the index (known: I (PREVENTION)"),
    (["search", "victims", "--question", "99"], EXIT_USAGE,
     "--question 99: no such question in the index (known: 1-42)"),
    (["search", "victims", "--question", "x"], EXIT_USAGE, "'x' is not a valid integer"),
    (["ask", "how many victims", "--country", "Narnia"], EXIT_USAGE, "no such country"),
    (["compare", "26", "--round", "9"], EXIT_USAGE, "no such round"),
    (["provision", "Article 144-1 of the Criminal Code", "--part", "IX"], EXIT_USAGE,
     "no such part"),
    (["search", "victims", "--mode", "psychic"], EXIT_USAGE, "'psychic' is not one of"),
]


@pytest.mark.parametrize(("args", "code", "words"), BAD, ids=[" ".join(a)[:40] for a, _, _ in BAD])
def test_bad_query_or_option_gives_one_clear_line(index, args, code, words):
    result = invoke(*args, "--index", index)
    assert result.exit_code == code, result.output
    assert words.format(index=index) in one_error_line(result)
    assert result.stdout == ""


def test_a_query_is_cleaned_not_refused(index):
    cases = {
        LONG_QUERY: "cut to the first 1,9",
        "victims\x01\x02 of\x1b[31m trafficking\x7f": "replaced 4 control character(s)",
        "\ud800victims\udcff of trafficking": "removed 2 invalid character(s)",
    }
    for query, warning in cases.items():
        for command in (["search", query, "-k", "3"], ["ask", query]):
            result = invoke(*command, "--index", index, "--format", "json")
            assert result.exit_code == EXIT_OK, result.output
            assert warning in result.stderr
            assert json.loads(result.stdout)


def test_largest_k_and_all_passages_per_question(index):
    result = invoke("search", "victims", "-k", "1000", "--per-question", "0", "--index", index,
                    "--format", "json")
    assert result.exit_code == EXIT_OK
    hits = json.loads(result.stdout)
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert len({h["chunk_id"] for h in hits}) == len(hits) > 300


def test_clean_query_rules():
    assert clean_query("  a\tb\n c ").text == "a b c"
    long = clean_query("word " * 1000)
    assert len(long.text) <= MAX_QUERY_CHARS and long.text.endswith("word")
    assert clean_query("x" * 5000).text == "x" * MAX_QUERY_CHARS  # no space: a hard cut
    assert clean_query("café – “Code”").warnings == []
    with pytest.raises(QueryError, match="empty question"):
        clean_query("\u0085\x9f", "question")


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_batch_stops_at_a_broken_json_line_naming_it(index, tmp_path):
    queries = write(tmp_path / "q.jsonl",
                    '{"id": 1, "query": "shelters"}\n{"id": 2, "query": "x"\n'
                    '{"id": 3, "query": "victims"}\n')
    out = tmp_path / "out.jsonl"
    result = invoke("batch", queries, "--index", index, "-o", out)
    assert result.exit_code == EXIT_INPUT
    assert f"{queries}:2: bad JSON" in one_error_line(result)
    assert not out.exists()  # stopped before searching anything


@pytest.mark.parametrize(("name", "content", "words"), [
    ("q.jsonl", '{"id": 1}\n', "q.jsonl:1: no \"query\" field"),
    ("q.jsonl", '{"id": 1, "query": "\\u0000\\u0001"}\n', "q.jsonl: query 1: empty query"),
    ("q.txt", "", "no queries"),
    ("q.csv", "id,question\n1,what\n", 'CSV has no "query" column'),
    ("q.csv", b"query\n\xff\xfe\x00broken\n", "cannot read queries"),
])
def test_batch_bad_files(index, tmp_path, name, content, words):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        write(path, content)
    result = invoke("batch", path, "--index", index)
    assert result.exit_code == EXIT_INPUT
    assert words in one_error_line(result)


def test_batch_cleans_each_query_and_runs(index, tmp_path):
    lines = [
        {"id": "long", "query": LONG_QUERY},
        {"id": "ctl", "query": "victims\u0007 in shelters"},
        {"id": "sur", "query": "\ud800 identification of victims"},
    ]
    queries = tmp_path / "q.jsonl"
    queries.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    result = invoke("batch", queries, "--index", index, "-k", "2")
    assert result.exit_code == EXIT_OK, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["long", "ctl", "sur"]
    assert all(r["hits"] for r in records)
    assert records[2]["query"] == "identification of victims"
    for ident in ("long", "ctl", "sur"):
        assert f"query {ident}:" in result.stderr


def test_missing_queries_file(index, tmp_path):
    result = invoke("batch", tmp_path / "none.jsonl", "--index", index)
    assert result.exit_code == EXIT_INPUT
    assert "none.jsonl: cannot read queries" in one_error_line(result)


def test_index_problems_exit_3(index, tmp_path):
    for args in (["search", "x"], ["show", "1"], ["docs"], ["provisions"], ["ask", "x"]):
        result = invoke(*args, "--index", tmp_path / "none")
        assert result.exit_code == EXIT_INDEX, args
        assert "no index here" in one_error_line(result)
    result = invoke("search", "x", "--index", index, "--model", "minilm")
    assert result.exit_code == EXIT_INDEX
    assert "re-index" in one_error_line(result)


def test_real_command_line_with_invalid_utf8_bytes(index):
    """argv bytes that are not UTF-8 arrive as lone surrogates; they are dropped."""
    result = subprocess.run(
        [sys.executable, "-m", "greta_search", "search", b"\xed\xa0\x80\xff shelters\x01",
         "--index", str(index), "--format", "json", "-k", "2"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
    )
    assert result.returncode == EXIT_OK, result.stderr
    stderr = result.stderr.decode()
    assert "invalid character(s)" in stderr and "control character(s)" in stderr
    assert "Traceback" not in stderr
    assert len(json.loads(result.stdout)) == 2


def test_show_with_an_unknown_document(index):
    result = invoke("show", "26", "--doc", "GRETA(1999)", "--index", index)
    assert result.exit_code == EXIT_INPUT
    assert "--doc GRETA(1999): no such document in the index (known: GRETA(2023)11_AZE_rep)" in (
        one_error_line(result))
