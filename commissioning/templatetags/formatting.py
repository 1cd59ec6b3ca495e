"""Display formats officers expect: £14,400,000; 943 476 5919; 31 March 2022."""

from decimal import Decimal

from django import template

from commissioning.common import nhs

register = template.Library()


@register.filter
def money(value, places: int = 0) -> str:
    """£ with thousands separators; whole pounds unless places are asked for."""
    if value in (None, ""):
        return "–"
    amount = Decimal(value)
    places = int(places)
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.{places}f}"


@register.filter
def nhs_number(value) -> str:
    return nhs.display(str(value)) if value else "–"


@register.filter
def hours(value) -> str:
    if value in (None, ""):
        return "–"
    amount = Decimal(value).normalize()
    text = f"{amount:f}"
    return f"{text} hour" if amount == 1 else f"{text} hours"
