"""Render a plain-text GRETA reply into an A4 PDF that looks like a real GRETA document.

The PDF is a test fixture for `greta_search.pdf`: it has a running header with the document
code, page numbers in the footer, paragraphs that break across pages, long words
hyphenated at line ends, and statistics tables drawn as rows of cells at column positions.
The output is deterministic (fixed creation date, no randomness).

With `typed`, a line with a run of two spaces or more (an indent too) or a pipe (a table
typed as plain text) is drawn as typed, its spaces kept, as a text editor prints it: as
one string ("line") or as its pieces between the runs of spaces, each at its place
("pieces", as some producers position them); a line too wide for the page wraps at its
last space that fits (inside a word if none does), the rest at the margin, as LibreOffice
wraps it; `mono` sets the text in DejaVu Sans Mono.

Usage: python scripts/render_pdf.py SRC.txt OUT.pdf [--typed line|pieces] [--mono]
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

CODE_RE = re.compile(r"GRETA\(\d{4}\)\d+\S*")
FONT_NAME = "DejaVu"
BODY_SIZE = 10.0  # pt
TABLE_SIZE = 9.0  # pt, shrunk further for tables wider than the page
LEADING = 1.42  # line pitch as a multiple of the font size
MARGIN = 20.0  # mm, left and right
TOP = 22.0  # mm, first body baseline area starts here
BOTTOM = 272.0  # mm, no body text below this line
BLOCK_GAP = 2.5  # mm of extra space for a blank line of the source
CELL_GAP_EM = 2.5  # horizontal gap between table cells, in ems of the table font
MIN_SPLIT_WORD = 10  # hyphenate words of at least this many letters
MIN_FRAGMENT = 4  # letters kept on each side of a hyphenation point
PT = 25.4 / 72  # mm per point
FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)

Measure = Callable[[str], float]


TYPED_RE = re.compile(r"^  +\S|\S  +\S|\|")  # a line typed with runs of spaces or pipes
PIECE_RE = re.compile(r"\S+(?: \S+)*")  # the text between runs of two spaces or more


def find_font(name: str = "DejaVuSans.ttf") -> Path:
    """Locate a DejaVu font in the system fonts or in matplotlib's bundled fonts."""
    candidates = [Path("/usr/share/fonts/truetype/dejavu") / name]
    try:
        import matplotlib

        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"{name} not found (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); install fonts-dejavu-core or matplotlib"
    )


class ReplyPDF(FPDF):
    """FPDF with a GRETA-style running header (document code) and a page-number footer."""

    def __init__(self, code: str, mono: bool = False) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.code = code
        self.add_font(FONT_NAME, fname=str(find_font("DejaVuSansMono.ttf" if mono else
                                                     "DejaVuSans.ttf")))
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_creation_date(FIXED_DATE)

    def header(self) -> None:
        """Document code at the top right, above a thin rule."""
        if self.code:
            self.set_font(FONT_NAME, size=8)
            self.set_xy(MARGIN, 10)
            self.cell(self.epw, 4, self.code, align="R")
            self.line(MARGIN, 14.5, self.w - MARGIN, 14.5)
        self.set_font(FONT_NAME, size=BODY_SIZE)

    def footer(self) -> None:
        """Page number centred at the bottom."""
        self.set_font(FONT_NAME, size=9)
        self.set_xy(MARGIN, self.h - 14)
        self.cell(self.epw, 4, str(self.page_no()), align="C")


def clean(text: str) -> str:
    """Strip markdown bold markers and surrounding whitespace."""
    return text.replace("**", "").strip()


def split_long_word(word: str, room: float, measure: Measure) -> tuple[str, str] | None:
    """Split `word` so that the head plus a hyphen fits in `room`, or None.

    A word with a hyphen of its own breaks after that hyphen; otherwise only a run of at
    least MIN_SPLIT_WORD letters is split, keeping MIN_FRAGMENT letters on each side.
    """
    for cut in range(len(word) - 1, 1, -1):
        compound = word[cut - 1] == "-" and word[cut - 2].isalpha() and word[cut].isalpha()
        if compound and measure(word[:cut]) <= room:
            return word[:cut], word[cut:]
    match = re.search(rf"[^\W\d_]{{{MIN_SPLIT_WORD},}}", word)
    if match is None:
        return None
    start, end = match.span()
    for cut in range(end - MIN_FRAGMENT, start + MIN_FRAGMENT - 1, -1):
        if measure(word[:cut] + "-") <= room:
            return word[:cut] + "-", word[cut:]
    return None


def wrap(text: str, first: float, rest: float, measure: Measure) -> list[str]:
    """Greedy line breaking to widths `first` (first line) and `rest` (mm), with hyphenation."""
    lines: list[str] = []
    current = ""
    words = text.split()
    while words:
        word = words.pop(0)
        width = first if not lines else rest
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        room = width - measure(f"{current} ") if current else width
        split = split_long_word(word, room, measure)
        if split is not None:
            head, tail = split
            lines.append(f"{current} {head}" if current else head)
            current = ""
            words.insert(0, tail)
        elif current:
            lines.append(current)
            current = ""
            words.insert(0, word)
        else:  # a single word wider than the line: let it overflow
            lines.append(word)
    if current:
        lines.append(current)
    return lines


