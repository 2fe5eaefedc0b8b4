"""Date spans in a candidate sentence: dates and years, each whole at the precision written
("29.11.2016", "7 May 2010", "Q3 2024", "2019–2025"), with a bonus for how well each fits the
date asked (an event's date rather than the end of a period, not part of a name, not the
question's own date). Chosen among a sentence's rivals by `greta_search.spans.choose_span`."""

from __future__ import annotations

import re

from greta_search.answer_types import RANGE_RE, Question
from greta_search.date_events import act_numbers, favour_events
from greta_search.date_forms import dates_in, since_when, with_start_word
from greta_search.number_spans import REFERENCE_BEFORE_RE
from greta_search.span_roles import Span

PERIOD_RE = re.compile(r"\b(?:period|years|between|during|from|which\s+years)\b", re.I)
# A date right after a capitalised word that is no preposition is part of a name ("the
# Action Plan 2024–2028", "Regulation 2022/17").
TITLED_RE = re.compile(r"(?<![.!?]\s)\b(?!(?:In|On|Since|From|By|Until|During|At|For|As|Of|Before"
                       r"|After|Between|To|Through|The|And|Or|Up)\b)[A-Z][a-z]+\s+$")
UNTIL_RE = re.compile(r"\b(?:until|till|expire|expiry|deadline|valid|last|end)\b", re.I)


def date_spans(sentence: str, question: Question) -> list[Span]:
    """Dates and years, each whole at the precision written (`greta_search.date_forms`):
    "29.11.2016", "7 May 2010", "Q3 2024", "autumn 2024", "2019–2025", "2006"; with the
    "since" or "from" before it when the question asks since when."""
    spans = []
    asked = set(re.findall(r"\d+", question.text))
    for start, end in dates_in(sentence):
        text = sentence[start:end]
        before = sentence[max(0, start - 40) : start]
        if REFERENCE_BEFORE_RE.search(before.rstrip(" “\"(")):
            continue
        if set(re.findall(r"\d+", text)) <= asked:
            continue  # a date or period the question itself names ("the Strategy 2022-2026")
        if re.match(r":\d", sentence[end : end + 2]):
            continue  # "Act 2018:1406", "(2006:441)": the number of an act, not its date
        full = bool(re.search(r"[.\s/]", text))
        bonus = 0.5 if full else 0.0
        if re.search(r"\b(?:dated|on|since|from)\s+$", before):
            bonus += 0.4  # "dated 3 September 2009", "on 29.11.2016"
        elif re.search(r"\b(?:until|till|up\s+to)\s+$", before) and not UNTIL_RE.search(
                question.text):
            bonus -= 1.5  # "suspended until 1 January 2026": the end of a period, not an event
        if RANGE_RE.fullmatch(text) and not PERIOD_RE.search(question.text):
            bonus -= 0.6  # a period ("2025–2028") when a date is asked for
        if re.search(r"“[^”]*$", sentence[:start]):
            bonus -= 0.5  # inside a quoted title
        if TITLED_RE.search(before):
            bonus -= 1.0  # part of a name: "the National Action Plan 2024–2028"
        spans.append(Span(text, start, end, bonus))
    act_numbers(sentence, question, spans)  # the date of the act or case asked by number
    favour_events(sentence, question, spans)  # the date of the event asked
    if since_when(question.text):
        for span in spans:  # "since 2019", "from 1 May 2023"
            span.start = with_start_word(sentence, span.start, span.end)
            span.text = sentence[span.start : span.end]
    return spans
