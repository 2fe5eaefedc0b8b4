"""How far a number's answer reaches (issue 10: the number a question asks for, whole, with
its qualifier). A number span (`greta_search.number_spans`) is widened to what reads
as one answer:

* a range whose first end is written apart: "MVF 40,000 to [MVF 120,000]", "between 40,000
  and [150,000 BDD]", "one to [ten years]", "from [1.5 to 6 years]" (never a change from one
  value to another: "raised from MVF 245,000 to MVF 490,000" keeps the new value);
* a rate: "EUR 300 a month", "four times a year", "EUR 150 per meeting";
* a proportion: "7 cases out of 10", "14 of the 22 institutions";
* the counted noun whole: "2 types of exploitation", "four Decisions of the Cabinet", "3 % of
  the annual turnover", "3 to 10 years' imprisonment", "15 and above".

A qualifier before the number ("up to", "at least", "under") is `span_roles.qualifier_before`.
Widening only lengthens the text the span shows; which number is chosen is decided before.
"""

from __future__ import annotations

import re

from greta_search import currency
from greta_search.answer_types import TIME_UNITS
from greta_search.layout import YEAR
from greta_search.numbers import IN_WORDS, NUMBER, SCALE

# A number in figures or in words ("one" included: "one to ten years").
WORD_NUMBER = rf"(?:{IN_WORDS}|one)"
FIGURE = rf"(?:{NUMBER}|\b{WORD_NUMBER}\b)"
_MONEY_BEFORE = rf"(?:(?:(?<![\w-])(?-i:[A-Z]{{3}})|{currency.SIGN})\s?)?"
_AFTER_FIGURE = rf"(?:\s+{SCALE})?(?:\s+(?:(?-i:[A-Z]{{3}})|{TIME_UNITS}))?"
# The first end of a range before the span: "MVF 40,000 to ", "between 40,000 and ", "from
# one to ", "10 million to ".
RANGE_BEFORE_RE = re.compile(
    rf"(?:\bbetween\s+{_MONEY_BEFORE}{FIGURE}{_AFTER_FIGURE}\s+and"
    rf"|(?:\bfrom\s+)?{_MONEY_BEFORE}{FIGURE}{_AFTER_FIGURE}(?:\s+to|\s*[–—]))\s*$",
    re.IGNORECASE)
# A change from one value to another, not a range: "raised from X to Y", "fell from X to Y".
CHANGE_RE = re.compile(r"\b(?:(?:increas\w*|decreas\w*|rais\w*|r[io]se|risen|grown|grew|fell"
                       r"|fallen|dropp\w*|declin\w*|reduc\w*|lower\w*|cut|went\s+(?:up|down)"
                       r"|chang\w*)\s+(?:\w+\s+)?|(?:up|down)\s+)$", re.IGNORECASE)
# "from " before a range the span already holds ("from 1.5 to 6 years").
FROM_RE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
TWO_ENDS_RE = re.compile(rf"{FIGURE}\s+(?:to|and)\s+{FIGURE}|{NUMBER}\s*[–—-]\s*\d",
                         re.IGNORECASE)
# What may follow a number's span and belong to it.
SINGULAR_UNITS = r"(?:second|minute|hour|day|night|week|month|quarter|year)"
RATE_RE = re.compile(rf"\s+(?:(?:a|an|each|every)\s+{SINGULAR_UNITS}\b|per\s+[a-z]+\b)")
POSSESSIVE_RE = re.compile(r"['’]\s+(?:deprivation\s+of\s+liberty|[a-z]+)\b")
OPEN_END_RE = re.compile(r"\s+(?:and|or)\s+(?:above|over|older|more|under|below|younger"
                         r"|less)\b")
STOP_WORDS = frozenset(
    "of in on at to for from by with within against under over into during since until "
    "and or but that which who whom whose were was are is be been being have has had will "
    "would may can could must should shall this these those them it its their his her than "
    "as also each every such per who where when while the a an".split())
_WORD = r"[A-Za-z][\w’'-]*"
# A proportion: "out of 10", "of the 22 institutions", "of a total of 40".
PROPORTION_RE = re.compile(
    rf"\s+(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+)?({NUMBER}|\b{WORD_NUMBER}\b)(?![\w.,-]\d)",
    re.IGNORECASE)
# A complement of the counted noun: "of exploitation", "of the Cabinet", "of the annual
# turnover", "of the provider's annual turnover".
COMPLEMENT_RE = re.compile(r"\s+of\s+(?:the\s+|an?\s+)?(?=[A-Z]|(?<=of\s)[a-z])")
# A counted noun that names a kind of something, or a document, and says what only with its
# complement ("2 types [of exploitation]", "four Decisions [of the Cabinet]"); others keep
# to their noun ("46 victims" of "46 victims of trafficking").
CLASSIFIER_RE = re.compile(r"\b(?:types|kinds|forms|categories|sorts|classes|[A-Z][a-z]+s)$")
SHARE_OF_RE = re.compile(
    r"\s+of\s+(?:the\s+|an?\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,2}(?:turnover|income|revenue"
    r"|salary|salaries|wages?|profits?|value|amount|proceeds|budget|price|costs?)\b",
    re.IGNORECASE)


