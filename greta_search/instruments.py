"""Names of legal instruments and article numbers, as documents and users write them: the
pieces that reading citations in answer text (`provisions`) and reading look-ups
(`lookups`) share.

An instrument is normalised to a stable display name such as "Criminal Code",
'Law "On Combating Human Trafficking"' or "Resolution No. 131 of the Cabinet of Ministers";
an article to a path such as "144-1.2.3" (components split on "."; "144-1" is an article
number of its own, inserted after Article 144, not a range). Pure standard library.
"""

from __future__ import annotations

import re

from greta_search.layout import MONTHS, roman_to_int
from greta_search.spelling import british

# --- building blocks -----------------------------------------------------------------------

DATE = rf"\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}"
# An article path: "144-1", "144-1.2.4-1", "45.1.10-1", "64.0.15-1", "18.58".
NUM = r"\d+(?:-\d+)?(?:\.\d+(?:-\d+)?)*(?![\w-])"
# The number of an act: "131", "1198-VIQD", "1410-IVQ".
ACT_NUM = r"\d+(?:[-/][A-Za-z0-9]+)*"

_QUOTES = '“”"«»‘’'

ISSUER = (
    r"Cabinet\s+of\s+Ministers|President|Prime\s+Minister|Government"
    r"|Minist(?:er|ry)\s+of\s+[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*)*"
)

_ITEM = rf"{NUM}(?:\s*[–—]\s*{NUM})?(?:\s*\([^()]*\))?"
_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
CITE_RE = re.compile(
    r"(?:\b(?P<part_kw>[Pp]art|[Pp]aragraph|[Cc]lause)\s+(?P<part>\d+|[IVXLC]+)\s+of\s+)?"
    r"(?P<kw>\b[Aa]rticles?\b|\b[Aa]rts?\b\.?|\b(?:[Ss]ub)?[Pp]aragraphs?\b|\b[Ss]ections?\b"
    r"|\b[Pp]arts?\b|\b[Cc]lauses?\b|§§?)"
    rf"\s*(?P<items>{_ITEM}(?:{_SEP}{_ITEM})*)"
)
_ITEM_RE = re.compile(rf"(?P<a>{NUM})(?:\s*[–—]\s*(?P<b>{NUM}))?")
_PAREN_RE = re.compile(r"\s*\([^()]*\)")

# Canonical names of instruments that users spell in several ways (keys are normalised).
_NAMED = {
    "criminal code": "Criminal Code",
    "criminal procedure code": "Criminal Procedure Code",
    "criminal procedural code": "Criminal Procedure Code",
    "criminal-procedure code": "Criminal Procedure Code",
    "code of criminal procedure": "Criminal Procedure Code",
    "cpc": "Criminal Procedure Code",
    "labour code": "Labour Code",
    "code of administrative offences": "Code of Administrative Offences",
    "administrative offences code": "Code of Administrative Offences",
    "code of civil procedure": "Civil Procedure Code",
    "constitution": "Constitution",
}
_SMALL_WORDS = {"of", "and", "the", "on", "in", "for", "against", "to", "with", "from"}


# --- normalisation -------------------------------------------------------------------------


def squash_spaces(text: str) -> str:
    return " ".join(text.split())


def _straight_quotes(text: str) -> str:
    return re.sub(r"[“”«»]", '"', text)


def _title_case(words: str) -> str:
    out = []
    for i, word in enumerate(words.split()):
        small = i > 0 and word.lower() in _SMALL_WORDS
        out.append(word.lower() if small else word[:1].upper() + word[1:])
    return " ".join(out)


def comparison_key(name: str) -> str:
    """Comparison key of an instrument name: case, quotes, spelling and spacing ignored."""
    text = british(name).casefold()
    return squash_spaces("".join(ch for ch in text if ch not in _QUOTES))


