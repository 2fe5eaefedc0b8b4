"""The statistics tables a question can be answered from: each table of the passages in
scope (`greta_search.tables` records, whatever layout they were read from), with the words
that describe it and what it counts.

A table is described by the bullet or bullets above it (a bullet answered by the next
table, such as "the number of investigations ..." above "the number of prosecutions ...",
is read with it), its caption and its column names, in the questionnaire's statistics
vocabulary (`greta_search.measures`) with the acronyms its document defines written out. A
table with its years across the top is read as one row per year (`by_year`), one with
financial years ("FY2021/22") as one row per period. A table typed
without a caption is read too (`greta_search.untitled`): the sentence introducing it
describes it, its question's text adds to its words.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from greta_search.acronyms import expand, passage_acronyms
from greta_search.answer_scope import tables_pass
from greta_search.chunk import Chunk
from greta_search.date_forms import YEAR_RE
from greta_search.layout import YEAR
from greta_search.measures import measure_terms
from greta_search.number_spans import NUMBER_RE
from greta_search.search import Filters, Searcher
from greta_search.table_rows import is_period
from greta_search.tables import Cell, Row, StatTable, tables_in_passage
from greta_search.untitled import is_untitled, untitled_tables

GENERIC_COLUMNS = re.compile(r"^(?:years?|value|column \d+|total)$", re.IGNORECASE)


@dataclass
class TableEntry:
    """A parsed statistics table with the passage it came from and its terms."""

    table: StatTable
    chunk: Chunk
    terms: set[str]
    cores: list[list[str]]  # what the table counts, per bullet describing it
    aligned: bool = True  # whether cells can be trusted to sit under their column names
    # The currencies its document defines ("MVF": "Molvanian florins"), read for an amount asked.
    currencies: dict[str, str] | None = None


_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def core_measure(description: str) -> str:
    """What a table counts, without its qualifiers: "the number of presumed victims and
    identified victims of human trafficking, understood as ..." -> up to the first comma
    or parenthesis."""
    return re.split(r"[,(;]", description, maxsplit=1)[0]


def aligned_layout(table: StatTable) -> bool:
    """Whether a table read without TABs (from a PDF) still has its cells under the right
    columns: no data wider than the header ("Column 8"), and no single column holding a
    whole row of figures."""
    data = table.columns[1:]
    if any(re.fullmatch(r"Column \d+", c) for c in data) and len(data) > 1:
        return False
    crowded = any(len(NUMBER_RE.findall(row.cells[c].text)) >= 3 for row in table.rows
                  for c in data if c != "Total")
    return not (crowded and len([c for c in data if c != "Total"]) == 1)


LABEL_RE = re.compile(r"^\(\w+\)\s*")  # "(12) " before an item listed above
# A year anywhere in a column's part, also glued to other signs ("FY2024", "2019/2020").
YEAR_INSIDE_RE = re.compile(YEAR)
# A column of a year and a part in one name, either way round: "2024 men", "men 2024",
# "2024 – men", "2024/men", "2024 (men)", "2024 / Men" (a group header over its parts).
YEAR_PART_RE = re.compile(rf"^\s*(?:(?P<y1>{YEAR})\b[\s/:–—-]*\(?(?P<p1>[^()]*?)\)?"
                          rf"|(?P<p2>[^()]*?)[\s/:,–—-]*\(?(?P<y2>{YEAR})\)?)\s*$")


def year_part(column: str) -> tuple[str, str] | None:
    """The year and the part of a column naming both ("2024 men" -> ("2024", "men")), or
    None for a column of a year alone or of no year."""
    match = YEAR_PART_RE.match(column)
    if not match:
        return None
    year, part = match["y1"] or match["y2"], (match["p1"] or match["p2"] or "").strip(" /:–—-")
    return (year, part) if part and not YEAR_INSIDE_RE.search(part) else None


TOTAL_RE = re.compile(r"^\s*(?:years?|value|column \d+)\s*$|\btotal\s*$", re.IGNORECASE)
# A part of the measure named just before it: "of which: women", "including children".
OF_WHICH_RE = re.compile(r"^\s*(?:of\s+wh(?:ich|om)|including|incl\.|among\s+(?:them|which|whom)"
                         r"|thereof)\b", re.IGNORECASE)


def with_parents(labels: list[str]) -> list[str]:
    """Labels with the measure an "of which" label is a part of: "Persons convicted (first
    instance)", "of which: women" -> "Persons convicted (first instance) / of which: women".
    A part of a total, and a column under a group header ("Of which / Girls": its group
    names it), are named as they are."""
    found, parent = [], None
    for label in labels:
        if not OF_WHICH_RE.match(label) or " / " in label:
            parent = None if TOTAL_RE.search(label) or " / " in label else label
            found.append(label)
        else:
            found.append(f"{parent} / {label.strip()}" if parent else label)
    return found


def _parented(table: StatTable) -> StatTable:
    """A table with a row per year whose "of which" columns name their measure."""
    key, data = table.columns[0], table.columns[1:]
    names = dict(zip(data, with_parents(data), strict=True))
    if all(k == v for k, v in names.items()):
        return table
    rows = [Row(r.year, r.label, {names.get(c, c): cell for c, cell in r.cells.items()})
            for r in table.rows]
    return StatTable(table.number, table.caption, table.description,
                     [key, *names.values()], rows)


def by_year(table: StatTable) -> StatTable:
    """A table with its years across the top ("\t2019\t2020" over rows "Investigations",
    "Persons prosecuted") turned to have a row per year and a column per measure, as every
    other table has; a year and a part in one header ("2024 men", "2024 / women") gives a
    column per row label and part ("Immediate imprisonment / men"). Any other table as it
    is. An "of which" column or row names the measure before it (`with_parents`)."""
    if any(r.year is not None for r in table.rows) or not table.rows:
        return _parented(table)
    data = table.columns[1:]
    if len(data) >= 2 and all(is_period(c) for c in data):
        return _by_period(table)
    years = [c for c in data if YEAR_RE.fullmatch(c)]
    pairs = {c: year_part(c) for c in data}
    split = [c for c in data if pairs[c]]
    if len(split) >= 2 and len(split) == len(data) and len({pairs[c][0] for c in split}) >= 2:
        return _by_year_and_part(table, pairs)
    if len(years) < 2:
        return table
    key = table.columns[0]
    labels = with_parents([r.label or f"Row {i}" for i, r in enumerate(table.rows, start=1)])
    columns = [key, *dict.fromkeys(labels)]
    rows = [Row(int(year), year, {key: Cell(year)} | {label: row.cells[year] for label, row
                                                     in zip(labels, table.rows, strict=True)})
            for year in years]
    return StatTable(table.number, table.caption, table.description, columns, rows)


def _by_period(table: StatTable) -> StatTable:
    """A table with financial or school years across the top ("FY2021/22", "2022/23"): a row
    per period (labelled with it, of no calendar year), a column per measure."""
    key, data = table.columns[0], table.columns[1:]
    labels = with_parents([r.label or f"Row {i}" for i, r in enumerate(table.rows, start=1)])
    columns = [key, *dict.fromkeys(labels)]
    rows = [Row(None, period, {key: Cell(period)} | {label: row.cells[period] for label, row
                                                    in zip(labels, table.rows, strict=True)})
            for period in data]
    return StatTable(table.number, table.caption, table.description, columns, rows)


def _by_year_and_part(table: StatTable, pairs: dict[str, tuple[str, str]]) -> StatTable:
    """A table whose columns each name a year and a part: a row per year, a column per row
    label and part ("Immediate imprisonment / men")."""
    key = table.columns[0]
    labels = [r.label or f"Row {i}" for i, r in enumerate(table.rows, start=1)]
    years = list(dict.fromkeys(year for year, _ in pairs.values()))
    columns = [key, *dict.fromkeys(f"{label} / {part}" for label in labels
                                   for _, part in pairs.values())]
    rows = []
    for year in years:
        cells = {name: Cell("") for name in columns[1:]} | {key: Cell(year)}
        for label, row in zip(labels, table.rows, strict=True):
            for column, (y, part) in pairs.items():
                if y == year:
                    cells[f"{label} / {part}"] = row.cells[column]
        rows.append(Row(int(year), year, cells))
    return StatTable(table.number, table.caption, table.description, columns, rows)


def tables_of(searcher: Searcher, filters: Filters | None = None) -> list[TableEntry]:
    """The statistics tables of the passages the filters let through, in index order. From
    the lazily-read store only the passages with a caption-like line (see
    `records.has_caption`) or of kind "table" (a table typed without a caption, read with
    the passage before it: `untitled`) are read, each parsed once per searcher; a plain list
    of passages is scanned once."""
    chunks = searcher.chunks
    if not hasattr(chunks, "where"):
        if searcher not in _TABLES:
            _TABLES[searcher] = [
                e for before, chunk in zip([None, *chunks], chunks, strict=False)
                for e in _table_entries(chunk, before, searcher)]
        return [e for e in _TABLES[searcher] if tables_pass(filters, e.chunk)]
    parsed = _TABLES.setdefault(searcher, {})
    found = []
    sql = "caption = 1 OR kind = 'table'"  # a typed table may have no caption (`untitled`)
    scope = (chunks.where(sql, [], filters.accepts, filters.doc_test()) if filters
             else chunks.where(sql))
    for chunk in scope:
        if chunk.position not in parsed:
            before = (chunks.many([chunk.position - 1])[0]
                      if chunk.position and is_untitled(chunk) else None)
            parsed[chunk.position] = _table_entries(chunk, before, searcher)
        if tables_pass(filters, chunk):
            found += parsed[chunk.position]
    return found


def _table_entries(chunk: Chunk, before: Chunk | None, searcher: Searcher) -> list[TableEntry]:
    """The statistics tables of one passage with their terms and measures; a table typed
    without a caption is described by the passage `before` it (`untitled`) and its
    question. The acronyms its document defines (read through `searcher`, only for a
    passage that holds a table) are written out in its words ("the CVCB":
    `greta_search.acronyms`)."""
    tables = untitled_tables(chunk, before) if is_untitled(chunk) else \
        tables_in_passage(chunk.text, chunk.item_text) if "table" in chunk.text.lower() else []
    names = passage_acronyms(searcher, chunk, before) if tables else {}
    found = []
    for table in map(by_year, tables):
        bullets = [b for b in (table.description or "").split("\n") if b.strip()]
        if chunk.item_text and table.description != chunk.item_text:
            bullets.append(chunk.item_text)
        bullets += [LABEL_RE.sub("", b) for b in (chunk.items_before or "").split("\n")
                    if b.strip()]
        # A table without a caption: its question says what it is about (not what it counts).
        about = [chunk.question_text or ""] if not table.number else [table.caption]
        words = expand(" ".join([*bullets, *about, *table.columns]), names)
        cores = [list(measure_terms(expand(core_measure(b), names))) for b in bullets]
        found.append(TableEntry(table, chunk, set(measure_terms(words)), [c for c in cores if c],
                                "\t" in chunk.text or aligned_layout(table)))
    return found


def text_of(entry: TableEntry) -> str:
    """What a table says in words: caption, the bullets above it, column names, row labels."""
    table = entry.table
    parts = [table.caption, table.description or "", entry.chunk.item_text or "",
             entry.chunk.items_before or "", *table.columns, *(r.label or "" for r in table.rows)]
    return "\n".join(parts)


CAPTION_RE = re.compile(r"^Table\s+\w+[.:]?\s*[–—-]?\s*", re.IGNORECASE)


def figure_places(entry: TableEntry) -> tuple[list[str], list[str], list[str]]:
    """Where a table can give a figure for a part of its measure: its column names (with
    their group headers) and the labels of rows that are no year; its cells; and what
    describes the whole table, its caption and the bullets above it."""
    table = entry.table
    labels = [*table.columns[1:], *(r.label for r in table.rows if r.year is None and r.label)]
    cells = [cell.text for row in table.rows for cell in row.cells.values()]
    described = [CAPTION_RE.sub("", table.caption)] if table.number else []
    described += [b for b in (table.description or "").split("\n") if b.strip()]
    if entry.chunk.item_text and entry.chunk.item_text != table.description:
        described.append(entry.chunk.item_text)
    return labels, cells, described
