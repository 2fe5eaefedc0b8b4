"""Cut a parsed Document into passages (chunks) that can be understood and cited alone.

A passage never cuts a paragraph: it groups consecutive paragraphs of one item (or of the
question where there are no items, or of the note before the first Part) up to a size
budget. A table is a passage of its own;
a list longer than the budget is split between its bullets, each piece keeping the sentence
that introduces the list.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

from greta_search.blocks import table_title
from greta_search.cite import format_citation
from greta_search.layout import TABLE_CAPTION_RE, is_table_line, joint_questions
from greta_search.meta import note_parts
from greta_search.numbers import NUMBER_RE
from greta_search.parse import (
    NUMBERED_RE,
    Document,
    Item,
    Paragraph,
    Part,
    Question,
    Section,
    is_bullet,
)

MAX_PASSAGE_CHARS = 700
ROW_MAX = 160  # characters: a longer paragraph is no table row
DASHES = {"-", "–", "—", "n/a", "N/A"}
FRONT_MATTER = "[Front matter]"  # cites a note before the first Part that has no heading


@dataclass
class Chunk:
    """One passage with its place in the document and its citation."""

    id: str
    doc: str
    text: str
    citation: str
    country: str | None = None
    round: str | None = None
    part: str | None = None
    part_title: str | None = None
    section: str | None = None
    section_title: str | None = None
    articles: list[int] = field(default_factory=list)
    question: int | None = None
    question_text: str | None = None
    question_canonical: str | None = None  # the questionnaire's own text of the question
    item: str | None = None
    item_text: str | None = None
    items_before: str | None = None  # items listed just before this one, answered with it
    paragraph: int | None = None
    paragraph_end: int | None = None
    page: int | None = None
    page_end: int | None = None
    kind: str = "text"
    position: int = 0
    inferred: list[str] = field(default_factory=list)  # "part", "section": from the template
    heading_path: list[str] = field(default_factory=list)  # a GRETA report's headings
    strength: str | None = None  # a report's finding: "urges", "considers" or "invites"
    refers_to: list[int] = field(default_factory=list)  # an appendix proposal's paragraphs
    questions: list[int] = field(default_factory=list)  # all those one joint answer covers

    @property
    def heading(self) -> str:
        """The heading path that lets the passage be understood alone."""
        parts = []
        if self.question is not None:  # a reply that leaves the text out: the template's
            text = self.question_text or self.question_canonical or ""
            parts.append(f"Q{self.question}. {text}".strip())
        if self.items_before:
            parts.append(self.items_before.replace("\n", " "))
        if self.item is not None and self.item_text:
            parts.append(f"({self.item}) {self.item_text}")
        if self.heading_path and self.question is None:
            parts.append(" / ".join(self.heading_path))
        return " ".join(parts)

    @property
    def embed_text(self) -> str:
        """What is embedded and keyword-indexed: heading path plus passage."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text

    def content_hash(self) -> str:
        """Hash of the embedded text, used to skip re-embedding unchanged passages."""
        return hashlib.sha256(self.embed_text.encode("utf-8")).hexdigest()[:32]

    def to_dict(self) -> dict:
        """Plain JSON-able record."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Chunk:
        """Inverse of to_dict (unknown keys ignored)."""
        try:
            return cls(**data)  # the usual case: a record this version wrote
        except TypeError:
            names = cls.__dataclass_fields__
            return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class _Unit:
    """A paragraph (or a piece of a long list) with its 1-based number (None before the
    first paragraph a document numbers itself)."""

    number: int | None
    text: str
    page: int | None
    kind: str


def units(paragraphs: list[Paragraph], budget: int, start: int = 1) -> list[_Unit]:
    """Number the paragraphs (from `start`); split lists that exceed the budget between
    bullets."""
    out: list[_Unit] = []
    printed = any(p.number for p in paragraphs)  # the document numbers its own paragraphs
    for index, para in enumerate(paragraphs, start=start):
        number = para.number if printed else index
        if para.kind != "list" or len(para.text) <= budget:
            out.append(_Unit(number, para.text, para.page, para.kind))
            continue
        lines = para.text.split("\n")
        first = lines[0].strip()
        intro = "" if is_bullet(first) or NUMBERED_RE.match(first) else lines[0]
        body = lines[1:] if intro else lines
        piece: list[str] = []
        for line in body:
            if piece and len("\n".join([intro, *piece, line])) > budget:
                text = "\n".join(filter(None, [intro, *piece]))
                out.append(_Unit(number, text, para.page, "list"))
                piece = []
            piece.append(line)
        out.append(_Unit(number, "\n".join(filter(None, [intro, *piece])), para.page, "list"))
    return out


def _row(unit: _Unit) -> bool:
    """A paragraph that is one row of a table: TAB or pipe cells, or (its TABs gone when
    read as text) a short label and two numbers or more, the last one ending it
    ("2028 38 114", "Sexual exploitation 12 - 7"). Outside a question's answer a table's
    rows stay paragraphs of their own."""
    text = unit.text.strip()
    if unit.kind != "text" or "\n" in text or len(text) > ROW_MAX:
        return False
    if is_table_line(text):
        return True
    tokens = text.split()
    numbers = [t for t in tokens if t in DASHES or NUMBER_RE.fullmatch(t.rstrip("%"))]
    return len(numbers) >= 2 and tokens[-1] in numbers and len(tokens) - len(numbers) <= 6


def _titles(unit: _Unit) -> bool:
    """A paragraph that may title the table rows below it: a "Table N" caption or a title
    line (`blocks.table_title`)."""
    text = unit.text.strip()
    return unit.kind == "text" and bool(TABLE_CAPTION_RE.match(text) or table_title(text))


def group(units_: list[_Unit], budget: int) -> list[list[_Unit]]:
    """Group consecutive units into passages of at most `budget` characters (a unit larger
    than the budget, or a table, stands alone); a table's rows, read as paragraphs of their
    own (`_row`), are never parted, whatever their length, nor from the caption or title
    line just above them."""
    passages: list[list[_Unit]] = []
    current: list[_Unit] = []
    size = 0
    for unit in units_:
        run = bool(current) and _row(unit) and (_row(current[-1]) or _titles(current[-1]))
        if current and not run and (unit.kind == "table" or size + len(unit.text) > budget
                                    or current[-1].kind == "table"):
            passages.append(current)
            current, size = [], 0
        current.append(unit)
        size += len(unit.text)
    if current:
        passages.append(current)
    return passages


def full_question_text(question: Question) -> str:
    """The question, with the sub-items it lists when they are answered together."""
    listed = [i for i in question.items if not i.paragraphs]
    if not listed or len(listed) != len(question.items):
        return question.text
    return " ".join([question.text, *(f"({i.label}) {i.text}" for i in listed)])


def joint_answer(question: Question) -> list[int]:
    """The questions the answer to `question` says it answers together, this one among them
    ("Reply to questions 12 to 14:" under question 14 or 12), else []."""
    texts = [p.text for p in question.paragraphs] + [
        p.text for item in question.items for p in item.paragraphs]
    return next((found for text in texts
                 if question.number in (found := joint_questions(text))), [])


def answered_items(question: Question) -> list[tuple[Item, str | None]]:
    """The question's items, each with the items listed just before it that have no answer
    of their own ("(12) the number of investigations ..." above "(13) ... prosecutions" and
    its table), one "(label) text" per line: they are answered together, so they go in the
    passage's heading (`Chunk.items_before`) and `item_text` stays the item's own."""
    out = []
    pending: list[str] = []
    for item in question.items:
        if not item.paragraphs:
            pending.append(f"({item.label}) {item.text}")
            continue
        out.append((item, "\n".join(pending) or None))
        pending = []
    return out


def chunk_document(doc: Document, budget: int = MAX_PASSAGE_CHARS) -> list[Chunk]:
    """All passages of a document in document order."""
    if doc.report is not None:
        from greta_search.report import chunk_report

        return chunk_report(doc, budget)
    chunks: list[Chunk] = []

    def emit(paragraphs: list[Paragraph], part: Part | None, section: Section | None,
             question: Question | None, item_label: str | None, item_text: str | None,
             items_before: str | None = None, heading: str | None = None,
             joint: list[int] | None = None, start: int | None = 1) -> None:
        # start: the number of the first paragraph; None: a table cited by its caption alone
        for passage in group(units(paragraphs, budget, start or 1), budget):
            first, last = passage[0], passage[-1]
            pages = [u.page for u in passage if u.page is not None]
            fields = dict(
                doc=doc.doc_id,
                part=part.label if part else None,
                section=section.numeral if section else None,
                articles=list(section.articles) if section else [],
                question=question.number if question else None,
                item=item_label,
                paragraph=first.number if start else None,
                paragraph_end=last.number if start else None,
                page=pages[0] if pages else None,
                page_end=pages[-1] if pages else None,
            )
            inferred = [name for name, level in (("part", part), ("section", section))
                        if level is not None and level.inferred]
            citation = format_citation(**fields, inferred=inferred, heading=heading)
            chunks.append(
                Chunk(
                    id=f"{doc.doc_id}/{len(chunks)}",
                    text="\n".join(u.text for u in passage),
                    citation=citation,
                    country=doc.meta.country,
                    round=doc.meta.round,
                    part_title=part.title if part else None,
                    section_title=section.title if section else None,
                    question_text=full_question_text(question) if question else None,
                    question_canonical=question.canonical if question else None,
                    item_text=item_text,
                    items_before=items_before,
                    kind=first.kind if len(passage) == 1 else "text",
                    position=len(chunks),
                    inferred=inferred,
                    heading_path=[heading] if heading and heading != FRONT_MATTER else [],
                    questions=list(joint or []),
                    **fields,
                )
            )

    if not doc.structured:  # paragraphs, under the Part and Section headings there are
        emit(doc.front_matter, None, None, None, None, None)
        for part in doc.parts:
            for section in part.sections:
                emit(section.paragraphs, part if part.label else None,
                     section if section.numeral else None, None, None, None)
        return chunks
    # the note between the title page and the first Part, cut at its headings
    for title, note in note_parts(doc.note_title, doc.note):
        emit(note, None, None, None, None, None, heading=title or FRONT_MATTER)
    for part in doc.parts:
        for section in part.sections:
            emit(section.paragraphs, part, section, None, None, None)
            for question in section.questions:
                joint = joint_answer(question)
                emit(question.paragraphs, part, section, question, None, None, joint=joint)
                for item, listed in answered_items(question):
                    emit(item.paragraphs, part, section, question, item.label, item.text,
                         listed, joint=joint)
    for matter in doc.back_matter:  # "Abbreviations", "Notes", "Annex 2" after the answers
        number = 1
        for title, paragraphs in captioned(matter.title, matter.paragraphs):
            table = title != matter.title
            emit(paragraphs, None, None, None, None, None, heading=title,
                 start=None if table else number)
            number += 0 if table else len(paragraphs)
    return chunks


def captioned(title: str, paragraphs: list[Paragraph]) -> list[tuple[str, list[Paragraph]]]:
    """A passage after the answers cut at its captioned tables, each cited by its caption
    ("Annex 2, Table A2.3"); the text between them under the passage's own title."""
    runs: list[tuple[str, list[Paragraph]]] = []
    for para in paragraphs:
        m = TABLE_CAPTION_RE.match(para.text.split("\n", 1)[0]) if para.kind == "table" else None
        if m:
            runs.append((f"{title}, Table {m.group(1)}", [para]))
        elif runs and runs[-1][0] == title:
            runs[-1][1].append(para)
        else:
            runs.append((title, [para]))
    return runs
