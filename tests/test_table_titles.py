"""A table's title on a line of its own right above a table typed without a "Table N"
caption ("Victims by age", "The number of victims identified by form of exploitation:"):
generated tables in every layout of `test_texttables`, the title after a sentence, a
numbered paragraph or a bullet, with or without blank lines around it. The title opens the
table's passage (never the paragraph above) and describes the table, so a table question
can use it; a sentence ending in a full stop, a numbered paragraph and a title two lines
up stay text."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse
from greta_search.blocks import table_title
from greta_search.table_entries import tables_of
from tests.test_texttables import LAYOUTS, RULES, Searcher, Spec, parse_reply, render

TITLES = ("Victims by age", "The number of victims identified by form of exploitation:",
          "Persons assisted by the NGOs, 2021-2024", "Breakdown of the victims by sex",
          "Number of residence permits granted to victims:",
          "Figures provided by the Ministry of Interior (2022–2024)",
          "Victims of trafficking identified in the period:")
BEFORE = ("The figures are provided below.", "12. The data are set out below.",
          "- the number of identified victims;", "The Ministry collected the data [2].")
COLUMNS = ("Victims assisted", "Persons prosecuted", "Permits granted", "Claims filed")


def variant(seed: int) -> tuple[Spec, str, str, list[str], bool, bool]:
    """A table, its title, the paragraph before it, its lines, and whether blank lines
    stand before and after the title."""
    rng = random.Random(seed)
    measures = rng.sample(COLUMNS, rng.randint(2, 3))
    start = rng.randint(2015, 2021)
    years = list(range(start, start + rng.randint(2, 4)))
    values = [[rng.randint(0, 900) for _ in measures] for _ in years]
    spec = Spec(0, "", measures, years, values, [False] * len(measures), ",", False, False)
    lines = render(spec.grid(), rng.choice(LAYOUTS), rng.choice((None, *RULES)))
    gap_before = rng.random() < 0.6
    gap_after = rng.random() < 0.5 if gap_before else False
    return spec, rng.choice(TITLES), rng.choice(BEFORE), lines, gap_before, gap_after


def document(before: str, title: str, lines: list[str], gap_before: bool,
             gap_after: bool) -> str:
    return "\n".join([
        "Reply of Testland to the questionnaire", "GRETA(2026)50_TST_rep", "",
        "Question 2", "", "Can you provide the following statistics?", "",
        "a) The number of identified victims of trafficking.", "",
        before, *[""] * gap_before, title, *[""] * gap_after, *lines, "",
        "These figures are final.", "",
        "b) The number of prosecutions.", "", "There were 4 prosecutions.", ""])


@pytest.mark.parametrize("seed", range(80))
def test_a_title_alone_above_a_table_titles_it(seed: int) -> None:
    spec, title, before, lines, gap_before, gap_after = variant(seed)
    chunks = parse_reply(document(before, title, lines, gap_before, gap_after))
    (table,) = [c for c in chunks if c.kind == "table"]
    assert table.text.split("\n")[0] == title, table.text
    assert not any(title in c.text for c in chunks if c.kind != "table")
    (entry,) = tables_of(Searcher(chunks))
    assert entry.table.description == title.rstrip(":")
    assert entry.table.name == table.citation.split(", ", 1)[1].replace(", ", " ").join(
        ["table in ", ""])
    year = random.Random(seed).choice(spec.years)
    column = spec.measures[-1]
    found, note, _ = table_answer(analyse(f"How many {column.lower()} were there in {year}?"),
                                  Searcher(chunks), None, {})
    value = spec.values[spec.years.index(year)][-1]
    assert found is not None, note
    assert found.text == f"{spec.text(value, False)} ({entry.table.name}, {year}, {column})"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("above", [
    "The figures for the last three years are given below.",
    "28. The claims filed and granted were as follows:",
    "The Ministry collected the data. They are as follows:",
])
def test_a_sentence_or_a_numbered_paragraph_stays_text(layout: str, above: str) -> None:
    spec = Spec(0, "", ["Claims filed", "Claims granted"], [2022, 2023], [[14, 6], [17, 8]],
                [False, False], ",", False, False)
    chunks = parse_reply(document("Some context first.", above, render(spec.grid(), layout, None),
                                  True, True))
    (table,) = [c for c in chunks if c.kind == "table"]
    assert above not in table.text
    assert any(above in c.text for c in chunks if c.kind == "text")


@pytest.mark.parametrize(("text", "title"), [
    ("Victims by age", True), ("The number of victims by form of exploitation:", True),
    ("2024 figures", True), ("12. The figures:", False), ("a) Victims", False),
    ("- Victims by age", False), ("The figures are below.", False),
    ("Data were collected. See below:", False), ("victims by age", False),
    ("Year\tVictims", False), ("-----", False), ("x" * 200, False), ("[3] A note", False),
])
def test_table_title(text: str, title: bool) -> None:
    assert table_title(text) is title
