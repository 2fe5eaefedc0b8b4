"""A length of time asked in any of its ways ("How long ...", "For how long ...", "Within
how many working days ...", "How many months ...", "the average duration of", "the length
of") is one question (`answer_types.asks_duration`) for both routes: in a sentence the
number with a unit of time (in the unit the question counts in) answers and a count does
not; in a table the column that holds a length of time answers, and a table without one
says so. Generated over cue x unit x measure x year x sentence frame x column order."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse, asks_duration, time_unit_asked
from greta_search.spans import best_span
from tests.test_table_columns import YEARS, answer, grid, numbers, picked

UNITS = ("days", "weeks", "months", "hours", "years")
OTHER_UNIT = {"days": "hours", "weeks": "days", "months": "weeks", "hours": "minutes",
              "years": "months"}
# What a question asks the length of, and a sentence's count of the same people.
SUBJECTS = (("victims stay in shelters", "{n} victims stayed in shelters"),
            ("children stay in reception centres", "{n} children stayed in reception centres"),
            ("judges attend the seminar", "{n} judges attended the seminar"),
            ("workers stay in the programme", "{n} workers stayed in the programme"))
ANY_UNIT_CUES = ("How long did {s} in {y}?", "For how long did {s} in {y}?")
UNIT_CUES = ("How many {u} did {s} in {y}?", "Within how many {u} did {s} in {y}?",
             "How many working {u} did {s} in {y}?", "For how many {u} did {s} in {y}?")
NOUN_CUES = ("What was the average {n} of stay in shelters in {y}?",
             "What was the {n} of the stay of victims in shelters in {y}?")
NOT_DURATION = ("How many victims stayed in shelters in {y}?",
                "How many trainings were held in {y}?",
                "What was the number of shelters in {y}?")


def _duration_questions(rng: random.Random, unit: str, noun: str = "duration") -> list[str]:
    """Every way of asking a length of time; `noun`: "duration" or "length"."""
    ask, _ = rng.choice(SUBJECTS)
    year = rng.choice(YEARS)
    return ([c.format(s=ask, y=year) for c in ANY_UNIT_CUES]
            + [c.format(s=ask, y=year, u=unit) for c in UNIT_CUES]
            + [c.format(y=year, n=noun) for c in NOUN_CUES])


@pytest.mark.parametrize("seed", range(20))
def test_a_duration_is_asked_in_every_way_and_a_count_is_not(seed: int) -> None:
    rng = random.Random(seed)
    unit = rng.choice(UNITS)
    for question in _duration_questions(rng, unit, rng.choice(["duration", "length"])):
        assert asks_duration(question), question
    for question in NOT_DURATION:
        assert not asks_duration(question.format(y=rng.choice(YEARS))), question


@pytest.mark.parametrize("seed", range(30))
def test_the_sentence_route_answers_a_duration_in_the_unit_asked(seed: int) -> None:
    rng = random.Random(seed)
    unit = rng.choice(UNITS)
    ask, told = rng.choice(SUBJECTS)
    year, count, length, other = (rng.choice(YEARS), rng.randint(3, 90), rng.randint(2, 60),
                                  rng.randint(2, 60))
    told = told.format(n=count)  # a count of the very people asked about: no length
    sentence = rng.choice([
        f"In {year}, {told} for {length} {unit} on average, after a first contact of {other} "
        f"{OTHER_UNIT[unit]}.",
        f"After a first contact of {other} {OTHER_UNIT[unit]}, {told} for {length} {unit} "
        f"in {year}.",
    ])
    asked = rng.choice(UNIT_CUES).format(s=ask, y=year, u=unit)
    assert time_unit_asked(asked) and not time_unit_asked(f"How many {ask.split()[0]} were "
                                                          f"there in {year}?")
    assert best_span(sentence, analyse(asked))[0] == f"{length} {unit}", (asked, sentence)
    # "How long": any unit of time, never the count.
    span = best_span(sentence, analyse(rng.choice(ANY_UNIT_CUES).format(s=ask, y=year)))[0]
    assert span in (f"{length} {unit}", f"{other} {OTHER_UNIT[unit]}"), (sentence, span)


# A column of time and the unit a question counts it in.
TIME_COLUMNS = (("Average stay (days)", "days"), ("Duration of stay (months)", "months"),
                ("Length of stay in shelters", "days"), ("Stay in shelters (weeks)", "weeks"))


@pytest.mark.parametrize("seed", range(24))
def test_the_table_route_answers_a_duration_from_the_column_of_time(seed: int) -> None:
    rng = random.Random(seed)
    time_column, unit = rng.choice(TIME_COLUMNS)
    columns = ["Victims placed in shelters", "Shelters", time_column]
    rng.shuffle(columns)
    cells = {c: numbers(rng) for c in columns}
    noun = rng.choice(["duration", "length"])  # the word the table and the question share
    caption = f"Victims placed in shelters and the {noun} of their stay"
    item = f"the number of victims placed in shelters and the {noun} of their stay."
    table = grid(1, caption, columns, cells, item, rng)
    for asked in _duration_questions(rng, unit, noun):
        if "shelters" not in asked:
            continue  # the table's measure is the stay in shelters
        found, note, _ = answer([table], asked)
        year = next(y for y in YEARS if str(y) in asked)
        assert picked(found) == time_column and cells[time_column][year] in found.text, \
            (asked, found and found.text, note)
    count = f"How many victims were placed in shelters in {rng.choice(YEARS)}?"
    found, note, _ = answer([table], count)
    assert picked(found) == "Victims placed in shelters", (count, found and found.text, note)
    # The same table without a column of time gives no length of time.
    columns.remove(time_column)
    plain = grid(1, caption, columns, cells, item, rng)
    for asked in _duration_questions(rng, unit, noun):
        if "shelters" in asked:
            found, note, _ = answer([plain], asked)
            assert found is None, (asked, found.text)
            # (a question in weeks may match no table of days at all: no note then)
            assert note and "length of time" in note or unit in asked, (asked, note)
