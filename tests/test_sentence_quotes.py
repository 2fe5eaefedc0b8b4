"""A sentence never ends inside a quotation: a quoted title or slogan with its own "?", "!"
or "." ("the campaign “Are you safe? Call us!” reached 4,000 people") stays in the sentence
that quotes it, for quotation marks of every kind; generated titles x marks x frames, for
the answer's sentences (`sentences.split_sentences`) and the citations' (`provisions`)."""

from __future__ import annotations

import itertools

import pytest

from greta_search.provisions import _sentences
from greta_search.sentences import split_sentences

MARKS = [("“", "”"), ('"', '"'), ("«", "»"), ("‘", "’"), ("„", "“")]
# Titles that hold a sentence end of their own before a capital.
TITLES = [
    "Are you safe? Call us",
    "Are you safe? Call us!",
    "Know your rights. Ask for help",
    "Stop! Look. Listen",
    "Who is at risk? Anyone can be",
    "Trafficking is a crime. Report it.",
]
FRAMES = [
    "In 2024 the campaign {q} reached 4,000 people.",
    "The leaflet {q} was printed in 12 languages and distributed by NGOs.",
    "The Ministry launched the campaign {q} in March 2023, with EUR 40,000.",
    "Under the slogan {q}, 35 events were held in schools.",
]


@pytest.mark.parametrize(("marks", "title", "frame"),
                         itertools.product(MARKS, TITLES, FRAMES))
def test_a_quoted_title_stays_in_its_sentence(marks, title: str, frame: str) -> None:
    sentence = frame.format(q=f"{marks[0]}{title}{marks[1]}")
    text = f"{sentence} Victims may call the hotline at any time."
    assert split_sentences(text) == [sentence, "Victims may call the hotline at any time."]
    assert [text[a:b].strip() for a, b in _sentences(text)] == [
        sentence, "Victims may call the hotline at any time."]


@pytest.mark.parametrize(("marks", "frame"), itertools.product(MARKS, FRAMES))
def test_sentences_around_a_quotation_still_end(marks, frame: str) -> None:
    quoted = frame.format(q=f"{marks[0]}Safe Home{marks[1]}")
    text = f"Funding rose in 2024. {quoted} A mark {marks[0]} left open. Another sentence."
    assert split_sentences(text) == ["Funding rose in 2024.", quoted,
                                     f"A mark {marks[0]} left open.", "Another sentence."]


@pytest.mark.parametrize(("marks", "ending"), itertools.product(MARKS, [".", "!", "?"]))
def test_a_quoted_sentence_ends_with_its_closing_mark(marks, ending: str) -> None:
    first = f"The slogan of the 2024 campaign was {marks[0]}Report it{ending}{marks[1]}"
    second = "Funding rose to EUR 40,000."
    text = f"{first} {second}"
    assert split_sentences(text) == [first, second]
    assert [text[a:b].strip() for a, b in _sentences(text)] == [first, second]
