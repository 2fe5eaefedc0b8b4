"""Read a Word .docx reply into logical source lines (see `load.SourceLine`), like a text reply.

docx2python extracts the body (running headers and footers are separate parts, so they are
left out), renders Word's AUTOMATIC numbering (question and item numbers that are not in the
paragraph text) and reads tables cell by cell. On top of it:

* numbering linked to a paragraph style ("List Number", "List Bullet", numbered headings) is
  copied onto the paragraphs, which docx2python alone leaves unnumbered; "numbering removed"
  (`numId` 0), "Set Numbering Value" (`startOverride`) and "01." lists are honoured;
* the number is printed the way the list defines it (`lvlText`: "12.", "(a)", "Part 1 –",
  "40.1"), bullets as "- ";
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

import dataclasses
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greta_search.load import InputError, SourceLine

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # an OLE stream of a password-protected file
PREFIX_RE = re.compile(r"^\t*(--|[0-9A-Za-z]+\))\t$")  # docx2python's rendered number
NOTE_MARK_RE = re.compile(r"----(footnote|endnote)(-?\d+)----")
IMAGE_RE = re.compile(r"----(?:Image alt text---->[^<]*<|media/[^\s-]+(?:-[^\s-]+)*----)")
LINK_RE = re.compile(r'<a href="[^"]*">(.*?)</a>', re.DOTALL)
NOTE_PREFIX_RE = re.compile(r"^(?:footnote|endnote)-?\d+\)\t\s*")
LEVEL_RE = re.compile(r"%([1-9])")
FULL_STOP_RE = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
CAPTION_RE = re.compile(r"^Table\s+\d+\b")
DECIMALS = {"decimalZero", "decimalFullWidth", "decimalHalfWidth", "decimalEnclosedFullstop",
            "decimalEnclosedParen", "decimalEnclosedCircle", "ordinal"}  # counted as decimal
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
            levels = _prepare_numbering(reader)
            body = content.body_pars
            notes = {**_notes(content, "footnote"), **_notes(content, "endnote")}
            pages = _pages(reader.file_of_type("officeDocument").root_element)
    except Exception as err:  # lxml and docx2python fail in many ways on damaged parts
        raise InputError(f"{path}: damaged Word .docx file ({_one_line(err)})") from None
    blocks = list(_blocks(body, levels, notes, pages))
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


# --- numbering ------------------------------------------------------------------------------


def _prepare_numbering(reader: Any) -> dict[str, dict[int, tuple[str, str]]]:
    """Make docx2python number paragraphs as Word does: numbering linked to a paragraph style
    is copied onto the paragraphs (docx2python reads it from the paragraph only), `numId` 0
    ("no numbering") is dropped, a list instance's `startOverride` ("Set Numbering Value") is
    given to docx2python, which ignores it, and decimal formats it does not know ("01.")
    count as decimal instead of becoming bullets. Returns each numId's levels:
    {ilvl: (numFmt, lvlText)}."""
    from lxml import etree

    zipf = reader.zipf
    levels: dict[str, dict[int, tuple[str, str]]] = {}
    style_levels: dict[str, int] = {}  # a style a list level is linked to -> that level
    if "word/numbering.xml" in zipf.namelist():
        numbering = etree.fromstring(zipf.read("word/numbering.xml"))
        abstract: dict[str, dict[int, tuple[str, str]]] = {}
        for node in numbering.iter(f"{W}abstractNum"):
            defs = abstract.setdefault(node.get(f"{W}abstractNumId"), {})
            for lvl in node.iter(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                defs[ilvl] = (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "")
                if _val(lvl, "pStyle"):
                    style_levels[_val(lvl, "pStyle")] = ilvl
        attrs = reader.numId2Attrs  # docx2python's format and start, per numId and level
        for num in numbering.iter(f"{W}num"):
            num_id = num.get(f"{W}numId")
            levels[num_id] = dict(abstract.get(_val(num, "abstractNumId"), {}))
            if num_id not in attrs:
                continue
            attrs[num_id] = [dataclasses.replace(a, fmt="decimal") if a.fmt in DECIMALS else a
                             for a in attrs[num_id]]
            for override in num.iter(f"{W}lvlOverride"):
                ilvl, start = int(override.get(f"{W}ilvl", "0")), _val(override, "startOverride")
                if start and ilvl < len(attrs[num_id]):
                    attrs[num_id][ilvl] = dataclasses.replace(attrs[num_id][ilvl],
                                                              start=int(start))
    _number_styled_paragraphs(reader, levels, _style_numbering(zipf, style_levels))
    return levels


def _number_styled_paragraphs(reader: Any, levels: dict, styles: dict[str, tuple[str, int]]
                              ) -> None:
    """Give each paragraph of a numbering style its `numPr`; drop a `numPr` that numbers
    nothing (numId 0 or unknown)."""
    from lxml import etree

    document = reader.file_of_type("officeDocument").root_element
    for paragraph in document.iter(f"{W}p"):
        ppr = paragraph.find(f"{W}pPr")
        if ppr is None:
            continue
        numpr = ppr.find(f"{W}numPr")
        if numpr is None and _val(ppr, "pStyle") in styles:
            num_id, ilvl = styles[_val(ppr, "pStyle")]
            numpr = etree.SubElement(ppr, f"{W}numPr")
            etree.SubElement(numpr, f"{W}ilvl").set(f"{W}val", str(ilvl))
            etree.SubElement(numpr, f"{W}numId").set(f"{W}val", num_id)
        if numpr is None:
            continue
        if numpr.find(f"{W}ilvl") is None:
            etree.SubElement(numpr, f"{W}ilvl").set(f"{W}val", "0")
        if _val(numpr, "numId") not in levels or _val(numpr, "numId") == "0":
            ppr.remove(numpr)


def _style_numbering(zipf: zipfile.ZipFile, style_levels: dict[str, int]
                     ) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs: styleId -> (numId, ilvl), following
    `basedOn`; a style whose numId is 0 numbers nothing."""
    from lxml import etree

    if "word/styles.xml" not in zipf.namelist():
        return {}
    root = etree.fromstring(zipf.read("word/styles.xml"))
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for style in root.iter(f"{W}style"):
        ident = style.get(f"{W}styleId")
        if not ident or style.get(f"{W}type") != "paragraph":
            continue
        if _val(style, "basedOn"):
            based[ident] = _val(style, "basedOn")
        numpr = style.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            ilvl = _val(numpr, "ilvl")
            own[ident] = (_val(numpr, "numId"), int(ilvl) if ilvl else None)
    found: dict[str, tuple[str, int]] = {}
    for ident in {s.get(f"{W}styleId") for s in root.iter(f"{W}style")} - {None}:
        seen, current = set(), ident
        while current and current not in own and current not in seen:
            seen.add(current)
            current = based.get(current)
        if current in own and own[current][0] not in (None, "0"):
            num_id, ilvl = own[current]
            found[ident] = (num_id, ilvl if ilvl is not None else style_levels.get(ident, 0))
    return found


