"""Fit the confidence models of `ask` (greta_search/confidence.json) on the tuning half of a
labelled QA set.

    python scripts/fit_confidence.py --index /tmp/qa-e5-index [--qa tests/data/qa.jsonl]
        [--cache /tmp/qa-features.json] [--out greta_search/confidence.json] [--heldout]

The index must hold the documents the QA set names, built with the real e5 model. For each
question (restricted to its document) the candidates `ask` chooses between are gathered: the
best sentence by the ranking score (and the next few, kept for analysis), with its features
and short answer, and the table answer, if any; each is labelled right or wrong against the
gold answer (greta_search.evaluate). Two logistic regressions (scikit-learn, standardised
features, regularisation by cross-validated log loss) are fitted on the tuning half, one
for sentence answers and one for table answers, and written as plain JSON.

The method is chosen on the tuning half alone, by a validation that mimics a document (and a
round of labelling) never seen: each of METHODS (all features or a leaner set; C free or
capped; Platt scaling on out-of-fold log-odds; a temperature or Platt layer, or a cap on the
top, learnt from documents left out) is replayed leaving one document out and leaving one
round out (`SCHEMES`: whatever documents and rounds, the rows' `doc` and `added`, the set
holds), with the figures (accuracy, coverage, ECE, log loss, wrong at >= 0.9) of each group
left out and pooled; of the methods whose pooled ECE (the mean of the two validations) is
at most ECE_TARGET, the one with the fewest wrong answers at confidence >= 0.9, then the
lowest log loss, is fitted on the whole tuning half (`--method` skips the choice; `--only
table` refits one model and keeps the other as it is in --out). Every step is seeded: the
same candidates give the same JSON. Only the tuning half's rows are gathered (both halves
with `--heldout`).
The table model is fitted on each question's table answer and on the answers the next
tables that match well enough would give (`TABLE_ALTERNATIVES`), labelled alike: tables
that were not chosen are most of its wrong examples. The gathered candidates can be cached
(`--cache`) to refit without re-embedding (scripts/fit_gather.py: a cache gathered by other
code or from another index is gathered anew; each row records what `ask` answers, and a
fit on candidates that are not `ask`'s is refused, exit 2). The selection `ask` makes with the new
models is then replayed on the tuning half (and on the held-out half with `--heldout`, for
the one measurement made after merging) and summarised.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one

from greta_search.agreement import TABLE_SIGNALS, TEXT_SIGNALS  # noqa: E402
from greta_search.confidence import model_probability as prob  # noqa: E402  (what `ask` does)
from greta_search.confidence import regression_log_odds  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import fit_gather  # noqa: E402, F401  (the candidates, gathered as `ask` sees them, and cached)
from fit_gate import chosen, learn_gates  # noqa: E402
from fit_gather import (  # noqa: E402, F401  (re-exported)
    TABLE_ALTERNATIVES,
    disagreements,
    load_questions,
    round_of,
    split_of,
)

TEXT_FEATURES = ["mass", "keyword", "context", "heading", "dense", "passage", "span", "nospan",
                 "span_quality", "years", "prior", "reference", "listq", "numberq", "local",
                 "clause", "rivals", "span_margin", "margin", "dateq", "lawq", "bodyq",
                 "yesnoq", "role_rival", "yn_explicit", "yn_denied", "yn_affirmed",
                 "yn_overlap", "date_event"]
TABLE_FEATURES = ["match", "precision", "margin", "lead", "named", "retrieved", "aligned", "year",
                  "count", "meaning", "guess", "unit"]
# Fewer, less redundant features: the headings' share (context is keyword and heading
# together), the span found (nospan is its complement for typed questions), the passage's
# similarity (the sentence's own is kept), the margin (lead says it better).
LEAN_TEXT = ["mass", "keyword", "heading", "dense", "span", "span_quality", "years", "prior",
             "listq", "numberq", "dateq", "lawq", "bodyq", "yesnoq", "local", "clause",
             "margin", "yn_affirmed", "yn_overlap"]
LEAN_TABLE = ["match", "precision", "lead", "named", "retrieved", "year", "count", "meaning",
              "guess", "unit"]
# "-c0.1": C (inverse regularisation) chosen among CS up to 0.1 only: stronger
# regularisation, fewer extreme probabilities. "+platt": Platt scaling of the log-odds fitted
# on the model's own out-of-fold log-odds (random folds). "+doc-temperature" / "+doc-platt":
# a temperature (a alone) or a Platt layer (a and b) fitted on log-odds the model gives each
# training document when fitted on the others (cross-fitted: what it says of a document it
# has not seen). "+cap": the probability capped at the lowest top accuracy consistent with
# the training documents' answers at >= 0.9, each replayed by models fitted on the others
# (`top_cap`).
FULL = {"text": TEXT_FEATURES, "table": TABLE_FEATURES, "platt": False}
LEAN = {"text": LEAN_TEXT, "table": LEAN_TABLE, "platt": False}
# "+agree": the signals that carry over to a new document (greta_search.agreement): the
# document's parse share, the routes' agreement; "+routes": the agreement alone.
AGREE = {"text": TEXT_FEATURES + list(TEXT_SIGNALS),
         "table": TABLE_FEATURES + list(TABLE_SIGNALS), "platt": False}
ROUTES = {"text": TEXT_FEATURES + [n for n in TEXT_SIGNALS if n != "parsed"],
          "table": TABLE_FEATURES + [n for n in TABLE_SIGNALS if n != "parsed"],
          "platt": False}
# "-kinds": an indicator (a 0/1 feature) set in fewer than MIN_ROWS of the rows fitted on
# is left out (coefficient 0): an intercept learnt from a few rows of one kind ("yesnoq")
# does not carry over. "+shared": both models fitted as one (`fit_shared`): one intercept,
# the table's own intercept a penalised offset from it (shrunk toward the sentences'), the
# features both models name with one coefficient.
MIN_ROWS = 100
METHODS = {
    "logistic": FULL,
    "logistic+platt": {**FULL, "platt": True},
    "lean": LEAN,
    "lean+platt": {**LEAN, "platt": True},
    "logistic-c0.3": {**FULL, "cmax": 0.3},
    "logistic-c0.1": {**FULL, "cmax": 0.1},
    "logistic-c0.03": {**FULL, "cmax": 0.03},
    "logistic+platt-c0.1": {**FULL, "platt": True, "cmax": 0.1},
    "lean-c0.1": {**LEAN, "cmax": 0.1},
    "logistic+doc-temperature": {**FULL, "recalibrate": "temperature"},
    "logistic-c0.3+doc-temperature": {**FULL, "cmax": 0.3, "recalibrate": "temperature"},
    "logistic+doc-platt": {**FULL, "recalibrate": "platt"},
    "logistic-c0.1+cap": {**FULL, "cmax": 0.1, "cap": True},
    "logistic-c0.3+cap": {**FULL, "cmax": 0.3, "cap": True},
    "logistic-c0.1+doc-isotonic": {**FULL, "cmax": 0.1, "recalibrate": "isotonic"},
    "logistic-c0.3+doc-isotonic": {**FULL, "cmax": 0.3, "recalibrate": "isotonic"},
    "logistic-c0.1+doc-isotonic+cap": {**FULL, "cmax": 0.1, "recalibrate": "isotonic",
                                       "cap": True},
    "logistic-c0.1-kinds": {**FULL, "cmax": 0.1, "min_rows": MIN_ROWS},
    "logistic-c0.1+shared": {**FULL, "cmax": 0.1, "shared": True},
    "logistic-c0.1+table-c0.01": {**FULL, "cmax": 0.1, "table_cmax": 0.01},
    "logistic-c0.1+routes": {**ROUTES, "cmax": 0.1},
    "logistic-c0.1+agree": {**AGREE, "cmax": 0.1},
    "logistic-c0.1+agree-kinds": {**AGREE, "cmax": 0.1, "min_rows": MIN_ROWS},
    "logistic-c0.1+agree+shared": {**AGREE, "cmax": 0.1, "shared": True},
    "logistic-c0.1+agree-kinds+shared": {**AGREE, "cmax": 0.1, "min_rows": MIN_ROWS,
                                         "shared": True},
    "logistic-c0.1+agree-kinds+cap": {**AGREE, "cmax": 0.1, "min_rows": MIN_ROWS,
                                      "cap": True},
    "logistic-c0.1+routes-kinds+shared+cap": {**ROUTES, "cmax": 0.1, "min_rows": MIN_ROWS,
                                              "shared": True, "cap": True},
    "logistic-c0.1+agree+cap": {**AGREE, "cmax": 0.1, "cap": True},
    "logistic-c0.1+routes+cap": {**ROUTES, "cmax": 0.1, "cap": True},
    "logistic-c0.03+agree": {**AGREE, "cmax": 0.03},
    # "+gate": a confidence of 0.9 or more only inside the region learnt from documents left
    # out (scripts/fit_gate.py), from their answers at >= 0.9 or ("gate0.8") at >= 0.8;
    # "+shut": a kind of answer any of whose top answers was wrong capped whole.
    "logistic-c0.03+gate": {**FULL, "cmax": 0.03, "gate": True},
    "logistic-c0.03+gate0.8": {**FULL, "cmax": 0.03, "gate": True, "gate_from": 0.8},
    "logistic-c0.1+gate0.8": {**FULL, "cmax": 0.1, "gate": True, "gate_from": 0.8},
    "logistic-c0.03+agree+gate0.8": {**AGREE, "cmax": 0.03, "gate": True, "gate_from": 0.8},
    "logistic-c0.03+shut": {**FULL, "cmax": 0.03, "gate": True, "gate_min": 10**9},
}
# The method chosen: among those whose out-of-group ECE (pooled, the mean of the two
# validations, SCHEMES) is at most ECE_TARGET, the one whose worst document left out has
# the smallest share of its questions answered wrongly at confidence >= 0.9 (what a new
# document may see, not only the pool), then the fewest out-of-group wrong answers at
# >= 0.9, then the lowest log loss (the lowest log loss of all when none reaches the
# target); issue 10's targets.
ECE_TARGET = 0.05
# The validations: leave one document out, and leave one round of labelling out (the QA
# rows' `doc` and `round`, whatever documents and rounds the set holds): each group is
# replayed by models fitted on the others, as an unseen document or a new round would be.
SCHEMES = ("doc", "round")
# The groups of the smoothed isotonic map ("+doc-isotonic", `isotonic_knots`).
KNOTS = 10
CS = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
# The confidence the top cap is learnt at (a 95% Wilson lower bound) and where the top begins.
WILSON_Z = 1.96
TOP = 0.9
# Below it `ask` answers nothing (greta_search.answer.THRESHOLD, the default of --threshold).
THRESHOLD = 0.5


def matrix(rows: list[dict], names: list[str]):
    import numpy as np

    x = np.array([[row["features"].get(n, 0.0) for n in names] for row in rows], dtype=float)
    y = np.array([row["right"] for row in rows], dtype=int)
    return x, y


def rare_indicators(x, min_rows: int | None) -> list[bool]:
    """Per column of `x`: whether it is a 0/1 indicator set in fewer than `min_rows` rows
    (left out of the fit; none when `min_rows` is None)."""
    import numpy as np

    if min_rows is None or len(x) == 0:
        return [False] * x.shape[1]
    return [bool(np.isin(col, (0.0, 1.0)).all() and 0 < col.sum() < min_rows) for col in x.T]


def fit(rows: list[dict], names: list[str], platt: bool = False, seed: int = 0,
        cmax: float | None = None, min_rows: int | None = None) -> dict:
    """A standardised logistic regression of `right` on the named features, its
    regularisation chosen by 5-fold cross-validated log loss among CS up to `cmax` (a
    cap on C: stronger regularisation, fewer extreme probabilities); with `platt`, followed
    by a Platt scaling of its log-odds (a, b fitted on the model's own out-of-fold
    log-odds). An indicator set in fewer than `min_rows` rows gets coefficient 0
    (`rare_indicators`)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold

    x, y = matrix(rows, names)
    x = x.reshape(len(rows), len(names))
    mean = x.mean(axis=0) if rows else np.zeros(len(names))
    scale = x.std(axis=0) if rows else np.ones(len(names))
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    z[:, rare_indicators(x, min_rows)] = 0.0  # a constant column: its coefficient is 0
    folds = min(5, int(min(y.sum(), len(y) - y.sum()))) if 0 < y.sum() < len(y) else 0
    if folds < 2:  # one class only (or none, as a fold without tables): a constant model
        share = y.mean() if rows else 0.5
        return {"features": names, "mean": mean.tolist(), "scale": scale.tolist(),
                "coef": [0.0] * len(names),
                "intercept": float(np.log((share + 0.01) / (1.01 - share))),
                "a": 1.0, "b": 0.0, "C": 0.0,
                "trained_on": {"candidates": len(rows), "right": int(y.sum())}}
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    cs = [c for c in CS if cmax is None or c <= cmax]
    model = LogisticRegressionCV(Cs=cs, cv=cv, scoring="neg_log_loss",
                                 max_iter=5000).fit(z, y)
    a, b = 1.0, 0.0
    if platt:
        # Out-of-fold log-odds of the same model (same C), then one-feature logistic fit.
        oof = np.zeros(len(y))
        for train, test in cv.split(z, y):
            if len(set(y[train])) < 2:
                continue
            inner = LogisticRegression(C=float(model.C_[0]), max_iter=5000).fit(z[train], y[train])
            oof[test] = inner.decision_function(z[test])
        scaler = LogisticRegression(C=1e4, max_iter=5000).fit(oof.reshape(-1, 1), y)
        a, b = float(scaler.coef_[0][0]), float(scaler.intercept_[0])
    return {"features": names, "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "coef": [round(float(v), 6) for v in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "a": round(a, 6), "b": round(b, 6),
            "C": float(model.C_[0]),
            "trained_on": {"candidates": len(rows), "right": int(y.sum())}}


