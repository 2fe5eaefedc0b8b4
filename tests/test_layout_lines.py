"""Each line shape of `layout`, and small replies mixing them (no template involved)."""

from __future__ import annotations

import pytest

from greta_search.layout import (
    answer_marker,
    article_section_heading,
    item_heading,
    normalise_line,
    part_heading,
    question_heading,
    references,
    section_heading,
)
from greta_search.load import SourceLine
from greta_search.parse import parse_lines
from greta_search.template import GENERIC


@pytest.mark.parametrize("line", [
    "12. Is it?", "12) Is it?", "Question 12 Is it?", "Question 12: Is it?", "Q12. Is it?",
    "Q.12 Is it?", "No. 12 Is it?", "12. Is it?", "### 12. Is it?", "Question 12 – Is it?",
])
def test_question_headings(line):
    h = question_heading(line)
    assert h is not None and (h.number, h.body) == (12, "Is it?")


@pytest.mark.parametrize("line", [
    "the question 12 of the law", "2025 was a year", "12 persons were identified",
    "no. 12 of the list", "Article 12. Rights",
])
def test_not_question_headings(line):
    assert question_heading(line) is None


@pytest.mark.parametrize(("line", "general", "rest"), [
    ("Answer – Yes.", False, "Yes."), ("Answer: Yes.", False, "Yes."),
    ("Reply: Yes.", False, "Yes."), ("Response: Yes.", False, "Yes."),
    ("Reply of Azerbaijan: Yes.", False, "Yes."), ("Comments: Yes.", False, "Yes."),
    ("Réponse : Oui.", False, "Oui."), ("Answer (general) – All.", True, "All."),
    ("Answer:", False, ""), ("Reply of the Republic of Moldova – Yes.", False, "Yes."),
])
def test_answer_markers(line, general, rest):
    assert answer_marker(line) == (general, rest)


@pytest.mark.parametrize("line", ["Responses were received from 12 NGOs.",
                                  "Reply by Azerbaijan", "Answers vary: some"])
def test_not_answer_markers(line):
    assert answer_marker(line) is None


@pytest.mark.parametrize(("line", "position", "letter"), [
    ("a) x", 1, "a"), ("b. x", 2, "b"), ("(c) x", 3, "c"), ("d – x", 4, "d"),
    ("ii. x", 2, "b"), ("(iv) x", 4, "d"), ("- a. x", 1, "a"), ("i. x", 9, "i"),
    ("i. x", 1, "a"), ("(v) x", 5, "e"), ("v. x", 22, "v"),
])
def test_items_and_their_letters(line, position, letter):
    h = item_heading(line)
    assert h is not None and h.letter(position) == letter


@pytest.mark.parametrize(("line", "label", "title"), [
    ("PART I: PREVENTION", "I", "PREVENTION"), ("Part One", "1", ""),
    ("# Part 1", "1", ""), ("Part 2 – Statistics", "2", "Statistics"),
    ("Partie II – Statistiques", "II", "Statistiques"),
])
def test_part_headings(line, label, title):
    assert part_heading(line) == (label, title)


def test_not_part_headings():
    assert part_heading("Part 3 of the Rules on the National Referral Mechanism") is None


@pytest.mark.parametrize(("line", "numeral", "articles"), [
    ("I. PREVENTION (Articles 5, 6 and 7)", "I", "Articles 5, 6 and 7"),
    ("Section I – Prevention (Articles 5, 6 and 7)", "I", "Articles 5, 6 and 7"),
    ("## II. Identification of victims", "II", None),
    ("SECTION 3: INVESTIGATION", "III", None),
    ("Section II – Identification", "II", None),
])
def test_section_headings(line, numeral, articles):
    found = section_heading(line)
    assert found is not None and (found[0], found[2]) == (numeral, articles)


@pytest.mark.parametrize("line", ["I. The National Coordinator reported that", "1. PREVENTION",
                                  "C. something lower case"])
def test_not_section_headings(line):
    assert section_heading(line) is None


