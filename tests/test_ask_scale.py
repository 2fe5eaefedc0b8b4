"""`ask` reads the store by look-up (documents from the facets, cross-referenced questions,
table passages by their caption flag, word weights from the BM25 index) and answers exactly
as the full scan of every passage did: the full-scan path is the same code given a plain
list of passages and a store without a keyword index. Also the web app's facet counts,
which come from the whole index (within the filters), not from the hits shown."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from greta_search import api
from greta_search.answer import ask
from greta_search.answer_types import Weights
from greta_search.chunk import Chunk
from greta_search.embed import HashEmbedder
from greta_search.keyword import tokenize
from greta_search.records import ChunkTable, has_caption, write_records
from greta_search.search import Searcher
from greta_search.store import IndexStore
from greta_search.table_entries import tables_of
from greta_search.tables import tables_in_passage
from tests.conftest import load_script

ROOT = Path(__file__).resolve().parent.parent
REPLIES = [ROOT / "tests" / "data" / "synthetic-xyz-reply.txt",
           ROOT / "tests" / "data" / "synthetic-rur-reply.txt"]
QUESTIONS = [
    "How many victims were identified in 2025?",
    "How many victims of trafficking were identified in Freedonia in 2025?",
    "How many calls did the helpline receive in 2025 in Ruritania?",
    "Who identifies victims of trafficking?",
    "Which law criminalises trafficking in human beings?",
    "What measures are taken to protect child victims?",
    "Are victims exempt from work permits?",
    "When was the national referral mechanism adopted?",
    "What is the capital of France?",
    "homeless victims shelters",
]
FILTERS = [{}, {"country": ["Freedonia"]}, {"doc": ["GRETA(2023)11"]},
           {"country": ["Ruritania", "Azerbaijan"]}, {"question": [1, 26, 42]}, {"part": ["1"]}]


@pytest.fixture(scope="module")
def three_docs(tmp_path_factory, seed_path) -> Path:
    root = tmp_path_factory.mktemp("three") / "index"
    IndexStore(root, cache=None).build([seed_path, *REPLIES], HashEmbedder())
    return root


class ScanStore:
    """The store without its keyword index's document frequencies (word weights are then
    counted over every passage, as before)."""

    def __init__(self, store: IndexStore) -> None:
        self._store = store

    def __getattr__(self, name: str):
        if name == "document_frequencies":
            raise AttributeError(name)
        return getattr(self._store, name)


@pytest.fixture(scope="module")
def scanning(three_docs) -> Searcher:
    """A searcher over every passage read whole: the full-scan path of every look-up."""
    searcher = Searcher(ScanStore(IndexStore(three_docs)), HashEmbedder())
    searcher.chunks = list(searcher.chunks)
    return searcher


@pytest.mark.parametrize("given", FILTERS)
def test_ask_answers_exactly_as_the_full_scan(three_docs, scanning, given):
    filters = api.make_filters(given)
    searcher = Searcher(IndexStore(three_docs), HashEmbedder())
    answered = 0
    for question in QUESTIONS:
        expected = ask(scanning, question, filters).to_dict()
        got = ask(searcher, question, filters).to_dict()
        assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False), \
            question
        answered += sum(a["answer"] is not None for a in got["answers"])
    assert answered or given == {"part": ["1"]}  # (the hash embedder answers little there)


def test_per_document_and_named_state_answers_match_the_full_scan(three_docs, scanning):
    index = api.open_index(three_docs)
    index._embedder = HashEmbedder()
    record = index.ask("How many victims were identified in 2025?").to_dict()
    assert [a["doc"] for a in record["answers"]] == [d.doc for d in index.manifest.documents]
    assert json.dumps(record) == json.dumps(
        ask(scanning, "How many victims were identified in 2025?").to_dict())
    named = index.ask("How many victims were identified in Freedonia in 2025?")
    assert [a.country for a in named.answers] == ["Freedonia"]
    by_country = index.ask("How many victims were identified in 2025?", country="Ruritania")
    assert [a.country for a in by_country.answers] == ["Ruritania"]


def test_word_weights_from_the_keyword_index_equal_counted_ones(three_docs, scanning):
    searcher = Searcher(IndexStore(three_docs), HashEmbedder())
    table = searcher.chunks
    table.decoded = 0
    weights = Weights(searcher)
    assert table.decoded == 0  # nothing read: the frequencies are the BM25 index's
    counted: Counter = Counter()
    for stems in tokenize([c.embed_text for c in scanning.chunks]):
        counted.update(set(stems))
    assert weights.df == dict(counted) and len(counted) > 1000
    assert weights.df == Weights(scanning).df and weights.n == len(scanning.chunks)


def test_ask_reads_only_the_passages_it_needs(three_docs):
    """Records `ask` decodes when one reply is asked (by filter or by naming its State):
    only passages of that reply (and the passage either side of it, looked at when a list
    might continue), never the other replies' (retrieval reads a bounded pool of candidates
    within the filters, so a small reply is read whole)."""
    index = api.open_index(three_docs)
    index._embedder = HashEmbedder()
    table = index.chunks
    index.load()
    span: dict[str, list[int]] = {}
    for facet_id, facet in table.facets().items():
        span.setdefault(facet.doc, []).append(facet_id)
    positions = {doc: {c.position for c in table.where("doc = ?", [doc])} for doc in span}
    table._cache.clear()
    cases = [("How many victims were identified in 2025?", {"doc": "GRETA(2026)99"}),
             ("Who runs the helpline?", {"doc": "GRETA(2026)98"}),
             ("What measures are taken to protect child victims?", {"country": "Freedonia"}),
             ("How many victims were identified in Freedonia in 2025?", {}),
             ("How many calls did the helpline in Ruritania receive in 2025?", {})]
    for question, given in cases:
        table._cache.clear()
        table.decoded = 0
        answer = index.ask(question, **given)
        assert answer.passages and len(answer.answers) == 1
        mine = positions[answer.answers[0].doc]
        read = set(table._cache)
        assert read and table.decoded == len(read)
        assert read <= mine | {min(mine) - 1, max(mine) + 1}, question
        assert len(read) < len(table) / 3


def test_tables_are_read_by_their_caption_flag_and_match_the_full_scan(three_docs, scanning):
    searcher = Searcher(IndexStore(three_docs), HashEmbedder())
    for given in FILTERS:
        filters = api.make_filters(given)
        got = [(e.chunk.position, e.table.number, sorted(e.terms), e.cores, e.aligned)
               for e in tables_of(searcher, filters)]
        expected = [(e.chunk.position, e.table.number, sorted(e.terms), e.cores, e.aligned)
                    for e in tables_of(scanning, filters)]
        assert got == expected
    assert len(tables_of(searcher)) >= 15
    flagged = {c.position for c in searcher.chunks.where("caption = 1")}
    assert len(flagged) < len(searcher.chunks) / 10


def test_a_table_outside_a_table_passage_is_found(tmp_path):
    """A table the parser left in a text passage (a bold caption, a caption outside any
    question) is flagged and found, as a scan of every passage finds it."""
    text = ("The figures are the following.\n**Table 7.** Victims identified\n"
            "Years\tTotal\n2024\t12\n2025\t15")
    chunks = [Chunk(id=str(i), doc="GRETA(2030)01_ABC_rep", text=t, citation=f"¶{i}",
                    kind="text", position=i, question=q)
              for i, (t, q) in enumerate([("No table here; a stable and suitable answer.", 1),
                                          (text, None), ("See Table 7 above.", 2)])]
    write_records(tmp_path / "chunks.sqlite", chunks)

    class Plain:
        def __init__(self, chunks):
            self.chunks = chunks

    table = ChunkTable(tmp_path / "chunks.sqlite", len(chunks))
    assert [c.position for c in table.where("caption = 1")] == [1]
    found = tables_of(Plain(table))
    assert [(e.chunk.position, e.table.number) for e in found] == [(1, 7)]
    assert [(e.chunk.position, e.table.number) for e in tables_of(Plain(chunks))] == [(1, 7)]
    assert table.decoded == 1


STYLES = ["markdown", "caps", "bold-comments", "pdf-copy-no-blank-lines", "word-paste",
          "no-question-text", "tabs", "french"]


@pytest.mark.parametrize("style", STYLES)
def test_every_table_passage_is_flagged_in_many_layouts(style, seed_path, tmp_path):
    from greta_search.chunk import chunk_document
    from greta_search.parse import parse_file

    restyle = load_script("restyle")
    reply = tmp_path / "reply.txt"
    reply.write_text(restyle.restyle_text(seed_path.read_text(encoding="utf-8"),
                                          {**restyle.STYLES, **restyle.UNSEEN}[style]),
                     encoding="utf-8")
    chunks = chunk_document(parse_file(reply))
    with_tables = [c for c in chunks if tables_in_passage(c.text, c.item_text)]
    assert len(with_tables) >= 5
    assert all(has_caption(c.text) for c in with_tables)
    # captions written otherwise: in bold, indented, after a sentence on the line before
    for c in with_tables:
        for variant in (re.sub(r"(?m)^(Table \d+.*)$", r"**\1**", c.text),
                        re.sub(r"(?m)^Table", "   Table", c.text),
                        re.sub(r"(?m)^Table (\d+)", r"**Table** \1", c.text),
                        "Figures as follows.\n" + c.text):
            assert has_caption(variant) or not tables_in_passage(variant, c.item_text)
        assert any(tables_in_passage(re.sub(r"(?m)^(Table \d+.*)$", r"**\1**", c.text))
                   for c in with_tables)


def scan_facets(chunks, filters) -> dict[str, dict]:
    counts: dict[str, Counter] = {name: Counter() for name in api.FILTER_NAMES}
    for c in chunks:
        if not filters or filters.accepts(c):
            for name in api.FILTER_NAMES:
                if getattr(c, name) is not None:
                    counts[name][getattr(c, name)] += 1
    return {name: dict(v) for name, v in counts.items() if v}


@pytest.mark.parametrize("given", FILTERS + [{"section": ["III"], "question": [26, 32]}])
def test_facet_counts_are_the_whole_index_within_the_filters(three_docs, scanning, given):
    index = api.open_index(three_docs)
    index.chunks.decoded = 0
    assert index.facets(**given) == scan_facets(scanning.chunks, api.make_filters(given))
    assert index.chunks.decoded == 0


def test_the_search_page_shows_whole_index_facet_counts(three_docs, scanning):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from greta_search.web.app import create_app

    index = api.open_index(three_docs)
    index._embedder = HashEmbedder()
    with TestClient(create_app(index)) as client:
        for given in ({}, {"country": ["Freedonia"]}):
            page = client.get("/", params={"q": "victims in shelters", "k": 3, **given}).text
            shown = {}
            for name, body in re.findall(r'data-facet="(\w+)">(.*?)</section>', page, re.S):
                shown[name] = {v: int(n) for v, n in re.findall(
                    r'>([^<>]+)</a> <span class="count">(\d+)</span>', body)}
            expected = scan_facets(scanning.chunks, api.make_filters(given))
            docs = expected["doc"]
            assert shown["doc"] == {d: n for d, n in docs.items()}
            assert sum(shown["doc"].values()) == sum(docs.values()) > 3 * 10
            if given:
                assert list(shown["country"]) == ["Freedonia"]


def test_an_index_of_format_4_asks_to_reindex_then_reuses_everything(tmp_path, seed_path):
    """A build of format 4 (no caption flag): one line, exit 3; `index` then rebuilds it
    without parsing or embedding anything again."""
    import sqlite3

    from click.testing import CliRunner

    from greta_search.cli import cli
    from greta_search.errors import EXIT_INDEX
    from tests.test_robustness_index import reseal, rewrite_manifest

    root = tmp_path / "index"
    IndexStore(root, cache=None).build([seed_path], HashEmbedder())
    build = IndexStore(root).path
    passages = IndexStore(root).manifest().chunks
    db = sqlite3.connect(build / "chunks.sqlite")
    db.execute("DROP INDEX chunks_caption")
    db.execute("ALTER TABLE chunks DROP COLUMN caption")
    db.commit()
    db.close()
    reseal(build, "chunks.sqlite")
    rewrite_manifest(build, lambda data: data.update(format_version=4))
    result = CliRunner().invoke(cli, ["ask", "How many victims?", "--index", str(root)])
    assert result.exit_code == EXIT_INDEX
    assert "index format 4, this version reads 5" in result.stderr
    report = IndexStore(root, cache=None).build([seed_path], HashEmbedder())
    assert report.embedded == 0 and report.reused == passages and report.skipped_documents == 1
    assert len(tables_of(Searcher(IndexStore(root), HashEmbedder()))) == 10


def test_the_record_cache_keeps_the_most_recent_reads(three_docs, scanning, monkeypatch):
    from greta_search import records

    monkeypatch.setattr(records, "CACHED", 50)
    table = IndexStore(three_docs).chunks()
    order = list(range(0, len(table), 3))
    got = table.many(order)
    assert [c.position for c in got] == order and len(table._cache) == 50
    assert [c.text for c in got] == [scanning.chunks[p].text for p in order]
    table.decoded = 0
    assert table[order[-1]].position == order[-1] and table.decoded == 0  # kept
    assert table[order[0]].position == order[0] and table.decoded == 1  # read again
    assert list(table._cache)[-1] == order[0] and len(table._cache) == 50


@pytest.mark.parametrize("given", [{"doc": ["GRETA(2026)"]}, {"doc": ["greta(2023)11_aze"]},
                                   {"doc": ["GRETA(2026)98", "GRETA(2023)"], "question": [26]},
                                   {"doc": ["Nothing"]}, {"country": ["Freedonia"]}, {}])
def test_the_document_test_only_narrows_what_the_filter_would_accept(three_docs, given):
    table = IndexStore(three_docs).chunks()
    filters = api.make_filters(given)
    doc = filters.doc_test()
    assert (doc is None) == (not filters.doc)
    assert table.facets(filters.accepts, doc) == table.facets(filters.accepts)
    assert list(table.positions(filters.accepts, doc)) == list(table.positions(filters.accepts))
    assert table.documents(filters.accepts, doc) == table.documents(filters.accepts)
