import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.roles import Role
from commissioning.testing.roles import assert_role_access
from providers.models import Provider, ProviderRating, Rating
from providers.tests.factories import (
    ProviderContactFactory,
    ProviderFactory,
    ProviderRateFactory,
    ProviderRatingFactory,
    ReferenceRateFactory,
)
from providers.tests.relations import membership

pytestmark = pytest.mark.django_db
D = dt.date
EVERYONE = set(Role)
EDITORS = {Role.OFFICER, Role.MANAGER}


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _providers_with_relations(count):
    for provider in ProviderFactory.create_batch(count):
        membership(provider)
        ProviderRatingFactory(provider=provider)


def test_provider_list_takes_the_same_queries_for_200_providers_as_for_2(
    officer_client, django_assert_max_num_queries
):
    url = reverse("providers:list")
    _providers_with_relations(2)
    few = _count_queries(officer_client, url)
    _providers_with_relations(198)
    with django_assert_max_num_queries(few):
        response = officer_client.get(url)
    assert response.context["page_obj"].paginator.count == 200


def test_provider_list_filters(officer_client):
    ProviderFactory(name="Northgate Homecare", rating=Rating.INADEQUATE)
    ProviderFactory(name="Stepping Forward Support", provider_type="voluntary")
    archived = ProviderFactory(name="Harbour View Care")
    archived.archived_at, archived.archived_reason = "2024-07-01T09:00Z", "Ceased trading"
    archived.save()
    ProviderRateFactory(provider__name="Respite Plus", service_type="short_breaks")

    def names(**query):
        response = officer_client.get(reverse("providers:list"), query)
        return [p.name for p in response.context["page_obj"].object_list]

    assert names(rating="inadequate") == ["Northgate Homecare"]
    assert names(provider_type="voluntary") == ["Stepping Forward Support"]
    assert names(active="false") == ["Harbour View Care"]
    assert "Harbour View Care" not in names(active="true")
    assert names(service="short_breaks") == ["Respite Plus"]
    assert names(q="north") == ["Northgate Homecare"]


def test_provider_detail_shows_rating_history_rates_and_the_minimum_price(officer_client):
    ReferenceRateFactory(amount=Decimal("32.14"), effective_from=D(2025, 4, 1))
    provider = ProviderFactory(
        name="Greenacre Domiciliary Care",
        rating=Rating.REQUIRES_IMPROVEMENT,
        rating_date=D(2025, 9, 4),
    )
    ProviderRatingFactory(provider=provider, rating=Rating.GOOD, rated_on=D(2021, 6, 3))
    ProviderRatingFactory(
        provider=provider, rating=Rating.REQUIRES_IMPROVEMENT, rated_on=D(2025, 9, 4)
    )
    ProviderRateFactory(provider=provider, amount=Decimal("27.10"), effective_from=D(2025, 4, 1))
    ProviderContactFactory(provider=provider, name="Lucy Clarke")
    member = membership(provider)
    page = officer_client.get(reverse("providers:detail", args=[provider.pk])).content.decode()
    assert "3 Jun 2021" in page
    assert "4 Sep 2025" in page
    assert "£27.10 per hour" in page
    assert "£5.04 below minimum price" in page  # 32.14 − 27.10
    assert "Lucy Clarke" in page
    assert member.framework.reference in page


def test_provider_detail_queries_do_not_grow_with_its_history(
    officer_client, django_assert_max_num_queries
):
    provider = ProviderFactory()
    url = reverse("providers:detail", args=[provider.pk])
    ProviderRatingFactory(provider=provider)
    membership(provider)
    few = _count_queries(officer_client, url)
    for year in range(2010, 2024):
        ProviderRatingFactory(provider=provider, rated_on=D(year, 1, 10))
        ProviderRateFactory(provider=provider, effective_from=D(year, 4, 1))
        ProviderContactFactory(provider=provider)
        membership(provider)
    with django_assert_max_num_queries(few):
        officer_client.get(url)


def _form_data(**overrides):
    return {
        "name": "Quayside Care",
        "legal_name": "Quayside Care Ltd",
        "provider_type": "independent",
        "regulator": "cqc",
        "regulator_id": "1-1352289016",
        "company_number": "13579246",
        "postcode": "ES11 2BB",
        "rating": "good",
        "rating_date": "11/06/2025",
        **overrides,
    }


