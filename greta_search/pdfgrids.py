"""Ruled tables of a PDF (grids of cell borders, as Word draws them), read by pdfplumber
from the rules and character positions, as table rows for `greta_search.pdf`: one row per
grid row, its cells TAB-separated, text wrapped inside a cell joined, a merged cell's text
in its first column (so a two-level header reads like a text reply's)."""

from __future__ import annotations

import io
import itertools
import statistics
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greta_search.pdf import SPACES_RE, Cell, Line, Run, one_line


@dataclass
class Grid:
    """A ruled table of one page: its extent (PDF user space, y upwards) and its rows."""

    x0: float
    y0: float
    x1: float
    y1: float
    rows: list[Line]


def ruled_tables(path: Path, raw: bytes, numbers: list[int]) -> dict[int, list[Grid]]:
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
    texts = table.extract()
    if len(texts) < 2 or max(len(row) for row in texts) < 2:
        return None
    height = float(page.height)
    sizes = [char["size"] for char in page.crop(table.bbox).chars]
    size = statistics.median(sizes) if sizes else 10.0
    rows = []
    for row, cells in zip(table.rows, texts, strict=True):
        parts = [SPACES_RE.sub(" ", text or "").strip() for text in cells]
        line_cells = [
            Cell(box[0], box[2], text)
            for box, text in zip(row.cells, parts, strict=True)
            if box is not None
        ]
        top = height - row.bbox[1]
        line = Line(page.page_number, top - size, size, line_cells, 0.25 * size, size, True)
        line.grid, line.tabbed = ident, "\t".join(parts)
        rows.append(line)
    x0, top, x1, bottom = table.bbox
    return Grid(x0, height - bottom, x1, height - top, rows)


def in_grid(run: Run, grids: list[Grid]) -> bool:
    """Whether a text run lies inside one of the page's ruled tables."""
    return any(g.x0 - 1 <= run.x0 and run.x1 <= g.x1 + 1 and g.y0 <= run.y <= g.y1 for g in grids)
