"""Age bands (`table_scope.age_bands`), one pattern for questions and table headers: on
generated bands written with each dash form ("18-24", "18–24", "18—24", "18 - 24", "18 to
24", and in a question "between 18 and 24") and open bands ("60+", "60 and over"), a
question in any form picks the column written in any other, a table without the band asked
gives no answer, and numbers that are no band (years, decimals, articles) are left alone."""

from __future__ import annotations

import itertools
import random

import pytest

from greta_search.table_scope import age_bands, missing_parts, parts_named
from tests.test_table_columns import VICTIMS, YEARS, answer, by_form, grid, numbers, picked

# How a band (low, high) is written: in a table's header and in a question.
DASHES = {"hyphen": "{a}-{b}", "en dash": "{a}–{b}", "em dash": "{a}—{b}",
          "spaced hyphen": "{a} - {b}", "spaced en dash": "{a} – {b}",
          "spaced em dash": "{a} — {b}", "to": "{a} to {b}"}
ASKED = {**{name: f"aged {form}" for name, form in DASHES.items()},
         "between": "between {a} and {b}", "years old": "{a}-{b} years old"}
OPEN = {"plus": "{a}+", "and over": "{a} and over", "or older": "{a} or older",
        "and above": "{a} and above"}
QUESTIONS = ["How many victims {age} were identified in {y}?",
             "How many identified victims were {age} in {y}?",
             "In {y}, how many victims {age} were identified?"]
SEEDS = range(6)


def bands(rng: random.Random) -> list[tuple[int, int]]:
    """Three to five adjacent age bands from a random start (under 18 or over)."""
    edges = sorted(rng.sample(range(rng.choice([0, 12, 18]), 75), rng.randint(4, 6)))
    return [(a, b - 1) for a, b in itertools.pairwise(edges) if a < b - 1]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("form", sorted(DASHES))
def test_a_band_is_read_in_every_dash_form(form: str, seed: int) -> None:
    rng = random.Random(f"{form}{seed}")
    for low, high in bands(rng):
        written = DASHES[form].format(a=low, b=high)
        label = rng.choice(["{}", "Age {}", "{} years", "Aged {}"]).format(written)
        assert age_bands(label) == {(low, high)}, label
        assert parts_named(label) == {f"age {low}-{high}"}, label
        asked = rng.choice(QUESTIONS).format(age=f"aged {written}", y=rng.choice(YEARS))
        assert age_bands(asked, question=True) == {(low, high)}, asked
        assert f"age {low}-{high}" in parts_named(asked, question=True), asked


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("form", sorted(OPEN))
def test_an_open_band_is_read_in_questions_and_headers(form: str, seed: int) -> None:
    rng = random.Random(f"{form}{seed}")
    low = rng.randint(19, 80)
    written = OPEN[form].format(a=low)
    assert age_bands(written) == {(low, None)} and parts_named(written) == {f"age {low}+"}
    asked = rng.choice(QUESTIONS).format(age=f"aged {written}", y=rng.choice(YEARS))
    assert parts_named(asked, question=True) == {f"age {low}+"}, asked
    adult = OPEN[form].format(a=18)  # 18 and over is the part "adult", no band of its own
    assert parts_named(adult) == {"adult"} and not missing_parts(f"victims aged {adult}",
                                                                 ["Adults", "Children"])


