"""Statistics tables typed as plain text (`greta_search.texttables`): one generated table
rendered in every layout (TABs, pipes, a "+---+" grid, columns aligned by spaces), with and
without rule lines, inside a reply's answer, must parse to the same cells; the Molvania
reply's seven tables; and prose, indented or numbered lists that must stay text."""

from __future__ import annotations

import itertools
import random
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse
from greta_search.chunk import chunk_document
from greta_search.layout import is_bullet
from greta_search.load import SourceLine
from greta_search.parse import parse_file, parse_lines
from greta_search.table_entries import by_year
from greta_search.tables import StatTable, parse_number, tables_in_passage
from greta_search.texttables import is_aligned_table, is_rule, tabbed

MOLVANIA = Path(__file__).resolve().parent / "data" / "synthetic-mlv-reply.txt"
LAYOUTS = ("tab", "pipe", "bordered", "grid", "aligned-left", "aligned-right")
RULES = ("-----", "=====", "---+---")
CAPTIONS = ("Table {n}. {t}", "Table {n}: {t}", "Table {n} – {t}", "TABLE {n}. {t}",
            "Table {n} - {t}", "Table {n}.")
TITLES = ("Identified victims", "Victims of trafficking by sex", "Persons prosecuted",
          "Residence permits granted to victims")
MEASURES = ("Men", "Women", "Children (under 18)", "Sexual exploitation",
            "Labour exploitation", "Persons prosecuted", "Permits granted")


@dataclass
class Spec:
    """A table to render: its caption, column names, one row of numbers per year."""

    number: int
    caption: str
    measures: list[str]
    years: list[int]
    values: list[list[int | float]]  # per year, per measure
    percent: list[bool]  # per measure
    separator: str  # thousands: "," or " " or ""
    across: bool  # years across the top
    total: bool
    corner: str = "Indicator"  # the header of the first column when the years are across

    def text(self, value: int | float, percent: bool) -> str:
        if percent:
            return f"{value:.1f}%"
        return f"{value:,}".replace(",", self.separator)

    def grid(self) -> list[list[str]]:
        """Header and rows as cell texts, in the orientation asked."""
        names = self.measures + ["Total"] * self.total
        rows = []
        for year, values in zip(self.years, self.values, strict=True):
            cells = [self.text(v, p) for v, p in zip(values, self.percent, strict=True)]
            if self.total:
                cells.append(self.text(sum(v for v, p in zip(values, self.percent,
                                                              strict=True) if not p), False))
            rows.append([str(year), *cells])
        if not self.across:
            return [["Year", *names], *rows]
        return [[self.corner, *map(str, self.years)],
                *[[name, *(row[i + 1] for row in rows)] for i, name in enumerate(names)]]


def make_spec(rng: random.Random) -> Spec:
    measures = rng.sample(MEASURES, rng.randint(1, 4))
    percent = [rng.random() < 0.25 for _ in measures]
    total = rng.random() < 0.5 and not all(percent)
    start = rng.randint(2015, 2021)
    years = list(range(start, start + rng.randint(2, 6)))
    big = rng.random() < 0.5
    values = [[round(rng.uniform(0, 99), 1) if p else rng.randint(0, 25_000 if big else 90)
               for p in percent] for _ in years]
    number = rng.randint(1, 30)
    caption = rng.choice(CAPTIONS).format(n=number, t=rng.choice(TITLES))
    return Spec(number, caption, measures, years, values, percent,
                rng.choice([",", " ", ""]), rng.random() < 0.4, total,
                rng.choice(["Indicator", "", "Form of exploitation"]))


