"""Batch result writers (JSON lines, CSV, Markdown, HTML), each read back by a parser, on
nasty data and on a real two-document index."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from dataclasses import asdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from greta_search import export
from greta_search.parse import parse_file

SYNTHETIC = Path(__file__).resolve().parent / "data" / "synthetic-xyz-reply.txt"
AZE = "GRETA(2023)11_AZE_rep"
XYZ = "GRETA(2026)99_XYZ_rep"
UNKNOWN = "notes_on_{draft}"

NASTY_TEXT = (
    'First line with "quotes", commas, and <script>alert(1)</script>\n'
    "- a bullet that must not become a list\n"
    "# not a heading\n"
    "12. not an ordered list\n"
    "> not a nested quote\n"
    "=== not a setext underline\n"
    "\n"
    "After a blank line: Кириллица – “typographic” & 50% a_b *star* `tick` "
    "[link](http://x) |pipe| $x$ ~~del~~ \\backslash &amp; <b>bold</b>\\"
)
TABLE_TEXT = "Table 3\nYears\tNumber of children\n2019\t0\n2020\t<1> ``` & %"
NASTY_QUERY = 'victims, “shelters” & <script>alert("x")</script> 100% _u_ | pipe # hash'


def hit(rank, doc, citation, text, score=0.5, chunk_id=None, **extra) -> dict:
    """A hit in the shape of search.Hit.to_dict()."""
    return {
        "rank": rank, "score": score, "doc": doc, "country": extra.pop("country", None),
        "part": "Part 1", "section": "II", "question": 26, "item": None, "paragraph": 2,
        "page": None, "citation": citation, "text": text, "paragraph_end": None,
        "page_end": None, "part_title": "Eliminating", "section_title": "IDENTIFICATION",
        "articles": [10, 11], "question_text": "Q?", "item_text": None,
        "kind": extra.pop("kind", "text"), "chunk_id": chunk_id or f"{doc}/{citation}", **extra,
    }


@pytest.fixture(scope="module")
def documents(seed_doc):
    return {AZE: asdict(seed_doc.meta), XYZ: asdict(parse_file(SYNTHETIC).meta)}


@pytest.fixture
def records():
    c1 = f"{AZE}, Part 1, Section II (Arts 10-12, 14, 16), Q26, ¶2"
    c2 = f"{AZE}, Part III, Q42(4), ¶1"
    first = hit(1, AZE, c1, NASTY_TEXT, 0.031, country="Azerbaijan")
    return [
        {
            "id": "q1",
            "query": NASTY_QUERY,
            "hits": [
                first,
                hit(2, AZE, c2, TABLE_TEXT, 0.0299, kind="table", country="Azerbaijan"),
                copy.deepcopy(first) | {"rank": 3, "score": 0.01},  # the same passage again
            ],
        },
        {"id": 2, "query": "a query without hits", "hits": []},
        {
            "id": "q3",
            "query": "line one\nline two, with “quotes”",
            "hits": [
                hit(1, XYZ, f"{XYZ}, Part III, Q42(4)", "Table 3 of Freedonia, p. 7",
                    0.02, country="Freedonia"),
                hit(2, UNKNOWN, f"{UNKNOWN}, ¶3", "An unindexed document's passage `x`", 0.01),
            ],
            "answer": {"text": "Answer <b>bold</b>\nsecond line",
                       "citations": [f"{XYZ}, Part III, Q42(4)"], "model": "extractive"},
        },
        {
            "id": "q4",
            "query": "the same document again",
            "hits": [copy.deepcopy(first) | {"score": None},
                     hit(2, AZE, f"{AZE}, Q1, ¶1", "Plain passage.", None)],
        },
    ]


def write(records, documents, fmt, **kwargs) -> str:
    buf = io.StringIO(newline="")
    export.write(records, documents, fmt, buf, **kwargs)
    return buf.getvalue()


def flat(text) -> str:
    return " ".join(str(text).split())


# --- dedupe and dispatch ----------------------------------------------------------------------


def test_dedupe_hits_reports_a_passage_once_per_query(records):
    before = copy.deepcopy(records)
    out = export.dedupe_hits(records)
    assert records == before  # inputs untouched
    assert [len(r["hits"]) for r in out] == [2, 0, 2, 2]
    assert [h["rank"] for h in out[0]["hits"]] == [1, 2]
    assert out[0]["hits"][0]["score"] == 0.031  # the first (best) occurrence is kept
    # the same passage found by another query is kept there
    assert out[3]["hits"][0]["chunk_id"] == out[0]["hits"][0]["chunk_id"]
    # without chunk ids, the citation and text decide
    no_ids = [{"id": 1, "query": "q", "hits": [
        {k: v for k, v in h.items() if k != "chunk_id"} for h in records[0]["hits"]]}]
    assert len(export.dedupe_hits(no_ids)[0]["hits"]) == 2


def test_write_dispatches_and_rejects_unknown_formats(records, documents):
    assert export.FORMATS == ("jsonl", "csv", "markdown", "html")
    with pytest.raises(ValueError, match="unknown export format"):
        write(records, documents, "docx")
    kept = [json.loads(line) for line in write(records, documents, "jsonl", dedupe=False)
            .splitlines()]
    assert len(kept[0]["hits"]) == 3


# --- JSON lines ----------------------------------------------------------------------------------


def test_jsonl_round_trips(records, documents):
    text = write(records, documents, "jsonl")
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) == len(records) + 1
    assert [json.loads(line) for line in lines[:-1]] == export.dedupe_hits(records)
    assert "Кириллица" in text  # UTF-8, not \u escapes


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_round_trips_one_row_per_hit(records, documents):
    text = write(records, documents, "csv")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert rows[0] == list(export.CSV_COLUMNS)
    assert rows[0] == ["query_id", "query", "rank", "score", "doc", "country", "part",
                       "section", "question", "item", "paragraph", "page", "citation", "text"]
    deduped = export.dedupe_hits(records)
    expected = [(r, h) for r in deduped for h in (r["hits"] or [None])]
    assert len(rows) == 1 + len(expected)
    assert all(len(row) == len(export.CSV_COLUMNS) for row in rows)
    for row, (record, h) in zip(rows[1:], expected, strict=True):
        got = dict(zip(export.CSV_COLUMNS, row, strict=True))
        assert got["query_id"] == str(record["id"])
        assert got["query"] == record["query"]  # line breaks kept inside quotes
        if h is None:
            assert all(got[c] == "" for c in export.HIT_COLUMNS)
            continue
        assert got["text"] == h["text"]
        assert got["citation"] == h["citation"]
        assert got["score"] == ("" if h["score"] is None else str(h["score"]))
        if h["score"] is not None:
            assert float(got["score"]) == h["score"]
        assert got["rank"] == str(h["rank"])
        assert got["section"] == "II" and got["item"] == "" and got["page"] == ""
    # RFC 4180: every record ends with CRLF; line breaks inside fields stay as they were
    assert text.endswith("\r\n")
    assert text.count("\r\n") == len(rows)
    assert '"' + NASTY_TEXT.replace('"', '""') + '"' in text


def test_csv_of_nothing_is_a_header():
    buf = io.StringIO(newline="")
    export.write_csv([], buf)
    assert buf.getvalue() == ",".join(f'"{c}"' for c in export.CSV_COLUMNS) + "\r\n"


# --- Markdown ------------------------------------------------------------------------------------

MD_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def md_unescape(text: str) -> str:
    return MD_ESCAPE_RE.sub(r"\1", text)


def quote_after(lines: list[str], marker: str) -> list[str]:
    """The block quote that follows the line containing `marker`."""
    start = next(i for i, line in enumerate(lines) if marker in line)
    i = start + 1
    assert lines[i] == ""
    block = []
    for line in lines[i + 1 :]:
        if line == "":
            break
        block.append(line)
    return block


def test_markdown_report_has_every_query_passage_and_citation(records, documents):
    md = write(records, documents, "markdown")
    lines = md.split("\n")
    deduped = export.dedupe_hits(records)
    assert lines[0] == "# GRETA search results"
    assert "<script>" not in md  # escaped, so it renders as text
    headings = [line for line in lines if line.startswith("## ")]
    assert len(headings) == len(records) + 1 and headings[-1] == "## References"
    for n, record in enumerate(deduped, start=1):
        heading = headings[n - 1]
        assert heading.startswith(f"## {n}. ")
        assert md_unescape(heading[len(f"## {n}. "):]) == flat(record["query"])
        assert "\n" not in heading
        for h in record["hits"]:
            assert f"`{h['citation']}`" in md
    # the overview table: a "|" in a query is escaped, so each row has its five cell borders
    row = next(line for line in lines if line.startswith("| 1 |"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 5
    # passages: every line stays in the block quote and reads back as written
    quoted = quote_after(lines, f"`{records[0]['hits'][0]['citation']}`")
    assert all(line.startswith(">") for line in quoted)
    original = NASTY_TEXT.split("\n")
    assert len(quoted) == len(original)
    for i, (got, want) in enumerate(zip(quoted, original, strict=True)):
        body = got[2:] if got.startswith("> ") else got[1:]
        if want.strip() and i + 1 < len(original) and original[i + 1].strip():
            assert body.endswith("\\")  # a hard line break keeps the lines apart
            body = body[:-1]
        assert md_unescape(body) == flat(want)
        # nothing at the start of a line may read as block syntax (list, heading, quote...)
        assert not re.match(r"(?:[-+=>#*]|\d+[.)])", body), body
    # a statistics table is fenced verbatim inside the block quote
    table = quote_after(lines, f"`{records[0]['hits'][1]['citation']}`")
    assert table[0].startswith("> ````") and table[-1] == "> " + table[0][2:].removesuffix("text")
    assert [line[2:] for line in table[1:-1]] == TABLE_TEXT.split("\n")
    # the answer, the empty query, the references
    assert "### Answer" in md and "Answer \\<b\\>bold\\</b\\>\\" in md
    assert "*No matching passages.*" in md
    refs = lines[lines.index("## References") + 2 :]
    refs = [line for line in refs if line]
    assert len(refs) == 3 and all(line.startswith("- ") for line in refs)
    for doc in (AZE, XYZ, UNKNOWN):
        assert sum(doc in md_unescape(line) for line in refs) == 1
    assert any("Government of Freedonia" in line for line in refs)


def test_markdown_renders_as_commonmark(records, documents):
    markdown_it = pytest.importorskip("markdown_it")
    md = write(records, documents, "markdown")
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in rendered
    deduped = export.dedupe_hits(records)
    assert rendered.count("<blockquote>") == sum(len(r["hits"]) for r in deduped)
    assert rendered.count("<h2>") == len(records) + 1
    assert rendered.count("<h1>") == 1 and "<h3>Answer</h3>" in rendered
    assert "<ul>" in rendered and "<li>" in rendered  # the references
    assert "<table>" in rendered
    quotes = collect(rendered, "blockquote")
    assert flat(quotes[0]) == flat(NASTY_TEXT)  # no markup swallowed a character
    assert quotes[1].strip("\n") == TABLE_TEXT
    headings = collect(rendered, "h2")
    assert headings[0] == "1. " + NASTY_QUERY


# --- HTML ----------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "link", "input", "wbr", "col", "source"}


class StrictHTML(HTMLParser):
    """Fails on unclosed or misnested elements; records tags and the text of elements."""

    def __init__(self, xhtml_void: bool = False):
        super().__init__(convert_charrefs=True)
        self.xhtml_void = xhtml_void
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.doctype = None
        self.texts: dict[str, list[str]] = {}
        self.open_text: list[tuple[str, list[str]]] = []

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in VOID:
            return
        self.stack.append(tag)
        self.open_text.append((tag, []))

    def handle_startendtag(self, tag, attrs):
        assert self.xhtml_void and tag in VOID, f"self-closing <{tag}/>"
        self.tags.append(tag)

    def handle_endtag(self, tag):
        assert tag not in VOID, f"end tag for void element {tag}"
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        name, parts = self.open_text.pop()
        text = "".join(parts)
        self.texts.setdefault(name, []).append(text)
        if self.open_text:
            self.open_text[-1][1].append(text)

    def handle_data(self, data):
        if self.open_text:
            self.open_text[-1][1].append(data)


def collect(html_text: str, tag: str) -> list[str]:
    """The text of each `tag` element of markdown-it's output (which writes <br />)."""
    parser = StrictHTML(xhtml_void=True)
    parser.feed(html_text)
    parser.close()
    return parser.texts.get(tag, [])


