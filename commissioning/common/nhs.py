"""NHS numbers (DOMAIN.md §6): 10 digits shown 3-3-4, with a modulus-11 check digit."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def check_digit(first_nine: str) -> int | None:
    """Multiply digits 1–9 by 10 down to 2, sum, 11 − (sum mod 11); 11 means 0;
    10 means no valid number has these nine digits (None)."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise(value: str) -> str:
    """Drop spaces and hyphens: '943 476 5919' -> '9434765919'."""
    return "".join(ch for ch in str(value) if not ch.isspace() and ch != "-")


def validate(value: str) -> None:
    digits = normalise(value)
    if len(digits) != 10 or not digits.isdigit():
        raise ValidationError("Enter an NHS number of 10 digits, like 943 476 5919.", code="format")
    if check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            "This is not a valid NHS number: the check digit does not match. "
            "Check it against the record.",
            code="check_digit",
        )


def display(value: str) -> str:
    """'9434765919' -> '943 476 5919'."""
    return f"{value[:3]} {value[3:6]} {value[6:]}" if len(value) == 10 else value


def synthetic(serial: int, prefix: str = "999") -> str:
    """A valid NHS number in the range reserved for testing (999…).

    Serial n takes the first valid number in its own block of eleven, so
    different serials never collide; with the 999 prefix there is room for
    about 90,000 serials.
    """
    width = 9 - len(prefix)
    for offset in range(11):
        first_nine = f"{prefix}{serial * 11 + offset:0{width}d}"
        if len(first_nine) != 9:
            raise ValueError(f"Serial {serial} is too large for the prefix {prefix}.")
        digit = check_digit(first_nine)
        if digit is not None:
            return f"{first_nine}{digit}"
    raise AssertionError("eleven consecutive numbers always include a valid one")
