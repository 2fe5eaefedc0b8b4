"""Tables typed as plain text in a PDF (`greta_search.texttables`: pipes, a "+---+" grid,
columns aligned with spaces), as a text editor or LibreOffice prints a text reply, for
`greta_search.pdf`.

A physical line's typed text keeps its wide gaps as runs of spaces (as many as the gap
holds space widths) and its indent; a line whose pieces are drawn apart (cells split at
wide gaps) is typed too when its gaps are whole numbers of spaces (drawn as typed, not
placed at tab stops) or it has pipes. Runs of adjacent such lines that
`texttables.typed_rows` reads as a table keep their spaces, with an indented label line
just above them (a group label over some columns) if the table reads with it.

A row too wide for the page is wrapped by the printer at a space (inside a word if none
fits: a long rule). A line at the block's left after a row may be the rest of it:
* a line with no wide gap: joined by one space if its first word would not have fitted
  at the end of the row, else by a wide gap; by a wide gap too if that keeps two numbers
  apart, or gives the row as many cells as the table's data rows (one space does not);
  a rule's rest with no space;
* a rule after a rule that reached the margin, with no space;
* another line, not indented (a printer puts a row's rest at the margin), if the row
  reached the margin (the line's first word would not have fitted after it) and has
  fewer cells than the table (the most a grid's rules have, else the most common count
  of its data rows) and the two together have as many; with pipes, a line that starts
  as no row of the table does (`_rest_of_pipe_row`) is such a rest whether or not its
  first word fits (the row lost a run of spaces at the margin);
* at the top of the next page, a line with no wide gap, if the row was cut there (`_cut`).
The rests are joined when the table then reads to as many of its lines or more. A line
under the last row that is no rest of it (`_note_under`: a source, a note) ends the
table. Rows whose gaps are whole numbers of spaces beside a row of the same table whose
gaps are not are TAB cells drawn at their columns (`_drawn_apart`), not typed.
"""

from __future__ import annotations

import statistics

from greta_search.pdf import BLOCK, GAP, JOIN, LINE, SAME, SPACE_EM, Line, shares_column
from greta_search.texttables import (
    cell_count,
    is_data_row,
    is_rule,
    is_typed_row,
    pipe_cells,
    typed_rows,
)

BORDERS = ("|", "+")  # the characters a typed grid's rows start and end with
WHOLE = 0.2  # a gap within this many space widths of a whole number of them was typed
ROOM = 0.3  # a word fits at a line's end if it ends this many ems before the margin
WIDE = "  "  # how a wide gap is written


def typed_text(line: Line, left: float) -> str:
    """A line's text as typed: its wide gaps kept as runs of spaces (as many as the gap
    holds space widths, two at least between cells) and its indent from `left` as leading
    spaces."""
    cell = line.cells[0]
    space = _space(line)
    start = cell.x0 + cell.pad if cell.pad and cell.x0 - left < 0.5 * space else cell.x0
    text = " " * max(0, round((start - left) / space)) + cell.typed.strip()
    for before, after in zip(line.cells, line.cells[1:], strict=False):
        text += " " * max(2, round((after.x0 - before.x1) / space)) + after.typed.strip()
    return text


def _space(line: Line) -> float:
    return line.space or SPACE_EM * line.size


def _spaced(line: Line) -> bool:
    """Whether the gaps between a line's cells are whole numbers of spaces (typed)."""
    space = _space(line)
    gaps = [(b.x0 - a.x1) / space for a, b in zip(line.cells, line.cells[1:], strict=False)]
    return all(abs(gap - round(gap)) <= WHOLE for gap in gaps)


def mark_typed(lines: list[Line], relations: list[str], rights: list[float]) -> None:
    """Mark the rows of tables typed as plain text (see the module docstring): their `typed`
    text keeps the spaces, so that a reply printed to PDF reads like its text; the rest of
    a row wrapped at the margin gets the `joiner` that goes before it."""
    margin = max(rights, default=0.0)  # the page's right margin (a block's may be narrower)
    start = 0
    while start < len(lines):
        if not _shaped(lines[start]):
            start += 1
            continue
        end, left, rests, lefts = typed_run(lines, relations, start, margin)
        if _drawn_apart(lines, relations, start, end):
            start = end
            continue
        block = lines[start:end]
        texts = [typed_text(line, left) for line in block]
        stop = _note_under(block, texts, rests, margin)
        if stop is not None:
            block, texts = block[:stop], texts[:stop]
            rests, lefts = [i for i in rests if i < stop], [i for i in lefts if i < stop]
        rows = typed_rows(texts)
        if rests or lefts:
            joiners = _joiners(block, texts, rests, lefts, rights[start:end])
            starts = [i for i, joiner in enumerate(joiners) if joiner is None]
            read = typed_rows(_joined(texts, joiners))
            covered = (starts + [len(block)])[read]
            if covered >= rows:  # a rest is never a row of its own
                rows = covered
                for line, joiner in zip(block, joiners, strict=True):
                    line.joiner = joiner
        for line, text in zip(block[:rows], texts, strict=False):
            line.typed, line.table = text, False
        if rows and _label_above(lines, relations, start, left, texts[:rows]):
            lines[start - 1].typed = typed_text(lines[start - 1], left)
        start += max(rows, 1)


