"""Tests for greta_search.tables: the ten statistics tables of the seed reply, TAB-less
variants of them, and hand-made awkward tables."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from greta_search.tables import Cell, StatTable, find_tables, parse_number, parse_table

YEARS = list(range(2019, 2026))


def seed_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def tables(seed_path: Path) -> dict[int, StatTable]:
    return {table.number: table for table in find_tables(seed_lines(seed_path))}


@pytest.fixture(scope="module")
def untabbed(seed_path: Path) -> dict[int, StatTable]:
    """The seed with every run of TABs and spaces collapsed to one space (lost TABs)."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in seed_lines(seed_path)]
    return {table.number: table for table in find_tables(lines)}


def value(table: StatTable, year: int, column: str) -> int | float | None:
    cell = table.cell(year, column)
    assert cell is not None, (table.number, year, column)
    return cell.value


def text(table: StatTable, year: int, column: str) -> str:
    cell = table.cell(year, column)
    assert cell is not None, (table.number, year, column)
    return cell.text


# --- the seed --------------------------------------------------------------------------------


def test_all_ten_tables_found_in_order(seed_path: Path) -> None:
    found = find_tables(seed_lines(seed_path))
    assert [table.number for table in found] == list(range(1, 11))


def test_every_table_has_year_rows_2019_to_2025(tables: dict[int, StatTable]) -> None:
    for table in tables.values():
        assert [row.year for row in table.rows] == YEARS, table.number
        assert [row.label for row in table.rows] == [str(year) for year in YEARS]
        for row in table.rows:
            assert list(row.cells) == table.columns


def test_captions(tables: dict[int, StatTable]) -> None:
    assert tables[1].caption == "Table 1"
    assert tables[2].caption == "Table 2"
    assert tables[8].caption == "Table 8 Victims repatriated from our country"


def test_descriptions_are_the_bullet_above(tables: dict[int, StatTable]) -> None:
    assert tables[1].description.startswith("the number of presumed victims and identified")
    assert tables[2].description.startswith("the number of victims of human trafficking identif")
    assert tables[3].description == (
        "the number of child victims of human trafficking for whom a legal representative "
        "was appointed."
    )
    assert "recovery and reflection period" in tables[4].description
    assert "compensation claims" in tables[5].description
    assert "financial support" in tables[6].description
    assert "free legal assistance" in tables[7].description
    assert "repatriated" in tables[8].description
    assert tables[9].description.startswith("the number of prosecutions")
    assert tables[10].description.startswith("the number of judgments")
    assert all("**" not in table.description for table in tables.values())


def test_column_names(tables: dict[int, StatTable]) -> None:
    assert tables[1].columns == [
        "Years",
        "Total",
        "Gender / male",
        "Gender / female",
        "Age range",
        "Sexual exploitation",
        "Forced labor",
        "Citizenship",
        "Place of exploitation",
    ]
    assert tables[2].columns == [
        "Years",
        "Gender / male",
        "Gender / female",
        "Age range",
        "Sexual exploitation",
        "Forced labor",
        "Citizenship",
    ]
    assert tables[3].columns == ["Years", "Number of children"]
    assert tables[4].columns[-1] == "Citizenship"
    assert tables[5].columns == ["Years", "Submitted", "Received"]
    assert tables[6].columns[2] == (
        "From the Assistance Fund for Victims of Human Trafficking – 50 manats"
    )
    assert tables[7].columns == ["Years", "Value"]
    assert tables[8].columns[-1] == "Country of destination"
    assert tables[9].columns == ["Years", "Human trafficking", "Forced labor"]
    assert tables[10].columns == [
        "Years",
        "Judgment / persons",
        "Form of exploitation",
        "Child victim",
        "Type of sentence",
        "Duration",
        "Citizenship",
        "Age",
        "Gender",
    ]


def test_table1_values(tables: dict[int, StatTable]) -> None:
    t = tables[1]
    assert value(t, 2025, "Total") == 46
    assert text(t, 2025, "Total") == "46 persons"
    assert value(t, 2025, "Gender / female") == 46
    assert text(t, 2025, "Gender / male") == "-"
    assert value(t, 2025, "Gender / male") is None
    assert value(t, 2020, "Total") == 94
    assert value(t, 2020, "male") == 4
    assert value(t, 2023, "Sexual exploitation") == 59
    assert value(t, 2022, "Forced labor") == 2


def test_table1_2019_row_spans_several_lines(tables: dict[int, StatTable]) -> None:
    t = tables[1]
    assert value(t, 2019, "Total") == 91
    assert value(t, 2019, "Gender / female") == 85
    assert text(t, 2019, "Age range") == (
        "1 persons – child 12 persons 18-25 46 persons 25-35 32 persons 35-55"
    )
    assert text(t, 2019, "Citizenship") == (
        "89 persons – Azerbaijan 1 persons – Tajikistan 1 persons – Uzbekistan"
    )
    assert text(t, 2019, "Place of exploitation") == "88 persons – abroad 3 persons – domestic"
    # the 2023 row continues after a blank line (page break)
    assert text(t, 2023, "Age range").endswith("50 persons 25-35 35 persons 35-55")


