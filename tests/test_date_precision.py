"""The date a question asks for, whole and at the precision written (issue 10), on generated
sentences: date forms (a quarter, a half, a season, a stretch of a year, a financial or split
year, a month, a day in several house styles) x sentence frames x events. Which date: the one
of the event asked (a judgment and its appeal, an adoption and a planned evaluation, a start
asked "since when"), the one of the case or act the question names by number, and never a
confident one from a clause about another event."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greta_search.answer_types import analyse
from greta_search.spans import DATE_RE, best_span, choose_span

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
ORDINALS = ("first", "second", "third", "fourth")
# A part of a year, a month or a day, as a State's reply writes it: (year) -> the text.
PARTS = [
    lambda r, y: f"Q{r.randint(1, 4)} {y}",
    lambda r, y: f"the {r.choice(ORDINALS)} quarter of {y}",
    lambda r, y: f"the {r.choice(('first', 'second'))} half of {y}",
    lambda r, y: f"H{r.randint(1, 2)} {y}",
    lambda r, y: f"{r.choice(('spring', 'summer', 'autumn', 'winter'))} {y}",
    lambda r, y: f"the {r.choice(('spring', 'summer', 'autumn', 'winter'))} of {y}",
    lambda r, y: f"{r.choice(('early', 'late'))} {y}",
    lambda r, y: f"mid-{y}",
    lambda r, y: f"{r.choice(('early ', 'late ', 'mid-'))}{r.choice(MONTHS)} {y}",
    lambda r, y: f"the {r.choice(('end', 'beginning', 'middle'))} of {y}",
    lambda r, y: f"FY{y}/{(y + 1) % 100:02d}",
    lambda r, y: f"the financial year {y}/{(y + 1) % 100:02d}",
    lambda r, y: f"{r.choice(MONTHS)} {y}",
    lambda r, y: f"{r.randint(1, 28)}{r.choice(('th', ''))} {r.choice(MONTHS)} {y}",
    lambda r, y: f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{y}",
    lambda r, y: f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{y}",
    lambda r, y: f"{r.randint(1, 9)}.{r.randint(1, 9)}.{y}",
]
THINGS = ["awareness campaign", "survey of victims", "training seminar for judges",
          "inspection campaign", "review of the shelters", "hotline"]
# (sentence frame with {t} the thing and {d} the date, the question)
FRAMES = [
    ("The {t} was launched in {d}.", "When was the {t} launched?"),
    ("In {d} the Ministry launched the {t}.", "When did the Ministry launch the {t}?"),
    ("The Ministry launched the {t} in {d}, with 40 participants.",
     "When was the {t} launched?"),
    ("The {t}, launched in {d}, reached 3,000 people.", "When was the {t} launched?"),
    ("Funding of EUR 50,000 was added for the {t} in {d} to cover new needs.",
     "When was funding added for the {t}?"),
]


def _case(seed: int) -> tuple[str, str, str]:
    rng = random.Random(seed)
    form = PARTS[seed % len(PARTS)]
    date = form(rng, rng.randint(2005, 2025))
    frame, question = FRAMES[(seed // len(PARTS)) % len(FRAMES)]
    thing = rng.choice(THINGS)
    return frame.format(t=thing, d=date), question.format(t=thing), date


@pytest.mark.parametrize("seed", range(len(PARTS) * len(FRAMES)))
def test_a_date_is_read_whole_at_the_precision_written(seed: int) -> None:
    sentence, question, date = _case(seed)
    assert best_span(sentence, analyse(question))[0] == date, sentence
    assert [sentence[m.start() : m.end()] for m in DATE_RE.finditer(sentence)
            if sentence[m.start() : m.end()] in date] == [date]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(PARTS) - 1), st.integers(2000, 2030), st.randoms())
def test_no_year_is_cut_out_of_a_wider_date(form: int, year: int, rng: random.Random) -> None:
    date = PARTS[form](rng, year)
    sentence = f"The register was set up in {date} by the Ministry."
    span = best_span(sentence, analyse("When was the register set up?"))[0]
    assert span == date, sentence


@pytest.mark.parametrize("seed", range(24))
def test_since_when_keeps_the_start_and_not_a_later_date(seed: int) -> None:
    rng = random.Random(seed)
    start = PARTS[rng.choice([0, 4, 12, 13, 14, 15])](rng, rng.randint(2010, 2020))
    later = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2022, 2025)}"
    word = rng.choice(("Since", "From"))
    thing = rng.choice(("a list of trained lawyers", "a register of interpreters",
                        "a roster of guardians"))
    sentence = (f"Lawyers are approved by the court. {word} {start} the courts have kept "
                f"{thing}. {rng.randint(20, 90)} lawyers were on that list on {later}.")
    question = analyse(f"Since when have the courts kept {thing}?")
    assert best_span(sentence, question)[0] == f"{word} {start}", sentence


# Two events of one thing, each with its date: (sentence, question of the first, question of
# the second)
PAIRS = [
    ("The {c} gave judgment on {a}; the judgment was upheld by the Court of Appeal on {b}.",
     "When was the {c}'s judgment delivered?", "When did the Court of Appeal uphold the "
                                                "judgment?"),
    ("The {p} was adopted by the Government on {a}. An evaluation is planned for {b}.",
     "When was the {p} adopted?", "When will the {p} be evaluated?"),
    ("The {p} was approved on {a}, and its review is scheduled for {b}.",
     "When was the {p} approved?", "When will the {p} be reviewed?"),
]
COURTS = ["District Court of Marholm", "Regional Court", "Court for Serious Crimes"]
PLANS = ["National Action Plan", "Strategy against Trafficking", "Child Protection Programme"]


@pytest.mark.parametrize(("pair", "forms", "seed"), itertools.product(
    range(len(PAIRS)), itertools.combinations([0, 1, 4, 5, 12, 13, 14, 15], 2), range(2)))
def test_each_event_has_its_own_date(pair: int, forms, seed: int) -> None:
    rng = random.Random(f"{pair}{forms}{seed}")
    a = PARTS[forms[0]](rng, rng.randint(2018, 2022))
    b = PARTS[forms[1]](rng, rng.randint(2023, 2027))
    template, first, second = PAIRS[pair]
    names = {"c": rng.choice(COURTS), "p": rng.choice(PLANS)}
    sentence = template.format(a=a, b=b, **names)
    assert best_span(sentence, analyse(first.format(**names)))[0] == a, sentence
    assert best_span(sentence, analyse(second.format(**names)))[0] == b, sentence


@pytest.mark.parametrize("seed", range(20))
def test_the_date_of_the_case_asked_by_number(seed: int) -> None:
    """Two sentences alike but for their case numbers: the one of the case asked gives the
    better date; the other's, with a date of another event beside it, is marked as the
    date of another event."""
    rng = random.Random(seed)
    court = rng.choice(COURTS)
    asked, other = (f"1({rng.randint(90, 120)})-{n}/{rng.randint(2019, 2024)}"
                    for n in rng.sample(range(10, 300), 2))
    first, second = (PARTS[13](rng, rng.randint(2019, 2024)) for _ in range(2))
    episode = PARTS[rng.choice([7, 9, 12])](rng, rng.randint(2010, 2018))
    frame = ("From the judgment of the {court} dated {d} in case No. {n}, by which [AA] was "
             "convicted, it appears that in {e} she recruited the victim.")
    question = analyse(f"When did the {court} deliver its judgment in case No. {asked}?")
    right = choose_span(frame.format(court=court, d=first, n=asked, e=episode), question)
    wrong = choose_span(frame.format(court=court, d=second, n=other, e=episode), question)
    assert right.text == first
    assert right.quality > wrong.quality
    assert wrong.event == -1.0 and right.event == 1.0


@pytest.mark.parametrize(("verb", "asked"), itertools.product(
    ["commissioned", "drafted", "announced", "held"],
    ["published", "adopted", "ratified", "amended"]))
def test_a_date_of_another_event_alone_in_its_sentence(verb: str, asked: str) -> None:
    """A date whose clause names another event ("commissioned in 2023") is worth less for a
    question about publication than one of the event asked, and its answer says so."""
    rng = random.Random(f"{verb}{asked}")
    date = PARTS[rng.choice([4, 12, 13])](rng, rng.randint(2015, 2025))
    question = analyse(f"When was the report {asked}?")
    other = choose_span(f"The Coordinator {verb} in {date} a report on vulnerability.",
                        question)
    own = choose_span(f"The report on vulnerability, {asked} in {date}, found that debt was "
                      "the main factor.", question)
    assert other.event == -1.0 and own.event == 1.0
    assert own.quality > other.quality


@pytest.mark.parametrize("seed", range(12))
def test_a_year_in_a_name_or_a_number_is_no_date(seed: int) -> None:
    """"Regulation 2022/17" dates nothing beyond its year, "Act (2006:441)" nothing at all,
    "the Action Plan 2024–2028" is a name: the date of the event is the answer."""
    rng = random.Random(seed)
    date = PARTS[rng.choice([12, 13, 14])](rng, rng.randint(2019, 2025))
    first = rng.randint(2015, 2023)
    sentence = rng.choice([
        f"Under the Aliens Act ({first}:{rng.randint(100, 999)}) the permit was introduced "
        f"on {date}.",
        f"The National Action Plan {first}–{first + 4} was introduced on {date}.",
    ])
    assert best_span(sentence, analyse("When was the permit introduced?"))[0] == date, sentence
    from greta_search.date_forms import dates_in

    text = f"Regulation {first}/{rng.randint(30, 90)} was adopted in {first}/{first % 100 + 1}."
    assert [text[a:b] for a, b in dates_in(text)] == [str(first), f"{first}/{first % 100 + 1}"]
