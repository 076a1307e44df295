"""Indexes for the yearly statistics' demand not met: registrations by when they were made,
and waitlisted bookings never offered a seat by when they joined the waitlist."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0025_statistics_tallies_fill"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="booking",
            index=models.Index(
                condition=models.Q(
                    ("seat_offered_at__isnull", True), ("waitlisted_at__isnull", False)
                ),
                fields=["waitlisted_at"],
                name="booking_never_offered",
            ),
        ),
        migrations.AddIndex(
            model_name="interestregistration",
            index=models.Index(fields=["registered_at"], name="interest_registered_at"),
        ),
    ]
