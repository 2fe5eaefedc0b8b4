"""Extract the logical lines of a PDF reply (see `load.SourceLine`).

pypdf reports every text run with its text matrix. Runs become physical lines (baseline,
x extents, cells split at wide horizontal gaps); running headers, footers and page numbers
are dropped; vertical spacing groups lines into blocks; lines join into paragraphs and
bullets, across page breaks too, and words hyphenated at line ends are rejoined with the
help of the document's own vocabulary. Table rows come out as TAB-separated cells aligned to
the table's columns, like the statistics tables of a text reply.

The pages' ink (runs, rules, text hidden by clipping paths) is read in
`greta_search.pdfruns`. Ruled tables (grids of cell borders, as word processors draw them)
are read by pdfplumber in `greta_search.pdfgrids`: one TAB-separated line per grid row, text
wrapped inside a cell joined (words broken in narrow columns rejoined here, with the
document's vocabulary), a merged cell's text in its first column, a table's parts on two
pages joined. Footnotes (`greta_search.pdfnotes`: the lines under a page's footnote
separator, or small lines at the foot of a page starting with a superscript number) come
back as separate paragraphs "[3] text" after the last paragraph that ends on their page;
superscript footnote marks in the text are dropped. Lines in larger or smaller type than
the previous one (a heading) start a block. Tables typed as plain text (pipes, a grid,
columns aligned with spaces) keep their spaces (`greta_search.pdftyped`).
"""

from __future__ import annotations

import math
import re
import statistics
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from greta_search.load import DocumentWarning, InputError, SourceLine
from greta_search.pdfruns import SPACES_RE, Run, read_pages
from greta_search.pdfwords import HYPHEN_MARK, word_resolver

SPACE_EM = 0.15  # a gap wider than this (em) between runs is a word space
CELL_GAP_EM = 1.2  # a gap wider than this (em) separates table cells
SAME_LINE_EM = 0.45  # baselines closer than this (em) are one physical line
BLOCK_GAP = 1.3  # a baseline distance over BLOCK_GAP x normal leading starts a block
NEAR_ROWS = 3.0  # table rows look for aligned neighbours within this many leadings
EDGE_LINES = 3  # lines at the top and bottom of a page checked for headers/footers
REPEAT_SHARE = 0.4  # share of pages a line must repeat on to be a header/footer
MARK_SIZE = 0.8  # a superscript mark is smaller than this share of its line's font size
MARK_RISE = 0.15  # ... and raised above its baseline by more than this (em)

SAME, GAP, PAGE = "same", "gap", "page"  # relation of a physical line to the previous one
JOIN, LINE, BLOCK = "join", "line", "block"  # what a physical line does to the output
SIZE_CHANGE = 1.15  # a line this much larger or smaller than the previous starts a block
WIDE_GAP = 1.5  # a gap of this many space widths or more within a cell is a typed wide gap

GLYPH_BULLETS = "•▪◦●■□➢►\uf0b7\uf0a7\uf076\uf0d8"
BULLET_RE = re.compile(rf"^(?:[{GLYPH_BULLETS}]\s*|[-–—]\s+)")
LABEL_RE = re.compile(rf"[{GLYPH_BULLETS}\-–—]|\(?(?:\d{{1,3}}|[a-zA-Z]|[ivxlc]{{1,5}})[.)]")
SENTENCE_END_RE = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
LINE_END_HYPHEN_RE = re.compile(r"\w[-\u2010\u00ad]$")
PAGE_NUMBER_RE = re.compile(  # "12", "- 12 -", "(12)", "Page 12 of 60"; never "12)", the
    # end of a wrapped "(paragraph 12)"
    r"(?:page|p\.|pag\.|seite|стр\.?)?\s*(?:\(\s*\d{1,4}\s*\)|[-–]?\s*\d{1,4}\s*[-–]?)"
    r"(?:\s*(?:/|of|sur|de|из)\s*\d{1,4})?",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"\d{1,4}(?!\d)")
