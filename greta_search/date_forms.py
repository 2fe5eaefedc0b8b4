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

from greta_search.layout import MONTHS

YEAR = r"(?:19|20)\d{2}"
ORDINAL = "(?:st|nd|rd|th)?"  # "3rd March 2024", "March 3rd, 2024"
MONTH_YEAR = rf"(?:(?:{MONTHS})\s+)?{YEAR}"
SEASON = r"(?:spring|summer|autumn|winter|(?<=\bin\s)fall|(?<=\bthe\s)fall)"
PART = (r"(?:first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
        r"(?:quarter|half|semester|trimester)")
EDGE = r"(?:end|beginning|start|middle|turn|close)"
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
    rf"|\b{YEAR}/\d{{2}}(?![\d/])"
    # a day, a month, a period of years, a year
    rf"|\b\d{{1,2}}[./]\d{{1,2}}[./]{YEAR}\b"
    rf"|\b{YEAR}-\d{{1,2}}-\d{{1,2}}\b"
    rf"|\b(?:{MONTHS})\s+\d{{1,2}}{ORDINAL},?\s+{YEAR}\b"
    rf"|\b\d{{1,2}}{ORDINAL}(?:\s*(?:and|–|-|,)\s*\d{{1,2}}{ORDINAL})*\s+(?:{MONTHS})\s+"
    rf"{YEAR}\b"
    rf"|\b(?:{MONTHS})\s+{YEAR}\b"
    rf"|\b{YEAR}\s*[–-]\s*{YEAR}\b"
    rf"|(?<![\d.,/-]){YEAR}(?![\d-]|[.,]\d)"
)
SPLIT_YEAR_RE = re.compile(rf"({YEAR})/(\d{{2}})")
# A question asking when something started: "Since when ...?", "From when ...?", "As of
# what date ...?", "How long has ... since ...?" is not one (a length of time).
SINCE_WHEN_RE = re.compile(
    r"\b(?:since|from|as\s+of|starting)\s+(?:when|what\s+(?:date|year|time))\b", re.I)
# The word that makes a date the start of what the sentence says.
SINCE_BEFORE_RE = re.compile(r"\b(?:[Ss]ince|[Ff]rom|[Aa]s\s+of|[Ss]tarting)\s+(?:on\s+)?$")
UNTIL_AFTER_RE = re.compile(r"\s*(?:to|until|till|through)\b")


def dates_in(text: str) -> list[tuple[int, int]]:
    """Where the dates of `text` are, each whole (see the module docstring). A number after
    a year and a slash is a split year only when it is the next year ("2023/24"); in
    "Regulation 2022/17" the date is the year alone."""
    out = []
    for match in DATE_RE.finditer(text):
        start, end = match.span()
        split = SPLIT_YEAR_RE.fullmatch(match.group())
        if split and int(split.group(2)) != (int(split.group(1)) + 1) % 100:
            end = start + 4
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
