"""Footnotes of a PDF: the lines under a page's footnote separator (the short rule word
processors draw above the notes), or else small lines at the foot of a page, the first
starting with a superscript number. They are taken off the page's lines and come back as
paragraphs of their own, "[3] text", between two blocks of their page where no sentence,
list or table is cut (see `greta_search.pdf`, which drops the superscript marks in the text)."""

from __future__ import annotations

import re
import statistics

from greta_search.load import SourceLine
from greta_search.pdf import BULLET_RE, LINE_END_HYPHEN_RE, Line
from greta_search.pdfruns import Ink

NOTE_SIZE = 0.85  # footnote lines are smaller than this share of the body font size
SEPARATOR_SLACK = 3.0  # a footnote separator starts this close (pt) to the left margin
MIN_SEPARATOR = 20.0  # ... and is at least this long (pt)
FULL_STOP_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")
NOTE_MARK_RE = re.compile(r"\d{1,3}|[*†‡]")
NOTE_START_RE = re.compile(r"(\d{1,3}|[*†‡])\s*(?=[^\W\d_]|[\"“(])")


def split_notes(pages: list[list[Line]], separators: list[float | None]) -> dict[int, list[str]]:
    """Take the footnotes off the foot of every page: the lines under the page's footnote
    separator (a short rule at the left margin, `separator`) when it has one, else the
    trailing lines in small type, the first of them starting with a superscript mark.
    Returns each page's notes as "[mark] text"; a note's first line starts with its mark,
    superscript or not ("3 text", "3text")."""
    sizes = [line.size for lines in pages for line in lines]
    if not sizes:
        return {}
    body = statistics.median(sizes)
    notes: dict[int, list[str]] = {}
    for lines, rule in zip(pages, separators, strict=True):
        if rule is not None:
            start = next((i for i, line in enumerate(lines) if line.y < rule), len(lines))
            if start < len(lines) and (not _mark(lines[start])
                                       or any(_tabular(line) for line in lines[start:])):
                start = len(lines)  # under the rule: text that starts no note, or a table
        else:
            start = len(lines)
            while start and _note_sized(lines[start - 1], body):
                start -= 1
            while start < len(lines) and lines[start].note is None:
                start += 1
        if start == len(lines):
            continue
        texts: list[str] = []
        number: int | None = None
        for line in lines[start:]:
            mark = _mark(line)
            if mark and (not texts or line.note is not None or not mark[0].isdigit()
                         or number is None or int(mark[0]) == number + 1):
                number = int(mark[0]) if mark[0].isdigit() else None
                texts.append(f"[{mark[0]}] {mark[1]}")
            else:
                texts[-1] += _joiner(texts[-1]) + line.text
        notes[lines[0].page] = texts
        del lines[start:]
    return notes


def separator(ink: Ink, grids: list) -> float | None:
    """The height of a page's footnote separator: a short horizontal rule (at most half the
    text's width) starting at the text's left margin, outside any ruled table, with text
    under it; the lowest such rule, or None."""
    if not ink.runs:
        return None
    left = min(run.x0 for run in ink.runs)
    width = max(run.x1 for run in ink.runs) - left
    lowest = min(run.y for run in ink.runs)
    found = [
        y for x0, x1, y in ink.rules
        if abs(x0 - left) <= SEPARATOR_SLACK and MIN_SEPARATOR <= x1 - x0 <= width / 2
        and y > lowest and not any(g.x0 - 2 <= x0 <= g.x1 + 2 and g.y0 - 2 <= y <= g.y1 + 2
                                   for g in grids)
    ]
    return min(found, default=None)


def _mark(line: Line) -> tuple[str, str] | None:
    """A footnote line's mark and text: its superscript mark, or a number (or *, †, ‡)
    it starts with; None if it starts with neither."""
    if line.note is not None:
        return line.note, line.text
    match = NOTE_START_RE.match(line.text)
    return (match.group(1), line.text[match.end():]) if match else None


def _tabular(line: Line) -> bool:
    """Whether a line has cells apart from a note number set apart from its text."""
    cells = line.cells[1:] if NOTE_MARK_RE.fullmatch(line.cells[0].text) else line.cells
    return len(cells) > 1


def _joiner(text: str) -> str:
    return "" if LINE_END_HYPHEN_RE.search(text) else " "


def _before_table(lines: list[SourceLine], at: int) -> bool:
    """Whether the next block after `at` is a table (a note must not part it from its
    caption)."""
    return "\t" in next((line.text for line in lines[at:] if line.text), "")


def _note_slot(lines: list[SourceLine], at: int) -> bool:
    """Whether a block ends before `at` with a sentence (or a table row) and the next block
    starts afresh (not a bullet or a lowercase continuation), so a footnote may go there."""
    if lines[at].text:
        return False
    before = lines[at - 1].text
    after = next((line.text for line in lines[at:] if line.text), "")
    ended = FULL_STOP_RE.search(before) or "\t" in before
    return bool(ended) and not BULLET_RE.match(after) and not after[:1].islower()


def _note_sized(line: Line, body: float) -> bool:
    """Whether a line could be part of a footnote: small type, no cell gaps."""
    return line.size < NOTE_SIZE * body and len(line.cells) == 1


def insert_notes(lines: list[SourceLine], notes: dict[int, list[str]]) -> list[SourceLine]:
    """Put each page's footnotes, each as its own block, between two blocks of their page:
    the last place where a block ends a sentence and the next starts afresh, else right
    after the block the page ends in. Pages stay in order; no sentence is cut by a note."""
    out = list(lines)
    for page in sorted(notes, reverse=True):
        last = max((i for i, line in enumerate(out) if line.text and (line.page or 0) <= page),
                   default=len(out) - 1)
        end = next((i for i in range(last + 1, len(out)) if not out[i].text), len(out))
        slots = [at for at in range(1, end + 1) if at == len(out) or not out[at].text
                 and (out[at - 1].page == page or at == end) and not _before_table(out, at)]
        good = [at for at in slots if at < len(out) and _note_slot(out, at)]
        at = (good or slots or [end])[-1]
        block = [item for text in notes[page] for item in (SourceLine("", page),
                                                           SourceLine(text, page))]
        if at < len(out):
            block.append(SourceLine("", out[at].page))
            out[at : at + 1] = block
        else:
            out.extend(block)
    return out
