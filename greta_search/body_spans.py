"""Bodies named in a sentence: a run of capitalised words with an institution word or an
acronym ("the State Migration Service", "the Main Department for Combating Human Trafficking
of the Ministry of Internal Affairs", "UNICEF"), or a generic one ("NGOs", "the police"), as
answer spans of a "which body / who" question; two bodies written one after the other ("the
National Coordinator and the NGO Clean World") are two, a name with "and" of its own
("Ministry of Labour and Social Protection") one (`body_names`), a body and where it sends
something two ("the Prosecutor's Office to the Bar Association"); an organisation whose
name holds no institution word is one where the sentence says what it is
(`greta_search.org_names`: "the NGO La Strada", "Caritas, a charity"). Also the acronyms a name
goes by, the bodies a question names, the acronyms a text defines. Which of them answers is
`body_fit` and `span_roles`; the spans are chosen among in `greta_search.spans`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from greta_search.answer_types import Question, terms
from greta_search.body_fit import fit_bodies
from greta_search.body_roles import (
    asks_person,
    identity_places,
    performers,
    person_spans,
    without_instrument,
)
from greta_search.org_names import NOT_BODIES, organisation_names
from greta_search.span_roles import AGENT_BONUS, Span, favour_agents

HEAD_NOUNS = (
    "Ministry|Ministries|Service|Services|Agency|Department|Office|Committee|Commission|"
    "Council|Center|Centre|Centers|Centres|Court|Courts|Prosecutor|Police|Academy|"
    "Inspectorate|Coordinator|Minister|Ministers|Ombudsman|Ombudsperson|Commissioner|"
    "Parliament|Majlis|Cabinet|"
    "Observatory|Fund|Association|University|Institute|Board|Bureau|Unit|Authority|"
    "Authorities|Shelter|Administration|Government|Directorate|Secretariat|Foundation|"
    "Organization|Organisation|Group|Guard|Rapporteur|Mission|Embassy|Consulate"
)
NAME_RE = re.compile(
    r"(?:[A-Z][\w’'-]*|“[^”]{1,40}”)(?:(?:,\s+|\s+(?:(?:of|for|on|and|the|under|in|against|to"
    r"|with)\s+)*)(?:[A-Z][\w’'-]*|“[^”]{1,40}”))*"
)
HEAD_RE = re.compile(rf"\b(?:{HEAD_NOUNS})\b|\b[A-Z]{{2,}}s?\b")
GENERIC_BODY_RE = re.compile(
    r"\b(?:non-governmental\s+organi[sz]ations|NGOs|assistance\s+cent(?:er|re)s|shelters"
    r"|local\s+executive\s+authorities|law\s+enforcement\s+(?:bodies|agencies|officers)"
    r"|(?:criminal\s+)?prosecution\s+authorities|social\s+services|labou?r\s+inspectorates?"
    r"|border\s+guards|investigators|prosecutors|judges|courts|police|employers)\b",
    re.IGNORECASE,
)

# A word before a generic body that says which of them: "general courts", "district courts",
# "regional police" (not a determiner, a preposition or a number word).
KIND_BEFORE_RE = re.compile(r"(?<![\w-])([a-z][a-z-]{2,})\s+$")
NOT_KINDS = frozenset(
    "the and or of by for with from all other these those such its their both each any some "
    "many several two three four five this that which who to in on at as are were was is be "
    "been has have had also only not more most".split())
# Where a run of capitalised words may join two bodies: "and" or "or" (with "the", "to the",
# ...), or a comma.
JOINER_RE = re.compile(r",\s+|\s+(?:and|or)\s+((?:(?:the|to|for|with|by|from)\s+)*)")
# "to" between a body and where it sends something, and the heads of bodies sent to one
# ("Delegation to the Council of Europe").
TO_RE = re.compile(r"\s+to\s+(?:the\s+)?")
SENT_HEADS = frozenset("Mission Embassy Consulate Delegation Representation Rapporteur "
                       "Ambassador".split())
# Where the head of the name after a joiner ends: "Ministry" of "Ministry of Interior".
CONNECTOR_RE = re.compile(r"\s+(?:of|for|on|under|in|against|to|with|the)\s")
# Institution words that also name a field of work in a ministry's title ("Department of
# Justice and Police", "Ministry of Interior and Public Administration", "Local
# Self-Government"), and the plural ones ("Ministry of Health and Social Services").
FIELD_HEADS = frozenset("Police Administration Government".split())
PLURAL_HEADS = frozenset("Ministries Services Centers Centres Courts Ministers Authorities".split())
ACRONYM_RE = re.compile(r"[A-Z]{2,}s?")
# A kind of body said of one ("Open Door, [an NGO]", "one of the [NGOs]"): no name of its own.
KIND_ONLY_RE = re.compile(r"NGOs?")
DESCRIBED_RE = re.compile(r"[,(]\s*(?:an?|one\s+of\s+the)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)


def _joins_bodies(left: str, right: str, article: bool) -> bool:
    """Whether "and"/"or"/a comma (`article`: with "the") between `left` and `right` parts
    two bodies ("National Coordinator and the NGO Clean World", "Supreme Court and Police",
    "Ministry of Justice and Ministry of Interior") rather than joining the fields of one
    name ("Ministry of Labour and Social Protection", "Department of Justice and Police")."""
    heads = HEAD_RE.findall(left)
    if not any(h not in FIELD_HEADS for h in heads):
        return False  # "Police and Border Guard Board": no body of its own before the joiner
    if article or ACRONYM_RE.fullmatch(right):
        return bool(HEAD_RE.search(right))
    last = left.split()[-1].removesuffix("’s").removesuffix("'s")
    if HEAD_RE.fullmatch(last) and last not in FIELD_HEADS | PLURAL_HEADS:
        return bool(HEAD_RE.search(right))  # after a body's own head: a body of its own
    # after "Ministry of Health ...": a body only with a head noun of its own
    return any(h not in FIELD_HEADS | PLURAL_HEADS and not ACRONYM_RE.fullmatch(h)
               for h in HEAD_RE.findall(right))


def body_names(text: str) -> Iterator[tuple[int, int]]:
    """Where `text` names bodies: runs of capitalised words (`NAME_RE`), each cut where
    "and", "or" or a comma joins two bodies, never inside a quoted name."""
    for match in NAME_RE.finditer(text):
        for start, end in _sent_to(match.group()):
            yield from _joined(text[match.start() + start : match.start() + end],
                               match.start() + start)


def _sent_to(name: str) -> Iterator[tuple[int, int]]:
    """A run of capitalised words cut where "to" parts a body from where something is sent
    ("the Prosecutor's Office to the Bar Association"): after a body's own head, not a
    mission's ("Mission to the Council of Europe"); after a remit or a place the run stays
    one ("State Fund for Assistance to Victims", "... of the Republic of Borduria to the
    Child Protection Department", as replies wrote)."""
    start = 0
    for to in TO_RE.finditer(name):
        heads = set(HEAD_RE.findall(name[start : to.start()]))
        last = name[start : to.start()].split()[-1].removesuffix("’s").removesuffix("'s")
        # after a body's own head, or before a name that is no body's part ("... to Caritas")
        if (heads and HEAD_RE.fullmatch(last) and not heads & SENT_HEADS
                and not any(a <= to.start() < b for a, b in _quoted(name))):
            yield start, to.start()
            start = to.end()
    yield start, len(name)


def _quoted(name: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"“[^”]*”", name)]


