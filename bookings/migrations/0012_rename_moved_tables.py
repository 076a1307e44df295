# The tables of the models moved from `parentsite` take this app's names.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0011_parent_profile_and_email_settings'),
        ('parentsite', '0004_models_moved_to_bookings'),
    ]

    operations = [
        migrations.AlterModelTable(name='parentprofile', table=None),
        migrations.AlterModelTable(name='emailsettings', table=None),
    ]
