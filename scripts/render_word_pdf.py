"""Render a plain-text GRETA reply as an A4 PDF that looks exported from Word.

A second fixture for `greta_search.pdf`, unlike `render_pdf.py`'s: a sans or serif font,
ragged or justified text, bullets drawn as glyphs, statistics tables drawn as RULED grids
(cell borders, cells wrapping onto several lines, two-level headers with merged cells, the
header repeated when a table breaks across pages), a caption left on the page before its
table, a running header with the document code, "Page N" or "N/M" footers, and numbered
footnotes in small type at the bottom of some pages (superscript marks in the text). Tables
are drawn from the records `greta_search.tables` parses out of the text, one grid row per
record. Deterministic: fixed creation date, no randomness.

Usage: python scripts/render_word_pdf.py SRC.txt OUT.pdf [--look word-sans|word-serif]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # render_pdf's helpers; greta_search

from render_pdf import CODE_RE, FIXED_DATE, PT, clean, table_end  # noqa: E402

from greta_search.tables import CAPTION_RE, StatTable, parse_table  # noqa: E402

FONT_FILES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
}
MARGIN = 25.0  # mm, every side of the body
PAGE_H = 297.0
BOTTOM = PAGE_H - MARGIN
PARAGRAPH_GAP = 2.4  # mm after a paragraph
BULLET_INDENT = 6.0  # mm from the bullet glyph to its text
MAX_JUSTIFY_EM = 0.8  # a justified line never opens a word space wider than this
NOTE_SIZE = 7.5  # pt, footnotes
MARK_RISE = 0.35  # superscript rise, in ems of the body font
NOTE_EVERY = 7  # every 7th long paragraph gets a footnote
CELL_PAD = 1.2  # mm inside table cells
NOTES = [
    "Information provided by the Main Department for Combating Trafficking in Human "
    "Beings of the Ministry of Internal Affairs.",
    "Data of the State Migration Service and of the courts as of 31 December 2025; the "
    "figures for the last year are provisional and may be revised once the reports of "
    "all regional bodies have been received.",
    "The text is available in Azerbaijani on the website of the Ministry of Justice.",
]


@dataclass(frozen=True)
class Look:
    """How the document is typeset."""

    font: str = "sans"  # "sans" or "serif"
    size: float = 10.5  # pt, body text
    leading: float = 1.3  # line pitch, in multiples of the size
    justify: bool = False
    footer: str = "page"  # "page": "Page 12"; "of": "12/68"
    caption_breaks: tuple[int, ...] = (2,)  # tables whose caption ends a page
    footnotes: bool = True


LOOKS = {
    "word-sans": Look(),
    "word-serif": Look(font="serif", size=11.0, justify=True, footer="of", caption_breaks=(2, 6)),
}


def find_fonts(kind: str) -> tuple[Path, Path]:
    """The regular and bold DejaVu TTF files for `kind`, from the system fonts
    (fonts-dejavu-core) or from matplotlib's bundled copies."""
    folders = [Path("/usr/share/fonts/truetype/dejavu")]
    try:
        import matplotlib

        folders.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except ImportError:
        pass
    for folder in folders:
        paths = tuple(folder / name for name in FONT_FILES[kind])
        if all(path.is_file() for path in paths):
            return paths  # type: ignore[return-value]
    raise FileNotFoundError(f"{FONT_FILES[kind]} not found in {', '.join(map(str, folders))}")


