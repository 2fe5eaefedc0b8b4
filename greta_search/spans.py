"""The span of the kind a question asks for inside a candidate sentence (a number with its
noun or unit, a date, a law, a body), how one is chosen among a sentence's rivals, and the
column names of a table passage that state a value (`header_sentences`). Sentences
themselves are `greta_search.sentences`; bodies are found by `greta_search.body_spans`, legal
references by `greta_search.law_grammar`."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from greta_search import currency
from greta_search.answer_types import (
    RANGE_RE,
    YEAR_RE,
    Question,
    Weights,
    counted_words,
    terms,
    time_unit_asked,
)
from greta_search.body_spans import (  # noqa: F401  (acronyms_defined re-exported)
    acronyms_defined,
    acronyms_of,
    body_spans,
    named_acronyms,
)
from greta_search.date_events import act_numbers, favour_events
from greta_search.date_forms import (  # noqa: F401  (DATE_RE re-exported)
    DATE_RE,
    dates_in,
    since_when,
    with_start_word,
)
from greta_search.law_choice import TITLE_RE, after_origin, is_origin
from greta_search.law_grammar import law_spans
from greta_search.layout import MONTHS, REFERENCE_RE, references  # noqa: F401  (re-exported)
from greta_search.number_extent import fits_age, range_start, share_of, span_end
from greta_search.number_roles import favour_roles, role_rival
from greta_search.numbers import NUMBER, PERCENT, RANGE, counts_in
from greta_search.sentences import Passage, Sentence, clean
from greta_search.span_roles import (
    Span,
    currency_after,
    fits_unit,
    money_question,
    named_elsewhere,
    qualifier_before,
)
from greta_search.table_scope import dimension, parts_named


def header_sentences(passage: Passage) -> list[Sentence]:
    """Column names (and captions) of the tables in a table passage that state a value of
    their own, the only place it is written: "a one-time allowance – 700 manats" above a
    column of counts. Each is a candidate sentence; plain names ("Total", "Gender / male")
    are not."""
    from greta_search.tables import tables_in_passage

    chunk = passage.hit.chunk
    out = []
    for table in tables_in_passage(chunk.text, chunk.item_text):
        caption = re.sub(r"^\W*Table\s+\d+\W*", "", table.caption)
        for name in [caption, *table.columns[1:]]:
            text = clean(name)
            values = [m for m in NUMBER_RE.finditer(text) if not YEAR_RE.fullmatch(m.group())]
            if values and len(re.findall(r"[A-Za-z]{2,}", text)) >= 3:
                out.append(Sentence(text=text, passage=passage))
    return out


# --- spans -----------------------------------------------------------------------------------

SERIES_RE = re.compile(r"(?:19|20)\d{2}\s*[,–—:-]\s*\d")  # "in 2023, 187; in 2024, 185"
PERIOD_RE = re.compile(r"\b(?:period|years|between|during|from|which\s+years)\b", re.I)
PARTITIVE_RE = re.compile(r"\bhow\s+many\s+of\s+(?:the|these|those|them|whom|which)\b", re.I)
# A date right after a capitalised word that is no preposition is part of a name ("the
# Action Plan 2024–2028", "Regulation 2022/17").
TITLED_RE = re.compile(r"(?<![.!?]\s)\b(?!(?:In|On|Since|From|By|Until|During|At|For|As|Of|Before"
                       r"|After|Between|To|Through|The|And|Or|Up)\b)[A-Z][a-z]+\s+$")
UNTIL_RE = re.compile(r"\b(?:until|till|expire|expiry|deadline|valid|last|end)\b", re.I)
# A number (any grouping, `greta_search.numbers`) or a range of two ("3 to 10", "3-10",
# "between 3 and 10"), with its percent sign or its "-day" unit.
NUMBER_RE = re.compile(
    rf"(?:{RANGE}|{NUMBER})(?:{PERCENT}|-(?:day|week|month|year|hour)s?)?(?![\w-]|[.,/]\d)",
    re.IGNORECASE)
NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
)
REFERENCE_BEFORE_RE = re.compile(
    r"(?:Articles?|No\.|Nos\.|Resolution|Decree|Order|sub-?paragraphs?|paragraphs?|Sections?"
    r"|Parts?|Chapters?|Questions?|Tables?|Annex|Protocol|Law|Points?|Clauses?|items?|§)"
    r"\s*(?:[\d.\-]+(?:,\s*|\s+and\s+))*$",
    re.IGNORECASE,
)
FOLLOW_STOP = frozenset(
    "of in on at to for from by with within without against under over into during since "
    "until before after and or but that which who whom were was are is be been being have has "
    "had will would the a an this these those per than as also each every such its their "
    "his her".split()
)
# What a count counts: plurals without an "s", words ending in "s" that are none, the
# determiners that may open the phrase ("46 such rooms"), verbs that may close it.
PLURAL_IRREGULAR = frozenset("children people men women".split())
NOT_PLURAL = frozenset(
    "always perhaps towards afterwards besides whereas thus plus sometimes nevertheless".split())
DETERMINERS = frozenset(["such"])
OPENING_DETERMINERS = frozenset(
    "the a an this these those each every such its their his her".split())
CLOSING_VERBS = frozenset(
    "took became underwent got went made gave left came did held met saw may can could should "
    "must might shall".split())
MAX_BEFORE_HEAD = 3  # "46 new specialised shelter rooms": three words before the noun
IN_CODE_RE = re.compile(r"\bin\s+([A-Z]{3})\b")
CURRENCY_BONUS = 2.5  # an amount in the currency asked, over one in another
# An amount in brackets right after another, the same in another currency, when none is asked.
GLOSS_BEFORE_RE = re.compile(r"\d[^()\d]{0,20}\(\s*$")
GLOSS_PENALTY = 1.0
COUNTED_AS_WRITTEN = 0.5  # the counted noun's stem, written otherwise than the question
# The unit of the number a question asks, by its cue: a length of time (any way it is
# asked, `answer_types.time_unit_asked`), an amount of money (a currency of `currency`'s
# vocabulary, codes in capitals, or a share of one) or a share.
MONEY_UNIT = rf"{currency.UNIT}|%|percent"
UNIT_CUES = ((re.compile(r"\b(?:how\s+much|amount)\b", re.I), MONEY_UNIT),
             (re.compile(r"\b(?:percentage|proportion|share|per\s*cent)\b", re.I), r"%|percent"))

def _share(wanted: list[str], found: set[str]) -> float:
    """Share of the distinct `wanted` terms in `found`."""
    distinct = set(wanted)
    return len(distinct & found) / len(distinct) if distinct else 0.0


def _positions(sentence: str, question: Question) -> list[int]:
    """Character offsets of the words of `sentence` that match a question term."""
    wanted = set(question.terms)
    out = []
    for match in re.finditer(r"[\w’'-]+", sentence):
        stems = terms(match.group())
        if stems and stems[0] in wanted:
            out.append(match.start())
    return out


def _near(span: Span, positions: list[int]) -> float:
    """1 when a question word is right beside the span, falling with distance."""
    if not positions:
        return 0.0
    distance = min(
        0 if span.start <= p <= span.end else min(abs(p - span.start), abs(p - span.end))
        for p in positions
    )
    return 1.0 / (1.0 + distance / 25.0)


def _plural(word: str) -> bool:
    """Whether a word reads as a plural noun: "points", "States", "NGOs", "children"."""
    low = word.lower()
    if low in PLURAL_IRREGULAR:
        return True
    if word[0].isupper() and not re.fullmatch(r"[A-Z][a-z-]+|[A-Z]{2,}s", word):
        return False
    return (len(low) >= 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))
            and low not in NOT_PLURAL and low not in FOLLOW_STOP)


def _ends_phrase(word: str) -> bool:
    """Whether a word after "X and Y" closes the phrase: a preposition, "were", a verb."""
    low = word.lower()  # not a determiner: "5 days and adopts a decision" is a verb's object
    return (low in FOLLOW_STOP and low not in OPENING_DETERMINERS or low in CLOSING_VERBS
            or low.endswith("ed"))


def _counted(tail: str) -> list[re.Match[str]]:
    """The words of what a number counts, through its modifiers to the plural head noun:
    "border crossing points", "such rooms", "States", "judges and prosecutors"; none
    when no plural noun comes before a stop (the caller's word rule then applies)."""
    words: list[re.Match[str]] = []
    for word in re.finditer(r"\s+([A-Za-z][A-Za-z-]*)", tail):
        if word.start() != (words[-1].end() if words else 0) or len(words) >= 8:
            break
        words.append(word)
    names = [w.group(1) for w in words]
    head = None
    for i, name in enumerate(names[:MAX_BEFORE_HEAD + 1]):
        if name.lower() in FOLLOW_STOP and not (i == 0 and name.lower() in DETERMINERS):
            break
        if _plural(name):
            head = i
            break
    if head is None:
        return []
    last = head + 1 if head + 1 < len(names) and _plural(names[head + 1]) else head
    rest = names[last + 1 : last + 5]
    # "judges and prosecutors", "prosecutors and police officers": two plural nouns
    # counted together, then a stop.
    if (len(rest) >= 2 and rest[0] == "and" and _plural(rest[1])
            and (len(rest) == 2 or _ends_phrase(rest[2]))):
        last += 2
    elif (len(rest) >= 3 and rest[0] == "and" and rest[1].islower() and _plural(rest[2])
          and rest[1] not in FOLLOW_STOP and (len(rest) == 3 or _ends_phrase(rest[3]))):
        last += 3
    return words[: last + 1]


def _noun_words(tail: str, wanted: set[str]) -> list[re.Match[str]]:
    """The words after a number with no plural noun to count: "1.2 million", "one victim"."""
    words: list[re.Match[str]] = []
    # A noun, or a people's name before one ("27 Ruritanian nationals").
    for word in re.finditer(r"\s+([a-z][a-z-]*|%|[A-Z][a-z]+(?=\s+[a-z]{3,}s\b))", tail):
        if word.start() != (words[-1].end() if words else 0):
            break
        token = word.group(1)
        if token[0].isupper() and (words or not re.search(r"(?:an|ian|ese|ish|i)$", token)):
            break
        if token in FOLLOW_STOP or (token.endswith(("ed", "ing")) and words) or len(words) >= 4:
            break
        # The noun after a number: two words, more while they are the question's words.
        if len(words) >= 2 and not set(terms(token)) & wanted and not (
                len(words) == 2 and re.fullmatch(r"[a-z]{4,}s", token)):
            break  # a third word only when asked about, or a plural noun
        words.append(word)
    return words


# What a number's own phrase says it counts, up to the next figure or clause: "48 of
# transnational trafficking", "38 were victims of internal trafficking".
PHRASE_END_RE = re.compile(r"\s+and\s+\d|[,;:.()\d]")


def _part_bonus(tail: str, question: Question) -> float:
    """A number whose own phrase names the part of the measure the question asks ("48 of
    transnational trafficking" for "victims of transnational trafficking") gains, one naming
    another part of the same kind ("38 ... of internal trafficking") loses; the whole ("Of
    the 86 victims") neither (`table_scope.parts_named`)."""
    asked = parts_named(question.text, question=True)
    own = parts_named(PHRASE_END_RE.split(tail[:60], maxsplit=1)[0]) if asked else set()
    if not own:
        return 0.0
    if own & asked:
        return 2.0
    kinds = {dimension(p) for p in asked}
    return -2.0 if any(dimension(p) in kinds for p in own) else 0.0


def number_spans(sentence: str, question: Question) -> list[Span]:
    """Counts and amounts: "21,897 complaint applications", "30 days", "700 manats"."""
    dates = dates_in(sentence)
    wanted = set(question.terms)
    money = money_question(question)
    unit = time_unit_asked(question.text) or next(
        (u for cue, u in UNIT_CUES if cue.search(question.text)), None)
    spans = []
    ends: dict[int, int] = {}  # where each span's answer ends (`number_extent.span_end`)
    known = currency.defined(sentence) if money else {}
    asked = (currency.asked_in(question.text, known) | set(IN_CODE_RE.findall(question.text))
             if money else set())
    for match in counts_in(sentence, NUMBER_RE):
        start, end = match.span()
        in_words = match.group()[0].isalpha() and not match.group().lower().startswith("between")
        if in_words and not (_counted(sentence[end:]) or _noun_words(sentence[end:], wanted)):
            continue  # "two attorneys", "six staff", not "two of them"
        if any(a < end and start < b for a, b in dates) or match.group() in question.numbers:
            continue
        if REFERENCE_BEFORE_RE.search(sentence[max(0, start - 40) : start].rstrip(" “\"(")):
            continue
        if sentence[max(0, start - 1) : start] == "[" and sentence[end : end + 1] == "]":
            continue  # a note's mark, "[10] The Task Force was set up ..."
        tail = sentence[end:]
        paren = re.match(rf"\s*\((?:{NUMBER_WORDS})\)", tail, re.IGNORECASE)
        offset = paren.end() if paren else 0
        words = _counted(tail[offset:]) or _noun_words(tail[offset:], wanted)
        # The currency after the number, through "million": "13.7 million RUC".
        stop = end + offset + max(words[-1].end() if words else 0, currency_after(tail[offset:]))
        following = " ".join(w.group(1) for w in words)
        found = set(terms(following))
        bonus = 2.0 * _share(question.terms, found) if following else -0.3
        if question.target:
            bonus += 1.5 * _share(question.target, found)
            head = words[-1].group(1) if words else ""
            if (set(terms(head)) & set(question.target)
                    and head.lower() not in counted_words(question.text)):
                bonus -= COUNTED_AS_WRITTEN  # "8 inspectorates" for "how many inspectors"
        if unit and re.match(rf"[\s-]*(?:million\s+|thousand\s+)?(?:{unit})(?!\w)",
                             tail[offset:], re.IGNORECASE) or unit and re.match(
                rf"\d+-(?:{unit})$", match.group(), re.IGNORECASE):
            bonus += 1.0
        elif money and currency_after(tail[offset:]):
            bonus += 1.0  # "35,000 RUC": an amount of money asked, and this is one
        elif unit == MONEY_UNIT:
            bonus -= 0.8  # an amount of money asked: a count is not one
        if not unit and re.search(r"-[a-z]+$", match.group()):
            bonus -= 1.5  # "a 16-hour course": a length, when a count is asked
        if not unit and match.group().endswith("%"):
            bonus -= 3.0  # "23.3%": a share, when a count is asked
        elif unit and "%" in unit and match.group().endswith("%"):
            bonus += 1.0  # "35 %": a share asked, and this is one
        if PARTITIVE_RE.search(question.text):
            # "How many of the persons convicted ...": the part ("71 of whom", "10 of which")
            # and not the whole ("Of the 126 persons convicted, 71 ...").
            if re.match(r"\s+of\s+(?:which|whom|them)\b", tail):
                bonus += 2.0  # outweighs the counted noun the part lacks and the whole has
            elif re.search(r"\b(?:of|among)\s+(?:the|these|those|all)?\s*$",
                           sentence[max(0, start - 12) : start], re.I):
                bonus -= 2.0
        if not (match.group().endswith("%") or re.match(r"\s*(?:%|per\s?cent)", tail)):
            bonus += _part_bonus(tail, question)  # a share is no count of the part
        if question.years and not RANGE_RE.search(question.text):
            # "65 in 2024": a count written next to the year asked for (not one year's
            # figure of a period asked: "in 2023–2025 (2023: 2; 2024: 3)")
            beside = YEAR_RE.findall(sentence[stop : stop + 14])
            before = _year_before(sentence, start)
            if beside and _beside_year(sentence, stop, [int(beside[0])]):
                bonus += 3.0 if int(beside[0]) in question.years else -1.5
            elif before is not None:
                bonus += 3.0 if before in question.years else -1.5
        sign = currency.BEFORE_RE.search(sentence[max(0, start - 5) : start])
        if sign:
            # "EUR 184,000", "RUC 5,000", "€ 20": the currency written before the amount.
            start -= len(sign.group())
            if unit == MONEY_UNIT:
                bonus += 1.8  # an amount of money asked, and this is one (and not a count)
        share = bool(re.search(r"%|per\s?cent$", match.group(), re.IGNORECASE))
        # "EUR 5,000", "35,000 RUC", and for a money question a share of an amount ("up
        # to 3 % of the annual turnover")
        priced = bool(sign) or bool(currency_after(tail[offset:])) or (
            money and share and share_of(sentence, stop))
        if asked and priced:
            # "How much ... in SYT?": the amount in that currency, not its equivalent in another.
            held = (currency.currencies(sentence[start:stop], known)
                    | set(re.findall(currency.CODE, sentence[start:stop])))
            if held:
                bonus += CURRENCY_BONUS if held & asked else -CURRENCY_BONUS
        # "more than 8", "up to EUR 5,000", "[MVF 40,000 to ]MVF 120,000"
        figure = start
        start = qualifier_before(sentence, range_start(sentence, start))
        if priced and not asked and GLOSS_BEFORE_RE.search(sentence[max(0, start - 40) : start]):
            bonus -= GLOSS_PENALTY  # "MVF 490,000 (approximately EUR 20,000)": the amount first
        if fits_unit(question, sentence[start:stop], priced) and fits_age(
                question.text, sentence, figure, stop):  # money has a currency, an age ...
            spans.append(Span(sentence[start:stop], start, stop, bonus))
            ends[id(spans[-1])] = span_end(sentence, stop, bool(words) and not priced, share)
    if question.years and not RANGE_RE.search(question.text):
        # "96 in 2022, 96 in 2023, 65 in 2024": a count written beside the year asked wins.
        beside = [s for s in spans if _beside_year(sentence, s.end, question.years)
                  or (_year_before(sentence, s.start) in question.years
                      and not _beside_year(sentence, s.end, list(range(1900, 2100))))]
        spans = beside or spans
    for span in spans:  # the answer whole: "7 cases out of 10", "EUR 300 a month" ...
        span.end = ends[id(span)]
        span.text = sentence[span.start : span.end]
    return spans


def _after(sentence: str, span: Span, spans: list[Span], kind: str) -> str:
    """Up to 45 characters after a span; for a legal reference, its title in brackets when it
    has one ("Articles 189-1 (...), 189-2 (...), and 189-3 (...) were added": not the verb
    the list shares), else past the interruption naming its origin (", introduced by Law No.
    31/2020, [provides ...]"), with a gloss that follows whole and not into the next
    reference."""
    if kind != "law":
        return sentence[span.end : span.end + 45]
    title = TITLE_RE.search(span.text)
    if title:
        return title.group(1)  # "189-2 (Conducting ceremonies ...)": its title says it
    start = after_origin(sentence, span.end)
    gloss = re.match(r"\s*\([^()]{1,150}\)", sentence[start:])  # a gloss after it, whole
    stop = start + max(45, gloss.end() if gloss else 0)
    return sentence[start : min([stop, *(s.start for s in spans if s.start >= start)])]


def _clause_before(sentence: str, start: int) -> str:
    """Up to 25 characters before a span, not reaching back past a comma or semicolon."""
    return re.split(r"[,;]", sentence[max(0, start - 25) : start])[-1]


def _year_before(sentence: str, start: int) -> int | None:
    """The year written just before a number ("in 2023, 187", "in 2023 – 485"), if any."""
    if len(SERIES_RE.findall(sentence)) < 2:
        return None  # "In 2025, 138 cases ...": a year that opens the sentence
    match = re.search(r"((?:19|20)\d{2})\s*[,–—:-]\s*$", sentence[max(0, start - 10) : start])
    return int(match.group(1)) if match else None


def _beside_year(sentence: str, end: int, years: list[int]) -> bool:
    """Whether one of `years` follows position `end` closely ("65 in 2024")."""
    found = re.match(r"\s*(?:in|during|for)?\s*((?:19|20)\d{2})\b", sentence[end : end + 14])
    return bool(found) and int(found.group(1)) in years


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


SPAN_FINDERS = {
    "number": number_spans,
    "date": date_spans,
    "law": law_spans,
    "body": body_spans,
}


@dataclass
class SpanChoice:
    """The span chosen in a sentence and what the confidence model reads of the choice:
    how good it is (0 when there is none), its own clause, the question's share of that
    clause (`local`), how many other spans of the kind the sentence holds (`rivals`) and by
    how much the chosen one beat the runner-up (`margin`, 1 without a runner-up)."""

    text: str | None = None
    quality: float = 0.0
    clause: str = ""
    local: float = 0.0
    rivals: int = 0
    margin: float = 1.0
    role_rival: float = 0.0  # another number fits what the question asks as well
    event: float = 0.0  # a date of the event asked (1), of another one named (-1), unknown (0)


def best_span(
    sentence: str,
    question: Question,
    weights: Weights | None = None,
    similar: Callable[[list[str]], list[float]] | None = None,
) -> tuple[str | None, float]:
    """The span of the kind the question asks for that sits best in `sentence`, and how
    good it is (0 when there is none); see `choose_span`."""
    choice = choose_span(sentence, question, weights, similar)
    return choice.text, choice.quality


def choose_span(
    sentence: str,
    question: Question,
    weights: Weights | None = None,
    similar: Callable[[list[str]], list[float]] | None = None,
    aliases: dict[str, str] | None = None,
) -> SpanChoice:
    """The span of the kind the question asks for that sits best in `sentence` (closest to
    the question's words, above all to the rarer words that only it stands beside).

    With `similar` (texts -> their similarity to the question, such as e5 cosines), a
    sentence holding several spans also weighs each span's own stretch of the sentence
    (its clause, up to the clause break that parts it from the span before and after it)
    by its similarity to the question, so that a paraphrase ("buy land" for "purchase of
    land") points to the right span where no word is shared. `aliases` (acronym -> name,
    as the passage defines them) let an acronym count as the body it stands for."""
    finder = SPAN_FINDERS.get(question.kind)
    if finder is None:
        return SpanChoice()
    spans = finder(sentence, question)
    # "Article 222" inside "Article 222 of the ... Code", "Service" inside "State Migration
    # Service (SMS)": the whole.
    spans = [s for s in spans if not any(
        o.start <= s.start and o.end >= s.end and o.end - o.start > s.end - s.start
        for o in spans)]
    if not spans:
        return SpanChoice()
    positions = _positions(sentence, question)
    asked = set(question.terms)
    local = [set(terms(_clause_before(sentence, s.start) + " " + _after(sentence, s, spans,
                                                                       question.kind)))
             & asked for s in spans]
    shared = set.intersection(*local)
    for span, near in zip(spans, local, strict=True):
        # "Article 145 (forced labor) ..., Article 243 (involvement in prostitution)": the
        # question's words beside one span and not the others point to it.
        own = near - shared
        if own:
            span.bonus += min(2.0, sum(weights.idf(t) if weights else 1.0 for t in own) / 4)
    named = named_acronyms(question.text, aliases)
    for span in spans:
        # A span the question already names is not what it asks for.
        span_terms = set(terms(span.text))
        new_numbers = set(re.findall(r"\d+", span.text)) - set(re.findall(r"\d+", question.text))
        if (span_terms and len(span_terms & asked) / len(span_terms) > 0.6 and not new_numbers
                and not (question.kind == "body" and named_elsewhere(span.text, question.text))):
            span.bonus, span.echo = span.bonus - 1.0, True
        elif not span_terms and re.search(r"\d", span.text) and not new_numbers:
            span.bonus -= 1.0  # "2022–2026" of "the Strategy 2022-2026" the question names
        elif question.kind == "body" and acronyms_of(span.text) & named:
            span.bonus, span.echo = span.bonus - 1.0, True  # "SMS" for the State Migration Service
    stretches = (law_stretches(sentence, spans, question.text) if question.kind == "law"
                 else span_stretches(sentence, spans))
    if similar is not None and len(set(stretches)) > 1:
        scores = similar(stretches)
        for span, score in zip(spans, scores, strict=True):
            span.bonus += SIMILAR_WEIGHT * (score - max(scores))
    if question.kind == "number":
        favour_roles(sentence, question, spans, weights)  # the number that counts what is asked
    scored = sorted(((s.bonus + _near(s, positions), -s.start, i) for i, s in enumerate(spans)),
                    reverse=True)
    value, _, index = scored[0]
    span = spans[index]
    if span.echo and question.kind in ("body", "law"):
        # Only the body or act the question itself names ("Who chairs the Commission?" of
        # "The Commission, chaired by the Minister, ..."): no answer of the kind asked.
        return SpanChoice()
    clause = span_clause(sentence, span, spans)
    found = set(terms(clause))
    share = (weights.recall(question.terms, found) if weights
             else _share(question.terms, found))
    return SpanChoice(
        text=span.text.strip(" ,;:"),
        quality=1.0 / (1.0 + math.exp(-2.0 * value)),
        clause=clause,
        local=share,
        rivals=len({s.text for s in spans}) - 1,
        margin=min(1.0, (value - scored[1][0]) / 2.0) if len(scored) > 1 else 1.0,
        role_rival=role_rival(spans, span) if question.kind == "number" else 0.0,
        event=span.event if question.kind == "date" else 0.0,
    )


# Bonus per unit of similarity (e5 cosine) a span's stretch of the sentence trails the best
# one by (chosen on the first round's tuning half of tests/data/qa.jsonl, 85 number and date
# questions: 5 and 10 leave them as they were, 20 loses one; the tests' paraphrases need it).
SIMILAR_WEIGHT = 10.0
# Where one clause of a sentence ends and the next begins: a comma (not inside a number), a
# semicolon or colon, a dash between spaces, or a conjunction opening a new clause.
CLAUSE_BREAK_RE = re.compile(r"[;:]|,(?!\d)|\s[–—]\s|\s(?:and|or|but|while|whereas)\s(?=[a-z\d])")


def _breaks(sentence: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Clause breaks of the sentence that lie outside every span."""
    return [(m.start(), m.end()) for m in CLAUSE_BREAK_RE.finditer(sentence)
            if not any(s.start <= m.start() < s.end for s in spans)]


def span_stretches(sentence: str, spans: list[Span]) -> list[str]:
    """Each span's own stretch of the sentence: from the end of the span before it (or the
    sentence's start) to the start of the span after it (or the sentence's end). (Cut at
    the clause breaks between spans instead, the stretches lose the words the question
    shares with a neighbour's clause, "the Strategy ... was approved" for the date of the
    order approving it: three tuning questions lost, one won.)"""
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    out = [""] * len(spans)
    for rank, i in enumerate(order):
        start = spans[order[rank - 1]].end if rank else 0
        end = spans[order[rank + 1]].start if rank + 1 < len(order) else len(sentence)
        out[i] = sentence[min(start, spans[i].start) : max(end, spans[i].end)].strip(" ,;")
    return out


def law_stretches(sentence: str, spans: list[Span], question: str) -> list[str]:
    """`span_stretches` of legal references, where a reference that is only the origin of
    another (", introduced by [Law No. 31/2020],") parts no stretch and stands alone, and
    one with its title in brackets ("189-2 (Conducting ceremonies ...)") reads as its title,
    not as the verb its list shares."""
    origins = {i for i, s in enumerate(spans) if is_origin(sentence, s.start, question)}
    main = [s for i, s in enumerate(spans) if i not in origins]
    own = dict(zip(map(id, main), span_stretches(sentence, main), strict=True))
    return [s.text if i in origins or TITLE_RE.search(s.text) else own[id(s)]
            for i, s in enumerate(spans)]


def span_clause(sentence: str, span: Span, spans: list[Span]) -> str:
    """The clause of the sentence that holds `span`: from the clause break before it to the
    clause break after it ("the said Law entered into force on 1 July 2025")."""
    breaks = _breaks(sentence, spans)
    start = max((e for b, e in breaks if e <= span.start), default=0)
    end = min((b for b, e in breaks if b >= span.end), default=len(sentence))
    return sentence[start:end].strip(" ,;")
