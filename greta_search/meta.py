"""What a reply says about itself on its title page: document code, country, round,
thematic focus, submission date, title, and the language it is written in (never taken from
the file name); and the note it may put after the title page, before its first Part. Used by
`parse`.
"""

from __future__ import annotations

import re

from greta_search.blocks import SENTENCE_END, logical_lines, split_blocks
from greta_search.countries import english_name
from greta_search.layout import (
    MONTHS,
    clean,
    glossary_line,
    is_bullet,
    part_heading,
    question_heading,
    section_heading,
)
from greta_search.load import SourceLine
from greta_search.tree import Paragraph

META_PATTERNS = {
    "code": re.compile(r"\b(GRETA\(\d{4}\)\d+(?:_[A-Za-z]+)*)"),
    "country": re.compile(
        r"^(?:Repl(?:y|ies)|Answers?|Responses?|Submission|Information (?:provided|submitted))"
        r" (?:by|of|from) (?:the )?(?:Government of )?(?:the )?(.+?)\s*$", re.IGNORECASE),
    "round": re.compile(r"^(\w+) (?:evaluation round|cycle d[’']évaluation)\b", re.IGNORECASE),
    "thematic_focus": re.compile(r"^Thematic focus\s*:\s*(.+)$", re.IGNORECASE),
    "submitted": re.compile(
        r"(?:\b(?:submitted(?: on)?|date of (?:submission|transmission)|soumise le)"
        r"|^(?:(?:reply|replies|answers?|document)\s+)?(?:transmitted|sent|forwarded)(?: on)?)"
        r"\s*:?\s+(?:the\s+)?"
        r"(\d{1,2}(?:st|nd|rd|th)?(?: of)? \w+,? \d{4}"  # "12th of February 2026"
        rf"|(?:{MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"  # "February 12, 2026"
        r"|\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2})\b", re.IGNORECASE),
}
MONTH_NAMES = MONTHS.split("|")


def date_written(text: str) -> str:
    """A submission date as the replies mostly write it, "12 February 2026": from "12th of
    February 2026", "February 12, 2026", "12.02.2026" (day first) or "2026-02-12"; a date
    in another language stays as written ("3 mars 2030")."""
    numeric = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})|(\d{4})-(\d{2})-(\d{2})", text)
    if numeric:
        day, month, year = numeric.group(1, 2, 3) if numeric.group(1) else numeric.group(6, 5, 4)
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return f"{int(day)} {MONTH_NAMES[int(month) - 1]} {year}"
        return text
    first = re.fullmatch(rf"({MONTHS}) (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})", text,
                         re.IGNORECASE)
    if first:
        return f"{first.group(2)} {first.group(1).capitalize()} {first.group(3)}"
    return re.sub(r"^(\d+)(?:st|nd|rd|th)?(?: of)? (\w+),? ", r"\1 \2 ", text)


STYLE_RE = re.compile(r"^(?:the\s+)?(?:Government|Republic|Kingdom|Principality|Grand Duchy)"
                      r"\s+of\s+(?:the\s+)?", re.IGNORECASE)


def state_name(name: str) -> str:
    """A State as a title page names it, as the English replies name it: "REPUBLIC OF
    BORDURIA" -> "Borduria", "Azerbaïdjan" -> "Azerbaijan", "Republic of Moldova" stays; a
    State not in the table keeps its name (in capitals made title case: "Grand Fenwick")."""
    for candidate in (name, STYLE_RE.sub("", name)):
        english = english_name(candidate)
        if english:
            return english
    if not name.isupper():
        return name
    words = name.title().split()
    return " ".join([words[0]] + [w.lower() if w.lower() in SMALL_WORDS else w for w in words[1:]])


# A place is a name: capitalised words ("Klow", "The Hague", "Saint-Denis", "Frankfurt am
# Main"), not a title dated ("Specialised staff on trafficking, 31 December 2025")
PLACE = r"[A-Z][\w'-]*(?:[ -](?:[A-Z][\w'-]*|am|an|de|del|di|du|la|le|sur|upon|on))*"
PLACE_DATE_RE = re.compile(rf"^(?:{PLACE},\s*)?(\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}})\.?$")


