"""The item of the kind asked that plays the part the question asks about, on generated
sentences (issue 10's confident mistakes: the right sentence, the wrong item of the kind):
the body that does what the question asks (active, passive, relative clauses, a partner
or a post holder named beside it); the date of the event asked among the dates of other
events; an amount of money with its currency, never a count; a duration with its unit,
never a count; a number with its qualifier."""

from __future__ import annotations

import itertools
import random

import pytest

from greta_search.answer_types import analyse
from greta_search.span_roles import question_verb
from greta_search.spans import best_span

# --- the body that does what is asked ------------------------------------------------------------

BODIES = ["State Migration Service", "Office of the National Coordinator",
          "State Labour Inspectorate", "Ministry of Internal Affairs",
          "Victim Support Centre", "Agency for Social Protection"]
PARTNERS = ["International Organization for Migration", "NGO Clean World",
            "Council of Europe Office", "Red Cross Society", "Prosecutor General's Office"]
# (base form, third person, participle)
VERBS = [("coordinate", "coordinates", "coordinated"), ("fund", "funds", "funded"),
         ("run", "runs", "run"), ("supervise", "supervises", "supervised"),
         ("manage", "manages", "managed"), ("monitor", "monitors", "monitored")]
OBJECTS = ["national referral mechanism", "hotline for victims", "shelter for women",
           "annual training programme"]
ACTIVE = [
    "The {a}, in partnership with the {b}, {s} the {o}.",
    "The {a}, where the {b} has a liaison desk, {s} the {o}.",
    "Together with the {b}, the {a} {s} the {o}.",
    "With support from the {b}, the {a} {s} the {o} in all regions.",
    "The {a}, which {s} the {o}, reports every year to the {b}.",
    "The {o}, which the {b} evaluates, is {p} by the {a}.",
    "The {o} is evaluated by the {b} and {p} by the {a}.",
    "Experts of the {b} train the staff, while the {a} {s} the {o}.",
    "The {a}, whose deputy head chairs the {b}, {s} the {o}.",
]
QUESTIONS = ["Which body {s} the {o}?", "Who {s} the {o}?", "By whom is the {o} {p}?",
             "Which institution currently {s} the {o}?", "Who is the {o} {p} by?"]


def test_the_verb_asked_about() -> None:
    assert question_verb("Which body coordinates the hotline?")[1] == "coordinates"
    assert question_verb("Who may request a reflection period?")[1] == "request"
    assert question_verb("By whom is the shelter run?")[1] == "run"
    assert question_verb("Who is the shelter funded by?")[1] == "funded"
    assert question_verb("Who is the National Coordinator?") is None
    assert question_verb("Who may be granted a residence permit?") is None


@pytest.mark.parametrize(("template", "verb"), itertools.product(ACTIVE, VERBS))
def test_the_body_that_does_what_is_asked(template: str, verb: tuple[str, str, str]) -> None:
    rng = random.Random(template + verb[0])
    a, b = rng.choice(BODIES), rng.choice(PARTNERS)
    o = rng.choice(OBJECTS)
    base, s, p = verb
    sentence = template.format(a=a, b=b, s=s, p=p, o=o)
    for asked in QUESTIONS:
        question = analyse(asked.format(s=s, p=p, o=o))
        assert best_span(sentence, question)[0] == a, (sentence, question.text)


@pytest.mark.parametrize(("body", "partner"), itertools.product(BODIES[:4], PARTNERS))
def test_who_may_request_is_the_one_that_requests(body: str, partner: str) -> None:
    rng = random.Random(body + partner)
    thing = rng.choice(["a reflection period", "a residence permit for the victim",
                        "the closure of the hearing", "special protection measures"])
    sentence = rng.choice([
        "The {a} may request {t} from the {b}.",
        "Under the Law, the {a} may also request {t}, which the {b} then grants.",
        "The {b} decides on {t}, which may be requested by the {a}.",
        "Where the {b} agrees, the {a} may request {t}.",
    ]).format(a=body, b=partner, t=thing)
    question = analyse(f"Who may request {thing}?")
    assert best_span(sentence, question)[0] == body, sentence


NOUNS = [("coordinate", "Coordination", "National Coordinator"),
         ("supervise", "Supervision", "Supervisory Board"),
         ("monitor", "Monitoring", "Monitoring Group"),
         ("manage", "Management", "Management Board")]


