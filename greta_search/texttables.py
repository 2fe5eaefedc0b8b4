"""Statistics tables typed as plain text: the line shapes, and their cells as TAB rows.

Replies type tables in several layouts besides TAB-separated cells: with pipes between the
cells (`2022 | 14 | 9`, optionally `| 2022 | 14 |` with borders), as a grid (`+----+----+`
border lines and `|` cells), or as columns aligned with spaces (two or more between
cells). Rule lines (`-----+-----`, `|---|---|`, `-----`, `=====`) may underline the
header or frame the table; they carry no cell and are dropped. `tabbed` turns the lines
of one table, in any of these layouts, into TAB-separated rows, which `tables` parses;
`is_rule`, `is_pipe_row` and `is_aligned_table` tell `layout` and `parse` which lines
are such a table's.

A block is read as an aligned table only when its lines all split into two or more cells
on runs of two or more spaces (an indented header line continuing the header's text may
hold one) and at least two of them hold only numbers after their first cell (a year or a
label), at most three lines (the header) above those: prose with two spaces between
sentences, an indented list or a numbered list does not.
"""

from __future__ import annotations

import re

# runs of three dashes or more between separators; written without nested repeats, which
# backtrack exponentially on a long run of dashes followed by text
RULE_RE = re.compile(r"^\s*[|+:]?[-=_─━═]{3,}(?:[\s|+:]+[-=_─━═]{3,})*[\s|+:]*$")
GAP_RE = re.compile(r" {2,}")
CELL_RE = re.compile(r"\S+(?: \S+)*")
# A cell an aligned data row may hold after its label: a number ("1,234", "1 234", "12%",
# "15.0%", "46 persons", "1.234" with a dot between thousands), a dash, "n/a" or "n.a.", any
# of them with a footnote's mark ("n.a.*", "163*", "–**").
NUMERIC_CELL_RE = re.compile(
    r"(?:-?(?:\d{1,3}(?:[, .\u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?\s*(?:%|[a-z]+)?"
    r"|[-–—−]|n/?a|N/?A|n\.\s?a\.?|N\.\s?A\.?|\.\.\.?|…)(?:\*{1,3}|\u2020)?")
MAX_HEADER_LINES = 3


def is_rule(line: str) -> bool:
    """A rule or border line of a typed table: `-----`, `=====`, `-----+-----`,
    `+-----+-----+`, `|---|:---:|`."""
    return bool(RULE_RE.match(line))


def pipe_cells(line: str) -> list[str] | None:
    """The cells of a line with pipes between them (`a | b`, `| a | b |`, and `| 2019 |
    2020` with an empty first cell); None for any other line (fewer than two cells, or a
    rule)."""
    text = line.strip()
    if "|" not in text or is_rule(text):
        return None
    if text.endswith("|"):  # a border; "| 2019 | 2020" without one has an empty first cell
        text = text[1:-1] if text.startswith("|") else text[:-1]
    cells = [cell.strip() for cell in text.split("|")]
    if len(cells) < 2 or not any(cells):
        return None
    return cells


def is_pipe_row(line: str) -> bool:
    """A table row with pipes between its cells, or a grid's border line (`+---+---+`,
    `---+---`)."""
    if is_rule(line):
        return "+" in line or "|" in line
    return pipe_cells(line) is not None


