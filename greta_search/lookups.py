"""What a user asks for, read and matched: a look-up of a legal provision ("Article 144-1 of
the Criminal Code", "Resolution No. 131", "CPC 123-1"), provisions named inside a search
query, and whether a cited provision is what a look-up asks for (sub-provisions included).
Pure standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from greta_search.instruments import (
    CITE_RE,
    NUM,
    NUMBERED_ACT_RE,
    act_lookup,
    act_parts,
    article_list,
    canonical_instrument,
    comparison_key,
    norm_article,
    squash_spaces,
)
from greta_search.layout import YEAR

if TYPE_CHECKING:
    from greta_search.provisions import Provision


@dataclass(frozen=True)
class Lookup:
    """What a user asks for: an instrument, an article path, or both.

    `instrument` is canonical when recognised; otherwise it holds the user's words, so that a
    caller finding no match can offer `suggest_instruments`.
    """

    instrument: str | None
    article: str | None

    def __str__(self) -> str:
        if self.article is None:
            return self.instrument or ""
        if self.instrument is None:
            return f"Article {self.article}"
        the = "" if act_parts(self.instrument) else "the "
        return f"Article {self.article} of {the}{self.instrument}"


_Q_ART_RE = re.compile(
    rf"(?:\b(?:articles?|arts?|paragraphs?|paras?|sections?|parts?)\b\.?|§§?)\s*(?P<num>{NUM})",
    re.IGNORECASE,
)
_Q_BARE_NUM_RE = re.compile(rf"(?<![\w.-])(?P<num>{NUM})")
_YEAR_OR_RANGE_RE = re.compile(rf"{YEAR}(?:-{YEAR})?")  # "2019", "2019-2025"
_Q_CODE = (
    r"code\s+of\s+(?:criminal\s+procedure|administrative\s+offen[cs]es|civil\s+procedure)"
    r"|(?:criminal(?:[\s-]+procedur(?:e|al))?|labou?r|family|migration|civil(?:\s+procedure)?"
    r"|customs|tax|housing|land|penal|administrative(?:\s+offen[cs]es)?)\s+code"
    r"|\bcpc\b|\bconstitution\b"
    r"|\blaw(?:\s+of\s+the\s+republic\s+of\s+\w+)?\s*[\"“][^\"”]+[\"”]"
)
_Q_INSTRUMENT_RE = re.compile(rf"\b(?:{_Q_CODE})", re.IGNORECASE)
# An unquoted law title in a free-text query ends where its capitalised words end.
_Q_LAW_TITLE_RE = re.compile(
    r"\b[Ll]aw\s+(?:of\s+the\s+Republic\s+of\s+\w+\s+)?"
    r"(?P<title>On(?:\s+(?:[A-Z][\w’'-]*|of|and|the|in|against|for|to|with))+)"
)


def parse_lookup(query: str) -> Lookup:
    """Read what the user asks for, e.g. "Article 144-1 of the Criminal Code", "Art. 50.2
    Migration Code", "Resolution No. 131", "CPC 123-1", "Labour Code art 16" or just "144-1"."""
    text = squash_spaces(query)
    act = NUMBERED_ACT_RE.search(text)
    if act and (name := act_lookup(act)):
        rest = text[: act.start()] + " " + text[act.end() :]
        article = _Q_ART_RE.search(rest)
        return Lookup(name, norm_article(article["num"]) if article else None)
    found = _Q_ART_RE.search(text)
    if found is None:
        unquoted = re.sub(r"[\"“][^\"”]*[\"”]", lambda m: " " * len(m.group()), text)
        found = next(
            (m for m in _Q_BARE_NUM_RE.finditer(unquoted)
             if not _YEAR_OR_RANGE_RE.fullmatch(m["num"])),
            None,
        )
    article = norm_article(found["num"]) if found else None
    rest = text if found is None else text[: found.start()] + " " + text[found.end() :]
    rest = re.sub(r"^\s*(?:of\s+)?(?:the\s+)?|\s+of(?:\s+the)?\s*$", "", rest, flags=re.I)
    rest = squash_spaces(rest).strip(" ,;:.")
    if not rest:
        return Lookup(None, article)
    return Lookup(canonical_instrument(rest) or rest, article)


