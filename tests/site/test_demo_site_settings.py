"""In the demo, each municipality's booking administrator opens and saves their own site's
settings (Municipality, E-mail to parents) and is refused another municipality's."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from bookings.models import EmailSettings
from parentsite.demo.accounts import GNESTA_ADMIN, SOLLENTUNA_ADMIN
from parentsite.demo.municipalities import GNESTA, SOLLENTUNA
from parentsite.municipality import MunicipalitySettings
from tests.site.test_demo import demo, loaded_demo, site_of, user  # noqa: F401 - fixtures

SETTINGS = {
    MunicipalitySettings: ("parentsite", "municipalitysettings", "data_controller"),
    EmailSettings: ("bookings", "emailsettings", "sender_name"),
}


def edit_url(model, site) -> str:
    app_label, model_name, _field = SETTINGS[model]
    return reverse("wagtailsettings:edit", args=[app_label, model_name, site.pk])


def form_data(html: bytes) -> dict[str, str]:
    """What the settings form would send unchanged."""
    form = BeautifulSoup(html, "html.parser").select_one("form[method=post]")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.name == "textarea":
            data[field["name"]] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[field["name"]] = chosen["value"] if chosen else ""
        elif field.get("type") not in ("checkbox", "radio", "submit") or field.has_attr("checked"):
            data[field["name"]] = field.get("value", "")
    return data


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("model", list(SETTINGS))
@pytest.mark.parametrize(
    ("account", "own", "other"),
    [(SOLLENTUNA_ADMIN, SOLLENTUNA, GNESTA), (GNESTA_ADMIN, GNESTA, SOLLENTUNA)],
)
def test_a_booking_administrator_edits_only_their_own_sites_settings(
    client, model, account, own, other
):
    client.force_login(user(account))
    own_site, other_site = site_of(own), site_of(other)
    field = SETTINGS[model][2]

    page = client.get(edit_url(model, own_site))
    assert page.status_code == 200
    data = form_data(page.content) | {field: "Ändrat av administratören"}
    assert client.post(edit_url(model, own_site), data).status_code == 302
    assert getattr(model.for_site(own_site), field) == "Ändrat av administratören"

    before = getattr(model.for_site(other_site), field)
    for refused in (
        client.get(edit_url(model, other_site)),
        client.post(edit_url(model, other_site), data),
    ):
        assert refused_as_not_allowed(refused)
    assert getattr(model.for_site(other_site), field) == before


def refused_as_not_allowed(response) -> bool:
    """403, 404, or Wagtail's answer to a refusal: back to the dashboard (with a message)."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code in (403, 404)
