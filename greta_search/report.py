"""GRETA's own evaluation reports (English or French): their chapters and headings, their
numbered paragraphs, GRETA's findings (recommendations, with their strength and the
Convention article they fall under) and the appendix "List of GRETA's conclusions and
proposals for action", each proposal linked to the paragraph it repeats.

`parse` decides whether a document is a questionnaire reply; a document whose numbered
paragraphs rarely ask anything goes through `numbered_report`: with headings or GRETA's
findings it becomes a `Report` (chunked by `chunk_report`), otherwise its paragraphs keep
their printed numbers (`number_paragraphs`) and it is indexed paragraph by paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from greta_search.blocks import continues, logical_lines, split_blocks
from greta_search.layout import clean, is_bullet, question_heading, strip_bullet
from greta_search.load import SourceLine
from greta_search.tree import Document

# --- is it a questionnaire or a report? -----------------------------------------------------

# A questionnaire reply asks: at least this share of its numbered headings are questions.
MIN_ASKING_SHARE = 0.5
MIN_NUMBERED = 5


def numbered_sequence(lines: list[SourceLine]) -> tuple[int, int]:
    """How many lines continue a 1, 2, 3 ... numbering, and how many of those ask
    something (a "?", or a bold heading)."""
    last = members = asking = 0
    for line in lines:
        heading = question_heading(clean(line.text), line.text)
        if heading and heading.number == last + 1:
            last += 1
            members += 1
            asking += "?" in heading.body or heading.explicit
    return members, asking


def explicit_headings(lines: list[SourceLine]) -> int:
    """How many lines are headings that name a question ("Question 3", "Q.4", "### 5.")."""
    return sum(
        1 for line in lines
        if (h := question_heading(clean(line.text), line.text)) and h.explicit
        and not line.text.lstrip("-• ").startswith("**")
    )


def asks_questions(lines: list[SourceLine]) -> tuple[bool, int]:
    """(whether the numbered headings are questions, how many lines continue a numbering).
    Numbered paragraphs that rarely ask anything (a GRETA report's "12. GRETA urges ...:")
    are paragraphs, not questions."""
    numbered, asking = numbered_sequence(lines)
    questions = (
        numbered < MIN_NUMBERED
        or asking >= MIN_ASKING_SHARE * numbered
        or explicit_headings(lines) >= 2  # "Question 3", "Q4": a questionnaire, not a report
    )
    return questions, numbered


def number_paragraphs(doc: Document) -> None:
    """Give the paragraphs of an unstructured document the numbers the document prints
    ("12. GRETA considers ..."); a paragraph without one belongs to the numbered paragraph
    before it."""
    paragraphs = list(doc.front_matter) + [
        p for part in doc.parts for sec in part.sections for p in sec.paragraphs
    ]
    current = 0
    for paragraph in paragraphs:
        m = re.match(r"(\d{1,4})\.\s", paragraph.text)
        if m and current < int(m.group(1)) <= current + 3:
            current = int(m.group(1))
        paragraph.number = current or None


# --- GRETA's findings ----------------------------------------------------------------------

STRENGTHS = ("urges", "considers", "invites")  # strongest first
_ADVERBS = r"(?:(?:once\s+again|again|further|also|strongly|therefore|nevertheless|" \
           r"encore|également|aussi|vivement|donc|néanmoins|en\s+outre|à\s+nouveau)[\s,]+)*"
FINDING_RE = re.compile(
    rf"\b(?:(?:le|la)\s+)?GRETA\s+{_ADVERBS}(?P<verb>urges?|considers?|invites?|encourages?|"
    r"recommends?|exhorte|considère|invite|encourage|recommande)\b",
    re.IGNORECASE,
)
# "GRETA considers that ... should": a finding only when it asks something of someone
SHOULD_RE = re.compile(r"\b(?:should|must|need(?:s)? to|ought to|devr\w*|doi(?:t|vent)|"
                       r"il convient|il est nécessaire|il faut)\b", re.IGNORECASE)
VERB_STRENGTH = {
    "urge": "urges", "exhorte": "urges",
    "consider": "considers", "considère": "considers", "recommend": "considers",
    "recommande": "considers",
    "invite": "invites", "encourage": "invites",
}


def strength(text: str) -> str | None:
    """The strongest of GRETA's findings in a paragraph: "urges" (GRETA urges / Le GRETA
    exhorte), "considers" (GRETA considers that ... should / recommends), "invites"
    (GRETA invites / encourages); None when GRETA asks nothing of anyone."""
    found = set()
    text = clean(text)
    for m in FINDING_RE.finditer(text):
        verb = m.group("verb").lower()
        key = verb if verb in VERB_STRENGTH else verb.rstrip("s")
        level = VERB_STRENGTH.get(key)
        if level == "considers":
            sentence = re.split(r"(?<=[.;!?])\s", text[m.end():], maxsplit=1)[0]
            if not SHOULD_RE.search(sentence) and not verb.startswith("recomm"):
                continue
        if level:
            found.add(level)
    return next((s for s in STRENGTHS if s in found), None)


# --- headings ----------------------------------------------------------------------------

MAX_HEADING = 160
ROMAN_HEADING_RE = re.compile(r"^(?:Chapter|Chapitre)?\s*([IVX]+)\s*[.):–—-]\s*(\S.*)$")
LETTER_HEADING_RE = re.compile(r"^([A-H])\s*[.)]\s+(\S.*)$")
NUMBER_HEADING_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\s*[.)]?\s+(\S.*)$")
ARTICLE_HEADING_RE = re.compile(
    r"^(?:Article|Art\.)\s*(\d{1,3})\s*(?:(?:of the Convention|de la Convention)\s*)?"
    r"(?:[.:–—-]\s*(\S.*))?$", re.IGNORECASE)
APPENDIX_RE = re.compile(
    r"^(?:Appendix|Annex|Annexe)\b|^(?:List of GRETA['’]s conclusions|Liste des conclusions)",
    re.IGNORECASE)
UNNUMBERED_RE = re.compile(APPENDIX_RE.pattern + r"|^(?:Government['’]s comments|Commentaires "
                           r"du Gouvernement)", re.IGNORECASE)
PROPOSALS_RE = re.compile(r"conclusions and proposals for action|conclusions et propositions",
                          re.IGNORECASE)
NAMED_CHAPTERS_RE = re.compile(
    r"^(?:Conclusions?|Preamble|Préambule|Executive summary|Résumé|Introduction|"
    r"Government['’]s comments|Commentaires du Gouvernement)\b", re.IGNORECASE)
EMPHASIS_RE = re.compile(r"(?<![\w*])[*_]{1,2}|[*_]{1,2}(?![\w*])")
FURNITURE_RE = re.compile(
    r"^(?:GRETA\(\d{4}\)\d+\S*)?\s*(?:[-–—]?\s*(?:page|p\.)?\s*\d{1,3}(?:\s*/\s*\d{1,3})?\s*[-–—]?)?$",
    re.IGNORECASE)
EMBEDDED_ARTICLE_RE = re.compile(r"\s+(?=(?:Article|Art\.)\s*\d{1,3}\s*[.:–—-])")
RUN_TOGETHER_RE = re.compile(r"(?<=[.:;!?)])[*_]*\s+")
HEADING_ARTICLE_RE = re.compile(r"\((?:Articles?|Art\.)\s*(\d{1,3})\b")
NOTE_RE = re.compile(r"^\[(\d{1,3})\]\s+\S")
REFERS_RE = re.compile(r"\((?:see\s+|voir\s+)?(?:paragraphs?|paragraphes?|paras?\.?|§)\s*"
                       r"((?:\d+|\s+|,|[–—-]|and\b|et\b)+)\)", re.IGNORECASE)


@dataclass
class Heading:
    """A report heading. `level` 1 is a chapter ("III. Article-by-article findings",
    "Conclusions", "Appendix"); deeper levels follow the order in which the report's
    numbering styles first appear ("A.", "1.", "1.1"); a Convention article heading
    ("Article 10 – Identification of victims") is the deepest."""

    level: int
    label: str | None
    title: str
    article: int | None = None

    @property
    def text(self) -> str:
        if self.article is not None and self.label is None:
            return f"Article {self.article}" + (f" – {self.title}" if self.title else "")
        return f"{self.label}. {self.title}" if self.label else self.title


ARTICLE_LEVEL = 9


def plain(text: str) -> str:
    """A line without its emphasis marks (bold, italic, markdown heading hashes)."""
    return " ".join(EMPHASIS_RE.sub("", text.lstrip("# ")).split())


def heading_shape(text: str) -> tuple[str, str | None, str, int | None] | None:
    """(numbering style, label, title, article) of a heading line, if it is one: short,
    no sentence end, capitalised. Styles: "named", "article", "roman", "letter",
    "number1", "number2"... (by depth)."""
    text = plain(text)
    if not text or len(text) > MAX_HEADING:
        return None
    m = ARTICLE_HEADING_RE.match(text)
    if m and len((m.group(2) or "").split()) <= 16:  # a title, not a sentence about it
        return "article", None, (m.group(2) or "").strip().rstrip("."), int(m.group(1))
    if text.endswith((".", ";", ",", ":")):
        return None
    if APPENDIX_RE.match(text) or NAMED_CHAPTERS_RE.match(text) and len(text) < 60:
        return "named", None, text, None
    for style, pattern in (("roman", ROMAN_HEADING_RE), ("letter", LETTER_HEADING_RE)):
        m = pattern.match(text)
        if m and m.group(2)[:1].isupper():
            return style, m.group(1), m.group(2), None
    m = NUMBER_HEADING_RE.match(text)
    if m and m.group(2)[:1].isupper() and len(text) < 130 and len(text.split()) <= 20 and (
            "GRETA" not in text):
        return f"number{m.group(1).count('.') + 1}", m.group(1), m.group(2), None
    return None


def referred(text: str) -> list[int]:
    """The paragraph numbers a proposal refers back to: "(paragraph 125)", "(see
    paragraphs 40 and 41)", "(paragraphes 12-14)"."""
    numbers: list[int] = []
    for m in REFERS_RE.finditer(text):
        for a, b in re.findall(r"(\d+)(?:\s*[–—-]\s*(\d+))?", m.group(1)):
            first, last = int(a), int(b or a)
            numbers += range(first, min(last, first + 20) + 1)
    return numbers


