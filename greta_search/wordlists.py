"""Word's automatic numbering, printed as Word prints it (for `wordfile`).

In a .docx the question and item numbers of a numbered list are not in the text: a paragraph
names a list instance (`w:numPr`: numId, level), directly or through its paragraph style
("List Number", numbered headings), and Word counts. The rules followed here are Word's (and
LibreOffice's): list instances of one abstract list continue one count, a `startOverride`
restarts it where that instance is first used ("Set Numbering Value", "Restart at 1"), a
level restarts after a higher level, numId 0 means "not numbered", and the label is the
level's `lvlText` with each `%N` replaced by level N's count in its format ("Question %1:",
"(%2)", "%1.%2"). docx2python's formatters write the letters and roman numerals; its own
counter (one count per numId, no `lvlText`, no style numbering, no overrides) is not used:
the numbering is taken off the paragraphs once their labels are known.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVEL_RE = re.compile(r"%([1-9])")  # "%2" in a label template: the count of level 2


@dataclass
class Level:
    """One level of a list: number format, label template and first value."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1


@dataclass
class Lists:
    """The lists of a document (word/numbering.xml) and the styles that number paragraphs."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> levels
    abstract: dict[str, str] = field(default_factory=dict)  # numId -> its abstract list
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> starts
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> numPr


def number_paragraphs(zipf: zipfile.ZipFile, root: Any) -> dict[Any, str]:
    """The printed label ("12. ", "(b) ", "- ") of every numbered paragraph under `root` (the
    document's body), counted in document order; the paragraphs' `w:numPr` are removed."""
    lists = read_lists(zipf)
    counts: dict[str, dict[int, int]] = {}  # abstract list -> level -> count
    used: set[str] = set()
    labels: dict[Any, str] = {}
    for paragraph in root.iter(f"{W}p"):
        num_id, ilvl = _numbering(paragraph, lists)
        if num_id is None:
            continue
        levels = lists.levels[num_id]
        count = counts.setdefault(lists.abstract[num_id], {})
        if num_id not in used:
            used.add(num_id)
            for at, start in lists.overrides.get(num_id, {}).items():
                count[at] = start - 1
        level = levels.get(ilvl, Level())
        count[ilvl] = count.get(ilvl, level.start - 1) + 1
        for deeper in [d for d in count if d > ilvl]:
            del count[deeper]
        label = _label(level, levels, count)
        if label:
            labels[paragraph] = label
    return labels


def _label(level: Level, levels: dict[int, Level], count: dict[int, int]) -> str:
    """"- " for a bullet, else the level's template with each "%N" replaced by level N's
    count in its format ("(%2)" -> "(b) "); "" when the level shows no number."""
    if level.fmt == "bullet":
        return "- "
    if level.fmt == "none":
        return ""

    def value(match: re.Match) -> str:
        number = int(match.group(1)) - 1
        shown = levels.get(number, Level())
        return _format(shown.fmt, max(count.get(number, shown.start), 1))

    text = LEVEL_RE.sub(value, level.text).strip()
    return f"{text} " if text else ""


def _format(fmt: str, n: int) -> str:
    """A count in a list format (docx2python's formatters); other formats as decimal."""
    from docx2python import numbering_formats as nums

    formats = {"lowerLetter": nums.lower_letter, "upperLetter": nums.upper_letter,
               "lowerRoman": nums.lower_roman, "upperRoman": nums.upper_roman}
    if fmt == "decimalZero":
        return f"{n:02d}"
    return formats.get(fmt, nums.decimal)(n)


def _numbering(paragraph: Any, lists: Lists) -> tuple[str | None, int]:
    """The list instance and level numbering the paragraph (its own `w:numPr`, else its
    style's), or None; the paragraph's `w:numPr` is removed."""
    ppr = paragraph.find(f"{W}pPr")
    if ppr is None:
        return None, 0
    numpr = ppr.find(f"{W}numPr")
    if numpr is not None:
        ppr.remove(numpr)
        style = lists.styles.get(_val(ppr, "pStyle"), (None, 0))
        num_id, ilvl = _val(numpr, "numId") or style[0], _val(numpr, "ilvl")
        found = (num_id, int(ilvl) if ilvl and ilvl.isdigit() else style[1])
    else:
        found = lists.styles.get(_val(ppr, "pStyle"), (None, 0))
    return found if found[0] in lists.levels else (None, 0)


def read_lists(zipf: zipfile.ZipFile) -> Lists:
    """The lists of word/numbering.xml (with each instance's level overrides) and the
    paragraph styles that number (following `basedOn`; numId 0 numbers nothing)."""
    from lxml import etree

    lists = Lists()
    names = set(zipf.namelist())
    style_levels: dict[str, int] = {}  # a style a list level is linked to -> that level
    if "word/numbering.xml" in names:
        numbering = etree.fromstring(zipf.read("word/numbering.xml"))
        abstract: dict[str, dict[int, Level]] = {}
        for node in numbering.iter(f"{W}abstractNum"):
            abstract[node.get(f"{W}abstractNumId")] = _levels(node, style_levels)
        for num in numbering.iter(f"{W}num"):
            num_id, source = num.get(f"{W}numId"), _val(num, "abstractNumId")
            if num_id in (None, "0") or source not in abstract:
                continue
            levels = dict(abstract[source])
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                if _val(override, "startOverride"):
                    lists.overrides.setdefault(num_id, {})[ilvl] = int(
                        _val(override, "startOverride"))
                levels.update(_levels(override, {}))
            lists.levels[num_id], lists.abstract[num_id] = levels, source
    if "word/styles.xml" in names:
        lists.styles = _style_numbering(etree.fromstring(zipf.read("word/styles.xml")),
                                        style_levels)
    return lists


def _levels(node: Any, style_levels: dict[str, int]) -> dict[int, Level]:
    levels = {}
    for lvl in node.iter(f"{W}lvl"):
        ilvl = int(lvl.get(f"{W}ilvl", "0"))
        start = _val(lvl, "start")
        levels[ilvl] = Level(_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                             int(start) if start and start.lstrip("-").isdigit() else 1)
        if _val(lvl, "pStyle"):
            style_levels[_val(lvl, "pStyle")] = ilvl
    return levels


def _style_numbering(root: Any, style_levels: dict[str, int]) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs: styleId -> (numId, level)."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    idents = set()
    for style in root.iter(f"{W}style"):
        ident = style.get(f"{W}styleId")
        if not ident or style.get(f"{W}type") != "paragraph":
            continue
        idents.add(ident)
        if _val(style, "basedOn"):
            based[ident] = _val(style, "basedOn")
        numpr = style.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            ilvl = _val(numpr, "ilvl")
            own[ident] = (_val(numpr, "numId"), int(ilvl) if ilvl else None)
    found: dict[str, tuple[str, int]] = {}
    for ident in idents:
        seen, current = set(), ident
        while current and current not in own and current not in seen:
            seen.add(current)
            current = based.get(current)
        if current in own and own[current][0] not in (None, "0"):
            num_id, ilvl = own[current]
            found[ident] = (num_id, ilvl if ilvl is not None else style_levels.get(ident, 0))
    return found


def _val(node: Any, tag: str) -> str | None:
    child = node.find(f"{W}{tag}")
    return child.get(f"{W}val") if child is not None else None
