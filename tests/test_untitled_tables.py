"""Tables typed without a "Table N" caption (`greta_search.untitled`): a generated table in
every layout of `test_texttables` (TABs, pipes, borders, a grid, columns aligned by spaces),
with or without a caption, introduced by a sentence in several ways, years as rows or as
columns; a question asking for a cell by year and column is answered from the table, in the
passages of a list and of a built index. Also: the column that narrows the thing counted
("Rejected" beside "Applications")."""

from __future__ import annotations

import random

import pytest

from greta_search.answer import ask
from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse
from greta_search.chunk import Chunk
from greta_search.table_entries import tables_of
from greta_search.untitled import introduction, place
from tests.test_texttables import LAYOUTS, RULES, Searcher, Spec, parse_reply, render, reply

# Columns a question can name by their words (no age band, sex or share).
COUNTS = ("Victims assisted", "Persons prosecuted", "Permits granted", "Claims filed",
          "Investigations opened", "Shelter places")
# How a reply introduces a table it gives no caption ({m}: what it counts). A line that
# reads as a title (capitalised, no number, one statement ending in a colon or no stop)
# opens the table's passage (`test_table_titles`): the table stands at ¶2, not ¶3.
INTROS = ("The number of {m} was as follows:", "28. The {m} were as follows [1]:",
          "The {m} are shown below.", "{m}, by year (see the figures below):",
          "The following figures give the {m} [3]", "Data on the {m}:")
TITLES = {INTROS[0], INTROS[4], INTROS[5]}  # INTROS[3] starts in lower case here


def make_spec(rng: random.Random) -> Spec:
    measures = rng.sample(COUNTS, rng.randint(2, 4))
    start = rng.randint(2015, 2021)
    years = list(range(start, start + rng.randint(2, 5)))
    values = [[rng.randint(0, 25_000 if rng.random() < 0.5 else 90) for _ in measures]
              for _ in years]
    return Spec(rng.randint(1, 30), "", measures, years, values, [False] * len(measures),
                rng.choice([",", ""]), rng.random() < 0.4, False,
                rng.choice(["Indicator", "", "Measure"]))


def variant(seed: int) -> tuple[Spec, str, list[str], bool, int, str, str]:
    """A table, how it is introduced, its lines, whether it has a caption, the year and
    column a question asks for, and its name without a caption."""
    rng = random.Random(seed)
    spec = make_spec(rng)
    form = rng.choice(INTROS)
    intro = form.format(m="figures on victims and cases")
    lines = render(spec.grid(), rng.choice(LAYOUTS), rng.choice((None, *RULES)))
    return spec, intro, lines, rng.random() < 0.3, rng.choice(spec.years), \
        rng.choice(spec.measures), f"table in Q2(a) ¶{2 if form in TITLES else 3}"


def document(intro: str, lines: list[str], caption: str | None) -> str:
    """A reply with the table in item (a) of question 2, after its introducing sentence,
    under `caption` if any."""
    text = reply(caption or intro, lines)
    return text.replace("The figures are provided below.", intro) if caption else text


@pytest.mark.parametrize("seed", range(60))
def test_a_cell_asked_by_year_and_column(seed: int) -> None:
    spec, intro, lines, captioned, year, column, untitled = variant(seed)
    caption = f"Table {spec.number}. Figures" if captioned else None
    chunks = parse_reply(document(intro, lines, caption))
    question = analyse(f"How many {column.lower()} were there in {year}?")
    found, note, _ = table_answer(question, Searcher(chunks), None, {})
    value = spec.values[spec.years.index(year)][spec.measures.index(column)]
    name = f"Table {spec.number}" if captioned else untitled
    assert found is not None, (note, lines)
    assert found.text == f"{spec.text(value, False)} ({name}, {year}, {column})", lines
    assert found.entry.chunk.kind == "table"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_introducing_sentence_describes_the_table(layout: str) -> None:
    spec = Spec(0, "", ["Claims filed", "Claims granted"], [2022, 2023], [[14, 6], [17, 8]],
                [False, False], ",", False, False)
    intro = "31. The compensation claims of victims were as follows [2]:"
    chunks = parse_reply(reply(intro, render(spec.grid(), layout, None)))
    (entry,) = tables_of(Searcher(chunks))
    assert entry.table.number == 0
    assert entry.table.name == "table in Q2(a) ¶3"
    assert entry.table.description == "The compensation claims of victims were as follows"


