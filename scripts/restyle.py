"""Write a reply again in another house style: the same questions, items, paragraphs and
tables, other headings, answer markers and item labels (the generalisation harness).

The reply is parsed into its Document, then re-emitted in the chosen `Style`; the title page
is kept as it is (its metadata must still parse), tables stay TAB-separated lines under their
caption. Parsing the result must give the same tree: tests/test_layouts.py checks it for every
named style and for styles drawn at random. `UNSEEN` holds layouts the parser was not written
for (headings alone on their line, capitals, numbered items, the State's name as marker,
answers on the question's line, no Sections, no question text, text pasted from Word or a
PDF); scripts/measure_layouts.py measures them.

    python scripts/restyle.py corpus/greta-2023-11-aze-reply.txt STYLE [-o OUT]
    python scripts/restyle.py --list
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from greta_search.layout import int_to_roman, part_heading, roman_to_int  # noqa: E402
from greta_search.load import load_lines  # noqa: E402
from greta_search.parse import Document, Item, Paragraph, Question, parse_lines  # noqa: E402

# The variants. Placeholders: {n} number, {text} text, {word} number as a word, {a} item
# letter, {i} item as a lower-case roman numeral, {country} the replying State.
PARTS = ("Part {n} – {title}", "PART {N}: {TITLE}", "# Part {n}: {title}", "Part {word} – {title}")
SECTIONS = ("{r}. {TITLE}{arts}", "Section {r} – {Title}{arts}", "## {r}. {Title}{arts}",
            "SECTION {r}: {TITLE}{arts}")
QUESTIONS = ("{n}. {text}", "{n}) {text}", "Question {n}: {text}", "Question {n} – {text}",
             "Q{n}. {text}", "Q.{n} {text}", "No. {n} {text}", "**{n}.** {text}",
             "### {n}. {text}", "{text}")
ANSWERS = ("Answer – ", "Answer: ", "Reply: ", "Response: ", "Reply of {country}: ",
           "Comments: ", "Réponse : ", "**Answer:** ", "")
ITEMS = ("{a}) {text}", "{a}. {text}", "({a}) {text}", "{a} – {text}", "{i}. {text}",
         "({i}) {text}", "- {a}. {text}", "- {text}")
BULLETS = ("- ", "• ", "▪ ")
# Layouts the parser was not written for (scripts/measure_layouts.py measures them). More
# placeholders: {TEXT} the text in capitals, {k} an item's number, {A} its capital letter,
# {R} a Part's Roman numeral, {WORD} its number word in capitals, {arts} "Articles 5, 6 and
# 7". An empty Part or Section format leaves the heading out; a question format without
# {text} leaves the question's text out.
UNSEEN_PARTS = ("PART {WORD}: {TITLE}", "Part {R} – {title}", "Partie {R} – {title}", "",
                "PART {L}\n{TITLE}", "Part {L}\n\n{title}")
UNSEEN_SECTIONS = ("{arts_only} – {Title}", "",
                   "Chapter {r} – {Title}\n\n{arts_only} of the Convention",
                   "CHAPTER {r}: {TITLE}\n({arts_only})")
UNSEEN_QUESTIONS = ("Question {n}\n{text}", "Q {n}\n\n{text}", "QUESTION {n}\n{TEXT}",
                    "Question No. {n}\n\n{text}", "**{text}**", "QUESTION {n}: {TEXT}",
                    "Question {n} : {text}", "{n}.", "{n}/ {text}")
# Headings of single Convention articles inside a Section ("Article 24 – Aggravating
# circumstances"), written before a Section's questions when a style asks for them.
ARTICLE_TITLES = {
    4: "Definitions", 5: "Prevention of trafficking in human beings",
    6: "Measures to discourage the demand", 7: "Border measures",
    10: "Identification of the victims", 11: "Protection of private life",
    12: "Assistance to victims", 14: "Residence permit", 16: "Repatriation and return of victims",
    18: "Criminalisation of trafficking in human beings",
    19: "Criminalisation of the use of services of a victim", 23: "Sanctions and measures",
    24: "Aggravating circumstances", 27: "Ex parte and ex officio applications",
    28: "Protection of victims, witnesses and collaborators with the judicial authorities",
    30: "Court proceedings",
}
UNSEEN_ANSWERS = ("{country}: ", "ANSWER: ", "REPLY – ", "Réponse : ")
UNSEEN_ITEMS = ("{k}) {text}", "{n}.{k}. {text}", "{A}) {text}", "({A}) {text}")
# Text-level changes, applied after writing, in this order.
AMBIGUOUS = {"pdf-copy-no-blank-lines"}  # styles whose paragraph breaks cannot all be known
TRANSFORMS = ("smart-quotes", "soft-hyphens", "nbsp", "tabs", "wrap-80", "no-blank-lines",
              "crlf")
WORDS = {"1": "One", "2": "Two", "3": "Three", "4": "Four"}
ROMANS = "i ii iii iv v vi vii viii ix x xi xii".split()
NUMBER_NAMES = ["zero", "one", "two", "three", "four", "five"]


@dataclass(frozen=True)
class Style:
    """One house style: a choice among the variants of each kind of line."""

    name: str
    part: str = PARTS[0]
    section: str = SECTIONS[0]
    question: str = QUESTIONS[0]
    answer: str = ANSWERS[0]
    answer_alone: bool = False  # the marker on a line of its own, the answer below it
    item: str = ITEMS[0]
    general: str = "Answer (general) – "  # before an answer to listed items together
    bullet: str = "- "  # bullet of unlettered sub-questions (questions 40-42)
    mixed: int | None = None  # a random seed: each question in a heading style of its own
    inline: str | None = None  # the first answer paragraph on the question's line after this
    transforms: tuple[str, ...] = ()  # TRANSFORMS applied to the text written
    article_heads: bool = False  # "Article 24 – Aggravating circumstances" inside Sections
    qa_table: bool = False  # runs of questions answered in one paragraph: "Question | Reply"
    page_breaks: bool = False  # long tables run over a page break: "- 7 -", "Table 3 (continued)"
    signature: bool = False  # a place and date, a name and a post after the last answer
    nordic: int | None = None  # a random seed: the Nordic civil-service house style (`Nordic`)
    item_inline: bool = False  # an item's first answer paragraph on its line, after the label


STYLES = {
    s.name: s
    for s in [
        Style("question-colon", PARTS[1], SECTIONS[1], QUESTIONS[2], ANSWERS[1], False,
              ITEMS[2], "Answer: "),
        Style("q-dot-reply", PARTS[0], SECTIONS[0], QUESTIONS[4], ANSWERS[2], True, ITEMS[1],
              "Reply: "),
        Style("markdown", PARTS[2], SECTIONS[2], QUESTIONS[8], ANSWERS[7], False, ITEMS[6],
              "**Answer:** "),
        Style("no-marker", PARTS[3], SECTIONS[1], QUESTIONS[1], "", False, ITEMS[0], ""),
        Style("roman-items", PARTS[0], SECTIONS[3], QUESTIONS[6], ANSWERS[3], False, ITEMS[5],
              "Response: ", "• "),
        Style("state-reply", PARTS[1], SECTIONS[0], QUESTIONS[5], ANSWERS[4], True, ITEMS[3],
              "Reply of {country}: "),
        Style("bold-comments", PARTS[0], SECTIONS[2], QUESTIONS[7], ANSWERS[5], False, ITEMS[4],
              "Comments: ", "▪ "),
        Style("text-only", PARTS[3], SECTIONS[1], QUESTIONS[9], ANSWERS[1], False, ITEMS[7],
              "Answer: "),
        Style("french-marker", PARTS[2], SECTIONS[0], QUESTIONS[3], ANSWERS[6], True,
              ITEMS[2], "Réponse : "),
        Style("unmarked-bullets", PARTS[0], SECTIONS[3], QUESTIONS[9], "", False, ITEMS[7], ""),
        Style("mixed", PARTS[2], SECTIONS[1], mixed=1),
    ]
}


UNSEEN = {
    s.name: s
    for s in [
        Style("heading-alone", question=UNSEEN_QUESTIONS[0], answer=ANSWERS[1]),
        Style("heading-alone-block", question=UNSEEN_QUESTIONS[1], answer=ANSWERS[2],
              item=ITEMS[2]),
        Style("question-no", question=UNSEEN_QUESTIONS[3], answer=ANSWERS[1]),
        Style("caps", UNSEEN_PARTS[0], SECTIONS[3], UNSEEN_QUESTIONS[5], UNSEEN_ANSWERS[1],
              False, UNSEEN_ITEMS[2], "ANSWER: "),
        Style("caps-alone", UNSEEN_PARTS[0], SECTIONS[3], UNSEEN_QUESTIONS[2],
              UNSEEN_ANSWERS[2], True, UNSEEN_ITEMS[3], "REPLY – "),
        Style("numeric-items", item=UNSEEN_ITEMS[0]),
        Style("decimal-items", question=QUESTIONS[2], answer=ANSWERS[1], item=UNSEEN_ITEMS[1],
              general="Answer: "),
        Style("state-name", answer=UNSEEN_ANSWERS[0], general=UNSEEN_ANSWERS[0]),
        Style("state-name-alone", answer=UNSEEN_ANSWERS[0], answer_alone=True,
              general=UNSEEN_ANSWERS[0]),
        Style("inline-answer", answer="", general="", inline=" – "),
        Style("roman-parts", part=UNSEEN_PARTS[1]),
        Style("article-sections", section=UNSEEN_SECTIONS[0]),
        Style("no-sections", section=UNSEEN_SECTIONS[1]),
        Style("no-parts-no-sections", part=UNSEEN_PARTS[3], section=UNSEEN_SECTIONS[1]),
        Style("french", UNSEEN_PARTS[2], SECTIONS[1], UNSEEN_QUESTIONS[6], UNSEEN_ANSWERS[3],
              False, ITEMS[0], "Réponse : "),
        Style("no-question-text", question=UNSEEN_QUESTIONS[7], answer="", general="",
              inline=" "),
        Style("bold-text", question=UNSEEN_QUESTIONS[4], answer=ANSWERS[1], general="Answer: "),
        Style("slash-numbers", question=UNSEEN_QUESTIONS[8]),
        Style("lettered-parts", part=UNSEEN_PARTS[4]),
        Style("chapters", section=UNSEEN_SECTIONS[2]),
        Style("article-heads", section=UNSEEN_SECTIONS[2], article_heads=True),
        # a continental ministry's export: all of these together
        Style("question-table", qa_table=True),
        Style("page-breaks", page_breaks=True),
        Style("signature", signature=True),
        Style("continental", UNSEEN_PARTS[4], UNSEEN_SECTIONS[2], UNSEEN_QUESTIONS[8],
              "Answer of the {country} authorities: ", True, ITEMS[2], "Reply: ",
              article_heads=True, qa_table=True, page_breaks=True, signature=True),
        *(Style(name, transforms=(name,)) for name in TRANSFORMS),
        Style("pdf-copy", transforms=("soft-hyphens", "nbsp", "wrap-80")),
        # wrapped and without blank lines: a paragraph whose last line fills the width
        # cannot be told from the next one (paragraphs are not all recovered)
        Style("pdf-copy-no-blank-lines", transforms=("wrap-80", "no-blank-lines")),
        Style("word-paste", question=QUESTIONS[2], answer=ANSWERS[1], general="Answer: ",
              transforms=("smart-quotes", "tabs", "nbsp", "crlf")),
    ]
}


# A Nordic/UK civil-service reply exported from Word: a list of abbreviations and an
# introduction before Part I, unnumbered Section headings ("Right to information (Articles 12
# and 15)"), question headings without the question ("Q14 (Article 23 – penalties)"),
# paragraphs numbered through the document, items as titles ("i) Identification of victims")
# above numbered paragraphs, "[n]" notes under "Notes to Section n", tables aligned by spaces,
# annexes after the last answer with their own tables ("Table A2.3 – ..."). `Nordic` writes
# it; each seed draws other choices (dashes, articles in the headings, how many annexes).
NORDIC = {f"nordic-{seed}": Style(f"nordic-{seed}", answer="", general="", nordic=seed)
          for seed in range(1, 9)}
NORDIC["nordic"] = replace(NORDIC["nordic-1"], name="nordic")


def articles_text(articles: list[int]) -> str:
    if not articles:
        return ""
    if len(articles) == 1:
        return f" (Article {articles[0]})"
    listed = ", ".join(map(str, articles[:-1])) + f" and {articles[-1]}"
    return f" (Articles {listed})"


def articles_only(articles: list[int]) -> str:
    """"Articles 5, 6 and 7" (a Section heading naming only its articles)."""
    return articles_text(articles).strip(" ()")


SOFT_WORD_RE = re.compile(r"\b([A-Za-z]{5})([a-z]{5,})")
LABEL_SPACE_RE = re.compile(r"^((?:[-•▪] )?(?:\d{1,2}[.)]|\(?[a-z]{1,4}[.)]|Answer:|Reply:)) ")


def transform(text: str, name: str) -> str:
    """One of TRANSFORMS applied to a whole reply: how text arrives copied from elsewhere."""
    lines = text.split("\n")
    if name == "smart-quotes":  # typographic apostrophes and quotes, as Word writes them
        text = re.sub(r"(\w)'(\w)", "\\1’\\2", text)
        return re.sub(r'"([^"\n]*)"', "“\\1”", text)
    if name == "soft-hyphens":  # invisible hyphenation points inside long words
        return "\n".join(line if "\t" in line else SOFT_WORD_RE.sub("\\1\u00ad\\2", line)
                         for line in lines)
    if name == "nbsp":  # no-break spaces after labels and numbers, before dashes
        text = re.sub(r"(?m)^(\d{1,2}[.)]|[a-z][.)]|\([a-z]{1,4}\)) ", "\\1\u00a0", text)
        return re.sub(r"(\d) (?=[a-z])| (?=– )", lambda m: (m.group(1) or "") + "\u00a0", text)
    if name == "tabs":  # a tab after each label, as Word's numbered lists paste
        return "\n".join(line if "\t" in line else LABEL_SPACE_RE.sub("\\1\t", line)
                         for line in lines)
    if name == "wrap-80":  # hard line breaks at 80 columns, as copied from a PDF
        out = []
        for line in lines:
            if "\t" in line or len(line) <= 80:
                out.append(line)
            else:
                out += textwrap.wrap(line, 80, break_long_words=False, break_on_hyphens=False)
        return "\n".join(out)
    if name == "no-blank-lines":
        return "\n".join(line for line in lines if line.strip())
    if name == "crlf":
        return "\r\n".join(lines)
    raise ValueError(f"unknown transform {name}")


class _Writer:
    def __init__(self, doc: Document, style: Style) -> None:
        self.doc, self.style = doc, style
        self.country = doc.meta.country or "the State"
        self.out: list[str] = []
        self.number = 0  # the question being written
        self.pages = 0  # page numbers written at page breaks

    def block(self, *lines: str) -> None:
        self.out.extend([*lines, ""])

    def marker(self, general: bool = False) -> str:
        text = self.style.general if general else self.style.answer
        return text.format(country=self.country)

    def answer(self, paragraphs: list[Paragraph], marker: str) -> None:
        """The answer paragraphs, the first one after the marker (or the marker alone)."""
        for index, para in enumerate(paragraphs):
            lead = marker if index == 0 else ""
            alone = self.style.answer_alone or para.kind == "table" or (
                para.kind == "list" and para.text.lstrip().startswith(("-", "•", "–"))
            )
            if lead and alone:
                self.block(lead.rstrip())
                lead = ""
            if para.kind == "table":
                first, _, rows = para.text.partition("\n")
                if self.style.page_breaks and self.broken(first, rows.split("\n")):
                    continue
                if "\t" in first:
                    self.block(para.text)
                else:
                    self.block(first)
                    if rows:
                        self.block(rows)
            else:
                self.block(lead + para.text)
        if not paragraphs and marker:
            self.block(marker.rstrip())

    def broken(self, caption: str, rows: list[str]) -> bool:
        """Write a captioned table of five rows or more over a page break: its first rows,
        the page's number, the caption "continued" and the header again, the other rows."""
        number = re.match(r"\**(?:Table|TABLE)\s+(\d+)", caption)
        if number is None or len(rows) < 5 or "\t" in caption:
            return False
        half = len(rows) // 2 + 1
        self.pages += 1
        self.block(caption)
        self.block("\n".join(rows[:half]))
        self.block(f"- {self.pages} -")
        self.block(f"Table {number.group(1)} (continued)")
        self.block("\n".join([rows[0], *rows[half:]]))
        return True

    def item_line(self, item: Item, position: int) -> str:
        return self.style.item.format(a=item.label, i=ROMANS[position - 1], text=item.text,
                                      k=position, A=item.label.upper(), n=self.number)

    def question(self, q: Question) -> None:
        if self.style.mixed is not None:
            rng = random.Random(self.style.mixed * 1000 + q.number)
            self.style = replace(self.style, question=rng.choice(QUESTIONS),
                                 item=rng.choice(ITEMS), answer=rng.choice(ANSWERS))
        self.number = q.number
        heading = self.style.question.format(n=q.number, text=q.text, TEXT=q.text.upper())
        first = q.paragraphs[0] if q.paragraphs else None
        listed = q.items and all(not i.paragraphs for i in q.items)  # answered after them
        if self.style.inline is not None and first and first.kind == "text" and not listed:
            self.block(heading + self.style.inline + first.text)  # the answer on its line
            q = replace(q, paragraphs=q.paragraphs[1:])
            if not q.paragraphs and not q.items:
                return
        else:
            self.block(heading)
        lettered = [i for i in q.items if i.label.isalpha()]
        if q.items and not lettered:  # unlettered bullet sub-questions: as in the seed
            for item in q.items:
                self.block(self.style.bullet + item.text)
                self.answer(item.paragraphs, "")
            return
        if q.items and all(not i.paragraphs for i in q.items):  # listed, answered together
            self.block(*(self.item_line(i, k) for k, i in enumerate(q.items, 1)))
            self.answer(q.paragraphs, self.marker(general=True))
            return
        if q.paragraphs or not q.items:
            self.answer(q.paragraphs, self.marker())
        for k, item in enumerate(q.items, 1):
            first = item.paragraphs[0] if item.paragraphs else None
            if self.style.item_inline and first is not None and first.kind == "text":
                line = self.item_line(replace(item, text=""), k).rstrip()
                self.block(f"{line} {first.text}")  # "2.a) The Ministry reported ..."
                self.answer(item.paragraphs[1:], self.marker())
                continue
            self.block(self.item_line(item, k))
            self.answer(item.paragraphs, self.marker())

    def in_table(self, q: Question) -> bool:
        """Whether `qa_table` sets this question out as a table row: no items, its answer
        one paragraph of text."""
        return (self.style.qa_table and not q.items and len(q.paragraphs) == 1
                and q.paragraphs[0].kind == "text" and "|" not in q.paragraphs[0].text + q.text)

    def cell(self, q: Question) -> str:
        """The question's heading as a table cell: the style's, on one line."""
        form = self.style.question
        if "\n" in form or "{text}" not in form or "{TEXT}" in form:
            form = "{n}. {text}"
        return form.format(n=q.number, text=q.text).replace("**", "")

    def table_of(self, rows: list[str]) -> None:
        """Write the questions gathered in `rows` as a "Question | Reply" table."""
        if rows:
            self.block("Question | Reply", *rows)
            rows.clear()

    def write(self, title_page: list[str]) -> str:
        self.out = list(title_page)
        while self.out and not self.out[-1].strip():
            self.out.pop()
        self.out.append("")
        for part in self.doc.parts:
            if part.label and self.style.part:
                n = part.label.removeprefix("Part ")
                number = int(n) if n.isdigit() else roman_to_int(n)
                self.block(self.style.part.format(
                    n=n, N=n, word=WORDS.get(n, n), title=part.title, TITLE=part.title.upper(),
                    R=int_to_roman(number), WORD=NUMBER_NAMES[number].upper(),
                    L="ABCDEFGH"[number - 1],
                ))
            for sec in part.sections:
                if sec.numeral and self.style.section:
                    self.block(self.style.section.format(
                        r=sec.numeral, TITLE=sec.title.upper(), Title=sec.title.capitalize(),
                        arts=articles_text(sec.articles), arts_only=articles_only(sec.articles),
                    ))
                self.answer(sec.paragraphs, "")
                heads = sec.articles if self.style.article_heads and sec.numeral else []
                rows: list[str] = []
                for index, q in enumerate(sec.questions):
                    if index % 3 == 0 and index // 3 < len(heads):  # every third question
                        self.table_of(rows)
                        article = heads[index // 3]
                        self.block(f"Article {article} – "
                                   + ARTICLE_TITLES.get(article, "Provisions"))
                    if self.in_table(q):
                        rows.append(f"{self.cell(q)} | {q.paragraphs[0].text}")
                        continue
                    self.table_of(rows)
                    self.question(q)
                self.table_of(rows)
        if self.style.signature:
            self.block("Strasbourg, 14 March 2026")
            self.block("Ms Jana Novak", "Head of the National Coordination Unit")
        text = "\n".join(self.out)
        for name in self.style.transforms:
            text = transform(text, name)
        return text

ABBREVIATIONS = (("NRM", "National Referral Mechanism"), ("PPS", "Public Prosecution Service"),
                 ("LIA", "Labour Inspection Authority"),
                 ("CVCA", "Crime Victim Compensation Authority"),
                 ("ATCU", "Anti-Trafficking Coordination Unit (Ministry of Justice)"),
                 ("NPA", "National Police Authority"), ("VMA", "Vendarian Migration Agency"))
ANNEX_TABLES = (("Identified victims by sex", ("Year", "Women", "Men", "Total")),
                ("Compensation claims in criminal proceedings",
                 ("Year", "Claims filed", "Claims granted", "Amount awarded (EUR)")),
                ("Referrals to the NRM by region", ("Region", "Under 18", "18 and over", "Total")))
MONTH_NAMES = ("January", "March", "June", "October")
ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}
NUMBER_LABEL_RE = re.compile(r"^\d{1,3}\.\s+")


