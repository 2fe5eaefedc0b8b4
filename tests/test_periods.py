"""Twelve-month periods written across two years ("FY2023/24", "2023/24", "2021/2022",
"1999/00"): one reading (`date_forms.period_of`) for the dates an answer gives and the rows
a table answer takes, on generated forms x years across the century turn x sentence frames."""

from __future__ import annotations

import itertools

import pytest

from greta_search.date_forms import dates_in, periods
from greta_search.table_rows import period_rows
from greta_search.tables import Row, StatTable

# A period as replies write it: (first year) -> the text.
FORMS = [
    lambda y: f"FY{y}/{(y + 1) % 100:02d}",
    lambda y: f"FY {y}-{(y + 1) % 100:02d}",
    lambda y: f"FY{y}–{y + 1}",
    lambda y: f"{y}/{(y + 1) % 100:02d}",
    lambda y: f"{y}/{y + 1}",
    lambda y: f"{y}-{(y + 1) % 100:02d}",
    lambda y: f"{y}–{(y + 1) % 100:02d}",
    lambda y: f"{y} / {(y + 1) % 100:02d}",
]
# Two years that are no period: (first year) -> the text.
NOT_PERIODS = [
    lambda y: f"{y}-{y + 1}",  # a range of years, no "FY"
    lambda y: f"{y}–{y + 5}",
    lambda y: f"{y}/{(y + 3) % 100:02d}",  # a regulation's number
    lambda y: f"{y}/{y + 2}",
]
YEARS = [1995, 1998, 1999, 2000, 2009, 2019, 2023, 2029]
FRAMES = [
    "The budget for {d} was adopted by Parliament.",
    "In {d} the shelters received 45 victims.",
    "Funding ({d}) rose to EUR 20,000.",
]


@pytest.mark.parametrize(("form", "year", "frame"),
                         itertools.product(range(len(FORMS)), YEARS, FRAMES))
def test_a_period_is_one_date_and_one_period(form: int, year: int, frame: str) -> None:
    written = FORMS[form](year)
    sentence = frame.format(d=written)
    assert periods(sentence) == {(year, year + 1)}, sentence
    start = sentence.index(written)
    assert (start, start + len(written)) in dates_in(sentence), sentence


@pytest.mark.parametrize(("form", "year"), itertools.product(range(len(NOT_PERIODS)), YEARS))
def test_two_years_that_are_no_period(form: int, year: int) -> None:
    written = NOT_PERIODS[form](year)
    sentence = f"The figures for {written} are below."
    assert periods(sentence) == set(), sentence


@pytest.mark.parametrize(("form", "year"), itertools.product(range(len(FORMS)), YEARS))
def test_the_row_of_the_period_asked(form: int, year: int) -> None:
    labels = [FORMS[form](y) for y in (year - 1, year, year + 1)]
    table = StatTable(number=1, caption="Table 1. Victims", description=None,
                      columns=["Period", "Total"],
                      rows=[Row(year=None, label=label) for label in labels])
    asked = f"How many victims were identified in FY{year}/{(year + 1) % 100:02d}?"
    assert [r.label for r in period_rows(table, asked)] == [labels[1]]
