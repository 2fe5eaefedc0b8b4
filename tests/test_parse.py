"""The parser on the real seed reply and on hand-made nasty inputs."""

from __future__ import annotations

import warnings

import pytest

from greta_search.load import SourceLine
from greta_search.parse import StructureWarning, parse_lines


def lines(text: str, page: int | None = None) -> list[SourceLine]:
    return [SourceLine(line, page) for line in text.splitlines()]


def by_number(doc):
    return {q.number: q for q in doc.questions()}


# --- the seed --------------------------------------------------------------------------------


def test_seed_metadata_comes_from_the_text(seed_doc):
    meta = seed_doc.meta
    assert meta.code == "GRETA(2023)11_AZE_rep"
    assert meta.country == "Azerbaijan"
    assert meta.round == "Fourth"
    assert meta.thematic_focus == "Addressing vulnerabilities to trafficking in human beings"
    assert meta.submitted == "7 April 2026"
    assert meta.doc_type == "reply"


def test_seed_has_42_questions_in_order(seed_doc):
    assert [q.number for q in seed_doc.questions()] == list(range(1, 43))


@pytest.mark.parametrize(
    ("number", "start"),
    [
        (1, "Are there specific data/research/analyses in your country"),
        (10, "How is abuse of legal constructs such as self-employment"),
        (25, "How do you support the (re)integration of victims"),
        (26, "If your country's legislation provides for the possibility of granting"),
        (30, "What concrete steps are taken in your country to identify victims"),
        (42, "Starting from 2019, please provide the following statistics"),
    ],
)
def test_seed_question_texts(seed_doc, number, start):
    text = by_number(seed_doc)[number].text
    assert text.startswith(start)
    assert "**" not in text


def test_seed_parts_and_sections(seed_doc):
    where = {}
    for q in seed_doc.questions():
        part, section = seed_doc.locate(q)
        where[q.number] = (part.label, section.numeral, tuple(section.articles))
    assert where[1] == where[18] == ("Part 1", "I", (5, 6, 7))
    assert where[19] == where[31] == ("Part 1", "II", (10, 11, 12, 14, 16))
    assert where[32] == where[39] == ("Part 1", "III", (4, 18, 19, 23, 24, 27, 28, 30))
    assert where[40] == where[41] == ("Part II", None, ())
    assert where[42] == ("Part III", None, ())
    titles = [p.title for p in seed_doc.parts]
    assert titles == [
        "Eliminating Vulnerabilities to Human Trafficking",
        "Country-specific additional questions",
        "Statistics on Human Trafficking",
    ]


@pytest.mark.parametrize(
    ("number", "labels", "first_answers"),
    [
        (2, "abcdef", {"a": "According to Article 16 of the Law", "b": "By Order No. 530",
                       "f": "The list of documents required for birth registration"}),
        (4, "abcd", {"a": "In previous years, the National Observatory",
                     "d": "In order to expand the coverage of active employment programs"}),
        (5, "abcde", {"a": "Community- and family-based services for children",
                      "e": "In order to expand citizens"}),
    ],
)
def test_seed_lettered_items_have_their_own_answers(seed_doc, number, labels, first_answers):
    q = by_number(seed_doc)[number]
    assert "".join(i.label for i in q.items) == labels
    assert all(i.paragraphs for i in q.items)
    assert not q.paragraphs
    for label, start in first_answers.items():
        item = next(i for i in q.items if i.label == label)
        assert item.paragraphs[0].text.startswith(start)
        assert not item.text.startswith(("Answer", "a)", "- "))


@pytest.mark.parametrize(("number", "labels"), [(6, "abc"), (7, "abcdefg"), (24, "abcdef")])
def test_seed_items_listed_then_answered_together(seed_doc, number, labels):
    q = by_number(seed_doc)[number]
    assert "".join(i.label for i in q.items) == labels
    assert all(not i.paragraphs for i in q.items)
    assert q.paragraphs, "the general answer belongs to the question"
    assert not q.items[0].text.endswith("**")


def test_seed_unlettered_bullet_subquestions(seed_doc):
    qs = by_number(seed_doc)
    q41 = qs[41]
    assert [i.label for i in q41.items] == ["1", "2", "3", "4", "5"]
    assert q41.items[0].text == "new and emerging trends in human trafficking;"
    assert q41.items[2].text.startswith("Institutional and policy framework")
    # the bulleted lists inside the answer to item 2 stay in the answer
    assert any("by Decree No. 350" in p.text for p in q41.items[1].paragraphs)
    assert len(qs[40].items) == 6
    assert qs[40].items[0].text.startswith("revision of legislation and ensuring access")
    assert all(i.paragraphs for i in qs[40].items)
    assert qs[42].items[0].text.startswith("the number of presumed victims")


