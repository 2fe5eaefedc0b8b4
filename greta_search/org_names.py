"""Organisations named with no institution word of their own ("La Strada", "Open Door",
"Caritas", "Safe House Molvania"), read as bodies when the sentence says what they are:

* introduced by their kind: "the NGO La Strada", "the association Open Door", "the
  foundation “Magdalena”";
* described by it: "Caritas, a charity, ...", "Open Door (a non-governmental organisation)";
* defined with an acronym of their initials: "Safe House Molvania (SHM)" (not an act, a plan
  or a mechanism: "National Referral Mechanism (NRM)");
* the doer of the question's verb, when a name stands where the doer does: after "by" of
  the verb ("the shelter is run by Caritas"), before "which" right before it ("Caritas,
  which provides ...") or opening the clause before it ("Caritas provides ..."), never a
  State, a month or an act (`agent_names`).

Each is given as (start, end) of the name itself (quotes kept)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from greta_search.institutions import ORGANISATION_KINDS

_CONNECTORS = r"of|for|the|and|de|la|le|del|di|du|des|van|von|against|in|on"
NAME = rf"[A-Z][\w’'&-]*(?:\s+(?:(?:{_CONNECTORS})\s+)*[A-Z][\w’'&-]*)*"
QUOTED = r"“[^”]{1,60}”|\"[^\"]{1,60}\"|«[^»]{1,60}»|„[^“”]{1,60}[“”]"
_KIND = rf"(?:{ORGANISATION_KINDS})"
# "the NGO La Strada", "the association “Open Door”", "a foundation called Magdalena"
BEFORE_RE = re.compile(rf"\b(?:{_KIND})\s+(?:(?:called|named)\s+)?({QUOTED}|{NAME})")
# "Caritas, a charity, ...", "Open Door (a local NGO)", "La Strada, one of the NGOs ..."
AFTER_RE = re.compile(rf"({QUOTED}|{NAME})\s*(?:,\s*|\(\s*)(?:an?|the|one\s+of\s+the)\s+"
                      rf"(?:[\w-]+\s+){{0,3}}?{_KIND}(?![\w-])")
# "Safe House Molvania (SHM)"
DEFINED_RE = re.compile(rf"({NAME})\s+\(([A-Z][A-Za-z]{{1,7}})\)")
# Heads of a defined name that is no body: an act, a plan, a mechanism, a place.
NOT_BODIES = frozenset(
    "Law Laws Code Act Acts Strategy Plan Programme Program Mechanism Mechanisms System "
    "Convention Protocol Directive Decree Decision Regulation Regulations Project Database "
    "Register Registry Procedure Procedures Guidelines Rules Handbook Manual Report Survey "
    "Region Republic Beings Persons Trafficking".split())
MONTHS = frozenset("January February March April May June July August September October "
                   "November December".split())
PRONOUNS = frozenset(
    "The This That These Those It They He She We Everyone Anyone Someone Nobody Each Both All "
    "Which Who There Such Any When Where While If In On At By For From With Without Under "
    "Upon As To Of During After Before Since Although Because Also However Moreover "
    "Furthermore Therefore Thus Then Every According Following Pursuant".split())
COMMON_NOUN_RE = re.compile(r"(?:tion|sion|ment|ity|ance|ence|ure|ism|ship|ness|ing|ed|ion)s?$")
# Words between a verb's subject and the verb: "Caritas [also] provides", "which [has] run".
_AUXILIARIES = (r"(?:(?:also|currently|now|jointly|still|already|mainly|usually|has|have|had|is"
                r"|are|was|were|will|may|can|must|shall|does|did)\s+)*")
_JOIN_RE = re.compile(r",\s+|\s+and\s+(?:the\s+)?")


def _last_name(text: str, start: int, end: int) -> tuple[int, int]:
    """The last of names written one after another ("the Ministry of Justice and [Open
    Door]"), without a leading "The"."""
    name = text[start:end]
    if not name.startswith(("“", '"', "«", "„")):
        joins = list(_JOIN_RE.finditer(name))
        if joins:
            start += joins[-1].end()
    lead = re.match(r"(?:The|the)\s+", text[start:end])
    return (start + lead.end(), end) if lead else (start, end)


