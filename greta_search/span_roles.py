"""Which of a sentence's items of the kind asked plays the part the question asks about
(issue 10's confident mistakes: the right passage, the wrong item of the kind):

* a body that does what the question asks ("Which body coordinates X?", "Who may request
  Y?"): the subject of that verb in the sentence, or its agent after "by" in the passive
  (also of a noun of the verb: "coordination ... is carried out by"), never a body named as
  a partner, a post holder or the object of a preposition; a body whose name merely shares
  the question's words ("National Coordinator" for "Who coordinates ...?") is no echo of it;
* the date of the event the question names ("When was X adopted?"): see
  `greta_search.date_events`;
* an amount of money ("how much compensation"): a number with a currency or a monetary noun
  ("13.7 million RUC", "EUR 5,000"), never a bare count; a duration ("how long", "how many
  days", `answer_types.asks_duration`): a number with a unit of time ("9 months"), never a
  count;
* a number keeps its qualifier ("more than 8", "up to 30 days", "approximately 13.7 million
  RUC", "within 24 hours", "aged 15"); a duration may be written in words ("six months"); how
  far the answer reaches after the number is `greta_search.number_extent`.

A `Span` is one item of the kind asked found in a sentence (its text, where it is, the bonus
it has earned); `greta_search.spans` and `greta_search.body_spans` find them."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from greta_search import currency
from greta_search.answer_types import (
    MONEY_ASKED,
    TIME_UNITS,
    Question,
    asks_duration,
    normalise,
)
from greta_search.institutions import BODY_WORDS, ORGANISATION_KINDS
from greta_search.keyword import tokenize
from greta_search.numbers import IN_WORDS
from greta_search.org_names import agent_names


@dataclass
class Span:
    """An item of the kind asked in a sentence, `start`..`end`, with the bonus it earned."""

    text: str
    start: int
    end: int
    bonus: float = 0.0
    echo: bool = False  # the question itself names it
    role: float = 0.0  # how well a number's role fits the question (`number_roles`)
    event: float = 0.0  # a date of the event asked (1), of another one named (-1), unknown


# --- bodies: the one that does what the question asks ----------------------------------------

# The bonus of the body that is the subject (or passive agent) of the question's verb:
# above any other cue a body's place in the sentence gives (near words, "by", e5 stretch).
AGENT_BONUS = 3.0
AUXILIARIES = frozenset(
    "is are was were be been being does do did will would can could may might must should "
    "shall has have had not also currently now usually primarily mainly jointly then still "
    "already directly actually officially normally generally only ultimately".split())
OPENERS = frozenset(
    "the a an this that these those its their his her such any each every which who whose "
    "whom what of in on at to for by with from under as and or".split())
WHO_RE = re.compile(
    rf"\b(?:(?:which|what)\s+(?:[\w-]+\s+){{0,2}}?(?:{BODY_WORDS})|who)\s+(.*)", re.IGNORECASE)
# A subject phrase that is no named body ("a victim of trafficking"): its first word and
# its length at most.
SUBJECTS = frozenset("a an the any every each all".split())
SUBJECT_WORDS = 8
# Words that end a subject phrase after "by": a preposition, a relative pronoun, a verb.
PHRASE_STOPS = frozenset(
    "from to in on at for with under within through during before after against into and "
    "which who that where whose is are was were has have had may can must shall will".split())
# A noun of the verb, then the passive that names its doer, in the same clause: "coordination
# of the activities ... is carried out by".
NOMINAL_DONE_RE = re.compile(
    r"[^.;]{0,100}?\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(\w+(?:\s+out)?)(?=\s+by\s)")
# A noun of the verb, then "by" and its doer with no verb between: "the provision of legal
# aid to victims by the Bar Association".
NOMINAL_BY_RE = re.compile(r"((?:\s+[\w’'-]+){0,8}?)\s+by\s")
NOT_BETWEEN = frozenset("is are was were be been has have had and or which that who".split())
# Participles and past tenses not ending in -ed, mapped to the verb.
IRREGULAR = {
    "held": "hold", "led": "lead", "ran": "run", "run": "run", "paid": "pay", "sent": "send",
    "given": "give", "gave": "give", "made": "make", "kept": "keep", "taken": "take",
    "took": "take", "chosen": "choose", "chose": "choose", "brought": "bring",
    "sought": "seek", "set": "set", "built": "build", "taught": "teach", "met": "meet",
    "begun": "begin", "began": "begin", "came": "come", "become": "become", "became": "become",
    "drawn": "draw", "drew": "draw", "written": "write", "wrote": "write",
    "overseen": "oversee", "oversaw": "oversee", "undertaken": "undertake",
    "undertook": "undertake",
}
# Stems of nouns built on a verb whose stem is not the verb's.
NOUN_STEMS = {"provis": "provid", "deliveri": "deliv", "mainten": "maintain",
              "intervent": "interven", "referr": "refer"}
# Endings of nouns built on a verb ("coordination", "coordinator", "requirement"): the
# verb's stem, but not the verb.
NOMINAL_RE = re.compile(r"(?:tion|sion|ment|ance|ence|ator|ity|ship|ness|ism|ist|ure)s?$")
PREPOSITION_BEFORE_RE = re.compile(
    r"\b(?:of|with|by|from|to|for|under|in|on|at|between|among|through|via|within|including"
    r"|towards|into|against|about|over|alongside|besides|than|like|upon|after|before|during)"
    r"\s+(?:(?:the|a|an|its|their|his|her|this|that|these|those)\s+)?$", re.IGNORECASE)
COORDINATED_RE = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|as\s+well\s+as\s+)"
                            r"(?:(?:the|a|an|its|their)\s+)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    """The keyword index's stem of a word, of the verb for an irregular form or a noun
    whose stem is not the verb's ("provision": provide); question words too ("provides"),
    which `terms` leaves out."""
    found = tokenize([normalise(IRREGULAR.get(word.lower(), word))])[0]
    return NOUN_STEMS.get(found[0], found[0]) if found else ""


def question_verb(text: str) -> tuple[str, str] | None:
    """The verb a "which body"/"who" question asks the doer of, as (stem, word form):
    "Which body coordinates X?" gives coordinates; "Who may request Y?" request; "By whom is
    the shelter run?" run. None for a question about who undergoes something ("Who may be
    granted a permit?") or who someone is ("Who is the National Coordinator?")."""
    stripped = text.strip().rstrip("?").strip()
    passive = re.search(r"\bby\s+whom\b", stripped, re.I) or re.search(r"\bby$", stripped)
    if passive:
        words = re.findall(r"[A-Za-z-]+", re.sub(r"\s*\bby$", "", stripped))
        return (_stem(words[-1]), words[-1]) if words else None
    match = WHO_RE.search(stripped)
    if match is None:
        return None
    words = re.findall(r"[A-Za-z’'-]+", match.group(1))
    for i, word in enumerate(words):
        low = word.lower()
        if low in AUXILIARIES:
            if low in ("be", "been", "being") or (low in ("is", "are", "was", "were")
                                                   and i + 1 < len(words)
                                                   and words[i + 1].lower().endswith("ed")):
                return None  # "Who may be granted ...", "Who was appointed ...": the patient
            continue
        if low in OPENERS or word[0].isupper():
            return None  # "Who is the Coordinator?", "Which body in Ruritania ..."
        stem = _stem(word)
        return (stem, word) if stem else None
    return None