def words_wrap(text: str, width: float, measure) -> list[str]:
    """Greedy line breaking at spaces (Word does not hyphenate by default)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and measure(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


class WordPDF(FPDF):
    """FPDF with a running header (document code) and a page footer."""

    def __init__(self, code: str, look: Look) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.code, self.look = code, look
        regular, bold = find_fonts(look.font)
        self.add_font("Body", fname=str(regular))
        self.add_font("Body", style="B", fname=str(bold))
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_creation_date(FIXED_DATE)

    def header(self) -> None:
        self.set_font("Body", size=8)
        self.set_xy(MARGIN, 12)
        self.cell(self.epw, 4, self.code, align="L")

    def footer(self) -> None:
        self.set_font("Body", size=9)
        self.set_xy(MARGIN, PAGE_H - 15)
        if self.look.footer == "of":
            self.cell(self.epw, 4, f"{self.page_no()}/{{nb}}", align="R")
        else:
            self.cell(self.epw, 4, f"Page {self.page_no()}", align="C")


@dataclass
class Note:
    number: int
    lines: list[str]


@dataclass
class Renderer:
    """Lays out the source lines page by page, with footnotes and ruled tables."""

    pdf: WordPDF
    y: float = MARGIN
    notes: list[Note] = field(default_factory=list)
    count: int = 0  # footnotes so far
    long_paragraphs: int = 0

    @property
    def look(self) -> Look:
        return self.pdf.look

    def new_page(self) -> None:
        if self.pdf.page:
            self.draw_notes()
        self.pdf.add_page()
        self.y = MARGIN

    def notes_height(self, extra: list[str] | None = None) -> float:
        lines = sum(len(note.lines) for note in self.notes) + len(extra or [])
        return lines * NOTE_SIZE * 1.25 * PT + 4.0 if lines else 0.0

    def bottom(self) -> float:
        return BOTTOM - self.notes_height()

    def draw_notes(self) -> None:
        """The page's footnotes under a short rule, each starting with its superscript number."""
        if not self.notes:
            return
        pdf = self.pdf
        y = BOTTOM - self.notes_height() + 1.5
        pdf.line(MARGIN, y, MARGIN + 50, y)
        y += 2.5
        pitch = NOTE_SIZE * 1.25 * PT
        for note in self.notes:
            pdf.set_font("Body", size=NOTE_SIZE * 0.65)
            pdf.text(MARGIN, y + pitch * 0.75 - NOTE_SIZE * 0.35 * PT, str(note.number))
            pdf.set_font("Body", size=NOTE_SIZE)
            for line in note.lines:
                pdf.text(MARGIN + 3, y + pitch * 0.75, line)
                y += pitch
        self.notes = []

    def line_text(self, x: float, baseline: float, text: str, width: float, justify: bool) -> None:
        """One line of body text, its word spaces stretched to `width` when justifying."""
        pdf = self.pdf
        words = text.split(" ")
        room = width - pdf.get_string_width(text)
        stretch = room / (len(words) - 1) if justify and len(words) > 1 else 0.0
        if stretch <= 0 or stretch > MAX_JUSTIFY_EM * self.look.size * PT:
            pdf.text(x, baseline, text)
            return
        space = pdf.get_string_width(" ") + stretch
        for word in words:
            pdf.text(x, baseline, word)
            x += pdf.get_string_width(word) + space

    def paragraph(self, raw: str) -> None:
        """A paragraph, or a bullet drawn as "•" with a hanging indent; some long paragraphs
        end with a footnote mark, their note set at the foot of the same page."""
        pdf, look = self.pdf, self.look
        bold = raw.startswith("**") and raw.rstrip().endswith("**") or raw.startswith("- **")
        text = clean(raw)
        bullet = text.startswith("- ")
        if bullet:
            text = text[2:].lstrip()
        pdf.set_font("Body", style="B" if bold else "", size=look.size)
        x = MARGIN + (BULLET_INDENT if bullet else 0.0)
        width = MARGIN + pdf.epw - x
        lines = words_wrap(text, width, pdf.get_string_width)
        note = None
        if look.footnotes and not bullet and not bold and len(text) > 300:
            self.long_paragraphs += 1
            if self.long_paragraphs % NOTE_EVERY == 3:
                pdf.set_font("Body", size=NOTE_SIZE)
                self.count += 1
                body = NOTES[self.count % len(NOTES)]
                note = Note(self.count, words_wrap(body, pdf.epw - 3, pdf.get_string_width))
        pitch = look.size * look.leading * PT
        for number, line in enumerate(lines):
            last = number == len(lines) - 1
            need = pitch + (self.notes_height(note.lines) - self.notes_height() if last and note
                            else 0.0)
            if self.y + need > self.bottom():
                self.new_page()
            pdf.set_font("Body", style="B" if bold else "", size=look.size)
            baseline = self.y + pitch * 0.78
            if bullet and number == 0:
                pdf.text(MARGIN, baseline, "•")
            self.line_text(x, baseline, line, width, look.justify and not last)
            if last and note:
                end = x + pdf.get_string_width(line)
                pdf.set_font("Body", size=look.size * 0.6)
                pdf.text(end + 0.3, baseline - look.size * MARK_RISE * PT, str(note.number))
                self.notes.append(note)
            self.y += pitch
        self.y += PARAGRAPH_GAP

    def caption_and_table(self, caption: str, table: StatTable) -> None:
        self.paragraph(f"**{clean(caption)}**")
        if table.number in self.look.caption_breaks:
            self.new_page()
        Grid(self, table).draw()

    def render(self, lines: list[str]) -> None:
        """Lay out all source lines: captions with the TAB lines after them become ruled
        tables; other non-blank lines are paragraphs."""
        self.new_page()
        index = 0
        while index < len(lines):
            line = lines[index]
            start = index + 1
            while start < len(lines) and not lines[start].strip():
                start += 1
            if CAPTION_RE.match(clean(line)) and start < len(lines) and "\t" in lines[start]:
                end = table_end(lines, start)
                self.caption_and_table(line, parse_table(line, lines[start:end]))
                index = end
                continue
            if "\t" in line:  # a table without caption: its cells as one paragraph line
                self.paragraph(" ".join(clean(line).split()))
            elif clean(line):
                self.paragraph(line)
            index += 1
        self.draw_notes()


