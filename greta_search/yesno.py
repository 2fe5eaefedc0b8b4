"""Yes or No from the evidence of a yes/no question (issue 10): an explicit "Yes," or "No,"
that opens the reply decides; else the evidence says No when a denial governs what is
asked (in the clause holding the most of the question's words, in one holding words of it
no other clause affirms, or in one that speaks of what came before: "has not yet
ratified", "no such ...", "is not provided", "only citizens, not foreigners") and Yes when
none does. A denial is a negation word, or a word that says the thing is gone or not yet
there ("was abolished in 2019", "is planned for 2027", "a draft law is under discussion")
or is the opposite of what is asked ("held in camera" for "in public"), unless the question
says it too. A negation in another clause ("... ex officio. Investigations are not dependent
on a complaint") does not count, nor words that only look like one ("Act No. 45", "not
only", "no later than", "no longer than"), nor a negation the question itself asks about
("no fee is charged" for "is it free?", "cannot be punished" for "a non-punishment
provision"). Evidence that shares too little of what is asked gives no answer
(`about_asked`); `decide` also says how the answer was reached, for the confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from greta_search.answer_types import Question, terms

# A negation word, never the abbreviation of a number ("No. 45", "Nos 3 and 4").
NEGATION_RE = re.compile(
    r"\b(?:no(?!\.?\s*\d)|not|none|never|neither|nor|nobody|nothing|nowhere"
    r"|cannot|unable|yet\s+to)\b|n[’']t\b", re.IGNORECASE)
# Phrases that hold a negation word and negate nothing.
NOT_NEGATING_RE = re.compile(
    r"\b(?:not\s+only|(?:no|not)\s+(?:later|sooner|earlier|longer)\s+than"
    r"|(?:no|not)\s+(?:more|less|fewer)\s+than|not\s+exceeding|whether\s+or\s+not|if\s+not"
    r"|not\s+least|nothing\s+but|no\s+matter)\b", re.IGNORECASE)
# Words that deny without a negation word: the thing is gone, or not there yet. They deny
# nothing where the question says them too ("Was the provision repealed?", "Is a new law
# planned?").
DENIAL_RES = [re.compile(p, re.IGNORECASE) for p in (
    r"\b(?:abolish|repeal|revok)\w*|\bceased\s+to\s+(?:exist|apply|operate)\b",
    r"\b(?:planned|scheduled|envisaged|foreseen)\s+(?:for|in|by)\b",
    r"\bdraft\w*\b|\bunder\s+(?:discussion|consideration|preparation|development)\b"
    r"|\bbeing\s+(?:prepared|drafted|discussed|considered|developed)\b",
)]
# Opposites: what the question asks (first) and a word of the reply that says the contrary.
OPPOSITE_RES = [(re.compile(a, re.IGNORECASE), re.compile(b, re.IGNORECASE)) for a, b in (
    (r"\bin\s+public\b|\bpublic(?:ly)?\s+(?:hearing|trial|session)s?\b|\bopen\s+to\s+the\s+public",
     r"\bin\s+camera\b|\bbehind\s+closed\s+doors\b|\bclosed\s+to\s+the\s+public\b"),
    (r"\b(?:free|free\s+of\s+charge|without\s+(?:charge|cost|payment))\b",
     r"\b(?:a\s+fee|fees|a\s+charge)\s+(?:is|are)\s+(?:charged|payable|due|levied)\b"
     r"|\bmust\s+pay\b|\bhave\s+to\s+pay\b|\bagainst\s+(?:a\s+)?(?:payment|fee)\b"),
    (r"\b(?:mandatory|compulsory|obligatory)\b", r"\b(?:voluntary|optional)\b"),
)]
# Negations that a question asks about in other words: what the question says (first) and
# the reply's negation that means the same, which then says Yes.
SAME_NEGATION_RES = [(re.compile(a, re.IGNORECASE), re.compile(b, re.IGNORECASE)) for a, b in (
    (r"\bfree\b|\bwithout\s+(?:charge|cost|payment)\b|\bat\s+no\s+cost\b",
     r"\b(?:no|not\s+(?:any|a))\s+(?:fees?|charges?|costs?|payments?)\b|\bat\s+no\s+cost\b"
     r"|\bnot\s+(?:be\s+)?(?:charged|paid\s+for)\b|\b(?:do|does|need)\s+not\s+(?:have\s+to\s+)?pay\b"),
    (r"\bexempt\w*\b",
     r"\bnot\s+(?:be\s+)?(?:required|obliged)\b|\bneed\s+not\b|\b(?:do|does)\s+not\s+need\b"),
    (r"\banonymous(?:ly)?\b",
     r"\bwithout\s+(?:giving|revealing|disclosing)\b|\bnot\s+(?:be\s+)?(?:disclosed|revealed)\b"),
)]
# "non-punishment": a negation of the word after "non-" ("cannot be punished") is what is
# asked.
NON_RE = re.compile(r"\bnon-?\s*([a-z]{4})", re.IGNORECASE)
# How many words a negation may stand before the word it negates ("cannot be held liable
# or punished").
NEGATION_REACH = 5
# The answer a reply states first: "Yes, since 2024.", "No. ...", "No, ..." (not "No. 45").
EXPLICIT_RE = re.compile(r"^\W*(Yes|No)\b(?!\.?\s*\d)\s*[,.;:–—-]", re.IGNORECASE)
# Where one clause ends and the next begins: a sentence end, a semicolon or colon, a dash
# between spaces, a comma before a conjunction or a non-restrictive relative, "but",
# "while", "whereas", "although", "and" before a second verb ("... has operated since 2022
# and is not subject to orders").
CLAUSE_RE = re.compile(
    r"[.!?]\s+(?=[A-Z])|[;:]|\s[–—]\s|,\s+(?=(?:and|but|or|while|whereas|which|who|whose"
    r"|where|although|though|however)\b)|\s(?=(?:but|whereas|while|although|though)\s)"
    r"|\s(?=and\s+(?:is|are|was|were|has|have|had|does|do|did|can|may|must|shall|will)\s)")
# A negation that speaks of what the sentence before said ("No such request has been made
# so far", "None has been reported to date").
ANAPHORIC_RE = re.compile(r"\b(?:no\s+such|none|so\s+far|to\s+date|not\s+yet|yet\s+to|ever"
                          r"|never)\b", re.IGNORECASE)
# Words a reply uses for the question's verb or noun, mapped onto one ("set up" for
# "established", "criminal offence" for "criminalised"), for comparing what is asked with
# what is said.
SYNONYMS = [(re.compile(p, re.IGNORECASE), word) for p, word in (
    (r"\bset(?:s|ting)?\s+up\b|\bcreat(?:e|es|ed|ing|ion)\b|\bfounded\b|\bestablish\w*",
     "established"),
    (r"\badopt\w*|\bapprov(?:e|es|ed|al)\b|\benact\w*", "adopted"),
    (r"\bcriminali[sz]\w*|\bcriminal\s+offen[cs]es?\b|\bpunishable\b|\boffen[cs]es?\b",
     "offence"),
    (r"\bprohibit\w*|\bbann?(?:s|ed)?\b|\bforbid\w*", "prohibited"),
    (r"\bentitle\w*|\beligib\w*|\b(?:right|access)\s+to\b", "entitled"),
    (r"\bidentif\w*|\bdetect\w*|\bdiscover\w*|\buncover\w*", "identified"),
    (r"\babolish\w*|\brepeal\w*|\brevok\w*", "abolished"),
)]
# Words of a yes/no question that say little of what it asks ("Is there a specific
# provision ...", "Does the law currently ..."): not counted in comparing.
GENERIC = frozenset("provis exist possibl place current law legal legisl specif separ non "
                    "particular".split())
# The share of the question's words (distinct, weighted alike) that evidence about what is
# asked holds at least.
ABOUT_SHARE = 0.34


@dataclass(frozen=True)
class Decision:
    """How a yes/no question is answered by its evidence: the answer (None when the
    question itself negates), how it was reached ("explicit": a "Yes,"/"No," opener;
    "denied": a denial governs what is asked; "affirmed": no denial of it, Yes by default;
    "open": the question negates) and the share of the question's words the deciding
    clause holds (`overlap`)."""

    answer: str | None
    how: str
    overlap: float


def negated(text: str) -> bool:
    """Whether a stretch of text holds a negation (see NEGATION_RE, NOT_NEGATING_RE)."""
    return bool(NEGATION_RE.search(NOT_NEGATING_RE.sub(" ", text)))


def _asked_negations(question: str, text: str) -> str:
    """The text without the negations the question itself asks about (SAME_NEGATION_RES,
    "non-" before a word)."""
    for asked, said in SAME_NEGATION_RES:
        if asked.search(question):
            text = said.sub(" ", text)
    for stem in NON_RE.findall(question):
        # "no non-punishment provision" still denies: "non-" is joined to its word first.
        text = NON_RE.sub(r"non\1", text)
        text = re.sub(rf"(?:{NEGATION_RE.pattern})(?=(?:\W+\w+){{0,{NEGATION_REACH - 1}}}?\W+"
                      rf"{re.escape(stem)})", " ", text, flags=re.IGNORECASE)
    return text


def denies(question: str, text: str) -> bool:
    """Whether a stretch of text denies what the question asks: a negation (but those the
    question asks about), a word that says the thing is gone or not there yet (but one the
    question says too), or the opposite of what is asked (DENIAL_RES, OPPOSITE_RES)."""
    text = _asked_negations(question, text)
    if negated(text):
        return True
    if any(p.search(text) and not p.search(question) for p in DENIAL_RES):
        return True
    return any(asked.search(question) and said.search(text) for asked, said in OPPOSITE_RES)


def clauses(text: str) -> list[str]:
    """The clauses of a sentence (see CLAUSE_RE)."""
    return [c for c in CLAUSE_RE.split(text) if c and c.strip()]


def words(text: str) -> set[str]:
    """The stemmed content words of a text, synonyms made one (SYNONYMS), generic ones
    dropped (GENERIC)."""
    for pattern, word in SYNONYMS:
        text = pattern.sub(word, text)
    return set(terms(text)) - GENERIC


def decide(question: Question, evidence: str) -> Decision:
    """Yes or No as the evidence answers the question, and how (see the module docstring
    and `Decision`)."""
    asked = words(question.text)
    whole = len(asked & words(evidence)) / len(asked) if asked else 0.0
    if negated(question.text):
        return Decision(None, "open", whole)
    explicit = EXPLICIT_RE.match(evidence)
    if explicit:
        return Decision(explicit.group(1).capitalize(), "explicit", whole)
    parts = clauses(evidence)
    shared = [words(c) & asked for c in parts]
    best = max(map(len, shared), default=0)
    share = best / len(asked) if asked else 0.0
    if best == 0:
        said = denies(question.text, evidence)
        return Decision("No" if said else "Yes", "denied" if said else "affirmed", 0.0)
    affirmed = set().union(*(s for c, s in zip(parts, shared, strict=True)
                             if not denies(question.text, c)))
    for clause, found in zip(parts, shared, strict=True):
        if not denies(question.text, clause):
            continue
        # A denial counts where it governs what is asked: in the clause that says most of
        # it, in a clause that holds something asked no other clause affirms, or in a
        # clause that speaks of what came before ("No such request has been made").
        if len(found) == best or found - affirmed or ANAPHORIC_RE.search(clause):
            return Decision("No", "denied", len(found) / len(asked))
    return Decision("Yes", "affirmed", share)


def yes_or_no(question: Question, evidence: str) -> str | None:
    """"Yes" or "No" as the evidence answers the question (see `decide`); None when the
    question itself negates ("Is there no ...?"): the evidence answers it."""
    return decide(question, evidence).answer


def about_asked(question: Question, evidence: str) -> bool:
    """Whether the evidence speaks of what a yes/no question asks: it holds at least
    ABOUT_SHARE of the question's distinct words (synonyms made one, generic ones left
    out; see `words`), or states Yes or No first."""
    asked = words(question.text)
    if not asked or EXPLICIT_RE.match(evidence):
        return True
    return len(asked & words(evidence)) / len(asked) >= ABOUT_SHARE
