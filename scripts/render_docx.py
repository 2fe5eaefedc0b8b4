"""Write a plain-text GRETA reply as a Word .docx, the way States write their replies.

The fixture of `greta_search.wordfile` (tests/test_word_docx.py): the reply is parsed to know
its question and item lines, then written with python-docx in one of three looks:

* `auto`: questions and lettered (or roman) items numbered AUTOMATICALLY, as Word's
  numbering button does (a two-level list: `w:numPr` on each paragraph; the digits and
  letters are not in the text), bullets in the "List Bullet" style (numbering linked to the
  style, not the paragraph), footnotes;
* `list-number`: questions in Word's "List Number" style (numbering linked to the style),
  each question's items in a list of its own restarted at "a)", footnotes;
* `typed`: numbers, letters and bullets typed in the text, as many States do.

Every look has: the title page on a page of its own, Parts and Sections in the "Heading 1" /
"Heading 2" styles, statistics tables as real Word tables built from the records
`greta_search.tables` parses (two-level headers with merged cells, a repeated header row),
questions set out in a "Question | Reply" table as a ruled table of two columns,
a running header (the document code) and footer ("Page N", a PAGE field). The `auto` and
`list-number` looks carry the marks Word leaves where it last broke the pages when it saves
(`w:lastRenderedPageBreak`, pages estimated from text lengths, paragraphs kept whole); the
`typed` look has none, like a .docx written by another program. Deterministic: fixed dates,
fixed ZIP timestamps.

Usage: python scripts/render_docx.py SRC.txt OUT.docx [--look auto|list-number|typed]
"""

from __future__ import annotations

import argparse
import copy
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from render_pdf import CODE_RE, table_end  # noqa: E402
from render_word_pdf import NOTES, Grid  # noqa: E402

from greta_search import layout  # noqa: E402
from greta_search.load import SourceLine  # noqa: E402
from greta_search.parse import parse_lines  # noqa: E402
from greta_search.parse_shapes import QA_HEADER_RE, row_cells  # noqa: E402
from greta_search.tables import CAPTION_RE, StatTable, parse_table  # noqa: E402

FIXED_DATE = datetime(2024, 1, 1)
CHARS_PER_LINE = 95  # A4, 11 pt: characters on a line of body text
LINES_PER_PAGE = 46
NOTE_EVERY = 7  # every 7th long paragraph gets a footnote
LIST_ID = 90  # numId/abstractNumId of the two-level question/item list ("auto")
ITEM_LIST_ID = 91  # abstractNumId of the per-question item lists ("list-number")
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@dataclass(frozen=True)
class Look:
    questions: str = "direct"  # "direct" (w:numPr), "style" (List Number) or "typed"
    items: str = "auto"  # "auto" or "typed"
    footnotes: bool = True
    paginated: bool = True  # Word's marks where it last broke the pages (w:lastRenderedPageBreak)


LOOKS = {
    "auto": Look(),
    "list-number": Look(questions="style"),
    "typed": Look(questions="typed", items="typed", footnotes=False, paginated=False),
}


def _level(ilvl: int, fmt: str, text: str) -> str:
    indent = 360 * (ilvl + 1)
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>')


