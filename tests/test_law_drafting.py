"""Legal references in the forms legislators and ministries use across Europe, read whole by
the one grammar (`greta_search.law_grammar`) and chosen as the question asks
(`greta_search.law_choice`). Generated over reference form x act name x sentence frame:

* a unit chain with the act it is of ("Chapter 20, section 3 of the Code of Judicial
  Procedure", "s. 12(3) of the Modern Slavery Act 2015", "Art. 18, par. 2, lett. b)",
  "art. 22-bis of Law no. 228/2003", "§ 233 StGB", "Chapter IV of the Penal Code", "Measure 2
  of the Action Plan"), an act by its statute-book number, year, EU number or acronym ("the
  Restraining Orders Act (1988:688)", "Regulation (EU) 2021/45", "Legislative Decree no. 24
  of 4 March 2014", "the Code of Criminal Procedure (CCP)");
* of several references, not the act that only introduced the provision (", introduced by
  Law No. 93/2022,") nor the provision another replaced, the provision of the act the
  question names ("which article of the Criminal Code": "Article 336b CC", not "Article 105
  CPC"), the item of a list whose title the question names, the level asked ("which
  article" or "which point")."""

from __future__ import annotations

import random

import pytest

from greta_search.answer_types import analyse
from greta_search.law_choice import title_fit
from greta_search.law_grammar import law_spans
from greta_search.spans import choose_span

NAMES = ("Human Trafficking", "Restraining Orders", "Compensation for Victims of Crime",
         "Public Access to Information and Secrecy", "Modern Slavery", "Aliens",
         "Counsel for Injured Parties", "Victims' Rights")
CODES = ("the Penal Code", "the Code of Judicial Procedure", "the Criminal Code",
         "the Code of Criminal Procedure", "the Labour Code")
ROMAN = ("I", "II", "IV", "IX", "XII", "XXIV")
LATIN = ("bis", "ter", "quater")
MONTHS = ("January", "March", "July", "October")
FRAMES = (
    "Trafficking in human beings is an offence under {ref}, and the police investigate it.",
    "The victim may be heard behind a screen ({ref}).",
    "{ref} provides that the victim is informed of his or her rights.",
    "Since 1st July 2022, {ref} has applied to every presumed victim.",
    "Reply: the procedure is laid down in {ref}; it has not changed.",
)
NEUTRAL = analyse("Which provision applies here?")


def _n(rng: random.Random, top: int = 60) -> int:
    return rng.randint(1, top)


def act(rng: random.Random) -> str:
    """An act a provision is of: a code, a named act with its year or statute-book number,
    a numbered law or decree."""
    year = rng.randint(1947, 2025)
    name = rng.choice(NAMES)
    return rng.choice([
        rng.choice(CODES),
        f"the {name} Act {year}",
        f"the {name} Act ({year}:{_n(rng, 999)})",
        f"the {name} Ordinance ({year}:{_n(rng, 999)})",
        f"Law no. {_n(rng, 400)}/{year}",
        f"Legislative Decree no. {_n(rng)} of {_n(rng, 28)} {rng.choice(MONTHS)} {year}",
        "the Code of Criminal Procedure (CCP)",
    ])


def chain(rng: random.Random) -> str:
    """A provision's unit chain as drafters write it."""
    n, m = _n(rng), _n(rng, 12)
    return rng.choice([
        f"section {n}", f"s. {n}({m})", f"ss. {n}-{n + m}", f"Chapter {n}, section {m}",
        f"Chapter {n}, section {m}{rng.choice('abc')}", f"paragraph {m} of Article {n}",
        f"Art. {n}, par. {m}, lett. {rng.choice('abcd')})", f"art. {n}-{rng.choice(LATIN)}",
        f"Chapter {rng.choice(ROMAN)}", f"Section {n}, subsection {m}",
    ])


