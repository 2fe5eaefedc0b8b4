"""Words broken at line ends in a PDF, rejoined with the help of the document's own
vocabulary (for `greta_search.pdf`): a line-end hyphen (HYPHEN_MARK after it) is dropped or
kept, the pieces of a word maybe broken in a narrow table cell (BREAK_MARK between them)
are joined or parted."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable

from greta_search.pdfruns import SPACES_RE

HYPHEN_MARK = "\x00"  # stands between a line-end hyphen and the next line until resolved
BREAK_MARK = "\x01"  # stands between the parts of a word broken in a narrow table cell
UNMARKED = rf"[^\s{HYPHEN_MARK}{BREAK_MARK}]*"
HYPHEN_JOIN_RE = re.compile(rf"({UNMARKED})([-\u2010\u00ad]){HYPHEN_MARK}({UNMARKED})")
BREAK_TOKEN_RE = re.compile(rf"\S*{BREAK_MARK}\S*")
PUNCTUATION = "()[]{}.,;:!?\"'“”‘’«»/*"
MAX_BREAKS = 8  # breaks of one token in a table cell weighed together at most
MARKED_RE = re.compile(rf"\S*[{HYPHEN_MARK}{BREAK_MARK}]\S*")
WORD_RE = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
LETTERS_END_RE = re.compile(r"[^\W\d_]+$")
LETTERS_START_RE = re.compile(r"^[^\W\d_]+")


def word_resolver(texts: list[str]) -> Callable[[str], str]:
    """A function rejoining, with the help of the document's vocabulary (`texts`), the words
    broken at line ends: a hyphen is kept if the document is not hyphenated automatically
    (most of its line-end hyphens join two words it never spells together), else dropped
    unless the document spells the word with a hyphen elsewhere ("awareness-raising");
    the pieces of a word maybe broken in a narrow table cell are joined or parted,
    whichever leaves more words of the document."""
    words: Counter[str] = Counter()
    compounds: Counter[str] = Counter()
    for text in texts:
        for token in WORD_RE.findall(MARKED_RE.sub(" ", text).lower()):
            parts = re.split(r"[-\u2010]", token)
            words.update(parts)
            if len(parts) > 1:
                compounds[token.replace("\u2010", "-")] += 1

    def halves(left: str, right: str) -> tuple[str, str] | None:
        head, tail = LETTERS_END_RE.search(left), LETTERS_START_RE.match(right)
        return (head.group().lower(), tail.group().lower()) if head and tail else None

    def evidence(pair: tuple[str, str] | None) -> int:
        """+1 for a line-end hyphen in a word the document spells whole or between two
        pieces that are no words; -1 for one between two words never spelt together."""
        if pair is None:
            return 0
        joined, known = words[pair[0] + pair[1]], [words[part] > 0 for part in pair]
        if joined > compounds[f"{pair[0]}-{pair[1]}"] or not any(known):
            return 1
        return -1 if all(known) and not joined else 0

    automatic = sum(evidence(halves(m.group(1), m.group(3))) for text in texts
                    for m in HYPHEN_JOIN_RE.finditer(text) if m.group(2) != "\u00ad") >= 0

    def rejoin(match: re.Match[str]) -> str:
        left, hyphen, right = match.groups()
        if hyphen == "\u00ad":
            return left + right
        pair = halves(left, right)
        if not automatic or pair is None or right[:1].isupper():
            return f"{left}-{right}"
        first, second = pair
        joined, hyphenated = words[first + second], compounds[f"{first}-{second}"]
        keep = hyphenated > joined or (joined == 0 and words[first] > 0 and words[second] > 0)
        return f"{left}-{right}" if keep else left + right

    def known(segment: str) -> int:
        """+1 for a word of the document, -1 for letters that are none (or a lone letter),
        0 for two letters (as often a word's end as a word) and for the rest."""
        core = segment.strip(PUNCTUATION).lower()
        if not core or not WORD_RE.fullmatch(core):
            return 0
        parts = re.split(r"[-\u2010]", core)
        if any(len(part) == 1 or not words[part] for part in parts):
            return -1
        return 0 if len(core) == 2 else 1

    def unbreak(token: str) -> str:
        """A token broken in a table cell: at each break between two letters (not a
        lowercase one before a capital), join or part the pieces, whichever gives most
        words of the document (on a tie the fewest pieces, then the fewest letters outside
        words); at other breaks, part them."""
        pieces = token.split(BREAK_MARK)
        free = [i for i in range(len(pieces) - 1)
                if pieces[i][-1:].isalpha() and pieces[i + 1][:1].isalpha()
                and not (pieces[i][-1].islower() and pieces[i + 1][0].isupper())][:MAX_BREAKS]
        best: tuple[tuple[int, int, int], list[str]] | None = None
        for choice in itertools.product((True, False), repeat=len(free)):
            joins = {i for i, join in zip(free, choice, strict=True) if join}
            segments = [pieces[0]]
            for i, piece in enumerate(pieces[1:]):
                if i in joins:
                    segments[-1] += piece
                else:
                    segments.append(piece)
            scores = [known(segment) for segment in segments]
            strange = sum(len(seg) for seg, score in zip(segments, scores, strict=True)
                          if score < 0)
            key = (sum(scores), -len(segments), -strange)
            if best is None or key > best[0]:
                best = key, segments
        return " ".join(best[1]) if best else token

    def resolve(text: str) -> str:
        while HYPHEN_MARK in text:
            marked, text = text, HYPHEN_JOIN_RE.sub(rejoin, text, 1)
            if text == marked:  # a mark with no hyphen before it
                text = text.replace(HYPHEN_MARK, "")
        if BREAK_MARK in text:
            text = BREAK_TOKEN_RE.sub(lambda m: unbreak(m.group()), text)
        return SPACES_RE.sub(" ", text).strip()

    return resolve
