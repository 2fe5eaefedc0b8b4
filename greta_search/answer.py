"""Short extractive answers to a question, with their evidence, citations and a confidence.

`ask(searcher, question)` retrieves passages, then answers in one of two ways:

* **Statistics tables** (`greta_search.answer_tables`): when the question names a year or
  asks "how many", the cell of the table whose measure the question names, in the row of
  the year asked: "46 persons (Table 1, 2025, Total)", with the row as evidence.
* **Sentences** (`greta_search.spans`) of the best passages, scored against the question
  by the embedder, by keyword overlap (rare words count more) and by the question's type
  (`greta_search.answer_types`): a number, a date, a law, a body, a list, yes/no or a fact.
  The answer is the shortest complete one: the number with its unit ("700 manats"), the
  date, law or body; "Yes" or "No"; the list; else the sentence. The sentence (or list) is
  the evidence.

A passage that sends the reader elsewhere ("See the answer to Question 24") is followed:
the target's passages compete too, and the answer cites both.

Every word of an answer is copied from the cited passage (a table answer adds the table's
caption, row label and column names to the cell, and a sum of male and female says which
cells it added); nothing is generated. The confidence is the probability that the answer
is right, from logistic models fitted on labelled questions (`greta_search.confidence`);
below `THRESHOLD` the answer is None and the passages that came closest are returned.

When the index holds several replies and the question names no State (nor does a
`--country`/`--doc` filter), the question is answered for each document in turn
(`Answer.answers`); the top-level fields are those of the most confident one (which
documents are in scope: `greta_search.answer_scope`; the evidence and short answer shown:
`greta_search.answer_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from greta_search.agreement import (
    TABLE_SIGNALS,
    TEXT_SIGNALS,
    question_signals,
    sentence_signals,
    table_signals,
)
from greta_search.answer_confidence import (  # noqa: F401  (re-exported)
    choose,
    dense_scale,
    lists_nothing,
    text_capped,
    text_confidence,
    text_features,
    yesno_features,
)
from greta_search.answer_names import unnamed
from greta_search.answer_scope import (  # noqa: F401  (re-exported)
    documents,
    named_documents,
    question_chunks,
    without_states,
)
from greta_search.answer_tables import TableAnswer, table_answer, table_words
from greta_search.answer_text import (  # noqa: F401  (re-exported)
    evidence_text,
    short_answer,
)
from greta_search.answer_types import (  # noqa: F401  (re-exported)
    KINDS,
    RANGE_RE,
    YEAR_RE,
    Question,
    Weights,
    analyse,
    covers_year,
    question_kind,
    terms,
    weights_of,
)
from greta_search.body_roles import without_instrument
from greta_search.body_spans import HEAD_RE, acronyms_defined, body_names
from greta_search.chunk import Chunk
from greta_search.confidence import named, probability
from greta_search.law_choice import title_fit
from greta_search.number_extent import carry_context
from greta_search.search import Filters, Hit, Searcher
from greta_search.sentences import (  # noqa: F401  (re-exported)
    BULLET_RE,
    MAX_LIST_ITEMS,
    Passage,
    Sentence,
    clean,
    only_reference,
    passage_sentences,
    split_sentences,
)
from greta_search.spans import (  # noqa: F401  (re-exported)
    SPAN_FINDERS,
    SpanChoice,
    best_span,
    choose_span,
    header_sentences,
    references,
)
from greta_search.table_scope import narrower_in_text

# Below this probability of being right the answer is withheld.
THRESHOLD = 0.5
# Passages retrieved as candidates, sentences embedded per question, passages returned.
CANDIDATES = 8
EMBEDDED_SENTENCES = 12
# Sentences whose span is chosen again with the e5 similarity of each span's context.
REFINED_SENTENCES = 3
PASSAGES = 3
# Passages of a cross-referenced question added as candidates.
REFERENCE_PASSAGES = 3
# Sentences gathered per question by scripts/fit_confidence.py (the best by the ranking
# score first).
CHOICES = 5
# The evidence of an answer (kept under its former name for scripts/fit_confidence.py).
_evidence_text = evidence_text
# What a sentence whose date is that of another event than the one asked loses.
ANOTHER_EVENT = 0.15
# Summed inverse document frequency of matched terms that counts as full evidence.
MASS = 8.0
# What a reference titled by the question's words adds to its sentence's score, the whole
# title in the question (`law_choice.title_fit`).
TITLE_WEIGHT = 0.1


@dataclass
class Answer:
    """An extractive answer with its evidence and sources.

    `answer` is the shortest complete answer (a number with its unit, a date, a law, a body,
    Yes/No, a list, a sentence, or a table cell with its table, row and column), None when
    nothing supports one well enough; `evidence` is the sentence, list or table row it
    comes from; `span` is the number, date, law or body when the question asks for one;
    `confidence` the probability that the answer is right; `citations` the passages the
    answer comes from (a cross-referenced passage and the passage that refers to it are
    both cited); `passages` the best supporting passages (the closest ones when there is
    no answer); `note` says why a table could not answer, or which cells were added.
    `answers` holds one answer per document when the question was answered per document.
    """

    question: str
    answer: str | None
    span: str | None
    confidence: float
    citations: list[Hit] = field(default_factory=list)
    passages: list[Hit] = field(default_factory=list)
    kind: str = "fact"
    source: str | None = None  # "text" or "table"
    note: str | None = None
    evidence: str | None = None
    doc: str | None = None
    country: str | None = None
    answers: list[Answer] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON shape: question, answer, span, confidence, citations and passages as
        hits (Hit.to_dict), evidence, the question type, the source, a note, and the
        per-document answers (`answers`: doc, country, answer, evidence, span, confidence,
        citations, note)."""
        return {
            "question": self.question,
            "answer": self.answer,
            "span": self.span,
            "confidence": round(float(self.confidence), 3),
            "citations": [h.to_dict() for h in self.citations],
            "passages": [h.to_dict() for h in self.passages],
            "evidence": self.evidence,
            "type": self.kind,
            "source": self.source,
            "note": self.note,
            "answers": [
                {"doc": a.doc, "country": a.country, "answer": a.answer, "evidence": a.evidence,
                 "span": a.span, "confidence": round(float(a.confidence), 3),
                 "citations": [h.to_dict() for h in a.citations], "note": a.note}
                for a in self.answers
            ],
        }


