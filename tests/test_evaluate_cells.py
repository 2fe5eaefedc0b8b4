"""`evaluate.contains` on table text as written: cells apart (a TAB, a run of spaces) are
separate numbers, never one ("164⇥370" holds 370, not 164,370), a number grouped by one
space or a narrow no-break space is one, and a gold copied from a row with its whitespace
folded ("2024 164 370") is found in the row (generated rows x separators x number forms)."""

from __future__ import annotations

import random

import pytest

from greta_search.evaluate import contains

CELL_GAPS = ["\t", "  ", "   ", "\t\t", " \t", "\t ", "    "]
GROUPS = [" ", "\u202f", "\u00a0", "\u2009"]
LABELS = ["2024", "Total", "Men", "Women victims", "Labour exploitation"]


def _row(seed: int) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    cells = [str(rng.randint(1, 999)) for _ in range(rng.randint(2, 4))]
    cells[1] = str(rng.randint(100, 999))  # three digits: a thousands group if joined
    gaps = [rng.choice(CELL_GAPS) for _ in cells]
    row = rng.choice(LABELS) + "".join(g + c for g, c in zip(gaps, cells, strict=True))
    return row, cells


@pytest.mark.parametrize("seed", range(150))
def test_cells_apart_are_two_numbers(seed: int) -> None:
    row, cells = _row(seed)
    for cell in cells:
        assert contains(row, cell), (row, cell)
    assert not contains(row, f"{cells[0]},{cells[1]}"), row  # never one number 164,370
    assert not contains(row, f"{cells[0]}{cells[1]}"), row
    # a gold copied from the row with its whitespace folded is found in it
    assert contains(row, " ".join(row.split())), row
    assert contains(row, f"{cells[0]} {cells[1]}"), row


@pytest.mark.parametrize("seed", range(100))
def test_a_grouped_number_is_one(seed: int) -> None:
    rng = random.Random(seed)
    high, low = rng.randint(1, 999), rng.randint(100, 999)
    written = f"{high}{rng.choice(GROUPS)}{low}"
    text = f"{rng.choice(LABELS)}\t{written}\t{rng.randint(1000, 1999)}"
    assert contains(text, f"{high},{low}") and contains(text, f"{high} {low}"), text
    assert not contains(text, str(low)) and not contains(text, str(high)), text