def _shaped(line: Line) -> bool:
    """Whether a line may be a typed row: drawn as one string, its gaps whole spaces, or
    pipes, and a wide gap, a pipe or a rule in its typed text."""
    text = typed_text(line, line.x0)
    drawn = len(line.cells) == 1 or _spaced(line) or "|" in text
    return line.grid is None and drawn and is_typed_row(text)


def typed_run(lines: list[Line], relations: list[str], start: int,
              margin: float) -> tuple[int, float, list[int], list[int]]:
    """The lines from `start` (a typed row) that may be one typed table: where it ends, its
    left edge, and (indices relative to `start`) the lines with no wide gap that may be the
    rest of the wrapped row above them (never one after another) and the other lines at
    the block's left that may be."""
    left, end = lines[start].x0, start + 1
    rests: list[int] = []
    lefts: list[int] = []
    while end < len(lines) and relations[end] != GAP and lines[end].grid is None:
        line, at = lines[end], end - start
        if _shaped(line):
            if relations[end] == SAME and abs(line.x0 - left) < _space(line):
                lefts.append(at)
            left = min(left, line.x0)
        elif (len(line.cells) == 1 and at - 1 not in rests and line.x0 - left < _space(line)
              and (relations[end] == SAME or _cut(lines[end - 1], line, margin))):
            rests.append(at)
        else:
            break
        end += 1
    return end, left, rests, lefts


def _note_under(block: list[Line], texts: list[str], rests: list[int],
                margin: float) -> int | None:
    """Where a table ends before a line under it that is no rest of its last row (a note
    or a source), None if none: a line with no pipe, going on no rule, under a row with
    pipes closed by its border or whose first word would have fitted on it, or under a
    data row that it would make no data row."""
    for i in rests:
        first = max(j for j in range(i) if j not in rests)  # the row, with its rests so far
        row = WIDE.join(text.strip() for text in texts[first:i])
        rest = texts[i].strip()
        if "|" in rest or is_rule(row) and is_rule(row + rest):
            continue
        if pipe_cells(row) is not None:
            closed = row.startswith(BORDERS) and row.endswith(BORDERS)
            if closed or _fits(block[i - 1], block[i], margin):
                return i
        elif is_data_row(row) and not is_data_row(row + WIDE + rest):
            return i
    return None


def _drawn_apart(lines: list[Line], relations: list[str], start: int, end: int) -> bool:
    """Whether the block `lines[start:end]` is rows of a table drawn with its cells at
    column positions (TAB cells, tab stops) whose gaps happen to be whole numbers of spaces
    (numbers are set in figures two spaces wide): a line of the same table just above or
    below it, of several cells, has gaps that are not."""
    around = [(start - 1, start, start), (end, end, end - 1)]
    for other, relation, inside in around:
        if not 0 <= other < len(lines) or relations[relation] != SAME:
            continue
        line = lines[other]
        if (line.table and line.grid is None and len(line.cells) > 1 and not _spaced(line)
                and "|" not in line.text and shares_column(line, lines[inside])):
            return True
    return False


def _label_above(lines: list[Line], relations: list[str], start: int, left: float,
                 rows: list[str]) -> bool:
    """Whether the line above a typed table's rows is a label over some of its columns:
    one cell, indented, and the table reads with it."""
    if start == 0 or relations[start] != SAME:
        return False
    line = lines[start - 1]
    text = typed_text(line, left)
    if len(line.cells) != 1 or line.grid is not None or not text[:2].isspace():
        return False
    return typed_rows([text, *rows]) == len(rows) + 1


