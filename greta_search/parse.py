"""Parse a GRETA questionnaire reply into its tree: document -> Part -> Section -> question
-> item -> paragraphs.

The parser walks blank-line separated blocks of logical lines (see `load.SourceLine`; in a
block, wrapped lines are joined and each paragraph, heading, item or bullet is a line of
its own, so text without blank lines or wrapped at a fixed width parses too). It
knows the shapes GRETA replies use, in every house style `layout` recognises: Part and
Section headings, numbered questions, lettered (or roman-numbered) sub-items each with its
own answer or listed first and answered together, answers with or without a marker, bullet
sub-questions without letters (questions 40-42), items after an answer that introduces
them, numbered lists inside answers and items, statistics tables, paragraphs split by a page
break, and the note between the title page and the first Part (`meta.front_note`). With the
round's questionnaire template (`template`) it also finds questions restated by their text
alone, items by their text, questions numbered without their text ("12. <answer>"), the
answer on the question's line ("12. Is it? – Yes"), and the Section (with its articles) of a
reply that heads none. How a question's items are found is `parse_items`.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from greta_search.blocks import SENTENCE_END, Block, continues, logical_lines, split_blocks
from greta_search.layout import (
    NUMBER_RE,
    NUMBERED_RE,
    TABLE_CAPTION_RE,
    answer_marker,
    clean,
    is_bullet,
    is_page_number,
    is_table_line,
    item_heading,
    joint_heading,
    normalise_line,
    numbers_paragraphs,
    question_heading,
    roman_to_int,
    strip_bullet,
)
from greta_search.load import SourceLine
from greta_search.meta import (
    MEMO_SUBJECT_RE,
    META_PATTERNS,
    date_written,
    dated,
    detect_language,
    focus_after_round,
    front_note,
    memo_date,
    round_named,
    state_name,
    title_from_front_matter,
)
from greta_search.parse_items import ItemRules
from greta_search.parse_questions import QuestionRules, bare_answer
from greta_search.parse_shapes import ShapeRules, split_title, table_header, table_lead
from greta_search.report import asks_questions, read_report, report_structure
from greta_search.template import (
    MIN_TEMPLATE_SHARE,
    Template,
    align,
    bare_numbers,
    fits,
    for_round,
    infer_sections,
)
from greta_search.texttables import aligned_rows, is_rule
from greta_search.tree import (
    Document,
    DocumentMeta,
    Item,
    Matter,
    Paragraph,
    Part,
    Question,
    Section,
    StructureWarning,
)

__all__ = [
    "SENTENCE_END", "Document", "DocumentMeta", "Item", "Paragraph", "Part", "Question",
    "Section", "StructureWarning", "clean", "is_bullet", "is_table_line", "roman_to_int",
    "detect_language", "strip_bullet",
]


# --- line patterns: see `layout` -------------------------------------------------------------

STATE_END_RE = re.compile(r"\s+(?:to|on|for|concerning)\s+the\b", re.IGNORECASE)
MAX_STATE_WORDS = 8  # "the Former Yugoslav Republic of ...": a longer "name" is a sentence


def parse_articles(text: str | None) -> list[int]:
    """Article numbers named in a section heading: "Articles 5, 6 and 7" -> [5, 6, 7]."""
    return [int(n) for n in NUMBER_RE.findall(text or "")]


# --- the parser ----------------------------------------------------------------------------


class _Builder(QuestionRules, ItemRules, ShapeRules):
    """The state machine that turns blocks into a Document (its items: `ItemRules`)."""

    def __init__(self, source: str, questions: bool = True,
                 template: Template | None = None, bare: bool = False,
                 paragraph_numbers: bool = False) -> None:
        self.doc = Document(source=source, meta=DocumentMeta(), template=template)
        self.questions = questions  # False: numbered paragraphs are not questions
        self.bare = bare  # "12. <the answer>": the next number is a question without its text
        # "Q 7 –" headings, answer paragraphs numbered through the document: "12." is text
        self.paragraph_numbers = paragraph_numbers and questions
        self.template = template if questions else None
        self.restated: dict[tuple[str, int], tuple[int, float] | None] = {}  # memo
        self.part: Part | None = None
        self.section: Section | None = None
        self.question: Question | None = None
        self.item: Item | None = None
        self.answered = False  # an "Answer" marker was seen in the current question
        self.bullet_items = False  # the question's sub-questions are unlettered bullets
        self.in_list = False  # inside a list introduced by a line ending with ":"
        self.table: Paragraph | None = None
        self.matter: Matter | None = None  # the notes or abbreviations after the answers
        self.untitled = False  # the question's heading was alone on its line, without text
        self.delimiter: str | None = None  # "." or ")" of the question heading "12." "12)"
        self.item_delimiter: str | None = None  # the same, of the question's first item
        self.item_marker: str | None = None  # the bullet of its unlettered sub-questions
        self.header: str | None = None  # a continued table's header, not typed again
        self.line_answers = False  # the open item's line may be its answer (`settle_item`)
        self.heading_open = False  # a Part or Section heading just read: its title or
        # articles may follow on the next line ("PART A" / "ADDRESSING ...")
        self.joint: tuple[list[int], str, int | None] | None = None  # "Questions 14 and
        # 15" read: the questions, the line and its page, for the first of them to open

    # containers ---------------------------------------------------------------------------
    def ensure_section(self) -> Section:
        if self.part is None:
            self.part = Part(label=None, title="")
            self.doc.parts.append(self.part)
        if self.section is None:
            self.section = Section(numeral=None, title="")
            self.part.sections.append(self.section)
        return self.section

    def target(self) -> list[Paragraph]:
        if self.matter is not None:
            return self.matter.paragraphs
        if self.item is not None:
            return self.item.paragraphs
        if self.question is not None:
            return self.question.paragraphs
        if self.part is not None:  # text under a Part heading, before any Section
            return self.ensure_section().paragraphs
        return self.doc.front_matter  # before the first Part: the title page, a note

    def add(self, text: str, page: int | None, kind: str = "text") -> None:
        """Append a paragraph, joining one that a page break split mid-sentence and a list to
        the sentence that introduces it."""
        if not text.strip():
            return
        paragraphs = self.target()
        last = paragraphs[-1] if paragraphs else None
        joinable = last is not None and last.kind == "text" and kind == "text" and not (
            # a reply's title page: its lines run on only in lower case ("to the ...")
            paragraphs is self.doc.front_matter and self.questions and not text[:1].islower())
        if joinable and continues(last.text, text):
            glue = "" if last.text.endswith("-") else " "
            last.text = f"{last.text}{glue}{text}"
            return
        if kind == "list" and last is not None and (
            last.kind == "list" or last.kind == "text" and last.text.endswith(":")
        ):
            last.text = f"{last.text}\n{text}"
            last.kind = "list"
            return
        paragraphs.append(Paragraph(text=text, page=page, kind=kind))

    # headings -----------------------------------------------------------------------------
    def start_part(self, label: str, title: str) -> None:
        self.close_question()
        self.part = Part(label=f"Part {label}", title=title)
        self.doc.parts.append(self.part)
        self.section = None
        self.heading_open = True

    def start_section(self, numeral: str, title: str, articles: str | None) -> None:
        self.close_question()
        if self.part is None:
            self.part = Part(label=None, title="")
            self.doc.parts.append(self.part)
        self.section = Section(numeral=numeral, title=title, articles=parse_articles(articles))
        self.part.sections.append(self.section)
        self.heading_open = True

    def start_question(self, number: int, text: str, line: SourceLine, how: str) -> None:
        self.close_question()
        section = self.ensure_section()
        self.question = Question(number=number, text=clean(text), page=line.page, line=line.line,
                                 match=how)
        section.questions.append(self.question)
        self.untitled = not text  # "Question 12" alone: its text may follow
        heading = question_heading(clean(line.text))
        self.delimiter = heading.delimiter if heading else None
        if self.joint is not None:  # the joint heading above heads this question's answer
            self.question.paragraphs.append(Paragraph(text=self.joint[1], page=self.joint[2]))
            self.joint = None

    def close_question(self) -> None:
        self.settle_item()
        self.matter = None
        self.question = None
        self.item = None
        self.answered = False
        self.bullet_items = False
        self.item_marker = None
        self.in_list = False
        self.table = None
        self.header = None

    # the walk ------------------------------------------------------------------------------
    def feed(self, block: Block) -> None:
        if len(block.lines) == 1 and is_page_number(block.lines[0].text):
            return  # a page break's number: a table or paragraph may run on over it
        if self.question_table(block):
            return
        if self.question is not None or self.matter is not None:
            rest = self.aligned_table(block)
            if rest == []:
                return
            block = Block(rest) if rest else block
        if self.table is not None:
            rows = next((i for i, line in enumerate(block.lines)
                         if not (is_table_line(line.text) or is_rule(line.text))), None)
            texts = [line.text for line in block.lines[:rows]]
            if texts and self.header is not None and clean(texts[0]) == self.header:
                texts = texts[1:]  # a continued table's header, typed again
            self.header = None
            self.table.text += "".join("\n" + text for text in texts)
            if rows is None:
                return
            block = Block(block.lines[rows:])  # a note under the table, or text
            self.table = None
        if not self.doc.parts:
            self.read_meta(block)
        entries = logical_lines(block, self.doc.meta.country)
        i = 0
        while i < len(entries):
            if self.structure_heading(entries[i]):
                i += 1
                continue
            if self.is_list_bullet(entries[i].text):
                j = i
                while j < len(entries) and self.is_list_bullet(entries[j].text) and not (
                        self.ends_list([e.text for e in entries[i:j]], entries[j].text)):
                    j += 1
                text = "\n".join(clean(e.text) for e in entries[i:j])
                self.answer_without_marker()
                self.add(text, entries[i].page, "list")
                i = j
                continue
            self.feed_line(entries[i])
            i += 1

    def aligned_table(self, block: Block) -> list[SourceLine] | None:
        """Read the lines of a block that are columns aligned by spaces (after its caption
        line, if any) as a table's rows; the block's lines after them (a note under the
        table), or None if the block holds no such table."""
        texts = [line.text for line in block.lines]
        start = 1 if TABLE_CAPTION_RE.match(clean(texts[0])) else 0
        end = start + aligned_rows(texts[start:])
        if end == start:
            lead = 0 if start else table_lead(texts)
            if not lead:
                return None
            for part in split_title(block.lines[:lead]):  # the text above, as its own
                self.feed(Block(part))
            return self.aligned_table(Block(block.lines[lead:]))
        continued = self.continued_table(clean(texts[0])) if start else None
        if continued is not None:  # "Table 7 (continued)": its rows, without the header
            rows = texts[start:end]
            if rows and table_header(continued) == clean(rows[0]):
                rows = rows[1:]
            continued.text += "".join("\n" + row for row in rows)
            self.table = continued
            return block.lines[end:]
        if start:
            self.feed_line(block.lines[0])  # the caption opens the table
        rows = "\n".join(texts[start:end])
        if self.table is None:
            self.table = self.open_table(rows, block.lines[start].page)
        else:
            self.table.text += "\n" + rows
        return block.lines[end:]

    def is_list_bullet(self, raw: str) -> bool:
        """A bullet or numbered line of a list inside an answer (not a heading of any kind).
        A long bullet that reads as a paragraph of its own (capitalised) is not a list item."""
        text = raw.strip()
        numbered = (self.questions and not self.paragraph_numbers
                    and NUMBERED_RE.match(text))  # else a numbered paragraph
        if not (is_bullet(text) or numbered):
            return False
        if len(text) >= 250 and strip_bullet(clean(text))[:1].isupper():
            return False
        return self.heading_kind(raw) is None

    def heading_kind(self, raw: str) -> str | None:
        """What structural line this is in the current state, without changing the state."""
        text = clean(raw)
        held = self.question is not None or self.matter is not None  # an answer, an annex
        if is_table_line(raw) and held:
            return "table"
        if self.question_match(raw):
            return "question"
        if answer_marker(text, self.doc.meta.country) and self.question is not None:
            return "answer"
        if self.letter_item(raw):
            return "letter"
        if TABLE_CAPTION_RE.match(text) and held:
            return "caption"
        if self.question is not None and self.is_bullet_item(raw, text):
            return "bullet_item"
        return None

    def feed_line(self, line: SourceLine) -> None:
        raw, page = line.text, line.page
        if is_page_number(raw):
            return
        if is_rule(raw):  # a table's rule, or a line drawn across the page: no text
            if self.table is not None:
                self.table.text += "\n" + raw
            return
        text = clean(raw)
        kind = self.heading_kind(raw)
        if kind != "table":
            self.table = None
        if kind is None and self.opens_joint(text):  # "Questions 14 and 15": no text of 13
            self.close_question()
            self.joint = (joint_heading(text), text, page)
            return
        if self.joint is not None and kind != "question":  # answered without the questions
            self.start_question(self.joint[0][0], "", line, "number")
            self.untitled = False
            kind = self.heading_kind(raw)  # an answer marker, now that a question is open
        if kind is None and self.untitled:
            assert self.question is not None
            asked, answer = self.split_answer(self.question.number, text)
            if self.asks(asked, raw):
                self.question.text = asked  # the text of a heading alone on its line
                self.untitled = False
                if answer:
                    self.answered = True
                    self.add(answer, page)
                return
        self.untitled = False
        if kind == "question":
            number, body, how = self.question_match(raw)  # type: ignore[misc]
            body, answer = ("", bare_answer(body, self.doc.meta.country)) if how == "bare" else (
                self.split_answer(number, body))
            how = "number" if how == "bare" else how
            self.start_question(number, body, line, how)
            if answer:  # the answer on the question's line, after a dash or a marker
                self.answered = True
                self.untitled = False
                self.add(answer, page)
        elif kind == "answer":
            general, rest = answer_marker(text, self.doc.meta.country)  # type: ignore[misc]
            if general or self.listed_items():  # the items are answered together
                self.item = None
            self.answered = True
            self.add(rest, page)
        elif kind == "letter":
            self.start_letter_item(raw, text, line)
        elif kind == "table" and self.table is not None:  # a row in the caption's block
            if self.header is None or clean(raw) != self.header:  # not the header again
                self.table.text += "\n" + raw
            self.header = None
        elif kind == "caption" and (continued := self.continued_table(text)) is not None:
            self.table, self.header = continued, table_header(continued)
        elif kind == "caption":
            self.table = Paragraph(text=text, page=page, kind="table")
            self.target().append(self.table)
        elif kind == "table":
            self.table = self.open_table(raw, page)
        elif kind == "bullet_item":
            self.start_bullet_item(text, line)
        elif is_bullet(raw):  # a long bullet: a paragraph of its own, inside any open list
            self.answer_without_marker()
            self.add(strip_bullet(text), page)
            self.in_list = self.in_list or text.endswith(":")
        else:
            self.answer_without_marker()
            heading = item_heading(text) if self.in_list and self.questions else None
            entry = heading is not None and not heading.numeric  # "b) ..." of a list
            self.add(text, page, "list" if entry else "text")
            self.in_list = entry or text.endswith(":")

    def opens_joint(self, text: str) -> bool:
        """Whether a line heads the next questions together ("Questions 14 and 15"): it
        says nothing else and names the next question first."""
        numbers = joint_heading(text) if self.questions else []
        return bool(numbers) and numbers[0] == self.last_number() + 1

    # metadata ------------------------------------------------------------------------------
    def read_meta(self, block: Block) -> None:
        """Read metadata from a block of the title page (only the first value of each)."""
        meta = self.doc.meta
        for line in block.lines:
            text = MEMO_SUBJECT_RE.sub("", clean(line.text))  # "SUBJECT: Reply of X to ..."
            for name, pattern in META_PATTERNS.items():
                m = pattern.search(text)
                if m and getattr(meta, name) is None:
                    value = m.group(1).strip()
                    if name == "country":  # "Answers of X to the Questionnaire": X
                        value = STATE_END_RE.split(value)[0]
                        if len(value.split()) > MAX_STATE_WORDS:
                            continue  # a sentence, no State's name
                        meta.doc_type = meta.doc_type or "reply"
                    if name == "submitted":  # "16th of January 2026": "16 January 2026"
                        value = date_written(value)
                    setattr(meta, name, state_name(value) if name == "country" else value)
            if meta.doc_type is None and text.lower().startswith("reply "):
                meta.doc_type = "reply"


def parse_lines(
    lines: list[SourceLine], source: str, template: Template | None = None
) -> Document:
    """Parse logical lines into a Document tree, aligned to `template` (default: the
    shipped template of the round the title page names, if any). A document whose numbered
    paragraphs rarely ask anything is a GRETA report (`report`)."""
    lines = [SourceLine(normalise_line(line.text), line.page, line.line) for line in lines]
    blocks = split_blocks(lines)
    questions, numbered = asks_questions(lines)
    report = report_structure(lines, questions)  # a GRETA report answers no questionnaire
    questions = questions and report is None
    template = None if report else template or for_round(round_named(lines))
    paragraph_numbers = numbers_paragraphs([line.text for line in lines])  # "Q 7 –", "45."
    doc = build(blocks, source, questions, template, paragraph_numbers=paragraph_numbers)
    if not questions and template is not None and template.questions:
        # numbered lists, no numbered questions: the questions may be restated by text
        restated = build(blocks, source, True, template)
        if len(restated.questions()) >= MIN_TEMPLATE_SHARE * len(template.questions):
            doc, questions = restated, True
    if template is not None and template.questions and bare_numbers(doc, template, numbered):
        # "12. <answer>": the questions are numbered, their texts left out
        bare = build(blocks, source, True, template, bare=True)
        if len(bare.questions()) > len(doc.questions()):
            doc, questions = bare, True
    if questions and template is not None and not fits(doc, template):
        doc = build(blocks, source, questions, None)  # another questionnaire: generic
    if doc.template is not None and doc.template.questions:
        align(doc, doc.template)  # each question gets the template's canonical text
        infer_sections(doc, doc.template)  # and its Section, where the reply heads none
    if not questions:
        read_report(doc, lines, report)  # a GRETA report, or numbered paragraphs
    doc.lines = lines
    doc.meta.title = doc.meta.title or title_from_front_matter(lines)
    doc.meta.submitted = memo_date(lines) or doc.meta.submitted or dated(lines)
    if questions:
        doc.meta.thematic_focus = doc.meta.thematic_focus or focus_after_round(lines)
    if questions and doc.questions():
        doc.note_title, doc.note = front_note(doc.front_matter)
    doc.meta.language = detect_language(lines)
    if doc.meta.code and doc.meta.doc_type is None:
        doc.meta.doc_type = "reply" if doc.meta.code.endswith("_rep") else "report"
    if not doc.structured:
        warnings.warn(
            f"{source}: no questionnaire structure found; indexed by paragraph",
            StructureWarning,
            stacklevel=2,
        )
    if doc.misplaced:
        listed = [f"{number} (after {after})" for number, after in doc.misplaced]
        more = f" and {len(listed) - 10} more" if len(listed) > 10 else ""
        warnings.warn(
            f"{source}: questions repeated or out of order, kept under their own numbers: "
            f"{', '.join(listed[:10])}{more}",
            StructureWarning,
            stacklevel=2,
        )
    if doc.meta.code is None:
        warnings.warn(
            f"{source}: no title page with a GRETA document code; cited as {doc.doc_id}",
            StructureWarning,
            stacklevel=2,
        )
    return doc


def build(
    blocks: list[Block], source: str, questions: bool, template: Template | None = None,
    bare: bool = False, paragraph_numbers: bool = False,
) -> Document:
    """One pass of the state machine over the blocks."""
    builder = _Builder(source, questions, template, bare, paragraph_numbers)
    for block in blocks:
        builder.feed(block)
    builder.settle_item()
    return builder.doc


def parse_file(path: Path, template: Template | None = None) -> Document:
    """Load and parse a document file."""
    from greta_search.load import load_lines

    return parse_lines(load_lines(path), source=str(path), template=template)
