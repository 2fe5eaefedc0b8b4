"""Citations of legal provisions: find them in answer text, normalise them, match look-ups.

A citation is normalised to an instrument (a stable display name such as "Criminal Code",
'Law "On Combating Human Trafficking"' or "Resolution No. 131 of the Cabinet of Ministers")
and an article path such as "144-1.2.3" (components split on "."; "144-1" is an article
number of its own, inserted after Article 144, not a range).

Extraction works on one answer at a time (a list of paragraphs): "(hereinafter – the Code)"
definitions and "of the same Code" / "of the said Law" references are resolved against the
instruments cited earlier in the same answer, never across answers.

This module is pure standard library (no numpy, no models) so that the `provision` command
can answer from a cold start in well under a second.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

# --- building blocks -----------------------------------------------------------------------

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = rf"\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}"
# An article path: "144-1", "144-1.2.4-1", "45.1.10-1", "64.0.15-1", "18.58".
_NUM = r"\d+(?:-\d+)?(?:\.\d+(?:-\d+)?)*(?![\w-])"
# The number of an act: "131", "1198-VIQD", "1410-IVQ".
_ACT_NUM = r"\d+(?:[-/][A-Za-z0-9]+)*"
# "of the Republic of Azerbaijan", "of Ukraine", "of the Slovak Republic".
_COUNTRY = r"\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*){0,3}"
_TITLE = r"[“\"«]\s*[^“”\"«»]{2,250}?[”\"»]"
_QUOTES = '“”"«»‘’'

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
    rf"\b[Ll]aws?\b(?:{_COUNTRY})?(?:\s+dated\s+(?P<d1>{_DATE}))?"
    rf"(?:\s+(?:No\.?|№)\s*(?P<num>{_ACT_NUM}))?(?:\s+dated\s+(?P<d2>{_DATE}))?"
    rf"(?P<titles>\s*{_TITLE}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_TITLE})*)?"
)
_ISSUER = (
    r"Cabinet\s+of\s+Ministers|President|Prime\s+Minister|Government"
    r"|Minist(?:er|ry)\s+of\s+[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*)*"
)
_ACT_RE = re.compile(
    r"(?P<pres>Presidential\s+)?\b(?P<kind>[Rr]esolution|[Dd]ecree|[Oo]rder|[Dd]ecision|[Oo]rdinance)s?"
    rf"(?:\s+of\s+the\s+(?P<i1>{_ISSUER})(?:{_COUNTRY})?)?(?:\s+dated\s+(?P<d1>{_DATE}))?"
    rf"\s+(?:No\.?|№)\s*(?P<nums>{_ACT_NUM}(?:(?:\s*,\s*|\s+and\s+)(?:No\.?\s*)?{_ACT_NUM})*)"
    rf"(?:\s+of\s+the\s+(?P<i2>{_ISSUER})(?:{_COUNTRY})?)?(?:\s+dated\s+(?P<d2>{_DATE}))?"
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

_ITEM = rf"{_NUM}(?:\s*[–—]\s*{_NUM})?(?:\s*\([^()]*\))?"
_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
_CITE_RE = re.compile(
    r"(?:\b(?P<part_kw>[Pp]art|[Pp]aragraph|[Cc]lause)\s+(?P<part>\d+|[IVXLC]+)\s+of\s+)?"
    r"(?P<kw>\b[Aa]rticles?\b|\b[Aa]rts?\b\.?|\b(?:[Ss]ub)?[Pp]aragraphs?\b|\b[Ss]ections?\b"
    r"|\b[Pp]arts?\b|\b[Cc]lauses?\b|§§?)"
    rf"\s*(?P<items>{_ITEM}(?:{_SEP}{_ITEM})*)"
)
_ITEM_RE = re.compile(rf"(?P<a>{_NUM})(?:\s*[–—]\s*(?P<b>{_NUM}))?")
_PAREN_RE = re.compile(r"\s*\([^()]*\)")
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
_BOUNDARY_RE = re.compile(r"(?<=[.!?])[”\"’)\]]*\s+(?=[A-Z“\"‘(\[–-])|\n+")
_ABBREVIATIONS = set(
    "no nos art arts para paras p pp mr mrs ms dr st e.g i.e cf vol ch sec".split()
)

# Words that, after "of the", stand for the last instrument of their kind.
_ACT_KINDS = ("resolution", "decree", "order", "decision", "ordinance")
_KIND_WORDS = {word: word for word in ("code", "law", "rules", "convention", *_ACT_KINDS)}
_KIND_WORDS |= {"regulation": "rules", "regulations": "rules"}

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
_ABBREVIATED = {"cpc": "Criminal Procedure Code"}
_SMALL_WORDS = {"of", "and", "the", "on", "in", "for", "against", "to", "with", "from"}


# --- public types --------------------------------------------------------------------------


@dataclass(frozen=True)
class Provision:
    """One citation of a legal instrument (and article) found in answer text."""

    instrument: str
    article: str | None
    cited: str
    quote: str
    paragraph: int
    date: str | None = None


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
        the = "" if _act_parts(self.instrument) else "the "
        return f"Article {self.article} of {the}{self.instrument}"


# --- normalisation -------------------------------------------------------------------------


def _spaces(text: str) -> str:
    return " ".join(text.split())


def _straight_quotes(text: str) -> str:
    return re.sub(r"[“”«»]", '"', text)


def _title_case(words: str) -> str:
    out = []
    for i, word in enumerate(words.split()):
        small = i > 0 and word.lower() in _SMALL_WORDS
        out.append(word.lower() if small else word[:1].upper() + word[1:])
    return " ".join(out)


def _spelling(text: str) -> str:
    """British spellings for the variants users type: Labor -> Labour, Offenses -> Offences."""
    text = re.sub(r"\b([Ll])abor\b", r"\1abour", text)
    return re.sub(r"\b([Oo])ffenses\b", r"\1ffences", text)


def _key(name: str) -> str:
    """Comparison key of an instrument name: case, quotes, spelling and spacing ignored."""
    text = _spelling(name).casefold()
    return _spaces("".join(ch for ch in text if ch not in _QUOTES))


def _norm_article(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("–", "-").replace("—", "-").strip(".")


def _norm_date(text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(r"^0(\d\s)", r"\1", _spaces(text))


def _issuer(text: str | None) -> str | None:
    return _title_case(_spaces(text)) if text else None


def _act_name(kind: str, number: str, issuer: str | None) -> str:
    name = f"{kind.capitalize()} No. {number}"
    return f"{name} of the {issuer}" if issuer else name


_ACT_PARTS_RE = re.compile(
    r"^(?P<kind>resolution|decree|order|decision|ordinance|law) no\. (?P<num>\S+)"
    r"(?: of the (?P<issuer>.+))?$"
)


def _act_parts(name: str) -> tuple[str, str, str | None] | None:
    """(kind, number, issuer) of a numbered act's canonical name, else None."""
    m = _ACT_PARTS_RE.match(_key(name))
    return (m["kind"], m["num"], m["issuer"]) if m else None


