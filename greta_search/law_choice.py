"""Which of a sentence's legal references answers the question (issue 10): not an act that
only introduced, amended or was replaced by the provision ("Article 48-1 of the Labour Code,
introduced by Law No. 93/2022, requires ..."), the provision of the act the question names
("which article of the Criminal Code": "Article 336b CC", not "Article 105 CPC"), at the
level asked ("which article": "Article 61", over a point of it, "Article 61.1.7"; "which
paragraph of the article": the narrower one), and, between sentences, one whose title in
brackets is what the question asks ("Article 61 of the Criminal Code (aggravating
circumstances)"). The references themselves are `law_grammar`'s."""

from __future__ import annotations

import re

from greta_search.answer_types import terms

# What brings a provision in or out, before a reference that is only its origin or the
# provision it replaced: ", introduced by Law No. 93/2022,", ", as amended by Act 2018:1406",
# ", amending the Victims of Crime Act", ", which replaced Chapter 4, section 1a".
ORIGIN_VERBS = ("introduc", "amend", "insert", "add", "replac", "supplement", "enact",
                "repeal", "supersed", "abolish")
_ORIGIN = (r"(?:introduced|amended|inserted|added|replaced|supplemented|enacted|repealed"
           r"|superseded)")
# The act that brought a provision in: ", introduced by [Law No. 93/2022]".
AGENT_BEFORE_RE = re.compile(rf",\s*(?:as\s+)?(?:last\s+)?{_ORIGIN}\s+(?:\w+\s+)?by\s+(?:the\s+)?$",
                             re.IGNORECASE)
# What a provision amended or replaced: ", amending [the Victims of Crime Act]", ", which
# replaced [Chapter 4, section 1a ...]".
REPLACED_BEFORE_RE = re.compile(
    r"(?:,\s*(?:amending|replacing|repealing|supplementing)|,?\s*which\s+(?:has\s+|had\s+)?"
    r"(?:amended|replaced|repealed|superseded))\s+(?:the\s+)?$", re.IGNORECASE)
# A question that asks for an act ("which law abolished ...", "which act gave ..."): the act
# that brought a change in may be its answer.
ACT_ASKED_RE = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:laws?|acts?|decrees?|resolutions?|regulations?"
    r"|ordinances?|orders?|decisions?|instructions?|directives?|statutes?|legislation)\b",
    re.IGNORECASE)
# The interruption such an origin makes after the provision it brought in, skipped when
# reading what the provision itself does: ", introduced by Law No. 31/2020,".
ORIGIN_AFTER_RE = re.compile(
    rf",\s*(?:as\s+)?(?:last\s+)?{_ORIGIN}\s+(?:\w+\s+)?by\s+[^,;]{{2,90}},", re.IGNORECASE)
ORIGIN_PENALTY = 1.0
# An act named in a question ("of the Criminal Code", "the Freedonian Labour Code") or after a
# provision ("of the Criminal Procedure Code", "CPC", "CrPC").
_CAPS = r"[A-Z][\w’'-]*(?:\s+(?:of|on|and|for|the)?\s*[A-Z][\w’'-]*)*"
ACT_IN_QUESTION_RE = re.compile(rf"\b((?:{_CAPS}\s+)?(?:Code|Act|Law)(?:\s+(?:of|on)\s+(?:the\s+)?"
                                rf"{_CAPS})?)\b")
ACT_OF_RE = re.compile(rf"\bof\s+(?:the\s+)?({_CAPS})\s*(?:\([^)]*\))?$|\s((?:[A-Z]|Cr){{1,4}}C"
                       r"|CCP|CPP)$")
SMALL = frozenset("of on and for the".split())
ACT_FIT = 0.5
# A provision's sub-units after its number: "61.1.7", "388(11)", "4(2)(b)"; a hyphen is
# part of the number ("144-1").
SUBUNIT_RE = re.compile(r"^(?:\D\S*\s+)?\d+[a-z]?(?:-\d+[a-z]?)?(?:[.(]\w)")
WHOLE_UNITS = ("article", "section", "chapter", "art")
PART_UNITS = ("paragraph", "subparagraph", "sub-paragraph", "point", "subpoint", "item", "letter",
              "clause", "subsection", "sub-section", "indent")
