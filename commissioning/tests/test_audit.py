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


@pytest.mark.django_db
def test_base_model_stamps_who_created_and_changed_a_row_and_history_names_them(officer, manager):
    from providers.tests.factories import ProviderFactory

    with acting_as(officer):
        provider = ProviderFactory(name="Larkrise Care")
    assert provider.created_by == officer
    assert provider.modified_by == officer

    with acting_as(manager):
        provider.pays_real_living_wage = True
        provider.save(update_fields=["pays_real_living_wage"])
    provider.refresh_from_db()
    assert provider.created_by == officer
    assert provider.modified_by == manager
    assert [h.history_user for h in provider.history.order_by("history_date")] == [officer, manager]
    assert provider.history.latest().pays_real_living_wage is True
