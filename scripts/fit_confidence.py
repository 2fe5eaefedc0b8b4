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

The method is chosen on the tuning half alone: each of METHODS (all features or a leaner,
less redundant set; with or without Platt scaling of the log-odds, fitted on the model's
own out-of-fold log-odds; regularisation free or with C capped) is cross-validated over the
tuning half's questions (5 folds, 4 random splits; the answer `ask` would give replayed on
each held-back fold), and of those whose out-of-fold ECE is at most ECE_TARGET, the one with
the fewest wrong answers at confidence >= 0.9, then the lowest log loss, is fitted on the
whole tuning half (`--method` skips the choice; `--only table` refits one model and keeps
the other as it is in --out). Every step is seeded: the same candidates give the same JSON.
The table model is fitted on each question's table answer and on the answers the next
tables that match well enough would give (`TABLE_ALTERNATIVES`), labelled alike: tables
that were not chosen are most of its wrong examples. The gathered candidates can be cached
(`--cache`) to refit without re-embedding (a cache is of the code that gathered it: after a
change to parsing, spans or features, gather anew). The selection `ask` makes with the new
models is then replayed on the tuning half (and on the held-out half with `--heldout`, for
the one measurement made after merging) and summarised.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one

TEXT_FEATURES = ["mass", "keyword", "context", "heading", "dense", "passage", "span", "nospan",
                 "span_quality", "years", "prior", "reference", "listq", "numberq", "local",
                 "clause", "rivals", "span_margin", "margin"]
TABLE_FEATURES = ["match", "precision", "margin", "lead", "named", "retrieved", "aligned", "year",
                  "count", "meaning", "guess", "unit"]
# Fewer, less redundant features: the headings' share (context is keyword and heading
# together), the span found (nospan is its complement for typed questions), the passage's
# similarity (the sentence's own is kept), the margin (lead says it better).
LEAN_TEXT = ["mass", "keyword", "heading", "dense", "span", "span_quality", "years", "prior",
             "listq", "numberq", "local", "clause", "margin"]
LEAN_TABLE = ["match", "precision", "lead", "named", "retrieved", "year", "count", "meaning",
              "guess", "unit"]
# "-c0.1": C (inverse regularisation) chosen among CS up to 0.1 only: stronger
# regularisation, fewer extreme probabilities.
METHODS = {
    "logistic": {"text": TEXT_FEATURES, "table": TABLE_FEATURES, "platt": False},
    "logistic+platt": {"text": TEXT_FEATURES, "table": TABLE_FEATURES, "platt": True},
    "lean": {"text": LEAN_TEXT, "table": LEAN_TABLE, "platt": False},
    "lean+platt": {"text": LEAN_TEXT, "table": LEAN_TABLE, "platt": True},
    "logistic-c0.3": {"text": TEXT_FEATURES, "table": TABLE_FEATURES, "platt": False,
                      "cmax": 0.3},
    "logistic-c0.1": {"text": TEXT_FEATURES, "table": TABLE_FEATURES, "platt": False,
                      "cmax": 0.1},
    "logistic+platt-c0.1": {"text": TEXT_FEATURES, "table": TABLE_FEATURES, "platt": True,
                            "cmax": 0.1},
    "lean-c0.1": {"text": LEAN_TEXT, "table": LEAN_TABLE, "platt": False, "cmax": 0.1},
}
# The method chosen: among those whose out-of-fold ECE is at most ECE_TARGET, the one with
# the fewest out-of-fold wrong answers at confidence >= 0.9, then the lowest log loss
# (the lowest log loss of all when none reaches the target); issue 10's targets.
ECE_TARGET = 0.05
# Tables after the chosen one that a question's candidates include (`gather_all`).
TABLE_ALTERNATIVES = 3
CS = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
REPEATS = 4