def _kind(instrument: str) -> str:
    """The kind an anaphor ("the same Code", "the said Law") refers back to."""
    key = _key(instrument)
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


_Q_ACT_RE = re.compile(
    r"\b(?P<pres>presidential\s+)?(?P<kind>resolution|decree|order|decision|ordinance|law)s?"
    r"\s*(?:(?:no\.?|number|nr\.?|№|#)\s*(?P<num>\d+(?:[-/][a-z0-9]+)*)"
    r"|(?P<bare>\d+)(?![\w.-]))"
    rf"(?:\s+of\s+the\s+(?P<issuer>{_ISSUER.lower()}))?",
    re.IGNORECASE,
)
_Q_LAW_RE = re.compile(
    r"^laws?\b(?:\s+of\s+(?:the\s+)?[\w-]+(?:\s+of\s+[\w-]+)?)?"
    rf"(?:\s+dated\s+(?:{_DATE}))?(?:\s+(?:no\.?|№)\s*(?P<num>{_ACT_NUM}))?"
    rf"(?:\s+dated\s+(?:{_DATE}))?\s*[\"“]?\s*(?P<title>.*?)\s*[\"”]?$",
    re.IGNORECASE,
)
_Q_COUNTRY_RE = re.compile(
    r"\s+of\s+(?:the\s+)?(?:republic\s+of\s+[\w-]+|[\w-]+\s+republic)$", re.IGNORECASE
)


