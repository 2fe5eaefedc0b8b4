"""The line shapes of the layouts States write their replies in, one pattern per kind of line.

Question headings: `12.` `12)` `12/` `Question 12` `Question 12:` `Q12.` `Q.12` `No. 12` `**12.**`
`### 12.`, or alone on their line (`Question 12`, `Q 12`, `Question No. 12`, `12.`), or the
question text alone, which only a template can recognise: see `template`. Answer markers:
`Answer –` `Answer:` `Reply:` `Response:` `Reply of <State>:` `Comments:` `Réponse :` (or in
capitals, or the State's name: `Azerbaijan:`), optionally `(general)`. Items: `a)` `a.` `(a)`
`a –` `i.` `(i)` `- a.` `A)` `(A)` `2.a)` `2 a)` `1)` `1.` `2.1.` `2.1 Capital`. Part and
Section headings in any case: `PART I:` `Part One` `PART A` `# Part 1` `Section I –`
`Chapter I –` `Chapter A –` `Title II –` `I.` `## I.` (articles as `(Articles 5-7)` or
`(Arts. 5-7)`), and
Sections named by their articles (`Articles 5, 6 and 7 – Prevention`) or followed by them
(`Articles 5, 6 and 7 of the Convention`); page numbers a page break leaves (`- 21 -`).
`normalise_line` undoes what pasting from Word or a PDF adds (soft hyphens, tabs after
labels). Every function takes a line already `clean`ed of bold markers, except where it
says `raw`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from greta_search.texttables import is_pipe_row, is_rule

DASH = r"[–—-]"
BOLD = re.compile(r"\*\*")
MARKDOWN = r"(?:#{1,6}\s*)?"
BULLET_RE = re.compile(r"^\s*(?:[-•▪●◦]|–(?=\s))\s*")
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}
ROMAN = r"[IVXLC]+"

PART_RE = re.compile(
    rf"^{MARKDOWN}Part(?:ie)?\s+(\d+|{ROMAN}|[A-H]|{'|'.join(NUMBER_WORDS)})"
    rf"(?:\s*[–—:.-]\s*(\S.*))?\s*$",
    re.IGNORECASE,
)
# "I. PREVENTION (Articles 5, 6 and 7)": a bare numeral needs an upper-case title or articles;
# with "Section" or a Markdown heading any case will do.
SECTION_RE = re.compile(
    rf"^(?P<md>#{{1,6}}\s*)?(?P<kw>(?:Section|Chapter|Title)\s+)?"
    rf"(?P<num>{ROMAN}|\d{{1,2}}|[A-H](?=\s*[.:–—-]))\s*[.:–—-]?\s+"
    r"(?P<title>[^(]{3,}?)\s*(?:\((?P<arts>(?:Articles?|Arts?\.)\s[^)]*)\))?\s*$",
    re.IGNORECASE,
)
QUESTION_RE = re.compile(
    r"^(?:[-•]\s*)?(?P<md>#{1,6}\s*)?"
    r"(?:(?P<prefix>Question(?:\s+(?:No\.?|N°))?|Q\.?|No\.|N°)\s*(?P<pnum>\d{1,2})\b\s*[.:)–—-]?"
    r"|(?P<num>\d{1,2})[.)/])(?:\s+(?P<body>\S.*))?$",
    re.IGNORECASE,
)
ANSWER_RE = re.compile(
    rf"^(?:[-•]\s*)?(?:Answer|Reply|Response|Comments?|Réponse"
    r"|ANSWER|REPLY|RESPONSE|COMMENTS?|RÉPONSE)"
    r"(?:\s+(?:of|by|from)\s+(?:the\s+)?[A-Z][^:–—]{0,60}?)?"
    rf"\s*(\((?:general|générale)\))?\s*(?:{DASH}|:)\s*(.*)$"
)
ITEM_RE = re.compile(
    rf"^(?:[-•]\s*)?(?:\((?P<p>[a-z]|[ivx]{{1,4}}|[A-Z])\)"
    rf"|(?:(?P<lq>\d{{1,2}})[.\s])?(?P<l>[a-z]|[ivx]{{1,4}})(?:[.)]|\s*{DASH})"  # "2.a)"
    r"|(?P<u>[A-Z])\)|(?:(?P<q>\d{1,2})\.)?(?P<d>\d{1,2})(?P<delim>[.)])"
    r"|(?P<q2>\d{1,2})\.(?P<d2>\d{1,2})(?=\s+[A-Z]))"  # "6.1 Provision": capitalised
    r"\s+(?P<body>\S.*)$"
)
# "Table 3", "Tab. 3", and an annex's "Table A2.3" (its number: "A2.3")
TABLE_CAPTION_RE = re.compile(
    r"^(?:Table|TABLE|Tab\.)\s+(\d+|[A-Z]\d{1,2}(?:\.\d{1,2})+)\b\.?\s*(.*)$")
CONTINUED_RE = re.compile(r"^\(?(?:continued|cont(?:'d|\.|inued)?|suite)\b", re.IGNORECASE)
NUMBERED_RE = re.compile(r"^\d{1,2}[.)]\s+\S")
NUMBER_RE = re.compile(r"\d+")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A year of the replies' time, the pattern every year-reading pattern is built from.
YEAR = r"(?:19|20)\d{2}"


def clean(text: str) -> str:
    """Strip markdown bold markers and normalise whitespace."""
    return " ".join(BOLD.sub("", text).split())


def roman_to_int(numeral: str) -> int:
    """Convert a Roman numeral (I..MMM) to an int."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    upper = numeral.upper()
    for i, ch in enumerate(upper):
        value = values[ch]
        nxt = values.get(upper[i + 1], 0) if i + 1 < len(upper) else 0
        total += -value if value < nxt else value
    return total