def find_in_query(query: str) -> list[Lookup]:
    """Provisions named inside a free-text search query, e.g. "Article 222 of the Criminal
    Procedure Code non-disclosure of investigation data" -> [Lookup("Criminal Procedure Code",
    "222")]. Needs an article keyword ("Article", "Art.") or an instrument right before the
    number ("CPC 123-1"), so years and counts are not taken for articles; an instrument named
    without an article is not a provision and is not returned, unless it is a numbered act
    ("Resolution No. 131")."""
    text = squash_spaces(query)
    found: list[tuple[int, Lookup]] = []
    for m in NUMBERED_ACT_RE.finditer(text):
        name = act_lookup(m)
        if name and (m["num"] or m["kind"][0].isupper()):
            found.append((m.start(), Lookup(name, None)))
    taken: list[tuple[int, int]] = []
    for m in CITE_RE.finditer(text):
        if not m["kw"].lower().startswith(("art", "§")):
            continue
        instrument, end = _query_instrument_after(text, m.end())
        if instrument is None and end is not None:
            continue  # "of" something unknown: not a provision we can name
        if instrument is None:
            instrument = _query_instrument_before(text, m.start())
        for article in article_list(m["items"], m["part"]):
            found.append((m.start(), Lookup(instrument, article)))
        taken.append((m.start(), end or m.end()))
    for m in _Q_INSTRUMENT_RE.finditer(text):
        number = re.compile(rf"\s+(?P<num>{NUM})").match(text, m.end())
        inside = any(s <= m.start() < e for s, e in taken)
        if number and not inside and not _YEAR_OR_RANGE_RE.fullmatch(number["num"]):
            name = canonical_instrument(m.group())
            found.append((m.start(), Lookup(name, norm_article(number["num"]))))
    found.sort(key=lambda pair: pair[0])
    return list(dict.fromkeys(lookup for _, lookup in found))


def _query_instrument_after(text: str, pos: int) -> tuple[str | None, int | None]:
    """(instrument, end) named after an article in a query; (None, end) when "of" names
    something unrecognised; (None, None) when nothing follows."""
    of = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE).match(text, pos)
    at = of.end() if of else re.compile(r"\s*,?\s*(?:the\s+)?").match(text, pos).end()
    for pattern in (_Q_INSTRUMENT_RE, _Q_LAW_TITLE_RE):
        m = pattern.match(text, at)
        if m:
            name = f'Law "{m["title"]}"' if pattern is _Q_LAW_TITLE_RE else m.group()
            return canonical_instrument(name), m.end()
    act = NUMBERED_ACT_RE.match(text, at)
    if act and (name := act_lookup(act)):
        return name, act.end()
    return None, (at if of else None)


def _query_instrument_before(text: str, pos: int) -> str | None:
    for m in _Q_INSTRUMENT_RE.finditer(text[:pos]):
        if not text[m.end() : pos].strip(" ,"):
            return canonical_instrument(m.group())
    return None


@lru_cache(maxsize=4096)
def _identity(name: str) -> tuple[str, str, str | None]:
    """What identifies an instrument: (kind, number, issuer) of a numbered act, else
    ("", comparison key, None). Cached: a corpus names few instruments many times."""
    canonical = canonical_instrument(name) or name
    return act_parts(canonical) or ("", comparison_key(canonical), None)


def _same_instrument(wanted: str, cited: str) -> bool:
    a, b = _identity(wanted), _identity(cited)
    same_issuer = a[2] is None or b[2] is None or a[2] == b[2]
    return a[:2] == b[:2] and same_issuer


def instrument_key(name: str) -> tuple[str, str, str | None]:
    """What identifies an instrument for look-ups, as stored in an index (`citations`): two
    citations name the same instrument when kind and key agree and their issuers, where
    both are known, agree (see `matches`)."""
    return _identity(name)


def article_path(article: str) -> str:
    """An article path as compared (`matches`): "144-1.2" and "144-1.2.3" share the prefix
    "144-1." of the look-up "144-1"."""
    return norm_article(article).casefold()


def matches(lookup: Lookup, provision: Provision) -> bool:
    """True when the provision is what the look-up asks for, sub-provisions included.

    Article paths match on whole components: "144-1" matches 144-1, 144-1.1 and 144-1.2.3 but
    never 144-10; "50.2" never matches 150.2.5. A look-up without an instrument matches that
    article of any instrument; one without an article matches every citation of the
    instrument, and a numbered act without issuer matches it whoever issued it.
    """
    if lookup.instrument is None and lookup.article is None:
        return False
    if lookup.instrument is not None and not _same_instrument(
        lookup.instrument, provision.instrument
    ):
        return False
    if lookup.article is None:
        return True
    if provision.article is None:
        return False
    wanted = article_path(lookup.article).split(".")
    return provision.article.casefold().split(".")[: len(wanted)] == wanted


def suggest_instruments(name: str, known: list[str], n: int = 3) -> list[str]:
    """The known instruments closest to `name` (difflib similarity; a name contained in a
    known one counts as close), best first, at most n."""
    target = comparison_key(canonical_instrument(name) or name)
    if not target:
        return []
    scored: list[tuple[float, str]] = []
    for candidate in dict.fromkeys(known):
        key = comparison_key(candidate)
        score = SequenceMatcher(None, target, key).ratio()
        if target in key:
            score = max(score, 0.8)
        if score >= 0.5:
            scored.append((score, candidate))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [candidate for _, candidate in scored[:n]]