@dataclass
class HeaderCell:
    text: str
    first: int  # first column
    span: int  # columns
    level: int  # 0 top, 1 lower
    rows: int  # header rows spanned


class Grid:
    """A StatTable drawn as a ruled grid: one or two header rows, one row per record."""

    def __init__(self, renderer: Renderer, table: StatTable) -> None:
        self.r, self.pdf, self.table = renderer, renderer.pdf, table
        self.header = self.header_cells()
        self.rows = [[row.label] + [row.cells[c].text for c in table.columns[1:]]
                     for row in table.rows]
        self.size = 9.0
        while True:
            self.widths = self.column_widths()
            if self.widths or self.size <= 5:
                break
            self.size -= 0.5
        if not self.widths:
            self.widths = [self.pdf.epw / len(table.columns)] * len(table.columns)

    def header_cells(self) -> list[HeaderCell]:
        """Header cells: a name "A / b" whose "A" is shared by neighbours is a lower cell
        under a merged "A"; other names span both rows. None for a header-less table."""
        columns = self.table.columns
        synthetic = all(c == "Value" or c.startswith("Column ") for c in columns[1:])
        if columns[0] == "Years" and synthetic:
            return []
        tops = [c.split(" / ", 1)[0] if " / " in c else None for c in columns]
        cells: list[HeaderCell] = []
        two = False
        index = 0
        while index < len(columns):
            end = index + 1
            while tops[index] and end < len(columns) and tops[end] == tops[index]:
                end += 1
            if end - index > 1:
                two = True
                cells.append(HeaderCell(tops[index], index, end - index, 0, 1))
                for column in range(index, end):
                    cells.append(HeaderCell(columns[column].split(" / ", 1)[1], column, 1, 1, 1))
            else:
                cells.append(HeaderCell(columns[index], index, 1, 0, 2))
            index = end
        if not two:
            for cell in cells:
                cell.rows = 1
        return cells

    def measure(self, text: str, bold: bool = False) -> float:
        self.pdf.set_font("Body", style="B" if bold else "", size=self.size)
        return self.pdf.get_string_width(text)

    def column_widths(self) -> list[float] | None:
        """Widths that fit the page: each column at least its longest word, the rest shared
        in proportion to the text it holds; None if the longest words do not fit."""
        count = len(self.table.columns)
        least = [0.0] * count
        want = [0.0] * count
        for row in self.rows:
            for i, text in enumerate(row):
                least[i] = max(least[i], *(self.measure(w) for w in text.split() or [""]))
                want[i] = max(want[i], self.measure(text))
        for cell in self.header:
            if cell.span == 1:
                i = cell.first
                words = cell.text.split()
                least[i] = max(least[i], *(self.measure(w, True) for w in words))
                want[i] = max(want[i], self.measure(cell.text, True))
        pad = 2 * CELL_PAD + 0.5
        least = [w + pad for w in least]
        want = [max(w + pad, lo) for w, lo in zip(want, least, strict=True)]
        page = self.pdf.epw
        if sum(least) > page:
            return None
        if sum(want) <= page:
            return want
        spare = page - sum(least)
        extra = [w - lo for w, lo in zip(want, least, strict=True)]
        return [lo + spare * e / sum(extra) for lo, e in zip(least, extra, strict=True)]

    def x(self, column: int) -> float:
        return MARGIN + sum(self.widths[:column])

    def width(self, first: int, span: int) -> float:
        return sum(self.widths[first : first + span])

    def wrapped(self, text: str, width: float, bold: bool = False) -> list[str]:
        self.pdf.set_font("Body", style="B" if bold else "", size=self.size)
        return words_wrap(text, width - 2 * CELL_PAD, self.pdf.get_string_width) or [""]

    @property
    def pitch(self) -> float:
        return self.size * 1.2 * PT

    def cell(self, x: float, y: float, w: float, h: float, lines: list[str], bold: bool) -> None:
        pdf = self.pdf
        pdf.rect(x, y, w, h)
        pdf.set_font("Body", style="B" if bold else "", size=self.size)
        for number, line in enumerate(lines):
            if line:
                pdf.text(x + CELL_PAD, y + CELL_PAD + self.pitch * (number + 0.8), line)

    def header_heights(self) -> list[float]:
        levels = max((cell.level for cell in self.header), default=-1) + 1
        heights = [0.0] * levels
        for cell in self.header:
            if cell.rows == 1:
                lines = self.wrapped(cell.text, self.width(cell.first, cell.span), True)
                heights[cell.level] = max(heights[cell.level], len(lines) * self.pitch)
        for cell in self.header:  # a cell spanning both rows may need more room
            if cell.rows == 2:
                lines = self.wrapped(cell.text, self.width(cell.first, 1), True)
                heights[-1] = max(heights[-1], len(lines) * self.pitch - heights[0])
        return [h + 2 * CELL_PAD for h in heights]

    def draw_header(self) -> None:
        heights = self.header_heights()
        for cell in self.header:
            y = self.r.y + sum(heights[: cell.level])
            h = sum(heights[cell.level : cell.level + cell.rows])
            w = self.width(cell.first, cell.span)
            self.cell(self.x(cell.first), y, w, h, self.wrapped(cell.text, w, True), True)
        self.r.y += sum(heights)

    def draw(self) -> None:
        """The grid, breaking between rows onto new pages and repeating the header there."""
        r = self.r
        head = sum(self.header_heights()) if self.header else 0.0
        first = True
        for row in self.rows:
            cells = [self.wrapped(text, w) for text, w in zip(row, self.widths, strict=True)]
            height = max(len(lines) for lines in cells) * self.pitch + 2 * CELL_PAD
            if r.y + (head if first else 0.0) + height > r.bottom():
                r.new_page()
                first = True
            if first and self.header:
                self.draw_header()
            first = False
            for column, lines in enumerate(cells):
                self.cell(self.x(column), r.y, self.widths[column], height, lines, False)
            r.y += height
        r.y += PARAGRAPH_GAP * 2


