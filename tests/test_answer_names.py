"""A body the question names must be named by the passage that answers, on generated
questions and passages: written whole, by its acronym (its initials, or one the document
defines), by "the" and its head noun ("the Service"), without the State's adjective, or with
its words close together ("Foreign Ministry": "Ministry of Foreign Affairs"); another body
of the same kind ("the State Migration Service" for "the State Labour Inspection Service"),
or the same kind of centre in another town, is no mention of it. End to end, `ask` gives no
answer from a passage that never names the body asked about."""

from __future__ import annotations

import itertools
import random

import pytest

from greta_search.answer_names import missing_names, question_names

# (name asked, other names of the same kind the passage may hold instead)
BODIES = [
    ("State Labour Inspection Service", ["State Migration Service", "State Border Service"]),
    ("Crime Victims Compensation Board", ["Parole Board", "Legal Aid Board"]),
    ("Media Development Agency", ["State Advertising Agency", "State Tourism Agency"]),
    ("Ministry of Tourism", ["Ministry of Culture", "Ministry of Health"]),
    ("National Office for Combating Trafficking", ["National Office for Migration",
                                                  "National Office for Statistics"]),
    ("Crisis Centre for Children in Istow", ["Crisis Centre for Children in Klow",
                                             "Crisis Centre for Women in Istow"]),
]
QUESTIONS = ["How many inspections did the {b} carry out in 2024?",
             "What was the budget of the {b} in 2025?",
             "How many staff does the {b} have?",
             "When was the {b} set up?"]
FILLER = "Victims of trafficking are assisted by NGOs and by the social services."


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def mentions(rng: random.Random, name: str) -> str:
    """A passage naming the body in one of the ways a reply does."""
    way = rng.choice(["whole", "acronym", "defined", "head"])
    if way == "whole":
        return f"In 2024 the {name} carried out 120 inspections. {FILLER}"
    if way == "acronym":
        return f"In 2024 the {initials(name)} carried out 120 inspections. {FILLER}"
    if way == "defined":
        return (f"The {name} ({initials(name)}) was set up in 2019. {FILLER} In 2024 the "
                f"{initials(name)} had 40 staff.")
    head = name.split(" of ")[0].split(" for ")[0].split()[-1]
    return f"{FILLER} The {name} was set up in 2019. In 2024 the {head} had 40 staff."


@pytest.mark.parametrize(("body", "question"), itertools.product(BODIES, QUESTIONS))
def test_a_body_named_in_any_of_its_forms_is_named(body, question) -> None:
    name, _ = body
    rng = random.Random(name + question)
    asked = question.format(b=name)
    assert name in question_names(asked)
    passage = mentions(rng, name)
    aliases = {initials(name): name} if "(" in passage else {}
    assert missing_names(asked, [passage], aliases) == [], passage


@pytest.mark.parametrize(("body", "question"), itertools.product(BODIES, QUESTIONS))
def test_another_body_of_the_same_kind_is_no_mention(body, question) -> None:
    name, others = body
    rng = random.Random(question + name)
    other = rng.choice(others)
    asked = question.format(b=name)
    passage = rng.choice([
        f"In 2024 the {other} carried out 120 inspections. {FILLER}",
        f"{FILLER} The {other} ({initials(other)}) had 40 staff in 2024.",
    ])
    if initials(other) == initials(name):
        passage = passage.replace(f" ({initials(other)})", "")
    assert missing_names(asked, [passage], {}) == [name], passage


@pytest.mark.parametrize(("adjective", "body"), itertools.product(
    ["Bordurian", "Molvanian", "Syldavian"], [b for b, _ in BODIES[:3]]))
def test_the_states_adjective_need_not_be_written(adjective: str, body: str) -> None:
    asked = f"Who chairs the {adjective} {body}?"
    assert missing_names(asked, [f"The {body} is chaired by a judge."], {}) == []


@pytest.mark.parametrize(("asked", "written"), [
    ("Foreign Ministry", "the Consular Department of the Ministry of Foreign Affairs"),
    ("Danube Route JIT", 'the JIT "Danube Route", set up in 2022'),
    ("Lighthouse and ATCU", "Lighthouse and the ATCU carried out a survey"),
    ("Director of the NOCTP", "The NOCTP has 19 staff. Its Director is appointed"),
])
def test_words_close_together_or_the_body_a_post_belongs_to_name_it(asked, written) -> None:
    question = f"What did the {asked} report in 2024?"
    assert missing_names(question, [written], {}) == []


def test_ask_gives_no_answer_from_a_passage_that_never_names_the_body(tmp_path) -> None:
    """End to end on a small index: the Service asked about has no passage; the other
    Service's figure is no answer."""
    from greta_search.answer import ask
    from greta_search.embed import HashEmbedder
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    reply = tmp_path / "GRETA(2030)01_ABC_rep.txt"
    reply.write_text(
        "Reply from Freedonia to the Questionnaire\n\nPart I\n\nQuestion 1\n\n"
        "1. Describe the work of the labour inspectorate.\n\n"
        "In 2024 the State Migration Service adopted 1,595 administrative decisions "
        "against employers who engaged foreigners illegally.\n", encoding="utf-8")
    index = tmp_path / "index"
    IndexStore(index).build([reply], HashEmbedder())
    searcher = Searcher(IndexStore(index))
    other = ask(searcher, "How many administrative decisions did the State Migration Service "
                          "adopt in 2024?", threshold=0.0)
    asked = ask(searcher, "How many administrative decisions did the State Labour Inspection "
                          "Service adopt in 2024?", threshold=0.0)
    assert other.span == asked.span == "1,595 administrative decisions"
    assert asked.confidence <= 0.1 < other.confidence
