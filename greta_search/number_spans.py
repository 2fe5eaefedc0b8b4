"""Number spans in a candidate sentence: a count with what it counts ("21,897 complaint
applications", "46 new specialised shelter rooms"), an amount with its currency ("EUR
5,000", "13.7 million RUC"), a length of time or a share, each with a bonus for how well it
fits what the question asks (its counted noun, unit, currency, part, year). Chosen among a
sentence's rivals by `greta_search.spans.choose_span`."""

from __future__ import annotations

import re

from greta_search import currency
from greta_search.answer_types import (
    PENALTY_ASKED,
    RANGE_RE,
    TIME_UNITS,
    YEAR_RE,
    Question,
    asks_duration,
    counted_words,
    terms,
    time_unit_asked,
)
from greta_search.date_forms import dates_in
from greta_search.number_extent import fits_age, range_start, share_of, span_end
from greta_search.numbers import NUMBER, PERCENT, RANGE, counts_in
from greta_search.span_roles import (
    DURATION_RE,
    Span,
    count_question,
    currency_after,
    fits_unit,
    money_question,
    qualifier_before,
)
from greta_search.table_scope import dimension, parts_named

SERIES_RE = re.compile(r"(?:19|20)\d{2}\s*[,–—:-]\s*\d")  # "in 2023, 187; in 2024, 185"
# A year opening a clause of figures: "In 2023, ...", "; in 2024, ...", "and in 2025, ...",
# "while in 2025, ...", not one after a figure ("96 events in 2022, 96 in 2023").
YEAR_OPENER_RE = re.compile(r"(?:^|[;,]\s*|\b(?:and|while|whereas)\s+)(?:in|during|for)\s+"
                            r"(?:the\s+year\s+)?((?:19|20)\d{2})\s*[,–—:]", re.IGNORECASE)
PARTITIVE_RE = re.compile(r"\bhow\s+many\s+of\s+(?:the|these|those|them|whom|which)\b", re.I)
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
# What a count of another thing than the one asked loses ("64 attorneys" for "how many
# victims"), and the nouns that may count anything asked ("71 persons", "12 cases").
COUNTED_OTHER = 1.0
ANY_COUNTED = frozenset("persons people individuals cases times instances".split())
# A limit asked: a length of time or an amount that the rules allow or require ("How long
# may a victim stay ...?", "Within how many days must the Board decide?"). A number written
# as a limit ("up to 12 months", "within 30 days", "no later than", "a maximum of EUR
# 5,000") answers it over one written as what happened ("the average stay was 9 months").
MODAL_RE = re.compile(r"\b(?:may|must|can|shall|has\s+to|have\s+to|(?:is|are)\s+(?:allowed"
                      r"|entitled|required|obliged)\s+to)\b", re.IGNORECASE)
LIMIT_BEFORE_RE = re.compile(
    r"\b(?:up\s+to|within|at\s+(?:the\s+)?most|(?:no|not)\s+(?:later|more|longer)\s+than"
    r"|maximum(?:\s+of)?|not\s+exceeding|limited\s+to)\s+(?:(?:a|an|the|of)\s+)*\S*\s*$",
    re.IGNORECASE)
LIMIT_BONUS = 1.0
# A penalty asked (`answer_types.PENALTY_ASKED`): a term of imprisonment or a fine.
PENALTY_RE = re.compile(PENALTY_ASKED, re.IGNORECASE)
# A change asked ("By how many days can a stay be extended?"): the extension, not the limit.
CHANGE_ASKED_RE = re.compile(r"\bby\s+how\s+(?:many|much)\b", re.IGNORECASE)
# The unit of the number a question asks, by its cue: a length of time (any way it is
# asked, `answer_types.time_unit_asked`), an amount of money (a currency of `currency`'s
# vocabulary, codes in capitals, or a share of one) or a share.
MONEY_UNIT = rf"{currency.UNIT}|%|percent"
PENALTY_UNIT = rf"{TIME_UNITS}|{MONEY_UNIT}"
UNIT_CUES = ((re.compile(r"\b(?:how\s+much|amount)\b", re.I), MONEY_UNIT),
             (re.compile(r"\b(?:percentage|proportion|share|per\s*cent)\b", re.I), r"%|percent"),
             # a penalty: a term of imprisonment or a fine ("3 to 10 years", "EUR 5,000")
             (PENALTY_RE, PENALTY_UNIT))


