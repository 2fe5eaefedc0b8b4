"""The acronyms a document defines, for matching a question to its tables: a table
introduced by "Applications to the CVCB" answers "How many victims applied to the Crime
Victims Compensation Board?" when the reply wrote "the Crime Victims Compensation Board
(CVCB)" somewhere (or listed "CVCB: Crime Victims Compensation Board" among its
abbreviations). Both the question and the table's words are read with each acronym written
out (`expand`), so either may use either form.
"""

from __future__ import annotations

import re

from greta_search.body_spans import acronyms_defined
from greta_search.search import document_definitions

# A line of a list of abbreviations: "– CVCB: Crime Victims Compensation Board",
# "SMS - State Migration Service", "ATCU – Anti-Trafficking Unit (Ministry of Justice)";
# one line each.
GLOSSARY_RE = re.compile(r"^[ \t•·–—*-]*([A-Z][A-Za-z]*[A-Z])[ \t]*(?::|[–—-][ \t])[ \t]*"
                         r"([A-Z][\w’'-]*(?:[ \t]+[\w’'-]+){1,9})(?:[ \t]+\([^()\n]{1,60}\))?"
                         r"[ \t]*[.;]?[ \t]*$", re.MULTILINE)  # "NRM – National Referral Mechanism"



def defined(text: str) -> dict[str, str]:
    """The acronyms `text` defines, in parentheses after the name or in a list of
    abbreviations, each with the name it stands for (the first definition wins)."""
    found = acronyms_defined(text)
    for match in GLOSSARY_RE.finditer(text):
        acronym, name = match.groups()
        if len(acronym) >= 2 and _initials_fit(acronym, name):
            found.setdefault(acronym, name.strip())
    return found


def _initials_fit(acronym: str, name: str) -> bool:
    """Whether the acronym's capitals are the initials of the name's capitalised words, in
    order (a glossary line, unlike "the X (XY)", says nothing else of their relation)."""
    capitals = "".join(c for c in acronym if c.isupper())
    for word in (r"[\w’'-]+", r"[\w’']+"):  # "Anti-Trafficking": "A", or "AT" (ATCU)
        initials = "".join(w[0] for w in re.findall(word, name) if w[0].isupper())
        if initials and capitals == initials:
            return True
    return False


def document_acronyms(searcher, doc: str) -> dict[str, str]:
    """The acronyms one document defines (read from all its passages, once per searcher)."""
    return document_definitions(searcher, doc, defined)


ACRONYM_RE = re.compile(r"(?<![\w(])[A-Z][A-Za-z]*[A-Z](?![\w)])")


def acronyms_in(searcher, doc: str, text: str) -> dict[str, str]:
    """The acronyms `text` uses that its document defines; the document's passages are read
    only when `text` holds something like an acronym ("CVCB", "MoJ")."""
    used = set(ACRONYM_RE.findall(text))
    if not used:
        return {}
    return {a: n for a, n in document_acronyms(searcher, doc).items() if a in used}


def expand(text: str, acronyms: dict[str, str]) -> str:
    """`text` with each acronym it uses written out ("the CVCB" -> "the Crime Victims
    Compensation Board"); an acronym in parentheses after its name is left alone."""
    if not acronyms or not text:
        return text
    pattern = re.compile(r"(?<![\w(])(" + "|".join(
        re.escape(a) for a in sorted(acronyms, key=len, reverse=True)) + r")(?![\w)])")
    return pattern.sub(lambda m: acronyms[m[1]], text)


def passage_acronyms(searcher, chunk, before=None) -> dict[str, str]:
    """The acronyms a table passage uses (in its text, its items, its question or the
    passage `before` that introduces an untitled table) that its document defines."""
    texts = [chunk.text, chunk.item_text, chunk.items_before, chunk.question_text]
    return acronyms_in(searcher, chunk.doc, "\n".join(
        filter(None, [*texts, before.text if before is not None else None])))