def _act_lookup(m: re.Match[str]) -> str | None:
    """Canonical name of a numbered act matched by `_Q_ACT_RE`, or None (e.g. "law 16")."""
    kind = m["kind"].lower()
    number = m["num"] or (m["bare"] if kind != "law" else None)
    if number is None:
        return None
    issuer = _issuer(m["issuer"]) or ("President" if m["pres"] else None)
    return _act_name(kind, number.upper() if kind == "law" else number, issuer)


def canonical_instrument(name: str) -> str | None:
    """Canonical display name of an instrument as a user or a document spells it.

    "Labor Code" -> "Labour Code", "CPC" / "Code of Criminal Procedure" -> "Criminal Procedure
    Code", "resolution no 131" -> "Resolution No. 131", 'law "on combating human trafficking"'
    -> 'Law "On combating human trafficking"'. Returns None when the name is not recognisably
    an instrument.
    """
    text = _spaces(name).strip(" .,;:")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = _Q_COUNTRY_RE.sub("", text)
    if not text:
        return None
    key = _key(text)
    if key in _NAMED:
        return _NAMED[key]
    act = _Q_ACT_RE.fullmatch(text)
    if act and (found := _act_lookup(act)):
        return found
    law = _Q_LAW_RE.match(text)
    if law:
        title = _straight_quotes(law["title"]).strip('" ')
        if title:
            return f'Law "{title[:1].upper()}{title[1:]}"'
        return f"Law No. {law['num'].upper()}" if law["num"] else None
    if "convention" in key:
        return re.sub(r"^(?:council of europe|united nations|un)\s+", "", text, flags=re.I)
    code = re.fullmatch(r"((?:[\w-]+\s+){1,3})code|code\s+of\s+(.+)", _spelling(text), re.I)
    if code:
        return f"{_title_case(code[1])} Code" if code[1] else f"Code of {_title_case(code[2])}"
    if re.match(r"(?:rules|regulations?)\b", key):
        return _straight_quotes(text).strip('" ')
    return None


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
        return tuple(_act_name(kind, n, issuer) for n in numbers)

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
            names = tuple(f'Law "{_spaces(t)}"' for t in titles)
            found.append(_Mention(m.start(), m.end(), names, date))
        elif m["num"]:
            found.append(_Mention(m.start(), m.end(), (f"Law No. {m['num']}",), date))
    for m in _ACT_RE.finditer(text):
        kind = m["kind"].lower()
        numbers = tuple(re.findall(_ACT_NUM, m["nums"]))
        issuer = _issuer(m["i1"] or m["i2"]) or ("President" if m["pres"] else None)
        date = _norm_date(m["d1"] or m["d2"])
        found.append(_Mention(m.start(), m.end(), (), date, act=(kind, numbers, issuer)))
    for m in _DOCUMENT_RE.finditer(text):
        title = _spaces(m["title"])
        record = bool(re.match(r"(?:Rules|Regulations?)\b", title))
        found.append(_Mention(m.start(), m.end(), (title,), record=record))
    found.sort(key=lambda x: (x.start, -x.end))
    kept: list[_Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        short = _HEREINAFTER_RE.match(text, mention.end)
        if short:
            mention.alias = _spaces(short["short"])
        kept.append(mention)
    return kept


def _articles(items: str, part: str | None) -> list[str]:
    """Article paths of a citation's list, ranges expanded ("143.2.1–143.2.3")."""
    out: list[str] = []
    for m in _ITEM_RE.finditer(_PAREN_RE.sub("", items)):
        a = _norm_article(m["a"])
        if m["b"] is None:
            out.append(a)
            continue
        b = _norm_article(m["b"])
        head_a, _, last_a = a.rpartition(".")
        head_b, _, last_b = b.rpartition(".")
        if head_a == head_b and last_a.isdigit() and last_b.isdigit():
            prefix = f"{head_a}." if head_a else ""
            last = min(int(last_b), int(last_a) + 50)
            out.extend(f"{prefix}{n}" for n in range(int(last_a), last + 1))
        else:
            out.extend([a, b])
    if part is not None and len(out) == 1:
        number = str(_roman(part)) if not part.isdigit() else part
        out = [f"{out[0]}.{number}"]
    return list(dict.fromkeys(out))


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    digits = [values[ch] for ch in numeral.upper()]
    return sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d for i, d in enumerate(digits))