@pytest.mark.parametrize(("noun", "partner"), itertools.product(NOUNS, PARTNERS))
def test_the_doer_of_a_noun_of_the_verb_even_when_it_shares_the_verb(noun, partner) -> None:
    verb, said, body = noun
    rng = random.Random(said + partner)
    o = rng.choice(OBJECTS)
    sentence = rng.choice([
        "{n} of the {o} is carried out by the {b}, with the help of the {p}.",
        "In practice, {n} of the {o} was entrusted by law to the {p} but is exercised by the {b}.",
        "{n} of the {o} is ensured by the {b}, while the {p} reports on it.",
    ]).format(n=said, o=o, b=body, p=partner)
    question = analyse(f"Who {verb}s the {o}?")
    assert best_span(sentence, question)[0] == body, sentence
    # A body the question names by its head noun is still not the answer.
    named = analyse(f"Who chairs the {body}?")
    assert best_span(f"The {body} meets twice a year.", named)[0] is None


PERSONS = ["the victim", "a foreign national", "the injured party or his or her lawyer",
           "any victim of trafficking", "the child's legal representative", "every employee"]


@pytest.mark.parametrize(("person", "body"), itertools.product(PERSONS, BODIES[:4]))
def test_who_may_request_when_no_body_requests(person: str, body: str) -> None:
    rng = random.Random(person + body)
    thing = rng.choice(["a reflection period", "compensation", "a closed hearing"])
    sentence = rng.choice([
        "{P} may request {t} from the {b}.",
        "Under the Law, {p} may also request {t}, which the {b} then grants.",
        "{T} may be requested by {p} from the {b}.",
        "The {b} decides within 10 days on {t}, which {p} may request at any time.",
    ]).format(p=person, P=person[0].upper() + person[1:], t=thing, T=thing.capitalize(), b=body)
    said = person if person in sentence else person[0].upper() + person[1:]
    assert best_span(sentence, analyse(f"Who may request {thing}?"))[0] == said, sentence


# --- the date of the event asked -----------------------------------------------------------------

DOCUMENTS = ["Convention", "National Action Plan", "Law on Social Services", "Protocol"]
# (participle in the sentence, how the question asks for it)
EVENTS = [("signed", "When was the {d} signed?"),
          ("ratified", "When did the State ratify the {d}?"),
          ("adopted", "When was the {d} adopted?"), ("approved", "When was the {d} approved?"),
          ("amended", "When was the {d} amended?"), ("published", "When was the {d} published?")]
DATES = ["12 May 2005", "3 March 2008", "01.07.2019", "29 November 2016", "5 June 2021"]
DATE_TEMPLATES = [
    "The {d} was {e1} on {t1} and {e2} on {t2}.",
    "The {d}, {e1} on {t1}, was {e2} on {t2}.",
    "On {t1}, the Government {e1} the {d}, which was {e2} on {t2}.",
    "The {d} was {e1} on {t1}; it was {e2} on {t2}.",
]


@pytest.mark.parametrize(("template", "pair"),
                         itertools.product(DATE_TEMPLATES, itertools.permutations(EVENTS, 2)))
def test_the_date_of_the_event_asked(template: str, pair) -> None:
    (e1, q1), (e2, q2) = pair
    rng = random.Random(template + e1 + e2)
    t1, t2 = rng.sample(DATES, 2)
    d = rng.choice(DOCUMENTS)
    sentence = template.format(d=d, e1=e1, e2=e2, t1=t1, t2=t2)
    assert best_span(sentence, analyse(q1.format(d=d)))[0] == t1, sentence
    assert best_span(sentence, analyse(q2.format(d=d)))[0] == t2, sentence


# --- an amount of money, a duration: a span of that shape, or none -------------------------------

CURRENCIES = [("{n} RUC", "RUC"), ("{n} MVF", "MVF"), ("EUR {n}", "EUR"), ("{n} euros", "euros"),
              ("{n} lei", "lei"), ("{n} florins", "florins"), ("€{n}", "€")]
MONEY_QUESTIONS = ["How much compensation was awarded to victims in {y}?",
                   "What amount of compensation did the courts award in {y}?",
                   "How much did the courts award in damages in {y}?"]