def parse_html(text: str) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(text)
    parser.close()
    assert parser.stack == [], f"unclosed {parser.stack}"
    return parser


def test_strict_html_reader_rejects_broken_input():
    with pytest.raises(AssertionError):
        parse_html("<p><b>x</p></b>")
    with pytest.raises(AssertionError):
        parse_html("<div><p>x</p>")


def test_html_report_is_complete_valid_and_escaped(records, documents):
    text = write(records, documents, "html")
    page = parse_html(text)
    assert page.doctype.lower() == "doctype html"
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "script" not in page.tags
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert [page.tags.count(t) for t in ("html", "head", "body", "title")] == [1, 1, 1, 1]
    assert page.texts["title"] == ["GRETA search results"]
    deduped = export.dedupe_hits(records)
    hits = [h for r in deduped for h in r["hits"]]
    quotes = page.texts["blockquote"]
    assert len(quotes) == len(hits)
    for h in hits:
        assert h["citation"] in page.texts["cite"]
    for quote, h in zip(quotes, hits, strict=True):
        assert h["citation"] in quote
        for line in h["text"].split("\n"):
            assert line in quote  # the text itself, unescaped by the parser, line by line
    assert page.texts["pre"][0] == TABLE_TEXT
    h2 = page.texts["h2"]
    assert h2[0] == "1. " + NASTY_QUERY and h2[-1] == "References"
    assert "Answer <b>bold</b>\nsecond line" in page.texts["p"]
    refs = [li for li in page.texts["li"] if "Strasbourg" in li]
    assert len(refs) == 3
    for doc in (AZE, XYZ, UNKNOWN):
        assert sum(doc in li for li in refs) == 1
    assert any(li.startswith("Government of Azerbaijan (2026).") for li in refs)


