from decimal import Decimal

from commissioning.templatetags.formatting import hours, money, nhs_number


def test_money_in_whole_pounds_with_separators():
    assert money(Decimal("14400000.00")) == "£14,400,000"
    assert money(Decimal("32.14"), 2) == "£32.14"
    assert money(Decimal("-1700000")) == "−£1,700,000"
    assert money(None) == "–"


def test_nhs_number_shown_three_three_four():
    assert nhs_number("9434765919") == "943 476 5919"
    assert nhs_number("") == "–"


def test_hours_drop_trailing_zeros():
    assert hours(Decimal("12.50")) == "12.5 hours"
    assert hours(Decimal("1.00")) == "1 hour"
    assert hours(None) == "–"
