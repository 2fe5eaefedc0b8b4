"""The statistics vocabulary of the questionnaire, for matching a question to a table's
measure: the same measure said in other words ("persons indicted" for "persons prosecuted",
"criminal cases initiated" for "investigations", "recognised as victims" for "identified
victims") becomes the same stems, and the verbs a count is reported with ("opened",
"handed down", "recorded") are words a table need not repeat.

Why a word list and not only the e5 model: e5 ranks "persons convicted" above "persons
indicted" as a paraphrase of "persons prosecuted" (0.894 against 0.886 cosine), and the
verbs of different measures sit as close ("opened" is 0.864 from "initiated" and 0.840 from
"submitted"): two different measures of the same table would be swapped. The list holds
the few equivalences of the GRETA questionnaire's statistics (Part II of round 4: victims,
investigations, prosecutions, convictions, judgments) and nothing topic-specific; e5's
comparison of the question with each table's labels is used beside it, as a feature of the
table answer's confidence (`greta_search.table_rank.meanings`).
"""

from __future__ import annotations

import functools
import re

from greta_search.answer_types import terms

_VERB = r"(?:opened|initiated|instituted|launched|started|registered|recorded)"
# Phrases rewritten to the questionnaire's own word for the measure (matching only).
PHRASES = [
    # "criminal cases initiated", "criminal proceedings opened", "opened 12 criminal cases",
    # "criminal cases for trafficking were opened"
    (rf"\bcriminal\s+(?:cases?|proceedings)\s+(?:(?:for|of|on|into|concerning|regarding)"
     rf"(?:\s+[\w-]+){{1,4}}?\s+)?(?:(?:were|was|have\s+been|had\s+been)\s+)?{_VERB}\b",
     "investigations"),
    (rf"\b{_VERB}\s+(?:\w+\s+){{0,2}}criminal\s+(?:cases?|proceedings)\b", "investigations"),
    (r"\bpre-?trial\s+investigations?\b", "investigations"),
    # "brought to court", "brought to trial", "sent to court", "indicted", "charged with"
    (r"\b(?:brought|sent|referred)\s+(?:before\s+(?:a\s+|the\s+)?|to\s+)(?:court|trial)\b",
     "prosecuted"),
    (r"\bindict(?:ed|ments?)\b", "prosecuted"),
    (r"\bfound\s+guilty\b", "convicted"),
    (r"\b(?:court\s+)?(?:verdicts?|court\s+decisions?)\b", "judgments"),
    (r"\bcourt\s+judg(?:e?ments?)\b", "judgments"),
    (r"\brecogni[sz](?:ed|ing)\b", "identified"),
    # The words for children (`table_scope.PARTS`): "minors", "underage", "aged under 18",
    # "boys and girls" are the "Children" of a table.
    (r"\b(?:minors?|under-?age|juveniles?|under-18s?)\b|\b(?:under|below|younger\s+than)\s+"
     r"(?:the\s+age\s+of\s+)?18\b|\bboys\s+and\s+girls\b|\bgirls\s+and\s+boys\b", "children"),
    # Where the trafficking took place (`table_scope.PARTS`): "domestic trafficking" is
    # internal, "cross-border" or "international trafficking" transnational.
    # The word alone under a group header ("Type of trafficking / domestic") or ending a label.
    (r"\b(?:domestic|in-country)(?=\s+trafficking\b|\s*\)?$)|(?<=/\s)domestic\b", "internal"),
    (r"\b(?:cross-border|trans-border|international)(?=\s+trafficking\b)"
     r"|\bcross-border(?=\s*\)?$)|(?<=/\s)cross-border\b", "transnational"),
    # Requests "received" are incoming, requests "sent", "made" or "issued" outgoing; a
    # "potential" or "possible" victim is a presumed one (`table_agree.SIDES`).
    (r"\brequests?\b(?=(?:\s+[\w-]+){0,5}?\s+(?:were|was|have\s+been|had\s+been)?\s*received\b)"
     r"|\breceived\s+requests?\b|\brequests?\s+received\b", "incoming requests"),
    (r"\brequests?\b(?=(?:\s+[\w-]+){0,5}?\s+(?:were|was|have\s+been|had\s+been)?\s*"
     r"(?:sent|made|issued|transmitted)\b)|\b(?:sent|issued)\s+requests?\b"
     r"|\brequests?\s+(?:sent|made|issued|transmitted)\b", "outgoing requests"),
    (r"\b(?:potential|possible|suspected)(?=\s+victims?\b)", "presumed"),
    (r"\b(?:handed|passed)\s+down\b|\bdelivered\b|\bpronounced\b|\brendered\b", "handed"),
]
PHRASE_RES = [(re.compile(p, re.IGNORECASE), r) for p, r in PHRASES]

# Stems of the verbs a count is reported with: a question's "opened" or "handed (down)" does
# not make a table of "Investigations" or "Judgments" another measure, so these count only
# when the table has them.
IMPLIED = frozenset(terms("opened initiated launched started registered recorded handed "
                          "carried out conducted took place made"))
# The topic of every GRETA reply: a table of a reply counts trafficking cases whether or not
# its labels say so ("Claims filed" under a paragraph on victims' compensation).
TOPIC = frozenset(terms("trafficking trafficked"))


def rewrite(text: str) -> str:
    """`text` with the statistics vocabulary's phrases in the questionnaire's words."""
    for pattern, repl in PHRASE_RES:
        text = pattern.sub(repl, text)
    return text


@functools.lru_cache(maxsize=4096)
def measure_terms(text: str) -> tuple[str, ...]:
    """The stems a table's measure is matched by (`terms` of the rewritten text)."""
    return tuple(terms(rewrite(text)))


def needed(wanted: list[str], found: set[str]) -> list[str]:
    """The question's stems a table must hold to match: every stem but a reporting verb
    or the topic word the table does not have."""
    return [t for t in wanted if t in found or t not in IMPLIED | TOPIC]