def _ranked(hits: list[Hit]) -> list[Hit]:
    """Copies of the hits numbered 1..n."""
    return [Hit(h.chunk, h.score, rank) for rank, h in enumerate(hits, start=1)]


def _candidates(
    searcher: Searcher, question: str, filters: Filters | None
) -> tuple[list[Passage], np.ndarray]:
    """Retrieved passages (with the passages they cross-reference) and the query vector."""
    hits = searcher.search(question, k=CANDIDATES, filters=filters, per_question=0)
    vector = searcher.embedder.embed_queries([question])[0]
    vectors = searcher.store.vectors()
    passages = []
    for rank, hit in enumerate(hits):
        dense = float(np.dot(vectors[hit.chunk.position], vector))
        passages.append(Passage(hit, prior=1.0 / (1.0 + 0.25 * rank), dense=dense))
    seen = {p.hit.chunk.position for p in passages}
    for rank, passage in enumerate(list(passages)):
        # A passage that only refers elsewhere, ranked above the passages it refers to:
        # those answer for it too.
        chunk = passage.hit.chunk
        if only_reference(chunk.text):
            for target in references(chunk.text):
                for later in passages[rank + 1 :]:
                    c = later.hit.chunk
                    if c.doc == chunk.doc and c.question == target and later.via is None:
                        later.via = passage.hit
    for passage in list(passages):
        chunk = passage.hit.chunk
        for target in references(chunk.text):
            if target == chunk.question:
                continue
            linked = [
                c for c in question_chunks(searcher, chunk.doc, target)
                if c.position not in seen and c.kind != "table"
                and (not filters or filters.accepts(c))
            ]
            scores = [float(np.dot(vectors[c.position], vector)) for c in linked]
            order = np.argsort(scores)[::-1][:REFERENCE_PASSAGES]
            for i in order:
                c = linked[int(i)]
                seen.add(c.position)
                hit = Hit(c, passage.hit.score)
                passages.append(Passage(hit, passage.prior * 0.9, via=passage.hit,
                                        dense=scores[int(i)]))
    return passages, vector


