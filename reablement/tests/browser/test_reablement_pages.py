"""The reablement pages in Chromium, with axe-core on each: the capacity
board, a referral placed over capacity, the episode list and detail with a
refused close, and the outcomes page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.testing.browser import assert_accessible, screenshot
from commissioning.testing.factories import PersonFactory
from reablement.models import Episode, FollowUpStatus, Referral, ReferralStatus
from reablement.tests.factories import EpisodeFactory, ServiceFactory, discharged_episode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_refers_over_capacity_and_sees_the_overflow(signed_in_page, live_server, officer):
    today = timezone.localdate()
    alternative = ServiceFactory(name="Integrated Discharge to Assess Service", capacity=2)
    service = ServiceFactory(name="Community Reablement North", capacity=1, alternative=alternative)
    EpisodeFactory(service=service, start_date=today - dt.timedelta(days=10))
    person = PersonFactory(given_name="Edna", family_name="Whitehouse")
    page = signed_in_page(officer)

    page.goto(f"{live_server.url}/reablement/")
    expect(page.get_by_role("heading", name="Reablement capacity", level=1)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Community Reablement North"))).to_contain_text(
        "Full"
    )
    assert_accessible(page)
    screenshot(page, "reablement-capacity")

    page.get_by_role("link", name="Refer someone").click()
    page.get_by_label("NHS number").fill(person.nhs_number)
    page.get_by_label("Service asked for").select_option(
        label="Community Reablement North (full, 0 waiting)"
    )
    page.get_by_label("Referral date").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Hospital discharge (step-down)").check()
    page.get_by_role("button", name="Refer and place").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter the hospital discharge date")
    expect(summary).to_contain_text("Enter the hospital the person left")
    expect(page).to_have_title(re.compile(r"^Error: Refer someone"))
    assert_accessible(page)
    screenshot(page, "reablement-referral-error")

    page.get_by_label("Hospital discharge date").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Hospital", exact=True).fill("Eastshire Royal Infirmary")
    page.get_by_role("button", name="Refer and place").click()
    expect(
        page.get_by_role("heading", name="Redirected to Integrated Discharge to Assess Service")
    ).to_be_visible()
    expect(page.get_by_text("Community Reablement North was full")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reablement-referral-redirected")
    referral = Referral.objects.get(person=person)
    assert referral.status == ReferralStatus.REDIRECTED
    assert referral.episode.service == alternative


def test_episode_list_detail_and_outcomes_are_accessible(signed_in_page, live_server, officer):
    today = timezone.localdate()
    year = today.year - 1 if today.month >= 4 else today.year - 2  # last complete year
    discharged_on = dt.date(year, 10, 7)
    discharged_episode(
        discharged_on,
        end_date=discharged_on + dt.timedelta(days=30),
        sequel="no_identified_needs",
        follow_up_status=FollowUpStatus.AT_HOME,
        follow_up_recorded_on=discharged_on + dt.timedelta(days=91),
        person=PersonFactory(given_name="Arthur", family_name="Bould"),
    )
    open_episode = EpisodeFactory(
        start_date=today - dt.timedelta(days=50),
        person=PersonFactory(given_name="Joan", family_name="Tonks"),
    )
    page = signed_in_page(officer)

    page.goto(f"{live_server.url}/reablement/episodes/?overrunning=yes")
    expect(page.get_by_role("link", name="Joan Tonks")).to_be_visible()
    expect(page.get_by_role("link", name="Arthur Bould")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "reablement-episodes")

    page.get_by_role("link", name="Joan Tonks").click()
    expect(page.get_by_text("Overrunning").first).to_be_visible()
    assert_accessible(page)
    page.locator("#id_close-end_date").fill(
        (open_episode.start_date - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    )
    page.get_by_label("Ongoing low-level support").check()
    page.get_by_role("button", name="End episode").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The end date must be on or after the start"
    )
    assert_accessible(page)
    screenshot(page, "reablement-episode-close-error")
    assert Episode.objects.get(pk=open_episode.pk).end_date is None

    page.goto(f"{live_server.url}/reablement/metrics/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reablement outcomes")
    expect(page.get_by_text("100.0%").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reablement-outcomes")
    page.get_by_role("link", name=re.compile("at home on day 91")).first.click()
    expect(page.get_by_role("link", name="Arthur Bould")).to_be_visible()
    assert_accessible(page)