def term_share(wanted: list[str], found: set[str]) -> float:
    """Share of the distinct `wanted` terms in `found`."""
    distinct = set(wanted)
    return len(distinct & found) / len(distinct) if distinct else 0.0


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
    # An amount asked by what it is ("What fine ...", "What budget ...") is money as much as
    # one asked "how much": a share of a sum ("up to 4% of the annual turnover") answers it.
    unit = time_unit_asked(question.text) or next(
        (u for cue, u in UNIT_CUES if cue.search(question.text)), None) or (
        MONEY_UNIT if money else None)
    bounded = (money or asks_duration(question.text) or bool(PENALTY_RE.search(question.text))
               ) and not CHANGE_ASKED_RE.search(question.text)
    penalty = bool(PENALTY_RE.search(question.text))
    limit = bounded and bool(MODAL_RE.search(question.text))
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
        share = bool(re.search(r"%|per\s?cent$", match.group(), re.IGNORECASE))
        paren = re.match(rf"\s*\((?:{NUMBER_WORDS})\)", tail, re.IGNORECASE)
        offset = paren.end() if paren else 0
        words = _counted(tail[offset:]) or _noun_words(tail[offset:], wanted)
        # The currency after the number, through "million": "13.7 million RUC".
        stop = end + offset + max(words[-1].end() if words else 0, currency_after(tail[offset:]))
        following = " ".join(w.group(1) for w in words)
        found = set(terms(following))
        bonus = 2.0 * term_share(question.terms, found) if following else -0.3
        if question.target:
            bonus += 1.5 * term_share(question.target, found)
            head = words[-1].group(1) if words else ""
            if (set(terms(head)) & set(question.target)
                    and head.lower() not in counted_words(question.text)):
                bonus -= COUNTED_AS_WRITTEN  # "8 inspectorates" for "how many inspectors"
            elif (count_question(question) and not unit and head and _plural(head)
                  and not found & set(question.target)
                  and head.lower() not in ANY_COUNTED):
                bonus -= COUNTED_OTHER  # "1,102 calls" for "how many victims": another thing
        if unit and re.match(rf"[\s-]*(?:million\s+|thousand\s+)?(?:{unit})(?!\w)",
                             tail[offset:], re.IGNORECASE) or unit and re.match(
                rf"\d+-(?:{unit})$", match.group(), re.IGNORECASE):
            bonus += 1.0
        elif money and currency_after(tail[offset:]):
            bonus += 1.0  # "35,000 RUC": an amount of money asked, and this is one
        elif unit in (MONEY_UNIT, PENALTY_UNIT) and not share:
            bonus -= 0.8  # an amount of money (or a penalty) asked: a count is not one
        stated = re.match(rf"(?:[\s-]+[a-z]+){{0,2}}?[\s-]+({TIME_UNITS})\b", tail[offset:],
                          re.IGNORECASE)
        other_unit = bool(unit and unit != TIME_UNITS and stated and time_unit_asked(
            question.text) and not re.fullmatch(unit, stated.group(1), re.IGNORECASE))
        if other_unit:
            bonus -= 1.0  # "48 hours" for "within how many days": another unit of time
        if not unit and re.search(r"-[a-z]+$", match.group()):
            bonus -= 1.5  # "a 16-hour course": a length, when a count is asked
        if not unit and share:
            bonus -= 3.0  # "23.3%", "23.3 per cent": a share, when a count is asked
        elif unit and "%" in unit and share:
            bonus += 1.0  # "35 %": a share asked (or a share of a sum, money), and this is one
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
        if limit and not other_unit:  # "up to 12 months", "within 30 days": a limit asked
            bonus += LIMIT_BONUS if LIMIT_BEFORE_RE.search(
                sentence[max(0, figure - 40) : figure]) else -LIMIT_BONUS
        if penalty and not (priced or DURATION_RE.search(sentence[figure:stop])):
            continue  # a penalty is a term or a fine: "14 persons convicted" is no penalty
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


def _year_before(sentence: str, start: int) -> int | None:
    """The year a number falls under in a sentence that gives figures for several years: the
    year written just before it ("in 2023, 187", "in 2023 – 485"), else the year opening its
    clause ("in 2023, 78,881 notifications were sent; in 2024, based on 106,185 entries,
    [73,291] notifications were sent"); None in a sentence with one such year ("In 2025, 138
    cases ...": a year that opens the sentence)."""
    if len(SERIES_RE.findall(sentence)) >= 2:
        match = re.search(r"((?:19|20)\d{2})\s*[,–—:-]\s*$", sentence[max(0, start - 10) : start])
        if match:
            return int(match.group(1))
    if len(YEAR_OPENER_RE.findall(sentence)) < 2:
        return None
    openers = YEAR_OPENER_RE.findall(sentence[:start])
    return int(openers[-1]) if openers else None


def _beside_year(sentence: str, end: int, years: list[int]) -> bool:
    """Whether one of `years` follows position `end` closely ("65 in 2024")."""
    found = re.match(r"\s*(?:in|during|for)?\s*((?:19|20)\d{2})\b", sentence[end : end + 14])
    return bool(found) and int(found.group(1)) in years
