"""The gate of scripts/fit_confidence.py's "+gate" methods: a confidence of TOP (0.9) or more
only inside a region of the features where documents left out were never answered wrongly;
elsewhere the confidence is capped just under it (GATE_CAP).

The region of each model (sentence answers, table answers) is learnt on the training
documents alone, as a document never seen would meet it: each training document's
questions are answered by models fitted on the other documents, and of the answers given at
`gate_from` or more (the top, or a wider band with more mistakes to learn from), those of
the model's kind are kept; the region is the one condition "feature >= t" (a feature the
model reads, t one of the values seen) that holds no wrong answer and the most right ones,
at least GATE_MIN of them. A kind none of whose answers was wrong needs no gate; one for
which no condition holds GATE_MIN answers without a mistake is capped whole. Shipped as
plain JSON in the model: `"gate": {"cap": GATE_CAP, "when": [[feature, t]]}`
(greta_search.confidence applies it).
"""

from __future__ import annotations

from collections.abc import Callable

# Where the top begins, and the confidence an answer outside the region is capped at.
TOP = 0.9
GATE_CAP = 0.899
# The fewest answers a region must hold (fewer: the kind is capped whole).
GATE_MIN = 20


def chosen(question: dict, models: dict, prob: Callable, threshold: float
           ) -> tuple[float, bool, str | None, dict]:
    """What `ask` answers a gathered question with: (confidence, right, kind, features),
    as scripts/fit_confidence.py's `replay` decides (the best sentence, or the table when
    at least as likely right and above the threshold)."""
    p, right, kind, features = 0.0, question["gold"] is None, None, {}
    if question["texts"]:
        text = question["texts"][0]
        p = prob(models["text"], text["features"])
        if text["capped"]:
            p = min(p, 0.1)
        right, kind, features = text["right"], "text", text["features"]
    table = question["table"]
    if table is not None:
        q = prob(models["table"], table["features"])
        if q >= threshold and q >= p:
            p, right, kind, features = q, table["right"], "table", table["features"]
    return p, right, kind, features


def region(answers: list[tuple[bool, dict]], names: list[str],
           least: int = GATE_MIN) -> list[list] | None:
    """The condition [[feature, t]] under which none of `answers` (right, features) is wrong
    and the most are right (at least `least`); [] when none is wrong (no gate); None when
    no condition holds enough (the kind capped whole). Ties: the earlier feature."""
    if all(right for right, _ in answers):
        return []
    best: tuple[int, str, float] | None = None
    for name in names:
        for t in sorted({f.get(name, 0.0) for _, f in answers}):
            inside = [right for right, f in answers if f.get(name, 0.0) >= t]
            if len(inside) >= least and all(inside) and (best is None or len(inside) > best[0]):
                best = (len(inside), name, t)
    return None if best is None else [[best[1], round(float(best[2]), 6)]]


def gate(condition: list[list] | None) -> dict:
    """The JSON a model carries for a learnt region (None: capped whole)."""
    if condition is None:
        return {"cap": GATE_CAP, "when": None}
    return {"cap": GATE_CAP, "when": condition}


def learn_gates(tune: list[dict], method: dict, models: dict, fit_models: Callable,
                folds: list, prob: Callable, threshold: float, kept: dict) -> None:
    """Set each model's gate (not those in `kept`) in place, learnt from `folds` (the
    training documents, each answered by models fitted on the others: `fit_models`)."""
    start = method.get("gate_from", TOP)
    inner = {g: fit_models([tune[i] for i in train], {**method, "gate": False})
             for g, train, _ in folds}
    answers: dict[str, list[tuple[bool, dict]]] = {"text": [], "table": []}
    for g, _, test in folds:
        for i in test:
            p, right, kind, features = chosen(tune[i], inner[g], prob, threshold)
            if kind is not None and p >= start:
                answers[kind].append((bool(right), features))
    for name in ("text", "table"):
        if name in kept:
            continue
        condition = region(answers[name], models[name]["features"],
                           method.get("gate_min", GATE_MIN))
        if condition != []:
            models[name]["gate"] = gate(condition)
