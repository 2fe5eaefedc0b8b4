"""A number in the sentence right after its subject's ("The shelters accommodated 71 victims
in 2025. The average stay was 97 days.") speaks of the subject's year as well as of its
words: it takes over that sentence's fit to the year asked, and so outranks a number of
another passage that names the year but trails it by less than the year was worth; never
from another passage's sentence, nor from a sentence with a number of its own, nor over a
year the figure's own sentence writes. Generated
over keyword shares x year fits x score gaps x order of passages."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from greta_search.answer import carry_subject


@dataclass
class Candidate:
    """The fields of `answer.Sentence` that carrying reads and writes."""

    text: str
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
    subject = Candidate("The shelters accommodated 71 victims in 2025.", home,
                        rng.uniform(0.3, 0.9), None, rng.uniform(0.3, 0.8), 1.0)
    days = rng.randint(2, 99)
    figure = Candidate(f"The average stay was {days} days.", home, rng.uniform(0.0, 0.3),
                       f"{days} days", rng.uniform(0.5, 0.9), own_fit)
    gap = rng.uniform(0.0, 0.45 * (1.0 - own_fit))  # less than the year was worth
    rival = Candidate("In 2025 the average decision took 23 days.", other,
                      rng.uniform(0.0, 0.3), "23 days", figure.score + gap, 1.0)
    passages = [[subject, figure], [rival]]
    if rng.random() < 0.5:
        passages.reverse()
    carry_subject([s for passage in passages for s in passage])
    assert figure.years == 1.0
    assert figure.score > rival.score


@pytest.mark.parametrize("seed", range(90))
def test_no_year_is_taken_from_elsewhere_or_over_a_year_written(seed: int) -> None:
    rng = random.Random(1000 + seed)
    home, other = object(), object()
    own_fit = rng.choice((0.0, 0.4, 0.6))
    case = seed % 3  # another passage's sentence, one with a number, a figure with its year
    before = Candidate("The shelters accommodated victims in 2023.", other if case == 0 else home,
                       rng.uniform(0.3, 0.9), "71 victims" if case == 1 else None, 0.5, 1.0)
    text = "In 2025 the average stay was 97 days." if case == 2 else "The stay was 97 days."
    figure = Candidate(text, home, 0.1, "97 days", 0.6, own_fit)
    carry_subject([before, figure])
    assert figure.years == own_fit
