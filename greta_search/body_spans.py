"""Bodies named in a sentence: a run of capitalised words with an institution word or an
acronym ("the State Migration Service", "the Main Department for Combating Human Trafficking
of the Ministry of Internal Affairs", "UNICEF"), or a generic one ("NGOs", "the police"), as
answer spans of a "which body / who" question; two bodies written one after the other ("the
National Coordinator and the NGO Clean World") are two, a name with "and" of its own
("Ministry of Labour and Social Protection") one (`body_names`). Also the acronyms a name
goes by, the bodies a question names, the acronyms a text defines. Which of them answers is
`body_fit` and `span_roles`; the spans are chosen among in `greta_search.spans`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from greta_search.answer_types import Question, terms
from greta_search.body_fit import fit_bodies
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

# Where a run of capitalised words may join two bodies: "and" or "or" (with "the", "to the",
# ...), or a comma.
JOINER_RE = re.compile(r",\s+|\s+(?:and|or)\s+((?:(?:the|to|for|with|by|from)\s+)*)")
# Where the head of the name after a joiner ends: "Ministry" of "Ministry of Interior".
CONNECTOR_RE = re.compile(r"\s+(?:of|for|on|under|in|against|to|with|the)\s")
# Institution words that also name a field of work in a ministry's title ("Department of
# Justice and Police", "Ministry of Interior and Public Administration", "Local
# Self-Government"), and the plural ones ("Ministry of Health and Social Services").
FIELD_HEADS = frozenset("Police Administration Government".split())
PLURAL_HEADS = frozenset("Ministries Services Centers Centres Courts Ministers Authorities".split())
ACRONYM_RE = re.compile(r"[A-Z]{2,}s?")


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
        name, offset = match.group(), match.start()
        quoted = [m.span() for m in re.finditer(r"“[^”]*”", name)]
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


def body_spans(sentence: str, question: Question) -> list[Span]:
    """Institutions: "the State Migration Service", "the Main Department for Combating
    Human Trafficking of the Ministry of Internal Affairs", "UNICEF", each on its own when
    the sentence names several together."""
    spans = []
    for start, end in body_names(sentence):
        text = sentence[start:end]
        if not HEAD_RE.search(text) or sentence[max(0, start - 1) : start] == "[":
            continue  # no institution word, or an anonymised party ("[AA]")
        lead = re.match(r"([A-Z][a-z]+)\s+(?:(?:of|for|the|on)\s+)+", text)
        if start == 0 and lead and not HEAD_RE.fullmatch(lead.group(1)):
            start += lead.end()
            text = text[lead.end() :]
        elif text.startswith("The "):
            start, text = start + 4, text[4:]  # "The SMS" opening a sentence
        text = re.sub(r"\s+(?:of|for|on|and|the|under|in|against|to|with)$", "", text)
        acronym = re.match(r"\s*\([A-Z]{2,}s?\)", sentence[start + len(text) :])
        if acronym and " " in text:
            text += acronym.group()  # "the State Migration Service (SMS)": the name and its acronym
        bonus = 0.0
        if re.search(r"\bby\s+(?:the\s+)?$", sentence[:start]):
            bonus += 0.6
        if start < 40:
            bonus += 0.3
        bonus += min(len(text), 80) / 400
        spans.append(Span(text, start, start + len(text), bonus))
    for match in GENERIC_BODY_RE.finditer(sentence):
        if not any(s.start <= match.start() < s.end for s in spans):
            spans.append(Span(match.group(), *match.span(), -0.2))
    for start, end in favour_agents(sentence, question, spans):  # the one that does what is asked
        spans.append(Span(sentence[start:end], start, end, AGENT_BONUS))
    return fit_bodies(spans, sentence, question.text, Span)


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