@pytest.mark.parametrize(("text", "numbers"), [
    ("See the answer to Question 24.", [24]),
    ("Please refer to the reply to Question 24.", [24]),
    ("see reply to Q24", [24]), ("cf. question 24 above", [24]),
    ("as indicated under question 24", [24]),
    ("as described in the reply to question 9", [9]),
    ("Article 24 of the Law", []), ("in Question 12 we list", []),
])
def test_cross_references(text, numbers):
    assert references(text) == numbers


MIXED = """\
GRETA(2031)01_ABC_rep

Reply by Ruritania

# Part 1

## I. Prevention (Articles 5 and 6)

Question 1: Is there a national action plan?

Reply of Ruritania: Yes. Its steps are:

1. registration;
2. inspection;
3. report.

Q2. Please describe the following:

(i) the hotline;

Response: It runs all day.

(ii) shelters.

Comments:

There are three shelters.

**3.** Which bodies inspect workplaces?

The labour inspectorate, see the answer to Question 1.

a) first aspect

Answers follow in the text: none.

4) How many victims were identified

SECTION II: PROTECTION

No. 5 Describe the (re)integration of victims:

a – housing;

b – employment.

Réponse : Both, cf. question 3 above.
"""


def test_a_reply_mixing_layouts_without_template():
    doc = parse_lines([SourceLine(t) for t in MIXED.splitlines()], "mixed.txt", GENERIC)
    qs = {q.number: q for q in doc.questions()}
    assert sorted(qs) == [1, 2, 3, 5]  # "4) How many ..." asks nothing: not a question
    assert doc.parts[0].label == "Part 1"
    assert [s.numeral for s in doc.parts[0].sections] == ["I", "II"]
    assert doc.parts[0].sections[0].articles == [5, 6]
    assert qs[1].paragraphs[0].kind == "list" and "3. report." in qs[1].paragraphs[0].text
    assert [(i.label, i.printed, i.paragraphs[0].text) for i in qs[2].items] == [
        ("a", "i", "It runs all day."), ("b", "ii", "There are three shelters.")]
    # items never start after the question's answer has begun
    assert qs[3].items == [] and any("a) first aspect" in p.text for p in qs[3].paragraphs)
    # listed items answered together, no "(general)" marker
    assert [i.label for i in qs[5].items] == ["a", "b"]
    assert all(not i.paragraphs for i in qs[5].items)
    assert qs[5].paragraphs[0].text == "Both, cf. question 3 above."


# --- line shapes added for layouts not seen before -----------------------------------------

@pytest.mark.parametrize("line", ["Question 12", "Q 12", "QUESTION 12", "Question No. 12",
                                  "Question N° 12", "No. 12", "12.", "### 12.", "Question 12:"])
def test_question_headings_alone(line):
    h = question_heading(line)
    assert h is not None and (h.number, h.body, h.explicit) == (12, "", True)


@pytest.mark.parametrize(("line", "position", "letter"), [
    ("B) x", 2, "b"), ("(C) x", 3, "c"), ("3) x", 3, "c"), ("2.4. x", 4, "d"),
    ("3. x", 3, "c"), ("3) x", 2, None), ("B) x", 1, None),
])
def test_capital_and_numbered_items(line, position, letter):
    h = item_heading(line)
    assert h is not None and h.letter(position) == letter


def test_a_decimal_item_names_its_question():
    assert item_heading("2.4. x").question == 2 and item_heading("4) x").question is None


@pytest.mark.parametrize(("line", "rest"), [
    ("ANSWER: Yes.", "Yes."), ("REPLY – Yes.", "Yes."), ("Azerbaijan: Yes.", "Yes."),
    ("The Republic of Azerbaijan – Yes.", "Yes."), ("AZERBAIJAN:", ""),
    ("Government of Azerbaijan: Yes.", "Yes."),
])
def test_answer_markers_in_capitals_and_by_the_states_name(line, rest):
    assert answer_marker(line, "Azerbaijan") == (False, rest)


@pytest.mark.parametrize("line", ["Azerbaijan is a party to the Convention.",
                                  "Azerbaijani law: see below", "answer: lower case"])
def test_not_state_markers(line):
    assert answer_marker(line, "Azerbaijan") is None


