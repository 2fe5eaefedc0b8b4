"""Parse the statistics tables of a GRETA reply (Part III, question 42) into structured tables.

A table is a caption line ("Table 1.", "Table 8 **Victims repatriated from our country**")
followed by lines of TAB-separated cells. The bullet line above the caption ("- the number
of ... (disaggregated by ...)") describes what the table measures.

Semantics (stdlib only):

* Cells are split on TABs. A line without TABs is split on runs of two or more spaces
  when it has any; otherwise on single spaces only when every value after the year (or
  after a capitalised row label such as "Total") is a number or a dash ("2019 1 0"). Any
  other TAB-less row keeps its year as key and the rest of its text in the first data
  column, so the year and the text are never lost.
* The first column is the key; its header text is kept ("Years"), or "Years" when the
  table has no header row (Table 7). A header-less table with one data column names it
  "Value"; columns without header text are "Column N".
* Header lines are the lines before the first year row: the first one, then lines that
  hold no numbers and start with an empty cell, or (the key's name typed on the lowest
  line, "Year" under an indented "Children") name other columns too right above a data
  line. A group label is a label on a header line with names under it on the next line,
  both under its own cell and under the empty cells after it (its merged cell): "Gender"
  over "male", "female" gives "Gender / male" and "Gender / female". It spans those
  columns only, up to the next label or a column with no name on either line; a lower
  name continuing its label's text ("(under 18)", "of which") makes the label no group.
  A "Total" ("All", "Overall") closing the only group of a line is the row's total, not
  the group's ("Victims" over "Men", "Women", "Total": "Total"); with several groups each
  keeps its own. A lower line under no group label is wrapped text joined to the cells
  above. A word broken by a single letter ("femal e") is joined again. Duplicate names
  get " (2)", " (3)" ...
* A line that repeats a header line (a page break) is skipped.
* A line whose key cell holds a year starts a new row. A line whose key cell is empty or
  a quantity ("91 persons") continues the previous row: cells are joined with a space,
  position by position, unless a position holds a number in both lines (numbers do not
  wrap), in which case the line is a new row with no year. Any other key ("Total",
  "2019-2025") starts a row with year None and that label.
* Text after the year in the key cell that starts with a digit ("2020 94 persons" in
  Table 1) is the year's total: it goes into an extra "Total" column after the key.
* The table is as wide as its widest line (trailing empty cells ignored). A TAB-split
  row with a filled last cell, exactly one cell short where some other data row is full
  width, is taken to have lost a (merged) cell before its last one: its last cell goes
  to the last column (Table 4, where Citizenship is always last). Other short rows are
  padded on the right.
* `Cell.value` is an int (a float with a decimal point) when the text is a plain number,
  optionally with thousands commas and one trailing lower-case unit word or "%": "46",
  "21,897", "46 persons", "700 manats", "12.5%". Anything else ("-", "–", "",
  "1 persons – child", "23 (85 victim)", "15 Azerbaijan") has value None. The text is
  always kept.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from greta_search.numbers import NUMBER, NUMBER_RE, number_value
from greta_search.texttables import tabbed

CAPTION_RE = re.compile(r"^\s*(?:Table|TABLE)\s+(\d{1,3})\b\.?\s*(?:[:–—-]\s*)?(.*?)\s*$")
YEAR_RE = re.compile(r"^\s*((?:19|20)\d{2})(?!\d)(?![-–—/]\d{2}\b)(?!\s*[-–—/]\s*(?:19|20)\d{2}\b)")
VALUE_RE = re.compile(rf"({NUMBER})\s*(?:%|[a-z][^\W\d_]*)?")
DASHES = frozenset({"-", "–", "—", "−"})
BULLET_RE = re.compile(r"^\s*[-–•▪●*]\s+(.*)$")
HEADING_RE = re.compile(r"^(?:\d{1,3}\.\s|[IVXLC]+\.\s|Part\s+(?:\d+|[IVXLC]+)\b|#)")
SENTENCE_END = tuple(".!?;:")
WIDE_GAP_RE = re.compile(r"\S {2,}\S")
BROKEN_WORD_RE = re.compile(r"\b([a-z]{3,}) ([b-hj-z])\b")
KEY_COLUMN = "Years"
# a header cell going on with the text of the cell above it: a bracket, a preposition
CONTINUED_RE = re.compile(r"[(\[]|(?:of|and|or|under|over|aged|by|in|for|with|to|from)\b")
TOTAL_HEADER_RE = re.compile(r"(?:grand\s+)?total\b|all\b|overall\b", re.IGNORECASE)
TOTAL_COLUMN = "Total"


@dataclass
class Cell:
    """One table cell: its text (always kept) and its numeric value, if it is a number."""

    text: str
    value: int | float | None = None

    @classmethod
    def of(cls, text: str) -> Cell:
        """A cell for `text`, with the value `parse_number` gives it."""
        return cls(text, parse_number(text))


@dataclass
class Row:
    """A table row: its year (None for rows such as "Total"), its label (the key cell text,
    "2019") and its cells keyed by column name (every column of the table is present)."""

    year: int | None
    label: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class StatTable:
    """A parsed statistics table (`number` 0: a table typed without a caption)."""

    number: int
    caption: str
    description: str | None
    columns: list[str]
    rows: list[Row]

    @property
    def name(self) -> str:
        """How an answer cites the table: "Table 3", or the caption of a table typed without
        one ("table in Q5 ¶2", see `parse_untitled`)."""
        return " ".join(self.caption.split(" ", 2)[:2]) if self.number else self.caption

    def column(self, name: str) -> str | None:
        """The column `name` refers to, matched case-insensitively: the full name, else the
        last level of a two-level name ("female"), else a prefix ("Age").

        Raise ValueError when several columns match equally well; None when none does.
        """
        want = _norm(name)
        names = [(column, _norm(column)) for column in self.columns]
        tests = (
            lambda n: n == want,
            lambda n: n.rsplit(" / ", 1)[-1] == want,
            lambda n: n.startswith(want),
        )
        for test in tests:
            hits = [column for column, normed in names if test(normed)]
            if len(hits) > 1:
                raise ValueError(f"column {name!r} is ambiguous in Table {self.number}: {hits}")
            if hits:
                return hits[0]
        return None

    def row(self, key: int | str) -> Row | None:
        """The first row for a year (int) or with a label (str, case-insensitive)."""
        for row in self.rows:
            if row.year == key if isinstance(key, int) else _norm(row.label) == _norm(key):
                return row
        return None

    def cell(self, year: int | str, column: str) -> Cell | None:
        """The cell of the row for `year` (or a row label) in `column` (see `column`);
        None when there is no such row or column."""
        row = self.row(year)
        name = self.column(column)
        if row is None or name is None:
            return None
        return row.cells[name]

    def to_dict(self) -> dict:
        """JSON-able: number, caption, description, columns, and one record per row with
        each cell's text and value."""
        return {
            "number": self.number,
            "caption": self.caption,
            "description": self.description,
            "columns": self.columns,
            "rows": [
                {"year": r.year, "label": r.label,
                 "cells": {c: {"text": r.cells[c].text, "value": r.cells[c].value}
                           for c in self.columns}}
                for r in self.rows
            ],
        }

    def to_text(self, width: int = 28) -> str:
        """An aligned plain-text rendering (long cells shortened to `width`)."""
        def cut(text: str) -> str:
            return text if len(text) <= width else text[: width - 1] + "…"

        grid = [self.columns] + [[row.cells[c].text for c in self.columns] for row in self.rows]
        grid = [[cut(cell) for cell in line] for line in grid]
        widths = [max(len(line[i]) for line in grid) for i in range(len(self.columns))]
        return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True))
                         .rstrip() for line in grid)

    def to_csv(self) -> str:
        """The table as CSV text: a header line of column names, then one line per row."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([row.cells[column].text for column in self.columns])
        return out.getvalue()


def parse_number(text: str) -> int | float | None:
    """The numeric value of a cell: "46" -> 46, "21,897" -> 21897, "46 persons" -> 46,
    "2.5" -> 2.5, "12 977" -> 12977, "24.150.000" -> 24150000, "3,5 %" -> 3.5 (any grouping,
    `greta_search.numbers`); None for dashes, blanks and any other text."""
    match = VALUE_RE.fullmatch(text.strip())
    return number_value(match.group(1)) if match else None


def parse_table(caption: str, lines: list[str], description: str | None = None) -> StatTable:
    """Parse one table. `caption` is its caption line ("Table 1."); `lines` are the raw
    lines after it (TAB-separated cells, blank lines allowed); lines after the end of the
    table (a bullet, a heading, a prose sentence, another caption) are ignored.

    Raise ValueError when `caption` is not a table caption.
    """
    match = CAPTION_RE.match(_unbold(caption))
    if match is None:
        raise ValueError(f"not a table caption: {caption!r}")
    number, title = int(match.group(1)), match.group(2)
    return _parse(number, f"Table {number} {title}".rstrip(), lines, description)


def parse_untitled(name: str, lines: list[str], description: str | None = None) -> StatTable:
    """Parse a table typed without a "Table N" caption (number 0): `name` says where it is
    ("table in Q5 ¶2") and becomes its caption; `description` (the sentence introducing
    it) says what it counts. `lines` are the table's own lines."""
    return _parse(0, name, lines, description)


