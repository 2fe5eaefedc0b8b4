"""The confidence of an answer: the probability that it is right, from logistic models
fitted on a labelled set of questions (`scripts/fit_confidence.py`, tests/data/qa.jsonl,
tuning half) and shipped as JSON (`confidence.json`): one model for sentence answers, one
for table answers. Inference is a dot product in plain Python: no scikit-learn at query
time.

Each model is `{"features": [...], "mean": [...], "scale": [...], "coef": [...],
"intercept": c, "a": a, "b": b, "cap": m, "knots": [[z1, p1], ...]}`: features are
standardised, z = coef . x + c, and p = min(m, 1 / (1 + exp(-(a z + b)))), where a and b (a
temperature or Platt scaling, fitted on log-odds out of fold or of documents left out; 1 and
0 when the fit chose none) recalibrate the regression's own log-odds, and m (1 when absent)
caps the top at the accuracy the top answers of documents left out allow. A `"gate": {"cap":
g, "when": [[feature, least], ...]}` caps p at g (just under 0.9) unless every feature is at
least its `least` (the region where documents left out were never answered wrongly at the
top; `when` null: always). A model with
`knots` (a smoothed isotonic map fitted on the log-odds of documents left out) reads p off
them instead of the logistic curve: linear between knots, flat beyond the ends, monotone.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("confidence.json")


def shown(probability: float) -> str:
    """A confidence as printed: two decimals rounded down, so an answer the gate capped just
    under 0.9 (0.899) never reads "0.90"."""
    return f"{math.floor(probability * 100 + 1e-9) / 100:.2f}"


@functools.cache
def models() -> dict:
    """The fitted models, read once."""
    return json.loads(MODEL_FILE.read_text(encoding="utf-8"))


def read_by(model: dict) -> set[str]:
    """The features a model reads: its regression's and its gate's."""
    return set(model["features"]) | {name for name, _ in (model.get("gate") or {}).get("when")
                                     or ()}


def named(features: tuple[str, ...]) -> bool:
    """Whether either fitted model reads any of `features` (a feature no model names need
    not be computed)."""
    return any(set(features) & read_by(model) for model in models().values())


def regression_log_odds(model: dict, features: dict[str, float]) -> float:
    """A model's own log-odds for `features`, before a and b (a missing feature counts as 0)."""
    total = model["intercept"]
    for name, mean, scale, coef in zip(model["features"], model["mean"], model["scale"],
                                       model["coef"], strict=True):
        total += coef * (features.get(name, 0.0) - mean) / scale
    return total


def model_logit(model: dict, features: dict[str, float]) -> float:
    """A model's log-odds for `features`, recalibrated by its a and b."""
    return model.get("a", 1.0) * regression_log_odds(model, features) + model.get("b", 0.0)


def interpolate(knots: list[list[float]], x: float) -> float:
    """The piecewise-linear map through `knots` ([x, p] by increasing x) at x, flat beyond
    the first and the last."""
    if x <= knots[0][0]:
        return knots[0][1]
    for (x0, p0), (x1, p1) in itertools.pairwise(knots):
        if x <= x1:
            return p0 + (p1 - p0) * (x - x0) / (x1 - x0) if x1 > x0 else p1
    return knots[-1][1]


def gated(gate: dict | None, p: float, features: dict[str, float]) -> float:
    """`p` capped at the gate's cap unless the features are inside its region (every
    [feature, least] of `when` holds; `when` None: never)."""
    if not gate or p <= gate["cap"]:
        return p
    when = gate["when"]
    inside = when is not None and all(features.get(name, 0.0) >= least for name, least in when)
    return p if inside else gate["cap"]


def model_probability(model: dict, features: dict[str, float]) -> float:
    """The probability a model gives `features` (through its knots when it has them), the
    top capped, and gated."""
    x = model_logit(model, features)
    if model.get("knots"):
        p = interpolate(model["knots"], x)
    else:
        p = 1.0 / (1.0 + math.exp(-x)) if x > -50 else 0.0
    return gated(model.get("gate"), min(p, model.get("cap", 1.0)), features)


def logit(kind: str, features: dict[str, float]) -> float:
    """The shipped model's log-odds for `features`, recalibrated by its a and b."""
    return model_logit(models()[kind], features)


def probability(kind: str, features: dict[str, float]) -> float:
    """The probability that an answer of `kind` ("text" or "table") with these features
    is right."""
    return model_probability(models()[kind], features)
