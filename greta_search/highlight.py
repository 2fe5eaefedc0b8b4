"""Query terms to highlight in passages (terminal and web)."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    "a an and are as at be by for from how in is it of on or that the this to was were what "
    "when where which who why with do does did there their they has have had been".split()
)


def terms_pattern(query: str) -> re.Pattern | None:
    """The query's content words (and the words they begin) as one pattern; None if none."""
    terms = {w for w in re.findall(r"\w+", query.lower()) if len(w) > 2 and w not in STOPWORDS}
    if not terms:
        return None
    return re.compile(r"\b(" + "|".join(map(re.escape, sorted(terms))) + r")\w*", re.I)


def marked(text: str, query: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_query_term) pieces, in order."""
    pattern = terms_pattern(query)
    if pattern is None:
        return [(text, False)]
    pieces, at = [], 0
    for m in pattern.finditer(text):
        pieces += [(text[at:m.start()], False), (m.group(0), True)]
        at = m.end()
    pieces.append((text[at:], False))
    return [(piece, term) for piece, term in pieces if piece]