# --- the report tree ---------------------------------------------------------------------


@dataclass
class ReportParagraph:
    """A paragraph of a report under its headings. `kind`: "text", "list", "note" (a
    footnote, "[3] ..."), "recommendation" (a paragraph of the body where GRETA asks
    something) or "proposal" (an item of the appendix list)."""

    text: str
    number: int | None
    page: int | None
    path: list[Heading]
    kind: str = "text"
    strength: str | None = None
    refers_to: list[int] = field(default_factory=list)

    @property
    def article(self) -> int | None:
        return next((h.article for h in reversed(self.path) if h.article is not None), None)

    @property
    def chapter(self) -> Heading | None:
        return next((h for h in self.path if h.level == 1), None)

    @property
    def in_annex(self) -> bool:
        """In an appendix or the Government's comments: not GRETA's body text."""
        chapter = self.chapter
        return chapter is not None and bool(UNNUMBERED_RE.match(chapter.title))


@dataclass
class Report:
    """A parsed report: its headings in order and its paragraphs."""

    headings: list[Heading] = field(default_factory=list)
    paragraphs: list[ReportParagraph] = field(default_factory=list)

    def recommendations(self) -> list[ReportParagraph]:
        return [p for p in self.paragraphs if p.kind == "recommendation"]

    def proposals(self) -> list[ReportParagraph]:
        return [p for p in self.paragraphs if p.kind == "proposal"]


