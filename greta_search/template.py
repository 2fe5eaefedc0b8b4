"""Questionnaire templates: the questions of one evaluation round, shipped as data
(`templates/round4.json`, made by `scripts/make_template.py`), and the alignment of a parsed
reply to them.

In one round every State answers the same questions. A heading is question N when its number
continues the sequence, or when its text matches the template's question N (fuzzy: typos,
abbreviation and rewording are tolerated). Alignment names the missing questions and gives
each question its canonical text and section, so the same number means the same question in
every State's reply.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greta_search.parse import Document

TEMPLATES = Path(__file__).parent / "templates"
ROUND_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "premier": 1, "deuxième": 2, "troisième": 3, "quatrième": 4, "cinquième": 5,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
}
# Similarity (0-1) from which a line is taken for a template question or item; chosen by
# scripts/measure_matching.py (precision 1.00 with a margin: 0.75 is the lowest level at 1.00).
QUESTION_THRESHOLD = 0.80
ITEM_THRESHOLD = 0.8
FUZZY_BELOW = 0.9  # a found question whose text is less similar is "matched fuzzily"
LOOKAHEAD = 10  # a heading may skip at most this many questions


class TemplateError(Exception):
    """A template file that cannot be used; the message names the file and the problem."""


@dataclass
class TemplateItem:
    label: str
    text: str


@dataclass
class TemplateQuestion:
    number: int
    text: str
    part: str | None = None
    section: str | None = None
    articles: list[int] = field(default_factory=list)
    items: list[TemplateItem] = field(default_factory=list)
    item_style: str = "letters"  # "letters" (a, b, c) or "bullets" (unlettered, 1, 2, 3)


@dataclass
class Template:
    name: str
    round: int | None
    parts: list[dict]
    questions: dict[int, TemplateQuestion]

    def question(self, number: int) -> TemplateQuestion | None:
        return self.questions.get(number)

    def match_question(self, text: str, last: int) -> tuple[int, float] | None:
        """The question after `last` (within LOOKAHEAD) whose text this line restates."""
        if len(text) < 15 or not self.questions:
            return None
        best: tuple[int, float] | None = None
        for number in range(last + 1, last + LOOKAHEAD + 1):
            q = self.questions.get(number)
            if q is None or len(text) > 2 * len(q.text) + 40:
                continue  # far longer than the question: an answer paragraph
            score = similarity(text, q.text)
            if score >= QUESTION_THRESHOLD and (best is None or score > best[1] + 0.05):
                best = (number, score)
        return best

    def match_item(self, number: int, position: int, text: str) -> str | None:
        """The letter of the template item at `position` (1-based) when `text` restates it."""
        q = self.questions.get(number)
        if q is None or q.item_style != "letters" or position > len(q.items):
            return None
        item = q.items[position - 1]
        return item.label if similarity(text, item.text) >= ITEM_THRESHOLD else None

    def restates_bullet(self, number: int, position: int, text: str) -> bool:
        """Whether `text` restates unlettered sub-question `position` of question `number`."""
        q = self.questions.get(number)
        if q is None or q.item_style != "bullets" or position > len(q.items):
            return False
        return similarity(text, q.items[position - 1].text) >= ITEM_THRESHOLD

    def lettered_items(self, number: int) -> int | None:
        """How many lettered items question `number` has (None: not in the template)."""
        q = self.questions.get(number)
        if q is None:
            return None
        return len(q.items) if q.item_style == "letters" else 0


WORD_RE = re.compile(r"[a-zà-ÿ0-9]+")
LEAD_RE = re.compile(r"^\W*(?:(?:question|q|no)\W*)?\d{1,2}\W+", re.IGNORECASE)


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower-case words only, without a leading question number."""
    return " ".join(WORD_RE.findall(LEAD_RE.sub("", text).lower()))


def similarity(line: str, canonical: str) -> float:
    """How well `line` restates `canonical` (0-1): rapidfuzz's token-set ratio (typos,
    word order, abbreviation, added words), except for a line too short to be more than a
    few shared words, which must match as a whole (token-sort ratio).
    scripts/measure_matching.py compares the scorers."""
    from rapidfuzz import fuzz

    a, b = normalise(line), normalise(canonical)
    if not a or not b:
        return 0.0
    if len(a) < min(40, len(b) / 3):
        return fuzz.token_sort_ratio(a, b) / 100
    return fuzz.token_set_ratio(a, b) / 100


