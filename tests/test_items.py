"""Items and front matter in any house style (scripts/make_fragment.py): fragments with items
labelled "6.1.", "6.1", "(a)", "a)", "i.", "(i)" or bullets, with or without an answer before
the first item, a numbered list inside an item, a note before Part 1, with or without the
questionnaire, parse to the tree they were written from; and the structure score sees items,
tables and text the parse missed."""

from __future__ import annotations

import itertools
import warnings

import pytest

from greta_search.chunk import chunk_document
from greta_search.completeness import lines_not_kept
from greta_search.parse import parse_file
from greta_search.structure import format_text, inspect_document
from tests.conftest import ROOT, load_script, parse_generated
from tests.test_layouts import tree

fragments = load_script("make_fragment")
MOLVANIA = ROOT / "tests" / "data" / "synthetic-mlv-reply.txt"


parse = parse_generated


def specs() -> list:
    """Every item style with and without an introduction, a nested list, a note and the
    questionnaire (bullets only with it); question and answer styles vary with the seed."""
    out = []
    flags = itertools.product(sorted(fragments.ITEM_STYLES), *[(False, True)] * 4)
    for seed, (item, intro, nested, note, template) in enumerate(flags):
        if item in fragments.NEEDS_TEMPLATE and not template:
            continue
        questions, answers = fragments.QUESTION_STYLES, fragments.ANSWER_STYLES
        out.append(fragments.Spec(item, intro, nested, note, template,
                                  questions[seed % len(questions)],
                                  answers[seed // 3 % len(answers)], seed))
    return out


SPECS = specs()


def spec_id(spec) -> str:
    flags = [name for name in ("intro", "nested", "note", "template") if getattr(spec, name)]
    return "-".join([spec.item, *flags]) or spec.item


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_fragment_parses_to_the_tree_it_was_written_from(spec):
    fragment = fragments.make_fragment(spec)
    doc = parse(fragment.text)
    assert (doc.template is not None) == spec.template
    assert tree(doc) == tree(fragment.doc)
    for found, written in zip(doc.questions(), fragment.doc.questions(), strict=True):
        assert [(i.label, i.text) for i in found.items] == [
            (i.label, i.text) for i in written.items], found.number
    assert doc.note_title == fragment.note_title
    assert [p.text for p in doc.note] == fragment.note
    assert (doc.meta.code, doc.meta.country) == ("GRETA(2026)55_FRG_rep", "Fragmentia")
    assert doc.meta.title.startswith("Reply by Fragmentia to the Questionnaire")


@pytest.mark.parametrize("spec", SPECS[::5], ids=spec_id)
def test_fragment_note_is_cited_and_the_score_is_full(spec):
    fragment = fragments.make_fragment(spec)
    doc = parse(fragment.text)
    chunks = chunk_document(doc)
    note = [c for c in chunks if c.question is None]
    if spec.note:
        heading = fragment.note_title or "[Front matter]"
        assert note and all(c.citation.startswith(f"GRETA(2026)55_FRG_rep, {heading}, ¶")
                            for c in note)
        assert "Unless stated otherwise" in note[-1].text
    else:
        assert not note
    report = inspect_document(doc)
    assert report.scores["items"] == 1.0 and report.scores["text"] == 1.0, format_text(report)
    assert not report.lines_not_kept


def test_the_harness_really_varies():
    texts = {spec: fragments.make_fragment(spec).text for spec in SPECS}
    assert len(set(texts.values())) == len(SPECS) >= 100
    decimal = next(t for s, t in texts.items() if s.item == "decimal" and s.template)
    assert "\n6.1 Provision" in decimal and "\n6.1." not in decimal
    nested = next(t for s, t in texts.items() if s.nested and s.item == "roman-dot")
    assert "are:\n1. Law No." in nested and "\nii. " in nested
    spec = next(s for s in SPECS if s.intro and s.item == "paren-letter")
    q2 = fragments.make_fragment(spec).doc.questions()[1]
    assert texts[spec].index(q2.paragraphs[0].text) < texts[spec].index(
        f"\n(a) {q2.items[0].text}") < texts[spec].index(q2.items[0].paragraphs[0].text)
    without = next(t for s, t in texts.items() if not s.template)
    assert "evaluation round" not in without


# --- items whose answer starts on their line, items labelled after their question ---------

LABELLED = sorted(set(fragments.ITEM_STYLES) - fragments.NEEDS_TEMPLATE)


def on_line_specs() -> list:
    """Every labelled item style, with and without the questionnaire and an introduction,
    each item's answer starting on its line ("2.a) In 2021 the Ministry ..."), question and
    answer styles varying with the seed. Without the questionnaire an item's answer on its
    line is its only paragraph: a sentence with more below may be the item restated."""
    out = []
    for seed, (item, intro, template) in enumerate(
            itertools.product(LABELLED, (False, True), (False, True))):
        out.append(fragments.Spec(item, intro, False, False, template,
                                  fragments.QUESTION_STYLES[seed % 5],
                                  fragments.ANSWER_STYLES[seed // 5 % 3], seed, on_line=True))
    return out


@pytest.mark.parametrize("spec", on_line_specs(), ids=spec_id)
def test_an_answer_on_the_items_line_is_the_items_first_paragraph(spec):
    fragment = fragments.make_fragment(spec)
    doc = parse(fragment.text)
    assert tree(doc) == tree(fragment.doc)
    chunks = chunk_document(doc)
    for q in fragment.doc.questions():
        for item in q.items:
            first = item.paragraphs[0].text
            assert any(c.question == q.number and c.item == item.label and first in c.text
                       for c in chunks), (q.number, item.label)
    assert inspect_document(doc).scores["text"] == 1.0


TITLES = ["persons with disabilities", "LGBTI+ persons", "New and emerging trends",
          "Legislation", "victims with children"]


@pytest.mark.parametrize("label", ["a)", "(a)", "a.", "2.a)", "2 a)"])
@pytest.mark.parametrize("cut", [": ", " – "])
@pytest.mark.parametrize("title", TITLES)
def test_a_title_then_an_answer_on_the_items_line(label, cut, title):
    """"a) persons with disabilities: the projects ..." is item a, titled, its line the
    answer; "a) persons with disabilities;" alone restates the item and answers nothing."""
    answer = f"the {title.lower()} were helped in 14 cases in 2025."
    lines = ["GRETA(2026)55_FRG_rep", "", "Reply by Fragmentia", "", "PART I", "",
             "1. How are victims identified?", "", "Answer: By the police.", "",
             "2. What services are available to vulnerable victims, such as:", "",
             f"{label} {title}{cut}{answer}", "", f"{label.replace('a', 'b')} others;", "",
             "Answer: Shelters are open to all of them.", "",
             "3. How are victims informed?", "", "Answer: In 9 languages."]
    doc = parse("\n".join(lines))
    assert [q.number for q in doc.questions()] == [1, 2, 3]
    q2 = doc.questions()[1]
    assert [(i.label, i.text) for i in q2.items] == [("a", title), ("b", "others;")]
    assert [p.text for p in q2.items[0].paragraphs] == [f"{title}{cut}{answer}"]
    assert [p.text for p in q2.items[1].paragraphs] == ["Shelters are open to all of them."]


@pytest.mark.parametrize("label", ["a)", "(a)", "2.a)", "i."])
def test_a_sentence_on_the_items_line_with_an_answer_below_is_the_item(label):
    """Without the questionnaire, "a) The number of identified victims." followed by its
    answer restates the item: it stays the item's text."""
    lines = ["GRETA(2026)55_FRG_rep", "", "Reply by Fragmentia", "", "PART I", "",
             "1. How are victims identified?", "", "Answer: By the police.", "",
             "2. Can you provide the following statistics?", "",
             f"{label} The number of identified victims of trafficking.", "",
             "The figures are provided below.", "",
             "3. How are victims informed?", "", "Answer: In 9 languages."]
    q2 = parse("\n".join(lines)).questions()[1]
    assert [(i.text, [p.text for p in i.paragraphs]) for i in q2.items] == [
        ("The number of identified victims of trafficking.", ["The figures are provided below."])]


# --- the structure score sees what a parse misses ------------------------------------------


def with_faults(text: str) -> str:
    """A fragment as a careless parse would leave it: item 6.2's heading run into the
    paragraph before it, and a captioned table whose rows are not cells."""
    text = text.replace("\n\n6.2. ", " 6.2. ", 1)
    return text.replace("\n\n3. ", "\n\nTable 1. Cases by year\n\nYear 2024 2025 cases 12 "
                        "and 14\n\n3. ", 1)


def test_the_score_falls_for_items_and_tables_the_parse_missed():
    spec = fragments.Spec("decimal-dot", intro=True, template=True, seed=7)
    text = fragments.make_fragment(spec).text
    whole = inspect_document(parse(text))
    assert whole.scores["items"] == whole.scores["tables"] == whole.scores["text"] == 1.0
    report = inspect_document(parse(with_faults(text)))
    q6 = next(q for q in report.questions if q.number == 6)
    assert (q6.expected_items, q6.items_found) == (3, 1)
    assert q6.unparsed_items == ["6.2", "6.3"]
    assert report.tables_mentioned == [1] and report.tables_found == []
    assert report.scores["items"] < 1.0 and report.scores["tables"] == 0.0
    assert report.score < whole.score
    shown = format_text(report)
    assert "items 1/3 found: 6.2, 6.3 left in the answer text" in shown
    assert "tables captioned but not parsed: 1" in shown


def test_the_score_falls_for_text_in_no_passage():
    fragment = fragments.make_fragment(fragments.Spec("paren-letter", note=True, seed=3))
    doc = parse(fragment.text)
    chunks = chunk_document(doc)
    assert lines_not_kept(doc, chunks)[0] == []
    lost, lost_chars, total = lines_not_kept(doc, [c for c in chunks if c.question != 6])
    q6 = next(q for q in doc.questions() if q.number == 6)
    answers = [p for i in q6.items for p in i.paragraphs] + q6.paragraphs
    assert lost and 0 < lost_chars < total
    assert all(any(doc.lines[n - 1].text in p.text for p in answers) for n in lost)


def test_bullet_items_that_restate_nothing_are_not_the_questionnaires():
    """An unlettered item is the questionnaire's when its text restates the item at its
    place better than any other: one that restates the next item shows as misplaced."""
    spec = fragments.Spec("bullets", template=True, seed=11)
    fragment = fragments.make_fragment(spec)
    doc = parse(fragment.text)
    q7 = next(q for q in doc.questions() if q.number == 7)
    q7.items[1], q7.items[2] = q7.items[2], q7.items[1]
    for k, item in enumerate(q7.items, 1):
        item.label, item.printed = str(k), None
    info = next(q for q in inspect_document(doc).questions if q.number == 7)
    assert info.unmatched_items == ["2", "3"] and info.items_found == len(q7.items) - 2


# --- the hand-written Molvania reply ----------------------------------------------------------


@pytest.fixture(scope="module")
def molvania():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_file(MOLVANIA)


def test_molvania_items_after_an_introduction_and_a_list_inside_an_item(molvania):
    q = {q.number: q for q in molvania.questions()}
    assert [(i.label, i.printed) for i in q[6].items] == [("a", "6.1"), ("b", "6.2"),
                                                          ("c", "6.3")]
    assert q[6].paragraphs[0].text.startswith("Every asylum seeker is interviewed")
    assert [i.printed for i in q[41].items] == list("abcde")
    assert q[41].items[2].text.startswith("Institutional and policy framework")
    [listed] = q[41].items[1].paragraphs
    assert listed.kind == "list" and listed.text.count("\nLaw No.") == 0
    assert listed.text.splitlines()[1].startswith("1. Law No. 45/2019")


def test_molvania_introductory_note_is_a_passage_and_the_title_page_is_not(molvania):
    assert molvania.note_title == "Introductory note"
    assert molvania.meta.title.startswith("Reply of the Government of Molvania to the")
    assert (molvania.meta.country, molvania.meta.code) == ("Molvania", "GRETA(2026)97_MLV_rep")
    note = [c for c in chunk_document(molvania) if c.question is None]
    assert [c.citation for c in note][0] == "GRETA(2026)97_MLV_rep, Introductory note, ¶1"
    assert any("Centre for Migrant Rights (CMR)" in c.text for c in note)
    assert not any("COUNCIL OF EUROPE" in c.text or "Ref. No." in c.text for c in note)


@pytest.mark.parametrize("template", [False, True])
@pytest.mark.parametrize("label", ["- ", "", "(b) "])
def test_a_numbered_list_inside_a_bullet_sub_question_stays_a_list(template, label):
    """Questions 40-42 style (sub-questions without letters, or unbulleted ones ending with
    ";"): list entries "1. ...;" inside a sub-question's answer are not sub-questions; the
    next sub-question, written unbulleted as the seed does or restating the questionnaire's,
    is. (A bulleted one right after a list: see the tests below.)"""
    from greta_search.template import builtin

    head = "GRETA(2026)55_FRG_rep\n\nReply by Fragmentia\n\n" + (
        "Fourth evaluation round\n\n" * template) + "Part I – Vulnerabilities\n\n"
    for n in range(1, 41):  # the questions before, so that 41 continues the numbering
        asked = builtin(4).question(n).text if template else f"Is question {n} answered?"
        head += ("Part II – Follow-up\n\n" * (n == 40)) + f"{n}. {asked}\n\nYes, in 2025.\n\n"
    text = head + (
        "41. Provide information on developments in your country since the third evaluation "
        "report of GRETA regarding the following:\n\n"
        "- new and emerging trends in human trafficking;\n\n"
        "Forced criminality is a new trend.\n\n"
        f"{label}legislation and regulatory framework related to activities on combating "
        "human trafficking;\n\n"
        "The main changes are:\n\n"
        "1. Law No. 45/2019 on Preventing Trafficking;\n"
        "2. Law No. 118/2022 on Private Employment Agencies;\n"
        "3. Law No. 33/2023 on the State Fund.\n\n"
        f"{'- ' * template}institutional and policy framework for combating human "
        "trafficking;\n\n"
        "The Commission meets twice a year.\n")
    doc = parse(text)
    q = doc.questions()[-1]
    assert q.number == 41 and [i.label for i in q.items] == ["1", "2", "3"]
    assert q.items[1].text.startswith("legislation and regulatory framework")
    [listed] = q.items[1].paragraphs
    assert listed.kind == "list" and listed.text.endswith("3. Law No. 33/2023 on the State Fund.")
    assert q.items[2].paragraphs[0].text == "The Commission meets twice a year."


BULLETS = ["- ", "• ", "– ", "▪ "]


def sub_question_specs() -> list:
    """Without the questionnaire: the last question's sub-questions bulleted in each way,
    answers ending with a list numbered "1." or "1)", or bulleted otherwise than they are."""
    out = []
    for seed, bullet in enumerate(BULLETS * 3):
        other = BULLETS[(BULLETS.index(bullet) + 1 + seed) % len(BULLETS)]
        other = other if other != bullet else BULLETS[0 if bullet != BULLETS[0] else 1]
        listing = ["{k}. ", "{k}) ", other][seed % 3]
        out.append(fragments.Spec(
            "paren-letter", intro=seed % 2 == 0, nested=seed % 4 < 2, note=seed % 3 == 0,
            template=False, question=fragments.QUESTION_STYLES[seed % 5],
            answer=fragments.ANSWER_STYLES[seed % 3], seed=100 + seed, bullets=bullet,
            listing=listing))
    return out


def ending(item) -> tuple[str, str]:
    """The kind and last line of an item's last paragraph (the end of its list, if any)."""
    last = item.paragraphs[-1]
    return last.kind, last.text.splitlines()[-1]


MARKS = {"- ": "hyphen", "• ": "bullet", "– ": "dash", "▪ ": "square", "{k}. ": "1.",
         "{k}) ": "1)"}


@pytest.mark.parametrize("blank_lines", [True, False])
@pytest.mark.parametrize("spec", sub_question_specs(),
                         ids=lambda s: f"{MARKS[s.bullets]}-after-{MARKS[s.listing]}-{s.seed}")
def test_a_bulleted_sub_question_right_after_a_list_is_the_next_sub_question(spec, blank_lines):
    """A bullet marked as the question's sub-questions are, right after a list whose entries
    are marked otherwise and whose last entry ends it, opens the next sub-question (with
    blank lines between paragraphs or none)."""
    fragment = fragments.make_fragment(spec)
    text = fragment.text if blank_lines else "\n".join(
        line for line in fragment.text.splitlines() if line.strip())
    doc = parse(text)
    assert doc.template is None
    written = fragment.doc.questions()[-1]
    found = doc.questions()[-1]
    assert [(i.label, i.text) for i in found.items] == [(i.label, i.text) for i in written.items]
    assert [ending(i) for i in found.items] == [ending(i) for i in written.items]
    if blank_lines:  # without, paragraphs run on (and lettered items after a list may not)
        assert tree(doc) == tree(fragment.doc)


@pytest.mark.parametrize("bullet", BULLETS)
@pytest.mark.parametrize("ending", [":", ";", ","])
def test_a_bullet_inside_a_list_that_goes_on_stays_in_it(bullet, ending):
    """A bullet after a list entry that does not end the list ("... includes:"), or after a
    list bulleted as the sub-questions are, is one more entry of the list."""
    head = "GRETA(2026)55_FRG_rep\n\nReply by Fragmentia\n\nPart I – Vulnerabilities\n\n"
    for n in range(1, 41):
        head += f"{n}. Is question {n} answered?\n\nYes, in 2025.\n\n"
    entries = {"numbered": ["1. Law No. 45/2019 on Prevention;",
                            f"2. Law No. 118/2022 on Employment Agencies{ending}"],
               "same bullet": [f"{bullet}Law No. 45/2019 on Prevention;",
                               f"{bullet}Law No. 118/2022 on Employment Agencies."]}
    for name, lines in entries.items():
        text = head + (
            "41. Provide information on developments regarding the following:\n\n"
            f"{bullet}new and emerging trends in human trafficking;\n\n"
            "The main changes are:\n" + "\n".join(lines) + "\n\n"
            f"{bullet}private employment agencies are licensed.\n\n")
        q = parse(text).questions()[-1]
        assert [i.label for i in q.items] == ["1"], (name, [i.text for i in q.items])
        assert q.items[0].paragraphs[-1].kind == "list", name
        assert q.items[0].paragraphs[-1].text.endswith("are licensed."), name
