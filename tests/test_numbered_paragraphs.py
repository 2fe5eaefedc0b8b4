"""Replies that number their answer paragraphs through the whole document and head their
questions otherwise ("Q 7 –", "Question 7:"), with the third round's numbered Sections
("2. Legal assistance and free legal aid (Article 15)"), notes and abbreviations after the
answers and a title page naming the State in capitals and the date beside a place. Every
test runs on generated variants (house style, State, lists, how long the answers are)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

import pytest

from greta_search.chunk import chunk_document
from greta_search.countries import states
from greta_search.template import builtin
from tests.conftest import parse_generated

HEADINGS = ("Q {n} – {text}", "Question {n}: {text}", "Q{n}. {text}", "Question {n}\n\n{text}")
LISTS = ("– {t};", "- {t};", "a) {t};", "i. {t};", "• {t};")
BACK = (("Abbreviations", "– {a}: {b}"), ("List of abbreviations", "{a} – {b}"),
        ("Notes", "[{k}] {b}."), ("Endnotes", "[{k}] {b}."))
PLACES = ("Kravnik", "Lutenblag", "Strelsau")
MONTHS = ("January", "March", "June", "October")
WORDS = ("courts", "victims", "prosecutors", "shelters", "inspectors", "interpreters",
         "lawyers", "compensation", "hearings", "permits", "guardians", "training")


@dataclass
class Expected:
    """What the parser must find in a generated reply."""

    text: str
    country: str
    submitted: str
    questions: list[int] = field(default_factory=list)
    sections: dict[int, str] = field(default_factory=dict)  # question -> Section numeral
    answers: dict[int, list[str]] = field(default_factory=dict)  # question -> its paragraphs
    back: dict[str, list[str]] = field(default_factory=dict)  # heading -> its entries


def sentence(rng: random.Random, words: int = 9) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def make_reply(seed: int) -> Expected:
    """A reply to the third round's questionnaire: its Part I Sections numbered as the
    questionnaire numbers them, questions headed in one style, answer paragraphs numbered
    on from the preliminary remarks; some end in a list, some are numbered as the next
    question would be."""
    rng = random.Random(seed)
    state = rng.choice([s["en"] for s in states() if s["status"] == "fictional"])
    styled = rng.choice((f"REPLY OF THE REPUBLIC OF {state.upper()}",
                         f"Reply of the Republic of {state}", f"REPLY BY {state.upper()}"))
    date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 20{rng.randint(24, 29)}"
    heading = rng.choice(HEADINGS)
    listing = rng.choice(LISTS)
    out = ["GRETA(2026)90_XXX_rep", "", f"{rng.choice(PLACES)}, {date}", "", styled, "",
           "to the Questionnaire for the evaluation of the implementation of the Convention",
           "", "Third evaluation round", "", "Preliminary remarks", ""]
    paragraph = 0
    for _ in range(rng.randint(1, 3)):
        paragraph += 1
        out += [f"{paragraph}. {sentence(rng)} are counted in this reply.", ""]
    expected = Expected("", state, date)
    part = builtin(3).parts[0]
    out += ["PART I – ACCESS TO JUSTICE AND EFFECTIVE REMEDIES", ""]
    number = 0
    for sec in part["sections"][:rng.randint(3, 6)]:
        arts = sec["articles"]
        named = f" (Article{'s' * (len(arts) > 1)} {' and '.join(map(str, arts))})" if arts else ""
        out += [f"{sec['numeral']}. {sec['title']}{named * rng.choice((0, 1))}", ""]
        for _ in range(rng.randint(1, 3)):
            number += 1
            expected.questions.append(number)
            expected.sections[number] = str(sec["numeral"])
            out += [heading.format(n=number, text=f"How are the {rng.choice(WORDS)} "
                                   f"of question {number} organised?"), ""]
            answers = []
            for _ in range(rng.randint(1, 4)):
                paragraph += 1
                # a paragraph numbered as a question soon to come, or ending in a list
                text = f"{paragraph}. {sentence(rng)} under Article {paragraph + 100}."
                if rng.random() < 0.5:
                    entries = [sentence(rng, 4).lower() for _ in range(rng.randint(2, 4))]
                    labels = [listing.replace("a)", f"{chr(97 + k)})").replace(
                        "i.", f"{'i' * (k + 1)}.") for k in range(len(entries))]
                    text = f"{paragraph}. {sentence(rng)} as follows:\n" + "\n".join(
                        label.format(t=t) for label, t in zip(labels, entries, strict=True))
                answers.append(text)
                out += [text, ""]
            expected.answers[number] = answers
    for title, entry in rng.sample(BACK, 2):
        entries = [entry.format(a=f"AB{k}", b=sentence(rng, 5), k=k) for k in range(1, 4)]
        expected.back[title] = entries
        spaced = [e for line in entries for e in (line, "")]  # blank lines between, or not
        out += [title, "", *(spaced if rng.random() < 0.5 else entries), ""]
    expected.text = "\n".join(out)
    return expected


SEEDS = range(24)


parse = parse_generated


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("seed", SEEDS)
def test_numbered_answer_paragraphs_are_no_questions_and_stay_whole(seed):
    reply = make_reply(seed)
    doc = parse(reply.text)
    assert [q.number for q in doc.questions()] == reply.questions
    chunks = chunk_document(doc)
    for q in doc.questions():
        assert not q.items, (seed, q.number)
        held = flat(" ".join(c.text for c in chunks if c.question == q.number))
        for answer in reply.answers[q.number]:
            assert flat(answer) in held, (seed, q.number, answer[:30])


@pytest.mark.parametrize("seed", SEEDS)
def test_numbered_sections_of_the_questionnaire_are_named(seed):
    reply = make_reply(seed)
    doc = parse(reply.text)
    template = builtin(3)
    for q in doc.questions():
        _, sec = doc.locate(q)
        assert sec.numeral == reply.sections[q.number], (seed, q.number)
        assert not sec.inferred
        listed = next(s for s in template.parts[0]["sections"] if s["numeral"] == sec.numeral)
        assert sec.articles == listed["articles"]
    for chunk in chunk_document(doc):
        if chunk.question is not None:
            assert f"Section {reply.sections[chunk.question]}" in chunk.citation


@pytest.mark.parametrize("seed", SEEDS)
def test_notes_and_abbreviations_are_passages_of_their_own(seed):
    reply = make_reply(seed)
    chunks = chunk_document(parse(reply.text))
    last = max(reply.questions)
    for title, entries in reply.back.items():
        own = [c for c in chunks if c.citation.startswith(f"GRETA(2026)90_XXX_rep, {title}, ")]
        assert own and all(c.question is None for c in own), (seed, title)
        held = flat(" ".join(c.text for c in own))
        assert all(flat(e) in held for e in entries), (seed, title)
        assert not any(flat(entries[0]) in flat(c.text) for c in chunks if c.question == last)


@pytest.mark.parametrize("seed", SEEDS)
def test_citations_are_unique_and_the_title_page_is_read(seed):
    reply = make_reply(seed)
    doc = parse(reply.text)
    counts = Counter(c.citation for c in chunk_document(doc))
    assert max(counts.values()) == 1, (seed, counts.most_common(2))
    assert (doc.meta.country, doc.meta.submitted) == (reply.country, reply.submitted)


@pytest.mark.parametrize("seed", SEEDS[:6])
def test_the_structure_score_counts_a_question_found_twice_once(seed):
    from greta_search.structure import inspect_document

    reply = make_reply(seed)
    assert inspect_document(parse(reply.text)).score == 1.0
    first = next(line for line in reply.text.split("\n") if "of question 1 " in line)
    end = reply.text.index("\n\n", reply.text.index(first)) + 2
    again = f"Question 1: {first.split(' – ')[-1].split(': ')[-1]}"  # question 1 asked again
    twice = reply.text[:end] + again + "\n\n" + reply.text[end:]
    report = inspect_document(parse(twice))
    assert [q.number for q in report.questions].count(1) == 2
    assert report.score < 1.0 and report.scores["questions"] < 1.0


def test_the_generator_varies():
    texts = [make_reply(seed).text for seed in SEEDS]
    assert len(set(texts)) == len(texts)
    assert len({t.split("\n")[4] for t in texts}) > 3  # the State, styled in several ways


def numbered_questions_reply(seed: int, fourth: bool) -> tuple[str, dict[int, str], int]:
    """Questions numbered "12." (the fourth round's texts, under its title page, or texts of
    their own), answers with a paragraph that introduces a "–" list numbered as a later
    question (skipping some) or, with the questionnaire, as the next one."""
    rng = random.Random(seed)
    template = builtin(4)
    out = ["GRETA(2026)91_XXX_rep", "", "Fourth evaluation round" if fourth else "Reply", ""]
    out += ["PART I – PREVENTION", ""]
    intros = {}
    count = rng.randint(6, 9)
    listing = rng.sample(range(1, count), 2)  # answers that introduce a list
    for n in range(1, count + 1):
        text = template.questions[n].text if fourth else f"How are the {rng.choice(WORDS)} " \
            f"of question {n} organised?"
        out += [f"{n}. {text}", "", f"{sentence(rng)} in the year under review.", ""]
        if n in listing:
            ahead = n + 1 if fourth else n + rng.randint(2, 3)
            intro = f"{ahead}. {sentence(rng)} as follows:"
            intros[n] = intro
            out += [intro, *(f"– {sentence(rng, 4).lower()};" for _ in range(3)), ""]
    return "\n".join(out), intros, count


@pytest.mark.parametrize("fourth", [False, True], ids=["skips-questions", "not-the-template"])
@pytest.mark.parametrize("seed", SEEDS[:8])
def test_a_numbered_paragraph_introducing_a_list_is_no_question(seed, fourth):
    text, intros, count = numbered_questions_reply(seed, fourth)
    doc = parse(text)
    assert [q.number for q in doc.questions()] == list(range(1, count + 1))
    chunks = chunk_document(doc)
    for number, intro in intros.items():
        held = flat(" ".join(c.text for c in chunks if c.question == number))
        assert flat(intro) in held, (seed, number)
