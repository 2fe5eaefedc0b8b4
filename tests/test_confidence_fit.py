"""How scripts/fit_confidence.py fits the confidence models, on generated candidates (the
choice of the method: tests/test_confidence_choice.py): a cap on C that holds, and a fit
that is the same at every run (the integrator refits once); the validation that replays
each document (each round) by models fitted on the others, the layers fitted on documents
left out, and the held-out half never gathered."""

from __future__ import annotations

import math
import random

import pytest

from .conftest import load_script

pytest.importorskip("sklearn")


# The sentence model's indicators of the question's kind (answer.text_features), one-hot.
KINDS = ("dateq", "lawq", "bodyq", "yesnoq")
# How a yes/no answer was decided: 0 for the number and date questions generated here.
YESNO = ("yn_explicit", "yn_denied", "yn_affirmed", "yn_overlap")


def named(fit, kind: str) -> list[str]:
    """Every feature of `kind` that some method names, in a stable order."""
    return sorted({name for method in fit.METHODS.values() for name in method[kind]})


def candidates(seed: int, n: int = 120) -> list[dict]:
    """Generated questions: one sentence candidate each, right with a probability that
    rises steeply with two of the features (so that a free C grows large), and a table
    candidate for every other one."""
    rng = random.Random(seed)
    fit = load_script("fit_confidence")
    out = []
    for i in range(n):
        # The kind indicators follow the type drawn below (and the yes/no ones are 0), the
        # other features are at random.
        features = {name: rng.random() for name in named(fit, "text")
                    if name not in KINDS + YESNO}
        features |= dict.fromkeys(YESNO, 0.0)
        z = 12 * (features["mass"] - 0.5) + 8 * (features["margin"] - 0.5)
        right = rng.random() < 1 / (1 + math.exp(-z))
        cells = {name: rng.random() for name in named(fit, "table")}
        table = {"features": cells, "answer": "y", "right": rng.random() < cells["match"]}
        kind = rng.choice(["number", "date"])
        features |= {name: float(name == f"{kind}q") for name in KINDS}
        out.append({"id": f"g{i}", "split": "tune", "type": kind,
                    "doc": f"D{i % 3}", "round": f"round{1 + i % 2}", "gold": "x",
                    "texts": [{"features": features, "capped": False, "answer": "x",
                               "right": right}],
                    "table": table if i % 2 else None, "other_tables": []})
    return out


@pytest.mark.parametrize("seed", range(2))
def test_a_cap_on_c_holds_and_the_fit_is_deterministic(seed: int) -> None:
    fit = load_script("fit_confidence")
    rows = [q["texts"][0] for q in candidates(seed)]
    free = fit.fit(rows, fit.TEXT_FEATURES, seed=0)
    capped = fit.fit(rows, fit.TEXT_FEATURES, seed=0, cmax=0.1)
    assert capped["C"] <= 0.1 < free["C"]
    # Stronger regularisation: smaller coefficients, less extreme probabilities.
    assert sum(abs(c) for c in capped["coef"]) < sum(abs(c) for c in free["coef"])
    assert fit.fit(rows, fit.TEXT_FEATURES, seed=0, cmax=0.1) == capped
    method = fit.METHODS["logistic-c0.1"]
    tune = candidates(seed, 60)
    first = fit.validation(tune, method, 0.5)
    assert fit.validation(tune, method, 0.5) == first
    assert set(first["mean"]) == {"accuracy", "coverage", "ece", "log_loss", "wrong_at_0.9",
                                  "at_0.9", "doc_ece", "worst_ece", "worst_wrong",
                                  "worst_wrong_count"}


# --- the validation: a document (a round) replayed by models fitted on the others ---------


def grouped(seed: int, docs: int, rounds: int, n: int = 90) -> list[dict]:
    """Generated candidates spread over `docs` documents and `rounds` rounds, at random."""
    rng = random.Random(seed)
    out = candidates(seed, n)
    for q in out:
        q["doc"] = f"GRETA(2026){rng.randrange(docs):02d}_X_rep"
        q["round"] = f"round{1 + rng.randrange(rounds)}"
    return out


