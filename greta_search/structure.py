"""What structure the parser found in a document, before any indexing: Parts, Sections,
questions (first words, line or page), items, tables, the template questions missing or
matched only fuzzily, and a structure score. The score is the share of the structure the
reply shows that was found (questions, items, captioned tables; `completeness` says what
each should be), times the share of its text that is in a passage, a heading or the title
page. Used by `inspect` and by `index`'s summary line per document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from greta_search.completeness import check_items, lines_not_kept, tables_found
from greta_search.parse import Document
from greta_search.template import align

WARN_BELOW = 0.9  # share of the expected questions under which `index` warns
FIRST_WORDS = 10


@dataclass
class QuestionInfo:
    number: int
    first_words: str
    line: int | None
    page: int | None
    how: str  # "number" or "text"
    similarity: float | None  # to the template's text of the question
    items: list[str] = field(default_factory=list)  # labels as cited ("ii" printed -> "b")
    printed: list[str] = field(default_factory=list)  # labels as printed, where they differ
    paragraphs: int = 0
    tables: int = 0
    expected_items: int = 0  # the questionnaire's items, or more where labels say so
    items_found: int = 0  # items found where expected
    unparsed_items: list[str] = field(default_factory=list)  # "6.1" left in the answer text
    unmatched_items: list[str] = field(default_factory=list)  # not the questionnaire's item


@dataclass
class SectionInfo:
    numeral: str | None
    title: str
    articles: list[int]
    questions: list[int]
    inferred: bool = False  # from the template: the reply has no heading for it


@dataclass
class PartInfo:
    label: str | None
    title: str
    sections: list[SectionInfo]
    inferred: bool = False


@dataclass
class StructureReport:
    source: str
    doc: str
    template: str | None
    parts: list[PartInfo]
    questions: list[QuestionInfo]
    expected: int  # questions the template has (or the highest number found, without one)
    missing: list[int]
    fuzzy: list[int]
    score: float
    report: dict | None = None  # a GRETA report: headings, paragraphs, findings by strength
    scores: dict = field(default_factory=dict)  # the score's parts: questions, items, ...
    tables_mentioned: list[int] = field(default_factory=list)  # caption numbers ("Table 3")
    tables_found: list[int] = field(default_factory=list)  # those with a parsed table
    lines_not_kept: list[int] = field(default_factory=list)  # lines in no passage or heading

    @property
    def found(self) -> int:
        return len(self.questions)

    @property
    def items(self) -> int:
        return sum(len(q.items) for q in self.questions)

    @property
    def tables(self) -> int:
        return sum(q.tables for q in self.questions)

    def summary(self) -> str:
        """ "GRETA(2023)11_AZE_rep: 42/42 questions, 52 items, 10 tables"; for a report
        "GRETA(2023)11: report, 128 paragraphs, 30 recommendations (12 urges, ...)" """
        if self.report is not None:
            r = self.report
            counts = ", ".join(f"{n} {s}" for s, n in r["recommendations"].items())
            return (f"{self.doc}: report, {r['paragraphs']} paragraphs, "
                    f"{sum(r['recommendations'].values())} recommendations ({counts}), "
                    f"{r['proposals']} proposals")
        return (f"{self.doc}: {self.found}/{self.expected} questions, {self.items} items, "
                f"{self.tables} tables")

    def warning(self) -> str | None:
        """A warning naming the missing questions when fewer than 90% were found."""
        if not self.expected or self.found >= WARN_BELOW * self.expected:
            return None
        return (f"{self.source}: only {self.found} of {self.expected} questions found; "
                f"missing {compress(self.missing)}")

    def to_dict(self) -> dict:
        return {**asdict(self), "found": self.found, "items": self.items, "tables": self.tables}


def compress(numbers: list[int]) -> str:
    """[3, 4, 5, 9] -> "3-5, 9"."""
    runs: list[str] = []
    for n in numbers:
        if runs and runs[-1].split("-")[-1] == str(n - 1):
            runs[-1] = f"{runs[-1].split('-')[0]}-{n}"
        else:
            runs.append(str(n))
    return ", ".join(runs)


def count_tables(paragraphs) -> int:
    from greta_search.tables import tables_in_passage

    return sum(len(tables_in_passage(p.text)) for p in paragraphs if p.kind == "table")


def inspect_document(doc: Document) -> StructureReport:
    """The structure report of a parsed document."""
    template = doc.template if doc.template is not None and doc.template.questions else None
    alignment = align(doc, template) if template else None
    scores = {m.number: m.score for m in alignment.matches} if alignment else {}
    questions = []
    for q in doc.questions():
        paragraphs = q.paragraphs + [p for i in q.items for p in i.paragraphs]
        words = q.text.split()
        items = check_items(q, template)
        questions.append(QuestionInfo(
            number=q.number,
            first_words=" ".join(words[:FIRST_WORDS]) + (" ..." * (len(words) > FIRST_WORDS)),
            line=q.line,
            page=q.page,
            how=q.match,
            similarity=scores.get(q.number),
            items=[i.label for i in q.items],
            printed=[i.printed or i.label for i in q.items],
            paragraphs=len(paragraphs),
            tables=count_tables(paragraphs),
            expected_items=items.expected,
            items_found=items.found,
            unparsed_items=items.unparsed,
            unmatched_items=items.unmatched,
        ))
    parts = [
        PartInfo(p.label, p.title, [
            SectionInfo(s.numeral, s.title, list(s.articles), [q.number for q in s.questions],
                        s.inferred)
            for s in p.sections
        ], p.inferred)
        for p in doc.parts
    ]
    numbers = [q.number for q in questions]
    if alignment:
        expected, missing = len(alignment.matches), alignment.missing
        fuzzy = [m.number for m in alignment.matches if m.fuzzy]
        score = alignment.score
    else:
        expected = max(numbers, default=0)
        missing = sorted(set(range(1, expected + 1)) - set(numbers))
        # a question found twice is one question: the parse read something else for it
        fuzzy, score = [], (len(set(numbers)) / max(expected, len(numbers)) if expected else 0.0)
    report = StructureReport(
        source=doc.source, doc=doc.doc_id,  # a structure-only template (Sections) counts
        template=doc.template.name if doc.template is not None else None,
        parts=parts, questions=questions, expected=expected, missing=missing, fuzzy=fuzzy,
        score=round(score, 3), report=report_outline(doc),
    )
    if doc.report is None:
        score_structure(report, doc, score * expected)
    return report


def score_structure(report: StructureReport, doc: Document, questions_found: float) -> None:
    """Give a reply's report its score: the questions, items and captioned tables found out
    of those expected (a question matched fuzzily counts 0.8), times the share of the text
    (in characters) that is in a passage, a heading or the title page."""
    from greta_search.chunk import chunk_document

    report.tables_mentioned, report.tables_found = tables_found(doc)
    lost, lost_chars, total = lines_not_kept(doc, chunk_document(doc))
    report.lines_not_kept = lost
    items = sum(q.expected_items for q in report.questions)
    items_found = sum(q.items_found for q in report.questions)
    tables = len(report.tables_mentioned)
    units = report.expected + items + tables
    found = questions_found + items_found + len(report.tables_found)
    text = 1 - lost_chars / total if total else 1.0
    report.scores = {
        "questions": round(questions_found / report.expected, 3) if report.expected else 0.0,
        "items": round(items_found / items, 3) if items else 1.0,
        "tables": round(len(report.tables_found) / tables, 3) if tables else 1.0,
        "text": round(text, 3),
    }
    report.score = round(found / units * text, 3) if units else 0.0


def report_outline(doc: Document) -> dict | None:
    """A GRETA report's headings (indented by level), numbered paragraphs and findings."""
    if doc.report is None:
        return None
    from greta_search.report import STRENGTHS

    recs = doc.report.recommendations()
    levels = sorted({h.level for h in doc.report.headings})
    return {
        "headings": [{"depth": levels.index(h.level), "text": h.text, "article": h.article}
                     for h in doc.report.headings],
        "paragraphs": len({p.number for p in doc.report.paragraphs if p.number}),
        "recommendations": {s: sum(p.strength == s for p in recs) for s in STRENGTHS},
        "proposals": len(doc.report.proposals()),
    }


