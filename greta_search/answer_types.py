"""What a question asks: its type (a number, a date, a law, a body, a list, yes/no, a fact),
its content words (stemmed as the keyword index stems them), the years it names and what it
counts; and how rare each word is in the indexed passages (`Weights`)."""

from __future__ import annotations

import functools
import math
import re
import weakref
from dataclasses import dataclass, field

from greta_search.date_forms import YEAR_RE
from greta_search.institutions import INSTITUTION, INSTITUTION_BARE
from greta_search.keyword import tokenize
from greta_search.layout import YEAR
from greta_search.spelling import PAIRS, american

KINDS = ("number", "date", "law", "body", "list", "yesno", "fact")

# --- questions ---------------------------------------------------------------------------

# Up to two words qualifying an institution ("which Bordurian court", "which labour
# inspectorate"), never a verb or article that would start a clause ("what fines did the
# inspectorate impose").
_QUALIFIERS = (r"(?:(?!(?:is|are|was|were|did|does|do|has|have|had|can|could|may|must|will"
               r"|would|should|the|a|an|of|in|for|to|on|by)\b)[\w'’-]+\s+){0,2}")

# The institution is the head of its phrase: not a modifier of a noun after it ("which
# police instruction", "which court decisions", "what board procedures").
_HEAD = (r"(?!\s+[a-z]*(?:ions?|ments?|ures?|ances?|ences?|ships?|ings?|data|statistics"
         r"|rules|guidelines|records|reports|manuals?|budgets?|staff|members?|practices?)\b)")

# Words that qualify an amount, a penalty or a limit asked ("the current maximum amount").
_DEGREE = (r"(?:(?:current|maximum|minimum|highest|lowest|basic|total|annual|monthly|yearly"
           r"|average|usual|standard|statutory|possible|applicable|overall)\s+){0,3}")
# An amount of money asked by what it is ("What is the maximum fine ...", "What fine can ...",
# "What was the annual budget ..."), not a law about it ("which fine provisions").
MONEY_ASKED = (r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+)?(?:the\s+)?" + _DEGREE
               + r"(?:fines?|budgets?|value|salary|wage|allowance|compensation|amount|sum)\b"
               r"(?!\s+(?:of\s+)?(?:laws?|acts?|articles?|provisions?|codes?|rules?)\b)")
# A time limit or an age asked ("What is the time limit ...", "Within what time ...", "Up to
# what age ..."); a penalty is not (its answer is often the sentence: fine or prison).
LIMIT_ASKED = (r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+)?(?:the\s+)?" + _DEGREE
               + r"(?:time\s+limit|age(?:\s+(?:range|limit))?)\b"
               r"(?!\s+(?:of\s+)?(?:laws?|acts?|articles?|provisions?|codes?|rules?)\b)"
               r"|\bwithin\s+what\b|\b(?:up\s+to|at|from|above|below|under)\s+what\s+age\b")

# A penalty asked ("What is the (maximum) penalty for ...", "What penalty does ... carry",
# "What punishment applies ..."), not a law that sets it ("which penalty provisions"): a
# number, the term of imprisonment or the fine.
PENALTY_ASKED = (r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+)?(?:the\s+)?" + _DEGREE
                 + r"(?:penalty|penalties|punishment|sanction)\b"
                 r"(?!\s+(?:of\s+)?(?:laws?|acts?|articles?|provisions?|codes?|rules?)\b)")