def body_texts(pdf: Path, min_size: float = 9.5) -> list[str]:
    """Each page's text drawn at `min_size` pt or more (no running header, footer,
    footnotes or marks), letters and digits only, to check where a passage is."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        parts: list[str] = []

        def keep(text, cm, tm, font, size, parts=parts) -> None:
            if size * abs(tm[3] * cm[3]) >= min_size:
                parts.append(text)

        page.extract_text(visitor_text=keep)
        pages.append(re.sub(r"[\W_]+", "", "".join(parts)).casefold())
    return pages


def found_on(text: str, pages: list[str], first: int, last: int) -> set[tuple[int, int]]:
    """The pages (1-based) where each occurrence of `text` starts and ends, looked for in
    pages `first` to `last` of `pages` (from `body_texts`) read as one text."""
    text = re.sub(r"[\W_]+", "", text).casefold()
    first, last = max(first, 1), min(last, len(pages))
    window = "".join(pages[first - 1 : last])
    ends = [sum(len(body) for body in pages[first - 1 : page]) for page in range(first, last + 1)]

    def page_of(offset: int) -> int:
        return first + next(i for i, end in enumerate(ends) if offset < end)

    found = set()
    at = window.find(text) if text else -1
    while at >= 0:
        found.add((page_of(at), page_of(at + len(text) - 1)))
        at = window.find(text, at + 1)
    return found


def render_word_pdf(source: Path, target: Path, look: Look | str = "word-sans") -> int:
    """Render the UTF-8 text reply `source` to the PDF `target`; return the page count."""
    look = LOOKS[look] if isinstance(look, str) else look
    text = Path(source).read_text(encoding="utf-8-sig")
    lines = text.replace("\r\n", "\n").split("\n")
    match = CODE_RE.search(text)
    pdf = WordPDF(match.group(0) if match else "", look)
    Renderer(pdf).render(lines)
    pdf.output(str(target))
    return pdf.page_no()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--look", choices=sorted(LOOKS), default="word-sans")
    args = parser.parse_args()
    pages = render_word_pdf(args.source, args.target, args.look)
    print(f"{args.target}: {pages} pages ({args.look})")
