"""One grammar for the numbers written in replies, in English and in the continental house
styles: thousands grouped by a comma ("12,500"), a dot ("1.250.000"), a space, a thin or
no-break space ("12 500", "12\u202f500") or an apostrophe ("12'500"); a decimal point or
comma ("3.5", "3,5"); a sign; a percent sign with or without a space ("35 %"); a scale word
("2,1 million", "4 bn"). `NUMBER` is the pattern, `number_value` its value ("12 500" ->
12500, "3,5 %" -> 3.5), `canonical` a text with every number written one way, so that two
writings of one amount compare equal.

A space-grouped number never joins two numbers: a group after a space is exactly three
digits and the first one to three ("in 2024 12 victims", "Table 3 14 cases" stay apart),
and a number written after a reference word ("Table 3 140", "Articles 12 130") is read
without its groups (`joined_wrongly`); a year (four digits) never opens a group, and a list
("2023, 2024", "12, 130") has a space after its commas, which no group has."""

from __future__ import annotations

import re

from greta_search.layout import MONTHS, YEAR

SPACES = " \u00a0\u202f\u2009"  # a space, a no-break, a narrow no-break and a thin space
_SPACE = f"[{SPACES}]"
# A decimal part after space or apostrophe groups: never three digits after a comma or dot,
# which would be a group of another number ("2024 10 7 211,650" of a table row: 211,650).
_DECIMAL = r"(?:[.,](?!\d{3}(?!\d))\d+)?"
# The integer part: English comma groups, dot groups (two or more, or one before a decimal
# comma: "1.250" alone is English 1.25), space groups, apostrophe groups, or plain digits.
_INTEGER = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?"
    r"|\d{1,3}\.\d{3},\d+"
    rf"|\d{{1,3}}(?:{_SPACE}\d{{3}})+{_DECIMAL}"
    rf"|\d{{1,3}}(?:['’]\d{{3}})+{_DECIMAL}"
    r"|\d+(?:[.,]\d+)?"
)
_GLUED = r"\w.,/'’−+-"
# A number alone: no digit, letter or separator glued before or after it ("12.06.2024" and
# "Article 5-1" hold none); a sign when it is not itself glued to a word ("-4", not "3-10").
_BARE = rf"(?:{_INTEGER})(?!\d|[.,]\d)"
NUMBER = rf"(?:(?:(?<![{_GLUED}])[-−+](?=\d)|(?<![{_GLUED}])){_BARE})"
SCALE = r"(?:million|billion|thousand|mln\.?|bn)"
SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9}
# "35%", "35 %", "35 per cent", "35 percent"
PERCENT = rf"(?:{_SPACE}?%|\s+per\s?cent\b)"
NUMBER_RE = re.compile(NUMBER)
# A range of two numbers: "3 to 10" (of "from 3 to 10"), "3-10", "3–10", "between 3 and 10".
RANGE = (rf"(?:between\s+{NUMBER}\s+and\s+{NUMBER}|{NUMBER}\s+to\s+{NUMBER}"
         rf"|{NUMBER}\s*[-–—]\s*{_BARE})")
REFERENCE_WORDS_RE = re.compile(
    r"(?:\b(?:Articles?|Arts?\.|No\.|Nos\.|Tables?|Sections?|Parts?|Chapters?|Questions?|Q"
    r"|paragraphs?|points?|items?|Annex(?:es)?|pages?|pp?\.)|§§?)\s*$", re.IGNORECASE)
FIRST_GROUP_RE = re.compile(r"[-−+]?\d+")
# A number with its scale word and percent sign, as `canonical` rewrites it.
WRITTEN_RE = re.compile(rf"({NUMBER})(?:\s+({SCALE})\b)?({PERCENT})?", re.IGNORECASE)


def joined_wrongly(text: str, start: int, number: str) -> bool:
    """Whether a space-grouped `number` found at `start` of `text` is two numbers rather
    than one: it follows a reference word ("Table 3 140 cases", "Articles 12 130")."""
    if not re.search(_SPACE, number):
        return False
    return bool(REFERENCE_WORDS_RE.search(text[max(0, start - 20) : start]))


def numbers_in(text: str, pattern: re.Pattern[str] = NUMBER_RE) -> list[re.Match[str]]:
    """Every match of `pattern` (a number, by default) in `text`; a space-grouped number
    joined wrongly is read as its first group ("Table 3 140 cases": 3, then 140)."""
    out: list[re.Match[str]] = []
    position = 0
    while (match := pattern.search(text, position)) is not None:
        first = FIRST_GROUP_RE.match(text, match.start())
        # a match opening with a word ("between 2022 and 2025") is no space-grouped number
        if first is not None and joined_wrongly(text, match.start(), match.group()):
            position = first.end()
            match = pattern.match(text, match.start(), position)
            if match is None:
                continue
        out.append(match)
        position = match.end()
    return out


