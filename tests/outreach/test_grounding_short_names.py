"""Short names of works ("your paper Deep Sets", "your work on Titans") are checked where the
sentence presents them as a work, against the researcher's real papers (Vahab Mirrokni's seed
capture); ordinary capitalised words (a field, a program, a venue, a year) are not citations."""
import pytest

from outreach.grounding import PaperFact, catalogue_matcher, check_citations
from profiles.importers import parse_capture
from tests.profiles.importers.seeds import seed_date, seed_text


@pytest.fixture(scope="module")
def mirrokni_papers():
    capture = parse_capture(seed_text("001"), captured_on=seed_date("001"))
    assert capture.researcher_name == "Vahab Mirrokni"
    titles = [paper.title for paper in capture.papers]
    assert "Titans: Learning to Memorize at Test Time" in titles and "Replicable Bandits" in titles
    return [PaperFact(paper.title, paper.date, paper.abstract) for paper in capture.papers]


def flags(text, papers, catalogue=(), known=()):
    result = check_citations(text, researcher_name="Vahab Mirrokni", papers=papers,
                             catalogue_match=catalogue_matcher(list(catalogue)), known_phrases=known)
    return [(flag.kind, text[flag.span[0]:flag.span[1]]) for flag in result.flags], result


@pytest.mark.parametrize("text", [
    "I enjoyed your paper Deep Sets and its permutation-invariant pooling.",
    "I have been thinking about your work on Perceiver since last spring.",
    "In Deep Sets, you show that every invariant function decomposes.",
    "Deep Sets (2017) changed how I think about set functions.",
    "Your Perceiver paper made me rethink attention.",
    "I enjoyed your paper “Perceiver” a lot.",
])
def test_a_short_work_name_they_did_not_write_is_flagged(mirrokni_papers, text):
    found, _ = flags(text, mirrokni_papers)
    assert [kind for kind, _ in found] == ["unknown_citation"], found
    assert found[0][1].strip("“”") in ("Deep Sets", "Perceiver")


def test_a_short_name_of_someone_elses_catalogue_paper_says_whose_it_is_not(mirrokni_papers):
    found, result = flags("I enjoyed your paper Deep Sets.", mirrokni_papers, catalogue=["Deep Sets"])
    assert found == [("not_their_paper", "Deep Sets")]
    assert "Vahab Mirrokni is not an author" in result.flags[0].message


@pytest.mark.parametrize(("text", "title"), [
    ("I enjoyed your paper Titans and its neural memory.", "Titans: Learning to Memorize at Test Time"),
    ("I have been thinking about your work on Titans since last spring.", "Titans: Learning to Memorize at Test Time"),
    ("In ATLAS, you show how to memorize the context at test time.",
     "ATLAS: Learning to Optimally Memorize the Context at Test Time"),
    ("HyperAttention (2023) is what got me into long-context models.",
     "HyperAttention: Long-context Attention in Near-Linear Time"),
    ("Your PolySketchFormer paper is why I learned sketching.",
     "PolySketchFormer: Fast Transformers via Sketching Polynomial Kernels"),
    ("I enjoyed your paper Replicable Bandits.", "Replicable Bandits"),
])
def test_a_short_name_of_their_own_paper_passes_and_is_cited(mirrokni_papers, text, title):
    found, result = flags(text, mirrokni_papers)
    assert found == []
    assert [paper.title for paper in result.cited_papers] == [title]


def test_two_of_their_works_named_together_both_pass(mirrokni_papers):
    found, result = flags("Your work on Titans and ATLAS is why I want to study memory.", mirrokni_papers)
    assert found == [] and len(result.cited_papers) == 2


@pytest.mark.parametrize("text", [
    "I am applying to the PhD in Computer Science.",
    "Your work on Computer Vision inspired my undergraduate thesis.",
    "Your work on Machine Learning theory inspired me.",
    "In 2024, you moved to Google Research.",
    "In Zurich, you founded a new lab.",
    "I saw your talk at NeurIPS (2024) and your paper at ICML.",
    "Mirrokni (2023) is often cited in my field.",
    "I read your paper on market design with great interest.",
    "As a student in the MSc Data Science program, I enjoyed your work.",
])
def test_ordinary_capitalised_words_are_not_citations(mirrokni_papers, text):
    found, _ = flags(text, mirrokni_papers, known=["MSc Data Science"])
    assert found == []
