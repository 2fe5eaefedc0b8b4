"""Extract the logical lines of a PDF reply (see `load.SourceLine`).

pypdf reports every text run with its text matrix. Runs become physical lines (baseline,
x extents, cells split at wide horizontal gaps); running headers, footers and page numbers
are dropped; vertical spacing groups lines into blocks; lines join into paragraphs and
bullets, across page breaks too, and words hyphenated at line ends are rejoined with the
help of the document's own vocabulary. Table rows come out as TAB-separated cells aligned to
the table's columns, like the statistics tables of a text reply.

Ruled tables (grids of cell borders, as Word draws them) are read by pdfplumber from the
rules and character positions: one TAB-separated line per grid row, text wrapped inside a
cell joined, a merged cell's text in its first column. Footnotes (small lines at the foot
of a page, the first one starting with a superscript number) come back as separate
paragraphs "[3] text" after the last paragraph that ends on their page; superscript
footnote marks in the text are dropped.
"""

from __future__ import annotations

import io
import math
import re
import statistics
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PasswordType, PdfReader

from greta_search.load import DocumentWarning, InputError, SourceLine

try:  # widths of the glyphs of a PDF font (pypdf >= 6)
    from pypdf.generic._font import Font
except ImportError:  # pragma: no cover - older pypdf: widths are estimated
    Font = None

DEFAULT_CHAR_EM = 0.5  # glyph width (em) when the font gives none
SPACE_EM = 0.15  # a gap wider than this (em) between runs is a word space
CELL_GAP_EM = 1.2  # a gap wider than this (em) separates table cells
SAME_LINE_EM = 0.45  # baselines closer than this (em) are one physical line
BLOCK_GAP = 1.3  # a baseline distance over BLOCK_GAP x normal leading starts a block
NEAR_ROWS = 3.0  # table rows look for aligned neighbours within this many leadings
EDGE_LINES = 3  # lines at the top and bottom of a page checked for headers/footers
REPEAT_SHARE = 0.4  # share of pages a line must repeat on to be a header/footer
MARK_SIZE = 0.8  # a superscript mark is smaller than this share of its line's font size
MARK_RISE = 0.15  # ... and raised above its baseline by more than this (em)
MIN_RULES = 8  # rectangles and line segments a page must draw to be searched for grids

SAME, GAP, PAGE = "same", "gap", "page"  # relation of a physical line to the previous one
JOIN, LINE, BLOCK = "join", "line", "block"  # what a physical line does to the output
HYPHEN_MARK = "\x00"  # stands between a line-end hyphen and the next line until resolved

LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})
CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
SPACES_RE = re.compile(r"\s+")
GLYPH_BULLETS = "•▪◦●■□➢►\uf0b7\uf0a7\uf076\uf0d8"
BULLET_RE = re.compile(rf"^(?:[{GLYPH_BULLETS}]\s*|[-–—]\s+)")
LABEL_RE = re.compile(rf"[{GLYPH_BULLETS}\-–—]|\(?(?:\d{{1,3}}|[a-zA-Z]|[ivxlc]{{1,5}})[.)]")
SENTENCE_END_RE = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
LINE_END_HYPHEN_RE = re.compile(r"\w[-\u2010\u00ad]$")
PAGE_NUMBER_RE = re.compile(
    r"(?:page|p\.|pag\.|seite|стр\.?)?\s*[-–(]?\s*\d{1,4}\s*[-–)]?"
    r"(?:\s*(?:/|of|sur|de|из)\s*\d{1,4})?",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"\d{1,4}(?!\d)")
# "b. ", "(iv) ", "f – " start an item
ITEM_LABEL_RE = re.compile(r"\(?(?:[a-z]|[ivx]{1,4})(?:[.)]|\s+[–—-])\s")
MARK_RE = re.compile(r"\d{1,3}|[*†‡]")
RULE_RE = re.compile(rb"(?<![^\s])(?:re|l)(?![^\s])")  # path operators in a content stream
HYPHEN_JOIN_RE = re.compile(rf"(\S*)([-\u2010\u00ad]){HYPHEN_MARK}(\S*)")
WORD_RE = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
LETTERS_END_RE = re.compile(r"[^\W\d_]+$")
LETTERS_START_RE = re.compile(r"^[^\W\d_]+")


