"""The document tree a parsed reply becomes: Document -> Part -> Section -> Question -> Item
-> Paragraph (built by `parse`, cut into passages by `chunk`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greta_search.load import SourceLine
    from greta_search.report import Report
    from greta_search.template import Template


@dataclass
class Paragraph:
    """A paragraph of answer text, a bullet list, or a whole statistics table."""

    text: str
    page: int | None = None
    kind: str = "text"
    number: int | None = None  # the document's own paragraph number (GRETA reports)


@dataclass
class Item:
    """A sub-item of a question: a letter ("a") or, for unlettered bullets, its ordinal ("1")."""

    label: str
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    page: int | None = None
    printed: str | None = None  # the label as printed when it differs ("ii" for item b)
    line: int | None = None  # 1-based line of a text file where the item starts


@dataclass
class Question:
    """A numbered question, its own answer paragraphs and its sub-items."""

    number: int
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    page: int | None = None
    line: int | None = None  # 1-based line of a text file where the question starts
    match: str = "number"  # how the heading was recognised: "number" or "text" (template)
    canonical: str | None = None  # the template's text of this question, once aligned


@dataclass
class Section:
    """A section such as "I. PREVENTION (Articles 5, 6 and 7)"; numeral is None where a Part
    has questions outside any section."""

    numeral: str | None
    title: str
    articles: list[int] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    inferred: bool = False  # numeral, title and articles from the template, not a heading


@dataclass
class Part:
    """A Part ("Part 1 – Eliminating ..."); label is None for text before any Part heading."""

    label: str | None
    title: str
    sections: list[Section] = field(default_factory=list)
    inferred: bool = False  # label and title from the template: the reply has no Part heading


@dataclass
class Matter:
    """A headed passage after the questions, outside them ("Abbreviations", "Notes")."""

    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class DocumentMeta:
    """What the document says about itself (never taken from the file name)."""

    code: str | None = None
    country: str | None = None
    round: str | None = None
    thematic_focus: str | None = None
    submitted: str | None = None
    title: str | None = None
    doc_type: str | None = None
    language: str | None = None
    adopted: str | None = None  # a GRETA report: the date GRETA adopted it
    published: str | None = None  # and the date it was published


@dataclass
class Document:
    """A parsed document: metadata, front matter, and its Parts."""

    source: str
    meta: DocumentMeta
    parts: list[Part] = field(default_factory=list)
    front_matter: list[Paragraph] = field(default_factory=list)  # before the first Part
    note: list[Paragraph] = field(default_factory=list)  # its end after the title page
    note_title: str | None = None  # the note's heading ("Introductory note"), if any
    back_matter: list[Matter] = field(default_factory=list)  # "Abbreviations", "Notes" at the end
    template: Template | None = None  # the questionnaire the reply was aligned to
    misplaced: list[tuple[int, int]] = field(default_factory=list)  # (number, after)
    report: Report | None = None  # a GRETA report's headings, paragraphs and findings
    lines: list[SourceLine] = field(default_factory=list, repr=False)  # as read, normalised

    @property
    def doc_id(self) -> str:
        """The document code, or the file's stem when the text names no code."""
        return self.meta.code or Path(self.source).stem

    def questions(self) -> list[Question]:
        """All questions in document order."""
        return [q for part in self.parts for sec in part.sections for q in sec.questions]

    def locate(self, question: Question) -> tuple[Part, Section]:
        """The Part and Section that hold a question."""
        for part in self.parts:
            for sec in part.sections:
                if any(q is question for q in sec.questions):
                    return part, sec
        raise ValueError(f"question {question.number} is not in {self.source}")

    @property
    def structured(self) -> bool:
        """True when the document has a recognisable questionnaire (or report) structure."""
        return bool(self.questions()) or self.report is not None


class StructureWarning(UserWarning):
    """A document was indexed without questionnaire structure."""
