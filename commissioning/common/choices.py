"""Enumerations shared by every app; their values are fixed by API.md."""

from django.db import models


class ServiceType(models.TextChoices):
    HOME_CARE = "home_care", "Home care"
    SHORT_BREAKS = "short_breaks", "Short breaks"
    REABLEMENT = "reablement", "Reablement"
    LEARNING_DISABILITY = "learning_disability", "Learning disability support"
    CARERS_SUPPORT = "carers_support", "Carers support"
    EXTRA_CARE = "extra_care", "Extra care housing"
    OTHER = "other", "Other"


MONEY = {"max_digits": 14, "decimal_places": 2}
HOURS = {"max_digits": 7, "decimal_places": 2}
