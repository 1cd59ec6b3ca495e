"""Reads of people shared by pages and the API."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from commissioning.common import nhs
from commissioning.models import CarePackage, PackageStatus, Person
from reablement.models import Episode


def person_list() -> QuerySet[Person]:
    """People with the number of packages they have in place."""
    return Person.objects.annotate(
        packages_in_place=Count(
            "care_packages",
            filter=Q(care_packages__status__in=(PackageStatus.ACTIVE, PackageStatus.SUSPENDED)),
        )
    ).order_by("family_name", "given_name", "id")


def person_search(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Search by name, NHS number (with or without spaces) or local
    authority ID. Every word must match a given or family name, so
    "mary jones" finds Mary Jones and not every Mary."""
    text = (text or "").strip()
    if not text:
        return people
    digits = nhs.normalise(text)
    if digits.isdigit() and 3 <= len(digits) <= 10:
        return people.filter(nhs_number__startswith=digits)
    by_id = Q(local_authority_id__iexact=text)
    by_name = Q()
    for word in text.split():
        by_name &= Q(given_name__icontains=word) | Q(family_name__icontains=word)
    return people.filter(by_id | by_name)


def person_detail() -> QuerySet[Person]:
    """A person with their packages (newest first) and reablement history."""
    return Person.objects.prefetch_related(
        Prefetch(
            "care_packages",
            queryset=CarePackage.objects.select_related("provider", "framework").order_by(
                "-start_date", "-id"
            ),
        ),
        Prefetch(
            "reablement_episodes",
            queryset=Episode.objects.select_related("service").order_by("-start_date", "-id"),
        ),
    )