def _words(sentence: str, at: int, most: int) -> int:
    """Where a run of up to `most` words after `at` that are no stop words ends (`at` when
    none): "exploitation", "Cabinet", "annual turnover"."""
    end = at
    for match in re.finditer(rf"\s*({_WORD})", sentence[at:]):
        if match.start() != end - at or match.group(1).lower() in STOP_WORDS or most == 0:
            break
        end, most = at + match.end(), most - 1
    return end


def range_start(sentence: str, start: int) -> int:
    """Where a range ending at the span starting at `start` begins ("[MVF 40,000 to ]MVF
    120,000", "[between 40,000 and ]150,000 BDD", "[from ]1.5 to 6 years" when the span holds
    both ends); `start` when the span is no range's second end, or a change of value."""
    before = sentence[max(0, start - 60) : start]
    found = RANGE_BEFORE_RE.search(before)
    if found and not CHANGE_RE.search(before[: found.start()]) and not re.match(
            rf"(?:from\s+|between\s+)?{YEAR}\b", found.group(), re.IGNORECASE):
        return start - len(before) + found.start()  # not "from 2019 to 2025"
    if TWO_ENDS_RE.match(sentence, start):
        opener = FROM_RE.search(sentence[max(0, start - 6) : start])
        if opener and not CHANGE_RE.search(sentence[max(0, start - 40) : start - 5]):
            return start - len(opener.group())
    return start


def span_end(sentence: str, stop: int, counted: bool, share: bool) -> int:
    """Where a number's answer ends, from `stop` (the end of its noun or currency): through
    a proportion ("out of 10", "of the 22 institutions"), the complement of a counted noun
    ("types[ of exploitation]") or of a share ("3 %[ of the annual turnover]"), a possessive
    ("years['] imprisonment"), an open end ("15[ and above]") and a rate ("[ a month]")."""
    proportion = PROPORTION_RE.match(sentence, stop)
    if proportion:
        stop = _words(sentence, proportion.end(), 3)
    elif share and SHARE_OF_RE.match(sentence, stop):
        stop = SHARE_OF_RE.match(sentence, stop).end()
    elif counted and CLASSIFIER_RE.search(sentence, 0, stop) and (
            of := COMPLEMENT_RE.match(sentence, stop)):
        words = _words(sentence, of.end(), 2)
        if words > of.end():
            stop = words
    possessive = POSSESSIVE_RE.match(sentence, stop)
    if possessive and sentence[stop - 1 : stop] == "s":
        stop = possessive.end()
    if (open_end := OPEN_END_RE.match(sentence, stop)):
        stop = open_end.end()
    rate = RATE_RE.match(sentence, stop)
    return rate.end() if rate else stop


def share_of(sentence: str, stop: int) -> bool:
    """Whether a share written up to `stop` is one of an amount of money ("3 %[ of the
    annual turnover]"): a fine or a payment asked may be one."""
    return bool(SHARE_OF_RE.match(sentence, stop))


# How much of the question's words a sentence without the number asked lends to the next
# sentence of its passage, which has one ("... must hand the worker a written contract. A
# breach is punished with a fine of up to RUC 200,000.").
CARRY = 0.8


def carry_context(sentences: list, has_span) -> list[tuple[object, float, object]]:
    """For sentences in passage order, those that follow a sentence of their passage
    without a span of the kind asked and have one, each with its keyword share taking over
    that sentence's (CARRY of it, when more than its own) and that sentence (whose year it
    also speaks of: "... accommodated 71 victims in 2025. The average stay was 97 days.")."""
    out = []
    for before, after in zip(sentences, sentences[1:], strict=False):
        if before.passage is after.passage and not has_span(before) and has_span(after):
            out.append((after, max(after.keyword, CARRY * before.keyword), before))
    return out


# An age asked ("Up to what age ...", "For what age range ...", "How old ..."), and a number
# that reads as one: after "aged", "under", "over" ..., or before "years (old)", "and above".
AGE_ASKED_RE = re.compile(r"\bwhat\s+age\b|\bage\s+(?:range|limit|group)\b|\bhow\s+old\b",
                          re.IGNORECASE)
AGE_BEFORE_RE = re.compile(r"\b(?:aged|age\s+of|ages\s+of|under|over|above|below|from|until"
                           r"|between)\s+$", re.IGNORECASE)
AGE_AFTER_RE = re.compile(r"(?:\s+to\s+\S+)?\s*(?:years?(?:\s+old|\s+of\s+age)?|and\s+(?:above"
                          r"|over|older|under|younger|below))\b", re.IGNORECASE)


def fits_age(question: str, sentence: str, number: int, stop: int) -> bool:
    """Whether a number span (`number`: where its figure starts, `stop`: its end) is of the
    shape asked, when an age is asked: one written as an age ("aged from 1.5 to 6 years",
    "under 15", "14 and above"), not a count ("2 preschool-age children"); any fits when no
    age is asked."""
    if not AGE_ASKED_RE.search(question):
        return True
    figure_end = re.match(rf"{FIGURE}(?:\s+to\s+{FIGURE})?", sentence[number:stop], re.IGNORECASE)
    after = sentence[number + (figure_end.end() if figure_end else 0):]
    return bool(AGE_BEFORE_RE.search(sentence[max(0, number - 12) : number])
                or AGE_AFTER_RE.match(after))
