"""factory_boy factories every app's tests may use (people are in the core
app, and reablement tests need them without importing the core's tests)."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from commissioning.common import nhs


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.uk")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "commissioning.Person"

    # Serials from 50,000 keep test people apart from demo people.
    nhs_number = factory.Sequence(lambda n: nhs.synthetic(50_000 + n))
    local_authority_id = factory.Sequence(lambda n: f"T{n:06d}")
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = dt.date(1940, 5, 17)
    postcode = "ES1 4QT"
    locality = "Eastbridge"
