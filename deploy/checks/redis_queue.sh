#!/usr/bin/env bash
# The booking -> e-mail path once through RQ on Redis: a throwaway redis-server on a free loopback
# port, REDIS_URL pointing at it, tests/production/test_redis_queue.py (a booking, then an RQ
# worker delivering its e-mail to a local SMTP server). Called by .ci/run; runs by hand too.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) || true
  fi
fi
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    echo "CI: redis-server is missing and could not be installed." >&2
    exit 1
  fi
  echo "*** redis-server is missing: the Redis queue check is SKIPPED. ***"
  exit 0
fi

workdir="$(mktemp -d)"
port="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$workdir" \
  >"$workdir/redis.log" 2>&1 &
redis_pid=$!
stop() {
  kill "$redis_pid" 2>/dev/null || true
  wait "$redis_pid" 2>/dev/null || true
  rm -rf "$workdir"
}
trap stop EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

REDIS_URL="redis://127.0.0.1:$port/0" .venv/bin/pytest -q -p no:randomly tests/production/test_redis_queue.py
