"""A number in the sentence right after its subject's ("The shelters accommodated 71 victims
in 2025. The average stay was 97 days.") speaks of the subject's year as well as of its
words: it takes over that sentence's fit to the year asked, and so outranks a number of
another passage that names the year but trails it by less than the year was worth; never
from another passage's sentence, nor from a sentence with a number of its own. Generated
over keyword shares x year fits x score gaps x order of passages."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from greta_search.answer import carry_subject


@dataclass
class Candidate:
    """The fields of `answer.Sentence` that carrying reads and writes."""

    passage: object
    keyword: float
    span: str | None
    score: float
    years: float


@pytest.mark.parametrize("seed", range(120))
def test_the_figure_after_its_subject_takes_the_subjects_year(seed: int) -> None:
    rng = random.Random(seed)
    home, other = object(), object()
    own_fit = rng.choice((0.0, 0.4, 0.6))
    subject = Candidate(home, rng.uniform(0.3, 0.9), None, rng.uniform(0.3, 0.8), 1.0)
    figure = Candidate(home, rng.uniform(0.0, 0.3), f"{rng.randint(2, 99)} days",
                       rng.uniform(0.5, 0.9), own_fit)
    gap = rng.uniform(0.0, 0.45 * (1.0 - own_fit))  # less than the year was worth
    rival = Candidate(other, rng.uniform(0.0, 0.3), "23 days", figure.score + gap, 1.0)
    passages = [[subject, figure], [rival]]
    if rng.random() < 0.5:
        passages.reverse()
    carry_subject([s for passage in passages for s in passage])
    assert figure.years == 1.0
    assert figure.score > rival.score


@pytest.mark.parametrize("seed", range(60))
def test_no_year_is_taken_from_another_passage_or_a_sentence_with_a_number(seed: int) -> None:
    rng = random.Random(1000 + seed)
    home, other = object(), object()
    own_fit = rng.choice((0.0, 0.4, 0.6))
    with_number = seed % 2 == 0
    before = Candidate(home if with_number else other, rng.uniform(0.3, 0.9),
                       "71 victims" if with_number else None, 0.5, 1.0)
    figure = Candidate(home, 0.1, "97 days", 0.6, own_fit)
    carry_subject([before, figure])
    assert figure.years == own_fit and figure.score == 0.6
