"""/healthz and /readyz: what a load balancer and monitoring see."""

import socket

import pytest
from django.db.migrations.executor import MigrationExecutor

from parentsite import health

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def forget_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


@pytest.fixture
def strict_hosts(settings):
    """As in production: only the site's own host name is served; redirects to HTTPS."""
    settings.ALLOWED_HOSTS = ["foraldrastod.example.org"]
    settings.SECURE_SSL_REDIRECT = True


def probe(client, path):
    # A load balancer addresses the machine by its IP address, over plain HTTP.
    return client.get(path, HTTP_HOST="10.0.0.7:8000")


def test_healthz_answers_without_the_database(
    client, strict_hosts, django_assert_num_queries, db
):
    with django_assert_num_queries(0):
        response = probe(client, "/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_ready_when_database_migrations_and_queue_are(client, strict_hosts, settings, db):
    settings.TASKS = DATABASE_QUEUE

    response = probe(client, "/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response


def test_readyz_answers_503_while_a_migration_is_not_applied(client, strict_hosts, monkeypatch, db):
    unapplied = [(object(), False)]
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: unapplied)

    response = probe(client, "/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "migrations_pending"}
    assert response["Cache-Control"] == "no-store"


def closed_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]  # closed again when the block ends


def test_readyz_answers_503_when_redis_does_not(client, strict_hosts, settings, monkeypatch, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    unreachable = {"default": {"URL": f"redis://127.0.0.1:{closed_port()}/0"}}
    settings.RQ_QUEUES = unreachable
    import django_rq.settings  # reads RQ_QUEUES when first imported

    monkeypatch.setattr(django_rq.settings, "QUEUES", unreachable)

    response = probe(client, "/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "task_queue_unreachable"}


def test_the_probes_are_routed_for_reverse_and_the_other_pages_still_check_the_host(
    client, strict_hosts
):
    from django.urls import reverse

    assert (reverse("healthz"), reverse("readyz")) == ("/healthz", "/readyz")
    assert probe(client, "/sok/").status_code == 400  # DisallowedHost, as before