def _spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of an aligned line: runs of text without a double space."""
    return [(m.start(), m.end()) for m in CELL_RE.finditer(line.expandtabs())]


def _split(line: str) -> list[str]:
    """An aligned line's cells split at wide gaps (an indented line starts with an empty
    cell), as `tables` splits a line without TABs."""
    lead = [""] if line[:2].isspace() else []
    return lead + GAP_RE.split(line.strip())


def _numeric(cell: str) -> bool:
    return NUMERIC_CELL_RE.fullmatch(cell) is not None


def _is_data(cells: list[str]) -> bool:
    numbers = cells[1:]
    return bool(numbers) and all(map(_numeric, numbers)) and any(
        any(ch.isdigit() for ch in cell) for cell in numbers)


def _is_blank_row(cells: list[str]) -> bool:
    """A row whose cells after its label are all dashes or "n.a.": data below a data row."""
    return len(cells) >= 2 and all(map(_numeric, cells[1:]))


def is_aligned_table(lines: list[str]) -> bool:
    """Whether `lines` (one block, no caption) are a table with columns aligned by spaces
    (see the module docstring)."""
    rows = [line.rstrip() for line in lines if line.strip() and not is_rule(line)]
    if len(rows) < 2 or any("\t" in row or "|" in row for row in rows):
        return False
    cells = [GAP_RE.split(row.strip()) for row in rows]
    data = [_is_data(line) for line in cells]
    first = data.index(True) if True in data else len(data)
    data = [found or i > first and _is_blank_row(line)
            for i, (found, line) in enumerate(zip(data, cells, strict=True))]
    if first > MAX_HEADER_LINES or not all(data[first:]) or len(data) - first < 2:
        return False
    # every line has two cells or more, but a header's wrapped text or a group label over
    # some of its columns may stand alone, indented
    return all(len(line) >= 2 or i < first and row[:2].isspace()
               for i, (line, row) in enumerate(zip(cells, rows, strict=True)))


def aligned_rows(lines: list[str]) -> int:
    """How many of `lines` (one block), from the first, are a table with columns aligned by
    spaces (`is_aligned_table`): its header and the run of data lines under it, with any
    rule among or under them; 0 if they are none. A note under the table is no row."""
    end, data = 0, False
    for i, line in enumerate(lines):
        if line.strip() and not is_rule(line):
            cells = GAP_RE.split(line.strip())
            if _is_data(cells):
                data = True
            elif data and not _is_blank_row(cells):
                break
        end = i + 1
    return end if is_aligned_table(lines[:end]) else 0


def _aligned_cells(rows: list[str]) -> list[list[str]]:
    """Cells of aligned lines, by the columns their data lines occupy: a cell belongs to the
    column its text overlaps most, so an empty cell stays empty; a cell of a header line
    above another over two columns or more, or centred over them (widened by the header's
    lines below it; none a column another cell of its line stands over alone), is a group
    label, put in the first (a merged cell's place, as `tables` reads a two-level header);
    the names beside the groups go up to its line."""
    spans = [_spans(row) for row in rows]
    texts = [row.expandtabs() for row in rows]
    data = [i for i, row in enumerate(spans)
            if _is_data([texts[i][a:b] for a, b in row])]
    columns: list[list[int]] = []
    for a, b in sorted(span for i in data for span in spans[i]):
        if columns and a <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], b)
        else:
            columns.append([a, b])
    widest = max(len(spans[i]) for i in data)
    if len(columns) < widest:  # the data lines do not line up: their own cells
        return [[texts[i][a:b] for a, b in row] for i, row in enumerate(spans)]
    out: list[list[str]] = []
    groups: dict[int, set[int]] = {}  # header line: the columns under its group labels
    for i in reversed(range(len(spans))):  # the header's lower lines widen the columns first
        above = i + 1 < len(spans) and i + 1 not in data and i not in data  # a header line
        cells = [""] * len(columns)
        over = [[c for c, (lo, hi) in enumerate(columns) if min(b, hi) > max(a, lo)]
                for a, b in spans[i]]
        for k, (a, b) in enumerate(spans[i]):
            overlap = [min(b, hi) - max(a, lo) for lo, hi in columns]
            best = max(range(len(columns)), key=lambda c: (overlap[c], -abs(columns[c][0] - a)))
            spanned = [c for c in range(len(columns)) if overlap[c] > 0]
            # the columns the line's other cells are over alone are no part of a group here
            taken = {cs[0] for j, cs in enumerate(over) if j != k and len(cs) == 1}
            centred = _centred_over(a, b, columns, taken) if above else []
            if set(spanned) <= set(centred):  # centred over more than it overlaps
                spanned = centred
            if above and len(spanned) > 1:  # a group label: in its first column
                best = spanned[0]
                groups.setdefault(i, set()).update(range(spanned[0], spanned[-1] + 1))
            else:
                columns[best] = [min(columns[best][0], a), max(columns[best][1], b)]
            cells[best] = f"{cells[best]} {texts[i][a:b]}".strip()
        out.append(cells)
    out.reverse()
    for i, under in groups.items():
        for c in set(range(len(columns))) - under:
            if not out[i][c]:
                out[i][c], out[i + 1][c] = out[i + 1][c], ""
    return out


def _centred_over(a: int, b: int, columns: list[list[int]], taken: set[int]) -> list[int]:
    """The columns (two or more, side by side, after the key column, none of them `taken`
    by another cell of the line) a header cell from `a` to `b` is centred over, within a
    character; [] if none."""
    for first in range(1, len(columns)):
        for last in range(first + 1, len(columns)):
            lo, hi = columns[first][0], columns[last][1]
            if taken.intersection(range(first, last + 1)):
                continue
            if lo - 1 <= a and b <= hi + 1 and abs(a + b - lo - hi) <= 2:
                return list(range(first, last + 1))
    return []


def is_typed_row(line: str) -> bool:
    """Whether a line may be a row of a typed table: pipes between cells, a rule, or a
    wide gap (two spaces or more) between words."""
    text = line.strip()
    return bool(text) and (is_pipe_row(text) or is_rule(text) or bool(GAP_RE.search(text)))


def cell_count(line: str) -> int:
    """How many cells a typed line has: between its pipes, between the `+` or `|` of a
    grid's rule (0 for a plain rule), else between its wide gaps."""
    text = line.strip()
    if is_rule(text):
        return sum(bool(part.strip()) for part in re.split(r"[+|]", text)) if (
            "+" in text or "|" in text) else 0
    cells = pipe_cells(text)
    return len(cells) if cells is not None else len(GAP_RE.split(text))


def is_data_row(line: str) -> bool:
    """Whether a typed line holds only numbers after its first cell."""
    cells = pipe_cells(line)
    return _is_data(cells if cells is not None else GAP_RE.split(line.strip()))


def typed_rows(lines: list[str]) -> int:
    """How many of `lines` (consecutive lines that may be rows, `is_typed_row`), from the
    first, are one typed table: all of them if two or more are pipe or grid rows (or
    rules) and one has cells between pipes, else the most that read as columns aligned
    by spaces (`is_aligned_table`); 0 if they are no table. Used where a reply's lines
    come from a PDF or a Word file, whose paragraphs must not swallow a table's rows."""
    piped = sum(is_pipe_row(line) or is_rule(line) for line in lines)
    if piped >= 2 and any(pipe_cells(line) is not None for line in lines):
        return len(lines)
    return aligned_rows(lines)


def tabbed(lines: list[str]) -> list[str]:
    """The lines of one table as TAB-separated rows: pipe and grid rows split at their
    pipes, an aligned table split by its columns, rule lines dropped; blank lines and
    lines of other shapes are kept as they are."""
    kept = [line for line in lines if not is_rule(line)]
    if any(pipe_cells(line) is not None for line in kept):
        return [("\t".join(cells) if (cells := pipe_cells(line)) is not None else line)
                for line in kept]
    rows = [line for line in kept if line.strip()]
    if "\t" in "".join(rows) or not is_aligned_table(rows):
        return kept
    if len({len(_split(row)) for row in rows}) == 1:
        return kept  # every line splits alike at its wide gaps: `tables` reads them so
    cells = iter(_aligned_cells(rows))
    return [("\t".join(next(cells)) if line.strip() else line) for line in kept]
