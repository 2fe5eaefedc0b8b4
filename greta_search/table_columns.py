"""Which columns of a statistics table answer a question, and what a row of them says.

The column is the one the question names ("female", "forced labour", "submitted"; whole
rather than in part, in the unit asked: `column_score`, `table_scope.in_unit`), else the
table's total, else its only column, else male + female added (the answer says which cells
were added). A column that narrows the thing counted is preferred to the thing alone
("Rejected" beside "Applications" for "how many applications were rejected":
`table_scope.narrower`). A cell holding a breakdown ("12 persons 18-25 46 persons 25-35")
gives the part the question names ("aged 18-25": `segment`).
"""

from __future__ import annotations

import re

from greta_search.answer_types import Question, Weights, asks_duration, terms
from greta_search.measures import measure_terms
from greta_search.numbers import NUMBER, number_value
from greta_search.table_agree import is_money, parts_given, side_match
from greta_search.table_entries import GENERIC_COLUMNS, TableEntry
from greta_search.table_scope import (
    MONEY_ASKED_RE,
    age_bands,
    asks_share,
    counted_head,
    in_unit,
    narrower,
    parts_named,
    unasked_part,
)
from greta_search.tables import Cell, Row, StatTable

COUNT_RE = re.compile(r"\bhow\s+many\b|\bnumber\s+of\b", re.IGNORECASE)
GENDER_RE = re.compile(r"^(?:gender|sex)\s*/\s*", re.IGNORECASE)
# A column of one sex, under a "Gender"/"Sex" heading or alone ("male", "women").
SEX_COLUMN_RE = re.compile(r"^(?:(?:gender|sex)\s*/\s*)?(?:male|female|men|women|boys|girls)$",
                           re.IGNORECASE)
# A part of a breakdown cell: "12 persons 18-25", "89 persons – Azerbaijan", "25–35: 9 persons"
# (an age band's dash: hyphen, en or em dash, as table_scope.AGE_BAND_RE reads them).
PART_RE = re.compile(r"\d[\d,]*\s+persons?\b|\d{1,2}\s*[-–—]\s*\d{1,2}\s*:")
# Where a breakdown cell splits into parts: before a count ("... 12 persons 18-25") unless
# the count follows its band's colon ("25-35: 9 persons"), after a comma before a number, or
# before a band and its colon.
SEGMENT_SPLIT_RE = re.compile(r"(?:,\s*|(?<![:\s])\s+)(?=\d[\d,]*\s+persons?\b)|,\s+(?=\d)"
                              r"|\s+(?=\d{1,2}\s*[-–—]\s*\d{1,2}\s*:)")
PART_COUNT_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s+persons?\b")


def is_sex_column(column: str) -> bool:
    return bool(GENDER_RE.match(column) or SEX_COLUMN_RE.match(column))


def column_choice(entry: TableEntry, question: Question,
                  weights: Weights) -> tuple[list[str], bool] | None:
    """The columns to answer from and whether the question named them: the column of the
    age range asked, else of the nationality asked ("from Vulgaria": "Vulgarian"), else of
    the amount asked ("how much": "Amount awarded (EUR)", in the currency asked), else the
    column the question names best (`column_score`), else the total, the only column or the
    sexes added. A column of a part the question does not name ("Labour exploitation"), or
    of percentages for a count, is not a candidate. None when the question names no column
    and the table has no total (one of its columns would be a guess)."""
    table = entry.table
    data = table.columns[1:]
    asked_ages = age_bands(question.text, question=True)
    for column in data:
        if asked_ages & age_bands(column):
            return [column], True
    # A nationality asked by its country or its people ("from Vulgaria"): the column of it
    # ("Vulgarian"); "Other EU", "Third countries" name no country.
    stems = [p.split(" ", 1)[1] for p in parts_named(question.text, question=True)
             if p.startswith("nationality ")]
    named = [c for c in data if any(stem in c.lower() for stem in stems)]
    if stems and len(named) == 1:
        return named, True
    wanted = set(question.terms) | set(terms(question.text))
    head = counted_head(question.text)
    counted = set(terms(head)) | set(measure_terms(head))
    candidates = in_unit(question.text, table, [c for c in data if not GENERIC_COLUMNS.match(c)
                                                and not unasked_part(c, question.text)],
                         counts=bool(COUNT_RE.search(question.text)), known=entry.currencies)
    money = [c for c in candidates if is_money(entry, c)]
    # The one column that is surely the one: the only count beside amounts for a count
    # asked; the columns that name the side of the measure asked ("outgoing", "final",
    # "persons"; a column of another side is none) and give the parts asked ("Female" for
    # "women", "Forced labour" for "labour exploitation": `table_agree`).
    only: list[str] = []
    if MONEY_ASKED_RE.search(question.text) and money:
        candidates = only = money
    elif COUNT_RE.search(question.text) and money:
        candidates = [c for c in candidates if c not in money] or candidates
        only = candidates if len(candidates) == 1 else []
    candidates = [c for c in candidates if side_match(question.text, c) >= 0]
    giving = parts_given(entry, question.text, candidates)
    sided = [c for c in giving or candidates if side_match(question.text, c) > 0]
    only = sided or giving or [c for c in only if c in candidates]
    candidates = only or candidates
    best, best_score = None, 0.0
    for column in candidates:
        score = column_score(GENDER_RE.sub("", column), wanted, counted, weights)
        if score > best_score:
            best, best_score = column, score
    if best is not None:
        best = narrower(best, candidates, wanted, counted) or best
    if best is None and candidates and (bool(only)
                                        or asks_share(question.text)
                                        or asks_duration(question.text)):
        best = candidates[0]
    if best is None and asked_ages:
        best = next((c for c in data if c.lower().startswith("age")), None)
    if best is not None:
        return [best], True
    if "Total" in data:
        return ["Total"], False
    if len(data) == 1:
        return data, False
    sexes = [c for c in data if is_sex_column(c)]
    if len(sexes) >= 2:
        return sexes, False
    return None


