"""A grammar of legal references in any State's drafting, read whole: an instrument with its
issuer, number, date and title ("Government Regulation No. 45/2020 on the Reporting of
Threats to Children", "Ordinance of the Minister of Health No. 66/2023", "Act No. 54/2024
Coll.", "Decree No. 12 dated 05.03.2024"), a named act with its gloss ("the Victims of Crime
Act (Act No. 274/2017 Coll.)") and a provision with the instrument it belongs to ("Section
2(6) of the Victims of Crime Act (Act No. 274/2017 Coll.)", "Paragraph 3 of the Note to
Article 171-2"). `spans.LAW_RES` holds these beside its older, narrower patterns; the
longest reference a sentence holds wins over the parts of it."""

from __future__ import annotations

import re

from greta_search.layout import MONTHS

# A word of a name: capitalised, not a word that opens a sentence or clause, nor the month
# of a date ("of March 5, 2024").
_OPENERS = ("The|This|That|These|Those|In|Under|By|According|Since|On|Of|A|An|Its|Their|"
            "With|For|As|At|From|To|And|Or|It|Reply|Answer|Pursuant|Following|Article|"
            "Articles|Section|Sections")
_CAP = rf"\b(?!(?:{_OPENERS})\b|(?:{MONTHS})\s+\d)[A-Z][\w’'-]*"
_LINK = r"(?:of|on|and|for|against|in|to|the)"
# A name of several capitalised words, linked by small words: "Health", "Labour and Social
# Affairs", "Victims of Crime".
NAME = rf"{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP}){{0,6}}"
# Who issued an instrument, or what kind it is, before it: "Government", "Cabinet",
# "Ministerial", "Royal", "Mandatory", "Ministry of Justice", "the Minister of Health's".
ISSUER = (rf"(?:(?:the\s+)?(?:Ministry|Minister|Office)\s+of\s+(?:the\s+)?{NAME}(?:’s|'s)?\s+"
          rf"|(?:{_CAP}\s+){{1,2}})")
INSTRUMENT = (r"(?:Act|Law|Code|Decree|Regulation|Resolution|Ordinance|Order|Decision"
              r"|Instruction|Rules|Rulebook|Directive|Statute|Guideline)")
# Who issued it, after it: "Decree of the Cabinet", "Order of the Director of the MAA".
ISSUER_AFTER = rf"(?:\s+of\s+the\s+{NAME}(?:\s+of\s+the\s+{NAME})?)"
# The instrument's number: "No. 45/2020", "No. 112/2017 Coll.", "Nr. 7", "n° 2019-1234",
# "No. 1198-VIQD", "No. A-12/2022".
NUMBER = (r"(?:No\.|Nr\.|N[°o]\.?|n°|Number)\s*(?:[A-Z]{1,3}-)?\d[\w-]*(?:/\d[\w-]*)*"
          r"(?:\s+(?:Coll|Sb|Z\.z)\.)?")
# The date the instrument is of: "of 12 June 2024", "of 05.03.2024", "dated 5 March 2024",
# "of March 5, 2024", "of 2024-03-05", "from 5/3/2024"; a year alone after "of" or "dated".
_DAY = (rf"\d{{1,2}}\.?\s+(?:{MONTHS})\s+(?:19|20)\d{{2}}|\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d{{2}}"
        rf"|(?:{MONTHS})\s+\d{{1,2}},\s+(?:19|20)\d{{2}}|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}"
        r"|\d{1,2}/\d{1,2}/(?:19|20)\d{2}")
DATE = (rf"(?:,?\s+(?:of|dated|from)\s+(?:{_DAY})(?![\d/.-]\d)"
        r"|\s+(?:of|dated)\s+(?:19|20)\d{2}(?![\w/.,-]\d|[\w-]))")
# Its title: "on the Reporting of Threats to Children", or a quoted one.
TITLE = rf"(?:\s+on\s+(?:the\s+)?{NAME}|\s+[“\"][^”\"]{{3,150}}[”\"])"
# An instrument named by its number: issuer, word, issuer after, number, date and title.
NUMBERED = (rf"(?:{ISSUER})?{INSTRUMENT}{ISSUER_AFTER}?\s+{NUMBER}"
            rf"(?:{DATE}{TITLE}?|{TITLE}{DATE}?)?")
# The gloss that gives a named act its number: "(Act No. 274/2017 Coll.)".
GLOSS = rf"(?:\s+\((?:{INSTRUMENT}\s+)?{NUMBER}{DATE}?\))"
# An instrument named by its name: "the Victims of Crime Act", "the Act on Legal Aid",
# "the Code of Criminal Procedure", "the Law on Misdemeanours", with its gloss.
NAMED = (rf"(?:{NAME}\s+(?:Act|Code|Law|Statute)(?![\w-])(?:\s+{NUMBER})?"
         rf"|(?:Act|Law|Code|Statute)\s+(?:on|of)\s+(?:the\s+)?{NAME}){GLOSS}?")
# A provision: "Section 2(6)", "Articles 5 and 6", "point (b)", "Paragraph 3 of the Note to
# Article 171-2", "Art. 12 § 3".
_NUM = r"(?:\d+[a-z]?(?:[.\-–]\d+[a-z]?)*(?:\([0-9a-z]{1,3}\))*(?![\w–-]*\d)|\([a-z]{1,2}\))"
_NUMS = rf"{_NUM}(?:(?:,\s*|\s+(?:and|or|to)\s+|\s*[–-]\s*){_NUM})*"
UNIT = (r"(?:Articles?|Art\.|Arts\.|Sections?|Subsections?|Sub-sections?|§§?|[Ss]ub-?[Pp]aragraphs?"
        r"|[Pp]aragraphs?|[Pp]oints?|[Cc]lauses?|[Ii]tems?|[Ll]etters?|Parts?|Chapters?)")
_NOTE = r"(?:(?:the\s+)?Note\s+to\s+)"
PROVISION = (rf"{_NOTE}?{UNIT}\s*{_NUMS}"
             rf"(?:,?\s+(?:of\s+)?(?:the\s+)?{_NOTE}?{UNIT}\s*{_NUMS})*")
# A provision with the instrument it is of: "Section 14 of the Online Content Act (Act No.
# 201/2022 Coll.)", "Article 5 of Government Regulation No. 45/2020".
PROVISION_OF = rf"{PROVISION}(?:,?\s+of\s+(?:the\s+)?(?:{NUMBERED}|{NAMED}))?"
PATTERNS = [re.compile(p) for p in (PROVISION_OF, NUMBERED, NAMED)]
# A reference that opens with a provision unit: "Article 5 ...", "Section 2(6) ...", "§ 5 ...".
PROVISION_START_RE = re.compile(rf"^{_NOTE}?{UNIT}\s*{_NUM}")
# A provision or instrument with the instrument or issuer it is of: "... of the Criminal
# Code", "... of Government Regulation No. 45/2020", "Decree of the Cabinet ...".
OF_RE = re.compile(r"\bof\s+(?:the\s+)?[A-Z]")
# What an issuer adds before the instrument word, for reading the instrument a span is.
ISSUER_RE = re.compile(rf"^(?:the\s+)?{ISSUER}(?={INSTRUMENT}\b)")


def instrument_word(reference: str) -> str:
    """The word naming what a reference is, past its issuer: "regulation" of "Government
    Regulation No. 45/2020", "section" of "Section 2(6) of ...", "" for none."""
    rest = ISSUER_RE.sub("", reference)
    words = rest.split()
    return words[0].strip("“\"").lower().rstrip("s") if words else ""