def test_reports_of_nothing_are_still_valid_documents():
    for fmt in ("markdown", "html"):
        text = write([], {}, fmt, title="Empty <report> & co")
        if fmt == "html":
            page = parse_html(text)
            assert page.texts["title"] == ["Empty <report> & co"]
        else:
            assert text.startswith("# Empty \\<report\\> \\& co\n")
        assert "No documents cited" in text


# --- a real two-document index -------------------------------------------------------------------


def test_reports_of_a_real_search_over_two_documents(tmp_path, seed_path):
    from greta_search.embed import HashEmbedder
    from greta_search.search import Filters, Searcher
    from greta_search.store import IndexStore

    store = IndexStore(tmp_path / "index")
    store.build([seed_path, SYNTHETIC], HashEmbedder())
    searcher = Searcher(store, HashEmbedder())
    documents = export.documents_from_manifest(searcher.manifest)
    assert set(documents) == {AZE, XYZ}
    assert documents[XYZ]["country"] == "Freedonia"
    queries = [("fr", "child victims legal representative appointed", "Freedonia"),
               ("az", "child victims legal representative appointed", "Azerbaijan")]
    records = []
    for qid, query, country in queries:
        hits = searcher.search(query, k=3, filters=Filters(country=[country]))
        assert hits and all(h.chunk.country == country for h in hits)
        records.append({"id": qid, "query": query, "hits": [h.to_dict() for h in hits]})
    md = write(records, documents, "markdown")
    html_text = write(records, documents, "html")
    refs = [li for li in parse_html(html_text).texts["li"] if "Strasbourg" in li]
    assert len(refs) == 2
    assert any(r.startswith("Government of Azerbaijan (2026)") for r in refs)
    assert any(r.startswith("Government of Freedonia (2026)") for r in refs)
    assert "Government of Freedonia (2026)" in md
    rows = list(csv.reader(io.StringIO(write(records, documents, "csv"), newline="")))
    assert len(rows) == 1 + sum(len(r["hits"]) for r in records)
    assert {row[4] for row in rows[1:]} == {AZE, XYZ}