def _joiners(block: list[Line], texts: list[str], rests: list[int], lefts: list[int],
             rights: list[float]) -> list[str | None]:
    """For each line of a block, the spaces that join it to the row it is the rest of, or
    None if it is a row (see the module docstring). `rests` are lines with no wide gap,
    `lefts` other lines at the block's left that may be rests."""
    joiners: list[str | None] = [None] * len(block)
    for i in rests:
        row, rest = block[i - 1], block[i]
        fits = _fits(row, rest, rights[i - 1])
        broken = is_rule(texts[i - 1]) and is_rule(texts[i - 1] + texts[i].strip())
        joiners[i] = "" if broken else WIDE if fits else " "  # a rule broken at the margin
        if joiners[i] == " " and is_data_row(texts[i - 1] + WIDE + rest.text) and (
                not is_data_row(texts[i - 1] + " " + rest.text)):
            joiners[i] = WIDE  # two numbers, not one
    for i in lefts:  # a rule too long for the line, broken at the margin
        row, rest = block[i - 1], block[i]
        if is_rule(texts[i - 1]) and is_rule(texts[i]) and (
                row.x1 + rest.lead > rights[i - 1] - ROOM * row.size):
            joiners[i] = ""
    rows = _joined(texts, joiners)
    rejoined: list[str] = []
    if any(pipe_cells(text) is not None for text in texts):  # a grid's rules tell best
        piped = [text.strip() for text in texts if pipe_cells(text) is not None]
        bordered = 2 * sum(text.startswith(BORDERS) for text in piped) > len(piped)
        rejoined = [f"{texts[i - 1]} {texts[i].strip()}" for i in lefts
                    if _rest_of_pipe_row(texts[i - 1], texts[i], bordered)]  # wrapped rows
        model = max([cell_count(row) for row in rows if is_rule(row)] or [0]) or max(
            map(cell_count, rows + rejoined))
    else:
        data = [cell_count(row) for row in rows if is_data_row(row)]
        model = statistics.mode(data or [cell_count(row) for row in rows])
    for i in rests:
        if joiners[i] == " ":
            alone, wide = (cell_count(texts[i - 1] + joiner + texts[i].strip())
                           for joiner in (" ", WIDE))
            if alone != model == wide:
                joiners[i] = WIDE
    for i in lefts:
        if joiners[i] is not None or joiners[i - 1] is not None or i + 1 in rests:
            continue
        wrapped = bool(rejoined) and _rest_of_pipe_row(texts[i - 1], texts[i], bordered)
        if texts[i][:1].isspace() or _fits(block[i - 1], block[i], rights[i - 1]) and not wrapped:
            continue  # an indented line, or a row that did not reach the margin: no rest
        if is_rule(texts[i]) or is_rule(texts[i - 1]) or cell_count(texts[i]) > model or (
                not wrapped and model in (cell_count(texts[i - 1]), cell_count(texts[i]))):
            continue
        joiner = next((joiner for joiner in (" ", WIDE) if cell_count(
            texts[i - 1] + joiner + texts[i].strip()) == model), None)
        pipes = pipe_cells(texts[i - 1]) is not None
        if joiner is not None and (pipes or not is_data_row(texts[i])):
            joiners[i] = joiner
    return joiners


def _cut(row: Line, rest: Line, margin: float) -> bool:
    """Whether the row at the foot of a page was cut at the page's right `margin`, `rest`
    going on at the top of the next: a rule that `rest` goes on, a grid's row that `rest`
    closes, any other row that reached the margin."""
    text, more = row.text.strip(), rest.text.strip()
    if is_rule(text):
        return is_rule(text + more)
    if text.startswith(BORDERS):
        return not text.endswith(BORDERS) and more.endswith(BORDERS)
    return not _fits(row, rest, margin)


def _rest_of_pipe_row(row: str, rest: str, bordered: bool) -> bool:
    """Whether `rest` goes on a row with pipes as no row of its table would: in a table
    whose rows start with a border (`bordered`), after a row without its closing border
    or without a border of its own; in a table without, with a border (the table's first
    row may start with one: an empty corner cell). It is the row's rest wrapped at the
    margin even if its first word would fit after the row: the row lost the run of spaces
    there."""
    row, rest = row.strip(), rest.strip()
    if pipe_cells(row) is None:
        return False
    if bordered:
        return not row.endswith(BORDERS) or not rest.startswith(BORDERS)
    return rest.startswith(BORDERS) and not row.startswith(BORDERS)


def _fits(row: Line, rest: Line, right: float) -> bool:
    """Whether the first word of `rest` would have fitted at the end of `row` (so `rest`
    is no part of `row` that the printer wrapped at the margin)."""
    return row.x1 + _space(row) + rest.lead < right - ROOM * row.size


def _joined(texts: list[str], joiners: list[str | None]) -> list[str]:
    """The rows of a block: each line with the rest that goes on it."""
    rows: list[str] = []
    for text, joiner in zip(texts, joiners, strict=True):
        if joiner is None or not rows:
            rows.append(text)
        else:
            rows[-1] += joiner + text.strip()
    return rows


def typed_action(previous: Line, line: Line, after: Line | None, relation: str) -> str:
    """Around a typed table's row: the rest of a row wrapped at the margin goes on it (an
    aligned row, `mark_typed`; a pipe row without its closing border, if the two together
    have as many cells as the row after them while the row alone has not); rows else
    follow each other line by line, across a page too; a line that is no row starts a
    line after a caption, a block after a row."""
    if previous.typed is not None:
        if line.joiner is not None:
            return JOIN
        if relation == SAME and after is not None and _wrapped(previous.typed, line, after):
            return JOIN
        return LINE if line.typed is not None else BLOCK
    return LINE if relation == SAME else BLOCK


def _wrapped(row: str, line: Line, after: Line) -> bool:
    """Whether `line` is the rest of the pipe row `row` wrapped at the margin."""
    rest = (line.typed or line.text).strip()
    if row.endswith(BORDERS) or is_rule(row) or is_rule(rest) or after.typed is None:
        return False
    joined, alone, model = (pipe_cells(text) for text in (f"{row} {rest}", row, after.typed))
    return None not in (joined, alone, model) and len(joined) == len(model) != len(alone)
