"""Which of a sentence's numbers counts what the question asks (issue 10's confident
mistakes: the right sentence, another of its numbers). Each number gets a role read from
the sentence's grammar:

* what it counts: its own noun ("12 children"), the complement of that noun ("members of the
  Roma minority"), what it is said to be ("12 were presumed victims", "of whom 6 are social
  workers"), and for a bare number the noun of the number it is coordinated with ("sent 47
  and received 38 requests") or, for a part, of its whole;
* its own clause (its verb: "asked the platforms to remove 274 of them", "188 led to a
  referral", "extended by a further 90 days");
* the whole it is a part of ("of whom 12", "274 of them", "41 of the 117 convictions", "Of the
  45 victims ..., 12 were children", "Of this amount, 8.7 million"), whose words it inherits;
* a previous value or another year's ("up from 31 in 2023", "increased from 20 to 35",
  "(2019: 356)"), a target rather than what was done ("aimed to train 500 officers").

* a gloss of the number before it, the same figure in another unit ("EUR 499,514 (915,323
  euros)", "73.1% children ..., that is 71 persons"), sharing its words.

The question's counted noun ("how many [prosecutors]"), its verb ("be [extended]", "did the
Ministry [send]") and its other words are matched against each number's role; the numbers that
match less than the best lose (`favour_roles`). A share asked is a percentage, never a count."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from greta_search import currency
from greta_search.answer_types import RANGE_RE, Question, Weights, terms
from greta_search.layout import YEAR
from greta_search.numbers import NUMBER
from greta_search.span_roles import IRREGULAR, OPENERS, Span, money_question

# Bonus per unit of idf-weighted role match a number trails the best one by.
ROLE_WEIGHT = 0.6
TARGET_WEIGHT = 2.0  # the counted noun asked, matched with what a number counts
VERB_WEIGHT = 4.0  # the question's passive verb ("be extended"), matched with a clause
DEFAULT_IDF = 2.5  # a content word's usual idf in the replies, when no index weighs them
PART_TIE = 0.3  # a part that matches no more than its whole: the whole is asked
BORROW_GAP = 40  # the most characters between a bare number and the one it borrows from
PREVIOUS_PENALTY = 1.5  # another time's value, when the question does not ask for it
PLANNED_PENALTY = 4.0  # a target or plan, when the question asks what was done
SHARE_PENALTY = 2.0  # a count or an amount, when a share is asked

# Where a number's own clause ends: punctuation, a dash, or a conjunction.
BOUNDARY_RE = re.compile(r"[;:()]|,(?!\d)|\s[–—]\s|\.\s|\s(?:and|but|while|whereas|or)\s")
# A condition fronted before the clause it restricts: "Where ..., ", "If ..., ", "In cases where".
CONDITION_RE = re.compile(r"\s*(?:where|if|when|whenever|unless|in\s+cases?\s+(?:where|when))\b",
                          re.IGNORECASE)
# A part of the number before: "of whom 12", "of which 188", "including 12", "among them 5",
# "Of this amount, 8.7 million", "Of these, 4".
PART_BEFORE_RE = re.compile(
    r"(?:\b(?:of|among|from)\s+(?:whom|which|them|these|those|this(?:\s+\w+)?|that(?:\s+\w+)?)"
    r"|\bincluding)\s*,?\s*$", re.IGNORECASE)
# "274 of them", "612 of whom", "41 of the [117 ...]".
PART_AFTER_RE = re.compile(r"\s+(?:out\s+)?of\s+(?:them|whom|which|these|those)\b", re.I)
PART_OF_NEXT_RE = re.compile(r"\s+(?:out\s+)?of\s+(?:the|these|those|all|a\s+total\s+of)?\s*$",
                             re.IGNORECASE)
# "Of the 45 victims identified in 2024, 12 were children": the whole opening the sentence.
WHOLE_OPENING_RE = re.compile(r"(?:^|[.;:]\s*)(?:out\s+)?of\s+(?:the|these|those|all)?\s*$",
                              re.IGNORECASE)
# What a number is said to be: "12 were children", "6 are social workers".
PREDICATE_RE = re.compile(r"\s+(?:were|are|was|is|became|become|as)\s+((?:[\w-]+\s+){0,4}[\w-]+)")
COMPLEMENT_RE = re.compile(r"\s+of\s+(?:the\s+)?((?:[\w-]+\s+){0,2}[\w-]+)")
# The noun a number is "of": "a staff of 14", "a capacity of 60", "a budget of EUR 2 million".
GOVERNING_RE = re.compile(r"\b([a-z]{3,})\s+of\s+(?:(?:about|some|approximately|up\s+to"
                          r"|over|almost|nearly)\s+)?(?:[A-Z]{3}\s+|€\s*)?$")
DO_VERB_FOLLOWERS = frozenset("to in on for from during between at by with the a an any their "
                               "its them it out up down".split())
# Between a figure and the same figure in another unit: "(", ", that is", ", i.e.", ", or".
GLOSS_RE = re.compile(r"[^;.()]{0,60}?(?:\(|,\s*(?:that\s+is|i\.\s?e\.|namely)\s*,?)\s*"
                      r"|\s*,?\s*or\s+", re.IGNORECASE)
HAVE = frozenset("have has had get got do".split())  # verbs that say nothing of their own
VERB_JOIN_RE = re.compile(r"\sand\s$")
GENERIC = frozenset("total number sum amount value figure out".split())
STOPS = frozenset("in on at to for from by with within under during since until and or but "
                  "that which who whom where when than as were was are is have has had will "
                  "may can must".split())
# A previous value: "up from 31", "compared with 20", "from 20 [to 35]", "than 31".
PREVIOUS_BEFORE_RE = re.compile(
    r"\b(?:(?:up|down|rising|falling|increas\w*|decreas\w*|r[io]se|fell|grew|dropp?\w*"
    r"|rais\w*|reduc\w*|lower\w*|cut)\s+"
    r"(?:\w+\s+){0,2}?from|compared\s+(?:with|to)|against|than|previously|before)\s+$",
    re.IGNORECASE)
PREVIOUS_ASKED_RE = re.compile(r"\b(?:previous\w*|before|earlier|initial\w*|originally"
                               r"|from\s+how\s+many|compared)\b", re.IGNORECASE)
# "(2019: 356)", "(356 in 2019)": another year's figure beside the one the sentence is about.
YEAR_PAREN_BEFORE_RE = re.compile(rf"[(;,]\s*({YEAR})\s*[:,–-]?\s*$")
YEAR_PAREN_AFTER_RE = re.compile(rf"^[^()]{{0,12}}?\b(?:in\s+)?({YEAR})\s*\)")
# A target rather than what was done: "aimed to train 500", "a target of 300", "plans to".
PLANNED_RE = re.compile(
    r"\b(?:aim(?:s|ed)?|plan(?:s|ned)?|intend(?:s|ed)?|expect(?:s|ed)?|target(?:s|ed)?|goal"
    r"|objective|envisag\w*|foresee\w*|foreseen|projected)\b[^,;:.]{0,40}$", re.IGNORECASE)
PLANNED_ASKED_RE = re.compile(r"\b(?:aim\w*|plan\w*|intend\w*|expect\w*|target\w*|goal\w*"
                              r"|objective\w*|envisag\w*|foresee\w*|projected)\b", re.I)
SHARE_ASKED_RE = re.compile(r"\b(?:what|which)\s+(?:share|percentage|proportion|per\s?cent)\b"
                            r"|\bhow\s+many\s+per\s?cent\b|\bwhat\s+%", re.IGNORECASE)
PERCENT_RE = re.compile(r"%|\bper\s?cent\b", re.IGNORECASE)
# What the question counts: the words after "how many", up to a verb or a preposition.
ASKED_RE = re.compile(r"\b(?:how\s+many|how\s+much|number\s+of|amount\s+of)\s+(?:of\s+"
                      r"(?:the|these|those)\s+)?(.*)", re.IGNORECASE)
TARGET_STOPS = STOPS | frozenset(
    "did do does were was are is have has had can could may must will would should shall be "
    "took take got".split())
# The question's passive verb: "can a stay ... be [extended]", "were [granted]".
PASSIVE_RE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?([a-z]+ed"
                        rf"|seen|known|shown|done|{'|'.join(IRREGULAR)})\b")
# The part a question asks of a whole: "how many of the children ... were [girls]".
PART_ASKED_RE = re.compile(r"\bhow\s+many\s+of\s+(?:the|these|those|them)\b[^?]*?\s(?:were|are"
                           r"|was|is|became)\s+((?!\w+ed\b)[a-z][\w\s-]*)", re.IGNORECASE)
PLURAL_RE = re.compile(r"(?<![su])s$|^(?:children|people|men|women|staff|personnel)$")
WORD_RE = re.compile(r"[A-Za-z][\w’'-]*")
NUMBER_AT_RE = re.compile(NUMBER)


def role_terms(text: str) -> set[str]:
    """The stems of a text's content words, an irregular verb as its base form ("sent":
    send)."""
    return set(terms(WORD_RE.sub(lambda m: IRREGULAR.get(m.group().lower(), m.group()), text)))


@dataclass
class Role:
    """What a number of a sentence counts and does (see the module docstring)."""

    noun: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    whole: int | None = None
    previous: bool = False
    planned: bool = False
    year: int | None = None


@dataclass
class Asked:
    """What a number question asks: the counted noun, its passive verb, its other words."""

    target: set[str]
    verbs: set[str]
    rest: set[str]
    share: bool
    previous: bool
    planned: bool


def asked(question: Question) -> Asked:
    """The counted noun, verb and other words of a number question."""
    text = question.text
    target: set[str] = set()
    found = ASKED_RE.search(text)
    if found:
        words = []
        plural = False
        for word in WORD_RE.findall(found.group(1)):
            low = word.lower()
            if low == "and" and words:
                plural = False
                continue  # "how many prosecutors and police officers"
            if low in TARGET_STOPS or (words and low.endswith("ed")) or (
                    plural and not PLURAL_RE.search(low)):
                break  # "how many social workers [work] in ...": the noun ends
            words.append(word)
            plural = bool(PLURAL_RE.search(low))
        target = role_terms(" ".join(words))
        part = PART_ASKED_RE.search(text)
        if part:  # "How many of the children interviewed were [girls]?": the part is counted
            target = role_terms(_until_stop(part.group(1))) or target
    verbs = {t for m in PASSIVE_RE.finditer(text) for t in role_terms(m.group(1))}
    verbs |= role_terms(_do_verb(text))
    rest = role_terms(text) - target
    return Asked(target, verbs, rest, bool(SHARE_ASKED_RE.search(text)),
                 bool(PREVIOUS_ASKED_RE.search(text)), bool(PLANNED_ASKED_RE.search(text)))


def _do_verb(text: str) -> str:
    """The verb of a question with "did", "do" or "does": "did the Ministry of Justice
    [send] in 2025?", the first lower-case word after it, not a plural noun, that a
    preposition, a determiner or the end follows."""
    found = re.search(r"\b(?:did|do|does)\s+(.*)", text, re.IGNORECASE)
    if found is None:
        return ""
    words = WORD_RE.findall(found.group(1))
    for word, after in zip(words, [*words[1:], ""], strict=True):
        if (word.islower() and word not in OPENERS and word not in HAVE
                and not PLURAL_RE.search(word)
                and (after == "" or after.lower() in DO_VERB_FOLLOWERS)):
            return word
    return ""


def _number_end(span: Span, sentence: str) -> int:
    """Where the digits of a span end (its noun and currency follow)."""
    found = NUMBER_AT_RE.search(sentence, span.start, span.end)
    return found.end() if found else span.start


def _clause(sentence: str, span: Span, spans: list[Span]) -> tuple[int, int]:
    """A number's own clause: from the boundary or number before it to the one after it,
    with the condition fronted before it ("Where the offence caused the death of the
    victim, the penalty is at least ten years")."""
    start = _clause_start(sentence, span.start, spans)
    if start and sentence[start - 1] == ",":
        condition = _clause_start(sentence, start - 1, spans)
        if CONDITION_RE.match(sentence[condition:start]):
            start = condition
    nexts = [m.start() for m in BOUNDARY_RE.finditer(sentence, span.end)]
    nexts += [s.start for s in spans if s.start >= span.end]
    return start, min(nexts, default=len(sentence))


def _clause_start(sentence: str, before: int, spans: list[Span]) -> int:
    """Where the clause ending at `before` starts: after the boundary or number before it."""
    return max([m.end() for m in BOUNDARY_RE.finditer(sentence, 0, before)]
               + [s.end for s in spans if s.end <= before], default=0)


def _noun(sentence: str, span: Span) -> set[str]:
    """What a number itself counts: its noun, the noun's complement, what it is said to be."""
    own = sentence[_number_end(span, sentence) : span.end]
    after = sentence[span.end :]
    noun = role_terms(own)
    governing = GOVERNING_RE.search(sentence[max(0, span.start - 40) : span.start])
    if governing and governing.group(1).lower() not in GENERIC:
        noun |= role_terms(governing.group(1))  # "a staff of 14", "a capacity of 60 beds"
    joined = re.match(r"\s+and\s+([A-Za-z][\w -]*)", after)
    first = joined.group(1).split()[0].lower() if joined else ""
    if own.strip() and joined and not first.endswith("ed") and first not in OPENERS:
        # "96 prosecutors and police officers" (not "... and asked the platforms")
        noun |= role_terms(_until_stop(joined.group(1)))
    complement = COMPLEMENT_RE.match(after)
    if complement and own.strip() and not re.search(r"\d", complement.group(1)):
        noun |= role_terms(_until_stop(complement.group(1)))
    tail = after[len(PART_AFTER_RE.match(after).group()):] if PART_AFTER_RE.match(after) else after
    predicate = PREDICATE_RE.match(tail)
    said = _until_stop(predicate.group(1)).split() if predicate else []
    if said and not (said[-1].lower().endswith("ed") or said[-1].lower() in IRREGULAR):
        # "12 were (presumed) victims", not "320 were trained" or "73,291 were sent" (a verb:
        # no noun of its own)
        noun |= role_terms(" ".join(said))
        of = COMPLEMENT_RE.match(tail, predicate.end())
        if of:
            noun |= role_terms(_until_stop(of.group(1)))
    return noun


def _until_stop(text: str) -> str:
    """The words of `text` up to the first stop word."""
    out = []
    for word in text.split():
        if word.lower() in STOPS:
            break
        out.append(word)
    return " ".join(out)


def roles(sentence: str, spans: list[Span]) -> list[Role]:
    """Each number span's role in the sentence (the spans in any order)."""
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    out = [Role() for _ in spans]
    clauses = {i: _clause(sentence, spans[i], spans) for i in order}
    paren = {i: sentence[: spans[i].start].count("(") > sentence[: spans[i].start].count(")")
             for i in order}
    glosses: list[tuple[int, int]] = []
    for rank, i in enumerate(order):
        span, role = spans[i], out[i]
        before, after = sentence[: span.start], sentence[span.end :]
        start, end = clauses[i]
        role.noun = _noun(sentence, span)
        role.words = role_terms(sentence[start:end]) | role.noun
        previous = order[rank - 1] if rank else None
        if previous is not None and re.fullmatch(
                r"\s*(?:,|and|,\s*and|of|of\s+the|to)\s*",
                sentence[spans[previous].end : span.start]):
            # "attended by 96 police officers and 22 prosecutors", "participation of 1,750
            # employees of 84 police bodies": the verb of both;
            # "7 victims and 3 witnesses were protected": the predicate of both;
            # "the maximum was raised from MVF 245,000 to MVF 490,000": the subject of both
            role.words |= role_terms(sentence[clauses[previous][0] : spans[previous].start])
            out[previous].words |= role_terms(sentence[span.end : end])
        elif previous is not None and GLOSS_RE.fullmatch(sentence[spans[previous].end :
                                                                  span.start]):
            glosses.append((previous, i))
        elif previous is not None and VERB_JOIN_RE.search(sentence[: start]) and re.match(
                r"\s*[a-z]", sentence[start : span.start]) and sentence[
                start : span.start].split()[0] not in OPENERS:
            # "the MoJ sent 47 and received 38 requests": the subject of both verbs (not the
            # other verb)
            subject = sentence[clauses[previous][0] : spans[previous].start].split()[:-1]
            role.words |= role_terms(" ".join(subject))
        earlier = [j for j in order[:rank] if not paren[j]]
        if PART_BEFORE_RE.search(before) or PART_AFTER_RE.match(after):
            role.whole = earlier[-1] if earlier else None
        nxt = order[rank + 1] if rank + 1 < len(order) else None
        bare = not sentence[_number_end(span, sentence) : span.end].strip()
        if nxt is not None and bare and PART_OF_NEXT_RE.fullmatch(
                sentence[span.end : spans[nxt].start]):
            # "41 of the 117 final convictions ... were based": the predicate is the part's
            out[nxt].whole = None
            role.words |= role_terms(sentence[start : clauses[nxt][1]])
            clauses[nxt] = (spans[nxt].start, spans[nxt].end)
            role.whole = nxt
        year = paren[i] and (YEAR_PAREN_BEFORE_RE.search(before)
                             or YEAR_PAREN_AFTER_RE.match(after))
        if year:
            role.year, role.previous = int(year.group(1)), True
        if PREVIOUS_BEFORE_RE.search(before[-40:]):
            role.previous = True
        role.planned = bool(PLANNED_RE.search(sentence[clauses[i][0] : span.start]))
    _openings(sentence, spans, order, out, paren)
    # "41 of the 117 ...": the whole keeps only its own phrase
    for i in order:
        if any(r.whole == i for r in out) and clauses[i] == (spans[i].start, spans[i].end):
            out[i].words = out[i].noun | role_terms(spans[i].text)
    for first, second in glosses:
        # "EUR 499,514 (915,323 euros)", "73.1% children ..., that is 71 persons": one figure
        # written twice, in two units
        for a, b in ((first, second), (second, first)):
            out[a].noun |= out[b].noun
            out[a].words |= out[b].words
    _borrow_nouns(sentence, spans, order, out)
    for i in order:  # a part is one of its whole: it inherits what the whole counts and does
        whole = out[i].whole
        if whole is not None and whole != i:
            out[i].noun |= out[whole].noun
            out[i].words |= out[whole].words
    return out


def _openings(sentence: str, spans: list[Span], order: list[int], out: list[Role],
              paren: dict[int, bool]) -> None:
    """"Of the 45 victims identified, 12 were children and 30 ...": the numbers after the
    opening's comma are parts of its number."""
    for rank, i in enumerate(order):
        if not WHOLE_OPENING_RE.search(sentence[: spans[i].start]):
            continue
        comma = sentence.find(",", spans[i].end)
        if comma < 0:
            continue
        out[i].words |= role_terms(sentence[spans[i].start : comma])
        for j in order[rank + 1 :]:
            if spans[j].start > comma and out[j].whole is None and not paren[j]:
                out[j].whole = i


def _borrow_nouns(sentence: str, spans: list[Span], order: list[int], out: list[Role]) -> None:
    """A bare number counts what the number it is coordinated with counts ("sent 47 and
    received 38 requests", "aimed to train 500 officers; 320 were trained")."""
    for rank, i in enumerate(order):
        role = out[i]
        if role.noun or role.whole is not None or PERCENT_RE.search(spans[i].text):
            continue
        following = order[rank + 1] if rank + 1 < len(order) else None
        preceding = order[rank - 1] if rank else None
        for j in (following, preceding):
            gap = (sentence[spans[i].end : spans[j].start] if j == following
                   else sentence[spans[j].end : spans[i].start]) if j is not None else ""
            if (j is not None and out[j].noun and not PERCENT_RE.search(spans[j].text)
                    and out[j].whole != i and len(gap) <= BORROW_GAP
                    and not re.search(r"\d", gap)):
                role.noun = set(out[j].noun)
                role.words |= role.noun
                if j == following:  # "sent 47 and received 38 requests for legal aid"
                    role.words |= role_terms(sentence[spans[j].end : _clause(
                        sentence, spans[j], spans)[1]])
                break


# A number written with a currency: a code, a name or a sign.
# A code the document defines counts as well ("MVF 490,000", "146 million BDD").
AMOUNT_RE = re.compile(rf"(?<!\w)(?:{currency.UNIT})(?!\w)|{currency.SIGN}"
                       r"|(?<![\w-])[A-Z]{3}\s?\d|\d(?:\s+(?:million|thousand|billion))?\s+[A-Z]{3}"
                       r"(?![\w-])")
# "How much did each victim receive?", "What amount ...": the unit asked is money
AMOUNT_ASKED_RE = re.compile(r"\b(?:how\s+much(?!\s+of)|amount)\b", re.I)


def _match(wanted: set[str], found: set[str], weights: Weights | None) -> float:
    """Summed idf of the wanted stems found."""
    return sum(weights.idf(t) if weights else DEFAULT_IDF for t in wanted & found)


def role_scores(sentence: str, question: Question, spans: list[Span],
                weights: Weights | None = None) -> tuple[list[float], list[Role], Asked]:
    """How well each number's role fits what the question asks, in idf units: the counted
    noun asked matched with what the number counts, the question's verb with its clause
    (TARGET_WEIGHT, VERB_WEIGHT), its other words with the number's other words."""
    wanted = asked(question)
    found = roles(sentence, spans)
    scores = []
    for role in found:
        # a question word beside the noun asked is not what the number counts
        own = role.noun if wanted.target else set()
        score = (TARGET_WEIGHT * _match(wanted.target, role.noun, weights)
                 + _match(wanted.target - role.noun, role.words, weights)
                 + _match(wanted.rest, role.words - own, weights)
                 + (VERB_WEIGHT - 1.0) * _match(wanted.verbs, role.words - role.noun, weights))
        scores.append(score)
    return scores, found, wanted


def role_rival(spans: list[Span], chosen: Span) -> float:
    """1 when another number of the sentence (another text) fits the question's words as
    well as the one chosen, or better (`role_scores`, before the penalties for a previous
    value, a target or a count for a share): the role alone did not decide."""
    return float(any(s.role >= chosen.role - 1e-9 and s.text != chosen.text for s in spans
                     if s is not chosen))


def favour_roles(sentence: str, question: Question, spans: list[Span],
                 weights: Weights | None = None) -> None:
    """Lower the numbers of `spans` whose role fits the question less than the best one's,
    a part that fits no better than its whole, a previous value, a target and, for a share
    asked, a count; each keeps its role score (`Span.role`, for `role_rival`)."""
    if len(spans) < 2:
        if spans and SHARE_ASKED_RE.search(question.text) and not PERCENT_RE.search(
                spans[0].text):
            spans[0].bonus -= SHARE_PENALTY
        return
    scores, found, wanted = role_scores(sentence, question, spans, weights)
    amounts = [s for s, span in zip(scores, spans, strict=True) if AMOUNT_RE.search(span.text)]
    # an amount of money asked: roles choose among the amounts; a count's role ("10 victims"
    # of "each of the 10 victims received 930 dinars") does not outrank them
    money = money_question(question) or bool(AMOUNT_ASKED_RE.search(question.text))
    best = max(amounts) if amounts and money else max(scores)
    for span, role, score in zip(spans, found, scores, strict=True):
        span.role = score
        span.bonus += ROLE_WEIGHT * min(0.0, score - best)
        if role.whole is not None and score <= scores[role.whole] + 1e-9:
            span.bonus -= PART_TIE  # no more of the question than its whole: the whole asked
        if role.previous and not wanted.previous and not (
                role.year in question.years and not RANGE_RE.search(question.text)):
            span.bonus -= PREVIOUS_PENALTY
        elif role.previous and wanted.previous:
            span.bonus += PREVIOUS_PENALTY  # "... before it was raised": the former value
        if role.planned and not wanted.planned:
            span.bonus -= PLANNED_PENALTY
        if wanted.share and not PERCENT_RE.search(span.text):
            span.bonus -= SHARE_PENALTY