def _parse(number: int, caption: str, lines: list[str], description: str | None) -> StatTable:
    """A table numbered `number` with `caption`, from the lines after its caption."""
    body = tabbed([_unbold(line.rstrip("\r\n")) for line in lines[: _table_end(lines)]])
    header, data = _split_header([line for line in body if line.strip()])
    repeats = {_flat(line) for line in header}
    pieces = [_cells(line) for line in data if _flat(line) not in repeats]
    data_width = max((len(_trim(piece.cells)) for piece in pieces), default=1)
    header_widths = [len(_trim(piece.cells)) for piece in map(_cells, header) if piece.tabbed]
    width = max([data_width, *header_widths])
    names = _column_names(header, width)
    grid = _merge_rows([_fit(piece, width, data_width) for piece in pieces])
    keys = [_split_key(cells[0]) for cells in grid]
    has_total = any(total for _, _, total in keys)
    columns = _dedupe(names[:1] + [TOTAL_COLUMN] * has_total + names[1:])
    rows: list[Row] = []
    for (year, label, total), cells in zip(keys, grid, strict=True):
        texts = [label, *([total] * has_total), *cells[1:]]
        row_cells = {column: Cell.of(text) for column, text in zip(columns, texts, strict=True)}
        rows.append(Row(year=year, label=label, cells=row_cells))
    return StatTable(
        number=number,
        caption=caption,
        description=description,
        columns=columns,
        rows=rows,
    )


