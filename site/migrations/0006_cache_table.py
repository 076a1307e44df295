# The database cache's table, for installs that share their cache through the database (the
# production settings without Redis). Does nothing when no database cache is configured.

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [("parentsite", "0005_one_account_per_email")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