def render(grid: list[list[str]], layout: str, rule: str | None) -> list[str]:
    """The grid's lines in a layout; `rule` draws a rule line under the header."""
    widths = [max(len(row[i]) for row in grid) for i in range(len(grid[0]))]
    if layout == "tab":
        lines = ["\t".join(row) for row in grid]
        return lines[:1] + (["-" * 30] if rule else []) + lines[1:]
    if layout.startswith("aligned"):
        right = layout.endswith("right")
        lines = ["   ".join(cell.ljust(w) if i == 0 or not right else cell.rjust(w)
                            for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
                 for row in grid]
        line = "=" if rule == "=====" else "-"
        return lines[:1] + ([line * len(lines[0])] if rule else []) + lines[1:]
    border = layout in ("bordered", "grid")
    body = ["|".join(f" {cell.ljust(w)} " for cell, w in zip(row, widths, strict=True))
            for row in grid]
    lines = [f"|{line}|" if border else line.strip() for line in body]
    dashes = ["-" * (w + 2) for w in widths]
    if layout == "grid":
        plus = "+" + "+".join(dashes) + "+"
        return [plus, lines[0], plus, *lines[1:], plus]
    if not rule:
        return lines
    under = {"-----": "-" * len(lines[0]), "=====": "=" * len(lines[0]),
             "---+---": "|" + "|".join(dashes) + "|" if border else "+".join(dashes)}[rule]
    return lines[:1] + [under] + lines[1:]


def reply(caption: str, table: list[str], gap: bool = True) -> str:
    """A small reply with the table in the answer to item (a) of its last question; `gap`:
    a blank line between the caption and the table."""
    return "\n".join([
        "Reply of Testland to the questionnaire", "GRETA(2026)50_TST_rep", "",
        "Question 1", "", "What measures have been taken?", "",
        "Measures were taken in 2024.  A plan followed in 2025.", "",
        "Question 2", "", "Can you provide the following statistics?", "",
        "a) The number of identified victims of trafficking.", "",
        "The figures are provided below.", "", caption, *[""] * gap, *table, "",
        "These figures are final.", "",
        "b) The number of prosecutions.", "", "There were 4 prosecutions.", ""])


def parse_reply(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return chunk_document(parse_lines([SourceLine(line) for line in text.splitlines()],
                                          "testland.txt"))


def cells(table: StatTable) -> dict[tuple[int, str], int | float | None]:
    """Every cell of a table read with a row per year, by (year, column)."""
    table = by_year(table)
    return {(row.year, column): row.cells[column].value
            for row in table.rows for column in table.columns[1:]}


def expected(spec: Spec) -> dict[tuple[int, str], int | float | None]:
    out = {}
    for year, values in zip(spec.years, spec.values, strict=True):
        for name, value in zip(spec.measures, values, strict=True):
            out[(year, name)] = value
        if spec.total:
            out[(year, "Total")] = sum(v for v, p in zip(values, spec.percent, strict=True)
                                       if not p)
    return out


def check_variant(spec: Spec, layout: str, rule: str | None, gap: bool = True) -> list:
    chunks = parse_reply(reply(spec.caption, render(spec.grid(), layout, rule), gap))
    found = [t for c in chunks for t in tables_in_passage(c.text, c.item_text)]
    assert len(found) == 1, (layout, rule)
    table = found[0]
    assert table.number == spec.number
    assert cells(table) == expected(spec), (layout, rule)
    # the table stays in item (a): no rule line opens an item, and (b) follows
    assert [c.item for c in chunks if c.question == 2] == ["a", "a", "a", "b"], (layout, rule)
    return chunks


@pytest.mark.parametrize("seed", range(40))
def test_every_layout_parses_to_the_same_cells(seed: int) -> None:
    rng = random.Random(seed)
    spec = make_spec(rng)
    for layout in LAYOUTS:
        for rule in (None, rng.choice(RULES)):
            check_variant(spec, layout, rule, gap=rng.random() < 0.5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), layout=st.sampled_from(LAYOUTS),
       rule=st.sampled_from((None, *RULES)), gap=st.booleans())
def test_any_generated_table_in_any_layout(seed: int, layout: str, rule: str | None,
                                           gap: bool) -> None:
    check_variant(make_spec(random.Random(seed)), layout, rule, gap)


NOTES = ("Source: Ministry of the Interior.", "* Provisional figures for the last year.",
         "Note: the figures for 2020 include victims identified abroad.")


def noted(spec: Spec, layout: str, rng: random.Random) -> tuple[list[str], str]:
    """The table's lines in `layout` with a note typed right under it (no blank line)."""
    note = rng.choice(NOTES)
    return [*render(spec.grid(), layout, rng.choice((None, *RULES))), note], note


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_note_under_a_table_is_no_row(seed: int, layout: str) -> None:
    """A source or a note typed on the line under a table's last row ends the table: the
    table keeps its caption and its cells, the note is text of its own."""
    rng = random.Random(seed)
    spec = make_spec(rng)
    lines, note = noted(spec, layout, rng)
    chunks = parse_reply(reply(spec.caption, lines, rng.random() < 0.5))
    found = [t for c in chunks for t in tables_in_passage(c.text, c.item_text)]
    assert len(found) == 1, layout
    assert found[0].number == spec.number
    assert cells(found[0]) == expected(spec), layout
    assert any(c.kind != "table" and note in c.text for c in chunks), layout


@pytest.mark.parametrize("layout", LAYOUTS)
def test_ask_answers_from_a_typed_table(layout: str) -> None:
    spec = Spec(4, "Table 4. Victims identified", ["Men", "Women"], [2022, 2023, 2024],
                [[12, 30], [17, 41], [9, 26]], [False, False], ",", layout == "grid", False)
    chunks = parse_reply(reply(spec.caption, render(spec.grid(), layout, "-----")))
    found, _, _ = table_answer(analyse("How many women were identified as victims in 2023?"),
                               Searcher(chunks), None, {})
    assert found is not None and found.text == "41 (Table 4, 2023, Women)"


class Searcher:
    """What a table lookup needs of a searcher: its passages."""

    def __init__(self, chunks) -> None:
        self.chunks = chunks


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1 234", 1234), ("1\u00a0234", 1234), ("12 345 678", 12345678), ("12%", 12),
     ("15.0%", 15.0), ("n/a", None), ("-", None), ("", None), ("12 34", None)],
)
def test_numbers_typed_in_cells(raw: str, value) -> None:
    assert parse_number(raw) == value


