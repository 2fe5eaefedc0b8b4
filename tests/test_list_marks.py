"""Lists whose items are marked by small roman numerals or letters ("i.", "iv)", "(b)",
"c."), on generated passages: every item belongs to the list its introductory line opens,
so a list question is answered by all of them (the item asked is among them), and the
marks are not part of the items' text; a list asked is not answered by a sentence that
lists nothing when one of the passage's sentences lists the things asked."""

from __future__ import annotations

import random

import pytest

from greta_search.answer import lists_nothing
from greta_search.answer_text import evidence_text
from greta_search.answer_types import analyse
from greta_search.chunk import Chunk
from greta_search.search import Hit
from greta_search.sentences import Passage, passage_sentences

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
LETTERS = "abcdefgh"
MARKS = {
    "roman_dot": lambda n: f"{ROMAN[n]}.",
    "roman_paren": lambda n: f"{ROMAN[n]})",
    "roman_both": lambda n: f"({ROMAN[n]})",
    "letter_dot": lambda n: f"{LETTERS[n]}.",
    "letter_paren": lambda n: f"{LETTERS[n]})",
    "letter_both": lambda n: f"({LETTERS[n]})",
}
ITEMS = ["questioning through a psychologist, without the presence of the parties",
         "questioning by video link from a separate room",
         "exclusion of the public from the hearing",
         "avoiding face-to-face confrontation with the defendant",
         "questioning only once, with the recording used as evidence",
         "the assistance of a support person of the victim's choice",
         "protection of the victim's identity and address"]
INTROS = ["A victim may be granted the status of a particularly vulnerable witness. The "
          "following measures are then available:",
          "The court may order the following protection measures:",
          "Under Article 103, the protective measures include:"]


@pytest.mark.parametrize("style", sorted(MARKS))
@pytest.mark.parametrize("seed", range(6))
def test_items_marked_by_numerals_or_letters_are_one_list(style: str, seed: int) -> None:
    rng = random.Random(f"{style}{seed}")
    items = rng.sample(ITEMS, rng.randint(3, 6))
    ends = [";"] * (len(items) - 1) + ["."]
    lines = [f"{rng.randint(10, 90)}. {rng.choice(INTROS)}",
             *(f"{MARKS[style](n)} {item}{end}" for n, (item, end) in
               enumerate(zip(items, ends, strict=True)))]
    lines.append(f"{rng.randint(10, 90)}. The number of rooms equipped for video interviews "
                 "rose from 11 in 2020 to 36 in 2025.")
    chunk = Chunk(id="c1", doc="GRETA(2030)01_ABC_rep", text="\n".join(lines), citation="Q19",
                  question=19, kind="text", position=0)
    sentences = passage_sentences(Passage(Hit(chunk, 1.0), prior=1.0))
    question = analyse("What protection measures are available to a vulnerable witness?")
    intro = next(s for s in sentences if s.text.endswith(":"))
    evidence, _ = evidence_text(question, intro)
    for item in items:
        assert f"- {item}" in evidence, (style, evidence)
    marked = [s for s in sentences if any(s.text.startswith(i) for i in items)]
    assert len(marked) == len(items)
    assert all(not lists_nothing(question, s) for s in marked)


COMMITTEES = ["Inter-ministerial Committee on Trafficking", "National Anti-Trafficking Council",
              "Coordination Board for Victims", "Working Group on Labour Exploitation"]
MEMBERS = ["the Ministry of the Interior", "the Ministry of Justice", "the State Labour "
           "Inspectorate", "the Ministry of Health", "the Police Presidium", "three NGOs",
           "the Supreme Public Prosecutor's Office"]


class _Searcher:
    """What sentence scoring needs of a searcher: its passages (word weights) and embedder."""

    def __init__(self, chunks: list[Chunk], embedder) -> None:
        self.chunks, self.embedder = chunks, embedder


@pytest.mark.parametrize("committee", COMMITTEES)
@pytest.mark.parametrize("seed", range(5))
def test_a_list_asked_is_answered_by_the_sentence_that_lists(committee: str, seed: int) -> None:
    """Of two sentences about the body asked, the one listing its members answers "which
    bodies sit on it?", not the one that lists nothing."""
    import numpy as np

    from greta_search.answer import score_sentences
    from greta_search.embed import HashEmbedder

    rng = random.Random(f"{committee}{seed}")
    members = rng.sample(MEMBERS, rng.randint(3, 5))
    listing = (f"The members of the {committee} are {', '.join(members[:-1])} and "
               f"{members[-1]}.")
    plain = rng.choice([f"The {committee} was set up in 2019 and meets twice a year.",
                        f"The {committee}, chaired by the National Coordinator, meets at "
                        "least four times a year."])
    order = [plain, listing] if rng.random() < 0.5 else [listing, plain]
    chunk = Chunk(id="c1", doc="D", text=" ".join(order), citation="Q41", question=41,
                  kind="text", position=0)
    other = Chunk(id="c2", doc="D", citation="Q2", question=2, kind="text", position=1,
                  text="The action plan covers prevention, protection and prosecution.")
    embedder = HashEmbedder()
    question = analyse(f"Which bodies sit on the {committee}?")
    vector = embedder.embed_queries([question.text])[0]
    dense = float(np.dot(embedder.embed_passages([chunk.text])[0], vector))
    best = score_sentences(question, [Passage(Hit(chunk, 1.0), prior=1.0, dense=dense)], vector,
                           _Searcher([chunk, other], embedder))[0]
    assert best.text == listing, (best.text, order)
