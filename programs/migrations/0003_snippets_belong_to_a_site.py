import django.db.models.deletion
from django.db import migrations, models


def site_of_each_snippet(apps, schema_editor):
    """A venue or contact goes to the site whose pages use it, else to the default site."""
    Site = apps.get_model("wagtailcore", "Site")
    ProgramPage = apps.get_model("programs", "ProgramPage")
    sites = sorted(
        Site.objects.select_related("root_page"),
        key=lambda site: -len(site.root_page.path),
    )
    default = Site.objects.filter(is_default_site=True).first() or (sites[0] if sites else None)
    if default is None:
        return

    def site_of(path):
        return next((s for s in sites if path.startswith(s.root_page.path)), default)

    for model_name, field in (("Venue", "venue"), ("Contact", "contact")):
        model = apps.get_model("programs", model_name)
        for snippet in model.objects.all():
            page = ProgramPage.objects.filter(**{field: snippet}).order_by("path").first()
            snippet.site_id = (site_of(page.path) if page else default).pk
            snippet.save(update_fields=["site"])


def site_field(null):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="wagtailcore.site",
        verbose_name="municipality",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_answer_block_label"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(model_name="venue", name="site", field=site_field(True)),
        migrations.AddField(model_name="contact", name="site", field=site_field(True)),
        migrations.RunPython(site_of_each_snippet, migrations.RunPython.noop),
        migrations.AlterField(model_name="venue", name="site", field=site_field(False)),
        migrations.AlterField(model_name="contact", name="site", field=site_field(False)),
    ]
