"""British and American spellings of the words replies and questions mix ("Labor Code" and
"Labour Code", "organization" and "organisation"), folded to one of the two so that both
match: `british` (names shown and compared: instruments, bodies) and `american` (the terms
answers are matched by, which keep the spelling of the keyword index). A word is folded
with its plural and derived forms ("labourers", "centres", "organizational") and keeps its
case ("Labor" -> "Labour", "LABOR" -> "LABOUR"); a longer word that only starts alike
("laboratory", "collaboration", "epicentre") is left alone."""

from __future__ import annotations

import functools
import re

# (American, British)
PAIRS: tuple[tuple[str, str], ...] = (
    ("labor", "labour"),
    ("center", "centre"),
    ("organization", "organisation"),
    ("program", "programme"),
    ("defense", "defence"),
    ("offense", "offence"),
    ("judgment", "judgement"),
)
# What may follow a folded word: a plural or a derived ending ("labourers", "centered").
ENDINGS = r"(?:s|es|ed|er|ers|ing|al|ally)?"


@functools.lru_cache(maxsize=8)
def _compiled(index: int, pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern, dict[str, str]]:
    """The pattern of the words written the other way, and what each becomes. A word in
    "-re" is also found without its "e" before "-ed" or "-ing" ("centred", "centring")."""
    words = {pair[1 - index].lower(): pair[index] for pair in pairs}
    stems = {word[:-1]: target for word, target in words.items() if word.endswith("re")}
    whole = "|".join(sorted(words, key=len, reverse=True))
    cut = "|".join(stems) or "(?!)"
    words |= stems
    return re.compile(rf"\b(?:({whole})({ENDINGS})|({cut})(ed|ing))\b", re.IGNORECASE), words


def _with_case(written: str, word: str) -> str:
    if written.isupper() and len(written) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if written[:1].isupper() else word


def _fold(text: str, compiled: tuple[re.Pattern, dict[str, str]]) -> str:
    pattern, words = compiled

    def folded(match: re.Match) -> str:
        written, ending = (match[1], match[2]) if match[1] else (match[3], match[4])
        word = _with_case(written, words[written.lower()])
        if word[-1:] in ("e", "E") and ending[:1] in ("e", "E", "i", "I"):
            word = word[:-1]  # "centered" -> "centred": one "e"
        return word + ending

    return pattern.sub(folded, text)


def british(text: str, pairs: tuple[tuple[str, str], ...] = PAIRS) -> str:
    """`text` with the American spellings of `pairs` written the British way."""
    return _fold(text, _compiled(1, pairs))


def american(text: str, pairs: tuple[tuple[str, str], ...] = PAIRS) -> str:
    """`text` with the British spellings of `pairs` written the American way."""
    return _fold(text, _compiled(0, pairs))