def test_answers_in_the_shape_of_answer_to_dict(documents):
    cited = hit(1, XYZ, f"{XYZ}, Part III, Q42(4), ¶1", "Table 3 ...", 0.9, country="Freedonia")
    records = [
        {"id": "a", "query": "how many children had a legal representative in 2024?",
         "hits": [hit(1, AZE, f"{AZE}, Q1, ¶1", "Plain passage.", 0.5)],
         "answer": {"question": "how many children had a legal representative in 2024?",
                    "answer": "6 <children> in 2024", "span": "6", "confidence": 0.81,
                    "citations": [cited], "passages": [cited], "type": "number",
                    "source": "table", "note": None}},
        {"id": "b", "query": "unanswerable", "hits": [],
         "answer": {"question": "unanswerable", "answer": None, "span": None,
                    "confidence": 0.0, "citations": [], "passages": [], "type": "fact",
                    "source": None, "note": "no table row for 2031"}},
    ]
    md = write(records, documents, "markdown")
    assert "6 \\<children\\> in 2024" in md and "*No answer.*" in md
    assert "- span: 6" in md and "- confidence: 0.81" in md and "- note: no table row" in md
    assert f"- Source: `{cited['citation']}`" in md
    assert "- question:" not in md and "passages:" not in md
    page = parse_html(write(records, documents, "html"))
    assert "6 <children> in 2024" in page.texts["p"]
    assert "No answer." in page.texts["em"]
    # the document an answer cites is in the references although no hit is from it
    refs = [li for li in page.texts["li"] if "Strasbourg" in li]
    assert len(refs) == 2 and any(XYZ in r for r in refs)
    assert "Government of Freedonia" in md