def int_to_roman(number: int) -> str:
    """1 -> "I", 14 -> "XIV"."""
    out = ""
    for value, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
                           (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += numeral
            number -= value
    return out


def is_bullet(text: str) -> bool:
    """True for a bullet line ("- ...", "• ..."); a rule line ("-----", "---+---") is none."""
    return (bool(BULLET_RE.match(text)) and not text.lstrip().startswith("**")
            and not is_rule(text))


def strip_bullet(text: str) -> str:
    """The line without its bullet marker."""
    return BULLET_RE.sub("", text, count=1)


def is_table_line(text: str) -> bool:
    """A line of a statistics table: TAB-separated cells, cells between pipes ("2022 | 14",
    "| 2022 | 14 |") or a grid's border ("+----+----+", "-----+-----"). Columns aligned by
    spaces are told by their block (`texttables.is_aligned_table`)."""
    return "\t" in text.strip("\n") and len(text.split("\t")) >= 2 or is_pipe_row(text)


def part_heading(text: str) -> tuple[str, str] | None:
    """("1", "Eliminating ...") for a Part heading; the label keeps the document's numeral
    (Roman upper-cased), a number word becomes digits."""
    m = PART_RE.match(text)
    if not m or len(text) >= 200:
        return None
    label = m.group(1)
    if label.lower() in NUMBER_WORDS:
        label = str(NUMBER_WORDS[label.lower()])
    elif not label.isdigit():
        label = label.upper()
    return label, m.group(2) or ""


def section_heading(text: str) -> tuple[str, str, str | None] | None:
    """(numeral, title, "Articles ...") for a Section heading, numeral in Roman capitals."""
    m = SECTION_RE.match(text)
    if not m:
        return None
    explicit = m.group("kw") or m.group("md")
    num, title = m.group("num"), m.group("title").strip(" –—-:")
    if num.isdigit() and not m.group("kw"):
        return None  # "1. ..." is a question or a numbered paragraph
    if not explicit:
        if not re.fullmatch(ROMAN, num) or not text.split()[0].endswith("."):
            return None
        if re.search("[a-z]", title) and not m.group("arts"):
            return None
        if re.search("[a-z]", title) and len(title) > 120:
            return None
    if num.isdigit():
        num = int_to_roman(int(num))
    elif m.group("kw") and re.fullmatch("[A-H]", num):  # "Chapter C": the third, never 100
        num = int_to_roman(ord(num) - ord("A") + 1)
    elif not re.fullmatch(ROMAN, num.upper()):
        return None
    return num.upper(), title, m.group("arts")


ARTICLE_SECTION_RE = re.compile(
    rf"^{MARKDOWN}Articles?\s+(?P<arts>\d{{1,3}}(?:\s*(?:,|and|et|&|{DASH})\s*\d{{1,3}})*)"
    rf"(?:\s+{DASH}\s+|\s*:\s+)(?P<title>[A-ZÀ-Ý][^.;:()]{{2,119}})$",
    re.IGNORECASE,
)


def article_section_heading(text: str) -> tuple[list[int], str] | None:
    """([5, 6, 7], "Prevention") for a Section heading naming only the Convention articles
    it covers ("Article 5 – Prevention", "Articles 5, 6 and 7: PREVENTION"); whether it is a
    Section is the template's business."""
    m = ARTICLE_SECTION_RE.match(text)
    if not m or text[:1].islower():
        return None
    bounds = [int(n) for n in NUMBER_RE.findall(m.group("arts"))]
    if re.search(rf"\d\s*{DASH}\s*\d", m.group("arts")) and len(bounds) == 2:
        bounds = list(range(bounds[0], bounds[1] + 1))  # "Articles 10-16"
    return bounds, m.group("title").strip()


ARTICLES_LINE_RE = re.compile(
    r"^\(?Articles?\s+(?P<arts>\d{1,3}(?:\s*(?:,|and|et|&|[–—-])\s*\d{1,3})*)"
    r"(?:\s+of\s+the\s+(?:Anti-Trafficking\s+)?Convention)?\)?\.?$",
    re.IGNORECASE,
)

def articles_line(text: str) -> list[int]:
    """[5, 6, 7] for a line naming only Convention articles: "Articles 5, 6 and 7 of the
    Convention", "(Articles 10-16)"; [] for any other line."""
    m = ARTICLES_LINE_RE.match(text)
    if not m:
        return []
    bounds = [int(n) for n in NUMBER_RE.findall(m.group("arts"))]
    if re.search(r"\d\s*[–—-]\s*\d", m.group("arts")) and len(bounds) == 2:
        return list(range(bounds[0], bounds[1] + 1))
    return bounds



PAGE_NUMBER_RE = re.compile(  # a text file's page number: "- 21 -", "Page 21", "21 / 40"
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|(?:Page|p\.)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4})$",
    re.IGNORECASE,
)