def _joined(name: str, offset: int) -> Iterator[tuple[int, int]]:
    """Where a run of capitalised words names bodies, cut where "and", "or" or a comma joins
    two of them."""
    quoted = _quoted(name)
    joins = [m for m in JOINER_RE.finditer(name)
             if not any(a <= m.start() < b for a, b in quoted)]
    start = 0
    for i, join in enumerate(joins):
        article = (join.group(1) or "").endswith("the ")
        # the words after "and the" run through "and" ("the Probation and Mediation
        # Service"), those after a bare joiner to the next joiner; both to a connector
        ends = [j.start() for j in joins[i + 1 :]
                if not article or j.group().startswith(",") or (j.group(1) or "").strip()]
        right = name[join.end() : ends[0] if ends else len(name)]
        right = CONNECTOR_RE.split(right)[0]
        if _joins_bodies(name[start : join.start()], right, article):
            yield offset + start, offset + join.start()
            start = join.end()
    yield offset + start, offset + len(name)


def _placed(sentence: str, start: int, end: int) -> Span:
    """A named body's span, with the bonus its place gives: after "by", early in the
    sentence, a long name."""
    bonus = 0.0
    if re.search(r"\bby\s+(?:the\s+)?$", sentence[:start]):
        bonus += 0.6
    if start < 40:
        bonus += 0.3
    bonus += min(end - start, 80) / 400
    return Span(sentence[start:end], start, end, bonus)


