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
    from greta_search.tree import Section

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

    def section_for_articles(self, articles: list[int], after: int) -> dict | None:
        """The template Section (with its Part's "part" label) that a heading naming only
        Convention articles ("Article 5 – Prevention") opens: the first Section whose
        questions all come after question `after` and whose articles include those named."""
        for part in self.parts:
            for sec in part.get("sections", []):
                numbers = sec.get("questions", [])
                if (sec.get("numeral") and numbers and min(numbers) > after
                        and set(articles) <= set(sec.get("articles", []))):
                    return {**sec, "part": str(part["label"])}
        return None

    def numbered_section(self, part: str | None, numeral: str, title: str) -> dict | None:
        """The template Section (with its Part's "part" label) that a heading numbered like
        the questionnaire's Sections names ("2. Legal assistance and free legal aid"): the
        one of that numeral whose title the heading restates, in Part `part` if one is open."""
        for p in self.parts:
            if part is not None and label_value(str(p["label"])) != label_value(part):
                continue
            for sec in p.get("sections", []):
                if (str(sec.get("numeral")) == numeral
                        and similarity(title, sec.get("title", "")) >= QUESTION_THRESHOLD):
                    return {**sec, "part": str(p["label"])}
        return None

    def titled_section(self, part: str | None, title: str, after: str | None) -> dict | None:
        """The template Section (with its Part's "part" label) that an unnumbered heading
        names by its title ("Right to information (Articles 12 and 15)"): the first one, in
        Part `part` if one is open and after Section `after` of it, whose title the
        heading restates."""
        for p in self.parts:
            if part is not None and label_value(str(p["label"])) != label_value(part):
                continue
            sections = p.get("sections", [])
            numerals = [str(sec.get("numeral")) for sec in sections]
            start = numerals.index(after) + 1 if after in numerals else 0
            for sec in sections[start:]:
                if sec.get("numeral") and sec.get("title") and (
                        exactness(title, sec["title"]) >= QUESTION_THRESHOLD):
                    return {**sec, "part": str(p["label"])}
        return None

    def part_title(self, label: str) -> str:
        return next((p.get("title", "") for p in self.parts if str(p["label"]) == label), "")

    def section_title(self, part: str | None, numeral: str | None) -> str:
        for p in self.parts:
            if str(p["label"]) == part:
                for sec in p.get("sections", []):
                    if sec.get("numeral") == numeral:
                        return sec.get("title", "")
        return ""

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


def label_value(label: str | None) -> int | None:
    """"Part 1", "II", "Part Two", "Part B" -> the number a Part label names."""
    from greta_search.layout import NUMBER_WORDS, roman_to_int

    word = (label or "").removeprefix("Part ").strip()
    if word.isdigit():
        return int(word)
    if word.lower() in NUMBER_WORDS:
        return NUMBER_WORDS[word.lower()]
    if re.fullmatch("[A-H]", word.upper()):  # "Part A", "PART C": a letter, never C = 100
        return ord(word.upper()) - ord("A") + 1
    if word and re.fullmatch("[IVXLC]+", word.upper()):
        return roman_to_int(word)
    return None


def infer_sections(doc: Document, template: Template) -> None:
    """Give the questions of a reply without Section (or Part) headings the Section, with
    its articles, and the Part that the template gives their numbers; Sections and Parts
    made so are marked `inferred`. A question under a Part heading keeps its Part (and gets
    no Section when the template puts it in another Part); Sections with a heading stay."""
    from greta_search.tree import Part

    rebuilt: list[Part] = []
    for part in doc.parts:
        if part.label is not None:
            part.sections = [piece for sec in part.sections
                             for piece in _split(sec, label_value(part.label), template)]
            rebuilt.append(part)
            continue
        out = [Part(label=None, title=part.title)]  # text before the first question stays
        for sec in part.sections:
            for piece in _split(sec, None, template):
                tq = template.question(piece.questions[0].number) if piece.questions else None
                if tq is not None and tq.part and out[-1].label != f"Part {tq.part}":
                    out.append(Part(label=f"Part {tq.part}", title=template.part_title(tq.part),
                                    inferred=True))
                out[-1].sections.append(piece)
        rebuilt += [p for p in out if p.sections]
    doc.parts = rebuilt


def _split(sec: Section, part: int | None, template: Template) -> list[Section]:
    """A Section without a heading cut where the template's Section (or Part, when the
    reply heads none: `part` None) of its questions changes."""
    from greta_search.tree import Section

    if sec.numeral is not None and part is None and sec.questions:
        # a Section heading in a reply without Part headings: the questions the template
        # puts in another Part (after Section III, those of Part II) do not belong to it
        first = template.question(sec.questions[0].number)
        home = first.part if first is not None else None
        stay = [q for q in sec.questions
                if (tq := template.question(q.number)) is None or tq.part == home]
        if len(stay) < len(sec.questions):
            cut = next(i for i, q in enumerate(sec.questions) if q not in stay)
            rest = Section(numeral=None, title="", questions=sec.questions[cut:])
            sec.questions = sec.questions[:cut]
            return [sec, *_split(rest, None, template)]
    if sec.numeral is not None or not sec.questions:
        return [sec]
    out = [Section(numeral=None, title=sec.title, articles=sec.articles,
                   paragraphs=sec.paragraphs)]
    where: tuple = (None, None) if part is None else (part, None)
    for q in sec.questions:
        tq = template.question(q.number)
        key = (part, None)
        if tq is not None and (part is None or label_value(tq.part) == part):
            key = (label_value(tq.part), tq.section)
        if key != where:
            where = key
            numeral = tq.section if tq is not None and key[1] else None
            out.append(Section(
                numeral=numeral,
                title=template.section_title(tq.part, numeral) if numeral else "",
                articles=list(tq.articles) if numeral else [],
                inferred=numeral is not None,
            ))
        out[-1].questions.append(q)
    return [s for s in out if s.questions or s.paragraphs]


MIN_TEMPLATE_SHARE = 0.5  # of a template's questions, found by their text
BARE_BELOW = 0.9  # of a template's questions found: try numbers without question texts


def bare_numbers(doc: Document, template: Template, numbered: int) -> bool:
    """Whether a reply may number its questions without their texts: fewer questions found
    than the template has, and a 1, 2, 3 ... numbering of about the template's length (a
    report's numbered paragraphs run far longer)."""
    found = len(doc.questions())
    return (found < BARE_BELOW * len(template.questions)
            and MIN_TEMPLATE_SHARE * len(template.questions) <= numbered
            <= max(template.questions) + 2)


def fits(doc: Document, template: Template) -> bool:
    """Whether most questions found restate the template's questions of the same number
    (otherwise the reply answers another questionnaire and detection is generic). A
    question whose text the reply leaves out tells nothing."""
    found = [q for q in doc.questions() if q.text]
    if not template.questions or not found:
        return True
    agree = sum(
        1 for q in found
        if q.number in template.questions
        and similarity(q.text, template.questions[q.number].text) >= QUESTION_THRESHOLD
    )
    return agree >= MIN_TEMPLATE_SHARE * len(found)
