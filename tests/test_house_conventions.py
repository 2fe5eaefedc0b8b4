"""House conventions of replies translated and typed by a ministry (the Meridia reply's
kind), each on generated variants: Sections headed "Chapter A" / "Title II" / "Section 3"
with "(Arts. 5, 6 and 7)"; a joint heading ("Questions 14 and 15", "Q. 14 & 15") over
questions answered together; lettered items after an answer where the questionnaire's
question introduces them though the reply cut it ("[...]"); tables aligned by spaces with
"n.a.", "n.a.*", "–" or "*" cells; a submission date "Transmitted on the 12th of February
2026", "Date of submission: 12.02.2026"."""

from __future__ import annotations

import itertools
import random
import re

import pytest

from greta_search.chunk import chunk_document
from greta_search.layout import int_to_roman, joint_questions, roman_to_int
from greta_search.texttables import aligned_rows
from tests.conftest import load_script, parse_generated
from tests.test_layouts import tree

restyler = load_script("restyle")
fragments = load_script("make_fragment")


parse = parse_generated


@pytest.fixture(scope="module")
def plain(seed_path) -> str:
    """The seed written with "12." questions, "a)" items and "Answer:" markers."""
    style = restyler.Style("plain", section="Chapter {r} – {Title}{arts}", answer="Answer: ",
                           general="Answer: ")
    return restyler.restyle_text(seed_path.read_text(encoding="utf-8"), style)


# --- Section headings: word, numeral, articles ----------------------------------------------

WORDS = ("Chapter", "Section", "Title", "CHAPTER")
NUMERALS = {"letter": lambda n: "ABCDEFGH"[n - 1], "roman": int_to_roman, "arabic": str}
CHAPTER_RE = re.compile(r"^Chapter ([IVX]+) – (.*?)(?: \(Articles ([^)]*)\))?$", re.MULTILINE)


def sections_written(text: str, word: str, numeral: str, short: bool) -> str:
    """The seed's Section headings as "Chapter A – Prevention (Arts. 5, 6 and 7 of the
    Convention)": the word, the numeral, the articles abbreviated or not."""
    def heading(m: re.Match) -> str:
        arts = m.group(3)
        tail = (f" (Arts. {arts} of the Convention)" if short else f" (Articles {arts})"
                ) if arts else ""
        return f"{word} {NUMERALS[numeral](roman_to_int(m.group(1)))} – {m.group(2)}{tail}"
    return CHAPTER_RE.sub(heading, text)


@pytest.mark.parametrize("short", [True, False])
@pytest.mark.parametrize("numeral", sorted(NUMERALS))
@pytest.mark.parametrize("word", WORDS)
def test_section_headings_in_any_word_and_numeral(plain, seed_doc, word, numeral, short):
    text = sections_written(plain, word, numeral, short)
    assert text != plain or (word, numeral, short) == ("Chapter", "roman", False)
    doc = parse(text)
    assert tree(doc) == tree(seed_doc)
    sections = [s for p in doc.parts for s in p.sections if s.questions]
    assert all(not s.inferred for s in sections)
    assert not any(q.number > 42 for q in doc.questions()) and len(doc.questions()) == 42


# --- a joint heading over questions answered together ---------------------------------------

JOINT_FORMS = ("Questions {a} and {b}", "Q. {a} & {b}", "Questions {a}-{b}",
               "QUESTIONS {a} AND {b}:", "Questions {a}, {b} and {c}", "Questions {a} to {c}")
PAIRS = ((14, 15), (26, 27), (3, 4), (33, 34))


@pytest.mark.parametrize("pair", PAIRS)
@pytest.mark.parametrize("form", JOINT_FORMS)
def test_a_joint_heading_heads_the_questions_it_names(plain, seed_doc, form, pair):
    a, b = pair
    heading = form.format(a=a, b=b, c=b + 1)
    named = joint_questions(heading)
    assert named[:2] == [a, b]
    text = plain.replace(f"\n\n{a}. ", f"\n\n{heading}\n\n{a}. ", 1)
    assert heading in text
    doc = parse(text)
    expected = tree(seed_doc)
    at = next(i for i, row in enumerate(expected) if row[0] == "Q" and row[4] == a)
    expected.insert(at + 1, ("P", a, "text", heading))  # the heading heads the first
    assert tree(doc) == expected
    before = next(q for q in doc.questions() if q.number == a - 1)
    texts = [p.text for p in before.paragraphs] + [
        p.text for i in before.items for p in i.paragraphs]
    assert not any(heading in t for t in texts)
    chunks = chunk_document(doc)
    assert any(c.question == a and set(named) <= set(c.questions) for c in chunks)


def test_a_joint_heading_without_the_questions_below_opens_the_first(plain):
    """A reply that heads its joint answer and never restates the questions: the answer is
    the first question's, covering both."""
    start = plain.index("\n\n14. ")
    end = plain.index("\n\n", plain.index("\n\n15. ") + 2)
    answer = "Answer: Both are covered by 12 programmes run in 2025."
    text = plain[:start] + f"\n\nQuestions 14 and 15\n\n{answer}" + plain[end:]
    doc = parse(text)
    q14 = next(q for q in doc.questions() if q.number == 14)
    assert [p.text for p in q14.paragraphs][:2] == [
        "Questions 14 and 15", "Both are covered by 12 programmes run in 2025."]
    chunks = chunk_document(doc)
    assert any(c.question == 14 and c.questions == [14, 15] for c in chunks)


