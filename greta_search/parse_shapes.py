"""The shapes of a reply `parse` reads besides its headings, questions and items: a Part's
title or a Section's articles on the line below its heading ("PART A" / "ADDRESSING ...",
"Chapter I – Prevention" / "Articles 5, 6 and 7 of the Convention"), headings of single
articles inside a Section ("Article 24 – Aggravating circumstances"), questions set out in a
"Question | Reply" table, a table continued over a page break ("Table 7 (continued)", its
header typed again) and the signature after the last answer ("Klow, 27 February 2026");
and the headings themselves: which line starts a Part, a Section (named, numbered or found
by its articles in the template) or a passage after the answers (`structure_heading`).

`ShapeRules` is a part of `parse._Builder`: it reads the parser's state and changes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from greta_search.blocks import SENTENCE_END, Block, table_title
from greta_search.layout import (
    TABLE_CAPTION_RE,
    article_section_heading,
    articles_line,
    back_matter_heading,
    clean,
    is_bullet,
    is_table_line,
    numbered_section_heading,
    part_heading,
    question_heading,
    section_heading,
)
from greta_search.load import SourceLine
from greta_search.meta import PLACE_DATE_RE
from greta_search.template import label_value
from greta_search.texttables import GAP_RE, aligned_rows, is_rule, pipe_cells
from greta_search.tree import Matter, Paragraph, Part, Section

QA_HEADER_RE = re.compile(
    r"^(?:Questions?|Q\.?|No\.?|N°|Answers?|Repl(?:y|ies)|Responses?|Comments?|Information"
    r"|Réponses?)(?:\s+(?:of|by|from)\b.*)?$", re.IGNORECASE)
ROW_NUMBER_RE = re.compile(r"^\[?(?:Q(?:uestion)?\.?\s*)?\d{1,3}\b", re.IGNORECASE)  # "12", "[Q12]"
HEADING_TITLE_MAX = 160  # characters: a longer line is text, no heading's title
TITLED_SECTION_RE = re.compile(
    r"^(?P<title>[^()?.;:]{3,120}?)\s*(?:\((?P<arts>Articles?\s[^)]*)\))?\s*$")
SIGNED_NUMERIC_RE = re.compile(r"^[A-Z][\w' -]*,\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\.?$")


def row_cells(text: str) -> list[str]:
    """The cells of a table row: between pipes or TABs ([] for a line of no table)."""
    cells = pipe_cells(text)
    if cells is None and "\t" in text.strip():
        cells = [cell.strip() for cell in text.strip().split("\t") if cell.strip()]
    return cells or []


def qa_cells(text: str) -> list[str]:
    """The cells of a row of a two-column table, an empty one kept (a cell that wrapped
    onto more lines than the other: "\tgoes on"); [] for a line of no table."""
    cells = pipe_cells(text)
    if cells is None and "\t" in text.strip("\n "):
        cells = [cell.strip() for cell in text.strip("\n ").split("\t")]
    return cells if cells and any(cells) else []


def _wrapped(rows: list[list[str]]) -> list[list[str]]:
    """A table's rows with the lines a row's question wrapped onto (a left cell that starts
    no number: "10/ What has been done about" / "matter number 10?") joined to it, each
    cell to its cell; a joined line leaves an empty row in its place."""
    out = [list(row) for row in rows]
    for index in range(1, len(out)):
        asked = out[index][0]
        if asked and not ROW_NUMBER_RE.match(asked) and out[index - 1][0]:
            top = index - 1
            while top > 0 and out[top] == ["", ""]:
                top -= 1
            out[top] = [clean(f"{a} {b}") for a, b in zip(out[top], out[index], strict=True)]
            out[index] = ["", ""]
    return out


def table_header(table: Paragraph) -> str:
    """The first row of a table paragraph (after its caption line, if any), cleaned."""
    lines = table.text.split("\n")
    start = 1 if TABLE_CAPTION_RE.match(clean(lines[0])) and len(lines) > 1 else 0
    return clean(lines[start])


def table_lead(texts: list[str]) -> int:
    """Where a table with columns aligned by spaces starts in a block whose first lines are
    text (a sentence, a title, a "Table N" caption typed without a blank line below the
    text above): the index of its caption or first row, or 0 when the block holds none."""
    for index in range(1, len(texts)):
        if GAP_RE.search(texts[index].strip()) and not GAP_RE.search(texts[index - 1].strip()) \
                and aligned_rows(texts[index:]):
            return index - 1 if TABLE_CAPTION_RE.match(clean(texts[index - 1])) else index
    return 0


def split_title(lines: list[SourceLine]) -> list[list[SourceLine]]:
    """The text lines above a table, with a title on the last line (`table_title`, after a
    line ending a statement) apart, so that it can title the table."""
    if len(lines) > 1 and table_title(clean(lines[-1].text)) \
            and clean(lines[-2].text).endswith(SENTENCE_END):
        return [lines[:-1], lines[-1:]]
    return [lines]


def signed(text: str) -> bool:
    """Whether a line opens a signature block: a place and a date alone ("Klow, 27 February
    2026", "Baku, 12.05.2023")."""
    return "," in text and bool(PLACE_DATE_RE.match(text) or SIGNED_NUMERIC_RE.match(text))


def heading_title(text: str) -> bool:
    """Whether a line reads as a heading's title: short, no sentence, no list entry."""
    return (0 < len(text) <= HEADING_TITLE_MAX and not text.endswith((".", ":", ";", "?"))
            and text[:1].isupper() and not is_bullet(text) and not is_table_line(text))


class ShapeRules:
    """Reading those shapes, on the state of `parse._Builder`."""

    questions: bool  # False: numbered paragraphs are not questions
    part: Part | None
    section: Section | None
    untitled: bool
    answered: bool
    qa_open = False  # a "Question | Reply" table read so far: its next rows may follow
    heading_open: bool  # a Part or Section heading just read: its title may follow
    question_match: Callable[[str], tuple[int, str, str] | None]
    start_question: Callable[[int, str, SourceLine, str], None]
    add: Callable[..., None]
    target: Callable[[], list[Paragraph]]
    close_question: Callable[[], None]

    def question_table(self, block: Block) -> bool:
        """Read a two-column "Question | Reply" table (each row a numbered question in the
        left cell, its answer in the right) as those questions and their answers; False for
        any other block. Its rows may come in blocks of their own (a ruled table read from
        a PDF: a blank line between rows), after a block of its header alone, and a row's
        cells may wrap onto lines of their own (a cell left empty where the other goes on,
        a row cut by a page break): such a line carries on the question or the answer."""
        lines = [line for line in block.lines if not is_rule(line.text)]
        rows = [qa_cells(line.text) for line in lines]
        opened, self.qa_open = self.qa_open, False
        if not self.questions or not rows or not all(len(r) == 2 for r in rows):
            return False
        if QA_HEADER_RE.match(rows[0][0]) and QA_HEADER_RE.match(rows[0][1]):
            lines, rows = lines[1:], rows[1:]
            if not rows:  # the header alone: its rows follow
                self.qa_open = True
                return True
        elif not opened:
            return False
        if self.question_match(rows[0][0]) is None and not (opened and self.question):
            return False  # a table of other things under a "Question" column
        self.qa_open = True
        for line, (asked, answer) in zip(lines, _wrapped(rows), strict=True):
            found = self.question_match(asked) if asked else None
            if found is None:  # a row's lines that carry on its question and its answer
                if asked and self.question is not None:  # the left column is the question's
                    self.question.text = clean(f"{self.question.text} {asked}")
                paragraphs = self.target()
                if answer and paragraphs and paragraphs[-1].kind == "text":
                    paragraphs[-1].text = clean(f"{paragraphs[-1].text} {answer}")
                elif answer:
                    self.add(clean(answer), line.page)
                continue
            number, body, _ = found
            self.start_question(number, body, line, "number")
            self.untitled = False
            self.answered = True
            self.add(clean(answer), line.page)
        return True

    def open_table(self, rows: str, page: int | None) -> Paragraph:
        """A new table passage holding `rows` (a table typed without a "Table N" caption);
        the paragraph just above it becomes its caption line when it reads as a title
        (`table_title`), so the table and what it counts stay in one passage."""
        paragraphs = self.target()
        last = paragraphs[-1] if paragraphs else None
        if last is not None and last.kind == "text" and table_title(last.text):
            paragraphs.pop()
            rows, page = f"{last.text}\n{rows}", last.page if last.page is not None else page
        table = Paragraph(text=rows, page=page, kind="table")
        paragraphs.append(table)
        return table

    def continued_table(self, caption: str) -> Paragraph | None:
        """The table a caption continues after a page break: the answer's last paragraph,
        a table with the same number ("Table 7" ... "Table 7 (continued)")."""
        m = TABLE_CAPTION_RE.match(caption)
        paragraphs = self.target()
        last = paragraphs[-1] if paragraphs else None
        if m is None or last is None or last.kind != "table":
            return None
        before = TABLE_CAPTION_RE.match(clean(last.text.split("\n", 1)[0]))
        return last if before is not None and before.group(1) == m.group(1) else None

    def heading_continued(self, text: str) -> bool:
        """Read the line after a Part or Section heading as its title (a Part's label alone:
        "PART A" / "ADDRESSING ...") or its articles (a Section's: "Articles 5, 6 and 7 of
        the Convention"); False for any other line."""
        section = self.section
        if section is not None and not section.articles and not section.questions:
            articles = articles_line(text)
            if articles:
                section.articles = articles
                return True
        part = self.part
        if (section is None and part is not None and not part.title and part.label
                and not part.sections and heading_title(text)
                and part_heading(text) is None and section_heading(text) is None
                and question_heading(text) is None):
            part.title = text
            self.heading_open = True  # a Section may still follow
            return True
        return False

    def sub_heading(self, articles: list[int], line: SourceLine) -> bool:
        """Keep a heading naming articles of the headed Section it is in ("Article 4 –
        Definitions" under "Chapter III ... Articles 4, 18, ...") as a line of the Section's
        text, outside any answer; False where it names others (a Section of its own)."""
        section = self.section
        if section is None or section.numeral is None or section.inferred or not (
                section.articles and set(articles) <= set(section.articles)):
            return False
        self.close_question()
        section.paragraphs.append(Paragraph(text=clean(line.text), page=line.page))
        return True

    def structure_heading(self, line: SourceLine) -> bool:
        """Start a Part or a Section at a heading line (or complete the one just read with
        its title or articles on the next line); False for any other line."""
        if is_table_line(line.text):
            return False
        text = clean(line.text)
        opened, self.heading_open = self.heading_open, False
        if opened and self.heading_continued(text):
            return True
        part = part_heading(text)
        if part:
            self.start_part(*part)
            return True
        section = section_heading(text)
        if section:
            self.start_section(*section)
            return True
        title = back_matter_heading(text) if self.questions else None
        if title and self.doc.questions():  # after the answers: a passage of its own
            self.close_question()
            self.matter = Matter(title)
            self.doc.back_matter.append(self.matter)
            return True
        if self.questions and self.question is not None and signed(text):
            self.close_question()  # "Klow, 27 February 2026", a name, a post: no answer
            self.matter = Matter("Signature")
            self.doc.back_matter.append(self.matter)
            self.add(text, line.page)
            return True
        named = article_section_heading(text) if self.questions else None
        if named and self.sub_heading(named[0], line):
            return True
        named = named if self.template is not None else None
        found = named and self.template.section_for_articles(  # type: ignore[union-attr]
            named[0], self.last_number())
        if found and self.part is not None and self.part.label is not None and (
                label_value(self.part.label) != label_value(found["part"])):
            found = None  # a Section of another Part
        if found:
            articles = "Articles " + ", ".join(map(str, found.get("articles", [])))
            self.start_section(found["numeral"], named[1], articles)  # headed: not inferred
            return True
        return self.numbered_section(text) or self.titled_section(text)

    def numbered_section(self, text: str) -> bool:
        """Start the template's Section that a line numbered as the questionnaire numbers
        its Sections names ("2. Legal assistance and free legal aid (Article 15)")."""
        numbered = numbered_section_heading(text) if self.template is not None else None
        if not numbered or not self.template.parts:  # type: ignore[union-attr]
            return False
        numeral, title, articles = numbered
        part = self.part.label if self.part is not None else None
        found = self.template.numbered_section(part, numeral, title)  # type: ignore[union-attr]
        if not found:
            return False
        listed = found.get("articles", [])
        self.start_section(numeral, title, articles or (
            "Articles " + ", ".join(map(str, listed)) if listed else None))
        return True

    def titled_section(self, text: str) -> bool:
        """Start the template's Section that an unnumbered heading names by its title, with
        or without its articles ("Right to information (Articles 12 and 15)", "Cross-cutting
        questions"): a short line alone, no sentence, outside any table or list."""
        if self.template is None or not self.questions or self.part is None \
                or not heading_title(text):
            return False  # before the first Part: the title page's lines
        m = TITLED_SECTION_RE.match(text)
        if m is None:
            return False
        part = self.part.label if self.part is not None else None
        after = self.section.numeral if self.section is not None and self.part is not None \
            and self.section in self.part.sections else None
        found = self.template.titled_section(part, m.group("title"), after)
        if not found:
            return False
        listed = found.get("articles", [])
        self.start_section(str(found["numeral"]), m.group("title"), m.group("arts") or (
            "Articles " + ", ".join(map(str, listed)) if listed else None))
        return True
