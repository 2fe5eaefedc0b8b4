"""Replies exported from Word with a TAB after each paragraph's number ("12.1<TAB>The
Ministry ..."), items indented by tabs ("<TAB>i)<TAB>foreign workers ..."), real tables
(tab-separated, two or more data cells a row) after them. A number and ONE cell of prose is
a numbered paragraph, read as the same line typed with a space; a table stays a table.
Every test runs on generated variants (number forms, one or two tabs, heading style, text
length, tables after)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

from greta_search.chunk import chunk_document
from greta_search.countries import states
from greta_search.layout import normalise_line, question_heading
from tests.conftest import parse_generated

HEADINGS = ("{n}. {text}?", "Question {n}: {text}?", "Q{n}. {text}?", "QUESTION {n} – {upper}?",
            "[Q{n}] {upper}?", "[Q{n}] {upper}", "[{n}] {upper}", "[Question {n}] {text}?",
            "Q.{n} {text}?")
MARKS = ("{q}.{k}", "{q}.{k}.", "{q}.{k})", "({q}.{k})", "{p}.", "({p})")
TABS = ("\t", "\t\t", " \t")
ITEMS = ("{r})", "({r})", "{a}-", "{a})", "-", "•")
WORDS = ("courts", "victims", "prosecutors", "shelters", "inspectors", "interpreters",
         "lawyers", "compensation", "hearings", "permits", "guardians", "training")


@dataclass
class Reply:
    """A generated reply, typed with tabs (`text`) and with spaces (`spaced`)."""

    text: str = ""
    spaced: str = ""
    questions: list[int] = field(default_factory=list)
    paragraphs: dict[int, list[str]] = field(default_factory=dict)  # question -> its prose
    tables: list[str] = field(default_factory=list)  # a cell of each real table's data row


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def table(rng: random.Random, number: int) -> tuple[list[str], str]:
    """A real table: years by sex, or two short columns (a label and a figure)."""
    marker = f"{rng.randint(100, 999)}"
    if rng.random() < 0.5:
        rows = [f"Table {number}. Victims identified", "Year\tMen\tWomen",
                *(f"{2020 + k}\t{rng.randint(1, 99)}\t{rng.randint(1, 99)}" for k in range(3)),
                f"Total\t{marker}\t{rng.randint(1, 99)}"]
    else:
        rows = ["Form of exploitation\tVictims", f"Sexual exploitation\t{marker}",
                f"Forced labour\t{rng.randint(1, 99)}", f"Begging\t{rng.randint(1, 99)}"]
    return rows, marker


def make_reply(seed: int) -> Reply:
    """Questions in one heading style, each answered in paragraphs numbered in one form with
    a tab (or two, or indented) after the number, some followed by tab-indented items, some
    answers ending in a real table."""
    rng = random.Random(seed)
    state = rng.choice([s["en"] for s in states() if s["status"] == "fictional"])
    heading, tab = rng.choice(HEADINGS), rng.choice(TABS)
    # paragraphs numbered through the reply ("7.") under questions numbered so ("3.") are
    # told apart by no rule: such replies head their questions otherwise
    mark = rng.choice(MARKS[:4] if heading.startswith(("{n}", "[{n}")) else MARKS)
    item_mark, indent = rng.choice(ITEMS), rng.choice(("", "\t"))
    reply = Reply()
    tabbed = ["GRETA(2026)95_XXX_rep", "", f"Reply of the Republic of {state}", "",
              "to the Questionnaire for the evaluation of the implementation of the Convention",
              "", "Part I", ""]
    spaced = list(tabbed)
    paragraph, tables = 0, 0
    for number in range(1, rng.randint(4, 9)):
        asked = f"how are the {rng.choice(WORDS)} of question {number} organised"
        head = heading.format(n=number, text=asked.capitalize(), upper=asked.upper())
        tabbed += [head, ""]
        spaced += [head, ""]
        reply.questions.append(number)
        reply.paragraphs[number] = []
        for k in range(1, rng.randint(2, 5)):
            paragraph += 1
            label = mark.format(q=number, k=k, p=paragraph)
            prose = f"{sentence(rng, rng.randint(8, 40))} under Article {paragraph + 100}."
            reply.paragraphs[number].append(prose)
            lead = "\t" if rng.random() < 0.2 else ""
            tabbed += [f"{lead}{label}{tab}{prose}", ""]
            spaced += [f"{label} {prose}", ""]
            if rng.random() < 0.3:
                for r in range(rng.randint(2, 4)):
                    item = item_mark.format(r="i" * (r + 1), a=chr(97 + r))
                    entry = f"{sentence(rng, rng.randint(3, 9)).lower()} ({paragraph}.{r});"
                    reply.paragraphs[number].append(entry)
                    tabbed.append(f"{indent}{item}\t{entry}")
                    spaced.append(f"{item} {entry}")
                tabbed.append("")
                spaced.append("")
        if rng.random() < 0.4:
            tables += 1
            rows, marker = table(rng, tables)
            reply.tables.append(marker)
            tabbed += [*rows, ""]
            spaced += [*rows, ""]
    reply.text, reply.spaced = "\n".join(tabbed), "\n".join(spaced)
    return reply


SEEDS = range(60)


parse = parse_generated


def flat(text: str) -> str:
    return " ".join(text.split())


def shape(doc) -> list[tuple]:
    """What the parser made of a reply: its questions, their items and passages."""
    return ([(q.number, [i.label for i in q.items]) for q in doc.questions()],
            [(c.question, c.kind, flat(c.text)) for c in chunk_document(doc)])


@pytest.mark.parametrize("seed", SEEDS)
def test_numbered_paragraphs_after_a_tab_are_prose_not_tables(seed):
    reply = make_reply(seed)
    doc = parse(reply.text)
    assert [q.number for q in doc.questions()] == reply.questions, seed
    chunks = chunk_document(doc)
    for number, paragraphs in reply.paragraphs.items():
        for prose in paragraphs:
            holding = [c for c in chunks if flat(prose) in flat(c.text)]
            assert holding, (seed, number, prose[:30])  # a passage, not a sub-question
            assert all(c.kind != "table" and c.question == number for c in holding), (
                seed, number, prose[:30])


@pytest.mark.parametrize("seed", SEEDS)
def test_a_tab_after_the_number_reads_as_a_space(seed):
    reply = make_reply(seed)
    assert shape(parse(reply.text)) == shape(parse(reply.spaced)), seed


@pytest.mark.parametrize("seed", SEEDS)
def test_real_tables_after_numbered_paragraphs_stay_tables(seed):
    reply = make_reply(seed)
    chunks = chunk_document(parse(reply.text))
    for marker in reply.tables:
        holding = [c for c in chunks if marker in c.text.split()]
        assert holding and all(c.kind == "table" for c in holding), (seed, marker)


@pytest.mark.parametrize(("line", "normal"), [
    ("12.1\tThe Ministry of Labour adopted a plan.", "12.1 The Ministry of Labour adopted a plan."),
    ("12.1.\t\tThe Ministry adopted it.", "12.1. The Ministry adopted it."),
    ("\t(12)\tThe Ministry adopted it.", "(12) The Ministry adopted it."),
    ("\ti)\tforeign workers in agriculture;", "i) foreign workers in agriculture;"),
    ("a-\tprotection of children;", "a- protection of children;"),
    # rows of tables: two or more data cells, or a figure beside a number or label
    ("12\t34", "12\t34"), ("1\tTotal\t14", "1\tTotal\t14"), ("12.1\t2019 2020 2021",
                                                            "12.1\t2019 2020 2021"),
    ("Sexual exploitation\t12", "Sexual exploitation\t12"), ("(1)\t14 persons", "(1)\t14 persons"),
    ("1.1\tMen\tWomen", "1.1\tMen\tWomen"),
])
def test_normalise_numbered_paragraph_lines(line, normal):
    assert normalise_line(line) == normal


def test_the_generator_varies():
    texts = [make_reply(seed).text for seed in SEEDS]
    assert len(set(texts)) == len(texts)
    assert sum("\t\t" in t for t in texts) > 5 and sum("Table 1." in t for t in texts) > 5


@pytest.mark.parametrize(("line", "number"), [
    ("[Q12] QUESTION TEXT IN CAPITALS", 12), ("[Q 7] How are victims identified?", 7),
    ("[Question 3] Which bodies take part?", 3), ("[12] WHAT MEASURES ARE TAKEN", 12),
    ("[4] Is there a hotline?", 4), ("[Q.9]", 9), ("Q.12 How are victims identified?", 12),
])
def test_bracketed_question_headings(line, number):
    heading = question_heading(line)
    assert heading is not None and heading.number == number and heading.explicit


@pytest.mark.parametrize("line", ["[12] Law No. 45 of 2019 on the protection of victims.",
                                  "[3] See the reply to question 4.", "[2019] 14 persons"])
def test_notes_in_brackets_are_no_questions(line):
    assert question_heading(line) is None
