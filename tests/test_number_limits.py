"""A limit asked: how long the rules let or make something last, or how much they allow
("How long may a woman stay in a shelter?", "Within how many days must the Board
decide?", "What fine can an employer face?"). A number written as a limit ("up to 12
months", "within 30 days", "no later than", "a maximum of") answers it better than one
written as what happened ("the average stay was 9 months"); and a length of time in another
unit than the one the question counts in ("48 hours" for "within how many days") is no good
answer, one in that unit is. Generated over question x limit form x actual form x
figures x order."""

from __future__ import annotations

import math
import random
import re

import pytest

from greta_search.answer_types import analyse
from greta_search.spans import SpanChoice, best_span, choose_span

# (question, subject, verb phrase of the rule, verb phrase of what happened, unit)
SUBJECTS = (
    ("How long may a woman stay in a shelter?", "Women may stay in a shelter",
     "the average stay in a shelter was", "months"),
    ("How long can a victim stay in the safe house?", "A victim can stay in the safe house",
     "in 2025 victims stayed in the safe house for", "days"),
    ("How many months may a presumed victim remain in the reception centre?",
     "A presumed victim may remain in the reception centre", "the average stay was", "months"),
    ("Within how many days must the Board decide on an application?",
     "The Board must decide on an application", "in 2025 the Board took on average", "days"),
    ("How many days must the police wait before the removal order is enforced?",
     "The police must wait", "in practice the police waited", "days"),
    ("How many hours may a child be questioned in one day?",
     "A child may be questioned", "the longest hearing in 2024 lasted", "hours"),
)
LIMITS = ("for up to {n} {u}", "within {n} {u}", "for no more than {n} {u}",
          "for a maximum of {n} {u}", "for not longer than {n} {u}", "up to {n} {u}")
OTHER_UNITS = {"months": "weeks", "days": "hours", "hours": "minutes"}


def _strength(choice: SpanChoice) -> float:
    """The score behind a span's quality (its log-odds): unlike the quality, it does not
    flatten near 1."""
    return math.log(choice.quality / (1.0 - choice.quality))


def _limit_and_actual(rng: random.Random) -> tuple[str, str, str, str]:
    """A question, a sentence stating the limit, one stating what happened, the limit."""
    question, rule, happened, unit = rng.choice(SUBJECTS)
    limit_value, actual_value = rng.sample(range(2, 60), 2)
    limit = rng.choice(LIMITS).format(n=limit_value, u=unit)
    limit_sentence = f"{rule} {limit}."
    actual_sentence = f"{happened[0].upper()}{happened[1:]} {actual_value} {unit}."
    return question, limit_sentence, actual_sentence, limit.removeprefix("for ")


@pytest.mark.parametrize("seed", range(120))
def test_a_limit_asked_is_answered_better_by_a_limit(seed: int) -> None:
    rng = random.Random(seed)
    question, limit_sentence, actual_sentence, _ = _limit_and_actual(rng)
    asked = analyse(question)
    limit = choose_span(limit_sentence, asked)
    actual = choose_span(actual_sentence, asked)
    assert _strength(limit) > _strength(actual) + 1.0, (question, limit, actual)


@pytest.mark.parametrize("seed", range(120))
def test_a_limit_is_chosen_over_what_happened_in_one_sentence(seed: int) -> None:
    rng = random.Random(1000 + seed)
    question, limit_sentence, actual_sentence, limit = _limit_and_actual(rng)
    parts = [limit_sentence.rstrip("."), actual_sentence[0].lower() + actual_sentence[1:-1]]
    if rng.random() < 0.5:
        parts.reverse()
    sentence = "; ".join(parts) + "."
    sentence = sentence[0].upper() + sentence[1:]
    chosen = best_span(sentence, analyse(question))[0] or ""
    # the limit's figure and unit (how much of its wording the span takes in is another rule's)
    figure = re.search(r"\d+ \w+$", limit).group()
    assert chosen.endswith(figure) and chosen in limit, sentence


@pytest.mark.parametrize("seed", range(120))
def test_a_length_in_another_unit_than_the_one_counted_is_worse(seed: int) -> None:
    rng = random.Random(2000 + seed)
    question, rule, _, unit = rng.choice(SUBJECTS)
    if not question.lower().startswith(("how many", "within how many")):
        question = f"Within how many {unit} must the authority decide?"
    form = rng.choice(LIMITS)
    same, other = rng.sample(range(2, 60), 2)
    right = choose_span(f"{rule} {form.format(n=same, u=unit)}.", analyse(question))
    wrong = choose_span(f"{rule} {form.format(n=other, u=OTHER_UNITS[unit])}.",
                        analyse(question))
    assert right.quality > 0.9 and wrong.quality < 0.8, (question, right, wrong)
