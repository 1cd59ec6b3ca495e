"""The demo's alerts: the daily checks run over the demo data for today."""

import io
import math

import pytest
from django.core.management import call_command

from commissioning.models import Alert, AlertKind, ScheduledCheckRun

pytestmark = pytest.mark.django_db


def test_demo_alerts_come_from_todays_checks_and_a_third_are_acknowledged():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    # The providers' demo has three drops to a risk rating (seed situations).
    drops = set(
        Alert.objects.filter(kind=AlertKind.RATING_DROP).values_list("subject_label", flat=True)
    )
    assert drops == {"Greenacre Domiciliary Care", "Northgate Homecare", "Priory Lane Care"}
    total = Alert.objects.count()
    acknowledged = Alert.objects.filter(acknowledged_at__isnull=False)
    assert acknowledged.count() == math.ceil(total / 3)
    assert all(alert.acknowledgement_note for alert in acknowledged)
    assert ScheduledCheckRun.objects.count() == 1
    assert f"Alerts: {total} ({total - acknowledged.count()} open)" in output.getvalue()
    # Raised without email: the first real run sends the digests.
    assert not Alert.objects.filter(sent_at__isnull=False).exists()
