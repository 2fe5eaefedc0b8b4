"""The bodies and named things a question names that its evidence must name too.

"How many labour inspectors does the State Labour Inspection Service employ?" is not
answered by a sentence about the State Migration Service, "When did X ratify the Council of
Europe Convention on Action against Trafficking?" not by one about the Budapest
Convention, "How many places does the Crisis Centre for Children in Istow have?" not by the
centre in Klow: each name the question gives (a run of capitalised words with an
institution word, or an acronym, `body_spans.body_names`; not a currency) must be written
in the passage that answers (its text or headings), whole, without a leading adjective of
its own ("the Bordurian Crime Victims Compensation Board": "Crime Victims Compensation
Board"), or by an acronym it goes by or that its document defines for it.
"""

from __future__ import annotations

import re

from greta_search.body_spans import (
    HEAD_RE,
    QUESTION_OPENING_RE,
    acronyms_of,
    body_names,
)
from greta_search.currency import CODES
from greta_search.spelling import british

# Words that join a name's words and may be missing or differ ("Ministry of Foreign Affairs").
FILLERS = frozenset("of the for and on in against to with a an".split())


def _norm(text: str) -> str:
    text = british(re.sub(r"[’']s\b", "", text.lower().replace("–", "-")))
    return re.sub(r"[\s\"“”«»]+", " ", text)


def question_names(question: str) -> list[str]:
    """The bodies (and things named like them) a question names, without a leading "the"."""
    text = re.sub(r"[’']s\b", "", QUESTION_OPENING_RE.sub("", question))
    names = []
    for start, end in body_names(text):
        name = re.sub(r"^(?:The|the)\s+", "", text[start:end]).strip()
        if (HEAD_RE.search(name) and name not in CODES
                and not re.fullmatch(r"FY\w*|NGOs?|[A-Z][a-z]+\s+NGOs?|[A-Z]+-[a-z][\w-]*", name)):
            names.append(name)
    return names


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _norm(text))


def _near_together(name: str, body: list[str]) -> bool:
    """Whether every word of the name stands within a few words of the others in the text
    ("Foreign Ministry": "Ministry of Foreign Affairs"; "Danube Route JIT": "the JIT
    'Danube Route'")."""
    words = [w for w in dict.fromkeys(_tokens(name)) if w not in FILLERS]
    if not words:
        return False
    width = len(words) + 3
    return any(set(words) <= set(body[i : i + width]) for i in range(len(body))
               if body[i] in words)


def named_in(name: str, text: str, aliases: dict[str, str]) -> bool:
    """Whether `text` names `name`: whole or with its words close together, without a
    first word that is no head of its own (an adjective: "Bordurian"), by "the" and a head
    noun of it ("the Service", "the Commissioner"), by the body after its "of" ("Director of
    the NOCTP": the NOCTP), or by an acronym (its own, its initials', or one the document
    defines for it, `aliases`: acronym -> name)."""
    body = _norm(text)
    forms = [name]
    words = name.split()
    if len(words) > 2 and not HEAD_RE.fullmatch(words[0]):
        forms.append(" ".join(words[1:]))
    if name in aliases:
        forms.append(aliases[name])
    if any(re.search(rf"(?<!\w){re.escape(_norm(f))}(?!\w)", body) for f in forms):
        return True
    tokens = _tokens(text)
    if any(_near_together(f, tokens) for f in forms):
        return True
    heads = [h for h in HEAD_RE.findall(name) if not h.isupper()]
    if any(re.search(rf"\bthe\s+{re.escape(h)}\b(?![\w-]|\s+(?:of\b|[A-Z]))", text)
           for h in heads):
        return True  # "the Service" for "the State Labour Inspection Service"
    owner = re.split(r"\s+(?:of|within|under)\s+(?:the\s+)?", name, maxsplit=1)
    if len(owner) == 2 and HEAD_RE.search(owner[1]) and named_in(owner[1], text, aliases):
        return True
    short = acronyms_of(name) | {a for a, n in aliases.items() if _norm(n) == _norm(name)}
    return any(re.search(rf"(?<![\w-]){re.escape(a)}s?(?![\w-])", text) for a in short
               if len(a) >= 2)


def missing_names(question: str, texts: list[str], aliases: dict[str, str]) -> list[str]:
    """The names the question gives that none of `texts` (a passage and its headings)
    names."""
    whole = "\n".join(filter(None, texts))
    return [n for n in question_names(question) if not named_in(n, whole, aliases)]


def unnamed(searcher, question: str, chunks: list, whole_question: bool = False) -> list[str]:
    """The names the question gives that the passages `chunks` (an answer's passage, the
    passage that referred to it) do not name in their text or headings; with
    `whole_question`, nor any passage of the same question of the reply (a table names
    the body whose figures it gives in the answer around it)."""
    from greta_search.acronyms import document_acronyms
    from greta_search.answer_scope import question_chunks

    if not chunks or not question_names(question):
        return []
    if whole_question:
        chunks = [*chunks, *(c for c in question_chunks(searcher, chunks[0].doc,
                                                        chunks[0].question)
                             if c.position != chunks[0].position)]
    texts = [t for c in chunks for t in (c.text, c.question_text, c.items_before, c.item_text)]
    return missing_names(question, texts, document_acronyms(searcher, chunks[0].doc))
