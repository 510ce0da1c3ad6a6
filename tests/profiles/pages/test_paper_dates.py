"""A paper date is shown only as precisely as its source gave it: "Jul 2018" for a date known
to the month (an arXiv identifier), "2018" for one known to the year, never a made-up day;
the export keeps the ISO date and says its precision."""
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from applicants.models import ApplicantProfile
from tests.factories.pages import ResearcherFactory, author_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher():
    r = ResearcherFactory(name="Mona Month")
    author_of(r, title="Bilevel data mixing known to the month", date=dt.date(2018, 7, 1), date_precision="month",
              abstract="Bilevel optimization for data mixing weights.")
    author_of(r, title="Bilevel hypergradients known to the year", date=dt.date(2016, 1, 1), date_precision="year",
              abstract="Hypergradients for bilevel optimization.")
    author_of(r, title="A paper known to the day", date=dt.date(2019, 3, 5), date_precision="day")
    return r


def test_researcher_page_shows_month_and_year_dates_without_a_day(client, researcher):
    page = client.get(researcher.get_absolute_url()).content.decode()
    assert '<time datetime="2018-07">Jul 2018</time>' in page
    assert '<time datetime="2016">2016</time>' in page
    assert '<time datetime="2019-03-05">5 Mar 2019</time>' in page
    assert "1 Jul 2018" not in page and "1 Jan 2016" not in page


def test_match_reasons_show_the_month_not_a_made_up_day(researcher, django_user_model):
    user = django_user_model.objects.create_user("ada", password="x")
    ApplicantProfile.objects.create(user=user, interests="bilevel optimization for data mixing")
    client = Client()
    client.force_login(user)
    html = client.get(reverse("matching:matches")).content.decode()
    assert "Bilevel data mixing known to the month" in html
    assert 'Bilevel data mixing known to the month</a> <span class="muted small">Jul 2018</span>' in html
    assert "1 Jul 2018" not in html


def test_export_keeps_the_iso_date_and_says_its_precision(researcher):
    out = io.StringIO()
    call_command("export_profiles", stdout=out, stderr=io.StringIO())
    papers = {p["title"]: p for p in json.loads(out.getvalue())["researchers"][0]["papers"]}
    month = papers["Bilevel data mixing known to the month"]
    assert (month["date"], month["date_precision"]) == ("2018-07-01", "month")
    assert papers["Bilevel hypergradients known to the year"]["date_precision"] == "year"
    assert papers["A paper known to the day"]["date_precision"] == "day"
