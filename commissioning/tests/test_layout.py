"""The base layout: landmarks, skip link, navigation and the signed-in user."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_layout_has_landmarks_skip_link_and_service_name(officer_client):
    page = officer_client.get(reverse("home")).content.decode()
    assert '<a href="#main-content" class="govuk-skip-link"' in page
    assert re.search(r"<header>.*govuk-service-navigation.*</header>", page, re.S)
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    assert re.search(r'<footer class="govuk-footer">', page)
    assert ">Commissioning</a>" in page
    assert "Signed in as" in page
    assert "Nothing needs your attention today." in page


def test_no_gov_uk_brand_and_no_inline_script(officer_client):
    page = officer_client.get(reverse("home")).content.decode()
    assert "govuk-logo" not in page
    assert "crest" not in page.lower()
    assert "GOV.UK" not in page
    # Every script is a file from our origin: the CSP forbids inline scripts.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))


def test_current_page_is_marked_in_the_navigation(officer_client):
    page = officer_client.get(reverse("home")).content.decode()
    assert 'aria-current="page"' in page


def test_security_headers(officer_client):
    response = officer_client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_not_found_page_uses_the_service_design(officer_client):
    response = officer_client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "govuk-footer" in page
