"""Read a Word .docx reply into logical source lines (see `load.SourceLine`), like a text reply.

docx2python extracts the body (running headers and footers are separate parts, so they are
left out), its runs, tables (merged cells), footnotes and endnotes. On top of it:

* Word's AUTOMATIC numbering (question and item numbers that are not in the paragraph text)
  is counted by `wordlists` as Word counts it and printed the way the list defines it
  ("12.", "(a)", "Part 1 –", "40.1"), bullets as "- ";
* each paragraph is a block of its own (a blank line between), consecutive bullets stay
  together, line breaks inside a paragraph are lines of its block, tabs are spaces;
* a data table becomes one TAB-separated line per row, a merged cell's text in its first
  column (so a two-level header reads like a text reply's); a table used for layout (long
  text in its cells) gives its cells' paragraphs;
* footnotes and endnotes come back as paragraphs of their own, "[3] text", numbered in the
  order they are referenced, after the paragraph that cites them or, when a list, a table or
  a continuing sentence follows, after that; the reference marks are dropped;
* pages are those Word last laid the file out on (`w:lastRenderedPageBreak`, written when
  Word saves); a file without these marks has no pages.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greta_search.load import InputError, SourceLine
from greta_search.texttables import is_typed_row, typed_rows
from greta_search.wordlists import W, number_paragraphs

ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # an OLE stream of a password-protected file
NOTE_MARK_RE = re.compile(r"----(footnote|endnote)(-?\d+)----")
IMAGE_RE = re.compile(r"----(?:Image alt text---->[^<]*<|media/[^\s-]+(?:-[^\s-]+)*----)")
LINK_RE = re.compile(r'<a href="[^"]*">(.*?)</a>', re.DOTALL)
NOTE_PREFIX_RE = re.compile(r"^(?:footnote|endnote)-?\d+\)\t\s*")
WHITE_RE = re.compile(r"\s+")
FULL_STOP_RE = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
CAPTION_RE = re.compile(r"^Table\s+\d+\b")
LAYOUT_CELL = 300  # a table with a cell longer than this is layout, not data


@dataclass
class Block:
    """A paragraph (its lines), a bullet, or a table (its TAB-separated rows)."""

    lines: list[str]
    kind: str = "text"  # "text", "bullet" or "table"
    notes: list[str] = field(default_factory=list)  # "[n] text" the block references
    page: int | None = None


def extract_lines(path: Path, raw: bytes) -> list[SourceLine]:
    """Read a .docx into logical lines, with the pages Word last laid them out on (None when
    the file does not say); raise InputError on bad input."""
    _check_container(path, raw)
    from docx2python import docx2python

    try:
        with warnings.catch_warnings(), docx2python(
                io.BytesIO(raw), duplicate_merged_cells=False) as content:
            warnings.simplefilter("ignore")  # docx2python's notes on formats it substitutes
            reader = content.docx_reader
            root = reader.file_of_type("officeDocument").root_element
            labels = number_paragraphs(reader.zipf, root)
            body = content.body_pars
            notes = {**_notes(content, "footnote"), **_notes(content, "endnote")}
            pages = _pages(root)
    except Exception as err:  # lxml and docx2python fail in many ways on damaged parts
        raise InputError(f"{path}: damaged Word .docx file ({_one_line(err)})") from None
    blocks = _typed_tables(list(_blocks(body, labels, notes, pages)))
    return _lines(blocks)


def _check_container(path: Path, raw: bytes) -> None:
    """A readable ZIP holding word/document.xml, or a clear error: an encrypted document
    or an old binary .doc (both OLE files), a damaged or truncated archive."""
    if raw.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(f"{path}: is a PDF but is named {path.suffix}")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        if ENCRYPTED in raw:
            raise InputError(f"{path}: password-protected Word document; remove the "
                             "password in Word (File > Info > Protect Document) and save again")
        raise InputError(f"{path}: is an old binary Word .doc file, not .docx; open it in "
                         "Word and save it as .docx or PDF")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise InputError(f"{path}: damaged or truncated .docx file, not a readable ZIP "
                         f"archive ({_one_line(err)})") from None
    if "word/document.xml" not in names:
        raise InputError(f"{path}: is a ZIP archive but not a Word document "
                         "(no word/document.xml)")


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:200] or type(err).__name__


# --- pages and blocks -------------------------------------------------------------------------


def _pages(root: Any) -> dict[Any, int]:
    """The page each paragraph starts on (its first text), from the marks Word leaves where
    it last broke the pages when it saved the file (`w:lastRenderedPageBreak`); empty when
    there are none (a one-page file, or one not saved by Word)."""
    pages: dict[Any, int] = {}
    if next(root.iter(f"{W}lastRenderedPageBreak"), None) is None:
        return pages
    page, current = 1, None
    for node in root.iter(f"{W}p", f"{W}t", f"{W}lastRenderedPageBreak"):
        if node.tag == f"{W}p":
            current = node
        elif node.tag == f"{W}lastRenderedPageBreak":
            page += 1
        elif current is not None and current not in pages:
            pages[current] = page
    return pages


def _clean(text: str, gaps: bool = False) -> str:
    """A paragraph's text without image placeholders and link markup, tabs as spaces;
    `gaps`: runs of two spaces or more (and such an indent) are kept, as a typed table
    needs them (`_typed_tables`)."""
    text = LINK_RE.sub(r"\1", IMAGE_RE.sub("", text))
    if not gaps:
        return "\n".join(" ".join(line.replace("\t", " ").split()) for line in text.split("\n"))
    lines = (WHITE_RE.sub(_space, line.replace("\t", " ")).rstrip() for line in text.split("\n"))
    return "\n".join(line if line.startswith("  ") else line.lstrip() for line in lines)


def _space(match: re.Match[str]) -> str:
    """A run of whitespace as one space, or as it is if made of two spaces or more."""
    return match.group() if len(match.group()) > 1 and match.group().count(" ") == len(
        match.group()) else " "


def _notes(content: Any, kind: str) -> dict[str, str]:
    """{"footnote3": text} for the footnotes (or endnotes) of the document."""
    try:
        tables = content.footnotes_pars if kind == "footnote" else content.endnotes_pars
    except KeyError:  # docx2python needs the part to declare the "r" namespace
        return {}
    notes: dict[str, str] = {}
    for table in tables:
        for row in table:
            for cell in row:
                for par in cell:
                    text = "".join(par.run_strings)
                    mark = re.match(rf"^{kind}(-?\d+)\)\t", text)
                    key = f"{kind}{mark.group(1)}" if mark else None
                    if key:
                        notes[key] = ""
                    elif not notes:
                        continue
                    else:
                        key = list(notes)[-1]
                    body = " ".join(_clean(NOTE_PREFIX_RE.sub("", text)).split())
                    notes[key] = f"{notes[key]} {body}".strip()
    return {key: text for key, text in notes.items() if text}


def _paragraph_text(par: Any, labels: dict[Any, str]) -> tuple[str, list[str]]:
    """The paragraph's text with its printed number, and the note keys it references."""
    label = labels.get(par.elem, "")
    text = "".join(par.run_strings)
    keys = [f"{kind}{ident}" for kind, ident in NOTE_MARK_RE.findall(text)]
    text = _clean(NOTE_MARK_RE.sub("", text), gaps=True).strip("\n")
    return ((label + text.lstrip() if label else text) if text else ""), keys