def fit_shared(text_rows: list[dict], table_rows: list[dict], method: dict,
               seed: int = 0) -> dict:
    """Both models fitted as one logistic regression (the "+shared" methods): each
    feature standardised on the rows of its model, a column per model's own feature (0 in
    the other model's rows), one column for a feature both name (standardised on all
    rows), and a table indicator: the table model's intercept is the common one plus
    that indicator's penalised coefficient, so a model fitted on few rows is shrunk toward
    the common prior. C is chosen as in `fit` (cross-validated log loss, up to the
    method's cmax). Written back as two models of the usual form (name -> model)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold

    kinds = {"text": (text_rows, method["text"]), "table": (table_rows, method["table"])}
    common = [n for n in method["text"] if n in method["table"]]
    columns = common + [f"{k}:{n}" for k, (_, names) in kinds.items()
                        for n in names if n not in common] + ["table?"]
    stats: dict[str, tuple[float, float]] = {}
    every = text_rows + table_rows
    for name in common:
        values = np.array([r["features"].get(name, 0.0) for r in every], dtype=float)
        stats[name] = (float(values.mean()), float(values.std()) or 1.0)
    blocks, ys = [], []
    for kind, (rows, names) in kinds.items():
        x, y = matrix(rows, names)
        x = x.reshape(len(rows), len(names))
        mean = x.mean(axis=0) if rows else np.zeros(len(names))
        scale = x.std(axis=0) if rows else np.ones(len(names))
        scale[scale == 0] = 1.0
        rare = rare_indicators(x, method.get("min_rows"))
        block = np.zeros((len(rows), len(columns)))
        for j, name in enumerate(names):
            m, sd = stats.get(name, (float(mean[j]), float(scale[j])))
            stats[f"{kind}:{name}"] = (m, sd)
            if not rare[j]:
                block[:, columns.index(name if name in common else f"{kind}:{name}")] = \
                    (x[:, j] - m) / sd
        block[:, -1] = float(kind == "table")
        blocks.append(block)
        ys.append(y)
    z, y = np.vstack(blocks), np.concatenate(ys)
    if not 0 < y.sum() < len(y) or min(y.sum(), len(y) - y.sum()) < 2 or not table_rows:
        return {k: fit(rows, names, False, seed, method.get("cmax"), method.get("min_rows"))
                for k, (rows, names) in kinds.items()}
    cv = StratifiedKFold(min(5, int(min(y.sum(), len(y) - y.sum()))), shuffle=True,
                         random_state=seed)
    cs = [c for c in CS if method.get("cmax") is None or c <= method["cmax"]]
    model = LogisticRegressionCV(Cs=cs, cv=cv, scoring="neg_log_loss",
                                 max_iter=5000).fit(z, y)
    coef = dict(zip(columns, model.coef_[0], strict=True))
    out = {}
    for kind, (rows, names) in kinds.items():
        keys = [n if n in common else f"{kind}:{n}" for n in names]
        offset = coef["table?"] if kind == "table" else 0.0
        out[kind] = {"features": names,
                     "mean": [round(stats[f"{kind}:{n}"][0], 6) for n in names],
                     "scale": [round(stats[f"{kind}:{n}"][1], 6) for n in names],
                     "coef": [round(float(coef[k]), 6) for k in keys],
                     "intercept": round(float(model.intercept_[0] + offset), 6),
                     "a": 1.0, "b": 0.0, "C": float(model.C_[0]),
                     "trained_on": {"candidates": len(rows),
                                    "right": int(sum(r["right"] for r in rows))}}
    return out


def replay(question: dict, models: dict, threshold: float) -> tuple[float, bool]:
    """The confidence and the rightness of what `ask` would answer (before the threshold):
    the best sentence by the ranking score, or the table answer (`fit_gate.chosen`)."""
    p, right, _, _ = chosen(question, models, prob, threshold)
    return p, right


def summary(questions: list[dict], models: dict, threshold: float) -> dict:
    return scores([replay(q, models, threshold) for q in questions], questions, threshold)


def scores(replayed: list[tuple[float, bool]], questions: list[dict], threshold: float) -> dict:
    """Accuracy, coverage, ECE, log loss and confident mistakes of replayed answers."""
    from greta_search.evaluate import calibration

    confidences = [p for p, _ in replayed]
    rights = [r for _, r in replayed]
    correct = sum(right if p >= threshold else q["gold"] is None
                  for (p, right), q in zip(replayed, questions, strict=True))
    loss = -sum(math.log(min(max(p, 1e-3), 1 - 1e-3) if r else 1 - min(max(p, 1e-3), 1 - 1e-3))
                for p, r in replayed) / len(replayed)
    n = len(questions)
    return {"questions": n, "accuracy": round(correct / n, 3),
            "coverage": round(sum(p >= threshold for p in confidences) / n, 3),
            "ece": round(calibration(confidences, rights)["ece"], 3),
            "log_loss": round(loss, 4),
            "wrong_at_0.9": sum(p >= 0.9 and not r for p, r in replayed),
            "at_0.9": sum(p >= 0.9 for p in confidences)}


def kind_rows(questions: list[dict], kind: str) -> list[dict]:
    """The candidates a model of `kind` is fitted on: each question's best sentence, or its
    table answer and the answers of the tables not chosen."""
    if kind == "text":
        return [q["texts"][0] for q in questions if q["texts"]]
    return ([q["table"] for q in questions if q["table"]]
            + [t for q in questions for t in q.get("other_tables", [])])


def leave_one_group_out(questions: list[dict], by: str) -> list[tuple[str, list[int], list[int]]]:
    """(group, training indices, held-out indices) for each value of the questions' `by`
    ("doc", "round"), in sorted order; none when there is a single group."""
    groups = sorted({q[by] for q in questions})
    if len(groups) < 2:
        return []
    return [(g, [i for i, q in enumerate(questions) if q[by] != g],
             [i for i, q in enumerate(questions) if q[by] == g]) for g in groups]


def wilson_lower(right: int, n: int, z: float = WILSON_Z) -> float:
    """The lower bound of the Wilson interval of a proportion right/n (1 when n is 0)."""
    if n == 0:
        return 1.0
    share = right / n
    centre = share + z * z / (2 * n)
    spread = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return max(0.0, (centre - spread) / (1 + z * z / n))


def isotonic_knots(z: list[float], y: list[int], bins: int = KNOTS) -> list[list[float]]:
    """A smoothed isotonic map of log-odds to probability, as knots [log-odds, probability]
    (`confidence.model_probability` interpolates between them, flat beyond the ends): an
    isotonic regression of `y` on `z`, averaged over `bins` groups of equal size in the
    order of z (each knot at its group's mean log-odds, its probability the group's mean
    with one right and one wrong answer added, never 0 or 1), so non-decreasing."""
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    order = np.argsort(z, kind="stable")
    zs, ys = np.asarray(z, dtype=float)[order], np.asarray(y, dtype=float)[order]
    fitted = IsotonicRegression(increasing=True).fit_transform(zs, ys)
    knots: list[list[float]] = []
    for group in np.array_split(np.arange(len(zs)), min(bins, len(zs))):
        if len(group) == 0:
            continue
        p = (fitted[group].sum() + 1.0) / (len(group) + 2.0)
        if knots and p < knots[-1][1]:
            p = knots[-1][1]  # groups of unequal size: kept non-decreasing
        knots.append([round(float(zs[group].mean()), 6), round(float(p), 6)])
    return knots


def recalibrate(tune: list[dict], method: dict, models: dict, seed: int, kept: dict) -> None:
    """The method's document-level layers, set on `models` in place (the models in `kept`
    left alone): each training document's candidates scored by models fitted on the other
    documents; a temperature or Platt layer fitted on those log-odds, and the top cap learnt
    from those answers (the lower bound of the accuracy of the ones at >= TOP)."""
    from sklearn.linear_model import LogisticRegression

    folds = leave_one_group_out(tune, "doc")
    if not folds:
        return
    inner = {g: fit_models([tune[i] for i in train], {**method, "recalibrate": None,
                                                      "cap": False}, seed, kept)
             for g, train, _ in folds}
    kind = method.get("recalibrate")
    for name in ("text", "table") if kind else ():
        if name in kept:
            continue
        z, y = [], []
        for g, _, test in folds:
            for row in kind_rows([tune[i] for i in test], name):
                z.append([regression_log_odds(inner[g][name], row["features"])])
                y.append(int(row["right"]))
        if len(set(y)) < 2:
            continue
        if kind == "isotonic":
            models[name]["knots"] = isotonic_knots([v for v, in z], y)
            continue
        layer = LogisticRegression(C=1e4, max_iter=5000,
                                   fit_intercept=kind == "platt").fit(z, y)
        models[name]["a"] = round(float(layer.coef_[0][0]), 6)
        models[name]["b"] = round(float(layer.intercept_[0]) if kind == "platt" else 0.0, 6)
    if method.get("cap"):
        # The inner models with the layer fitted above (if any), as the final ones will be.
        layer = {n: {k: models[n][k] for k in ("a", "b", "knots") if k in models[n]}
                 for n in models if kind and n not in kept}
        top = []
        for g, _, test in folds:
            layered = {n: {**m, **layer.get(n, {})} for n, m in inner[g].items()}
            top += [right for p, right in (replay(tune[i], layered, THRESHOLD) for i in test)
                    if p >= TOP]
        cap = round(wilson_lower(sum(top), len(top)), 4)
        for name in models:
            if name not in kept:
                models[name]["cap"] = cap


def fit_models(tune: list[dict], method: dict, seed: int = 0, kept: dict | None = None) -> dict:
    """Both models fitted on `tune` (the table model also on the tables not chosen), with
    the method's document-level layers (`recalibrate`), but for those in `kept` (name ->
    model), used as they are."""
    kept = kept or {}
    models = dict(kept)
    if method.get("shared") and not kept:
        models = fit_shared(kind_rows(tune, "text"), kind_rows(tune, "table"), method, seed)
    for name in ("text", "table"):
        if name not in models:
            cmax = method.get(f"{name}_cmax", method.get("cmax"))
            models[name] = fit(kind_rows(tune, name), method[name], method["platt"], seed,
                               cmax, method.get("min_rows"))
    if method.get("recalibrate") or method.get("cap"):
        recalibrate(tune, method, models, seed, kept)
    folds = leave_one_group_out(tune, "doc") if method.get("gate") else []
    if folds:
        learn_gates(tune, method, models, lambda rows, m: inner_fit(rows, m, seed, kept),
                    folds, prob, THRESHOLD, kept)
    return models


# The models fitted on the training documents less one (`inner_fit`): a validation fits the
# same sets again and again (leaving g then h out, or h then g).
_INNER: dict[str, dict] = {}


def inner_fit(rows: list[dict], method: dict, seed: int, kept: dict | None) -> dict:
    """`fit_models`, remembered by the content of its arguments."""
    key = hashlib.sha1(json.dumps([rows, method, seed, kept], sort_keys=True).encode())
    digest = key.hexdigest()
    if digest not in _INNER:
        _INNER[digest] = fit_models(rows, method, seed, kept)
    return copy.deepcopy(_INNER[digest])


FIGURES = ("accuracy", "coverage", "ece", "log_loss", "wrong_at_0.9", "at_0.9")
# The worst document left out (`worst`): its ECE, and its share of questions answered
# wrongly at >= 0.9 (per question, so that documents of any size compare).
WORST = ("doc_ece", "worst_ece", "worst_wrong", "worst_wrong_count")


def validate(tune: list[dict], method: dict, threshold: float, by: str,
             kept: dict | None = None) -> dict:
    """The method's out-of-group figures: each group of `by` (a document, a round) replayed
    by models fitted on the other groups; per group, pooled over all (`pooled`), and the
    groups' ECE weighted by their size (`group_ece`: how calibrated within one group)."""
    replayed: list = [None] * len(tune)
    groups = {}
    for g, train, test in leave_one_group_out(tune, by):
        models = fit_models([tune[i] for i in train], method, 0, kept)
        for i in test:
            replayed[i] = replay(tune[i], models, threshold)
        groups[g] = scores([replayed[i] for i in test], [tune[i] for i in test], threshold)
    if not groups:
        return {"pooled": None, "groups": {}, "group_ece": None}
    pooled = scores(replayed, tune, threshold)
    return {"pooled": pooled, "groups": groups,
            "group_ece": round(sum(f["ece"] * f["questions"] for f in groups.values())
                               / len(tune), 3)}


