from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0015_site_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="facts",
            field=models.JSONField(blank=True, default=None, null=True),
        ),
    ]
