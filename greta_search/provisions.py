"""Citations of legal provisions in answer text: find them and normalise them (instrument
names and article paths as `instruments` writes them).

Extraction works on one answer at a time (a list of paragraphs): "(hereinafter – the Code)"
definitions and "of the same Code" / "of the said Law" references are resolved against the
instruments cited earlier in the same answer, never across answers. Reading what a user
asks for and matching it (`Lookup`, `parse_lookup`, `matches`, ...) is `lookups`, importable
from here too.

This module is pure standard library (no numpy, no models) so that the `provision` command
can answer from a cold start in well under a second.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from greta_search.instruments import (
    ACT_NUM,
    CITE_RE,
    DATE,
    ISSUER,
    act_name,
    article_list,
    canonical_instrument,
    comparison_key,
    issuer_name,
    squash_spaces,
)
from greta_search.lookups import (
    Lookup,
    article_path,
    find_in_query,
    instrument_key,
    matches,
    parse_lookup,
    suggest_instruments,
)
from greta_search.quotes import inside_quotation, quotations

__all__ = [
    "Lookup", "Provision", "article_path", "canonical_instrument", "extract_provisions",
    "find_in_query", "instrument_key", "matches", "parse_lookup", "suggest_instruments",
]

# --- building blocks -----------------------------------------------------------------------

# "of the Republic of Azerbaijan", "of Ukraine", "of the Slovak Republic".
_COUNTRY = r"\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*){0,3}"
_TITLE = r"[“\"«]\s*[^“”\"«»]{2,250}?[”\"»]"

_CODE_RE = re.compile(
    r"(?:\bCode\s+of\s+(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+"
    r"|(?:(?!(?:The|This|That|These|Said|Same|Such|New|Its|Their|In|By|Of|Under|According)\b)"
    r"[A-Z][a-z]+(?:-[A-Za-z]+)?\s+){1,3}Code\b(?!s))"
    rf"(?P<country>{_COUNTRY})?"
)
_CONSTITUTION_RE = re.compile(rf"\bConstitution\b(?:{_COUNTRY})?")
_CONVENTION_RE = re.compile(
    r"\b(?:(?:Council\s+of\s+Europe|United\s+Nations|UN|European|International)\s+)?Convention"
    r"\s+(?:on|for|against|relating\s+to|concerning)"
    r"(?:\s+(?:[A-Z][\w’'-]*|of|the|and|in|on|for|to|from|with|against))+"
)
_LAW_RE = re.compile(
    rf"\b[Ll]aws?\b(?:{_COUNTRY})?(?:\s+dated\s+(?P<d1>{DATE}))?"
    rf"(?:\s+(?:No\.?|№)\s*(?P<num>{ACT_NUM}))?(?:\s+dated\s+(?P<d2>{DATE}))?"
    rf"(?P<titles>\s*{_TITLE}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_TITLE})*)?"
)
_ACT_RE = re.compile(
    r"(?P<pres>Presidential\s+)?\b(?P<kind>[Rr]esolution|[Dd]ecree|[Oo]rder|[Dd]ecision|[Oo]rdinance)s?"
    rf"(?:\s+of\s+the\s+(?P<i1>{ISSUER})(?:{_COUNTRY})?)?(?:\s+dated\s+(?P<d1>{DATE}))?"
    rf"\s+(?:No\.?|№)\s*(?P<nums>{ACT_NUM}(?:(?:\s*,\s*|\s+and\s+)(?:No\.?\s*)?{ACT_NUM})*)"
    rf"(?:\s+of\s+the\s+(?P<i2>{ISSUER})(?:{_COUNTRY})?)?(?:\s+dated\s+(?P<d2>{DATE}))?"
)
# Quoted titles of subordinate documents that are cited by paragraph or section.
_DOCUMENT_RE = re.compile(
    r"[“\"«](?P<title>(?:Rules|Regulations?|Criteria|Procedure|Instructions?|Statute|Charter"
    r"|(?:National\s+)?Action\s+Plan|Strategy|Concept|Program(?:me)?)\b[^“”\"«»]{2,250}?)[”\"»]"
)
_HEREINAFTER_RE = re.compile(
    r"\s*\(\s*(?:hereinafter|further)(?:\s+referred\s+to\s+as)?\s*[-–—:]?\s*[“\"‘]?"
    r"(?:the\s+)?(?P<short>[^“”\"‘’()]+?)[”\"’]?\s*\)"
)

_TAIL_RE = re.compile(
    r"\s+of\s+|\s+(?:was|were|has\s+been|have\s+been)\s+(?:added|introduced|inserted)"
    r"\s+(?:to|into|in)\s+"
)
_WITH_RE = re.compile(r"\s+with\s+")
_THE_RE = re.compile(r"(?:the\s+)?")
_ANAPHOR_RE = re.compile(
    r"(?:the\s+)?(?:same|said|this|that|these|those|aforementioned|above-mentioned)\s+"
    r"(?P<word>Code|Law|Rules|Regulations?|Convention|Resolution|Decree|Order|Decision)\b"
)
_WORD_RE = re.compile(r"[A-Z][\w-]*\b")
_BOUNDARY_RE = re.compile(r"(?<=[.!?])[”\"’»“)\]]*\s+(?=[A-Z“\"‘«„(\[–-])|\n+")
_ABBREVIATIONS = set(
    "no nos art arts para paras p pp mr mrs ms dr st e.g i.e cf vol ch sec".split()
)

# Words that, after "of the", stand for the last instrument of their kind.
_ACT_KINDS = ("resolution", "decree", "order", "decision", "ordinance")
_KIND_WORDS = {word: word for word in ("code", "law", "rules", "convention", *_ACT_KINDS)}
_KIND_WORDS |= {"regulation": "rules", "regulations": "rules"}
_ABBREVIATED = {"cpc": "Criminal Procedure Code"}


# --- the citation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Provision:
    """One citation of a legal instrument (and article) found in answer text."""

    instrument: str
    article: str | None
    cited: str
    quote: str
    paragraph: int
    date: str | None = None


# --- normalisation -------------------------------------------------------------------------


def _norm_date(text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(r"^0(\d\s)", r"\1", squash_spaces(text))


def _kind(instrument: str) -> str:
    """The kind an anaphor ("the same Code", "the said Law") refers back to."""
    key = comparison_key(instrument)
    first = key.split()[0] if key else ""
    if first in ("law", "laws"):
        return "law"
    if first in _ACT_KINDS:
        return first
    if "convention" in key:
        return "convention"
    if key.endswith(" code") or key.startswith("code "):
        return "code"
    if first in ("rules", "regulation", "regulations"):
        return "rules"
    return first


# --- extraction ----------------------------------------------------------------------------


@dataclass
class _Mention:
    """An instrument named in the text (before context is applied)."""

    start: int
    end: int
    names: tuple[str, ...]
    date: str | None = None
    record: bool = True  # also a citation of its own (article None)
    act: tuple[str, tuple[str, ...], str | None] | None = None  # kind, numbers, issuer
    alias: str | None = None  # "(hereinafter – the Code)"
    consumed: bool = False


@dataclass
class _Cite:
    """An article (or paragraph/section) citation, its instrument not yet resolved."""

    start: int
    end: int
    articles: list[str]
    is_article: bool
    named: _Mention | None = None
    ref_pos: int | None = None  # where "of ..." names the instrument


@dataclass
class _Context:
    """What earlier citations in the same answer make "the Code", "the same Law" mean."""

    last: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    aliases: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    issuers: dict[str, str] = field(default_factory=dict)

    def names(self, mention: _Mention) -> tuple[str, ...]:
        """The mention's instruments; an act without issuer takes the last one of its kind."""
        if mention.act is None:
            return mention.names
        kind, numbers, issuer = mention.act
        issuer = issuer or self.issuers.get(kind)
        if issuer:
            self.issuers[kind] = issuer
        return tuple(act_name(kind, n, issuer) for n in numbers)

    def note(self, instrument: str, date: str | None, alias: str | None) -> None:
        self.last[_kind(instrument)] = (instrument, date)
        if alias:
            self.aliases[alias.casefold()] = (instrument, date)


