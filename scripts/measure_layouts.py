"""Measure the parser on layouts it was not written for: the seed written in each style of
`restyle.UNSEEN` (and, with --known, the 11 styles of `restyle.STYLES`), parsed, and compared
with the seed's own tree.

For each style: questions found (of the seed's 42), items found (question number and item
letter, of the seed's), paragraphs found (the seed's paragraph texts under the same question
and item, compared after normalising spaces, quotes, soft hyphens and case), and questions
placed in the seed's Section with its articles (found in a heading or inferred from the
template).

    python scripts/measure_layouts.py [--known] [--style NAME ...]
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from greta_search.load import SourceLine, decode_text  # noqa: E402
from greta_search.parse import Document, parse_lines  # noqa: E402

SEED = ROOT / "corpus" / "greta-2023-11-aze-reply.txt"
QUOTES = str.maketrans("“”‘’", "\"\"''")


def normal(text: str) -> str:
    """Text compared without its typography: spaces, quotes, soft hyphens, case."""
    text = unicodedata.normalize("NFKC", text.replace("\u00ad", "")).translate(QUOTES)
    return " ".join(text.split()).casefold()


def paragraphs(doc: Document) -> Counter:
    return Counter(
        (q.number, label, normal(p.text))
        for q in doc.questions()
        for label, paras in [(None, q.paragraphs), *((i.label, i.paragraphs) for i in q.items)]
        for p in paras
    )


def sections(doc: Document) -> dict[int, tuple]:
    return {q.number: (sec.numeral, tuple(sec.articles))
            for part in doc.parts for sec in part.sections for q in sec.questions}


def measure(doc: Document, seed: Document) -> dict:
    """What of the seed's structure a parse of a restyled seed found."""
    numbers = {q.number for q in doc.questions()}
    seed_items = {(q.number, i.label) for q in seed.questions() for i in q.items}
    items = {(q.number, i.label) for q in doc.questions() for i in q.items}
    seed_paras, paras = paragraphs(seed), paragraphs(doc)
    seed_sections, found_sections = sections(seed), sections(doc)
    return {
        "questions": len(numbers & {q.number for q in seed.questions()}),
        "extra_questions": len(doc.questions()) - len(numbers & set(seed_sections)),
        "items": len(items & seed_items),
        "seed_items": len(seed_items),
        "extra_items": len(items - seed_items),
        "paragraphs": sum((paras & seed_paras).values()),
        "seed_paragraphs": sum(seed_paras.values()),
        "extra_paragraphs": sum((paras - seed_paras).values()),
        "sections": sum(found_sections.get(n) == s for n, s in seed_sections.items()),
    }


def parse_text(text: str, source: str) -> Document:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lines = decode_text(Path(source), text.encode("utf-8")).splitlines()
        return parse_lines([SourceLine(line, None, n) for n, line in enumerate(lines, 1)],
                           source)


def main() -> int:
    import restyle

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--known", action="store_true", help="Also the 11 known styles.")
    parser.add_argument("--style", action="append", help="Only these styles.")
    args = parser.parse_args()
    styles = {**(restyle.STYLES if args.known else {}), **restyle.UNSEEN}
    names = args.style or list(styles)
    seed_text = SEED.read_text(encoding="utf-8")
    seed = parse_text(seed_text, SEED.name)
    print(f"{'style':22} questions  items   paragraphs  sections  extra q/items/paragraphs")
    for name in names:
        doc = parse_text(restyle.restyle_text(seed_text, styles[name]), f"{name}.txt")
        m = measure(doc, seed)
        print(f"{name:22} {m['questions']:5}/42  {m['items']:3}/{m['seed_items']}  "
              f"{m['paragraphs']:4}/{m['seed_paragraphs']}  {m['sections']:5}/42  "
              f"{m['extra_questions']}/{m['extra_items']}/{m['extra_paragraphs']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
