"""Citations a researcher can paste: `GRETA(2023)11_AZE_rep, Part 1, Section I (Arts 5-7),
Q2(a), ¶3, p. 12`."""

from __future__ import annotations


def article_ranges(articles: list[int]) -> str:
    """Compress article numbers: [5, 6, 7] -> "Arts 5-7"; [10, 11, 12, 14, 16] ->
    "Arts 10-12, 14, 16"; [4] -> "Art. 4"."""
    if not articles:
        return ""
    numbers = sorted(set(articles))
    runs: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    prefix = "Art." if len(numbers) == 1 else "Arts"
    return f"{prefix} {', '.join(runs)}"


def span(first: int | None, last: int | None) -> str:
    """"3" or "3-5"."""
    if first is None:
        return ""
    return str(first) if last in (None, first) else f"{first}-{last}"


def format_citation(
    doc: str,
    part: str | None = None,
    section: str | None = None,
    articles: list[int] | None = None,
    question: int | None = None,
    item: str | None = None,
    paragraph: int | None = None,
    paragraph_end: int | None = None,
    page: int | None = None,
    page_end: int | None = None,
    inferred: list[str] | None = None,
    heading: str | None = None,
) -> str:
    """Build the citation string from a passage's position in its document. A Part or
    Section the reply does not head (`inferred`: taken from the questionnaire template) is
    in square brackets, as an editor's addition: "[Section I (Arts 5-7)]". `heading` names
    a passage outside the questions: the note before the first Part ("Introductory note")."""
    supplied = set(inferred or ())
    pieces = [doc]
    if heading:
        pieces.append(heading)
    if part:
        pieces.append(f"[{part}]" if "part" in supplied else part)
    if section:
        arts = article_ranges(articles or [])
        named = f"Section {section}" + (f" ({arts})" if arts else "")
        pieces.append(f"[{named}]" if "section" in supplied else named)
    if question is not None:
        pieces.append(f"Q{question}" + (f"({item})" if item else ""))
    if paragraph is not None:
        pieces.append(f"¶{span(paragraph, paragraph_end)}")
    if page is not None:
        pieces.append(f"p{'p' if page_end not in (None, page) else ''}. {span(page, page_end)}")
    return ", ".join(pieces)
