"""Replies sent as a memorandum: a header "TO:<TAB>GRETA Secretariat", "FROM:", "DATE:",
"SUBJECT:<TAB>Reply of the Republic of X to the Questionnaire ..." (or "Submitted: ...")
names the State only on its SUBJECT line and dates the reply in the US way ("February 9,
2026", "11/14/2023"). Every test runs on generated variants (labels, tabs or spaces, date
forms, the dates elsewhere in the reply that tell month-first use)."""

from __future__ import annotations

import random

import pytest

from greta_search.countries import states
from greta_search.meta import month_first, written_date
from tests.conftest import parse_generated

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SUBJECTS = ("Reply of the Republic of {s} to the Questionnaire for the evaluation of the "
            "implementation of the Convention by the Parties",
            "Replies of the Government of {s} to the GRETA Questionnaire",
            "Reply of {s} to the Questionnaire (fourth evaluation round)")
SEPARATORS = ("\t", "\t\t", " ", "  \t")


def date_forms(rng: random.Random) -> tuple[str, str, list[str]]:
    """(as written, as read, other dates of the reply that tell how numbers are ordered)."""
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2023, 2027)
    read = f"{day} {MONTHS[month - 1]} {year}"
    form = rng.randrange(6)
    if form == 0:
        return f"{MONTHS[month - 1]} {day}, {year}", read, []
    if form == 1:
        return f"{MONTHS[month - 1]} {day}{'th' if day > 3 else ''}, {year}", read, []
    if form == 2:
        return read, read, []
    late = rng.randint(13, 28)  # a day no month has the number of
    if form == 3:  # month first, told by another date of the reply
        return f"{month}/{day}/{year}", read, [f"12/{late}/2025"]
    if form == 4:  # day first, told by another date
        return f"{day}/{month}/{year}", read, [f"{late}/11/2025"]
    return f"{month}/{late}/{year}", f"{late} {MONTHS[month - 1]} {year}", []


def make_memo(seed: int) -> tuple[str, str, str]:
    """(text, State, submission date as read)."""
    rng = random.Random(seed)
    state = rng.choice([s["en"] for s in states() if s["status"] == "fictional"])
    sep = rng.choice(SEPARATORS)
    written, read, others = date_forms(rng)
    upper = rng.random() < 0.5

    def label(name: str) -> str:
        return f"{name.upper() if upper else name}:{sep}"

    dated = (f"{label('Date')}{written}" if rng.random() < 0.7
             else f"Submitted: {written}")
    header = [f"{label('To')}GRETA Secretariat", f"{label('From')}Ministry of the Interior",
              dated, f"{label('Subject')}{rng.choice(SUBJECTS).format(s=state)}"]
    if rng.random() < 0.3:
        header = ["MEMORANDUM", "", *header]
    out = [*header, ""]
    for number in range(1, rng.randint(3, 6)):
        out += [f"Question {number}: How are victims of question {number} assisted?", ""]
        told = f" (decision of {others[0]})" if others and number == 2 else ""
        out += [f"Victims are assisted by the shelters of the Ministry{told}.", ""]
    return "\n".join(out), state, read


SEEDS = range(80)


parse = parse_generated


@pytest.mark.parametrize("seed", SEEDS)
def test_the_memorandum_header_names_the_state_and_the_date(seed):
    text, state, read = make_memo(seed)
    doc = parse(text)
    assert (doc.meta.country, doc.meta.submitted) == (state, read), seed
    assert [q.number for q in doc.questions()] == list(range(1, len(doc.questions()) + 1))


@pytest.mark.parametrize(("text", "order", "read"), [
    ("February 9, 2026", None, "9 February 2026"), ("9th February 2026", None, "9 February 2026"),
    ("11/14/2023", None, "14 November 2023"), ("14/11/2023", None, "14 November 2023"),
    ("2/9/2026", True, "9 February 2026"), ("2/9/2026", False, "2 September 2026"),
    ("2/9/2026", None, None), ("13/13/2026", None, None), ("Ministry", None, None),
])
def test_written_dates(text, order, read):
    assert written_date(text, order) == read


def test_month_first_use_is_told_by_the_other_dates():
    assert month_first(["on 11/14/2023 and 3/4/2024"]) is True
    assert month_first(["on 14/11/2023", "3/4/2024"]) is False
    assert month_first(["Signed February 9, 2026"]) is True
    assert month_first(["3/4/2024"]) is None


def test_the_generator_varies():
    memos = [make_memo(seed) for seed in SEEDS]
    assert len({m[0] for m in memos}) == len(memos)
    assert len({m[0].split("\n")[2][:4] for m in memos}) > 2
