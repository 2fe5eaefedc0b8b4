"""The sub-items of a question, as `parse` finds them: lettered or roman-numbered items
("c)", "(iii)", "40.2."), unlettered bullet sub-questions (questions 40-42), items listed
together before one answer, and where a numbered line is an item rather than an entry of a
list inside an answer. With a questionnaire template, the items it has (and bullets
restating them).

`ItemRules` is a part of `parse._Builder`: it reads the parser's state and opens items.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from greta_search.layout import (
    NUMBERED_RE,
    clean,
    is_bullet,
    item_heading,
    joint_items,
    strip_bullet,
)
from greta_search.load import SourceLine
from greta_search.template import ITEM_THRESHOLD, Template, similarity
from greta_search.tree import Item, Paragraph, Question

QUOTES = "\"”»’' "  # around a question's text restated in quotation marks
GOES_ON = (";", ":", ",")  # how a list entry ends when more entries follow


def list_marker(line: str) -> str | None:
    """How a line is marked as a list entry: its bullet ("-", "•"), "1." or "1)" when
    numbered, None when it is not an entry."""
    text = line.strip()
    if is_bullet(text):
        return text[0]
    if NUMBERED_RE.match(text):
        return "1" + text.lstrip("0123456789")[0]
    return None


ITEM_TITLE_MAX = 80  # characters of an item's title heading its paragraphs
MIN_ANSWER_WORDS = 4  # words of a sentence on an item's line that answers it
SENTENCE_ENDS = (".", "!")
TITLE_CUT_RE = re.compile(r"^(?P<title>[^:;.?!]{2,80}?)\s*(?::|\s[–—]\s)\s*(?P<rest>\S.*)$")


def introduces(text: str) -> bool:
    """Whether a question's text ends introducing what follows ("... areas:")."""
    return text.rstrip(QUOTES).endswith(":")


def item_line(body: str) -> tuple[str, str]:
    """(item text, answer) of an item's line: the questionnaire's item restated (quoted, or
    ending as a question or a list entry does: "?", ";", ":", ",") is the item's text
    with no answer; a sentence ("The law provides ... 45 cases.") is an answer with no
    text; a short title and a sentence after a colon or dash ("persons with disabilities:
    the projects ...") is both, the whole line the answer."""
    text = body.strip()
    if not text or text[0] in QUOTES or text.rstrip(QUOTES).endswith(("?", ";", ":", ",")):
        return body, ""
    if not text.endswith(SENTENCE_ENDS):
        return body, ""  # a title ("Identification of victims") or an unfinished entry
    m = TITLE_CUT_RE.match(text)
    if m and len(m.group("rest").split()) >= 2:
        return m.group("title"), text  # "homeless persons: no specific measure."
    if len(text.split()) >= MIN_ANSWER_WORDS and (text[0].isupper() or text[0].isdigit()):
        return "", text
    return body, ""


def item_title(body: str) -> bool:
    """Whether a labelled line's text is a title, not a list entry: short, capitalised, no
    sentence ("Identification of victims", not "the right to counsel;")."""
    return (0 < len(body) <= ITEM_TITLE_MAX and body[:1].isupper()
            and not body.rstrip(QUOTES).endswith((".", ";", ":", ",", "?", "!")))


ANSWER_PARAGRAPH_MIN = 60  # characters of a statement no sub-question restates


def answer_paragraph(body: str) -> bool:
    """Whether a numbered line's text states an answer ("12.1 The Ministry of Labour adopted
    a plan in 2024 ... ."): a long capitalised sentence ending in a full stop, where a
    restated sub-question asks, introduces or lists (ends in "?", ":", ";" or is short)."""
    return (len(body) >= ANSWER_PARAGRAPH_MIN and body[:1].isupper()
            and body.rstrip(QUOTES).endswith("."))


def heading_body(text: str) -> str:
    """A numbered line's text after its label ("42.1 The Ministry ..." -> "The Ministry ...")."""
    body = strip_bullet(text)
    heading = item_heading(body)
    return heading.body if heading is not None else body


