"""Count and store the yearly statistics of the years already over (the periodic job
`count_statistics_years` keeps doing it). Not atomic: counting a year commits a row saying so
before it reads, so that writes made meanwhile by a running site delete it
(bookings/organize/statistics_tallies.py)."""

from django.db import migrations


def count_years(apps, schema_editor):
    from bookings.organize.statistics_tallies import count_settled_years

    count_settled_years(apps=apps)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("bookings", "0024_statistics_tallies"),
    ]

    operations = [
        migrations.RunPython(count_years, migrations.RunPython.noop, elidable=True),
    ]
