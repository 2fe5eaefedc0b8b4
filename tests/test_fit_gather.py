"""The candidates scripts/fit_confidence.py fits on are `ask`'s (scripts/fit_gather.py): a
cache gathered by other code, from another index or for an edited record is gathered anew,
never mixed in; the candidates of a question do not depend on the questions gathered before
it; a fit on candidates that are not what `ask` answers is refused in one line, exit 2."""

from __future__ import annotations

import json
import random
import sys

import pytest

from .conftest import ROOT, SEED, load_script

SEED_DOC = "GRETA(2023)11_AZE_rep"


def records(seed: int, n: int = 12) -> list[dict]:
    """Generated QA rows (half of them tuning rows), with questions and answers at random."""
    rng = random.Random(seed)
    return [{"id": f"g{seed}-{i}", "doc": "D", "type": rng.choice(["number", "date"]),
             "question": f"How many {rng.choice(['victims', 'cases'])} in {2000 + i}?",
             "answer": str(rng.randrange(100)), "split": rng.choice(["tune", "heldout"])}
            for i in range(n)]


def fake_gather(gathered: list[str], mark: str):
    """A gather_all that notes the ids it gathers and tags the rows with `mark`."""
    def gather_all(index, rows):
        gathered.extend(r["id"] for r in rows)
        return [{"id": r["id"], "split": r["split"], "texts": [], "table": None,
                 "mark": mark, "ask": {"answer": None, "source": None}} for r in rows]
    return gather_all


@pytest.mark.parametrize("seed", range(3))
def test_a_cache_of_other_code_or_another_index_is_gathered_anew(seed: int, tmp_path,
                                                                 monkeypatch) -> None:
    gather = load_script("fit_confidence").fit_gather
    rows = records(seed)
    tune = {r["id"] for r in rows if r["split"] == "tune"}
    cache = tmp_path / "cache.json"
    gathered: list[str] = []
    monkeypatch.setattr(gather, "gather_all", fake_gather(gathered, "old"))
    gather.load_questions(rows, tmp_path, cache, ("tune",))
    assert set(gathered) == tune
    # The same code and index: every row from the cache.
    gathered.clear()
    monkeypatch.setattr(gather, "gather_all", fake_gather(gathered, "new"))
    assert {q["mark"] for q in gather.load_questions(rows, tmp_path, cache, ("tune",))} \
        == {"old"}
    assert gathered == []
    # Other code (another digest of the sources): every row gathered anew.
    monkeypatch.setattr(gather, "code_digest", lambda: f"other-{seed}")
    found = gather.load_questions(rows, tmp_path, cache, ("tune",))
    assert set(gathered) == tune and {q["mark"] for q in found} == {"new"}
    # Another index: the same.
    gathered.clear()
    other = tmp_path / "other-index"
    found = gather.load_questions(rows, other, cache, ("tune",))
    assert set(gathered) == tune and len(found) == len(tune)


@pytest.mark.parametrize("seed", range(3))
def test_a_cache_keyed_on_the_row_id_alone_is_never_reused(seed: int, tmp_path,
                                                           monkeypatch) -> None:
    """A cache in the former shape (a list of rows, no key): what main reused silently."""
    gather = load_script("fit_confidence").fit_gather
    rows = records(seed)
    tune = {r["id"] for r in rows if r["split"] == "tune"}
    cache = tmp_path / "cache.json"
    cache.write_text(json.dumps([{"id": i, "split": "tune", "texts": [], "table": None,
                                  "mark": "stale"} for i in sorted(tune)]))
    gathered: list[str] = []
    monkeypatch.setattr(gather, "gather_all", fake_gather(gathered, "new"))
    found = gather.load_questions(rows, tmp_path, cache, ("tune",))
    assert set(gathered) == tune and {q["mark"] for q in found} == {"new"}


@pytest.mark.parametrize("seed", range(3))
def test_an_edited_record_is_gathered_anew_and_the_others_kept(seed: int, tmp_path,
                                                               monkeypatch) -> None:
    gather = load_script("fit_confidence").fit_gather
    rows = records(seed)
    cache = tmp_path / "cache.json"
    monkeypatch.setattr(gather, "gather_all", fake_gather([], "old"))
    gather.load_questions(rows, tmp_path, cache, ("tune",))
    tune = [r for r in rows if r["split"] == "tune"]
    edited = random.Random(seed).choice(tune)
    edited["answer"] += "0"
    gathered: list[str] = []
    monkeypatch.setattr(gather, "gather_all", fake_gather(gathered, "new"))
    found = {q["id"]: q["mark"] for q in gather.load_questions(rows, tmp_path, cache, ("tune",))}
    assert gathered == [edited["id"]]
    assert found == {r["id"]: "new" if r is edited else "old" for r in tune}


