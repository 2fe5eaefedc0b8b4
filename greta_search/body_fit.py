"""Which of a sentence's body spans can answer "which court / authority ...?".

`body_spans.body_spans` takes a run of capitalised words with an institution word or an acronym
for a body. Here, added to what it found:

* a currency code is never a body: a three-letter code next to an amount ("12,000 BDD",
  "EUR 117,000") anywhere in the sentence, one the sentence defines after a currency's name
  ("Bordurian dinars (BDD)"), or a common ISO code (EUR, USD, ...); a year is no amount
  ("In 2024 SSB represented ...");
* a body written in lower case and named by its place ("the labour court of Brelnitsa",
  "the municipal inspection of Tarzov") is a span too, a little below a proper name;
* when the question names the kind of body it asks for ("which court", "which
  inspectorate"), a span whose own words hold that noun is preferred. Generic nouns
  ("body", "authority", "institution") prefer nothing.
"""

from __future__ import annotations

import re
from typing import Protocol

from greta_search.currency import CODES, defined, is_currency
from greta_search.date_forms import YEAR_RE
from greta_search.institutions import LOWER_HEADS

CODE_RE = re.compile(r"(?<![\w-])[A-Z]{3}(?![\w-])")
AMOUNT_BEFORE_RE = re.compile(r"(\d[\d,.\u00a0\u202f]*)(?:\s*(?:million|billion|thousand))?\s*$")
AMOUNT_AFTER_RE = re.compile(r"\s*(\d[\d,.\u00a0\u202f]*)")
# "the labour court of Brelnitsa", "municipal inspection of Tarzov": up to two lower-case words
# (not an article or a preposition), the noun, then "of/in/for" and a capitalised place.
LOWER_BODY_RE = re.compile(
    rf"\b(?:(?!(?:the|a|an|of|in|on|by|to|and|or|for|with|from|at)\s)[a-z][\w-]*\s+){{0,2}}"
    rf"(?:{LOWER_HEADS})\s+(?:of|in|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")
ASKED_RE = re.compile(r"\b(?:which|what)\s+(\w+)", re.IGNORECASE)
GENERIC_NOUNS = frozenset(
    "body bodies authority authorities institution institutions organisation organization "
    "organisations organizations entity entities agency structure structures one".split())
NOUN_BONUS = 0.8
LOWER_BONUS = -0.2


class Span(Protocol):
    text: str
    start: int
    end: int
    bonus: float


def currency_codes(sentence: str) -> set[str]:
    """The three-letter codes of `sentence` that are currencies: next to an amount (not a
    year), one the sentence defines ("Bordurian dinars (BDD)", "the national currency, the
    krell (KRL)": `currency.defined`), or an ISO code of the vocabulary."""
    found = set(defined(sentence))
    for match in CODE_RE.finditer(sentence):
        code = match.group()
        before, after = sentence[: match.start()], sentence[match.end():]
        amounts = [m.group(1).rstrip(".,") for m in (AMOUNT_BEFORE_RE.search(before),
                                                      AMOUNT_AFTER_RE.match(after)) if m]
        if code in CODES or any(not YEAR_RE.fullmatch(a) for a in amounts):
            found.add(code)
    return found


def asked_noun(question: str) -> str | None:
    """The kind of body the question names ("court" of "Which court ordered ..."), None
    for a generic noun ("which authority") or none."""
    match = ASKED_RE.search(question)
    if match is None:
        return None
    noun = match.group(1).lower()
    return None if noun in GENERIC_NOUNS else noun


def fit_bodies(spans: list, sentence: str, question: str, make) -> list:
    """`spans` without currency codes, with the lower-case bodies named by place (built by
    `make(text, start, end, bonus)`), and a bonus for those holding the noun asked."""
    codes = currency_codes(sentence)
    known = defined(sentence)
    kept = [s for s in spans if s.text.strip("() ") not in codes and not is_currency(s.text, known)]
    for match in LOWER_BODY_RE.finditer(sentence):
        # a generic word inside it ("police" of "the regional police directorate of X") gives way
        kept = [s for s in kept if not (match.start() <= s.start and s.end <= match.end()
                                        and s.text[:1].islower())]
        if not any(s.start <= match.start() < s.end or match.start() <= s.start < match.end()
                   for s in kept):
            kept.append(make(match.group(), match.start(), match.end(), LOWER_BONUS))
    noun = asked_noun(question)
    if noun:
        stem = noun.rstrip("s")
        for span in kept:
            if re.search(rf"\b{re.escape(stem)}s?\b", span.text, re.IGNORECASE):
                span.bonus += NOUN_BONUS
    return kept
