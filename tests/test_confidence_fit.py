"""How scripts/fit_confidence.py chooses and fits the confidence models, on generated
candidates: the method with the fewest confident mistakes among the calibrated ones, a cap
on C that holds, and a fit that is the same at every run (the integrator refits once)."""

from __future__ import annotations

import math
import random

import pytest

from .conftest import load_script

pytest.importorskip("sklearn")


def candidates(seed: int, n: int = 120) -> list[dict]:
    """Generated questions: one sentence candidate each, right with a probability that
    rises steeply with two of the features (so that a free C grows large), and a table
    candidate for every other one."""
    rng = random.Random(seed)
    fit = load_script("fit_confidence")
    out = []
    for i in range(n):
        features = {name: rng.random() for name in fit.TEXT_FEATURES}
        z = 12 * (features["mass"] - 0.5) + 8 * (features["margin"] - 0.5)
        right = rng.random() < 1 / (1 + math.exp(-z))
        cells = {name: rng.random() for name in fit.TABLE_FEATURES}
        table = {"features": cells, "answer": "y", "right": rng.random() < cells["match"]}
        out.append({"id": f"g{i}", "split": "tune", "type": rng.choice(["number", "date"]),
                    "gold": "x", "texts": [{"features": features, "capped": False,
                                            "answer": "x", "right": right}],
                    "table": table if i % 2 else None, "other_tables": []})
    return out


@pytest.mark.parametrize("seed", range(6))
def test_the_method_chosen_is_calibrated_then_least_often_confidently_wrong(seed: int) -> None:
    fit = load_script("fit_confidence")
    rng = random.Random(seed)
    results = {f"m{i}": {"ece": round(rng.uniform(0.02, 0.08), 3),
                         "wrong_at_0.9": rng.choice([0.0, 0.5, 1.25, 3.0]),
                         "log_loss": round(rng.uniform(0.2, 0.4), 3)} for i in range(6)}
    chosen = fit.choose_method(results)
    calibrated = {n: f for n, f in results.items() if f["ece"] <= fit.ECE_TARGET}
    if calibrated:
        assert chosen in calibrated
        best = min((f["wrong_at_0.9"], f["log_loss"]) for f in calibrated.values())
        assert (results[chosen]["wrong_at_0.9"], results[chosen]["log_loss"]) == best
    else:
        assert results[chosen]["log_loss"] == min(f["log_loss"] for f in results.values())


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
    first = fit.cross_validate(tune, method, 0.5, repeats=1)
    assert fit.cross_validate(tune, method, 0.5, repeats=1) == first
    assert set(first) == {"accuracy", "coverage", "ece", "log_loss", "wrong_at_0.9"}
