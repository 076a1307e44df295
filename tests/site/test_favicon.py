"""Every public page, error pages too, names the site's icon, so browsers show it on tabs and
bookmarks instead of asking for a /favicon.ico that is not there."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "status"), [("/", 200), ("/no-such-page/", 404)])
def test_pages_name_an_icon_that_exists(client, site_pages, path, status):
    response = client.get(path)
    assert response.status_code == status
    (icon,) = BeautifulSoup(response.content, "html.parser").select('link[rel="icon"]')
    assert icon["type"] == "image/svg+xml"
    name = icon["href"].removeprefix("/static/")
    assert finders.find(name), icon["href"]
