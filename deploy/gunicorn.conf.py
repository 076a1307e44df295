"""gunicorn's configuration: `gunicorn -c deploy/gunicorn.conf.py` (docs/deploy.md).

Every number comes from the environment, with defaults for a machine of 2 CPU cores and 4 GB.
The application writes the access log itself (one JSON line per request, the path with its
secrets named and no query string: site/logging.py), so gunicorn's own access log is off; turned
on with GUNICORN_ACCESS_LOG=- it writes no address at all, only method, status, size and time.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentsite.settings.production")
wsgi_app = "parentsite.wsgi:application"

# Behind the proxy (deploy/nginx.conf) on loopback; a unix socket works too ("unix:/run/...").
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Sync workers with threads: a worker per core plus one, each serving a few requests at once
# (most of a request's time is spent waiting on PostgreSQL). Keep DATABASE_POOL_SIZE at least
# `threads`: each worker process has its own connection pool.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
# A request that takes longer than this is killed (the PDF lists take about a second).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Restart each worker now and then, so a slow leak never grows.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# The proxy in front is the only one trusted for X-Forwarded-* (Django trusts X-Forwarded-Proto
# through SECURE_PROXY_SSL_HEADER, and counts X-Forwarded-For through TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
limit_request_line = 4094
limit_request_fields = 100

errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# No %(r)s, %(U)s or %(q)s (addresses carry booking tokens, queries carry anything), and no
# %(h)s: a client's IP address is personal data too.
access_log_format = '{"method": "%(m)s", "status": %(s)s, "bytes": %(B)s, "duration_ms": %(M)s}'
proc_name = "foraldrastod"
# gunicorn's control socket (`gunicornc`) only where asked for, e.g. /run/foraldrastod/gunicorn.ctl;
# by default it would be made in the service user's home.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
