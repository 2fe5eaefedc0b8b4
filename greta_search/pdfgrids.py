"""Ruled tables of a PDF (grids of cell borders, as word processors draw them), read by
pdfplumber from the rules and character positions, as table rows for `greta_search.pdf`:
one row per grid row, its cells TAB-separated, a merged cell's text in its first column (so
a two-level header reads like a text reply's).

Inside a cell, wrapped lines are joined with a space; where a line fills the cell to its
right edge, the word may have been broken because it is wider than its column ("perso|ns",
as Word and LibreOffice break it): the break is marked for `greta_search.pdf` to decide
with the document's vocabulary; a line ending in a hyphen
or a dash after a letter or digit ("18-|25", "25–|35") is joined without a space. Text
that a clipping path hides (a repeated header row cut short) is left out. A table that
goes on at the top of the next page continues the same table: its repeated header rows are
dropped, and a row split by the page break is joined to its first part."""

from __future__ import annotations

import io
import itertools
import re
import statistics
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greta_search.pdf import Cell, Line
from greta_search.pdfruns import SPACES_RE, Ink, Run, one_line
from greta_search.pdfwords import BREAK_MARK, HYPHEN_MARK

WORD_GAP_EM = 0.15  # a gap wider than this (em) between two glyphs is a space
FULL_SLACK = 1.5  # a line ending this close (pt) to the room left for the next glyph is full
ALIGN_PT = 3.0  # column borders of a table's two parts on two pages match within this
HYPHEN_END_RE = re.compile(r"\w[-\u2010\u00ad]$")
DASH_END_RE = re.compile(r"\w[–—]$")
SQUEEZE_RE = re.compile(r"\s+")


@dataclass
class Grid:
    """A ruled table of one page: its extent (PDF user space, y upwards) and its rows."""

    x0: float
    y0: float
    x1: float
    y1: float
    rows: list[Line]
    borders: list[float]  # x of its column borders
    head: list[Line] | None = None  # a continued table's first rows (its header)


@dataclass
class TextLine:
    """One line of text inside a cell."""

    text: str
    x0: float
    x1: float
    first: float  # width of its first glyph


def ruled_tables(path: Path, raw: bytes, inks: list[Ink], numbers: list[int]
                 ) -> dict[int, list[Grid]]:
    """The ruled tables of the given pages, read with pdfplumber (grids of at least two rows
    and two columns); pages pdfplumber cannot read keep their text as lines."""
    if not numbers:
        return {}
    import pdfplumber

    grids: dict[int, list[Grid]] = {}
    idents = itertools.count()
    try:
        with pdfplumber.open(io.BytesIO(raw), pages=numbers) as pdf:
            for page in pdf.pages:
                ink = inks[page.page_number - 1]
                if ink.hidden:
                    page = page.filter(lambda obj, ink=ink: obj["object_type"] != "char"
                                       or ink.shows(obj["matrix"][4], obj["matrix"][5]))
                found = [_grid(page, table, next(idents)) for table in page.find_tables()]
                found = [grid for grid in found if grid is not None]
                if found:
                    grids[page.page_number] = found
    except Exception as err:  # pdfminer fails on some damaged files pypdf reads
        warnings.warn(f"{path}: ruled tables not read ({one_line(err)})", stacklevel=2)
        return {}
    return grids


def _grid(page: Any, table: Any, ident: int) -> Grid | None:
    """A pdfplumber table as a Grid of table rows, or None if it is not a grid."""
    if len(table.rows) < 2 or max(len(row.cells) for row in table.rows) < 2:
        return None
    x0, top, x1, bottom = table.bbox
    chars = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
             and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    size = statistics.median(c["size"] for c in chars) if chars else 10.0
    boxes = [box for row in table.rows for box in row.cells if box is not None]
    lines = {box: _cell_lines(box, chars) for box in boxes}
    pads = [lines[box][0].x0 - box[0] for box in boxes if lines[box]]
    pad = max(0.0, min(pads, default=0.0))
    height = float(page.height)
    rows = []
    for row in table.rows:
        parts = [_cell_text(lines[box], box[2] - pad) if box else "" for box in row.cells]
        cells = [Cell(box[0], box[2], text) for box, text in zip(row.cells, parts, strict=True)
                 if box is not None]
        top_y = height - row.bbox[1]
        line = Line(page.page_number, top_y - size, size, cells, 0.25 * size, size, True)
        line.grid, line.tabbed = ident, "\t".join(parts)
        rows.append(line)
    borders = sorted({round(b[0], 1) for b in boxes} | {round(b[2], 1) for b in boxes})
    return Grid(x0, height - bottom, x1, height - top, rows, borders)