def _blocks(body: list, labels: dict[Any, str], notes: dict[str, str], pages: dict[Any, int]
            ) -> Iterator[Block]:
    """The document's paragraphs and tables in order, as blocks, with their notes."""
    numbers: dict[str, int] = {}  # note key -> its printed number, in order of reference

    def marks(keys: list[str]) -> list[str]:
        out = []
        for key in keys:
            if key in notes and key not in numbers:
                numbers[key] = len(numbers) + 1
                out.append(f"[{numbers[key]}] {notes[key]}")
        return out

    for table in body:
        cells = [[[(*_paragraph_text(par, labels), pages.get(par.elem))
                   for par in cell] for cell in row] for row in table]
        flat = [text for row in cells for cell in row for text in cell]
        if _data_table(table, cells):
            title, rows, keys = None, [], []
            for row in cells:
                texts = [" ".join(" ".join(t.split()) for t, _, _ in cell if t) for cell in row]
                keys += [k for cell in row for _, ks, _ in cell for k in ks]
                if not rows and title is None and sum(map(bool, texts)) == 1 and len(cells) > 2:
                    title = next(filter(None, texts))  # a title row across the table
                elif any(texts):
                    rows.append("\t".join(texts))
            page = next((page for _, _, page in flat if page), None)
            if title:
                yield Block([title], "text", [], page)
            if rows:
                yield Block(rows, "table", marks(keys), page)
            continue
        for text, keys, page in flat:
            if text:
                kind = "bullet" if text.lstrip().startswith("- ") else "text"
                yield Block(text.split("\n"), kind, marks(keys), page)