def _val(node: Any, tag: str) -> str | None:
    child = node.find(f"{W}{tag}")
    return child.get(f"{W}val") if child is not None else None


def _label(paragraph: Any, prefix: str, levels: dict, printed: dict) -> str:
    """The printed number of an automatically numbered paragraph, from docx2python's rendered
    counter and the list level's lvlText ("%1." -> "12.", "(%2)" -> "(b)"); "- " for a
    bullet."""
    value = prefix.strip("\t").removesuffix(")")
    numpr = paragraph.find(f"{W}pPr/{W}numPr")
    num_id, ilvl = _val(numpr, "numId"), int(_val(numpr, "ilvl") or 0)
    fmt, text = levels.get(num_id, {}).get(ilvl, ("bullet" if value == "--" else "", ""))
    if value == "--" or fmt in ("bullet", "none"):
        return "- " if fmt != "none" else ""
    if fmt == "decimalZero":
        value = value.zfill(2)
    counters = printed.setdefault(num_id, {})
    counters[ilvl] = value
    for deeper in [level for level in counters if level > ilvl]:
        del counters[deeper]
    if not text:
        return f"{value}) "
    label = LEVEL_RE.sub(lambda m: counters.get(int(m.group(1)) - 1, "1"), text)
    return f"{label.strip()} "


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


def _clean(text: str) -> str:
    """A paragraph's text without image placeholders and link markup, tabs as spaces."""
    text = LINK_RE.sub(r"\1", IMAGE_RE.sub("", text))
    return "\n".join(" ".join(line.replace("\t", " ").split()) for line in text.split("\n"))


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


def _paragraph_text(par: Any, levels: dict, printed: dict) -> tuple[str, list[str]]:
    """The paragraph's text with its printed number, and the note keys it references."""
    runs = list(par.run_strings)
    label = ""
    if runs and PREFIX_RE.match(runs[0]) and par.elem.find(f"{W}pPr/{W}numPr") is not None:
        label = _label(par.elem, runs.pop(0), levels, printed)
    text = "".join(runs)
    keys = [f"{kind}{ident}" for kind, ident in NOTE_MARK_RE.findall(text)]
    text = _clean(NOTE_MARK_RE.sub("", text)).strip("\n")
    return (label + text if text else ""), keys


def _blocks(body: list, levels: dict, notes: dict[str, str], pages: dict[Any, int]
            ) -> Iterator[Block]:
    """The document's paragraphs and tables in order, as blocks, with their notes."""
    printed: dict = {}
    numbers: dict[str, int] = {}  # note key -> its printed number, in order of reference

    def marks(keys: list[str]) -> list[str]:
        out = []
        for key in keys:
            if key in notes and key not in numbers:
                numbers[key] = len(numbers) + 1
                out.append(f"[{numbers[key]}] {notes[key]}")
        return out

    for table in body:
        cells = [[[(*_paragraph_text(par, levels, printed), pages.get(par.elem))
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
                kind = "bullet" if text.startswith("- ") else "text"
                yield Block(text.split("\n"), kind, marks(keys), page)


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
