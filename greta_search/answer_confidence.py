"""What the confidence model of a sentence answer reads (`text_features`), when the answer
is capped whatever the model says (`text_capped`), and the choice of the sentence with its
probability of being right (`choose`); the models are `greta_search.confidence`."""

from __future__ import annotations

import re

from greta_search.answer_types import Question
from greta_search.confidence import probability
from greta_search.sentences import Sentence, only_reference
from greta_search.spans import SPAN_FINDERS
from greta_search.yesno import about_asked, decide

# What separates the things a sentence lists: a comma (not inside a number), a semicolon,
# "and". A list asked for needs a list, or a sentence with two of them, one a semicolon or
# "and" ("A, B and C"; not "A, chaired by B, meets"), or with three.
LIST_SEPARATOR_RE = re.compile(r",(?!\d)|;|\band\b")


def dense_scale(cosine: float) -> float:
    """e5 cosines crowd into [0.72, 0.88]: spread them over [0, 1]."""
    return min(1.0, max(0.0, (cosine - 0.72) / 0.16))


def text_features(question: Question, s: Sentence) -> dict[str, float]:
    """What the confidence model of sentence answers reads (see greta_search.confidence):
    the question's words in the sentence (weighted share, summed weight), with its headings
    and in the headings alone, the sentence's and its passage's e5 similarity, a span of
    the kind asked found (or not) and how well placed, the fit with the years asked, the
    retrieval prior of the passage, whether it only refers elsewhere, the question type
    (one indicator per kind but fact), whether a date is that of the event asked
    (`date_event`: 1, -1 for another event's, 0 unknown) and how a yes/no answer was decided
    (`yesno_features`)."""
    typed = question.kind in SPAN_FINDERS
    return {
        "mass": s.mass,
        "keyword": s.keyword,
        "context": s.context,
        "heading": s.heading,
        "dense": dense_scale(s.dense),
        "passage": dense_scale(s.passage.dense),
        "span": float(typed and bool(s.span)),
        "nospan": float(typed and not s.span),
        "span_quality": s.span_quality if typed else 0.0,
        "years": s.years - 1.0 if question.years else 0.0,
        "prior": s.passage.prior,
        "reference": float(only_reference(s.text)),
        "listq": float(question.kind == "list"),
        "numberq": float(question.kind == "number"),
        # The other kinds (a fact is none of them): how strict the kind's span is sets how
        # often an answer with the same evidence is right.
        "dateq": float(question.kind == "date"),
        "lawq": float(question.kind == "law"),
        "bodyq": float(question.kind == "body"),
        "yesnoq": float(question.kind == "yesno"),
        **yesno_features(question, s.text),
        "local": s.local if typed else 0.0,
        "clause": dense_scale(s.clause) if typed else 0.0,
        "rivals": min(s.rivals, 3) / 3 if typed else 0.0,
        "span_margin": s.span_margin if typed and s.span else 0.0,
        "role_rival": s.role_rival if typed and s.span else 0.0,
        "date_event": s.event if typed and s.span else 0.0,  # the event asked, or another
        "margin": min(1.0, max(-1.0, s.margin)),
    } | s.signals  # greta_search.agreement: the document's parse, the routes' agreement


def yesno_features(question: Question, text: str) -> dict[str, float]:
    """How a yes/no answer was decided (`greta_search.yesno.decide`): a "Yes,"/"No," opener,
    a denial of what is asked, or Yes for want of one, and the share of the question's
    words its deciding clause holds; all 0 for other questions."""
    how = decide(question, text) if question.kind == "yesno" else None
    return {f"yn_{name}": float(how is not None and how.how == name)
            for name in ("explicit", "denied", "affirmed")} | {
        "yn_overlap": how.overlap if how is not None else 0.0}


def text_confidence(question: Question, s: Sentence) -> float:
    """The probability that the sentence's answer is right. A question without content
    words, a year it names that the passage never mentions, or a number or date asked for
    that the sentence does not hold, leaves little."""
    confidence = probability("text", text_features(question, s))
    return min(confidence, 0.1) if text_capped(question, s) else confidence


def text_capped(question: Question, s: Sentence) -> bool:
    """Whether the sentence's answer is capped at 0.1 whatever the model says (what
    scripts/fit_confidence.py replays too)."""
    if not question.terms or (question.years and s.years == 0.0):
        return True
    if question.kind in ("number", "date") and not s.span:
        return True  # a sentence about the thing asked, without it
    if lists_nothing(question, s):
        return True  # a list asked, a sentence that lists nothing
    # Yes or no, from a sentence about another thing.
    return question.kind == "yesno" and not about_asked(question, s.text)


def lists_nothing(question: Question, s: Sentence) -> bool:
    """Whether a list is asked for and the sentence is neither part of a list nor lists
    things itself (see LIST_SEPARATOR_RE)."""
    if question.kind != "list" or s.list_block:
        return False
    separators = LIST_SEPARATOR_RE.findall(s.text)
    return len(separators) < 2 or separators == [",", ","]


def choose(question: Question, sentences: list[Sentence]) -> tuple[Sentence | None, float]:
    """The best sentence by the ranking score, and the probability that its answer is
    right. (Letting the confidence model choose among the best few was no better on the
    tuning half.)"""
    if not sentences:
        return None, 0.0
    return sentences[0], text_confidence(question, sentences[0])