def norm_article(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("–", "-").replace("—", "-").strip(".")


def issuer_name(text: str | None) -> str | None:
    return _title_case(squash_spaces(text)) if text else None


def act_name(kind: str, number: str, issuer: str | None) -> str:
    name = f"{kind.capitalize()} No. {number}"
    return f"{name} of the {issuer}" if issuer else name


_ACT_PARTS_RE = re.compile(
    r"^(?P<kind>resolution|decree|order|decision|ordinance|law) no\. (?P<num>\S+)"
    r"(?: of the (?P<issuer>.+))?$"
)


def act_parts(name: str) -> tuple[str, str, str | None] | None:
    """(kind, number, issuer) of a numbered act's canonical name, else None."""
    m = _ACT_PARTS_RE.match(comparison_key(name))
    return (m["kind"], m["num"], m["issuer"]) if m else None


NUMBERED_ACT_RE = re.compile(
    r"\b(?P<pres>presidential\s+)?(?P<kind>resolution|decree|order|decision|ordinance|law)s?"
    r"\s*(?:(?:no\.?|number|nr\.?|№|#)\s*(?P<num>\d+(?:[-/][a-z0-9]+)*)"
    r"|(?P<bare>\d+)(?![\w.-]))"
    rf"(?:\s+of\s+the\s+(?P<issuer>{ISSUER.lower()}))?",
    re.IGNORECASE,
)
_Q_LAW_RE = re.compile(
    r"^laws?\b(?:\s+of\s+(?:the\s+)?[\w-]+(?:\s+of\s+[\w-]+)?)?"
    rf"(?:\s+dated\s+(?:{DATE}))?(?:\s+(?:no\.?|№)\s*(?P<num>{ACT_NUM}))?"
    rf"(?:\s+dated\s+(?:{DATE}))?\s*[\"“]?\s*(?P<title>.*?)\s*[\"”]?$",
    re.IGNORECASE,
)
_Q_COUNTRY_RE = re.compile(
    r"\s+of\s+(?:the\s+)?(?:republic\s+of\s+[\w-]+|[\w-]+\s+republic)$", re.IGNORECASE
)


def act_lookup(m: re.Match[str]) -> str | None:
    """Canonical name of a numbered act matched by `NUMBERED_ACT_RE`, or None (e.g. "law 16")."""
    kind = m["kind"].lower()
    number = m["num"] or (m["bare"] if kind != "law" else None)
    if number is None:
        return None
    issuer = issuer_name(m["issuer"]) or ("President" if m["pres"] else None)
    return act_name(kind, number.upper() if kind == "law" else number, issuer)


def canonical_instrument(name: str) -> str | None:
    """Canonical display name of an instrument as a user or a document spells it.

    "Labor Code" -> "Labour Code", "CPC" / "Code of Criminal Procedure" -> "Criminal Procedure
    Code", "resolution no 131" -> "Resolution No. 131", 'law "on combating human trafficking"'
    -> 'Law "On combating human trafficking"'. Returns None when the name is not recognisably
    an instrument.
    """
    text = squash_spaces(name).strip(" .,;:")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = _Q_COUNTRY_RE.sub("", text)
    if not text:
        return None
    key = comparison_key(text)
    if key in _NAMED:
        return _NAMED[key]
    act = NUMBERED_ACT_RE.fullmatch(text)
    if act and (found := act_lookup(act)):
        return found
    law = _Q_LAW_RE.match(text)
    if law:
        title = _straight_quotes(law["title"]).strip('" ')
        if title:
            return f'Law "{title[:1].upper()}{title[1:]}"'
        return f"Law No. {law['num'].upper()}" if law["num"] else None
    if "convention" in key:
        return re.sub(r"^(?:council of europe|united nations|un)\s+", "", text, flags=re.I)
    code = re.fullmatch(r"((?:[\w-]+\s+){1,3})code|code\s+of\s+(.+)", british(text), re.I)
    if code:
        return f"{_title_case(code[1])} Code" if code[1] else f"Code of {_title_case(code[2])}"
    if re.match(r"(?:rules|regulations?)\b", key):
        return _straight_quotes(text).strip('" ')
    return None


# --- article lists -------------------------------------------------------------------------


def article_list(items: str, part: str | None) -> list[str]:
    """Article paths of a citation's list, ranges expanded ("143.2.1–143.2.3")."""
    out: list[str] = []
    for m in _ITEM_RE.finditer(_PAREN_RE.sub("", items)):
        a = norm_article(m["a"])
        if m["b"] is None:
            out.append(a)
            continue
        b = norm_article(m["b"])
        head_a, _, last_a = a.rpartition(".")
        head_b, _, last_b = b.rpartition(".")
        if head_a == head_b and last_a.isdigit() and last_b.isdigit():
            prefix = f"{head_a}." if head_a else ""
            last = min(int(last_b), int(last_a) + 50)
            out.extend(f"{prefix}{n}" for n in range(int(last_a), last + 1))
        else:
            out.extend([a, b])
    if part is not None and len(out) == 1:
        number = str(roman_to_int(part)) if not part.isdigit() else part
        out = [f"{out[0]}.{number}"]
    return list(dict.fromkeys(out))