def validation(tune: list[dict], method: dict, threshold: float,
               kept: dict | None = None) -> dict:
    """Both validations (SCHEMES) and the mean of their pooled figures (`mean`, what the
    method is chosen by); a scheme with a single group is left out."""
    out = {by: validate(tune, method, threshold, by, kept) for by in SCHEMES}
    pooled = [v["pooled"] for v in out.values() if v["pooled"] is not None]
    if not pooled:
        raise SystemExit("error: the validation needs at least two documents or rounds")
    out["mean"] = {k: round(sum(f[k] for f in pooled) / len(pooled), 4) for k in FIGURES}
    out["mean"] |= worst(out["doc"]["groups"] or out["round"]["groups"])
    return out


def worst(groups: dict[str, dict]) -> dict:
    """The groups left out (documents, else rounds): their ECE weighted by their size
    (how calibrated within one new document), the worst group's ECE, and the highest
    share of a group's questions answered wrongly at >= 0.9."""
    total = sum(f["questions"] for f in groups.values())
    return {"doc_ece": round(sum(f["ece"] * f["questions"] for f in groups.values()) / total, 3),
            "worst_ece": max(f["ece"] for f in groups.values()),
            "worst_wrong": round(max(f["wrong_at_0.9"] / f["questions"]
                                     for f in groups.values()), 4),
            "worst_wrong_count": max(f["wrong_at_0.9"] for f in groups.values())}