def score_sentences(
    question: Question, passages: list[Passage], vector: np.ndarray, searcher: Searcher
) -> list[Sentence]:
    """Candidate sentences of the passages, best first by a ranking score, with their
    features filled in."""
    weights = weights_of(searcher)
    sentences: list[Sentence] = []
    for passage in passages:
        if passage.hit.chunk.kind != "table":
            sentences.extend(passage_sentences(passage))
        else:
            sentences.extend(header_sentences(passage))
    typed = question.kind in SPAN_FINDERS
    defined: dict[str, dict[str, str]] = {}

    def aliases(text: str) -> dict[str, str]:
        if question.kind != "body":
            return {}
        if text not in defined:
            defined[text] = acronyms_defined(text)
        return defined[text]

    def _take(s: Sentence, choice: SpanChoice) -> None:
        s.span, s.span_quality = choice.text, choice.quality
        s.local, s.rivals, s.span_margin = choice.local, choice.rivals, choice.margin
        s.role_rival, s.event = choice.role_rival, choice.event
        s.clause_text = choice.clause
        if s.span and question.kind == "body":
            text = s.passage.hit.chunk.text
            name = aliases(text).get(s.span.removeprefix("the ").removeprefix("The "))
            # "SMS" where the passage wrote "the State Migration Service (SMS)": the name first.
            s.span = f"{name} ({s.span})" if name else _full_name(s.span, text)

    for s in sentences:
        chunk = s.passage.hit.chunk
        own = set(terms(s.text))
        headings = [chunk.question_text, chunk.items_before, chunk.item_text]
        if s.passage.via is not None:
            via = s.passage.via.chunk
            headings += [via.question_text, via.items_before, via.item_text]
        context = set(terms(" ".join(filter(None, headings))))
        s.keyword = weights.recall(question.terms, own)
        s.heading = weights.recall(question.terms, context)
        s.mass = min(1.0, sum(weights.idf(t) for t in set(question.terms) & own) / MASS)
        s.context = weights.recall(question.terms, own | context)
        _take(s, choose_span(s.text, question, weights, aliases=aliases(chunk.text)))
        s.years = _year_fit(question, s)
        s.score = (
            0.35 * s.keyword
            + 0.1 * s.context
            + 0.25 * dense_scale(s.passage.dense)
            + 0.15 * s.passage.prior
            + (0.3 * s.span_quality - (0 if s.span else 0.2) if typed else 0.0)
            - ANOTHER_EVENT * (s.event < 0)  # a date of another event than the one asked
            - 0.5 * (1.0 - s.years)
        )
        if question.kind == "law" and s.span:
            # A provision whose title is what the question asks about ("which article lists
            # aggravating circumstances": "Article 61 ... (aggravating circumstances)").
            s.score += TITLE_WEIGHT * title_fit(question.terms, s.span)
        if only_reference(s.text):
            s.score -= 0.3
        if lists_nothing(question, s):
            s.score -= 0.3  # a list asked: a sentence that lists nothing is no answer
        if len(s.text) < 25:
            s.score -= 0.1
    if question.kind == "number":  # the amount asked, in the sentence after its subject
        carry_subject(sentences)
    sentences.sort(key=lambda s: -s.score)
    top = sentences[:EMBEDDED_SENTENCES]
    if top:
        embedded = searcher.embedder.embed_passages([s.text[:600] for s in top])
        for s, v in zip(top, embedded, strict=True):
            s.dense = float(np.dot(v, vector))
    for s in sentences[EMBEDDED_SENTENCES:]:
        s.dense = s.passage.dense - 0.03  # not embedded: a little below its passage
    for s in sentences:
        s.score += 0.45 * dense_scale(s.dense)
    sentences.sort(key=lambda s: -s.score)
    for s in sentences:
        s.clause = s.dense
    if typed:
        # In the best few sentences, the span whose own stretch of the sentence reads most
        # like the question (paraphrases included) is preferred; the e5 similarity of the
        # chosen span's own clause is kept for the confidence.
        def similar(texts: list[str]) -> list[float]:
            return [float(np.dot(v, vector)) for v in searcher.embedder.embed_passages(texts)]

        refined = [s for s in sentences[:REFINED_SENTENCES] if s.span]
        for s in refined:
            quality = s.span_quality
            chunk = s.passage.hit.chunk
            _take(s, choose_span(s.text, question, weights, similar, aliases(chunk.text)))
            s.score += 0.3 * (s.span_quality - quality)
        if refined:
            clauses = similar([s.clause_text for s in refined])
            for s, score in zip(refined, clauses, strict=True):
                s.clause = score
        sentences.sort(key=lambda s: -s.score)
    # How far each sentence leads the best one that gives another answer.
    best: dict[str | None, float] = {}
    for s in sentences:
        best.setdefault(s.span if typed else s.text, s.score)
    leaders = list(best.items())[:2]
    for s in sentences:
        answer = s.span if typed else s.text
        others = [score for key, score in leaders if key != answer]
        s.margin = s.score - others[0] if others else 1.0
    return sentences


