"""Every page needs a signed-in user; the API answers 401/403 instead."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from commissioning.testing.urls import example_path, iter_routes

# Pages that must work before sign-in.
PUBLIC = {"login", "healthz", "accessibility", "admin:login"}


def _routes():
    routes = []
    for route in iter_routes():
        if route.name in PUBLIC:
            continue
        routes.append(pytest.param(route, id=route.name or route.path))
    return routes


@pytest.mark.django_db
@pytest.mark.parametrize("route", _routes())
def test_every_url_refuses_anonymous_users(client, route):
    path = example_path(route.path)
    response = client.get(path)
    if path.startswith("/api/"):
        assert response.status_code in (401, 403), path
    elif path.startswith("/admin/"):
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path in {reverse("admin:login"), reverse("login")}
    else:
        assert response.status_code == 302, path
        assert urlsplit(response["Location"]).path == reverse(settings.LOGIN_URL)


@pytest.mark.django_db
def test_sign_in_page_and_health_check_are_public(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200


@pytest.mark.django_db
def test_walk_covers_the_known_pages():
    names = {route.name for route in iter_routes()}
    assert {"home", "login", "logout", "healthz", "api-schema", "api-docs", "api:me"} <= names


@pytest.mark.django_db
def test_officer_signs_in_and_lands_on_needs_attention(client, officer):
    officer.set_password("a long demo password 1")
    officer.save()
    response = client.post(
        reverse("login"),
        {"username": officer.username, "password": "a long demo password 1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    page = response.content.decode()
    assert "Needs attention" in page
    assert "Sign out" in page


@pytest.mark.django_db
def test_wrong_password_shows_an_error_summary(client, officer):
    response = client.post(reverse("login"), {"username": officer.username, "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter a correct username and password" in page
    assert "<title>Error: Sign in" in page


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_with_the_right_password(client, officer):
    officer.set_password("a long demo password 1")
    officer.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": officer.username, "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": officer.username, "password": "a long demo password 1"}
    )
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()


@pytest.mark.django_db
def test_sign_out_ends_the_session(officer_client):
    response = officer_client.post(reverse("logout"))
    assert response.status_code == 302
    assert officer_client.get(reverse("home")).status_code == 302