GRANULARITY = 1.0
# A reference's title in words, in brackets at its end: "Article 145 (forced labour)".
TITLE_RE = re.compile(r"\s\(((?!hereinafter|the\s)[^()\d]{3,120})\)$")


def origin_asked(question: str) -> bool:
    """Whether the question asks what introduced, amended or replaced something."""
    return any(re.search(rf"\b{verb}\w*", question, re.I) for verb in ORIGIN_VERBS)


def is_origin(sentence: str, start: int, question: str) -> bool:
    """Whether the reference at `start` is, for this question, only what brought another
    provision in (", introduced by [Law No. 93/2022]": unless an act is asked) or what
    another replaced (", which replaced [Chapter 4, ...]"); never when the question asks what
    introduced, amended or replaced something."""
    if origin_asked(question):
        return False
    before = sentence[max(0, start - 40) : start]
    return bool(REPLACED_BEFORE_RE.search(before)
                or AGENT_BEFORE_RE.search(before) and not ACT_ASKED_RE.search(question))


def after_origin(sentence: str, end: int) -> int:
    """Where what a provision does begins after it: past an interruption naming its origin
    (", introduced by Law No. 31/2020, [provides ...]"), else `end`."""
    match = ORIGIN_AFTER_RE.match(sentence, end)
    return match.end() if match else end


def _key(name: str) -> tuple[str, ...]:
    """An act's name as the sorted capitals of its words, so that a name and its abbreviation
    meet: "Criminal Procedure Code", "Code of Criminal Procedure", "CPC", "CrPC": C, C, P; a
    people's adjective before it ("Freedonian Criminal Code") is no part of the name."""
    words = [w for w in name.split() if w.lower() not in SMALL]
    if len(words) == 1 and re.fullmatch(r"(?:[A-Z]|Cr)+", words[0]):
        return tuple(sorted(c for c in words[0] if c.isupper()))
    if len(words) > 2 and re.search(r"(?:ian|ish|ese|an|i)$", words[0]):
        words = words[1:]
    return tuple(sorted(w[0] for w in words if w[0].isupper()))


def act_fit(question: str, reference: str) -> float:
    """+ACT_FIT when the reference is of the act the question names, -ACT_FIT when it is of
    another one, 0 when either names none."""
    asked = ACT_IN_QUESTION_RE.search(question)
    of = ACT_OF_RE.search(reference.strip())
    if asked is None or of is None:
        return 0.0
    mine, theirs = _key(asked.group(1)), _key(of.group(1) or of.group(2))
    if len(mine) < 2 or len(theirs) < 2:
        return 0.0  # "the Code", "the Law": which one is not said
    return ACT_FIT if mine == theirs else -ACT_FIT


def granularity_fit(question: str, reference: str) -> float:
    """+1 when the reference is of the level the question asks ("which article": an article
    with no sub-unit; "which paragraph": a sub-unit or a reference opening with one), -1 when
    it is of another level, 0 when the question asks no level or the reference is no
    provision."""
    asked = re.search(r"\b(?:which|what)\s+([\w-]+?)s?\b", question, re.I)
    word = asked.group(1).lower() if asked else ""
    head = reference.split()[0].lower().rstrip(".s") if reference.split() else ""
    if head[:1].isdigit():
        head = "article"  # an item of a list of provisions ("189-2 (...)"): its number says
    if word not in WHOLE_UNITS + PART_UNITS or head not in WHOLE_UNITS + PART_UNITS:
        return 0.0
    narrow = head in PART_UNITS or bool(SUBUNIT_RE.match(reference))
    return 1.0 if narrow == (word in PART_UNITS) else -1.0


def title_fit(question_terms: list[str], reference: str) -> float:
    """The share of the words of a reference's title in brackets ("Article 61 of the
    Criminal Code (aggravating circumstances)") that the question holds: 0 without one."""
    title = TITLE_RE.search(reference)
    words = set(terms(title.group(1))) if title else set()
    return len(words & set(question_terms)) / len(words) if words else 0.0
