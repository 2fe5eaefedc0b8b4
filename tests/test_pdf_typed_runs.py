"""The lines `pdftyped.typed_run` takes as one typed table in a PDF: a generated typed row
followed by lines with no wide gap at its left (the rest of a wrapped row, or a note),
anywhere in a page's lines (after any number of prose lines). A rest is never taken after
a rest, wherever the table starts, and the run reads the same at every start."""

from __future__ import annotations

import random

import pytest

from greta_search.pdf import GAP, SAME, Cell, Line
from greta_search.pdftyped import typed_run

SPACE = 6.0  # a monospaced font's space width (points)
LEFT = 72.0


def line(y: float, text: str, x: float = LEFT) -> Line:
    """A physical line drawn as one string in a monospaced font."""
    return Line(1, y, 12.0, [Cell(x, x + len(text) * SPACE, text, text)], SPACE, 14.0)


def lines_of(seed: int, prose: int) -> tuple[list[Line], list[str]]:
    """`prose` lines of text, then a typed table's rows with single-cell lines (no wide
    gap) under some of them, all at the left margin, one block."""
    rng = random.Random(seed)
    out = [line(10.0 + 14 * i, "Some prose line of the reply, going on") for i in range(prose)]
    y = 200.0
    for _ in range(rng.randint(1, 4)):
        cells = [rng.choice(["2022", "Sexual", "Labour"]), *map(str, rng.sample(range(999), 2))]
        out.append(line(y, "    ".join(cells)))
        y += 14
        for _ in range(rng.randint(0, 3)):
            out.append(line(y, rng.choice(["17", "of the Interior", "Source: police", "data"])))
            y += 14
    return out, [GAP] + [SAME] * (len(out) - 1)


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("prose", [0, 1, 3])
def test_no_rest_after_a_rest_wherever_the_table_starts(seed: int, prose: int) -> None:
    lines, relations = lines_of(seed, prose)
    end, left, rests, lefts = typed_run(lines, relations, prose, LEFT + 400)
    assert not any(i - 1 in rests for i in rests), rests
    alone, alone_relations = lines_of(seed, 0)
    assert (end - prose, left, rests, lefts) == typed_run(alone, alone_relations, 0, LEFT + 400)