def verb_places(sentence: str, verb: tuple[str, str], spans: list[Span]) -> list[tuple[int, int]]:
    """Where the question's verb stands in the sentence as a verb (not inside a name, not
    as a noun built on it: "coordination", "Coordinator")."""
    stem, form = verb
    out = []
    for match in re.finditer(r"[A-Za-z-]+", sentence):
        word = match.group()
        if _stem(word) != stem or any(s.start <= match.start() < s.end for s in spans):
            continue
        if NOMINAL_RE.search(word.lower()) and not NOMINAL_RE.search(form.lower()):
            continue
        low = word.lower().removesuffix("s")
        if low.endswith("er") and not form.lower().startswith(low) and stem in (
                _stem(low[:-2]), _stem(low[:-1])):
            continue  # "provider", "manager": a noun of the doer, not the verb
        out.append(match.span())
    return out


def nominal_places(
    sentence: str, verb: tuple[str, str], spans: list[Span]
) -> list[tuple[int, int]]:
    """Where the question's verb stands as a noun whose doer a passive names ("[Coordination]
    of the activities is carried out by the National Coordinator"): the place of the
    passive verb before "by", for `agent` to read."""
    stem, form = verb
    out = []
    for match in re.finditer(r"[A-Za-z-]+", sentence):
        word = match.group()
        if (_stem(word) != stem or not NOMINAL_RE.search(word.lower())
                or any(s.start <= match.start() < s.end for s in spans)):
            continue
        by = NOMINAL_BY_RE.match(sentence, match.end())
        done = NOMINAL_DONE_RE.match(sentence, match.end())
        if by and not set(by.group(1).lower().split()) & NOT_BETWEEN:
            # "the provision of shelter by Caritas": the word before "by" stands for the verb
            out.append((by.end(1) - len(by.group(1).split()[-1]), by.end(1)) if by.group(1)
                       else match.span())
        elif done:
            out.append((done.start(1), done.end(1)))
    return out