def reference(rng: random.Random) -> str:
    """A whole reference: a unit chain of an act, a provision with its code's abbreviation,
    or an act alone."""
    year = rng.randint(1990, 2025)
    return rng.choice([
        lambda: f"{chain(rng)} of {act(rng)}",
        lambda: f"{chain(rng)} of {act(rng)}",
        lambda: f"§ {_n(rng, 300)} {rng.choice(('StGB', 'StPO', 'AufenthG'))}",
        lambda: f"Article {_n(rng, 400)}({_n(rng, 12)}) {rng.choice(('CC', 'CPC', 'CP'))}",
        lambda: f"art. {_n(rng, 700)}-{rng.choice(LATIN)} c.p.",
        lambda: f"Measure {_n(rng, 9)} of the {rng.choice(('Action Plan', 'National Strategy'))}",
        lambda: f"Regulation (EU) {year}/{_n(rng, 999)}",
        lambda: f"Directive {year}/{_n(rng, 99)}/EU",
        lambda: f"Act No. {_n(rng, 400)}/{year} Coll.",
        lambda: f"the {rng.choice(NAMES)} Act ({year}:{_n(rng, 999)})",
        lambda: f"the National Referral Mechanism Regulation {year}/{_n(rng, 40)}",
    ])()


def _place(frame: str, ref: str) -> tuple[str, str]:
    """The sentence, and the reference as it stands in it (capitalised at its start, its
    article dropped)."""
    sentence = frame.format(ref=ref)
    expected = ref.removeprefix("the ")
    if sentence.startswith(ref):
        sentence = sentence[0].upper() + sentence[1:]
        expected = ref[0].upper() + ref[1:] if not ref.startswith("the ") else expected
    return sentence, expected


@pytest.mark.parametrize("seed", range(160))
def test_a_reference_of_any_drafting_is_answered_whole(seed: int) -> None:
    rng = random.Random(seed)
    sentence, expected = _place(rng.choice(FRAMES), reference(rng))
    spans = law_spans(sentence, NEUTRAL)
    mine = [s for s in spans if s.text == expected]
    assert mine, (sentence, [s.text for s in spans])
    # Nothing longer holds it, nothing crosses it.
    span = mine[0]
    assert not [s.text for s in spans if s is not span and (
        s.start <= span.start and s.end >= span.end
        or s.start < span.start < s.end < span.end or span.start < s.start < span.end < s.end)]
    assert choose_span(sentence, NEUTRAL).text == expected, sentence


DUTIES = (("give a foreign worker the contract in a language the worker understands",
           "obliges employers to give foreign workers their contract in their language"),
          ("inform the victim of the recovery and reflection period",
           "obliges the police to inform the victim of the reflection period"),
          ("keep the identity of the victim confidential",
           "obliges the court to keep the identity of the victim confidential"))
ORIGINS = ("introduced by", "inserted by", "as amended by", "added by")


@pytest.mark.parametrize("seed", range(60))
def test_the_act_that_introduced_a_provision_is_not_the_provision(seed: int) -> None:
    rng = random.Random(seed)
    provision = f"{chain(rng)} of {rng.choice(CODES)}"
    origin = f"Law No. {_n(rng, 200)}/{rng.randint(2000, 2025)}"
    duty, asked = rng.choice(DUTIES)
    sentence = f"{provision}, {rng.choice(ORIGINS)} {origin}, requires the employer to {duty}."
    sentence = sentence[0].upper() + sentence[1:]
    choice = choose_span(sentence, analyse(f"Which provision {asked}?"))
    assert choice.text == sentence[: len(provision)].removeprefix("The "), sentence
    # Asked what brought it in, or which law: the act.
    assert choose_span(sentence, analyse("Which law introduced this duty?")).text == origin


@pytest.mark.parametrize("seed", range(40))
def test_the_provision_another_replaced_is_not_the_one_in_force(seed: int) -> None:
    rng = random.Random(seed)
    new = f"section {_n(rng)} of the {rng.choice(NAMES)} Act {rng.randint(2000, 2025)}"
    old = f"Chapter {_n(rng, 30)}, section {_n(rng, 12)} of the Penal Code"
    verb = rng.choice(("replaced", "amended", "has replaced"))
    sentence = (f"Trafficking in human beings is an offence under {new}, which {verb} {old} "
                "on 1st July 2015.")
    question = analyse("Which provision makes trafficking in human beings an offence?")
    assert choose_span(sentence, question).text == new


CODE_PAIRS = (("Criminal Code", "CC", "Criminal Procedure Code", "CPC"),
              ("Criminal Code", "CC", "Code of Criminal Procedure", "CCP"),
              ("Criminal Procedure Code", "CPC", "Criminal Code", "CC"),
              ("Labour Code", "LC", "Code of Administrative Offences", "CAO"),
              ("Code of Criminal Procedure", "CrPC", "Penal Code", "PC"))