def carry_subject(sentences: list[Sentence]) -> None:
    """A number in the sentence after its subject's (in passage order, `carry_context`)
    takes over that sentence's keyword share and its fit to the year asked, with the weights
    `score_sentences` gives them: "The shelters accommodated 71 victims in 2025. The
    average stay was 97 days." answers how long victims stayed in 2025 (a sentence that
    writes a year of its own speaks of that one)."""
    for s, keyword, before in carry_context(sentences, lambda s: bool(s.span)):
        s.score, s.keyword = s.score + 0.35 * (keyword - s.keyword), keyword
        if before.years > s.years and not YEAR_RE.search(s.text):
            s.score, s.years = s.score + 0.5 * (before.years - s.years), before.years


def _year_fit(question: Question, sentence: Sentence) -> float:
    """How well the sentence keeps to the years the question names: 1 when each is written
    in it, less when only a range covers one or only its passage names it, 0 when a year
    is nowhere."""
    fit = 1.0
    passage = sentence.passage.hit.chunk.text
    alone = RANGE_RE.sub(" ", sentence.text)
    asked_ranges = [(int(a), int(b)) for a, b in RANGE_RE.findall(question.text)]
    given_ranges = [(int(a), int(b)) for a, b in RANGE_RE.findall(sentence.text)]
    for year in question.years:
        if any(int(y) == year for y in YEAR_RE.findall(alone)):
            continue
        if any(a <= year <= b and (a, b) == r for a, b in asked_ranges for r in given_ranges):
            continue  # the question's own range, "between 2019 and 2025": "2019–2025"
        if covers_year(sentence.text, year):
            fit = min(fit, 0.6)
        elif covers_year(passage, year):
            fit = min(fit, 0.4)
        else:
            return 0.0
    return fit


def _full_name(name: str, text: str) -> str:
    """A body named by its head noun alone ("the Service") takes the full name the passage
    gave it before ("the State Labor Inspection Service under the Ministry ...")."""
    if " " in name and not HEAD_RE.search(name.split()[-1]):
        return name
    names = [kept for start, end in body_names(text)
             if (kept := without_instrument(text[start:end])) is not None]
    fuller = [full for full in names
              if full != name and re.search(rf"\b{re.escape(name)}\b", full)
              and HEAD_RE.search(full)
              and (" " not in name or full.startswith(name))]
    return fuller[0] if fuller else name


def ask(
    searcher: Searcher,
    question: str,
    filters: Filters | None = None,
    threshold: float = THRESHOLD,
) -> Answer:
    """Answer `question` from the index behind `searcher` (see the module docstring): for
    the one document in scope, the State the question names, or each document in turn."""
    docs = documents(searcher, filters)
    named = named_documents(question, docs)
    asked = question
    if named:
        # The State named picks the document; its name says nothing about the measure.
        docs = [(d, c) for d, c in docs if d in named]
        asked = without_states(question, [c for _, c in docs])
    if len(docs) <= 1:
        scope = replace(filters or Filters(), doc=[docs[0][0]]) if named else filters
        answer = replace(ask_document(searcher, asked, scope, threshold), question=question)
        answer.answers = [answer] if docs else []
        return answer
    answers = [replace(ask_document(searcher, asked, replace(filters or Filters(), doc=[doc]),
                                    threshold), question=question) for doc, _ in docs]
    best = max(answers, key=lambda a: (a.answer is not None, a.confidence))
    return replace(best, answers=answers)


@dataclass
class Candidates:
    """What an answer is chosen from: the analysed question, the retrieved passages, their
    sentences best first, and the table answer (or the note saying why there is none and
    the table that came closest)."""

    question: Question
    passages: list[Passage]
    sentences: list[Sentence]
    table: TableAnswer | None = None
    note: str | None = None
    near: Chunk | None = None
    signals: dict = field(default_factory=dict)  # agreement.question_signals


