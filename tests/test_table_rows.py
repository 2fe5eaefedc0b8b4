"""Rows a question asks for beside a calendar year, on generated tables: a financial year
("FY2021/22", "2021/22", "FY 2021-22", "2021/2022") down the rows or across the top, asked in
the same or another way of writing it (a calendar year gets no answer from such a table);
a table of one year by its caption with a row per region, asked for a region and that year
(another year gets none); a table by unit whose labels add an acronym, a note mark or the
parent body ("NPA – National Trafficking Section (NTS) [4]"), asked for the unit in other
words ("the National Trafficking Section of the NPA")."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse
from tests.test_table_measures import ChunkSearcher, chunk

SEEDS = range(10)
STARTS = [2021, 2022, 2023, 2024]
STYLES = ["FY{a}/{b2}", "{a}/{b2}", "FY {a}-{b2}", "{a}/{b}", "FY{a}/{b}"]
# Measures of a table of financial years: the column (or row) label, and questions ({p}: the
# period as the question writes it).
MEASURES = {
    "Applications": ["How many applications for compensation were received in {p}?",
                     "In {p}, how many applications were received?"],
    "Rejected": ["How many applications were rejected in {p}?",
                 "In {p}, how many applications were rejected?"],
    "Granted": ["How many applications did the board grant in {p}?",
                "How many applications were granted in {p}?"],
}
LAYOUTS = ["rows_tabs", "rows_pipes", "across_tabs", "across_pipes"]


def period(style: str, start: int) -> str:
    end = start + 1
    return style.format(a=start, b=end, b2=f"{end % 100:02d}")


def period_table(rng: random.Random, layout: str, style: str,
                 values: dict[tuple[str, int], int]) -> list[str]:
    caption = "Table 3 – Applications for State compensation by financial year"
    names = list(MEASURES)
    labels = [period(style, s) for s in STARTS]
    if layout.startswith("rows"):
        head = ["Financial year", *names]
        rows = [[label, *(str(values[m, s]) for m in names)]
                for label, s in zip(labels, STARTS, strict=True)]
    else:
        head = ["", *labels]
        rows = [[m, *(str(values[m, s]) for s in STARTS)] for m in names]
    if layout.endswith("pipes"):
        return [caption, *(f"| {' | '.join(r)} |" for r in [head, *rows])]
    return [caption, *("\t".join(r) for r in [head, *rows])]


def answer(chunks, question: str):
    return table_answer(analyse(question), ChunkSearcher(chunks), None,
                        {c.position: i for i, c in enumerate(chunks)})


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_financial_year_asked_gives_its_row(layout: str, seed: int) -> None:
    rng = random.Random(f"fy{layout}{seed}")
    style, asked_style = rng.choice(STYLES), rng.choice(STYLES)
    values = {(m, s): rng.randint(1, 400) for m in MEASURES for s in STARTS}
    passage = chunk(1, period_table(rng, layout, style, values),
                    "the number of applications for State compensation")
    start = rng.choice(STARTS)
    measure = rng.choice(list(MEASURES))
    question = rng.choice(MEASURES[measure]).format(p=period(asked_style, start))
    found, note, _ = answer([passage], question)
    assert found is not None, (question, note)
    assert found.span == str(values[measure, start]), (question, found.text)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", SEEDS[:4])
def test_a_calendar_year_is_no_financial_year(layout: str, seed: int) -> None:
    rng = random.Random(f"cy{layout}{seed}")
    values = {(m, s): rng.randint(1, 400) for m in MEASURES for s in STARTS}
    passage = chunk(1, period_table(rng, layout, rng.choice(STYLES), values),
                    "the number of applications for State compensation")
    measure = rng.choice(list(MEASURES))
    question = rng.choice(MEASURES[measure]).format(p=str(rng.choice(STARTS) + 1))
    found, _, _ = answer([passage], question)
    assert found is None, (question, found.text)


REGIONS = ["Marholm", "Sundby", "Kalvholm", "Nordmark", "Tarzov", "Brelnitsa", "Osterdal"]
BANDS = ["Under 18", "18–24", "25–39", "40 and over"]
REGION_QUESTIONS = ["How many presumed victims from {r} were referred to the NRM in {y}?",
                    "How many presumed victims were referred to the NRM from {r} in {y}?",
                    "In {y}, how many presumed victims in {r} were referred to the NRM?"]


def region_table(rng: random.Random, year: int, regions: list[str],
                 values: dict[tuple[str, str], int], sep: str) -> list[str]:
    caption = rng.choice([f"Table 6 – Presumed victims referred to the NRM by region, {year}",
                          f"Table 6 – Presumed victims referred to the NRM in {year}, by region"])
    head = ["Region", *BANDS, "Total"]
    rows = [[r, *(str(values[r, b]) for b in BANDS), str(sum(values[r, b] for b in BANDS))]
            for r in regions]
    rows.append(["Total", *(str(sum(values[r, b] for r in regions)) for b in BANDS),
                 str(sum(values.values()))])
    if sep == "pipes":
        return [caption, *(f"| {' | '.join(r)} |" for r in [head, *rows])]
    return [caption, *("\t".join(r) for r in [head, *rows])]


@pytest.mark.parametrize("sep", ["tabs", "pipes"])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_table_of_one_year_gives_the_row_named(sep: str, seed: int) -> None:
    rng = random.Random(f"reg{sep}{seed}")
    year = rng.choice([2023, 2024, 2025])
    regions = rng.sample(REGIONS, 4)
    values = {(r, b): rng.randint(0, 60) for r in regions for b in BANDS}
    passage = chunk(1, region_table(rng, year, regions, values, sep),
                    "the number of presumed victims referred to the NRM")
    region = rng.choice(regions)
    found, note, _ = answer([passage],
                            rng.choice(REGION_QUESTIONS).format(r=region, y=year))
    assert found is not None, note
    assert found.span == str(sum(values[region, b] for b in BANDS)), found.text
    other, _, _ = answer([passage], rng.choice(REGION_QUESTIONS).format(r=region, y=year - 1))
    assert other is None, other.text


# Units: (parent acronym, unit name, its acronym); questions ({u}: the unit, {p}: the parent).
UNITS = [("NPA", "National Trafficking Section", "NTS"),
         ("NPA", "Regional Trafficking Teams", "RTT"),
         ("PPS", "National Unit against Organised Crime", "NUOC"),
         ("LIA", "Labour Exploitation Task Force", "LETF"),
         ("MOI", "Border Police Anti-Smuggling Unit", "BPAU"),
         ("SPO", "Department for Serious Crime", "DSC")]
UNIT_QUESTIONS = ["How many staff does the {u} of the {p} have?",
                  "How many staff work in the {u}?",
                  "How many staff does the {p}'s {u} have?",
                  "How many specialised staff does the {u} have?"]
LABEL_FORMS = ["{p} – {u} ({a})", "{p} – {u}", "{u} ({a})", "{u} ({p}) [{n}]", "{p}: {u} [{n}]"]


@pytest.mark.parametrize("sep", ["tabs", "pipes"])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_unit_named_in_other_words_gives_its_row(sep: str, seed: int) -> None:
    rng = random.Random(f"unit{sep}{seed}")
    units = rng.sample(UNITS, 4)
    form = rng.choice(LABEL_FORMS)
    staff = {u[1]: rng.randint(3, 90) for u in units}
    head = ["Body", "Staff"]
    rows = [[form.format(p=p, u=u, a=a, n=rng.randint(1, 12)), str(staff[u])] for p, u, a in units]
    rows.append(["Total", str(sum(staff.values()))])
    lines = ["Table 9 – Specialised staff on trafficking, 31 December 2025",
             *(f"| {' | '.join(r)} |" if sep == "pipes" else "\t".join(r)
               for r in [head, *rows])]
    passage = chunk(1, lines, "the specialised staff working on trafficking")
    parent, unit, _ = rng.choice(units)
    question = rng.choice(UNIT_QUESTIONS).format(u=unit, p=parent)
    found, note, _ = answer([passage], question)
    assert found is not None, (question, note)
    assert found.span == str(staff[unit]), (question, found.text)


YEAR_SPAN = [2019, 2020, 2021, 2022, 2023, 2024, 2025]
COUNTS = {"Persons convicted": ["How many persons were convicted {r}?",
                                "How many persons were found guilty {r}?"],
          "Investigations opened": ["How many investigations were opened {r}?",
                                    "{R}, how many investigations were opened?"]}
RANGE_FORMS = ["in {a}-{b}", "in {a}–{b}", "between {a} and {b}", "from {a} to {b}"]


@pytest.mark.parametrize("sep", ["tabs", "pipes", "across"])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_count_over_a_range_of_years_is_their_sum(sep: str, seed: int) -> None:
    rng = random.Random(f"range{sep}{seed}")
    values = {(m, y): rng.randint(0, 700) for m in COUNTS for y in YEAR_SPAN}
    names = list(COUNTS)
    if sep == "across":
        lines = ["Table 5 – Criminal justice response", "\t".join(["", *map(str, YEAR_SPAN)]),
                 *("\t".join([m, *(str(values[m, y]) for y in YEAR_SPAN)]) for m in names)]
    else:
        rows = [["Year", *names], *([str(y), *(str(values[m, y]) for m in names)]
                                    for y in YEAR_SPAN)]
        lines = ["Table 5 – Criminal justice response",
                 *(f"| {' | '.join(r)} |" if sep == "pipes" else "\t".join(r) for r in rows)]
    passage = chunk(1, lines, "the number of investigations, prosecutions and convictions")
    start = rng.choice(YEAR_SPAN[:-2])
    end = rng.choice([y for y in YEAR_SPAN if y > start])
    measure = rng.choice(names)
    span = rng.choice(RANGE_FORMS).format(a=start, b=end)
    question = rng.choice(COUNTS[measure]).format(r=span, R=span[0].upper() + span[1:])
    found, note, _ = answer([passage], question)
    assert found is not None, (question, note)
    total = sum(values[measure, y] for y in range(start, end + 1))
    assert found.span == f"{total:,}", (question, found.text)
    single, _, _ = answer([passage], rng.choice(COUNTS[measure]).format(r=f"in {end}",
                                                                       R=f"In {end}"))
    assert single is not None and single.span == str(values[measure, end])