def continued_caption(text: str) -> bool:
    """Whether a table caption only says the table goes on: "Table 7 (continued)"."""
    m = TABLE_CAPTION_RE.match(text)
    return bool(m and CONTINUED_RE.match(m.group(2).lstrip(" –—-:")))


def is_page_number(text: str) -> bool:
    """Whether a line is only a page number left by a page break ("- 21 -", "Page 21 of
    40"); a bare number is not (it may be a table's cell or an answer)."""
    return bool(PAGE_NUMBER_RE.match(text.strip()))


BACK_MATTER_RE = re.compile(
    rf"^{MARKDOWN}(?:List of )?(?:Abbreviations|Acronyms|Abbreviations and acronyms|Notes"
    r"|End ?notes|Footnotes|Glossary)\s*:?$",
    re.IGNORECASE,
)
# "Notes to Section 3", "Notes to Part I": a Section's notes, after its last answer
SECTION_NOTES_RE = re.compile(
    rf"^{MARKDOWN}(?:Foot|End)?notes\s+to\s+(?:Section|Chapter|Part)\s+(?:\d{{1,2}}|{ROMAN})\s*:?$",
    re.IGNORECASE,
)
# "ANNEX 2 – STATISTICS", "Annex II: Legislation", "Appendix 1": the annexes after the answers
ANNEX_RE = re.compile(
    rf"^{MARKDOWN}(?P<kw>Annex|Appendix|Annexe)\s+(?P<num>\d{{1,2}}|{ROMAN}|[A-H])\b"
    r"(?:\s*[.:–—-]\s*(?P<title>\S.{0,100}))?\s*$",
    re.IGNORECASE,
)


