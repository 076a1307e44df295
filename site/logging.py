"""Logs an operator can read and keep: one JSON object per line, a request id on every line, and
never a secret or a person in them.

A booking's manage link, a calendar feed and allauth's e-mail confirmation carry a secret in the
address itself, so no log line holds a raw path: the access log writes the path with every
captured URL part that is not a number replaced by its name (`/bokning/<token>/hantera/`), and
the JSON formatter masks anything in any message that looks like a token, an e-mail address or a
phone number (Django's own "Not Found: /bokning/.../hantera/" warnings included). Query strings
are never written.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.urls import Resolver404, resolve

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
access_logger = logging.getLogger("parentsite.access")

# A request id a proxy or load balancer sent: short and plain, or we make our own.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
# Secrets in addresses are URL-safe base64 (43 characters for a booking). A long run that holds a
# digit, or a very long one in mixed case, is taken for one; names of functions and page slugs
# (lower case words) are left alone.
TOKEN_CANDIDATE = re.compile(r"[A-Za-z0-9_-]{20,}")
EMAIL_LIKE = re.compile(r"[^\s@/<>()\"',;:]+@[^\s@/<>()\"',;:]+")
# Swedish and international phone numbers as parents write them (070-123 45 67, +46 70 123 45 67);
# not dates (2026-11-30) or plain ids.
PHONE_LIKE = re.compile(
    r"(?<![\d+])(?:\+\d{1,3}[ -]?|0)\d{1,3}[ -]?\d{2,4}(?:[ -]?\d{2,3}){1,3}(?!\d)"
)
MASK = "[masked]"


def _looks_like_token(text: str) -> bool:
    if any(character.isdigit() for character in text):
        return True
    return len(text) >= 32 and not text.islower() and not text.isupper()


def _mask_token(match: re.Match) -> str:
    return MASK if _looks_like_token(match.group()) else match.group()


def mask_secrets(text: str) -> str:
    """`text` with every e-mail address, token-like string and phone number replaced."""
    text = EMAIL_LIKE.sub(MASK, text)
    text = TOKEN_CANDIDATE.sub(_mask_token, text)
    return PHONE_LIKE.sub(MASK, text)


def loggable_path(path: str) -> str:
    """The request's path for a log: captured URL parts named, not shown; no query string."""
    try:
        match = resolve(path)
    except Resolver404:
        return mask_secrets(path)
    for name, value in match.kwargs.items():
        text = str(value)
        if text and not text.isdigit():
            path = path.replace(text, f"<{name}>")
    return mask_secrets(path)


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request it was written during ("" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message (masked), and the
    access log's method, path, status and duration when the record has them."""

    ACCESS_FIELDS = ("method", "path", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
            "message": mask_secrets(record.getMessage()),
        }
        for field in self.ACCESS_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = mask_secrets(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    """Set the request id (from X-Request-ID when sane, else a new one), return it as a header,
    and write one access log line per request when settings.ACCESS_LOG is on (production)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.write_access_log = settings.ACCESS_LOG

    def __call__(self, request):
        sent = request.headers.get("X-Request-ID", "")
        request_id = sent if SANE_REQUEST_ID.match(sent) else uuid.uuid4().hex
        reset_token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response.headers["X-Request-ID"] = request_id
            if not self.write_access_log:
                return response
            access_logger.info(
                "request",
                extra={
                    "method": mask_secrets(request.method[:16]),
                    "path": loggable_path(request.path_info),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(reset_token)
