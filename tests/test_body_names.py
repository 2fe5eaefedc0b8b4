"""Bodies named one after another ("the National Coordinator and the NGO Clean World", "the
Ministry of Justice, the Ministry of Interior or IOM") are as many body spans, while a name
that holds "and" or a comma of its own ("Ministry of Labour and Social Protection", "Council
for Justice and Home Affairs", "Department of Justice and Police") stays one
(`body_spans.body_names`). Generated: many bodies, joiners and sentence frames."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse
from greta_search.body_spans import acronyms_defined, body_names, body_spans
from greta_search.spans import choose_span

ADJECTIVES = ["State", "National", "Regional", "Central", "Municipal", "Federal"]
TOPICS = ["Migration", "Labour", "Border", "Employment", "Probation", "Social Welfare"]
HEADS = ["Service", "Agency", "Inspectorate", "Office", "Commission", "Unit", "Court",
         "Coordinator", "Council", "Board", "Directorate", "Centre"]
MINISTRY_HEADS = ["Ministry", "Department", "Council", "Office", "Agency", "Commission"]
# Fields of one body's remit: joined by "and" or a comma inside its name.
FIELDS = ["Labour", "Social Protection", "Justice", "Home Affairs", "Health", "Social Services",
          "Youth", "Sport", "Human Rights", "Education", "Science", "Family", "Police",
          "Equal Opportunities", "Public Administration", "Internal Affairs", "Culture"]
ACRONYMS = ["IOM", "UNICEF", "OSCE", "UNHCR", "ICMPD", "UNODC"]
COUNTRIES = ["Borduria", "Ruritania", "Freedonia", "Molvania"]
NGO_WORDS = ["Clean", "World", "Hope", "Tamkin", "Open", "Door", "Safe", "Home", "Light"]
FRAMES = [
    "{} signed the cooperation agreement.",
    "The cooperation agreement was signed by the {} in 2024.",
    "In 2024, the {} held joint training sessions.",
    "Victims were referred to the {} for assistance.",
    "The {} adopted the new referral procedure.",
]


def _plain(rng: random.Random) -> str:
    """A body with no joiner in its name: "State Migration Service", "Ministry of Health"."""
    if rng.random() < 0.5:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(TOPICS)} {rng.choice(HEADS)}"
    return f"{rng.choice(MINISTRY_HEADS)} of {rng.choice(FIELDS)}"


def _with_and(rng: random.Random) -> str:
    """A body whose own name joins fields: "Ministry of Labour and Social Protection",
    "Ministry of Youth, Sport and Culture"."""
    fields = rng.sample(FIELDS, rng.choice([2, 2, 3]))
    remit = " and ".join(fields) if len(fields) == 2 else (
        f"{fields[0]}, {fields[1]} and {fields[2]}")
    of_state = f" of the Republic of {rng.choice(COUNTRIES)}" if rng.random() < 0.3 else ""
    return f"{rng.choice(MINISTRY_HEADS)} {rng.choice(['of', 'for'])} {remit}{of_state}"


def _and_head(rng: random.Random) -> str:
    """A body whose fields come before its head noun: "Probation and Mediation Service"."""
    first, second = rng.sample(TOPICS, 2)
    return f"{first} and {second} {rng.choice(HEADS)}"


def _ngo(rng: random.Random) -> str:
    return "NGO " + " ".join(rng.sample(NGO_WORDS, 2))


def _bodies(rng: random.Random) -> list[tuple[str, str]]:
    """Two to four bodies, each with its kind: plain, with "and" after or before its head,
    acronym or NGO."""
    out: list[tuple[str, str]] = []
    while len(out) < rng.randint(2, 4):
        kind = rng.choice(["plain", "plain", "and", "and", "and_head", "acronym", "ngo"])
        name = {"plain": _plain, "and": _with_and, "ngo": _ngo, "and_head": _and_head,
                "acronym": lambda r: r.choice(ACRONYMS)}[kind](rng)
        if not any(name in other or other in name for other, _ in out):
            out.append((name, kind))
    return out


def _joined(rng: random.Random, bodies: list[tuple[str, str]]) -> str:
    """The bodies written one after another: "A, B and the C", "A or B", "A and to the B";
    a name led by an acronym or with "and" before its head ("the NGO Clean World", "the
    Probation and Mediation Service") after "the" (bare, it could go on the name before)."""
    last = rng.choice(["and", "or"])
    text = bodies[0][0]
    for i, (name, kind) in enumerate(bodies[1:], start=1):
        joiner = f" {last} " if i == len(bodies) - 1 else rng.choice([", ", f" {last} "])
        if kind in ("ngo", "and_head") or (joiner != ", " and rng.random() < 0.5):
            article = rng.choice([" the ", " the ", " to the "])
            joiner = joiner.rstrip() + article if joiner != ", " else f" {last}{article}"
        text += joiner + name
    return text


@pytest.mark.parametrize("seed", range(60))
def test_bodies_joined_are_as_many_spans(seed: int) -> None:
    rng = random.Random(seed)
    bodies = _bodies(rng)
    sentence = rng.choice(FRAMES).format(_joined(rng, bodies))
    spans = [s.text for s in body_spans(sentence, analyse("Which bodies are partners?"))]
    for name, _ in bodies:
        assert name in spans, (sentence, spans)
    for span in spans:
        assert sum(name in span for name, _ in bodies) <= 1, (sentence, span)
    found = [sentence[a:b] for a, b in body_names(sentence)]
    assert all(any(name in f for f in found) for name, _ in bodies), found


@pytest.mark.parametrize("seed", range(30))
def test_a_name_with_and_of_its_own_stays_whole(seed: int) -> None:
    rng = random.Random(1000 + seed)
    name = _with_and(rng)
    sentence = rng.choice(FRAMES).format(name)
    spans = [s.text for s in body_spans(sentence, analyse("Which body is in charge?"))]
    assert name in spans, (sentence, spans)
    assert not [s for s in spans if s != name and s in name and " " in s], spans


@pytest.mark.parametrize(("written", "names"), [
    ("Police and Border Guard Board", ["Police and Border Guard Board"]),
    ("Supreme Court and Police", ["Supreme Court", "Police"]),
    ("Department of Justice and Police and Supreme Court",
     ["Department of Justice and Police", "Supreme Court"]),
    ("Council for Justice and Home Affairs", ["Council for Justice and Home Affairs"]),
    ("Ministry of Health and Social Services", ["Ministry of Health and Social Services"]),
    ("Prosecutor General's Office and Ministry of Interior",
     ["Prosecutor General's Office", "Ministry of Interior"]),
    ("Prison Service and the Probation and Mediation Service",
     ["Prison Service", "Probation and Mediation Service"]),
    ("Ministry of Science and Education of the Republic of Borduria to the Child Protection "
     "Department", ["Ministry of Science and Education of the Republic of Borduria to the Child "
                    "Protection Department"]),
    ("National Observatory on Labour Market and Social Protection Issues under the Ministry",
     ["National Observatory on Labour Market and Social Protection Issues under the Ministry"]),
])
def test_a_field_or_a_body_after_and(written: str, names: list[str]) -> None:
    """After a body's own head noun ("Supreme Court") whatever names an institution is a body
    of its own; after its remit ("Department of Justice") only a body with a head noun of its
    own, not a field ("Police"); a field alone ("Police") opens no body before "and"."""
    sentence = f"The agreement was signed by the {written} last year."
    found = [sentence[a:b] for a, b in body_names(sentence)]
    assert [f for f in found if f not in ("The",)] == names


@pytest.mark.parametrize("seed", range(20))
def test_the_acronym_defined_is_of_the_last_body(seed: int) -> None:
    """"the A and the B (XYZ)": the acronym stands for B alone."""
    rng = random.Random(2000 + seed)
    first, second = _with_and(rng), f"{rng.choice(ADJECTIVES)} {rng.choice(TOPICS)} Service"
    acronym = "".join(w[0] for w in second.split())
    text = f"Cases are handled by the {first} and the {second} ({acronym})."
    assert acronyms_defined(text) == {acronym: second}


@pytest.mark.parametrize("seed", range(20))
def test_the_chosen_body_is_one_body(seed: int) -> None:
    rng = random.Random(3000 + seed)
    bodies = _bodies(rng)
    sentence = f"The agreement was signed by the {_joined(rng, bodies)}."
    choice = choose_span(sentence, analyse("Which body signed the agreement?"))
    assert choice.text is not None
    assert sum(name in choice.text for name, _ in bodies) == 1, (sentence, choice.text)


@pytest.mark.parametrize("seed", range(20))
def test_a_body_named_by_its_head_takes_its_own_full_name(seed: int) -> None:
    """"the Service" takes the name of the service the passage named, not of the bodies it
    was named with ("the Ministry of X and Y and the State Labour Service")."""
    from greta_search.answer import _full_name

    rng = random.Random(4000 + seed)
    head = rng.choice(["Service", "Agency", "Inspectorate", "Commission"])
    body = f"{rng.choice(ADJECTIVES)} {rng.choice(TOPICS)} {head}"
    other = _with_and(rng)
    while head in other:  # "the Commission" would be either
        other = _with_and(rng)
    text = (f"The {other} and the {body} signed a protocol. "
            f"The {head} inspected 40 sites.")
    assert _full_name(head, text) == body
