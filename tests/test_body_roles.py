"""Who-questions answered by what the sentence says, on generated sentences: an instrument
("Government Decision No. 203", "Act No. 327/2005") is never the body, and a body before
one it acts under keeps its own name; "Who chairs X?" is answered by the post holder ("a
judge", "a judge of the Supreme Court"), "Who is the X?" by what the sentence says X is,
"Who carried out the study?" by the body it was commissioned from, "Who is the Coordinator?"
by a person named with a title."""

from __future__ import annotations

import itertools
import random

import pytest

from greta_search.answer_types import analyse
from greta_search.spans import best_span

BODIES = ["National Coordination Unit", "Office for Combating Trafficking", "Victim Support Centre",
          "State Labour Inspectorate", "Agency for Social Protection", "Migration Directorate"]
OLD_BODIES = ["Inter-ministerial Commission on Trafficking", "National Council against Trafficking",
              "Coordination Board for Victims", "Interdepartmental Working Group"]
INSTRUMENTS = ["Government Decision", "Government Regulation", "Government Decree",
               "Ministerial Order Decree", "Council of Ministers Resolution"]
NUMBERS = ["No. 19/2021", "No. 203", "No 612", "Nr. 45/2019"]


@pytest.mark.parametrize(("body", "old"), itertools.product(BODIES, OLD_BODIES))
def test_an_instrument_is_never_the_body_replaced_or_set_up(body: str, old: str) -> None:
    rng = random.Random(body + old)
    instrument = f"{rng.choice(INSTRUMENTS)} {rng.choice(NUMBERS)}"
    sentence = rng.choice([
        "The {b} was set up by {i} on 1 March 2021, replacing the {o}.",
        "By {i} of 6 May 2021, the {b} replaced the {o}.",
        "The {b}, established under {i}, replaced the {o} in 2021.",
    ]).format(b=body, i=instrument, o=old)
    question = rng.choice([f"Which body did the {body} replace?",
                           f"What body was replaced by the {body}?"])
    found = best_span(sentence, analyse(question))[0]
    assert found == old, (sentence, question, found)


PROVIDERS = ["Legal Aid Centre", "Victim Support Service", "Public Defender's Office",
             "National Legal Aid Agency"]
ACTS = ["Act No. 327/2005 Coll. on Legal Aid", "Law No. 45/2019 on Free Legal Aid",
        "Decree No. 12 on Victim Support", "Regulation No. 8/2020"]


@pytest.mark.parametrize(("provider", "act"), itertools.product(PROVIDERS, ACTS))
def test_a_body_acting_under_an_instrument_keeps_its_own_name(provider: str, act: str) -> None:
    rng = random.Random(provider + act)
    sentence = rng.choice([
        "Free legal assistance is provided by the {p} under {a}.",
        "Under the current rules, legal assistance to victims is provided by the {p} "
        "pursuant to {a}.",
    ]).format(p=provider, a=act)
    question = analyse(rng.choice(["Who provides free legal assistance?",
                                   "Which body provides legal assistance to victims?"]))
    found = best_span(sentence, question)[0]
    assert found == provider, (sentence, found)


CHAIRED = ["Protection Commission", "Compensation Board", "Review Panel", "Selection Committee"]
COURTS = ["Supreme Court of Cassation", "Court of Appeal", "Constitutional Court"]
MEMBERS = ["a representative of the Ministry of Justice", "a psychologist",
           "a representative of the Bar Association", "a medical doctor"]


@pytest.mark.parametrize(("body", "court"), itertools.product(CHAIRED, COURTS))
def test_who_chairs_is_answered_by_the_post_holder(body: str, court: str) -> None:
    rng = random.Random(body + court)
    question = analyse(rng.choice([f"Who chairs the {body}?", f"Who chairs the {body} "
                                   "deciding on inclusion in the programme?"]))
    passive = rng.choice([
        "The decision is taken by the {b}, chaired by a judge of the {c}.",
        "The {b} is chaired by a judge of the {c} and meets monthly.",
    ]).format(b=body, c=court)
    assert best_span(passive, question)[0] == f"a judge of the {court}", passive
    members = rng.sample(MEMBERS, 2)
    relative = (f"The {body} has four members: a judge, who chairs it, {members[0]}, "
                f"{members[1]} and a representative of the {court}.")
    assert best_span(relative, question)[0] == "a judge", relative


