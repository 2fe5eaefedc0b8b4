"""The date of the event a question asks about (issue 10): a sentence often dates several
events ("Law No. 12 of 23 November 2001 ... was amended on 30 September 2009", "signed on
3 May 2015 and ratified on 12 June 2017", "entered into force on 1 January 2020, six months
after its adoption on 1 July 2019"). Each date is read with the event that governs it: the
verb or its noun in the date's own stretch of the sentence ("was amended on", "the
amendment of", "in force since"), the act whose own date it is ("Law No. 12 of [date]": its
adoption or signature), the clause a date opens ("On 5 May 2019, the Parliament adopted
..."), else the preposition before it ("from [2019] to [2022]": a start and an end). A date of
another event than the one asked, or of another numbered case or act than the one the
question names, loses and is marked so (`Span.event`, which the confidence model reads as
`date_event`); a plan asked ("When will ... be evaluated?") prefers the date of a plan."""

from __future__ import annotations

import re

from greta_search.answer_types import Question, terms
from greta_search.date_forms import since_when
from greta_search.span_roles import IRREGULAR, NOMINAL_RE, Span

# The events a date question asks about, each with the verbs and nouns that name it.
EVENTS = {
    "adopt": r"adopt(?:ed|s|ion|ing)?|pass(?:ed|age)|enact(?:ed|ment|s)?",
    "approve": r"approv(?:ed|es?|al)",
    "amend": r"amend(?:ed|s|ing|ments?)?",
    "ratify": r"ratif(?:ied|ies|y|ying|ication)",
    "sign": r"sign(?:ed|ing|ature)",
    "force": (r"(?:enter(?:ed|s|ing)?|entry|c[ao]me|comes|coming|brought|put)\s+into\s+"
              r"(?:force|effect)|in\s+force|(?:took|takes?|taken)\s+effect|with\s+effect"
              r"|effective\s+(?:from|as\s+of|on|since)"),
    "establish": r"establish(?:ed|es|ment)?|set\s+up|creat(?:ed|es?|ion)|found(?:ed|ation)"
                 r"|form(?:ed|ation)",
    "start": r"launch(?:ed|es)?|start(?:ed|s)?|beg(?:an|un|ins?|inning)|commenc(?:ed|es?|ement)"
             r"|open(?:ed|s|ing)|initiat(?:ed|es?|ion)",
    "end": r"end(?:ed|s)?|expir(?:ed|es?|y)|complet(?:ed|es?|ion)|conclu(?:ded|des?|sion)"
           r"|clos(?:ed|es?|ure)|terminat(?:ed|es?|ion)|finish(?:ed|es)?",
    "appoint": r"appoint(?:ed|s|ment)|nominat(?:ed|es?|ion)|elect(?:ed|s|ion)",
    "repeal": r"repeal(?:ed|s)?|abolish(?:ed|es)?|abolition|revok(?:ed|es?)|revocation",
    "publish": r"publish(?:ed|es)?|publication",
    "accede": r"acced(?:ed|es?)|accession",
    "evaluate": r"evaluat(?:ed|es?|ions?|ing)|assess(?:ed|es|ments?)|review(?:ed|s)?",
    "judge": r"judg(?:e?ments?|ed)|deliver(?:ed|s)?|rul(?:ed|ing)|convict(?:ed|ion)|verdict"
             r"|sentenced",
    "appeal": r"uph[eo]ld(?:s|ing)?|appeal(?:ed|s)?|quash(?:ed|es)?|overturn(?:ed|s)?"
              r"|revers(?:ed|al)",
}
EVENT_RES = {key: re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)
             for key, pattern in EVENTS.items()}
