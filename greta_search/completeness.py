"""What a parse may have missed, measured against evidence the parse did not use: the items
each question should have (the questionnaire's, and labels naming the question left in its
answer text, "6.1."), the tables the reply captions ("Table 3.") against those parsed, and
the lines of the reply whose text is in no passage, heading or title page. Used by
`structure` for the structure score.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from greta_search.layout import (
    ANNEX_RE,
    TABLE_CAPTION_RE,
    answer_marker,
    article_section_heading,
    articles_line,
    clean,
    continued_caption,
    is_page_number,
    item_heading,
    joint_items,
    numbered_section_heading,
    part_heading,
    question_heading,
    section_heading,
    strip_bullet,
)
from greta_search.meta import front_note
from greta_search.texttables import pipe_cells
from greta_search.tree import Document, Question

TITLED_RE = re.compile(r"^([^()]{3,120}?)\s*\(Articles?\s[^)]*\)$")
ITEM_MATCH = 0.6  # similarity of an unlabelled item to the questionnaire's item at its place
WORD_RE = re.compile(r"\w+")


@dataclass
class ItemCheck:
    """One question's items: how many it should have, how many were found where expected,
    labels left in its text, and parsed items that are not the questionnaire's."""

    expected: int
    found: int
    unparsed: list[str] = field(default_factory=list)  # "6.1": a label in the answer text
    unmatched: list[str] = field(default_factory=list)  # item labels (as cited)


def check_items(question: Question, template) -> ItemCheck:
    """The items of `question` against the questionnaire's (`template`, or None) and the
    labels naming the question ("42.3.") that its answer text still holds."""
    tq = template.question(question.number) if template is not None else None
    known = tq.items if tq is not None else []
    unparsed = labels_in_text(question)
    numbered = [int(label.split(".")[1]) for label in unparsed] + [
        int(p.split(".")[1]) for i in question.items
        if (p := i.printed or "") and re.fullmatch(rf"{question.number}\.\d+", p)]
    expected = max([len(known), *numbered]) if known or numbered else len(question.items)
    unmatched = [item.label for k, item in enumerate(question.items[:expected], 1)
                 if not confirmed(item, k, known)]
    found = min(expected, len(question.items)) - len(unmatched)
    return ItemCheck(expected, max(found, 0), unparsed, unmatched)


def labels_in_text(question: Question) -> list[str]:
    """Labels naming the question ("6.1", "42.3") that start a line or follow a sentence
    of its answer text ("... in 2025. 6.2. Access to ..."): items read as answer text."""
    out = []
    after_sentence = re.compile(rf"(?<=[.;:!?] ){question.number}\.(\d{{1,2}})\.? (?=[A-Z])")
    for p in question.paragraphs + [p for i in question.items for p in i.paragraphs]:
        if p.kind == "table":
            continue
        for line in p.text.split("\n"):
            heading = item_heading(clean(line))
            if heading is not None and heading.question == question.number:
                out.append(heading.label)
            out += [f"{question.number}.{m.group(1)}" for m in after_sentence.finditer(line)]
    return sorted(set(out), key=lambda label: int(label.split(".")[1]))


def confirmed(item, position: int, known: list) -> bool:
    """Whether a parsed item is the question's item at `position`: a label the reply prints
    for that place (a letter, a numeral, "6.2"), or, for an unlabelled item (bullets), a
    text that restates the questionnaire's item there better than any other of its items."""
    if item.printed or not item.label.isdigit():
        return True  # the parser read the label as this place
    if position > len(known):
        return not known
    from greta_search.template import similarity

    scores = [similarity(item.text, k.text) for k in known]
    return scores[position - 1] >= ITEM_MATCH and scores[position - 1] == max(scores)


def caption_numbers(doc: Document) -> list[int]:
    """Numbers of the tables the reply captions at the start of a line ("Table 3. ...")."""
    out = []
    for line in doc.lines:
        m = TABLE_CAPTION_RE.match(clean(line.text))
        if m and not m.group(1).isdigit():
            continue  # an annex's "Table A2.3"
        if m and not (continued_caption(clean(line.text)) and out and out[-1] == int(m.group(1))):
            out.append(int(m.group(1)))
    return out