def dated(lines: list[SourceLine]) -> str | None:
    """The date a title page gives alone on its line ("Kravnik, 9 March 2026", before the
    first Part): the day the reply was signed and sent, where it says no "submitted on"."""
    for line in lines[:200]:
        text = clean(line.text)
        if part_heading(text):
            return None
        m = PLACE_DATE_RE.match(text)
        if m:
            return m.group(1)
    return None


# a memorandum's header: "TO: GRETA Secretariat", "SUBJECT: Reply of ...", "DATE: ..."
MEMO_SUBJECT_RE = re.compile(r"^(?:SUBJECT|Subject|RE|Re|OBJECT|Object)\s*:\s*")
MEMO_DATE_RE = re.compile(r"^(?:DATE|Date|SUBMITTED|Submitted|Date of submission|Submission date"
                          r"|DATE OF SUBMISSION)(?:\s+on)?\s*:?\s+(.+?)\.?$")
WORD_DATE_RE = re.compile(rf"^(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTHS})"
                          rf"|(?P<us_month>{MONTHS})\s+(?P<us_day>\d{{1,2}})(?:st|nd|rd|th)?,?)"
                          r"\s+(?P<year>\d{4})$")
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
US_DATE_RE = re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}\b")


def month_first(texts: list[str]) -> bool | None:
    """Whether a document writes its numeric dates month first ("11/14/2023", or months in
    words first: "February 9, 2026"), day first ("14/11/2023") or None when nothing tells."""
    first = later = 0
    for text in texts:
        for m in NUMERIC_DATE_RE.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            first += a <= 12 < b <= 31
            later += b <= 12 < a <= 31
        first += len(US_DATE_RE.findall(text))
    return None if first == later else first > later


def written_date(text: str, months_first: bool | None) -> str | None:
    """ "9 February 2026" for "February 9, 2026", "9th February 2026", "2/9/2026" (month first
    as `months_first` says; a number above 12 tells by itself)."""
    m = WORD_DATE_RE.match(text)
    if m:
        day, month = m.group("day") or m.group("us_day"), m.group("month") or m.group("us_month")
        return f"{int(day)} {month} {m.group('year')}"
    m = NUMERIC_DATE_RE.fullmatch(text)
    if not m:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if a > 12 or b > 12:
        months_first = b > 12
    if months_first is None:
        return None  # "3/4/2026": March or April
    month, day = (a, b) if months_first else (b, a)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{day} {MONTH_NAMES[month - 1]} {year}"


def memo_date(lines: list[SourceLine]) -> str | None:
    """The date a memorandum's header gives ("DATE: February 9, 2026", "Submitted: 11/14/2023")
    before the first Part or question, as "9 February 2026"."""
    texts = [clean(line.text) for line in lines]
    order = month_first(texts)
    for text in texts[:200]:
        if part_heading(text) or question_heading(text):
            return None
        m = MEMO_DATE_RE.match(text)
        date = written_date(m.group(1), order) if m else None
        if date:
            return date
    return None


def focus_after_round(lines: list[SourceLine]) -> str | None:
    """The thematic focus a title page gives without its label, on the line after the
    round's ("Third evaluation round" / "Access to justice and effective remedies for ..."):
    a title of some words in sentence case, no sentence, no metadata or heading."""
    texts = [clean(line.text) for line in lines[:300] if line.text.strip()]
    for index, text in enumerate(texts[:-1]):
        if not META_PATTERNS["round"].search(text):
            continue
        after = texts[index + 1]
        words = after.split()
        if (len(words) >= 4 and len(after) <= 200 and after[:1].isupper()
                and any(w.islower() for w in words) and not after.endswith(tuple(".;:,?!"))
                and not _not_title(after) and not PLACE_DATE_RE.match(after)):
            return after
        return None
    return None


def round_named(lines: list[SourceLine]) -> str | None:
    """The evaluation round the title page names ("Fourth")."""
    for line in lines[:300]:
        m = META_PATTERNS["round"].search(clean(line.text))
        if m:
            return m.group(1)
    return None


LANGUAGE_MARKERS = {
    "en": frozenset("the of and to in is are which with for by this that".split()),
    "fr": frozenset("le la les des du et est sont dans pour par une aux qui".split()),
}


