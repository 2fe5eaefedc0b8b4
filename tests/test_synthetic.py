"""The synthetic second document (tests/data/synthetic-xyz-reply.txt): clearly marked, made
reproducibly by scripts/make_synthetic_reply.py, and parsed into the questions it keeps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from greta_search.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = ROOT / "tests" / "data" / "synthetic-xyz-reply.txt"
SCRIPT = ROOT / "scripts" / "make_synthetic_reply.py"
KEPT = [1, 2, 3, 4, 5, 6, 7, 8, 13, 19, 20, 21, 22, 23, 24, 25, 26, 27, 32, 33, 40, 41, 42]


@pytest.fixture(scope="module")
def synthetic():
    return parse_file(SYNTHETIC)


def test_it_says_it_is_synthetic_and_names_no_real_country():
    text = SYNTHETIC.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "SYNTHETIC TEST DOCUMENT – not a real GRETA reply"
    assert "Azerbaijan" not in text and "AZE" not in text
    assert text.count("Freedonia") > 20


def test_metadata_comes_from_its_title_page(synthetic):
    meta = synthetic.meta
    assert meta.code == "GRETA(2026)99_XYZ_rep"
    assert meta.country == "Freedonia"
    assert meta.doc_type == "reply"
    assert meta.round == "Fourth"
    assert meta.submitted == "30 January 2026"
    assert meta.title.startswith("Reply by Freedonia to the Questionnaire")


def test_it_keeps_the_seed_structure_for_the_questions_kept(synthetic, seed_doc):
    assert [q.number for q in synthetic.questions()] == KEPT
    assert [p.label for p in synthetic.parts] == ["Part 1", "Part II", "Part III"]
    assert [s.numeral for s in synthetic.parts[0].sections] == ["I", "II", "III"]
    seed = {q.number: q for q in seed_doc.questions()}
    for q in synthetic.questions():
        original = seed[q.number]
        assert q.text == original.text.replace("Azerbaijan", "Freedonia")
        # every sub-item of the seed is kept, in order (question 42 keeps its first four)
        want = [(i.label, i.text) for i in original.items]
        assert [(i.label, i.text) for i in q.items] == (want[:4] if q.number == 42 else want)
        # answers are shortened
        n_seed = len(original.paragraphs) + sum(len(i.paragraphs) for i in original.items)
        n_syn = len(q.paragraphs) + sum(len(i.paragraphs) for i in q.items)
        assert 0 < n_syn <= n_seed
        for item in q.items:
            assert len(item.paragraphs) <= 2
        assert len(q.paragraphs) <= 2


def test_question_42_keeps_tables_1_and_3_with_edited_figures(synthetic, seed_doc):
    q42 = {q.number: q for q in synthetic.questions()}[42]
    tables = [p.text for i in q42.items for p in i.paragraphs if p.kind == "table"]
    assert [t.split("\n")[0] for t in tables] == ["Table 1.", "Table 3"]
    seed42 = {q.number: q for q in seed_doc.questions()}[42]
    seed_tables = {p.text.split("\n")[0]: p.text for i in seed42.items for p in i.paragraphs
                   if p.kind == "table"}
    for table in tables:
        original = seed_tables[table.split("\n")[0]]
        assert table != original.replace("Azerbaijan", "Freedonia")
        # same shape: rows and cells per row
        assert [len(r.split("\t")) for r in table.split("\n")] == [
            len(r.split("\t")) for r in original.split("\n")
        ]
    assert "2024\t6" in tables[1]  # Table 3: 4 children in the seed, 6 here


def test_the_script_reproduces_the_file_exactly(tmp_path):
    out = tmp_path / "again.txt"
    subprocess.run([sys.executable, str(SCRIPT), "--output", str(out)], check=True,
                   capture_output=True, text=True)
    assert out.read_bytes() == SYNTHETIC.read_bytes()
    check = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True)
    assert check.returncode == 0, check.stderr


def test_it_is_written_in_a_layout_other_than_the_seeds():
    text = SYNTHETIC.read_text(encoding="utf-8")
    assert "\nQuestion 26: If your country" in text and "\n26. " not in text
    assert "\n(a) protection of children" in text and "\nAnswer – " not in text
    assert "\nPART II: " in text
