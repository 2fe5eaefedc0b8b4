"""Which span of a sentence answers, on generated sentences (several templates x bodies,
laws and dates): a legal reference whole, never a prefix of one; a body by its full name
with its acronym, and never the body the question itself names; the part asked for by "how
many of ..."; and what the confidence model is told of the choice (rivals, margin, the
question's share of the span's clause). (The date of an act against the end of a period is
tested with the real e5 model in test_answer_choice.py.)"""

from __future__ import annotations

import itertools
import random

import pytest

from greta_search.answer_types import analyse
from greta_search.spans import acronyms_defined, best_span, choose_span

# --- legal references, whole -----------------------------------------------------------------

REFERENCES = ["Article 171-2", "Article 171–2", "Article 211a(3)", "Article 42(f)",
              "Article 5(2)", "Articles 143.2.1–143.2.3", "Articles 144-1.2.3 and 144-1.2.4",
              "paragraph 2 of Article 5", "Section 42e", "§ 12", "Article 61.1.7"]
INSTRUMENTS = ["Criminal Code", "Labour Code", "Code of Administrative Offences"]
LAW_TEMPLATES = [
    "Stalking a child for sexual purposes is punishable under {ref} of the {code}.",
    "Under {ref} of the {code}, employers who retain passports face a fine.",
    "The amendments of 2024 added {ref} of the {code}, which makes forced begging an offence.",
]


@pytest.mark.parametrize(("template", "ref"), itertools.product(LAW_TEMPLATES, REFERENCES))
def test_a_legal_reference_is_whole(template: str, ref: str) -> None:
    code = random.Random(ref + template).choice(INSTRUMENTS)
    sentence = template.format(ref=ref, code=code)
    question = analyse(f"Which article of the {code} applies?")
    assert best_span(sentence, question)[0] == f"{ref} of the {code}"


@pytest.mark.parametrize("number", ["45/2019", "244/2006", "1198-VIQD", "12"])
@pytest.mark.parametrize("kind", ["Law", "Act"])
def test_an_act_number_is_whole(number: str, kind: str) -> None:
    sentence = f"Inspections are regulated by {kind} No. {number} on labour inspection."
    assert best_span(sentence, analyse("Which law regulates inspections?"))[0] == \
        f"{kind} No. {number}"


# --- bodies: the full name, with its acronym; not the one the question names ------------------

BODIES = [("State Migration Service", "SMS"), ("State Labour Inspectorate", "SLI"),
          ("National Coordination Centre", "NCC"), ("Border Police Directorate", "BPD"),
          ("Agency for Small and Medium Business Development", "KOBIA")]
ACTS = [("issues residence permits to victims", "Residence permits are issued to victims by"),
        ("inspects workplaces", "Workplaces are inspected by"),
        ("runs the hotline", "The hotline is run by")]


@pytest.mark.parametrize(("body", "act"), itertools.product(BODIES, ACTS))
def test_a_body_is_named_in_full_with_its_acronym(body, act) -> None:
    (name, acronym), (asked, said) = body, act
    sentence = f"{said} the {name} ({acronym}) in all regions."
    assert best_span(sentence, analyse(f"Who {asked}?"))[0] == f"{name} ({acronym})"
    assert acronyms_defined(sentence) == {acronym: name}


@pytest.mark.parametrize("seed", range(10))
def test_the_body_the_question_names_is_not_the_answer(seed: int) -> None:
    rng = random.Random(seed)
    (name, acronym), (other, _) = rng.sample(BODIES, 2)
    template = rng.choice([
        "The {acr} cooperates closely with the {other} on joint inspections.",
        "Since 2022 the {acr} has shared its data with the {other} every month.",
        "Joint visits are made by the {acr} together with the {other}.",
    ])
    sentence = template.format(acr=acronym, other=other)
    question = analyse(f"Which body does the {name} cooperate with?")
    aliases = {acronym: name}  # as the passage defines it ("the {name} ({acronym})")
    assert choose_span(sentence, question, aliases=aliases).text == other, sentence


# --- the part asked for ------------------------------------------------------------------------