def aligned(rows: list[list[str]]) -> list[str]:
    """Rows as columns aligned by spaces (two at least between cells), as Word exports a
    table to text."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["".join(cell.ljust(width + 3) for cell, width in zip(row, widths, strict=True)
                    ).rstrip() for row in rows]


class Nordic(_Writer):
    """The Nordic house style (`NORDIC`); `expected` records what was written where, for
    the tests: Sections and their notes, the abbreviations, the annexes' tables."""

    def __init__(self, doc: Document, style: Style) -> None:
        super().__init__(doc, style)
        self.rng = random.Random(style.nordic)
        self.dash = self.rng.choice(("–", "-", "—"))
        self.paragraph = 0  # paragraphs are numbered through the document
        self.note = 0
        self.expected: dict = {"notes": [], "tables": [], "abbreviations": {}, "items": {}}

    def numbered(self, text: str) -> str:
        self.paragraph += 1
        return f"{self.paragraph}. {NUMBER_LABEL_RE.sub('', text)}"

    def answer(self, paragraphs: list[Paragraph], marker: str) -> None:
        for para in paragraphs:
            if para.kind == "table":
                self.table(para.text)
            else:
                self.block(self.numbered(para.text))

    def table(self, text: str) -> None:
        """A table's rows aligned by spaces under its caption or title line."""
        lines = [line for line in text.split("\n") if line.strip()]
        caption = [] if "\t" in lines[0] or "|" in lines[0] else [lines.pop(0)]
        rows = [[c.strip() for c in re.split(r"\t|\|", line) if c.strip()] for line in lines]
        rows = [row for row in rows if row]
        width = max(map(len, rows))
        rows = [row + ["–"] * (width - len(row)) for row in rows]
        self.block(*caption, *aligned(rows))

    def gloss(self, q: Question, articles: list[int]) -> str:
        words = re.sub(r"[^\w' -]", "", q.text).split()[:5]
        topic = " ".join(words).lower() or "general"
        return f"Article {articles[0]} {self.dash} {topic}" if articles else topic

    def question(self, q: Question, articles: list[int] | None = None) -> None:
        self.block(f"Q{q.number} ({self.gloss(q, articles or [])})")
        if not q.items:
            self.answer(q.paragraphs, "")
            return
        self.block(self.numbered("The developments are set out below."))
        self.answer(q.paragraphs, "")
        for k, item in enumerate(q.items, 1):
            words = re.sub(r"[^\w' -]", "", item.text).split()[:4] or ["Other"]
            if item.label.isalpha():  # a title: "i) Identification of victims"
                self.block(f"{int_to_roman(k).lower()}) {' '.join(words).capitalize()}")
            else:  # an unlettered sub-question (questions 40-42): as the reply has it
                self.block(self.style.bullet + item.text)
            self.answer(item.paragraphs or [Paragraph("No further developments.")], "")
        self.expected["items"][q.number] = len(q.items)

    def front(self, dated: bool) -> None:
        if not dated:  # the title page gives no date of its own
            day = self.rng.choice((1, 2, 3, 16, 21, 28))
            month = self.rng.choice(MONTH_NAMES)
            self.block(f"Submitted: {day}{ORDINAL.get(day, 'th')} {month} 2026")
            self.expected["submitted"] = f"{day} {month} 2026"
        listed = self.rng.sample(ABBREVIATIONS, k=self.rng.randint(4, len(ABBREVIATIONS)))
        self.block("Abbreviations")
        self.block(*(f"{a} {self.dash} {name}" for a, name in listed))
        self.expected["abbreviations"] = {a: name.split(" (")[0] for a, name in listed}
        self.block("Introduction")
        self.block(self.numbered("This reply was prepared by the Ministry of Justice with "
                                 "contributions from the authorities and NGOs concerned."))
        self.block(self.numbered("Paragraphs are numbered consecutively throughout the reply; "
                                 "notes in square brackets are set out after each section."))

    def notes(self, numeral: str) -> None:
        count = self.rng.randint(1, 3)
        self.block(f"Notes to Section {numeral}")
        self.block(*(f"[{self.note + k}] Act No. {40 + self.note + k}/2019 on the subject, "
                     f"section {k}, as amended in 2022." for k in range(1, count + 1)))
        self.expected["notes"].append(f"Notes to Section {numeral}")
        self.note += count

    def annexes(self) -> None:
        self.block(f"ANNEX 1 {self.dash} LEGISLATION CITED")
        self.block(self.numbered("The main legislation cited in this reply is:"))
        self.block("Criminal Code (1962:700)", "Aliens Act (2006:441)", "Legal Aid Act (1997:318)")
        self.block(f"ANNEX 2 {self.dash} STATISTICS")
        self.block(self.numbered("All figures are for calendar years. Figures for 2025 are "
                                 "provisional."))
        for k, (title, header) in enumerate(self.rng.sample(ANNEX_TABLES, k=3), 1):
            rows = [list(header)]
            for year in range(2021, 2021 + self.rng.randint(3, 5)):
                first = str(year) if header[0] == "Year" else f"Region {year - 2020}"
                values = [self.rng.randint(1, 400) for _ in header[1:-1]]
                rows.append([first, *map(str, values), f"{sum(values):,}"])
            self.block(f"Table A2.{k} {self.dash} {title}, 2021{self.dash}2025", *aligned(rows))
            self.expected["tables"].append(f"Annex 2, Table A2.{k}")
            if self.rng.random() < 0.5:
                self.block("Source: Ministry of Justice.")
            self.block(self.numbered(f"The figures in Table A2.{k} are provisional."))

    def write(self, title_page: list[str]) -> str:
        self.out = [line for line in title_page if not NUMBER_LABEL_RE.match(line)]
        while self.out and not self.out[-1].strip():
            self.out.pop()
        self.out.append("")
        self.front(any("submitted" in line.lower() for line in self.out))
        arts_in_heading = self.rng.random() < 0.7
        for part in self.doc.parts:
            n = part.label.removeprefix("Part ") if part.label else "I"
            number = int(n) if n.isdigit() else roman_to_int(n)
            self.block(f"PART {int_to_roman(number)} {self.dash} {part.title.upper()}")
            for sec in part.sections:
                if sec.numeral:
                    arts = articles_text(sec.articles) if arts_in_heading else ""
                    self.block(sec.title.capitalize() + arts)
                self.answer(sec.paragraphs, "")
                for q in sec.questions:
                    self.question(q, sec.articles)
                if sec.numeral:
                    self.notes(sec.numeral)
        self.annexes()
        return "\n".join(self.out)