# a table of contents entry: dot leaders ("....", "…", ". . .") up to a page number
LEADER_RE = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,}\.?|·{4,}|_{4,})\s*\d{1,4}$")
# "b. ", "(iv) ", "f – " start an item
ITEM_LABEL_RE = re.compile(r"\(?(?:[a-z]|[ivx]{1,4})(?:[.)]|\s+[–—-])\s")
MARK_RE = re.compile(r"\d{1,3}|[*†‡]")
DASH_END_RE = re.compile(r"\w[–—]$")  # "2020–" at a line end runs on: "2020–2024"


@dataclass
class Cell:
    """Text of a physical line between wide horizontal gaps."""

    x0: float
    x1: float
    text: str
    typed: str = ""  # the text with its wide gaps kept as runs of spaces (`pdftyped`)
    pad: float = 0.0  # width of the spaces drawn before its text (`Run.pad`)


@dataclass
class Line:
    """A physical line of a page."""

    page: int
    y: float
    size: float
    cells: list[Cell]
    space: float
    lead: float
    table: bool = False
    note: str | None = None  # the superscript mark starting a footnote line
    grid: int | None = None  # the ruled table the row belongs to
    tabbed: str | None = None  # a ruled table row's TAB-separated cells
    typed: str | None = None  # a row of a table typed as plain text, spaces kept
    joiner: str | None = None  # the rest of a wrapped typed row: the spaces before it

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1

    @property
    def text(self) -> str:
        return " ".join(cell.text for cell in self.cells)


@dataclass
class Logical:
    """A logical line being built: a paragraph, a bullet or a table row."""

    page: int
    text: str
    row: Line | None = None
    x0: float = 0.0  # where its first line starts
    typed: bool = False  # a typed table's row: its spaces are kept


def extract_lines(path: Path, raw: bytes) -> list[SourceLine]:
    """Read a PDF into logical lines with 1-based page numbers; raise InputError if unusable."""
    from greta_search.pdfgrids import continue_grids, in_grid, ruled_tables
    from greta_search.pdfnotes import insert_notes, separator, split_notes
    from greta_search.pdftyped import mark_typed

    inks, ruled = read_pages(path, raw)
    grids = ruled_tables(path, raw, inks, ruled)
    pages = [
        _page_lines([run for run in ink.runs if not in_grid(run, grids.get(number, []))], number)
        for number, ink in enumerate(inks, 1)
    ]
    if not any(pages) and not grids:
        raise InputError(
            f"{path}: PDF has no extractable text (no text layer: scanned or image-only "
            "pages?); run OCR on it first (e.g. ocrmypdf) and index the result"
        )
    blank = [number for number, page in enumerate(pages, 1)
             if not page and number not in grids]
    if blank:
        warnings.warn(
            f"{path}: {len(blank)} of {len(pages)} pages have no text layer (pages "
            f"{', '.join(map(str, blank[:10]))}{', ...' if len(blank) > 10 else ''}); "
            "if they are scanned, OCR them to index their text",
            DocumentWarning,
            stacklevel=2,
        )
    leading = _normal_leading(pages)
    pages = _strip_page_furniture(pages, leading)
    pages = [[line for line in lines if not LEADER_RE.search(line.text)] for lines in pages]
    notes = split_notes(pages, [separator(ink, grids.get(n, [])) for n, ink in enumerate(inks, 1)])
    continue_grids(pages, grids)
    for number, page_grids in grids.items():
        rows = [row for grid in page_grids for row in grid.rows]
        pages[number - 1] = sorted(pages[number - 1] + rows, key=lambda line: -line.y)
    lines = [line for page in pages for line in page]
    relations = _relations(lines, leading)
    _mark_tables(lines, relations, leading)
    mark_typed(lines, relations, _right_edges(lines, relations))
    logicals = _assemble(lines, relations)
    resolve = word_resolver([item.text if item else "" for item in logicals])
    texts = [(item.text.rstrip() if item.typed else resolve(item.text)) if item else ""
             for item in logicals]
    _align_tables(logicals, texts, resolve)
    result: list[SourceLine] = []
    for index, (item, text) in enumerate(zip(logicals, texts, strict=True)):
        if item is None:
            following = next(it for it in logicals[index + 1 :] if it is not None)
            result.append(SourceLine("", following.page))
        else:
            result.append(SourceLine(text, item.page))
    return insert_notes(result, notes)


