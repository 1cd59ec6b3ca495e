"""Fixtures shared by every app's tests."""

import pytest
from rest_framework.test import APIClient

from commissioning.roles import Role
from commissioning.testing.roles import user_with_role


@pytest.fixture
def officer(db):
    return user_with_role(Role.OFFICER)


@pytest.fixture
def manager(db):
    return user_with_role(Role.MANAGER)


@pytest.fixture
def finance_user(db):
    return user_with_role(Role.FINANCE)


@pytest.fixture
def viewer(db):
    return user_with_role(Role.VIEWER)


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(client, officer):
    return _client_for(client, officer)


@pytest.fixture
def manager_client(client, manager):
    return _client_for(client, manager)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def officer_api(officer):
    client = APIClient()
    client.force_authenticate(officer)
    return client


@pytest.fixture
def manager_api(manager):
    client = APIClient()
    client.force_authenticate(manager)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (Playwright cannot download its own browser here)."""
    from commissioning.testing.browser import CHROMIUM, CHROMIUM_ARGS

    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def signed_in_page(page, live_server):
    """A browser page and a function that signs a user in on it."""
    from commissioning.testing.browser import sign_in_with_session

    def sign_in(user):
        sign_in_with_session(page.context, live_server.url, user)
        return page

    return sign_in
