"""Footnotes of a PDF: small lines at the foot of a page, the first starting with a
superscript number. They are taken off the page's lines and come back as paragraphs of
their own, "[3] text", between two blocks of their page where no sentence, list or table
is cut (see `greta_search.pdf`, which drops the superscript marks in the text)."""

from __future__ import annotations

import re
import statistics

from greta_search.load import SourceLine
from greta_search.pdf import BULLET_RE, LINE_END_HYPHEN_RE, Line

NOTE_SIZE = 0.85  # footnote lines are smaller than this share of the body font size
FULL_STOP_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")


def split_notes(pages: list[list[Line]]) -> dict[int, list[str]]:
    """Take the footnotes off the foot of every page: the trailing lines in small type,
    the first of them starting with a superscript mark. Returns each page's notes as
    "[mark] text"."""
    sizes = [line.size for lines in pages for line in lines]
    if not sizes:
        return {}
    body = statistics.median(sizes)
    notes: dict[int, list[str]] = {}
    for lines in pages:
        start = len(lines)
        while start and _note_sized(lines[start - 1], body):
            start -= 1
        while start < len(lines) and lines[start].note is None:
            start += 1
        if start == len(lines):
            continue
        texts: list[str] = []
        for line in lines[start:]:
            if line.note is not None:
                texts.append(f"[{line.note}] {line.text}")
            else:
                texts[-1] += ("" if LINE_END_HYPHEN_RE.search(texts[-1]) else " ") + line.text
        notes[lines[0].page] = texts
        del lines[start:]
    return notes


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