def named_elsewhere(name: str, question: str) -> bool:
    """Whether a body's name shares the question's words without the question naming it:
    its head noun ("Coordinator") is not a word of the question ("Who coordinates ...?")."""
    words = re.findall(r"[A-Za-z’'-]+", re.sub(r"\([^)]*\)", "", name))
    return bool(words) and not re.search(rf"\b{re.escape(words[-1])}\b", question, re.I)


def _governed(sentence: str, spans: list[Span], index: int) -> bool:
    """Whether a body is the object of a preposition ("in cooperation with IOM", "funds
    from the Office"), directly or as one of bodies joined to one that is."""
    span = spans[index]
    before = sentence[: span.start]
    if PREPOSITION_BEFORE_RE.search(before):
        return True
    earlier = [i for i, s in enumerate(spans) if s.end <= span.start]
    if earlier:
        previous = max(earlier, key=lambda i: spans[i].end)
        if COORDINATED_RE.match(sentence[spans[previous].end : span.start]):
            return _governed(sentence, spans, previous)
    return False


# A relative pronoun right before the verb (its subject), or before a first verb phrase
# this one is joined to ("which runs the shelter and [provides]"), and what may stand
# between the pronoun and the body it stands for: a comma, a description ("Caritas, an
# NGO, which ...", "Open Door (a charity), which ...").
RELATIVE_RE = re.compile(r"\b(?:which|who|that)\s+(?:[^,;:.()]{1,80}?\s+(?:and|or)\s+)?$")
ANTECEDENT_GAP_RE = re.compile(r"\s*(?:\([^()]{1,60}\)\s*)?(?:,\s*(?:(?:an?|the|one\s+of"
                               r"\s+the)\s+[^,;()]{1,50},\s*)?)?$")

# What may stand between a body and its verb: its description ("Caritas (a charity)
# provides", "Caritas, an NGO, provides").
DESCRIPTION_GAP_RE = re.compile(r"\s*(?:\([^()]{1,60}\)\s*|,\s*(?:an?|one\s+of\s+the)\s+"
                                r"[^,;()]{1,50},\s*)?")
# Words that open a clause as well as govern a noun: "after [the Court] had examined".
CONJUNCTION_BEFORE_RE = re.compile(r"\b(?:after|before|since|until|as)\s+(?:the\s+)?$",
                                   re.IGNORECASE)
# A conjunction opening a clause of its own, with its own subject before the verb.
CLAUSE_JOIN_RE = re.compile(r"(?:,\s*|\s)(?:and|while|whereas|but)\s+|;\s*")
# "by the regional office of the [IOM]": the body after a few lower-case words.
LOWER_WORDS_RE = re.compile(r"(?:the\s+)?(?:[a-z][\w-]*\s+){1,5}?(?:of|in)\s+(?:the\s+)?(?=[A-Z])")
KIND_BEFORE_RE = re.compile(rf"(?:(?:the|an?)\s+)?(?:(?:{ORGANISATION_KINDS})\s+"
                            r"(?:(?:called|named)\s+)?)?")


def _antecedent(sentence: str, limit: int, spans: list[Span]) -> int | None:
    """The body a relative pronoun right before the verb stands for ("..., referred by the
    police to the Bar Association, which provides ..."): the one right before it, whatever
    governs it."""
    relative = RELATIVE_RE.search(sentence[:limit])
    if relative is None:
        return None
    before = [i for i, s in enumerate(spans) if s.end <= relative.start()]
    if not before:
        return None
    nearest = max(before, key=lambda i: spans[i].end)
    if ANTECEDENT_GAP_RE.fullmatch(sentence[spans[nearest].end : relative.start()]):
        return nearest
    return None


