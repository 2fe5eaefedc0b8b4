"""A part of a measure the question names (children, women, foreign nationals, a form of
exploitation, an age band) is read from where a table gives its figure: a column, a row
label, a group header over its columns, or a caption or bullet saying the whole table counts
it. A word in a note, a caption's "including 12 children" or the heading above is no figure:
the table does not answer (its total is another figure). Generated tables: layouts (TABs,
pipes, years across), where the part is (or is not), and many wordings of the question."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse
from tests.test_table_measures import ChunkSearcher, chunk

YEARS = [2020, 2021, 2022, 2023, 2024]
SEEDS = range(10)
LAYOUTS = ["tabs", "pipes", "years_across"]
BULLET = ("the number of presumed victims and identified victims of human trafficking "
          "(disaggregated by sex, age, nationality and form of exploitation).")

# A part: the column (or row) names that give it, the questions asking it ({y}: a year),
# and a note that names it without a figure for it ({n}: a number).
PARTS = {
    "child": (
        ["Children", "Children (under 18)", "of which: children", "Minors", "of whom children",
         "Child victims", "Children (0-17)"],
        ["How many child victims were identified in {y}?",
         "How many children were among the victims identified in {y}?",
         "Of the victims identified in {y}, how many were children?",
         "How many victims identified in {y} were minors?",
         "How many underage victims were identified in {y}?",
         "How many victims aged under 18 were identified in {y}?",
         "How many victims under the age of 18 were identified in {y}?",
         "How many boys and girls were identified as victims in {y}?",
         "How many of the victims identified in {y} were children?"],
        ["including {n} children", "of whom {n} were children", "{n} of them minors",
         "children are included in the totals"],
    ),
    "female": (
        ["Women", "Female", "Sex / female", "of whom women", "Women and girls"],
        ["How many women were identified as victims in {y}?",
         "How many female victims were identified in {y}?",
         "How many of the victims identified in {y} were women?"],
        ["including {n} women", "of whom {n} women", "women and men alike"],
    ),
    "foreign": (
        ["Foreign nationals", "of whom foreign nationals", "Foreigners"],
        ["How many foreign victims were identified in {y}?",
         "How many victims identified in {y} were foreign nationals?"],
        ["including {n} foreign nationals", "foreigners are included"],
    ),
    "labour exploitation": (
        ["Labour exploitation", "Form of exploitation / labour exploitation", "Forced labour"],
        ["How many victims of labour exploitation were identified in {y}?",
         "How many victims of forced labour were identified in {y}?"],
        ["including {n} for labour exploitation", "mostly forced labour"],
    ),
}
# Columns that name no part.
PLAIN = ["Referred to assistance", "Assisted by NGOs", "Returned home"]


def numbers(rng: random.Random) -> dict[int, int]:
    return {y: rng.randint(1, 400) for y in YEARS}


def table(rng: random.Random, layout: str, caption: str, columns: list[str],
          cells: dict[str, dict[int, int]], bullet: str = BULLET):
    """A table passage: a column per name and a row per year (TABs or pipes), or the years
    across the top and a row per name."""
    if layout == "years_across":
        lines = [caption, "\t" + "\t".join(map(str, YEARS))]
        lines += [c + "\t" + "\t".join(str(cells[c][y]) for y in YEARS) for c in columns]
    else:
        sep = "\t" if layout == "tabs" else " | "
        lines = [caption, sep.join(["Year", *columns])]
        lines += [sep.join([str(y), *(str(cells[c][y]) for c in columns)]) for y in YEARS]
    return chunk(1, lines, bullet)


def answer(passage, question: str):
    return table_answer(analyse(question), ChunkSearcher([passage]), None,
                        {passage.position: 0})


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_part_named_only_in_words_gets_no_answer_from_the_total(layout: str, seed: int) -> None:
    """The part is in the caption's "including N ...", the bullet, a note or the heading
    above, never as a figure: the table does not answer, neither with its total nor with
    any other column; the total is still the answer to the question without the part."""
    rng = random.Random(f"{layout}{seed}")
    part = rng.choice(sorted(PARTS))
    _, questions, notes = PARTS[part]
    n = rng.randint(2, 30)
    note = rng.choice(notes).format(n=n)
    others = [c for p, spec in PARTS.items() if p != part for c in spec[0]
              if "/" not in c and "of wh" not in c]
    columns = [rng.choice(PLAIN), "Total"] if rng.random() < 0.5 else \
        ["Total", rng.choice(others)]
    cells = {c: numbers(rng) for c in columns}
    where = rng.choice(["caption", "bullet", "both"])
    caption = "Table 1. Identified victims" + (f" ({note})" if where != "bullet" else "")
    bullet = BULLET if where == "caption" else \
        f"the number of identified victims, {note}." if rng.random() < 0.5 else \
        f"the number of identified victims ({note})."
    passage = table(rng, layout, caption, columns, cells, bullet)
    year = rng.choice(YEARS)
    # (A question that names no more than the part and the measure may match no table.)
    extra = ["How many children were among the victims of {y}?"] * (part == "child")
    for wording in [*questions, *extra]:
        asked = wording.format(y=year)
        found, note_, _ = answer(passage, asked)
        assert found is None, (asked, caption, bullet, columns, found.text, note_)
    found, _, _ = answer(passage, f"How many victims were identified in {year}?")
    assert found is not None and found.span == str(cells["Total"][year]), (columns, found)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_part_is_read_from_its_column_or_row_and_not_from_a_narrower_one(
        layout: str, seed: int) -> None:
    """A column (or, years across, a row) that gives the part answers, in every wording;
    a column naming the part with another part not asked ("Children / boys") is a narrower
    figure and gives none; the caption's mention of the part beside it changes nothing."""
    rng = random.Random(f"col{layout}{seed}")
    part = rng.choice(sorted(PARTS))
    names, questions, notes = PARTS[part]
    own = rng.choice(names)
    columns = ["Total", own]
    rng.shuffle(columns)
    cells = {c: numbers(rng) for c in columns}
    note = rng.choice(notes).format(n=rng.randint(2, 30))
    caption = rng.choice(["Table 1. Identified victims", f"Table 1. Identified victims ({note})"])
    passage = table(rng, layout, caption, columns, cells)
    year = rng.choice(YEARS)
    for wording in questions:
        asked = wording.format(y=year)
        found, note_, _ = answer(passage, asked)
        assert found is not None and found.columns == [own], (asked, columns, found, note_)
        assert found.span == str(cells[own][year]), (asked, found.text)
    # Only narrower figures: a part with a sex or a form of exploitation the question lacks.
    if part == "child":
        narrow = rng.choice([["Children / boys", "Children / girls"],
                             ["Child victims of sexual exploitation"]])
    else:
        narrow = [f"{own} (sexual exploitation)" if part != "labour exploitation"
                  else "Women in labour exploitation"]
    columns = ["Total", *narrow]
    cells = {c: numbers(rng) for c in columns}
    passage = table(rng, layout if layout != "years_across" else "tabs",
                    "Table 1. Identified victims", columns, cells)
    asked = rng.choice(questions).format(y=year)
    found, _, _ = answer(passage, asked)
    assert found is None, (asked, columns, found.text)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_table_that_counts_only_the_part_answers_from_its_total(layout: str, seed: int) -> None:
    """A caption or bullet saying the whole table counts the part ("Child victims
    identified", "Reflection periods granted to foreign victims") gives it: its total is the
    part's figure. Naming it beside another of its kind ("Adult and child victims") or in a
    qualifier ("Identified victims, including children") does not."""
    rng = random.Random(f"subject{layout}{seed}")
    year = rng.choice(YEARS)
    columns = ["Total", rng.choice(PLAIN)]
    cells = {c: numbers(rng) for c in columns}
    subject = rng.choice([
        ("Table 1. Child victims identified", "How many child victims were identified in {y}?"),
        ("Table 1. Identified child victims, by sex",
         "How many minors were identified as victims in {y}?"),
        ("Table 1. Reflection periods granted to foreign victims",
         "How many foreign victims were granted a reflection period in {y}?"),
        ("Table 1. Women identified as victims of trafficking",
         "How many women were identified as victims of trafficking in {y}?"),
    ])
    passage = table(rng, layout, subject[0], columns, cells)
    found, note, _ = answer(passage, subject[1].format(y=year))
    assert found is not None and found.span == str(cells["Total"][year]), (subject, found, note)
    mixed = rng.choice(["Table 1. Adult and child victims identified",
                        "Table 1. Identified victims, including children",
                        "Table 1. Identified victims by age (adults and children)",
                        "Table 1. Victims identified among adults and children"])
    passage = table(rng, layout, mixed, columns, cells)
    asked = rng.choice(PARTS["child"][1]).format(y=year)
    found, _, _ = answer(passage, asked)
    assert found is None, (mixed, asked, found.text)