POSTS = ["State Secretary of the Ministry of Interior", "Deputy Minister of Justice",
         "Head of the Department for Migration", "Director of the National Police"]
COUNCILS = ["Council for Combating Trafficking in Persons", "National Anti-Trafficking Council",
            "Inter-ministerial Committee on Trafficking"]
TITLES = ["National Anti-Trafficking Coordinator", "National Rapporteur", "National Coordinator"]


@pytest.mark.parametrize(("post", "council"), itertools.product(POSTS, COUNCILS))
def test_who_is_is_answered_by_what_the_sentence_says_it_is(post: str, council: str) -> None:
    rng = random.Random(post + council)
    title = rng.choice(TITLES)
    sentence = rng.choice([
        "The {t} is the {p}. The Coordinator chairs the {c}, which meets twice a year.",
        "The {t} is the {p}, who chairs the {c}.",
        "Since 2022 the {t} has been the {p}; the {c} is chaired by the Minister.",
    ]).format(t=title, p=post, c=council)
    found = best_span(sentence, analyse(f"Who is the {title}?"))[0]
    assert found is not None and post in found, (sentence, found)


STUDIES = ["qualitative study on vulnerability and recruitment", "survey of migrant workers",
           "evaluation of the national action plan"]
COMMISSIONERS = ["National Coordination Office (NCO)", "Ministry of Interior",
                 "State Labour Inspectorate"]
AUTHORS = ["Faculty of Sociology of the University of Lutenblag", "Institute of Criminology",
           "Centre for Migration Research"]


@pytest.mark.parametrize(("study", "author"), itertools.product(STUDIES, AUTHORS))
def test_the_body_a_study_was_commissioned_from_carried_it_out(study: str, author: str) -> None:
    rng = random.Random(study + author)
    commissioner = rng.choice(COMMISSIONERS)
    sentence = rng.choice([
        "In addition, the {c} commissioned a {s} from the {a}, published in 2023.",
        "In 2024 the {c} ordered a {s} from the {a}.",
    ]).format(c=commissioner, s=study, a=author)
    question = analyse(rng.choice([f"Who carried out the {study}?", f"Who conducted the {study}?",
                                   f"Which institution prepared the {study}?"]))
    assert best_span(sentence, question)[0] == author, sentence


PEOPLE = ["Mr Anders Vik", "Ms Ingrid Solberg", "Dr Jana Novak", "Mrs Petra Horvat"]


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("title", TITLES)
def test_a_person_named_with_a_title_answers_who(person: str, title: str) -> None:
    rng = random.Random(person + title)
    unit = rng.choice(BODIES)
    sentence = rng.choice([
        "The post of {t} has been held by {p} since 1 October 2024; the {u} assists him.",
        "{p}, the {t}, heads the {u}.",
        "The {t} is {p}, who also heads the {u}.",
    ]).format(t=title, p=person, u=unit)
    found = best_span(sentence, analyse(f"Who is the {title}?"))[0]
    assert found == person, (sentence, found)


GENERIC = [("courts", "Which courts hear {t}?"), ("courts", "Which court deals with {t}?"),
           ("police", "Which police handle {t}?"),
           ("labour inspectorates", "Which inspectorates check {t}?")]
KINDS = ["general", "district", "regional", "specialised", "municipal", "first-instance"]
TOPICS = ["cases on the removal of prohibited information", "cases of labour exploitation",
          "child victims of trafficking"]


@pytest.mark.parametrize(("generic", "kind"), itertools.product(GENERIC, KINDS))
def test_a_generic_body_keeps_the_word_that_says_which(generic, kind: str) -> None:
    noun, asked = generic
    rng = random.Random(noun + kind)
    topic = rng.choice(TOPICS)
    sentence = rng.choice([
        "Under Article 305 of the Civil Code, {t} are dealt with by {k} {n} under special "
        "proceedings.",
        "In practice, {t} are handled by {k} {n}, which may order interim measures.",
    ]).format(t=topic, k=kind, n=noun)
    assert best_span(sentence, analyse(asked.format(t=topic)))[0] == f"{kind} {noun}", sentence
    plain = sentence.replace(f"by {kind} {noun}", f"by the {noun}")  # no word invented
    assert best_span(plain, analyse(asked.format(t=topic)))[0] in (None, noun), plain
