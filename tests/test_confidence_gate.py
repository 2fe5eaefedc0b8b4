"""The gate of the "+gate" methods (scripts/fit_gate.py, greta_search.confidence.gated): a
confidence of 0.9 or more only inside the region where documents left out were never
answered wrongly, learnt on generated answers, applied by `ask` as the fit replays it, and
plain JSON."""

from __future__ import annotations

import json
import random

import pytest

from .conftest import load_script
from .test_confidence_fit import grouped

pytest.importorskip("sklearn")

NAMES = ("a", "b", "c")


def answers(seed: int, n: int = 80) -> list[tuple[bool, dict]]:
    """Generated top answers: wrong ones only where feature "a" is low (and at random)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        features = {name: round(rng.random(), 2) for name in NAMES}
        wrong = features["a"] < rng.uniform(0.2, 0.6) and rng.random() < 0.5
        out.append((not wrong, features))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_the_region_holds_no_wrong_answer_and_the_most_right_ones(seed: int) -> None:
    gate = load_script("fit_gate")
    found = answers(seed)
    least = random.Random(seed).choice([5, 10, 20])
    condition = gate.region(found, list(NAMES), least)
    # Every single condition "feature >= t" without a mistake, by brute force.
    clean = [sum(1 for _, f in found if f[n] >= t) for n in NAMES for t in {f[n] for _, f in found}
             if all(r for r, f in found if f[n] >= t)]
    clean = [k for k in clean if k >= least]
    if not any(not r for r, _ in found):
        assert condition == []
    elif not clean:
        assert condition is None
    else:
        [[name, t]] = condition
        inside = [r for r, f in found if f[name] >= t]
        assert all(inside) and len(inside) == max(clean) >= least


def test_a_kind_never_wrong_needs_no_gate_and_one_always_wrong_is_capped_whole() -> None:
    gate = load_script("fit_gate")
    right = [(True, {"a": i / 10}) for i in range(30)]
    assert gate.region(right, ["a"]) == []
    wrong = [(i % 2 == 0, {"a": 0.5}) for i in range(30)]
    assert gate.region(wrong, ["a"]) is None
    assert gate.gate(None) == {"cap": gate.GATE_CAP, "when": None}


@pytest.mark.parametrize("seed", range(6))
def test_a_gated_confidence_reaches_the_top_only_inside_its_region(seed: int) -> None:
    from greta_search.confidence import gated

    gate = load_script("fit_gate")
    rng = random.Random(seed)
    t = rng.random()
    spec = {"cap": gate.GATE_CAP, "when": [["a", t]]}
    for _ in range(50):
        p, a = rng.random(), rng.random()
        out = gated(spec, p, {"a": a})
        assert out == (p if p <= gate.GATE_CAP or a >= t else gate.GATE_CAP)
        assert gated({"cap": gate.GATE_CAP, "when": None}, p, {"a": a}) == min(p, gate.GATE_CAP)
        assert gated(None, p, {"a": a}) == p
    assert gate.GATE_CAP < gate.TOP


# The gated forms: learnt from the top, from a wider band, on the agreement signals, shut.
GATED = sorted(n for n in load_script("fit_confidence").METHODS
               if n.startswith("logistic-c0.03+") and ("gate" in n or "shut" in n))


@pytest.mark.parametrize("name", GATED)
def test_gated_methods_fit_plain_json_that_ask_reads_alike(name: str, monkeypatch) -> None:
    fit = load_script("fit_confidence")
    gate = load_script("fit_gate")
    from greta_search import confidence

    questions = grouped(3, 3, 2, 90)
    models = fit.fit_models(questions, fit.METHODS[name])
    assert json.loads(json.dumps(models)) == models
    if name == GATED[0]:
        assert fit.fit_models(questions, fit.METHODS[name]) == models  # seeded
    monkeypatch.setattr(confidence, "models", lambda: models)
    for kind in ("text", "table"):
        spec = models[kind].get("gate")
        if spec is None:
            continue
        assert spec["cap"] == gate.GATE_CAP
        for feature, _ in spec["when"] or ():
            assert feature in models[kind]["features"] and confidence.named((feature,))
    for q in questions:
        for kind, row in (("text", q["texts"][0]), ("table", q["table"])):
            if row is None:
                continue
            p = confidence.probability(kind, row["features"])
            assert p == pytest.approx(fit.prob(models[kind], row["features"]))
            spec = models[kind].get("gate")
            if spec and p >= gate.TOP:
                assert spec["when"] and all(row["features"].get(f, 0.0) >= t
                                            for f, t in spec["when"])


@pytest.mark.parametrize("seed", range(2))
def test_the_gate_is_learnt_from_documents_left_out_only(seed: int, monkeypatch) -> None:
    """The answers the region is learnt from are each given by models that never saw
    their document."""
    fit = load_script("fit_confidence")
    gate = load_script("fit_gate")
    questions = grouped(seed, 3, 2, 90)
    seen: list[tuple[set, set]] = []
    real = gate.chosen

    def spy(question, models, prob, threshold):
        seen.append((models["fitted_on"], {question["doc"]}))
        return real(question, models, prob, threshold)

    original = fit.fit_models

    def tagged(rows, method, seed=0, kept=None):
        models = original(rows, method, seed, kept)
        return models | {"fitted_on": {q["doc"] for q in rows}}

    monkeypatch.setattr(gate, "chosen", spy)
    folds = fit.leave_one_group_out(questions, "doc")
    models = original(questions, {**fit.METHODS["logistic-c0.03"]})
    gate.learn_gates(questions, {**fit.METHODS["logistic-c0.03+gate"]}, models,
                     lambda rows, m: tagged(rows, m), folds, fit.prob, fit.THRESHOLD, {})
    assert len(seen) == len(questions)
    assert all(not (fitted & doc) for fitted, doc in seen)


@pytest.mark.parametrize("value", [0.899, 0.8999, 0.895, 0.4999, 0.0951, 0.29, 0.93, 1.0, 0.0])
def test_a_confidence_is_printed_rounded_down(value: float) -> None:
    """A gated answer capped at 0.899 must never read "0.90" (CLI text, web page): the printed
    figure is never above the model's."""
    from greta_search.confidence import shown
    from greta_search.web.render import FILTERS

    printed = shown(value)
    assert float(printed) <= value + 1e-12 and value - float(printed) < 0.01
    assert len(printed.split(".")[1]) == 2 and FILTERS["confidence"](value) == printed


