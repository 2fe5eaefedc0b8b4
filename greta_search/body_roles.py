"""What a "who" question may be answered with beside a named body, and names that are no body.

* A post holder or a person: "Who chairs the Board?" -- "a judge" ("The Board has five
  members: a judge, who chairs it, ..."), "a judge of the Supreme Court" ("chaired by a judge
  of the Supreme Court"), "Mr Anders Vik" (`person_spans`); only a question opening with
  "who" (or "by whom") asks for one, "which body" asks for the body.
* Who someone is: "Who is the National Coordinator?" is answered by what the sentence says
  the Coordinator is, "The National Coordinator is [the State Secretary of the Ministry of
  Interior]", not by a body it then names (`identity_places`).
* Who did a piece of work another body commissioned: "the NCO commissioned a study from
  [the Faculty of Sociology]" -- the Faculty carried it out (`performers`).
* An instrument is no body: "Government Decision No. 203", "Government Regulation No. 19",
  "the Council of Europe Convention"; a body before one it acts under keeps its own name
  ("the Legal Aid Centre under Act No. 327": the Legal Aid Centre) (`without_instrument`).
"""

from __future__ import annotations

import re

# The heads of a legal or policy instrument written like a name.
INSTRUMENTS = ("Act|Acts|Law|Laws|Code|Decree|Decision|Regulation|Regulations|Resolution|"
               "Ordinance|Convention|Protocol|Directive|Rulebook|Strategy")
INSTRUMENT_RE = re.compile(rf"\b(?:{INSTRUMENTS})\b(?=\s*(?:No\b|Nr\b|\d|$))")
NUMBER_MARK_RE = re.compile(r"\s+(?:No|Nr)$")
CONNECTOR_CUT_RE = re.compile(r"\s+(?:under|of|by|in|pursuant\s+to)\s+(?:the\s+)?$")

ROLES = (r"judges?|prosecutors?|lawyers?|attorneys?|representatives?|officers?|officials?"
         r"|directors?|heads?|chairs?|chairpersons?|chairm[ae]n|deput(?:y|ies)|ministers?"
         r"|secretar(?:y|ies)|experts?|psychologists?|doctors?|members?|inspectors?"
         r"|investigators?|advocates?|social\s+workers?|police\s+officers?|mediators?")
CAPITAL_NAME = r"[A-Z][\w’'-]*(?:\s+(?:(?:of|for|on|and|the|in|against)\s+)*[A-Z][\w’'-]*)*"
# "a judge", "a senior prosecutor of the Supreme Public Prosecutor's Office": an article, up
# to two lower-case words, the role, and the body it belongs to.
ROLE_RE = re.compile(rf"\b(?:an?|the)\s+(?:(?!(?:of|and|or|to|in|by)\s)[a-z][\w-]*\s+){{0,2}}?"
                     rf"(?:{ROLES})\b(?:\s+(?:of|at|from|in)\s+(?:the\s+)?{CAPITAL_NAME})?")
# "Mr Anders Vik", "Ms Ingrid Solberg", "Dr. Jana Novak", "Judge Petra Horvat"
PERSON_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Judge)\.?\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}")
WHO_OPENING_RE = re.compile(r"^\s*(?:who(?:m)?\b|by\s+whom\b)", re.IGNORECASE)
# "Who is the National Coordinator (of Borduria)?": what the question asks the identity of.
IDENTITY_RE = re.compile(r"^\s*who\s+(?:is|are|was|were)\s+(?:the\s+|an?\s+)?(.+?)\s*\??\s*$",
                         re.IGNORECASE)
COPULA_RE = re.compile(r"\s+(?:is|are|was|were|has\s+been)\s+(?:now\s+|currently\s+)?")


def without_instrument(text: str) -> str | None:
    """A body name without the instrument it runs into ("Legal Aid Centre under Act No" ->
    "Legal Aid Centre"), None when the name is an instrument ("Government Decision No",
    "Council of Europe Convention"), the name as it is otherwise."""
    bare = NUMBER_MARK_RE.sub("", text)
    match = INSTRUMENT_RE.search(bare)
    if match is None:
        return text
    cut = CONNECTOR_CUT_RE.search(bare[: match.start()])
    return bare[: cut.start()] if cut else None


def asks_person(question: str) -> bool:
    """Whether the question asks who (a person or post may answer), not which body."""
    return bool(WHO_OPENING_RE.match(question))


def person_spans(sentence: str) -> list[tuple[int, int]]:
    """Where the sentence names a person by title ("Mr Anders Vik") or a post holder ("a
    judge", "the State Secretary ..." is a name already)."""
    found = [m.span() for m in PERSON_RE.finditer(sentence)]
    for match in ROLE_RE.finditer(sentence):
        if not any(a <= match.start() < b for a, b in found):
            found.append(match.span())
    return found


def _asked_head(question: str) -> str | None:
    match = IDENTITY_RE.match(question)
    if match is None:
        return None
    asked = re.split(r"\s+(?:of|in|for)\s+(?=[A-Z])", match.group(1))[0]
    words = re.findall(r"[A-Za-z][\w’'-]*", asked)
    return words[-1] if words else None


def identity_places(sentence: str, question: str) -> tuple[set[int], set[int]]:
    """Where the answer to "Who is the X?" may start and end: it starts right after "X is
    (the)" ("The National Coordinator is [the State Secretary ...]") and ends right before
    ", the X" or " is the X" said of a name ("[Mr Anders Vik], the National Coordinator")."""
    head = _asked_head(question)
    starts: set[int] = set()
    ends: set[int] = set()
    if head is None:
        return starts, ends
    for mention in re.finditer(rf"\b{re.escape(head)}s?\b", sentence, re.IGNORECASE):
        copula = COPULA_RE.match(sentence, mention.end())
        if copula:
            article = re.match(r"(?:the|an?)\s+", sentence[copula.end():])
            starts |= {copula.end(), copula.end() + (article.end() if article else 0)}
        before = re.search(r"(?:,\s+|\s+(?:is|was)\s+)(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,4}$",
                           sentence[: mention.start()])
        if before:
            ends.add(before.start())
    return starts, ends


# "commissioned a qualitative study from [the Faculty]": the body that does the work (one
# it was entrusted to may not: "entrusted to the IOM but exercised by the Coordinator").
PERFORMER_RE = re.compile(r"\b(?:commissioned|ordered)\b[^.;:]{0,80}?\bfrom\s+(?:the\s+)?$",
                          re.IGNORECASE)


def performers(sentence: str, starts: list[int]) -> list[int]:
    """The indexes of the spans (by start) that do the work the sentence says another body
    commissioned from them."""
    return [i for i, start in enumerate(starts) if PERFORMER_RE.search(sentence[:start])]