class _ReportBuilder:
    """Walks a report's logical lines: headings, numbered paragraphs, bullets, notes."""

    def __init__(self, styles: list[str]) -> None:
        self.report = Report()
        self.styles = styles  # numbering styles of headings, in order of first appearance
        self.path: list[Heading] = []
        self.number = 0  # the last printed paragraph number
        self.code: str | None = None

    def heading(self, raw: str) -> Heading | None:
        shape = None if is_bullet(raw) else heading_shape(raw)
        if shape is None:
            return None
        style, label, title, article = shape
        if style == "article":
            return Heading(ARTICLE_LEVEL, None, title, article)
        level = 1 if style == "named" else 1 + self.styles.index(style)
        named = HEADING_ARTICLE_RE.search(title)  # "1. Identification of victims (Article 10)"
        return Heading(level, label, title, int(named.group(1)) if named else None)

    def start(self, found: Heading) -> None:
        self.path = [h for h in self.path if h.level < found.level] + [found]
        self.report.headings.append(found)

    def proposals(self) -> bool:
        """Inside the appendix that lists GRETA's conclusions and proposals."""
        return any(PROPOSALS_RE.search(h.title) for h in self.path if h.level == 1)

    def add(self, text: str, page: int | None, kind: str = "text",
            number: int | None = None) -> None:
        paragraphs = self.report.paragraphs
        last = paragraphs[-1] if paragraphs else None
        if last is not None and last.path == self.path and last.kind in ("text", "list",
                                                                         "proposal"):
            if kind == "list" and last.kind != "proposal" and (
                    last.kind == "list" or last.text.endswith((":", ";"))):
                last.text = f"{last.text}\n{text}"
                last.kind = "list"
                return
            if kind == "text" and number is None and continues(last.text, text):
                last.text = f"{last.text}{'' if last.text.endswith('-') else ' '}{text}"
                return
        if number is None and not any(UNNUMBERED_RE.match(h.title) for h in self.path):
            number = self.number or None  # an appendix does not go on numbering paragraphs
        paragraphs.append(ReportParagraph(text, number, page, list(self.path), kind))

    def feed(self, line: SourceLine) -> None:
        cut = self.run_together(line.text)
        if cut is not None:  # two paragraphs, or a paragraph and a heading, on one line
            self.feed(SourceLine(line.text[:cut[0]], line.page, line.line))
            self.feed(SourceLine(line.text[cut[1]:], line.page, line.line))
            return
        raw = line.text.strip()
        text = plain(raw)
        if not text or FURNITURE_RE.match(text) and (self.code or not text.startswith("GRETA")):
            return  # a running header or footer, a page number
        if self.code is None and text.startswith("GRETA("):
            self.code = text
        found = self.heading(raw)
        if found is not None:
            self.start(found)
            return
        if NOTE_RE.match(text):
            self.report.paragraphs.append(ReportParagraph(
                text, self.number or None, line.page, list(self.path), "note"))
            return
        last = self.report.paragraphs[-1] if self.report.paragraphs else None
        if last is not None and last.kind == "proposal" and REFERS_RE.fullmatch(text):
            last.text = f"{last.text} {text}"  # "(paragraph 23)" wrapped onto a line of its own
            return
        if self.proposals() and (strength(text) or referred(text)):
            self.add(strip_bullet(text) if is_bullet(raw) else text, line.page, "proposal")
            return
        if is_bullet(raw):
            self.add(f"- {strip_bullet(text)}", line.page, "list")
            return
        m = re.match(r"(\d{1,4})\.\s", text)
        if m and self.number < int(m.group(1)) <= self.number + 3:
            self.number = int(m.group(1))
            self.add(text, line.page, number=self.number)
            return
        self.add(text, line.page)

    def run_together(self, text: str) -> tuple[int, int] | None:
        """Where a line joins a paragraph and the next one ("... victims. 12. GRETA ..."),
        a heading ("... evaluation. Conclusions"), a heading and the next paragraph, or, in
        the appendix, two proposals, as a PDF's text may: (end of the first, start of the
        second)."""
        joined = EMBEDDED_ARTICLE_RE.search(text)  # "C. Criminal law Article 29 – Coordination"
        if joined and heading_shape(text[:joined.start()]) and heading_shape(text[joined.end():]):
            return joined.start(), joined.end()
        starts = re.match(rf"\s*[*_]*{self.number + 1}\.\s", text)  # a new paragraph
        following = self.number + (2 if starts else 1)
        after = re.search(rf"\s+(?=[*_]*{self.number + 1}\.\s+[*_]*[A-ZÀ-Ý])", text)
        if after and heading_shape(text[:after.start()]):  # "2. Overview ... 4. Since ..."
            return after.start(), after.end()
        proposals = self.proposals()
        for m in RUN_TOGETHER_RE.finditer(text, 20):  # after some text of the paragraph
            tail = text[m.end():]
            if proposals and re.match(r"[-•▪]\s+\S", tail) or not proposals and re.match(
                    rf"[*_]*{following}\.\s+[*_]*[A-ZÀ-Ý]", tail):
                return m.start(), m.end()
            shape = heading_shape(tail)
            if shape and (shape[0] in ("named", "article") or shape[0] in self.styles):
                return m.start(), m.end()
        return None

    def finish(self) -> Report:
        """Type the paragraphs: GRETA's findings in the body, proposals with their links."""
        by_number: dict[int, ReportParagraph] = {}
        for p in self.report.paragraphs:
            if p.kind == "note":
                continue
            p.strength = strength(p.text)
            if p.kind == "proposal":
                p.refers_to = referred(p.text)
                p.number = p.refers_to[0] if p.refers_to else None
            elif p.strength and not p.in_annex:
                p.kind = "recommendation"
            if p.number is not None and p.kind != "proposal":
                by_number.setdefault(p.number, p)
        for p in self.report.proposals():  # the article of the paragraph it repeats
            target = by_number.get(p.refers_to[0]) if p.refers_to else None
            if p.article is None and target is not None and target.article is not None:
                p.path = [*p.path, Heading(ARTICLE_LEVEL, None, "", target.article)]
        return self.report


