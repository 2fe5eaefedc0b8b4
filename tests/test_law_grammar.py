"""Legal references read whole in any State's drafting (`greta_search.law_grammar`): an
instrument with its issuer, number, date and title, a provision with the instrument it is of
and its "(Act No. ...)" gloss; generated over issuer x instrument x number form x date form
x title x provision unit x sentence frame, with a second, distractor reference in the
sentence. Every generated case names an issuer, a numbered instrument word the older
patterns lacked, a named act with small words in its name or a note to an article, which
the narrower patterns cut or missed."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse
from greta_search.law_grammar import law_spans
from greta_search.spans import choose_span

ISSUERS_BEFORE = ("Government ", "Cabinet ", "Ministerial ", "Presidential ", "Royal ",
                  "Mandatory ", "Ministry of Justice ", "Ministry of Labour and Social Affairs ",
                  "Minister of Health's ")
ISSUERS_AFTER = (" of the Cabinet", " of the Minister of Health", " of the Chief Labour Inspector",
                 " of the Director of the MAA", " of the State Prosecutor")
INSTRUMENTS = ("Act", "Law", "Decree", "Regulation", "Resolution", "Ordinance", "Order",
               "Decision", "Instruction", "Rules", "Directive", "Statute")
MONTHS = ("January", "March", "June", "September", "December")
TITLES = ("", "", " on the Reporting of Threats to Children", " on Legal Aid",
          ' "On Social Services"', " on the Protection of Victims of Crime")
DISTRACTORS = ("Law No. 12/2001", "Article 12 of the Criminal Code", "the Labour Code",
               "Decree No. 7")
FRAMES = (
    "{ref} obliges schools and doctors to report any suspicion of violence, while {other} "
    "governs the register.",
    "Schools and doctors must report any suspicion of violence under {ref}; the register is "
    "kept under {other}.",
    "Reply: {ref} obliges schools and doctors to report any suspicion of violence (see also "
    "{other}).",
    "Since 2021 the register has been kept under {other}, and {ref} obliges schools and "
    "doctors to report any suspicion of violence.",
)


def number(rng: random.Random) -> str:
    n, year = rng.randint(1, 499), rng.randint(1995, 2025)
    return rng.choice([f"No. {n}/{year}", f"No. {n}/{year} Coll.", f"Nr. {n}", f"n° {n}",
                       f"No. {n}-VIQD", f"No. A-{n}/{year}", f"No. {n}"])


def date(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1995, 2025)
    name = MONTHS[month % len(MONTHS)]
    return rng.choice(["", f" of {day} {name} {year}", f" of {day:02d}.{month:02d}.{year}",
                       f" dated {day} {name} {year}", f" of {name} {day}, {year}",
                       f" of {year}-{month:02d}-{day:02d}", f", dated {day} {name} {year}"])


def instrument(rng: random.Random, word: str) -> str:
    """A numbered instrument with an issuer before or after its word."""
    if rng.random() < 0.6:
        head = f"{rng.choice(ISSUERS_BEFORE)}{word}"
    else:
        head = f"{word}{rng.choice(ISSUERS_AFTER)}"
    rest = [date(rng), rng.choice(TITLES)]
    rng.shuffle(rest)  # "No. 5 of 1 June 2020 on X" and "No. 5 on X of 1 June 2020"
    return f"{head} {number(rng)}{''.join(rest)}"


@pytest.mark.parametrize("seed", range(150))
def test_an_instrument_is_read_with_its_issuer_number_date_and_title(seed: int) -> None:
    rng = random.Random(seed)
    word = rng.choice(INSTRUMENTS)
    ref = instrument(rng, word)
    other = rng.choice([d for d in DISTRACTORS if word.lower() not in d.lower()])
    sentence = rng.choice(FRAMES).format(ref=ref, other=other)
    sentence = sentence[0].upper() + sentence[1:]
    asked = word.lower() if word != "Rules" else "rules"
    question = analyse(f"Which {asked} obliges doctors to report suspected violence?")
    assert question.kind == "law"
    assert choose_span(sentence, question).text == ref, sentence


NAMED_ACTS = ("the Victims of Crime Act", "the Protection of Whistleblowers Act",
              "the Rights of the Child Act", "the Prevention of Domestic Violence Act",
              "the Code of Criminal Procedure of Syldavia")
UNITS = ("Section 2(6)", "Article 14", "Art. 12", "§ 5", "Section 42e", "Article 171-2(3)",
         "paragraph 2 of Article 5", "Paragraph 3 of Section 7", "point (b) of Article 4",
         "Sub-paragraph 2 of Section 7")
PROVISION_FRAMES = (
    "A particularly vulnerable victim is defined in {ref}, and {other} sets the procedure.",
    "Under {ref}, a particularly vulnerable victim is defined as a child or a person with a "
    "disability; {other} applies to the rest.",
    "{ref} defines a particularly vulnerable victim (see also {other}).",
)


def instrument_of(rng: random.Random) -> str:
    """What a provision is of: a named act with small words in its name, with or without its
    gloss, or a numbered instrument with its issuer."""
    n, year = rng.randint(1, 499), rng.randint(1995, 2025)
    gloss = rng.choice(["", f" (Act No. {n}/{year} Coll.)", f" (Act No. {n}/{year})",
                        f" (No. {n}/{year} Coll.)"])
    return rng.choice([f"{rng.choice(NAMED_ACTS)}{gloss}",
                       instrument(rng, rng.choice(("Regulation", "Decree", "Ordinance")))])


@pytest.mark.parametrize("seed", range(120))
def test_a_provision_is_read_with_the_instrument_it_is_of(seed: int) -> None:
    rng = random.Random(seed)
    of = instrument_of(rng)
    ref = f"{rng.choice(UNITS)} of {of}"
    other = rng.choice(("Article 12 of the Criminal Code", "Law No. 12/2001", "Section 3"))
    sentence = rng.choice(PROVISION_FRAMES).format(ref=ref, other=other)
    sentence = sentence[0].upper() + sentence[1:]
    expected = ref[0].upper() + ref[1:] if sentence.startswith(ref[0].upper() + ref[1:]) else ref
    question = analyse("Which provision defines a particularly vulnerable victim?")
    assert choose_span(sentence, question).text == expected.removeprefix("the "), sentence


@pytest.mark.parametrize("unit", ["Paragraph 3", "paragraph 2", "Point 4", "sub-paragraph 1"])
@pytest.mark.parametrize("article", ["Article 171-2", "Article 5", "Article 144-1.2"])
def test_a_note_to_an_article_is_part_of_the_provision(unit: str, article: str) -> None:
    ref = f"{unit} of the Note to {article}"
    sentence = (f"Under {article} of the Criminal Code and {ref}, a position of vulnerability "
                "is any situation without a real alternative.")
    question = analyse("Which provision defines a position of vulnerability?")
    texts = {s.text for s in law_spans(sentence, question)}
    assert ref in texts, texts
    assert choose_span(sentence, question).text == ref


@pytest.mark.parametrize("gloss", ["Act No. 54/2024 Coll.", "Act No. 54/2024 Coll. of 3 May 2024"])
def test_an_amending_act_is_not_the_act_it_amends(gloss: str) -> None:
    sentence = f"Reply: {gloss}, amending the Victims of Crime Act, entered into force in 2024."
    question = analyse("Which act gave presumed victims free legal aid from the first contact?")
    assert choose_span(sentence, question).text == gloss


@pytest.mark.parametrize("word", ["act", "ordinance", "order", "decision", "instruction",
                                  "directive", "section"])
def test_which_instrument_asks_a_law(word: str) -> None:
    assert analyse(f"Which {word} sets the standards for accommodation?").kind == "law"


def test_in_which_order_does_not_ask_a_law() -> None:
    assert analyse("In which order are the victims heard by the court?").kind != "law"


@pytest.mark.parametrize("sentence", [
    "The National Action Plan was adopted in 2024.",
    "The Criminal Action Group met twice.",
])
def test_a_word_that_begins_with_act_is_no_act(sentence: str) -> None:
    assert not law_spans(sentence, analyse("Which act adopted the plan?"))