@pytest.mark.parametrize("seed", range(4))
def test_leave_one_group_out_holds_out_each_group_whole_and_once(seed: int) -> None:
    fit = load_script("fit_confidence")
    rng = random.Random(seed)
    questions = grouped(seed, rng.randint(2, 6), rng.randint(2, 5), 40)
    for by in fit.SCHEMES:
        folds = fit.leave_one_group_out(questions, by)
        assert [g for g, _, _ in folds] == sorted({q[by] for q in questions})
        held = [i for _, _, test in folds for i in test]
        assert sorted(held) == list(range(len(questions)))  # each question held out once
        for g, train, test in folds:
            assert {questions[i][by] for i in test} == {g}
            assert sorted(train + test) == list(range(len(questions)))
    one = [dict(q, doc="only") for q in questions]
    assert fit.leave_one_group_out(one, "doc") == []


@pytest.mark.parametrize("added", [None, "tune-only", "round2", "round3", "round4", "round9"])
def test_a_row_round_is_its_added_field_and_the_first_without_one(added: str | None) -> None:
    fit = load_script("fit_confidence")
    record = {"id": "q1", "doc": "D"} | ({"added": added} if added else {})
    expected = "round1" if added in (None, "tune-only") else added
    assert fit.round_of(record) == expected


@pytest.mark.parametrize("seed", range(2))
def test_the_validation_takes_whatever_documents_and_rounds_there_are(seed: int) -> None:
    fit = load_script("fit_confidence")
    rng = random.Random(seed)
    docs, rounds = rng.randint(2, 5), rng.randint(2, 4)
    questions = grouped(seed, docs, rounds)
    figures = fit.validation(questions, fit.METHODS["logistic-c0.1"], 0.5)
    for by in fit.SCHEMES:
        groups = figures[by]["groups"]
        assert set(groups) == {q[by] for q in questions}
        assert sum(f["questions"] for f in groups.values()) == len(questions)
        assert figures[by]["pooled"]["questions"] == len(questions)
    assert figures["mean"]["ece"] == pytest.approx(
        (figures["doc"]["pooled"]["ece"] + figures["round"]["pooled"]["ece"]) / 2, abs=1e-4)
    # The worst document left out, not the pool: its ECE and its share of confident errors.
    groups = figures["doc"]["groups"].values()
    assert figures["mean"]["worst_ece"] == max(f["ece"] for f in groups)
    assert figures["mean"]["worst_wrong"] == pytest.approx(
        max(f["wrong_at_0.9"] / f["questions"] for f in groups), abs=1e-4)
    assert min(f["ece"] for f in groups) <= figures["mean"]["doc_ece"] \
        <= figures["mean"]["worst_ece"]


@pytest.mark.parametrize("seed", [0, 2])
def test_a_document_is_never_replayed_by_a_model_that_saw_it(seed: int) -> None:
    """One document's answers are all wrong and alone carry a feature: fitted with it, the
    model learns that the feature means wrong; left out, the models know nothing of it and
    are as confident there as elsewhere."""
    fit = load_script("fit_confidence")
    questions = grouped(seed, 4, 2, 100)
    odd = questions[0]["doc"]
    for q in questions:
        q["table"], q["other_tables"] = None, []
        text = q["texts"][0]
        text["features"]["reference"] = float(q["doc"] == odd)
        if q["doc"] == odd:
            text["right"] = False
    method = fit.METHODS["logistic"]
    held = [q for q in questions if q["doc"] == odd]
    seen = fit.fit_models(questions, method)
    in_sample = fit.scores([fit.replay(q, seen, 0.5) for q in held], held, 0.5)
    out = fit.validate(questions, method, 0.5, "doc")["groups"][odd]
    # Seen, its answers get little confidence (all wrong: a low log loss); unseen, as much
    # as the other documents' (about half are right there: a log loss near log 2 or more).
    assert in_sample["log_loss"] < 0.2 < 0.4 < out["log_loss"]
    assert in_sample["coverage"] < out["coverage"]