@pytest.mark.parametrize("seed", SEEDS)
def test_numbers_that_are_no_band(seed: int) -> None:
    rng = random.Random(seed)
    a, b = sorted(rng.sample(range(1, 99), 2))
    year = rng.randint(2000, 2030)
    for text in [f"{year}-{(year + 1) % 100:02d}", f"{year}–{year + 1}", f"{a}-{b}.5",
                 f"1,{a:02d}-{b}", f"{a}.{b}-{b + 1}", f"Article {100 + a}-{b}",
                 f"Q{a} and {b}", f"{a}-{b}-{b + 3}", f"{a}+{b}"]:
        assert age_bands(text, question=True) == set(), text
    assert age_bands(f"Articles {a} and {b}") == set()  # "and" joins a band only when asked
    assert parts_named(f"Under Articles {a} and {b}", question=True) == set()  # no age word


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("header", sorted(DASHES))
def test_a_question_in_any_form_picks_the_column_in_any_other(header: str, seed: int) -> None:
    rng = random.Random(f"{header}{seed}")
    groups = bands(rng)
    oldest = groups[-1][1] + 1
    columns = [DASHES[header].format(a=a, b=b) for a, b in groups]
    columns.append(rng.choice(list(OPEN.values())).format(a=oldest))
    columns = [*columns, "Total"] if rng.random() < 0.5 else columns
    cells = {c: numbers(rng) for c in columns}
    table = grid(1, "Identified victims by age group", columns, cells, VICTIMS, rng)
    for asked_form in rng.sample(sorted(ASKED), 4):
        g = rng.randrange(len(groups))
        low, high = groups[g]
        year = rng.choice(YEARS)
        asked = rng.choice(QUESTIONS).format(age=ASKED[asked_form].format(a=low, b=high), y=year)
        found, note, _ = answer([table], asked)
        assert picked(found) == columns[g], (asked, columns, found and found.text, note)
        assert found.span == cells[columns[g]][year]
    year = rng.choice(YEARS)
    written = rng.choice(list(OPEN.values())).format(a=oldest)
    asked = rng.choice(QUESTIONS).format(age=f"aged {written}", y=year)
    found, note, _ = answer([table], asked)
    assert picked(found) == columns[len(groups)], (asked, columns, found and found.text, note)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("asked_form", sorted(ASKED))
def test_a_band_the_table_lacks_gets_no_answer(asked_form: str, seed: int) -> None:
    rng = random.Random(f"{asked_form}{seed}")
    table, _ = by_form(rng, ["Sexual exploitation", "Labour exploitation", "Forced begging"])
    low = rng.randint(12, 60)
    high = low + rng.randint(3, 15)
    asked = rng.choice(QUESTIONS).format(age=ASKED[asked_form].format(a=low, b=high),
                                         y=rng.choice(YEARS))
    found, note, _ = answer([table], asked, retrieved=True)
    assert found is None and note and f"age {low}-{high}" in note, (asked, found and found.text)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("form", sorted(set(DASHES) - {"to"}))
def test_a_breakdown_cell_is_split_at_bands_in_every_dash_form(form: str, seed: int) -> None:
    """A cell listing bands ("18—24: 3 persons, 25—34: 6 persons") is a breakdown whatever
    the dash in it (`table_columns.PART_RE`): the question's band picks its part."""
    from greta_search.answer_types import analyse
    from greta_search.table_columns import segment

    rng = random.Random(f"breakdown{form}{seed}")
    written = bands(rng)
    cell = ", ".join(f"{DASHES[form].format(a=low, b=high)}: {rng.randint(1, 90)} persons"
                     for low, high in written)
    for low, high in written:
        asked = ASKED[rng.choice(sorted(set(DASHES) - {"to"}))].format(a=low, b=high)
        question = analyse(rng.choice(QUESTIONS).format(age=asked, y=rng.choice(YEARS)))
        part = segment(cell, question)
        assert part is not None and age_bands(part) == {(low, high)}, (cell, question.text)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("form", sorted(set(DASHES) - {"to"}))
@pytest.mark.parametrize("joiner", [", ", " ", "; "])
def test_a_band_first_breakdown_answers_the_band_s_count(form: str, seed: int,
                                                         joiner: str) -> None:
    """"25—34: 6 persons 35—44: 2 persons": the answer is the count of the band asked (6),
    never the band's lower bound, however the parts are joined."""
    from greta_search.answer_types import analyse
    from greta_search.table_columns import cells_text
    from greta_search.tables import Cell, Row

    rng = random.Random(f"bandfirst{form}{seed}{joiner}")
    written = bands(rng)
    counts = [rng.randint(1, 90) for _ in written]
    cell = joiner.join(f"{DASHES[form].format(a=low, b=high)}: {count} persons"
                       for (low, high), count in zip(written, counts, strict=True))
    for (low, high), count in zip(written, counts, strict=True):
        asked = ASKED[rng.choice(sorted(set(DASHES) - {"to"}))].format(a=low, b=high)
        question = analyse(rng.choice(QUESTIONS).format(age=asked, y=rng.choice(YEARS)))
        row = Row(year=2024, label="2024", cells={"Age": Cell(text=cell)})
        text, number, _ = cells_text(row, ["Age"], question)
        assert number == str(count) and age_bands(text) == {(low, high)}, (cell, question.text)
