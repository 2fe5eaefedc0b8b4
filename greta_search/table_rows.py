"""Which rows of a statistics table a question asks for, beside a row per calendar year.

* A period of twelve months written across two years, a financial or school year
  ("FY2021/22", "2021/22", "FY 2021-22", "2021/2022"): the row (or column) labelled with
  that period, never the calendar year it starts in (`period_rows`).
* A table of one year, the year in its caption or the bullet above it ("Presumed victims
  referred to the NRM by region, 2025"), with a row per region or unit: the year asked is
  the table's, the row is the one the question names (`caption_covers`).
* A row named in part: "the National Trafficking Section of the NPA" names the row
  "NPA – National Trafficking Section (NTS)"; a label's parts (split at a dash) and its
  words without the acronyms and note marks it adds count (`named_rows`).
"""

from __future__ import annotations

import re

from greta_search.date_forms import PERIOD_RE, periods
from greta_search.layout import YEAR
from greta_search.tables import Row, StatTable

# A year alone, not an end of a range or period of years ("2020-2025", "2021/22").
LONE_YEAR_RE = re.compile(rf"(?<![\w/–-]){YEAR}(?![\w/–-])")
# What a row label adds to a name: an acronym in brackets, a note mark ("[10]", "(a)").
ADDED_RE = re.compile(r"\s*(?:\([^)]*\)|\[[^\]]*\])")
DASH_RE = re.compile(r"\s+[–—-]\s+|:\s+")
STOP = frozenset("the of for and in on a an to by with against at from".split())


def is_period(label: str) -> bool:
    """Whether a label is a period alone ("FY2021/22", "2021/22 (provisional)")."""
    rest = ADDED_RE.sub("", PERIOD_RE.sub("", label, count=1)).strip()
    return bool(periods(label)) and not rest


def period_rows(table: StatTable, question: str) -> list[Row]:
    """The rows labelled with a period the question names, in the question's order."""
    asked = periods(question)
    rows = [r for r in table.rows if r.label and is_period(r.label) and periods(r.label) & asked]
    return rows if rows and asked else []


def caption_covers(table: StatTable, described: list[str], years: list[int]) -> bool:
    """Whether a table with no row per year is of the one year asked: its caption or the
    bullet describing it names that year and no other."""
    if not years or len(set(years)) != 1 or any(r.year is not None for r in table.rows):
        return False
    named = {int(y) for text in described for y in LONE_YEAR_RE.findall(PERIOD_RE.sub(" ", text))}
    return named == set(years)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w’'-]+", text.lower()) if w not in STOP]


def label_named(label: str, question: str) -> int:
    """How much of a row label the question names (the length of the longest part named,
    0 for none): the whole label, a part of it between dashes of two words or more, or all
    the words of one such part in any order."""
    if re.search(rf"\b{re.escape(label)}\b", question, re.IGNORECASE):
        return len(label)
    bare = ADDED_RE.sub("", label).strip()
    asked = set(_words(question))
    best = 0
    for part in [bare, *DASH_RE.split(bare)]:
        words = _words(part)
        if len(words) < 2 and len(part.split()) < 2:
            continue
        if (re.search(rf"\b{re.escape(part)}\b", question, re.IGNORECASE)
                or (words and all(w in asked for w in words))):
            best = max(best, len(part))
    return best


def named_rows(table: StatTable, question: str) -> list[Row]:
    """The rows that are no year whose label the question names, the one it names most of
    first (a tie between two is no answer: the question does not say which)."""
    scored = [(label_named(r.label, question), i, r) for i, r in enumerate(table.rows)
              if r.year is None and r.label and not is_period(r.label)]
    scored = sorted((s for s in scored if s[0]), key=lambda s: (-s[0], s[1]))
    tied = len(scored) > 1 and scored[0][0] == scored[1][0]
    if tied and scored[0][2].label != scored[1][2].label:
        exact = [s for s in scored if s[2].label.lower() in question.lower()]
        return [exact[0][2]] if len(exact) == 1 else []
    return [r for _, _, r in scored]


def total_row(table: StatTable) -> Row | None:
    """The row labelled as the table's total, if any."""
    return next((r for r in table.rows if r.year is None
                 and re.fullmatch(r"(?:grand\s+)?total", (r.label or "").strip(), re.I)), None)
