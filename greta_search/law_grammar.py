"""A grammar of legal references in any State's drafting, read whole: an instrument with its
issuer, number, date and title ("Government Regulation No. 45/2020 on the Reporting of
Threats to Children", "Ordinance of the Minister of Health No. 66/2023", "Act No. 54/2024
Coll.", "Decree No. 12 dated 05.03.2024"), a named act with its gloss ("the Victims of Crime
Act (Act No. 274/2017 Coll.)") and a provision with the instrument it belongs to ("Section
2(6) of the Victims of Crime Act (Act No. 274/2017 Coll.)", "Paragraph 3 of the Note to
Article 171-2", "Chapter 20, section 3 of the Code of Judicial Procedure", "s. 12(3) of the
Modern Slavery Act 2015", "Art. 18, par. 2, lett. b)", "§ 233 StGB"), an act by its
statute-book number, year, EU number or acronym ("the Restraining Orders Act (1988:688)",
"Regulation (EU) 2021/45", "the Code of Criminal Procedure (CCP)"), a law by its quoted title,
an unnumbered decree by its issuer or date, a convention, the items of a list of titled
articles ("Articles 189-1 (...), 189-2 (...)"). Each production carries its rank
(`PATTERNS`); `law_spans` finds the references of a sentence, the longest of which wins over
the parts of it, each with what it gains as the answer (`greta_search.law_choice`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from greta_search.answer_types import Question
from greta_search.law_choice import (
    GRANULARITY,
    ORIGIN_PENALTY,
    act_fit,
    granularity_fit,
    is_origin,
)
from greta_search.layout import MONTHS, YEAR
from greta_search.span_roles import Span

# An instrument: a legislature's act, or an executive's decree (its issuer may follow its
# number: "Decree No. 132 of the President", never "Law No. 31/2020 of the Ministry").
ACTS = ("Act", "Law", "Code", "Statute")
DECREES = ("Decree", "Regulation", "Resolution", "Ordinance", "Order", "Decision", "Instruction",
           "Rules", "Rulebook", "Directive", "Guideline")
ACT_WORD = f"(?:{'|'.join(ACTS)})"
DECREE_WORD = f"(?:{'|'.join(DECREES)})"
INSTRUMENT = rf"(?:{ACT_WORD}|{DECREE_WORD})"
# A word of a name: capitalised, not a word that opens a sentence or clause, nor the month
# of a date ("of March 5, 2024"), nor an act that another follows ("the Labour Code and the
# Migration Code": two).
_OPENERS = ("The|This|That|These|Those|In|Under|By|According|Since|On|Of|A|An|Its|Their|"
            "With|For|As|At|From|To|And|Or|It|Reply|Answer|Pursuant|Following|Article|"
            "Articles|Section|Sections")
_CAP = (rf"\b(?!(?:{_OPENERS})\b|(?:{MONTHS})\s+\d|{ACT_WORD}\s+(?:and|or)\s)"
        r"[A-Z][\w’'-]*")
_LINK = r"(?:of|on|and|for|against|in|to|the)"
# A name of several capitalised words, linked by small words: "Health", "Labour and Social
# Affairs", "Victims of Crime".
NAME = rf"{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP}){{0,6}}"
# Who issued an instrument, or what kind it is, before it: "Government", "Cabinet",
# "Ministerial", "Royal", "Mandatory", "Ministry of Justice", "the Minister of Health's".
ISSUER = (rf"(?:(?:the\s+)?(?:Ministry|Minister|Office)\s+of\s+(?:the\s+)?{NAME}(?:’s|'s)?\s+"
          rf"|(?:{_CAP}\s+){{1,2}})")
# Who issued it, after it: "Decree of the Cabinet", "Order of the Director of the MAA".
ISSUER_AFTER = rf"(?:\s+of\s+the\s+{NAME}(?:\s+of\s+the\s+{NAME})?)"
# The instrument's number: "No. 45/2020", "No. 112/2017 Coll.", "Nr. 7", "n° 2019-1234",
# "No. 1198-VIQD", "No. A-12/2022", "no. 228/2003"; or a statute book's number written bare
# ("Act 2018:1406", "(2009:112)").
SFS = rf"{YEAR}:\d{{1,4}}(?![\w:])"
NUMBER = (r"(?:(?:No\.|no\.|Nr\.|N[°o]\.?|n°|Number)\s*(?:[A-Z]{1,3}-)?\d[\w-]*(?:/\d[\w-]*)*"
          rf"(?:\s+(?:Coll|Sb|Z\.z)\.)?|{SFS})")
# The year an act's title ends with ("the Modern Slavery Act 2015", "Regulation 2022/17"),
# and an EU act's number ("Regulation (EU) 2021/45", "Directive 2011/36/EU").
YEAR_TITLE = rf"{YEAR}(?:/\d{{1,4}})?(?![\w:/-]|[.,]\d)"
EU_NUMBER = (r"(?:\((?:EU|EC|EEC|Euratom)\)\s+(?:No\s+)?\d{1,4}/\d{1,4}"
             r"|\d{2,4}/\d{1,4}/(?:EU|EC|EEC|JHA))(?![\w/])")
# The date the instrument is of: "of 12 June 2024", "of 05.03.2024", "dated 5 March 2024",
# "of March 5, 2024", "of 2024-03-05", "from 5/3/2024"; a year alone after "of" or "dated".
_DAY = (rf"\d{{1,2}}\.?\s+(?:{MONTHS})\s+{YEAR}|\d{{1,2}}\.\d{{1,2}}\.{YEAR}"
        rf"|(?:{MONTHS})\s+\d{{1,2}},\s+{YEAR}|{YEAR}-\d{{2}}-\d{{2}}"
        rf"|\d{{1,2}}/\d{{1,2}}/{YEAR}")
DATE = (rf"(?:,?\s+(?:of|dated|from)\s+(?:{_DAY})(?![\d/.-]\d)"
        rf"|\s+(?:of|dated)\s+{YEAR}(?![\w/.,-]\d|[\w-]))")
# Its title: "on the Reporting of Threats to Children", or a quoted one.
_QUOTED = r"[“\"][^”\"]{3,150}[”\"]"
TITLE = rf"(?:\s+on\s+(?:the\s+)?{NAME}|\s+{_QUOTED})"
# An instrument named by its number: issuer, word, issuer after (before or after the
# number: "Decree No. 132 of the President ..."), number, date and title.
NUMBERED = (rf"(?:{ISSUER})?(?:{DECREE_WORD}{ISSUER_AFTER}?\s+{NUMBER}{ISSUER_AFTER}?"
            rf"|{DECREE_WORD}\s+{EU_NUMBER}"
            rf"|{INSTRUMENT}{ISSUER_AFTER}?\s+{NUMBER})"
            rf"(?:{DATE}{TITLE}?|{TITLE}{DATE}?)?")
# The gloss that gives a named act its number or abbreviation: "(Act No. 274/2017 Coll.)",
# "(2009:112)", "(CCP)".
GLOSS = (rf"(?:\s+\((?:{INSTRUMENT}\s+)?{NUMBER}{DATE}?\)"
         r"|\s+\([A-Z][A-Za-z]?[A-Z]{1,5}\)(?![\w(]))")
# An instrument named by its name: "the Victims of Crime Act", "the Act on Legal Aid",
# "the Code of Criminal Procedure", "the Law on Misdemeanours", with its gloss ("(Act No.
# 274/2017 Coll.)", "(2009:112)", "(CCP)"); a named decree has a year or a gloss ("the
# National Referral Mechanism Regulation 2022/17", "the Preliminary Investigation Ordinance
# (1947:948)").
NAMED = (rf"(?:(?:{NAME}\s+{ACT_WORD}(?![\w-])(?:\s+{NUMBER}|\s+{YEAR_TITLE})?"
         rf"|{ACT_WORD}\s+(?:on|of)\s+(?:the\s+)?{NAME}){GLOSS}?"
         rf"|{NAME}\s+{DECREE_WORD}(?:\s+{YEAR_TITLE}{GLOSS}?|{GLOSS}))")
# A provision's number: "2(6)", "171-2", "61.1.7", with its Latin ordinal ("22-bis", "416
# ter"), a letter in brackets ("(b)", "b)"); never a prefix of one ("171" of "171–2").
_LATIN = r"(?:[-\s](?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)\b)"
_NUM = (rf"(?:\d+[a-z]?(?:[.\-–]\d+[a-z]?)*(?![\w–-]*\d){_LATIN}?(?:\([0-9a-z]{{1,3}}\))*"
        r"(?![\w–-]*\d)|\([a-z]{1,2}\)|[a-z]\)(?!\w))")
_NUMS = rf"{_NUM}(?:(?:,\s*|\s+(?:and|or|to)\s+|\s*[–-]\s*){_NUM})*"
# A unit of a provision, in capitals or not, whole or abbreviated: "Article", "art.", "section",
# "s.", "ss.", "par.", "para.", "lett.", "Chapter", a plan's "Measure".
UNIT = (r"(?:[Aa]rticles?|[Aa]rts?\.|[Ss]ections?|[Ss]ub-?sections?|(?<![\w.’'])[Ss]s?\.|§§?"
        r"|[Ss]ub-?[Pp]aragraphs?|[Pp]aragraphs?|[Pp]aras?\.|[Pp]ar\.|[Pp]oints?|[Cc]lauses?"
        r"|[Ii]tems?|[Ll]etters?|[Ll]ett\.|[Ll]it\.|Parts?|[Cc]hapters?|Measures?)")
# A chapter, title or book numbered in Roman numerals: "Chapter IV", "Title XII".
ROMAN_UNIT = r"(?:[Cc]hapters?|Titles?|Book)\s+[IVXLC]{1,6}\b(?![\w-])"
_NOTE = r"(?:(?:the\s+)?Note\s+to\s+)"
_STEP = rf"(?:{_NOTE}?{UNIT}\s*{_NUMS}|{ROMAN_UNIT})"
# A provision: a chain of units, the narrowest first or last: "Section 2(6)", "Articles 5 and
# 6", "Chapter 20, section 3", "Art. 18, par. 2, lett. b)", "paragraph 2 of Article 5",
# "Paragraph 3 of the Note to Article 171-2", "Art. 12 § 3".
PROVISION = rf"{_STEP}(?:,?\s+(?:of\s+)?(?:the\s+)?{_STEP})*"
# A code's abbreviation after a provision ("Article 392 CPC", "Article 388(8) CC", "Article
# 12 LC", "Article 5 CrPC"): capitals ending in C (for Code), or the French CCP / CPP.
# German codes end in G or GB, or are a procedure's PO ("§ 233 StGB", "§ 4 AufenthG", "StPO");
# the Italian "c.p." and "c.p.p.".
CODE_ABBR = (r"(?:(?:[A-Z]|Cr){0,3}C|CCP|CPP|CP|[A-Z][A-Za-z]{0,6}(?:GB|G|PO)"
             r"|c\.p\.(?:p\.)?)(?![\w-])")
_STATE = r"of\s+the\s+Republic\s+of\s+[A-Z]\w+"
# A law by its quoted title: 'the Law of the Republic of Azerbaijan "On Social Services"',
# 'Law No. 1198-VIQD "On ..."'.
QUOTED_LAW = (rf"(?:the\s+)?Law\s+(?:{_STATE}\s+)?(?:dated\s+[\w\s]{{4,30}}?\s+)?"
              rf"(?:{NUMBER}\s+)?{_QUOTED}")
# A named act of a State: "the Criminal Code of the Republic of Azerbaijan".
NAMED_OF_STATE = rf"{NAMED}(?:\s+{_STATE}{GLOSS}?)?"
# An instrument named by its issuer, date or quoted title and no number: "Decree of the
# President dated 6 March 2020", 'Resolution of the Cabinet of Ministers "On ..."'.
UNNUMBERED = (rf"(?:{ISSUER})?{DECREE_WORD}(?={ISSUER_AFTER}|{DATE}|\s+{_QUOTED})"
              rf"{ISSUER_AFTER}?(?:{DATE})?(?:\s+{_QUOTED})?")
# A quoted title of rules, a plan or a strategy: '"Rules for the Identification of Victims"'.
QUOTED_TITLE = (r"[“\"](?:Rules|Regulations?|Procedure|National\s+Action\s+Plan|Instruction"
                r"|Concept|Strategy|State\s+Program)[^”\"]{3,150}[”\"]")
# A convention by its name: "the Council of Europe Convention on Action against Trafficking in
# Human Beings", "the UN Convention against Transnational Organized Crime".
CONVENTION = (r"(?:Council\s+of\s+Europe\s+|European\s+|UN\s+|United\s+Nations\s+)?Convention\s+"
              rf"(?:on|for|against)\s+(?:the\s+)?{NAME}")
# What a provision may be of with no name of its own: "of the same Law", "of the Labour
# Law", "of the Convention", "of the Law on Free Legal Aid".
SHORT = (rf"(?:same\s+)?(?:[A-Z][a-z]+\s+){{0,3}}(?:Law|Code|Convention|Act|Plan|Strategy"
         rf"|Programme)(?![\w-])"
         rf"(?:\s+on\s+(?:the\s+)?{NAME})?")
# Each instrument with the rank of its references: a tenth of a point less per rank, the
# narrower the form the higher it ranks; a provision of an instrument ranks with it, a
# provision alone or of a short name as PROVISION_RANK.
INSTRUMENTS = ((QUOTED_LAW, 0), (NAMED_OF_STATE, 1), (NUMBERED, 2), (UNNUMBERED, 4),
               (QUOTED_TITLE, 5), (CONVENTION, 6))
PROVISION_RANK = 3
_OF = r",?\s+of\s+(?:the\s+)?"
# A provision alone or with a short name or code's abbreviation it is of, and its gloss
# ("Article 145 (forced labour)", "Article 5 of the Criminal Code (aggravating
# circumstances)"), not the short name it is given ("(hereinafter – CPC)"); a provision of
# an instrument of its own is one of the instrument's references (`PATTERNS`).
PROVISION_OF = (rf"{PROVISION}(?:{_OF}(?:{SHORT}|{CODE_ABBR})|\s+{CODE_ABBR})?"
                r"(?:\s+\((?!hereinafter|the\s)[^()]{3,120}\))?")


@dataclass(frozen=True)
class Production:
    """One form of legal reference and the rank of what it finds (0 ranks highest)."""

    pattern: re.Pattern[str]
    rank: int


PATTERNS = (Production(re.compile(PROVISION_OF), PROVISION_RANK),) + tuple(
    Production(re.compile(rf"(?:{PROVISION}{_OF})?(?:{p})"), rank) for p, rank in INSTRUMENTS)
# Further items of a list of provisions each glossed by its title: "Articles 189-1 (...),
# [189-2 (...)], and [189-3 (...)]", each one reference of its own.
_GLOSSED = r"\s+\((?!hereinafter|the\s)[^()]{3,120}\)"
GLOSSED_LIST_RE = re.compile(
    rf"{UNIT}\s*{_NUM}{_GLOSSED}(?:,?\s*(?:and\s+|or\s+)?{_NUM}{_GLOSSED})+")
GLOSSED_ITEM_RE = re.compile(rf"(?<=[\s,])(?:and\s+|or\s+)?({_NUM}{_GLOSSED})")
# A reference that opens with a provision unit: "Article 5 ...", "Section 2(6) ...", "§ 5 ...".
PROVISION_START_RE = re.compile(rf"^(?:{_NOTE}?{UNIT}\s*{_NUM}|{ROMAN_UNIT})")
# A provision or instrument with the instrument or issuer it is of: "... of the Criminal
# Code", "... of Government Regulation No. 45/2020", "Decree of the Cabinet ...".
OF_RE = re.compile(r"\bof\s+(?:the\s+)?[A-Z]")
CODE_ABBR_END_RE = re.compile(rf"\s{CODE_ABBR}$")
# What an issuer adds before the instrument word, for reading the instrument a span is.
ISSUER_RE = re.compile(rf"^(?:the\s+)?{ISSUER}(?={INSTRUMENT}\b)")
# The words that name an instrument or provision, in a question ("which resolution") or a
# reference, as `instrument_word` reads them.
INSTRUMENT_WORDS = frozenset(w.lower().rstrip("s") for w in (*ACTS, *DECREES, "Article", "Section"))


def instrument_word(reference: str) -> str:
    """The word naming what a reference is, past its issuer: "regulation" of "Government
    Regulation No. 45/2020", "section" of "Section 2(6) of ...", "" for none."""
    rest = ISSUER_RE.sub("", reference)
    words = rest.split()
    return words[0].strip("“\"").lower().rstrip("s") if words else ""


