"""The logistic regressions of scripts/fit_confidence.py: one model fitted alone (`fit`:
standardised features, C chosen by cross-validated log loss, an optional Platt layer, rare
indicators left out) or both fitted as one (`fit_shared`)."""

from __future__ import annotations

# The inverse regularisations C is chosen among (up to a method's cap).
CS = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]


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
