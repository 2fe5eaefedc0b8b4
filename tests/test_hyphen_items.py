"""Sub-items lettered with a hyphen ("a- protection of children ...", "b- education ...")
on their own lines under a question with sub-items, read as the same items lettered "a)".
Generated variants: how many items, answered one by one or together, text length."""

from __future__ import annotations

import random

import pytest

from tests.test_tab_paragraphs import parse

WORDS = ("children", "victims", "education", "shelters", "inspectors", "training", "courts",
         "protection", "permits", "guardians")


def make_reply(seed: int, letter: str) -> tuple[str, dict[int, int]]:
    """(text, question -> how many items) with items lettered `letter` ("{a}-" or "{a})")."""
    rng = random.Random(seed)
    out, expected = ["Reply of the Republic of Borduria", ""], {}
    together = rng.random() < 0.5
    for number in range(1, rng.randint(3, 6)):
        out += [f"Question {number}: Which measures are taken as regards:", ""]
        count = rng.randint(2, 4) if rng.random() < 0.7 else 0
        expected[number] = count
        for k in range(count):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 8)))
            out.append(f"{letter.format(a=chr(97 + k))} {words} of question {number};")
            if not together:
                out += ["", f"The Ministry takes measures on item {k + 1}.", ""]
        out += ["", f"The Ministry answers question {number} here.", ""]
    return "\n".join(out), expected


SEEDS = range(40)


@pytest.mark.parametrize("seed", SEEDS)
def test_items_lettered_with_a_hyphen_read_as_items(seed):
    text, expected = make_reply(seed, "{a}-")
    doc = parse(text)
    found = {q.number: [i.label for i in q.items] for q in doc.questions()}
    assert found == {n: [chr(97 + k) for k in range(c)] for n, c in expected.items()}, seed
    parenthesised = parse(make_reply(seed, "{a})")[0])
    assert found == {q.number: [i.label for i in q.items] for q in parenthesised.questions()}