def _typed_tables(blocks: list[Block]) -> list[Block]:
    """The blocks with tables typed as plain text (one paragraph per row: pipes, a grid,
    columns aligned by spaces; `texttables.typed_rows`) joined into one block each, their
    spaces kept; in any other paragraph runs of spaces become one space."""
    out: list[Block] = []
    start = 0
    while start < len(blocks):
        end = start
        while (end < len(blocks) and blocks[end].kind == "text" and len(blocks[end].lines) == 1
               and is_typed_row(blocks[end].lines[0])):
            end += 1
        rows = typed_rows([block.lines[0] for block in blocks[start:end]])
        if rows:
            table = blocks[start : start + rows]
            out.append(Block([b.lines[0] for b in table], "table",
                             [note for b in table for note in b.notes], table[0].page))
            start += rows
            continue
        block = blocks[start]
        if block.kind != "table":
            block.lines = [" ".join(line.split()) for line in block.lines]
        out.append(block)
        start += 1
    return out


def _data_table(table: list, cells: list) -> bool:
    """A Word table of two rows and two columns or more whose cells hold no long text (a
    table used to lay text out gives its paragraphs instead)."""
    first = next((par for row in table for cell in row for par in cell), None)
    return (first is not None and first.lineage[1] == "tbl" and len(table) > 1
            and max(len(row) for row in table) > 1
            and all(len(" ".join(t for t, _, _ in cell)) <= LAYOUT_CELL
                    for row in cells for cell in row))


def _lines(blocks: list[Block]) -> list[SourceLine]:
    """Blocks as lines, a blank line between blocks (not between bullets); each block's notes
    follow it or, where a list, a table or a continuing sentence follows, the next block that
    allows them."""
    out: list[SourceLine] = []
    pending: list[tuple[str, int | None]] = []
    for index, block in enumerate(blocks):
        if out and not (block.kind == "bullet" and blocks[index - 1].kind == "bullet"):
            out.append(SourceLine("", block.page))
        out.extend(SourceLine(line, block.page) for line in block.lines)
        pending += [(note, block.page) for note in block.notes]
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        if pending and (after is None or _note_slot(block, after)):
            for note, page in pending:
                out.extend([SourceLine("", page), SourceLine(note, page)])
            pending = []
    return out


def _note_slot(before: Block, after: Block) -> bool:
    """Whether notes may stand between two blocks: the first ends a sentence or a table (and
    is no caption), the next is no bullet, table or lower-case continuation."""
    last = before.lines[-1]
    ended = before.kind == "table" or (FULL_STOP_RE.search(last) and not CAPTION_RE.match(last))
    first = after.lines[0]
    return bool(ended) and after.kind == "text" and not first[:1].islower()