@pytest.mark.parametrize(("text", "expected"), [
    ("28. The claims filed and granted were as follows [1]:",
     "The claims filed and granted were as follows"),
    ("Some context first. The amounts paid are shown below.", "The amounts paid are shown below"),
    ("- applications to the Board (2):", "applications to the Board"),
    ("47. Applications to the CVCB by victims of trafficking:",
     "Applications to the CVCB by victims of trafficking"),
])
def test_introduction(text: str, expected: str) -> None:
    table = Chunk("t", "D", "2020\t1", "D, Q5, ¶2", question=5, kind="table")
    before = Chunk("b", "D", f"Earlier line.\n{text}", "D, Q5, ¶1", question=5)
    assert introduction(table, before) == expected
    assert place(table) == "table in Q5 ¶2"


def test_no_introduction_from_another_question_or_a_table() -> None:
    table = Chunk("t", "D", "2020\t1", "D, Part I, Q5, ¶1", question=5, kind="table")
    assert introduction(table, Chunk("b", "D", "As follows:", "D, Q4, ¶3", question=4)) is None
    assert introduction(table, Chunk("b", "D", "2019\t1", "D, Q5", question=5,
                                     kind="table")) is None
    assert introduction(table, None) is None
    assert place(table) == "table in Q5 ¶1"


# (the thing counted, the column that narrows it, another one)
NARROWING = [("Applications", "Rejected", "Granted"), ("Claims", "Dismissed", "Accepted"),
             ("Requests", "Refused", "Approved"), ("Complaints", "Upheld", "Withdrawn")]


@pytest.mark.parametrize(("head", "narrow", "other"), NARROWING)
@pytest.mark.parametrize("layout", ["tab", "pipe", "aligned-right"])
def test_a_column_narrowing_the_thing_counted(head: str, narrow: str, other: str,
                                              layout: str) -> None:
    spec = Spec(3, "Table 3. Figures", [head, other, narrow], [2022, 2023, 2024],
                [[9, 5, 3], [11, 7, 2], [15, 9, 4]], [False] * 3, ",", False, False)
    chunks = parse_reply(reply(spec.caption, render(spec.grid(), layout, None)))
    for year, row in zip(spec.years, spec.values, strict=True):
        asked = analyse(f"How many {head.lower()} of victims were {narrow.lower()} in {year}?")
        found, _, _ = table_answer(asked, Searcher(chunks), None, {})
        assert found is not None and found.text == f"{row[2]} (Table 3, {year}, {narrow})"
        asked = analyse(f"How many {head.lower()} were there in {year}?")
        found, _, _ = table_answer(asked, Searcher(chunks), None, {})
        assert found is not None and found.text == f"{row[0]} (Table 3, {year}, {head})"


@pytest.mark.parametrize("seed", range(3))
def test_ask_answers_from_an_untitled_table_in_a_built_index(tmp_path, seed: int) -> None:
    from greta_search.embed import HashEmbedder
    from greta_search.search import Searcher as IndexSearcher
    from greta_search.store import IndexStore

    spec, intro, lines, _, year, column, name = variant(seed)
    path = tmp_path / "reply.txt"
    path.write_text(document(intro, lines, None), encoding="utf-8")
    IndexStore(tmp_path / "index").build([path], HashEmbedder())
    searcher = IndexSearcher(IndexStore(tmp_path / "index"))
    answer = ask(searcher, f"How many {column.lower()} were there in {year}?", threshold=0.0)
    value = spec.values[spec.years.index(year)][spec.measures.index(column)]
    assert answer.answer == f"{spec.text(value, False)} ({name}, {year}, {column})"
