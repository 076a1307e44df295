"""Stored counts of the yearly statistics for years that are over, and the database triggers
that forget a year's counts in the same transaction as any write that could change them
(bookings/tally_triggers.py says which)."""

from django.db import migrations, models

from bookings import tally_triggers


def create_triggers(apps, schema_editor):
    tally_triggers.install_triggers(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    tally_triggers.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0023_interest_lists"),
        ("programs", "0003_snippets_belong_to_a_site"),
    ]

    operations = [
        migrations.CreateModel(
            name="TalliedYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(unique=True)),
                ("starts_at", models.DateTimeField()),
                ("ends_at", models.DateTimeField()),
                ("counted_at", models.DateTimeField(null=True)),
                ("complete_after", models.DateTimeField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="ProgramYearTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("offerings", models.PositiveIntegerField(default=0)),
                ("sessions_held", models.PositiveIntegerField(default=0)),
                ("households_reached", models.PositiveIntegerField(default=0)),
                ("persons_reached", models.PositiveIntegerField(default=0)),
                ("present", models.PositiveIntegerField(default=0)),
                ("no_shows", models.PositiveIntegerField(default=0)),
                ("notified_absences", models.PositiveIntegerField(default=0)),
                ("waitlist_demand", models.PositiveIntegerField(default=0)),
                (
                    "program",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE,
                        related_name="+",
                        to="programs.programpage",
                    ),
                ),
                (
                    "tallied_year",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="programs",
                        to="bookings.talliedyear",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("tallied_year", "program"), name="program_year_tally_once"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
