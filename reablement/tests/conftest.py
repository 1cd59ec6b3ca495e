import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine


@pytest.fixture
def frozen_today():
    """Pages and API run on 20 April 2025 (financial year 2025-26)."""
    moment = dt.datetime(2025, 4, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield moment.date()