def title_page(lines: list[str]) -> list[str]:
    """The lines before the first Part heading."""
    for index, line in enumerate(lines):
        if part_heading(line.strip()):
            return lines[:index]
    return lines


def restyle_text(text: str, style: Style, source: str = "reply.txt") -> str:
    """`text` (a structured reply) written again in `style`."""
    from greta_search.load import SourceLine

    doc = parse_lines([SourceLine(line) for line in text.splitlines()], source)
    return writer(doc, style).write(title_page(text.splitlines()))


def writer(doc: Document, style: Style) -> _Writer:
    """The writer of a style: `Nordic` for the Nordic ones."""
    return Nordic(doc, style) if style.nordic is not None else _Writer(doc, style)


def restyle(path: Path, style: Style) -> str:
    lines = load_lines(path)
    doc = parse_lines(lines, str(path))
    return writer(doc, style).write(title_page([line.text for line in lines]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path)
    parser.add_argument("style", nargs="?", choices=sorted({**STYLES, **UNSEEN, **NORDIC}))
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--list", action="store_true", help="List the named styles.")
    args = parser.parse_args()
    if args.list or not (args.source and args.style):
        for style in [*STYLES.values(), *UNSEEN.values(), NORDIC["nordic"]]:
            print(style)
        return 0
    text = restyle(args.source, {**STYLES, **UNSEEN, **NORDIC}[args.style])
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
