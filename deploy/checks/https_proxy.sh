#!/usr/bin/env bash
# The production runtime end to end: a self-signed certificate, the site migrated and its static
# files collected with the production settings, gunicorn (deploy/gunicorn.conf.py) on loopback,
# nginx (deploy/nginx/foraldrastod.conf) in front, and a parent booking a seat over HTTPS
# (deploy/checks/book_over_https.py). Everything lives in a temporary folder, on free ports, and
# is stopped at the end. Called by .ci/run; runs by hand too (as root it installs nginx).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) || true
  fi
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
if [ ! -x "$NGINX" ]; then
  if [ "${CI:-}" = true ]; then
    echo "CI: nginx is missing and could not be installed; the HTTPS check cannot run." >&2
    exit 1
  fi
  echo "*** nginx is missing and cannot be installed here: the HTTPS proxy check is SKIPPED. ***"
  exit 0
fi

work="$(mktemp -d)"
free_port() { $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
app_port="$(free_port)"; http_port="$(free_port)"; https_port="$(free_port)"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost" -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null

export DJANGO_SETTINGS_MODULE=parentsite.settings.production
SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export ALLOWED_HOSTS=localhost BASE_URL="https://localhost:$https_port"
export SQLITE_PATH="$work/db.sqlite3" STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
unset DATABASE_URL REDIS_URL

$PY manage.py collectstatic --noinput -v 0 &
collecting=$!
$PY manage.py migrate --noinput -v 0
wait "$collecting"
$PY manage.py shell -v 0 -c '
import secrets
from allauth.account.models import EmailAddress
from tests.factories import OfferingFactory, ProgramPageFactory, SessionFactory, UserFactory, make_site
_home, index = make_site()
offering = OfferingFactory(program=ProgramPageFactory(parent=index))
SessionFactory(offering=offering)
parent = UserFactory(email="proxy.parent@example.org")
password = secrets.token_urlsafe(16)
parent.set_password(password)
parent.save()
EmailAddress.objects.create(user=parent, email=parent.email, verified=True, primary=True)
print(offering.pk, parent.email, password)
' >"$work/setup.txt"
read -r offering_id email password < <(tail -n 1 "$work/setup.txt")

GUNICORN_BIND="127.0.0.1:$app_port" WEB_CONCURRENCY=2 GUNICORN_THREADS=2 \
  .venv/bin/gunicorn -c deploy/gunicorn.conf.py --pid "$work/gunicorn.pid" \
  >"$work/gunicorn.log" 2>&1 &
pids+=($!)

mkdir -p "$work/nginx-logs"
sed -e "s|@SERVER_NAME@|localhost|; s|@HTTP_PORT@|127.0.0.1:$http_port|; s|@HTTPS_PORT@|127.0.0.1:$https_port|" \
    -e "s|@TLS_CERTIFICATE@|$work/tls.crt|; s|@TLS_KEY@|$work/tls.key|; s|@UPSTREAM@|127.0.0.1:$app_port|" \
    -e "s|@MEDIA_ROOT@|$work/media|g; s|/var/log/nginx/|$work/nginx-logs/|" \
    deploy/nginx/foraldrastod.conf >"$work/site.conf"
cat >"$work/nginx.conf" <<CONF
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-logs/error.log;
events {}
http {
  client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  include $work/site.conf;
}
CONF
"$NGINX" -t -q -p "$work" -c "$work/nginx.conf"
"$NGINX" -p "$work" -c "$work/nginx.conf" &
pids+=($!)

for _ in $(seq 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$app_port/healthz" 2>/dev/null && break; sleep 0.2
done
if ! $PY deploy/checks/book_over_https.py "https://localhost:$https_port" \
    "http://localhost:$http_port" "$work/tls.crt" "$offering_id" "$email" "$password"; then
  echo "--- gunicorn's log ---" >&2; tail -n 40 "$work/gunicorn.log" >&2
  echo "--- nginx's error log ---" >&2; tail -n 20 "$work/nginx-logs/error.log" >&2
  exit 1
fi
booked="$($PY manage.py shell -v 0 -c '
from bookings.models import Booking
print(Booking.objects.filter(name="Proxy Test", status="confirmed").count())')"
if [ "$booked" != 1 ]; then
  echo "the booking made over HTTPS is not in the database ($booked found)" >&2; exit 1
fi
if grep -q "proxy.parent@example.org\|Proxy Test" "$work/gunicorn.log" "$work/nginx-logs/"*.log; then
  echo "a log holds the parent's name or e-mail address" >&2; exit 1
fi
echo "ok  the booking is in the database; no personal data in gunicorn's or nginx's logs"