def _parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Each of names written one after another ("the NGOs [Open Door] and [La Strada]")."""
    if text[start] in "“\"«„":
        yield start, end
        return
    base = start
    for join in _JOIN_RE.finditer(text, start, end):
        yield base, join.start()
        base = join.end()
    yield base, end


def _initials_fit(name: str, acronym: str) -> bool:
    words = [w for w in re.findall(r"[\w’'.&-]+", name) if w[0].isupper()]
    return "".join(w[0] for w in words) == "".join(c for c in acronym if c.isupper())


def organisation_names(sentence: str) -> Iterator[tuple[int, int]]:
    """Where `sentence` names an organisation by a name that says nothing of what it is,
    but the sentence does (its kind before or after it, or an acronym it defines)."""
    for match in BEFORE_RE.finditer(sentence):
        parts = _parts(sentence, *match.span(1))
        # "the NGOs [Open Door] and [La Strada]", but "the NGO [Open Door] and Caritas"
        yield from parts if re.search(r"s\s*$", sentence[match.start() : match.start(1)]) else [
            next(parts)]
    for match in AFTER_RE.finditer(sentence):
        yield _last_name(sentence, *match.span(1))
    for match in DEFINED_RE.finditer(sentence):
        start, end = _last_name(sentence, *match.span(1))
        name = sentence[start:end]
        if (_initials_fit(name, match.group(2)) and name.split()[-1] not in NOT_BODIES
                and not name.split()[0].endswith("ing")):
            yield start, match.end()


def is_state(name: str) -> bool:
    """Whether a name is a State's ("Ruritania", "the Republic of Molvania"): one the
    countries list knows, or a place ending as States' names do, said alone."""
    from greta_search.countries import english_name

    bare = re.sub(r"^(?:the\s+)?(?:Republic\s+of\s+)?", "", name, flags=re.I)
    return english_name(bare) is not None or bool(
        re.fullmatch(r"[A-Z][a-z]+(?:ia|land|stan)", bare))


def agent_names(sentence: str, place: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """A name standing where the doer of the verb at `place` does: right after its "by"
    ("is run by [Caritas]"), before the relative pronoun right before it ("[Caritas], which
    provides") or opening its clause right before it ("[Caritas] provides")."""
    start, end = place
    passive = re.match(r"(?:\s+\w+ly)?\s+by\s+", sentence[end:])
    if passive:
        found = re.match(rf"{QUOTED}|{NAME}", sentence[end + passive.end():])
        if found:
            yield _plausible(sentence, end + passive.end(), end + passive.end() + found.end())
        return
    if sentence[start:end].lower().endswith("ing") or re.search(
            r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", sentence[:start]):
        return  # "When providing ...", "Families are provided with ...": no doer before it
    before = sentence[:start]
    relative = re.search(rf"({QUOTED}|{NAME})\s*,?\s*(?:which|who)\s+(?:[^,;:.()]{{1,80}}?\s+"
                         rf"(?:and|or)\s+)?{_AUXILIARIES}$", before)
    if relative:  # "referred to Caritas, which provides ..."
        yield _plausible(sentence, *_last_name(sentence, *relative.span(1)))
        return
    subject = re.search(rf"(?:^|[,;:]\s+|\b(?:and|while|whereas|but)\s+)({NAME})"
                        rf"\s+{_AUXILIARIES}$", before)
    if subject:
        yield _plausible(sentence, *_last_name(sentence, *subject.span(1)))


def _plausible(sentence: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of a name that can be an organisation; (start, start) for one that
    cannot: a State, a month, an act, a pronoun, or one word opening the sentence that reads
    as a common noun ("Legislation provides ...")."""
    name = re.sub(r"[“”\"«»„]", "", sentence[start:end])
    words = name.split()
    if (not words or is_state(name) or words[0] in MONTHS or set(words) & NOT_BODIES
            or words[0] in PRONOUNS or (start == 0 and len(words) == 1
                                        and COMMON_NOUN_RE.search(words[0]))):
        return start, start
    return start, end