def test_table2_broken_header_word(tables: dict[int, StatTable]) -> None:
    t = tables[2]
    assert value(t, 2020, "Gender / female") == 77
    assert value(t, 2024, "female") == 51
    assert text(t, 2019, "Citizenship") == "77 persons – Azerbaijan 1 persons – Tajik"


def test_numeric_tables(tables: dict[int, StatTable]) -> None:
    assert [value(tables[3], year, "Number of children") for year in YEARS] == [
        0, 1, 0, 1, 0, 4, 3
    ]  # fmt: skip
    assert value(tables[3], 2024, "Number") == 4
    assert [value(tables[5], year, "Submitted") for year in YEARS] == [1, 0, 2, 0, 2, 2, 8]
    assert [value(tables[5], year, "Received") for year in YEARS] == [0] * 7
    assert [value(tables[7], year, "Value") for year in YEARS] == [
        69, 139, 91, 99, 106, 102, 93
    ]  # fmt: skip


def test_table4_short_rows_keep_citizenship_last(tables: dict[int, StatTable]) -> None:
    t = tables[4]
    assert value(t, 2019, "Gender / female") == 77
    assert value(t, 2019, "Exploitation") == 77
    assert text(t, 2019, "Citizenship") == "77 persons – Azerbaijan"
    assert text(t, 2022, "Citizenship") == "8 persons – Azerbaijan"
    assert text(t, 2025, "Citizenship") == "7 persons – Azerbaijan"
    assert text(t, 2022, "Forced labor") == ""


def test_table6_long_headers_and_units(tables: dict[int, StatTable]) -> None:
    t = tables[6]
    assert value(t, 2019, "In accordance with the relevant decision") == 91
    assert text(t, 2025, "from the assistance fund") == "40 persons"
    assert value(t, 2025, "from the assistance fund") == 40


def test_table8_blank_cells(tables: dict[int, StatTable]) -> None:
    t = tables[8]
    assert text(t, 2019, "Gender / male") == ""
    assert value(t, 2019, "Gender / male") is None
    assert value(t, 2019, "Gender / female") == 2
    assert text(t, 2019, "Country of destination") == "Azerbaijan"
    assert text(t, 2020, "Citizenship") == "Russia - 1 persons"
    row = t.row(2023)
    assert row is not None
    assert all(cell == Cell("", None) for name, cell in row.cells.items() if name != "Years")


def test_table9_text_cells_have_no_value(tables: dict[int, StatTable]) -> None:
    t = tables[9]
    assert text(t, 2019, "Human trafficking") == "23 (85 victim) (23 accused person)"
    assert value(t, 2019, "Human trafficking") is None
    assert text(t, 2025, "Forced labor") == "1 (-)"


def test_table10_row_continues_across_repeated_header(tables: dict[int, StatTable]) -> None:
    t = tables[10]
    assert len(t.rows) == 7
    assert text(t, 2023, "Judgment") == "9 judgments in respect of 10 persons"
    assert text(t, 2023, "Age") == "18–25: 1 person, 25–35: 3 persons, 35–55: 6 persons"
    assert text(t, 2023, "Gender") == "1 male, 9 female"
    assert text(t, 2024, "Judgment / persons") == "9 judgments in respect of 11 persons"
    assert text(t, 2022, "Child victim") == "–"
    assert value(t, 2022, "Child victim") is None
    assert value(t, 2025, "Child victim") == 2


def test_csv_round_trips(tables: dict[int, StatTable]) -> None:
    for table in tables.values():
        parsed = list(csv.reader(io.StringIO(table.to_csv())))
        assert parsed[0] == table.columns
        assert parsed[1:] == [
            [row.cells[column].text for column in table.columns] for row in table.rows
        ]
    first = list(csv.reader(io.StringIO(tables[10].to_csv())))
    assert first[5][1] == "9 judgments in respect of 10 persons"


# --- lookups ---------------------------------------------------------------------------------


def test_cell_lookup_rules(tables: dict[int, StatTable]) -> None:
    t = tables[1]
    assert t.cell(2025, "GENDER/FEMALE") == t.cell(2025, "Gender / female")
    assert t.cell(2025, "citizen") is not None
    assert t.cell(2018, "Total") is None
    assert t.cell(2025, "no such column") is None
    assert t.cell("2025", "Total") == t.cell(2025, "Total")
    with pytest.raises(ValueError, match="ambiguous"):
        t.cell(2025, "Gender")
    assert tables[4].column("Gender") == "Gender"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("46", 46),
        ("0", 0),
        ("46 persons", 46),
        ("21,897", 21897),
        ("2.5", 2.5),
        ("12.5%", 12.5),
        ("-", None),
        ("–", None),
        ("", None),
        ("1 persons – child", None),
        ("15 Azerbaijan", None),
        ("1,5", 1.5),  # a decimal comma (greta_search.numbers), never 15
        ("1,50,000", None),
    ],
)
def test_parse_number(raw: str, expected: int | float | None) -> None:
    assert parse_number(raw) == expected
    assert type(parse_number(raw)) is type(expected)


