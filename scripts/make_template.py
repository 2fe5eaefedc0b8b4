"""Make the questionnaire templates shipped in greta_search/templates/.

round4.json is derived from the seed reply (the fourth round's 42 questions, their sub-items,
Parts and Sections with their Convention articles), parsed with generic detection only.
round3.json carries the third round's Part/Section structure (no question texts are known
here; see /work/shared/reference/greta-questionnaires.md). Deterministic output.

    python scripts/make_template.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from greta_search.parse import parse_file  # noqa: E402
from greta_search.template import GENERIC, TEMPLATES  # noqa: E402

SEED = ROOT / "corpus" / "greta-2023-11-aze-reply.txt"

ROUND3_SECTIONS = [
    ("1", "Right to information", [12, 15]),
    ("2", "Legal assistance and free legal aid", [15]),
    ("3", "Compensation from the perpetrators", [15]),
    ("4", "State compensation", [15]),
    ("5", "Sanctions and measures", [23]),
    ("6", "Ex parte and ex officio applications", [27]),
    ("7", "Non-punishment provision", [26]),
    ("8", "Protection of victims and witnesses", [28, 30]),
    ("9", "Specialised authorities and co-ordinating bodies", [29]),
    ("10", "International co-operation", [32]),
    ("11", "Cross-cutting questions", []),
]


def round4() -> dict:
    doc = parse_file(SEED, template=GENERIC)
    parts, questions = [], []
    for part in doc.parts:
        sections = []
        for sec in part.sections:
            sections.append({
                "numeral": sec.numeral,
                "title": sec.title,
                "articles": sec.articles,
                "questions": [q.number for q in sec.questions],
            })
            for q in sec.questions:
                lettered = all(i.label.isalpha() for i in q.items)
                entry = {"number": q.number, "text": q.text}
                if q.items:
                    entry["item_style"] = "letters" if lettered else "bullets"
                    entry["items"] = [{"label": i.label, "text": i.text} for i in q.items]
                questions.append(entry)
        parts.append({"label": part.label.removeprefix("Part "), "title": part.title,
                      "sections": sections})
    return {
        "name": "GRETA questionnaire, fourth evaluation round",
        "round": 4,
        "source": f"derived from {SEED.name} by scripts/make_template.py",
        "parts": parts,
        "questions": questions,
    }


def round3() -> dict:
    return {
        "name": "GRETA questionnaire, third evaluation round (structure only)",
        "round": 3,
        "source": "the Part/Section structure of the third round's questionnaire",
        "parts": [
            {"label": "I", "title": "Access to justice and effective remedies",
             "sections": [{"numeral": n, "title": t, "articles": a, "questions": []}
                          for n, t, a in ROUND3_SECTIONS]},
            {"label": "II", "title": "Country-specific follow-up questions", "sections": []},
            {"label": "III", "title": "Statistics on trafficking in human beings",
             "sections": []},
        ],
        "questions": [],
    }


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Fail if the files differ.")
    args = parser.parse_args()
    stale = []
    for name, data in (("round4.json", round4()), ("round3.json", round3())):
        path = TEMPLATES / name
        text = render(data)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path} ({len(data['questions'])} questions)")
    if stale:
        print(f"stale: {', '.join(stale)}; run scripts/make_template.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