# A line of a list of abbreviations: "NRM – National Referral Mechanism", "CVCB: Crime ..."
GLOSSARY_LINE_RE = re.compile(r"^[A-Z][A-Za-z]*[A-Z]s?\s*(?::|\s[–—-])\s+\S.{0,100}$")


def glossary_line(text: str) -> bool:
    """Whether a line is an entry of a list of abbreviations ("NRM – National Referral
    Mechanism"): an acronym, a colon or dash, a name that ends no sentence."""
    return bool(GLOSSARY_LINE_RE.match(text)) and not text.endswith((".", ":", "?"))


def back_matter_heading(text: str) -> str | None:
    """"Notes" for the heading of what a reply puts after its answers: notes, the
    abbreviations it uses, a glossary, a Section's notes ("Notes to Section 3"), an annex
    ("ANNEX 2 – STATISTICS": "Annex 2")."""
    if BACK_MATTER_RE.match(text) or SECTION_NOTES_RE.match(text):
        return text.lstrip("# ").rstrip(" :")
    m = ANNEX_RE.match(text)
    if m and not text.rstrip().endswith((".", ";", ",")):
        return f"{m.group('kw').capitalize()} {m.group('num')}"
    return None


NUMBERED_SECTION_RE = re.compile(
    r"^(?P<num>\d{1,2})[.)]\s+(?P<title>[^()?.;:]{3,120}?)\s*"
    r"(?:\((?P<arts>Articles?\s[^)]*)\))?\s*$"
)


def numbered_section_heading(text: str) -> tuple[str, str, str | None] | None:
    """("2", "Legal assistance and free legal aid", "Article 15") for a line numbered as a
    questionnaire numbers its Sections ("2. Legal assistance and free legal aid (Article
    15)"); whether the template has that Section is the parser's business."""
    m = NUMBERED_SECTION_RE.match(text)
    if not m:
        return None
    return m.group("num"), m.group("title").strip(" –—-"), m.group("arts")


@dataclass(frozen=True)
class QuestionHeading:
    number: int
    body: str
    explicit: bool  # "Question 12", "Q12", "No. 12", a Markdown heading: surely a heading
    delimiter: str | None = None  # "." or ")" after a bare number ("12." "12)")


# "[Q12] TEXT", "[Question 12] Text", "[12] TEXT IN CAPITALS" (a note "[12] Law No. ..." is none)
BRACKETED_QUESTION_RE = re.compile(
    r"^(?:[-•]\s*)?\[\s*(?P<prefix>(?:Question|Q)\.?\s*)?(?P<num>\d{1,2})\s*\]\s*[.:–—-]?"
    r"(?:\s*(?P<body>\S.*))?$"
)


def bracketed_heading(m: re.Match) -> QuestionHeading | None:
    """The heading a `BRACKETED_QUESTION_RE` match reads: with "Q" or "Question" any text
    will do; a bare "[12]" needs its text in capitals or asking ("...?"). The brackets
    mark a heading as surely as "Question" does."""
    body = (m.group("body") or "").strip()
    if not m.group("prefix") and not (body and (body.upper() == body or body.endswith("?"))):
        return None
    return QuestionHeading(int(m.group("num")), body, True)


