"""What an answer shows: the evidence (the sentence, or the whole list it belongs to, put
back together across passages) and the shortest complete answer drawn from it (the span of
a typed question, Yes/No, or the evidence)."""

from __future__ import annotations

from greta_search.answer_types import Question
from greta_search.chunk import Chunk
from greta_search.search import Searcher
from greta_search.sentences import BULLET_RE, MAX_LIST_ITEMS, Sentence, clean
from greta_search.spans import SPAN_FINDERS
from greta_search.yesno import yes_or_no


def evidence_text(
    question: Question, sentence: Sentence, searcher: Searcher | None = None
) -> tuple[str, list[Chunk]]:
    """The sentence, or its whole list for a list question or a sentence introducing one
    (a long list split between passages is put back together), and the passages used."""
    chunk = sentence.passage.hit.chunk
    if not sentence.list_block or not (question.kind == "list" or sentence.text.endswith(":")):
        return sentence.text, [chunk]
    pieces = [chunk]
    chunks = searcher.chunks if searcher is not None else []
    low = high = chunk.position
    if chunk.kind == "list" and low < len(chunks) and chunks[low].id == chunk.id:

        def same(c: Chunk) -> bool:
            return (c.doc, c.question, c.item, c.paragraph, c.kind) == (
                chunk.doc, chunk.question, chunk.item, chunk.paragraph, "list")

        while low > 0 and same(chunks[low - 1]):
            low -= 1
        while high + 1 < len(chunks) and same(chunks[high + 1]):
            high += 1
        pieces = chunks[low : high + 1]
    lines: list[str] = []
    used: list[Chunk] = []
    for piece in pieces:
        block = [line for line in piece.text.split("\n") if line.strip()]
        items = [line for line in block if BULLET_RE.match(line)]
        if not lines:
            lines = [clean(line) for line in block if not BULLET_RE.match(line)][:1]
        room = MAX_LIST_ITEMS - (len(lines) - 1)
        if room <= 0:
            break
        lines += ["- " + clean(item) for item in items[:room]]
        used.append(piece)
    return "\n".join(lines), used


def short_answer(question: Question, sentence: Sentence, evidence: str) -> str:
    """The shortest complete answer: the span of a typed question; Yes or No for a yes/no
    question that does not itself negate (`greta_search.yesno`); the evidence otherwise."""
    if question.kind in SPAN_FINDERS and sentence.span:
        return sentence.span
    if question.kind == "yesno":
        said = yes_or_no(question, sentence.text)
        if said is not None:
            return said
    return evidence
