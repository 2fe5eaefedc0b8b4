"""Blank-line separated blocks of a reply's lines, and the logical lines inside a block:
wrapped lines joined, each paragraph, heading, item, bullet or table row a line of its own
(so text without blank lines between paragraphs, or wrapped at a fixed width as copied from
a PDF, reads like text typed with them). Used by `parse`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from greta_search.layout import (
    TABLE_CAPTION_RE,
    answer_marker,
    articles_line,
    clean,
    glossary_line,
    is_bullet,
    is_table_line,
    item_heading,
    part_heading,
    question_heading,
    section_heading,
    strip_bullet,
)
from greta_search.load import SourceLine
from greta_search.texttables import is_rule

SENTENCE_END = tuple(".:;!?)”\"’'»")
TITLE_MAX = 160  # characters: a longer line is text, no title
NUMBERED_PARAGRAPH_RE = re.compile(r"^(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s|^\(\w{1,4}\)\s|^\[\d+\]")
INNER_SENTENCE_RE = re.compile(r"[.!?]\s+[A-Z]")



@dataclass
class Block:
    """Consecutive non-blank logical lines."""

    lines: list[SourceLine]

    @property
    def page(self) -> int | None:
        return self.lines[0].page

    @property
    def text(self) -> str:
        return " ".join(line.text.strip() for line in self.lines)


def continues(previous: str, text: str) -> bool:
    """True when `text` carries on a paragraph that a page break cut mid-sentence."""
    if previous.endswith(SENTENCE_END):
        return False
    return text[0].islower() or len(previous) > 100


WRAPPED = 0.75  # a line ending a sentence this close to the block's width may be wrapped


def logical_lines(block: Block, state: str | None = None) -> list[SourceLine]:
    """A block's logical lines: wrapped continuation lines are joined to the line they
    continue; bullets, table rows, structural lines and paragraphs each start a new one. A
    line that ends a sentence ends its paragraph unless the text is wrapped and the line
    reaches the wrapping width (text without blank lines between paragraphs, or wrapped at
    a fixed width as copied from a PDF)."""
    out: list[SourceLine] = []
    width = wrap_width(block)
    previous = ""
    for index, line in enumerate(block.lines):
        text = line.text.strip()
        if not strip_bullet(text).strip("* "):
            continue  # an empty bullet
        plain = clean(text)
        starts_new = (
            not out
            or is_bullet(text) and not wrapped_dash(text, clean(previous), width)
            or is_table_line(line.text)
            or is_table_line(previous)
            or answer_marker(plain, state)
            or question_heading(plain)
            or TABLE_CAPTION_RE.match(plain)
            or item_heading(plain)
            or part_heading(plain)
            or section_heading(plain)
            or heading_alone(clean(previous), plain)
            or ends_paragraph(clean(previous), width)
            or titles_table(block.lines, index, previous)
            or glossary_line(plain) and glossary_line(clean(previous))
        )
        previous = line.text
        if starts_new:
            kept = line.text if is_table_line(line.text) else text
            out.append(SourceLine(kept, line.page, line.line))
        else:
            out[-1] = SourceLine(f"{out[-1].text} {text}", out[-1].page, out[-1].line)
    return out


def table_title(text: str) -> bool:
    """Whether a paragraph reads as the title of the table typed right below it: one line
    alone, short, one statement that ends in a colon or no punctuation ("Victims by age",
    "The number of victims identified by form of exploitation:"), not numbered, no bullet,
    no table row and no note."""
    return (0 < len(text) <= TITLE_MAX and "\n" not in text
            and not text.endswith((".", ";", "?", "!", ","))
            and (text[:1].isupper() or text[:1].isdigit())
            and not NUMBERED_PARAGRAPH_RE.match(text) and not INNER_SENTENCE_RE.search(text)
            and not is_bullet(text) and not is_table_line(text) and not is_rule(text))


def titles_table(lines: list[SourceLine], index: int, previous: str) -> bool:
    """Whether line `index` of a block is a table's title on a line of its own: it reads
    as one (`table_title`), the line after it is a table row, and the line before ends a
    statement or a list entry (so it does not carry on a wrapped sentence)."""
    text = clean(lines[index].text)
    return (index + 1 < len(lines) and is_table_line(lines[index + 1].text)
            and clean(previous).endswith(tuple(".:;!?")) and table_title(text))


def heading_alone(previous: str, text: str) -> bool:
    """Whether `text` is what follows a heading on a line of its own: a Part label's title
    ("PART A" / "ADDRESSING ...") or a Section's articles ("Articles 5, 6 and 7 of the
    Convention")."""
    part = part_heading(previous)
    if part is not None and not part[1]:
        return True
    return bool(articles_line(text)) and section_heading(previous) is not None


def wrap_width(block: Block) -> int:
    """The width a block's text is wrapped at (its longest line), or a width beyond
    MAX_WRAP when its lines are whole paragraphs (more than a tenth of them longer than
    that). Table rows do not count."""
    lengths = [len(line.text.strip()) for line in block.lines if not is_table_line(line.text)]
    if not lengths or sum(n > MAX_WRAP for n in lengths) > UNWRAPPED_SHARE * len(lengths):
        return max(lengths, default=0)
    return max(n for n in lengths if n <= MAX_WRAP)


def wrapped_dash(text: str, previous: str, width: int) -> bool:
    """A dash of running text that wrapping put at the start of a line ("... in 2025\n– 370;
    ...", "... is it?\n– Yes, ..."), not a bullet: the text is wrapped, and the line before
    fills the width and does not end a statement, a list entry or an introduction."""
    return (text.startswith(("– ", "— ")) and width <= MAX_WRAP
            and len(previous) >= WRAPPED * width and not previous.endswith(tuple(".!:;")))


def ends_paragraph(previous: str, width: int) -> bool:
    """Whether a line of a block ends its logical line: always in a block whose lines are
    not wrapped (a paragraph per line, without blank lines between); in text wrapped at a
    fixed width (as copied from a PDF), a line that ends a sentence short of the width."""
    if width > MAX_WRAP:
        return True
    return previous.endswith(SENTENCE_END) and len(previous) < WRAPPED * width


MAX_WRAP = 130  # a block whose longest line is shorter may be text wrapped at a fixed width
UNWRAPPED_SHARE = 0.1


def split_blocks(lines: list[SourceLine]) -> list[Block]:
    """Group logical lines into blank-line separated blocks."""
    blocks: list[Block] = []
    current: list[SourceLine] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            blocks.append(Block(current))
            current = []
    if current:
        blocks.append(Block(current))
    return blocks
