"""The signals of the confidence models that carry over to a new document
(greta_search.agreement): the share of the questionnaire's questions the parser found, the
two routes' first passages, and whether a sentence's number and a table's agree; on
generated numbers and passages, and on indexes of several replies."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from greta_search.agreement import (
    TABLE_SIGNALS,
    TEXT_SIGNALS,
    numbers_agree,
    parsed_share,
    sentence_signals,
)
from greta_search.chunk import Chunk
from greta_search.template import for_round

ROOT = Path(__file__).resolve().parent.parent
REPLIES = [ROOT / "corpus" / "greta-2023-11-aze-reply.txt",
           ROOT / "tests" / "data" / "synthetic-xyz-reply.txt",
           ROOT / "tests" / "data" / "synthetic-rur-reply.txt"]


def writings(value: int, rng: random.Random) -> str:
    """`value` in one of the house styles of the replies, with or without a unit (a dot
    groups thousands only twice or more: "1.234" is a decimal)."""
    grouped = f"{value:,}"
    styles = [grouped, grouped.replace(",", " "), str(value)]
    if value >= 1_000_000:
        styles.append(grouped.replace(",", "."))
    style = rng.choice(styles)
    return style + rng.choice(["", " persons", " victims", " manats", " (Table 1, 2025)"])


@pytest.mark.parametrize("seed", range(8))
def test_two_writings_of_one_number_agree_and_of_two_differ(seed: int) -> None:
    rng = random.Random(seed)
    value = rng.choice([rng.randint(1, 999), rng.randint(1000, 999_999),
                        rng.randint(1_000_000, 99_999_999)])
    one, other = writings(value, rng), writings(value, rng)
    assert numbers_agree(one, other) == (1.0, 0.0), (one, other)
    different = writings(value + rng.randint(1, 50), rng)
    assert numbers_agree(one, different) == (0.0, 1.0), (one, different)
    for missing in (None, "", "the Ministry of Labour"):
        assert numbers_agree(one, missing) == (0.0, 0.0)
        assert numbers_agree(missing, one) == (0.0, 0.0)


class Chunks:
    """A searcher whose passages are a plain list (no store)."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks


def chunk(doc: str, question: int | None, round_word: str | None, position: int) -> Chunk:
    return Chunk(id=f"{doc}-{position}", doc=doc, text="Text.", citation=doc, round=round_word,
                 question=question, position=position)


@pytest.mark.parametrize("seed", range(6))
def test_the_parsed_share_is_the_share_of_the_template_questions_found(seed: int) -> None:
    rng = random.Random(seed)
    word = rng.choice(["Fourth", "fourth", "4th"])
    template = for_round(word)
    assert template is not None
    numbers = sorted(template.questions)
    found = rng.sample(numbers, rng.randint(1, len(numbers)))
    other = rng.sample(numbers, rng.randint(1, len(numbers)))
    chunks = [chunk("A", q, word, i) for i, q in enumerate(found + found[:3] + [None, 999])]
    chunks += [chunk("B", q, word, len(chunks) + i) for i, q in enumerate(other)]
    rng.shuffle(chunks)
    searcher = Chunks(chunks)
    assert parsed_share(searcher, "A") == pytest.approx(len(found) / len(numbers))
    assert parsed_share(searcher, "B") == pytest.approx(len(set(other)) / len(numbers))
    # Nothing to measure against: a round without a template (or one that lists no
    # questions), no document.
    unknown = Chunks([chunk("C", q, rng.choice([None, "Ninth", "Third"]), i)
                      for i, q in enumerate(found)])
    assert parsed_share(unknown, "C") == 1.0
    assert parsed_share(searcher, None) == 1.0


@pytest.fixture(scope="module")
def replies_index(tmp_path_factory) -> Path:
    """The seed and two synthetic replies (which keep only some questions), hash-embedded."""
    from greta_search.embed import HashEmbedder
    from greta_search.store import IndexStore

    root = tmp_path_factory.mktemp("agreement") / "index"
    IndexStore(root).build(REPLIES, HashEmbedder())
    return root


def test_the_parsed_share_read_from_the_store_is_that_of_its_passages(replies_index) -> None:
    from greta_search.store import IndexStore

    table = IndexStore(replies_index).chunks()
    listed = Chunks(list(table))
    shares = {}
    for doc in {c.doc for c in listed.chunks}:
        shares[doc] = parsed_share(Chunks(table), doc)
        assert shares[doc] == pytest.approx(parsed_share(listed, doc))
        assert 0.0 < shares[doc] <= 1.0
    assert len(set(shares.values())) > 1  # the synthetic replies keep fewer questions