def _right_before(sentence: str, limit: int, spans: list[Span]) -> int | None:
    """The body right before the verb, past its description only ("With the support of
    the Ministry, [Caritas] (a charity) funds ..."), when no preposition governs it (a word
    that also opens a clause may: "after [the Court] had examined")."""
    before = [i for i, s in enumerate(spans) if s.end <= limit]
    if not before:
        return None
    nearest = max(before, key=lambda i: spans[i].end)
    gap = sentence[spans[nearest].end : limit]
    opening = sentence[: spans[nearest].start]
    if DESCRIPTION_GAP_RE.fullmatch(gap) and (not PREPOSITION_BEFORE_RE.search(opening)
                                              or CONJUNCTION_BEFORE_RE.search(opening)):
        return nearest
    return None


def agent(sentence: str, place: tuple[int, int], spans: list[Span]) -> int | None:
    """The index of the body that does what the verb at `place` says: the first body after
    "by" when the verb is passive ("is coordinated by the SMS"), else the nearest body
    before it that no preposition governs, past an interruption between commas ("The SMS,
    in partnership with IOM, coordinates ..."), and inside a relative clause with a
    subject of its own ("..., which the victim may request")."""
    start, end = place
    passive = re.match(r"(?:\s+\w+ly)?\s+by\s+", sentence[end:])
    if passive:
        after = end + passive.end()
        # "by the NGO X", "by the association X": the kind before the name
        lower = LOWER_WORDS_RE.match(sentence, after)
        reach = max(6, KIND_BEFORE_RE.match(sentence, after).end() - after,
                    lower.end() - after if lower else 0)
        following = [i for i, s in enumerate(spans) if after <= s.start <= after + reach]
        return min(following, key=lambda i: spans[i].start) if following else None
    limit = start
    words = list(re.finditer(r"[\w’'-]+|,", sentence[:start]))
    while words and words[-1].group().lower() in AUXILIARIES:
        limit = words.pop().start()
    antecedent = _antecedent(sentence, limit, spans)
    if antecedent is not None:
        return antecedent
    subject = _right_before(sentence, limit, spans)
    if subject is not None:
        return subject
    if sentence[:limit].rstrip().endswith(","):
        # An interruption that ends right before the verb: its subject is before it.
        inner = sentence[:limit].rstrip()[:-1]
        opening = inner.rfind(",")
        if opening > 0 and any(s.end <= opening for s in spans):
            limit = opening
    joined = [m for m in CLAUSE_JOIN_RE.finditer(sentence, 0, limit)
              if not any(s.start <= m.start() < s.end for s in spans)]
    # "The police identify victims and [Caritas] provides ...": the clause's own subject
    own = joined and sentence[joined[-1].end() : limit].strip()
    floor = joined[-1].end() if own else 0
    relative = list(re.finditer(r"\b(?:which|that|whom)\s", sentence[:limit]))
    if relative and (set(re.findall(r"[\w’'-]+", sentence[relative[-1].end() : limit].lower()))
                     & SUBJECTS or any(relative[-1].end() <= s.start for s in spans)):
        floor = max(floor, relative[-1].end())  # "..., which [the victim] may request"
    candidates = [i for i, s in enumerate(spans)
                  if floor <= s.start and s.end <= limit and not _governed(sentence, spans, i)]
    return max(candidates, key=lambda i: spans[i].end) if candidates else None


# A second agent of the same passive verb: "provided by the Centre and, under a contract,
# [by] the NGO X" (what stands between: a few words, no sentence or clause of its own).
COORDINATED_BY_RE = re.compile(r"(?:,\s*|\s+)(?:and|or)\b[^.;:]{0,60}?\bby\s+")


def coordinated_agents(sentence: str, place: tuple[int, int], spans: list[Span]) -> list[int]:
    """The bodies after "and ... by" that share a passive verb's agent ("is provided by the
    Centre and, under a contract with the DAM, by the NGO X": the NGO too)."""
    first = agent(sentence, place, spans)
    passive = re.match(r"(?:\s+\w+ly)?\s+by\s+", sentence[place[1]:])
    if first is None or not passive:
        return []
    found = []
    for match in COORDINATED_BY_RE.finditer(sentence, spans[first].end):
        following = [i for i, s in enumerate(spans) if match.end() <= s.start <= match.end() + 12]
        if following:
            found.append(min(following, key=lambda i: spans[i].start))
    return found