_KIND_PATTERNS = [
    ("number", PENALTY_ASKED
     + r"|\bhow\s+(?:many|much|long|often|old)\b|\bnumber\s+of\b|\bwhat\s+(?:is\s+|was\s+"
     r"|were\s+)?the\s+(?:amount|number|percentage|share|proportion|total|sum|size)\b"
     r"|\bwhat\s+(?:amount|percentage|proportion|share)\b|\bhow\s+large\b|"
     + MONEY_ASKED + "|" + LIMIT_ASKED),
    ("date", r"^\s*(?:since\s+)?when\b|\b(?:what|which)\s+(?:date|year|day|month)\b"
     r"|^\s*what\s+(?:is|was)\s+the\s+date\s+(?:of|on)\b"
     r"|\bin\s+what\s+year\b|\bsince\s+when\b|\bwhen\s+(?:was|were|did|is|will|has|have)\b"),
    ("law", r"\b(?:which|what)\s+(?:presidential\s+|legal\s+|normative\s+)?(?:laws?"
     r"|legal\s+(?:acts?|basis|bases|provisions?|framework"
     r"|instruments?|norms?)|codes?|articles?|legislation|legislative\s+acts?|provisions?"
     r"|resolutions?|decrees?|regulations?|rules|normative\s+acts?|statutes?|acts?|ordinances?"
     r"|decisions?|instructions?|directives?|sections?)\b|(?<!\bin\s)\b(?:which|what)\s+orders?\b"
     r"|\bunder\s+(?:which|what)\s+(?:law|article|code|provision|act|section)\b"
     r"|\blegal\s+basis\b"
     # "Where is the non-punishment provision ...?", "Which measure of the Action Plan ...?"
     r"|^\s*where\s+(?:is|are)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:provisions?|rules?)\b"
     r"|\b(?:which|what)\s+measure\s+(?:of|in|under)\s+the\b"
     # "Which paragraph of the Article ...", "which point of Section 5 ..."
     r"|\b(?:which|what)\s+(?:sub-?)?(?:paragraph|point|item|letter)s?\s+of\s+(?:the\s+)?"
     r"(?:\w+\s+){0,3}?(?:article|section|law|code|act)\b"),
    ("list", r"\b(?:which|what)\s+(?:state\s+|other\s+)?(?:bodies|authorities|institutions|agencies"
     r"|ministries|organi[sz]ations)\b"),
    ("body", r"^\s*who\b|\bwho\s+(?:is|are|was|were|does|do|did|can|may|must|should)\b"
     # a noun naming an institution, qualified or not, or one that does so only right after
     # "which" (`greta_search.institutions`)
     r"|\bby\s+whom\b|\b(?:which|what)\s+(?:" + _QUALIFIERS + INSTITUTION + "|"
     + INSTITUTION_BARE + r")\b" + _HEAD + r"|\bresponsible\s+for\b"),
    ("list", r"\b(?:what|which)\s+(?:(?:are|were|is)\s+)?(?:the\s+)?(?:[a-z]+\s+)?"
     r"(?:measures|steps|services|topics|groups|categories|forms|types|kinds|mechanisms|activities|initiatives|programmes|programs"
     r"|projects|tools|trainings|courses|directions|principles|criteria|indicators|risks"
     r"|sectors|factors)\b|\blist\s+(?:of\s+)?the\b|\benumerate\b"),
    ("yesno", r"^\s*(?:is|are|was|were|do|does|did|has|have|had|can|could|may|must|should"
     r"|will|would|shall)\b"),
]
KIND_RES = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _KIND_PATTERNS]

# Words that shape a question but say nothing about its topic.
QUESTION_WORDS = frozenset(
    "how mani much long often old what which when who whom whose where why is are was were "
    "do doe did has have had can could may must should will would shall number amount "
    "total sum percentag proportion share year date day month bodi author institut agenc "
    "organ pleas provid inform give tell countri there their within from your other sinc "
    "against also such any all between".split()
)
# The words whose American spelling the replies (and tables) use, which the answer terms
# fold to: a term's weight is read from the keyword index, where the words stand as written,
# so a word the replies spell the British way ("offence") is not folded away from it.
AS_REPLIES_SPELL = tuple(p for p in PAIRS if p[0] in ("labor", "center", "organization",
                                                     "program", "judgment"))
# Everyday words mapped onto the word the replies (and tables) use (after the spelling).
SYNONYMS = [
    (r"\bwomen\b|\bwoman\b|\bgirls?\b", "female"),
    (r"\bmen\b|\bman\b|\bboys?\b", "male"), (r"\bpeople\b", "persons"),
    (r"\bchildren\b|\bminors?\b", "child"),
    (r"\bforeigners?\b", "foreign"), (r"\bnow\b|\bat present\b|\bpresently\b", "currently"),
    (r"\b(?:took|take|takes|taken|taking)\s+part\b", "participated"),
]
SYNONYM_RES = [(re.compile(p, re.IGNORECASE), r) for p, r in SYNONYMS]
COUNTED_RE = re.compile(
    r"\b(?:how\s+many|how\s+much|number\s+of|amount\s+of)\s+(.+?)(?=\s+(?:were|was|are|is|did"
    r"|do|does|have|has|had|can|could|will|would|in|on|at|for|during|since|from|by)\b|[?.,;]|$)",
    re.IGNORECASE,
)
RANGE_RE = re.compile(
    rf"(?<!\d)(?:\d{{1,2}}\.\d{{1,2}}\.)?({YEAR})\s*(?:[-–—]|to|until|and)\s*"
    rf"(?:\d{{1,2}}\.\d{{1,2}}\.)?({YEAR})(?!\d)"
)


def normalise(text: str) -> str:
    """Spelling variants and synonyms mapped to one form, for matching only (never shown)."""
    text = american(text, AS_REPLIES_SPELL)
    for pattern, repl in SYNONYM_RES:
        text = pattern.sub(repl, text)
    return text


