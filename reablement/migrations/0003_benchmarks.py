"""Benchmarks for ASCOF 2B(1) as dated reference data (DOMAIN.md §5)."""

from decimal import Decimal

from django.db import migrations

# Published comparators for ASCOF 2B(1), as dated reference data (DOMAIN.md §5).
BENCHMARKS = (
    (
        "England",
        2017,
        Decimal("82.9"),
        "NHS Digital, Measures from the Adult Social Care Outcomes Framework, England 2017-18",
    ),
    (
        "West Midlands",
        2017,
        Decimal("80.0"),
        "Regional average for 2017-18 quoted in the council's reablement market position statement",
    ),
)


def add_benchmarks(apps, schema_editor):
    Benchmark = apps.get_model("reablement", "Benchmark")
    for area, year, percentage, source in BENCHMARKS:
        Benchmark.objects.get_or_create(
            measure="ascof_2b1",
            area=area,
            financial_year=year,
            defaults={"percentage": percentage, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("reablement", "0002_episode_rules_and_placement_notes")]

    operations = [migrations.RunPython(add_benchmarks, migrations.RunPython.noop)]