def heading_styles(lines: list[SourceLine]) -> list[str]:
    """The numbering styles of a report's headings, in order of first appearance ("roman",
    "letter", "number1" ...): the first is the chapters' level."""
    styles: list[str] = []
    for line in lines:
        shape = None if is_bullet(line.text) else heading_shape(line.text)
        if shape and shape[0] not in ("named", "article") and shape[0] not in styles:
            styles.append(shape[0])
    return styles


def parse_report(lines: list[SourceLine]) -> Report | None:
    """A report's structure, or None when the document has neither report headings nor
    GRETA's findings (it is then indexed paragraph by paragraph)."""
    entries = [entry for block in split_blocks(lines) for entry in logical_lines(block)]
    builder = _ReportBuilder(heading_styles(entries))
    for entry in entries:
        builder.feed(entry)
    report = builder.finish()
    chapters = [h for h in report.headings if h.level == 1]
    if not (chapters or report.recommendations()) or not any(
            p.number for p in report.paragraphs):
        return None
    return report


def chapter_label(chapter: Heading | None) -> str | None:
    """"Chapter III", or the title of an unnumbered chapter ("Conclusions", "Appendix")."""
    if chapter is None:
        return None
    return f"Chapter {chapter.label}" if chapter.label else chapter.title


def report_citation(doc: str, p: ReportParagraph, last: ReportParagraph) -> str:
    """`GRETA(2023)11, Chapter III, Article 10, ¶125, p. 34`; an appendix proposal cites the
    paragraph it repeats: `..., Appendix 1, Article 10, see ¶125`."""
    from greta_search.cite import span

    pieces = [doc]
    chapter = chapter_label(p.chapter)
    if chapter:
        pieces.append(chapter)
    if p.article is not None:
        pieces.append(f"Article {p.article}")
    if p.kind == "proposal":
        if p.refers_to:
            pieces.append("see ¶" + ", ".join(map(str, p.refers_to)))
    elif p.number is not None:
        pieces.append(f"¶{span(p.number, last.number)}")
    pages = [x for x in (p.page, last.page) if x is not None]
    if pages:
        pieces.append(f"p{'p' if pages[-1] != pages[0] else ''}. {span(pages[0], pages[-1])}")
    return ", ".join(pieces)


