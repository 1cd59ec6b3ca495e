import pytest
from django.test import RequestFactory

from commissioning.common.access import log_record_view
from commissioning.common.audit import CurrentRequestMiddleware, acting_as, current_user
from commissioning.models import RecordView


def test_no_user_outside_a_request():
    assert current_user() is None


@pytest.mark.django_db
def test_acting_as_names_the_user_for_tasks_and_commands(officer):
    with acting_as(officer):
        assert current_user() == officer
    assert current_user() is None


@pytest.mark.django_db
def test_the_signed_in_user_of_the_request_is_acting(officer):
    request = RequestFactory().get("/")
    request.user = officer
    seen = []
    middleware = CurrentRequestMiddleware(lambda req: seen.append(current_user()) or "response")
    assert middleware(request) == "response"
    assert seen == [officer]
    assert current_user() is None


@pytest.mark.django_db
def test_record_views_are_logged_with_user_and_what(officer, manager):
    # Any row serves as the record here; people arrive with the care pages.
    log_record_view(user=officer, record=manager, what="person page", path="/care/people/1/")
    view = RecordView.objects.get()
    assert view.user == officer
    assert view.record == manager
    assert view.what == "person page"
