"""A two-column "QUESTION<TAB>ANSWER" grid exported from Word: a header line, then rows
"[Q37] QUESTION TEXT IN CAPITALS<TAB>37.1 answer text ...", after questions headed in
ordinary paragraphs.
Generated variants: heading forms, header words, blank lines between rows, how long an
answer is."""

from __future__ import annotations

import random

import pytest

from greta_search.chunk import chunk_document
from tests.test_tab_paragraphs import flat, parse

HEADS = ("[Q{n}] {upper}", "[{n}] {upper}", "Q{n}. {text}?", "[Question {n}] {text}?")
HEADERS = (("QUESTION", "ANSWER"), ("Question", "Reply"), ("QUESTIONS", "ANSWERS"))
WORDS = ("courts", "victims", "prosecutors", "shelters", "inspectors", "interpreters",
         "lawyers", "compensation", "hearings", "permits", "guardians", "training")


def make_reply(seed: int) -> tuple[str, dict[int, list[str]]]:
    """(text, question -> its answer paragraphs)."""
    rng = random.Random(seed)
    head = rng.choice(HEADS)
    spaced = rng.random() < 0.5
    out = ["Reply of the Republic of Borduria", ""]
    answers: dict[int, list[str]] = {}
    first_grid = rng.randint(2, 4)
    for number in range(1, first_grid + rng.randint(2, 5)):
        asked = f"how are the {rng.choice(WORDS)} of question {number} organised"
        heading = head.format(n=number, upper=asked.upper(), text=asked.capitalize())
        paragraphs = []
        for k in range(1, rng.randint(2, 4)):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 20)))
            paragraphs.append(f"{number}.{k} The {words} are set out in Decree {number * 10 + k}.")
        if number < first_grid:  # paragraphs outside the grid unnumbered ("1.1 The" is an item)
            paragraphs = [paragraph.split(" ", 1)[1] for paragraph in paragraphs]
        answers[number] = paragraphs
        if number < first_grid:
            out += [heading, "", *(p for paragraph in paragraphs for p in (paragraph, "")), ""]
            continue
        if number == first_grid:
            out += ["\t".join(rng.choice(HEADERS)), *([""] if spaced else [])]
        out.append(f"{heading}\t{' '.join(paragraphs)}")
        if spaced:
            out.append("")
    return "\n".join(out), answers


SEEDS = range(40)


@pytest.mark.parametrize("seed", SEEDS)
def test_questions_in_a_question_answer_grid_are_found_with_their_answers(seed):
    text, answers = make_reply(seed)
    doc = parse(text)
    assert [q.number for q in doc.questions()] == list(answers), seed
    chunks = chunk_document(doc)
    for number, paragraphs in answers.items():
        held = flat(" ".join(c.text for c in chunks if c.question == number))
        for paragraph in paragraphs:
            assert flat(paragraph) in held, (seed, number, paragraph[:30])
