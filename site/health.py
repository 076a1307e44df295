"""Health checks for the load balancer, the proxy and monitoring.

`/healthz`: the process answers (no database touched). `/readyz`: the database answers, every
migration is applied and the task queue (the database table, or Redis when REDIS_URL is set) is
reachable; otherwise 503 with a short machine-readable reason. Neither says anything about a
person or a booking, and neither is ever cached.

`HealthCheckMiddleware` answers both before any other middleware runs: a probe that addresses
the machine by its IP address is not refused by ALLOWED_HOSTS, is not redirected to HTTPS, to a
login or to a language, and does not fill the access log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

RQ_BACKEND = "django_tasks_rq.RQBackend"
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"

# Once every migration was found applied, it stays so for this process's code.
_migrations_applied = False


def _answer(http_status: int, **body) -> JsonResponse:
    response = JsonResponse(body, status=http_status)
    response["Cache-Control"] = "no-store"
    return response


def liveness(request):
    return _answer(200, status="ok")


def migrations_applied() -> bool:
    global _migrations_applied  # noqa: PLW0603 - a per-process memo
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        _migrations_applied = not plan
    return _migrations_applied


def task_queue_reachable() -> bool:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == RQ_BACKEND:
        get_connection = import_string("django_rq.get_connection")
        try:
            return bool(get_connection("default").ping())
        except Exception:  # noqa: BLE001 - any Redis failure means "not ready"
            return False
    if backend == DATABASE_BACKEND:
        DBTaskResult.objects.order_by().values_list("pk")[:1].exists()
    return True


def readiness(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not migrations_applied():
            return _answer(503, status="unavailable", reason="migrations_pending")
        if not task_queue_reachable():
            return _answer(503, status="unavailable", reason="task_queue_unreachable")
    except DatabaseError:
        return _answer(503, status="unavailable", reason="database_unreachable")
    return _answer(200, status="ok")


PROBES = {"/healthz": liveness, "/readyz": readiness}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/"))
        if probe is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return probe(request)
