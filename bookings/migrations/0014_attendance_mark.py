from django.db import migrations, models
from django.db.models import Case, Value, When


def marks_from_present(apps, schema_editor):
    Attendance = apps.get_model("bookings", "Attendance")
    Attendance.objects.update(
        mark=Case(When(present=True, then=Value("present")), default=Value("absent"))
    )


def present_from_marks(apps, schema_editor):
    Attendance = apps.get_model("bookings", "Attendance")
    Attendance.objects.filter(mark="notified").delete()
    Attendance.objects.update(present=Case(When(mark="present", then=Value(True)), default=Value(False)))


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0013_offering_calendar_sequence"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="mark",
            field=models.CharField(
                choices=[
                    ("present", "present"),
                    ("absent", "absent (no-show)"),
                    ("notified", "absent, said so in advance"),
                ],
                default="absent",
                max_length=8,
                verbose_name="mark",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(marks_from_present, present_from_marks),
        migrations.RemoveField(model_name="attendance", name="present"),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.CheckConstraint(
                condition=models.Q(("mark__in", ["present", "absent", "notified"])),
                name="attendance_mark_known",
            ),
        ),
    ]
