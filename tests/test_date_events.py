"""The date of the event asked, on generated sentences that date two events (issue 10): event
verbs and nouns x date forms (day month year, numeric with dots, slashes or dashes, month and
year, a year alone) x the order of the events x an act's own date in its title x distractor
dates; a start and an end ("from 2019 to 2022"); a date of another event, alone in its
sentence, is worth less than a date of the event asked."""

from __future__ import annotations

import itertools
import random

import pytest

from greta_search.answer_types import analyse
from greta_search.spans import best_span

THINGS = ["Law on Social Services", "National Action Plan", "Convention", "Agreement on Labour",
          "Law on Free Legal Aid", "Protocol"]
# (the event's verb phrase after "was"/"has been", its noun, the question)
EVENTS = {
    "adopt": ("adopted", "adoption", "When was the {d} adopted?"),
    "amend": ("amended", "amendment", "When was the {d} amended?"),
    "ratify": ("ratified", "ratification", "When did the State ratify the {d}?"),
    "sign": ("signed", "signature", "When was the {d} signed?"),
    "force": ("brought into force", "entry into force", "When did the {d} enter into force?"),
    "repeal": ("repealed", "repeal", "When was the {d} repealed?"),
    "publish": ("published", "publication", "When was the {d} published?"),
}
# Date forms: (day, month, year) -> the text.
FORMS = [
    lambda d, m, y: f"{d} {MONTHS[m - 1]} {y}",
    lambda d, m, y: f"{d:02d}.{m:02d}.{y}",
    lambda d, m, y: f"{d}/{m}/{y}",
    lambda d, m, y: f"{y}-{m:02d}-{d:02d}",
    lambda d, m, y: f"{MONTHS[m - 1]} {d}, {y}",
    lambda d, m, y: f"{MONTHS[m - 1]} {y}",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TEMPLATES = [
    "The {d} was {v1} on {t1} and {v2} on {t2}.",
    "The {d} was {v1} on {t1}, while it was {v2} on {t2}.",
    "The {d} was {v2} on {t2}, following its {n1} of {t1}.",
    "Following the {n1} of {t1}, the {d} was {v2} on {t2}.",
    "The {d} has been {v2} since {t2}, after its {n1} on {t1}.",
]


def _dates(rng: random.Random, form) -> tuple[str, str]:
    first, second = rng.sample(range(2001, 2025), 2)
    return (form(rng.randint(1, 28), rng.randint(1, 12), first),
            form(rng.randint(1, 28), rng.randint(1, 12), second))


@pytest.mark.parametrize(("template", "pair", "form"), itertools.product(
    TEMPLATES, itertools.permutations(sorted(EVENTS), 2), range(len(FORMS))))
def test_each_date_goes_with_its_own_event(template: str, pair, form: int) -> None:
    rng = random.Random(f"{template}{pair}{form}")
    (v1, n1, q1), (v2, _, q2) = EVENTS[pair[0]], EVENTS[pair[1]]
    t1, t2 = _dates(rng, FORMS[form])
    d = rng.choice(THINGS)
    sentence = template.format(d=d, v1=v1, v2=v2, n1=n1, t1=t1, t2=t2)
    assert best_span(sentence, analyse(q1.format(d=d)))[0] == t1, sentence
    assert best_span(sentence, analyse(q2.format(d=d)))[0] == t2, sentence


ACTS = ["Law No. {n}", "Decree No. {n}", "Law No. {n} on Civil Status Acts", "Resolution No. {n}"]
TITLE_TEMPLATES = [
    "{a} of {t1} was {v} on {t2}.",
    "{a} dated {t1} was {v} on {t2} by the Parliament.",
    "On {t2}, {a} of {t1} was {v}.",
]


@pytest.mark.parametrize(("template", "event", "form", "act"), itertools.product(
    TITLE_TEMPLATES, ["amend", "repeal", "force", "publish"], range(len(FORMS)), ACTS))
def test_an_acts_own_date_is_not_the_date_of_what_befell_it(template, event, form, act) -> None:
    rng = random.Random(f"{template}{event}{form}{act}")
    verb, _, question = EVENTS[event]
    t1, t2 = _dates(rng, FORMS[form])
    name = act.format(n=f"{rng.randint(2, 300)}-{rng.choice(['VIQD', 'IV', 'R'])}")
    sentence = template.format(a=name, t1=t1, t2=t2, v=verb)
    asked = question.format(d="Law").replace("the Law", name)
    assert best_span(sentence, analyse(asked))[0] == t2, sentence
    adopted = f"When was {name} adopted?"
    assert best_span(sentence, analyse(adopted))[0] == t1, sentence


@pytest.mark.parametrize(("event", "form", "seed"), itertools.product(
    ["force", "amend", "ratify", "publish"], range(len(FORMS)), range(2)))
def test_a_date_of_another_event_alone_in_its_sentence_is_worth_less(event, form, seed) -> None:
    rng = random.Random(f"{event}{form}{seed}")
    verb, _, question = EVENTS[event]
    t1, t2 = _dates(rng, FORMS[form])
    name = f"Law No. {rng.randint(2, 300)}"
    asked = analyse(question.format(d="Law").replace("the Law", name))
    title = f"By {name} dated {t1}, changes were made to the Family Code."
    own = f"At the same time, {name} was {verb} on {t2}."
    assert best_span(own, asked)[1] > best_span(title, asked)[1], (own, title)


PERIODS = ["The programme ran from {y1} to {y2}.", "The project was carried out from {y1} until "
           "{y2}.", "From {y1} to {y2}, the pilot scheme operated in three regions."]


@pytest.mark.parametrize(("template", "seed"), itertools.product(PERIODS, range(4)))
def test_a_period_has_a_start_and_an_end(template: str, seed: int) -> None:
    rng = random.Random(f"{template}{seed}")
    y1 = rng.randint(2005, 2018)
    y2 = y1 + rng.randint(1, 6)
    sentence = template.format(y1=y1, y2=y2)
    thing = sentence.split(",")[-1] if sentence.startswith("From") else sentence
    noun = next(w for w in ("programme", "project", "scheme") if w in thing)
    for verb in ("start", "begin"):
        assert best_span(sentence, analyse(f"When did the {noun} {verb}?"))[0] == str(y1)
    for verb in ("end", "finish"):
        assert best_span(sentence, analyse(f"When did the {noun} {verb}?"))[0] == str(y2)


@pytest.mark.parametrize(("pair", "form"), itertools.product(
    itertools.permutations(sorted(EVENTS), 2), range(len(FORMS))))
def test_the_date_of_a_noun_asked(pair, form: int) -> None:
    """"What is the date of the amendment ...?" asks a date, that of the event its noun
    names."""
    rng = random.Random(f"{pair}{form}")
    (v1, _, _), (v2, n2, _) = EVENTS[pair[0]], EVENTS[pair[1]]
    t1, t2 = _dates(rng, FORMS[form])
    d = rng.choice(THINGS)
    sentence = f"The {d} was {v1} on {t1} and {v2} on {t2}."
    question = analyse(f"{rng.choice(['What is', 'What was'])} the date of the {n2} of the {d}?")
    assert question.kind == "date"
    assert best_span(sentence, question)[0] == t2, sentence