def test_seed_numbered_list_is_not_questions(seed_doc):
    q10 = by_number(seed_doc)[10]
    stages = next(p for p in q10.paragraphs if "following stages" in p.text)
    assert stages.kind == "list"
    assert "1. Provision of consultations" in stages.text
    assert "5. Periodic monitoring" in stages.text


def test_seed_bold_bullet_questions_and_answers(seed_doc):
    qs = by_number(seed_doc)
    assert qs[25].paragraphs[0].text == "See the answer to Question 24."
    assert qs[26].paragraphs[0].text.startswith("The Migration Code of the Republic")
    assert any("Article 50.2 of the Code" in p.text for p in qs[26].paragraphs)
    assert all(not p.text.startswith(("-", "**")) for p in qs[27].paragraphs)


def test_seed_paragraph_split_by_page_break_is_joined(seed_doc):
    first = by_number(seed_doc)[2].items[0].paragraphs[0].text
    assert "trusteeship authority and the commission on the protection" in first
    marriage = next(p.text for p in by_number(seed_doc)[2].items[0].paragraphs
                    if p.text.startswith("By the Law No. 1198-VIQD"))
    assert "Criminal Code, establishing criminal liability" in marriage


def test_seed_tables_stay_whole_with_caption_and_header(seed_doc):
    q42 = by_number(seed_doc)[42]
    tables = [p for i in q42.items for p in i.paragraphs if p.kind == "table"]
    assert [t.text.split("\n")[0].split()[1].rstrip(".") for t in tables] == [
        str(n) for n in range(1, 11)
    ]
    table1 = tables[0].text.split("\n")
    assert table1[1].startswith("Years\tGender")
    assert any(row.startswith("2025") for row in table1)
    table10 = tables[9].text
    assert table10.count("Years\tJudgment") == 2  # split by a page break, header repeated
    assert "2025\t12 judgments" in table10


# --- nasty inputs ----------------------------------------------------------------------------

NASTY = """\
GRETA(2030)99_XYZ_rep

Reply by Freedonia

Third evaluation round

PART I: PREVENTION OF TRAFFICKING

I. PREVENTION (Articles 5 and 6)

1. Is there
a national action plan?

Answer – Yes, adopted in
2021 by the government. It has
five pillars:

• awareness;
• training;

– monitoring.

4. Which bodies inspect workplaces?

Answer – The labour inspectorate. The steps are:

1. registration;
2. inspection;

3. report.

5. Please describe the following:

a) the hotline;

Answer – It runs all day.

b) shelters.

Answer – There are
three shelters.
"""


def test_nasty_wrapped_lines_missing_numbers_and_odd_bullets():
    doc = parse_lines(lines(NASTY, page=3), source="nasty.txt")
    assert doc.meta.code == "GRETA(2030)99_XYZ_rep"
    assert doc.meta.country == "Freedonia"
    assert doc.parts[0].label == "Part I"
    qs = by_number(doc)
    assert sorted(qs) == [1, 4, 5]  # questions 2 and 3 are missing, none invented
    assert qs[1].text == "Is there a national action plan?"
    answer = qs[1].paragraphs
    assert answer[0].text.startswith("Yes, adopted in 2021 by the government.")
    assert answer[0].kind == "list"  # the list joins the sentence introducing it
    assert "• training;" in answer[0].text and "– monitoring." in answer[0].text
    assert "1. registration;" in qs[4].paragraphs[0].text
    assert "3. report." in qs[4].paragraphs[0].text
    assert [(i.label, i.paragraphs[0].text) for i in qs[5].items] == [
        ("a", "It runs all day."),
        ("b", "There are three shelters."),
    ]
    assert qs[1].page == 3


def test_no_structure_is_indexed_by_paragraph_with_a_warning():
    text = "A report on something.\n\nIt has paragraphs.\n\n1. But no questions.\n"
    with pytest.warns(StructureWarning, match="plain.txt"):
        doc = parse_lines(lines(text), source="plain.txt")
    assert not doc.structured
    texts = [p.text for p in doc.front_matter]
    assert texts[:2] == ["A report on something.", "It has paragraphs."]