def law_spans(sentence: str, question: Question) -> list[Span]:
    """Laws, codes, articles, resolutions: "Article 144-1 of the Criminal Code"."""
    kind = re.search(r"\b(?:which|what)\s+(\w+)", question.text, re.I)
    asked = kind.group(1).lower().rstrip("s") if kind else ""  # "which resolution": resolution
    best: dict[tuple[int, int], Span] = {}
    for production in PATTERNS:
        for match in production.pattern.finditer(sentence):
            text = re.sub(r"^the\s+", "", match.group().strip())
            if len(text) < 6:
                continue
            # A provision ("Article 5", "Section 2(6)", "§ 5") rather than the act it is of
            bonus = (0.5 if PROVISION_START_RE.match(text) else 0.0) - 0.1 * production.rank
            if OF_RE.search(text) or CODE_ABBR_END_RE.search(text):
                bonus += 0.3  # an article with the instrument it belongs to
            head = instrument_word(text)  # "Government Regulation ...": a regulation
            if asked in INSTRUMENT_WORDS and head in INSTRUMENT_WORDS:
                # "which resolution ...": "Resolution No. 252 ...", not the "Rules ..." it
                # approved
                bonus += 1.0 if head == asked else -1.0
            elif head in INSTRUMENT_WORDS and re.search(rf"\b{head}s?\b", question.text, re.I):
                bonus += 1.0  # "the legal basis in which law ...": a law
            bonus += choice_bonus(sentence, match.start(), text, question.text)
            key = match.span()  # the same reference found by two patterns: once
            if key not in best or best[key].bonus < bonus:
                best[key] = Span(text, match.start(), match.end(), bonus)
    for listed in GLOSSED_LIST_RE.finditer(sentence):
        head = next((s for k, s in best.items() if k[0] == listed.start()), None)
        for item in list(GLOSSED_ITEM_RE.finditer(listed.group()))[1:]:
            start, end = listed.start() + item.start(1), listed.start() + item.end(1)
            bonus = head.bonus if head else 0.0
            best.setdefault((start, end), Span(item.group(1), start, end, bonus))
    return list(best.values())


def choice_bonus(sentence: str, start: int, text: str, question: str) -> float:
    """What a reference gains or loses as the answer to the question (`law_choice`): an
    origin of another provision loses (`law_choice.is_origin`), a provision of the act the
    question names gains and one of another act loses, as does one of another level than
    the question asks."""
    bonus = -ORIGIN_PENALTY if is_origin(sentence, start, question) else 0.0
    return bonus + act_fit(question, text) + GRANULARITY * granularity_fit(question, text)
