"""Yes or No from the evidence of a yes/no question (issue 10): an explicit "Yes," or "No,"
that opens the reply decides; else the evidence says No when a negation governs what is
asked (in the clause holding the most of the question's words, in one holding words of it
no other clause affirms, or in one that speaks of what came before: "has not yet
ratified", "no such ...", "is not provided", "only citizens, not foreigners") and Yes when
none does. A negation in another clause ("... ex officio. Investigations are not dependent
on a complaint") does not count, nor words that only look like one ("Act No. 45", "not
only", "no later than", "not less than"). Evidence that shares too little of what is asked
gives no answer (`about_asked`)."""

from __future__ import annotations

import re

from greta_search.answer_types import Question, terms

# A negation word, never the abbreviation of a number ("No. 45", "Nos 3 and 4").
NEGATION_RE = re.compile(
    r"\b(?:no(?!\.?\s*\d)|not|none|never|neither|nor|nobody|nothing|nowhere"
    r"|cannot|unable|yet\s+to)\b|n[’']t\b", re.IGNORECASE)
# Phrases that hold a negation word and negate nothing.
NOT_NEGATING_RE = re.compile(
    r"\b(?:not\s+only|no\s+(?:later|sooner|earlier)\s+than|(?:no|not)\s+(?:more|less|fewer)"
    r"\s+than|not\s+exceeding|whether\s+or\s+not|if\s+not|not\s+least|nothing\s+but"
    r"|no\s+matter)\b", re.IGNORECASE)
# The answer a reply states first: "Yes, since 2024.", "No. ...", "No, ..." (not "No. 45").
EXPLICIT_RE = re.compile(r"^\W*(Yes|No)\b(?!\.?\s*\d)\s*[,.;:–—-]", re.IGNORECASE)
# Where one clause ends and the next begins: a sentence end, a semicolon or colon, a dash
# between spaces, a comma before a conjunction or a non-restrictive relative, "but",
# "while", "whereas", "although".
CLAUSE_RE = re.compile(
    r"[.!?]\s+(?=[A-Z])|[;:]|\s[–—]\s|,\s+(?=(?:and|but|or|while|whereas|which|who|whose"
    r"|where|although|though|however)\b)|\s(?=(?:but|whereas|while|although|though)\s)")
# A negation that speaks of what the sentence before said ("No such request has been made
# so far", "None has been reported to date").
ANAPHORIC_RE = re.compile(r"\b(?:no\s+such|none|so\s+far|to\s+date|not\s+yet|yet\s+to|ever"
                          r"|never)\b", re.IGNORECASE)
# The share of the question's words (distinct, weighted alike) that evidence about what is
# asked holds at least.
ABOUT_SHARE = 0.34


def negated(text: str) -> bool:
    """Whether a stretch of text holds a negation (see NEGATION_RE, NOT_NEGATING_RE)."""
    return bool(NEGATION_RE.search(NOT_NEGATING_RE.sub(" ", text)))


def clauses(text: str) -> list[str]:
    """The clauses of a sentence (see CLAUSE_RE)."""
    return [c for c in CLAUSE_RE.split(text) if c and c.strip()]


def yes_or_no(question: Question, evidence: str) -> str | None:
    """"Yes" or "No" as the evidence answers the question (see the module docstring); None
    when the question itself negates ("Is there no ...?"): the evidence answers it."""
    if negated(question.text):
        return None
    explicit = EXPLICIT_RE.match(evidence)
    if explicit:
        return explicit.group(1).capitalize()
    asked = set(question.terms)
    parts = clauses(evidence)
    shared = [set(terms(c)) & asked for c in parts]
    best = max(map(len, shared), default=0)
    if best == 0:
        return "No" if negated(evidence) else "Yes"
    affirmed = set().union(*(s for c, s in zip(parts, shared, strict=True) if not negated(c)))
    for clause, words in zip(parts, shared, strict=True):
        if not negated(clause):
            continue
        # A negation counts where it governs what is asked: in the clause that says most of
        # it, in a clause that holds something asked no other clause affirms, or in a
        # clause that speaks of what came before ("No such request has been made").
        if len(words) == best or words - affirmed or ANAPHORIC_RE.search(clause):
            return "No"
    return "Yes"


def about_asked(question: Question, evidence: str) -> bool:
    """Whether the evidence speaks of what a yes/no question asks: it holds at least
    ABOUT_SHARE of the question's distinct words (or states Yes or No first)."""
    asked = set(question.terms)
    if not asked or EXPLICIT_RE.match(evidence):
        return True
    return len(asked & set(terms(evidence))) / len(asked) >= ABOUT_SHARE