def gather_all(index: Path, records: list[dict]) -> list[dict]:
    """Every question's candidates: features, short answer and label."""
    from greta_search.answer import (
        CHOICES,
        _evidence_text,
        documents,
        gather,
        lists_nothing,
        named_documents,
        short_answer,
        text_features,
        without_states,
    )
    from greta_search.answer_tables import table_answer
    from greta_search.evaluate import answer_correct
    from greta_search.search import Filters

    sys.path.insert(0, str(ROOT / "scripts"))
    from calibration import searcher_for  # the embedding-cached searcher

    searcher = searcher_for(index)
    out = []
    for number, record in enumerate(records, start=1):
        scope = Filters(doc=[record["doc"]])
        # As `ask` does: a State the question names picks the document and is then dropped.
        docs = documents(searcher, scope)
        named = named_documents(record["question"], docs)
        asked = without_states(record["question"], [c for d, c in docs if d in named])
        found = gather(searcher, asked, scope)
        q = found.question
        texts = []
        for s in found.sentences[:CHOICES]:
            evidence, _ = _evidence_text(q, s, searcher)
            answer = short_answer(q, s, evidence)
            texts.append({
                "features": text_features(q, s),
                "capped": not q.terms or bool(q.years and s.years == 0.0)
                or (q.kind in ("number", "date") and not s.span) or lists_nothing(q, s)
                or bool(found.note and s.years < 0.6),
                "answer": answer,
                "right": answer_correct(record, answer, evidence),
            })
        table = None
        if found.table is not None:
            table = {"features": found.table.features, "answer": found.table.text,
                     "right": answer_correct(record, found.table.text, found.table.evidence)}
        # The next tables that match well enough to answer, each answered from as if it had
        # been chosen: more (and more often wrong) table candidates to fit the model on.
        others = []
        ranks = {p.hit.chunk.position: i for i, p in enumerate(found.passages) if p.via is None}
        for n in range(1, TABLE_ALTERNATIVES + 1) if q.years or q.kind == "number" else ():
            other = table_answer(q, searcher, scope, ranks, alternative=n)[0]
            if other is None:
                break
            if table is None or other.text != table["answer"]:
                others.append({"features": other.features, "answer": other.text,
                               "right": answer_correct(record, other.text, other.evidence)})
        out.append({"id": record["id"], "split": record["split"], "type": record["type"],
                    "gold": record.get("answer"), "texts": texts, "table": table,
                    "other_tables": others})
        print(f"\r{number}/{len(records)}", end="", flush=True)
    print()
    return out


def matrix(rows: list[dict], names: list[str]):
    import numpy as np

    x = np.array([[row["features"].get(n, 0.0) for n in names] for row in rows], dtype=float)
    y = np.array([row["right"] for row in rows], dtype=int)
    return x, y


