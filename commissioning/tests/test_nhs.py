import pytest
from django.core.exceptions import ValidationError

from commissioning.common import nhs


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "4010232137", "401-023-2137"])
def test_valid_numbers_from_domain_md(number):
    nhs.validate(number)


def test_wrong_check_digit_is_refused_with_a_reason():
    with pytest.raises(ValidationError, match="check digit does not match"):
        nhs.validate("9434765918")


def test_nine_digits_whose_check_would_be_10_are_never_valid():
    # About one nine-digit prefix in eleven has no valid check digit.
    prefix = next(
        f"{n:09d}" for n in range(100_000_000, 100_001_000) if nhs.check_digit(f"{n:09d}") is None
    )
    for last in range(10):
        with pytest.raises(ValidationError):
            nhs.validate(prefix + str(last))


def test_wrong_length_or_letters_are_refused():
    for bad in ("943476591", "94347659190", "94347659A9", ""):
        with pytest.raises(ValidationError, match="10 digits"):
            nhs.validate(bad)


def test_display_is_three_three_four():
    assert nhs.display("9434765919") == "943 476 5919"


def test_synthetic_numbers_are_valid_distinct_and_in_the_test_range():
    numbers = [nhs.synthetic(serial) for serial in range(2000)]
    assert len(set(numbers)) == 2000
    for number in numbers:
        assert number.startswith("999")
        nhs.validate(number)