# --- items after an answer, the question cut short ----------------------------------------

CUT_STYLES = ("paren-letter", "letter-paren", "roman-dot", "paren-roman", "question-letter")


@pytest.mark.parametrize("on_line", [False, True])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("item", CUT_STYLES)
def test_items_after_an_answer_where_the_questionnaire_introduces_them(item, seed, on_line):
    """A reply that cuts the question's text ("... asylum seekers ensured? [...]") and
    answers before the items, the items' text restated or left out ("(a) The information is
    given in 17 languages."): its labels are still the questionnaire's items."""
    spec = fragments.Spec(item, intro=True, template=True, seed=seed, on_line=on_line)
    fragment = fragments.make_fragment(spec)
    text = fragment.text.replace("following areas:", "following areas [...]")
    assert text != fragment.text
    doc = parse(text)
    for written, found in zip(fragment.doc.questions(), doc.questions(), strict=True):
        assert [i.label for i in found.items] == [i.label for i in written.items]
        assert [p.text for p in found.paragraphs] == [p.text for p in written.paragraphs]


# --- tables aligned by spaces with notes in their cells ---------------------------------------

CELLS = ("n.a.", "n.a.*", "–", "-", "–*", "n/a", "N.A.", "12*", "1.234", "n. a.")


def aligned_table(rng: random.Random, marks: list[str]) -> list[str]:
    """A header and rows of numbers aligned by spaces, with the cells `marks` put in."""
    years = list(range(2021, 2021 + rng.randint(2, 5)))
    labels = rng.sample(["Nigerian", "Meridian", "Romanian", "Other", "TOT.", "Chinese",
                         "Costalta", "Isole Basse", "Age 14-17", "Men"], rng.randint(3, 6))
    rows = [[str(rng.randint(0, 999)) for _ in years] for _ in labels]
    for mark in marks:
        rows[rng.randrange(len(rows))][rng.randrange(len(years))] = mark
    width = max(len(label) for label in labels) + 4
    lines = ["Nationality".ljust(width) + "".join(f"{y:>8}" for y in years)]
    lines += [label.ljust(width) + "".join(f"{c:>8}" for c in row)
              for label, row in zip(labels, rows, strict=True)]
    return lines


@pytest.mark.parametrize("seed", range(40))
def test_an_aligned_table_runs_past_cells_with_notes(seed):
    rng = random.Random(seed)
    marks = rng.sample(CELLS, rng.randint(1, 3))
    lines = aligned_table(rng, marks)
    assert aligned_rows(lines) == len(lines)
    with_note = [*lines, "", "* for the year 2025 the figures are provisional."]
    assert aligned_rows(with_note) == len(lines) + 1  # the blank line, not the note


@pytest.mark.parametrize("seed", range(12))
def test_an_aligned_table_with_notes_in_cells_is_one_table_of_its_question(plain, seed):
    rng = random.Random(seed)
    lines = aligned_table(rng, rng.sample(CELLS, 2))
    block = "\n".join(["Tab. 9 – Identified victims by nationality", *lines])
    text = plain.replace("\n\n12. ", f"\n\nThe victims were:\n\n{block}\n\n12. ", 1)
    q11 = next(q for q in parse(text).questions() if q.number == 11)
    tables = [p for p in q11.paragraphs + [p for i in q11.items for p in i.paragraphs]
              if p.kind == "table"]
    assert len(tables) == 1 and tables[0].text.splitlines()[-1] == lines[-1]


# --- the submission date --------------------------------------------------------------------

PHRASES = ("Transmitted on {date}", "Submitted on {date}", "Date of submission: {date}",
           "Sent on {date}", "Reply transmitted on {date}", "Date of transmission: {date}")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def date_forms(day: int, month: int) -> list[str]:
    name = MONTHS[month - 1]
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day, "th")
    return [f"the {day}{suffix} of {name} 2026", f"{day} {name} 2026", f"{name} {day}, 2026",
            f"{day:02d}.{month:02d}.2026", f"2026-{month:02d}-{day:02d}",
            f"{day}{suffix} {name} 2026"]


CASES = [(phrase, form, day, month) for k, (phrase, (day, month)) in enumerate(
    itertools.product(PHRASES, [(12, 2), (3, 11), (21, 6), (30, 9)]))
    for form in [date_forms(day, month)[k % 6], date_forms(day, month)[(k + 3) % 6]]]


@pytest.mark.parametrize(("phrase", "form", "day", "month"), CASES)
def test_the_submission_date_in_any_phrasing(phrase, form, day, month):
    text = fragments.make_fragment(fragments.Spec("paren-letter", seed=day)).text
    line = phrase.format(date=form)
    text = text.replace("Reply submitted on 3 March 2026", line, 1)
    assert line in text
    doc = parse(text)
    assert doc.meta.submitted == f"{day} {MONTHS[month - 1]} 2026"
    assert len(doc.questions()) == 7


def test_running_text_that_sent_something_dates_nothing():
    text = fragments.make_fragment(fragments.Spec("paren-letter", seed=1)).text
    text = text.replace("Reply submitted on 3 March 2026",
                        "The questionnaire was sent on 5 May 2025 to all ministries.", 1)
    assert parse(text).meta.submitted is None