@pytest.mark.parametrize(("line", "articles", "title"), [
    ("Article 5 – Prevention", [5], "Prevention"),
    ("Articles 5, 6 and 7 – PREVENTION", [5, 6, 7], "PREVENTION"),
    ("## Articles 10-12: Identification", [10, 11, 12], "Identification"),
])
def test_sections_naming_only_articles(line, articles, title):
    assert article_section_heading(line) == (articles, title)


@pytest.mark.parametrize("line", [
    "Article 144-1 of the Criminal Code provides that", "Article 5. The State shall",
    "article 5 – prevention", "Article 16 – assistance is given (see below).",
])
def test_not_sections_naming_articles(line):
    assert article_section_heading(line) is None


@pytest.mark.parametrize(("line", "normal"), [
    ("12.\tIs it?", "12. Is it?"), ("\ta)\tfirst", "a) first"), ("- a.\tfirst", "- a. first"),
    ("Answer:\tYes.", "Answer: Yes."), ("traf\u00adficking\u200b", "trafficking"),
    ("\tAn indented paragraph of a reply written in Word, first line.", "An indented "
     "paragraph of a reply written in Word, first line."),
    # table rows keep their tabs, leading empty cells included
    ("Years\tTotal", "Years\tTotal"), ("\tmale\tfemale", "\tmale\tfemale"),
    ("\t\t46 persons\t\t", "\t\t46 persons\t\t"), ("12\t34", "12\t34"),
])
def test_normalise_line(line, normal):
    assert normalise_line(line) == normal


UNSEEN = """\
Reply by Ruritania

PART ONE: PREVENTION

Question 1
Is there a national action plan?

ANSWER: Yes. Its steps are:

1) registration;
2) inspection.

Question No. 2

Please describe the following:

1) the hotline;

Ruritania: It runs all day.

2) shelters.

Ruritania: There are three shelters.
3. Which bodies inspect workplaces? – The labour inspectorate.

It reports yearly.
"""


def test_a_reply_in_unseen_layouts_without_template():
    doc = parse_lines([SourceLine(t) for t in UNSEEN.splitlines()], "unseen.txt", GENERIC)
    qs = {q.number: q for q in doc.questions()}
    assert sorted(qs) == [1, 2, 3] and doc.parts[0].label == "Part 1"
    assert qs[1].text == "Is there a national action plan?" and qs[1].items == []
    assert [(p.kind, p.text) for p in qs[1].paragraphs] == [
        ("list", "Yes. Its steps are:\n1) registration;\n2) inspection.")]  # not items
    assert qs[2].text == "Please describe the following:"
    assert [(i.label, i.printed, [p.text for p in i.paragraphs]) for i in qs[2].items] == [
        ("a", "1", ["It runs all day."]), ("b", "2", ["There are three shelters."])]
    assert qs[3].text == "Which bodies inspect workplaces?"
    assert [p.text for p in qs[3].paragraphs] == ["The labour inspectorate.", "It reports yearly."]


def test_numbered_items_are_never_numbered_like_the_questions():
    text = "1) Is it so?\n\n1) first point\n\n2) Is the other so?"
    doc = parse_lines([SourceLine(t) for t in text.splitlines()], "x.txt", GENERIC)
    assert [q.number for q in doc.questions()] == [1, 2]
    assert doc.questions()[0].items == []


MONTH_NAMES = ("January February March April May June July August September October "
               "November December").split()


@pytest.mark.parametrize("month", MONTH_NAMES)
def test_every_month_makes_a_date_for_the_answer_spans(month):
    """`spans` reads dates with the month names of `layout`: each month, in each date shape
    it knows, is one whole date; a word that is not a month is not."""
    from greta_search.spans import DATE_RE

    for text in (f"3 {month} 2024", f"3 and 14 {month} 2021", f"{month} 1999"):
        assert [m.group(0) for m in DATE_RE.finditer(f"It began on {text}.")] == [text]
    assert [m.group(0) for m in DATE_RE.finditer(f"3 {month[:-1]}x 2024")] == ["2024"]