@dataclass
class Writer:
    """Writes the source lines into a python-docx Document."""

    look: Look
    questions: dict[int, int]  # 1-based source line of a question heading -> its number
    items: dict[int, int]  # 1-based source line of a lettered item -> its question's number
    roman: bool  # items printed as roman numerals
    document: docx.document.Document = field(default_factory=docx.Document)
    notes: list[str] = field(default_factory=list)
    long_paragraphs: int = 0
    item_lists: dict[int, int] = field(default_factory=dict)  # question -> numId
    last: int = 0  # the number of the last question written
    question_list: int | None = None  # the numId questions continue in, once restarted
    page: int = 1
    filled: float = 0.0  # lines on the current page
    pages: dict[int, int] = field(default_factory=dict)  # question number -> its page

    def __post_init__(self) -> None:
        numbering = self.document.part.numbering_part.element
        item_fmt, item_text = ("lowerRoman", "(%2)") if self.roman else ("lowerLetter", "%2)")
        two_levels = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{LIST_ID}">'
            '<w:multiLevelType w:val="multilevel"/>'
            f'{_level(0, "decimal", "%1.")}{_level(1, item_fmt, item_text)}</w:abstractNum>')
        one_level = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ITEM_LIST_ID}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            f'{_level(0, item_fmt, item_text.replace("%2", "%1"))}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))  # abstract definitions come first
        first_num.addprevious(two_levels)
        first_num.addprevious(one_level)
        numbering.append(self._num(LIST_ID, LIST_ID))

    @staticmethod
    def _num(num_id: int, abstract: int, restart: bool = False) -> object:
        override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                    if restart else "")
        return parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                         f'<w:abstractNumId w:val="{abstract}"/>{override}</w:num>')

    def _item_list(self, question: int) -> int:
        """A list of its own for the items of one question, restarted at its first item."""
        if question not in self.item_lists:
            num_id = 100 + len(self.item_lists)
            self.document.part.numbering_part.element.append(
                self._num(num_id, ITEM_LIST_ID, restart=True))
            self.item_lists[question] = num_id
        return self.item_lists[question]

    @staticmethod
    def _number(paragraph, num_id: int, ilvl: int) -> None:
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/>'
            '</w:numPr>'))

    def _runs(self, paragraph, raw: str) -> None:
        """The text with its **bold** stretches as bold runs."""
        for index, piece in enumerate(re.split(r"\*\*", raw)):
            if piece:
                paragraph.add_run(piece).bold = index % 2 == 1 or None

    def _add(self, raw: str, style: str | None = None, new_page: bool = False) -> object:
        paragraph = self.document.add_paragraph(style=style)
        lines = raw.split("\n")
        for number, line in enumerate(lines):
            self._runs(paragraph, line)
            if number < len(lines) - 1:
                paragraph.add_run().add_break()
        self.lay_out(paragraph, sum(-(-len(line) // CHARS_PER_LINE) or 1 for line in lines) + 1,
                     new_page)
        return paragraph

    def lay_out(self, paragraph, height: float, new_page: bool = False) -> None:
        """Pages as Word would break them (a paragraph kept whole): a paragraph that does not
        fit starts the next page, marked as Word marks it when it saves a file."""
        if new_page or self.filled and self.filled + height > LINES_PER_PAGE:
            self.page += 1
            self.filled = 0.0
            if self.look.paginated:
                runs = paragraph.runs or [paragraph.add_run()]
                runs[0]._r.insert(1 if runs[0]._r.rPr is not None else 0, parse_xml(
                    f'<w:lastRenderedPageBreak {nsdecls("w")}/>'))
        self.filled += height

    def footnote(self, paragraph, text: str) -> None:
        """A footnote reference at the end of the paragraph (its note written at the end)."""
        self.notes.append(text)
        run = paragraph.add_run()
        run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} '
                                f'w:id="{len(self.notes)}"/>'))
        run.font.superscript = True

    def restart(self, number: int) -> None:
        """Word's "Set Numbering Value": a new instance of the question list, starting at
        `number` (a reply that skips questions); the next questions continue in it."""
        numbering = self.document.part.numbering_part.element
        if self.look.questions == "style":
            style_num = self.document.styles["List Number"].element.pPr.numPr.numId.val
            num = next(n for n in numbering.iterchildren(qn("w:num"))
                       if n.get(qn("w:numId")) == str(style_num))
            abstract = int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        else:
            abstract = LIST_ID
        self.question_list = 200 + number
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{self.question_list}"><w:abstractNumId '
            f'w:val="{abstract}"/><w:lvlOverride w:ilvl="0"><w:startOverride '
            f'w:val="{number}"/></w:lvlOverride></w:num>'))

    def question(self, line: str, number: int) -> None:
        heading = layout.question_heading(layout.clean(line), line)
        body = heading.body if heading else layout.clean(line)
        bold = "**" in line
        if number != self.last + 1:
            self.restart(number)
        self.last = number
        paragraph = self._add(body, "List Number" if self.look.questions == "style" else None)
        if self.look.questions == "direct" or self.question_list:
            self._number(paragraph, self.question_list or LIST_ID, 0)
        if bold:
            for run in paragraph.runs:
                run.bold = True

    def item(self, line: str, question: int) -> bool:
        """An automatically numbered item; False when the line is not a labelled item."""
        heading = layout.item_heading(layout.clean(line))
        if heading is None:
            return False
        paragraph = self._add(heading.body)
        if self.look.questions == "direct":
            self._number(paragraph, self.question_list or LIST_ID, 1)
        else:
            self._number(paragraph, self._item_list(question), 0)
        return True

    def plain(self, raw: str) -> None:
        """A text paragraph (the lines of a block joined by line breaks); some long ones get a
        footnote."""
        paragraph = self._add(raw)
        if self.look.footnotes and len(raw) > 300 and "\n" not in raw:
            self.long_paragraphs += 1
            if self.long_paragraphs % NOTE_EVERY == 3:
                self.footnote(paragraph, NOTES[len(self.notes) % len(NOTES)])

    def table(self, caption: str, table: StatTable) -> None:
        """The caption, then a Word table: header cells merged as `Grid.header_cells` lays
        them out, one row per record."""
        self._add(layout.clean(caption)).runs[0].bold = True
        header = Grid.header_cells(SimpleNamespace(table=table))
        levels = max((cell.level + cell.rows for cell in header), default=0)
        body = [[row.label] + [row.cells[c].text for c in table.columns[1:]]
                for row in table.rows]
        grid = self.document.add_table(rows=levels + len(body), cols=len(table.columns))
        grid.style = "Table Grid"
        for cell in header:
            top = grid.cell(cell.level, cell.first)
            bottom = grid.cell(cell.level + cell.rows - 1, cell.first + cell.span - 1)
            merged = top.merge(bottom) if (top._tc is not bottom._tc) else top
            merged.text = cell.text
            merged.paragraphs[0].runs[0].bold = True
        for row in grid.rows[:levels]:  # repeat the header on every page
            row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        for index, values in enumerate(body):
            for column, text in enumerate(values):
                grid.cell(levels + index, column).text = text
            height = max(-(-len(text) // (CHARS_PER_LINE // len(values))) for text in values)
            self.lay_out(grid.cell(levels + index, 0).paragraphs[0], height + 0.5)

    def qa_table(self, rows: list[list[str]]) -> None:
        """Questions set out as a ruled two-column table, its header row bold."""
        grid = self.document.add_table(rows=len(rows), cols=2)
        grid.style = "Table Grid"
        for index, cells in enumerate(rows):
            for column, text in enumerate(cells):
                grid.cell(index, column).text = text
            if index == 0:
                for cell in grid.rows[0].cells:
                    cell.paragraphs[0].runs[0].bold = True
            height = max(-(-len(text) // (CHARS_PER_LINE // 2)) for text in cells)
            self.lay_out(grid.cell(index, 0).paragraphs[0], height + 0.5)

    def bullet(self, line: str) -> None:
        text = layout.strip_bullet(line)
        if self.look.items == "typed":
            self._add("• " + text)
        else:
            self._add(text, "List Bullet")

    def write(self, lines: list[str]) -> None:
        index, block, titled = 0, [], False

        def flush() -> None:
            if block:
                self.plain("\n".join(block))
                block.clear()

        while index < len(lines):
            line = lines[index].rstrip()
            number = index + 1
            clean = layout.clean(line)
            start = index + 1
            while start < len(lines) and not lines[start].strip():
                start += 1
            if not clean:
                flush()
            elif CAPTION_RE.match(clean) and start < len(lines) and "\t" in lines[start]:
                flush()
                end = table_end(lines, start)
                self.table(line, parse_table(line, lines[start:end]))
                index = end
                continue
            elif len(cells := row_cells(clean)) == 2 and all(map(QA_HEADER_RE.match, cells)):
                flush()  # a "Question | Reply" table: a ruled Word table of two columns
                rows, index = [cells], index + 1
                while index < len(lines) and (len(row_cells(lines[index])) == 2
                                              or not lines[index].strip()):
                    rows += [row_cells(lines[index])] if lines[index].strip() else []
                    index += 1
                self.qa_table(rows)
                continue
            elif "\t" in line:  # a table without caption: its cells as one paragraph
                flush()
                self._add(" ".join(clean.split()))
            elif number in self.questions:
                flush()
                if self.look.questions == "typed":
                    self._add(line)
                else:
                    self.question(line, self.questions[number])
                self.pages[self.questions[number]] = self.page
            elif number in self.items and self.look.items == "auto" and self.item(
                    line, self.items[number]):
                flush()
            elif layout.part_heading(clean.lstrip("# ")) or (
                    titled and layout.section_heading(clean)):
                flush()
                paragraph = self._add(clean.lstrip("# "), "Heading 1" if not titled or
                                      layout.part_heading(clean.lstrip("# ")) else "Heading 2",
                                      new_page=not titled)
                if not titled:
                    paragraph.paragraph_format.page_break_before = True
                titled = True
            elif layout.is_bullet(line):
                flush()
                self.bullet(line)
            else:
                block.append(line)
            index += 1
        flush()

    def header_and_footer(self, code: str) -> None:
        section = self.document.sections[0]
        section.header.paragraphs[0].text = code
        footer = section.footer.paragraphs[0]
        footer.add_run("Page ")
        for tag in ('<w:fldChar {ns} w:fldCharType="begin"/>',
                    '<w:instrText {ns} xml:space="preserve"> PAGE </w:instrText>',
                    '<w:fldChar {ns} w:fldCharType="separate"/>', "<w:t {ns}>1</w:t>",
                    '<w:fldChar {ns} w:fldCharType="end"/>'):
            footer.add_run()._r.append(parse_xml(tag.format(ns=nsdecls("w"))))

    def footnotes_part(self) -> None:
        """word/footnotes.xml (separators and the notes) related from the document."""
        notes = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
            for n, text in enumerate(self.notes, 1))
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes '
               f'{nsdecls("w", "r")}><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
               '<w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator"'
               ' w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
               f'{notes}</w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode("utf-8"),
                    self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)


def render_docx(source: Path, target: Path, look: str = "auto") -> dict[int, int]:
    """Write the UTF-8 text reply `source` as the .docx `target` in the named look; return
    the page each question starts on (as marked in a paginated look)."""
    text = Path(source).read_text(encoding="utf-8")
    lines = text.splitlines()
    doc = parse_lines([SourceLine(line, None, n) for n, line in enumerate(lines, 1)],
                      str(source))
    questions = {q.line: q.number for q in doc.questions() if q.line}
    items = {item.line: q.number for q in doc.questions() for item in q.items
             if item.line and item.label.isalpha()}
    roman = any(item.printed for q in doc.questions() for item in q.items)
    writer = Writer(LOOKS[look], questions, items, roman)
    writer.write(lines)
    code = CODE_RE.search(text)
    writer.header_and_footer(code.group(0) if code else Path(source).stem)
    if writer.notes:
        writer.footnotes_part()
    properties = writer.document.core_properties
    properties.author, properties.title = "Ministry of Internal Affairs", doc.meta.title or ""
    properties.created = properties.modified = properties.last_printed = FIXED_DATE
    properties.revision = 1
    buffer = io.BytesIO()
    writer.document.save(buffer)
    target.write_bytes(fixed_zip(buffer.getvalue()))
    return writer.pages


def fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed member timestamps (python-docx stamps the time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
            out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = copy.copy(info)
            member.date_time = FIXED_DATE.timetuple()[:6]
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--look", choices=sorted(LOOKS), default="auto")
    args = parser.parse_args()
    render_docx(args.source, args.target, args.look)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