def _with_organisation(sentence: str, spans: list[Span], start: int, end: int) -> list[Span]:
    """`spans` with an organisation's name (`org_names`) in place of the bits of it they
    hold ("NGO Terre" of "the NGO Terre des Femmes", "SHM" of "Safe House Molvania (SHM)"),
    "NGO" before it kept ("NGO “Tamkin”", as "NGO Clean World" is), and a name run into it
    cut before it ("the Prosecutor's Office to [Caritas]": the Office alone)."""
    kind = re.search(r"\bNGO\s+$", sentence[:start])
    start = kind.start() if kind else start
    kept = []
    for span in spans:
        if span.end <= start or span.start >= end or (start <= span.start and span.end <= end):
            if span.end <= start or span.start >= end:
                kept.append(span)
            continue
        run_into = re.search(r"(?:,|\s+to)\s+(?:the\s+)?$", sentence[span.start : start])
        if span.start < start and run_into:  # the part before, if a body on its own
            head = sentence[span.start : span.start + run_into.start()]
            if HEAD_RE.search(head):
                kept.append(_placed(sentence, span.start, span.start + len(head)))
        elif span.start < start:
            return spans  # inside a longer name ("Commission for Justice and [Sport]")
        else:
            return spans  # a longer name that holds it: as it was
    return [*kept, _placed(sentence, start, end)]


def body_spans(sentence: str, question: Question) -> list[Span]:
    """Institutions: "the State Migration Service", "the Main Department for Combating
    Human Trafficking of the Ministry of Internal Affairs", "UNICEF", each on its own when
    the sentence names several together."""
    spans = []
    for start, end in body_names(sentence):
        text = sentence[start:end]
        if not HEAD_RE.search(text) or sentence[max(0, start - 1) : start] == "[":
            continue  # no institution word, or an anonymised party ("[AA]")
        if KIND_ONLY_RE.fullmatch(text) and DESCRIBED_RE.search(sentence[:start]):
            continue  # "Caritas, [an NGO], ...": what a body is, not a body
        stands_for = re.search(r"([A-Z][\w-]*)\s+\($", sentence[:start])
        if ACRONYM_RE.fullmatch(text) and stands_for and stands_for.group(1) in NOT_BODIES:
            continue  # "the National Referral Mechanism (NRM)": an act, a plan, a mechanism
        lead = re.match(r"([A-Z][a-z]+)\s+(?:(?:of|for|the|on)\s+)+", text)
        if start == 0 and lead and not HEAD_RE.fullmatch(lead.group(1)):
            start += lead.end()
            text = text[lead.end() :]
        elif text.startswith("The "):
            start, text = start + 4, text[4:]  # "The SMS" opening a sentence
        text = re.sub(r"\s+(?:of|for|on|and|the|under|in|against|to|with)$", "", text)
        kept = without_instrument(text)  # "Government Decision No. 5" is no body
        if kept is None or not HEAD_RE.search(kept):
            continue
        text = kept
        acronym = re.match(r"\s*\([A-Z]{2,}s?\)", sentence[start + len(text) :])
        if acronym and " " in text:
            text += acronym.group()  # "the State Migration Service (SMS)": the name and its acronym
        spans.append(_placed(sentence, start, start + len(text)))
    for start, end in organisation_names(sentence):  # "the NGO La Strada", "Caritas, a charity"
        if not (sentence[end - 1] == ")" and HEAD_RE.search(sentence[start:end].split("(")[0])):
            spans = _with_organisation(sentence, spans, start, end)  # (a named body as it was)
    if asks_person(question.text):  # "Who chairs it?": "a judge", "Mr Anders Vik"
        spans += [_placed(sentence, a, b) for a, b in person_spans(sentence)]
    for match in GENERIC_BODY_RE.finditer(sentence):
        if not any(s.start <= match.start() < s.end for s in spans):
            kind = KIND_BEFORE_RE.search(sentence[: match.start()])  # "[general] courts"
            word = kind.group(1).lower() if kind else ""
            start = kind.start(1) if kind and word not in NOT_KINDS and (
                not word.endswith("s") or word.endswith("ous")) else match.start()
            spans.append(Span(sentence[start : match.end()], start, match.end(), -0.2))
    spans = fit_bodies(spans, sentence, question.text, Span)
    # "NCO" inside "National Coordination Office (NCO)": the whole, before the doer is sought
    spans = [s for s in spans if not any(o.start <= s.start and s.end <= o.end
                                         and o.end - o.start > s.end - s.start for o in spans)]
    for start, end in favour_agents(sentence, question, spans):  # the one that does what is asked
        spans.append(Span(sentence[start:end], start, end, AGENT_BONUS))
    if not any(s.bonus >= AGENT_BONUS for s in spans):  # no doer of the verb asked: of the
        for index in performers(sentence, [s.start for s in spans]):  # work commissioned
            spans[index].bonus += AGENT_BONUS
    starts, ends = identity_places(sentence, question.text)  # "The Coordinator is [X]"
    for span in spans:
        if span.start in starts or span.end in ends:
            span.bonus += AGENT_BONUS
    return spans


