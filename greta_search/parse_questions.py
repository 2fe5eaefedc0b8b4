"""Where a question starts, as `parse` finds it: a numbered heading that continues the
numbering ("12.", "Question 12", "Q 12 –"), or, with the round's questionnaire template, a
line restating the next questions' text; the question's text told from its answer when both
share a line ("12. Is it so? – Yes, ...") or when the text follows a heading alone.

`QuestionRules` is a part of `parse._Builder`: it reads the parser's state and opens nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from greta_search.layout import (
    answer_marker,
    clean,
    is_bullet,
    is_table_line,
    joint_heading,
    question_heading,
)
from greta_search.template import Template
from greta_search.tree import Document, Question

MAX_QUESTION = 1500  # characters: a longer line is no question's text
# Where a heading line's answer may start: a dash or an answer marker after the question.
INLINE_ANSWER_RE = re.compile(
    r"(?<=[?:.)”\"])\s+(?:[–—-]|(?P<marker>(?:Answer|Reply|Response|Réponse|ANSWER|REPLY)"
    r"\s*[:–—-]))\s+"
)


def bare_answer(text: str, state: str | None) -> str:
    """The answer after a question number without the question: "12. – Yes", "12. Answer:
    Yes" -> "Yes"."""
    marker = answer_marker(text, state)
    return marker[1] if marker else text.lstrip("–—-: ")


class QuestionRules:
    """Recognising question headings and their text, on the state of `parse._Builder`."""

    doc: Document
    questions: bool  # False: numbered paragraphs are not questions
    bare: bool  # "12. <the answer>": the next number is a question without its text
    paragraph_numbers: bool  # the reply numbers its answer paragraphs: "12." is text
    template: Template | None
    restated: dict[tuple[str, int], tuple[int, float] | None]  # memo of question_match
    question: Question | None
    answered: bool  # an "Answer" marker was seen in the current question
    delimiter: str | None  # "." or ")" of the question heading "12." "12)"
    in_numbered_list: Callable[[], bool]  # `parse_items.ItemRules`
    letter_item: Callable[[str], tuple[str, str, str] | None]  # `parse_items.ItemRules`

    def split_answer(self, number: int, body: str) -> tuple[str, str]:
        """(question text, answer) of a heading line that carries its answer after the
        question: "12. Is it so? – Yes, ...", "12. Is it so? Answer: Yes". The cut is where
        the text before it restates the template's question best; without a template, the
        first after a question mark."""
        cuts = [m for m in INLINE_ANSWER_RE.finditer(body) if m.end() < len(body)]
        if not cuts:
            return body, ""
        tq = self.template.question(number) if self.template is not None else None
        if tq is None:
            m = next((m for m in cuts if body[m.start() - 1] == "?" or m.group("marker")), None)
            return (body[:m.start()].strip(), body[m.end():].strip()) if m else (body, "")
        from greta_search.template import QUESTION_THRESHOLD, exactness

        best = max(cuts, key=lambda m: exactness(body[:m.start()], tq.text))
        score = exactness(body[:best.start()], tq.text)
        if score < QUESTION_THRESHOLD or score <= exactness(body, tq.text):
            return body, ""
        return body[:best.start()].strip(), body[best.end():].strip()

    def asks(self, text: str, raw: str) -> bool:
        """Whether a line after a heading alone is the question's text (not its answer):
        it asks, introduces items, or restates the template's question."""
        assert self.question is not None
        if is_bullet(raw) or is_table_line(raw) or len(text) > MAX_QUESTION:
            return False
        asking = text.endswith(("?", ":"))
        tq = self.template.question(self.question.number) if self.template else None
        if tq is None:
            return asking
        from greta_search.template import QUESTION_THRESHOLD, exactness

        # the question restated, not an answer that begins by restating it
        return (len(text) <= 2 * len(tq.text) + 40 and self.restates(tq.number, text)
                and (asking or exactness(text, tq.text) >= QUESTION_THRESHOLD))

    # classification -------------------------------------------------------------------------
    def last_number(self) -> int:
        questions = self.doc.questions()
        return max(q.number for q in questions) if questions else 0

    def question_match(self, raw: str) -> tuple[int, str, str] | None:
        """(number, text, how) for a question heading: a numbered heading continuing the
        numbering, or (with a template) a line restating the next questions' text."""
        if not self.questions:
            return None
        text = clean(raw)
        last = self.last_number()
        heading = question_heading(text, raw)
        if heading is not None and joint_heading(text):
            return None  # "Q. 14 & 15": the questions answered together, a heading of both
        if heading is not None:
            if self.paragraph_numbers and heading.delimiter is not None:
                return None  # a numbered answer paragraph
            number, body = heading.number, heading.body
            if 1 <= number <= last and ("?" in body or heading.explicit):
                if (number, last) not in self.doc.misplaced:  # repeated or out of order: kept
                    self.doc.misplaced.append((number, last))
                return number, body, "number"
            if not last < number <= last + 10:
                return None
            if self.bare and number == last + 1 and self.template is not None and (
                    self.template.question(number) and not self.in_numbered_list()
                    and self.delimiter in (None, heading.delimiter)
                    and not self.letter_item(raw)):
                from greta_search.template import QUESTION_THRESHOLD, exactness

                tq = self.template.questions[number]  # its own text, or the answer at once
                if not body or exactness(body, tq.text) >= QUESTION_THRESHOLD:
                    return number, body, "number"
                return number, body, "bare"
            if "?" in body or heading.explicit or self.restates(number, body):
                return number, body, "number"
            # A line that only introduces something (":") is a question under a prefix
            # ("No. 5"), or numbered bare where it is the next one and the questionnaire has
            # no other text for it; else an answer paragraph ("5. The Letter covers:").
            known = self.template.question(number) if self.template is not None else None
            if body.endswith(":") and (heading.delimiter is None
                                       or number == last + 1 and known is None):
                return number, body, "number"
            return None
        if self.template is None or self.question and not self.answered and not (
            self.question.paragraphs or self.question.items
        ):
            return None
        body = text.lstrip("# ")
        if is_table_line(raw) or is_bullet(raw):
            return None  # a bullet is a list entry or a sub-question, never a question
        if len(body) > MAX_QUESTION and not INLINE_ANSWER_RE.search(body, 0, MAX_QUESTION):
            return None
        key = (body, last)
        if key not in self.restated:
            self.restated[key] = self.template.match_question(body, last) or next(
                (found for m in INLINE_ANSWER_RE.finditer(body)  # "Is it? – Yes, ..."
                 if (found := self.template.match_question(body[:m.start()], last))), None)
        found = self.restated[key]
        return (found[0], body, "text") if found else None

    def restates(self, number: int, body: str) -> bool:
        """Whether a numbered line's text restates the template's question `number`."""
        if self.template is None or self.template.question(number) is None:
            return False
        return self.template.match_question(body, number - 1) is not None