def exactness(line: str, canonical: str) -> float:
    """How nearly `line` is the canonical text itself (0-1; 1 is the same words)."""
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(normalise(line), normalise(canonical)) / 100


def load_template(path: Path | str) -> Template:
    """Read a template JSON file (format in README, "Questionnaire templates")."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(f"{path}: no such template file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise TemplateError(f"{path}: not a template JSON file ({err})") from None
    try:
        return template_from_dict(data, default_name=path.stem)
    except (KeyError, TypeError, ValueError) as err:
        raise TemplateError(f"{path}: invalid template ({err!r})") from None


def template_from_dict(data: dict, default_name: str = "template") -> Template:
    questions: dict[int, TemplateQuestion] = {}
    where: dict[int, tuple[str, str | None, list[int]]] = {}
    for part in data.get("parts", []):
        for sec in part.get("sections", []):
            for n in sec.get("questions", []):
                where[int(n)] = (str(part["label"]), sec.get("numeral"), sec.get("articles", []))
    for q in data.get("questions", []):
        number = int(q["number"])
        part, section, articles = where.get(number, (None, None, []))
        questions[number] = TemplateQuestion(
            number=number,
            text=str(q["text"]),
            part=part,
            section=section,
            articles=[int(a) for a in articles],
            items=[TemplateItem(str(i["label"]), str(i["text"])) for i in q.get("items", [])],
            item_style=q.get("item_style", "letters"),
        )
    return Template(
        name=data.get("name", default_name),
        round=data.get("round"),
        parts=data.get("parts", []),
        questions=questions,
    )


GENERIC = Template(name="generic", round=None, parts=[], questions={})  # no template


@cache
def builtin(round_number: int) -> Template | None:
    """The shipped template of a round, if any."""
    path = TEMPLATES / f"round{round_number}.json"
    return load_template(path) if path.exists() else None


def round_number(word: str | None) -> int | None:
    """"Fourth" -> 4, "Troisième" -> 3."""
    if not word:
        return None
    return ROUND_WORDS.get(word.lower()) or (int(word) if word.isdigit() else None)


def for_round(word: str | None) -> Template | None:
    """The shipped template for a round named on a title page ("Fourth")."""
    number = round_number(word)
    return builtin(number) if number else None


# --- alignment -------------------------------------------------------------------------------


@dataclass
class QuestionMatch:
    number: int
    found: bool
    how: str | None = None  # "number" (heading numbered in sequence) or "text" (restated)
    score: float | None = None  # `exactness` of the reply's question text (1: the canonical one)
    canonical: str = ""
    part: str | None = None
    section: str | None = None

    @property
    def fuzzy(self) -> bool:
        return self.found and (self.score or 0) < FUZZY_BELOW


@dataclass
class Alignment:
    template: str
    matches: list[QuestionMatch]
    extra: list[int]  # question numbers of the reply that the template does not have

    @property
    def missing(self) -> list[int]:
        return [m.number for m in self.matches if not m.found]

    @property
    def found(self) -> int:
        return sum(m.found for m in self.matches)

    @property
    def score(self) -> float:
        """Share of the template's questions found, discounted for fuzzy matches."""
        if not self.matches:
            return 0.0
        return sum((1.0 if not m.fuzzy else 0.8) for m in self.matches if m.found) / len(
            self.matches
        )


def align(doc: Document, template: Template) -> Alignment:
    """Compare a parsed reply with its round's template; fill each question's canonical
    text (`Question.canonical`)."""
    found = {q.number: q for q in doc.questions()}
    matches = []
    for number, tq in sorted(template.questions.items()):
        q = found.get(number)
        if q is None:
            matches.append(QuestionMatch(number, False, canonical=tq.text, part=tq.part,
                                         section=tq.section))
            continue
        q.canonical = tq.text
        matches.append(QuestionMatch(number, True, q.match, round(exactness(q.text, tq.text), 3),
                                     tq.text, tq.part, tq.section))
    extra = sorted(set(found) - set(template.questions))
    return Alignment(template.name, matches, extra)