def terms(text: str) -> list[str]:
    """Stemmed content words (as the keyword index sees them), minus question words and
    years."""
    return list(_terms(text))


@functools.lru_cache(maxsize=8192)
def _terms(text: str) -> tuple[str, ...]:
    stems = tokenize([normalise(text)])[0]
    return tuple(t for t in stems if t not in QUESTION_WORDS and not YEAR_RE.fullmatch(t))


@dataclass
class Question:
    """What a question asks: its type (one of KINDS), content terms and the years it names."""

    text: str
    kind: str
    terms: list[str]
    years: list[int]
    target: list[str] = field(default_factory=list)  # what is counted: "how many [cases]"

    @property
    def numbers(self) -> set[str]:
        return set(re.findall(r"\d+(?:[.,]\d+)*", self.text))


def counted_words(text: str) -> set[str]:
    """The words, as written and in lower case, of what a question counts ("how many
    [inspectors]"): "inspectors" is not "inspectorates", though both have one stem."""
    counted = COUNTED_RE.search(text)
    return {w.lower() for w in re.findall(r"[A-Za-z]+", counted.group(1))} if counted else set()


def question_kind(text: str) -> str:
    """The type of answer a question wants (see KINDS)."""
    for kind, pattern in KIND_RES:
        if pattern.search(text):
            return kind
    return "fact"


def analyse(text: str) -> Question:
    """Type, content terms and years of a question."""
    years = {int(y) for y in YEAR_RE.findall(text)}
    for first, last in RANGE_RE.findall(text):  # "between 2019 and 2021": 2019, 2020, 2021
        years.update(range(int(first), min(int(last), int(first) + 30) + 1))
    years = sorted(years)
    counted = COUNTED_RE.search(text)
    target = terms(counted.group(1)) if counted else []
    return Question(text, question_kind(text), terms(text), years, target)


# Units of time, and a length of time asked in any of its ways: "How long ...", "How many
# (working) days ...", "the (average) duration of", "the length of" (one vocabulary for the
# sentence route, `span_roles.fits_unit`, and the table route, `table_scope.in_unit`).
TIME_UNITS = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"
DURATION_ASKED_RE = re.compile(
    rf"\bhow\s+long\b|\bhow\s+many\s+(?:(?:calendar|working|business)\s+)?({TIME_UNITS})\b"
    r"|\b(?:duration|length)\s+of\b|\bwithin\s+what\b|\btime\s+limit\b(?!\s+expires)",
    re.IGNORECASE)


def asks_duration(question: str) -> bool:
    """Whether a length of time is asked ("How long ...?", "How many days ...?", "What is
    the duration of ...?")."""
    return bool(DURATION_ASKED_RE.search(question))


def time_unit_asked(question: str) -> str | None:
    """The unit of the length of time asked, as a pattern: the one the question counts in
    ("how many days": days), any unit of time for "how long"; None when none is asked."""
    match = DURATION_ASKED_RE.search(question)
    if match is None:
        return None
    named = match.group(1)
    return rf"{named.lower().rstrip('s')}s?" if named else TIME_UNITS


def covers_year(text: str, year: int) -> bool:
    """Whether `text` mentions `year`, alone or inside a range ("2019–2025")."""
    if any(int(y) == year for y in YEAR_RE.findall(text)):
        return True
    return any(int(a) <= year <= int(b) for a, b in RANGE_RE.findall(text))


# --- word weights ----------------------------------------------------------------------------


class Weights:
    """Inverse document frequencies of stems, read from the keyword index of the searcher's
    store, or counted in its passages when it has none."""

    def __init__(self, searcher) -> None:
        self.n = len(searcher.chunks)
        frequencies = getattr(getattr(searcher, "store", None), "document_frequencies", None)
        if frequencies is not None:
            self.df: dict[str, int] = frequencies()
            return
        self.df = {}
        for stems in tokenize([c.embed_text for c in searcher.chunks]):
            for stem in set(stems):
                self.df[stem] = self.df.get(stem, 0) + 1

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1.0 + (self.n - df + 0.5) / (df + 0.5))

    def recall(self, wanted: list[str], found: set[str]) -> float:
        """IDF-weighted share of `wanted` terms present in `found`."""
        total = sum(self.idf(t) for t in set(wanted))
        if not total:
            return 0.0
        return sum(self.idf(t) for t in set(wanted) if t in found) / total



_WEIGHTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def weights_of(searcher) -> Weights:
    """The searcher's word weights, computed once."""
    if searcher not in _WEIGHTS:
        _WEIGHTS[searcher] = Weights(searcher)
    return _WEIGHTS[searcher]