def tables_in_passage(text: str, description: str | None = None) -> list[StatTable]:
    """The statistics tables in a passage's text; `description` (the item text of the
    passage) describes a table when no bullet line above it does."""
    lines = text.split("\n")
    if not any(CAPTION_RE.match(line.replace("**", "")) for line in lines):
        return []
    try:
        tables = find_tables(lines)
    except ValueError:
        return []
    for table in tables:
        if table.description is None and description:
            table.description = description
    return tables


def find_tables(lines: list[str]) -> list[StatTable]:
    """Find every "Table N" caption line in a document's lines and parse the table below
    it; the nearest bullet line above the caption (not above the previous table or the
    question heading) becomes its description. Captions without a table are skipped."""
    texts = [line.rstrip("\r\n") for line in lines]
    tables: list[StatTable] = []
    floor = 0
    for index, line in enumerate(texts):
        if index < floor or not CAPTION_RE.match(_unbold(line)):
            continue
        body = texts[index + 1 :]
        end = _table_end(body)
        table = parse_table(line, body[:end], _description(texts, floor, index))
        if table.rows:
            tables.append(table)
            floor = index + 1 + end
    return tables


# --- lines and cells -------------------------------------------------------------------------


@dataclass
class _Piece:
    """The cells of one table line; `tabbed` when their positions are meaningful (cells
    split on TABs or wide gaps rather than guessed from single spaces)."""

    cells: list[str]
    tabbed: bool


def _unbold(text: str) -> str:
    return text.replace("**", "")


def _norm(text: str) -> str:
    return re.sub(r"\s*/\s*", " / ", " ".join(text.split())).casefold()


def _flat(line: str) -> str:
    """A line with cell boundaries and spacing ignored, to spot a repeated header."""
    return " ".join(line.split()).casefold()