def _page_lines(runs: list[Run], page: int) -> list[Line]:
    """Group a page's runs into physical lines, top to bottom, with cells left to right."""
    groups: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: -r.y):
        if groups:
            top = max(groups[-1], key=lambda r: r.size)
            if abs(top.y - run.y) <= SAME_LINE_EM * max(top.size, run.size):
                groups[-1].append(run)
                continue
        groups.append([run])
    lines = []
    for group in groups:
        main = max(group, key=lambda r: (r.size, len(r.text)))
        marks = [run for run in group if _is_mark(run, main)]
        group = [run for run in group if run not in marks]
        cells: list[Cell] = []
        ordered = sorted(group, key=lambda r: r.x0)
        for index, run in enumerate(ordered):
            gap = run.x0 - cells[-1].x1 if cells else 0.0
            if cells and gap <= CELL_GAP_EM * main.size:
                # a list label drawn apart ("41." then the text at the indent) is a word
                label = (index == 1 and LABEL_RE.fullmatch(cells[0].text) and gap >= 0
                         and not run.text[:1].isdigit())
                spaced = gap > SPACE_EM * main.size or label
                cells[-1].text += (" " if spaced else "") + run.text
                space = run.space or SPACE_EM * run.size
                wide = max(2, round(gap / space)) if gap >= WIDE_GAP * space else 0
                cells[-1].typed += " " * (wide or int(bool(spaced))) + run.text
                cells[-1].x1 = max(cells[-1].x1, run.x1)
            else:
                cells.append(Cell(run.x0, run.x1, run.text, run.text, run.pad))
        for cell in cells:
            cell.text = SPACES_RE.sub(" ", cell.text).strip()
        if len(cells) == 2 and LABEL_RE.fullmatch(cells[0].text):  # "1.<tab>text", "•<tab>text"
            cells = [Cell(cells[0].x0, cells[1].x1, f"{cells[0].text} {cells[1].text}")]
        line = Line(page, main.y, main.size, cells, main.space, ordered[0].lead)
        if marks and min(run.x0 for run in marks) < ordered[0].x0:
            line.note = min(marks, key=lambda run: run.x0).text
        lines.append(line)
    return lines


def _is_mark(run: Run, main: Run) -> bool:
    """Whether `run` is a superscript footnote mark ("3", "*") on the line of `main`."""
    small = run.size < MARK_SIZE * main.size
    return small and run.y - main.y > MARK_RISE * main.size and bool(MARK_RE.fullmatch(run.text))


def _normal_leading(pages: list[list[Line]]) -> float:
    """Median baseline distance between consecutive lines of similar size, in ems."""
    ratios = [
        (a.y - b.y) * 2 / (a.size + b.size)
        for lines in pages
        for a, b in zip(lines, lines[1:], strict=False)
        if 0.8 <= a.size / b.size <= 1.25
    ]
    return statistics.median(ratios) if ratios else 1.2