@pytest.mark.parametrize(
    "line", ["-----", "=====", "-----+-----", "+------+------+", "|---|:---:|", "  ----  "])
def test_a_rule_line_is_never_a_bullet(line: str) -> None:
    assert is_rule(line) and not is_bullet(line)


@pytest.mark.parametrize("line", ["- the number of victims", "– 370 persons", "-5 degrees"])
def test_bullets_and_text_are_no_rules(line: str) -> None:
    assert not is_rule(line)


NOT_TABLES = {
    "prose with two spaces": [
        "The law was adopted in 2019.  It entered into force in 2020.",
        "The Ministry drafted it.  Parliament passed it in 12 days.",
        "It applies to 45 bodies.  Of these, 12 are ministries.",
    ],
    "indented list": [
        "   the Ministry of Justice;",
        "   the Ministry of Labour;",
        "   the General Police Directorate.",
    ],
    "numbered list with aligned numbers": [
        " 1.  Ministry of Justice",
        " 2.  Ministry of Labour",
        " 9.  State Labour Inspectorate",
        "10.  National Statistics Office",
    ],
    "label and text": [
        "Phone:    +373 22 123 456",
        "Address:  12 Main Street",
    ],
}


@pytest.mark.parametrize("name", sorted(NOT_TABLES))
def test_text_that_is_no_table(name: str) -> None:
    lines = NOT_TABLES[name]
    assert not is_aligned_table(lines)
    assert tabbed(lines) == lines
    chunks = parse_reply(reply("The following applies:", lines))
    assert not any(c.kind == "table" for c in chunks)
    assert not [t for c in chunks for t in tables_in_passage(c.text, c.item_text)]


# --- the Molvania reply: seven tables in pipes, aligned spaces and a grid ----------------------


@pytest.fixture(scope="module")
def molvania() -> dict[int, StatTable]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        chunks = chunk_document(parse_file(MOLVANIA))
    return {t.number: t for c in chunks for t in tables_in_passage(c.text, c.item_text)}