WHOLES = [("projects", "were funded", "belonged to women entrepreneurs", "of which",
           "belong to women entrepreneurs"),
          ("persons", "were convicted", "received a prison sentence", "of whom",
           "received a prison sentence"),
          ("complaints", "were examined", "concerned unpaid wages", "of which",
           "concerned unpaid wages")]


@pytest.mark.parametrize("seed", range(12))
def test_how_many_of_the_whole_gives_the_part(seed: int) -> None:
    rng = random.Random(seed)
    noun, verb, asked, of, said = rng.choice(WHOLES)
    whole, part = rng.randrange(40, 400), rng.randrange(2, 39)
    sentence = rng.choice([
        f"In 2024, {whole} {noun} {verb}, {part} {of} {said}.",
        f"Of the {whole} {noun} {verb.split()[-1]} in 2024, {part} {said}.",
    ])
    question = analyse(f"How many of the {noun} {verb.split()[-1]} in 2024 {asked}?")
    span = best_span(sentence, question)[0]
    assert span.split()[0] == str(part), (sentence, span)  # "71" or "71 received"


# --- what the confidence model is told -----------------------------------------------------------

@pytest.mark.parametrize("seed", range(6))
def test_rivals_margin_and_the_share_of_the_clause(seed: int) -> None:
    rng = random.Random(seed)
    amounts = rng.sample(range(11, 99), 3)
    sentence = (f"In 2024, {amounts[0]} victims were identified, {amounts[1]} shelters were "
                f"opened and {amounts[2]} inspectors were hired.")
    lonely = f"In 2024, {amounts[0]} victims were identified by the police."
    question = analyse("How many victims were identified in 2024?")
    several, single = choose_span(sentence, question), choose_span(lonely, question)
    assert several.text == single.text == f"{amounts[0]} victims"
    assert several.rivals == 2 and single.rivals == 0
    assert 0 < several.margin <= single.margin == 1.0
    assert several.local > 0.5  # "victims were identified" is the span's own clause
    assert "shelters" not in several.clause


# --- the instrument asked for; a people's name in a count -----------------------------------------

RULES = ["Rules on the Register of Employment Agencies", "Procedure for Issuing Work Permits",
         "Regulations on State Shelters"]


@pytest.mark.parametrize(("title", "number"), itertools.product(RULES, [349, 17, 1021]))
def test_which_resolution_gives_the_resolution_not_the_rules_it_approved(title, number) -> None:
    sentence = (f"The register is kept under the “{title}”, approved by Resolution No. {number} "
                f"of the Cabinet of Ministers dated 8 August 2019.")
    question = analyse(f"Which resolution approved the {title.split(' on ')[0].split(' for ')[0]}?")
    assert best_span(sentence, question)[0].startswith(f"Resolution No. {number}")


@pytest.mark.parametrize("people", ["Ruritanian", "Ukrainian", "Vietnamese", "Moldovan"])
@pytest.mark.parametrize("noun", ["nationals", "citizens", "workers"])
def test_a_count_keeps_the_people_it_counts(people: str, noun: str) -> None:
    sentence = f"In 2019–2025, 27 {people} {noun} were returned home with the assistance of IOM."
    question = analyse(f"How many {noun} were returned home with the help of IOM?")
    assert best_span(sentence, question)[0] == f"27 {people} {noun}"


# --- an acronym answers with the full name the passage gave it ------------------------------------

@pytest.mark.parametrize(("body", "act"), itertools.product(BODIES, ACTS))
def test_an_acronym_answers_with_its_full_name(tmp_path, body, act) -> None:
    from greta_search.answer import ask
    from greta_search.embed import HashEmbedder
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    (name, acronym), (asked, said) = body, act
    text = f"""GRETA(2030)01_ABC_rep

Reply by Ruritania
to the Questionnaire

PART I: PREVENTION

1. Which bodies are involved in the fight against trafficking?

Answer – The {name} ({acronym}) was set up in 2019 under the Ministry of the Interior. \
{said} the {acronym} in every region of the country.
"""
    path = tmp_path / "reply.txt"
    path.write_text(text, encoding="utf-8")
    IndexStore(tmp_path / "index").build([path], HashEmbedder())
    answer = ask(Searcher(IndexStore(tmp_path / "index")), f"Who {asked}?", threshold=0.0)
    assert answer.answer == f"{name} ({acronym})", answer.evidence
