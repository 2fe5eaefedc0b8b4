"""Long tables (20 to 60 rows, most over a passage's budget) in generated replies: in a
question's answer, in a Section's text before its questions, and in a document without
questions (where a table's rows are paragraphs of their own), TAB-separated or between
pipes, with a caption, a title or neither. Every row stays in one passage, with its header
and caption, so a table answer sees the whole table."""

from __future__ import annotations

import random

import pytest

from greta_search.table_entries import tables_of
from tests.test_texttables import Searcher, Spec, parse_reply, render

HEADS = ("Table 4. Victims identified by region", "Victims identified by region", None)
PLACES = ("answer", "section", "unstructured")


def variant(seed: int) -> tuple[Spec, list[str], str | None, str]:
    rng = random.Random(seed)
    count = rng.randint(20, 60)
    measures = rng.sample(["Men", "Women", "Children", "Total victims"], rng.randint(2, 3))
    values = [[rng.randint(0, 9999) for _ in measures] for _ in range(count)]
    spec = Spec(4, "", measures, list(range(1960, 1960 + count)), values,
                [False] * len(measures), rng.choice([",", ""]), False, False)
    return spec, render(spec.grid(), rng.choice(["tab", "pipe", "bordered"]), None), \
        rng.choice(HEADS), rng.choice(PLACES)


def document(lines: list[str], head: str | None, place: str) -> str:
    table = [*([head, ""] if head else []), *lines, ""]
    prose = ["The figures below were collected by the Ministry of Interior in all regions.",
             ""]
    if place == "unstructured":
        return "\n".join(["Information on trafficking in Testland", "", *prose, *table,
                          "These figures are final.", ""])
    top = ["Reply of Testland to the questionnaire", "GRETA(2026)50_TST_rep", "",
           "Part 1", "", "I. PREVENTION (Articles 5, 6 and 7)", ""]
    if place == "section":
        top += [*prose, *table]
    questions = ["Question 1", "", "What measures have been taken?", ""]
    questions += [*prose, *table] if place == "answer" else ["Measures were taken.", ""]
    return "\n".join([*top, *questions, "Question 2", "", "Is there a hotline?", "",
                      "Yes, since 2020.", ""])


@pytest.mark.parametrize("seed", range(45))
def test_a_long_table_stays_in_one_passage(seed: int) -> None:
    spec, lines, head, place = variant(seed)
    chunks = parse_reply(document(lines, head, place))
    holding = [c for c in chunks if any(str(year) in c.text.split() or f"{year}\t" in c.text
                                        or f"| {year} " in c.text for year in spec.years)]
    assert len(holding) == 1, [c.citation for c in holding]
    (passage,) = holding
    assert all(name in passage.text for name in spec.measures)
    if head:
        assert head in passage.text
    if head and head.startswith("Table"):
        (entry,) = [e for e in tables_of(Searcher(chunks)) if e.table.number == 4]
        assert [r.year for r in entry.table.rows] == spec.years
