"""Recording people (DOMAIN.md §6)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.common import nhs
from commissioning.models import Person
from commissioning.services.care.common import check_not_future, day

PERSON_FIELDS = (
    "nhs_number",
    "local_authority_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "date_of_death",
    "postcode",
    "locality",
)


def _clean(person: Person) -> None:
    errors: dict[str, list[str]] = {}
    person.nhs_number = nhs.normalise(person.nhs_number)
    try:
        nhs.validate(person.nhs_number)
    except ValidationError as error:
        errors["nhs_number"] = error.messages
    else:
        same = Person.objects.filter(nhs_number=person.nhs_number).exclude(pk=person.pk).first()
        if same is not None:
            errors["nhs_number"] = [
                f"{nhs.display(person.nhs_number)} is already the NHS number of {same} "
                f"(born {day(same.date_of_birth)}). Check the number, or open their record."
            ]
    person.local_authority_id = (person.local_authority_id or "").strip().upper() or None
    if (
        person.local_authority_id
        and Person.objects.filter(local_authority_id=person.local_authority_id)
        .exclude(pk=person.pk)
        .exists()
    ):
        errors["local_authority_id"] = [
            f"Another person already has the local authority ID {person.local_authority_id}."
        ]
    person.postcode = " ".join((person.postcode or "").upper().split())
    check_not_future(errors, person.date_of_birth, field="date_of_birth", what="The date of birth")
    if person.date_of_death and person.date_of_death < person.date_of_birth:
        errors["date_of_death"] = ["The date of death cannot be before the date of birth."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_create(
    *,
    nhs_number: str,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date,
    local_authority_id: str | None = None,
    postcode: str = "",
    locality: str = "",
    date_of_death: dt.date | None = None,
) -> Person:
    person = Person(
        nhs_number=nhs_number,
        local_authority_id=local_authority_id,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        date_of_death=date_of_death,
        postcode=postcode,
        locality=locality.strip(),
    )
    _clean(person)
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, **changes) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a person: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    _clean(person)
    person.save()
    return person