def test_molvania_seven_tables_with_their_shapes(molvania: dict[int, StatTable]) -> None:
    shapes = {number: (len(t.rows), len(t.columns)) for number, t in molvania.items()}
    assert shapes == {1: (6, 8), 2: (7, 3), 3: (7, 5), 4: (7, 4), 5: (5, 7), 6: (5, 8),
                      7: (5, 6)}


def test_molvania_cells_are_those_of_the_text(molvania: dict[int, StatTable]) -> None:
    text = MOLVANIA.read_text(encoding="utf-8")
    assert "Forced criminality     |    0 |    1 |    2 |    3 |    4 |    6 |    4" in text
    assert molvania[1].cell("Forced criminality", "2024").value == 6  # years across the top
    assert "2022       20        31" in text
    assert molvania[2].cell(2022, "Women").value == 31  # men and women, no total
    assert molvania[3].cell(2023, "Share of foreign nationals").text == "36.2%"
    assert molvania[3].cell(2023, "Share of foreign nationals").value == 36.2
    assert molvania[5].cell(2024, "Amount awarded (MVF)").value == 3_185_000
    assert molvania[6].cell("Persons prosecuted", "2021").value == 19  # the grid
    assert molvania[7].cell(2025, "Fines imposed (MVF)").value == 38_115_000
    assert "+---" not in " ".join(c for t in molvania.values() for c in t.columns)


def test_aligned_columns_keep_an_empty_cell_in_its_column() -> None:
    lines = ["Year    Men   Women   Total",
             "2019     12       -      12",
             "2020             5        5",
             "2021      3     n/a       3"]
    assert tabbed(lines)[2] == "2020\t\t5\t5"
    table = tables_in_passage("\n".join(["Table 2 – Victims", *lines]))[0]
    assert table.cell(2020, "Men").text == "" and table.cell(2020, "Women").value == 5
    assert table.cell(2019, "Women").value is None and table.cell(2021, "Women").text == "n/a"


def test_aligned_header_wrapped_onto_a_second_line() -> None:
    lines = ["Year    Victims       Victims of",
             "        identified    labour exploitation",
             "2019    12            4",
             "2020    15            7"]
    assert is_aligned_table(lines)
    table = tables_in_passage("\n".join(["TABLE 5. Victims", "", *lines]))[0]
    assert table.columns == ["Year", "Victims identified", "Victims of labour exploitation"]
    assert table.cell(2020, "Victims of labour exploitation").value == 7
    wrapped_once = [lines[0], "                      exploitation", *lines[2:]]
    assert is_aligned_table(wrapped_once)
    table = tables_in_passage("\n".join(["Table 5: Victims", *wrapped_once]))[0]
    assert table.columns == ["Year", "Victims", "Victims of exploitation"]
    assert not is_aligned_table(["Figures:", *lines[2:]])  # a line of text is no header


@pytest.mark.parametrize("rule", ["-----", "=====", "-----+-----", "__________"])
def test_a_rule_between_paragraphs_is_dropped(rule: str) -> None:
    chunks = parse_reply(reply("The figures follow:", [rule, "", "There were 3 in 2024."]))
    texts = [c.text for c in chunks if c.question == 2]
    assert not any(rule in text for text in texts)
    assert any("There were 3 in 2024." in text for text in texts)
    assert [c.item for c in chunks if c.question == 2][-1] == "b"


@pytest.mark.parametrize(
    ("line", "table"),
    [("2022 | 14 | 9", True), ("| 2022 | 14 |", True), ("+----+----+", True),
     ("-----+-----", True), ("Year\tMen", True), ("-----", False), ("A plain sentence.", False)])
def test_table_lines(line: str, table: bool) -> None:
    from greta_search.layout import is_table_line

    assert is_table_line(line) is table


@pytest.mark.parametrize("length", [10, 40, 80])
@pytest.mark.parametrize("tail", [" total", "| 2021", "x", "  --- a"])
def test_a_long_rule_followed_by_text_is_no_rule(length: int, tail: str) -> None:
    """A run of dashes that goes on with text is no rule (the rule pattern once backtracked
    exponentially on it: a PDF line joining a rule to a row never came back)."""
    for dash in "-=_":
        assert not is_rule(dash * length + tail)
        assert is_rule(dash * length) and is_rule(f"{dash * length}+{dash * 3}|")