def fit(rows: list[dict], names: list[str], platt: bool = False, seed: int = 0,
        cmax: float | None = None) -> dict:
    """A standardised logistic regression of `right` on the named features, its
    regularisation chosen by 5-fold cross-validated log loss among CS up to `cmax` (a
    cap on C: stronger regularisation, fewer extreme probabilities); with `platt`, followed
    by a Platt scaling of its log-odds (a, b fitted on the model's own out-of-fold
    log-odds)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold

    x, y = matrix(rows, names)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    folds = min(5, int(min(y.sum(), len(y) - y.sum()))) if 0 < y.sum() < len(y) else 0
    if folds < 2:  # one class only: a constant model
        return {"features": names, "mean": mean.tolist(), "scale": scale.tolist(),
                "coef": [0.0] * len(names), "intercept": float(np.log((y.mean() + 0.01)
                                                                      / (1.01 - y.mean()))),
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


def prob(model: dict, features: dict) -> float:
    z = model["intercept"] + sum(
        coef * (features.get(n, 0.0) - mean) / scale
        for n, mean, scale, coef in zip(model["features"], model["mean"], model["scale"],
                                        model["coef"], strict=True))
    z = model.get("a", 1.0) * z + model.get("b", 0.0)
    return 1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0


def replay(question: dict, models: dict, threshold: float) -> tuple[float, bool]:
    """The confidence and the rightness of what `ask` would answer (before the threshold)."""
    best_p, best_right = 0.0, question["gold"] is None
    if question["texts"]:
        text = question["texts"][0]  # the best sentence by the ranking score
        best_p = prob(models["text"], text["features"])
        if text["capped"]:
            best_p = min(best_p, 0.1)
        best_right = text["right"]
    table = question["table"]
    if table is not None:
        p = prob(models["table"], table["features"])
        if p >= threshold and p >= best_p:
            best_p, best_right = p, table["right"]
    return best_p, best_right


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
            "wrong_at_0.9": sum(p >= 0.9 and not r for p, r in replayed)}


def fit_models(tune: list[dict], method: dict, seed: int = 0, kept: dict | None = None) -> dict:
    """Both models fitted on `tune` (the table model also on the tables not chosen), but
    for those in `kept` (name -> model), used as they are."""
    models = dict(kept or {})
    if "text" not in models:
        models["text"] = fit([q["texts"][0] for q in tune if q["texts"]], method["text"],
                             method["platt"], seed, method.get("cmax"))
    if "table" not in models:
        models["table"] = fit([q["table"] for q in tune if q["table"]]
                              + [t for q in tune for t in q.get("other_tables", [])],
                              method["table"], method["platt"], seed, method.get("cmax"))
    return models


def cross_validate(tune: list[dict], method: dict, threshold: float,
                   repeats: int = REPEATS, kept: dict | None = None) -> dict:
    """The method's out-of-fold figures on the tuning half: questions split in 5 folds
    (stratified by the question's type), models fitted on 4, the fifth
    replayed; averaged over `repeats` random splits."""
    from sklearn.model_selection import StratifiedKFold

    runs = []
    strata = [f"{q['type']}" for q in tune]
    for seed in range(repeats):
        replayed: list = [None] * len(tune)
        folds = StratifiedKFold(5, shuffle=True, random_state=seed)
        for train, test in folds.split(tune, [s if strata.count(s) >= 5 else "other"
                                             for s in strata]):
            models = fit_models([tune[i] for i in train], method, seed, kept)
            for i in test:
                replayed[i] = replay(tune[i], models, threshold)
        runs.append(scores(replayed, tune, threshold))
    return {k: round(sum(r[k] for r in runs) / len(runs), 4)
            for k in ("accuracy", "coverage", "ece", "log_loss", "wrong_at_0.9")}




def choose_method(results: dict[str, dict]) -> str:
    """The method to fit (see ECE_TARGET) from each method's out-of-fold figures."""
    calibrated = [n for n, f in results.items() if f["ece"] <= ECE_TARGET]
    if not calibrated:
        return min(results, key=lambda n: results[n]["log_loss"])
    return min(calibrated, key=lambda n: (results[n]["wrong_at_0.9"], results[n]["log_loss"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--qa", type=Path, default=ROOT / "tests" / "data" / "qa.jsonl")
    parser.add_argument("--cache", type=Path, help="gathered candidates (read or written)")
    parser.add_argument("--out", type=Path, default=ROOT / "greta_search" / "confidence.json")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--method", choices=sorted(METHODS),
                        help="skip the cross-validated choice of the method")
    parser.add_argument("--only", choices=["text", "table"],
                        help="refit this model alone, the other kept as it is in --out")
    parser.add_argument("--heldout", action="store_true",
                        help="also replay the held-out half (for the integrator, once)")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.qa.read_text().splitlines() if line.strip()]
    if args.cache and args.cache.exists():
        questions = json.loads(args.cache.read_text())
    else:
        questions = gather_all(args.index, records)
        if args.cache:
            args.cache.write_text(json.dumps(questions))
    tune = [q for q in questions if q["split"] == "tune"]
    # The method (features, Platt scaling or not) is chosen by out-of-fold log loss on the
    # tuning half alone; the held-out half is only replayed at the end.
    kept = None
    if args.only:
        other = "table" if args.only == "text" else "text"
        kept = {other: json.loads(args.out.read_text())[other]}
    chosen = args.method
    if chosen is None:
        results = {}
        for name, method in METHODS.items():
            results[name] = cross_validate(tune, method, args.threshold, kept=kept)
            print(f"{name:20} out-of-fold on the tuning half: {json.dumps(results[name])}")
        chosen = choose_method(results)
    print(f"method: {chosen}")
    models = fit_models(tune, METHODS[chosen], kept=kept)
    models[args.only or "text"]["method"] = chosen
    if not args.only:
        models["table"]["method"] = chosen
    args.out.write_text(json.dumps(models, indent=1) + "\n")
    print(f"wrote {args.out}")
    for split in ("tune", "heldout") if args.heldout else ("tune",):
        chosen_questions = [q for q in questions if q["split"] == split]
        print(split, json.dumps(summary(chosen_questions, models, args.threshold)))


if __name__ == "__main__":
    main()