def _cites(text: str, mentions: list[_Mention]) -> list[_Cite]:
    """Article / paragraph citations of a paragraph, tied to the mentions that name them."""
    by_start = {m.start: m for m in mentions}
    by_end = {m.end: m for m in mentions}
    out: list[_Cite] = []
    for m in _CITE_RE.finditer(text):
        is_article = m["kw"].lower().startswith("art") or m["part_kw"] is not None
        cite = _Cite(m.start(), m.end(), _articles(m["items"], m["part"]), is_article)
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
    """(start, end) of each sentence; "No. 131" and "Art. 5" do not end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        if "\n" not in m.group():
            previous = text[start : m.start()].split()
            word = previous[-1].rstrip(".!?").lower() if previous else ""
            if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
                continue
        spans.append((start, m.start()))
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
    return _spaces(re.sub(r"(?<=\d)\s*\([^()]*\)", "", text))


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


# --- look-ups ------------------------------------------------------------------------------

_Q_ART_RE = re.compile(
    rf"(?:\b(?:articles?|arts?|paragraphs?|paras?|sections?|parts?)\b\.?|§§?)\s*(?P<num>{_NUM})",
    re.IGNORECASE,
)
_Q_BARE_NUM_RE = re.compile(rf"(?<![\w.-])(?P<num>{_NUM})")
_YEAR_RE = re.compile(r"(?:19|20)\d\d(?:-(?:19|20)\d\d)?")  # "2019", "2019-2025"
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
    text = _spaces(query)
    act = _Q_ACT_RE.search(text)
    if act and (name := _act_lookup(act)):
        rest = text[: act.start()] + " " + text[act.end() :]
        article = _Q_ART_RE.search(rest)
        return Lookup(name, _norm_article(article["num"]) if article else None)
    found = _Q_ART_RE.search(text)
    if found is None:
        unquoted = re.sub(r"[\"“][^\"”]*[\"”]", lambda m: " " * len(m.group()), text)
        found = next(
            (m for m in _Q_BARE_NUM_RE.finditer(unquoted) if not _YEAR_RE.fullmatch(m["num"])),
            None,
        )
    article = _norm_article(found["num"]) if found else None
    rest = text if found is None else text[: found.start()] + " " + text[found.end() :]
    rest = re.sub(r"^\s*(?:of\s+)?(?:the\s+)?|\s+of(?:\s+the)?\s*$", "", rest, flags=re.I)
    rest = _spaces(rest).strip(" ,;:.")
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
    text = _spaces(query)
    found: list[tuple[int, Lookup]] = []
    for m in _Q_ACT_RE.finditer(text):
        name = _act_lookup(m)
        if name and (m["num"] or m["kind"][0].isupper()):
            found.append((m.start(), Lookup(name, None)))
    taken: list[tuple[int, int]] = []
    for m in _CITE_RE.finditer(text):
        if not m["kw"].lower().startswith(("art", "§")):
            continue
        instrument, end = _query_instrument_after(text, m.end())
        if instrument is None and end is not None:
            continue  # "of" something unknown: not a provision we can name
        if instrument is None:
            instrument = _query_instrument_before(text, m.start())
        for article in _articles(m["items"], m["part"]):
            found.append((m.start(), Lookup(instrument, article)))
        taken.append((m.start(), end or m.end()))
    for m in _Q_INSTRUMENT_RE.finditer(text):
        number = re.compile(rf"\s+(?P<num>{_NUM})").match(text, m.end())
        inside = any(s <= m.start() < e for s, e in taken)
        if number and not inside and not _YEAR_RE.fullmatch(number["num"]):
            name = canonical_instrument(m.group())
            found.append((m.start(), Lookup(name, _norm_article(number["num"]))))
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
    act = _Q_ACT_RE.match(text, at)
    if act and (name := _act_lookup(act)):
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
    return _act_parts(canonical) or ("", _key(canonical), None)


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
    return _norm_article(article).casefold()


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
    target = _key(canonical_instrument(name) or name)
    if not target:
        return []
    scored: list[tuple[float, str]] = []
    for candidate in dict.fromkeys(known):
        key = _key(candidate)
        score = SequenceMatcher(None, target, key).ratio()
        if target in key:
            score = max(score, 0.8)
        if score >= 0.5:
            scored.append((score, candidate))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [candidate for _, candidate in scored[:n]]