def column_score(label: str, wanted: set[str], counted: set[str], weights: Weights) -> float:
    """How well the question names a column: the share of the column's words (by weight)
    the question holds, times their weight, the thing the question counts weighing twice
    ("inspections" of "how many inspections concerning illegal work"); in the column's own
    words or in the statistics vocabulary ("Criminal cases opened" is also "investigations"),
    the better of the two. A column named only in part ("Workers found working illegally")
    loses to the one named whole ("Inspections")."""
    best = 0.0
    for own in (set(terms(label)), set(measure_terms(label))):
        total = sum(weights.idf(t) for t in own)
        shared = sum(weights.idf(t) for t in own & wanted)
        if total:
            best = max(best, shared / total * (shared + sum(weights.idf(t)
                                                            for t in own & wanted & counted)))
    return best


def segment(text: str, question: Question) -> str | None:
    """The part of a breakdown cell the question names: "12 persons 18-25" of "1 persons –
    child 12 persons 18-25 46 persons 25-35" for "aged 18-25"; None when the cell is not a
    breakdown or the question names none of its parts."""
    parts = [p.strip(" ,;") for p in SEGMENT_SPLIT_RE.split(text) if p.strip(" ,;")]
    if len(parts) < 2 or not all(PART_RE.match(p) for p in parts):
        return None
    ages = age_bands(question.text, question=True)
    wanted = set(question.terms)
    for part in parts:
        if ages and age_bands(part) & ages:
            return part
    for part in parts:
        own = set(terms(re.sub(r"\d", " ", part))) - {"person"}
        if own and own & wanted:
            return part
    return None


def cell_number(text: str) -> str | None:
    """The leading number of a cell's text ("46" of "46 persons", "12 977" of "12 977
    inspections")."""
    match = re.match(rf"\s*({NUMBER})", text)
    return match.group(1) if match else None


def _value(cell: Cell) -> int | float | None:
    """A cell's number, a dash counting as 0."""
    if cell.value is not None:
        return cell.value
    if cell.text.strip() in {"-", "–", "—", "−"}:
        return 0
    value = number_value(number) if (number := cell_number(cell.text)) else None
    return value if isinstance(value, int) else None


def cells_text(row: Row, columns: list[str],
                question: Question) -> tuple[str, str | None, str | None]:
    """The answer from one row: the printed cell (or the part of it the question names, or
    the sum of the gender cells), the single number in it, and the label of its column."""
    cells = [(c, row.cells[c]) for c in columns]
    if len(cells) == 1:
        column, cell = cells[0]
        part = segment(cell.text, question)
        label = GENDER_RE.sub("", column) if not GENERIC_COLUMNS.match(column) \
            or column == "Total" else None
        if part:
            count = PART_COUNT_RE.search(part)  # "25-35: 9 persons": the count, not the band
            return part, count.group(1) if count else cell_number(part), label
        return cell.text, cell_number(cell.text), label
    if all(is_sex_column(c) for c, _ in cells):
        values = [_value(cell) for _, cell in cells]
        added = " + ".join(f"{GENDER_RE.sub('', c)} {cell.text or '–'}" for c, cell in cells)
        if all(v is not None for v in values):
            total = sum(values)  # type: ignore[arg-type]
            return str(total), str(total), added
        return ", ".join(f"{GENDER_RE.sub('', c)} {cell.text or '–'}" for c, cell in cells), \
            None, "Gender"
    return " ".join(cell.text for _, cell in cells if cell.text), None, None


def row_evidence(table: StatTable, row: Row) -> str:
    """A row as printed, each cell with its column: "Table 1, 2025: Total 46 persons;
    Gender / male -; ..."."""
    cells = [f"{c} {row.cells[c].text}" for c in table.columns[1:] if row.cells[c].text]
    name = table.name
    return f"{name}, {row.label}: " + "; ".join(cells)


def filled(cell: Cell) -> bool:
    return bool(cell.text.strip())

