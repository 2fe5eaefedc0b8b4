"""Literature-review workflows on two replies: the seed and the synthetic Freedonia reply
(tests/data/synthetic-xyz-reply.txt, derived from the seed; not a real GRETA document)."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from greta_search.cli import cli
from tests.conftest import ROOT, SEED
from tests.conftest import run_cli as invoke

SYNTHETIC = ROOT / "tests" / "data" / "synthetic-xyz-reply.txt"
AZE, XYZ = "GRETA(2023)11_AZE_rep", "GRETA(2026)99_XYZ_rep"


@pytest.fixture(scope="module")
def two_docs(tmp_path_factory):
    root = tmp_path_factory.mktemp("two") / "index"
    result = CliRunner().invoke(cli, ["index", str(SEED), str(SYNTHETIC), "--index", str(root),
                                      "--model", "hash"])
    assert result.exit_code == 0, result.output
    return root


def test_docs_lists_both_replies_with_metadata(two_docs):
    docs = json.loads(invoke("docs", "--index", two_docs, "--format", "json"))
    assert {(d["doc"], d["country"], d["round"]) for d in docs} == {
        (AZE, "Azerbaijan", "Fourth"), (XYZ, "Freedonia", "Fourth")}


@pytest.mark.parametrize(("option", "value", "docs"), [
    ("--country", "Freedonia", {XYZ}), ("--country", "azerbaijan", {AZE}),
    ("--doc", "GRETA(2026)", {XYZ}), ("--round", "4", {AZE, XYZ}),
])
def test_filters_select_documents_on_every_path(two_docs, option, value, docs):
    hits = json.loads(invoke("search", "work permit for victims", "-k", "10", "--index",
                             two_docs, option, value, "--format", "json"))
    assert {h["doc"] for h in hits} == docs
    record = json.loads(invoke("provision", "Article 50.2 of the Migration Code", "--index",
                               two_docs, option, value, "--format", "json"))
    assert {m["doc"] for m in record["matches"]} <= docs


def test_batch_csv_input_to_csv_output_one_row_per_hit(two_docs, tmp_path):
    queries = tmp_path / "queries.csv"
    queries.write_text('id,query,notes\nq1,"work permit, for victims",x\nq2,shelters,\n',
                       encoding="utf-8")
    out = tmp_path / "hits.csv"
    invoke("batch", queries, "--index", two_docs, "-k", "3", "--format", "csv", "-o", out)
    raw = out.read_bytes()
    assert raw.startswith(b'"query_id","query"') and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert [r["query_id"] for r in rows] == ["q1"] * 3 + ["q2"] * 3
    assert rows[0]["query"] == "work permit, for victims"
    assert all(r["citation"].startswith(r["doc"]) and r["text"] for r in rows)
    assert len({(r["query_id"], r["citation"], r["text"]) for r in rows}) == len(rows)


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in {"meta", "br", "link"}:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


def test_batch_reports_in_markdown_and_html_with_bibliography(two_docs, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("work permit for victims\nmedia and the privacy of victims\n")
    markdown = invoke("batch", queries, "--index", two_docs, "--format", "markdown", "-k", "2")
    assert markdown.count("\n## ") >= 3  # two queries and the references
    assert "## References" in markdown
    references = markdown.split("## References")[1]
    assert references.count("Government of Azerbaijan") <= 1
    html = invoke("batch", queries, "--index", two_docs, "--format", "html", "-k", "2")
    parser = Collector()
    parser.feed(html)
    assert parser.stack == []
    assert "work permit for victims" in "".join(parser.text)
    bib = tmp_path / "refs.ris"
    invoke("batch", queries, "--index", two_docs, "-k", "2", "--bibliography", bib, "-o",
           tmp_path / "hits.jsonl")
    ris = bib.read_text(encoding="utf-8")
    assert ris.startswith("TY  - RPRT") and ris.count("ER  - ") == ris.count("TY  - ")
    records = [json.loads(line) for line in (tmp_path / "hits.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == [1, 2]


def test_cite_formats_parse(two_docs):
    bibtex = invoke("cite", "GRETA(2026)99", "--index", two_docs)
    assert bibtex.startswith("@techreport{GRETA2026-99-XYZ-rep,")
    assert bibtex.count("{") == bibtex.count("}")
    csl = json.loads(invoke("cite", "--index", two_docs, "--format", "csljson"))
    assert {entry["number"] for entry in csl} == {AZE, XYZ}
    result = CliRunner().invoke(cli, ["cite", "GRETA(1999)", "--index", str(two_docs)])
    assert result.exit_code != 0 and "no such document" in result.stderr


def test_compare_question_across_replies(two_docs):
    record = json.loads(invoke("compare", "26", "--index", two_docs, "--format", "json"))
    assert [d["country"] for d in record["documents"]] == ["Azerbaijan", "Freedonia"]
    for doc in record["documents"]:
        assert {p["question"] for p in doc["passages"]} == {26}
        assert doc["citation"].startswith(doc["doc"]) and "Q26" in doc["citation"]
    rows = list(csv.DictReader(io.StringIO(invoke("compare", "Q26", "--index", two_docs,
                                                  "--format", "csv"))))
    assert [r["country"] for r in rows] == ["Azerbaijan", "Freedonia"]
    only = json.loads(invoke("compare", "26", "--index", two_docs, "--country", "Freedonia",
                             "--format", "json"))
    assert [d["doc"] for d in only["documents"]] == [XYZ]
    markdown = invoke("compare", "26", "--index", two_docs, "--format", "markdown")
    table = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(table) == 4 and all(line.count(" | ") >= 3 for line in table)


def test_compare_a_missing_question_and_a_query(two_docs):
    record = json.loads(invoke("compare", "10", "--index", two_docs, "--format", "json"))
    assert [d["doc"] for d in record["documents"]] == [AZE]  # the synthetic reply lacks Q10
    best = json.loads(invoke("compare", "labour inspection complaints", "--index", two_docs,
                             "--format", "json"))
    assert {d["doc"] for d in best["documents"]} == {AZE, XYZ}
    assert all(len(d["passages"]) == 1 for d in best["documents"])


def test_batch_of_the_dev_queries_to_csv_and_markdown(two_docs, tmp_path):
    from tests.conftest import DEV_QUERIES

    if not DEV_QUERIES.exists():
        pytest.skip("shared/eval/dev.jsonl is not beside the checkout")
    out = tmp_path / "dev.csv"
    invoke("batch", DEV_QUERIES, "--index", two_docs, "--format", "csv", "-o", out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["query_id", "query", "rank"]
    assert len(body) == 30 * 5 and all(len(row) == len(header) for row in body)
    assert out.read_bytes().count(b'"') >= 2 * len(header) * len(rows)  # every field quoted
    markdown = invoke("batch", DEV_QUERIES, "--index", two_docs, "--format", "markdown")
    sections = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert len(sections) == 31 and sections[-1] == "## References"
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        return
    html = MarkdownIt().render(markdown)
    assert html.count("<h2>") == 31 and html.count("<blockquote>") == 30 * 5