def parsed_numbers(doc: Document) -> list[int]:
    """Numbers of the tables parsed (a caption with rows read as cells)."""
    from greta_search.tables import tables_in_passage

    paragraphs = [p for q in doc.questions()
                  for p in q.paragraphs + [p for i in q.items for p in i.paragraphs]]
    paragraphs += [p for part in doc.parts for s in part.sections for p in s.paragraphs]
    return [t.number for p in paragraphs if p.kind == "table"
            for t in tables_in_passage(p.text)]


def tables_found(doc: Document) -> tuple[list[int], list[int]]:
    """(the caption numbers, those of them with a parsed table)."""
    captions = caption_numbers(doc)
    parsed = Counter(parsed_numbers(doc))
    found = []
    for number in captions:
        if parsed[number]:
            parsed[number] -= 1
            found.append(number)
    return captions, found


# --- text in no passage -----------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def kept_pieces(doc: Document, chunks: list) -> list[str]:
    """Everything the parse kept: passages and their headings, question and item texts,
    Part and Section titles, the title page (the front matter before a note)."""
    pieces = [t for c in chunks for t in (c.text, c.question_text, c.item_text,
                                          c.items_before, c.part_title, c.section_title)
              if t]
    pieces += [h for c in chunks for h in c.heading_path]
    for part in doc.parts:
        pieces.append(part.title)
        for sec in part.sections:
            pieces.append(sec.title)
            for q in sec.questions:
                pieces += [q.text] + [i.text for i in q.items]
    _, note = front_note(doc.front_matter)  # the rest is the title page
    pieces += [p.text for p in doc.front_matter if all(p is not n for n in note)]
    return pieces


def trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def content(text: str, state: str | None) -> str:
    """A line without the label or marker the parser takes off it."""
    text = clean(text)
    if TABLE_CAPTION_RE.match(text):
        return "" if continued_caption(text) else text
    part = part_heading(text)
    if part:
        return part[1]
    section = section_heading(text)
    if section:
        return section[1]
    if articles_line(text) or is_page_number(text):  # "Articles 5 and 6 of the Convention"
        return ""
    named = article_section_heading(text)  # "Articles 5, 6 and 7 – Prevention"
    if named:
        return named[1]
    numbered = numbered_section_heading(text)  # "2. Legal aid (Article 15)": the title
    if numbered and numbered[2]:
        return numbered[1]
    if ANNEX_RE.match(text):  # "ANNEX 2 – STATISTICS": cited "Annex 2"
        return ""
    heading = question_heading(text)
    if heading is not None:
        return heading.body
    marker = answer_marker(text, state)
    if marker:
        return marker[1]
    titled = TITLED_RE.match(text)  # "Right to information (Articles 12 and 15)": the title
    if titled:
        return titled.group(1)
    joint = joint_items(text)  # "42.12, 42.13 and 42.14 Investigations"
    if joint is not None:
        return joint[2]
    item = item_heading(strip_bullet(text))
    return item.body if item is not None else strip_bullet(text)


def is_kept(words: list[str], kept: set[tuple[str, ...]], vocabulary: set[str]) -> bool:
    """Whether a line's words are in the kept text (see `lines_not_kept`)."""
    if len(words) < 3:
        return set(words) <= vocabulary
    return trigrams(words) <= kept or len(words) >= 5 and trigrams(words[1:-1]) <= kept


def lines_not_kept(doc: Document, chunks: list) -> tuple[list[int], int, int]:
    """(the 1-based numbers of lines whose text is in no passage, heading or title page;
    the characters of those lines; the characters of all lines). A line counts as kept when
    every three consecutive words of it (or of it without its first and last word:
    hyphenation, a label) were kept, a line of one or two words when its words were."""
    kept: set[tuple[str, ...]] = set()
    vocabulary: set[str] = set()
    for piece in kept_pieces(doc, chunks):
        words = tokens(piece)
        kept |= trigrams(words)
        vocabulary.update(words)
    lost, lost_chars, total = [], 0, 0
    for index, line in enumerate(doc.lines, 1):
        cells = pipe_cells(line.text)  # a "Question | Reply" row: question and answer apart
        asked = cells is not None and len(cells) == 2 and question_heading(clean(cells[0]))
        pieces = cells if asked and cells else [line.text]
        words = [tokens(content(piece, doc.meta.country)) for piece in pieces]
        if not any(words):
            continue
        size = len(line.text.strip())
        total += size
        if all(is_kept(w, kept, vocabulary) for w in words if w):
            continue
        lost.append(line.line or index)
        lost_chars += size
    return lost, lost_chars, total