class ItemRules:
    """Finding and opening a question's items, on the state of `parse._Builder`."""

    question: Question | None
    item: Item | None
    template: Template | None
    answered: bool  # an "Answer" marker was seen in the current question
    bullet_items: bool  # the question's sub-questions are unlettered bullets
    in_list: bool  # inside a list introduced by a line ending with ":"
    delimiter: str | None  # "." or ")" of the question heading "12." "12)"
    item_delimiter: str | None  # the same, of the question's first item
    item_marker: str | None  # the bullet of the question's unlettered sub-questions
    paragraph_numbers: bool  # the reply numbers its answer paragraphs: "12." is no item
    target: Callable[[], list[Paragraph]]  # where text goes now
    line_answers: bool  # the open item's line may be its answer: told when it ends

    def start_item(self, label: str, text: str, line: SourceLine,
                   printed: str | None = None) -> None:
        """Open item `label`. An answer on its line is its first paragraph, the title before
        it its text: "a) persons with disabilities: 14 victims" always; a sentence ("a) The
        law provides ...") where it does not restate the questionnaire's item there, or,
        without the questionnaire's item, where nothing follows it (`settle_item`)."""
        assert self.question is not None
        self.settle_item()
        body = clean(text).rstrip()
        title, answer = item_line(body)
        position = len(self.question.items) + 1
        self.item = Item(label=label, text=title if answer else body, page=line.page,
                         line=line.line, printed=printed if printed != label else None)
        self.question.items.append(self.item)
        restated = self.restates_item(position, answer) if answer and not title else None
        if answer and (title or restated is False):
            self.item.paragraphs.append(Paragraph(text=answer, page=line.page))
        elif answer and restated is None:
            self.item.text, self.line_answers = answer, True  # told when the item ends
        self.in_list = False

    def restates_item(self, position: int, text: str) -> bool | None:
        """Whether `text` restates the questionnaire's item at `position` of the question;
        None where the questionnaire has no such item."""
        assert self.question is not None
        tq = self.template.question(self.question.number) if self.template else None
        if tq is None or position > len(tq.items):
            return None
        return similarity(text, tq.items[position - 1].text) >= ITEM_THRESHOLD

    def settle_item(self) -> None:
        """An item whose line reads as an answer and that nothing followed: the line was
        its answer ("b. Residential structures are inspected ...", then "c. ...")."""
        if self.line_answers and self.item is not None and not self.item.paragraphs:
            self.item.paragraphs.append(Paragraph(text=self.item.text, page=self.item.page))
            self.item.text = ""
        self.line_answers = False

    def start_letter_item(self, raw: str, text: str, line: SourceLine) -> None:
        """Open the lettered item `letter_item` found; the first sets the items' delimiter."""
        assert self.question is not None
        label, body, printed = self.letter_item(raw)  # type: ignore[misc]
        if not self.question.items:
            heading = item_heading(text)
            self.item_delimiter = heading.delimiter if heading else None
        self.start_item(label, body, line, printed)

    def start_bullet_item(self, text: str, line: SourceLine) -> None:
        """Open an unlettered sub-question (`is_bullet_item`), numbered by its place; a label
        it prints ("(b)", "42.2.") is kept."""
        assert self.question is not None
        self.bullet_items = True
        self.item_marker = self.item_marker or list_marker(text)
        joint = joint_items(text)
        if joint is not None:  # "42.12, 42.13 and 42.14 ...": the first ones listed, the
            # last one answered for them all (`chunk.answered_items`)
            for number in joint[1][:-1]:
                self.start_item(str(number), "", line, f"{joint[0]}.{number}")
            self.start_item(str(joint[1][-1]), joint[2], line, f"{joint[0]}.{joint[1][-1]}")
            return
        label = str(len(self.question.items) + 1)
        body, printed = strip_bullet(text), None
        heading = item_heading(body)  # "(b) legislation ...", "42.2. The number ..."
        if heading is not None and heading.letter(int(label)) and (
                heading.question in (None, self.question.number)):
            body, printed = heading.body, heading.label
        self.start_item(label, body, line, printed)
        self.in_list = text.endswith(":")

    def next_position(self) -> int:
        assert self.question is not None
        return 1 + sum(1 for i in self.question.items if i.label.isalpha())

    def letter_item(self, raw: str) -> tuple[str, str, str] | None:
        """(letter, text, printed label) for a sub-item continuing the question's sequence:
        "c)", "(iii)" as third item, or (with a template) a bullet restating item c."""
        if self.question is None or self.bullet_items:
            return None
        text = clean(raw)
        position = self.next_position()
        expected = self.template.lettered_items(self.question.number) if self.template else None
        if expected == 0 or expected is not None and position > expected:
            return None  # the questionnaire has no such item
        heading = item_heading(text)
        found = None
        if heading is not None:
            if heading.numeric and not self.numbered_item(heading, position):
                return None
            if heading.named not in (None, self.question.number):
                return None  # "3.a)" is no item of question 2
            letter = heading.letter(position)
            found = (letter, heading.body, heading.label) if letter else None
        elif self.template is not None and is_bullet(raw):
            body = strip_bullet(text)
            letter = self.template.match_item(self.question.number, position, body)
            found = (letter, body, letter) if letter else None
        # Items come before any answer, right after the previous item's own answer, or
        # after an answer that introduces them.
        if found and (self.answered or self.question.paragraphs) and self.item is None and (
                not self.opens_items(heading, found[1])):
            return None
        return found

    def opens_items(self, heading, body: str) -> bool:
        """Whether a first item label after answer text starts the question's items (the
        text was an introduction) rather than a list of the answer: the label names its
        question ("6.1."), or the text restates the questionnaire's first item, or the
        question introduces items (its text ends with ":") and no list is open."""
        q = self.question
        assert q is not None
        if q.items:
            return False  # the items were answered together: no more items
        if heading is not None and heading.question == q.number:
            return True
        if self.template is not None and self.template.match_item(q.number, 1, body):
            return True
        if heading is None or self.in_numbered_list():
            return False
        # the question introduces items (as the reply or the questionnaire words it), or the
        # label heads what follows: "i) Identification of victims", a short title alone on
        # its line, above the answer's paragraphs
        return introduces(q.text) or self.template_introduces(q.number) or item_title(body)

    def states_answer(self, body: str) -> bool:
        """Whether a numbered line naming the question ("12.1 The Ministry adopted ... .")
        is an answer paragraph rather than an item: it states an answer (`answer_paragraph`)
        and the question, as the reply words it, introduces no items (after "... the
        following areas:" it answers item 1 on its line), or its items are lettered ("a-
        protection ...", then "2.1 Forced marriage is ... .", "2.2 ..." through them)."""
        assert self.question is not None
        q = self.question
        # items printed otherwise than "2.1" ("a-", "b-"): a question's items share one labelling
        lettered = any(not (item.printed or "")[:1].isdigit() for item in q.items)
        return answer_paragraph(body) and (lettered or not introduces(q.text))

    def template_introduces(self, number: int) -> bool:
        """Whether the questionnaire's question `number` ends introducing lettered items
        ("... in the following areas:"), which a reply may have cut ("[...]")."""
        tq = self.template.question(number) if self.template is not None else None
        return tq is not None and tq.item_style == "letters" and bool(tq.items) and introduces(
            tq.text)

    def in_numbered_list(self) -> bool:
        """Inside a list an answer introduces ("...:"), or right after a numbered list."""
        paragraphs = self.target()
        return self.in_list or bool(paragraphs) and paragraphs[-1].kind == "list"

    def numbered_item(self, heading, position: int) -> bool:
        """Whether a numbered line ("2)", "2.", "40.2.") can be an item: numbered otherwise
        than the question headings, as the question's first item was, and not inside a
        numbered list of an answer; "40.2." must name its question and not state an answer
        (`answer_paragraph`: "12.1 The Ministry adopted ... .")."""
        assert self.question is not None
        if heading.question is not None:
            return heading.question == self.question.number and not self.states_answer(
                heading.body)
        if self.paragraph_numbers or heading.delimiter == self.delimiter or self.in_numbered_list():
            return False
        return position == 1 or self.item_delimiter == heading.delimiter
    def listed_items(self) -> bool:
        """Two or more lettered items listed without answers: an answer now is theirs together."""
        q = self.question
        return (
            q is not None and self.item is not None and not self.bullet_items
            and len(q.items) >= 2 and not any(i.paragraphs for i in q.items)
        )

    def answer_without_marker(self) -> None:
        """Text after listed items in a reply that marks no answers answers them together."""
        if not self.answered and self.listed_items():
            self.item = None
            self.answered = True

    def is_bullet_item(self, raw: str, text: str) -> bool:
        """An unlettered sub-question heading (questions 40-42 style)."""
        q = self.question
        assert q is not None
        if self.template is not None and self.template.restates_bullet(
            q.number, len(q.items) + 1, strip_bullet(text)
        ):
            return True
        known = self.template.question(q.number) if self.template is not None else None
        if known is not None and not (known.item_style == "bullets" and known.items):
            return False  # the questionnaire has no such sub-questions
        if ((self.bullet_items or not q.items) and self.names_next_item(text)
                and not self.states_answer(heading_body(text))):
            return True  # "42.3." among the sub-questions of question 42, or "42.1" first
        if q.items and all(item.printed and "." in item.printed for item in q.items):
            return False  # items labelled "42.1", "42.2": a bullet is a list entry or a note
        if self.answered:
            return False
        if not self.bullet_items:
            # Such a question opens with a bullet right after its heading and has no Answer.
            return is_bullet(raw) and not q.items and not q.paragraphs
        if is_bullet(raw):
            return not self.in_list or self.ends_list(self.open_list(), raw)
        # an unbulleted heading among bullet headings: a short clause ending with ";", not
        # an entry of a numbered list ("1. Law No. 45/2019 ...;")
        return text.endswith(";") and len(text) < 400 and not NUMBERED_RE.match(text)

    def open_list(self) -> list[str]:
        """The lines of the list the answer ends with, if it does."""
        paragraphs = self.target()
        return paragraphs[-1].text.split("\n") if paragraphs and paragraphs[-1].kind == "list" \
            else []

    def ends_list(self, listed: list[str], raw: str) -> bool:
        """Whether a bullet right after the list lines `listed` opens the question's next
        bullet sub-question rather than being one more entry: it is marked as the
        sub-questions are, the entries otherwise (numbered, or with another bullet), and the
        last entry ends the list (not with ";", ":" or ",")."""
        marks = {list_marker(line) for line in listed} - {None}
        return (self.bullet_items and self.item_marker is not None and bool(marks)
                and list_marker(raw) == self.item_marker and self.item_marker not in marks
                and not listed[-1].rstrip().endswith(GOES_ON))

    def names_next_item(self, text: str) -> bool:
        """A label naming the question and the next item's place: "42.3." as third, or
        "42.3, 42.4 and 42.5" from third."""
        assert self.question is not None
        joint = joint_items(text)
        if joint is not None:
            return joint[0] == self.question.number and joint[1][0] == len(self.question.items) + 1
        heading = item_heading(text)
        return (heading is not None and heading.question == self.question.number
                and heading.letter(len(self.question.items) + 1) is not None)
