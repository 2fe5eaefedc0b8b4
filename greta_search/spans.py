"""The span of the kind a question asks for inside a candidate sentence (a number with its
noun or unit, a date, a law, a body): how one is chosen among a sentence's rivals
(`choose_span`), and the column names of a table passage that state a value
(`header_sentences`). Each kind's spans are found by its own module: numbers by
`greta_search.number_spans`, dates by `greta_search.date_spans`, legal references by
`greta_search.law_grammar`, bodies by `greta_search.body_spans`; sentences themselves are
`greta_search.sentences`."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from greta_search.answer_types import YEAR_RE, Question, Weights, terms
from greta_search.body_spans import (  # noqa: F401  (acronyms_defined re-exported)
    acronyms_defined,
    acronyms_of,
    body_spans,
    named_acronyms,
)
from greta_search.date_forms import DATE_RE  # noqa: F401  (re-exported)
from greta_search.date_spans import date_spans
from greta_search.law_choice import TITLE_RE, after_origin, is_origin
from greta_search.law_grammar import law_spans
from greta_search.layout import MONTHS, REFERENCE_RE, references  # noqa: F401  (re-exported)
from greta_search.number_roles import favour_roles, role_rival
from greta_search.number_spans import NUMBER_RE, number_spans, term_share
from greta_search.sentences import Passage, Sentence, clean
from greta_search.span_roles import Span, named_elsewhere


def header_sentences(passage: Passage) -> list[Sentence]:
    """Column names (and captions) of the tables in a table passage that state a value of
    their own, the only place it is written: "a one-time allowance – 700 manats" above a
    column of counts. Each is a candidate sentence; plain names ("Total", "Gender / male")
    are not."""
    from greta_search.tables import tables_in_passage

    chunk = passage.hit.chunk
    out = []
    for table in tables_in_passage(chunk.text, chunk.item_text):
        caption = re.sub(r"^\W*Table\s+\d+\W*", "", table.caption)
        for name in [caption, *table.columns[1:]]:
            text = clean(name)
            values = [m for m in NUMBER_RE.finditer(text) if not YEAR_RE.fullmatch(m.group())]
            if values and len(re.findall(r"[A-Za-z]{2,}", text)) >= 3:
                out.append(Sentence(text=text, passage=passage))
    return out


# --- choosing a span -------------------------------------------------------------------------

def _positions(sentence: str, question: Question) -> list[int]:
    """Character offsets of the words of `sentence` that match a question term."""
    wanted = set(question.terms)
    out = []
    for match in re.finditer(r"[\w’'-]+", sentence):
        stems = terms(match.group())
        if stems and stems[0] in wanted:
            out.append(match.start())
    return out


def _near(span: Span, positions: list[int]) -> float:
    """1 when a question word is right beside the span, falling with distance."""
    if not positions:
        return 0.0
    distance = min(
        0 if span.start <= p <= span.end else min(abs(p - span.start), abs(p - span.end))
        for p in positions
    )
    return 1.0 / (1.0 + distance / 25.0)


def _after(sentence: str, span: Span, spans: list[Span], kind: str) -> str:
    """Up to 45 characters after a span; for a legal reference, its title in brackets when it
    has one ("Articles 189-1 (...), 189-2 (...), and 189-3 (...) were added": not the verb
    the list shares), else past the interruption naming its origin (", introduced by Law No.
    31/2020, [provides ...]"), with a gloss that follows whole and not into the next
    reference."""
    if kind != "law":
        return sentence[span.end : span.end + 45]
    title = TITLE_RE.search(span.text)
    if title:
        return title.group(1)  # "189-2 (Conducting ceremonies ...)": its title says it
    start = after_origin(sentence, span.end)
    gloss = re.match(r"\s*\([^()]{1,150}\)", sentence[start:])  # a gloss after it, whole
    stop = start + max(45, gloss.end() if gloss else 0)
    return sentence[start : min([stop, *(s.start for s in spans if s.start >= start)])]


def _clause_before(sentence: str, start: int) -> str:
    """Up to 25 characters before a span, not reaching back past a comma or semicolon."""
    return re.split(r"[,;]", sentence[max(0, start - 25) : start])[-1]


SPAN_FINDERS = {
    "number": number_spans,
    "date": date_spans,
    "law": law_spans,
    "body": body_spans,
}


@dataclass
class SpanChoice:
    """The span chosen in a sentence and what the confidence model reads of the choice:
    how good it is (0 when there is none), its own clause, the question's share of that
    clause (`local`), how many other spans of the kind the sentence holds (`rivals`) and by
    how much the chosen one beat the runner-up (`margin`, 1 without a runner-up)."""

    text: str | None = None
    quality: float = 0.0
    clause: str = ""
    local: float = 0.0
    rivals: int = 0
    margin: float = 1.0
    role_rival: float = 0.0  # another number fits what the question asks as well
    event: float = 0.0  # a date of the event asked (1), of another one named (-1), unknown (0)


def best_span(
    sentence: str,
    question: Question,
    weights: Weights | None = None,
    similar: Callable[[list[str]], list[float]] | None = None,
) -> tuple[str | None, float]:
    """The span of the kind the question asks for that sits best in `sentence`, and how
    good it is (0 when there is none); see `choose_span`."""
    choice = choose_span(sentence, question, weights, similar)
    return choice.text, choice.quality


def choose_span(
    sentence: str,
    question: Question,
    weights: Weights | None = None,
    similar: Callable[[list[str]], list[float]] | None = None,
    aliases: dict[str, str] | None = None,
) -> SpanChoice:
    """The span of the kind the question asks for that sits best in `sentence` (closest to
    the question's words, above all to the rarer words that only it stands beside).

    With `similar` (texts -> their similarity to the question, such as e5 cosines), a
    sentence holding several spans also weighs each span's own stretch of the sentence
    (its clause, up to the clause break that parts it from the span before and after it)
    by its similarity to the question, so that a paraphrase ("buy land" for "purchase of
    land") points to the right span where no word is shared. `aliases` (acronym -> name,
    as the passage defines them) let an acronym count as the body it stands for."""
    finder = SPAN_FINDERS.get(question.kind)
    if finder is None:
        return SpanChoice()
    spans = finder(sentence, question)
    # "Article 222" inside "Article 222 of the ... Code", "Service" inside "State Migration
    # Service (SMS)": the whole.
    spans = [s for s in spans if not any(
        o.start <= s.start and o.end >= s.end and o.end - o.start > s.end - s.start
        for o in spans)]
    if not spans:
        return SpanChoice()
    positions = _positions(sentence, question)
    asked = set(question.terms)
    local = [set(terms(_clause_before(sentence, s.start) + " " + _after(sentence, s, spans,
                                                                       question.kind)))
             & asked for s in spans]
    shared = set.intersection(*local)
    for span, near in zip(spans, local, strict=True):
        # "Article 145 (forced labor) ..., Article 243 (involvement in prostitution)": the
        # question's words beside one span and not the others point to it.
        own = near - shared
        if own:
            span.bonus += min(2.0, sum(weights.idf(t) if weights else 1.0 for t in own) / 4)
    named = named_acronyms(question.text, aliases)
    for span in spans:
        # A span the question already names is not what it asks for.
        span_terms = set(terms(span.text))
        new_numbers = set(re.findall(r"\d+", span.text)) - set(re.findall(r"\d+", question.text))
        if (span_terms and len(span_terms & asked) / len(span_terms) > 0.6 and not new_numbers
                and not (question.kind == "body" and named_elsewhere(span.text, question.text))):
            span.bonus, span.echo = span.bonus - 1.0, True
        elif not span_terms and re.search(r"\d", span.text) and not new_numbers:
            span.bonus -= 1.0  # "2022–2026" of "the Strategy 2022-2026" the question names
        elif question.kind == "body" and acronyms_of(span.text) & named:
            span.bonus, span.echo = span.bonus - 1.0, True  # "SMS" for the State Migration Service
    stretches = (law_stretches(sentence, spans, question.text) if question.kind == "law"
                 else span_stretches(sentence, spans))
    if similar is not None and len(set(stretches)) > 1:
        scores = similar(stretches)
        for span, score in zip(spans, scores, strict=True):
            span.bonus += SIMILAR_WEIGHT * (score - max(scores))
    if question.kind == "number":
        favour_roles(sentence, question, spans, weights)  # the number that counts what is asked
    scored = sorted(((s.bonus + _near(s, positions), -s.start, i) for i, s in enumerate(spans)),
                    reverse=True)
    value, _, index = scored[0]
    span = spans[index]
    if span.echo and question.kind in ("body", "law"):
        # Only the body or act the question itself names ("Who chairs the Commission?" of
        # "The Commission, chaired by the Minister, ..."): no answer of the kind asked.
        return SpanChoice()
    clause = span_clause(sentence, span, spans)
    found = set(terms(clause))
    share = (weights.recall(question.terms, found) if weights
             else term_share(question.terms, found))
    return SpanChoice(
        text=span.text.strip(" ,;:"),
        quality=1.0 / (1.0 + math.exp(-2.0 * value)),
        clause=clause,
        local=share,
        rivals=len({s.text for s in spans}) - 1,
        margin=min(1.0, (value - scored[1][0]) / 2.0) if len(scored) > 1 else 1.0,
        role_rival=role_rival(spans, span) if question.kind == "number" else 0.0,
        event=span.event if question.kind == "date" else 0.0,
    )


# Bonus per unit of similarity (e5 cosine) a span's stretch of the sentence trails the best
# one by (chosen on the first round's tuning half of tests/data/qa.jsonl, 85 number and date
# questions: 5 and 10 leave them as they were, 20 loses one; the tests' paraphrases need it).
SIMILAR_WEIGHT = 10.0
# Where one clause of a sentence ends and the next begins: a comma (not inside a number), a
# semicolon or colon, a dash between spaces, or a conjunction opening a new clause.
CLAUSE_BREAK_RE = re.compile(r"[;:]|,(?!\d)|\s[–—]\s|\s(?:and|or|but|while|whereas)\s(?=[a-z\d])")


def _breaks(sentence: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Clause breaks of the sentence that lie outside every span."""
    return [(m.start(), m.end()) for m in CLAUSE_BREAK_RE.finditer(sentence)
            if not any(s.start <= m.start() < s.end for s in spans)]


def span_stretches(sentence: str, spans: list[Span]) -> list[str]:
    """Each span's own stretch of the sentence: from the end of the span before it (or the
    sentence's start) to the start of the span after it (or the sentence's end). (Cut at
    the clause breaks between spans instead, the stretches lose the words the question
    shares with a neighbour's clause, "the Strategy ... was approved" for the date of the
    order approving it: three tuning questions lost, one won.)"""
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    out = [""] * len(spans)
    for rank, i in enumerate(order):
        start = spans[order[rank - 1]].end if rank else 0
        end = spans[order[rank + 1]].start if rank + 1 < len(order) else len(sentence)
        out[i] = sentence[min(start, spans[i].start) : max(end, spans[i].end)].strip(" ,;")
    return out


def law_stretches(sentence: str, spans: list[Span], question: str) -> list[str]:
    """`span_stretches` of legal references, where a reference that is only the origin of
    another (", introduced by [Law No. 31/2020],") parts no stretch and stands alone, and
    one with its title in brackets ("189-2 (Conducting ceremonies ...)") reads as its title,
    not as the verb its list shares."""
    origins = {i for i, s in enumerate(spans) if is_origin(sentence, s.start, question)}
    main = [s for i, s in enumerate(spans) if i not in origins]
    own = dict(zip(map(id, main), span_stretches(sentence, main), strict=True))
    return [s.text if i in origins or TITLE_RE.search(s.text) else own[id(s)]
            for i, s in enumerate(spans)]


def span_clause(sentence: str, span: Span, spans: list[Span]) -> str:
    """The clause of the sentence that holds `span`: from the clause break before it to the
    clause break after it ("the said Law entered into force on 1 July 2025")."""
    breaks = _breaks(sentence, spans)
    start = max((e for b, e in breaks if e <= span.start), default=0)
    end = min((b for b, e in breaks if b >= span.end), default=len(sentence))
    return sentence[start:end].strip(" ,;")
