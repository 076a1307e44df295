"""Static files in production: collectstatic writes hashed, compressed copies and WhiteNoise
serves them from the WSGI application with a year's cache."""

import io
import json
from wsgiref.util import setup_testing_defaults

from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command


def get(application, path: str) -> tuple[str, dict, bytes]:
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_ACCEPT_ENCODING": "gzip"}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


def test_a_hashed_static_file_is_served_by_the_wsgi_app_with_long_cache_headers(
    settings, production_settings, tmp_path, db
):
    settings.STORAGES = production_settings.STORAGES
    settings.MIDDLEWARE = production_settings.MIDDLEWARE
    settings.STATIC_ROOT = tmp_path / "static"
    # Our own files only: the admin's thousands would make the test slow and prove nothing more.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATICFILES_DIRS = [django_settings.BASE_DIR / "static"]
    call_command("collectstatic", "--noinput", stdout=io.StringIO())
    manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())
    source, hashed = next(
        (name, hashed) for name, hashed in manifest["paths"].items() if name.endswith(".css")
    )
    assert hashed != source

    status, headers, body = get(WSGIHandler(), f"/static/{hashed}")

    assert status == "200 OK"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    assert headers["Content-Encoding"] == "gzip"  # the compressed copy collectstatic wrote
    assert body