_NAME_WORD_RE = re.compile(r"[A-Z][\w’'-]*")


def acronyms_of(text: str) -> set[str]:
    """The acronyms a name goes by: itself when it is one ("SMS"), else its initials
    ("State Migration Service": "SMS") and any acronym it gives in brackets."""
    text = text.strip()
    if re.fullmatch(r"[A-Z]{2,}s?", text):
        return {text.rstrip("s") if text.endswith("s") and text[:-1].isupper() else text}
    out = set(re.findall(r"\(([A-Z]{2,})\)", text))
    initials = "".join(w[0] for w in _NAME_WORD_RE.findall(re.sub(r"\([^)]*\)", "", text)))
    if len(initials) >= 2:
        out.add(initials)
    return out


QUESTION_OPENING_RE = re.compile(
    r"^\s*(?:Which|What|Who|Whom|Whose|How|When|Where|Why|Is|Are|Was|Were|Do|Does|Did|Has"
    r"|Have|Can|In|Under|By|For|To|From|On|With)\b")


def named_acronyms(question: str, aliases: dict[str, str] | None = None) -> set[str]:
    """The acronyms of the bodies a question names (by their name or their acronym)."""
    out: set[str] = set()
    text = re.sub(r"[’']s\b", "", QUESTION_OPENING_RE.sub("", question))
    for start, end in body_names(text):
        if HEAD_RE.search(text[start:end]):
            out |= acronyms_of(text[start:end])
    asked = set(terms(question))
    for acronym, name in (aliases or {}).items():
        name_terms = set(terms(name))
        if name_terms and len(name_terms & asked) / len(name_terms) > 0.6:
            out.add(acronym)  # the question names the body in full; the passage abbreviates it
    return out


def acronyms_defined(text: str) -> dict[str, str]:
    """Acronyms a text defines, with the name they stand for: "the State Migration Service
    (SMS)" gives {"SMS": "State Migration Service"}."""
    out = {}
    for start, end in body_names(text):
        name = text[start:end]
        after = re.match(r"\s*\(([A-Z]{2,})\)", text[end:])
        if after and HEAD_RE.search(name) and " " in name:
            out.setdefault(after.group(1), re.sub(r"^(?:The|the)\s+", "", name))
    return out
