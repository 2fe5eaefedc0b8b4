"""Statistics tables typed without a "Table N" caption.

A reply may type a table (TABs, pipes, a grid, columns aligned by spaces) right after the
paragraph that introduces it ("28. The claims filed and granted ... were as follows [1]:")
with no caption line. Parsing keeps such a table as a passage of its own (kind "table");
here it becomes a `StatTable` numbered 0, named by where it stands ("table in Q7 ¶2"), and
described by its title, the line alone above its rows that parsing put at the head of
its passage ("The number of victims identified by form of exploitation:"), else by the last
sentence of the passage before it when that passage is in the same question and item (its
paragraph number, footnote marks and closing colon dropped).
"""

from __future__ import annotations

import re

from greta_search.chunk import Chunk
from greta_search.records import has_caption
from greta_search.tables import StatTable, parse_untitled
from greta_search.texttables import is_rule

SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])")
NUMBERED_RE = re.compile(r"^\s*(?:\d{1,3}\.|\(?[a-z]\)|[-–•*])\s+")
MARKS_RE = re.compile(r"\s*(?:\[\d+\]|\(\d+\))+(?=\s*[:.]?\s*$)")
GAP_RE = re.compile(r"\S(?: {2,}|\u00a0{2,})\S")


def title(chunk: Chunk) -> str | None:
    """The title line at the head of a table passage (no cell gaps: no TAB, pipe or run
    of spaces), or None when the passage starts with the table's rows."""
    first, _, rest = chunk.text.partition("\n")
    if not rest.strip() or "\t" in first or "|" in first or GAP_RE.search(first) \
            or is_rule(first) or not any(ch.isalpha() for ch in first):
        return None
    return first.strip()


def _sentence(text: str) -> str | None:
    """A line as a table's description: footnote marks and the closing colon dropped."""
    return MARKS_RE.sub("", text).strip().rstrip(":;.").strip() or None


def is_untitled(chunk: Chunk) -> bool:
    """Whether a passage is a typed table without a caption line."""
    return chunk.kind == "table" and not has_caption(chunk.text)


def introduction(chunk: Chunk, before: Chunk | None) -> str | None:
    """The sentence that introduces the table of `chunk`: its title line, else the last
    sentence of the passage `before` it, if that passage is text of the same document,
    question and item."""
    if (head := title(chunk)) is not None:
        return _sentence(head)
    if before is None or before.kind == "table" or (before.doc, before.question, before.item) \
            != (chunk.doc, chunk.question, chunk.item):
        return None
    lines = [line.strip() for line in before.text.split("\n") if line.strip()]
    if not lines:
        return None
    return _sentence(SENTENCE_RE.split(NUMBERED_RE.sub("", lines[-1]))[-1])


def place(chunk: Chunk) -> str:
    """Where a passage stands, for a table without a caption: "table in Q5 ¶2" (the
    citation without its document and Part)."""
    pieces = [p for p in chunk.citation.split(", ")[1:] if not p.startswith("Part ")]
    return f"table in {' '.join(pieces)}" if pieces else "table"


def untitled_tables(chunk: Chunk, before: Chunk | None) -> list[StatTable]:
    """The table of a passage typed without a caption (`is_untitled`: the caller's test);
    none when its lines give no row with two cells or more."""
    try:
        lines = chunk.text.split("\n")[1 if title(chunk) else 0:]
        table = parse_untitled(place(chunk), lines, introduction(chunk, before))
    except ValueError:
        return []
    if not table.rows or len(table.columns) < 2:
        return []
    return [table]
