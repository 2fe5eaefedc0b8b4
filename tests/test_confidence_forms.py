"""The calibration forms scripts/fit_confidence.py can choose beyond a logistic curve: a
smoothed isotonic map of the log-odds (knots fitted on the log-odds of documents left out,
read back by greta_search.confidence) and the question's kind as features of the sentence
model (one indicator per kind but fact)."""

from __future__ import annotations

import math
import random

import pytest

from greta_search.answer import text_features
from greta_search.answer_types import KINDS, analyse
from greta_search.chunk import Chunk
from greta_search.confidence import interpolate, model_probability
from greta_search.search import Hit
from greta_search.sentences import Passage, Sentence

from .conftest import load_script
from .test_confidence_fit import grouped

KIND_FEATURES = {"number": "numberq", "list": "listq", "date": "dateq", "law": "lawq",
                 "body": "bodyq", "yesno": "yesnoq"}


def noisy(seed: int, n: int) -> tuple[list[float], list[int]]:
    """Log-odds and labels right with a probability that rises with them, unevenly."""
    rng = random.Random(seed)
    z = [rng.uniform(-4, 5) for _ in range(n)]
    y = [int(rng.random() < 1 / (1 + math.exp(-(1.5 * v if v < 1 else 0.4 * v + 1.1))))
         for v in z]
    return z, y


@pytest.mark.parametrize("seed", range(6))
def test_isotonic_knots_rise_stay_inside_zero_one_and_follow_the_rate(seed: int) -> None:
    fit = load_script("fit_confidence")
    rng = random.Random(seed)
    z, y = noisy(seed, rng.randint(80, 600))
    bins = rng.choice([4, 8, 10, 15])
    knots = fit.isotonic_knots(z, y, bins)
    assert len(knots) == bins
    xs, ps = [k[0] for k in knots], [k[1] for k in knots]
    assert xs == sorted(xs) and ps == sorted(ps)
    assert all(0.0 < p < 1.0 for p in ps)
    # The lowest group is right less often than the highest, and the knots say so.
    order = sorted(range(len(z)), key=z.__getitem__)
    share = len(z) // bins
    low = sum(y[i] for i in order[:share]) / share
    high = sum(y[i] for i in order[-share:]) / share
    assert ps[0] < ps[-1]
    assert abs(ps[0] - low) < 0.15 and abs(ps[-1] - high) < 0.15
    # A set where the log-odds say nothing: the map is flat at the base rate.
    flat = fit.isotonic_knots(z, [1] * len(z), bins)
    assert len({p for _, p in flat}) == 1


@pytest.mark.parametrize("seed", range(4))
def test_a_model_with_knots_is_monotone_flat_beyond_its_ends_and_capped(seed: int) -> None:
    rng = random.Random(seed)
    xs = sorted(rng.uniform(-5, 5) for _ in range(rng.randint(2, 9)))
    ps = sorted(rng.uniform(0.01, 0.99) for _ in xs)
    knots = [[x, p] for x, p in zip(xs, ps, strict=True)]
    model = {"features": ["f"], "mean": [0.0], "scale": [1.0], "coef": [1.0], "intercept": 0.0,
             "a": 1.0, "b": 0.0, "knots": knots}
    grid = [xs[0] - 3 + i * (xs[-1] - xs[0] + 6) / 200 for i in range(201)]
    probs = [model_probability(model, {"f": x}) for x in grid]
    assert probs == sorted(probs)
    assert model_probability(model, {"f": xs[0] - 10}) == ps[0]
    assert model_probability(model, {"f": xs[-1] + 10}) == ps[-1]
    for x, p in knots:
        assert model_probability(model, {"f": x}) == pytest.approx(p)
    if len(xs) > 1 and xs[1] > xs[0]:
        middle = (xs[0] + xs[1]) / 2
        assert interpolate(knots, middle) == pytest.approx((ps[0] + ps[1]) / 2)
    cap = rng.uniform(ps[0], ps[-1])
    assert max(model_probability({**model, "cap": cap}, {"f": x}) for x in grid) == cap


@pytest.mark.parametrize("seed", range(2))
def test_the_isotonic_layer_is_fitted_on_documents_left_out_and_read_back(seed: int,
                                                                          monkeypatch) -> None:
    fit = load_script("fit_confidence")
    from greta_search import confidence

    questions = grouped(seed, 3, 2, 90)
    method = fit.METHODS["logistic-c0.1+doc-isotonic"]
    models = fit.fit_models(questions, method)
    plain = fit.fit_models(questions, fit.METHODS["logistic-c0.1"])
    assert "knots" in models["text"] and "knots" not in plain["text"]
    assert models["text"]["coef"] == plain["text"]["coef"]  # the regression is the same
    monkeypatch.setattr(confidence, "models", lambda: models)
    scored = sorted((confidence.logit("text", q["texts"][0]["features"]),
                     confidence.probability("text", q["texts"][0]["features"]))
                    for q in questions)
    assert [p for _, p in scored] == sorted(p for _, p in scored)  # monotone in log-odds


def sentence(text: str) -> Sentence:
    chunk = Chunk(id="c", doc="D", text=text, citation="Q1", question=1, position=0)
    return Sentence(text, Passage(Hit(chunk, 1.0), prior=1.0, dense=0.9))


QUESTIONS = {
    "number": ["How many victims were identified in {y}?", "What was the number of {t} in {y}?"],
    "date": ["When was the {t} adopted?", "In which year was the {t} set up?"],
    "law": ["Which law governs the {t}?", "Under which article of the Criminal Code are {t} "
            "punished?"],
    "body": ["Which authority coordinates the {t}?", "Which agency is responsible for {t}?"],
    "yesno": ["Is there a {t}?", "Does the State fund the {t}?"],
    "list": ["What measures were taken to support {t}?", "List the NGOs providing {t}."],
}


@pytest.mark.parametrize("seed", range(8))
def test_the_sentence_model_reads_the_kind_asked_one_indicator_per_kind(seed: int) -> None:
    rng = random.Random(seed)
    topic = rng.choice(["shelters", "national referral mechanism", "hotline", "victims"])
    seen = set()
    for pattern in [p for ps in QUESTIONS.values() for p in ps]:
        q = analyse(pattern.format(t=topic, y=rng.randint(2015, 2026)))
        features = text_features(q, sentence(f"The {topic} was set up in 2019 by the Ministry."))
        on = {k for k, name in KIND_FEATURES.items() if features[name] == 1.0}
        assert set(KIND_FEATURES) <= set(KINDS) and set(KINDS) - set(KIND_FEATURES) == {"fact"}
        assert on == ({q.kind} if q.kind != "fact" else set())
        assert all(features[name] in (0.0, 1.0) for name in KIND_FEATURES.values())
        seen.add(q.kind)
    assert len(seen) >= 4  # the generated questions do span the kinds


def test_the_fit_reads_every_kind_feature_the_answer_code_writes() -> None:
    fit = load_script("fit_confidence")
    features = text_features(analyse("Which law applies?"), sentence("The Law on X applies."))
    assert set(fit.TEXT_FEATURES) == set(features)
    assert set(fit.LEAN_TEXT) <= set(features)
