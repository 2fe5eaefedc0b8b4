"""Every form of legal reference the answering reads comes from one grammar
(`greta_search.law_grammar.PATTERNS`, each production with its rank): a law by its quoted
title, a State's named code, an act or decree by its number with the issuer before or after
the number, an unnumbered decree by its issuer, date or title, a quoted title of rules, a
convention, each with or without the provision it is cited by. Generated over State x
instrument word x number x date form x issuer x title x provision unit x sentence frame:
each reference comes out whole (no longer span holds it, none of its parts stands alone)
and with the rank of its form: a tenth of a point per rank, 0 for a law by its quoted
title up to 6 for a convention, a provision ranking with the instrument it is of."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from greta_search.answer_types import analyse
from greta_search.law_grammar import PATTERNS, PROVISION_RANK, law_spans
from greta_search.spans import choose_span

STATES = ("Ruritania", "Freedonia", "Syldavia", "Borduria", "Molvania")
MONTHS = ("January", "March", "June", "September", "December")
SUBJECTS = ("Social Services", "Combating Trafficking in Human Beings", "Legal Aid",
            "Employment", "Victims' Rights")
CODES = ("Criminal", "Labour", "Migration", "Family", "Criminal Procedure")
OFFENCES = ("Administrative Offences", "Criminal Procedure", "Execution of Sentences")
DECREES = ("Decree", "Resolution", "Order", "Decision", "Regulation")
ISSUERS = ("President", "Cabinet of Ministers", "Minister of Justice", "Prime Minister")
RULES = ("Rules", "Regulations", "Procedure", "National Action Plan", "Instruction", "Concept",
         "Strategy", "State Program")
PROVISIONS = ("Article 12", "Article 144-1", "Articles 5 and 6", "paragraph 3.1.2", "Part 2",
              "Section 4", "Article 171-2(3)", "paragraph 2 of Article 5")
FRAMES = (
    "This is laid down in {ref}.",
    "Under {ref}, the victim is informed of his or her rights.",
    "{ref} sets the procedure, and the Ministry applies it.",
    "Victims are referred to shelters ({ref}).",
)
NEUTRAL = analyse("Which provision applies here?")  # no instrument word, no word of the frames


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1995, 2025)}"


def _quote(text: str, rng: random.Random) -> str:
    return rng.choice([f"“{text}”", f'"{text}"'])


def quoted_law(rng: random.Random) -> str:
    subject = _quote(f"On {rng.choice(SUBJECTS)}", rng)
    return rng.choice([
        f"Law of the Republic of {rng.choice(STATES)} {subject}",
        f"Law No. {rng.randint(1, 999)}-{rng.choice(['VIQD', 'IIIQ', 'IVQ'])} {subject}",
        f"Law dated {_date(rng)} {subject}",
    ])


def named_code(rng: random.Random) -> str:
    state = f" of the Republic of {rng.choice(STATES)}"
    n, year = rng.randint(1, 499), rng.randint(1995, 2025)
    return rng.choice([
        f"{rng.choice(CODES)} Code{state}",
        f"Code of {rng.choice(OFFENCES)}{state}",
        f"{rng.choice(CODES)} Code",
        f"{rng.choice(('Aliens', 'Victims of Crime', 'Asylum'))} Act (Act No. {n}/{year} Coll.)",
    ])


def numbered(rng: random.Random) -> str:
    n, year = rng.randint(1, 499), rng.randint(1995, 2025)
    title = rng.choice(["", " " + _quote(f"On {rng.choice(SUBJECTS)}", rng)])
    state = rng.choice(["", f" of the Republic of {rng.choice(STATES)}"])
    return rng.choice([
        f"Law No. {n}/{year} of {_date(rng)}",
        f"Law No. {n}/{year} dated {_date(rng)}",
        f"{rng.choice(DECREES)} No. {n} of the {rng.choice(ISSUERS)}{state} dated "
        f"{_date(rng)}{title}",
        f"{rng.choice(DECREES)} No. {n}/{year} of the {rng.choice(ISSUERS)}{state}",
    ])


def unnumbered(rng: random.Random) -> str:
    state = rng.choice(["", f" of the Republic of {rng.choice(STATES)}"])
    title = _quote(f"On the {rng.choice(RULES)} for {rng.choice(SUBJECTS)}", rng)
    return rng.choice([
        f"{rng.choice(DECREES)} of the {rng.choice(ISSUERS)}{state} dated {_date(rng)}",
        f"{rng.choice(DECREES)} of the {rng.choice(ISSUERS)}{state} {title}",
        f"{rng.choice(DECREES)} dated {_date(rng)} {title}",
    ])


def quoted_title(rng: random.Random) -> str:
    return _quote(f"{rng.choice(RULES)} for the Protection of {rng.choice(SUBJECTS)}", rng)


def convention(rng: random.Random) -> str:
    return rng.choice([
        "Council of Europe Convention on Action against Trafficking in Human Beings",
        "UN Convention against Transnational Organized Crime",
        "Convention on the Rights of the Child",
        "European Convention for the Protection of Human Rights",
    ])


# Each form and the rank of its references (a tenth of a point less per rank).
FORMS: tuple[tuple[Callable[[random.Random], str], int], ...] = (
    (quoted_law, 0), (named_code, 1), (numbered, 2), (unnumbered, 4), (quoted_title, 5),
    (convention, 6))


def _bonus(ref: str, rank: int) -> float:
    """What a reference of `rank` earns for a question that names no instrument: half a
    point when it opens with a provision, 0.3 when it names what it is of (or the code's
    abbreviation)."""
    provision = 0.5 if re.match(r"(?:Articles?|[Pp]aragraph|Part|Section)\s", ref) else 0.0
    of = 0.3 if re.search(r"\bof\s+(?:the\s+)?[A-Z]|\s(?:CrPC|CCP|[A-Z]*C)$", ref) else 0.0
    return provision + of - 0.1 * rank


def _whole(sentence: str, ref: str) -> list:
    spans = law_spans(sentence, NEUTRAL)
    mine = [s for s in spans if s.text == ref]
    assert mine, (sentence, [s.text for s in spans])
    span = mine[0]
    # No longer reference holds it, none crosses it (its parts give way to it).
    assert not [s.text for s in spans if s is not span and (
        s.start <= span.start and s.end >= span.end
        or s.start < span.start < s.end < span.end or span.start < s.start < span.end < s.end)], \
        (sentence, [s.text for s in spans])
    return mine


@pytest.mark.parametrize("seed", range(240))
def test_a_reference_of_every_form_is_whole_and_ranked_by_its_form(seed: int) -> None:
    rng = random.Random(seed)
    form, rank = FORMS[seed % len(FORMS)]
    ref = form(rng)
    if rng.random() < 0.5 and form is not convention:
        ref = f"{rng.choice(PROVISIONS)} of the {ref}"  # a provision ranks with its instrument
    sentence = rng.choice(FRAMES).format(ref=ref)
    if sentence.startswith(ref[0].lower()):
        sentence = sentence[0].upper() + sentence[1:]
        ref = ref[0].upper() + ref[1:]
    span = _whole(sentence, ref)[0]
    assert span.bonus == pytest.approx(_bonus(ref, rank)), (sentence, span)
    assert choose_span(sentence, NEUTRAL).text == ref.strip(" ,;:")


@pytest.mark.parametrize("seed", range(40))
def test_a_provision_alone_or_of_a_short_name_ranks_as_a_provision(seed: int) -> None:
    rng = random.Random(seed)
    provision = rng.choice(PROVISIONS[:3])
    ref = rng.choice([
        provision,
        f"{provision} {rng.choice(('CC', 'CPC', 'CrPC', 'LC', 'CCP'))}",
        f"{provision} of the {rng.choice(('CPC', 'same Law', 'Convention'))}",
        f"{provision} of the Criminal Code ({rng.choice(('forced labour', 'fraud'))})",
        f"{provision} of the Convention on Action against Trafficking in Human Beings",
    ])
    sentence = rng.choice(FRAMES[:2]).format(ref=ref)
    span = _whole(sentence, ref)[0]
    assert span.bonus == pytest.approx(_bonus(ref, PROVISION_RANK)), (sentence, span)


@pytest.mark.parametrize("name", ["Labour Law", "Law on Free Legal Aid", "Criminal Code",
                                  "Victims of Crime Act"])
def test_a_provision_of_a_named_act_ranks_with_the_act(name: str) -> None:
    ref = f"Article 14 of the {name}"
    span = _whole(f"This is laid down in {ref}.", ref)[0]
    assert span.bonus == pytest.approx(_bonus(ref, 1))


def test_every_production_carries_its_rank() -> None:
    ranks = sorted(p.rank for p in PATTERNS)
    assert ranks == sorted({0, 1, 2, PROVISION_RANK, 4, 5, 6})


@pytest.mark.parametrize("state", ["", *(f" of the Republic of {s}" for s in STATES)])
@pytest.mark.parametrize("short", ["(hereinafter – CPC)", "(the CPC)", "(hereinafter the Code)"])
def test_a_short_name_given_in_brackets_is_no_part_of_the_reference(state: str,
                                                                     short: str) -> None:
    ref = f"Article 212 of the Criminal Procedure Code{state}"
    _whole(f"{ref} {short} forbids disclosing the investigation data.", ref)


@pytest.mark.parametrize("issuer", ["Ministry", "Ombudsman", "Parliament"])
def test_a_law_has_no_issuer_after_its_number(issuer: str) -> None:
    sentence = f"The Law No. 31/2020 of the {issuer} applies."
    assert [s.text for s in law_spans(sentence, NEUTRAL)] == ["Law No. 31/2020"]


@pytest.mark.parametrize("word", DECREES)
def test_a_bare_instrument_word_is_no_reference(word: str) -> None:
    sentence = f"The {word} was taken in 2020 and the {word.lower()}s that followed it."
    assert not law_spans(sentence, NEUTRAL)


@pytest.mark.parametrize(("first", "second"), [("Labour", "Migration"), ("Criminal", "Family"),
                                               ("Customs", "Tax")])
def test_two_codes_joined_by_and_are_two_references(first: str, second: str) -> None:
    sentence = f"This is laid down in the {first} Code and the {second} Code."
    texts = sorted(s.text for s in law_spans(sentence, NEUTRAL))
    assert texts == sorted([f"{first} Code", f"{second} Code"])
