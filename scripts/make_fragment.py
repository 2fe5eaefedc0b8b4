"""Reply fragments in many house styles, each with the tree it must parse to (the item
harness, tests/test_items.py).

A fragment is a title page (naming the evaluation round, so that the fourth round's
questionnaire is used, or not), a note between the title page and Part 1 or none, and seven
questions, five of them with items. The items are labelled in one of ITEM_STYLES ("6.1.",
"6.1", "(a)", "a)", "i.", "(i)", "2.a)", "2 a)", bullets); a question's answer may open with a
paragraph before its first item, an item's answer may hold a numbered list, and it may start
on the item's line, the item's text left out ("2.a) The Ministry reported ..."; without the
questionnaire, only as the item's one paragraph: a sentence on the line with more below may
be the item restated). Without the
questionnaire, the last question may instead have unlettered bullet sub-questions (as
questions 40-42 do), answers ending with a list (numbered, or with another bullet) right
before the next sub-question. The fragment is built
as a Document first and written by scripts/restyle.py's writer, so what the parser must find
is known exactly.

    python scripts/make_fragment.py [--seed N] [--item STYLE] [--no-template]
                                    [--bullets "- " [--listing "{k}) "]]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import restyle  # noqa: E402

from greta_search.template import builtin  # noqa: E402
from greta_search.tree import (  # noqa: E402
    Document,
    DocumentMeta,
    Item,
    Paragraph,
    Part,
    Question,
    Section,
)

# Item labels: restyle's placeholders ({n} question, {k} place, {a} letter, {i} roman).
ITEM_STYLES = {
    "decimal-dot": "{n}.{k}. {text}",  # 6.1.
    "decimal": "{n}.{k} {text}",  # 6.1
    "paren-letter": "({a}) {text}",  # (a)
    "letter-paren": "{a}) {text}",  # a)
    "roman-dot": "{i}. {text}",  # i.
    "paren-roman": "({i}) {text}",  # (i)
    "bullets": "- {text}",  # unlabelled: only the questionnaire's text tells the item
    "question-letter": "{n}.{a}) {text}",  # 2.a)
    "question-space-letter": "{n} {a}) {text}",  # 2 a)
}
NEEDS_TEMPLATE = {"bullets"}  # a bullet is an item only where it restates the questionnaire's
QUESTION_STYLES = ("{n}. {text}", "Question {n}: {text}", "Q{n}. {text}",
                   "Question No. {n}\n\n{text}", "**{n}.** {text}")
ANSWER_STYLES = ("", "Answer: ", "Reply: ")
ITEM_QUESTIONS = (2, 4, 5, 6, 7)  # questions with lettered items in the fourth round
NOTE_HEADINGS = ("Introductory note", "Preliminary remarks", None)
TOPICS = ("seasonal workers", "child victims", "asylum seekers", "domestic workers",
          "persons with disabilities", "labour inspectors", "shelters", "hotlines")
BODIES = ("Ministry of Justice", "State Labour Inspectorate", "Migration Agency",
          "General Police Directorate", "Ombudsman", "National Statistics Office")


@dataclass(frozen=True)
class Spec:
    """One fragment: its house style and what it holds."""

    item: str = "paren-letter"  # a key of ITEM_STYLES
    intro: bool = False  # answers that open with a paragraph before the first item
    nested: bool = False  # a numbered list inside one item's answer per question
    note: bool = False  # a note between the title page and Part 1
    template: bool = True  # the title page names the round: its questionnaire is used
    question: str = QUESTION_STYLES[0]
    answer: str = ANSWER_STYLES[0]
    seed: int = 0
    bullets: str | None = None  # the last question's unlettered sub-questions, this bullet
    listing: str = "{k}. "  # how the entries of a list in their answers are marked
    on_line: bool = False  # each item's answer starts on its line ("2.a) The Ministry ..."),
    # the item's text left out


@dataclass
class Fragment:
    """A fragment's text and the Document it was written from."""

    text: str
    doc: Document
    note_title: str | None
    note: list[str]


def sentence(rng: random.Random, where: str) -> str:
    """An answer sentence naming its place, so that a misplaced paragraph shows."""
    return (f"In {rng.randint(2019, 2025)} the {rng.choice(BODIES)} reported "
            f"{rng.randint(2, 900)} cases concerning {rng.choice(TOPICS)} under {where}.")


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:].rstrip(";. ")


def numbered_list(rng: random.Random, where: str, mark: str = "{k}. ") -> Paragraph:
    """ "The laws adopted under ... are:" and a list of three or four laws, each marked
    `mark` ({k}: its number)."""
    count = rng.randint(3, 4)
    laws = [f"{mark.format(k=k)}Law No. {rng.randint(10, 99)}/{rng.randint(2019, 2025)} on "
            f"{rng.choice(TOPICS)}" + (";" if k < count else ".") for k in range(1, count + 1)]
    return Paragraph("\n".join([f"The laws adopted under {where} are:", *laws]), kind="list")


