"""Sentences of retrieved passages, the candidates `ask` reads its answers from: a passage's
lines split into sentences (abbreviations kept whole), list items kept with their list, and
the sentences that only refer elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from greta_search.layout import REFERENCE_RE
from greta_search.quotes import inside_quotation, quotations
from greta_search.search import Hit

MAX_LIST_ITEMS = 12

# --- sentences -------------------------------------------------------------------------------

ABBREVIATIONS = frozenset(
    "no nos art arts para paras p pp e.g i.e etc cf mr mrs ms dr st vs approx incl ch sec "
    "vol subpara resp fig".split()
)
# A sentence's end: its mark, the quotation marks or bracket closing after it (“”, "", «»,
# ‘’, „“), a space, and the next sentence's capital or number.
SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])[\"”’»“)]*\s+(?=[“\"«„‘(\[]?[A-Z0-9])")
# A list item's mark: a bullet sign, a number, a small roman numeral or letter ("iii.",
# "b)", "(iv)").
BULLET_RE = re.compile(r"^\s*(?:[-–•▪●*]|\d{1,2}[.)]|(?:[ivx]{1,4}|[a-h])[.)]"
                       r"|\((?:[ivx]{1,4}|[a-h]|\d{1,2})\))\s+")


def split_sentences(line: str) -> list[str]:
    """Sentences of one line of text; abbreviations ("No.", "Art.") and the end of a
    sentence inside a quotation (a quoted title: "“Are you safe? Call us!”") do not end one."""
    pieces: list[str] = []
    start = 0
    quoted = quotations(line)
    for match in SENTENCE_BREAK_RE.finditer(line):
        if inside_quotation(quoted, match.end()):
            continue
        before = line[start : match.start()].rstrip("\"”’»“)")
        word = before.rsplit(None, 1)[-1].rstrip(".").lower() if before.strip() else ""
        if word in ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
            continue
        pieces.append(line[start : match.end()].strip())  # with its closing quote
        start = match.end()
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def clean(text: str) -> str:
    """Text without markdown bold and bullet marks, spacing collapsed."""
    text = BULLET_RE.sub("", text.replace("**", ""))
    return " ".join(text.split())


@dataclass
class Sentence:
    """A candidate answer: a sentence (or a list item) of a retrieved passage."""

    text: str
    passage: Passage
    list_block: str | None = None  # the list (intro and items) the sentence belongs to
    score: float = 0.0
    dense: float = 0.0  # e5 similarity of the sentence to the question
    keyword: float = 0.0  # weighted share of the question's terms in the sentence
    context: float = 0.0  # the same, counting the passage's question and item headings
    mass: float = 0.0  # summed weight of the question's terms in the sentence, over MASS
    heading: float = 0.0  # weighted share of the question's terms in the headings alone
    years: float = 1.0  # how well it keeps to the years asked (see _year_fit)
    span: str | None = None
    span_quality: float = 0.0
    local: float = 0.0  # the question's share of the span's own clause (SpanChoice.local)
    rivals: int = 0  # other spans of the kind asked in the sentence
    span_margin: float = 1.0  # how far the span chosen beat the sentence's runner-up
    role_rival: float = 0.0  # another number of the sentence fits the question as well
    event: float = 0.0  # a date of the event asked (1), of another one (-1) (SpanChoice.event)
    clause: float = 0.0  # e5 similarity of the span's own clause to the question
    clause_text: str = ""  # that clause (SpanChoice.clause)
    margin: float = 1.0  # ranking score over the best sentence giving another answer
    signals: dict[str, float] = field(default_factory=dict)  # greta_search.agreement


@dataclass
class Passage:
    """A candidate passage: the hit, how it was reached, and its heading terms."""

    hit: Hit
    prior: float
    via: Hit | None = None  # the passage whose cross-reference led here
    dense: float = 0.0


def passage_sentences(passage: Passage) -> list[Sentence]:
    """Sentences of a passage; list items are sentences of their own and remember their
    list (the introductory line and all items)."""
    out: list[Sentence] = []
    lines = [line for line in passage.hit.chunk.text.split("\n") if line.strip()]
    block: list[str] = []
    members: list[Sentence] = []

    def close() -> None:
        if members:
            text = "\n".join(block[: MAX_LIST_ITEMS + 1])
            for member in members:
                member.list_block = text
        block.clear()
        members.clear()

    for index, line in enumerate(lines):
        bullet = BULLET_RE.match(line) is not None
        intro = (
            not bullet
            and line.rstrip().endswith(":")
            and index + 1 < len(lines)
            and BULLET_RE.match(lines[index + 1]) is not None
        )
        if not bullet:
            close()
        if bullet or intro:
            block.append(clean(line) if intro else "- " + clean(line))
        for text in split_sentences(clean(line)) if not bullet else [clean(line)]:
            sentence = Sentence(text=text, passage=passage)
            out.append(sentence)
            if bullet or intro:
                members.append(sentence)
    close()
    return out


def only_reference(text: str) -> bool:
    """Whether a sentence does nothing but refer elsewhere."""
    rest = REFERENCE_RE.sub(" ", text)
    return bool(REFERENCE_RE.search(text)) and len(re.findall(r"[A-Za-z]{3,}", rest)) <= 3
