"""What structure the parser found in a document, before any indexing: Parts, Sections,
questions (first words, line or page), items, tables, the template questions missing or
matched only fuzzily, and a structure score. Used by `inspect` and by `index`'s summary
line per document.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

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
        fuzzy, score = [], (len(set(numbers)) / expected if expected else 0.0)
    return StructureReport(
        source=doc.source, doc=doc.doc_id, template=template.name if template else None,
        parts=parts, questions=questions, expected=expected, missing=missing, fuzzy=fuzzy,
        score=round(score, 3), report=report_outline(doc),
    )


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
    out.append(f"{report.summary()}; structure score {report.score:.2f}")
    if report.missing:
        out.append(f"missing: {compress(report.missing)}")
    if report.fuzzy:
        out.append(f"matched fuzzily: {compress(report.fuzzy)}")
    return "\n".join(out)