def two_sided(seed: int, n: int = 60) -> list[tuple[bool, dict]]:
    """Generated top answers wrong only where both "a" and "b" are low (and at random)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        features = {name: round(rng.random(), 1) for name in NAMES}
        wrong = features["a"] < 0.5 and features["b"] < 0.6 and rng.random() < 0.7
        out.append((not wrong, features))
    return out


def brute_force(found: list[tuple[bool, dict]], terms: int, least: int,
                bound: float | None) -> int:
    """The most right answers of any region of up to `terms` conditions that qualifies,
    every threshold seen tried (0 when none qualifies)."""
    gate = load_script("fit_gate")
    singles = [(n, t) for n in NAMES for t in sorted({f[n] for _, f in found})]
    regions = [[s] for s in singles] + ([[s, u] for s in singles for u in singles
                                         if s[0] < u[0]] if terms > 1 else [])
    best = 0
    for conditions in regions:
        inside = [r for r, f in found if all(f[n] >= t for n, t in conditions)]
        if gate.qualifies(sum(inside), len(inside) - sum(inside), least, bound):
            best = max(best, sum(inside))
    return best


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize(("terms", "bound"), [(1, None), (2, None), (1, 0.05), (2, 0.05),
                                              (2, 0.2)])
def test_a_region_of_up_to_two_conditions_is_the_best_that_qualifies(
        seed: int, terms: int, bound: float | None) -> None:
    gate = load_script("fit_gate")
    found = two_sided(seed, 60 if bound is None else 160)
    least = random.Random(seed).choice([5, 10, 20])
    condition = gate.region(found, list(NAMES), least, terms, bound)
    best = brute_force(found, terms, least, bound)
    wrong = sum(not r for r, _ in found)
    if gate.qualifies(len(found) - wrong, wrong, 0, bound):
        assert condition == []
    elif best == 0:
        assert condition is None
    else:
        assert 1 <= len(condition) <= terms
        inside = [r for r, f in found if all(f[n] >= t for n, t in condition)]
        assert gate.qualifies(sum(inside), len(inside) - sum(inside), least, bound)
        assert sum(inside) == best


def test_two_conditions_open_a_top_one_cannot_and_a_bound_wants_evidence() -> None:
    """Wrong answers where "a" is low or "b" is very low: no one condition holds none of
    them, two do ("a" and "b" high enough). A region of 20 answers all right does not meet
    a 5% bound on its share of mistakes; one of 80 does."""
    gate = load_script("fit_gate")
    grid = [(not (a < 5 or b < 2), {"a": a / 10, "b": b / 10, "c": 0.0})
            for a in range(10) for b in range(10)]
    assert gate.region(grid, list(NAMES)) is None
    assert gate.region(grid, list(NAMES), least=5, terms=2) == [["a", 0.5], ["b", 0.2]]
    few = [(True, {"a": 1.0})] * 20 + [(False, {"a": 0.0})]
    many = [(True, {"a": 1.0})] * 80 + [(False, {"a": 0.0})]
    assert gate.region(few, ["a"]) == [["a", 1.0]]
    assert gate.region(few, ["a"], bound=0.05) is None
    assert gate.region(many, ["a"], bound=0.05) == [["a", 1.0]]
    assert gate.region([(True, {"a": 1.0})] * 20, ["a"], bound=0.05) is None
