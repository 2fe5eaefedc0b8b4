"""Fit the confidence models of `ask` (greta_search/confidence.json) on the tuning half of a
labelled QA set.

    python scripts/fit_confidence.py --index /tmp/qa-e5-index [--qa tests/data/qa.jsonl]
        [--cache /tmp/qa-features.json] [--out greta_search/confidence.json] [--fresh ROUND]
        [--methods a,b,...] [--heldout]

The index must hold the documents the QA set names, built with the real e5 model. For each
question (restricted to its document) the candidates `ask` chooses between are gathered: the
best sentence by the ranking score (and the next few, kept for analysis), with its features
and short answer, and the table answer, if any; each is labelled right or wrong against the
gold answer (greta_search.evaluate). Two logistic regressions (scikit-learn, standardised
features, regularisation by cross-validated log loss) are fitted on the tuning half, one
for sentence answers and one for table answers, and written as plain JSON.

The QA rows play three roles, whatever rounds the set holds:
- development rows: the tuning rows of the rounds the developers have read while fixing
  the code (every round but the newest);
- the fresh fold: the newest round's tuning rows (`--fresh ROUND`; by default the newest
  `added` round of the tuning rows), read by no developer and used by this script alone:
  replayed by models fitted on all the other tuning rows (never on themselves) to choose
  the method, then fitted on with the others;
- the held-out half: measured once at the end (scripts/calibration.py --split heldout, or
  `--heldout` here), never read by the choice.
The method is chosen on the tuning half alone by a rule fixed in scripts/fit_choice.py:
the fresh fold first (its ECE within its bound; the fewest wrong answers at >= 0.9, counts
within the fold's noise, a Wilson upper bound, counted as ties; then the most right
answers at >= 0.9), then the pooled validation. That validation mimics a document (and a
round of labelling) never seen: each of METHODS (all features or a leaner set; C free or
capped; Platt scaling on out-of-fold log-odds; a temperature or Platt layer, a cap on the
top, or a gate on it, learnt from documents left out) is replayed leaving one document out
and leaving one round out (`SCHEMES`: the rows' `doc` and `added`), with the figures
(accuracy, coverage, ECE, log loss, wrong at >= 0.9) of each group left out and pooled.
The table of candidates in the rule's order is printed with its reasons; the first is
fitted on the whole tuning half (`--method` skips the choice; `--only table` refits one
model and keeps the other as it is in --out). Every step is seeded: the same candidates
give the same JSON. Only the tuning half's rows are gathered (both halves with
`--heldout`).
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
from fit_choice import (  # noqa: E402
    choose_pooled,
    fresh_validation,
    newest_round,
    rank,
)
from fit_gate import chosen, learn_gates  # noqa: E402
from fit_gather import (  # noqa: E402, F401  (re-exported)
    TABLE_ALTERNATIVES,
    disagreements,
    load_questions,
    round_of,
    split_of,
)
from fit_logistic import CS, fit, fit_shared, matrix, rare_indicators  # noqa: E402, F401

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
# The highest upper bound of a gate's region's share of wrong answers ("-sure" methods).
GATE_BOUND = 0.05
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
    # "x2": a region of up to two conditions, both to hold; "-sure": a region (or a kind
    # whole) opens the top only when the Wilson upper bound of its share of wrong answers
    # is at most GATE_BOUND (zero wrong among 20 is not that evidence; among 74 it is).
    "logistic-c0.03+gate0.8x2": {**FULL, "cmax": 0.03, "gate": True, "gate_from": 0.8,
                                 "gate_terms": 2},
    "logistic-c0.03+gate0.8-sure": {**FULL, "cmax": 0.03, "gate": True, "gate_from": 0.8,
                                    "gate_bound": GATE_BOUND},
    "logistic-c0.03+gate0.8x2-sure": {**FULL, "cmax": 0.03, "gate": True, "gate_from": 0.8,
                                      "gate_terms": 2, "gate_bound": GATE_BOUND},
    "logistic-c0.03+gate0.7x2-sure": {**FULL, "cmax": 0.03, "gate": True, "gate_from": 0.7,
                                      "gate_terms": 2, "gate_bound": GATE_BOUND},
}
# The validations: leave one document out, and leave one round of labelling out (the QA
# rows' `doc` and `round`, whatever documents and rounds the set holds): each group is
# replayed by models fitted on the others, as an unseen document or a new round would be.
SCHEMES = ("doc", "round")
# The groups of the smoothed isotonic map ("+doc-isotonic", `isotonic_knots`).
KNOTS = 10
# The confidence the top cap is learnt at (a 95% Wilson lower bound) and where the top begins.
WILSON_Z = 1.96
TOP = 0.9
# Below it `ask` answers nothing (greta_search.answer.THRESHOLD, the default of --threshold).
THRESHOLD = 0.5


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


def choose(tune: list[dict], args: argparse.Namespace, kept: dict | None) -> str:
    """The method the rule picks (scripts/fit_choice.py) among `--methods` (all of METHODS
    by default), each validated by the fresh fold and the pooled validation; the table of
    candidates in the rule's order is printed with its reasons."""
    fresh = args.fresh or newest_round(tune)
    if fresh is not None and fresh not in {q["round"] for q in tune}:
        raise SystemExit(f"error: no tuning row is of round {fresh}")
    print(f"fresh fold: {fresh} ({sum(q['round'] == fresh for q in tune)} tuning rows, "
          f"replayed by models fitted on the other {sum(q['round'] != fresh for q in tune)})"
          if fresh else "fresh fold: none (a single round): the pooled validation alone")
    results = {}
    for name in args.methods or METHODS:
        figures = validation(tune, METHODS[name], args.threshold, kept)
        report(name, figures)
        results[name] = {"pooled": figures["mean"]}
        if fresh:
            results[name]["fresh"] = fresh_validation(
                tune, METHODS[name], args.threshold, fresh,
                lambda rows, method: fit_models(rows, method, 0, kept), replay, scores)
            print(f"  {name} fresh fold {fresh}: {json.dumps(results[name]['fresh'])}")
    if not fresh:
        return choose_pooled({n: f["pooled"] for n, f in results.items()})
    ranked = rank(results)
    print("the rule's order (fresh fold, then the pooled validation):")
    for place, (name, reasons) in enumerate(ranked, start=1):
        print(f"{place:2}. {name:36} {reasons}")
    return ranked[0][0]


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
    parser.add_argument("--fresh", help="the fresh fold: the round whose tuning rows no "
                        "developer read (default: the newest round of the tuning rows)")
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
        chosen = choose(tune, args, kept)
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
