"""A reason's snippet and stems read an abstract's sentences and their words: split at a stop
followed by space and a capital or a digit, each sentence's words lower-cased. The one-scan
reading (text.sentence_words) must give exactly what splitting and lowering each sentence gives,
on real captured text and on the cases a one-scan reading could get wrong."""
import re
from pathlib import Path

import pytest

from matching import text as T

# Splitting at the spaces after a stop, before a capital, digit or "$": the definition.
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$])")
SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def _split_then_lowered(text: str):
    sentences = SENTENCE_SPLIT_RE.split(text or "")
    return sentences, [T.WORD_RE.findall(sentence.lower()) for sentence in sentences]


@pytest.mark.parametrize("text", [
    "", "   ", "One sentence without a stop", "Ends with a stop.", "Two. Sentences here.",
    "Spaces  after.   Then 3 numbers. $x$ math. e.g. lower case after a stop stays one sentence.",
    "Questions? Answers! Ellipses... And. . Dots", "A.B. Smith et al. Showed it.",
    "Multi-word-hyphen terms. Trailing space. ",
    "İstanbul Üniversitesi studied it. The İ lower-cases to two characters.",  # lower() grows
    "İİİİ İİİİ words here. Next sentence ends there.",  # ... by eight: offsets would cut words
    "Straße and ǅ titlecase. Ωmega σίγμα words. Done.",
])
def test_sentences_and_words_are_those_of_splitting_and_lowering_each_sentence(text):
    assert T.sentence_words(text) == _split_then_lowered(text)


def test_on_real_captured_pages():
    assert SEEDS, "the seed captures are part of the repository"
    for path in SEEDS:
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            assert T.sentence_words(block) == _split_then_lowered(block), path.name
