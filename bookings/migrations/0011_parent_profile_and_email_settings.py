# Moves two models here from `parentsite`: the parent's saved details (read by the booking form
# and for the language of e-mails) and the per-site e-mail settings (read by every message).
# The rows stay: the state moves without touching the database, then the tables are renamed.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0010_booking_anonymized_at'),
        ('parentsite', '0003_parent_profile'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ParentProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                        ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                        ('language', models.CharField(blank=True, choices=[('sv', 'Swedish'), ('en', 'English')], max_length=10, verbose_name='language for messages')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='parent_profile', to=settings.AUTH_USER_MODEL, verbose_name='account')),
                    ],
                    options={
                        'verbose_name': "parent's details",
                        'verbose_name_plural': "parents' details",
                        'db_table': 'parentsite_parentprofile',
                    },
                ),
                migrations.CreateModel(
                    name='EmailSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sender_name', models.CharField(blank=True, help_text="Shown as the sender, e.g. 'Föräldrastöd Gnesta kommun'.", max_length=100, verbose_name='sender name')),
                        ('reply_to', models.EmailField(blank=True, help_text="Where parents' replies go, e.g. the parent-support team's mailbox.", max_length=254, verbose_name='reply-to address')),
                        ('signature', models.TextField(blank=True, help_text="Ends every e-mail to parents. Leave empty for 'Kind regards' and the name.", verbose_name='signature')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'e-mail to parents',
                        'db_table': 'parentsite_emailsettings',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