# A noun (or gerund) naming an event, as against a verb: "the amendment", "its adoption".
EVENT_NOUN_RE = re.compile(r"(?:ion|ment|ments|al|ure|age|ance|ence|ing|entry|expiry)$", re.I)
# The act whose own date follows ("Law No. 12 of", "Decree No. 45 dated", "the Law of"):
# dated by its adoption or signature.
TITLE_RE = re.compile(
    r"\b(?:Law|Act|Code|Decree|Resolution|Order|Decision|Regulation|Ordinance|Instruction"
    r"|Convention|Protocol|Agreement|Memorandum|Treaty)\b(?:\s+No\.\s*\S+)?"
    r"(?:\s+on\s+[^,;:]{3,80}?)?\s+(?:of|dated)\s+(?:the\s+)?$")
TITLE_EVENTS = frozenset({"adopt", "sign"})
# A date after one of these starts or ends a period ("from 2019 to 2022", "until 2026").
START_BEFORE_RE = re.compile(r"\b(?:from|since|as\s+of|starting|beginning)\s+(?:on\s+)?$", re.I)
END_BEFORE_RE = re.compile(r"\b(?:to|until|till|through|up\s+to)\s+$", re.I)
# Where a date's clause ends: the end of a sentence, a comma (not in a number), a semicolon or
# colon, a dash between spaces, "and"/"while"/"whereas"/"but" opening a new clause, or a
# relative pronoun.
DATE_CLAUSE_RE = re.compile(r"[;:]|,(?!\d)|\s[–—]\s|\s(?:and|but|while|whereas)\s(?=[a-z])"
                            r"|\s(?:which|who)\s|(?<![A-Z][a-z])\.\s+(?=[A-Z(])")
# The tense of a question and of a date's own clause: a plan ("will be evaluated", "is
# planned for", "is due in") or a thing done ("was adopted", "had been signed").
FUTURE_RE = re.compile(r"\b(?:will|shall|plann(?:ed|ing)|scheduled|due|expected|foreseen"
                       r"|intends?|to\s+be)\b", re.I)
PAST_RE = re.compile(r"\b(?:was|were|had|did)\b|\b[a-z]{3,}ed\b(?!\s+(?:for|to)\b)", re.I)
TENSE = 1.0
# A date of an act or case numbered otherwise than the one the question names loses this.
OTHER_ACT = 4.0
# The word after a verb that belongs to it ("carried out", "set up"): the verb is before it.
PARTICLES = frozenset("out up off down over on in".split())
# A date whose event is known and differs from the one asked loses this much; one whose
# event is the one asked, among dates of other events, gains EVENT_BONUS.
EVENT_BONUS = 2.0
OTHER_EVENT = 2.0
WORD_RE = re.compile(r"[A-Za-z-]{3,}")
# A verb of a date's own stretch ("commissioned in", "held in"): its event, named.
# (Not the words that only describe: "dated", "entitled", "based", "related".)
VERB_RE = re.compile(rf"\b(?!(?:dated|entitled|titled|called|named|based|related|concerned)\b)"
                     rf"(?:[a-z]{{3,}}ed|{'|'.join(IRREGULAR)})\b")
# "No. 1(101)-146/2023", "No. 45/2019", "No. 12": the number of an act or case.
ACT_NUMBER_RE = re.compile(r"\bNo\.\s*(\d[\w()./-]*[\w)]|\d)")


def event_keys(text: str, nouns: bool = True) -> set[str]:
    """The events (keys of EVENTS) a stretch of text names; only its verbs without
    `nouns`."""
    out = set()
    for key, pattern in EVENT_RES.items():
        for match in pattern.finditer(text):
            if nouns or not EVENT_NOUN_RE.search(match.group().split()[0]):
                out.add(key)
    return out


def _stems(text: str) -> set[str]:
    """Stems of the verbs (past tenses and participles) and event nouns of a stretch, for
    events EVENTS does not name ("the judgment was delivered on")."""
    out = set()
    for match in WORD_RE.finditer(text):
        word = match.group()
        low = word.lower()
        if word[0].isupper() and not low.endswith("ed"):
            continue  # a name ("Convention", "Decree") is no event
        if low.endswith("ed") or low in IRREGULAR or NOMINAL_RE.search(low):
            found = terms(IRREGULAR.get(low, word))
            if found:
                out.add(found[0])
    return out