def _strip_page_furniture(pages: list[list[Line]], leading: float) -> list[list[Line]]:
    """Drop running headers and footers from the top and bottom lines of every page: lines
    that repeat on many pages once digits are ignored, lines that carry the page number
    (the number minus the page index is the same on many pages, e.g. "Page 3 of 60" or
    "Chapter 2 ... 7"), and bare page numbers set apart from the text."""
    needed = max(2, math.ceil(REPEAT_SHARE * sum(1 for lines in pages if lines)))
    edges = [lines[:EDGE_LINES] + lines[-EDGE_LINES:] for lines in pages]
    # a header repeats at the top of pages, a footer at the foot: counted apart, so that a
    # table's rows at the foot of one page and the top of the next are no furniture
    repeated = {inward: Counter(key for lines in pages for key in {
        _furniture_key(li) for li in (lines[:EDGE_LINES] if inward > 0 else lines[-EDGE_LINES:])})
        for inward in (1, -1)}
    offsets = Counter(
        offset
        for lines in edges
        for offset in {
            int(number) - li.page for li in lines for number in NUMBER_RE.findall(li.text)
        }
    )
    common = {offset for offset, count in offsets.items() if count >= needed}
    labels = Counter(key for lines in edges for key in {_label_key(li, common) for li in lines})

    def furniture(lines: list[Line], index: int, inward: int) -> bool:
        line = lines[index]
        number = PAGE_NUMBER_RE.fullmatch(line.text)  # told by its offset and its place
        if repeated[inward][_furniture_key(line)] >= needed and not number:
            return True
        label = _label_key(line, common)
        if label and labels[label] >= 2:
            return True
        if not number:
            return False
        neighbour = index + inward
        if not 0 <= neighbour < len(lines):
            return True
        distance = abs(line.y - lines[neighbour].y)
        return distance > BLOCK_GAP * leading * max(line.size, lines[neighbour].size)

    kept = []
    for lines in pages:
        start, end = 0, len(lines)
        while start < min(EDGE_LINES, end) and furniture(lines, start, 1):
            start += 1
        while end > start and len(lines) - end < EDGE_LINES and furniture(lines, end - 1, -1):
            end -= 1
        kept.append(lines[start:end])
    return kept


def _furniture_key(line: Line) -> str:
    """A line's text with digits and spacing normalised, to spot repeating headers."""
    return SPACES_RE.sub(" ", NUMBER_RE.sub("#", line.text)).strip().lower()


def _label_key(line: Line, offsets: set[int]) -> str:
    """The line's text with its page number (a number at one of `offsets` from the page
    index) replaced by "#", after that offset ("0:page #"), or "" if it has none: a
    number in a table at a page's foot is no page number for being at another offset."""
    for match in NUMBER_RE.finditer(line.text):
        if (offset := int(match.group()) - line.page) in offsets:
            text = line.text[: match.start()] + "#" + line.text[match.end() :]
            return f"{offset}:{SPACES_RE.sub(' ', text).strip().lower()}"
    return ""


def _relations(lines: list[Line], leading: float) -> list[str]:
    """For each line: SAME block as the previous line, a GAP before it, or a PAGE break."""
    relations = [GAP]
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page != b.page:
            relations.append(PAGE)
            continue
        distance = a.y - b.y
        normal = leading * (a.size + b.size) / 2
        same_grid = a.grid is not None and a.grid == b.grid
        resized = max(a.size, b.size) > SIZE_CHANGE * min(a.size, b.size)  # e.g. a heading
        near = 0 < distance <= BLOCK_GAP * normal and not resized
        relations.append(SAME if same_grid or near else GAP)
    return relations


def _mark_tables(lines: list[Line], relations: list[str], leading: float) -> None:
    """Mark table rows: lines with cells aligned with a neighbouring line's cells, and
    one-cell lines that sit in a column of an adjacent row."""

    def neighbours(index: int) -> Iterator[Line]:
        """Lines of several cells near `index`, and the lines next to it across a page."""
        line = lines[index]
        for step in (-1, 1):
            other = index + step
            while 0 <= other < len(lines):
                near = abs(line.y - lines[other].y) <= NEAR_ROWS * leading * line.size
                if lines[other].page != line.page and abs(other - index) == 1:
                    yield lines[other]
                if lines[other].page != line.page or not near:
                    break
                yield lines[other]
                other += step

    for index, line in enumerate(lines):
        if len(line.cells) > 1 and line.grid is None:
            line.table = any(shares_column(line, other) for other in neighbours(index))
    changed = True
    while changed:
        changed = False
        for index, line in enumerate(lines):
            if line.table or len(line.cells) != 1:
                continue
            adjacent = []
            if index > 0 and relations[index] == SAME:
                adjacent.append(lines[index - 1])
            if index + 1 < len(lines) and relations[index + 1] == SAME:
                adjacent.append(lines[index + 1])
            if any(row.table and row.grid is None and _in_column(line.cells[0], row)
                   for row in adjacent):
                line.table = changed = True