@pytest.mark.parametrize("seed", range(2))
def test_document_layers_and_the_cap_are_fitted_and_read_back(seed: int, monkeypatch) -> None:
    fit = load_script("fit_confidence")
    from greta_search import confidence

    # enough questions for the models fitted on two documents to answer some of the third's
    # at >= 0.9, whatever features the sentence model carries
    questions = grouped(seed, 3, 2, 240)
    temperature = fit.fit_models(questions, fit.METHODS["logistic+doc-temperature"])
    assert temperature["text"]["b"] == 0.0 and temperature["text"]["a"] > 0
    capped = fit.fit_models(questions, fit.METHODS["logistic-c0.1+cap"])
    free = fit.fit_models(questions, fit.METHODS["logistic-c0.1"])
    cap = capped["text"]["cap"]
    assert capped["table"]["cap"] == cap and 0.0 < cap < 1.0 and "cap" not in free["text"]
    monkeypatch.setattr(confidence, "models", lambda: capped)
    for q in questions:
        features = q["texts"][0]["features"]
        p = confidence.probability("text", features)
        assert p == pytest.approx(fit.prob(capped["text"], features))
        assert p == pytest.approx(min(cap, fit.prob(free["text"], features)))


@pytest.mark.parametrize(("right", "n"), [(0, 5), (3, 5), (9, 10), (50, 50), (164, 164)])
def test_the_wilson_lower_bound_is_below_the_share_and_rises_with_evidence(right: int,
                                                                           n: int) -> None:
    fit = load_script("fit_confidence")
    low = fit.wilson_lower(right, n)
    assert 0.0 <= low <= right / n and low < 1.0
    assert fit.wilson_lower(right * 4, n * 4) > low or right == 0
    assert fit.wilson_lower(0, 0) == 1.0


def test_held_out_rows_are_never_gathered_nor_returned(tmp_path, monkeypatch) -> None:
    import hashlib
    import json

    fit = load_script("fit_confidence")
    records = [{"id": f"qa{i:03d}", "doc": "D", "question": "?", "type": "number"}
               | ({"split": "tune"} if i % 3 == 0 else {}) for i in range(40)]
    gathered: list[str] = []

    def fake_gather(index, rows):
        gathered.extend(r["id"] for r in rows)
        return [{"id": r["id"], "split": r["split"], "texts": []} for r in rows]

    monkeypatch.setattr(fit.fit_gather, "gather_all", fake_gather)
    cache = tmp_path / "cache.json"
    rows = fit.load_questions(records, tmp_path, cache, ("tune",))
    tune = {r["id"] for r in records if r.get("split") == "tune"
            or (r.get("split") is None
                and int(hashlib.sha1(r["id"].encode()).hexdigest(), 16) % 2 == 1)}
    assert set(gathered) == tune == {q["id"] for q in rows}
    assert {q["round"] for q in rows} == {"round1"}
    gathered.clear()
    assert fit.load_questions(records, tmp_path, cache, ("tune",)) == rows
    assert gathered == []  # all from the cache
    assert {q["id"] for q in json.loads(cache.read_text())["rows"]} == tune


def test_the_script_replays_at_the_threshold_ask_answers_at() -> None:
    from greta_search.answer import THRESHOLD

    assert load_script("fit_confidence").THRESHOLD == THRESHOLD


# --- the candidates for the top: rare indicators left out, one model shared -----------------


