"""Fit the confidence models of `ask` (greta_search/confidence.json) on the tuning half of a
labelled QA set.

    python scripts/fit_confidence.py --index /tmp/qa-e5-index [--qa tests/data/qa.jsonl]
        [--cache /tmp/qa-features.json] [--out greta_search/confidence.json]

The index must hold the documents the QA set names, built with the real e5 model. For each
question (restricted to its document) the candidates `ask` chooses between are gathered: the
best sentence by the ranking score (and the next few, kept for analysis), with its features
and short answer, and the table answer, if any; each is labelled right or wrong against the
gold answer (greta_search.evaluate). Two logistic regressions (scikit-learn, standardised
features, regularisation by cross-validation) are fitted on the tuning half, one for
sentence answers and one for table answers, and written as plain JSON. The
gathered candidates can be cached (`--cache`) to refit without re-embedding. The selection
`ask` makes with the new models is then replayed on both halves and summarised.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one


def gather_all(index: Path, records: list[dict]) -> list[dict]:
    """Every question's candidates: features, short answer and label."""
    from greta_search.answer import (
        CHOICES,
        _evidence_text,
        gather,
        short_answer,
        text_features,
    )
    from greta_search.evaluate import answer_correct
    from greta_search.search import Filters, Searcher
    from greta_search.store import IndexStore

    searcher = Searcher(IndexStore(index))
    out = []
    for number, record in enumerate(records, start=1):
        found = gather(searcher, record["question"], Filters(doc=[record["doc"]]))
        q = found.question
        texts = []
        for s in found.sentences[:CHOICES]:
            evidence, _ = _evidence_text(q, s, searcher)
            answer = short_answer(q, s, evidence)
            texts.append({
                "features": text_features(q, s),
                "capped": not q.terms or bool(q.years and s.years == 0.0)
                or (q.kind in ("number", "date") and not s.span)
                or bool(found.note and s.years < 0.6),
                "answer": answer,
                "right": answer_correct(record, answer, evidence),
            })
        table = None
        if found.table is not None:
            table = {"features": found.table.features, "answer": found.table.text,
                     "right": answer_correct(record, found.table.text, found.table.evidence)}
        out.append({"id": record["id"], "split": record["split"], "type": record["type"],
                    "gold": record.get("answer"), "texts": texts, "table": table})
        print(f"\r{number}/{len(records)}", end="", flush=True)
    print()
    return out


def fit(rows: list[dict], names: list[str]) -> dict:
    """A standardised logistic regression of `right` on the named features, its
    regularisation chosen by 5-fold cross-validated log loss."""
    import numpy as np
    from sklearn.linear_model import LogisticRegressionCV

    x = np.array([[row["features"].get(n, 0.0) for n in names] for row in rows], dtype=float)
    y = np.array([row["right"] for row in rows], dtype=int)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegressionCV(Cs=[0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0], cv=5,
                                 scoring="neg_log_loss", max_iter=2000).fit((x - mean) / scale, y)
    return {"features": names, "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "coef": [round(float(v), 6) for v in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "C": float(model.C_[0]),
            "trained_on": {"candidates": len(rows), "right": int(y.sum())}}


def prob(model: dict, features: dict) -> float:
    z = model["intercept"] + sum(
        coef * (features.get(n, 0.0) - mean) / scale
        for n, mean, scale, coef in zip(model["features"], model["mean"], model["scale"],
                                        model["coef"], strict=True))
    return 1.0 / (1.0 + math.exp(-z))


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
    from greta_search.evaluate import calibration

    confidences, rights, correct = [], [], 0
    wrong_high = 0
    for q in questions:
        p, right = replay(q, models, threshold)
        confidences.append(p)
        rights.append(right)
        answered = p >= threshold
        correct += right if answered else q["gold"] is None
        wrong_high += p >= 0.9 and not right
    n = len(questions)
    return {"questions": n, "accuracy": round(correct / n, 3),
            "coverage": round(sum(p >= threshold for p in confidences) / n, 3),
            "ece": round(calibration(confidences, rights)["ece"], 3),
            "wrong_at_0.9": wrong_high}


TEXT_FEATURES = ["mass", "keyword", "context", "heading", "dense", "passage", "span", "nospan",
                 "span_quality", "years", "prior", "reference", "listq", "numberq"]
TABLE_FEATURES = ["match", "precision", "margin", "lead", "named", "retrieved", "aligned", "year",
                  "count"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--qa", type=Path, default=ROOT / "tests" / "data" / "qa.jsonl")
    parser.add_argument("--cache", type=Path, help="gathered candidates (read or written)")
    parser.add_argument("--out", type=Path, default=ROOT / "greta_search" / "confidence.json")
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    records = [json.loads(line) for line in args.qa.read_text().splitlines() if line.strip()]
    if args.cache and args.cache.exists():
        questions = json.loads(args.cache.read_text())
    else:
        questions = gather_all(args.index, records)
        if args.cache:
            args.cache.write_text(json.dumps(questions))
    tune = [q for q in questions if q["split"] == "tune"]
    models = {
        "text": fit([q["texts"][0] for q in tune if q["texts"]], TEXT_FEATURES),
        "table": fit([q["table"] for q in tune if q["table"]], TABLE_FEATURES),
    }
    args.out.write_text(json.dumps(models, indent=1) + "\n")
    print(f"wrote {args.out}")
    for split in ("tune", "heldout"):
        chosen = [q for q in questions if q["split"] == split]
        print(split, json.dumps(summary(chosen, models, args.threshold)))


if __name__ == "__main__":
    main()