def typed_wrap(text: str, width: float, measure: Measure) -> list[str]:
    """A typed line broken to `width` with its spaces kept: at the last space that fits
    (the spaces there dropped), inside a word when no space does."""
    lines = []
    while measure(text) > width:
        fit = max(n for n in range(1, len(text) + 1) if measure(text[:n]) <= width)
        cut = text.rfind(" ", 0, fit + 1)
        head, text = (text[:cut], text[cut:]) if text[:cut].strip() else (text[:fit], text[fit:])
        lines.append(head.rstrip())
        text = text.lstrip()
    return [*lines, text]


class Renderer:
    """Lays out the source lines page by page."""

    def __init__(self, pdf: ReplyPDF, typed: str | None = None) -> None:
        self.pdf = pdf
        self.typed = typed
        self.y = TOP
        self.gap_pending = False

    def new_page(self) -> None:
        """Start a page; a pending block gap is dropped at the top of a page."""
        self.pdf.add_page()
        self.y = TOP
        self.gap_pending = False

    def advance(self, height: float) -> float:
        """Reserve `height` mm for one line, breaking the page if needed; return its top."""
        if self.gap_pending and self.y > TOP:
            self.y += BLOCK_GAP
        self.gap_pending = False
        if self.y + height > BOTTOM:
            self.new_page()
        top = self.y
        self.y += height
        return top

    def paragraph(self, text: str) -> None:
        """A paragraph or a "- " bullet (with a hanging indent), ragged right."""
        pdf = self.pdf
        pdf.set_font(FONT_NAME, size=BODY_SIZE)
        if self.typed and TYPED_RE.search(text):
            for part in typed_wrap(text, pdf.epw, pdf.get_string_width):
                self.typed_line(part)
            return
        text = clean(text)
        indent = pdf.get_string_width("- ") if text.startswith("- ") else 0.0
        lines = wrap(text, pdf.epw, pdf.epw - indent, pdf.get_string_width)
        height = BODY_SIZE * LEADING * PT
        for number, line in enumerate(lines):
            top = self.advance(height)
            x = MARGIN + (indent if number else 0.0)
            pdf.set_xy(x, top)
            pdf.cell(MARGIN + pdf.epw - x, height, line)

    def typed_line(self, text: str) -> None:
        """A line as typed, its spaces kept: one string, or its pieces each at its place."""
        pdf = self.pdf
        height = BODY_SIZE * LEADING * PT
        top = self.advance(height)
        baseline = top + height * 0.75
        if self.typed == "line":
            pdf.text(MARGIN, baseline, text)
            return
        for piece in PIECE_RE.finditer(text):
            pdf.text(MARGIN + pdf.get_string_width(text[: piece.start()]), baseline,
                     piece.group())

    def table(self, rows: list[str]) -> None:
        """TAB-separated rows (blank rows make a gap) drawn with cells at column positions."""
        pdf = self.pdf
        cells = [[clean(cell) for cell in row.split("\t")] for row in rows]
        columns = max(len(row) for row in cells)
        pdf.set_font(FONT_NAME, size=1)
        widths = [0.0] * columns
        for row in cells:
            for index, cell in enumerate(row):
                widths[index] = max(widths[index], pdf.get_string_width(cell))
        gap = CELL_GAP_EM * PT
        size = min(TABLE_SIZE, pdf.epw / (sum(widths) + gap * (columns - 1)))
        starts = [MARGIN + sum(w + gap for w in widths[:i]) * size for i in range(columns)]
        pdf.set_font(FONT_NAME, size=size)
        height = size * LEADING * PT
        for row in cells:
            if not any(row):
                self.gap_pending = True
                continue
            top = self.advance(height)
            for x, cell in zip(starts, row, strict=False):
                if cell:
                    pdf.text(x, top + height * 0.75, cell)

    def render(self, lines: list[str]) -> None:
        """Lay out all source lines: blank lines are block gaps, TAB lines are tables."""
        self.new_page()
        index = 0
        while index < len(lines):
            line = lines[index]
            if "\t" in line:
                end = table_end(lines, index)
                self.table(lines[index:end])
                index = end
                continue
            if not line.strip():
                self.gap_pending = True
            elif clean(line):
                self.paragraph(line.rstrip() if self.typed else clean(line))
            index += 1


def table_end(lines: list[str], start: int) -> int:
    """Index after the table starting at `start`; blank lines between rows belong to it."""
    end = start
    for index in range(start, len(lines)):
        if "\t" in lines[index]:
            end = index + 1
        elif lines[index].strip():
            break
    return end


def render_pdf(source: Path, target: Path, typed: str | None = None, mono: bool = False) -> int:
    """Render the UTF-8 text reply `source` to the PDF `target` (`typed`, `mono`: see the
    module docstring); return the page count."""
    text = Path(source).read_text(encoding="utf-8-sig")
    match = CODE_RE.search(text)
    pdf = ReplyPDF(match.group(0) if match else "", mono)
    renderer = Renderer(pdf, typed)
    renderer.render(text.replace("\r\n", "\n").split("\n"))
    pdf.output(str(target))
    return pdf.page_no()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Render a text reply as a GRETA-like PDF.")
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--typed", choices=["line", "pieces"], default=None)
    parser.add_argument("--mono", action="store_true")
    args = parser.parse_args()
    pages = render_pdf(args.source, args.target, args.typed, args.mono)
    print(f"{args.target}: {pages} pages")
