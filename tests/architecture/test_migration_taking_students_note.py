"""Migration 0009 splits the old one-field "taking students" source into a web address (the
link) and a note, so a page shows the address as a link and the words beside it as text."""
import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_old_source_becomes_a_link_and_a_note(migrator):
    old = migrator.apply_initial_migration([("profiles", "0008_paper_full_text_search")])
    Researcher = old.apps.get_model("profiles", "Researcher")
    for n, source in enumerate(["https://ada.example.edu/join — said at the open day", "email to the curator",
                                "https://b.example.edu/students", ""]):
        Researcher.objects.create(name=f"R{n}", name_key=f"r{n}", slug=f"r{n}", taking_students_source=source)

    new = migrator.apply_tested_migration([("profiles", "0009_researcher_contact_email_and_taking_students_note")])

    rows = new.apps.get_model("profiles", "Researcher").objects.order_by("name").values_list(
        "taking_students_source", "taking_students_note", "contact_email")
    assert list(rows) == [("https://ada.example.edu/join", "said at the open day", ""), ("", "email to the curator", ""),
                          ("https://b.example.edu/students", "", ""), ("", "", "")]
    migrator.reset()