def question_heading(text: str, raw: str = "") -> QuestionHeading | None:
    """A numbered line in any question-heading style (whether it continues the sequence is
    the parser's business). A heading alone on its line ("Question 12", "Q 12", "12.") has
    an empty body: the question's text, if any, follows it."""
    bracketed = BRACKETED_QUESTION_RE.match(text)
    if bracketed is not None:
        return bracketed_heading(bracketed)
    m = QUESTION_RE.match(text)
    if not m:
        return None
    number = int(m.group("pnum") or m.group("num"))
    prefix = m.group("prefix") or ""
    if prefix[:1].islower():
        return None  # "question 12 ..." or "no. 12" in running text
    body = (m.group("body") or "").strip()
    explicit = bool(m.group("md")) or prefix[:1] == "Q" or not body
    bold = raw.lstrip("-• ").startswith("**")
    return QuestionHeading(number, body, explicit or bold, m.group("num") and text.split()[0][-1])


def answer_marker(text: str, state: str | None = None) -> tuple[bool, str] | None:
    """(general, rest of the line) for an answer marker line; with the replying `state`,
    also its name used as the marker ("Azerbaijan:", "The Republic of Moldova –")."""
    m = ANSWER_RE.match(text)
    if m:
        return bool(m.group(1)), m.group(2)
    if state:
        m = state_marker(state).match(text)
        if m:
            return False, m.group(1)
    return None


