"""The gate of scripts/fit_confidence.py's "+gate" methods: a confidence of TOP (0.9) or more
only inside a region of the features where documents left out were never answered wrongly;
elsewhere the confidence is capped just under it (GATE_CAP).

The region of each model (sentence answers, table answers) is learnt on the training
documents alone, as a document never seen would meet it: each training document's
questions are answered by models fitted on the other documents, and of the answers given at
`gate_from` or more (the top, or a wider band with more mistakes to learn from), those of
the model's kind are kept; the region is the one condition "feature >= t" (a feature the
model reads, t one of the values seen), or with `gate_terms` 2 up to two conditions that
both hold, that holds no wrong answer and the most right ones, at least GATE_MIN of them;
with `gate_bound`, the region may hold wrong answers but the Wilson upper bound of their
share must be at most the bound (and a kind whose answers as a whole do not meet it is
gated too: few answers all right are no evidence). A kind whose answers need no region
(none wrong; with a bound, the bound met) needs no gate; one for which no region qualifies
is capped whole. Shipped as
plain JSON in the model: `"gate": {"cap": GATE_CAP, "when": [[feature, t], ...]}`
(greta_search.confidence applies it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling scripts
from fit_choice import wilson_upper  # noqa: E402

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


def qualifies(right: int, wrong: int, least: int, bound: float | None) -> bool:
    """Whether a region holding `right` and `wrong` answers may open the top: none wrong and
    at least `least` right; with a `bound`, at least `least` answers and the Wilson upper
    bound of its share of wrong answers at most `bound` (a region of few answers, even all
    right, is not evidence that a new document's answers there are right)."""
    if bound is None:
        return wrong == 0 and right >= least
    return right + wrong >= least and wilson_upper(wrong, right + wrong) <= bound


def thresholds(values, wrong) -> list[float]:
    """The thresholds worth trying on one feature: its lowest value, and for each wrong
    answer the lowest value above it (any other threshold only drops right answers)."""
    import numpy as np

    seen = np.unique(values)
    if len(seen) == 0:
        return []
    above = {float(seen[np.searchsorted(seen, v, side="right")]) for v in values[wrong]
             if v < seen[-1]}
    return sorted({float(seen[0])} | above)


def region(answers: list[tuple[bool, dict]], names: list[str], least: int = GATE_MIN,
           terms: int = 1, bound: float | None = None) -> list[list] | None:
    """The conditions [[feature, t], ...] (up to `terms` of them, all to hold) whose region
    of `answers` (right, features) qualifies (`qualifies`) with the most right answers;
    [] when the answers as a whole qualify, or with no bound when none is wrong (no
    gate); None when no region does (the kind capped whole). Ties: fewer conditions, then
    the earlier features."""
    import numpy as np

    right = np.array([r for r, _ in answers], dtype=bool)
    whole = right.all() if bound is None else qualifies(int(right.sum()),
                                                        int((~right).sum()), 0, bound)
    if whole:
        return []
    values = np.array([[f.get(n, 0.0) for n in names] for _, f in answers],
                      dtype=float).reshape(len(answers), len(names))
    cuts = [np.array(thresholds(values[:, j], ~right)) for j in range(len(names))]
    best: tuple[int, list[list]] | None = None
    everyone = np.ones(len(answers), dtype=bool)
    firsts = [(j, t) for j in range(len(names)) for t in cuts[j]] if terms > 1 else []
    for first, inside in [(None, everyone)] + [((j, t), values[:, j] >= t) for j, t in firsts]:
        for k in range(first[0] + 1 if first else 0, len(names)):
            within = inside[:, None] & (values[:, k][:, None] >= cuts[k][None, :])
            rights = (within & right[:, None]).sum(axis=0)
            wrongs = within.sum(axis=0) - rights
            for c in np.argsort(-rights, kind="stable"):
                if best is not None and rights[c] <= best[0]:
                    break
                if qualifies(int(rights[c]), int(wrongs[c]), least, bound):
                    terms_found = ([[names[first[0]], first[1]]] if first else []) + \
                        [[names[k], cuts[k][c]]]
                    best = (int(rights[c]), [[n, round(float(t), 6)] for n, t in terms_found])
                    break
    return None if best is None else best[1]


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
                           method.get("gate_min", GATE_MIN), method.get("gate_terms", 1),
                           method.get("gate_bound"))
        if condition != []:
            models[name]["gate"] = gate(condition)