def question_texts(seed: int, n: int = 4) -> list[str]:
    """Questions in the questionnaire's words, and counts for a year."""
    rng = random.Random(seed)
    template = for_round("Fourth")
    assert template is not None
    asked = [q.text for q in rng.sample(list(template.questions.values()), n)]
    return asked + [f"How many victims were identified in {rng.randint(2019, 2025)}?"]


@pytest.mark.parametrize("seed", range(3))
def test_every_candidate_carries_the_signals_of_its_routes(replies_index, seed: int) -> None:
    from greta_search.answer import gather, text_features
    from greta_search.confidence import probability
    from greta_search.search import Filters, Searcher
    from greta_search.store import IndexStore

    searcher = Searcher(IndexStore(replies_index))
    docs = sorted({c.doc for c in searcher.chunks})
    rng = random.Random(seed)
    for question in question_texts(seed):
        scope = Filters(doc=[rng.choice(docs)])
        found = gather(searcher, question, scope, signals=True)  # as the fitting script gathers
        vector = searcher.embedder.embed_queries([question])[0]
        dense = searcher.store.dense(vector, 1, searcher._allowed(scope))
        keyword = searcher.store.keyword(question, 1, searcher._allowed(scope))
        dense_top = dense[0][0] if dense else None
        keyword_top = keyword[0][0] if keyword else None
        assert searcher.route_tops(question, vector, scope) == (dense_top, keyword_top)
        retrieved = [p.hit.chunk.question for p in found.passages if p.via is None]
        for s in found.sentences:
            position = s.passage.hit.chunk.position
            assert set(s.signals) == set(TEXT_SIGNALS)
            assert s.signals["dense_first"] == float(position == dense_top)
            assert s.signals["keyword_first"] == float(position == keyword_top)
            assert s.signals["routes_agree"] == float(dense_top == keyword_top)
            own = s.passage.hit.chunk.question
            assert s.signals["same_question"] == pytest.approx(
                retrieved.count(own) / len(retrieved) if own is not None else 0.0)
            assert parsed_share(searcher, scope.doc[0]) == s.signals["parsed"]
            features = text_features(found.question, s)
            assert all(features[n] == s.signals[n] for n in TEXT_SIGNALS)
        if found.table is not None:
            assert set(TABLE_SIGNALS) <= set(found.table.features)
            assert found.table.confidence == probability("table", found.table.features)


@pytest.mark.parametrize("seed", range(4))
def test_a_sentence_and_a_table_agree_only_on_one_number(seed: int) -> None:
    from greta_search.search import Hit
    from greta_search.sentences import Passage

    rng = random.Random(seed)
    passages = [Passage(Hit(chunk("A", rng.choice([1, 2, 3]), "Fourth", i), 1.0), 1.0)
                for i in range(5)]
    shared = {"parsed": 0.5, "dense_top": rng.randrange(5), "keyword_top": rng.randrange(5),
              "questions": [p.hit.chunk.question for p in passages]}
    value = rng.randint(2, 5000)
    for passage in passages:
        same = sentence_signals(shared, passage, f"{value} persons", writings(value, rng))
        assert (same["table_agrees"], same["table_differs"]) == (1.0, 0.0)
        other = sentence_signals(shared, passage, f"{value - 1} persons", str(value))
        assert (other["table_agrees"], other["table_differs"]) == (0.0, 1.0)
        alone = sentence_signals(shared, passage, f"{value} persons", None)
        assert (alone["table_agrees"], alone["table_differs"]) == (0.0, 0.0)
        assert alone["parsed"] == 0.5


@pytest.mark.parametrize("named", [(), ("dense_first",), ("text_agrees",)])
def test_the_signals_are_gathered_by_default_only_when_a_model_reads_them(
        replies_index, monkeypatch, named: tuple[str, ...]) -> None:
    from greta_search import answer, confidence
    from greta_search.search import Searcher
    from greta_search.store import IndexStore

    fitted = confidence.models()
    zeros = [0.0] * len(named)  # a signal named, with no weight: the answers stay the same
    monkeypatch.setattr(confidence, "models", lambda: {
        kind: dict(model, features=[*model["features"], *named], mean=[*model["mean"], *zeros],
                   scale=[*model["scale"], *[1.0] * len(named)],
                   coef=[*model["coef"], *zeros]) for kind, model in fitted.items()})
    monkeypatch.setattr(answer, "named", confidence.named)
    searcher = Searcher(IndexStore(replies_index))
    found = answer.gather(searcher, "How many victims were identified in 2024?")
    assert bool(found.signals) == bool(named)
    assert all(bool(s.signals) == bool(named) for s in found.sentences)
    assert answer.gather(searcher, "How many victims were identified in 2024?",
                         signals=True).signals
