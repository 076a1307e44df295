# One account per e-mail address, held by the database: two first bookings from one new parent
# (a double click) must not make two accounts. Django's user table is not ours to declare
# constraints on, so the index is created here; addresses are compared without case, and
# accounts without an address (some staff) are left out.

from django.db import migrations

INDEX = "parentsite_one_account_per_email"


class Migration(migrations.Migration):

    dependencies = [
        ("parentsite", "0004_models_moved_to_bookings"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE UNIQUE INDEX {INDEX} ON auth_user (LOWER(email)) WHERE email <> ''",
            reverse_sql=f"DROP INDEX {INDEX}",
        ),
    ]
