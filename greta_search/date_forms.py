"""The dates an answer can give, each read whole at the precision it is written (issue 10):
a day ("7 May 2010", "28th November 2024", "29.11.2016", "03/06/2025", "2024-03-07"), a
month ("June 2024"), a part of a year ("Q3 2024", "the third quarter of 2024", "H1 2024",
"the second half of 2024", "autumn 2024", "the spring of 2023", "mid-2023", "early 2022",
"the end of 2025"), a financial or split year ("FY2023/24", "the financial year 2024/25",
"2023/24"), a period of years ("2019–2025") or a year alone; never a year cut out of a
wider date. `since_when` says whether a question asks when something started, whose answer
keeps the "since" or "from" written before its date ("since 2019", "from 1 January 2023")."""

from __future__ import annotations

import re

from greta_search.layout import MONTHS, YEAR

# A year written on its own in running text: not a part of a longer number, a day
# ("12.06.2024"), a decimal or a split year's second half; the first year of "2019-2025"
# counts, its second does not.
YEAR_RE = re.compile(rf"(?<![\d.,/-])({YEAR})(?![\d]|[.,]\d)")
ORDINAL = "(?:st|nd|rd|th)?"  # "3rd March 2024", "March 3rd, 2024"
MONTH_YEAR = rf"(?:(?:{MONTHS})\s+)?{YEAR}"
SEASON = r"(?:spring|summer|autumn|winter|(?<=\bin\s)fall|(?<=\bthe\s)fall)"
PART = (r"(?:first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
        r"(?:quarter|half|semester|trimester)")
EDGE = r"(?:end|beginning|start|middle|turn|close)"
# Two years one after the other: "2021/22", "2021-2022", "2024 – 25", "1999/00".
TWO_YEARS = rf"{YEAR}\s?[/–—-]\s?(?:{YEAR}|\d{{2}})"
# A twelve-month period (a financial, school or judicial year) written across two years:
# "FY2021/22", "FY 2021-22", "2021/22", "2021/2022", "2024–25", "1999/00" (`period_of`).
PERIOD_RE = re.compile(
    rf"(?<![\w/])(?P<fy>FY\s?)?(?P<first>{YEAR})\s?(?P<sep>[/–—-])\s?"
    rf"(?P<second>{YEAR}|\d{{2}})(?![\w/])")
DATE_RE = re.compile(
    # a part of a year: a quarter or half, a season, a stretch of a year or month
    rf"\bQ[1-4]\s*[/-]?\s*{YEAR}\b|\b{YEAR}\s*[/-]?\s*Q[1-4]\b|\bH[12]\s+{YEAR}\b"
    rf"|\b(?:the\s+)?{PART}\s+of\s+(?:the\s+year\s+)?{MONTH_YEAR}\b"
    rf"|\b(?:(?:the\s+)?(?:early|late|mid)[\s-]?)?(?:the\s+)?{SEASON}\s+(?:of\s+)?{YEAR}"
    rf"(?:\s*/\s*\d{{2}})?\b"
    rf"|\b(?:early|late|mid)(?:-|\s+){MONTH_YEAR}\b"
    rf"|\b(?:the\s+)?{EDGE}\s+of\s+(?:the\s+year\s+)?{MONTH_YEAR}\b"
    # a financial year, a split year
    rf"|\b(?:FY\s?|(?:the\s+)?(?:financial|fiscal|budget)\s+year\s+){YEAR}"
    rf"(?:\s*[/–-]\s*(?:{YEAR}|\d{{2}}))?\b"
    # a day, a month, a period of years, a year
    rf"|\b\d{{1,2}}[./]\d{{1,2}}[./]{YEAR}\b"
    rf"|\b{YEAR}-\d{{1,2}}-\d{{1,2}}\b"
    # two years, a twelve-month period or not (`dates_in` reads it with `period_of`)
    rf"|\b{TWO_YEARS}(?![\w/])"
    rf"|\b(?:{MONTHS})\s+\d{{1,2}}{ORDINAL},?\s+{YEAR}\b"
    rf"|\b\d{{1,2}}{ORDINAL}(?:\s*(?:and|–|-|,)\s*\d{{1,2}}{ORDINAL})*\s+(?:{MONTHS})\s+"
    rf"{YEAR}\b"
    rf"|\b(?:{MONTHS})\s+{YEAR}\b"
    rf"|\b{YEAR}\s*[–-]\s*{YEAR}\b"
    rf"|(?<![\d.,/-]){YEAR}(?![\d-]|[.,]\d)"
)
# A question asking when something started: "Since when ...?", "From when ...?", "As of
# what date ...?", "How long has ... since ...?" is not one (a length of time).
SINCE_WHEN_RE = re.compile(
    r"\b(?:since|from|as\s+of|starting)\s+(?:when|what\s+(?:date|year|time))\b", re.I)
# The word that makes a date the start of what the sentence says.
SINCE_BEFORE_RE = re.compile(r"\b(?:[Ss]ince|[Ff]rom|[Aa]s\s+of|[Ss]tarting)\s+(?:on\s+)?$")
UNTIL_AFTER_RE = re.compile(r"\s*(?:to|until|till|through)\b")


def period_of(match: re.Match) -> tuple[int, int] | None:
    """The twelve-month period a `PERIOD_RE` match writes, (2021, 2022) for "FY2021/22", or
    None: the second year must be the one after the first, whole or by its last two digits
    ("1999/00" is (1999, 2000)), and the two must be joined by a slash, follow "FY" or the
    second be two digits; "2020-2025" and "2024-2025" without "FY" are ranges of years, and
    "2022/17" (a regulation's number) no period."""
    first, second = int(match["first"]), match["second"]
    following = first + 1
    if int(second) != (following if len(second) == 4 else following % 100):
        return None
    if match["fy"] or match["sep"] == "/" or len(second) == 2:
        return first, following
    return None


def periods(text: str) -> set[tuple[int, int]]:
    """The twelve-month periods `text` writes: {(2021, 2022)} for "FY2021/22"."""
    return {found for m in PERIOD_RE.finditer(text) if (found := period_of(m))}


def dates_in(text: str) -> list[tuple[int, int]]:
    """Where the dates of `text` are, each whole (see the module docstring). Two years are
    one date when they are a twelve-month period (`period_of`: "2023/24", "2021/2022",
    "2021-22") or a range of years ("2019–2025"); in "Regulation 2022/17" the date is the
    year alone, and "2019-25" is none."""
    out = []
    for match in DATE_RE.finditer(text):
        start, end = match.span()
        two = PERIOD_RE.fullmatch(match.group())
        if two and not two["fy"] and not period_of(two):
            if two["sep"] == "/":
                end = start + 4
            elif len(two["second"]) == 2:
                continue
        out.append((start, end))
    return out


def since_when(question: str) -> bool:
    """Whether the question asks from when something holds ("Since when have the courts
    kept a list ...?")."""
    return bool(SINCE_WHEN_RE.search(question))


def with_start_word(sentence: str, start: int, end: int) -> int:
    """Where a date's answer begins when a start is asked: at the "since" or "from" written
    before it ("since 2019", "from 1 January 2023"; not "from 2019 to 2022", a period)."""
    found = SINCE_BEFORE_RE.search(sentence[max(0, start - 20) : start])
    if not found or UNTIL_AFTER_RE.match(sentence[end:]):
        return start
    return start - (len(sentence[max(0, start - 20) : start]) - found.start())
