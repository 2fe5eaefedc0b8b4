"""A count asked ("How many victims received legal aid in 2022?") is not answered by a count
of another thing ("a list of 64 attorneys", "the poorest 20 municipalities", "212 first
meetings"): such a number is no good answer (its quality stays low, and the sentence with
the thing asked wins); a count of the thing asked, or of persons or cases, is. Generated over
counted noun x other noun x sentence frame x figure."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse
from greta_search.spans import choose_span

# (what is counted, the question's predicate, a sentence predicate for it)
ASKED = (("victims", "received free legal aid", "received free legal aid"),
         ("microloans", "were granted by the Fund", "were granted by the Fund"),
         ("referrals", "came from the labour inspectorate", "came from the labour inspectorate"),
         ("complaints", "were filed with the Ombudsman", "were filed with the Ombudsman"),
         ("permits", "were issued to victims", "were issued to victims"))
OTHERS = ("attorneys", "municipalities", "meetings", "calls", "schools", "vehicles", "leaflets",
          "brochures", "offices", "trainings")
FRAMES_OTHER = ("In {y} the agency kept a list of {n} {o}.",
                "The programme covers the poorest {n} {o}.",
                "In {y} the mobile team held {n} {o}.",
                "The scheme was run in {y} through {n} {o}.")
FRAMES_ASKED = ("In {y}, {n} {c} {p}.", "{N} {c} {p} in {y}.", "In {y}, {n} persons {p}.",
                "In {y}, {n} cases {p}.")


@pytest.mark.parametrize("seed", range(150))
def test_a_count_of_another_thing_is_no_good_answer(seed: int) -> None:
    rng = random.Random(seed)
    counted, asked_predicate, said_predicate = rng.choice(ASKED)
    year, figure = rng.choice((2022, 2023, 2024)), rng.randint(11, 900)
    question = analyse(f"How many {counted} {asked_predicate} in {year}?")
    other = rng.choice(FRAMES_OTHER).format(y=year, n=figure, o=rng.choice(OTHERS))
    frame = rng.choice(FRAMES_ASKED)
    right = frame.format(y=year, n=figure, N=figure, c=counted, p=said_predicate)
    assert choose_span(other, question).quality < 0.4, other
    assert choose_span(right, question).quality > 0.6, right
