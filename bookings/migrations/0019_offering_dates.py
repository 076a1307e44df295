import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce


def store_offering_dates(apps, schema_editor):
    """The dates as `selectors.ending` defined them when this migration was written: the
    first session that takes place; the end of the last one that does, else of the last one."""
    Offering = apps.get_model("bookings", "Offering")
    Session = apps.get_model("bookings", "Session")
    sessions = Session.objects.filter(offering=OuterRef("pk")).order_by().values("offering")
    live = sessions.filter(is_cancelled=False)
    Offering.objects.update(
        first_session_at=Subquery(live.annotate(first=Min("starts_at")).values("first")[:1]),
        last_session_ends_at=Coalesce(
            Subquery(live.annotate(last=Max("ends_at")).values("last")[:1]),
            Subquery(sessions.annotate(last=Max("ends_at")).values("last")[:1]),
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0018_attendance_pdf"),
    ]

    operations = [
        migrations.AddField(
            model_name="offering",
            name="first_session_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="first session"),
        ),
        migrations.AddField(
            model_name="offering",
            name="last_session_ends_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="ends"),
        ),
        migrations.RunPython(store_offering_dates, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="booking",
            index=models.Index(
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("email", ""), _negated=True),
                name="booking_email",
            ),
        ),
        migrations.AddIndex(
            model_name="offering",
            index=models.Index(
                fields=["program", "last_session_ends_at"], name="offering_program_ends"
            ),
        ),
        migrations.AddIndex(
            model_name="offering",
            index=models.Index(fields=["last_session_ends_at"], name="offering_ends"),
        ),
        migrations.AddIndex(
            model_name="offering",
            index=models.Index(fields=["first_session_at"], name="offering_first_session"),
        ),
    ]