@pytest.mark.parametrize(("shape", "seed"), itertools.product(CURRENCIES, range(3)))
def test_an_amount_of_money_has_a_currency_or_there_is_none(shape, seed: int) -> None:
    rng = random.Random(shape[0] + str(seed))
    year, count = rng.choice([2021, 2022, 2023]), rng.randint(3, 90)
    amount = shape[0].format(n=f"{rng.randint(2, 99)},{rng.randint(100, 999)}")
    question = analyse(rng.choice(MONEY_QUESTIONS).format(y=year))
    with_amount = rng.choice([
        f"In {year}, the courts delivered {count} judgments awarding {amount} to victims.",
        f"In {year}, {count} judgments awarded victims compensation totalling {amount}.",
        f"Compensation of {amount} was awarded in {year} in {count} judgments.",
    ])
    assert best_span(with_amount, question)[0] == amount, with_amount
    without = f"In {year}, the courts delivered {count} judgments awarding compensation to victims."
    assert best_span(without, question)[0] is None, without


@pytest.mark.parametrize(("shape", "seed"), itertools.product(CURRENCIES, range(2)))
def test_a_count_is_never_an_amount_of_money_or_a_duration(shape, seed: int) -> None:
    rng = random.Random(shape[0] + str(seed) + "count")
    year, count = rng.choice([2021, 2022, 2023]), rng.randint(3, 90)
    amount = shape[0].format(n=f"{rng.randint(2, 99)},{rng.randint(100, 999)}")
    noun = rng.choice(["seasonal work permits", "grants", "NGO shelters", "IOM projects"])
    question = analyse(f"How many {noun} were funded in {year}?")
    only_money = f"In {year}, the Safe House received {amount} from the State budget."
    assert best_span(only_money, question)[0] is None, only_money
    only_time = f"In {year}, the permits were valid for {rng.randint(2, 11)} months."
    assert best_span(only_time, question)[0] is None, only_time
    months = analyse(f"How many months were the permits valid for in {year}?")
    assert best_span(only_time, months)[0] is not None, only_time
    both = rng.choice([f"In {year}, {count} {noun} were funded with {amount} in total.",
                       f"In {year}, {amount} was spent on {count} {noun}."])
    assert best_span(both, question)[0] == f"{count} {noun}", both


@pytest.mark.parametrize("currency", ["RUC", "MVF", "EUR", "USD", "euros", "manats"])
@pytest.mark.parametrize("qualifier", ["approximately", "about", "more than", "nearly", "up to"])
def test_a_currency_after_million_and_the_qualifier_are_kept(currency, qualifier) -> None:
    amount = f"{qualifier} 13.7 million {currency}"
    sentence = f"The budget of the National Action Plan is {amount} for the whole period."
    question = analyse("How much is the budget of the National Action Plan?")
    assert best_span(sentence, question)[0] == amount


UNITS = ["days", "months", "working days", "years", "weeks", "hours"]


@pytest.mark.parametrize(("unit", "seed"), itertools.product(UNITS, range(3)))
def test_a_duration_has_a_unit_of_time_or_there_is_none(unit: str, seed: int) -> None:
    rng = random.Random(unit + str(seed))
    count, length = f"{rng.randint(1, 9)},{rng.randint(100, 999)}", rng.randint(2, 60)
    noun = rng.choice(["seasonal work permits", "temporary residence permits",
                       "recovery periods"])
    qualifier = rng.choice(["", "up to ", "at least "])
    with_length = rng.choice([
        f"In 2024, {count} {noun} were issued, each valid for {qualifier}{length} {unit}.",
        f"{count} {noun} were granted in 2024 for {qualifier}{length} {unit}.",
        f"Valid for {qualifier}{length} {unit}, {count} {noun} were issued in 2024.",
    ])
    question = analyse(f"How long are {noun} valid?")
    assert best_span(with_length, question)[0] == f"{qualifier}{length} {unit}", with_length
    without = f"In 2024, {count} {noun} were issued to victims of trafficking."
    assert best_span(without, question)[0] is None, without


# --- a number keeps its qualifier ----------------------------------------------------------------

QUALIFIERS = ["more than", "over", "at least", "up to", "approximately", "about", "nearly",
              "fewer than", "almost", "less than"]


@pytest.mark.parametrize(("qualifier", "noun"),
                         itertools.product(QUALIFIERS, ["victims", "labour inspectors",
                                                        "shelter places", "children"]))
def test_a_count_keeps_its_qualifier(qualifier: str, noun: str) -> None:
    number = random.Random(qualifier + noun).choice(["8", "46", "1,250"])
    sentence = f"By the end of 2024, {qualifier} {number} {noun} had been registered."
    question = analyse(f"How many {noun} had been registered by the end of 2024?")
    assert best_span(sentence, question)[0] == f"{qualifier} {number} {noun}", sentence
