"""Query-time reads of the store: provision look-ups, the provision summary, filter checks
and `compare` read what they need through SQL, and give exactly what a full scan of every
passage and citation (the earlier code path, restated here) gives, on the seed and the
synthetic reply together."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from greta_search import api
from greta_search.cli import cli
from greta_search.compare import compare_query, compare_question
from greta_search.errors import EXIT_INDEX
from greta_search.provisions import Lookup, Provision, matches
from greta_search.search import Filters, lookup_provision, provision_summary
from greta_search.store import (
    FORMAT_VERSION,
    IndexStore,
    file_hash,
    manifest_checksum,
    provision_records,
)
from greta_search.validate import known_values

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = ROOT / "tests" / "data" / "synthetic-xyz-reply.txt"
FILTERS = [
    {},
    {"country": ["Freedonia"]},
    {"doc": ["GRETA(2023)11"]},
    {"section": ["III"]},
    {"part": ["1"], "question": [1, 26, 32]},
]


@pytest.fixture(scope="module")
def two_docs(tmp_path_factory, seed_path) -> Path:
    from greta_search.embed import HashEmbedder

    root = tmp_path_factory.mktemp("two") / "index"
    IndexStore(root, cache=None).build([seed_path, SYNTHETIC], HashEmbedder())
    return root


@pytest.fixture(scope="module")
def full(two_docs):
    """Every passage and every citation record, read whole (the earlier path)."""
    chunks = list(IndexStore(two_docs).chunks())
    return chunks, provision_records(chunks)


def scan_lookup(full, lookup: Lookup, filters: Filters) -> list[tuple[int, str, str]]:
    chunks, records = full
    found: dict[int, dict] = {}
    for r in records:
        provision = Provision(r["instrument"], r["article"], r["cited"], r["quote"], 0)
        if r["chunk"] not in found and matches(lookup, provision) \
                and filters.accepts(chunks[r["chunk"]]):
            found[r["chunk"]] = r
    return [(p, found[p]["instrument"], found[p]["cited"]) for p in sorted(found)]


def lookups(records: list[dict]) -> set[Lookup]:
    """Every instrument cited, alone and with every prefix of every article path cited,
    every article alone, and some that match nothing."""
    out = {Lookup("Criminal Code", "144-10"), Lookup(None, "9999"), Lookup("Resolution No. 131",
                                                                        None)}
    for r in records:
        out.add(Lookup(r["instrument"], None))
        if r["article"]:
            parts = r["article"].split(".")
            for n in range(1, len(parts) + 1):
                out.add(Lookup(r["instrument"], ".".join(parts[:n])))
                out.add(Lookup(None, ".".join(parts[:n])))
    return out


def test_both_documents_cite_provisions(full):
    chunks, records = full
    assert {chunks[r["chunk"]].doc for r in records} == {"GRETA(2023)11_AZE_rep",
                                                         "GRETA(2026)99_XYZ_rep"}


@pytest.mark.parametrize("given", FILTERS)
def test_provision_lookups_match_a_full_scan(two_docs, full, given):
    store = IndexStore(two_docs)
    filters = api.make_filters(given)
    asked = sorted(lookups(full[1]), key=str)
    assert len(asked) > 100
    nonempty = 0
    for lookup in asked:
        result = lookup_provision(store, str(lookup), filters)
        got = [(h.chunk.position, p.instrument, p.cited) for h, p in result.matches]
        assert got == scan_lookup(full, result.lookup, filters), str(lookup)
        assert [h.rank for h, _ in result.matches] == list(range(1, len(got) + 1))
        nonempty += bool(got)
    assert nonempty > 50


def test_unknown_instrument_and_suggestions_match_a_full_scan(two_docs, full):
    from greta_search.provisions import parse_lookup, suggest_instruments

    store = IndexStore(two_docs)
    instruments = sorted({r["instrument"] for r in full[1]})
    for query in ["Article 5 of the Criminal Cod", "Article 3 of the Labor Code",
                  "Law on Migration", "Resolution No. 999"]:
        result = lookup_provision(store, query)
        lookup = parse_lookup(query)
        known = any(matches(Lookup(lookup.instrument, None),
                            Provision(i, None, "", "", 0)) for i in instruments)
        assert result.known == known
        expected = [] if known else suggest_instruments(lookup.instrument, instruments)
        assert result.suggestions == expected


def scan_summary(full, instrument: str | None) -> list[dict]:
    chunks, records = full
    wanted = Lookup(instrument, None) if instrument else None
    table: dict[str, dict] = {}
    for r in records:
        provision = Provision(r["instrument"], r["article"], r["cited"], r["quote"], 0)
        if wanted and not matches(wanted, provision):
            continue
        where = (chunks[r["chunk"]].doc, chunks[r["chunk"]].question)
        entry = table.setdefault(r["instrument"], {"n": 0, "q": set(), "a": {}})
        entry["n"] += 1
        entry["q"].add(where)
        if r["article"]:
            art = entry["a"].setdefault(r["article"], {"n": 0, "q": set()})
            art["n"] += 1
            art["q"].add(where)
    return [(name, e["n"], e["q"], {a: (v["n"], v["q"]) for a, v in e["a"].items()})
            for name, e in sorted(table.items())]


def test_provision_summary_matches_a_full_scan(two_docs, full):
    store = IndexStore(two_docs)
    for instrument in [None, "Criminal Code", "Labour Code", "Resolution No. 131",
                       *sorted({r["instrument"] for r in full[1]})[:15]]:
        summary = provision_summary(store, instrument)
        got = sorted((e["instrument"], e["citations"],
                      {(q["doc"], q["question"]) for q in e["questions"]},
                      {a["article"]: (a["citations"],
                                      {(q["doc"], q["question"]) for q in a["questions"]})
                       for a in e["articles"]}) for e in summary)
        assert got == scan_summary(full, instrument), instrument
        counts = [e["citations"] for e in summary]
        assert counts == sorted(counts, reverse=True)


def test_cited_provisions_and_search_boost_match_a_full_scan(two_docs, full):
    chunks, records = full
    index = api.open_index(two_docs)
    for number in (1, 26, 32):
        hits = index.show(number)
        positions = {h.chunk.position for h in hits}
        expected = list(dict.fromkeys(str(Lookup(r["instrument"], r["article"]))
                                      for r in records if r["chunk"] in positions))
        assert index.cited_provisions(hits) == expected and expected
    citations = IndexStore(two_docs).citations()
    for lookup in [Lookup("Criminal Code", "144-1"), Lookup("Migration Code", "50.2"),
                   Lookup(None, "16")]:
        expected = {r["chunk"] for r in records if matches(lookup, Provision(
            r["instrument"], r["article"], r["cited"], r["quote"], 0))}
        assert citations.positions([lookup]) == expected and expected


@pytest.mark.parametrize("given", FILTERS)
def test_compare_matches_a_full_scan(two_docs, full, given):
    chunks, _ = full
    table = IndexStore(two_docs).chunks()
    filters = api.make_filters(given)
    for number in range(0, 45):
        got = [(e.doc, e.country, [h.chunk.position for h in e.hits])
               for e in compare_question(table, number, filters)]
        expected: dict[str, tuple] = {}
        for c in chunks:
            if c.question == number and filters.accepts(c):
                expected.setdefault(c.doc, (c.doc, c.country, []))[2].append(c.position)
        assert got == list(expected.values()), number
    docs = list(dict.fromkeys((c.doc, c.country) for c in chunks if filters.accepts(c)))
    assert table.documents(filters.accepts if filters else None) == docs


@pytest.mark.parametrize("doc", [None, "GRETA(2026)99", "greta(2023)11_aze_rep"])
def test_tables_match_a_full_scan(two_docs, full, doc):
    from greta_search.tables import tables_in_passage

    filters = api.make_filters({"doc": doc})
    expected = [(c.position, t.number) for c in full[0]
                if c.kind == "table" and filters.accepts(c)
                for t in tables_in_passage(c.text, c.item_text)]
    got = [(t.chunk.position, t.table.number) for t in api.open_index(two_docs).tables(doc=doc)]
    assert got == expected and expected


def test_compare_query_gives_each_document_its_best_passage(two_docs):
    from greta_search.embed import HashEmbedder
    from greta_search.search import Searcher

    searcher = Searcher(IndexStore(two_docs), HashEmbedder())
    entries = compare_query(searcher, "victims referred to shelters")
    assert [e.doc for e in entries] == ["GRETA(2023)11_AZE_rep", "GRETA(2026)99_XYZ_rep"]
    assert all(len(e.hits) == 1 and e.hits[0].chunk.doc == e.doc for e in entries)


def scan_unknown(chunks, filters: Filters) -> list[str]:
    """The earlier filter check: every value against every passage."""
    from greta_search.search import same_doc, same_numeral, same_round, same_section

    checks = [
        ("--doc", "document", filters.doc, lambda v, c: same_doc(v, c.doc), lambda c: c.doc),
        ("--country", "country", filters.country,
         lambda v, c: Filters(country=[v]).accepts(c), lambda c: c.country),
        ("--round", "round", filters.round, lambda v, c: same_round(v, c.round),
         lambda c: c.round),
        ("--part", "part", filters.part, lambda v, c: same_numeral(v, c.part), lambda c: c.part),
        ("--section", "section", filters.section, same_section,
         lambda c: c.section and f"{c.section} ({c.section_title})"),
        ("--question", "question", filters.question, lambda v, c: c.question == v,
         lambda c: c.question),
    ]
    problems = []
    for flag, noun, values, match, label in checks:
        for value in values:
            if not any(match(value, c) for c in chunks):
                problems.append(f"{flag} {value}: no such {noun} in the index (known: "
                                f"{known_values(label(c) for c in chunks)})")
    return problems


@pytest.mark.parametrize("given", [
    {"country": ["Narnia", "freedonia", "Azerbaijan"]},
    {"doc": ["GRETA(2026)", "XYZ", "GRETA(2023)11_AZE_rep"]},
    {"round": ["fourth", "4", "3rd", "x"]},
    {"part": ["1", "II", "IV", "Part 3", "seven"]},
    {"section": ["I", "Section 2", "IX", "prevention", "protection", "zebra"]},
    {"question": [1, 26, 42, 43, 99]},
    {"country": ["Narnia"], "question": [77], "part": ["9"]},
])
def test_filter_checks_match_a_full_scan(two_docs, full, given):
    index = api.open_index(two_docs)
    filters = api.make_filters(given)
    expected = scan_unknown(full[0], filters)
    if expected:
        with pytest.raises(api.UsageProblem) as err:
            index.filters(given)
        assert str(err.value) == "; ".join(expected)
    else:
        assert index.filters(given) == filters


@pytest.mark.parametrize(("ref", "doc"), [("99", None), ("2z", None), ("26a", None),
                                          ("40.9", "GRETA(2026)99"), ("3", "Narnia"),
                                          ("12z", "GRETA(2023)11")])
def test_show_not_found_messages_match_a_full_scan(two_docs, full, ref, doc):
    from greta_search.api import REF_RE

    chunks, _ = full
    index = api.open_index(two_docs)
    m = REF_RE.match(ref)
    number, item = int(m.group(1)), m.group(2)
    filters = api.make_filters({"doc": doc})
    unknown = scan_unknown(chunks, filters)
    scoped = [c for c in chunks if filters.accepts(c)]
    if unknown:
        expected = "; ".join(unknown)
    elif item is not None and any(c.question == number for c in scoped):
        items = [c.item for c in scoped if c.question == number and c.item]
        listed = f"items {known_values(items)}" if items else "no items"
        expected = f"question {number} has no item {item} in {index.path} ({listed})"
    else:
        expected = (f"question {number} not found in {index.path} "
                    f"(questions {known_values(c.question for c in scoped)})")
    with pytest.raises(api.GretaSearchError) as err:
        index.show(ref, doc=doc)
    assert str(err.value) == expected


def test_queries_read_only_the_records_they_need(two_docs):
    """Counts records decoded and citation rows fetched: a query that went back to reading
    every passage or every citation fails here."""
    index = api.open_index(two_docs)
    table, citations = index.chunks, index.store.citations()
    assert len(table) > 400

    result = index.provision("Article 144-1 of the Criminal Code")
    matched = citations.matching(Lookup("Criminal Code", "144-1"))
    assert 0 < len(result.matches) == table.decoded <= len(matched) < 40
    assert citations.rows_read == 2 * len(matched)  # the look-up, and `matched` above

    before = table.decoded
    index.provision("Article 144-1 of the Criminal Code", country="Freedonia")
    assert table.decoded == before  # already read; the filter needs no record

    summary = index.provisions()
    assert summary and table.decoded == before  # counted in SQL

    cached = 0
    for given in ({"country": "Freedonia"}, {}):  # the second reads only the other document
        table.decoded = 0
        comparison = index.compare("26", **given)
        passages = sum(len(e.hits) for e in comparison.entries)
        assert 0 < passages - cached == table.decoded
        assert len(comparison.entries) == (1 if given else 2)
        cached = passages

    table.decoded = 0
    index.filters({"country": ["Freedonia"], "doc": ["GRETA(2026)"], "section": ["III"],
                   "part": ["1"], "round": ["4"], "question": [26]})
    with pytest.raises(api.UsageProblem):
        index.filters({"country": ["Narnia"]})
    assert table.decoded == 0

    for doc in ("GRETA(2026)99", "GRETA(2023)11"):  # each reads its own table passages
        table.decoded = 0
        tables = index.tables(doc=doc)
        assert 0 < len({t.chunk.position for t in tables}) == table.decoded
        assert {t.doc for t in tables} == {c.doc for c in table.where("doc LIKE ?", [doc + "%"])}

    hits = index.show(26)
    table.decoded = citations.rows_read = 0
    cited = index.cited_provisions(hits)
    assert cited and table.decoded == 0 and citations.rows_read < 20


def test_an_index_of_the_previous_format_asks_to_reindex_then_reuses_everything(
        tmp_path, seed_path):
    """A format-3 build (citations in provisions.jsonl): one line, exit 3; `index` then
    rebuilds it in the new format without embedding anything again."""
    from greta_search.embed import HashEmbedder

    root = tmp_path / "index"
    IndexStore(root, cache=None).build([seed_path], HashEmbedder())
    build = IndexStore(root).path
    chunks = list(IndexStore(root).chunks())
    (build / "provisions.sqlite").unlink()
    with open(build / "provisions.jsonl", "w", encoding="utf-8") as fh:
        for record in provision_records(chunks):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    manifest = json.loads((build / "manifest.json").read_text())
    files = manifest["files"]
    del files["provisions.sqlite"]
    files["provisions.jsonl"] = {"size": (build / "provisions.jsonl").stat().st_size,
                                 "sha256": file_hash(build / "provisions.jsonl")}
    manifest["format_version"] = 3
    manifest["checksum"] = manifest_checksum(manifest)
    (build / "manifest.json").write_text(json.dumps(manifest))

    for args in (["provision", "Article 144-1 of the Criminal Code"], ["compare", "26"],
                 ["search", "victims", "--country", "Azerbaijan"]):
        result = CliRunner().invoke(cli, [*args, "--index", str(root)])
        assert result.exit_code == EXIT_INDEX
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and f"index format 3, this version reads {FORMAT_VERSION}" \
            in lines[0] and "re-index with `greta-search index`" in lines[0], lines

    other = tmp_path / "merged"
    merged = IndexStore(other, cache=None).merge([root], HashEmbedder())
    assert merged.embedded == 0 and merged.chunks == len(chunks)

    report = IndexStore(root, cache=None).build([seed_path], HashEmbedder())
    assert report.embedded == 0 and report.reused == len(chunks)
    assert report.skipped_documents == 1  # not even parsed again
    index = api.open_index(root)
    assert {m.question for m in index.provision("Article 144-1 of the Criminal Code").matches} \
        == {1, 15, 32, 33, 34, 37}


def test_a_damaged_citation_file_is_an_index_problem(tmp_path, seed_path):
    from greta_search.embed import HashEmbedder

    root = tmp_path / "index"
    IndexStore(root, cache=None).build([seed_path], HashEmbedder())
    target = IndexStore(root).path / "provisions.sqlite"
    size = target.stat().st_size
    target.write_bytes(b"\0" * size)  # same size: only the open can tell
    result = CliRunner().invoke(cli, ["provision", "Article 144-1 of the Criminal Code",
                                      "--index", str(root)])
    assert result.exit_code == EXIT_INDEX
    assert "provisions.sqlite" in result.stderr and "re-index" in result.stderr
    shutil.rmtree(root)


def test_stored_sql_code_in_the_citation_file_is_refused(tmp_path, seed_path):
    import sqlite3

    from greta_search.embed import HashEmbedder
    from tests.test_robustness_index import reseal

    root = tmp_path / "index"
    IndexStore(root, cache=None).build([seed_path], HashEmbedder())
    build = IndexStore(root).path
    db = sqlite3.connect(build / "provisions.sqlite")
    db.execute("CREATE TRIGGER t AFTER INSERT ON citations BEGIN DELETE FROM citations; END")
    db.commit()
    db.close()
    reseal(build, "provisions.sqlite")
    with pytest.raises(api.IndexUnavailable, match="unexpected schema"):
        api.open_index(root).provisions()
    assert any("unexpected schema" in p for p in IndexStore(root).verify())
