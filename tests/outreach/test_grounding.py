"""The grounding check catches invented citations and tells them apart from others' papers."""
import datetime as dt

from outreach.grounding import (
    PaperFact,
    catalogue_matcher,
    check_citations,
    check_draft,
)

PAPERS = [
    PaperFact("Sparse Attention for Long Context Transformers", dt.date(2025, 3, 1),
              "We show that sparse attention scales to million-token contexts."),
    PaperFact("Graph Neural Networks: A Survey of Message Passing", dt.date(2019, 1, 1)),
]
TODAY = dt.date(2026, 11, 23)


def kinds(text, catalogue=()):
    res = check_citations(text, researcher_name="Chidi Okafor", papers=PAPERS,
                          catalogue_match=catalogue_matcher(list(catalogue)))
    return [f.kind for f in res.flags], res


def test_their_own_title_passes_even_at_the_start_of_a_sentence():
    flags, res = kinds("In Sparse Attention for Long Context Transformers you show a lot.")
    assert flags == [] and res.cited_papers[0].title == PAPERS[0].title


def test_an_invented_title_is_flagged_in_place():
    text = 'I loved your paper "Quantum Widgets for Everyone Everywhere".'
    flags, res = kinds(text)
    assert flags == ["unknown_citation"]
    start, end = res.flags[0].span
    assert "Quantum Widgets" in text[start:end]


def test_an_unquoted_invented_title_is_flagged():
    flags, _ = kinds("Your work on Neural Widget Compression for Mobile Robots was great.")
    assert flags == ["unknown_citation"]


def test_a_catalogue_paper_by_someone_else_is_flagged_as_not_theirs():
    flags, res = kinds("I read Deep Residual Learning for Image Recognition closely.",
                       catalogue=["Deep Residual Learning for Image Recognition"])
    assert flags == ["not_their_paper"]
    assert "not an author" in res.flags[0].message


def test_a_quote_from_their_abstract_passes_and_an_invented_quote_does_not():
    assert kinds('You write that "sparse attention scales to million-token contexts".')[0] == []
    assert kinds('You write that "attention is all anyone ever needs".')[0] == ["unverified_quote"]


def test_title_case_names_and_institutions_are_not_citations():
    flags, _ = kinds("I study at the Northfield Institute of Technology in New York City.")
    res = check_citations("I am applying to the PhD Program in Computer Science and Engineering.",
                          researcher_name="Chidi Okafor", papers=PAPERS,
                          known_phrases=["PhD Program in Computer Science and Engineering"])
    assert res.flags == []


def test_old_papers_missing_names_and_long_drafts_are_flagged():
    body = "Hello,\n\nGraph Neural Networks: A Survey of Message Passing was great. " + "word " * 260
    res = check_draft(subject="Hi", body=body, researcher_name="Chidi Okafor", applicant_name="",
                      papers=PAPERS, today=TODAY)
    found = [f.kind for f in res.flags]
    assert "old_paper" in found and "too_long" in found
    assert found.count("missing_name") == 2  # neither the professor nor the applicant is named


def test_a_grounded_short_draft_has_no_flags():
    body = ("Dear Professor Okafor,\n\nYour paper Sparse Attention for Long Context Transformers "
            "shaped my thesis.\n\nBest regards,\nAda Lovelace")
    res = check_draft(subject="PhD inquiry", body=body, researcher_name="Chidi Okafor",
                      applicant_name="Ada Lovelace", papers=PAPERS, today=TODAY)
    assert res.flags == []


def test_the_applicants_own_program_before_a_pronoun_is_not_a_citation():
    program = "PhD in Computer Science / Operations Research, Fall 2027"
    text = f"If you are taking students for the {program}, I would be glad to hear what the next step should be."
    res = check_citations(text, researcher_name="Chidi Okafor", papers=PAPERS, known_phrases=[program])
    assert res.flags == [] and res.citations == []


def test_a_title_before_a_pronoun_is_still_checked():
    flags, _ = kinds("After reading Neural Widget Compression for Mobile Robots, I wrote to you.")
    assert flags == ["unknown_citation"]


def test_placeholders_are_found_but_ordinary_brackets_are_not():
    from outreach.grounding import find_placeholders

    text = "See [1] and [PDF]. [Write your question here…] {{ paper.title }} {name} TODO ____ [your name]"
    assert [p for p, _ in find_placeholders(text)] == [
        "[Write your question here…]", "{{ paper.title }}", "{name}", "TODO", "____", "[your name]"]


def test_a_cut_or_long_subject_is_a_problem_and_a_short_name_is_not():
    from outreach.grounding import subject_problem

    title = "Less is More: Convergence Benefits of Fewer Data Weight Updates over Longer Horizon"
    assert subject_problem("PhD applicant: your work on Less is More", [title]) is None
    assert "trails off" in subject_problem("Your work on Less is More: Convergence Benefits of Fewer Data Weight...", [title])
    assert "middle of a word" in subject_problem("Your work on Less is More: Convergence Benefits of Fewer Da", [title])
    assert "cut off" in subject_problem("Your work on Less is More: Convergence Benefits of", [title])
    assert "characters" in subject_problem("Prospective PhD student (PhD in Computer Science / Operations Research, "
                                           "Fall 2027): your work on Less is More", [title])


def test_a_cv_claim_is_found_and_computer_vision_is_not_one():
    from outreach.grounding import cv_claim

    for text in ["I have attached my CV.", "Please find attached my curriculum vitae.", "My CV is attached.",
                 "I am attaching my résumé for reference."]:
        assert cv_claim(text), text
    for text in ["I find CV (computer vision) fascinating.", "I am happy to send my CV.", "todo lo que hago"]:
        assert not cv_claim(text), text