def subject_phrase(sentence: str, place: tuple[int, int]) -> tuple[int, int] | None:
    """Where the subject of an active verb stands when it is no named body: "[A victim of
    trafficking] may request ...", "Under the Law, [the injured party] may request ...": the
    clause's opening words before the verb (and its auxiliaries), a determiner first, in
    lower case, at most SUBJECT_WORDS of them; after "by" for a passive verb ("requested by
    [the victim] from the Fund"); None for any other shape."""
    start, end = place
    passive = re.match(r"(?:\s+\w+ly)?\s+by\s+", sentence[end:])
    if passive:
        # "... may be requested by [the victim] from the Fund"
        after = end + passive.end()
        taken = []
        for word in re.finditer(r"\s*([\w’'-]+)", sentence[after:]):
            if word.start() != (taken[-1].end() if taken else 0) or len(taken) >= SUBJECT_WORDS:
                break
            if not word.group(1).islower() or (taken and word.group(1) in PHRASE_STOPS):
                break
            taken.append(word)
        if not taken or taken[0].group(1) not in SUBJECTS:
            return None
        return after, after + taken[-1].end()
    words = list(re.finditer(r"[\w’'-]+", sentence[:start]))
    popped = set()
    while words and words[-1].group().lower() in AUXILIARIES:
        popped.add(words.pop().group().lower())
    if not words or popped & {"is", "are", "was", "were", "be", "been", "being"}:
        return None  # "A sign language interpreter is provided ...": who undergoes it
    stop = words[-1].end()
    opening = max((m.end() for m in re.finditer(r"[,;:(]|\b(?:that|which|who|where)\b",
                                                sentence[:stop])), default=0)
    phrase = [w for w in words if w.start() >= opening]
    if not phrase or len(phrase) > SUBJECT_WORDS or phrase[0].group().lower() not in SUBJECTS:
        return None
    if (any(not w.group().islower() for w in phrase[1:])
            or sentence[opening : phrase[0].start()].strip()):
        return None
    return phrase[0].start(), stop


def favour_agents(sentence: str, question: Question, spans: list[Span]) -> list[tuple[int, int]]:
    """Raise the bodies that do what the question asks (see `agent`); when no body found
    does it, the places of a name standing as its doer (`org_names.agent_names`: "run by
    Caritas"), else, for a "who" question, of the subject phrases that do it (see
    `subject_phrase`), for the caller to add as spans."""
    verb = question_verb(question.text)
    if verb is None:
        return []
    places = verb_places(sentence, verb, spans)
    nominal = nominal_places(sentence, verb, spans)
    chosen = {agent(sentence, place, spans) for place in places + nominal}
    chosen |= {i for place in places for i in coordinated_agents(sentence, place, spans)}
    for index in chosen - {None}:
        spans[index].bonus += AGENT_BONUS
    if chosen - {None}:
        return []
    named = [(a, b) for place in places + nominal for a, b in agent_names(sentence, place)
             if a < b and not any(s.start < b and a < s.end for s in spans)]
    if named or not re.match(r"\s*who\b", question.text, re.IGNORECASE):
        return named  # "the shelter is run by Caritas"
    return [found for found in map(lambda p: subject_phrase(sentence, p), places) if found]


# --- amounts, durations and qualifiers -----------------------------------------------------------

# Currency names and signs: one vocabulary (`greta_search.currency`).
CURRENCY_WORDS = currency.NAMES
MONETARY_NOUNS = (r"(?:(?:minimum|monthly|average)\s+)?(?:salar(?:y|ies)|wages?)"
                  r"|(?:minimum\s+)?subsistence\s+(?:levels?|minimums?)"
                  r"|(?:conventional|calculation|monetary)\s+units?")
# A currency or monetary noun after a number, through "million" ("13.7 million RUC"); a
# three-letter code only where no noun follows it ("12 NGO shelters" counts shelters).
CURRENCY_AFTER_RE = re.compile(
    rf"(?:\s+(?:million|thousand|billion|bn|mln|m)\b)?\s*(?:(?:[A-Z]{{3}}|{currency.SIGN})"
    rf"(?=\s*$|\s*[^\w\s]|\s+(?:{currency.FOLLOW}|[a-z]+ed)\b)"
    rf"|(?i:{CURRENCY_WORDS}|{MONETARY_NOUNS})(?![\w-]))")