def questions(spec: Spec, rng: random.Random) -> list[Question]:
    """Questions 1-7: the questionnaire's texts and items, or invented ones."""
    template = builtin(4)
    out = []
    for number in range(1, 8):
        tq = template.question(number) if template else None
        if spec.template and tq is not None:
            text, items = tq.text, [capitalised(i.text) for i in tq.items]
        else:
            topic = rng.choice(TOPICS)
            items = [f"Access of {rng.choice(TOPICS)} to service {k} in region {number}"
                     for k in range(1, 4 + number % 3)] if number in ITEM_QUESTIONS else []
            text = (f"What measures are taken for {topic}? Please provide information on the "
                    "following areas:" if items else f"How is the protection of {topic} "
                    f"ensured in region {number}?")
        if number not in ITEM_QUESTIONS:
            items = []
        q = Question(number=number, text=text)
        if spec.bullets and number == 7:
            out.append(sub_questions(q, spec, rng))
            continue
        for k, item_text in enumerate(items, 1):
            where = f"item {k} of question {number}"
            paragraphs = [Paragraph(sentence(rng, where))]
            # an answer on the item's line with more below is told only by the questionnaire
            if rng.random() < 0.4 and (spec.template or not spec.on_line):
                paragraphs.append(Paragraph(sentence(rng, where)))
            q.items.append(Item(label=chr(ord("a") + k - 1), text="" if spec.on_line else item_text,
                                paragraphs=paragraphs))
        if q.items and spec.nested:
            item = rng.choice(q.items)
            item.paragraphs.insert(rng.randint(0, len(item.paragraphs)),
                                   numbered_list(rng, f"question {number}"))
        if not q.items or spec.intro and (number == ITEM_QUESTIONS[0] or rng.random() < 0.6):
            q.paragraphs = [Paragraph(sentence(rng, f"question {number}"))]
        out.append(q)
    return out


def sub_questions(q: Question, spec: Spec, rng: random.Random) -> Question:
    """Question `q` with unlettered sub-questions (clauses ending with ";", the last with
    "."), each answered; the answer of one or more (not the last) ends with a list."""
    count = rng.randint(3, 5)
    listed = set(rng.sample(range(1, count), rng.randint(1, count - 1)))
    for k in range(1, count + 1):
        where = f"sub-question {k} of question {q.number}"
        paragraphs = [Paragraph(sentence(rng, where))]
        if k in listed:
            paragraphs.append(numbered_list(rng, where, spec.listing))
        text = f"access of {rng.choice(TOPICS)} to service {k}" + (";" if k < count else ".")
        q.items.append(Item(label=str(k), text=text, paragraphs=paragraphs))
    return q


def title_page(spec: Spec, rng: random.Random) -> tuple[list[str], str | None, list[str]]:
    """The lines before Part 1 (the title page, then the note, if any), the note's heading
    and its paragraphs."""
    lines = ["GRETA(2026)55_FRG_rep", "", "Reply by Fragmentia",
             "to the Questionnaire for the evaluation of the implementation of the Council of "
             "Europe Convention on Action against Trafficking in Human Beings", ""]
    if spec.template:
        lines += ["Fourth evaluation round", ""]
    lines += ["Reply submitted on 3 March 2026", ""]
    if not spec.note:
        return lines, None, []
    heading = rng.choice(NOTE_HEADINGS)
    bodies = rng.sample(BODIES, 3)
    note = ["This reply was prepared by the National Coordinator on the basis of contributions "
            "from the following bodies:\n" + "\n".join(f"- {b};" for b in bodies[:-1])
            + f"\n- {bodies[-1]}.",
            f"Unless stated otherwise, the figures cover the years 2019 to "
            f"{rng.randint(2023, 2025)}."]
    if heading:
        lines += [heading, ""]
    for paragraph in note:
        lines += [*paragraph.split("\n"), ""]
    return lines, heading, note


def make_fragment(spec: Spec) -> Fragment:
    """The fragment `spec` describes: its text and its tree."""
    rng = random.Random(spec.seed)
    section = Section(numeral="I", title="PREVENTION", articles=[5, 6, 7],
                      questions=questions(spec, rng))
    doc = Document(source="fragment.txt", meta=DocumentMeta(country="Fragmentia"),
                   parts=[Part(label="Part 1", title="Reducing vulnerabilities",
                               sections=[section])])
    first, heading, note = title_page(spec, rng)
    style = restyle.Style("fragment", question=spec.question, answer=spec.answer,
                          item=ITEM_STYLES[spec.item], general=spec.answer,
                          bullet=spec.bullets or "- ", item_inline=spec.on_line)
    return Fragment(restyle._Writer(doc, style).write(first), doc, heading, note)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--item", choices=sorted(ITEM_STYLES), default="decimal-dot")
    parser.add_argument("--no-template", action="store_true")
    parser.add_argument("--bullets", help="bullet of the last question's sub-questions "
                        "(without the questionnaire)")
    parser.add_argument("--listing", default="{k}. ", help="list entry marker ({k}: number)")
    args = parser.parse_args()
    if args.bullets and not args.no_template:
        parser.error("--bullets needs --no-template (the questionnaire has none in question 7)")
    spec = Spec(item=args.item, intro=True, nested=True, note=True,
                template=not args.no_template, seed=args.seed, bullets=args.bullets,
                listing=args.listing)
    sys.stdout.write(make_fragment(spec).text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
