"""The choice of the confidence method (scripts/fit_confidence.py): a rule fixed in code
before any figure is seen, that reads the fresh fold first and the pooled validation after.

The tuning half's rows play two roles (the held-out half, a third, is never read here):
- development rows: the tuning rows of the rounds the developers have read while fixing
  the code (every round but the newest). Leaving one of their documents or rounds out
  flatters whatever trusts the features: the code was made right on those very rows.
- the fresh fold: the newest round's tuning rows (`--fresh`, by default the newest
  `added` round the tuning rows hold), read by no developer and used by the fit alone. Its
  rows are replayed by models fitted on every other tuning row (`fresh_split`), never on
  themselves: they behave as the questions of a new document will.

The rule (`rank`), in order:
1. The fresh fold's ECE is within its bound: at most ECE_TARGET, or at most what chance
   gives a calibrated model on as many rows (`ece_noise`: the 95th percentile of the ECE
   of outcomes drawn at the model's own confidences; a fold of ~180 rows moves the ECE by
   several hundredths). When no candidate passes, none is excluded for it.
2. The fewest wrong answers at >= TOP on the fresh fold, as a share of its questions (the
   issue counts wrong answers over the questions asked, not the top bin's precision: a
   model with a large top bin and a few mistakes is what the issue names as the failure).
   What the fold cannot tell apart is a tie: a candidate whose share is at most the Wilson
   upper bound of the fewest's share is as safe ("safe").
3. Of the safe ones, the most right answers at >= TOP on the fresh fold, alike up to the
   fold's noise: a candidate whose share is at least the Wilson lower bound of the most's
   is as useful ("useful"): a top shut to a few answers is not what the issue asks for.
4. Of the safe and useful ones, the fewest wrong answers at >= TOP on the fresh fold (the
   issue's target), then the most right ones there.
5. Then the pooled validation of all tuning rows (the mean of leave one document out and
   leave one round out): ECE at most ECE_TARGET first, then the worst document's share of
   wrong answers at >= TOP, the pooled wrong answers at >= TOP, the log loss.
"""

from __future__ import annotations

import math
import random
import re

# Issue 10's calibration target.
ECE_TARGET = 0.05
# Where the top begins, the two-sided 95% Wilson interval, and the draws of the ECE's noise.
TOP = 0.9
WILSON_Z = 1.96
NOISE_DRAWS = 400
NOISE_QUANTILE = 0.95


def round_number(name: str) -> int:
    """The number of a round ("round12" -> 12; 0 when it has none)."""
    found = re.search(r"(\d+)$", name)
    return int(found.group(1)) if found else 0


def newest_round(questions: list[dict]) -> str | None:
    """The newest round the rows hold (by its number), None when they hold one round only
    (then there is no fold to replay by models fitted on the others)."""
    rounds = sorted({q["round"] for q in questions}, key=lambda r: (round_number(r), r))
    return rounds[-1] if len(rounds) > 1 else None


def fresh_split(questions: list[dict], fresh: str) -> tuple[list[int], list[int]]:
    """(training indices, fresh indices): the fresh round's rows, and every other row, the
    only ones the models that score them are fitted on."""
    train = [i for i, q in enumerate(questions) if q["round"] != fresh]
    test = [i for i, q in enumerate(questions) if q["round"] == fresh]
    return train, test


def wilson(count: int, n: int, z: float = WILSON_Z) -> tuple[float, float]:
    """The Wilson interval of a proportion count/n ((0, 1) when n is 0)."""
    if n == 0:
        return 0.0, 1.0
    share = count / n
    centre = share + z * z / (2 * n)
    spread = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return (max(0.0, (centre - spread) / (1 + z * z / n)),
            min(1.0, (centre + spread) / (1 + z * z / n)))


def wilson_upper(count: int, n: int, z: float = WILSON_Z) -> float:
    """The upper bound of the Wilson interval of a proportion count/n (1 when n is 0)."""
    return wilson(count, n, z)[1]


def wilson_lower(count: int, n: int, z: float = WILSON_Z) -> float:
    """The lower bound of the Wilson interval of a proportion count/n (0 when n is 0)."""
    return wilson(count, n, z)[0]


def ece_noise(confidences: list[float], seed: int = 0) -> float:
    """The ECE a calibrated model shows by chance on these rows: outcomes drawn at the
    confidences themselves (each right with its own probability), NOISE_DRAWS times, and
    the NOISE_QUANTILE of their ECE (a consistency bound)."""
    from greta_search.evaluate import calibration

    rng = random.Random(seed)
    draws = sorted(calibration(confidences, [rng.random() < p for p in confidences])["ece"]
                   for _ in range(NOISE_DRAWS))
    return round(draws[min(len(draws) - 1, int(NOISE_QUANTILE * len(draws)))], 4)


