"""Questionnaire templates: shipped as data, reproducible, the seed aligns 42/42, and
headings restated by text (abbreviated, with typos, reworded) are found."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest

from greta_search.load import SourceLine
from greta_search.parse import parse_lines
from greta_search.template import (
    GENERIC,
    TemplateError,
    align,
    builtin,
    for_round,
    load_template,
    similarity,
)
from tests.conftest import ROOT, load_script

restyler = load_script("restyle")


def parse(text: str, template=None):
    return parse_lines([SourceLine(line) for line in text.splitlines()], "t.txt", template)


def test_round4_ships_as_data_with_42_questions_and_sections():
    t = builtin(4)
    assert t is not None and sorted(t.questions) == list(range(1, 43))
    assert [i.label for i in t.questions[2].items] == list("abcdef")
    assert t.questions[41].item_style == "bullets" and len(t.questions[41].items) == 5
    assert (t.questions[19].part, t.questions[19].section) == ("1", "II")
    assert t.questions[32].articles == [4, 18, 19, 23, 24, 27, 28, 30]
    assert for_round("Fourth") is t and for_round("Quatrième") is t
    r3 = for_round("Third")
    assert r3 is not None and not r3.questions and len(r3.parts[0]["sections"]) == 11


def test_the_script_reproduces_the_templates():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_template.py"),
                           "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_seed_aligns_42_of_42(seed_doc):
    alignment = align(seed_doc, builtin(4))
    assert alignment.found == 42 and alignment.missing == [] and alignment.score == 1.0
    assert seed_doc.questions()[25].canonical.startswith("If your country's legislation")


def test_alignment_names_the_missing_questions(seed_text_without):
    doc = parse(seed_text_without)
    alignment = align(doc, builtin(4))
    assert alignment.missing == [12, 13]
    assert 14 in {q.number for q in doc.questions()}


@pytest.fixture
def seed_text_without(seed_path):
    """The seed with questions 12 and 13 (headings and answers) cut out."""
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("12. How do"))
    end = next(i for i, line in enumerate(lines) if line.startswith("14. What measures"))
    return "\n".join(lines[:start] + lines[end:])


@pytest.mark.parametrize(("line", "canonical", "matches"), [
    ("Measures to reduce children's vulnerability by creating a protective environment",
     "What specific measures are taken to reduce children’s vulnerability to human "
     "trafficking by creating a protective environment for them?", True),
    ("What specfic measures are takne to reduce childrens vulnerability to human traficking "
     "by creating a protective enviroment for them?",
     "What specific measures are taken to reduce children’s vulnerability to human "
     "trafficking by creating a protective environment for them?", True),
    ("The State Migration Service issued 120 permits in 2025 to victims.",
     "If your country's legislation provides for the possibility of granting a residence "
     "permit based on the victim's personal situation, how is this provision interpreted?",
     False),
])
def test_similarity_tolerates_typos_and_abbreviation_not_answers(line, canonical, matches):
    assert (similarity(line, canonical) >= 0.70) is matches


def test_unnumbered_and_reworded_headings_are_found_by_text(seed_path):
    text = restyler.restyle(seed_path, restyler.STYLES["text-only"])
    text = text.replace(
        "What specific measures are taken to reduce children’s vulnerability to human "
        "trafficking by creating a protective environment for them?",
        "Which concrete steps are taken to reduce childrens vulnerability to human "
        "trafficking by creating a protective environment for them?")
    doc = parse(text)
    assert [q.number for q in doc.questions()] == list(range(1, 43))
    assert {q.match for q in doc.questions()} == {"text"}
    assert align(doc, builtin(4)).matches[1].fuzzy is False


def test_without_a_template_unnumbered_headings_are_not_found(seed_path):
    text = restyler.restyle(seed_path, restyler.STYLES["text-only"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = parse(text, GENERIC)
    assert not doc.questions()


def test_a_template_file_for_another_round(tmp_path):
    path = tmp_path / "round9.json"
    path.write_text(json.dumps({
        "name": "Round 9", "round": 9,
        "parts": [{"label": "1", "title": "T", "sections": [
            {"numeral": "I", "title": "S", "articles": [5], "questions": [1, 2]}]}],
        "questions": [
            {"number": 1, "text": "How are victims of trafficking identified in practice?"},
            {"number": 2, "text": "Which shelters exist for male victims of trafficking?",
             "items": [{"label": "a", "text": "capacity"}, {"label": "b", "text": "funding"}]},
        ],
    }), encoding="utf-8")
    template = load_template(path)
    doc = parse("Ninth evaluation round\n\nPart 1 – T\n\n"
                "How are victims of trafficking identified in practice?\n\nBy the police.\n\n"
                "Which shelters exist for male victims of trafficking?\n\n"
                "(a) capacity\n\nTen beds.\n\n(b) funding\n\nThe State.\n", template)
    assert [q.number for q in doc.questions()] == [1, 2]
    assert [(i.label, i.paragraphs[0].text) for i in doc.questions()[1].items] == [
        ("a", "Ten beds."), ("b", "The State.")]


def test_a_bad_template_file_is_one_clear_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(TemplateError, match="bad.json"):
        load_template(path)
    with pytest.raises(TemplateError, match="no such template"):
        load_template(tmp_path / "missing.json")


def test_a_reply_to_another_questionnaire_falls_back_to_generic_detection():
    text = ("Fourth evaluation round\n\nPart 1 – Other\n\n"
            "1. How many inspectors does the labour inspectorate employ?\n\n"
            "a) in the capital;\n\nAnswer – 40.\n\nb) in the regions.\n\nAnswer – 60.\n\n"
            "2. Which languages are hotline calls answered in?\n\nAnswer – Three.\n")
    doc = parse(text)
    assert doc.template is None
    q1 = doc.questions()[0]
    assert [(i.label, i.paragraphs[0].text) for i in q1.items] == [("a", "40."), ("b", "60.")]


def test_hits_carry_the_canonical_question_text(seed_path):
    from greta_search.chunk import chunk_document

    text = restyler.restyle(seed_path, restyler.STYLES["text-only"]).replace(
        "If your country's legislation provides for the possibility of granting a residence "
        "permit based on the victim's personal situation, how is this provision interpreted "
        "in practice? Provide examples.",
        "Residence permits granted on the victim's personal situation: how is this provision "
        "interpreted in practice?")
    chunks = [c for c in chunk_document(parse(text)) if c.question == 26]
    assert chunks and chunks[0].question_text.startswith("Residence permits granted")
    assert chunks[0].question_canonical.startswith("If your country's legislation provides")