@pytest.mark.parametrize("seed", range(4))
def test_ask_gives_a_part_in_a_caption_from_text_or_not_at_all(tmp_path, seed: int) -> None:
    """In a built index: "including 12 children" in a caption is not answered with the
    table's total."""
    from greta_search.answer import ask
    from greta_search.embed import HashEmbedder
    from greta_search.search import Searcher
    from greta_search.store import IndexStore
    from tests.test_texttables import reply

    rng = random.Random(f"ask{seed}")
    year = rng.choice(YEARS)
    totals = numbers(rng)
    children = rng.randint(2, 30)
    note = rng.choice([f"including {children} children in {year}",
                       f"of whom {children} children in {year}"])
    lines = ["Year\tTotal\tMen\tWomen"] + [f"{y}\t{totals[y]}\t{totals[y] // 3}\t"
                                            f"{totals[y] - totals[y] // 3}" for y in YEARS]
    path = tmp_path / "reply.txt"
    path.write_text(reply(f"Table 1. Identified victims ({note})", lines), encoding="utf-8")
    IndexStore(tmp_path / "index").build([path], HashEmbedder())
    searcher = Searcher(IndexStore(tmp_path / "index"))
    asked = rng.choice(PARTS["child"][1]).format(y=year)
    found = ask(searcher, asked, threshold=0.0)
    assert found.source != "table", (asked, found.answer)
    assert found.span != str(totals[year]), (asked, found.answer)