def question_events(question: Question) -> tuple[set[str], set[str]]:
    """The event a date question asks about, as (keys of EVENTS, stems): the verb's event
    ("When was the amendment adopted?": adopt; "When did the Law amending X enter into
    force?": force, the describing "amending" left out), else its noun's ("the date of
    the amendment"); the stems of its other words when EVENTS names none."""
    text = question.text
    describing = " ".join(m.group() for m in re.finditer(r"\b\w+ing\b", text)
                          if not re.match(r"\s+into\s+(?:force|effect)", text[m.end():]))
    plain = re.sub(r"\b\w+ing\b(?!\s+into\s+(?:force|effect))", " ", text)
    keys = event_keys(plain, nouns=False) or event_keys(plain)
    if since_when(text):
        keys |= {"start", "force"}  # "Since when have the courts kept a list ...?"
    if keys:
        return keys, set()
    words = re.findall(r"[A-Za-z-]+", text)
    if len(words) > 2 and words[-1].lower() in PARTICLES:
        words = words[:-1]  # "When was the survey carried out?": "carried"
    if re.search(r"\bwhen\s+(?:was|were|is|are|has|have|had)\b", text, re.I) and words:
        last = words[-1].lower()
        if last.endswith(("ed", "en")) or last in IRREGULAR:
            return set(), set(terms(IRREGULAR.get(last, words[-1]))[:1])
    return set(), set(question.terms) - set(terms(describing))


def _stretch_before(sentence: str, span: Span, floor: int, breaks: list[tuple[int, int]]) -> str:
    """The date's own stretch before it: from its clause break (or the date before it)."""
    start = max([floor] + [e for b, e in breaks if e <= span.start])
    return sentence[start : span.start]


def _clause_after(sentence: str, span: Span, ceiling: int, breaks: list[tuple[int, int]]) -> str:
    """The clause a date opens ("On 5 May 2019, [the Parliament adopted the law]")."""
    after = [b for b, e in breaks if b >= span.end]
    end = after[0] if after else len(sentence)
    if end - span.end <= 2:  # "On 5 May 2019, ...": the clause after the comma
        following = [b for b, e in breaks if b > end]
        return sentence[end : min(following[0] if following else len(sentence), ceiling)]
    clause = sentence[span.end : min(end, ceiling)]
    if not event_keys(clause) and not _stems(clause) and end < ceiling:
        # "In spring 2023 Lighthouse and the ATCU carried out a survey": the subject's
        # second part, then its verb.
        following = [b for b, e in breaks if b > end]
        clause = sentence[span.end : min(following[0] if following else len(sentence), ceiling)]
    return clause


def date_events(sentence: str, spans: list[Span], index: int,
                breaks: list[tuple[int, int]]) -> tuple[set[str], set[str], bool]:
    """The event dated by spans[index], as (keys of EVENTS, stems, whether read from the
    words that name it rather than a preposition)."""
    span = spans[index]
    floor = max((s.end for s in spans if s.end <= span.start), default=0)
    ceiling = min((s.start for s in spans if s.start >= span.end), default=len(sentence))
    before = _stretch_before(sentence, span, floor, breaks)
    keys = event_keys(before) | (TITLE_EVENTS if TITLE_RE.search(before) else set())
    stems = _stems(before)
    if not keys and not stems and len(WORD_RE.findall(before)) <= 2:
        after = _clause_after(sentence, span, ceiling, breaks)
        keys, stems = event_keys(after), _stems(after)
    if keys:
        return keys, stems, True
    if VERB_RE.search(before) and not START_BEFORE_RE.search(before):
        return set(), stems, True  # "commissioned in 2023": an event EVENTS does not name
    if START_BEFORE_RE.search(before):
        return {"start", "force"}, stems, False
    if END_BEFORE_RE.search(before):
        return {"end"}, stems, False
    return set(), stems, False