@lru_cache(maxsize=64)
def state_marker(state: str) -> re.Pattern:
    """The pattern of a State's name used as an answer marker."""
    name = re.escape(state.removeprefix("the ").strip())
    return re.compile(
        rf"^(?:[-•]\s*)?(?:the\s+)?(?:(?:Government|Republic)\s+of\s+(?:the\s+)?)?{name}"
        rf"\s*(?:\((?:general|générale)\)\s*)?(?::|\s{DASH}\s)\s*(.*)$",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class ItemHeading:
    label: str  # as printed: "a", "ii", "B", "3", "2.3"
    body: str
    delimiter: str | None = None  # after a number: "." or ")"
    named: int | None = None  # the question a letter's label names: 2 for "2.a)"

    @property
    def numeric(self) -> bool:
        return self.label[-1].isdigit()

    @property
    def question(self) -> int | None:
        """The question a label names: 2 for "2.3" or "2.a)"."""
        return int(self.label.split(".")[0]) if "." in self.label else self.named

    def letter(self, position: int) -> str | None:
        """The item letter this label means as item number `position` (1-based): "c" is c,
        "iii", "C" or "3" is c when it is the third item."""
        expected = chr(ord("a") + position - 1)
        if self.label == expected or self.label == expected.upper():
            return expected
        if re.fullmatch("[ivx]+", self.label) and roman_to_int(self.label) == position:
            return expected
        if self.numeric and int(self.label.split(".")[-1]) == position:
            return expected
        return None


def item_heading(text: str) -> ItemHeading | None:
    """A sub-item line: lettered, roman-numbered, capital-lettered ("B)") or numbered
    ("2)", "2.", "40.2."), a letter after its question's number ("2.a)", "2 a)")."""
    m = ITEM_RE.match(text)
    if not m:
        return None
    if m.group("d"):
        label = f"{m.group('q')}.{m.group('d')}" if m.group("q") else m.group("d")
        return ItemHeading(label, m.group("body"), m.group("delim"))
    if m.group("d2"):
        return ItemHeading(f"{m.group('q2')}.{m.group('d2')}", m.group("body"))
    named = int(m.group("lq")) if m.group("lq") else None
    return ItemHeading(m.group("p") or m.group("l") or m.group("u"), m.group("body"), named=named)


# Items a line heads together: "42.12, 42.13 and 42.14 Investigations ...", "6.2-6.3."
JOINT_ITEMS_RE = re.compile(
    r"^(?P<q>\d{1,2})\.(?P<first>\d{1,2})\.?"
    r"(?P<more>(?:\s*(?:,|&|\band\b|[–—-])\s*(?P=q)\.\d{1,2}\.?)+)\s+(?P<body>\S.*)$")


def joint_items(text: str) -> tuple[int, list[int], str] | None:
    """(question, the item numbers in order, the rest of the line) for a line labelled
    with several items of one question ("42.12, 42.13 and 42.14 Investigations" -> (42,
    [12, 13, 14], "Investigations")); a range "6.2-6.4" names those between too."""
    m = JOINT_ITEMS_RE.match(text)
    if m is None:
        return None
    question = int(m.group("q"))
    numbers = [int(m.group("first"))] + [
        int(n) for n in re.findall(rf"(?<![\d.]){question}\.(\d{{1,2}})", m.group("more"))]
    if re.search(r"[–—-]", m.group("more")) and len(numbers) == 2:
        numbers = list(range(numbers[0], numbers[1] + 1))
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None  # not consecutive: no items headed together
    return question, numbers, m.group("body")


_LABEL = (r"(?:\(?[a-zA-Z]{1,4}[.)]|\d{1,2}(?:\.\d{1,2})?[.)]|(?:Question|Q\.?)\s*\d{1,2}[.:)]?"
          r"|[A-Z][\w ]{0,40}:)")
LABEL_RE = re.compile(rf"(?:[-•▪●◦](?:[ \t]*{_LABEL})?|{_LABEL})")  # "- a.", "a)", "12.", "-"
LABEL_TAB_RE = re.compile(rf"^({LABEL_RE.pattern})[ \t]*\t[ \t]*(?=\S)")
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# a paragraph's or an item's number in a cell of its own: "12", "12.1", "12.1.", "(12)",
# "12.1)", "a-", "(a)", "i)", a bullet
PARAGRAPH_MARK_RE = re.compile(
    r"\(?\d{1,3}(?:\.\d{1,3}){0,3}[.)]?|\(?[a-zA-Z]{1,4}[.)]|[a-z]{1,4}\s?[-–]|\([a-zA-Z]{1,4}\)"
    r"|[-•▪●◦–*·]"
)
MIN_PROSE_WORDS = 3  # a cell that reads as text: this many words, most of them words


def is_prose(cell: str) -> bool:
    """A cell that reads as running text, not a figure or a short label of a table."""
    words = cell.split()
    worded = sum(1 for word in words if re.search(r"[^\W\d_]{2}", word))
    return len(words) >= MIN_PROSE_WORDS and 2 * worded > len(words)


def numbered_paragraph(text: str) -> str | None:
    """ "12.1 The Ministry ..." for "12.1<TAB>The Ministry ..." (tabs around the number, before
    it too): a number, item letter or bullet and ONE cell of prose is a numbered paragraph
    or item exported from Word, not a row of a table (which has two or more data cells)."""
    cells = [cell.strip() for cell in text.split("\t") if cell.strip()]
    if (len(cells) == 2 and PARAGRAPH_MARK_RE.fullmatch(cells[0])
            and is_prose(cells[1])):
        return f"{cells[0]} {cells[1]}"
    return None


def normalise_line(text: str) -> str:
    """A line as typed, without what copying from Word or a PDF adds: soft hyphens and
    zero-width characters removed; a tab after a leading label ("12.<TAB>", "a)<TAB>",
    "Answer:<TAB>") made a space, a number or bullet and one cell of prose made a numbered
    paragraph (`numbered_paragraph`), and tabs indenting a label or a paragraph removed. A
    line with other tabs is a table row and keeps them."""
    text = text.translate(INVISIBLE)
    if "\t" not in text:
        return text
    body = text.lstrip("\t ")
    if body.count("\t") == 1 and LABEL_TAB_RE.match(body):
        return LABEL_TAB_RE.sub(r"\1 ", body)
    paragraph = numbered_paragraph(body)
    if paragraph is not None:
        return paragraph
    if "\t" not in body.rstrip() and (LABEL_RE.match(body) or len(body.split()) >= 8):
        return body.rstrip()  # indentation, not an empty first cell
    return text


REFERENCE_RE = re.compile(
    r"\b(?:see|refer(?:ence)?|cf\.?|indicated|described|provided|mentioned|set\s+out|given)"
    r"\s+(?:also\s+)?(?:(?:to|in|under)\s+)?(?:the\s+)?(?:(?:answers?|repl(?:y|ies)|responses?|information"
    r"|comments?)\s+(?:given\s+)?(?:to|under|in|for|provided\s+(?:in|under))\s+(?:the\s+)?)?"
    r"(?:under\s+|in\s+)?(?:questions?|q\.?)\s*(\d{1,3})",
    re.IGNORECASE,
)


def references(text: str) -> list[int]:
    """Question numbers a passage sends the reader to: "See the answer to Question 24",
    "please refer to the reply to Question 24", "see reply to Q24", "cf. question 24 above",
    "as indicated under question 24"."""
    return [int(n) for n in REFERENCE_RE.findall(text)]


# An answer given to several questions at once, at the start of a line: "Reply to questions
# 12 to 14:", "Questions 12-14", "Answer to questions 5 and 6", "Replies to Q5, Q6 and Q7",
# "Joint reply to questions 14 and 15", "Q. 14 & 15".
JOINT_RE = re.compile(
    r"^\W*(?:(?:(?:joint|common|combined)\s+)?"
    r"(?:repl(?:y|ies)|answers?|responses?|comments?|information)\s+"
    r"(?:to|on|for|regarding|concerning)\s+(?:the\s+)?)?\(?(?:questions|items|qq?\.?\s*|nos\.?)\s*"
    r"(\d{1,3}(?:\s*(?:,|-|–|—|\bto\b|\bthrough\b|\band\b|&)\s*(?:q\.?\s*)?\d{1,3})+)\b",
    re.IGNORECASE)
JOINT_TOKEN_RE = re.compile(r"\d{1,3}|-|–|—|\bto\b|\bthrough\b", re.IGNORECASE)
JOINT_MAX = 12  # questions one answer can cover


def joint_heading(text: str) -> list[int]:
    """The questions a line heads together when it says nothing else ("Questions 14 and
    15", "Q. 14 & 15", "Questions 14-15:"); [] for any other line, an answer that begins so
    among them."""
    m = JOINT_RE.match(text)
    if m is None or text[m.end():].strip(" :.–—-"):
        return []
    return joint_questions(text)


def joint_questions(text: str) -> list[int]:
    """The questions a line says it answers together ("Reply to questions 12 to 14:" ->
    [12, 13, 14], "Answer to questions 5 and 6" -> [5, 6]); [] for any other line."""
    m = JOINT_RE.match(text)
    if m is None:
        return []
    numbers: set[int] = set()
    last, span = None, False
    for token in JOINT_TOKEN_RE.findall(m.group(1)):
        if not token.isdigit():
            span = last is not None
            continue
        number = int(token)
        if span and last is not None and last < number:
            numbers.update(range(last, number + 1))
        numbers.add(number)
        last, span = number, False
    found = sorted(numbers)
    return found if 2 <= len(found) <= JOINT_MAX and found[-1] - found[0] < JOINT_MAX else []


MIN_PREFIXED = 3  # question headings with a prefix ("Q 7", "Question 7") that set the style
MIN_RUN_ACROSS = 2  # numbered paragraphs whose numbering runs on past a question heading


def numbers_paragraphs(texts: list[str]) -> bool:
    """Whether a reply numbers its answer paragraphs continuously ("4.", "5.", ... through
    the whole document) while it heads its questions otherwise ("Q 7 –", "Question 7"): it
    has such headings, and after some of them the paragraph numbering runs on (n + 1)
    rather than starting again. Its numbered lines are then paragraphs: no question, item
    or list entry."""
    prefixed = across = 0
    last: int | None = None
    crossed = False
    for text in texts:
        heading = question_heading(clean(text))
        if heading is None:
            continue
        if heading.delimiter is None:  # "Q 7 –", "Question 7": a question heading
            prefixed += 1
            crossed = True
            continue
        across += crossed and last is not None and heading.number == last + 1
        last, crossed = heading.number, False
    return prefixed >= MIN_PREFIXED and across >= MIN_RUN_ACROSS
