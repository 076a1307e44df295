"""Security settings shared by every environment: staff second factor, rate limits, cookies,
headers and the content security policy (imported by base.py)."""

import os

from .environment import env_bool

# Everyone who can open the Wagtail admin (is_staff, superuser or "access admin") logs in through
# allauth (/admin/login/ redirects there) and must pass a second factor: an authenticator app
# (TOTP) or a one-time recovery code. Parents never need one. See site/accounts/staff_login.py.
STAFF_REQUIRE_MFA = True
MFA_ADAPTER = "parentsite.accounts.staff_login.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_TOLERANCE = 1  # accept the previous and next 30-second code too (phone clock drift)
# A staff session ends after a working day; parents keep Django's two weeks.
STAFF_SESSION_COOKIE_AGE = 8 * 60 * 60
# The demo's published logins and fixed authenticator secret (`load_demo`, `demo_totp`).
DEMO_MODE = env_bool("DEMO_MODE")

# Rate limits live in the cache: give several processes one shared cache (Redis) in production,
# otherwise each process counts on its own.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
# How many reverse proxies in front of the site set X-Forwarded-For (the client's IP address
# for the rate limits comes from there); 0 trusts no header and uses the connection's address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# allauth's defaults, written out, plus an hourly cap on codes to one address.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "request_login_code": "20/m/ip,3/m/key,10/h/key",
}
# Booking form posts, per client IP address and per logged-in parent ("amount/period").
BOOKING_RATE_LIMITS = {"ip": "30/10m", "user": "10/10m"}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not stricter: with "no-referrer" Chromium sends "Origin: null" with forms and
# CSRF protection refuses them (see bookings/views/manage.py).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (parentsite.middleware.SecurityHeadersMiddleware): the public site
# runs no inline script or style at all. Paths under /admin/ get CONTENT_SECURITY_POLICY_ADMIN:
# Wagtail 8's date and time pickers and inline panels are inline scripts, its editor sets
# inline styles, and it frames its own page previews. Still no other site may be reached.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
CONTENT_SECURITY_POLICY_ADMIN = {
    **CONTENT_SECURITY_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],
}
# Wagtail's dashboard would ask releases.wagtail.org for news from every staff browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