def choose_method(results: dict[str, dict]) -> str:
    """The method to fit (see ECE_TARGET) from each method's out-of-group figures."""
    calibrated = [n for n, f in results.items() if f["ece"] <= ECE_TARGET]
    if not calibrated:
        return min(results, key=lambda n: results[n]["log_loss"])
    return min(calibrated, key=lambda n: (results[n]["worst_wrong"], results[n]["wrong_at_0.9"],
                                          results[n]["log_loss"]))


def report(name: str, figures: dict) -> None:
    """One method's validation, a line per held-out group and the pooled figures."""
    for by in SCHEMES:
        v = figures[by]
        if v["pooled"] is None:
            continue
        for g, f in v["groups"].items():
            print(f"  {name} leave-{by}-out {g}: {json.dumps(f)}")
        print(f"  {name} leave-{by}-out pooled: {json.dumps(v['pooled'])}"
              f" group_ece {v['group_ece']}")
    print(f"{name:32} mean of the validations: {json.dumps(figures['mean'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--qa", type=Path, default=ROOT / "tests" / "data" / "qa.jsonl")
    parser.add_argument("--cache", type=Path, help="gathered candidates (read or written)")
    parser.add_argument("--out", type=Path, default=ROOT / "greta_search" / "confidence.json")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--method", choices=sorted(METHODS),
                        help="skip the validated choice of the method")
    parser.add_argument("--methods", type=lambda v: v.split(","),
                        help="validate only these methods (comma-separated) and choose among "
                             "them")
    parser.add_argument("--only", choices=["text", "table"],
                        help="refit this model alone, the other kept as it is in --out")
    parser.add_argument("--heldout", action="store_true",
                        help="also replay the held-out half (for the integrator, once)")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.qa.read_text().splitlines() if line.strip()]
    splits = ("tune", "heldout") if args.heldout else ("tune",)
    questions = load_questions(records, args.index, args.cache, splits)
    bad = disagreements(questions)
    if bad:
        print(f"error: the candidates of {len(bad)} rows are not what `ask` answers "
              f"({', '.join(bad[:5])}{' ...' if len(bad) > 5 else ''}); gather them anew "
              f"(delete {args.cache or 'the cache'})", file=sys.stderr)
        raise SystemExit(2)
    tune = [q for q in questions if q["split"] == "tune"]
    kept = None
    if args.only:
        other = "table" if args.only == "text" else "text"
        kept = {other: json.loads(args.out.read_text())[other]}
    # The method is chosen on the tuning half alone, each document (each round) replayed
    # by models fitted on the others; the held-out half is only replayed at the end.
    chosen = args.method
    unknown = sorted(set(args.methods or ()) - set(METHODS))
    if unknown:
        raise SystemExit(f"error: unknown method {', '.join(unknown)}; "
                         f"choose among {', '.join(METHODS)}")
    if chosen is None:
        results = {}
        for name in args.methods or METHODS:
            figures = validation(tune, METHODS[name], args.threshold, kept)
            report(name, figures)
            results[name] = figures["mean"]
        for name, figures in results.items():
            print(f"{name:40} " + " ".join(f"{k} {figures[k]}" for k in FIGURES + WORST))
        chosen = choose_method(results)
    print(f"method: {chosen}")
    models = fit_models(tune, METHODS[chosen], kept=kept)
    models[args.only or "text"]["method"] = chosen
    if not args.only:
        models["table"]["method"] = chosen
    args.out.write_text(json.dumps(models, indent=1) + "\n")
    print(f"wrote {args.out}")
    for split in splits:
        chosen_questions = [q for q in questions if q["split"] == split]
        print(split, "in sample" if split == "tune" else "",
              json.dumps(summary(chosen_questions, models, args.threshold)))


if __name__ == "__main__":
    main()