def passages(report: Report, budget: int) -> list[list[ReportParagraph]]:
    """Consecutive paragraphs under the same headings, up to `budget` characters; a
    recommendation or a proposal is a passage of its own."""
    out: list[list[ReportParagraph]] = []
    size = 0
    for p in report.paragraphs:
        alone = p.kind in ("recommendation", "proposal")
        last = out[-1] if out else None
        if (last is None or alone or last[-1].kind in ("recommendation", "proposal")
                or last[-1].path != p.path or size + len(p.text) > budget):
            out.append([p])
            size = len(p.text)
        else:
            last.append(p)
            size += len(p.text)
    return out


def chunk_report(doc: Document, budget: int) -> list:
    """The passages (`chunk.Chunk`) of a parsed report, in document order."""
    from greta_search.chunk import Chunk

    report: Report = doc.report  # type: ignore[assignment]
    chunks = []
    for group in passages(report, budget):
        first, last = group[0], group[-1]
        chapter = first.chapter
        kind = first.kind if len(group) == 1 else "text"
        chunks.append(Chunk(
            id=f"{doc.doc_id}/{len(chunks)}",
            doc=doc.doc_id,
            text="\n".join(p.text for p in group),
            citation=report_citation(doc.doc_id, first, last),
            country=doc.meta.country,
            round=doc.meta.round,
            part=f"Chapter {chapter.label}" if chapter and chapter.label else None,
            part_title=chapter.title if chapter else None,
            articles=[first.article] if first.article is not None else [],
            paragraph=first.number,
            paragraph_end=last.number,
            page=first.page,
            page_end=last.page,
            kind=kind,
            position=len(chunks),
            heading_path=[h.text for h in first.path],
            strength=first.strength if kind in ("recommendation", "proposal") else None,
            refers_to=list(first.refers_to),
        ))
    return chunks