@pytest.mark.parametrize("seed", range(60))
def test_the_provision_of_the_code_the_question_names_wins(seed: int) -> None:
    rng = random.Random(seed)
    asked, asked_abbr, other, other_abbr = rng.choice(CODE_PAIRS)
    mine = rng.choice([f"Article {_n(rng, 400)}b {asked_abbr}",
                       f"Article {_n(rng, 400)} of the {asked}"])
    theirs = rng.choice([f"Article {_n(rng, 400)} {other_abbr}",
                         f"Article {_n(rng, 400)} of the {other}"])
    sentence = (f"The identity of a protected witness may be kept secret ({theirs}), and its "
                f"disclosure is an offence under {mine}.")
    if rng.random() < 0.5:
        sentence = (f"Disclosure of the identity of a protected witness is an offence under "
                    f"{mine}; the witness may be heard anonymously ({theirs}).")
    demonym = rng.choice(["", "Freedonian ", "Bordurian "])
    question = analyse(f"Which article of the {demonym}{asked} punishes disclosure of the "
                       "identity of a protected witness?")
    assert choose_span(sentence, question).text == mine, sentence


TITLES = (("Conducting ceremonies related to early marriages of minors",
           "early marriage ceremonies"),
          ("Forced begging of children", "forced begging"),
          ("Use of the services of a victim of trafficking", "use of the services of a victim"),
          ("Illegal adoption", "illegal adoption"),
          ("Confiscation of the proceeds of crime", "confiscation of proceeds"))


@pytest.mark.parametrize("seed", range(60))
def test_an_item_of_a_list_of_titled_provisions_is_chosen_by_its_title(seed: int) -> None:
    rng = random.Random(seed)
    titles = rng.sample(TITLES, 3)
    base = rng.randint(100, 300)
    numbers = [f"{base}-{i}" for i in range(1, 4)]
    sentence = (f"Furthermore, Articles {numbers[0]} ({titles[0][0]}), {numbers[1]} "
                f"({titles[1][0]}), and {numbers[2]} ({titles[2][0]}) were added to the Code.")
    pick = rng.randrange(3)
    question = analyse(f"Which article on {titles[pick][1]} was added to the Code?")
    choice = choose_span(sentence, question)
    assert choice.text is not None and numbers[pick] in choice.text, (sentence, choice.text)
    assert titles[pick][0] in choice.text  # with its title


@pytest.mark.parametrize("seed", range(40))
def test_the_level_asked_wins_among_the_references_of_a_sentence(seed: int) -> None:
    rng = random.Random(seed)
    n, part, point = _n(rng, 300), _n(rng, 5), _n(rng, 12)
    whole = f"Article {n} of the Criminal Code"
    narrow = rng.choice([f"Article {n}.{part}.{point} of the Criminal Code",
                         f"paragraph {part} of Article {n}", f"Article {n}({part})"])
    first, second = rng.sample([whole, narrow], 2)
    sentence = (f"A crime against a minor is an aggravating circumstance under {first} and "
                f"{second}.")
    word = rng.choice(["article", "point of the Criminal Code", "paragraph of the article"])
    expected = whole if word == "article" else narrow
    question = analyse(f"Which {word} lists the crimes against a minor as aggravating?")
    assert choose_span(sentence, question).text == expected, sentence


@pytest.mark.parametrize(("question", "kind"), [
    ("Where is the non-punishment provision in the law?", "law"),
    ("Where are the rules on the reflection period?", "law"),
    ("Which measure of the National Action Plan is devoted to children?", "law"),
    ("Which measure under the Strategy concerns prevention?", "law"),
    ("Where is the shelter?", "fact"),
    ("Which measure was most effective?", "fact"),
])
def test_where_is_a_provision_and_which_measure_of_a_plan_ask_a_law(question: str,
                                                                    kind: str) -> None:
    assert analyse(question).kind == kind


@pytest.mark.parametrize(("reference", "share"), [
    ("Article 61 of the Criminal Code (aggravating circumstances)", 1.0),
    ("Article 145 (forced labour)", 0.0),
    ("Article 61 of the Criminal Code", 0.0),
    ("Section 2(6) of the Victims of Crime Act (Act No. 274/2017 Coll.)", 0.0),
])
def test_a_provision_titled_by_the_question_s_words(reference: str, share: float) -> None:
    question = analyse("Which article of the Criminal Code lists aggravating circumstances?")
    assert title_fit(question.terms, reference) == share