def format_text(report: StructureReport) -> str:
    """The report for people."""
    out = [f"{report.source} ({report.doc})"]
    if report.report is not None:
        headings = ["  " * h["depth"] + h["text"] for h in report.report["headings"]]
        return "\n".join(out + headings + [report.summary()])
    out.append(f"template: {report.template or 'none (generic detection)'}")
    by_number = {q.number: q for q in report.questions}
    for part in report.parts:
        supplied = " [from the template]"
        out.append(f"{part.label or '(no Part)'}" + (f" – {part.title}" if part.title else "")
                   + supplied * part.inferred)
        for sec in part.sections:
            if sec.numeral:
                arts = f" (Articles {', '.join(map(str, sec.articles))})" if sec.articles else ""
                out.append(f"  Section {sec.numeral} – {sec.title}{arts}" + supplied * sec.inferred)
            for n in sec.questions:
                q = by_number[n]
                where = f"p. {q.page}" if q.page is not None else f"line {q.line}"
                how = " [by text]" if q.how == "text" else ""
                sim = f" ~{q.similarity:.2f}" if n in report.fuzzy and q.similarity else ""
                items = ""
                if q.items:
                    pairs = zip(q.items, q.printed, strict=True)
                    shown = [c if c == p else f"{c}={p}" for c, p in pairs]
                    items = f"  items {','.join(shown)}"
                tables = f"  {q.tables} tables" if q.tables else ""
                out.append(f"    Q{n:<3} {where:>10}{how}{sim}  {q.first_words}{items}{tables}")
                if q.items_found < q.expected_items:
                    out.append(f"{'':16}{item_faults(q)}")
    out.append(f"{report.summary()}; structure score {report.score:.2f}")
    if report.scores:
        out.append(score_parts(report))
    if report.missing:
        out.append(f"missing: {compress(report.missing)}")
    if report.fuzzy:
        out.append(f"matched fuzzily: {compress(report.fuzzy)}")
    unparsed = sorted((Counter(report.tables_mentioned) - Counter(report.tables_found)).elements())
    if unparsed:
        out.append(f"tables captioned but not parsed: {compress(sorted(set(unparsed)))}")
    if report.lines_not_kept:
        out.append(f"text in no passage: lines {compress(report.lines_not_kept)}")
    return "\n".join(out)


def item_faults(q: QuestionInfo) -> str:
    """ "items 15/17 found: 42.3 left in the answer text; 2, 3 not the questionnaire's" """
    faults = []
    if q.unparsed_items:
        faults.append(f"{', '.join(q.unparsed_items)} left in the answer text")
    if q.unmatched_items:
        faults.append(f"{', '.join(q.unmatched_items)} not the questionnaire's")
    return f"items {q.items_found}/{q.expected_items} found" + (
        f": {'; '.join(faults)}" if faults else "")


def score_parts(report: StructureReport) -> str:
    """ "score parts: questions 1.00, items 0.97 (57/59), tables 0.00 (0/7 captioned), text
    1.00 in passages" """
    s = report.scores
    items = sum(q.expected_items for q in report.questions)
    found = sum(q.items_found for q in report.questions)
    tables = len(report.tables_mentioned)
    return (f"score parts: questions {s['questions']:.2f}, items {s['items']:.2f} "
            f"({found}/{items}), tables {s['tables']:.2f} ({len(report.tables_found)}/{tables}"
            f" captioned), text {s['text']:.2f} in passages")
