"""The Nordic civil-service house style (`restyle.NORDIC`), written from two replies of two
rounds (the seed, fourth round, its template with questions; Borduria, third round, its
template with Sections only) under eight random seeds each: unnumbered Section headings
named by the template's titles, "Q14 (Article 23 – ...)" headings without the question,
paragraphs numbered through the document, "i) Title" items above numbered paragraphs,
"Notes to Section n", a list of abbreviations and an introduction before Part I, tables
aligned by spaces and annexes with their own tables after the last answer."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from greta_search.acronyms import defined
from greta_search.chunk import chunk_document
from greta_search.load import SourceLine
from greta_search.parse import parse_file, parse_lines
from tests.conftest import ROOT, SEED, load_script

restyler = load_script("restyle")
BASES = {"seed": SEED, "brd": ROOT / "tests/data/synthetic-brd-reply.txt"}
CASES = [(base, name) for base in BASES for name in sorted(restyler.NORDIC)
         if name != "nordic"]


def written(base: str, name: str):
    """(original Document, restyled Document, the writer's record, restyled text)."""
    original = parse_file(BASES[base])
    nordic = restyler.Nordic(original, restyler.NORDIC[name])
    lines = BASES[base].read_text(encoding="utf-8").splitlines()
    text = nordic.write(restyler.title_page(lines))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = parse_lines([SourceLine(line) for line in text.splitlines()], f"{name}.txt")
    return original, doc, nordic.expected, text


@pytest.fixture(scope="module", params=CASES, ids=[f"{b}-{n}" for b, n in CASES])
def case(request):
    return written(*request.param)


def sections(doc) -> list[tuple]:
    return [(part.label and part.label.removeprefix("Part "), sec.numeral,
             [q.number for q in sec.questions])
            for part in doc.parts for sec in part.sections if sec.questions]


def test_sections_and_questions_are_the_originals(case):
    original, doc, _, _ = case
    roman = {"1": "I", "2": "II", "3": "III"}
    assert [(roman.get(p, p), s, q) for p, s, q in sections(original)] == sections(doc)
    assert all(not s.inferred for p in doc.parts for s in p.sections)
    assert [q.number for q in doc.questions()] == [q.number for q in original.questions()]


def test_numbered_paragraphs_are_no_questions_and_items_are_found(case):
    original, doc, expected, _ = case
    assert not doc.misplaced
    found = {q.number: len(q.items) for q in doc.questions()}
    assert {n: found[n] for n in expected["items"]} == expected["items"]


def test_front_matter_abbreviations_introduction_and_date(case):
    _, doc, expected, text = case
    chunks = chunk_document(doc)
    headed = {c.citation.split(", ", 1)[1].split(", ¶")[0]: c for c in chunks
              if c.question is None and c.part is None}
    assert {"Abbreviations", "Introduction"} <= set(headed)
    assert "Introduction" not in headed["Abbreviations"].text
    assert headed["Introduction"].text.startswith("1. ")
    assert expected["abbreviations"].items() <= defined(headed["Abbreviations"].text).items()
    if "submitted" in expected:  # "Submitted: 21st March 2026"
        assert doc.meta.submitted == expected["submitted"]


def test_section_notes_and_annexes_are_passages_of_their_own(case):
    _, doc, expected, _ = case
    chunks = chunk_document(doc)
    answers = [c for c in chunks if c.question is not None]
    assert not any("Notes to Section" in c.text or "ANNEX" in c.text or "[1] Act" in c.text
                   for c in answers)
    notes = [c.citation.split(", ")[1] for c in chunks if "Notes to Section" in c.citation]
    assert notes == expected["notes"]
    tables = {c.citation.split(", ", 1)[1]: c for c in chunks if c.kind == "table"
              and "Annex" in c.citation}
    assert sorted(tables) == sorted(expected["tables"])
    for place, chunk in tables.items():
        assert chunk.text.startswith(place.split(", ")[1])  # the caption opens it
        assert len(chunk.text.split("\n")) >= 4  # its header and rows


def test_aligned_tables_stay_tables(case):
    original, doc, _, _ = case

    def tables(d) -> dict[int, int]:
        out: dict[int, int] = {}
        for c in chunk_document(d):
            if c.kind == "table" and c.question is not None:
                out[c.question] = out.get(c.question, 0) + 1
        return out

    assert tables(doc) == tables(original)


def test_the_writer_draws_other_choices():
    texts = {written("brd", name)[3] for name in ("nordic-1", "nordic-2", "nordic-3")}
    assert len(texts) == 3
    assert Path(BASES["brd"]).exists()