def fresh_figures(replayed: list[tuple[float, bool]], figures: dict) -> dict:
    """The fresh fold's figures (`figures`, as fit_confidence.scores gives them) with what
    the rule reads: right answers at >= TOP, the Wilson upper bound of the share of its
    questions answered wrongly at >= TOP, and the ECE's noise."""
    n = figures["questions"]
    return figures | {"right_at_0.9": sum(p >= TOP and r for p, r in replayed),
                      "wrong_upper": round(wilson_upper(figures["wrong_at_0.9"], n), 4),
                      "ece_bound": max(ECE_TARGET, ece_noise([p for p, _ in replayed]))}


def fresh_validation(tune: list[dict], method: dict, threshold: float, fresh: str,
                     fit_models, replay, scores) -> dict:
    """The fresh fold's figures: its rows replayed by `method`'s models fitted on all the
    other tuning rows (`fresh_split`)."""
    train, test = fresh_split(tune, fresh)
    models = fit_models([tune[i] for i in train], method)
    replayed = [replay(tune[i], models, threshold) for i in test]
    return fresh_figures(replayed, scores(replayed, [tune[i] for i in test], threshold))


def pooled_key(figures: dict) -> tuple:
    """Step 5's order: calibrated first, then the worst document's and the pool's wrong
    answers at >= TOP, then the log loss."""
    return (figures["ece"] > ECE_TARGET, figures["worst_wrong"], figures["wrong_at_0.9"],
            figures["log_loss"])


def rank(results: dict[str, dict]) -> list[tuple[str, str]]:
    """The candidates in the rule's order (the first is chosen), each with the reasons of
    its place; `results` maps a name to {"fresh": fresh figures, "pooled": the mean of the
    pooled validations}."""
    within = {n for n, f in results.items() if f["fresh"]["ece"] <= f["fresh"]["ece_bound"]}
    ece_excludes = bool(within)
    admitted = within or set(results)

    def share(name: str, figure: str) -> float:
        return results[name]["fresh"][figure] / results[name]["fresh"]["questions"]

    safest = min(admitted, key=lambda n: results[n]["fresh"]["wrong_at_0.9"])
    safe_bound = results[safest]["fresh"]["wrong_upper"]
    safe = {n for n in admitted if share(n, "wrong_at_0.9") <= safe_bound}
    fullest = max(safe, key=lambda n: results[n]["fresh"]["right_at_0.9"])
    full = results[fullest]["fresh"]
    full_bound = wilson_lower(full["right_at_0.9"], full["questions"])
    useful = {n for n in safe if share(n, "right_at_0.9") >= full_bound}

    def key(name: str) -> tuple:
        fresh = results[name]["fresh"]
        return (ece_excludes and name not in within, name not in safe, name not in useful,
                fresh["wrong_at_0.9"], -fresh["right_at_0.9"],
                pooled_key(results[name]["pooled"]))

    ranked = []
    for name in sorted(results, key=key):
        fresh, pooled = results[name]["fresh"], results[name]["pooled"]
        reasons = [
            f"fresh ECE {fresh['ece']:.3f} {'<=' if name in within else '>'} bound "
            f"{fresh['ece_bound']:.3f}",
            f"fresh wrong at >= {TOP} {fresh['wrong_at_0.9']} of {fresh['questions']} "
            f"({'ties' if name in safe else 'above'} the fewest, {safest}'s upper bound "
            f"{safe_bound * fresh['questions']:.1f})",
            f"fresh right at >= {TOP} {fresh['right_at_0.9']} "
            f"({'ties' if name in useful else 'below'} the most, {fullest}'s lower bound "
            f"{full_bound * fresh['questions']:.1f})",
            f"pooled ECE {pooled['ece']:.3f}, worst document {pooled['worst_wrong']:.4f}, "
            f"wrong at >= {TOP} {pooled['wrong_at_0.9']}, log loss {pooled['log_loss']:.4f}",
        ]
        ranked.append((name, "; ".join(reasons)))
    return ranked


def choose_pooled(results: dict[str, dict]) -> str:
    """The method the pooled validation alone picks (no fresh fold: a set of one round):
    step 5 of the rule (the lowest log loss when none is calibrated)."""
    if not any(f["ece"] <= ECE_TARGET for f in results.values()):
        return min(results, key=lambda n: results[n]["log_loss"])
    return min(results, key=lambda n: pooled_key(results[n]))
