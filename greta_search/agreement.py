"""Signals of the confidence models that carry over to a document never seen: how well the
parser read the document (`parsed`: the share of its questionnaire's questions found) and
whether independent routes agree (`dense_first`, `keyword_first`: the answer's passage is
the first of e5's ranking, of BM25's; `routes_agree`: those two are one passage;
`same_question`: the share of the retrieved passages in the answer's question;
`table_agrees` / `table_differs`: the sentence's number and the table's are one, or two).

Each is a plain number added to a candidate's features (`Sentence.signals`,
`TableAnswer.features`): a model that does not name it ignores it, so a signal can be added
here and left to the validation of scripts/fit_confidence.py to take or leave.
"""

from __future__ import annotations

from collections.abc import Sequence

from greta_search.numbers import number_value, numbers_in
from greta_search.search import Filters, Searcher
from greta_search.sentences import Passage
from greta_search.template import for_round

# The signals a sentence answer carries, and those a table answer carries (the names the
# fitting script may choose among).
TEXT_SIGNALS = ("parsed", "dense_first", "keyword_first", "routes_agree", "same_question",
                "table_agrees", "table_differs")
TABLE_SIGNALS = ("parsed", "text_agrees", "text_differs")


def parsed_share(searcher: Searcher, doc: str | None) -> float:
    """The share of the questions of the document's questionnaire (the template of its
    round) that the parser found in it; 1 when there is no document or no template to
    measure against (a GRETA report, an unknown round). Read from the store's facets, no
    passage decoded."""
    if doc is None:
        return 1.0
    chunks = searcher.chunks
    if hasattr(chunks, "distinct"):
        rows = [(r.round, r.question) for r in chunks.distinct(("doc", "round", "question"))
                if r.doc == doc]
    else:
        rows = [(c.round, c.question) for c in chunks if c.doc == doc]
    rounds = {r for r, _ in rows if r}
    template = for_round(sorted(rounds)[0]) if len(rounds) == 1 else None
    if template is None or not template.questions:
        return 1.0
    found = {q for _, q in rows if q is not None} & set(template.questions)
    return len(found) / len(template.questions)


def first_number(text: str | None) -> float | None:
    """The value of the first number written in `text` (None when it has none)."""
    if not text:
        return None
    for match in numbers_in(text):
        value = number_value(match.group())
        if value is not None:
            return float(value)
    return None


def numbers_agree(one: str | None, other: str | None) -> tuple[float, float]:
    """(agree, differ): 1, 0 when both hold a number and it is the same; 0, 1 when both do
    and the numbers differ; 0, 0 when either holds none."""
    a, b = first_number(one), first_number(other)
    if a is None or b is None:
        return 0.0, 0.0
    return (1.0, 0.0) if a == b else (0.0, 1.0)


def question_signals(searcher: Searcher, question: str, vector, filters: Filters | None,
                     passages: Sequence[Passage]) -> dict[str, object]:
    """What every candidate of one question shares: the document's parse share, the two
    routes' first passages, and the question numbers of the passages retrieved (not those
    reached by a cross-reference)."""
    docs = {p.hit.chunk.doc for p in passages}
    dense, keyword = searcher.route_tops(question, vector, filters)
    return {"parsed": parsed_share(searcher, docs.pop() if len(docs) == 1 else None),
            "dense_top": dense, "keyword_top": keyword,
            "questions": [p.hit.chunk.question for p in passages if p.via is None]}


def sentence_signals(shared: dict[str, object], passage: Passage, span: str | None,
                     table_span: str | None) -> dict[str, float]:
    """The signals of a sentence answer from `passage` giving `span`, beside the table's
    answer `table_span` (None when no table answers)."""
    position = passage.hit.chunk.position
    dense, keyword = shared["dense_top"], shared["keyword_top"]
    retrieved = shared["questions"]
    own = passage.hit.chunk.question
    agree, differ = numbers_agree(span, table_span)
    return {
        "parsed": float(shared["parsed"]),
        "dense_first": float(dense == position),
        "keyword_first": float(keyword == position),
        "routes_agree": float(dense is not None and dense == keyword),
        "same_question": (sum(q == own for q in retrieved) / len(retrieved)
                          if retrieved and own is not None else 0.0),
        "table_agrees": agree,
        "table_differs": differ,
    }


def table_signals(shared: dict[str, object], table_span: str | None,
                  span: str | None) -> dict[str, float]:
    """The signals of a table answer `table_span` beside the best sentence's `span`."""
    agree, differ = numbers_agree(table_span, span)
    return {"parsed": float(shared["parsed"]), "text_agrees": agree, "text_differs": differ}
