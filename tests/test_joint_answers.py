"""One answer for several questions ("Reply to questions 12 to 14:", "Questions 12-14",
"Answer to questions 5 and 6"): generated replies, the joint answer under the last or the
first question it covers, in several wordings and house styles. Its passages carry every
question it covers (`questions`, a hit field), so a filter on any of them finds it: the
`Filters` test, `search`, `ask` and `show` on a built index."""

from __future__ import annotations

import random

import pytest

from greta_search.layout import joint_questions
from greta_search.search import Filters
from tests.test_texttables import parse_reply

# How a reply says one answer covers several questions ({a}, {b}: the first and the last;
# {m}: the ones between, "6, " for 5-7; {and}: the questions listed).
RANGES = ("Reply to questions {a} to {b}:", "Questions {a}-{b}", "Answer to questions {and}",
          "Replies to questions {a}–{b}.", "Response to Questions {a} through {b}:",
          "Answers to Q{a}-Q{b}:", "(Questions {a} to {b})", "Reply to items {a} to {b}:",
          "Comments on questions {and}:")
HEADINGS = ("Question {n}", "Q{n}.", "{n}.")
ANSWER = "The National Rapporteur has coordinated the action against trafficking since 2021."


def listed(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def variant(seed: int) -> tuple[str, list[int], int]:
    """A reply, the questions its joint answer covers, the one it stands under."""
    rng = random.Random(seed)
    first = rng.randint(2, 20)
    covered = list(range(first, first + rng.randint(2, 4)))
    heading = rng.choice(HEADINGS)
    form = rng.choice(RANGES)
    line = form.format(a=covered[0], b=covered[-1], **{"and": listed(covered)})
    under = covered[-1] if rng.random() < 0.7 else covered[0]
    lines = ["Reply of Testland to the questionnaire", "GRETA(2026)50_TST_rep", ""]
    for n in range(1, covered[-1] + 2):
        lines += [heading.format(n=n) + (" What has been done?" if heading == "{n}." else ""),
                  ""]
        if heading != "{n}.":
            lines += [f"What has been done about matter number {n}?", ""]
        if n == under:
            lines += [line, "", ANSWER, ""]
        elif n not in covered:
            lines += [f"Measures on matter {n} were taken in 2024.", ""]
    return "\n".join(lines), covered, under


@pytest.mark.parametrize("seed", range(60))
def test_a_joint_answer_is_cited_under_each_question(seed: int) -> None:
    text, covered, under = variant(seed)
    chunks = parse_reply(text)
    (joint,) = [c for c in chunks if ANSWER in c.text]
    assert joint.question == under, text
    assert joint.questions == covered, text
    others = [c for c in chunks if c is not joint]
    assert all(c.questions == [] for c in others)
    for number in covered:
        assert Filters(question=[number]).accepts(joint)
        assert not any(Filters(question=[number]).accepts(c) for c in others)
    assert not Filters(question=[covered[-1] + 1]).accepts(joint)


@pytest.mark.parametrize(("line", "numbers"), [
    ("Reply to questions 12 to 14:", [12, 13, 14]), ("Questions 12-14", [12, 13, 14]),
    ("Answer to questions 5 and 6", [5, 6]), ("Replies to Q5, Q6 and Q7 – Yes.", [5, 6, 7]),
    ("Reply to items 12 to 14:", [12, 13, 14]), ("Questions 3, 7 and 9:", [3, 7, 9]),
    ("Question 12", []), ("Reply to question 12:", []), ("12. The questions 5-7 ...", []),
    ("See the answer to questions 5 to 7.", []), ("Questions 1 to 40", []),
    ("Questions 14-12", [12, 14]), ("In 2024 questions 5 to 7 were asked.", []),
])
def test_joint_questions(line: str, numbers: list[int]) -> None:
    assert joint_questions(line) == numbers


@pytest.mark.parametrize("seed", range(4))
def test_search_ask_and_show_find_it_under_each_question(tmp_path, seed: int) -> None:
    import greta_search as gs
    from greta_search.embed import HashEmbedder
    from greta_search.store import IndexStore

    text, covered, under = variant(seed)
    path = tmp_path / "reply.txt"
    path.write_text(text, encoding="utf-8")
    IndexStore(tmp_path / "index").build([path], HashEmbedder())
    index = gs.open_index(tmp_path / "index")
    for number in covered:
        hits = index.search("Who coordinates the action against trafficking?", k=3,
                            question=number).to_dict()
        assert hits and hits[0]["text"].endswith(ANSWER), number
        assert hits[0]["questions"] == covered and hits[0]["question"] == under
        shown = index.show(number).to_dict()
        assert any(hit["text"].endswith(ANSWER) for hit in shown), number
        answer = index.ask("Since when has the National Rapporteur coordinated the action?",
                           question=number)
        assert answer.citations and answer.citations[0].chunk.questions == covered