def candidate_row(rng: random.Random, i: int) -> dict:
    """A gathered row whose recorded `ask` answer is one of its candidates (or none)."""
    texts = [{"answer": f"t{i}-{k}"} for k in range(rng.randrange(3))]
    table = {"answer": f"tab{i}"} if rng.random() < 0.4 else None
    options = ([("text", texts[0]["answer"])] if texts else []) + (
        [("table", table["answer"])] if table else [])
    source, answer = rng.choice(options) if options else (None, None)
    return {"id": f"r{i}", "texts": texts, "table": table,
            "ask": {"answer": answer, "source": source}}


@pytest.mark.parametrize("seed", range(6))
def test_disagreements_are_the_rows_whose_candidates_are_not_asks(seed: int) -> None:
    gather = load_script("fit_confidence").fit_gather
    rng = random.Random(seed)
    rows = [candidate_row(rng, i) for i in range(30)]
    assert gather.disagreements(rows) == []
    spoilt = set()
    for row in rng.sample(rows, 6):
        if row["ask"]["source"] == "text":
            row["texts"].insert(0, {"answer": "another sentence"})  # another first sentence
        elif row["ask"]["source"] == "table":
            row["table"] = {"answer": "another table"}
        else:
            row["texts"] = [{"answer": "a sentence ask never gave"}]
        spoilt.add(row["id"])
    rows[0].pop("ask")  # never recorded: not to be trusted either
    spoilt.add(rows[0]["id"])
    assert set(gather.disagreements(rows)) == spoilt


def test_the_fit_refuses_candidates_that_are_not_asks_in_one_line(tmp_path, monkeypatch,
                                                                    capsys) -> None:
    fit = load_script("fit_confidence")
    rng = random.Random(7)
    rows = records(7, 20)
    qa = tmp_path / "qa.jsonl"
    qa.write_text("".join(json.dumps(r) + "\n" for r in rows))

    def gather_all(index, wanted):
        out = []
        for i, r in enumerate(wanted):
            row = candidate_row(rng, i) | {"id": r["id"], "split": r["split"]}
            if i == 1:
                row["texts"] = [{"answer": "not ask's"}]
                row["ask"] = {"answer": "ask's", "source": "text"}
            out.append(row)
        return out

    monkeypatch.setattr(fit.fit_gather, "gather_all", gather_all)
    out = tmp_path / "confidence.json"
    monkeypatch.setattr(sys, "argv", ["fit_confidence.py", "--index", str(tmp_path),
                                      "--qa", str(qa), "--out", str(out)])
    with pytest.raises(SystemExit) as stop:
        fit.main()
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and len(err.splitlines()) == 1 and "1 rows" in err
    assert not out.exists()


def seed_tune_rows(n: int) -> list[dict]:
    """The first tuning rows of the seed's QA set (never a held-out one)."""
    fit = load_script("fit_confidence")
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "qa.jsonl").open()]
    return [dict(r, split="tune") for r in rows
            if r["doc"] == SEED_DOC and fit.split_of(r) == "tune"][:n]


def test_candidates_do_not_depend_on_the_questions_gathered_before(tmp_path) -> None:
    """The same rows gathered in two orders (each after other rows) give the same
    candidates, and each row's are what `ask` answers with a fresh searcher."""
    from greta_search.answer import ask
    from greta_search.embed import HashEmbedder
    from greta_search.search import Filters, Searcher
    from greta_search.store import IndexStore

    index = tmp_path / "index"
    IndexStore(index).build([SEED], HashEmbedder())
    gather = load_script("fit_confidence").fit_gather
    rows = seed_tune_rows(10)
    order = list(reversed(rows))
    random.Random(1).shuffle(order)
    first = {q["id"]: q for q in gather.gather_all(index, rows)}
    second = {q["id"]: q for q in gather.gather_all(index, order)}
    for i, q in first.items():
        assert [t["answer"] for t in q["texts"]] == [t["answer"] for t in second[i]["texts"]]
        assert q["table"] == second[i]["table"] and q["ask"] == second[i]["ask"]
    assert gather.disagreements(list(first.values())) == []
    for row in rows:
        searcher = Searcher(IndexStore(index))  # nothing carried over from other questions
        given = ask(searcher, row["question"], Filters(doc=[row["doc"]]), threshold=0.0)
        assert first[row["id"]]["ask"] == {"answer": given.answer, "source": given.source}