@dataclass
class Run:
    """A piece of text drawn at one place: ink extents, pen advance, baseline, font size,
    and the widths of a space and of its first word."""

    x0: float
    x1: float
    advance: float
    y: float
    size: float
    text: str
    space: float
    lead: float


@dataclass
class Cell:
    """Text of a physical line between wide horizontal gaps."""

    x0: float
    x1: float
    text: str


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


def extract_lines(path: Path, raw: bytes) -> list[SourceLine]:
    """Read a PDF into logical lines with 1-based page numbers; raise InputError if unusable."""
    from greta_search.pdfgrids import in_grid, ruled_tables
    from greta_search.pdfnotes import insert_notes, split_notes

    runs, ruled = _read_runs(path, raw)
    grids = ruled_tables(path, raw, ruled)
    pages = [
        _page_lines([run for run in page_runs if not in_grid(run, grids.get(number, []))], number)
        for number, page_runs in enumerate(runs, 1)
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
    notes = split_notes(pages)
    for number, page_grids in grids.items():
        rows = [row for grid in page_grids for row in grid.rows]
        pages[number - 1] = sorted(pages[number - 1] + rows, key=lambda line: -line.y)
    lines = [line for page in pages for line in page]
    relations = _relations(lines, leading)
    _mark_tables(lines, relations, leading)
    logicals = _assemble(lines, relations)
    texts = _resolve_hyphens([item.text if item else "" for item in logicals])
    _align_tables(logicals, texts)
    result: list[SourceLine] = []
    for index, (item, text) in enumerate(zip(logicals, texts, strict=True)):
        if item is None:
            following = next(it for it in logicals[index + 1 :] if it is not None)
            result.append(SourceLine("", following.page))
        else:
            result.append(SourceLine(text, item.page))
    return insert_notes(result, notes)


def _read_runs(path: Path, raw: bytes) -> tuple[list[list[Run]], list[int]]:
    """Text runs of every page, and the numbers of the pages that draw enough rules to hold
    a ruled table; any pypdf failure becomes an InputError naming the file."""
    if b"%PDF-" not in raw[:1024]:
        raise InputError(f"{path}: not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(raw))
        locked = reader.is_encrypted
    except Exception as err:  # pypdf raises many exception types for damaged files
        raise InputError(f"{path}: unreadable PDF ({one_line(err)})") from None
    if locked:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception as err:  # e.g. an encryption method pypdf cannot handle
            reason = one_line(err)
            raise InputError(f"{path}: encrypted PDF that cannot be opened ({reason})") from None
        if not opened:
            raise InputError(f"{path}: encrypted PDF that needs a password")
    try:
        pages = list(reader.pages)
    except Exception as err:
        raise InputError(f"{path}: unreadable PDF ({one_line(err)})") from None
    if not pages:
        raise InputError(f"{path}: PDF has no pages")
    result: list[list[Run]] = []
    ruled: list[int] = []
    for number, page in enumerate(pages, 1):
        collector = RunCollector()
        try:
            page.extract_text(visitor_text=collector)
            contents = page.get_contents()
            if contents is not None and len(RULE_RE.findall(contents.get_data())) >= MIN_RULES:
                ruled.append(number)
        except Exception as err:  # a damaged page: keep what it gave and go on
            warnings.warn(
                f"{path}: page {number} only partly read ({one_line(err)})", stacklevel=2
            )
        result.append(collector.runs)
    return result, ruled


def one_line(err: Exception) -> str:
    """An exception as one short line of text."""
    text = SPACES_RE.sub(" ", str(err)).strip()
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


class RunCollector:
    """A pypdf `visitor_text` callback that records positioned text runs of one page."""

    def __init__(self) -> None:
        self.runs: list[Run] = []
        self._fonts: dict[int, tuple[Any, Callable[[str], float]]] = {}

    def __call__(self, text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        text = CONTROL_RE.sub(" ", text.translate(LIGATURES))
        if not text.strip():
            return
        m = _multiply(tm, cm)
        height = size * math.hypot(m[2], m[3])
        scale = size * math.hypot(m[0], m[1])
        upright = m[0] > 0 and m[3] > 0 and abs(m[1]) < 0.1 * m[0] and abs(m[2]) < 0.1 * m[3]
        if not upright or height < 0.5:  # rotated, mirrored or invisible text
            return
        measure = self._measure(font)
        body = text.lstrip()
        ink = body.rstrip()
        # leading spaces are pypdf's mark of a gap before a repositioned run: x0 is the pen
        x0 = m[4]
        if self.runs:
            last = self.runs[-1]
            if abs(m[5] - last.y) < 0.2 * height:
                if ink == last.text and abs(x0 - last.x0) < 0.5 * height:
                    return  # the same text drawn twice (fake bold or shadow)
                if last.x0 - 0.25 * height <= x0 < last.x1 - 0.25 * height:
                    # pypdf gives a run that follows on without repositioning the position
                    # of the previous one: it starts at the previous run's pen advance
                    x0 = last.advance + measure(text[: len(text) - len(body)]) * scale
        x1 = x0 + measure(ink) * scale
        advance = x0 + measure(body) * scale
        space, lead = measure(" ") * scale, measure(ink.split(" ", 1)[0]) * scale
        self.runs.append(Run(x0, x1, advance, m[5], height, ink, space, lead))

    def _measure(self, font: Any) -> Callable[[str], float]:
        """Width in ems of a string set in `font` (a PDF font dictionary)."""
        key = id(font)
        if key not in self._fonts:
            self._fonts[key] = (font, _font_measure(font))
        return self._fonts[key][1]


def _font_measure(font: Any) -> Callable[[str], float]:
    """A function giving the width in ems of a string in this PDF font."""
    widths: dict[str, float] = {}
    default = DEFAULT_CHAR_EM * 1000
    if Font is not None and font is not None:
        try:
            widths, default = _unicode_widths(Font.from_font_resource(font))
        except Exception:  # a damaged font dictionary: estimate widths
            widths = {}

    def measure(text: str) -> float:
        return sum(widths.get(char, default) for char in text) / 1000

    return measure


def _unicode_widths(font: Any) -> tuple[dict[str, float], float]:
    """Glyph widths of a pypdf Font keyed by the text they decode to, and the default."""
    mapping = font.character_map or {}
    encoding = font.encoding if isinstance(font.encoding, dict) else {}
    widths: dict[str, float] = {}
    for code, width in font.character_widths.items():
        if code == "default" or len(code) != 1:
            continue
        char = mapping.get(code) or encoding.get(ord(code)) or code
        if isinstance(char, str) and len(char) == 1 and isinstance(width, int | float):
            widths.setdefault(char, float(width))
    default = font.character_widths.get("default")
    return widths, float(default) if default else DEFAULT_CHAR_EM * 1000


def _multiply(tm: list[float], cm: list[float]) -> list[float]:
    """The product tm x cm of two PDF matrices [a b c d e f]."""
    return [
        tm[0] * cm[0] + tm[1] * cm[2],
        tm[0] * cm[1] + tm[1] * cm[3],
        tm[2] * cm[0] + tm[3] * cm[2],
        tm[2] * cm[1] + tm[3] * cm[3],
        tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
        tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
    ]


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
        for run in ordered:
            gap = run.x0 - cells[-1].x1 if cells else 0.0
            if cells and gap <= CELL_GAP_EM * main.size:
                cells[-1].text += (" " if gap > SPACE_EM * main.size else "") + run.text
                cells[-1].x1 = max(cells[-1].x1, run.x1)
            else:
                cells.append(Cell(run.x0, run.x1, run.text))
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
    repeated = Counter(key for lines in edges for key in {_furniture_key(li) for li in lines})
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
        if repeated[_furniture_key(line)] >= needed:
            return True
        label = _label_key(line, common)
        if label and labels[label] >= 2:
            return True
        if not PAGE_NUMBER_RE.fullmatch(line.text):
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
    index) replaced by "#", or "" if it has none."""
    for match in NUMBER_RE.finditer(line.text):
        if int(match.group()) - line.page in offsets:
            text = line.text[: match.start()] + "#" + line.text[match.end() :]
            return SPACES_RE.sub(" ", text).strip().lower()
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
        relations.append(SAME if same_grid or 0 < distance <= BLOCK_GAP * normal else GAP)
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
            line.table = any(_aligned(line, other) for other in neighbours(index))
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


def _aligned(row: Line, other: Line) -> bool:
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
    rights = _right_edges(lines, relations)
    out: list[Logical | None] = []
    for index, (line, relation) in enumerate(zip(lines, relations, strict=True)):
        previous = lines[index - 1] if index else None
        current = out[-1] if out else None
        action = _action(previous, line, relation, current, rights[index - 1] if index else 0.0)
        if action == JOIN and current is not None:
            joiner = HYPHEN_MARK if LINE_END_HYPHEN_RE.search(current.text) else " "
            current.text += joiner + line.text
            continue
        if action == BLOCK and out:
            out.append(None)
        if line.table:
            out.append(Logical(line.page, line.text, line))
        else:
            out.append(Logical(line.page, BULLET_RE.sub("- ", line.text)))
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
    if line.table or previous.table:
        return LINE if relation == SAME or (line.table and previous.table) else BLOCK
    if _is_item(line, previous, right):
        in_list = relation == SAME or current.text.startswith("- ")
        return LINE if in_list else BLOCK
    if relation == SAME:
        hyphenated = LINE_END_HYPHEN_RE.search(previous.text)
        return LINE if not hyphenated and _fits(previous, line, right) else JOIN
    # a page break: the paragraph goes on after a hyphen, before a lowercase letter, or
    # after a line that was filled up to the margin without ending a sentence
    open_end = not SENTENCE_END_RE.search(previous.text) and not _fits(previous, line, right)
    lowercase = line.text[:1].islower() and not ITEM_LABEL_RE.match(line.text)
    continues = LINE_END_HYPHEN_RE.search(previous.text) or lowercase or open_end
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


def _resolve_hyphens(texts: list[str]) -> list[str]:
    """Rejoin words hyphenated at line ends: drop the hyphen unless the document spells the
    word with a hyphen elsewhere (e.g. "awareness-raising")."""
    words: Counter[str] = Counter()
    compounds: Counter[str] = Counter()
    for text in texts:
        for token in WORD_RE.findall(re.sub(rf"\S*{HYPHEN_MARK}\S*", " ", text).lower()):
            parts = re.split(r"[-\u2010]", token)
            words.update(parts)
            if len(parts) > 1:
                compounds[token.replace("\u2010", "-")] += 1

    def rejoin(match: re.Match[str]) -> str:
        left, hyphen, right = match.groups()
        head = LETTERS_END_RE.search(left)
        tail = LETTERS_START_RE.match(right)
        if hyphen == "\u00ad":
            return left + right
        if head is None or tail is None or tail.group()[0].isupper():
            return f"{left}-{right}"
        first, second = head.group().lower(), tail.group().lower()
        joined, hyphenated = words[first + second], compounds[f"{first}-{second}"]
        keep = hyphenated > joined or (joined == 0 and words[first] > 0 and words[second] > 0)
        return f"{left}-{right}" if keep else left + right

    return [SPACES_RE.sub(" ", HYPHEN_JOIN_RE.sub(rejoin, text)).strip() for text in texts]


def _align_tables(logicals: list[Logical | None], texts: list[str]) -> None:
    """Write each table row of `texts` as TAB-separated cells, one per table column."""
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
                texts[i] = row.tabbed
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