MIN_GRETA_MENTIONS = 2  # a report names GRETA; a plain document without structure does not


REPLY_CODE_RE = re.compile(r"GRETA\(\d{4}\)\d+_\w*rep\b")  # "GRETA(2023)11_AZE_rep": a reply
REPORT_TITLE_RE = re.compile(r"(?:Evaluation report|Rapport d['’]évaluation|Report concerning the "
                             r"implementation|Rapport concernant la mise en)", re.IGNORECASE)


def report_structure(lines: list[SourceLine], asks: bool = False) -> Report | None:
    """The structure of a document that reads as a GRETA report, else None: it names
    GRETA, has report headings or findings, GRETA's findings or a report's title page, and
    no reply's code. A document whose numbered lines looked like questions (`asks`: too
    few of them continue a numbering, as when a PDF runs a paragraph into a heading) is a
    report only under a report's title."""
    front = [clean(line.text) for line in lines[:80]]
    if any(REPLY_CODE_RE.search(text) for text in front):
        return None
    titled = any(REPORT_TITLE_RE.match(text) for text in front)
    if asks and not titled:
        return None
    mentions = sum(len(re.findall(r"\bGRETA\b", line.text)) for line in lines)
    report = parse_report(lines) if mentions >= MIN_GRETA_MENTIONS else None
    if report is None or not (report.recommendations() or titled):
        return None
    return report


def read_report(doc: Document, lines: list[SourceLine], report: Report | None) -> None:
    """Give a document that asks no questions its report structure and metadata; without
    one, number its paragraphs as printed, to be indexed one by one."""
    from greta_search.meta import report_meta

    if report is None:
        number_paragraphs(doc)
        return
    doc.report = report
    for name, value in report_meta(lines).items():
        if getattr(doc.meta, name) is None:
            setattr(doc.meta, name, value)
