"""People: NHS numbers (DOMAIN.md §6), duplicates, search."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.common import nhs
from commissioning.models import Person
from commissioning.selectors.care.people import person_list, person_search
from commissioning.services.care.people import person_create, person_update
from commissioning.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def create(**changes):
    data = {
        "nhs_number": "943 476 5919",
        "given_name": "Margaret",
        "family_name": "Hughes",
        "date_of_birth": dt.date(1938, 6, 2),
        "local_authority_id": "ecc104233",
        "postcode": "es4 6nf",
    }
    return person_create(**{**data, **changes})


def test_nhs_number_is_stored_as_ten_digits_and_shown_3_3_4():
    person = create()
    person.refresh_from_db()
    assert person.nhs_number == "9434765919"
    assert person.nhs_number_display == "943 476 5919"
    assert person.local_authority_id == "ECC104233"
    assert person.postcode == "ES4 6NF"


def test_second_valid_example_from_domain_md_is_accepted():
    assert create(nhs_number="4010232137", local_authority_id="").nhs_number == "4010232137"


def test_nhs_number_with_a_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError) as refusal:
        create(nhs_number="943 476 5918")
    assert "check digit does not match" in refusal.value.message_dict["nhs_number"][0]
    assert not Person.objects.exists()


def test_nhs_number_whose_check_digit_would_be_10_is_refused_whatever_the_last_digit():
    # 1 0 0 0 0 0 0 0 1: 1×10 + 1×2 = 12; 12 mod 11 = 1; 11 − 1 = 10: no valid number.
    for last in "0123456789":
        with pytest.raises(ValidationError, match="check digit"):
            create(nhs_number="100000001" + last)


def test_nhs_number_of_the_wrong_length_is_refused():
    with pytest.raises(ValidationError, match="10 digits"):
        create(nhs_number="943 476 591")


def test_duplicate_nhs_number_is_refused_naming_who_has_it():
    create()
    with pytest.raises(ValidationError) as refusal:
        create(nhs_number="9434765919", given_name="Peggy", local_authority_id="ECC999")
    message = refusal.value.message_dict["nhs_number"][0]
    assert "943 476 5919 is already the NHS number of Margaret Hughes" in message
    assert "2 June 1938" in message


def test_duplicate_local_authority_id_is_refused():
    create()
    with pytest.raises(ValidationError) as refusal:
        create(nhs_number="4010232137", local_authority_id="ECC104233")
    assert "local_authority_id" in refusal.value.message_dict


def test_editing_keeps_the_persons_own_number_and_refuses_a_death_before_birth():
    person = create()
    person_update(person=person, nhs_number="943 476 5919", family_name="Hughes-Price")
    assert Person.objects.get().family_name == "Hughes-Price"
    with pytest.raises(ValidationError) as refusal:
        person_update(person=person, date_of_death=dt.date(1930, 1, 1))
    assert refusal.value.message_dict == {
        "date_of_death": ["The date of death cannot be before the date of birth."]
    }


def test_date_of_birth_in_the_future_is_refused():
    with pytest.raises(ValidationError, match="cannot be in the future"):
        create(date_of_birth=timezone.localdate() + dt.timedelta(days=2))


def test_search_by_name_words_nhs_number_and_local_id():
    mary = PersonFactory(given_name="Mary", family_name="Jones", local_authority_id="ECC1001")
    PersonFactory(given_name="Mary", family_name="Smith")
    PersonFactory(given_name="Tom", family_name="Jones")
    people = Person.objects.all()
    assert list(person_search(people, "mary jones")) == [mary]
    assert list(person_search(people, nhs.display(mary.nhs_number))) == [mary]
    assert list(person_search(people, mary.nhs_number)) == [mary]
    assert list(person_search(people, "ecc1001")) == [mary]
    assert person_search(people, "jones").count() == 2
    assert person_search(people, "").count() == 3


def test_person_list_counts_packages_in_place_only():
    from commissioning.models import PackageStatus
    from commissioning.tests.care.factories import CarePackageFactory

    person = PersonFactory()
    CarePackageFactory(person=person)
    CarePackageFactory(person=person, status=PackageStatus.SUSPENDED)
    CarePackageFactory(person=person, status=PackageStatus.ENDED, end_date=dt.date(2025, 6, 1))
    assert person_list().get(pk=person.pk).packages_in_place == 2