def _cell_lines(box: tuple[float, float, float, float], chars: list[dict]) -> list[TextLine]:
    """The lines of text inside a cell, top to bottom."""
    inside = sorted(
        (c for c in chars if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
         and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]),
        key=lambda c: (c["top"], c["x0"]))
    groups: list[list[dict]] = []
    for char in inside:
        if groups and char["top"] - groups[-1][0]["top"] < 0.5 * char["size"]:
            groups[-1].append(char)
        else:
            groups.append([char])
    lines = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        text, last = "", None
        for char in group:
            if last is not None and char["x0"] - last["x1"] > WORD_GAP_EM * char["size"]:
                text += " "
            text += char["text"]
            last = char
        ink = [c for c in group if c["text"].strip()]
        if ink:
            text = SPACES_RE.sub(" ", text).strip()
            lines.append(TextLine(text, ink[0]["x0"], ink[-1]["x1"], ink[0]["x1"] - ink[0]["x0"]))
    return lines


def _cell_text(lines: list[TextLine], right: float) -> str:
    """A cell's lines as one text: a line filled up to the cell's right edge (the next
    line's first glyph would not have fitted: maybe a word broken for want of room in the
    column) ends in BREAK_MARK, a line-end hyphen in HYPHEN_MARK; a line ending in a dash
    after a letter or digit runs on."""
    text = ""
    for index, line in enumerate(lines):
        if index:
            full = lines[index - 1].x1 + line.first > right - FULL_SLACK
            text = _join(text, line.text, BREAK_MARK if full else " ")
        else:
            text = line.text
    return text


def _join(text: str, more: str, space: str = " ") -> str:
    """Two pieces of a cell's text, the first ending a line: after a hyphen joined by
    HYPHEN_MARK, after a dash run on, else by `space`."""
    if not text or not more:
        return text or more
    if HYPHEN_END_RE.search(text):
        return text + HYPHEN_MARK + more
    if DASH_END_RE.search(text):
        return text + more
    return text + space + more


def in_grid(run: Run, grids: list[Grid]) -> bool:
    """Whether a text run lies inside one of the page's ruled tables."""
    return any(g.x0 - 1 <= run.x0 and run.x1 <= g.x1 + 1 and g.y0 <= run.y <= g.y1 for g in grids)


def continue_grids(pages: list[list[Line]], grids: dict[int, list[Grid]]) -> None:
    """Join the two parts of a table broken by a page break: the last grid of a page that no
    text follows and the first grid of the next page that no text precedes, with the same
    column borders. The second part's rows repeating the header are dropped, a first row
    without a label (a row split by the break) is joined to the first part's last row, and
    the rows take the first part's table identity."""
    for number in sorted(grids):
        after = grids.get(number + 1)
        if not after or number >= len(pages):
            continue
        first = min(grids[number], key=lambda g: g.y0)
        second = max(after, key=lambda g: g.y1)
        if not first.rows or not second.rows or len(first.borders) != len(second.borders):
            continue
        if any(abs(a - b) > ALIGN_PT for a, b in zip(first.borders, second.borders, strict=True)):
            continue
        if any(line.y < first.y0 for line in pages[number - 1]):
            continue
        if any(line.y > second.y1 for line in pages[number]):
            continue
        second.head = first.head or list(first.rows)
        _drop_repeated_header(second)
        _join_split_row(first, second)
        for row in second.rows:
            row.grid = second.head[0].grid


def _parts(row: Line) -> list[str]:
    return (row.tabbed or "").split("\t")


def _drop_repeated_header(second: Grid) -> None:
    """Drop the leading rows of a table's continuation that repeat the table's first rows
    (each cell the same text, or the start of it when the repeated row was cut short)."""
    count = 0
    for old, new in zip(second.head or [], second.rows, strict=False):
        a, b = _parts(old), _parts(new)
        squeezed = [(SQUEEZE_RE.sub("", x), SQUEEZE_RE.sub("", y)) for x, y in zip(a, b,
                                                                                   strict=False)]
        if len(a) != len(b) or not any(y for _, y in squeezed):
            break
        if not all(x.startswith(y) for x, y in squeezed):
            break
        count += 1
    del second.rows[:count]


def _join_split_row(first: Grid, second: Grid) -> None:
    """Join the first row of `second` to the last row of `first` when it has no label in
    its first column while that row has one (the row went on across the page break)."""
    if not second.rows:
        return
    last, head = first.rows[-1], second.rows[0]
    a, b = _parts(last), _parts(head)
    if len(a) != len(b) or not a[0].strip() or b[0].strip() or not any(b):
        return
    joined = [_join(x.strip(), y.strip(), BREAK_MARK) for x, y in zip(a, b, strict=True)]
    last.tabbed = "\t".join(joined)
    for cell in last.cells:
        column = next((i for i, c in enumerate(head.cells) if abs(c.x0 - cell.x0) < ALIGN_PT),
                      None)
        if column is not None:
            cell.text = _join(cell.text, head.cells[column].text, BREAK_MARK)
    del second.rows[0]
