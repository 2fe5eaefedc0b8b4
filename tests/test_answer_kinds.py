"""An answer of the kind asked, or none, on generated sentences and tables (issue 10's
confident mistakes): an act with its title; the office that chairs a body, never the body
the question names; a count, not a share, for "how many"; a share asked is not answered
from a table of counts; a list asked, from a sentence that lists nothing, has little
confidence."""

from __future__ import annotations

import itertools
import random

import pytest

from greta_search.answer import lists_nothing, text_confidence
from greta_search.answer_tables import table_answer
from greta_search.answer_types import analyse
from greta_search.chunk import Chunk
from greta_search.search import Hit
from greta_search.sentences import Passage, Sentence
from greta_search.spans import choose_span

from .test_answer_choice import ChunkSearcher, chunk_of

# --- an act with its title ----------------------------------------------------------------------

TITLES = ["the Protection of Witnesses", "Digital Services",
          "Foreigners and International Protection", "the Status of Victims of Crime",
          "Combating Trafficking in Human Beings"]


@pytest.mark.parametrize(("title", "number", "kind"),
                         itertools.product(TITLES, ["105/2008", "45/2019", "1198-VIQD"],
                                           ["Law", "Act"]))
def test_an_act_keeps_its_title(title: str, number: str, kind: str) -> None:
    rng = random.Random(title + number + kind)
    template = rng.choice([
        "The programme under {act} was applied to 5 victims in 2019–2025.",
        "Under {act}, which entered into force in 2024, hosts must remove such content.",
        "Residence permits are granted by virtue of {act} to victims who cooperate.",
    ])
    act = f"{kind} No. {number} on {title}"
    question = analyse("Under which law does the programme operate?")
    assert choose_span(template.format(act=act), question).text == act


# --- the office, not the body the question names ------------------------------------------------

CHAIRED = ["National Anti-Trafficking Commission", "Inter-ministerial Working Group",
           "Council for Migration Policy", "National Referral Board"]
OFFICES = ["Minister of Internal Affairs", "Minister of Justice", "Deputy Prime Minister",
           "Minister of Labour and Social Protection"]


@pytest.mark.parametrize(("body", "office"), itertools.product(CHAIRED, OFFICES))
def test_who_chairs_a_body_is_the_office_not_the_body(body: str, office: str) -> None:
    question = analyse(f"Who chairs the {body}?")
    said = f"The {body}, chaired by the {office}, coordinates the policy and meets twice a year."
    assert choose_span(said, question).text == office
    alone = f"The {body} meets twice a year and reports to the Government."
    assert choose_span(alone, question).text in (None, "Government")
    only = f"The {body} meets twice a year."
    assert choose_span(only, question).text is None  # the body named is no answer


# --- a count, not a share -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_how_many_takes_the_count_not_the_share(seed: int) -> None:
    rng = random.Random(seed)
    count, share = rng.randint(3, 400), f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%"
    noun = rng.choice(["foreign nationals", "children", "men"])
    sentence = rng.choice([
        f"There were {share} {noun} among the identified victims, that is {count} persons.",
        f"Of the identified victims, {share} were {noun} ({count} persons).",
        f"{noun.capitalize()} accounted for {share} of the identified victims ({count}).",
    ])
    asked = analyse(f"How many identified victims were {noun}?")
    assert choose_span(sentence, asked).text.split()[0] == str(count), sentence


# --- a share asked, a table of counts ----------------------------------------------------------

YEARS = [2019, 2020, 2021, 2022]


@pytest.mark.parametrize("seed", range(8))
def test_a_share_is_not_answered_from_a_table_of_counts(seed: int) -> None:
    rng = random.Random(seed)
    men, women = rng.choice([("male", "female"), ("men", "women")])
    rows = [[str(y), str(rng.randint(20, 90)), str(rng.randint(1, 19))] for y in YEARS]
    measure = "victims of human trafficking identified by the police"
    counts = chunk_of(1, [f"Year\t{women}\t{men}"], rows, measure, 0)
    year = rng.choice(YEARS)
    searcher = ChunkSearcher([counts])
    word = rng.choice(["percentage", "share", "proportion"])
    asked = analyse(f"What {word} of the victims identified by the police in {year} were {women}?")
    assert table_answer(asked, searcher, None, {0: 0})[0] is None
    counted = analyse(f"How many victims identified by the police in {year} were {women}?")
    assert table_answer(counted, searcher, None, {0: 0})[0] is not None
    shares = [[y, f"{a}%", f"{b}%"] for y, a, b in rows]
    percent = chunk_of(2, [f"Year\t{women}\t{men}"], shares, measure, 0)
    in_percent = analyse(f"What percentage of the victims identified by the police in {year} "
                         f"were {women}?")
    assert table_answer(in_percent, ChunkSearcher([percent]), None, {0: 0})[0] is not None


# --- a list asked, a sentence that lists nothing ------------------------------------------------


def sentence_of(text: str, list_block: str | None = None) -> Sentence:
    chunk = Chunk(id="c", doc="D", text=text, citation="Q1", question=1, position=0)
    s = Sentence(text, Passage(Hit(chunk, 1.0), prior=1.0, dense=0.9))
    s.list_block = list_block
    s.keyword = s.context = s.mass = s.dense = 1.0
    return s


BODY_LIST = ["the Ministry of the Interior", "the Ministry of Justice", "the Police Presidium",
             "the State Labour Inspectorate", "three NGOs", "the Ombudsman"]


@pytest.mark.parametrize("seed", range(10))
def test_a_list_asked_from_a_sentence_that_lists_nothing(seed: int) -> None:
    rng = random.Random(seed)
    question = analyse("Which bodies sit on the Inter-ministerial Committee?")
    assert question.kind == "list"
    members = rng.sample(BODY_LIST, rng.randint(3, 6))
    listing = sentence_of(f"Its members are {', '.join(members[:-1])} and {members[-1]}.")
    lone = sentence_of(rng.choice([
        "The Inter-ministerial Committee, chaired by the Coordinator, meets four times a year.",
        "The Inter-ministerial Committee meets at least four times a year.",
        "The Committee was set up in 2019 by a government decision.",
    ]))
    bullets = sentence_of("The members are the following:", "- a\n- b")
    assert not lists_nothing(question, listing)
    assert not lists_nothing(question, bullets)
    assert lists_nothing(question, lone)
    assert text_confidence(question, lone) <= 0.1
    fact = analyse("When does the Inter-ministerial Committee meet?")
    assert not lists_nothing(fact, lone)