def detect_language(lines: list[SourceLine]) -> str | None:
    """"en" or "fr" by counting common function words (the Council of Europe's two
    official languages); None when there is too little text to tell."""
    words = re.findall(r"[a-zà-ÿ]+", " ".join(line.text for line in lines[:400]).lower())
    counts = {lang: sum(w in markers for w in words) for lang, markers in LANGUAGE_MARKERS.items()}
    best = max(counts, key=counts.get)
    return best if counts[best] >= 20 and counts[best] > 2 * min(counts.values()) else None


# A title page's lines that are not its title: the code, round, focus and date lines, dates
# alone ("Strasbourg, 7 April 2026", "07.04.2026"), the structure that follows.
_DATE_LINE = (rf"^(?:[A-Z][\w' -]*,\s*)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTHS})\s+\d{{4}}\.?$"
              r"|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_NOT_TITLE_RE = re.compile(rf"{_DATE_LINE}|\bround\b|^thematic\b|:$", re.IGNORECASE)
_DATE_LINE_RE = re.compile(_DATE_LINE, re.IGNORECASE)
# A title goes on past a blank line (a title page set as separate paragraphs) where the next
# line starts with, or the title so far ends with, a word that joins the two.
_JOINING = "to|for|of|on|in|by|from|and|against|concerning|regarding|under|with|at"
_STARTS_JOINED_RE = re.compile(rf"^(?:{_JOINING})\b", re.IGNORECASE)
_ENDS_OPEN_RE = re.compile(rf"\b(?:{_JOINING}|the|a|an)$", re.IGNORECASE)
MAX_TITLE = 400  # characters: past this a "title" is running text


def title_from_front_matter(lines: list[SourceLine]) -> str | None:
    """The reply's title as a reader sees it: the title page's line starting "Reply ..."
    (or "Report ..."), joined with the lines that carry it on ("to the Questionnaire", "for
    the evaluation of ..."), whether they are lines of one paragraph or paragraphs of their
    own, up to the code, round, focus or date line or the first heading."""
    texts = [clean(line.text) for line in lines[:200]]
    for start, text in enumerate(texts):
        opens = start == 0 or not texts[start - 1] or _not_title(texts[start - 1])
        if opens and text.startswith(("Reply ", "Report ", "REPLY ", "REPORT ")) and (
                not META_PATTERNS["submitted"].search(text)):
            return _title_from(texts, start)
    return None


def _title_from(texts: list[str], start: int) -> str:
    """The title starting at line `start`, with the lines that carry it on."""
    parts, gap = [texts[start]], False
    for text in texts[start + 1:]:
        if not text:
            gap = True
            continue
        if _not_title(text) or len(" ".join(parts)) + len(text) > MAX_TITLE or gap and not (
                _STARTS_JOINED_RE.match(text) or _ENDS_OPEN_RE.search(parts[-1])):
            break
        parts.append(text)
        if text.endswith((".", ";", "!", "?")):
            break  # the title's last line, or running text
        gap = False
    return " ".join(parts)


def _not_title(text: str) -> bool:
    """A line that cannot be part of a title: metadata, a date, a heading, a list."""
    return bool(
        any(META_PATTERNS[name].search(text) for name in ("code", "round", "submitted",
                                                          "thematic_focus"))
        or _NOT_TITLE_RE.search(text)
        or part_heading(text) or section_heading(text) or question_heading(text)
        or is_bullet(text)
    )


# --- the note between the title page and the first Part -------------------------------------

TITLE_STARTS = ("Reply ", "Report ", "REPLY ", "REPORT ")
MAX_NOTE_HEADING = 12  # words
MIN_RUNNING_TEXT = 6  # words of a sentence that starts a note


def front_note(paragraphs: list[Paragraph]) -> tuple[str | None, list[Paragraph]]:
    """The note a reply puts between its title page and its first Part (an introductory
    note, who contributed, how figures are given): (its heading or None, its paragraphs);
    (None, []) when there is none. The title page runs up to its last metadata line (code,
    State, title, round, focus, date); the note starts at the first running text after it
    (a sentence or a list), under the short line just before it, if any."""
    last = max((i for i, p in enumerate(paragraphs) if _title_page_line(p.text)), default=-1)
    start = next((i for i in range(last + 1, len(paragraphs))
                  if _running_text(paragraphs[i])), None)
    if start is None:
        return None, []
    before = paragraphs[start - 1].text if start - 1 > last else ""
    heading = before if before and len(before.split()) <= MAX_NOTE_HEADING and not (
        before.endswith((".", ";", ":", ","))) else None
    return heading, paragraphs[start:]


def _title_page_line(text: str) -> bool:
    """A line of the title page proper: code, State, title, round, focus, a date."""
    return len(text) <= MAX_TITLE and bool(
        any(pattern.search(text) for pattern in META_PATTERNS.values())
        or text.startswith(TITLE_STARTS) or _DATE_LINE_RE.search(text))


def note_parts(heading: str | None, paragraphs: list[Paragraph]
               ) -> list[tuple[str | None, list[Paragraph]]]:
    """The front note cut at the headings inside it, each part under its own: a list of
    abbreviations, then "Introduction" (a short line alone, no sentence, above running
    text)."""
    parts: list[tuple[str | None, list[Paragraph]]] = [(heading, [])]
    for index, para in enumerate(paragraphs):
        after = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        text = para.text
        if (after is not None and para.kind == "text" and _running_text(after)
                and text[:1].isupper() and len(text.split()) <= MAX_NOTE_HEADING
                and not text.endswith((".", ";", ":", ",")) and not glossary_line(text)
                and not _running_text(para) and parts[-1][1]):
            parts.append((text, []))
            continue
        parts[-1][1].append(para)
    return [part for part in parts if part[1]]


def _running_text(paragraph: Paragraph) -> bool:
    """A list, or a sentence of some words, or an entry of a list of abbreviations: text,
    not a title page's line."""
    text = paragraph.text
    return paragraph.kind == "list" or glossary_line(text) or (
        text.endswith(SENTENCE_END) and len(text.split()) >= MIN_RUNNING_TEXT
        and any(c.islower() for c in text))


# --- GRETA's evaluation reports ------------------------------------------------------------

MONTH_DATE = r"(\d{1,2}(?:er)?\s+[A-Za-zéû]+\s+\d{4})"
REPORT_TITLE_RE = re.compile(r"^(?:Evaluation report|Rapport d['’]évaluation)\s*[:–—-]?\s*(.*)$",
                             re.IGNORECASE)
COUNTRY_NAME_RE = re.compile(r"(?:the |la |le |l['’])?([A-ZÀ-Ý][^\d()]{1,40})")  # capitalised
SMALL_WORDS = {"and", "of", "the", "et", "de", "la", "le", "du", "des"}
REPORT_PATTERNS = {
    "country": re.compile(
        r"(?:Convention on Action against Trafficking in Human Beings by|"
        r"contre la traite des êtres humains par)\s+(?:the\s+|la\s+|le\s+|les\s+|l['’]\s*)?"
        r"([A-ZÀ-Ý][\w' -]+?)\s*$"),
    "adopted": re.compile(rf"\b(?:adopted|adopté)\b[^.]*?(?:\(\d{{1,2}}\s*[-–]\s*)?{MONTH_DATE}",
                          re.IGNORECASE),
    "published": re.compile(rf"\b(?:published|publié)\s+(?:on\s+|le\s+)?{MONTH_DATE}",
                            re.IGNORECASE),
}


def report_meta(lines: list[SourceLine]) -> dict[str, str]:
    """What a GRETA evaluation report says about itself: its country ("Evaluation Report" /
    "AZERBAIJAN", "Rapport d'évaluation : Azerbaïdjan", "... by Azerbaijan"), round, and
    the dates GRETA adopted and published it. Only what the text states; doc_type
    "report"."""
    found: dict[str, str] = {"doc_type": "report"}
    texts = [clean(line.text) for block in split_blocks(lines[:400])
             for line in logical_lines(block)]
    for i, text in enumerate(texts):
        title = REPORT_TITLE_RE.match(text)
        if title and "country" not in found:  # the name after the title, or on the next line
            rest = title.group(1) or (texts[i + 1] if i + 1 < len(texts) else "")
            name = COUNTRY_NAME_RE.fullmatch(rest)
            if name and len(name.group(1).split()) <= 4:
                found["country"] = name.group(1)
        for key, pattern in REPORT_PATTERNS.items():
            m = pattern.search(text)
            if m and key not in found:
                found[key] = m.group(1).strip()
    if found.get("country"):  # "Azerbaïdjan", "GRAND FENWICK": "Azerbaijan", "Grand Fenwick"
        found["country"] = state_name(found["country"])
    round_ = round_named(lines)
    if round_:
        found["round"] = round_
    return found