def favour_events(sentence: str, question: Question, spans: list[Span]) -> None:
    """Raise the dates whose own event is the one the question asks about ("ratified on
    3 March 2008" for "When did Ruritania ratify ...?") over dates of other events in the
    sentence ("signed on 12 May 2005"); lower a date whose event is named and is another
    one, even alone in its sentence ("Law No. 5 dated 28 June 2024" for its entry into
    force)."""
    if not spans:
        return
    asked_keys, asked_stems = question_events(question)
    breaks = [(m.start(), m.end()) for m in DATE_CLAUSE_RE.finditer(sentence)
              if not any(s.start <= m.start() < s.end for s in spans)]
    read = [date_events(sentence, spans, i, breaks) for i in range(len(spans))]
    if asked_keys:
        held = [bool(keys & asked_keys) for keys, _, _ in read]
        for span, (keys, _, named) in zip(spans, read, strict=True):
            if named and not keys & asked_keys:
                span.bonus -= OTHER_EVENT
                span.event = -1.0
    else:
        held = [bool(stems & asked_stems) for _, stems, _ in read]
    for span, holds in zip(spans, held, strict=True):
        span.event = 1.0 if holds and span.event >= 0 else span.event
    if any(held) and not all(held):
        for span, holds in zip(spans, held, strict=True):
            if holds:
                span.bonus += EVENT_BONUS
    _favour_tense(sentence, question, spans, breaks)


def _favour_tense(sentence: str, question: Question, spans: list[Span],
                  breaks: list[tuple[int, int]]) -> None:
    """A plan asked ("When will the Plan be evaluated?"): the date of a plan ("is planned
    for spring 2026") gains, the date of a thing done ("was adopted on 7 March 2024")
    loses; a thing done asked ("When was ...?"): the date of a plan loses."""
    future = bool(FUTURE_RE.search(question.text))
    past = not future and bool(re.search(r"\bwhen\s+(?:was|were|did|had)\b", question.text,
                                         re.I))
    if not future and not past:
        return
    for span in spans:
        floor = max((s.end for s in spans if s.end <= span.start), default=0)
        before = _stretch_before(sentence, span, floor, breaks)
        planned = bool(FUTURE_RE.search(before))
        if future and planned:
            span.bonus += TENSE
        elif future and PAST_RE.search(before) or past and planned:
            span.bonus -= TENSE


def act_numbers(sentence: str, question: Question, spans: list[Span]) -> None:
    """The date of the act or case the question names by number gains ("the judgment ...
    dated 27 February 2023 in case No. 1(101)-146/2023" for "... in case No.
    1(101)-146/2023?"); where the question names one, every date of a sentence about
    other numbered acts or cases, never naming the one asked, loses ("dated 20 November
    2023 in case No. 1(101)-121/2023"). A date's own number is the one just before it
    ("Law No. 45 of 3 May 2019"), else the one just after it."""
    asked = {m.group(1) for m in ACT_NUMBER_RE.finditer(question.text)}
    named = {m.group(1) for m in ACT_NUMBER_RE.finditer(sentence)}
    if asked and named and not asked & named:
        for span in spans:  # the sentence is about another act or case
            span.bonus -= OTHER_ACT
            span.event = -1.0
        return
    for span in spans:
        others = [s for s in spans if s is not span]
        before = [m for m in ACT_NUMBER_RE.finditer(sentence[: span.start])
                  if span.start - m.end() < 120
                  and not any(m.end() <= s.start < span.start for s in others)]
        after = [m for m in ACT_NUMBER_RE.finditer(sentence, span.end, span.end + 40)
                 if not any(span.end <= s.start < m.start() for s in others)]
        own = before[-1:] or after[:1]
        if own and (own[0].group(1) in asked or own[0].group(1).split("/")[0]
                    in question.numbers):
            span.bonus += 1.0