def _trim_convention(text: str) -> str:
    cut = text.find(" and the ")
    text = text if cut < 0 else text[:cut]
    second = text.find("Convention", text.find("Convention") + 1)
    text = text if second < 0 else text[:second]
    words = text.split()
    while words and words[-1].islower():
        words.pop()
    return " ".join(words)


def _mentions(text: str) -> list[_Mention]:
    """Instruments named in a paragraph, left to right, without overlaps."""
    found: list[_Mention] = []
    for m in _CODE_RE.finditer(text):
        bare = m.group()[: m.start("country") - m.start()] if m["country"] else m.group()
        name = canonical_instrument(bare)
        if name:
            found.append(_Mention(m.start(), m.end(), (name,)))
    for m in _CONSTITUTION_RE.finditer(text):
        found.append(_Mention(m.start(), m.end(), ("Constitution",)))
    for m in _CONVENTION_RE.finditer(text):
        title = _trim_convention(m.group())
        name = canonical_instrument(title)
        if name:
            found.append(_Mention(m.start(), m.start() + len(title), (name,)))
    for m in _LAW_RE.finditer(text):
        date = _norm_date(m["d1"] or m["d2"])
        if m["titles"]:
            titles = re.findall(r"[“\"«]\s*([^“”\"«»]+?)\s*[”\"»]", m["titles"])
            names = tuple(f'Law "{squash_spaces(t)}"' for t in titles)
            found.append(_Mention(m.start(), m.end(), names, date))
        elif m["num"]:
            found.append(_Mention(m.start(), m.end(), (f"Law No. {m['num']}",), date))
    for m in _ACT_RE.finditer(text):
        kind = m["kind"].lower()
        numbers = tuple(re.findall(ACT_NUM, m["nums"]))
        issuer = issuer_name(m["i1"] or m["i2"]) or ("President" if m["pres"] else None)
        date = _norm_date(m["d1"] or m["d2"])
        found.append(_Mention(m.start(), m.end(), (), date, act=(kind, numbers, issuer)))
    for m in _DOCUMENT_RE.finditer(text):
        title = squash_spaces(m["title"])
        record = bool(re.match(r"(?:Rules|Regulations?)\b", title))
        found.append(_Mention(m.start(), m.end(), (title,), record=record))
    found.sort(key=lambda x: (x.start, -x.end))
    kept: list[_Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        short = _HEREINAFTER_RE.match(text, mention.end)
        if short:
            mention.alias = squash_spaces(short["short"])
        kept.append(mention)
    return kept


def _cites(text: str, mentions: list[_Mention]) -> list[_Cite]:
    """Article / paragraph citations of a paragraph, tied to the mentions that name them."""
    by_start = {m.start: m for m in mentions}
    by_end = {m.end: m for m in mentions}
    out: list[_Cite] = []
    for m in CITE_RE.finditer(text):
        is_article = m["kw"].lower().startswith("art") or m["part_kw"] is not None
        cite = _Cite(m.start(), m.end(), article_list(m["items"], m["part"]), is_article)
        tail = _TAIL_RE.match(text, m.end())
        if tail:
            pos = _THE_RE.match(text, tail.end()).end()
            named = by_start.get(pos)
            if named is not None:
                cite.named, cite.end = named, named.end
            else:
                cite.ref_pos = tail.end()
        else:
            before = text[: m.start()]
            for end, mention in by_end.items():
                if _WITH_RE.fullmatch(before[end:]):
                    cite.named, cite.start = mention, mention.start
        if cite.named is not None:
            cite.named.consumed = True
        out.append(cite)
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; "No. 131", "Art. 5" and the end of a sentence inside
    a quotation ("the “Know your rights. Ask for help” campaign") do not end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    quoted = quotations(text)
    for m in _BOUNDARY_RE.finditer(text):
        if "\n" not in m.group():
            if inside_quotation(quoted, m.end()):
                continue
            previous = text[start : m.start()].split()
            word = previous[-1].rstrip(".!?").lower() if previous else ""
            if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
                continue
        spans.append((start, m.end()))  # with its closing quote or bracket
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _resolve_ref(text: str, pos: int, ctx: _Context) -> tuple[str, str | None, int] | None:
    """Instrument named by anaphor ("the same Code"), defined short name or kind word."""
    anaphor = _ANAPHOR_RE.match(text, pos)
    if anaphor:
        hit = ctx.last.get(_KIND_WORDS[anaphor["word"].lower()])
        return (*hit, anaphor.end()) if hit else None
    at = _THE_RE.match(text, pos).end()
    for short in sorted(ctx.aliases, key=len, reverse=True):
        end = at + len(short)
        if text[at:end].casefold() == short and not text[end : end + 1].isalnum():
            return (*ctx.aliases[short], end)
    word = _WORD_RE.match(text, at)
    if word is None:
        return None
    key = word.group().casefold()
    if key in _ABBREVIATED:
        return _ABBREVIATED[key], None, word.end()
    if key in _KIND_WORDS and (hit := ctx.last.get(_KIND_WORDS[key])):
        return (*hit, word.end())
    return None


def _clean_cited(text: str) -> str:
    """The citation without the descriptions that follow article numbers."""
    return squash_spaces(re.sub(r"(?<=\d)\s*\([^()]*\)", "", text))


def extract_provisions(paragraphs: list[str]) -> list[Provision]:
    """All citations in one answer, in text order.

    The paragraphs are read as one answer: a "(hereinafter – the Code)" definition or an
    instrument cited earlier gives "Article 16 of the Code", "of the same Code" or "of the said
    Law" their meaning in later paragraphs of the same list only. A bare "Article 149" takes
    the instrument of the previous citation in its sentence; with none, it is not recorded.
    """
    ctx = _Context()
    out: list[Provision] = []
    for index, text in enumerate(paragraphs):
        mentions = _mentions(text)
        cites = _cites(text, mentions)
        sentences = _sentences(text)
        starts = [start for start, _ in sentences]

        previous: dict[int, tuple[str, str | None]] = {}  # sentence start -> last cited
        events: list[_Mention | _Cite] = [m for m in mentions if not m.consumed] + cites
        events.sort(key=lambda e: e.start)
        for event in events:
            s, e = sentences[bisect_right(starts, event.start) - 1]
            quote = text[s:e].strip()
            if isinstance(event, _Mention):
                names = ctx.names(event)
                for name in names:
                    ctx.note(name, event.date, event.alias)
                    if event.record:
                        cited = _clean_cited(text[event.start : event.end])
                        out.append(Provision(name, None, cited, quote, index, event.date))
                continue
            resolved = _cited_instrument(event, text, ctx, previous.get(s))
            if resolved is None:
                continue
            instrument, date, end = resolved
            previous[s] = (instrument, date)
            cited = _clean_cited(text[event.start : end])
            for article in event.articles:
                out.append(Provision(instrument, article, cited, quote, index, date))
    return out


def _cited_instrument(
    cite: _Cite, text: str, ctx: _Context, in_sentence: tuple[str, str | None] | None
) -> tuple[str, str | None, int] | None:
    """(instrument, date, end of the citation) of an article citation, or None when it names
    no instrument we can tell. `in_sentence` is the previous citation of its sentence."""
    if cite.named is not None:
        names = ctx.names(cite.named)
        for name in names:
            ctx.note(name, cite.named.date, cite.named.alias)
        return names[0], cite.named.date, cite.end
    if cite.ref_pos is not None:
        resolved = _resolve_ref(text, cite.ref_pos, ctx)
        if resolved:
            ctx.note(resolved[0], resolved[1], None)
        return resolved
    if cite.is_article and in_sentence is not None:
        return *in_sentence, cite.end
    return None
