"""Sign in through the real page in Chromium, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from commissioning.testing.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_officer_signs_in_sees_needs_attention_and_signs_out(page, live_server, officer):
    officer.set_password(PASSWORD)
    officer.save()

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "sign-in")

    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    assert_accessible(page)

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Needs attention", level=1)).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_contain_text(officer.get_full_name())
    assert_accessible(page)
    screenshot(page, "home")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_keyboard_user_reaches_main_content_with_the_skip_link(
    signed_in_page, live_server, officer
):
    page = signed_in_page(officer)
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_not_found_page_is_accessible(signed_in_page, live_server, officer):
    page = signed_in_page(officer)
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)