def test_adding_a_provider_records_its_first_rating(officer_client):
    response = officer_client.post(reverse("providers:create"), _form_data())
    provider = Provider.objects.get(name="Quayside Care")
    assert response.status_code == 302
    assert response["Location"] == provider.get_absolute_url()
    assert list(provider.ratings.values_list("rating", "rated_on")) == [("good", D(2025, 6, 11))]


def test_a_bad_cqc_id_is_explained_on_the_form_and_nothing_is_saved(officer_client):
    response = officer_client.post(reverse("providers:create"), _form_data(regulator_id="1-12"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "1- then 9 to 11 digits" in page
    # Shown on the field itself, not only in the summary.
    assert 'id="div_id_regulator_id" class="govuk-form-group govuk-form-group--error"' in page
    assert not Provider.objects.exists()


def test_a_rating_without_a_date_is_explained(officer_client):
    response = officer_client.post(reverse("providers:create"), _form_data(rating_date=""))
    assert "Enter the date of the rating" in response.content.decode()


def test_editing_a_provider(officer_client):
    provider = ProviderFactory(name="Old name")
    data = _form_data(name="New name", regulator_id=provider.regulator_id)
    response = officer_client.post(reverse("providers:edit", args=[provider.pk]), data)
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.name == "New name"
    assert provider.history.count() == 2


def test_archiving_from_its_page_keeps_the_reason(officer_client):
    provider = ProviderFactory()
    url = reverse("providers:archive", args=[provider.pk])
    assert "Give the reason" in officer_client.post(url, {"reason": ""}).content.decode()
    officer_client.post(url, {"reason": "Ceased trading on 30/06/2024"})
    provider.refresh_from_db()
    assert provider.archived_reason == "Ceased trading on 30/06/2024"


def test_recording_a_rating_from_its_page(officer_client):
    provider = ProviderFactory(rating=Rating.GOOD, rating_date=D(2021, 1, 1))
    url = reverse("providers:rating-create", args=[provider.pk])
    officer_client.post(url, {"rating": "inadequate", "rated_on": "1/10/2025", "source": "CQC"})
    provider.refresh_from_db()
    assert provider.rating == Rating.INADEQUATE
    assert ProviderRating.objects.filter(provider=provider).count() == 1


def test_adding_a_rate_and_a_contact(officer_client):
    provider = ProviderFactory()
    officer_client.post(
        reverse("providers:rate-create", args=[provider.pk]),
        {
            "service_type": "home_care",
            "unit": "hour",
            "amount": "25.80",
            "effective_from": "1/4/2025",
        },
    )
    officer_client.post(
        reverse("providers:contact-create", args=[provider.pk]),
        {"name": "Aisha Patel", "role": "Registered manager", "email": "a.patel@x.example"},
    )
    assert provider.rates.get().amount == Decimal("25.80")
    assert provider.contacts.get().name == "Aisha Patel"


def test_reference_rates_page_lists_values_newest_first(officer_client):
    ReferenceRateFactory(amount=Decimal("28.53"), effective_from=D(2024, 4, 1))
    ReferenceRateFactory(amount=Decimal("32.14"), effective_from=D(2025, 4, 1))
    page = officer_client.get(reverse("providers:reference-rates")).content.decode()
    assert page.index("£32.14") < page.index("£28.53")


def test_who_may_see_and_change_providers():
    provider = ProviderFactory()
    contact = ProviderContactFactory(provider=provider)
    assert_role_access(reverse("providers:list"), allowed=EVERYONE)
    assert_role_access(reverse("providers:detail", args=[provider.pk]), allowed=EVERYONE)
    assert_role_access(reverse("providers:reference-rates"), allowed=EVERYONE)
    for name in ("edit", "archive", "rating-create", "contact-create", "rate-create"):
        assert_role_access(reverse(f"providers:{name}", args=[provider.pk]), allowed=EDITORS)
    assert_role_access(
        reverse("providers:contact-edit", args=[provider.pk, contact.pk]), allowed=EDITORS
    )
    assert_role_access(reverse("providers:create"), allowed=EDITORS)
    assert_role_access(reverse("providers:reference-rate-create"), allowed=EDITORS)
    provider.archived_at, provider.archived_reason = "2024-07-01T09:00Z", "Ceased trading"
    provider.save()
    assert_role_access(reverse("providers:reinstate", args=[provider.pk]), allowed=EDITORS)