def shares_column(row: Line, other: Line) -> bool:
    """Whether two lines of several cells share a column: cells other than both first ones
    that start, or are centred, within an em of each other."""
    if len(row.cells) < 2 or len(other.cells) < 2:
        return False
    tolerance = max(row.size, other.size)
    return any(
        abs(a.x0 - b.x0) <= tolerance or abs(a.x0 + a.x1 - b.x0 - b.x1) <= 2 * tolerance
        for i, a in enumerate(row.cells)
        for j, b in enumerate(other.cells)
        if i or j
    )


def _in_column(cell: Cell, row: Line) -> bool:
    """Whether `cell` starts where a cell of `row` starts and ends before the next one."""
    for index, other in enumerate(row.cells):
        limit = row.cells[index + 1].x0 if index + 1 < len(row.cells) else math.inf
        if abs(other.x0 - cell.x0) <= row.size and cell.x1 < limit:
            return True
    return False


def _assemble(lines: list[Line], relations: list[str]) -> list[Logical | None]:
    """Join physical lines into logical lines; None separates blocks."""
    from greta_search.pdftyped import typed_action

    rights = _right_edges(lines, relations)
    out: list[Logical | None] = []
    for index, (line, relation) in enumerate(zip(lines, relations, strict=True)):
        previous = lines[index - 1] if index else None
        current = out[-1] if out else None
        typed = previous is not None and (previous.typed, line.typed) != (None, None)
        if previous is not None and typed and relation != GAP:
            after = lines[index + 1] if index + 1 < len(lines) else None
            action = typed_action(previous, line, after, relation)
        else:
            action = _action(previous, line, relation, current,
                             rights[index - 1] if index else 0.0)
        if action == JOIN and current is not None and current.typed:
            joiner = " " if line.joiner is None else line.joiner
            current.text += joiner + (line.typed or line.text).strip()
            continue
        if action == JOIN and current is not None:
            joiner = HYPHEN_MARK if LINE_END_HYPHEN_RE.search(current.text) else " "
            joiner = "" if DASH_END_RE.search(current.text) else joiner
            current.text += joiner + line.text
            continue
        if action == BLOCK and out:
            out.append(None)
        if line.typed is not None:
            out.append(Logical(line.page, line.typed, x0=line.x0, typed=True))
        elif line.table:
            out.append(Logical(line.page, line.text, line, line.x0))
        else:
            out.append(Logical(line.page, BULLET_RE.sub("- ", line.text), x0=line.x0))
    return out


def _right_edges(lines: list[Line], relations: list[str]) -> list[float]:
    """For each line, the right edge its text wraps at: the document's usual right margin,
    or the right edge of its block on the page if narrower and reached by 2+ lines."""
    ends = sorted(line.x1 for line in lines if not line.table) or [0.0]
    margin = ends[int(0.95 * (len(ends) - 1))]
    rights = [margin] * len(lines)
    start = 0
    for end in range(1, len(lines) + 1):
        if end == len(lines) or relations[end] != SAME:
            segment = [line for line in lines[start:end] if not line.table]
            edge = max((line.x1 for line in segment), default=margin)
            if sum(line.x1 > edge - 1.5 * line.size for line in segment) >= 2:
                rights[start:end] = [min(edge, margin)] * (end - start)
            start = end
    return rights