@pytest.mark.parametrize("seed", range(3))
def test_an_indicator_set_in_few_rows_gets_no_coefficient(seed: int) -> None:
    """A kind seen in a few rows only, always right there: fitted freely it earns an
    intercept of its own; with min_rows it is left out, and the other features keep theirs."""
    fit = load_script("fit_confidence")
    rows = [q["texts"][0] for q in candidates(seed, 200)]
    rng = random.Random(seed)
    few = rng.sample(range(len(rows)), rng.randint(8, 20))
    for i, row in enumerate(rows):
        row["features"] = dict(row["features"], yesnoq=float(i in few))
        row["right"] = row["right"] or i in few
    names = fit.TEXT_FEATURES
    free = fit.fit(rows, names, cmax=1.0)
    lean = fit.fit(rows, names, cmax=1.0, min_rows=len(few) + 1)
    at = names.index("yesnoq")
    assert free["coef"][at] > 0 and lean["coef"][at] == 0.0
    assert lean["coef"][names.index("mass")] > 0
    assert fit.fit(rows, names, cmax=1.0, min_rows=len(few))["coef"][at] > 0  # enough rows
    assert fit.rare_indicators(fit.matrix(rows, names)[0], None) == [False] * len(names)


def shared_candidates(seed: int, table_share: float) -> list[dict]:
    """Candidates whose table answers are right at `table_share`, whatever their features."""
    rng = random.Random(seed)
    out = grouped(seed, 3, 2, 160)
    for q in out:
        if q["table"] is not None:
            q["table"]["right"] = rng.random() < table_share
    return out


@pytest.mark.parametrize("seed", range(3))
def test_one_shared_model_shrinks_the_table_toward_the_common_prior(seed: int) -> None:
    import json

    fit = load_script("fit_confidence")
    questions = shared_candidates(seed, 0.95)
    tables = fit.kind_rows(questions, "table")
    loose = fit.fit_models(questions, {**fit.METHODS["logistic-c0.1+agree+shared"],
                                       "cmax": 100.0})
    tight = fit.fit_models(questions, {**fit.METHODS["logistic-c0.1+agree+shared"],
                                       "cmax": 0.01})

    def gap(models: dict) -> float:
        return models["table"]["intercept"] - models["text"]["intercept"]

    # Table answers are more often right than sentences: the table's own offset is
    # positive, and smaller the stronger the regularisation.
    assert 0 < gap(tight) < gap(loose)
    mean = sum(fit.prob(tight["table"], t["features"]) for t in tables) / len(tables)
    alone = fit.fit_models(questions, {**fit.METHODS["logistic-c0.1+agree"], "cmax": 0.01})
    assert mean < sum(fit.prob(alone["table"], t["features"]) for t in tables) / len(tables)
    # A feature both models name has one coefficient; each model keeps the usual form.
    for models in (loose, tight):
        for name in set(models["text"]["features"]) & set(models["table"]["features"]):
            text, table = models["text"], models["table"]
            assert (text["coef"][text["features"].index(name)]
                    == table["coef"][table["features"].index(name)])
        assert json.loads(json.dumps(models)) == models
    assert fit.fit_models(questions, fit.METHODS["logistic-c0.1+agree+shared"]) == \
        fit.fit_models(questions, fit.METHODS["logistic-c0.1+agree+shared"])


# The methods of the new forms (rare indicators left out, one shared model, a tighter table,
# the agreement signals), with the cap on top of the shared model (the gated ones:
# tests/test_confidence_gate.py).
FORMS = sorted(n for n in load_script("fit_confidence").METHODS
               if any(w in n for w in ("kinds", "shared", "table-c", "agree", "routes"))
               and ("+cap" not in n or "shared" in n) and "gate" not in n)


@pytest.mark.parametrize("name", FORMS)
def test_every_method_fits_plain_json_that_ask_reads(name: str, monkeypatch) -> None:
    import json

    fit = load_script("fit_confidence")
    from greta_search import confidence

    questions = grouped(7, 3, 2, 90)
    models = json.loads(json.dumps(fit.fit_models(questions, fit.METHODS[name])))
    monkeypatch.setattr(confidence, "models", lambda: models)
    for q in questions:
        for kind, row in (("text", q["texts"][0]), ("table", q["table"])):
            if row is not None:
                p = confidence.probability(kind, row["features"])
                assert 0.0 <= p <= 1.0 and p == pytest.approx(fit.prob(models[kind],
                                                                       row["features"]))