def test_structured_document_gives_no_warning(seed_path):
    from greta_search.load import load_lines

    with warnings.catch_warnings():
        warnings.simplefilter("error", StructureWarning)
        parse_lines(load_lines(seed_path), source=str(seed_path))


# --- the same structure from the rendered PDF ------------------------------------------------


def structure(doc):
    return [
        (q.number, q.text, doc.locate(q)[0].label, doc.locate(q)[1].numeral,
         [(i.label, i.text, bool(i.paragraphs)) for i in q.items], bool(q.paragraphs))
        for q in doc.questions()
    ]


def test_pdf_gives_the_same_structure_with_pages(seed_doc, pdf_doc):
    assert pdf_doc.meta == seed_doc.meta
    assert structure(pdf_doc) == structure(seed_doc)
    pages = [q.page for q in pdf_doc.questions()]
    assert all(isinstance(p, int) for p in pages) and pages == sorted(pages)
    assert pages[0] == 1 and pages[-1] > 50
    paragraphs = [p for q in pdf_doc.questions() for p in q.paragraphs]
    assert all(p.page is not None for p in paragraphs)
    tables = [p for i in by_number(pdf_doc)[42].items for p in i.paragraphs if p.kind == "table"]
    assert len(tables) == 10 and "2019\t1\t0" in tables[4].text


def test_language_is_detected_from_the_text(seed_doc):
    from greta_search.parse import detect_language

    assert seed_doc.meta.language == "en"
    french = "Les autorités de la République ont adopté une loi sur la traite des êtres " \
             "humains et les victimes sont protégées par la police dans les refuges. " * 4
    assert detect_language([SourceLine(french)]) == "fr"
    assert detect_language([SourceLine("Table 1")]) is None


GRETA_REPORT = """\
GRETA(2023)03

Evaluation Report Freedonia

Third evaluation round

I. Introduction

1. The first evaluation round was launched in 2010.

2. GRETA notes the following developments:

- a new action plan;
- a new law.

3. GRETA urges the authorities to:

- identify victims;

4. Does GRETA consider this enough? It does not.

5. GRETA considers that training should continue.
"""


def test_numbered_paragraphs_of_a_report_are_not_questions():
    doc = parse_lines(lines(GRETA_REPORT, page=4), source="report.txt")
    assert not doc.questions() and doc.meta.code == "GRETA(2023)03"
    assert doc.report is not None  # a GRETA report: its own structure (tests/test_report.py)
    numbered = [(p.number, p.text[:12]) for p in doc.report.paragraphs]
    assert (2, "2. GRETA not") in numbered and (5, "5. GRETA con") in numbered
    assert [p.number for p in doc.report.paragraphs if "- identify victims;" in p.text] == [3]
    assert doc.report.paragraphs[0].number is None  # the title page comes before paragraph 1
    from greta_search.chunk import chunk_document

    chunks = chunk_document(doc, budget=60)
    cited = {c.citation for c in chunks}
    assert "GRETA(2023)03, Chapter I, ¶5, p. 4" in cited
    assert all(c.question is None for c in chunks)
    assert {c.paragraph: c.strength for c in chunks if c.kind == "recommendation"} == {
        3: "urges", 5: "considers"}


FRENCH_REPLY = """\
GRETA(2030)01_FRA_rep

Troisième cycle d'évaluation

Réponse soumise le 3 mars 2030

Partie I – Prévention

1. Quelles mesures sont prises pour réduire la vulnérabilité des enfants ? Merci de préciser :

a) la protection de l'enfance ;

Réponse – Un plan national a été adopté.

b) l'éducation.

Réponse : Des cours sont organisés.

2. Comment les victimes sont-elles identifiées ?

Réponse (générale) – Par la police et les ONG.
"""


def test_a_reply_in_french():
    doc = parse_lines(lines(FRENCH_REPLY), source="fr.txt")
    assert (doc.meta.round, doc.meta.submitted) == ("Troisième", "3 mars 2030")
    assert doc.parts[0].label == "Part I" and doc.parts[0].title == "Prévention"
    qs = by_number(doc)
    assert [(i.label, i.paragraphs[0].text) for i in qs[1].items] == [
        ("a", "Un plan national a été adopté."), ("b", "Des cours sont organisés.")]
    assert qs[2].paragraphs[0].text == "Par la police et les ONG."