def number_value(text: str) -> int | float | None:
    """The value of a number as written: "12 500" -> 12500, "1.250.000" -> 1250000,
    "3,5 %" -> 3.5, "2,1 million" -> 2100000, "-4" -> -4 (an int unless a decimal part is
    written); None when `text` is no number."""
    match = re.fullmatch(rf"\s*({NUMBER})\s*({SCALE})?\s*(?:%|per\s?cent)?\s*", text,
                         re.IGNORECASE)
    if match is None:
        return None
    digits = match.group(1).replace("−", "-")
    digits = re.sub(rf"[{SPACES}'’]", "", digits)
    if re.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|[-+]?\d{1,3}\.\d{3},\d+", digits):
        digits = digits.replace(".", "").replace(",", ".")  # "1.250.000", "1.250,5"
    elif re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")  # "12,500", "1,234.5"
    else:
        digits = digits.replace(",", ".")  # "3,5", "12500,75"
    if not match.group(2):
        return float(digits) if "." in digits else int(digits)
    value = float(digits) * SCALES[match.group(2).lower().rstrip(".")]
    return int(value) if value.is_integer() else value


def canonical(text: str) -> str:
    """`text` with each number written one way (no groups, a decimal point, a percent sign
    without a space, a scale word multiplied out), other characters unchanged: "3,5 %" and
    "3.5%" give the same, "12 500 SYT" and "12,500 SYT" too."""
    out, position = [], 0
    for match in WRITTEN_RE.finditer(text):
        if joined_wrongly(text, match.start(), match.group(1)):
            continue
        value = number_value(match.group(1) + (f" {match.group(2)}" if match.group(2) else ""))
        if value is None:
            continue
        written = f"{value:.6f}".rstrip("0").rstrip(".")
        out += [text[position : match.start()], written, "%" if match.group(3) else ""]
        position = match.end()
    return "".join(out) + text[position:]


# A count written in words ("two attorneys", "Twelve victims", "twenty-one cases"); "one" is
# left out ("one of the ...", "one victim": no count of several) but in a length of time
# ("one hour", "a one-day seminar").
LENGTH = "(?:hour|day|week|month|year)"
IN_WORDS = ("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
           "|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
           "|seventy|eighty|ninety")
IN_WORDS_RE = re.compile(rf"(?<![\w(’'-])(?:(?:{IN_WORDS})(?:-(?:one|two|three|four|five|six"
                        rf"|seven|eight|nine))?(?=\s+[A-Za-z])"
                        # "one hour", "a two-day seminar": a length of time, "one" included
                        rf"|(?:{IN_WORDS}|one)-{LENGTH}s?\b|one(?=\s+{LENGTH}s?\b))",
                        re.IGNORECASE)

# A change from one value to another ("increased from 20 to 35", "fell from 12"), and a
# "range" that opens with a year ("in 2023 to 398").
TWO_VALUES_RE = re.compile(rf"{NUMBER}\s+to\s+{NUMBER}")
CHANGE_BEFORE_RE = re.compile(r"\b(?:increas\w*|decreas\w*|r[io]sen?|grown|grew|fell|fallen"
                              r"|dropp\w*|declin\w*|went\s+(?:up|down)|chang\w*)\s+(?:\w+\s+)?"
                              r"from\s+$", re.IGNORECASE)
YEAR_FIRST_RE = re.compile(rf"{YEAR}\s")
# The month after a day: "12 April", "3rd March", "12 and 20 October" (a day, not a count).
DAY_OF_MONTH_RE = re.compile(
    rf"(?:st|nd|rd|th)?(?:\s*(?:and|,|–|-)\s*\d{{1,2}}(?:st|nd|rd|th)?)*\s+(?:{MONTHS})\b")


def counts_in(text: str, pattern: re.Pattern[str] = NUMBER_RE) -> list[re.Match[str]]:
    """The numbers of `text` that may count something, in order: those of `pattern`
    (`numbers_in`) but a day before its month ("on 12 April"), and those written in words
    (IN_WORDS_RE), for the caller to keep where a noun they count follows."""
    found = []
    for match in numbers_in(text, pattern):
        if DAY_OF_MONTH_RE.match(text, match.end()):
            continue
        if TWO_VALUES_RE.fullmatch(match.group()) and (CHANGE_BEFORE_RE.search(
                text, 0, match.start()) or YEAR_FIRST_RE.match(match.group())):
            # "increased from 20 to 35", "from 40 in 2023 to 398": two values, not a range
            found += list(NUMBER_RE.finditer(text, match.start(), match.end()))
            continue
        found.append(match)
    return sorted(found + list(IN_WORDS_RE.finditer(text)), key=lambda m: m.start())
