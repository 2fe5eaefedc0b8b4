"""British and American spellings folded in one place (`greta_search.spelling`), and every
reader that compares words (answer terms, body names, instrument names) folding the same
words: generated words x endings x cases x sentence frames."""

from __future__ import annotations

import itertools

import pytest

from greta_search.answer_names import _norm
from greta_search.answer_types import AS_REPLIES_SPELL, terms
from greta_search.instruments import comparison_key

# (American, British) written whole, with an ending where the word takes one.
WORDS = [
    ("labor", "labour"), ("labors", "labours"), ("laborers", "labourers"),
    ("center", "centre"), ("centers", "centres"), ("centered", "centred"),
    ("organization", "organisation"), ("organizations", "organisations"),
    ("organizational", "organisational"), ("program", "programme"),
    ("programs", "programmes"), ("defense", "defence"), ("offense", "offence"),
    ("offenses", "offences"), ("judgment", "judgement"), ("judgments", "judgements"),
]
CASES = [str.lower, str.capitalize, str.upper]
FRAMES = [
    "The {w} Act was amended in 2024.",
    "Which {w} body handles complaints?",
    "the State {w} Inspectorate (SLI)",
    "Code of Administrative {w}",
]
# Words that only start like a folded one, never folded.
ALIKE = ["laboratory", "collaboration", "epicenter", "programming", "centerpiece", "central",
         "defenseless", "centrist"]


def _cases() -> list[tuple[str, str, str]]:
    out = []
    for (us, gb), case, frame in itertools.product(WORDS, CASES, FRAMES):
        out.append((frame.format(w=case(us)), frame.format(w=case(gb)), frame))
    return out


@pytest.mark.parametrize(("us", "gb", "frame"), _cases())
def test_one_fold_for_every_reader(us: str, gb: str, frame: str) -> None:
    from greta_search.spelling import american, british

    assert british(us) == gb and british(gb) == gb
    assert american(gb) == us and american(us) == us
    assert _norm(us) == _norm(gb)
    assert comparison_key(us) == comparison_key(gb)
    # the answer terms fold the words the replies spell the American way (their weights
    # are read from the keyword index, where words stand as written)
    if american(gb, AS_REPLIES_SPELL) == us:
        assert terms(us) == terms(gb)


@pytest.mark.parametrize(("word", "case"), itertools.product(ALIKE, CASES))
def test_a_word_that_only_starts_alike_is_kept(word: str, case) -> None:
    from greta_search.spelling import american, british

    text = f"The {case(word)} opened."
    assert british(text) == text and american(text) == text