# --- TAB-less text ---------------------------------------------------------------------------


def test_untabbed_seed_keeps_years_and_text(
    tables: dict[int, StatTable], untabbed: dict[int, StatTable]
) -> None:
    assert sorted(untabbed) == list(range(1, 11))
    for number, table in untabbed.items():
        assert [row.year for row in table.rows] == YEARS, number
    for number in (3, 5, 7):
        assert untabbed[number].columns == tables[number].columns
        assert untabbed[number].to_csv() == tables[number].to_csv()
    t1 = untabbed[1]
    assert text(t1, 2025, t1.columns[1]).startswith("46 persons - 46 4 persons 18-25")
    assert "1 persons – Uzbekistan" in text(t1, 2019, t1.columns[1])
    t10 = untabbed[10]
    assert "of 10 persons" in text(t10, 2023, t10.columns[1])
    assert len(t10.rows) == 7


# --- hand-made tables ------------------------------------------------------------------------


def test_nasty_table_without_tabs() -> None:
    lines = [
        "",
        "Years Cases Victims",
        "2019 5 7",
        "",
        "2020 - 8",
        "2021 21,897 3",
        "Total 21,902 18",
        "2022 no data was collected",
        "",
        "- the number of something else.",
        "2023 1 1",
    ]
    t = parse_table("**Table 11.** Nasty", lines, "the measure")
    assert (t.number, t.caption, t.description) == (11, "Table 11 Nasty", "the measure")
    assert t.columns == ["Years", "Cases", "Victims"]
    assert [(row.year, row.label) for row in t.rows] == [
        (2019, "2019"),
        (2020, "2020"),
        (2021, "2021"),
        (None, "Total"),
        (2022, "2022"),
    ]
    assert value(t, 2020, "Cases") is None
    assert value(t, 2021, "cases") == 21897
    assert value(t, "total", "Victims") == 18
    assert text(t, 2022, "Cases") == "no data was collected"


def test_nasty_table_odd_spacing_and_missing_year() -> None:
    lines = [
        "Year   Male   Female",
        " 2019 \t 1 \t\t",
        "\t 3\t4",
        "   5   6",
        "2019–2025  9  10",
        "2020\t\t2\t\t\t",
    ]
    t = parse_table("Table 12", lines)
    assert t.columns == ["Year", "Male", "Female"]
    assert [(row.year, row.label) for row in t.rows] == [
        (2019, "2019"),
        (None, ""),
        (None, ""),
        (None, "2019–2025"),
        (2020, "2020"),
    ]
    assert [row.cells["Male"].value for row in t.rows] == [1, 3, 5, 9, None]
    assert value(t, 2019, "Female") is None
    assert value(t, 2020, "Female") == 2


def test_header_levels_continuations_and_repeats() -> None:
    lines = [
        "Years\tVictims\t\tNotes",
        "\tmale\tfemal e\t",
        "2019\t1\t2\tfirst part",
        "\t\t\tsecond part",
        "Years\tVictims\t\tNotes",
        "\tmale\tfemal e\t",
        "2020 7 persons\t3\t4\t",
        "12 persons\t\t\tmore",
    ]
    t = parse_table("Table 13", lines)
    assert t.columns == ["Years", "Total", "Victims / male", "Victims / female", "Notes"]
    assert [row.year for row in t.rows] == [2019, 2020]
    assert text(t, 2019, "Notes") == "first part second part"
    assert text(t, 2019, "Total") == ""
    assert text(t, 2020, "Total") == "7 persons 12 persons"
    assert text(t, 2020, "Notes") == "more"


def test_wrapped_header_text_is_joined() -> None:
    t = parse_table("Table 14", ["Years\tAllowance\tFund", "\tin manats\t", "2019\t5\t6"])
    assert t.columns == ["Years", "Allowance in manats", "Fund"]
    assert value(t, 2019, "allowance") == 5


def test_find_tables_skips_prose_captions_and_stops_at_prose() -> None:
    lines = [
        "Table 1 shows the figures below.",
        "",
        "- the number of cases.",
        "Table 2",
        "2019\t3",
        "2020\t4",
        "",
        "These figures are provisional.",
        "2021\t5",
        "Table 3: Cases",
        "2019 2",
        "2020 was a year with fewer cases than 2019.",
    ]
    found = find_tables(lines)
    assert [table.number for table in found] == [2, 3]
    assert found[0].description == "the number of cases."
    assert [row.year for row in found[0].rows] == [2019, 2020]
    assert (found[1].caption, found[1].description) == ("Table 3 Cases", None)
    assert [row.year for row in found[1].rows] == [2019]


def test_parse_table_rejects_a_non_caption() -> None:
    with pytest.raises(ValueError, match="not a table caption"):
        parse_table("Figure 1", ["2019\t1"])