def gather(searcher: Searcher, question: str, filters: Filters | None = None,
           signals: bool | None = None) -> Candidates:
    """Retrieve, score every sentence and look the question up in the tables; with
    `signals` (by default when a fitted model reads them), the agreement signals of each
    candidate (`greta_search.agreement`)."""
    q = analyse(question)
    passages, vector = _candidates(searcher, question, filters)
    ranks = {p.hit.chunk.position: i for i, p in enumerate(passages) if p.via is None}
    found = Candidates(q, passages, score_sentences(q, passages, vector, searcher))
    if q.years or q.kind == "number":
        found.table, found.note, found.near = table_answer(q, searcher, filters, ranks)
    if signals is None:  # the agreement signals cost two more searches: only when read
        signals = named(TEXT_SIGNALS + TABLE_SIGNALS)
    if not signals:
        return found
    found.signals = question_signals(searcher, question, vector, filters, passages)
    table = found.table
    for s in found.sentences:
        s.signals = sentence_signals(found.signals, s.passage, s.span,
                                     table.span if table else None)
    if table is not None:
        best = found.sentences[0].span if found.sentences else None
        table.features |= table_signals(found.signals, table.span, best)
        table.confidence = probability("table", table.features)
    return found


def ask_document(
    searcher: Searcher,
    question: str,
    filters: Filters | None = None,
    threshold: float = THRESHOLD,
) -> Answer:
    """Answer `question` from the passages the filters let through, as one document."""
    docs = documents(searcher, filters)
    doc, country = docs[0] if len(docs) == 1 else (None, None)
    if not question.strip():
        return Answer(question, None, None, 0.0, kind=analyse(question).kind,
                      note="empty question")
    found = gather(searcher, question, filters)
    q, passages, sentences = found.question, found.passages, found.sentences
    table, note, near = found.table, found.note, found.near
    best, confidence = choose(q, sentences)
    if note and best is not None and best.years < 0.6:
        # The table of the measure has no row for the year: a sentence must name it.
        confidence = min(confidence, 0.1)
    # A body or thing the question names that the answer's passage does not: no answer.
    if best is not None and unnamed(searcher, question, [best.passage.hit.chunk] + (
            [best.passage.via.chunk] if best.passage.via is not None else [])):
        confidence = min(confidence, 0.1)
    if table is not None and (unnamed(searcher, question, [table.entry.chunk], True) or (
            best is not None and narrower_in_text(question, best.span, table_words(table)))):
        table = None  # "58 joint inspections" said, a table of all "Inspections"

    def hit_for(chunk: Chunk) -> Hit:
        """The retrieved hit of a passage (its score kept), else a hit with score 0."""
        found = (p.hit for p in passages if p.hit.chunk.position == chunk.position)
        return next(found, Hit(chunk, 0.0))

    def supporting(first: list[Hit]) -> list[Hit]:
        chosen: list[Hit] = list(first)
        order = sorted(passages, key=lambda p: -_passage_score(p, sentences))
        for p in order:
            if len(chosen) >= PASSAGES:
                break
            if all(h.chunk.position != p.hit.chunk.position for h in chosen):
                chosen.append(p.hit)
        return _ranked(chosen[:PASSAGES])

    # A table row for the year asked, for a measure the question names, is the most
    # precise answer there is: it wins unless a sentence is more likely right.
    if table is not None and table.confidence >= threshold and table.confidence >= confidence:
        hit = hit_for(table.entry.chunk)
        cells = "male + female added" if "+" in table.text else None
        return Answer(question, table.text, table.span, table.confidence, _ranked([hit]),
                      supporting([hit]), q.kind, "table", cells, table.evidence, doc, country)
    if best is None or confidence < threshold:
        # No answer: the closest passages, led by the table the note speaks of.
        closest = [hit_for(near)] if note and near is not None else []
        return Answer(question, None, None, confidence, [], supporting(closest), q.kind, None,
                      note, None, doc, country)
    evidence, used = evidence_text(q, best, searcher)
    cited = [best.passage.hit] + [Hit(c, best.passage.hit.score) for c in used
                                  if c.position != best.passage.hit.chunk.position]
    if best.passage.via is not None:
        cited.append(best.passage.via)
    else:
        for target in references(best.passage.hit.chunk.text):
            linked = [p for p in passages if p.via is best.passage.hit
                      and p.hit.chunk.question == target]
            if linked:
                cited.append(max(linked, key=lambda p: _passage_score(p, sentences)).hit)
    span = best.span if q.kind in SPAN_FINDERS else None
    return Answer(question, short_answer(q, best, evidence), span, confidence, _ranked(cited),
                  supporting(cited[:1]), q.kind, "text", note, evidence, doc, country)


def _passage_score(passage: Passage, sentences: list[Sentence]) -> float:
    own = [s.score for s in sentences if s.passage is passage]
    return max(own) if own else passage.prior * 0.5 + dense_scale(passage.dense) * 0.3
