"""A sentence that gives figures for several years, each year opening its clause ("In 2023,
based on 111,206 entries, 78,881 notifications were sent; in 2024, based on 106,185 entries,
73,291 notifications were sent; and in 2025, ..."): the count asked is the one in the clause
of the year asked, counting the noun asked (not the other figure of that clause), whatever
the verb's form ("were sent", "were issued", "were held"). Generated over opener x
separator x counted noun x verb x other figure x year asked."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse
from greta_search.spans import best_span

OPENERS = ("in {y}, ", "during {y}, ", "for {y}, ", "in the year {y}, ")
SEPARATORS = ("; ", "; and ", ", and ", "; while ")
NOUNS = ("notifications", "letters", "requests", "warnings", "inspections", "complaints",
         "referrals", "decisions")
VERBS = ("sent", "issued", "held", "made", "given", "received", "registered", "paid", "carried")
# The other figure of each clause, before the count asked.
OTHERS = ("based on {n} entries received from the Ministry of Health",
          "out of {n} reports",
          "following {n} applications",
          "on the basis of {n} records")


def _figure(rng: random.Random) -> str:
    """A count written with or without a thousands comma."""
    value = rng.randint(1_200, 99_000)
    return f"{value:,}" if rng.random() < 0.7 else str(value)


@pytest.mark.parametrize("seed", range(240))
def test_the_count_is_taken_from_the_clause_of_the_year_asked(seed: int) -> None:
    rng = random.Random(seed)
    first = rng.randint(2015, 2022)
    years = list(range(first, first + rng.choice((2, 3, 4))))
    noun, verb = rng.choice(NOUNS), rng.choice(VERBS)
    opener, other = rng.choice(OPENERS), rng.choice(OTHERS)
    counts: dict[int, str] = {}
    clauses = []
    for year in years:
        counts[year] = _figure(rng)
        before = other.format(n=_figure(rng)) + ", " if rng.random() < 0.8 else ""
        clauses.append(opener.format(y=year) + before + f"{counts[year]} {noun} were {verb}")
    separator = rng.choice(SEPARATORS)
    sentence = separator.join(clauses) + "."
    sentence = sentence[0].upper() + sentence[1:]
    asked = rng.choice(years)
    question = analyse(f"How many {noun} were {verb} in {asked}?")
    assert best_span(sentence, question)[0] == f"{counts[asked]} {noun}", sentence
