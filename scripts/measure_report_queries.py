"""Measure how well queries in French and in English find GRETA's findings (`kind`
"recommendation") in generated reports of both languages, with e5, dense vs hybrid.

Six synthetic reports (scripts/make_greta_report.py: three English, three French) are
indexed with e5 (about 25 s here); each of 9 Convention articles is asked about in French
and in English. For each query: is the first finding on the article asked about, and how
many of the article's findings (the main one of each report) are in the top R (R = their
number), counted by the report's language.

    python scripts/measure_report_queries.py [--index /tmp/report-queries-e5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import make_greta_report as gen  # noqa: E402

import greta_search as gs  # noqa: E402

STYLES = [gen.Style("en", "roman", "bold"), gen.Style("fr", "roman", "bold"),
          gen.Style("en", "numbers", "italic"), gen.Style("fr", "letters", "plain"),
          gen.Style("en", "letters", "plain"), gen.Style("fr", "numbers", "italic")]
QUERIES = {
    "fr": {5: "campagnes de sensibilisation pour les groupes à risque",
           10: "identification proactive des victimes parmi les demandeurs d'asile",
           12: "hébergement sûr et assistance psychologique",
           13: "délai de rétablissement et de réflexion",
           15: "indemnisation des victimes, fonds public",
           16: "retour volontaire des victimes et évaluation des risques",
           23: "sanctions effectives et dissuasives",
           26: "non-sanction des victimes contraintes à des activités illicites",
           29: "moyens du coordinateur national"},
    "en": {5: "awareness campaigns for groups at risk",
           10: "proactive identification of victims among asylum seekers",
           12: "safe accommodation and psychological assistance",
           13: "recovery and reflection period",
           15: "state compensation fund for victims",
           16: "voluntary return with risk assessment",
           23: "effective and dissuasive sanctions",
           26: "non-punishment of victims compelled to commit offences",
           29: "resources of the national coordinator"},
}
# the generic second finding some articles have ("GRETA invites ... to monitor the results
# of these measures") is about no article in particular: not counted (unless in a list)
GENERIC = ("monitor the results", "suivre les résultats")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=Path("/tmp/report-queries-e5"))
    args = parser.parse_args(argv)
    folder = args.index.parent / (args.index.name + "-reports")
    folder.mkdir(parents=True, exist_ok=True)
    paths, langs = [], {}
    for n, style in enumerate(STYLES):
        text, truth = gen.make_report(80 + n, style)
        paths.append(folder / f"report-{n}.txt")
        paths[-1].write_text(text, encoding="utf-8")
        langs[truth.code] = truth.lang
    if not (args.index / "current").exists():
        gs.build_index(paths, args.index, model="e5")
    idx = gs.open_index(args.index)
    findings = [c for c in idx.chunks if c.kind == "recommendation"
                and (not any(g in c.text for g in GENERIC) or "\n- " in c.text)]
    for mode in ("dense", "hybrid"):
        for lang, queries in QUERIES.items():
            first = asked = 0
            found = {"en": [0, 0], "fr": [0, 0]}
            for article, query in queries.items():
                relevant = [c for c in findings if c.articles == [article]]
                if not relevant:
                    continue
                asked += 1
                hits = idx.search(query, k=len(relevant), per_question=0, mode=mode,
                                  kind="recommendation")
                first += bool(hits) and hits[0].articles == [article]
                got = {h.chunk.id for h in hits}
                for c in relevant:
                    found[langs[c.doc]][1] += 1
                    found[langs[c.doc]][0] += c.id in got
            print(f"{mode:6} {lang} queries {asked}: first on the article {first}/{asked}; "
                  f"in the top R: English findings {found['en'][0]}/{found['en'][1]}, "
                  f"French findings {found['fr'][0]}/{found['fr'][1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