def _action(
    previous: Line | None, line: Line, relation: str, current: Logical | None, right: float
) -> str:
    """Whether `line` JOINs the current logical line, starts a LINE or starts a BLOCK."""
    if previous is None or current is None or relation == GAP:
        return BLOCK
    if (line.grid is None) != (previous.grid is None):
        return BLOCK  # a ruled table is a block of its own
    if line.table or previous.table:
        return LINE if relation == SAME or (line.table and previous.table) else BLOCK
    if _is_item(line, previous, right):
        in_list = relation == SAME or current.text.startswith("- ")
        return LINE if in_list else BLOCK
    if relation == SAME:
        hyphenated = LINE_END_HYPHEN_RE.search(previous.text)
        return LINE if not hyphenated and _fits(previous, line, right) else JOIN
    # a page break: the paragraph goes on after a hyphen, before a lowercase letter, after
    # a line that was filled up to the margin without ending a sentence, or at the indent
    # of a paragraph with a hanging label ("8.<tab>text" wrapped under its text)
    open_end = not SENTENCE_END_RE.search(previous.text) and not _fits(previous, line, right)
    lowercase = line.text[:1].islower() and not ITEM_LABEL_RE.match(line.text)
    hanging = (current.x0 < previous.x0 - 0.5 * previous.size
               and abs(line.x0 - previous.x0) < 0.5 * line.size
               and not LABEL_RE.match(line.text.split(" ", 1)[0]))
    continues = LINE_END_HYPHEN_RE.search(previous.text) or lowercase or open_end or hanging
    return JOIN if continues else BLOCK


def _is_item(line: Line, previous: Line, right: float) -> bool:
    """Whether `line` starts a bullet item; a dash only after an ended or short line."""
    text = line.text
    if text[:1] in GLYPH_BULLETS:
        return True
    if not BULLET_RE.match(text):
        return False
    return bool(SENTENCE_END_RE.search(previous.text)) or _fits(previous, line, right)


def _fits(previous: Line, line: Line, right: float) -> bool:
    """Whether the first word of `line` would have fitted at the end of `previous`, i.e.
    `previous` ended with a hard line break rather than by wrapping."""
    return previous.x1 + previous.space + line.lead < right - 0.3 * previous.size


def _align_tables(
    logicals: list[Logical | None], texts: list[str], resolve: Callable[[str], str]
) -> None:
    """Write each table row of `texts` as TAB-separated cells, one per table column (a
    ruled table's cells as read, their broken words rejoined by `resolve`)."""
    index = 0
    while index < len(logicals):
        item = logicals[index]
        if item is None or item.row is None:
            index += 1
            continue
        members: list[int] = []
        rows: list[Line] = []
        while index < len(logicals):
            item = logicals[index]
            if item is not None and item.row is None:
                break
            if item is not None and item.row is not None:
                members.append(index)
                rows.append(item.row)
            index += 1
        columns = _columns([row for row in rows if row.tabbed is None])
        for i, row in zip(members, rows, strict=True):
            if row.tabbed is not None:
                texts[i] = "\t".join(resolve(part) for part in row.tabbed.split("\t"))
                continue
            slots = [""] * len(columns)
            for cell in row.cells:
                slot = _best_column(cell, columns)
                slots[slot] = f"{slots[slot]} {cell.text}".strip()
            texts[i] = "\t".join(slots)


def _columns(rows: list[Line]) -> list[tuple[float, float]]:
    """Column extents of a table: the cells of its fullest row, plus any cell of another
    row that overlaps none of them; sorted left to right."""
    columns: list[tuple[float, float]] = []
    for row in sorted(rows, key=lambda r: -len(r.cells)):
        for cell in row.cells:
            if not any(cell.x0 < x1 and x0 < cell.x1 for x0, x1 in columns):
                columns.append((cell.x0, cell.x1))
    return sorted(columns)


def _best_column(cell: Cell, columns: list[tuple[float, float]]) -> int:
    """The column that overlaps `cell` most, or else the one starting nearest to it."""
    overlaps = [min(cell.x1, x1) - max(cell.x0, x0) for x0, x1 in columns]
    best = max(range(len(columns)), key=lambda i: overlaps[i])
    if overlaps[best] > 0:
        return best
    return min(range(len(columns)), key=lambda i: abs(columns[i][0] - cell.x0))
