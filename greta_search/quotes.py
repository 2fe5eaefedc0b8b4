"""Where the quotations of a text are, so that a sentence never ends inside one: a title or
a slogan quoted with its own "?", "!" or "." ("the campaign “Are you safe? Call us!”
reached 4,000 people") is a part of the sentence that quotes it. Quotations of every kind:
“…”, "…", «…», ‘…’ and „…“; a mark that does not close on its line is no quotation."""

from __future__ import annotations

# Each opening mark and the mark that closes it.
CLOSING = {"“": "”", "\"": "\"", "«": "»", "‘": "’", "„": "“"}


def quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation of `text` that closes: from its opening mark to just
    past its closing one; quotations inside it are inside it."""
    found: list[tuple[int, int]] = []
    opened: list[tuple[str, int]] = []
    for index, mark in enumerate(text):
        if mark == "\n":
            opened.clear()
        elif opened and mark == CLOSING[opened[-1][0]]:
            start = opened.pop()[1]
            if not opened:
                found.append((start, index + 1))
        elif mark in CLOSING:
            opened.append((mark, index))
    return found


def inside_quotation(quoted: list[tuple[int, int]], position: int) -> bool:
    """Whether `position` lies strictly inside one of the `quoted` spans."""
    return any(start < position < end for start, end in quoted)