# A currency named in words, or a sign.
CURRENCY_WORD_RE = re.compile(rf"{currency.SIGN}|\b(?i:{CURRENCY_WORDS}|{MONETARY_NOUNS})\b")
MONEY_QUESTION_RE = re.compile(
    rf"\b(?:compensat\w*|fund\w*|budget\w*|cost\w*|paid|pay\w*|fines?|allowances?|salar\w*"
    rf"|wages?|money|grants?|financ\w*|spen[dt]\w*|allocat\w*|award\w*|damages|fees?"
    rf"|price\w*|remunerat\w*|reimburs\w*|expenditure\w*|donat\w*|monetary|value"
    rf"|{CURRENCY_WORDS})\b"
    rf"|\b(?:in|of)\s+[A-Z]{{3}}\b|{currency.SIGN}", re.IGNORECASE)
AMOUNT_ASKED_RE = re.compile(
    r"\bhow\s+much\b|\b(?:what|which)\s+(?:(?:is|was|were)\s+)?(?:the\s+)?(?:amount|sum|total"
    r"|size)\b|\bamount\s+of\b"
    # "What is the maximum fine ...", "What fine can ...", "What was the annual budget ..."
    rf"|{MONEY_ASKED}", re.IGNORECASE)
DURATION_RE = re.compile(
    rf"(?:\d|(?<![\w-])(?:{IN_WORDS}|one)\b)(?:\s*\(\w+\))?(?:[\s-]+(?:calendar|working"
    rf"|business|consecutive|full|more|additional|further))*[\s-]+{TIME_UNITS}\b", re.IGNORECASE)
QUALIFIER_RE = re.compile(
    r"(?:\b(?:(?:no|not)\s+)?(?:more|less|fewer)\s+than|\bat\s+(?:least|most)|\bup\s+to"
    r"|\bapproximately|\bapprox\.|\babout|\baround|\bnearly|\balmost|\broughly|\bsome"
    r"|\bin\s+excess\s+of|\bjust\s+(?:over|under)|\bover|\bunder|\bwell\s+over"
    r"|\bexceeding|\bevery|\bwithin|\baged|\b(?:the\s+)?age\s+of)\s+$", re.IGNORECASE)
# What a money question is not: a count, a duration, a share.
NOT_MONEY_RE = re.compile(r"\b(?:how\s+(?:many|long)|how\s+much\s+of|number\s+of|percentage"
                          r"|share|proportion)\b", re.IGNORECASE)


def money_question(question: Question) -> bool:
    """Whether an amount of money is asked ("How much compensation was awarded?", "What
    amount was paid in EUR?")."""
    return (question.kind == "number" and bool(AMOUNT_ASKED_RE.search(question.text))
            and bool(MONEY_QUESTION_RE.search(question.text))
            and not NOT_MONEY_RE.search(question.text))


def currency_after(tail: str) -> int:
    """How many characters of `tail` (the text after a number) are its currency, through
    "million" ("13.7[ million RUC]"); 0 when none follows."""
    match = CURRENCY_AFTER_RE.match(tail)
    return match.end() if match else 0


def qualifier_before(sentence: str, start: int) -> int:
    """Where a number's qualifier begins ("[more than ]8", "[up to ]EUR 5,000"): `start`
    itself when there is none."""
    match = QUALIFIER_RE.search(sentence[max(0, start - 30) : start])
    return start - len(match.group()) if match else start


def count_question(question: Question) -> bool:
    """Whether a count of things other than money is asked ("How many permits ...?", not
    "How many euros ...?")."""
    return (question.kind == "number" and bool(re.search(r"\bhow\s+many\b", question.text, re.I))
            and not CURRENCY_WORD_RE.search(question.text))


def fits_unit(question: Question, span_text: str, priced: bool) -> bool:
    """Whether a number span is of the shape asked: an amount of money has a currency or a
    monetary noun (`priced`: before or after the number), a duration a unit of time, a
    count neither (but a count of days, months ... asked); anything else fits."""
    if money_question(question):
        return priced
    if question.kind == "number" and asks_duration(question.text):
        return bool(DURATION_RE.search(span_text))
    if count_question(question):
        # "EUR 20,000" or "6 months" is no count of permits (unless months are counted).
        return not priced and not (DURATION_RE.search(span_text) and not re.search(
            rf"\b{TIME_UNITS}\b", question.text, re.IGNORECASE))
    return True