def _trim(cells: list[str]) -> list[str]:
    """`cells` without trailing empty cells."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _is_number_token(token: str) -> bool:
    return token in DASHES or NUMBER_RE.fullmatch(token) is not None


def _split_key(text: str) -> tuple[int | None, str, str]:
    """Split a key cell into (year, label, total): "2020 94 persons" -> (2020, "2020",
    "94 persons"); "2019 (provisional)" -> (2019, "2019 (provisional)", ""); "Total" ->
    (None, "Total", ""). A year range ("2019-2025") has no year."""
    match = YEAR_RE.match(text)
    if match is None:
        return None, text, ""
    rest = text[match.end() :].strip()
    if rest[:1].isdigit():
        return int(match.group(1)), match.group(1), rest
    return int(match.group(1)), text, ""


def _cells(line: str) -> _Piece:
    """Split a table line into cells (see the module docstring)."""
    if "\t" in line:
        return _Piece([cell.strip() for cell in line.split("\t")], True)
    text = line.strip()
    if WIDE_GAP_RE.search(text):
        lead = [""] if line[:2].isspace() else []
        return _Piece(lead + re.split(r" {2,}", text), True)
    match = YEAR_RE.match(text)
    if match is not None:
        rest = text[match.end() :].strip()
        tokens = rest.split()
        if all(_is_number_token(token) for token in tokens):
            return _Piece([match.group(1), *tokens], False)
        return _Piece([match.group(1), rest], False)
    tokens = text.split()
    labels = next((i for i, token in enumerate(tokens) if _is_number_token(token)), len(tokens))
    numbers = tokens[labels:]
    labelled = labels and numbers and not tokens[0][:1].islower()
    if labelled and all(_is_number_token(token) for token in numbers):
        return _Piece([" ".join(tokens[:labels]), *numbers], False)
    return _Piece(["", text], False)


def _is_table_line(line: str) -> bool:
    """Whether a non-blank line belongs to the table being read: a TAB-less line must not
    be a caption, a bullet, a heading or a sentence (4+ words, 6+ after a year, ending in
    sentence punctuation)."""
    text = _unbold(line).strip()
    if CAPTION_RE.match(text):
        return False
    if "\t" in line:
        return True
    if BULLET_RE.match(text) or HEADING_RE.match(text):
        return False
    words = 6 if YEAR_RE.match(text) else 4
    return not (text.endswith(SENTENCE_END) and len(text.split()) >= words)


def _table_end(lines: list[str]) -> int:
    """The index just after the last line of the table that `lines` starts with."""
    end = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if not _is_table_line(line):
            break
        end = index + 1
    return end


def _description(texts: list[str], floor: int, caption: int) -> str | None:
    """The bullet text nearest above line `caption`, not looking above `floor`, another
    caption or a heading."""
    for index in range(caption - 1, floor - 1, -1):
        text = _unbold(texts[index]).strip()
        if CAPTION_RE.match(text) or HEADING_RE.match(text):
            return None
        match = BULLET_RE.match(text)
        if match is not None:
            return match.group(1).strip() or None
    return None


# --- header ----------------------------------------------------------------------------------


def _split_header(body: list[str]) -> tuple[list[str], list[str]]:
    """Split the non-blank table lines into header lines and data lines."""
    if not body or _split_key(_cells(body[0]).cells[0])[0] is not None:
        return [], body
    index = 1
    while index < len(body) and _is_subheader(body[index], body[index + 1 : index + 2]):
        index += 1
    return body[:index], body[index:]


def _is_subheader(line: str, after: list[str]) -> bool:
    """Whether `line`, below a header line, is a header line too: it holds no number and
    starts with an empty cell, or (its key's name typed on the lowest header line, "Year"
    under an indented "Children") names other columns too and is right above a data line
    (`after`: the next line, if any)."""
    piece = _cells(line)
    if not piece.tabbed:
        return not any(_is_number_token(token) for token in line.split())
    if any(parse_number(cell) is not None for cell in piece.cells):
        return False
    if not piece.cells[0]:
        return True
    return any(piece.cells[1:]) and bool(after) and _is_data_line(after[0])


def _is_data_line(line: str) -> bool:
    """Whether a table line is data: its key is a year, or it holds a number."""
    cells = _cells(line).cells
    return _split_key(cells[0])[0] is not None or any(
        parse_number(cell) is not None for cell in cells[1:])


def _column_names(header: list[str], width: int) -> list[str]:
    """Flattened column names from the header lines for a table `width` cells wide."""
    if not header:
        tail = ["Value"] if width == 2 else [f"Column {i}" for i in range(2, width + 1)]
        return [KEY_COLUMN, *tail]
    pieces = [_cells(line) for line in header]
    if not pieces[0].tabbed:
        return _words_header(" ".join(header), width)
    levels = [
        _pad(piece.cells if piece.tabbed else ["", *line.split()], width)
        for piece, line in zip(pieces, header, strict=True)
    ]
    names = [_fix_words(cell) for cell in levels[0]]
    above = levels[0]
    for level in levels[1:]:
        level = [_fix_words(cell) for cell in level]
        owner = _group_owners(level, above)
        parents = list(names)
        for index, cell in enumerate(level):
            if not cell:
                continue
            if not owner:  # no group label on the line above: its cells wrap on this one
                names[index] = f"{names[index]} {cell}".strip()
            elif index in owner:
                names[index] = f"{parents[owner[index]]} / {cell}"
            elif above[index] and _continues(cell):
                names[index] = f"{names[index]} {cell}"
            else:  # a name of its own: under a label over it alone, or under none
                names[index] = f"{parents[index]} / {cell}" if above[index] else cell
        above = [cell or top for cell, top in zip(level, above, strict=True)]
    names[0] = names[0] or KEY_COLUMN
    return [name or f"Column {index + 1}" for index, name in enumerate(names)]


def _continues(cell: str) -> bool:
    """Whether a lower header cell goes on with the text above it ("(under 18)", "under
    18", "of labour exploitation") rather than naming a part of it ("Men", "female")."""
    return CONTINUED_RE.match(cell) is not None


def _group_owners(level: list[str], above: list[str]) -> dict[int, int]:
    """The group labels of the header line above `level`: for each column under one, the
    column of its label; {} when the line above holds none.

    A label (not over the key column) is a group label when the columns after it that
    have a name on `level` and none above (the cells its merged cell covers) are one or
    more, and its own cell on `level` names a part ("Men") rather than going on with its
    text ("(under 18)"). The run ends at a column with a label above, or with no name on
    either line. When the line holds a single group, a "Total" ("All", "Overall") closing
    its run is the row's total, not the group's: "Victims" over "Men  Women  Total" gives
    "Victims / Men", "Victims / Women" and "Total". With several groups, each keeps its
    own total ("Victims / Total", "Prosecuted / Total").
    """
    runs: list[list[int]] = []
    for start in range(1, len(level)):
        if not above[start] or not level[start] or _continues(level[start]):
            continue
        run = [start]
        while run[-1] + 1 < len(level) and level[run[-1] + 1] and not above[run[-1] + 1]:
            run.append(run[-1] + 1)
        if len(run) > 1:
            runs.append(run)
    if len(runs) == 1 and TOTAL_HEADER_RE.match(level[runs[0][-1]]):
        runs[0].pop()
    return {column: run[0] for run in runs for column in run}


def _words_header(text: str, width: int) -> list[str]:
    """Column names from a header line without cell boundaries: one word per column when
    the counts agree, else the first word and the rest, else the first word and "Column N"."""
    words = text.split()
    if len(words) == width:
        return words
    if width == 2 and len(words) > 1:
        return [words[0], " ".join(words[1:])]
    return [words[0], *(f"Column {i}" for i in range(2, width + 1))][:width]


def _fix_words(text: str) -> str:
    """Rejoin a word broken before its last letter ("femal e" -> "female")."""
    return BROKEN_WORD_RE.sub(r"\1\2", " ".join(text.split()))


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out: list[str] = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


# --- rows ------------------------------------------------------------------------------------


def _pad(cells: list[str], width: int) -> list[str]:
    return cells[:width] + [""] * (width - len(cells))


def _fit(piece: _Piece, width: int, data_width: int) -> list[str]:
    """A line's cells laid out on the table's columns (see the module docstring)."""
    cells = piece.cells
    if len(cells) > width:
        cells = _trim(cells)
    short = piece.tabbed and data_width == width and 3 <= len(cells) == width - 1
    if short and cells[-1]:
        cells = [*cells[:-1], "", cells[-1]]
    return _pad(cells, width)


def _merge_rows(lines: list[list[str]]) -> list[list[str]]:
    """Group laid-out lines into rows, joining continuation lines to the row above."""
    rows: list[list[str]] = []
    for cells in lines:
        key = cells[0]
        continues = bool(rows) and _split_key(key)[0] is None
        continues = continues and (not key or parse_number(key) is not None)
        if continues and not _collides(rows[-1], cells):
            rows[-1] = [" ".join(filter(None, pair)) for pair in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def _collides(row: list[str], cells: list[str]) -> bool:
    """Whether a data position holds a number both in `row` and in the line `cells`."""
    pairs = zip(row[1:], cells[1:], strict=True)
    return any(parse_number(a) is not None and parse_number(b) is not None for a, b in pairs)