GROUPS = ("Victims", "Identified victims", "Of which", "Persons concerned")


def grouped(spec: Spec, layout: str, label: str, span: int, left: bool) -> list[str]:
    """The table (years down) with a group label over its last `span` columns: over their
    names in TAB cells (the label in the first), or typed above them, centred over them or
    from the first (`left`)."""
    grid = spec.grid()
    keep = len(grid[0]) - span
    if layout == "tab":
        top = [*grid[0][:keep], label, *[""] * (span - 1)]
        return ["\t".join(top), "\t".join([""] * keep + grid[0][keep:]),
                *render(grid, layout, None)[1:]]
    lines = render(grid, layout, None)
    widths = [max(len(row[i]) for row in grid) for i in range(len(grid[0]))]
    start = sum(w + 3 for w in widths[:keep])
    end = start + sum(w + 3 for w in widths[keep:]) - 3
    at = start if left else max(start, (start + end - len(label) + 1) // 2)
    return [" " * at + label, *lines]


def group_case(seed: int) -> tuple[Spec, str, int, bool]:
    rng = random.Random(seed)
    spec = make_spec(rng)
    spec.across = False
    if len(spec.measures) + spec.total < 2:
        spec.measures.append(rng.choice([m for m in MEASURES if m not in spec.measures]))
        spec.percent.append(False)
        for values in spec.values:
            values.append(rng.randint(0, 90))
    label = rng.choice(GROUPS)
    span = rng.randint(2, len(spec.measures) + spec.total)
    widths = [max(len(row[i]) for row in spec.grid()) for i in range(len(spec.grid()[0]))]
    # from the first column it spans, a label reads as over them all only if it reaches
    # the last (a shorter one is over the columns it reaches)
    left = rng.random() < 0.5 and len(label) > sum(w + 3 for w in widths[-span:-1])
    return spec, label, span, left


def grouped_expected(spec: Spec, label: str, span: int) -> dict:
    """The cells named under the group label; a "Total" closing the only group is the
    row's total (tables._group_owners)."""
    names = spec.measures + ["Total"] * spec.total
    under = set(names[len(names) - span:]) - {"Total"}
    return {(year, f"{label} / {name}" if name in under else name): value
            for (year, name), value in expected(spec).items()}


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("layout", ["tab", "aligned-left", "aligned-right"])
def test_a_group_label_spans_its_columns(seed: int, layout: str) -> None:
    """A two-level header: a group label over the last columns ("Victims" over "Men" and
    "Women") names each of them ("Victims / Men"), typed centred over them or from the
    first, as with TAB cells; the columns beside it keep their names."""
    spec, label, span, left = group_case(seed)
    chunks = parse_reply(reply(spec.caption, grouped(spec, layout, label, span, left)))
    found = [t for c in chunks for t in tables_in_passage(c.text, c.item_text)]
    assert len(found) == 1, layout
    assert cells(found[0]) == grouped_expected(spec, label, span), layout


# --- two-level headers of every shape --------------------------------------------------------

PARTS_OF = ("Men", "Women", "Boys", "Girls", "Adults", "Nationals", "Foreigners")
WRAPPED = (("Children", "(under 18)"), ("Victims", "of labour exploitation"),
           ("Persons", "under 18"), ("Permits", "(renewed)"))
LONE = ("Prosecutions", "Convictions", "Referrals", "Permits granted")


@dataclass
class Header:
    """A two-level header: each column's cell on the upper and the lower line, the group
    labels' column runs, and the name each column must get."""

    upper: list[str]
    lower: list[str]
    runs: list[tuple[int, int]]  # (first, last) column under a group label
    names: list[str]


def header_case(rng: random.Random) -> Header:
    """A generated two-level header: the key's name on either line ("Year" under an
    indented upper line), then groups ("Victims" over "Men  Women", with or without a
    closing "Total"), names standing alone on the upper line or on the lower one (not
    right after a group: typed there, it would be under it), text wrapped onto the lower
    line ("Children" over "(under 18)") and, last, a total on the upper line."""
    key_low = rng.random() < 0.5
    upper, lower, names = ["" if key_low else "Year"], ["Year" if key_low else ""], ["Year"]
    runs: list[tuple[int, int]] = []
    groups = rng.sample(GROUPS, rng.randint(1, 2))
    lone, wrapped = iter(rng.sample(LONE, 3)), iter(rng.sample(WRAPPED, 2))
    blocks = [*groups, *rng.sample(["lone-up", "lone-down", "wrapped"], rng.randint(0, 2))]
    rng.shuffle(blocks)
    group_totals = [rng.random() < 0.5 for _ in groups]
    for block in blocks:
        after_group = bool(runs) and runs[-1][1] == len(upper) - 1
        if block == "lone-down" and after_group:
            block = "lone-up"
        if block == "lone-up":
            name = next(lone)
            upper.append(name), lower.append(""), names.append(name)
        elif block == "lone-down":
            name = next(lone)
            upper.append(""), lower.append(name), names.append(name)
        elif block == "wrapped":
            top, rest = next(wrapped)
            upper.append(top), lower.append(rest), names.append(f"{top} {rest}")
        else:
            parts = rng.sample(PARTS_OF, rng.randint(2, 3))
            total = group_totals[groups.index(block)]
            first = len(upper)
            for index, part in enumerate([*parts, *["Total"] * total]):
                upper.append(block if index == 0 else "")
                lower.append(part)
                own = part != "Total" or len(groups) > 1  # a single group's total is the row's
                names.append(f"{block} / {part}" if own else part)
            runs.append((first, len(upper) - 1))
    if rng.random() < 0.3 and "Total" not in names:
        upper.append("Total"), lower.append(""), names.append("Total")
    return Header(upper, lower, runs, names)


def header_lines(header: Header, rows: list[list[str]], layout: str) -> list[str] | None:
    """The header and rows typed in `layout`: TAB cells (a group label in its first
    column), or aligned columns (three spaces apart, numbers on the left or the right)
    with each group label centred over the text of its columns. None when a reader could
    take the typing two ways: a label on the upper line centred over another run of
    columns too (`_centred_runs`), reaching over a column not its own, or run together
    with the next label."""
    if layout == "tab":
        return ["\t".join(line) for line in (header.upper, header.lower, *rows)]
    in_run = {c for first, last in header.runs for c in range(first, last + 1)}
    below = [header.lower, *rows]
    widths = [max(len(line[c]) for line in (*below, *([] if c in in_run else [header.upper])))
              for c in range(len(header.upper))]
    right = layout.endswith("right")
    starts = [sum(w + 3 for w in widths[:c]) for c in range(len(widths))]
    extents = [(min(starts[c] + (widths[c] - len(line[c]) if right and c else 0)
                    for line in below if line[c]),
                max(starts[c] + (widths[c] if right and c else len(line[c]))
                    for line in below if line[c])) for c in range(len(widths))]
    labels = []  # (start, end, own run) of each upper cell
    for c, label in enumerate(header.upper):
        run = next((own for own in header.runs if own[0] == c), None)
        if run is not None:  # centred over the text of its columns
            lo, hi = extents[run[0]][0], extents[run[1]][1]
            at = max(0, lo + (hi - lo - len(label)) // 2)
        elif label:
            at, run = starts[c] + (widths[c] - len(label) if right and c else 0), (c, c)
        else:
            continue
        labels.append((at, at + len(label), run))
        others = [e for i, e in enumerate(extents) if not run[0] <= i <= run[1]]
        if any(a < at + len(label) and at < b for a, b in others) or any(
                other != run for other in _centred_runs(at, at + len(label), extents)):
            return None
    spaced = sorted(labels)
    if any(b + 2 > a for (_, b, _), (a, _, _) in itertools.pairwise(spaced)):
        return None  # two labels run together

    def typed(line: list[str]) -> str:
        return "   ".join(cell.rjust(w) if right and c else cell.ljust(w)
                          for c, (cell, w) in enumerate(zip(line, widths, strict=True))).rstrip()

    top = list(typed([cell if c not in in_run else "" for c, cell in enumerate(header.upper)]))
    for a, b, run in labels:
        if run in header.runs:
            top += [" "] * (b - len(top))
            top[a:b] = header.upper[run[0]]
    return ["".join(top).rstrip(), typed(header.lower), *map(typed, rows)]


def _centred_runs(a: int, b: int, extents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs of two columns or more (after the key) that text from `a` to `b` is
    centred over, within a character (as `texttables` reads a typed group label)."""
    return [(first, last) for first in range(1, len(extents))
            for last in range(first + 1, len(extents))
            if extents[first][0] - 1 <= a and b <= extents[last][1] + 1
            and abs(a + b - extents[first][0] - extents[last][1]) <= 2]


def header_table(seed: int, layout: str) -> tuple[Header, list[str], dict]:
    """A generated two-level header over rows of numbers, typed in `layout` (drawn again
    while the typing is one a reader could take two ways), and the cells expected."""
    for draw in range(100):
        rng = random.Random(seed * 100 + draw)
        header = header_case(rng)
        start = rng.randint(2015, 2022)
        rows = [[str(year), *(str(rng.randint(0, 400)) for _ in header.names[1:])]
                for year in range(start, start + rng.randint(2, 4))]
        lines = header_lines(header, rows, layout)
        if lines is not None:
            want = {(int(row[0]), name): int(text) for row in rows
                    for name, text in zip(header.names[1:], row[1:], strict=True)}
            return header, lines, want
    raise AssertionError(f"no readable typing for seed {seed}")


HEADER_LAYOUTS = ("tab", "aligned-left", "aligned-right")


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("layout", HEADER_LAYOUTS)
def test_a_two_level_header_names_each_column(seed: int, layout: str) -> None:
    """A group label names only the columns its merged cell covers: the lower-line names
    after it up to the next label or a column without a name (a single group's closing
    "Total" is the row's); text wrapped onto the lower line joins the text above it; a
    lower line holding the key's name ("Year" under an indented upper line) is header."""
    header, lines, want = header_table(seed, layout)
    text = "\n".join(["Table 3. Victims", "", *lines])
    found = tables_in_passage(text)
    assert len(found) == 1, layout
    assert found[0].columns == header.names, layout
    assert cells(found[0]) == want, layout


@pytest.mark.parametrize(
    ("upper", "lower", "names"),
    [(["Year", "Victims", "", "", ""], ["", "Men", "Women", "", "Other"],
      ["Year", "Victims / Men", "Victims / Women", "Column 4", "Other"]),
     (["Year", "Victims", "", "Total"], ["", "Men", "Women", ""],
      ["Year", "Victims / Men", "Victims / Women", "Total"]),
     (["Year", "Victims", "", ""], ["", "Men", "Women", "Total"],
      ["Year", "Victims / Men", "Victims / Women", "Total"]),
     (["Year", "Victims", "", "Prosecuted", ""], ["", "Men", "Total", "Men", "Total"],
      ["Year", "Victims / Men", "Victims / Total", "Prosecuted / Men", "Prosecuted / Total"]),
     (["", "Children", ""], ["Year", "(under 18)", "Adults"],
      ["Year", "Children (under 18)", "Adults"])])
def test_where_a_group_label_ends(upper: list[str], lower: list[str], names: list[str]) -> None:
    """The rule on fixed shapes (the generator above covers them at random): a label's run
    stops at a column with no name; a single group's closing total is the row's."""
    rows = [["2019", *(str(n) for n in range(1, len(upper)))]]
    header = Header(upper, lower, [], names)
    found = tables_in_passage("\n".join(["Table 2.", *(header_lines(header, rows, "tab") or [])]))
    assert found[0].columns == names
    assert [row.label for row in found[0].rows] == ["2019"]
